"""Source texts in general: Markdown and plain splitting, several sources, course mistakes."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from quizkit.bank import load_bank
from quizkit.cli import bank_stats
from quizkit.course import Course
from quizkit.errors import BankError, QuizkitError
from quizkit.sources import split_markdown, split_text


def test_markdown_blocks() -> None:
    """Front matter and listed lines are unnumbered; headings are h1..; list items and
    paragraphs (their lines joined) are p1.. in reading order."""
    text = textwrap.dedent("""\
        ---
        title: x
        ---
        # Title

        First paragraph
        on two lines.

        - one item
        - another item
        1. a numbered item

        ## Part two
        Signed, the author.
        Last paragraph.
        """)
    blocks = split_markdown(text, ["Signed,"])
    assert [(b.id, b.kind, b.text) for b in blocks] == [
        ("", "front", "title: x"),
        ("h1", "heading", "Title"),
        ("p1", "paragraph", "First paragraph on two lines."),
        ("p2", "bullet", "one item"),
        ("p3", "bullet", "another item"),
        ("p4", "bullet", "a numbered item"),
        ("h2", "heading", "Part two"),
        ("", "front", "Signed, the author."),
        ("p5", "paragraph", "Last paragraph."),
    ]


def test_plain_text_blocks() -> None:
    """Blank lines separate blocks; bullet blocks give a block per line; listed headings and
    front matter are recognised."""
    text = "By someone\n\nIntro\n\nA paragraph\nwrapped.\n\n\u2022 a\n- b\n"
    blocks = split_text(text, ["By "], ["Intro"])
    assert [(b.id, b.kind, b.text) for b in blocks] == [
        ("", "front", "By someone"), ("h1", "heading", "Intro"),
        ("p1", "paragraph", "A paragraph wrapped."), ("p2", "bullet", "a"), ("p3", "bullet", "b"),
    ]


QUESTION = """\
  - id: {id}
    type: true-false
    prompt: Statement {id}.
    answer: true
    level: remember
    explanation: Because.
    objectives: [o]
    source: {source}
"""


def _course(tmp_path: Path, questions: list[tuple[str, str]], config: str | None = None) -> Path:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "one.txt").write_text("Alpha beta gamma.\n\nDelta epsilon.\n",
                                                encoding="utf-8")
    (tmp_path / "texts" / "two.md").write_text("# Two\n\nZeta eta theta.\n", encoding="utf-8")
    (tmp_path / "quizkit.yml").write_text(config or textwrap.dedent("""\
        course:
          sources:
            - {id: one, text: texts/one.txt}
            - {id: two, text: texts/two.md, page: chapters/two}
        """), encoding="utf-8")
    (tmp_path / "bank").mkdir()
    body = "".join(QUESTION.format(id=qid, source=src) for qid, src in questions)
    (tmp_path / "bank" / "01-a.yml").write_text(
        "schema_version: 1\nchapter: 1\ntitle: A\nobjectives:\n  - {id: o, text: Know it.}\n"
        "questions:\n" + body, encoding="utf-8")
    return tmp_path


def test_questions_quote_the_first_source_or_the_one_they_name(tmp_path: Path) -> None:
    """Without `source` the first text is quoted; `source: two` quotes the second; stats
    name the second source's uncovered paragraphs with its id."""
    root = _course(tmp_path, [
        ("q-one", '{paragraph: p2, quote: "Delta epsilon"}'),
        ("q-two", '{source: two, paragraph: p1, quote: "eta theta"}'),
    ])
    course = Course.load(root)
    bank = load_bank(course.bank_dir, course=course)
    assert set(bank.questions) == {"q-one", "q-two"}
    stats = bank_stats(bank, list(course.sources.values()))
    assert stats["uncovered_paragraphs"] == ["p1"]
    assert course.source("two").page == "chapters/two"


def test_grounding_mistakes_name_the_source(tmp_path: Path) -> None:
    """An unknown source id, a paragraph the named text lacks, a quote from the other text:
    each a located problem naming the source."""
    root = _course(tmp_path, [
        ("q-a", '{source: tow, paragraph: p1, quote: "eta"}'),
        ("q-b", '{source: two, paragraph: p2, quote: "eta"}'),
        ("q-c", '{paragraph: p1, quote: "Zeta eta"}'),
        ("q-d", "{factsheet: B1}"),
    ])
    course = Course.load(root)
    with pytest.raises(BankError) as info:
        load_bank(course.bank_dir, course=course)
    messages = [f"{p.question_id}: {p.field}: {p.message}" for p in info.value.problems]
    assert messages == [
        "q-a: source.source: unknown source 'tow'; did you mean 'two'?",
        "q-b: source.paragraph: unknown paragraph 'p2' (source 'two' has only p1)",
        "q-c: source.quote: quote not found in paragraph p1",
        "q-d: source.factsheet: the course has no fact sheet to hold item 'B1' (quizkit.yml "
        "names none); quote a source text instead",
    ]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("course:\n  sources:\n    - {id: a, text: x.txt}\n    - {id: a, text: y.txt}\n",
         "source id 'a' is used twice"),
        ("course:\n  factsheet: {file: f.md, anchor: fs}\n", "anchor must contain {item}"),
        ("course:\n  sources:\n    - {id: Bad Id, text: x.txt}\n", "must be a slug"),
        ("course:\n  sources:\n    - {id: a, text: x.txt, label: ''}\n", "must not be empty"),
        ("course:\n  sources:\n    - {id: a, text: x.txt, label: \"two\\nlines\"}\n", "label"),
    ],
)
def test_course_configuration_mistakes_are_located(tmp_path: Path, config: str,
                                                   message: str) -> None:
    """quizkit.yml's course section is validated with file and line."""
    (tmp_path / "quizkit.yml").write_text(config, encoding="utf-8")
    with pytest.raises(BankError) as info:
        Course.load(tmp_path)
    (problem,) = info.value.problems
    assert problem.file.endswith("quizkit.yml") and problem.line >= 1
    assert message in problem.message


def test_a_missing_text_is_one_line(tmp_path: Path) -> None:
    """A source whose file is missing: one QuizkitError naming the source and the file."""
    (tmp_path / "quizkit.yml").write_text(
        "course:\n  sources:\n    - {id: gone, text: nowhere.txt}\n", encoding="utf-8")
    with pytest.raises(QuizkitError, match=r"^source 'gone': cannot read .*nowhere\.txt"):
        Course.load(tmp_path).source()
