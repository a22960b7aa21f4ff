"""A course's fact sheet: background beyond the source texts, with item ids questions cite.

The fact sheet is an optional Markdown file of the course (``factsheet:`` in
``quizkit.yml``, see :mod:`quizkit.course`). A question whose answer rests on background
cites an item id (``source: {factsheet: B1.5}``) and ``quizkit check`` confirms the item
exists. Item ids are a capital letter and an optional number (``A``, ``B1``, ``D10``), with
an optional ``.number`` (``B1.5``); they are found, in order:

- in headings written ``## A. Title`` or ``### B1. Title`` (any level): the id before the dot;
- in table rows whose first cell is an id: ``| A4 | ... |``;
- in numbered list items ``N. ...``: the nearest heading id above, followed by ``.N`` when
  that id ends in a number (under ``### B1.``, item 5 is ``B1.5``) or by ``N`` when it is a
  letter alone (under ``## D.``, item 3 is ``D3``). Numbered items under a heading without
  an id are not items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from quizkit.errors import QuizkitError

ITEM_ID = r"[A-Z][0-9]*(?:\.[0-9]+)?"
"""What a fact-sheet item id looks like (the bank format's pattern, :mod:`quizkit.models`)."""

_HEADING = re.compile(rf"^#{{1,6}}\s+({ITEM_ID})\.\s")
_ANY_HEADING = re.compile(r"^#{1,6}\s")
_TABLE_ROW = re.compile(rf"^\|\s*({ITEM_ID})\s*\|")
_NUMBERED = re.compile(r"^([0-9]+)\.\s")


@dataclass(frozen=True)
class FactSheet:
    """The ids of a fact sheet's sections and items, and where it is."""

    items: frozenset[str]
    path: Path | None = None

    def __contains__(self, item: object) -> bool:
        return item in self.items


def parse_items(text: str) -> frozenset[str]:
    """Every citable id in a fact sheet's text (see the module docstring)."""
    items: set[str] = set()
    heading: str | None = None
    for line in text.splitlines():
        if m := _HEADING.match(line):
            heading = m.group(1)
            items.add(heading)
        elif _ANY_HEADING.match(line):
            heading = None
        elif m := _TABLE_ROW.match(line):
            items.add(m.group(1))
        elif (m := _NUMBERED.match(line)) and heading is not None and "." not in heading:
            joiner = "." if heading[-1].isdigit() else ""
            items.add(f"{heading}{joiner}{m.group(1)}")
    return frozenset(items)


def read_factsheet(path: Path) -> FactSheet:
    """The fact sheet in ``path``; an unreadable file raises :class:`QuizkitError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QuizkitError(f"fact sheet: cannot read {path} ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise QuizkitError(f"fact sheet: {path} is not UTF-8 text") from None
    return FactSheet(parse_items(text), path)


def load_factsheet(start: str | Path | None = None) -> FactSheet:
    """The fact sheet of the course found from ``start`` (default: the current folder).

    Raises :class:`QuizkitError` when there is no course or the course has no fact sheet.
    """
    from quizkit.course import find_course

    sheet = find_course(start).factsheet
    if sheet is None:
        raise QuizkitError("the course has no fact sheet (quizkit.yml names none)")
    return sheet


__all__ = ["ITEM_ID", "FactSheet", "load_factsheet", "parse_items", "read_factsheet"]
