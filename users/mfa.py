"""Two-factor sign-in: TOTP (RFC 6238) in an authenticator app, plus ten single-use recovery
codes, on django-otp's TOTP and static-token devices.

A user is enrolled when they hold a confirmed TOTP device. The secret of an enrolment in
progress stays in the server-side session until the first code confirms it, so nothing is
stored for an enrolment left halfway. Verification goes through the devices' own
``verify_token``: it refuses a code already used (TOTP's ``last_t``; a recovery code is
deleted when used) and slows down repeated failures (django-otp's throttling)."""

import base64
import enum
import re
from binascii import unhexlify

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

RECOVERY_CODES = 10
TOTP_DEVICE_NAME = "Aplicación de autenticación"
RECOVERY_DEVICE_NAME = "Códigos de recuperación"
#: TOTP codes are accepted one step (30 s) early or late, as django-otp does by default.
TOLERANCE = 1


class Outcome(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    THROTTLED = "throttled"


def required_for(user) -> bool:
    """Whether ``user``'s groups oblige them to use a second factor."""
    groups = settings.DATAMED_MFA_REQUIRED_GROUPS
    return bool(groups) and user.groups.filter(name__in=groups).exists()


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def new_secret() -> str:
    """A fresh TOTP secret (20 random bytes, hex-encoded as django-otp stores it)."""
    return default_key()


def provisioning_uri(user, secret: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads (from the QR code or pasted)."""
    return TOTPDevice(user=user, key=secret, name=TOTP_DEVICE_NAME).config_url


def secret_base32(secret: str) -> str:
    """The secret as authenticator apps ask for it when typed by hand."""
    return base64.b32encode(unhexlify(secret)).decode()


def qr_code_data_uri(uri: str) -> str:
    """The QR code of ``uri`` as an SVG data URI, drawn here (no outside service), which the
    Content-Security-Policy's ``img-src data:`` allows."""
    svg = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def normalize(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def _is_totp_code(code: str) -> bool:
    return len(code) == 6 and code.isdigit()


@transaction.atomic
def confirm_enrolment(user, secret: str, code: str) -> list[str] | None:
    """Enrol ``user`` with ``secret`` if ``code`` is its current code: the new recovery codes,
    else None. Replaces any earlier device of the user."""
    code = normalize(code)
    if not _is_totp_code(code):
        return None
    totp = TOTP(unhexlify(secret))
    if not totp.verify(int(code), TOLERANCE):
        return None
    remove_devices(user)
    # last_t: the confirming code cannot be used again to sign in.
    TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, key=secret, confirmed=True, last_t=totp.t())
    return new_recovery_codes(user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Ten new single-use recovery codes; the earlier ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(user, code: str) -> tuple[Outcome, object | None]:
    """Check a code typed at sign-in (or to disable): six digits go to the TOTP device, anything
    else is taken as a recovery code. Returns the outcome and the device that accepted it."""
    code = normalize(code)
    if _is_totp_code(code):
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    throttled = False
    for device in devices:
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        if device.verify_token(code):
            return Outcome.OK, device
    return (Outcome.THROTTLED if throttled else Outcome.WRONG), None


@transaction.atomic
def remove_devices(user) -> int:
    """Take away the user's second factor (disabling it, or an administrator's reset)."""
    StaticToken.objects.filter(device__user=user).delete()
    totp, _ = TOTPDevice.objects.filter(user=user).delete()
    static, _ = StaticDevice.objects.filter(user=user).delete()
    return totp + static
