"""quizkit.problems: every validation path (bank files, quizkit.yml, new questions, imports)
gives located problems with the field as data and the bank's wording, never pydantic's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quizkit.bank import loads, scaffold_question
from quizkit.config import load_config
from quizkit.errors import BankError, Problem
from quizkit.importers import parse
from quizkit.importers.target import plan_import
from quizkit.problems import question_problems

CORPUS = Path(__file__).parent / "invalid_banks"
VALID = (CORPUS / "_valid.yml").read_text(encoding="utf-8")
RAW_PYDANTIC = ("should", "Field required", "Input should", "Value error", "after validation",
                "https://")


def _problems(text: str) -> list[Problem]:
    with pytest.raises(BankError) as info:
        loads(text, "f.yml")
    return info.value.problems


def _line(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), 1) if needle in ln)


def test_a_rule_names_its_field_as_data_not_by_its_wording() -> None:
    """A blank's pin rule points at ``pin`` (its field, carried in the error's context), though
    no word of its message names a field."""
    text = VALID.replace('        answers: ["2014"]\n', '        answers: ["2014"]\n        pin: [x]\n', 1)
    assert text != VALID
    [problem] = _problems(text)
    assert problem.field == "blanks.0.pin"
    assert problem.message == "pin needs options (a free-text blank has nothing to pin)"
    assert problem.line == _line(text, "pin: [x]")


def test_a_rule_message_keeps_braces_from_the_bank() -> None:
    """Text from the bank inside a rule's message is shown as written, braces included."""
    text = VALID.replace("left: Sergei Shoigu", "left: '{field} {message}'").replace(
        "left: Sergey Lavrov", "left: '{field} {message}'")
    assert text.count("{field} {message}") == 2
    [problem] = _problems(text)
    assert str(problem).endswith(
        "question 'meeting-ministers': pairs: each left item must be distinct "
        "(found '{field} {message}' twice)")


def test_a_rule_whose_field_is_absent_points_at_the_question() -> None:
    """``numeric needs either answer or range`` names ``answer``; with neither given, the
    problem stands at the question itself rather than at a field the file lacks."""
    text = VALID.replace("    answer: 2013\n", "", 1)
    assert text != VALID
    [problem] = _problems(text)
    assert (problem.question_id, problem.field) == ("meeting-year", None)
    assert problem.message == "numeric needs either answer or range, not both or neither"


def test_a_new_question_is_worded_like_a_bank_file() -> None:
    """``quizkit new`` and the importers check a question that is not in a file yet: the
    problem names the field and says what was found, in the bank's words."""
    item = scaffold_question("ordering", "Bad Id", objective="meeting-facts")
    item["items"] = ["only one"]
    problems = question_problems(item, filename="bank/03.yml", line=7, strict=True)
    assert [str(p) for p in problems] == [
        "bank/03.yml:7: question 'Bad Id': id: must be a slug: lowercase letters and digits "
        "in words joined by single hyphens (found 'Bad Id')",
        "bank/03.yml:7: question 'Bad Id': items: needs at least 2 items (found 1)",
    ]
    item = scaffold_question("numeric", "n-1", objective="meeting-facts")
    item["answer"] = "2013"  # text where a number belongs: strict validation refuses it
    [problem] = question_problems(item, filename="x", strict=True)
    assert (problem.field, problem.message) == ("answer", "must be a number (found '2013')")
    assert question_problems(item, filename="x") == []  # lax, as imports validate


def test_an_unknown_type_in_a_new_question_suggests_the_nearest() -> None:
    """A mistyped type is named with a suggestion, at the ``type`` field."""
    [problem] = question_problems({"id": "q", "type": "numerc"}, filename="x")
    assert (problem.field, problem.message) == (
        "type", "unknown question type 'numerc'; did you mean 'numeric'?")


def test_an_import_reports_an_invalid_draft_in_the_bank_words(tmp_path: Path) -> None:
    """A GIFT matching question with one pair is left out with the bank's sentence, at its
    line, naming the question and field (not pydantic's 'List should have ...')."""
    target = tmp_path / "03-meeting.yml"
    shutil.copy(CORPUS / "_valid.yml", target)
    gift = b"// one pair\n::one-pair::Match the minister. {\n\t=Lavrov -> foreign minister\n}\n"
    parsed = parse("gift", gift, "one.gift.txt")
    items, report = plan_import(target, parsed, objective=None, factsheet=None,
                                source_name="one.gift.txt")
    assert items == []
    assert [str(p) for p in report.unmapped] == [
        "one.gift.txt:2: question 'one-pair': pairs: needs at least 2 items (found 1)"]
    assert not any(word in str(report.unmapped[0]) for word in RAW_PYDANTIC)


def test_course_configuration_problems_are_worded_and_located(tmp_path: Path) -> None:
    """quizkit.yml: the line of the value, the field without pydantic's union member names,
    and a suggestion for a mistyped key."""
    (tmp_path / "quizkit.yml").write_text(
        "attempts:\n  tries: lots\nlint:\n  simlarity: 0.5\n", encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_config(tmp_path)
    path = tmp_path / "quizkit.yml"
    assert [str(p) for p in info.value.problems] == [
        f"{path}:2: attempts.tries: must be a whole number (found 'lots')",
        f"{path}:2: attempts.tries: must be one of 'unlimited' (found 'lots')",
        f"{path}:4: lint: unknown field 'simlarity'; did you mean 'similarity'?",
    ]


def test_hostile_text_in_a_field_name_is_escaped(tmp_path: Path) -> None:
    """An unknown key with control characters is shown escaped, on one line."""
    text = VALID.replace("  - id: meeting-date\n", "  - id: meeting-date\n    \"x\\u202e\\u2028\": 1\n", 1)
    [problem] = _problems(text)
    assert "\u202e" not in str(problem) and "\u2028" not in str(problem)
    assert problem.message == "unknown field 'x\\u202e\\u2028'"
