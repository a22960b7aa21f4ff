"""The course's fact sheet: background beyond the paper, and the item ids questions cite.

The fact sheet (``data/factsheet.md``) separates the paper's claims (section A, rows
``A1``..), verified background (section B, numbered ``B1``.. with items ``B1.1``..), what
could not be verified (C), the paper's slips (D, items ``D1``..), sources (E) and safe
wordings (F). A question whose answer rests on background cites an item id, and
``quizkit check`` confirms the item exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_SECTION = re.compile(r"^## ([A-F])\. ")
_SUBSECTION = re.compile(r"^### (B[0-9]+)\. ")
_TABLE_ROW = re.compile(r"^\| (A[0-9]+) \|")
_NUMBERED = re.compile(r"^([0-9]+)\. ")


@dataclass(frozen=True)
class FactSheet:
    """The ids of the fact sheet's sections and items."""

    items: frozenset[str]

    def __contains__(self, item: object) -> bool:
        return item in self.items


def parse_items(text: str) -> frozenset[str]:
    """Every citable id in the fact sheet's text (see the module docstring)."""
    items: set[str] = set()
    section = subsection = None
    for line in text.splitlines():
        if m := _SECTION.match(line):
            section, subsection = m.group(1), None
            items.add(section)
        elif m := _SUBSECTION.match(line):
            subsection = m.group(1)
            items.add(subsection)
        elif m := _TABLE_ROW.match(line):
            items.add(m.group(1))
        elif (m := _NUMBERED.match(line)) and section in ("B", "D"):
            prefix = f"{subsection}." if section == "B" else "D"
            if subsection or section == "D":
                items.add(f"{prefix}{m.group(1)}")
    return frozenset(items)


@lru_cache(maxsize=1)
def load_factsheet() -> FactSheet:
    """The fact sheet shipped with quizkit."""
    text = (resources.files("quizkit") / "data" / "factsheet.md").read_text(encoding="utf-8")
    return FactSheet(parse_items(text))


__all__ = ["FactSheet", "load_factsheet", "parse_items"]
