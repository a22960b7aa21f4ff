"""Printable worksheet and answer key: no answers on the sheet, everything in the key."""

from __future__ import annotations

from helpers import pinned_blanks
from quizkit.export.worksheet import export_worksheet
from test_export_golden import fixture_items


def test_sheet_has_space_to_answer_and_no_answers() -> None:
    """The sheet shows prompts and answer space, never explanations or sources."""
    result = export_worksheet(fixture_items())
    sheet = result.data.decode()
    assert sheet.startswith("<!DOCTYPE html>")
    assert "@media print" in sheet
    assert sheet.count('class="q"') == 9
    assert 'class="line"' in sheet and 'class="blank"' in sheet
    assert "opens with the date" not in sheet  # an explanation
    assert "Source:" not in sheet
    assert "(tourism / trade / terrorism)" in sheet  # the book's order (blank_option_order)
    assert "anti-piracy" not in sheet


def test_key_has_answers_explanations_and_sources() -> None:
    """The ``-key.html`` companion gives answer, explanation and source for each question."""
    key = export_worksheet(fixture_items()).companions["-key.html"].decode()
    assert key.count("<strong>Answer:</strong>") == 9
    assert "any value from 2013 to 2013.5" in key
    assert "Sergey Lavrov → Russia" in key
    assert "course fact sheet, item A1" in key
    assert "paper, paragraph p1: \u201con November 2, 2013\u201d" in key


def test_pages_are_self_contained() -> None:
    """No external stylesheet, script or image: the pages print offline."""
    result = export_worksheet(fixture_items())
    for page in (result.data.decode(), result.companions["-key.html"].decode()):
        assert "<link" not in page and "<script" not in page and "src=" not in page


def test_drop_down_choices_appear_in_the_books_order_on_sheet_and_key() -> None:
    """Sheet and key list a blank's choices as the book shows them: shuffled (seeded),
    a pinned option in its written place, a shuffle: false blank as written."""
    from quizkit.export.items import Chapter, ExportItem
    from quizkit.public import blank_option_order

    q = pinned_blanks()
    result = export_worksheet([ExportItem(Chapter(1, "T", "01-t"), q)])  # type: ignore[list-item]
    sheet, key = result.data.decode(), result.companions["-key.html"].decode()
    orders = {b.id: [b.options[i] for i in blank_option_order(q, b)]  # type: ignore[attr-defined,index]
              for b in q.blanks}  # type: ignore[attr-defined]
    assert orders == {
        "plain": ["Lavrov", "none of these", "Kishida", "Shoigu"],
        "pinned": ["Lavrov", "Kishida", "Shoigu", "none of these"],
        "fixed": ["Lavrov", "Shoigu", "Kishida", "none of these"],
    }
    for bid, order in orders.items():
        assert f"({' / '.join(order)})" in sheet, bid
        assert f"(from {' / '.join(order)})" in key, bid
    full = export_worksheet(fixture_items()).companions["-key.html"].decode()
    assert "topic: terrorism (from tourism / trade / terrorism)" in full
