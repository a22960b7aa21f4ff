"""What every exporter takes and returns: questions with their chapter, and the files made.

Exporters are pure functions ``(items) -> Export``: no I/O, no clock, no randomness, so the
same bank always gives the same bytes (identifiers come from content hashes, zip entries
carry a fixed timestamp).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from quizkit.models import BankFile, Question

DEFAULT_TITLE = "quizkit export"
"""The name of an export (Anki deck, Canvas quiz) when no title is given."""

FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
"""Timestamp of every zip entry we write (a neutral fixed date), so archives are byte-identical."""


@dataclass(frozen=True)
class Chapter:
    """The bank file a question comes from: chapter number, title and file stem."""

    number: int
    title: str
    stem: str

    @property
    def label(self) -> str:
        """``03 First steps``: the name used for LMS categories."""
        return f"{self.number:02d} {self.title}"


@dataclass(frozen=True)
class ExportItem:
    """One question to export, with its chapter."""

    chapter: Chapter
    question: Question


@dataclass(frozen=True)
class Skipped:
    """A question (or part of one) a format cannot express, and why."""

    id: str
    type: str
    reason: str

    def __str__(self) -> str:
        return f"{self.id} ({self.type}): {self.reason}"


@dataclass
class Export:
    """An exporter's result: the main file's bytes, companion files, and what was left out.

    ``companions`` maps a name suffix to bytes: ``{"-key.html": ...}`` is written beside
    ``out`` as ``<out stem>-key.html``. ``skipped`` lists questions not exported at all;
    ``notes`` lists fields a format could not carry for questions that were exported.
    """

    data: bytes
    companions: dict[str, bytes] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Skipped] = field(default_factory=list)


class Exporter(Protocol):
    """A format: turns questions into files."""

    def __call__(self, items: Sequence[ExportItem], /) -> Export: ...


def items_from_files(files: Iterable[tuple[str, BankFile]]) -> list[ExportItem]:
    """Export items from ``(stem, BankFile)`` pairs, sorted by chapter then written order."""
    items: list[ExportItem] = []
    for stem, model in sorted(files, key=lambda f: (f[1].chapter, f[0])):
        chapter = Chapter(model.chapter, model.title, stem)
        items.extend(ExportItem(chapter, q) for q in model.questions)
    return items


def content_id(*parts: str, length: int = 16) -> str:
    """A stable identifier from content: hex digest of the parts (so exports are repeatable)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def content_int(*parts: str, bits: int = 31) -> int:
    """A stable positive integer from content (Anki deck/model ids and the like)."""
    return int(content_id(*parts, length=16), 16) % (1 << bits) + (1 << (bits - 1))


def fixed_zip(entries: dict[str, bytes]) -> bytes:
    """A zip of ``entries`` in sorted order with a fixed timestamp and permissions."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever the host, for identical bytes
            zf.writestr(info, entries[name])
    return buf.getvalue()


def meta_of(question: Question) -> dict[str, object]:
    """Bank fields no LMS format has a place for, carried in a comment for re-import."""
    meta: dict[str, object] = {
        "objectives": list(question.objectives),
        "source": question.source.model_dump(exclude_none=True),
    }
    if question.difficulty != "medium":
        meta["difficulty"] = question.difficulty
    meta["level"] = question.level
    if question.hints:
        meta["hints"] = list(question.hints)
    if question.response_tests:
        meta["response_tests"] = [t.model_dump(exclude_none=True) for t in question.response_tests]
    return meta


__all__ = [
    "DEFAULT_TITLE",
    "FIXED_ZIP_TIME",
    "Chapter",
    "Export",
    "ExportItem",
    "Exporter",
    "Skipped",
    "content_id",
    "content_int",
    "fixed_zip",
    "items_from_files",
    "meta_of",
]
