"""GIFT export: escaping, weights, categories, feedback, and what GIFT cannot express."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from quizkit.export.gift import escape, export_gift
from quizkit.export.items import Chapter, ExportItem
from quizkit.models import MultipleSelect, SingleChoice
from test_export_golden import fixture_items

SOURCE = {"paragraph": "p1", "quote": "on November 2, 2013"}


def _item(q: object, title: str = "The meeting") -> ExportItem:
    return ExportItem(Chapter(3, title, "03-x"), q)  # type: ignore[arg-type]


def test_escape_covers_every_special_character() -> None:
    """``~ = # { } :`` and backslash get a backslash; newlines become ``\\n``."""
    assert escape("a~b=c#d{e}f:g\\h") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h"
    assert escape("one\n\ntwo") == "one\\n\\ntwo"


def test_fixture_export_has_categories_names_and_no_blank_line_inside_a_question() -> None:
    """Category per chapter, ``::id::`` names, and each question block has no blank line."""
    text = export_gift(fixture_items()).data.decode()
    # Moodle takes the category as everything after the first colon, so ':' stays as is.
    assert text.startswith("$CATEGORY: $course$/03 The 2+2 meeting: a fixture\n\n")
    blocks = text.split("\n\n")
    questions = [b for b in blocks if "::" in b and "{" in b]
    assert len(questions) == 8
    for block in questions:
        assert "\n\n" not in block
        assert re.search(r"^::fx-[a-z-]+::\[html\]<p>", block, re.MULTILINE)
    assert "[markdown]" not in text


def test_every_type_gift_has_is_written() -> None:
    """Single/multiple choice, true-false, short, numeric (tolerance and range), matching,
    ordering; text as the book's rendered HTML, GIFT-escaped."""
    text = export_gift(fixture_items()).data.decode()
    assert "=November 2, 2013#<p>Right\\: the paper's" in text
    assert "~None of the above \\= wrong \\~ \\#1" in text
    assert "~%33.33333%Foreign Minister Sergey Lavrov" in text
    assert "~%-33.33333%Prime Minister Shinzo Abe#<p>Abe met Putin" in text
    assert "TRUE#<p>Look again at what the paper says about earlier exercises.</p>#<p>Yes\\: " in text
    assert "\t#4\n" in text
    assert "\t#2013..2013.5\n" in text
    assert "=Tokyo =Tōkyō =%0%Moscow#<p>Moscow hosted" in text
    assert "=Sergey Lavrov -> Russia" in text and "= -> China" in text
    assert "####<p>The paper opens with the date\\: the meeting" in text
    assert "// [id:fx-single] [tag:dates]" in text
    assert ("{\n\t>3 ALL VERTICAL RELATIVE_ALL_PREVIOUS_AND_NEXT SHOW none\n"
            "\tIntroductory Observations\n"
            "\tMajor Highlights of Russia-China 2+2 Meeting in Tokyo\n"
            "\tConcluding Observations\n\t####<p>The paper moves") in text


def test_tolerance_is_written_after_a_colon() -> None:
    """A numeric answer with tolerance is ``#answer:tolerance``."""
    from quizkit.models import Numeric

    q = Numeric(id="n", type="numeric", prompt="How many?", answer=4, tolerance=0.5,
                level="remember",
                explanation="E.", objectives=["o"], source=SOURCE)  # type: ignore[arg-type]
    assert "\t#4:0.5\n" in export_gift([_item(q)]).data.decode()


def test_seven_correct_options_get_moodles_one_seventh() -> None:
    """Multiple select with 7 correct options uses 14.28571, an allowed Moodle grade."""
    opts = [{"text": f"Option {i}", "correct": i < 7} for i in range(8)]
    q = MultipleSelect(id="m", type="multiple-select", prompt="Pick.", options=opts,
                       level="remember",
                       explanation="E.", objectives=["o"], source=SOURCE)  # type: ignore[arg-type]
    text = export_gift([_item(q)]).data.decode()
    assert text.count("~%14.28571%") == 7
    assert text.count("~%-14.28571%") == 1


def test_eleven_correct_options_are_reported_not_written() -> None:
    """No allowed share sums to 100% for 11 correct options: skipped, with the reason."""
    opts = [{"text": f"Option {i}", "correct": True} for i in range(11)]
    q = MultipleSelect(id="m11", type="multiple-select", prompt="Pick.", options=opts,
                       level="remember",
                       explanation="E.", objectives=["o"], source=SOURCE)  # type: ignore[arg-type]
    result = export_gift([_item(q)])
    assert [s.id for s in result.skipped] == ["m11"]
    assert "11 correct options" in result.skipped[0].reason
    assert "::m11::" not in result.data.decode()


