"""Shared test fixtures: named actors and a CSRF-enforcing client."""

import pytest
from django.test import Client

from patients.tests.factories import PatientFactory


@pytest.fixture
def coordinator(django_user_model):
    return django_user_model.objects.create_user(
        "alicia", password="clave-segura-123", first_name="Alicia", is_superuser=True, is_staff=True
    )


@pytest.fixture
def client_logged(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def csrf_client(coordinator):
    """A client that enforces CSRF like a browser would; it must send the token itself."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(coordinator)
    return browser


@pytest.fixture
def patient(db):
    return PatientFactory()
