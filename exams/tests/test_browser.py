"""End-to-end check in a real browser: headless Chromium (Playwright) against ``live_server``.

One clinician's day, through the UI only:

1. sign in on /users/login/ and land on the dashboard;
2. create a patient (the department select refills the city select through city-select.js);
3. open the clinical history and register a baseline polysomnography (IAH 32: severity GRAVE);
4. register an adherence monitoring (residual IAH 4: correction 87.5 %), then a follow-up note
   from the second tab of the same page;
5. open the dashboard and wait for Chart.js to draw the month chart: the patient is in month 1;
6. with the cycle moved 45 days back (as if the patient had joined then), upload a generated
   ResMed STR.edf on the clinical page, see the nightly chart drawn, pre-fill a monitoring from
   the default window of device nights, save it (its row names the window), and find the
   cycle's verdict ("Cumple") on the dashboard.

Along the way it saves full-page screenshots in test-artifacts/browser/ and, at the end, fails
on any console error (CSP violations included), uncaught script error, or failed / 4xx / 5xx
request to the application's own origin, such as a missing static file.

Needs Debian's Chromium at /usr/bin/chromium (see ``datamed.tests.browser``).
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect, sync_playwright

from datamed.tests.browser import ARTIFACTS, TIMEOUT_MS, ProblemLog, launch, require_chromium

USERNAME = "terapeuta"
PASSWORD = "Clave-Segura-2026"
# (32 - 4) / 32 = 87.5 %; es-CO writes the decimal comma ("87,50").
CORRECTION_87_5 = re.compile(r"87[,.]50?")


def _screenshot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _button(page, label: str):
    """A button by its visible label. Bootstrap Icons' ``<i class="bi ...">`` carry no
    aria-hidden, so the icon's private-use glyph leads the accessible name."""
    return page.get_by_role("button", name=re.compile(rf"^\W*{re.escape(label)}$"))


def _follow(page, selector: str, url) -> None:
    """Click a link and wait until the target page has loaded (its scripts included)."""
    page.click(selector)
    page.wait_for_url(url)


def _submit(page, label: str, url) -> None:
    """Submit with the button ``label`` and wait for the redirect to ``url``.

    A form re-rendered with errors fails at once with those errors, not with a bare timeout."""
    _button(page, label).click()
    try:
        page.wait_for_url(url)
    except PlaywrightTimeoutError:
        errors = page.locator(".invalid-feedback, .alert-danger").all_inner_texts()
        pytest.fail(f"«{label}» no llevó a {url} ({page.url}). Errores: {errors}")


def _login(page, base_url: str) -> None:
    page.goto(f"{base_url}/users/login/")
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", PASSWORD)
    _screenshot(page, "01-login.png")
    _submit(page, "Iniciar sesión", f"{base_url}/dashboard/")


def _create_patient(page, base_url: str) -> int:
    page.goto(f"{base_url}/patients/create/")
    page.fill("#id_nombre", "Marta")
    page.fill("#id_apellido", "Rueda Prueba")
    page.select_option("#id_tipo_documento", "CC")
    page.fill("#id_documento", "1098765432")
    page.fill("#id_fecha_nacimiento", "1970-05-17")
    page.select_option("#id_genero", "F")
    page.select_option("#id_estado_civil", "CASADO")
    page.select_option("#id_departamento", "SANTANDER")
    # city-select.js refills the cities on change; select_option waits for the option to exist.
    page.select_option("#id_ciudad", "BUCARAMANGA")
    page.select_option("#id_zona", "URBANA")
    page.fill("#id_celular", "3001234567")
    page.select_option("#id_entidad_salud", "ECOPETROL")
    page.select_option("#id_estrato", "3")
    page.select_option("#id_programa", "PROGRAMA AOS")
    page.select_option("#id_diagnostico_clinico", "G47.3")
    _submit(page, "Guardar", re.compile(r"/patients/\d+/$"))
    expect(page.locator(".alert-success")).to_contain_text("Marta Rueda Prueba")
    _screenshot(page, "02-patient.png")
    return int(re.search(r"/patients/(\d+)/$", page.url).group(1))


def _register_basal(page, history_url: str, today: str) -> None:
    _follow(page, "a[href$='/register_basal/']", re.compile(r"/register_basal/$"))
    page.fill("#id_basal-fecha_basal", today)
    page.fill("#id_basal-iah", "32")
    page.fill("#id_basal-ido", "12")
    page.fill("#id_basal-eficiencia", "85")
    _submit(page, "Guardar polisomnografía basal", history_url)
    expect(page.locator("#severidad")).to_contain_text("GRAVE")


def _register_monitoreo(page, history_url: str, today: str) -> None:
    _follow(page, "a[href$='/register_monitoreo/']", re.compile(r"/register_monitoreo/$"))
    expect(page.locator("#tab-monitoreo")).to_have_class(re.compile(r"\bactive\b"))
    page.fill("#id_monitoreo-fecha_atencion", today)
    page.fill("#id_monitoreo-uso_diario", "90")
    page.fill("#id_monitoreo-dias_uso_horas_4", "80")
    page.fill("#id_monitoreo-horas_uso_diario", "6")
    page.fill("#id_monitoreo-hipopnea_residual", "4")
    page.select_option("#id_monitoreo-modo_ventilatorio", "CPAP")
    page.fill("#id_monitoreo-presion_ipap", "10")
    page.select_option("#id_monitoreo-mascara_cpap", "NASAL")
    page.select_option("#id_monitoreo-tamano_mascara", "MEDIUM")
    _submit(page, "Guardar monitoreo de adherencia", history_url)
    expect(page.locator("#adherencia")).to_contain_text(
        re.compile(rf"Corrección {CORRECTION_87_5.pattern} %")
    )
    expect(page.locator("#seccion-monitoreo")).to_contain_text(CORRECTION_87_5)


