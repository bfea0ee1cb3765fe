"""Two-factor sign-in (TOTP, RFC 6238, with django-otp): enrolment, the code after the
password, replayed and recovery codes, lock-out by django-axes, groups that must enrol,
disabling, and the administrator's reset."""

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from users import mfa
from users.tests.helpers import PASSWORD, browser, code, device, enrol, is_signed_in, sign_in
from users.views import SECRET

pytestmark = pytest.mark.django_db
LOGIN_CODE = reverse("users:login_code")


@pytest.fixture(autouse=True)
def _no_throttling_delay(settings):
    """django-otp slows down repeated failures (1 s, 2 s, 4 s, …); tests type codes at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def nurse(member):
    return member("Terapia respiratoria", "enfermera")


def _code_step(client, username="enfermera"):
    response = sign_in(client, username)
    assert response.status_code == 302 and response.url == LOGIN_CODE
    return response


def test_enrolment_shows_a_local_qr_code_and_the_uri_then_confirms_with_a_code(nurse):
    client = browser()
    sign_in(client, "enfermera")

    page = client.get(reverse("users:mfa")).content.decode()

    assert 'src="data:image/svg+xml;base64,' in page
    assert "otpauth://totp/DataMed%3Aenfermera?secret=" in page
    secret = client.session[SECRET]
    wrong = client.post(reverse("users:mfa"), {"codigo": "000000" if code(secret) != "000000" else "111111"})
    assert "Código incorrecto" in wrong.content.decode()
    assert not mfa.is_enrolled(nurse)

    done = client.post(reverse("users:mfa"), {"codigo": code(secret)})

    assert mfa.is_enrolled(nurse)
    codes = done.context["codes"]
    assert len(codes) == 10 == len(set(codes)) == StaticToken.objects.filter(device__user=nurse).count()
    assert all(recovery in done.content.decode() for recovery in codes)
    assert "Activa" in client.get(reverse("users:mfa")).content.decode()


def test_sign_in_asks_for_the_code_after_the_password(nurse):
    secret, _ = enrol(nurse)
    client = browser()

    _code_step(client)
    assert not is_signed_in(client)
    response = client.post(LOGIN_CODE, {"codigo": code(secret, steps_ahead=1)})

    assert response.status_code == 302 and response.url == reverse("dashboard:index")
    assert is_signed_in(client)


def test_the_next_page_survives_the_second_step(nurse):
    secret, _ = enrol(nurse)
    client = browser()
    client.post(reverse("users:login"), {"username": "enfermera", "password": PASSWORD, "next": "/patients/"})
    assert client.post(LOGIN_CODE, {"codigo": code(secret, steps_ahead=1)}).url == "/patients/"


def test_a_wrong_code_is_refused_and_counted_by_axes(nurse):
    secret, _ = enrol(nurse)
    client = browser()
    _code_step(client)
    wrong = "000000" if code(secret, 1) != "000000" else "111111"

    response = client.post(LOGIN_CODE, {"codigo": wrong})

    assert response.status_code == 200
    assert "Código incorrecto" in response.content.decode()
    assert not is_signed_in(client)
    assert AccessAttempt.objects.get(username="enfermera").failures_since_start == 1


def test_a_replayed_code_is_refused(nurse):
    secret, _ = enrol(nurse)
    used = code(secret, steps_ahead=1)
    first = browser()
    _code_step(first)
    first.post(LOGIN_CODE, {"codigo": used})
    assert is_signed_in(first)

    second = browser()
    _code_step(second)
    response = second.post(LOGIN_CODE, {"codigo": used})

    assert "Código incorrecto" in response.content.decode()
    assert not is_signed_in(second)


def test_the_enrolment_code_cannot_sign_in(nurse):
    secret = mfa.new_secret()
    confirming = code(secret)
    mfa.confirm_enrolment(nurse, secret, confirming)
    client = browser()
    _code_step(client)
    assert "Código incorrecto" in client.post(LOGIN_CODE, {"codigo": confirming}).content.decode()


def test_a_recovery_code_works_once(nurse):
    _, codes = enrol(nurse)
    client = browser()
    _code_step(client)

    response = client.post(LOGIN_CODE, {"codigo": codes[0].upper()})  # typed in capitals

    assert response.url == reverse("dashboard:index")
    assert "le quedan 9" in client.get(response.url).content.decode()
    again = browser()
    _code_step(again)
    assert "Código incorrecto" in again.post(LOGIN_CODE, {"codigo": codes[0]}).content.decode()
    assert mfa.remaining_recovery_codes(nurse) == 9


def test_repeated_wrong_codes_lock_the_account_out(nurse, settings):
    secret, _ = enrol(nurse)
    client = browser()
    _code_step(client)
    wrong = "000000" if code(secret, 1) != "000000" else "111111"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(LOGIN_CODE, {"codigo": wrong}).status_code == 200

    locked = client.post(LOGIN_CODE, {"codigo": wrong})

    assert locked.status_code == 429
    assert "bloqueada temporalmente" in locked.content.decode()
    # Even the right password and the right code are refused now.
    retry = browser()
    assert "bloqueada temporalmente" in sign_in(retry, "enfermera").content.decode()
    assert retry.post(LOGIN_CODE, {"codigo": code(secret, 1)}).status_code == 200
    assert not is_signed_in(retry)


def test_a_second_step_left_waiting_expires(nurse, settings):
    secret, _ = enrol(nurse)
    client = browser()
    _code_step(client)
    settings.DATAMED_MFA_PENDING_MINUTES = -1
    response = client.post(LOGIN_CODE, {"codigo": code(secret, 1)})
    assert "venció" in response.content.decode()
    assert not is_signed_in(client)


def test_required_groups_must_enrol_at_their_next_sign_in(member, settings):
    settings.DATAMED_MFA_REQUIRED_GROUPS = ["Administrador", "Coordinador"]
    member("Coordinador", "coordinadora")
    member("Consulta", "consulta")
    client = browser()

    response = sign_in(client, "coordinadora")

    assert response.url == reverse("users:mfa")
    for page in ("/dashboard/", "/patients/", "/users/sessions/", "/api/v1/dashboard/"):
        assert client.get(page).url == reverse("users:mfa"), page
    assert client.get(reverse("users:mfa")).status_code == 200
    client.post(reverse("users:mfa"), {"codigo": code(client.session[SECRET])})
    assert is_signed_in(client)
    # Other groups are not forced.
    assert sign_in(browser(), "consulta").url == reverse("dashboard:index")


def test_a_required_user_may_sign_out_before_enrolling(member, settings):
    settings.DATAMED_MFA_REQUIRED_GROUPS = ["Coordinador"]
    member("Coordinador", "coordinadora")
    client = browser()
    sign_in(client, "coordinadora")
    assert client.post(reverse("users:logout")).url == reverse("users:login")
    assert client.get("/dashboard/").url.startswith(reverse("users:login"))


def test_disabling_takes_the_password_and_a_code(nurse):
    secret, _ = enrol(nurse)
    client = browser()
    client.force_login(nurse)
    url = reverse("users:mfa_disable")

    wrong_password = client.post(url, {"password": "no-es", "codigo": code(secret, 1)})
    assert "La contraseña no es correcta." in wrong_password.content.decode()
    wrong_code = client.post(url, {"password": PASSWORD, "codigo": "12345678"})
    assert "Código incorrecto" in wrong_code.content.decode()
    assert mfa.is_enrolled(nurse)

    assert client.post(url, {"password": PASSWORD, "codigo": code(secret, 1)}).url == reverse("users:mfa")
    assert not mfa.is_enrolled(nurse)
    assert not StaticToken.objects.exists()
    assert sign_in(browser(), "enfermera").url == reverse("dashboard:index")


def test_a_required_group_cannot_disable(member, settings):
    settings.DATAMED_MFA_REQUIRED_GROUPS = ["Coordinador"]
    user = member("Coordinador", "coordinadora")
    secret, _ = enrol(user)
    client = browser()
    client.force_login(user)
    client.post(reverse("users:mfa_disable"), {"password": PASSWORD, "codigo": code(secret, 1)})
    assert mfa.is_enrolled(user)


def test_new_recovery_codes_replace_the_old_ones(nurse):
    secret, old = enrol(nurse)
    client = browser()
    client.force_login(nurse)
    response = client.post(reverse("users:mfa_recovery_codes"), {"codigo": code(secret, 1)})
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_an_administrator_resets_a_users_second_factor_in_the_admin(nurse, django_user_model):
    enrol(nurse)
    admin = django_user_model.objects.create_superuser("root", password=PASSWORD)
    client = browser()
    client.force_login(admin)
    changelist = reverse("admin:auth_user_changelist")
    assert "Dos pasos" in client.get(changelist).content.decode()

    response = client.post(
        changelist, {"action": "reset_second_factor", "_selected_action": [nurse.pk]}, follow=True
    )

    assert "restablecida para 1 usuario" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=nurse).exists()
    assert not StaticToken.objects.exists()
    entry = LogEntry.objects.get(object_id=str(nurse.pk))
    assert entry.user == admin and "Verificación en dos pasos restablecida" in entry.get_change_message()
    history = client.get(reverse("admin:auth_user_history", args=[nurse.pk])).content.decode()
    assert "Verificación en dos pasos restablecida" in history
    # The user signs in with the password alone, and enrols again if their group requires it.
    assert sign_in(browser(), "enfermera").url == reverse("dashboard:index")


def test_the_admin_signs_in_through_the_two_step_login(nurse):
    response = browser().get("/admin/login/?next=/admin/")
    assert response.url == reverse("users:login") + "?next=/admin/"


def test_the_devices_secrets_are_not_in_the_admin(nurse, django_user_model):
    enrol(nurse)
    client = browser()
    client.force_login(django_user_model.objects.create_superuser("root", password=PASSWORD))
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert (
        device(nurse).key
        not in client.get(reverse("admin:auth_user_change", args=[nurse.pk])).content.decode()
    )


def test_api_token_authentication_is_unchanged(nurse, settings):
    settings.DATAMED_MFA_REQUIRED_GROUPS = ["Terapia respiratoria"]
    enrol(nurse)
    token = Token.objects.create(user=nurse)
    response = browser().get(reverse("api:dashboard"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200


def test_the_required_groups_come_from_the_setting(member, settings):
    user = member("Coordinador", "coordinadora")
    settings.DATAMED_MFA_REQUIRED_GROUPS = []
    assert not mfa.required_for(user)
    settings.DATAMED_MFA_REQUIRED_GROUPS = ["Coordinador"]
    assert mfa.required_for(user)
    assert Group.objects.filter(name="Coordinador").exists()


def test_the_demo_script_obliges_no_group_unless_told(settings):
    """The README's first command signs in with the printed passwords, role users included."""
    script = (settings.BASE_DIR / "scripts" / "run_demo.sh").read_text()
    assert 'export DATAMED_MFA_REQUIRED_GROUPS="${DATAMED_MFA_REQUIRED_GROUPS-}"' in script
