"""Anki deck: one note per question with the answer, explanation and source on the back."""

from __future__ import annotations

from quizkit.export.anki import export_anki
from test_export_golden import anki_notes, fixture_items


def test_one_note_per_question_with_stable_guids() -> None:
    """Nine questions give nine notes; guids come from the ids (same on every run)."""
    notes = anki_notes(export_anki(fixture_items()).data)[1:]
    assert [n["fields"][0] for n in notes] == [it.question.id for it in fixture_items()]
    assert len({n["guid"] for n in notes}) == 9
    assert notes == anki_notes(export_anki(fixture_items()).data)[1:]


def test_back_holds_answer_explanation_and_source() -> None:
    """The back of the numeric question gives the answer, why, and where it stands."""
    notes = {n["fields"][0]: n for n in anki_notes(export_anki(fixture_items()).data)[1:]}
    back = notes["fx-numeric"]["fields"][2]
    assert "<strong>Answer:</strong> 4" in back
    assert "four meetings in six months" in back
    assert "paragraph p4" in back
    assert "Tick one." in notes["fx-single"]["fields"][1]