def _register_seguimiento(page, history_url: str) -> None:
    _follow(page, "a[href$='/register_monitoreo/']", re.compile(r"/register_monitoreo/$"))
    page.click("#tab-seguimiento")
    expect(page.locator("#panel-seguimiento")).to_be_visible()
    page.fill("#id_seguimiento-observaciones", "Llamada de control: tolera bien la CPAP")
    _submit(page, "Guardar nota de seguimiento", history_url)
    expect(page.locator("#seccion-seguimiento")).to_contain_text("Llamada de control: tolera bien la CPAP")


def _check_history(page) -> None:
    expect(page.locator("#seccion-basal")).to_contain_text("Grave")
    expect(page.locator("#checklist")).to_be_visible()
    _screenshot(page, "03-history.png")


def _check_dashboard(page, base_url: str) -> None:
    page.goto(f"{base_url}/dashboard/")
    expect(page.locator("#by-month-chart")).to_have_attribute("data-ready", "true")
    assert page.evaluate("window.datamedMonthChart.data.datasets[0].data[0]") == 1
    expect(page.locator("#active-patients")).to_have_text("1")
    _screenshot(page, "04-dashboard.png")


DEVICE_DAYS = 45


def _upload_device_data(page, history_url: str, patient_id: int, tmp_path) -> None:
    import datetime

    from patients.models import Ingreso
    from therapy.synthetic import Night, str_edf

    start = timezone.localdate() - datetime.timedelta(days=DEVICE_DAYS)
    Ingreso.objects.filter(paciente_id=patient_id).update(fecha_inicio=start)
    card = tmp_path / "STR.edf"
    card.write_bytes(str_edf(start, [Night(330, ahi=2.4, pressure=9.6) for _ in range(DEVICE_DAYS)]))
    page.goto(history_url)
    page.set_input_files("#id_archivo", str(card))
    _button(page, "Importar").click()
    expect(page.locator(".alert-success")).to_contain_text(f"{DEVICE_DAYS} noches nuevas")
    expect(page.locator("#nights-chart")).to_have_attribute("data-ready", "true")
    assert (
        page.evaluate("window.datamedTherapyCharts['nights-chart'].data.datasets[0].data.length")
        == DEVICE_DAYS
    )
    expect(page.locator("#veredicto")).to_contain_text("Cumple")
    _screenshot(page, "05-device-chart.png")


def _monitoring_from_window(page, history_url: str) -> None:
    _button(page, "Precargar monitoreo").click()
    page.wait_for_url(re.compile(r"/register_monitoreo/\?desde="))
    expect(page.locator("#prefilled")).to_contain_text("30 noches")
    expect(page.locator("#id_monitoreo-dias_uso_horas_4")).to_have_value("100.00")
    page.select_option("#id_monitoreo-mascara_cpap", "NASAL")
    page.select_option("#id_monitoreo-tamano_mascara", "MEDIUM")
    _submit(page, "Guardar monitoreo de adherencia", history_url)
    expect(page.locator("#seccion-monitoreo")).to_contain_text("Equipo:")


def _check_verdict_on_dashboard(page, base_url: str) -> None:
    page.goto(f"{base_url}/dashboard/")
    expect(page.locator("#verdict-counts [data-verdict='CUMPLE']")).to_contain_text("1")
    _screenshot(page, "06-dashboard-verdicts.png")


@pytest.mark.browser
def test_clinician_registers_a_patient_and_follows_the_therapy(
    monkeypatch, live_server, django_user_model, tmp_path
):
    require_chromium()
    # Playwright's sync API keeps an asyncio loop running in this thread, so Django's ORM
    # would raise SynchronousOnlyOperation here (Django's documented escape hatch). Set for
    # this test only, so that the rest of the suite keeps the safety check.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    django_user_model.objects.create_user(
        USERNAME, password=PASSWORD, is_superuser=True, is_staff=True, first_name="Tera"
    )
    base_url = live_server.url
    today = timezone.localdate().isoformat()
    expect.set_options(timeout=TIMEOUT_MS)

    with sync_playwright() as p:
        browser = launch(p)
        try:
            context = browser.new_context(
                locale="es-CO", timezone_id="America/Bogota", viewport={"width": 1366, "height": 900}
            )
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            log = ProblemLog(page, base_url)

            _login(page, base_url)
            patient_id = _create_patient(page, base_url)
            history_url = f"{base_url}/exams/patients/{patient_id}/clinical/"
            _follow(page, "a:has-text('Historia clínica')", history_url)
            _register_basal(page, history_url, today)
            _register_monitoreo(page, history_url, today)
            _register_seguimiento(page, history_url)
            _check_history(page)
            _check_dashboard(page, base_url)
            _upload_device_data(page, history_url, patient_id, tmp_path)
            _monitoring_from_window(page, history_url)
            _check_verdict_on_dashboard(page, base_url)
        finally:
            browser.close()

    assert log.problems == [], "\n".join(log.problems)
