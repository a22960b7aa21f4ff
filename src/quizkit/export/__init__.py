"""Exports of bank questions to LMS and study formats, one module per format.

``EXPORTERS`` maps a format name (as given to ``quizkit export --format``) to its
exporter, a pure function ``(items) -> Export`` (see ``quizkit.export.items``); the formats
in ``TITLED`` also take ``title=`` (the course's name: the Anki deck, the Canvas quiz).
Exporter modules are imported on first use, so the CLI starts fast. Each format has the file
extensions it is written with (``extensions``); ``check_out`` refuses any other.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

from quizkit.export.items import DEFAULT_TITLE, Export, Exporter, ExportItem

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

_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "gift": (".gift.txt", ".gift", ".txt"),
    "moodle-xml": (".xml",),
    "qti": (".zip",),
    "canvas": (".zip",),
    "worksheet": (".html", ".htm"),
    "anki": (".apkg",),
}

TITLED = frozenset({"anki", "canvas"})
"""Formats whose exporter takes ``title=``: the name an LMS or Anki shows for the export."""



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


def extensions(name: str) -> tuple[str, ...]:
    """The file extensions a format may be written with, the usual one first."""
    return _EXTENSIONS[name]


def check_out(name: str, filename: str) -> str | None:
    """Why ``filename`` does not fit format ``name`` (one sentence), or None if it does."""
    allowed = extensions(name)
    if filename.lower().endswith(allowed):
        return None
    stem = filename.rsplit("/", 1)[-1].split(".", 1)[0] or "course"
    what = {"anki": "an Anki deck", "qti": "a QTI package", "canvas": "a Canvas package",
            "worksheet": "a worksheet", "moodle-xml": "Moodle XML", "gift": "GIFT"}[name]
    return (f"--out {filename} does not fit --format {name}: {what} is written as "
            f"{' or '.join(allowed)} (e.g. exports/{stem}{allowed[0]})")


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


def export(name: str, items: Sequence[ExportItem], *, title: str | None = None) -> Export:
    """Run the exporter ``name`` over ``items`` (``title`` for the formats in ``TITLED``)."""
    exporter = get_exporter(name)
    if name in TITLED:
        titled: Callable[..., Export] = exporter
        return titled(items, title=title or DEFAULT_TITLE)
    return exporter(items)


__all__ = ["DEFAULT_TITLE", "EXPORTERS", "FORMATS", "TITLED", "Export", "ExportItem",
           "check_out", "export", "extensions", "get_exporter", "suffix"]
