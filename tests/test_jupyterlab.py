"""A learner's path in a real JupyterLab: open an exercise notebook, run all, answer, check.

JupyterLab runs on loopback over a temporary copy of the notebooks and the bank (running
cells must not touch the committed notebooks), driven by Playwright in Debian's Chromium.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Guard, guarded_context, watch_page
from quizkit.widgets import UI_TEXT

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a JupyterLab server over a copy of the course's notebooks and bank."""
    root: Path = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "bank", root / "bank")
    shutil.copytree(ROOT / "chapters" / "exercises", root / "chapters" / "exercises")
    port = _free_port()
    log = (root / "jupyterlab.log").open("w")  # a file: a pipe nobody reads would fill and block
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
         f"--ServerApp.root_dir={root}", "--LabApp.news_url=None", "--allow-root"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    tail = (root / "jupyterlab.log").read_text()[-2000:]
                    pytest.fail(f"JupyterLab did not start:\n{tail}")
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_notebook_quiz_runs_and_grades_in_jupyterlab(lab: str, browser: Any) -> None:
    """Run All in an exercise notebook shows widget quizzes; trying every option of the
    first question finds exactly one right answer, each with its feedback and explanation."""
    guard = Guard()
    context = guarded_context(browser, guard, viewport={"width": 1300, "height": 1000})
    try:
        page = watch_page(context.new_page(), guard)
        page.goto(f"{lab}/lab/tree/chapters/exercises/03-meeting.ipynb?reset")
        page.wait_for_selector(".jp-Notebook", timeout=90_000)
        # Run All only once the kernel is connected and idle (before, nothing runs).
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=90_000)
        page.wait_for_timeout(1000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        # JupyterLab renders only the cells in view: bring the first quiz back into view.
        question = page.locator(".qk-question", has=page.locator(".widget-radio-box")).first
        question.wait_for(state="attached", timeout=90_000)
        question.scroll_into_view_if_needed()
        check = question.locator("button", has_text=UI_TEXT["check"])
        retry = question.locator("button", has_text=UI_TEXT["retry"])
        feedback = question.locator(".qk-feedback")
        options = question.locator(".widget-radio-box input[type=radio]")
        verdicts = []
        for i in range(options.count()):
            options.nth(i).check()
            check.click()
            status_line = feedback.locator("strong").first
            status_line.wait_for()
            status = status_line.inner_text()
            assert status in (UI_TEXT["status_correct"], UI_TEXT["status_incorrect"]), status
            verdicts.append(status == UI_TEXT["status_correct"])
            assert UI_TEXT["explanation"] in feedback.inner_text()
            retry.click()
            status_line.wait_for(state="detached")
        assert len(verdicts) >= 2 and verdicts.count(True) == 1, verdicts
    finally:
        context.close()
    assert [e for e in guard.errors if e.startswith("pageerror")] == []
