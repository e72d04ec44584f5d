"""Real-browser fixtures: Playwright (sync API) driving the system Chromium against
pytest-django's live server.

* ``browser`` (session): one headless Chromium from ``$CHROMIUM_PATH`` (default
  /usr/bin/chromium). Missing Chromium skips the tests, except under ``CI=true`` where it
  fails them: CI must not go green by silently running no browser at all.
* ``page`` (per test): a fresh context (own cookies) on the live server. Every console
  error, uncaught page error, failed request and 4xx/5xx response is collected by
  ``page_watch`` and fails the test at teardown. A test that expects a 4xx *document*
  (the locked-out page answers 429) declares it with ``page_watch.allow_document_status``.
* ``screenshot(page, name)``: full-page PNG under test-artifacts/browser/ (git-ignored).
* When a test fails, its report gets a section "page at failure": the URL, who the page says
  is signed in, the status messages shown and the start of the visible text; a screenshot
  and the HTML are written under test-artifacts/browser/failed/. CI keeps only the log, so
  the log has to say what the browser showed.

The live server serves static files through django.contrib.staticfiles'
StaticFilesHandler (StaticLiveServerTestCase semantics), so the vendored assets built by
``node scripts/build_assets.mjs`` must exist under cleanprod/static/vendor/.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response

# Playwright's sync API runs an asyncio event loop in the test thread; Django would otherwise
# refuse ORM calls made by the test (fixtures, factories) from "an async context".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


class SerialWSGIServer(WSGIServer):
    """The live server, one request at a time. With in-memory SQLite every server thread
    shares one connection, so a page and its htmx fragments served in parallel interleave
    their transactions on it ("cannot start a transaction within a transaction", seen in CI).
    Served in turn, the browser simply waits; Django closes each connection (no keep-alive
    without threads)."""

    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = SerialWSGIServer

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VENDOR_ASSETS = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "vendor/echarts/echarts.min.js",
)
TIMEOUT_MS = 10_000


def _unavailable(reason: str) -> None:
    """Skip locally; in CI (CI=true) a browser suite that cannot run is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run in CI)", pytrace=False)
    pytest.skip(reason)


def _chromium_executable() -> str | None:
    wanted = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    found = shutil.which(wanted)
    return found if found and os.access(found, os.X_OK) else None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = _chromium_executable()
    if executable is None:
        wanted = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
        _unavailable(
            f"Chromium not found at {wanted!r}: install it (apt install chromium) "
            "or point CHROMIUM_PATH at a Chromium/Chrome binary"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        _unavailable("the playwright package is not installed (pip install -r requirements.lock)")
    missing = [a for a in VENDOR_ASSETS if not (ROOT / "cleanprod" / "static" / a).is_file()]
    if missing:
        pytest.fail(
            f"vendored assets missing ({', '.join(missing)}): run `node scripts/build_assets.mjs`",
            pytrace=False,
        )
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class PageWatch:
    """Everything that went wrong in the browser during one test."""

    problems: list[str] = field(default_factory=list)
    loaded: list[str] = field(default_factory=list)  # paths of successful responses
    allowed: set[tuple[str, int]] = field(default_factory=set)

    def allow_document_status(self, path: str, status: int) -> None:
        """The page at ``path`` is expected to answer ``status`` (e.g. the 429 lockout)."""
        self.allowed.add((path, status))

    def on_console(self, msg: ConsoleMessage) -> None:
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "")
        # Chromium also logs the expected 4xx of an allowed document as a console error.
        status = re.match(
            r"Failed to load resource: the server responded with a status of (\d+)", msg.text
        )
        if status and (urlsplit(url).path, int(status[1])) in self.allowed:
            return
        self.problems.append(f"console error: {msg.text} ({url or '?'})")

    def on_pageerror(self, exc: Any) -> None:
        self.problems.append(f"page error: {exc}")

    def on_requestfailed(self, request: Request) -> None:
        # A request the browser itself cancelled because the page navigated away (the
        # favicon of a page left at once) is not a failure of the site.
        if request.failure == "net::ERR_ABORTED" and request.resource_type != "document":
            return
        self.problems.append(f"request failed: {request.method} {request.url}: {request.failure}")

    def on_response(self, response: Response) -> None:
        path = urlsplit(response.url).path
        status = response.status
        if status < 400:
            self.loaded.append(path)
            return
        request = response.request
        if request.resource_type == "document" and (path, status) in self.allowed:
            return
        self.problems.append(
            f"HTTP {status} for {request.resource_type} {request.method} {response.url}"
        )

    def assert_assets_loaded(self, *assets: str) -> None:
        """Each ``/static/<asset>`` was fetched successfully at least once."""
        missing = [a for a in assets if f"/static/{a}" not in self.loaded]
        assert not missing, f"assets not loaded: {missing}; loaded: {sorted(set(self.loaded))}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    page = getattr(item, "funcargs", {}).get("page")
    if report.when == "call" and report.failed and page is not None and not page.is_closed():
        report.sections.append(("page at failure", _page_state(page, item.name)))
    return report


def _page_state(page: Page, name: str) -> str:
    """What the browser showed when a test failed (never raises: it only adds evidence)."""
    lines = [f"url: {page.url}"]
    try:
        user = page.locator("[data-user]")
        lines.append(
            f"signed in as: {user.first.get_attribute('data-user', timeout=1000)}"
            if user.count()
            else "signed in as: nobody (no [data-user] on the page)"
        )
        for alert in page.locator(".alert").all_inner_texts():
            lines.append(f"message: {' '.join(alert.split())}")
        text = " ".join(page.locator("main, body").first.inner_text(timeout=1000).split())
        lines.append(f"text: {text[:1500]}")
        folder = ARTIFACTS / "failed"
        folder.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
        page.screenshot(path=str(folder / f"{stem}.png"), full_page=True, timeout=5000)
        (folder / f"{stem}.html").write_text(page.content(), encoding="utf-8")
        lines.append(f"saved: {folder / stem}.png and .html")
    except Exception as exc:  # a broken page must not hide the real failure
        lines.append(f"(could not read the page: {exc})")
    return "\n".join(lines)


@pytest.fixture
def page_watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def page(
    browser: Browser, live_server: Any, transactional_db: None, page_watch: PageWatch
) -> Iterator[Page]:
    # A Chinese official's browser: zh-CN, Beijing time, a desktop-sized window.
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("console", page_watch.on_console)
    page.on("pageerror", page_watch.on_pageerror)
    page.on("requestfailed", page_watch.on_requestfailed)
    page.on("response", page_watch.on_response)
    try:
        yield page
    finally:
        context.close()
    assert not page_watch.problems, "problems in the browser:\n  " + "\n  ".join(
        page_watch.problems
    )


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> Path:
        path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', name)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
