"""Canvas QTI 1.2 zip: the question types Canvas reads, and what it cannot take."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from quizkit.export.canvas import NS, export_canvas
from quizkit.export.items import Chapter, ExportItem
from quizkit.models import FillBlanks
from test_export_golden import fixture_items

Q = f"{{{NS}}}"


def _qti(items: list[ExportItem]) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(export_canvas(items).data)) as zf:
        names = zf.namelist()
        assert "imsmanifest.xml" in names
        main = [n for n in names if n.endswith(".xml") and "/" in n and "meta" not in n]
        assert len(main) == 1
        return etree.fromstring(zf.read(main[0]))


def _types(root: etree._Element) -> dict[str, str]:
    out = {}
    for item in root.iter(f"{Q}item"):
        for field in item.iter(f"{Q}qtimetadatafield"):
            if field.findtext(f"{Q}fieldlabel") == "question_type":
                out[item.get("title")] = field.findtext(f"{Q}fieldentry")
    return out


def test_canvas_question_types() -> None:
    """Each expressible bank type becomes the matching Canvas question type."""
    assert _types(_qti(fixture_items())) == {
        "fx-single": "multiple_choice_question", "fx-multi": "multiple_answers_question",
        "fx-true-false": "true_false_question", "fx-numeric": "numerical_question",
        "fx-numeric-range": "numerical_question", "fx-short": "short_answer_question",
        "fx-matching": "matching_question",
    }


def test_ordering_and_mixed_blanks_are_reported() -> None:
    """Canvas Classic has no ordering; blanks mixing kinds cannot be one Canvas question."""
    skipped = export_canvas(fixture_items()).skipped
    assert [(s.id, s.type) for s in skipped] == [("fx-ordering", "ordering"),
                                                 ("fx-blanks", "fill-blanks")]


def test_blanks_with_options_become_multiple_dropdowns() -> None:
    """A fill-blanks question whose blanks all have options is a multiple-dropdowns question."""
    q = FillBlanks(id="dd", type="fill-blanks", prompt="Complete.",
                   passage="Focused on {{a}} and {{b}}.",
                   blanks=[{"id": "a", "answers": ["terrorism"], "options": ["terrorism", "trade"]},
                           {"id": "b", "answers": ["piracy"], "options": ["piracy", "fishing"]}],
                   level="remember",
                   explanation="E.", objectives=["o"],
                   source={"paragraph": "p1", "quote": "Tokyo"})  # type: ignore[arg-type]
    root = _qti([ExportItem(Chapter(1, "T", "01-t"), q)])
    assert _types(root) == {"dd": "multiple_dropdowns_question"}
    assert "[a]" in root.findtext(f".//{Q}presentation/{Q}material/{Q}mattext")
    assert len(root.findall(f".//{Q}response_lid")) == 2


def test_scores_and_general_feedback() -> None:
    """The right option sets SCORE 100; the explanation is Canvas's general_fb."""
    root = _qti(fixture_items())
    item = next(i for i in root.iter(f"{Q}item") if i.get("title") == "fx-single")
    sets = [s.text for s in item.iter(f"{Q}setvar")]
    assert sets == ["100"]
    fb = item.find(f"{Q}itemfeedback[@ident='general_fb']")
    assert "opens with the date" in fb.findtext(f".//{Q}mattext")
    num = next(i for i in root.iter(f"{Q}item") if i.get("title") == "fx-numeric-range")
    assert [e.text for e in num.iter(f"{Q}vargte")] == ["2013"]
    assert [e.text for e in num.iter(f"{Q}varlte")] == ["2013.5"]


def test_drop_down_labels_follow_the_books_order() -> None:
    """Canvas lists each drop-down's answers in the book's order (pinned ones in place)."""
    from helpers import pinned_blanks

    root = _qti([ExportItem(Chapter(1, "T", "01-t"), pinned_blanks())])  # type: ignore[list-item]
    got = [[lab.findtext(f".//{Q}mattext") for lab in lid.iter(f"{Q}response_label")]
           for lid in root.iter(f"{Q}response_lid")]
    assert got == [["Lavrov", "none of these", "Kishida", "Shoigu"],
                   ["Lavrov", "Kishida", "Shoigu", "none of these"],
                   ["Lavrov", "Shoigu", "Kishida", "none of these"]]
