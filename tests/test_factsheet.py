"""The fact sheet's citable item ids."""

from __future__ import annotations

from quizkit.factsheet import load_factsheet, parse_items


def test_shipped_fact_sheet_items() -> None:
    """Sections, claim rows, numbered background items and slips are all citable."""
    items = load_factsheet().items
    assert {"A1", "A23", "B1", "B1.1", "B1.10", "B3", "B10.8", "B12.3", "D1", "D10", "C", "F"} <= items
    assert not {"A24", "B1.11", "B13", "D11", "E1"} & items


def test_numbered_lines_outside_b_and_d_are_not_items() -> None:
    text = "## A. Claims\n1. not an item\n## B. Background\n### B2. Meeting\n1. first\n2. second\n"
    assert parse_items(text) == {"A", "B", "B2", "B2.1", "B2.2"}
