"""The fact sheet's citable item ids."""

from __future__ import annotations

from quizkit.factsheet import load_factsheet, parse_items


def test_shipped_fact_sheet_items() -> None:
    """Sections, claim rows, numbered background items and slips are all citable."""
    items = load_factsheet().items
    assert {"A1", "A23", "B1", "B1.1", "B1.10", "B3", "B10.8", "B12.3", "D1", "D10", "C", "F"} <= items
    assert not {"A24", "B1.11", "B13", "D11", "E1"} & items


def test_numbered_items_take_the_heading_id() -> None:
    """Under a numbered heading (B2) item 1 is B2.1; under a letter (D) it is D1; under a
    heading without an id, or a table row's id, numbered lines are not items."""
    text = ("# Fact sheet\n1. not an item\n## A. Claims\n| A1 | a claim |\n## B. Background\n"
            "### B2. Meeting\n1. first\n2. second\n#### Notes\n3. not an item\n"
            "## D. Slips\n1. one\n")
    assert parse_items(text) == {"A", "A1", "B", "B2", "B2.1", "B2.2", "D", "D1"}
