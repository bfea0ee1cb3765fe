"""Every page of the URL catalog, for every role, on a phone, a tablet and a laptop.

For each role (the seven groups and a superuser) the test signs in through the login page and
opens once each GET page of ``catalog.all_requests`` (the list the authorization matrix walks,
so a new page is covered as soon as it is catalogued). It then resizes the window to each of
``SIZES`` and fails when

- the document is wider than the window (the page itself scrolls sideways);
- axe-core reports a serious or critical violation (WCAG 2.1 AA and best practices);
- a page logs a console error (CSP violations included), throws, or a request of the app fails.

Full-page screenshots go to test-artifacts/browser/<role>-<page>-<width>x<height>.png.

A page the role may not open answers the same 403 page for every role: the first one met is
checked, the rest are the authorization matrix's business; one unknown address checks the 404
page. Answers that are not HTML (healthz, exports) and redirects to a page already checked are skipped.

axe-core comes from the npm package (``node_modules/axe-core``, a devDependency) and is added
to every document as a Playwright init script: the DevTools protocol evaluates it outside the
page's Content-Security-Policy, so the CSP stays exactly as in production (an inline script
tag would be blocked, and ``bypass_csp`` would hide the violations this test looks for).
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.text import slugify
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

from datamed.tests.browser import ARTIFACTS, TIMEOUT_MS, ProblemLog, launch, require_chromium
from datamed.tests.catalog import all_requests, may_request
from users.permissions import GROUP_NAMES

SIZES = [(390, 844), (768, 1024), (1366, 900)]
PHONE = {"width": SIZES[0][0], "height": SIZES[0][1]}
# The tablet shows the phone's page (collapsed menu, same elements) on a wider grid: only the
# rules whose outcome depends on geometry or colour are re-run there; the phone and the laptop
# (menu open) get every rule. Halves the time axe takes, the test's largest cost.
GEOMETRY_RULES = ["color-contrast", "scrollable-region-focusable", "target-size", "link-in-text-block"]
ALL_RULES = None
ROLES = [*GROUP_NAMES, "superuser"]
PASSWORD = "clave-segura-123"  # the conftest ``member`` fixture's
AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
RUN_AXE = """([impacts, rules]) => axe.run(document, {
  resultTypes: ["violations"], ...(rules ? {runOnly: {type: "rule", values: rules}} : {})
}).then(result =>
  result.violations.filter(v => impacts.includes(v.impact)).map(v =>
    `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`))"""
# Two animation frames: ResizeObserver callbacks (Chart.js, scrolling tables) have run.
SETTLE = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
UNKNOWN_PATH = "/no-existe/"
# What Playwright raises when a navigation answers with an attachment (an export file).
DOWNLOAD = "Download is starting"
#: URL names that answer a file (exports, the import template, PDF documents), not a page: not opened.
FILE_URL_SUFFIXES = ("_export", ":export", "import_template", "_pdf")


def _page_slug(url: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-") or "inicio"


class Inspector:
    """Checks the open page at every size and collects what is wrong, page by page."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.failures: list[str] = []
        self.pages_checked = 0

    def check(self, page, role: str, url: str) -> None:
        self.pages_checked += 1
        for (width, height), rules in zip(SIZES, (ALL_RULES, GEOMETRY_RULES, ALL_RULES), strict=True):
            page.set_viewport_size({"width": width, "height": height})
            page.evaluate(SETTLE)
            where = f"{role} {url} {width}×{height}"
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                self.failures.append(f"{where}: el documento es {overflow} px más ancho que la ventana")
            for violation in page.evaluate(RUN_AXE, [list(BLOCKING_IMPACTS), rules]):
                self.failures.append(f"{where}: axe {violation}")
            name = f"{slugify(role)}-{_page_slug(url)}-{width}x{height}.png"
            page.screenshot(path=str(ARTIFACTS / name), full_page=True)

    def check_error_page(self, page, log: ProblemLog, role: str, url: str, status: int) -> None:
        log.expect_error_page(self.base_url + url)
        response = page.goto(self.base_url + url)
        assert response.status == status, f"{role} {url}: {response.status} en vez de {status}"
        self.check(page, role, url)


