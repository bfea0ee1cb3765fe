"""The pages load the trimmed front-end build (scripts/build_static.mjs, run by scripts/setup.sh):
Bootstrap's CSS without the rules no page uses and only the icons the sources name, each in a
box of its own size from the first paint (no icon font arriving late and moving the text).

The full Lighthouse run is a script (scripts/lighthouse.sh, figures in docs/benchmarks.md);
these checks take seconds.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import sync_playwright

from datamed.tests.browser import TIMEOUT_MS, ProblemLog, launch, require_chromium
from exams.registry import RECORD_TYPES
from patients.tests.factories import PatientFactory

ROOT = Path(settings.BASE_DIR)
BUILD = ROOT / "build" / "static" / "build"
FULL_BOOTSTRAP = ROOT / "node_modules" / "bootstrap" / "dist" / "css" / "bootstrap.min.css"
NOT_BUILT = "Falta build/static: ejecute bash scripts/setup.sh (construye el CSS y los iconos)."


def _built(name: str) -> str:
    path = BUILD / name
    if not path.exists():
        pytest.fail(NOT_BUILT, pytrace=False)
    return path.read_text()


def _icon_names(text: str) -> set[str]:
    return set(re.findall(r"^\.bi-([a-z0-9-]+)\{--bi-icon:url\(\"data:image/svg\+xml,", text, re.MULTILINE))


def test_the_build_is_current_with_every_template_and_module():
    """A template, module or icon added since the last build (another app's, too) is in it."""
    if shutil.which("node") is None:
        pytest.skip("Node.js no está instalado")
    _built("bootstrap.css")
    result = subprocess.run(  # noqa: S603 - fixed program and arguments
        ["node", "scripts/build_static.mjs", "--check"],  # noqa: S607 - node from PATH, as setup.sh
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_only_the_icons_the_sources_name_are_built():
    icons = _icon_names(_built("icons.css"))
    # The record-type registry names its icons in Python; the menu in a template tag.
    assert {rt.icon.removeprefix("bi-") for rt in RECORD_TYPES} <= icons
    assert {"speedometer2", "people", "file-earmark-excel", "filetype-csv"} <= icons
    assert len(icons) < 100  # of Bootstrap Icons' 2,000
    assert "alarm" not in icons


def test_every_icon_has_a_box_of_its_own_size_and_no_font():
    css = _built("icons.css")
    base = re.search(r"^\.bi\{([^}]*)\}", css, re.MULTILINE).group(1)
    assert "display:inline-block" in base
    assert "width:1em" in base and "height:1em" in base
    assert "@font-face" not in css


def test_bootstrap_css_is_trimmed_to_the_classes_used():
    css = _built("bootstrap.css")
    assert len(css) < 0.35 * FULL_BOOTSTRAP.stat().st_size
    for used in (
        ".navbar-collapse",
        ".table-responsive",
        ".visually-hidden",
        ".btn-outline-primary",
        ".form-select",
    ):
        assert used in css, used
    # Added by Bootstrap's scripts or built from a value: kept by the safelist.
    for dynamic in (".collapsing", ".fade", ".show", ".alert-danger", ".alert-info", ".text-bg-warning"):
        assert dynamic in css, dynamic
    for unused in (".carousel", ".offcanvas", ".accordion", ".placeholder-glow", ".spinner-grow"):
        assert unused not in css, unused


def test_pages_link_the_built_css_and_no_icon_font(client_logged):
    body = client_logged.get(reverse("dashboard:index")).content.decode()
    assert "/static/build/bootstrap.css" in body
    assert "/static/build/icons.css" in body
    assert "bootstrap.min.css" not in body
    assert "bootstrap-icons" not in body


PHONE = {"width": 390, "height": 844}
# Lighthouse's mobile network: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up.
SLOW_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 200_000, "uploadThroughput": 94_000}
# Every shown icon's box (those in the collapsed menu are not laid out) and what the page fetched.
MEASURE = """() => {
  const shown = Array.from(document.querySelectorAll("i.bi")).filter((icon) => icon.getClientRects().length);
  const icons = shown.map((icon) => {
    const box = icon.getBoundingClientRect();
    const style = getComputedStyle(icon);
    return {
      classes: icon.className,
      width: box.width,
      height: box.height,
      fontSize: parseFloat(style.fontSize),
      drawn: (style.maskImage || style.webkitMaskImage || "").includes("data:image/svg+xml"),
    };
  });
  const fetched = performance.getEntriesByType("resource").map((entry) => entry.name);
  return { icons, fetched };
}"""
LAYOUT_SHIFTS = """() => new Promise((done) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  requestAnimationFrame(() => requestAnimationFrame(() => done(total)));
})"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_icons_are_drawn_in_reserved_boxes_without_layout_shift(live_server, coordinator):
    """On a phone, every icon of the main lists is drawn from the built CSS in a 1em box, no
    font is fetched, and the page does not shift while it loads (CLS guard, the figure
    Lighthouse measures): neither when the icons are drawn nor when datamed.js labels the
    stacked tables (with the layout switched on by the script, the list shifted by 0.38)."""
    require_chromium()
    for _ in range(3):
        PatientFactory()
    pages = [reverse("patients:list"), reverse("patients:follow"), reverse("dashboard:index")]
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport=PHONE)
            page.set_default_timeout(TIMEOUT_MS)
            # A slow phone network, so the page is painted before its scripts run (as Lighthouse
            # sees it): a layout the scripts change after the first paint shows up as a shift.
            cdp = page.context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
            problems = ProblemLog(page, live_server.url)
            page.goto(f"{live_server.url}/users/login/")
            page.fill("#id_username", "alicia")
            page.fill("#id_password", "clave-segura-123")
            page.click("form [type=submit]")
            page.wait_for_url(f"{live_server.url}{reverse('dashboard:index')}")
            for path in pages:
                page.goto(f"{live_server.url}{path}")
                page.wait_for_load_state("load")
                seen = page.evaluate(MEASURE)
                shift = page.evaluate(LAYOUT_SHIFTS)
                assert seen["icons"], path
                for icon in seen["icons"]:
                    assert icon["drawn"], f"{path}: {icon['classes']} no está en build/icons.css"
                    assert abs(icon["width"] - icon["fontSize"]) < 0.5, (path, icon)
                    assert abs(icon["height"] - icon["fontSize"]) < 0.5, (path, icon)
                fonts = [url for url in seen["fetched"] if re.search(r"\.(woff2?|ttf|otf)(\?|$)", url)]
                assert not fonts, (path, fonts)
                assert shift < 0.1, (path, shift)
            assert not problems.problems, problems.problems
        finally:
            browser.close()
