"""Signing in as a browser would (through the login page) and computing TOTP codes."""

import time
from binascii import unhexlify

from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from users import mfa

PASSWORD = "clave-segura-123"  # the conftest ``member`` fixture's
CHROME_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
FIREFOX_ON_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"


def browser(user_agent: str = CHROME_ON_WINDOWS, ip: str = "127.0.0.1") -> Client:
    return Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=ip)


def sign_in(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("users:login"), {"username": username, "password": password})


def code(secret_hex: str, steps_ahead: int = 0) -> str:
    """The TOTP code of ``secret_hex`` now (or ``steps_ahead`` 30-second steps later)."""
    totp = TOTP(unhexlify(secret_hex))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def enrol(user) -> tuple[str, list[str]]:
    """Enrol ``user`` as the page does; returns the secret and the recovery codes. The code
    that confirmed it cannot sign in: the next step's code (steps_ahead=1) can."""
    secret = mfa.new_secret()
    codes = mfa.confirm_enrolment(user, secret, code(secret))
    assert codes is not None
    return secret, codes


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("dashboard:index")).status_code == 200


def device(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)
