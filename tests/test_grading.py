"""The Python grader against the shared case table, plus properties the table cannot list."""

from __future__ import annotations

import copy
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from ruamel.yaml import YAML

from quizkit.attempts import AttemptPolicy, attempt_state
from quizkit.grading import (
    MESSAGES,
    grade,
    normalise,
    parse_number,
    pattern_problem,
    round_score,
    typo_distance,
)
from quizkit.models import QUESTION_TYPES, Question

CASES_PATH = Path(__file__).with_name("grading_cases.yml")
QUESTION = TypeAdapter(Question)


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    data = YAML(typ="safe").load(CASES_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def question_dict(spec: str | dict[str, Any]) -> dict[str, Any]:
    """A case's question as a bank-format dict: named, inline, or ``base`` plus overrides."""
    table = _table()
    if isinstance(spec, str):
        name, overrides = spec, {}
    elif "base" in spec:
        overrides = {k: v for k, v in spec.items() if k != "base"}
        name = spec["base"]
    else:
        name, overrides = "", spec
    base = copy.deepcopy(table["questions"][name]) if name else {}
    merged = {**table["defaults"], "id": name or "inline-question", **base, **overrides}
    return merged


def load_cases() -> list[dict[str, Any]]:
    """Every case of the table with its question resolved to a bank-format dict."""
    return [{**case, "question": question_dict(case["question"])} for case in _table()["cases"]]


def load_questions() -> list[Question]:
    """Every named question of the table, validated."""
    return [QUESTION.validate_python(question_dict(name)) for name in _table()["questions"]]


CASES = load_cases()


def test_table_is_well_formed() -> None:
    """Names are unique, there are enough cases, and every type has at least eight."""
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    assert len(CASES) >= 100
    per_type = {t: sum(c["question"]["type"] == t for c in CASES) for t in QUESTION_TYPES}
    assert min(per_type.values()) >= 8, per_type
    statuses = {c["expect"]["status"] for c in CASES}
    assert statuses == {"correct", "partial", "incorrect", "empty", "invalid"}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case_question_is_valid(case: dict[str, Any]) -> None:
    """Each case's question is a valid bank question, and its expectation is consistent."""
    QUESTION.validate_python(case["question"])
    expect = case["expect"]
    assert set(expect) <= {"score", "correct", "status", "feedback_contains"}
    assert expect["correct"] == (expect["score"] == 1)
    assert expect["correct"] == (expect["status"] == "correct")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    """The Python grader gives the table's score, status and feedback."""
    question = QUESTION.validate_python(case["question"])
    result = grade(question, case["response"])
    expect = case["expect"]
    assert result.score == pytest.approx(expect["score"], abs=1e-6)
    assert result.status == expect["status"]
    assert result.correct is expect["correct"]
    joined = "\n".join(result.feedback)
    for text in expect.get("feedback_contains", []):
        assert text in joined, f"{text!r} not in feedback {result.feedback!r}"
    if expect["status"] in ("empty", "invalid"):
        assert result.parts == []


def _question(name: str) -> Question:
    return QUESTION.validate_python(question_dict(name))


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 10**400])
def test_numbers_json_cannot_carry_are_invalid(value: float) -> None:
    """NaN, infinities and an int too big for a float are invalid, not errors."""
    result = grade(_question("num-year"), value)
    assert (result.status, result.score) == ("invalid", 0.0)


def test_parts_follow_written_order() -> None:
    """Parts mark, per option in written order, whether its chosen state is right."""
    assert grade(_question("ms-outcomes"), [0, 3]).parts == [True, False, False, False, True]
    assert grade(_question("od-summits"), [1, 0, 2, 3]).parts == [False, False, True, True]
    assert grade(_question("fb-meeting"), {"format": "2+2", "city": "x"}).parts == [
        True,
        False,
        False,
    ]


def test_invalid_feedback_names_the_problem() -> None:
    """A malformed response gets the generic note; a comma gets the decimal-point note."""
    assert grade(_question("sc-date"), "zero").feedback == [MESSAGES["unreadable"]]
    assert grade(_question("num-year"), "1,5").feedback == [MESSAGES["comma"]]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Russia’s  “Pivot” ", "russias pivot"),
        ("anti-piracy", "anti piracy"),
        ("2+2", "2+2"),
        ("U.S.", "us"),
        ("ＡＢＣ１２", "abc12"),
        ("Straße", "straße"),
        ("ΟΔΟΣ", "οδος"),
        ("a\u200b\u00adb", "ab"),
        ("x\u2028y", "x y"),
        ("$100 €", "100"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    """Normalisation keeps letters, digits and plus and drops the rest as documented."""
    assert normalise(raw) == expected


def test_normalise_case_sensitive() -> None:
    """Case is kept when asked."""
    assert normalise("SAAG Paper", case_sensitive=True) == "SAAG Paper"


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("", "", 0), ("abc", "abc", 0), ("abc", "acb", 1), ("kitten", "sitting", 3),
     ("ca", "abc", 3), ("шойгу", "шойгy", 1), ("", "abc", 3)],
)  # fmt: skip
def test_typo_distance(a: str, b: str, distance: int) -> None:
    """Optimal string alignment: a swap of neighbours is one edit, but edits do not overlap."""
    assert typo_distance(a, b) == distance
    assert typo_distance(b, a) == distance


