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
        "Bad Tag, places",                     # refused: not a slug
        "places",
        "p999",                                # refused: no such paragraph
        "p1",
        "in Moscow",                           # refused: not in p1
        "2+2 meeting in Tokyo",
    ])
    assert "the paper has no paragraph 'p999'" in output
    assert "not found in paragraph p1" in output
    assert "is not a slug" in output
    assert item["options"] == [{"text": "Tokyo", "correct": True, "feedback": "Yes."},
                               {"text": "Moscow"}, {"text": "Beijing"}]
    assert item["source"] == {"paragraph": "p1", "quote": "2+2 meeting in Tokyo"}
    assert (item["difficulty"], item["tags"], item["objectives"]) == ("easy", ["places"], ["obj"])


def test_enter_keeps_the_scaffold_defaults() -> None:
    """Pressing Enter everywhere gives the scaffold's question back (TODO text kept)."""
    item, _ = _run("ordering", [""] * 12)
    assert item["items"] == ["TODO: first", "TODO: second", "TODO: third"]
    assert item["prompt"].startswith("TODO")


def test_numeric_and_fill_blanks() -> None:
    """Numbers are parsed; blanks are asked for by the ids found in the passage."""
    item, _ = _run("numeric", ["How many meetings?", "abc", "4", "0", "Four.", "", "", "",
                               "", ""])
    assert (item["answer"], item["tolerance"]) == (4.0, 0.0)
    item, _ = _run("fill-blanks", [
        "Complete.", "Focused on {{topic}} operations.", "terrorism", "terrorism | trade",
        "The paper names them.", "", "", "", "", ""])
    assert item["blanks"] == [{"id": "topic", "answers": ["terrorism"],
                               "options": ["terrorism", "trade"]}]


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
