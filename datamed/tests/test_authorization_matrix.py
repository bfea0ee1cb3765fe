"""Every URL of the project, for every kind of user (SPEC §4).

The URL patterns are read from the URLconf: a new page without a rule here fails
``test_every_url_has_a_rule``, so nothing is left unchecked. A forbidden write answers 403
and leaves the database exactly as it was.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from datamed.tests.catalog import RULES, all_requests, may_request, send, snapshot
from users.permissions import GROUP_NAMES

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", *GROUP_NAMES, "superuser"]


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def project_url_names() -> list[str]:
    return sorted({name for name in _walk(get_resolver().url_patterns) if not name.startswith("admin:")})


def test_every_url_has_a_rule():
    assert set(project_url_names()) == set(RULES)


def _client(actor, member, django_user_model) -> Client:
    client = Client()
    if actor == "superuser":
        client.force_login(django_user_model.objects.create_superuser("root", password="clave-segura-123"))
    elif actor != "anonymous":
        client.force_login(member(actor))
    return client


@pytest.mark.parametrize("actor", ACTORS)
def test_authorization_matrix(actor, world, member, django_user_model):
    client = _client(actor, member, django_user_model)
    for name, method, url, data, allowed in all_requests(world):
        before = snapshot()
        response = send(client, method, url, data)
        where = f"{actor} {method.upper()} {url} ({name})"
        if may_request(actor, allowed):
            assert response.status_code in (200, 201, 302), f"{where}: {response.content[:300]}"
            assert not (
                response.status_code == 302 and "/users/login/" in response.url and name != "users:logout"
            ), where
        elif url.startswith("/api/"):
            assert response.status_code == (401 if actor == "anonymous" else 403), where
            assert snapshot() == before, where
        elif actor == "anonymous":
            assert response.status_code == 302 and response.url.startswith(reverse("users:login")), where
            assert snapshot() == before, where
        else:
            assert response.status_code == 403, where
            assert snapshot() == before, where


def test_admin_requires_staff(client, member):
    assert client.get("/admin/").status_code == 302
    client.force_login(member("Coordinador"))
    assert client.get("/admin/").url.startswith("/admin/login/")
