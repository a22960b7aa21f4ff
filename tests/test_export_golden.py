"""Every export format: byte-identical output on every run, pinned by golden files.

The golden files in ``tests/golden/exports/`` come from the fixture bank beside them;
regenerate with ``QUIZKIT_UPDATE_GOLDEN=1 pytest tests/test_export_golden.py``.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import pytest

from quizkit.bank import load_file
from quizkit.export import FORMATS, get_exporter, suffix
from quizkit.export.items import ExportItem, items_from_files

GOLDEN = Path(__file__).parent / "golden" / "exports"
FIXTURE = GOLDEN / "fixture-bank" / "90-fixture.yml"


def fixture_items() -> list[ExportItem]:
    """The fixture bank (one question of every type) as export items."""
    return items_from_files([(FIXTURE.stem, load_file(FIXTURE))])


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_byte_identical_on_every_run(fmt: str) -> None:
    """Two exports of the same questions give the same bytes (main file and companions)."""
    first = get_exporter(fmt)(fixture_items())
    second = get_exporter(fmt)(fixture_items())
    assert first.data == second.data
    assert first.companions == second.companions
    assert first.data  # an empty export would pass the comparison trivially


def anki_notes(apkg: bytes) -> list[dict[str, object]]:
    """The notes (guid, fields, tags) and deck names inside an ``.apkg``, for comparison."""
    with zipfile.ZipFile(io.BytesIO(apkg)) as zf, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.anki2"
        db.write_bytes(zf.read("collection.anki2"))
        conn = sqlite3.connect(db)
        try:
            rows = conn.execute("SELECT guid, flds, tags FROM notes ORDER BY id").fetchall()
            decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
        finally:
            conn.close()
    names = sorted(d["name"] for d in decks.values())
    return [{"decks": names}] + [
        {"guid": g, "fields": f.split("\x1f"), "tags": t.split()} for g, f, t in rows
    ]


def _golden_form(fmt: str, name: str, data: bytes) -> tuple[str, bytes]:
    # An .apkg holds an SQLite file whose bytes depend on the SQLite library; its golden
    # file pins the notes instead (byte-identity across runs is tested above).
    if fmt == "anki":
        text = json.dumps(anki_notes(data), ensure_ascii=False, indent=1) + "\n"
        return name + ".json", text.encode("utf-8")
    return name, data


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_matches_golden_file(fmt: str) -> None:
    """The export of the fixture bank equals its golden file, byte for byte."""
    result = get_exporter(fmt)(fixture_items())
    files = {f"fixture{suffix(fmt)}": result.data}
    for companion_suffix, data in result.companions.items():
        files[f"fixture{companion_suffix}"] = data
    for raw_name, raw in files.items():
        name, data = _golden_form(fmt, raw_name, raw)
        path = GOLDEN / fmt / name
        if os.environ.get("QUIZKIT_UPDATE_GOLDEN") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        assert path.is_file(), f"missing golden file {path}: run with QUIZKIT_UPDATE_GOLDEN=1"
        assert data == path.read_bytes(), f"{fmt} export differs from {path}"
