"""CSRF is enforced on every state-changing POST (a client that checks tokens like a browser)."""

import pytest
from django.urls import reverse

from datamed.tests.catalog import all_requests, send, snapshot

pytestmark = pytest.mark.django_db


def test_every_post_without_token_is_refused(csrf_client, world):
    """Every write of a signed-in browser (API ones too: session authentication) needs the
    CSRF token; API requests with a token do not use the session (api/tests)."""
    posts = [
        (name, method, url, data) for name, method, url, data, _ in all_requests(world) if method != "get"
    ]
    assert {name for name, _, _, _ in posts} >= {
        "patients:create",
        "patients:detail",
        "patients:change_state",
        "patients:new_cycle",
        "exams:register",
        "exams:edit",
        "exams:void",
        "therapy:upload",
        "users:logout",
        "api:patient-list",
        "api:patient-detail",
        "api:record-monitoreo-void",
        "api:cycle-terminate",
    }
    for name, method, url, data in posts:
        before = snapshot()
        response = send(csrf_client, method, url, data)
        assert response.status_code == 403, f"{name} {url}"
        assert snapshot() == before, f"{name} {url}"


def test_post_with_the_token_is_accepted(csrf_client, world):
    page = csrf_client.get(reverse("patients:follow"))
    token = (
        page.cookies["csrftoken"].value
        if "csrftoken" in page.cookies
        else csrf_client.cookies["csrftoken"].value
    )
    url = reverse("patients:change_state", args=[world["ingreso"].pk, "SUSPENDIDO"])
    response = csrf_client.post(
        url,
        {
            "csrfmiddlewaretoken": token,
            "fecha_terminacion": world["ingreso"].fecha_inicio.isoformat(),
            "motivo_estado": "Viaje",
        },
    )
    assert response.status_code == 302
    world["ingreso"].refresh_from_db()
    assert world["ingreso"].estado == "SUSPENDIDO"
