"""quizkit.show(): deterministic selection, the two display forms, clear errors."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

import quizkit
from quizkit.display import ShownQuiz, find_bank_dir, show
from quizkit.errors import QuizkitError
from quizkit.widgets import Quiz

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

QUESTION = """\
  - id: {id}
    type: true-false
    prompt: Statement {id}.
    answer: true
    level: remember
    explanation: Because.
    objectives: [{objective}]
    tags: [{tags}]
    source: {{factsheet: B1.1}}
"""


def write_bank(folder: Path) -> Path:
    """A small two-file bank: ids a1..a4 (objective oa) and b1..b3 (objective ob)."""
    bank = folder / "bank"
    bank.mkdir()
    for stem, chapter, prefix, count in (("01-a", 1, "a", 4), ("02-b", 2, "b", 3)):
        questions = "".join(
            QUESTION.format(
                id=f"{prefix}{n}",
                objective=f"o{prefix}",
                tags="even" if n % 2 == 0 else "odd",
            )
            for n in range(1, count + 1)
        )
        (bank / f"{stem}.yml").write_text(
            textwrap.dedent(
                f"""\
                schema_version: 1
                chapter: {chapter}
                title: Chapter {chapter}
                objectives:
                  - id: o{prefix}
                    text: Learners can do {prefix}.
                questions:
                """
            )
            + questions,
            encoding="utf-8",
        )
    return bank


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    """A tiny bank in a temporary folder."""
    return write_bank(tmp_path)


def ids(quiz: ShownQuiz) -> list[str]:
    """The ids of the questions a shown quiz holds."""
    return [q.id for q in quiz.questions]


def test_lazy_reexport(bank_dir: Path) -> None:
    """quizkit.show is the display function, imported on first use."""
    assert quizkit.show is show
    assert isinstance(quizkit.show("01-a", bank_dir=bank_dir), ShownQuiz)
    assert "show" in quizkit.__all__ and quizkit.__all__ == sorted(quizkit.__all__)
    with pytest.raises(AttributeError):
        quizkit.nothing  # noqa: B018 - the attribute access is the test


def test_selection_by_bank_ids_tags_objective(bank_dir: Path) -> None:
    """Each selector picks the expected questions, in a stable order."""
    assert ids(show("01-a", bank_dir=bank_dir)) == ["a1", "a2", "a3", "a4"]
    assert ids(show(bank_dir=bank_dir)) == ["a1", "a2", "a3", "a4", "b1", "b2", "b3"]
    assert ids(show("all", ids=["b2", "a1"], bank_dir=bank_dir)) == ["b2", "a1"]
    assert ids(show(ids="b2, a1", bank_dir=bank_dir)) == ["b2", "a1"]
    assert ids(show("02-b", tags=["even"], bank_dir=bank_dir)) == ["b2"]
    assert ids(show(objective="ob", bank_dir=bank_dir)) == ["b1", "b2", "b3"]
    assert ids(show(types="true-false", tags="odd", bank_dir=bank_dir)) == ["a1", "a3", "b1", "b3"]


def test_sample_is_seeded(bank_dir: Path) -> None:
    """The same seed draws the same questions every time; other seeds may differ."""
    first = ids(show(sample=3, seed=7, bank_dir=bank_dir))
    assert len(first) == 3 and len(set(first)) == 3
    assert all(ids(show(sample=3, seed=7, bank_dir=bank_dir)) == first for _ in range(5))
    draws = {tuple(ids(show(sample=3, seed=s, bank_dir=bank_dir))) for s in range(10)}
    assert len(draws) > 1


def test_mimebundle_has_widget_html_and_text(bank_dir: Path) -> None:
    """Displayed, the object gives the widget view, the kernel-free HTML quiz and plain text."""
    shown = show("01-a", ids=["a2"], title="Try <this>", bank_dir=bank_dir)
    assert shown._quiz is None  # nothing built until a frontend asks
    bundle = shown._repr_mimebundle_()
    assert isinstance(shown.quiz, Quiz)
    assert bundle[WIDGET_MIME]["model_id"] == shown.quiz.widget.model_id
    html = bundle["text/html"]
    assert "data-quizkit" in html and 'data-paper-href="../a1-paper.html"' in html
    # Shown escaped; inside the JSON data block it is inert text (only "</" could end it).
    visible = re.sub(r'<script type="text/plain".*?</script>', "", html, flags=re.S)
    assert "Try &lt;this&gt;" in visible and "<this>" not in visible
    assert "<script>" not in html  # assets are linked by the book, not inlined
    assert bundle["text/plain"] == "<quizkit quiz 'Try <this>', 1 question: a2>"
    assert shown._repr_mimebundle_()["text/html"] == html  # deterministic


def test_html_only_switch(bank_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With QUIZKIT_HTML_ONLY=1 (a book build) no widget is built and only HTML is given."""
    monkeypatch.setenv("QUIZKIT_HTML_ONLY", "1")
    shown = show("01-a", bank_dir=bank_dir)
    bundle = shown._repr_mimebundle_()
    assert sorted(bundle) == ["text/html", "text/plain"] and shown._quiz is None


def test_bank_dir_found_by_walking_up(bank_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without bank_dir, the nearest bank/ above the working directory is used."""
    deep = bank_dir.parent / "chapters" / "exercises"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find_bank_dir() == bank_dir.resolve()
    assert ids(show("02-b")) == ["b1", "b2", "b3"]


def test_no_bank_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No bank/ anywhere above: a clear error saying what to pass."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(QuizkitError, match="no bank/ directory .* pass bank_dir="):
        find_bank_dir(tmp_path)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"bank": "01-a", "ids": ["a9"]}, "unknown question id 'a9'"),
        ({"bank": "03-nope"}, "03-nope"),
        ({"tags": ["nope"]}, "unknown tag 'nope'"),
        ({"objective": "oc"}, "unknown objective 'oc'"),
        ({"types": ["essay"]}, "unknown question type 'essay'"),
        ({"bank": "02-b", "tags": ["even"], "ids": ["b1"]}, "no question matches"),
    ],
)
def test_errors_are_one_clear_line(bank_dir: Path, kwargs: dict[str, object], message: str) -> None:
    """Bad selections raise QuizkitError; in IPython the traceback is that one line."""
    with pytest.raises(QuizkitError, match=message) as info:
        show(bank_dir=bank_dir, **kwargs)  # type: ignore[arg-type]
    rendered = info.value._render_traceback_()  # type: ignore[attr-defined]
    assert len(rendered) == 1 and rendered[0].startswith("QuizkitError: ")
    assert "\n" not in rendered[0]
    assert info.value.__suppress_context__


def test_invalid_bank_is_reported(tmp_path: Path) -> None:
    """A broken bank file raises the bank's error naming the file and line, not a traceback."""
    bank = write_bank(tmp_path)
    (bank / "03-bad.yml").write_text("schema_version: 1\nchapter: 3\n", encoding="utf-8")
    with pytest.raises(QuizkitError, match="03-bad.yml:"):
        show(bank_dir=bank)
