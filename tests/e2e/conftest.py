"""Browser fixtures: the app on a real port, headless Chromium, log-in and accessibility helpers.

Chromium is Debian's (/usr/bin/chromium, or CARESPACE_CHROMIUM); Playwright never downloads a
browser here. Without it the browser tests are skipped, except on CI (CI=true), where a missing
browser is a failure rather than a quiet skip.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright
from werkzeug.serving import make_server

from carespace.models import User
from tests.factories import PASSWORD

HERE = Path(__file__).parent
CHROMIUM = os.environ.get("CARESPACE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = ("serious", "critical")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/e2e is a browser test (`-m e2e` / `-m "not e2e"`)."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.e2e)


class InFlightRequests:
    """WSGI middleware counting the requests the app is still handling.

    Flask ends the request's app context, and with it the database session, before it returns
    the response, so a request stops counting there; sending the body needs no database.
    """

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app
        self.count = 0
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self.changed:
            self.count += 1
        try:
            return self.wsgi_app(environ, start_response)
        finally:
            with self.changed:
                self.count -= 1
                self.changed.notify_all()

    def wait_until_idle(self, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.count == 0, timeout)


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The test app served on a free local port; yields its base URL.

    The browser fetches some URLs on its own (favicon.ico), so a request may still be running when
    the test ends; teardown waits for it, or it would touch the database while `app` resets it.
    """
    in_flight = app.wsgi_app = InFlightRequests(app.wsgi_app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        assert in_flight.wait_until_idle(timeout=10), "a request was still running 10 s after the test ended"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole run."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        missing = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{missing}; CI=true requires the browser tests to run", pytrace=False)
        pytest.skip(f"{missing}; browser tests skipped")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    """A fresh browser context per test (no shared cookies); relative URLs go to the live server.

    The context keeps the app's Content-Security-Policy (no `bypass_csp`): axe is injected through
    `page.evaluate`, which the policy does not block, so the checks see the pages users get.
    """
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def log_in(page: Page) -> Callable[..., None]:
    """`log_in(user)` signs in through the real form; an email string or `password=` tries other credentials."""

    def sign_in(who: User | str, password: str = PASSWORD) -> None:
        page.goto("/login")
        page.get_by_label("Email", exact=True).fill(who if isinstance(who, str) else who.email)
        page.get_by_label("Password", exact=True).fill(password)
        with page.expect_event("load"):  # the page that answers the form, after any redirects
            page.get_by_role("button", name="Log in").click()

    return sign_in


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " >> ".join(str(selector) for selector in node["target"])
            lines.append(f"    {target}: {node['html'][:160]}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def assert_accessible() -> Callable[[Page], None]:
    """`assert_accessible(page)` fails when axe-core finds a serious or critical violation."""
    axe = Axe()

    def check(page: Page) -> None:
        expect(page.locator("main")).to_be_visible()
        violations = axe.run(page).response["violations"]
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, f"axe found accessibility violations on {page.url}:\n{_describe(blocking)}"

    return check
