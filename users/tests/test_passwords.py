"""Self-service password change and reset by e-mail; both end the user's other sessions."""

import datetime
import re

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

from users.models import UserSession
from users.tests.helpers import FIREFOX_ON_ANDROID, PASSWORD, browser, is_signed_in, sign_in

pytestmark = pytest.mark.django_db
NEW = "Nueva-clave-segura-789"


@pytest.fixture
def nurse(member):
    user = member("Terapia respiratoria", "enfermera")
    user.email = "enfermera@ips.example"
    user.save()
    return user


def _change(client, old=PASSWORD, new=NEW):
    return client.post(
        reverse("users:password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_change_requires_the_current_password(nurse):
    client = browser()
    sign_in(client, "enfermera")
    response = _change(client, old="no-es-la-clave")
    assert response.status_code == 200
    assert "id_old_password_error" in response.content.decode()
    nurse.refresh_from_db()
    assert nurse.check_password(PASSWORD)


def test_change_keeps_this_session_and_ends_the_others(nurse):
    here, phone = browser(), browser(FIREFOX_ON_ANDROID, "10.0.0.7")
    sign_in(here, "enfermera")
    sign_in(phone, "enfermera")
    assert UserSession.objects.filter(usuario=nurse).count() == 2

    response = _change(here)

    assert response.status_code == 302 and response.url == reverse("users:sessions")
    assert "Sesiones cerradas en otros equipos: 1." in here.get(response.url).content.decode()
    assert is_signed_in(here)
    assert not is_signed_in(phone)
    assert UserSession.objects.filter(usuario=nurse).count() == 1
    kept = UserSession.objects.get(usuario=nurse)
    assert kept.session_key == here.session.session_key
    assert Session.objects.filter(session_key=kept.session_key).exists()
    nurse.refresh_from_db()
    assert nurse.check_password(NEW)


def _reset_link(email: str) -> str:
    mail.outbox.clear()
    response = browser().post(reverse("users:password_reset"), {"email": email})
    assert response.status_code == 302 and response.url == reverse("users:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [email.lower()]
    assert "restablecer su contraseña" in message.subject
    return re.search(r"http://testserver(/users/password/reset/\S+/)", message.body).group(1)


def _set_password(client, link: str, password: str = NEW):
    form = client.get(link, follow=True)
    assert form.status_code == 200
    return client.post(form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})


def test_reset_by_email_sets_the_password_and_ends_every_session(nurse):
    signed_in = browser()
    sign_in(signed_in, "enfermera")
    link = _reset_link("ENFERMERA@ips.example")  # the address is matched case-insensitively

    response = _set_password(browser(), link)

    assert response.status_code == 302 and response.url == reverse("users:password_reset_complete")
    nurse.refresh_from_db()
    assert nurse.check_password(NEW)
    assert not is_signed_in(signed_in)
    assert not UserSession.objects.filter(usuario=nurse).exists()
    assert sign_in(browser(), "enfermera", NEW).url == reverse("dashboard:index")


def test_a_used_link_is_refused(nurse):
    link = _reset_link("enfermera@ips.example")
    _set_password(browser(), link)

    again = browser().get(link, follow=True)

    assert "Este enlace ya no es válido" in again.content.decode()
    third = {"new_password1": "Tercera-clave-segura-1", "new_password2": "Tercera-clave-segura-1"}
    assert "Este enlace ya no es válido" in browser().post(link, third).content.decode()
    nurse.refresh_from_db()
    assert nurse.check_password(NEW)


def test_a_link_expires(nurse, settings, monkeypatch):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    link = _reset_link("enfermera@ips.example")
    later = datetime.datetime.now() + datetime.timedelta(seconds=3601)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)

    page = browser().get(link, follow=True)

    assert "Este enlace ya no es válido" in page.content.decode()


def test_an_imported_user_without_a_password_chooses_one_through_the_link(django_user_model):
    """Users brought over by import_legacy_datamed have an unusable password; Django's reset
    would skip them, this project's sends them the link."""
    imported = django_user_model.objects.create(
        username="legado", email="legado@ips.example", password=make_password(None)
    )
    assert not imported.has_usable_password()

    _set_password(browser(), _reset_link("legado@ips.example"))

    imported.refresh_from_db()
    assert imported.check_password(NEW)


@pytest.mark.parametrize("email", ["nadie@ips.example", "inactiva@ips.example"])
def test_unknown_or_inactive_addresses_get_no_mail_and_the_same_answer(django_user_model, email):
    django_user_model.objects.create_user("inactiva", "inactiva@ips.example", PASSWORD, is_active=False)
    response = browser().post(reverse("users:password_reset"), {"email": email})
    assert response.status_code == 302 and response.url == reverse("users:password_reset_done")
    assert mail.outbox == []


def test_the_login_page_offers_the_reset(client):
    assert reverse("users:password_reset") in client.get(reverse("users:login")).content.decode()
