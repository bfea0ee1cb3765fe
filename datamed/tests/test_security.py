"""Security hardening: login throttling, security headers, idle sessions, CSRF, HTTPS."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from datamed import settings as project_settings
from datamed.sessions import REFRESHED_AT
from patients.models import Patient

pytestmark = pytest.mark.django_db

LOGIN_URL = "/users/login/"
PASSWORD = "clave-segura-123"
LOCKOUT_TEXT = "bloqueada temporalmente por demasiados intentos fallidos"


@pytest.fixture
def nurse(django_user_model):
    return django_user_model.objects.create_user("beatriz", password=PASSWORD)


def fail_logins(client, username, times, **extra):
    for _ in range(times):
        client.post(LOGIN_URL, {"username": username, "password": "equivocada"}, **extra)


def assert_signed_out(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("users:login"))


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


# --- login throttling -----------------------------------------------------------------------


def test_login_is_locked_after_repeated_failures(client, nurse, settings):
    fail_logins(client, "beatriz", settings.AXES_FAILURE_LIMIT)

    response = client.post(LOGIN_URL, {"username": "beatriz", "password": PASSWORD})

    assert response.status_code == 429
    body = response.content.decode()
    assert LOCKOUT_TEXT in body
    assert "comuníquese con el administrador" in body
    assert_signed_out(client)


def test_login_still_works_below_the_failure_limit(client, nurse, settings):
    fail_logins(client, "beatriz", settings.AXES_FAILURE_LIMIT - 1)

    response = client.post(LOGIN_URL, {"username": "beatriz", "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_lockout_applies_to_the_username_and_ip_pair_only(client, nurse, settings):
    """Another address can still sign in as the locked user (no denial of service by proxy)."""
    fail_logins(client, "beatriz", settings.AXES_FAILURE_LIMIT, REMOTE_ADDR="203.0.113.7")

    other_desk = Client(REMOTE_ADDR="198.51.100.20")
    response = other_desk.post(LOGIN_URL, {"username": "beatriz", "password": PASSWORD})

    assert response.status_code == 302
    assert other_desk.get("/dashboard/").status_code == 200


def test_throttling_defaults(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=30) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_RESET_ON_SUCCESS is True


# --- security headers -----------------------------------------------------------------------


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous-login-page", "signed-in-patients"])
def test_responses_carry_security_headers(client, nurse, signed_in):
    if signed_in:
        client.force_login(nurse)
    response = client.get("/patients/" if signed_in else LOGIN_URL)

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = csp_directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_lockout_page_also_carries_the_policy(client, nurse, settings):
    fail_logins(client, "beatriz", settings.AXES_FAILURE_LIMIT)
    response = client.post(LOGIN_URL, {"username": "beatriz", "password": PASSWORD})
    assert csp_directives(response)["script-src"] == ["'self'"]


# --- sessions --------------------------------------------------------------------------------


def test_session_expires_after_idle_timeout(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert project_settings.SESSION_REFRESH_SECONDS == 60  # the tests' own is 0 (conftest.py)
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


@pytest.fixture
def refresh_each_minute(settings):
    settings.SESSION_REFRESH_SECONDS = 60


def _expiry_refreshed(seconds_ago: int) -> None:
    """Pretend the session's expiry was last pushed forward ``seconds_ago``, a minute left."""
    session = SessionStore(session_key=Session.objects.get().session_key)
    session[REFRESHED_AT] = int(time.time()) - seconds_ago
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))


@pytest.mark.usefixtures("refresh_each_minute")
def test_a_request_within_the_minute_does_not_write_the_session(client, nurse, settings):
    client.force_login(nurse)
    assert client.get("/dashboard/").status_code == 200
    _expiry_refreshed(seconds_ago=settings.SESSION_REFRESH_SECONDS - 10)
    before = Session.objects.get().expire_date

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/dashboard/").status_code == 200

    assert Session.objects.get().expire_date == before
    assert not [q for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]


@pytest.mark.usefixtures("refresh_each_minute")
def test_a_request_after_the_minute_pushes_the_expiry_forward(client, nurse, settings):
    client.force_login(nurse)
    assert client.get("/dashboard/").status_code == 200
    _expiry_refreshed(seconds_ago=settings.SESSION_REFRESH_SECONDS)

    assert client.get("/dashboard/").status_code == 200

    idle_limit = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs(Session.objects.get().expire_date - idle_limit) < timedelta(seconds=30)


def test_each_request_pushes_the_session_expiry_forward(client, nurse, settings):
    client.force_login(nurse)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))

    response = client.get("/dashboard/")

    assert response.status_code == 200
    session = Session.objects.get()
    idle_limit = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs(session.expire_date - idle_limit) < timedelta(seconds=30)


def test_idle_session_is_rejected(client, nurse):
    client.force_login(nurse)
    assert client.get("/dashboard/").status_code == 200

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    assert_signed_out(client)


def test_session_cookie_lives_only_until_the_browser_closes(client, nurse):
    response = client.post(LOGIN_URL, {"username": "beatriz", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"] is True


# --- CSRF -----------------------------------------------------------------------------------


def test_post_without_csrf_token_is_rejected(nurse):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(nurse)

    response = browser.post("/patients/create/", {"nombres": "Sin", "apellidos": "Token"})

    assert response.status_code == 403
    assert not Patient.objects.exists()


# --- HTTPS -----------------------------------------------------------------------------------


def test_https_redirect_spares_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    response = client.get(LOGIN_URL)
    assert response.status_code == 301
    assert response.url == "https://testserver/users/login/"
