"""The accounts pages that the page-walking test cannot reach by a plain GET (the second step
of the sign-in, the recovery codes, the enrolled state, the reset e-mail's form), walked by a
person in Chromium: each fits a phone, a tablet and a laptop and passes axe, under the CSP."""

import base64
import re

import pytest
from django.core import mail
from playwright.sync_api import sync_playwright

from datamed.tests.browser import ARTIFACTS, TIMEOUT_MS, ProblemLog, launch, require_chromium
from datamed.tests.test_every_page_on_every_screen import AXE, PHONE, Inspector
from users.tests.helpers import PASSWORD, code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_factor_and_reset_pages_fit_every_screen_and_pass_axe(monkeypatch, live_server, member, settings):
    require_chromium()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.DATAMED_MFA_REQUIRED_GROUPS = ["Coordinador"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    user = member("Coordinador", "coordinadora")
    user.email = "coordinadora@ips.example"
    user.save()
    base = live_server.url
    inspector = Inspector(base)

    with sync_playwright() as p:
        browser = launch(p)
        try:
            context = browser.new_context(locale="es-CO", timezone_id="America/Bogota", viewport=PHONE)
            context.set_default_timeout(TIMEOUT_MS)
            context.add_init_script(path=str(AXE))
            page = context.new_page()
            log = ProblemLog(page, base)

            # Signing in, the group obliges the user to enrol: the enrolment page with its QR code.
            page.goto(f"{base}/users/login/")
            page.fill("#id_username", "coordinadora")
            page.fill("#id_password", PASSWORD)
            page.get_by_role("button", name="Iniciar sesión").click()
            page.wait_for_url(f"{base}/users/mfa/")
            inspector.check(page, "coordinadora", "/users/mfa/ (inscripción)")
            assert page.locator("img.qr-code").evaluate("img => img.naturalWidth") > 0
            uri = page.locator("#otpauth-uri").input_value()
            secret_b32 = re.search(r"secret=([A-Z2-7]+)", uri).group(1)
            secret = base64.b32decode(secret_b32).hex()
            page.fill("#id_codigo", code(secret))
            page.get_by_role("button", name="Activar").click()
            page.get_by_text("Códigos de recuperación").first.wait_for()
            inspector.check(page, "coordinadora", "/users/mfa/ (códigos de recuperación)")
            page.goto(f"{base}/users/mfa/")
            inspector.check(page, "coordinadora", "/users/mfa/ (activa)")

            # Signed out (cookies gone) and in again: the code step.
            context.clear_cookies()
            page.goto(f"{base}/users/login/")
            page.fill("#id_username", "coordinadora")
            page.fill("#id_password", PASSWORD)
            page.get_by_role("button", name="Iniciar sesión").click()
            page.wait_for_url(f"{base}/users/login/code/")
            page.fill("#id_codigo", "000000" if code(secret, 1) != "000000" else "111111")
            page.get_by_role("button", name="Verificar").click()
            page.get_by_text("Código incorrecto").wait_for()
            inspector.check(page, "coordinadora", "/users/login/code/ (error)")
            page.fill("#id_codigo", code(secret, 1))
            page.get_by_role("button", name="Verificar").click()
            page.wait_for_url(f"{base}/dashboard/")

            # The reset e-mail's link, then its form.
            context.clear_cookies()
            page.goto(f"{base}/users/password/reset/")
            page.fill("#id_email", "coordinadora@ips.example")
            page.get_by_role("button", name="Enviar el enlace").click()
            page.wait_for_url(f"{base}/users/password/reset/sent/")
            link = re.search(r"https?://[^/\s]+(/users/password/reset/\S+/)", mail.outbox[-1].body).group(1)
            page.goto(base + link)
            inspector.check(page, "anonimo", "/users/password/reset/…/set-password/")
            context.close()
            problems = log.problems
        finally:
            browser.close()

    assert inspector.failures + problems == [], "\n".join(inspector.failures + problems)
