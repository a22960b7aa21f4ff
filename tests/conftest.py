"""Shared fixtures: the whole book built once per session, served on loopback, and Chromium.

- ``built_book``: runs ``jupyter-book build . -W -n --keep-going`` into ``_build/html`` once
  per session and records its exit code and output (the book test asserts on them; the
  browser tests need the pages). For quick local iterations ``QUIZKIT_SITE=<dir>`` uses an
  already built site instead; CI (the ``CI`` variable) always builds from clean.
- ``site_url``: a ``ThreadingHTTPServer`` on ``127.0.0.1`` (an ephemeral port) serving it.
- ``browser`` / ``context`` / ``page``: Playwright's sync API driving the system Chromium with
  Chromium's own background networking off. ``context`` aborts and records every request that
  is not loopback, data or blob; ``page`` records page errors and console errors. Missing
  Chromium skips the browser tests, but fails them when the ``CI`` variable is set.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD_HTML = ROOT / "_build" / "html"
CHROMIUM = Path(os.environ.get("QUIZKIT_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-domain-reliability",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
]


@dataclass
class BookBuild:
    """The outcome of the session's book build."""

    returncode: int
    output: str
    html: Path


@pytest.fixture(scope="session")
def built_book() -> BookBuild:
    """Build the whole book once per session (``-W -n --keep-going``), into ``_build/html``."""
    reuse = os.environ.get("QUIZKIT_SITE")
    if reuse and not os.environ.get("CI"):
        site = Path(reuse)
        if (site / "index.html").is_file():
            return BookBuild(0, f"(reused the built site {site}: QUIZKIT_SITE)", site)
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    jb = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run(
        [str(jb), "build", ".", "-W", "-n", "--keep-going"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    return BookBuild(proc.returncode, proc.stdout + proc.stderr, BUILD_HTML)


@pytest.fixture(scope="session")
def site(built_book: BookBuild) -> Path:
    """The built HTML folder; fails (with the build's output tail) if the build failed."""
    if built_book.returncode != 0 or not (built_book.html / "index.html").is_file():
        pytest.fail("the book did not build:\n" + built_book.output[-4000:])
    return built_book.html


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


def serve(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``directory`` on 127.0.0.1 (ephemeral port) in a thread; returns server and URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    """URL of the built book served over loopback (the Performance API needs http)."""
    server, url = serve(site)
    yield url
    server.shutdown()
    server.server_close()


def _require_chromium() -> None:
    if CHROMIUM.is_file():
        return
    message = f"Chromium not found at {CHROMIUM} (scripts/setup.sh --test installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """The system Chromium through Playwright (never ``playwright install``)."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def is_local(url: str) -> bool:
    """Whether a request stays on this machine (loopback, data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws") and parts.hostname in ("127.0.0.1", "localhost")


@dataclass
class Guard:
    """What a browser context saw: requests sent elsewhere (aborted), page and console errors."""

    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def clear(self) -> None:
        """Forget what was recorded (e.g. between pages)."""
        self.external.clear()
        self.errors.clear()


@pytest.fixture
def guard() -> Guard:
    """A fresh record for one test."""
    return Guard()


def guarded_context(browser: Any, guard: Guard, **options: Any) -> Any:
    """A new browser context that aborts and records every non-local request."""
    context = browser.new_context(**options)

    def route(route: Any) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            guard.external.append(url)
            route.abort()

    context.route("**/*", route)
    return context


def watch_page(page: Any, guard: Guard) -> Any:
    """Record page errors and console errors of ``page`` into ``guard``."""
    page.on("pageerror", lambda exc: guard.errors.append(f"pageerror: {exc}"))
    page.on(
        "console",
        lambda msg: guard.errors.append(f"console.{msg.type}: {msg.text}")
        if msg.type == "error"
        else None,
    )
    return page


@pytest.fixture
def context(browser: Any, guard: Guard) -> Iterator[Any]:
    """A guarded browser context (1280 x 900) for one test."""
    ctx = guarded_context(browser, guard, viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any, guard: Guard) -> Any:
    """A watched page in the guarded context."""
    return watch_page(context.new_page(), guard)


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script (from ``npm ci``); missing is a failure under CI, else a skip."""
    if not AXE_JS.is_file():
        message = f"axe-core not found at {AXE_JS} (run npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE_JS.read_text(encoding="utf-8")
