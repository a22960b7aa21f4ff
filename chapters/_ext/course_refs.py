"""Citations of the course's fact sheet: the ``fact`` role and an anchor per fact-sheet item.

``{fact}`B1.5``` links to the row of item B1.5 in the references appendix, so a reader checks
a claim in one click; hovering the link shows the names of the sources the item rests on.
``{fact}`background <B1.5>``` shows its own text. Sections and subsections (``B``, ``B2``)
link to their headings. An id the fact sheet does not have is a build warning, so the book
(built with ``-W``) cannot cite an item that does not exist.

Anchors: in the references appendix, each table row whose first cell is an item id (``A4``,
``B1.5``, ``D3``) gets the id ``fs-a4``, ``fs-b1-5``, ``fs-d3`` and becomes a target that
``{ref}`` and ``{fact}`` resolve to.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from quizkit.course import find_course
from quizkit.factsheet import FactSheet

__version__ = "1.1"

REFERENCES_DOCNAME = "chapters/a5-references"
"""Default of the ``course_refs_docname`` setting: the page holding the fact-sheet tables
(the course's quizkit.yml names the same page as the fact sheet's ``page``)."""


@lru_cache(maxsize=4)
def _course_factsheet(srcdir: str) -> FactSheet:
    sheet = find_course(srcdir).factsheet
    if sheet is None:
        raise RuntimeError(f"course_refs: the course in {srcdir} has no fact sheet")
    return sheet


def load_factsheet(srcdir: str | None = None) -> FactSheet:
    """The fact sheet of the course in ``srcdir`` (default: the current folder)."""
    from pathlib import Path

    return _course_factsheet(str(Path(srcdir or ".").resolve()))
_ITEM = re.compile(r"^(?:[A-F][0-9]+(?:\.[0-9]+)?|[A-F])$")
_SOURCES = re.compile(r"\[([^\]]*\bS[0-9]+[^\]]*)\]\s*$")
_SOURCE_LINE = re.compile(r"^- (S[0-9]+): (.+?)(?:\s+https?://\S+)?$")
_SECTION = re.compile(r"^## ([A-F])\. ")
_SUBSECTION = re.compile(r"^### (B[0-9]+)\. ")
_NUMBERED = re.compile(r"^([0-9]+)\. ")
_TABLE_ROW = re.compile(r"^\| (A[0-9]+) \|")


def anchor(item: str) -> str:
    """The HTML id of a fact-sheet item's entry: ``B1.5`` -> ``fs-b1-5``."""
    return "fs-" + item.lower().replace(".", "-")


def _factsheet_text(srcdir: str | None = None) -> str:
    path = load_factsheet(srcdir).path
    assert path is not None  # read from a file
    return path.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def source_names(srcdir: str | None = None) -> dict[str, str]:
    """Each item id with the names of the sources it rests on, for the link's hover text."""
    text = _factsheet_text(srcdir)
    names: dict[str, str] = {}
    for line in text.splitlines():
        if m := _SOURCE_LINE.match(line.strip()):
            name = m.group(2).split(", \u201c")[0].split(', "')[0]
            names[m.group(1)] = name.rstrip(".")
    cited: dict[str, str] = {}
    section = subsection = None
    current: str | None = None
    for line in text.splitlines():
        if m := _SECTION.match(line):
            section, subsection, current = m.group(1), None, None
            continue
        if m := _SUBSECTION.match(line):
            subsection, current = m.group(1), None
            continue
        if m := _TABLE_ROW.match(line):
            current = m.group(1)
        elif (m := _NUMBERED.match(line)) and section in ("B", "D"):
            current = f"{subsection}.{m.group(1)}" if section == "B" and subsection else (
                f"D{m.group(1)}" if section == "D" else None
            )
        if current is None:
            continue
        found = _SOURCES.search(line.strip())
        if found:
            ids = re.findall(r"\bS[0-9]+\b", found.group(1))
            known = [f"{s} {names[s]}" for s in ids if s in names]
            if known:
                previous = cited.get(current, "").split("; ") if current in cited else []
                cited[current] = "; ".join(dict.fromkeys(previous + known))
    return cited


class ItemAnchors(SphinxTransform):
    """Give each fact-sheet item's table row in the references appendix its anchor."""

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        if self.env.docname != self.config.course_refs_docname:
            return
        std = self.env.get_domain("std")
        for row in self.document.findall(nodes.row):
            entries = [c for c in row.children if isinstance(c, nodes.entry)]
            if not entries:
                continue
            item = entries[0].astext().strip()
            if not _ITEM.match(item) or item not in load_factsheet(str(self.env.srcdir)):
                continue
            ident = anchor(item)
            if ident in self.document.ids:  # a subsection heading (B3) already has this anchor
                continue
            row["ids"].append(ident)
            self.document.ids[ident] = row
            std.anonlabels[ident] = (self.env.docname, ident)  # type: ignore[attr-defined]
            std.labels[ident] = (self.env.docname, ident, f"fact sheet {item}")  # type: ignore[attr-defined]


def fact_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{fact}`B1.5``` or ``{fact}`shown text <B1.5>```: a link to the item's entry."""
    m = re.match(r"^(.*?)\s*<([^<>]+)>$", text.strip(), re.S)
    label, item = (m.group(1), m.group(2).strip()) if m else (text.strip(), text.strip())
    env = inliner.document.settings.env
    if item not in load_factsheet(str(env.srcdir)):
        msg = inliner.reporter.error(
            f"course_refs: the fact sheet has no item {item!r}", line=lineno
        )
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    target = anchor(item) if "." in item or item[0] in "AD" and len(item) > 1 else (
        "fs-" + item.lower()
    )
    ref = addnodes.pending_xref(
        rawtext,
        refdomain="std",
        reftype="ref",
        reftarget=target,
        refexplicit=True,
        refwarn=True,
        refdoc=env.docname,
    )
    ref += nodes.inline(label, label, classes=["course-fact-ref"])
    return [ref], []


def item_of(anchor_id: str, srcdir: str | None = None) -> str | None:
    """The fact-sheet item an anchor stands for (``fs-b1-5`` -> ``B1.5``), or None."""
    m = re.match(r"^fs-([a-f])([0-9]+)?(?:-([0-9]+))?$", anchor_id)
    if not m:
        return None
    item = m.group(1).upper() + (m.group(2) or "") + (f".{m.group(3)}" if m.group(3) else "")
    return item if item in load_factsheet(srcdir) else None


def _titles(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    # Resolved references lose the role's own nodes, so find fact links by their anchor and
    # give each the names of its item's sources as a tooltip.
    names = source_names(str(app.srcdir))
    for ref in doctree.findall(nodes.reference):
        item = item_of(ref.get("refuri", "").rpartition("#")[2], str(app.srcdir))
        if item is not None and "reftitle" not in ref:
            ref["reftitle"] = f"Fact sheet {item}" + (f": {names[item]}" if item in names else "")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("course_refs_docname", REFERENCES_DOCNAME, "env", types=[str])
    app.add_role("fact", fact_role)
    app.add_transform(ItemAnchors)
    app.connect("doctree-resolved", _titles)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
