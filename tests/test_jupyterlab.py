"""A learner's path in a real JupyterLab: open an exercise notebook, run all, answer, check.

JupyterLab runs on loopback over a temporary copy of the notebooks and the bank (running
cells must not touch the committed notebooks), driven by Playwright in Debian's Chromium.
"""

from __future__ import annotations

import re
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
from quizkit.widgets import UI_TEXT, option_order, plain_text

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a JupyterLab server over a copy of the course's notebooks, bank and sources."""
    root: Path = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "bank", root / "bank")
    shutil.copytree(ROOT / "sources", root / "sources")
    shutil.copytree(ROOT / "chapters" / "exercises", root / "chapters" / "exercises")
    shutil.copy(ROOT / "quizkit.yml", root / "quizkit.yml")
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


def _first_radio_question() -> tuple[list[str], int]:
    """The option labels, in display order, of the first radio-button question the
    03-meeting notebook shows, and the position of its right answer."""
    import nbformat

    from quizkit.bank import load_bank
    from quizkit.models import SingleChoice, TrueFalse

    nb = nbformat.read(ROOT / "chapters" / "exercises" / "03-meeting.ipynb", as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code" and "quizkit.show(" in c.source)
    listed = re.search(r"questions?: (.*)>$", first.outputs[0]["data"]["text/plain"])
    assert listed is not None
    ids = listed[1].split(", ")
    bank = load_bank(ROOT / "bank")
    question = next(
        q for q in (bank.questions[i] for i in ids) if isinstance(q, SingleChoice | TrueFalse)
    )
    if isinstance(question, TrueFalse):
        return ["True", "False"], 0 if question.answer else 1
    order = option_order(question)
    right = next(k for k, i in enumerate(order) if question.options[i].correct)
    return [plain_text(question.options[i].text) for i in order], right


def test_notebook_quiz_runs_and_grades_in_jupyterlab(lab: str, browser: Any) -> None:
    """Run All in an exercise notebook shows widget quizzes under the course's policy (two
    tries): a wrong first try gives the verdict and a Retry but no expected answer or
    explanation; a right second try ends the question with credit 0.67 and no Retry."""
    from playwright.sync_api import expect

    labels, right = _first_radio_question()
    wrong = next(k for k in range(len(labels)) if k != right)
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
        expect(page.get_by_text("Two tries per question").first).to_be_attached()
        shown = [t.strip() for t in question.locator(".widget-radio-box label").all_inner_texts()]
        assert shown == labels
        check = question.locator("button", has_text=UI_TEXT["check"])
        retry = question.locator("button", has_text=UI_TEXT["retry"])
        reveal = question.locator("button", has_text=UI_TEXT["show_answer"])
        feedback = question.locator(".qk-feedback")
        options = question.locator(".widget-radio-box input[type=radio]")

        options.nth(wrong).check()
        check.click()
        expect(feedback).to_contain_text(UI_TEXT["status_incorrect"])
        text = feedback.inner_text()
        assert "1 try left" in text
        assert UI_TEXT["model_answer"] not in text and UI_TEXT["explanation"] not in text
        expect(retry).to_be_enabled()
        expect(reveal).to_be_enabled()
        expect(check).to_be_disabled()

        retry.click()
        expect(check).to_be_enabled()
        options.nth(right).check()
        check.click()
        credit = UI_TEXT["credit"].format(credit="0.67", tries="2 tries")
        expect(feedback).to_contain_text(credit)
        text = feedback.inner_text()
        assert text.startswith(UI_TEXT["status_correct"])
        assert UI_TEXT["explanation"] in text and UI_TEXT["model_answer"] not in text
        expect(retry).to_be_disabled()
        expect(reveal).to_be_disabled()
    finally:
        context.close()
    assert [e for e in guard.errors if e.startswith("pageerror")] == []
