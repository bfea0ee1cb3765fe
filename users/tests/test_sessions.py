"""«Mis sesiones»: the user's open sessions (device, address, activity), and closing the others."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from users.models import UserSession
from users.sessions import active_sessions, describe_device
from users.tests.helpers import FIREFOX_ON_ANDROID, browser, is_signed_in, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def nurse(member):
    return member("Terapia respiratoria", "enfermera")


def test_the_page_lists_each_session_with_device_address_and_activity(nurse):
    here, phone = browser(), browser(FIREFOX_ON_ANDROID, "10.0.0.7")
    sign_in(phone, "enfermera")
    sign_in(here, "enfermera")

    body = here.get(reverse("users:sessions")).content.decode()

    assert "Chrome en Windows" in body and "esta sesión" in body
    assert "Firefox en Android" in body and "10.0.0.7" in body
    assert body.count("<tr>") == 3  # the header and two sessions


def test_closing_the_others_signs_them_out_and_keeps_this_one(nurse):
    here, phone, laptop = browser(), browser(FIREFOX_ON_ANDROID), browser()
    for client in (here, phone, laptop):
        sign_in(client, "enfermera")

    response = here.post(reverse("users:close_other_sessions"))

    assert response.url == reverse("users:sessions")
    assert "Sesiones cerradas en otros equipos: 2." in here.get(response.url).content.decode()
    assert is_signed_in(here)
    assert not is_signed_in(phone) and not is_signed_in(laptop)
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [here.session.session_key]


def test_signing_out_forgets_the_session_and_ended_ones_are_not_listed(nurse):
    here, other = browser(), browser()
    sign_in(here, "enfermera")
    sign_in(other, "enfermera")
    other.post(reverse("users:logout"))
    assert UserSession.objects.count() == 1
    Session.objects.filter(session_key=here.session.session_key).update(expire_date=timezone.now())
    assert active_sessions(nurse, None) == []


def test_last_activity_is_read_from_the_sliding_expiry(nurse, settings):
    client = browser()
    sign_in(client, "enfermera")
    key = client.session.session_key
    ten_minutes_ago = timezone.now() - datetime.timedelta(minutes=10)
    UserSession.objects.filter(session_key=key).update(
        iniciada_el=ten_minutes_ago - datetime.timedelta(hours=1)
    )
    expiry = ten_minutes_ago + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    Session.objects.filter(session_key=key).update(expire_date=expiry)

    [session] = active_sessions(nurse, key)

    assert session.current
    assert abs((session.last_activity - ten_minutes_ago).total_seconds()) < 1


@pytest.mark.parametrize(
    ("agent", "device"),
    [
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0",
            "Edge en Windows",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Safari/604.1",
            "Safari en iOS",
        ),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Gecko/20100101 Firefox/133.0", "Firefox en macOS"),
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36", "Chrome en Linux"),
        ("curl/8.5", "Navegador"),
        ("", "Desconocido"),
    ],
)
def test_devices_are_named_from_the_user_agent(agent, device):
    assert describe_device(agent) == device
