"""Sign-in, sign-out and the login wall."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/dashboard/", "/patients/", "/patients/follow", "/patients/create/"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("users:login"))


def test_root_redirects_to_dashboard(client_logged):
    assert client_logged.get("/").url == reverse("dashboard:index")


def test_login_and_logout(client, coordinator):
    page = client.get(reverse("users:login"))
    assert "Iniciar sesión" in page.content.decode()
    response = client.post(reverse("users:login"), {"username": "alicia", "password": "clave-segura-123"})
    assert response.url == reverse("dashboard:index")
    assert client.get("/dashboard/").status_code == 200
    client.post(reverse("users:logout"))
    assert client.get("/dashboard/").status_code == 302


def test_wrong_password_gets_a_spanish_message(client, coordinator):
    response = client.post(reverse("users:login"), {"username": "alicia", "password": "mal"})
    assert "Usuario o contraseña incorrectos." in response.content.decode()


def test_layout_uses_local_assets_only(client_logged):
    body = client_logged.get("/dashboard/").content.decode()
    assert "/static/build/bootstrap.css" in body
    assert "https://" not in body and "http://" not in body


def test_forbidden_page_is_in_spanish(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("sin-rol", password="clave-segura-123"))
    response = client.get(reverse("patients:create"))
    assert response.status_code == 403
    assert "Acceso no permitido" in response.content.decode()
