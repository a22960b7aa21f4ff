"""Sphinx extension: the ``bank-reference`` directive, tables of the bank format.

````md
```{bank-reference}
```
````

emits, for each model of the bank format, a heading-like rubric (anchor
``#bank-ref-<key>``), the model's docstring and a table of its fields: key, type,
required or default, description, all from :mod:`quizkit.reference`. With the ``:config:``
flag it documents the course configuration (``quizkit.yml``) instead, anchors
``#config-ref-<key>``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from quizkit.reference import ModelReference, bank_reference, config_reference

_HEADERS = ("Key", "Type", "Required", "Description")
_WIDTHS = (18, 22, 16, 44)


def _row(cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += cell
        row += entry
    return row


def _table(ref: ModelReference) -> nodes.table:
    table = nodes.table(classes=["bank-reference"])
    group = nodes.tgroup(cols=len(_HEADERS))
    table += group
    for width in _WIDTHS:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row([nodes.paragraph(text=h) for h in _HEADERS])
    group += head
    body = nodes.tbody()
    for f in ref.fields:
        key = nodes.paragraph()
        key += nodes.literal(text=f.name)
        required = "yes" if f.required else (f"no (default {f.default})" if f.default else "no")
        body += _row([key, nodes.paragraph(text=f.type), nodes.paragraph(text=required),
                      nodes.paragraph(text=f.description)])
    group += body
    return table


class BankReference(SphinxDirective):
    """Tables of the bank format, generated from the models."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"only": directives.unchanged,
                                             "config": directives.flag}

    def run(self) -> list[nodes.Node]:
        """Build a rubric, summary and table per model (``:only:`` limits to some keys)."""
        only = {k.strip() for k in self.options.get("only", "").split(",") if k.strip()}
        is_config = "config" in self.options
        prefix = "config-ref" if is_config else "bank-ref"
        out: list[nodes.Node] = []
        for ref in config_reference() if is_config else bank_reference():
            if only and ref.key not in only:
                continue
            rubric = nodes.rubric(text=ref.title, ids=[f"{prefix}-{ref.key}"])
            out.append(rubric)
            if ref.summary:
                out.append(nodes.paragraph(text=ref.summary))
            out.append(_table(ref))
        return out


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``bank-reference`` directive."""
    app.add_directive("bank-reference", BankReference)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


__all__ = ["BankReference", "setup"]