def _sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/users/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url(f"{base_url}/dashboard/")


def _visit_as(browser, inspector: Inspector, role: str, username: str, requests, state: dict) -> list[str]:
    """Sign in as ``role`` and check each page it may open (and the first forbidden one)."""
    context = browser.new_context(locale="es-CO", timezone_id="America/Bogota", viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    base_url = inspector.base_url
    log = ProblemLog(page, base_url)
    if not state["login_checked"]:
        page.goto(f"{base_url}/users/login/")
        inspector.check(page, "anonimo", "/users/login/")
        state["login_checked"] = True
    _sign_in(page, base_url, username)
    seen: set[str] = set()
    for url, allowed in requests:
        if not may_request(role, allowed):
            if not state["forbidden_checked"]:
                inspector.check_error_page(page, log, role, url, 403)
                state["forbidden_checked"] = True
            continue
        if url.startswith("/api/"):  # JSON, and the docs page drf-spectacular draws (Swagger UI)
            continue
        try:
            response = page.goto(base_url + url)
        except PlaywrightError as error:
            if DOWNLOAD in str(error):  # a file (an export), not a page
                continue
            raise
        if "text/html" not in response.headers.get("content-type", "") or page.url in seen:
            continue
        seen.add(page.url)
        inspector.check(page, role, page.url.removeprefix(base_url))
    if not state["not_found_checked"]:
        inspector.check_error_page(page, log, role, UNKNOWN_PATH, 404)
        state["not_found_checked"] = True
    context.close()
    return log.problems


@pytest.mark.browser
def test_every_page_fits_every_screen_and_passes_axe(
    monkeypatch, live_server, world, member, django_user_model
):
    require_chromium()
    # Playwright's sync API runs an asyncio loop in this thread (see exams/tests/test_browser.py).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    usernames = {group: member(group).username for group in GROUP_NAMES}
    usernames["superuser"] = django_user_model.objects.create_superuser("root", password=PASSWORD).username
    requests = [
        (url, allowed)
        for name, method, url, _, allowed in all_requests(world)
        if method == "get" and not name.endswith(FILE_URL_SUFFIXES)
    ]
    inspector = Inspector(live_server.url)
    state = {"login_checked": False, "forbidden_checked": False, "not_found_checked": False}
    problems: list[str] = []

    with sync_playwright() as p:
        browser = launch(p)
        try:
            for role in ROLES:
                problems += _visit_as(browser, inspector, role, usernames[role], requests, state)
        finally:
            browser.close()

    assert all(state.values()), state
    assert inspector.pages_checked > len(ROLES) * 4
    assert inspector.failures + problems == [], "\n".join(inspector.failures + problems)


@pytest.fixture
def phone_page(monkeypatch, live_server):
    """Opens a phone-sized page signed in as the given user: ``phone_page(username)``."""
    require_chromium()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as p:
        browser = launch(p)

        def open_as(username: str):
            page = browser.new_page(viewport=PHONE, locale="es-CO")
            _sign_in(page, live_server.url, username)
            return page

        try:
            yield open_as
        finally:
            browser.close()


@pytest.mark.browser
def test_on_a_phone_the_keyboard_reaches_the_skip_link_and_the_menu_opens(phone_page, member):
    page = phone_page(member("Consulta").username)

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Saltar al contenido principal")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#contenido")).to_be_focused()

    menu = page.get_by_role("button", name="Mostrar u ocultar el menú")
    patients_link = page.get_by_role("link", name=re.compile("Pacientes activos"))
    expect(patients_link).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(patients_link).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "true")


@pytest.mark.browser
def test_the_printed_clinical_history_has_no_navigation_or_buttons(phone_page, live_server, world, member):
    page = phone_page(member("Coordinador").username)
    page.goto(f"{live_server.url}{reverse('exams:clinical', args=[world['patient'].pk])}")
    expect(page.get_by_role("button", name="Imprimir")).to_be_visible()

    page.emulate_media(media="print")
    expect(page.locator("header")).to_be_hidden()
    expect(page.locator(".btn:visible")).to_have_count(0)
    expect(page.locator("#checklist")).to_be_visible()
    expect(page.locator("#seccion-monitoreo table")).to_be_visible()