@pytest.mark.parametrize(
    ("pattern", "ok"),
    [("(2 ?\\+ ?2|two plus two)", True), ("[a-z]+ [0-9]{4}", True), ("(?<=a)b", True),
     ("(?P<x>a)", False), ("(?<x>a)", False), ("(?i)abc", False), ("\\Aabc", False),
     ("a++", False), ("(", False)],
)  # fmt: skip
def test_pattern_problem(pattern: str, ok: bool) -> None:
    """Patterns outside the portable subset are reported with a reason."""
    assert (pattern_problem(pattern) is None) is ok


def test_parse_number() -> None:
    """Numbers parse from text with sign, exponent and full-width digits; commas are refused."""
    assert parse_number(" +1.5e1 ") == 15.0
    assert parse_number("１２") == 12.0
    assert parse_number("1,000") == "comma"
    assert parse_number("1 000") == "not_a_number"
    assert parse_number(False) == "unreadable"


def test_round_score_half_up() -> None:
    """Scores round half up to 6 decimals, as Math.round does in JavaScript."""
    assert round_score(2 / 3) == 0.666667
    assert round_score(1 / 6) == 0.166667
    assert round_score(0.0000005) == 0.000001


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@pytest.mark.parametrize("name", list(_table()["questions"]))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(response=JSON)
def test_grade_never_raises(name: str, response: object) -> None:
    """Any JSON-like response grades without raising, with a score in [0, 1]."""
    result = grade(_question(name), response)
    assert 0.0 <= result.score <= 1.0
    assert result.correct == (result.score == 1)
    assert result.status in ("correct", "partial", "incorrect", "empty", "invalid")


def test_every_type_has_a_named_question() -> None:
    """The property test above covers every question type."""
    assert {q.type for q in load_questions()} == set(QUESTION_TYPES)


BANK_DIR = Path(__file__).parents[1] / "bank"


def bank_questions() -> list[Question]:
    """Every question of the course bank (loaded file by file, as the bank module reads it)."""
    from quizkit.bank import load_file

    return [q for path in sorted(BANK_DIR.glob("*.yml")) for q in load_file(path).questions]


def model_responses(question: Question) -> list[object]:
    """Responses that give the bank's own answer (every accepted text for short text)."""
    q: Any = question
    if q.type == "single-choice":
        return [next(i for i, o in enumerate(q.options) if o.correct)]
    if q.type == "multiple-select":
        return [[i for i, o in enumerate(q.options) if o.correct]]
    if q.type == "true-false":
        return [q.answer]
    if q.type == "numeric":
        return [q.answer] if q.answer is not None else [q.range.low, q.range.high]
    if q.type == "short-text":
        return list(q.answers)
    if q.type == "matching":
        return [[p.right for p in q.pairs]]
    if q.type == "ordering":
        return [list(range(len(q.items)))]
    return [{b.id: b.answers[0] for b in q.blanks}]


def test_bank_answers_grade_correct() -> None:
    """Every question in bank/ accepts its own answer, and its pattern is portable to JS."""
    questions = bank_questions()
    assert questions, "bank/ holds no questions"
    wrong = [(q.id, r) for q in questions for r in model_responses(q) if not grade(q, r).correct]
    assert not wrong
    patterns = {q.id: pattern_problem(p) for q in questions if (p := getattr(q, "pattern", None))}
    assert not {k: v for k, v in patterns.items() if v}


ATTEMPTS = _table()["attempts"]


def attempt_policy(case: dict[str, Any]) -> AttemptPolicy:
    """The case's policy (default: two tries, a third off per extra try)."""
    given = case.get("policy")
    return AttemptPolicy() if given is None else AttemptPolicy(given["tries"], given["penalty"])


@pytest.mark.parametrize("case", ATTEMPTS, ids=[c["name"] for c in ATTEMPTS])
def test_attempt_case(case: dict[str, Any]) -> None:
    """Tries graded in turn, then the attempt rule, give the table's credit and state."""
    question = QUESTION.validate_python(question_dict(case["question"]))
    scores = []
    for response in case["tries"]:
        result = grade(question, response)
        if result.status not in ("empty", "invalid"):
            scores.append(result.score)
    state = attempt_state(attempt_policy(case), scores, revealed=case.get("reveal", False))
    expect = case["expect"]
    assert state.credit == pytest.approx(expect["credit"], abs=1e-6)
    for key in ("tries_used", "finished", "can_retry", "can_reveal", "show_expected"):
        assert getattr(state, key) == expect[key], key


def test_attempt_table_covers_the_rule() -> None:
    """The table holds the sequences the rule is about, including a reveal and unlimited tries."""
    names = {c["name"] for c in ATTEMPTS}
    assert len(names) == len(ATTEMPTS)
    assert {"right first time", "wrong then right", "wrong then wrong", "partial then right",
            "show answer after one wrong"} <= names
    assert any(c.get("policy", {}).get("tries", 2) is None for c in ATTEMPTS)


@pytest.mark.parametrize(
    "tries, penalty", [(0, 0.3), (-1, 0.3), (True, 0.3), (2, -0.1), (2, 1.5), (2, float("nan"))]
)
def test_attempt_policy_refuses_nonsense(tries: int, penalty: float) -> None:
    with pytest.raises(ValueError):
        AttemptPolicy(tries, penalty)
