"""A second course through the same code: tests/courses/gettysburg, another text, no fact sheet.

The course (a public-domain speech in Markdown, five questions, its own attempt policy) is
copied to a temporary folder, checked and linted, built with ``jupyter-book build -W -n``,
graded in the browser without a kernel and in the widgets, and exported. Nothing in quizkit
knows it: it reaches quizkit only through its quizkit.yml.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import Guard, guarded_context, serve, watch_page
from helpers import COURSES
from quizkit.cli import cli
from quizkit.course import Course

COURSE = COURSES / "gettysburg"


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the second course in a temporary folder (so builds write nothing here)."""
    target = tmp_path_factory.mktemp("second") / "gettysburg"
    shutil.copytree(COURSE, target, ignore=shutil.ignore_patterns("_build"))
    return target


@pytest.fixture(scope="module")
def built(course: Path) -> Path:
    """The second course built with ``jupyter-book build . -W -n --keep-going``."""
    jb = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run([str(jb), "build", ".", "-W", "-n", "--keep-going"], cwd=course,
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return course / "_build" / "html"


def test_the_course_is_read_from_its_own_configuration(course: Path) -> None:
    """Its source is the Markdown speech split into p1..p3 (heading and signature apart), its
    policy three tries at a quarter each, and it has no fact sheet."""
    loaded = Course.load(course)
    speech = loaded.source()
    assert (speech.id, list(speech.paragraphs)) == ("address", ["p1", "p2", "p3"])
    assert [b.kind for b in speech.blocks] == ["heading", "paragraph", "paragraph", "paragraph",
                                               "front", "front"]
    assert speech.paragraphs["p1"].text.startswith("Four score and seven years ago")
    assert "Public domain" in str(speech.metadata.provenance)
    assert loaded.factsheet is None
    policy = loaded.config.attempts.policy()
    assert (policy.tries, policy.penalty) == (3, 0.25)


def test_check_and_lint_pass_and_a_fact_sheet_source_is_refused(course: Path,
                                                                tmp_path: Path) -> None:
    """`check --strict` and `lint --strict` are clean; a question citing a fact-sheet item in
    this course without a fact sheet is one located problem saying so."""
    runner = CliRunner()
    check = runner.invoke(cli, ["--course", str(course), "check", "--strict"])
    assert check.exit_code == 0, check.output
    assert check.output == "checked 5 questions in 1 file: 0 problems\n"
    lint = runner.invoke(cli, ["--course", str(course), "lint", "--strict"])
    assert lint.exit_code == 0, lint.output
    copy = tmp_path / "gettysburg"
    shutil.copytree(course, copy)
    bank = copy / "bank" / "01-address.yml"
    text = bank.read_text(encoding="utf-8").replace(
        'source: {paragraph: p1, quote: "Four score and seven years ago"}',
        "source: {factsheet: B1}")
    bank.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "factsheet: B1" in t)
    result = runner.invoke(cli, ["--course", str(copy), "check"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{bank}:{line}: question 'years-back': source.factsheet: the course has no fact sheet "
        "to hold item 'B1' (quizkit.yml names none); quote a source text instead")


@pytest.mark.book
def test_the_course_builds_with_its_quiz_source_page_and_links(built: Path) -> None:
    """The quiz page carries the five questions with the course's policy and a link to the
    speech's page, each paragraph note naming "the address"; the speech's page has p1..p3;
    the source role links there."""
    from quizkit.html import page_payloads

    quiz = (built / "chapters" / "quiz.html").read_text(encoding="utf-8")
    (payload,) = page_payloads(built / "chapters" / "quiz.html")
    assert [q["id"] for q in payload["questions"]] == [
        "founding-idea", "years-back", "long-remembered", "new-birth", "three-phrases"]
    assert payload["attempts"] == {"tries": 3, "penalty": 0.25}
    assert 'data-paper-href="address.html"' in quiz
    notes = {q["id"]: q["spec"]["source"] for q in payload["questions"]}
    assert notes["years-back"]["label"] == "the address"  # quizkit.yml's label of the source
    assert notes["years-back"]["href"] == f"address.html#{notes['years-back']['paragraph']}"
    assert "data-refs-href" not in quiz and "data-refs-anchor" not in quiz  # no fact sheet
    text = (built / "chapters" / "address.html").read_text(encoding="utf-8")
    assert all(f'id="p{n}"' in text for n in (1, 2, 3)) and 'id="p4"' not in text
    assert "Abraham Lincoln, \u201cAddress Delivered" in text
    intro = (built / "chapters" / "intro.html").read_text(encoding="utf-8")
    assert 'href="address.html#p2"' in intro and 'href="address.html#p3"' in intro


@pytest.fixture(scope="module")
def second_url(built: Path) -> Iterator[str]:
    server, url = serve(built)
    yield url
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_a_quiz_grades_in_the_browser_without_a_kernel(
    browser: Any, guard: Guard, second_url: str, axe_source: str
) -> None:
    """Answered wrong then right in Chromium: a try left at a quarter off, then credit 0.75
    and a link to the paragraph, named by the course's label of its source; nothing loaded from outside, no errors, and axe-core finds no
    WCAG A/AA violation in the quiz."""
    context = guarded_context(browser, guard, viewport={"width": 1280, "height": 900})
    page = watch_page(context.new_page(), guard)
    try:
        page.goto(f"{second_url}/chapters/quiz.html")
        page.wait_for_selector("[data-qk-ready]")
        q = page.locator('.qk-q[data-qid="years-back"]')
        q.get_by_role("textbox").fill("47")
        q.get_by_role("button", name="Check", exact=True).click()
        assert "2 tries left" in q.locator(".qk-fb").inner_text()
        q.get_by_role("button", name="Retry").click()
        q.get_by_role("textbox").fill("87")
        q.get_by_role("button", name="Check", exact=True).click()
        feedback = q.locator(".qk-fb")
        assert "Correct." in feedback.inner_text()
        assert "Score 0.75 of 1 after 2 tries." in feedback.inner_text()
        link = feedback.get_by_role("link", name="Read ¶1 of the address")
        assert link.get_attribute("href") == "address.html#p1"
        violations = page.evaluate(
            """async (src) => { eval(src);
                const r = await axe.run('.qk-quiz', {runOnly: {type: 'tag',
                    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
                return r.violations.map(v => v.id); }""", axe_source)
        assert violations == []
        assert guard.external == [] and guard.errors == []
    finally:
        context.close()


def test_a_quiz_grades_in_the_widgets(course: Path) -> None:
    """quizkit.show from the course's chapters folder: the course's policy, and the same
    grading as the page (wrong, Retry, right: credit 0.75), and the source note calls the
    text by the course's label ("The address ¶N: ...")."""
    from quizkit.display import show

    shown = show("01-address", ids=["new-birth"], bank_dir=course / "bank",
                 page_dir=course / "chapters")
    assert 'data-paper-href="address.html"' in shown.html()
    q = shown.quiz.questions[0]
    assert (q.policy.tries, q.policy.penalty) == (3, 0.25)
    q.control.text.value = "liberty"  # type: ignore[attr-defined]
    q.check_button.click()
    assert "Not quite" in q.feedback.value
    q.retry_button.click()
    q.control.text.value = "Freedom"  # type: ignore[attr-defined]
    q.check_button.click()
    assert "Correct" in q.feedback.value and q.finished and shown.quiz.score == 0.75
    assert "The address ¶" in q.feedback.value and "paper" not in q.feedback.value


def test_the_course_exports(course: Path, tmp_path: Path) -> None:
    """GIFT and QTI exports of the second course hold its five questions."""
    runner = CliRunner()
    gift = tmp_path / "course.gift.txt"
    result = runner.invoke(cli, ["--course", str(course), "export", "--format", "gift",
                                 "--out", str(gift)])
    assert result.exit_code == 0, result.output
    text = gift.read_text(encoding="utf-8")
    assert all(f"::{qid}::" in text for qid in ("founding-idea", "years-back", "new-birth"))
    qti = tmp_path / "course-qti.zip"
    result = runner.invoke(cli, ["--course", str(course), "export", "--format", "qti",
                                 "--out", str(qti)])
    assert result.exit_code == 0, result.output
    assert "Wrote 5 questions (qti)" in result.output
    with zipfile.ZipFile(qti) as zf:
        assert "imsmanifest.xml" in zf.namelist()
