"""/api/docs/ in a real headless Chromium: Swagger UI renders the Spanish contract from the
application's own files, with no console error and no CSP violation."""

import pytest
from playwright.sync_api import expect, sync_playwright

from datamed.tests.browser import ARTIFACTS, TIMEOUT_MS, ProblemLog, launch, require_chromium


@pytest.mark.browser
def test_docs_page_renders_under_the_csp(live_server):
    require_chromium()
    expect.set_options(timeout=TIMEOUT_MS)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.set_default_timeout(TIMEOUT_MS)
            log = ProblemLog(page, live_server.url)
            requested = []
            page.on("request", lambda request: requested.append(request.url))
            page.goto(f"{live_server.url}/api/docs/")
            expect(page.locator(".swagger-ui .info .title")).to_contain_text("API de DataMed")
            expect(
                page.locator(".opblock-summary-description", has_text="Registrar un paciente")
            ).to_be_visible()
            page.locator(".opblock-get .opblock-summary-path[data-path='/api/v1/patients/']").click()
            expect(
                page.get_by_text("Palabras del nombre, apellido o documento (máximo 100 caracteres).")
            ).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=False)
        finally:
            browser.close()
    assert log.problems == [], "\n".join(log.problems)
    assert all(url.startswith(live_server.url) for url in requested), requested
