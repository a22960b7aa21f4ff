"""Anki: a ``.apkg`` deck (genanki) with one note per question.

Front: the prompt (and options, or items, or the passage). Back: the answer, the
explanation and the source. The deck is named after the course (``title``: the CLI passes the
book's title from ``_config.yml``, or ``--title``). Deck and model ids, note guids and the timestamp genanki writes
are derived from content, and the package is zipped with a fixed entry time, so the file
is byte-identical on every run.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import tempfile
from collections.abc import Sequence

import genanki

from quizkit.export.items import (
    DEFAULT_TITLE,
    Export,
    ExportItem,
    content_id,
    content_int,
    fixed_zip,
)
from quizkit.export.worksheet import _sheet_answer, answer_text, source_text
from quizkit.text import render_markdown

FIXED_TIMESTAMP = 946684800.0
"""Seconds since the epoch genanki stamps on notes and cards: a neutral fixed date
(1 January 2000, 00:00 UTC, the zip entries' date too), so decks are byte-identical."""

_CSS = ".card { font-family: Georgia, serif; font-size: 18px; text-align: left; }\n" \
       ".box { display: inline-block; width: .8em; height: .8em; border: 1px solid #555; }\n" \
       ".meta { color: #555; font-size: 14px; }"


def _model() -> genanki.Model:
    return genanki.Model(
        content_int("quizkit-anki-model-v1"),
        "quizkit question",
        fields=[{"name": "Id"}, {"name": "Front"}, {"name": "Back"}],
        templates=[{
            "name": "Card 1",
            "qfmt": "{{Front}}",
            "afmt": "{{FrontSide}}<hr id=\"answer\">{{Back}}",
        }],
        css=_CSS,
    )


def deck_name(title: str) -> str:
    """The deck's name: the title on one line ("::" would make Anki nest decks)."""
    return " ".join(title.replace("::", ":").split())[:200] or DEFAULT_TITLE


def export_anki(items: Sequence[ExportItem], *, title: str = DEFAULT_TITLE) -> Export:
    """Export questions as an Anki ``.apkg`` package (bytes), one deck named ``title``."""
    model = _model()
    deck = genanki.Deck(content_int("deck", *(it.question.id for it in items)), deck_name(title))
    for it in items:
        q = it.question
        front = render_markdown(q.prompt) + _sheet_answer(q)
        back = (f"<p><strong>Answer:</strong> {answer_text(q)}</p>"
                + render_markdown(q.explanation)
                + f'<p class="meta">Source: {source_text(q)}</p>')
        deck.add_note(genanki.Note(model=model, fields=[q.id, front, back],
                                   guid=content_id("note", q.id, length=10),
                                   tags=[t.replace(" ", "_") for t in q.tags]))
    package = genanki.Package(deck)
    fd, path = tempfile.mkstemp(suffix=".anki2")
    os.close(fd)
    try:
        conn = sqlite3.connect(path)
        try:
            package.write_to_db(conn.cursor(), FIXED_TIMESTAMP,
                                itertools.count(int(FIXED_TIMESTAMP * 1000)))
            conn.commit()
        finally:
            conn.close()
        with open(path, "rb") as fh:
            db = fh.read()
    finally:
        os.unlink(path)
    data = fixed_zip({"collection.anki2": db, "media": json.dumps({}).encode()})
    return Export(data=data)


__all__ = ["FIXED_TIMESTAMP", "deck_name", "export_anki"]
