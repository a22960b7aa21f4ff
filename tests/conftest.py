"""Shared fixtures: the whole book built once per test run, served on loopback, and Chromium.

- ``built_book``: runs ``jupyter-book build . -W -n --keep-going`` into ``_build/html`` once
  per test run and records its exit code and output (the book test asserts on them; the
  browser tests need the pages). The tests that need it run last, and the build starts in
  the background as soon as collection ends, so it overlaps the other tests; under
  pytest-xdist (``scripts/test.sh`` runs ``-n auto``) one worker builds, chosen under a file
  lock, and every worker reads the same outcome. For quick local iterations
  ``QUIZKIT_SITE=<dir>`` uses an already built site instead; CI (the ``CI`` variable) always
  builds from clean.
- ``site_url``: a ``ThreadingHTTPServer`` on ``127.0.0.1`` (an ephemeral port) serving it.
- ``browser`` / ``context`` / ``page``: Playwright's sync API driving the system Chromium with
  Chromium's own background networking off. ``context`` aborts and records every request that
  is not loopback, data or blob; ``page`` records page errors and console errors. Missing
  Chromium skips the browser tests, but fails them when the ``CI`` variable is set.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from helpers import ROOT, course_yml

VALID_BANK_FILE = ROOT / "tests" / "invalid_banks" / "_valid.yml"
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


BOOK_FIXTURES = frozenset({"built_book", "site", "site_url"})
"""Fixtures that need the built book (directly or through one another)."""

_STATE = Path(tempfile.gettempdir()) / (
    "quizkit-book-" + hashlib.sha256(str(ROOT).encode()).hexdigest()[:12] + ".json"
)
"""The book build of the current test run: its run id, whether it is done, and its outcome."""

_LOCAL_RUN = uuid.uuid4().hex
"""The run id without xdist (one process is the whole run)."""

_BUILDER: list[threading.Thread] = []


def _run_id() -> str:
    return os.environ.get("PYTEST_XDIST_TESTRUNUID") or _LOCAL_RUN


def _reuse_site() -> Path | None:
    reuse = os.environ.get("QUIZKIT_SITE")
    if reuse and not os.environ.get("CI") and (Path(reuse) / "index.html").is_file():
        return Path(reuse)
    return None


def _needs_book(item: pytest.Item) -> bool:
    return bool(BOOK_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the tests that need the built book last (in their order), so that the build,
    started in the background when collection ends, overlaps every other test."""
    items.sort(key=_needs_book)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start building the book in the background if a selected test needs it."""
    if session.config.option.collectonly or _reuse_site() is not None:
        return
    if any(_needs_book(item) for item in session.items):
        _start_build(_run_id())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Wait for a build this process started: other xdist workers may be waiting for it."""
    if exitstatus != pytest.ExitCode.INTERRUPTED:
        for thread in _BUILDER:
            thread.join()


def _read_state() -> dict[str, Any]:
    try:
        state = json.loads(_STATE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _write_state(state: dict[str, Any]) -> None:
    part = _STATE.with_name(f"{_STATE.name}.{os.getpid()}")
    part.write_text(json.dumps(state), encoding="utf-8")
    os.replace(part, _STATE)  # atomic: readers see the old state or the new one


def _start_build(run: str) -> None:
    """Build the book for run ``run`` in a thread of this process, unless a process of the
    same run (another xdist worker) already started it; the lock makes that decision once."""
    from filelock import FileLock

    with FileLock(str(_STATE.with_suffix(".lock")), timeout=60):
        if _read_state().get("run") == run:
            return
        _write_state({"run": run, "done": False})
    thread = threading.Thread(target=_build_and_record, args=(run,), daemon=True)
    _BUILDER.append(thread)
    thread.start()


def _build_and_record(run: str) -> None:
    try:
        book = _build_book()
        state = {"returncode": book.returncode, "output": book.output}
    except Exception as exc:  # noqa: BLE001 - the waiting tests report it as a failed build
        state = {"returncode": -1, "output": f"the build could not run: {exc!r}"}
    _write_state({"run": run, "done": True, **state})


def _build_book() -> BookBuild:
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


@pytest.fixture
def course_dir(tmp_path: Path) -> Path:
    """A course in a temporary folder: bank/03-meeting.yml (the invalid-bank corpus's valid
    file) and a quizkit.yml grounding it in this course's paper and fact sheet."""
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "03-meeting.yml").write_text(
        VALID_BANK_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "quizkit.yml").write_text(course_yml(), encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="session")
def built_book() -> BookBuild:
    """The whole book built once per test run (``-W -n --keep-going``), into ``_build/html``.

    The build starts in the background as collection ends (in one xdist worker of the run,
    chosen under a file lock) while the other tests run; this waits for its outcome.
    """
    reused = _reuse_site()
    if reused is not None:
        return BookBuild(0, f"(reused the built site {reused}: QUIZKIT_SITE)", reused)
    run = _run_id()
    _start_build(run)
    deadline = time.monotonic() + 1800
    while time.monotonic() < deadline:
        state = _read_state()
        if state.get("run") == run and state.get("done"):
            return BookBuild(int(state["returncode"]), str(state["output"]), BUILD_HTML)
        if state.get("run") != run:
            pytest.fail(f"another test run took over the book build ({_STATE})")
        time.sleep(0.2)
    pytest.fail("the book build did not finish within 30 minutes")


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


def guarded_context(browser: Any, guard: Guard, *, files: bool = False, **options: Any) -> Any:
    """A new browser context that aborts and records every non-local request (with
    ``files``, ``file://`` URLs count as local too: the book opened from disk)."""
    context = browser.new_context(**options)

    def route(route: Any) -> None:
        url = route.request.url
        if is_local(url) or (files and url.startswith("file://")):
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