def test_slash_in_a_chapter_title_is_doubled_in_the_category() -> None:
    """Moodle separates category levels with '/': a literal slash is written '//'."""
    q = SingleChoice(id="s", type="single-choice", prompt="P?", options=[
        {"text": "a", "correct": True}, {"text": "b"}], level="remember", explanation="E.", objectives=["o"],
        source=SOURCE)  # type: ignore[arg-type]
    text = export_gift([_item(q, "Russia/Japan")]).data.decode()
    assert text.startswith("$CATEGORY: $course$/03 Russia//Japan\n")


def test_fill_blanks_are_reported_on_stderr_with_a_count(
    tmp_path: Path, monkeypatch: object
) -> None:
    """The CLI lists each question GIFT cannot carry by id and type, counts them, exits 0."""
    from quizkit.export import cli

    monkeypatch.setattr(cli, "select_items",  # type: ignore[attr-defined]
                        lambda *a: fixture_items())
    out = tmp_path / "quiz.gift.txt"
    result = CliRunner().invoke(cli.export, ["--format", "gift", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "fx-ordering" not in result.stderr
    assert "not exported: fx-blanks (fill-blanks)" in result.stderr
    assert "1 question could not be expressed in gift" in result.stderr
    assert out.read_text().count("::fx-") == 8


def test_strict_makes_a_left_out_question_an_error_and_writes_nothing(
    tmp_path: Path, monkeypatch: object
) -> None:
    """``--strict``: exit 1 and no file when any question cannot be expressed."""
    from quizkit.export import cli

    monkeypatch.setattr(cli, "select_items",  # type: ignore[attr-defined]
                        lambda *a: fixture_items())
    out = tmp_path / "quiz.gift.txt"
    result = CliRunner().invoke(cli.export, ["--format", "gift", "--out", str(out), "--strict"])
    assert result.exit_code == 1
    assert not out.exists()
    assert "Traceback" not in result.output


HOSTILE = "<input autofocus onfocus=alert(1)> {x} #1 \\ [plain]"


def test_raw_html_in_bank_text_reaches_moodle_as_text() -> None:
    """GIFT carries the book's rendered HTML, so bank text like ``<input ...>`` (which the
    book shows as text) is escaped in every place: prompt, option, feedback, matching item,
    explanation and ordering item."""
    from quizkit.models import Matching, Ordering

    common = {"explanation": HOSTILE, "objectives": ["o"], "source": SOURCE, "level": "remember"}
    qs = [
        SingleChoice(id="s", type="single-choice", prompt=HOSTILE, options=[
            {"text": HOSTILE, "correct": True, "feedback": HOSTILE}, {"text": "b"}],
            **common),  # type: ignore[arg-type]
        Matching(id="m", type="matching", prompt="P", pairs=[
            {"left": HOSTILE, "right": "r"}, {"left": "l", "right": "s"}],
            **common),  # type: ignore[arg-type]
        Ordering(id="o", type="ordering", prompt="P", items=[HOSTILE, "second"],
                 **common),  # type: ignore[arg-type]
    ]
    text = export_gift([_item(q) for q in qs]).data.decode()
    assert "<input" not in text
    assert text.count("&lt;input autofocus onfocus\\=alert(1)&gt;") == 7
    # An ordering line is kept as written by Moodle: entities, not GIFT escapes.
    assert "\t&lt;input autofocus onfocus=alert(1)&gt; &#123;x&#125; &#35;1 &#92; [plain]\n" in text


def test_an_option_cannot_pass_for_a_format_marker_or_a_weight() -> None:
    """An option starting ``[`` or ``%50%`` is written with an entity, so Moodle reads
    neither a format marker nor an answer weight."""
    q = SingleChoice(id="s", type="single-choice", prompt="P?", options=[
        {"text": "[plain] first", "correct": True}, {"text": "%50% second"}],
        level="remember", explanation="E.", objectives=["o"], source=SOURCE)  # type: ignore[arg-type]
    text = export_gift([_item(q)]).data.decode()
    assert "=&\\#91;plain] first ~&\\#37;50% second" in text  # '#' GIFT-escaped
