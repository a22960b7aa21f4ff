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
    assert len(questions) == 7
    for block in questions:
        assert "\n\n" not in block
        assert re.search(r"^::fx-[a-z-]+::\[markdown\]", block, re.MULTILINE)


def test_every_type_gift_has_is_written() -> None:
    """Single/multiple choice, true-false, short, numeric (tolerance and range), matching."""
    text = export_gift(fixture_items()).data.decode()
    assert "=November 2, 2013#Right\\: the paper's" in text
    assert "~None of the above \\= wrong \\~ \\#1" in text
    assert "~%33.33333%Foreign Minister Sergey Lavrov" in text
    assert "~%-33.33333%Prime Minister Shinzo Abe#Abe met Putin" in text
    assert "TRUE#Look again at what the paper says about earlier exercises.#Yes\\: " in text
    assert "\t#4\n" in text
    assert "\t#2013..2013.5\n" in text
    assert "=Tokyo =Tōkyō =%0%Moscow#Moscow hosted" in text
    assert "=Sergey Lavrov -> Russia" in text and "= -> China" in text
    assert "####The paper opens with the date\\: the meeting" in text
    assert "// [id:fx-single] [tag:dates]" in text


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


def test_ordering_and_fill_blanks_are_reported_on_stderr_with_a_count(
    tmp_path: Path, monkeypatch: object
) -> None:
    """The CLI lists each question GIFT cannot carry by id and type, counts them, exits 0."""
    from quizkit.export import cli

    monkeypatch.setattr(cli, "select_items",  # type: ignore[attr-defined]
                        lambda *a: fixture_items())
    out = tmp_path / "quiz.gift.txt"
    result = CliRunner().invoke(cli.export, ["--format", "gift", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "not exported: fx-ordering (ordering)" in result.stderr
    assert "not exported: fx-blanks (fill-blanks)" in result.stderr
    assert "2 questions could not be expressed in gift" in result.stderr
    assert out.read_text().count("::fx-") == 7


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
