"""A field with an error says so to a screen reader: the control is ``aria-invalid`` and its
``aria-describedby`` names the element that holds the message (and the help text, if any).

Every form of the catalog is posted empty by a superuser; the pages that come back with errors
are checked, so a new form rendered through includes/field.html is covered without a new test.
"""

import pytest
from django.test import Client

from datamed.tests.catalog import all_requests
from datamed.tests.html_outline import by_id, outline

pytestmark = pytest.mark.django_db


def _pages_with_errors(world, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("root", password="clave-segura-123"))
    for name, method, url, _, _ in all_requests(world):
        if method != "post" or name == "users:logout":
            continue
        response = client.post(url, {})
        if response.status_code == 200:
            yield f"{name} {url}", outline(response.content.decode())


def test_every_invalid_field_points_at_its_message(world, django_user_model):
    invalid_fields = 0
    for where, elements in _pages_with_errors(world, django_user_model):
        ids = by_id(elements)
        for control in (e for e in elements if e.attrs.get("aria-invalid") == "true"):
            invalid_fields += 1
            described_by = control.attrs.get("aria-describedby", "").split()
            assert all(i in ids for i in described_by), f"{where}: {control.attrs}"
            messages = [ids[i] for i in described_by if i.endswith("_error")]
            assert messages and messages[0].text.strip(), f"{where}: {control.attrs}"
        feedback = [e for e in elements if "invalid-feedback" in e.classes]
        assert all(e.attrs.get("id", "").endswith("_error") for e in feedback), where
    assert invalid_fields > 10


def test_required_fields_say_so_in_words(client_logged):
    page = outline(client_logged.get("/patients/create/").content.decode())
    label = next(e for e in page if e.tag == "label" and e.attrs.get("for") == "id_nombre")
    assert "(obligatorio)" in label.text
