"""Moodle XML parser: the six mapped types, HTML to Markdown, no entity expansion."""

from __future__ import annotations

from pathlib import Path

from quizkit.importers.moodle_xml import parse_moodle_xml

FIXTURES = Path(__file__).parent / "import_fixtures"


def test_realistic_export_maps_six_types_and_reports_essay() -> None:
    """multichoice, truefalse, shortanswer, numerical, matching, ordering; essay unmapped."""
    parsed = parse_moodle_xml((FIXTURES / "realistic.moodle.xml").read_bytes(), "r.xml")
    types = {d.data["id"]: d.data["type"] for d in parsed.drafts}
    assert types == {"meeting-date-moodle": "single-choice", "lavrov": "true-false",
                     "city": "short-text", "meetings-count": "numeric",
                     "ministers": "matching", "sections": "ordering"}
    assert [(p.line, p.message) for p in parsed.unmapped] == [
        (50, "Moodle question type 'essay' has no bank equivalent")]
    first = parsed.drafts[0]
    assert first.line == 7
    assert first.data["prompt"] == "When was the **2+2** held?"
    assert first.data["explanation"] == "See the paper's opening."
    assert first.data["tags"] == ["dates"]
    assert parsed.drafts[5].data["items"] == ["Introduction", "Highlights", "Conclusions"]
    assert parsed.drafts[4].data["distractors"] == ["China"]


def test_external_entities_are_not_expanded() -> None:
    """A DOCTYPE entity pointing at a local file is left unresolved (no file read)."""
    parsed = parse_moodle_xml((FIXTURES / "entity-bomb.moodle.xml").read_bytes(), "e.xml")
    assert "root:" not in repr(parsed.drafts)
    assert parsed.drafts[0].data["prompt"] in ("", "leaks?")
