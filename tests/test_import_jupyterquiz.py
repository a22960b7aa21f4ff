"""jupyterquiz JSON parser: its four question types, line numbers per question."""

from __future__ import annotations

from pathlib import Path

from quizkit.importers.jupyterquiz import parse_jupyterquiz

FIXTURES = Path(__file__).parent / "import_fixtures"


def test_realistic_file_maps_types_and_lines() -> None:
    """multiple_choice, many_choice, numeric (value and range), string; others reported."""
    parsed = parse_jupyterquiz((FIXTURES / "realistic.jupyterquiz.json").read_text(), "q.json")
    assert [(d.line, d.data["type"]) for d in parsed.drafts] == [
        (2, "single-choice"), (10, "multiple-select"), (19, "numeric"), (28, "numeric"),
        (33, "short-text")]
    assert parsed.drafts[2].data["answer"] == 4
    assert parsed.drafts[3].data["range"] == {"low": 2013, "high": 2014}
    assert "exclude the upper bound" in parsed.drafts[3].notes[0]
    assert parsed.drafts[4].data["common_mistakes"] == [
        {"answer": "Kishida", "feedback": "He was Foreign Minister."}]
    assert [(p.line, p.message) for p in parsed.unmapped] == [
        (41, "jupyterquiz type 'drag_and_drop' has no bank equivalent")]
