"""quizkit.show(): deterministic selection, the two display forms, clear errors."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

import quizkit
from helpers import ROOT, course_yml
from quizkit.attempts import AttemptPolicy
from quizkit.display import ShownQuiz, find_bank_dir, quiz_policy, select_questions, show
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
    """A course of a small two-file bank: ids a1..a4 (objective oa) and b1..b3 (objective ob),
    grounded in this course's fact sheet (quizkit.yml)."""
    (folder / "quizkit.yml").write_text(course_yml(), encoding="utf-8")
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
    # The working directory is outside the course: no page to link from, so no links.
    assert "data-quizkit" in html and "data-paper-href" not in html
    # Shown escaped; inside the JSON data block it is inert text (only "</" could end it).
    visible = re.sub(r'<script type="text/plain".*?</script>', "", html, flags=re.S)
    assert "Try &lt;this&gt;" in visible and "<this>" not in visible
    assert "<script>" not in html  # assets are linked by the book, not inlined
    assert bundle["text/plain"] == "<quizkit quiz 'Try <this>', 1 question: a2>"
    assert shown._repr_mimebundle_()["text/html"] == html  # deterministic


def test_links_are_made_from_the_notebook_folder_to_the_course_pages(bank_dir: Path) -> None:
    """From a notebook in chapters/exercises/, the quiz links the pages quizkit.yml names:
    the source text's, the fact sheet's, and the fact sheet's anchor rule."""
    notebooks = bank_dir.parent / "chapters" / "exercises"
    notebooks.mkdir(parents=True)
    html = show("01-a", ids=["a2"], bank_dir=bank_dir, page_dir=notebooks).html()
    assert ('data-paper-href="../a1-paper.html" data-refs-href="../a5-references.html" '
            'data-refs-anchor="fs-{item}"') in html
    top = show("01-a", ids=["a2"], bank_dir=bank_dir, page_dir=bank_dir.parent).html()
    assert 'data-paper-href="chapters/a1-paper.html"' in top


