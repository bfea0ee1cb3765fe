"""What every browser test shares: Chromium's location and launch options, the screenshot
folder, and the log of problems a page shows (console errors, script errors, failed requests).

Needs Debian's Chromium at /usr/bin/chromium: without it a browser test is skipped, or fails
when DATAMED_REQUIRE_BROWSER=1 (as in CI).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser"
TIMEOUT_MS = 10_000
# Chromium may still ask for /favicon.ico by itself (the pages declare an SVG icon); a 404
# there is the browser's doing, not a broken link in a page.
TOLERATED_PATHS = ("/favicon.ico",)
# A request the browser cancels because the page navigated away (e.g. the icon of a page
# left by a redirect) fails with this code; a missing file shows up as an HTTP status instead.
CANCELLED_BY_NAVIGATION = "net::ERR_ABORTED"
# What Chromium logs for any response of status 400 or more, the page itself included.
FAILED_RESOURCE = "Failed to load resource"


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"Chromium no está instalado en {CHROMIUM} (apt-get install chromium)."
    if os.environ.get("DATAMED_REQUIRE_BROWSER") == "1":
        pytest.fail(f"DATAMED_REQUIRE_BROWSER=1 pero {message}", pytrace=False)
    pytest.skip(message)


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


class ProblemLog:
    """Console errors, script errors and failed requests seen for the app's own origin.

    ``expect_error_page(url)`` declares that the page at ``url`` is meant to answer 403 or 404:
    that document's status is then not a problem (its own assets still are)."""

    def __init__(self, page, origin: str):
        self.origin = origin
        self.problems: list[str] = []
        self._error_pages: set[str] = set()
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"pageerror: {error}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    def expect_error_page(self, url: str) -> None:
        self._error_pages.add(url)

    def _tolerated(self, url: str) -> bool:
        return any(url == self.origin + path for path in TOLERATED_PATHS)

    def _own(self, url: str) -> bool:
        return url.startswith(self.origin + "/") and not self._tolerated(url)

    def _on_console(self, message) -> None:
        # Every page opened is the app's; CSP violations are logged here too (with no url).
        source = message.location.get("url", "")
        if message.type != "error" or self._tolerated(source):
            return
        if source in self._error_pages and message.text.startswith(FAILED_RESOURCE):
            return
        self.problems.append(f"console: {message.text} ({source})")

    def _on_request_failed(self, request) -> None:
        if self._own(request.url) and request.failure != CANCELLED_BY_NAVIGATION:
            self.problems.append(f"requestfailed: {request.method} {request.url} {request.failure}")

    def _on_response(self, response) -> None:
        if response.url in self._error_pages and response.status in (403, 404):
            return
        if self._own(response.url) and response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.request.method} {response.url}")
