"""Interactive authoring: prompts with defaults, validation where typed, a valid result."""

from __future__ import annotations

from typing import Any

import click
import pytest
from click.testing import CliRunner

from quizkit import authoring
from quizkit.bank import scaffold_question
from quizkit.errors import UsageError


def _run(qtype: str, answers: list[str], declared: list[str] | None = None) -> tuple[Any, str]:
    """Prompt for a scaffolded question of ``qtype``, typing ``answers``."""
    out: dict[str, Any] = {}

    @click.command()
    def cmd() -> None:
        item = scaffold_question(qtype, "new-q", objective=(declared or ["obj"])[0])
        out["item"] = authoring.prompt_for_question(item, declared or ["obj"])

    result = CliRunner().invoke(cmd, input="\n".join(answers) + "\n")
    assert result.exception is None, result.output
    return out["item"], result.output


def test_single_choice_with_retyped_bad_values() -> None:
    """A wrong paragraph and a quote not in it are refused and asked again."""
    item, output = _run("single-choice", [
        "Where was the 2+2 held?",
        "Tokyo", "Moscow", "Beijing", "",      # options
        "1",                                   # correct option
        "Yes.", "", "",                        # feedback per option
        "The paper says Tokyo.",               # explanation
        "",                                    # objective (default)
        "easy",
        "analyse",                             # level
        "Bad Tag, places",                     # refused: not a slug
        "places",
        "p999",                                # refused: no such paragraph
        "p1",
        "in Moscow",                           # refused: not in p1
        "2+2 meeting in Tokyo",
    ])
    assert "the text has no paragraph 'p999'" in output
    assert "not found in paragraph p1" in output
    assert "is not a slug" in output
    assert item["options"] == [{"text": "Tokyo", "correct": True, "feedback": "Yes."},
                               {"text": "Moscow"}, {"text": "Beijing"}]
    assert item["source"] == {"paragraph": "p1", "quote": "2+2 meeting in Tokyo"}
    assert (item["difficulty"], item["tags"], item["objectives"]) == ("easy", ["places"], ["obj"])
    assert item["level"] == "analyse"
    assert "response_tests" not in item  # a choice question's answer is not typed


def test_enter_keeps_the_scaffold_defaults() -> None:
    """Pressing Enter everywhere gives the scaffold's question back (TODO text kept)."""
    item, _ = _run("ordering", [""] * 12)
    assert item["items"] == ["TODO: first", "TODO: second", "TODO: third"]
    assert item["prompt"].startswith("TODO")


def test_numeric_and_fill_blanks() -> None:
    """Numbers are parsed; blanks are asked for by the ids found in the passage; the typed
    variants become response tests after the model answer's own."""
    item, output = _run("numeric", ["How many meetings?", "abc", "4", "0",
                                    "4.0 | 4", "5",     # must be accepted / refused
                                    "Four.", "", "", "", "", "", ""])
    assert (item["answer"], item["tolerance"]) == (4.0, 0.0)
    assert item["response_tests"] == [
        {"response": 4.0, "expect": "correct"}, {"response": "4.0", "expect": "correct"},
        {"response": "4", "expect": "correct"}, {"response": "5", "expect": "incorrect"}]
    assert "note:" not in output
    item, _ = _run("fill-blanks", [
        "Complete.", "Focused on {{topic}} operations.", "terrorism", "terrorism | trade",
        "The paper names them.", "", "", "", "", "", ""])
    assert item["blanks"] == [{"id": "topic", "answers": ["terrorism"],
                               "options": ["terrorism", "trade"]}]
    assert item["response_tests"] == [{"response": {"topic": "terrorism"}, "expect": "correct"}]


def test_free_text_blank_variants_and_a_failing_test_noted() -> None:
    """A free-text blank is asked for variants; one its answers refuse is noted, not dropped."""
    item, output = _run("fill-blanks", [
        "Complete.", "They met in {{city}}.", "Tokyo", "",   # answers, no options
        "tokyo | Tokio",                                      # variants for the blank
        "The paper names Tokyo.", "", "", "", "", "", ""])
    assert item["response_tests"] == [
        {"response": {"city": "Tokyo"}, "expect": "correct"},
        {"response": {"city": "tokyo"}, "expect": "correct"},
        {"response": {"city": "Tokio"}, "expect": "correct"}]
    assert ("note: {'city': 'Tokio'} grades incorrect, expected correct; `quizkit check` will "
            "report it until the answers or the test change") in output


def test_level_is_chosen_among_six_with_hints() -> None:
    """The level prompt lists the six levels with a hint each and refuses anything else."""
    item, output = _run("ordering", [""] * 5 + ["apply-it", "evaluate"] + [""] * 4)
    for level, hint in authoring.LEVEL_HINTS.items():
        assert f"  {level:<10}  {hint}" in output
    assert "'apply-it' is not one of" in output
    assert item["level"] == "evaluate"


def test_missing_option_without_a_terminal_is_a_usage_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Not interactive: a missing --type stays an error (scripts must not hang)."""
    monkeypatch.setattr(authoring, "is_interactive", lambda: False)
    with pytest.raises(UsageError, match="missing option --type"):
        authoring.ask_missing("--type")


def test_missing_id_is_asked_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """An id already in the bank or not a slug is refused, then a good one accepted."""
    monkeypatch.setattr(authoring, "is_interactive", lambda: True)
    got: dict[str, str] = {}

    @click.command()
    def cmd() -> None:
        got["id"] = authoring.ask_missing("--id", existing_ids={"taken": "bank/x.yml:3"})

    result = CliRunner().invoke(cmd, input="taken\nNot A Slug\nfresh-id\n")
    assert "already used by the question at bank/x.yml:3" in result.output
    assert got["id"] == "fresh-id"