def test_html_only_switch(bank_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With QUIZKIT_HTML_ONLY=1 (a book build) no widget is built and only HTML is given."""
    monkeypatch.setenv("QUIZKIT_HTML_ONLY", "1")
    shown = show("01-a", bank_dir=bank_dir)
    bundle = shown._repr_mimebundle_()
    assert sorted(bundle) == ["text/html", "text/plain"] and shown._quiz is None


def test_bank_dir_found_by_walking_up(bank_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without bank_dir, the bank of the course found from the working directory is used."""
    deep = bank_dir.parent / "chapters" / "exercises"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find_bank_dir() == bank_dir.resolve()
    assert ids(show("02-b")) == ["b1", "b2", "b3"]


def test_no_bank_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No course and no bank/ anywhere above: a clear error saying what to pass."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(QuizkitError, match="no quizkit.yml or bank/ directory .* pass bank_dir="):
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


# ---------------------------------------------------------------- attempt policy, balance


def policy_of_html(shown: ShownQuiz) -> dict[str, object]:
    """The attempt policy packed into the quiz's HTML form."""
    from quizkit.html import payloads

    (payload,) = payloads(shown.html())
    policy: dict[str, object] = payload["attempts"]
    return policy


def test_policy_defaults_without_course_file(bank_dir: Path) -> None:
    """No quizkit.yml: two tries, a third off per extra try, in both forms."""
    shown = show("01-a", bank_dir=bank_dir)
    assert shown.attempts == AttemptPolicy(tries=2, penalty=1 / 3)
    assert shown.quiz.policy == shown.attempts
    assert all(q.policy == shown.attempts for q in shown.quiz.questions)
    assert policy_of_html(shown) == {"tries": 2, "penalty": 1 / 3}


def test_policy_arguments_reach_both_forms(bank_dir: Path) -> None:
    """tries and penalty given to show() set the widget quiz's and the HTML form's policy."""
    shown = show("01-a", tries=1, penalty=0, bank_dir=bank_dir)
    assert shown.attempts == AttemptPolicy(tries=1, penalty=0)
    assert shown.quiz.policy == shown.attempts
    assert "One try per question." in shown.quiz.policy_note.value
    assert policy_of_html(shown) == {"tries": 1, "penalty": 0}
    unlimited = show("01-a", tries="unlimited", penalty=0.25, bank_dir=bank_dir)
    assert policy_of_html(unlimited) == {"tries": None, "penalty": 0.25}


def test_course_defaults_come_from_quizkit_yml(bank_dir: Path) -> None:
    """quizkit.yml beside the bank folder sets the defaults; an argument overrides one field."""
    (bank_dir.parent / "quizkit.yml").write_text(
        course_yml("attempts:\n  tries: unlimited\n  penalty: 0.25\n"), encoding="utf-8"
    )
    assert show("01-a", bank_dir=bank_dir).attempts == AttemptPolicy(tries=None, penalty=0.25)
    assert show("01-a", tries=3, bank_dir=bank_dir).attempts == AttemptPolicy(3, 0.25)
    assert show("01-a", penalty=0, bank_dir=bank_dir).attempts == AttemptPolicy(None, 0)


def test_course_file_found_from_the_notebook_folder(
    bank_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without bank_dir, the course root is the folder holding the bank found by walking up."""
    (bank_dir.parent / "quizkit.yml").write_text(course_yml("attempts:\n  tries: 1\n"),
                                                 encoding="utf-8")
    deep = bank_dir.parent / "chapters" / "exercises"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert show("02-b").attempts == AttemptPolicy(tries=1, penalty=1 / 3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tries": 0}, r"tries must be a whole number of at least 1, or 'unlimited' \(found 0\)"),
        ({"tries": 2.5}, r"tries must be .* \(found 2\.5\)"),
        ({"tries": True}, r"tries must be .* \(found True\)"),
        ({"tries": "lots"}, r"tries must be .* \(found 'lots'\)"),
        ({"penalty": 1.5}, r"penalty must be a number from 0 to 1, .* \(found 1\.5\)"),
        ({"penalty": -0.1}, r"penalty must be .* \(found -0\.1\)"),
        ({"penalty": float("nan")}, r"penalty must be .* \(found nan\)"),
        ({"penalty": True}, r"penalty must be .* \(found True\)"),
        ({"penalty": "a third"}, r"penalty must be .* \(found 'a third'\)"),
        ({"stratify": True}, r"stratify balances a sample: give sample=N"),
        ({"stratify": "yes", "sample": 2}, r"stratify must be True or False"),
    ],
)
def test_bad_policy_values_are_one_clear_line(
    bank_dir: Path, kwargs: dict[str, object], message: str
) -> None:
    """A bad tries, penalty or stratify raises QuizkitError shown as one line in IPython."""
    with pytest.raises(QuizkitError, match=message) as info:
        show("01-a", bank_dir=bank_dir, **kwargs)  # type: ignore[arg-type]
    rendered = info.value._render_traceback_()  # type: ignore[attr-defined]
    assert len(rendered) == 1 and "\n" not in rendered[0]


def test_faulty_course_file_is_one_located_line(bank_dir: Path) -> None:
    """A mistake in quizkit.yml names the file, line and field on one line."""
    config = course_yml("# defaults\nattempts:\n  tries: 0\n")
    (bank_dir.parent / "quizkit.yml").write_text(config, encoding="utf-8")
    with pytest.raises(QuizkitError) as info:
        show("01-a", bank_dir=bank_dir)
    (line,) = info.value._render_traceback_()  # type: ignore[attr-defined]
    n = len(config.splitlines())
    assert re.fullmatch(rf"QuizkitError: \S*quizkit\.yml:{n}: attempts\.tries: .*at least 1.*",
                        line)


def test_quiz_policy_reads_directive_text() -> None:
    """The text form of tries and penalty (as a directive gives them) is read too."""
    default = AttemptPolicy()
    assert quiz_policy(default) == default
    assert quiz_policy(default, "1", "0") == AttemptPolicy(1, 0)
    assert quiz_policy(default, " Unlimited ", "1/3") == AttemptPolicy(None, 1 / 3)
    assert quiz_policy(default, None, "0.25") == AttemptPolicy(2, 0.25)
    for bad in ("1/0", "4/3", "inf", ""):
        with pytest.raises(QuizkitError, match="penalty"):
            quiz_policy(default, None, bad)
    for bad in ("-1", "1.5", "two", ""):
        with pytest.raises(QuizkitError, match="tries"):
            quiz_policy(default, bad)


def test_stratified_sample_covers_every_chapter(bank_dir: Path) -> None:
    """sample=2 with stratify takes one question from each chapter for every seed (a plain
    sample of 2 leaves a chapter out for some seeds), deterministically, in bank order."""
    chapters = {"a", "b"}
    plain_misses = 0
    for seed in range(20):
        drawn = ids(show(sample=2, seed=seed, stratify=True, bank_dir=bank_dir))
        assert {i[0] for i in drawn} == chapters, seed
        assert drawn == sorted(drawn)
        assert drawn == ids(show(sample=2, seed=seed, stratify=True, bank_dir=bank_dir))
        assert select_questions(sample=2, seed=seed, stratify=True, bank_dir=bank_dir) == [
            *show(sample=2, seed=seed, stratify=True, bank_dir=bank_dir).questions
        ]
        plain = ids(show(sample=2, seed=seed, bank_dir=bank_dir))
        plain_misses += {i[0] for i in plain} != chapters
    assert plain_misses > 0


def test_course_file_states_the_defaults() -> None:
    """The repository's quizkit.yml is valid and spells out two tries and a third off."""
    from quizkit.config import load_config

    root = ROOT
    data = (root / "quizkit.yml").read_text(encoding="utf-8")
    assert re.search(r"^  tries: 2$", data, re.M) and re.search(r"^  penalty: 0\.333", data, re.M)
    assert load_config(root).attempts.policy() == AttemptPolicy(tries=2, penalty=1 / 3)
