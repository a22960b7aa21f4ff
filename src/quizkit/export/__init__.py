"""Exports of bank questions to LMS and study formats, one module per format.

``EXPORTERS`` maps a format name (as given to ``quizkit export --format``) to its
exporter, a pure function ``(items) -> Export`` (see ``quizkit.export.items``). Exporter
modules are imported on first use, so the CLI starts fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from quizkit.export.items import Export, Exporter, ExportItem

_FORMATS: dict[str, tuple[str, str, str]] = {
    # name: (module, function, file suffix)
    "gift": ("quizkit.export.gift", "export_gift", ".gift.txt"),
    "moodle-xml": ("quizkit.export.moodle_xml", "export_moodle_xml", ".xml"),
    "qti": ("quizkit.export.qti", "export_qti", ".zip"),
    "canvas": ("quizkit.export.canvas", "export_canvas", ".zip"),
    "worksheet": ("quizkit.export.worksheet", "export_worksheet", ".html"),
    "anki": ("quizkit.export.anki", "export_anki", ".apkg"),
}

FORMATS: tuple[str, ...] = tuple(_FORMATS)
"""Format names, in the order the CLI lists them."""


def get_exporter(name: str) -> Exporter:
    """The exporter for a format name; ``KeyError`` names the valid choices."""
    if name not in _FORMATS:
        raise KeyError(f"unknown export format {name!r} (choose from {', '.join(FORMATS)})")
    module, func, _ = _FORMATS[name]
    exporter: Exporter = getattr(importlib.import_module(module), func)
    return exporter


def suffix(name: str) -> str:
    """The usual file suffix for a format (``.gift.txt``, ``.zip`` ...)."""
    return _FORMATS[name][2]


class _Lazy(dict[str, Exporter]):
    """``EXPORTERS[name]`` imports the format's module on first use."""

    def __missing__(self, key: str) -> Exporter:
        exporter = get_exporter(key)
        self[key] = exporter
        return exporter

    def __contains__(self, key: object) -> bool:
        return key in _FORMATS

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(FORMATS)

    def __len__(self) -> int:
        return len(FORMATS)


EXPORTERS: dict[str, Exporter] = _Lazy()
"""Format name -> exporter."""


def export(name: str, items: Sequence[ExportItem]) -> Export:
    """Run the exporter ``name`` over ``items``."""
    return get_exporter(name)(items)


__all__ = ["EXPORTERS", "FORMATS", "Export", "ExportItem", "export", "get_exporter", "suffix"]
