"""The JavaScript grader in Node: the shared case table through the page form, its parts, the
attempt sequences of the table, and the bank's own response tests."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from quizkit.attempts import AttemptPolicy, attempt_state
from quizkit.grading import (
    _as_index,
    grade,
    normalise,
    parse_number,
    pattern_problem,
    typo_distance,
)
from quizkit.html import asset_text
from quizkit.public import display_order, public_spec
from test_grading import ATTEMPTS, QUESTION, attempt_policy, load_cases, question_dict

pytestmark = pytest.mark.node

GRADER = Path(__file__).parents[1] / "src" / "quizkit" / "static" / "grader.js"
NODE = shutil.which("node")

# Reads a JSON list of {call, args} from the file named in argv and prints the results as JSON;
# a thrown error becomes {"error": message}, so one bad call does not hide the others.
RUNNER = r"""
const G = require(process.argv[2]);
const calls = JSON.parse(require("fs").readFileSync(process.argv[3], "utf8"));
const revive = (v) => (v && typeof v === "object" && "$number" in v) ? Number(v.$number) : v;
const out = calls.map(({call, args}) => {
  try { return G[call](...args.map(revive)); } catch (e) { return {error: String(e)}; }
});
process.stdout.write(JSON.stringify(out));
"""


def run_node(
    tmp_path: Path, calls: list[dict[str, Any]], grader: Path = GRADER
) -> list[Any]:
    """Run grader.js functions in one Node process: ``[{"call": name, "args": [...]}]``."""
    return _node_script(tmp_path, "runner", RUNNER, calls, grader)


def _node_script(
    tmp_path: Path, name: str, script: str, data: list[Any], grader: Path
) -> list[Any]:
    """Run ``script`` in Node with the grader's path and a JSON file holding ``data``; its
    printed JSON list of results."""
    if NODE is None:
        pytest.fail("node is not installed; the node-marked tests need it")
    runner = tmp_path / f"{name}.js"
    runner.write_text(script, encoding="utf-8")
    payload = tmp_path / f"{name}.json"
    payload.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(
        [NODE, str(runner), str(grader), str(payload)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    assert isinstance(results, list)
    return results


def js_response(question: Any, response: Any) -> Any:
    """The table's response as the page grader takes it (ordering: display positions)."""
    if question.type != "ordering" or not isinstance(response, list):
        return response
    position = {written: pos for pos, written in enumerate(display_order(question))}
    size = len(question.items)
    return [position[index] if (index := _as_index(v, size)) is not None else v for v in response]


CASES = load_cases()


@pytest.mark.parametrize("form", ["source", "minified"])
def test_every_case_in_node(tmp_path: Path, form: str) -> None:
    """grader.js, given only the page form, reproduces every row of the table, both as
    written and as minified for pages."""
    grader = GRADER
    if form == "minified":
        grader = tmp_path / "grader.min.js"
        grader.write_text(asset_text("grader.js"), encoding="utf-8")
        assert grader.stat().st_size < GRADER.stat().st_size
    calls = []
    for case in CASES:
        question = QUESTION.validate_python(case["question"])
        spec = json.loads(json.dumps(public_spec(question)))  # exactly what a page can carry
        calls.append({"call": "grade", "args": [spec, js_response(question, case["response"])]})
    results = run_node(tmp_path, calls, grader)
    failures = []
    for case, got in zip(CASES, results):
        expect = case["expect"]
        feedback = "\n".join(got.get("feedback", []))
        ok = (
            "error" not in got
            and abs(got["score"] - expect["score"]) <= 1e-6
            and got["status"] == expect["status"]
            and got["correct"] is expect["correct"]
            and all(text in feedback for text in expect.get("feedback_contains", []))
        )
        if not ok:
            failures.append(f"{case['name']}: got {got}, expected {expect}")
    assert not failures, "\n".join(failures)
    assert len(results) == len(CASES) >= 100


def test_parts_agree_with_python(tmp_path: Path) -> None:
    """Per-part marks agree with Python (ordering parts are per position in both)."""
    calls, expected = [], []
    for case in CASES:
        question = QUESTION.validate_python(case["question"])
        response = js_response(question, case["response"])
        calls.append({"call": "grade", "args": [public_spec(question), response]})
        expected.append(grade(question, case["response"]).parts)
    got = [r["parts"] for r in run_node(tmp_path, calls)]
    assert got == expected


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_invalid_in_node(tmp_path: Path, value: str) -> None:
    """NaN and infinities (which JSON cannot carry) are invalid in JavaScript too."""
    spec = public_spec(QUESTION.validate_python(question_dict("num-year")))
    (got,) = run_node(tmp_path, [{"call": "grade", "args": [spec, {"$number": value}]}])
    assert (got["status"], got["score"]) == ("invalid", 0)


def _random_texts(count: int) -> list[str]:
    # Letters, digits, marks, punctuation, symbols, spaces, controls and format characters of
    # several scripts, so every branch of the normalisation is exercised on both sides.
    pool = (
        "aZ09 \t\n\u00a0\u2003\u3000.,;:!?'\"-–—()[]{}«»‘’“”+=*/\\$€%&@#_~^|<>"
        "ÀéñßİıΣσςΟΔёЖШйäÅﬁＡ１２①½²ƒ"
        "\u0301\u200b\u00ad\ufeff\u2028\u0085\u001f"
        "岸田文雄ロシアاحمد"
    )
    rng = random.Random(5591)
    return ["".join(rng.choice(pool) for _ in range(rng.randint(0, 14))) for _ in range(count)]


def test_normalise_matches_python(tmp_path: Path) -> None:
    """grader.js normalises text exactly as grading.normalise does, case folded or not."""
    texts = _random_texts(600)
    texts += ["ΟΔΟΣ", "İstanbul", "Straße", "Ǆemal", "Russia’s “2+2”"]
    calls = [{"call": "normalise", "args": [t, cs]} for t in texts for cs in (False, True)]
    got = run_node(tmp_path, calls)
    expected = [normalise(t, case_sensitive=cs) for t in texts for cs in (False, True)]
    mismatches = [(c["args"], g, e) for c, g, e in zip(calls, got, expected) if g != e]
    assert not mismatches, mismatches[:5]


def test_typo_distance_matches_python(tmp_path: Path) -> None:
    """The near-miss distance agrees on random pairs, counting code points (not UTF-16 units)."""
    texts = _random_texts(200) + ["🇯🇵a", "a🇯🇵"]
    pairs = list(zip(texts, reversed(texts)))
    pairs += [("ab", "ba"), ("onodera", "ondoera"), ("ca", "abc"), ("шойгу", "шогйу")]
    got = run_node(tmp_path, [{"call": "typoDistance", "args": list(p)} for p in pairs])
    assert got == [typo_distance(a, b) for a, b in pairs]


def test_parse_number_matches_python(tmp_path: Path) -> None:
    """Typed numbers parse to the same double, or are refused for the same reason."""
    texts = ["1", "-0", "+.5", "5.", "1e-7", "１２３", "−4", " 3 ", "0.1", "1e308", "1e309",
             "2,5", "1 000", "e5", ".", "+-1", "0x10", "1_0", "٣", "12.5e+2"]  # fmt: skip
    got = run_node(tmp_path, [{"call": "parseNumber", "args": [t]} for t in texts])
    assert got == [parse_number(t) for t in texts]


def test_grader_is_small() -> None:
    """The grader stays small enough to add to every quiz page unminified."""
    size = GRADER.stat().st_size
    assert size < 20_000, f"grader.js is {size} bytes"


def _mutate(rng: random.Random, text: str) -> str:
    """``text`` with a few random edits: case, typos, punctuation, spacing, quotes."""
    chars = list(text)
    for _ in range(rng.randint(0, 3)):
        edit = rng.randrange(6)
        at = rng.randrange(len(chars) + 1)
        if edit == 0 and chars:
            del chars[min(at, len(chars) - 1)]
        elif edit == 1:
            chars.insert(at, rng.choice("aeiou .-’“!ＡＢ１\u00a0\t"))
        elif edit == 2 and len(chars) > 1:
            i = min(at, len(chars) - 2)
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif edit == 3:
            return "".join(chars).upper()
        elif edit == 4:
            return " " + "".join(chars).lower() + "  "
    return "".join(chars)


def _junk(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(8 if depth < 2 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.randint(-3, 6)
    if kind == 3:
        return rng.choice([0.5, -0.0, 2.0, 1e30, -7.25])
    if kind in (4, 5):
        return rng.choice(["", " ", "0", "abc", "2+2", "Tokyo", "1,5", "１"])
    if kind == 6:
        return [_junk(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(["format", "city", "date", "x"]): _junk(rng, depth + 1)
            for _ in range(rng.randint(0, 3))}  # fmt: skip


def _plausible(rng: random.Random, q: Any) -> Any:
    """A response near the right one, so the differential test reaches every branch."""
    t = q.type
    if t in ("single-choice", "multiple-select"):
        n = len(q.options)
        if t == "single-choice":
            return rng.randint(-1, n)
        extra = [rng.randint(0, n)] if rng.random() < 0.2 else []  # duplicates, out of range
        return rng.sample(range(n), rng.randint(0, n)) + extra
    if t == "true-false":
        return rng.choice([True, False])
    if t == "numeric":
        base = q.answer if q.answer is not None else rng.choice([q.range.low, q.range.high])
        scale = q.tolerance or (q.relative_tolerance or 0) * abs(base) or 1e-9 * max(1, abs(base))
        value = base + rng.choice([-1, 1]) * scale * rng.choice([0, 0.5, 1, 1.000001, 2])
        return rng.choice([value, repr(value), f" {value:+} ", f"{value:e}", f"{value:,}"])
    if t == "short-text":
        return _mutate(rng, rng.choice(q.answers + [m.answer for m in q.common_mistakes]))
    if t == "matching":
        picks = q.choices + [None]
        return [rng.choice(picks) for _ in range(len(q.pairs) + (rng.random() < 0.1))]
    if t == "ordering":
        order = list(range(len(q.items)))
        rng.shuffle(order)
        return order
    return {
        b.id: _mutate(rng, rng.choice(b.answers))
        if b.options is None
        else rng.choice(b.options + [None])
        for b in q.blanks
        if rng.random() < 0.9
    }


def test_python_and_node_agree_on_random_responses(tmp_path: Path) -> None:
    """Differential test: on thousands of generated responses, both graders give the same
    score, status, correctness and parts (beyond the table's hand-picked rows)."""
    rng = random.Random(2013)
    questions = [QUESTION.validate_python(question_dict(name)) for name in _table_names()]
    calls, expected = [], []
    for q in questions:
        spec = public_spec(q)
        for _ in range(150):
            response = _plausible(rng, q) if rng.random() < 0.75 else _junk(rng)
            response = json.loads(json.dumps(response))  # what a page can send
            result = grade(q, response)
            expected.append((q.id, response, result.score, result.status, result.parts))
            calls.append({"call": "grade", "args": [spec, js_response(q, response)]})
    got = run_node(tmp_path, calls)
    mismatches = [
        (qid, response, (score, status, parts), g)
        for (qid, response, score, status, parts), g in zip(expected, got)
        if "error" in g
        or abs(g["score"] - score) > 1e-9
        or (g["status"], g["parts"]) != (status, parts)
    ]
    assert not mismatches, mismatches[:5]
    statuses = {status for _, _, _, status, _ in expected}
    assert statuses == {"correct", "partial", "incorrect", "empty", "invalid"}


def _table_names() -> list[str]:
    from test_grading import _table

    return list(_table()["questions"])


def test_bank_answers_grade_correct_in_node(tmp_path: Path) -> None:
    """Every question in bank/, in its page form, accepts its own answer in JavaScript."""
    from test_grading import bank_questions, model_responses

    calls, ids = [], []
    for q in bank_questions():
        spec = public_spec(q)
        for response in model_responses(q):
            calls.append({"call": "grade", "args": [spec, js_response(q, response)]})
            ids.append(q.id)
    assert calls, "bank/ holds no questions"
    got = run_node(tmp_path, calls)
    assert [i for i, g in zip(ids, got) if g.get("correct") is not True] == []


PATTERNS = [
    r"(2 ?\+ ?2|two plus two)( meeting)?", r"[a-z]+ [0-9]{4}", r"(?<=a)b", r"(?:kuril|kurile)s?",
    r"\d{1,2} november 2013", r"\w+", r"[^ ]+ [^ ]+", r"a{2,}", r"\bx\b.*", r"[a\-z]+",
    r"(?!no)\w+", r"\x41|\u0416", r"\.", r"[\]]", r"a\{1\}", r"(a)\1", r"[α-ω]+", r"шойгу|shoigu",
    # outside the subset: reported by pattern_problem
    r"(?P<x>a)", r"(?i)a", r"a++", r"\Aa", r"a{", r"a}", r"\'", r"\e", r"(?>a)", r"\p{L}",
]  # fmt: skip
SUBJECTS = ["2+2", "2 + 2 meeting", "two plus two", "kuriles", "2 november 2013", "ab", "aa",
            "x y", "a-z", "A", "Ж", "aaa", ".", "]", "a{1}", "шойгу", "αβγ", "", "é1", "x"]  # fmt: skip


def test_portable_patterns_behave_alike(tmp_path: Path) -> None:
    """Every pattern pattern_problem accepts compiles in JavaScript and matches the same
    normalised strings; the rejected ones are the constructs the two languages disagree on."""
    accepted = [p for p in PATTERNS if pattern_problem(p) is None]
    assert len(accepted) == 18 and all(pattern_problem(p) for p in PATTERNS[18:])
    script = (
        "const ps = JSON.parse(process.argv[1]), ss = JSON.parse(process.argv[2]);"
        "process.stdout.write(JSON.stringify(ps.map(p => ss.map("
        "s => new RegExp('^(?:' + p + ')$', 'u').test(s)))));"
    )
    assert NODE is not None
    proc = subprocess.run(
        [NODE, "-e", script, json.dumps(accepted), json.dumps(SUBJECTS)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    expected = [[re.fullmatch(p, s, re.ASCII) is not None for s in SUBJECTS] for p in accepted]
    assert json.loads(proc.stdout) == expected


# Grades each case's tries in order with grader.js, keeps the readable ones (not empty or
# invalid, as quizkit.js does) and applies QuizkitGrader.attempt: what a page does per Check.
ATTEMPT_RUNNER = r"""
const G = require(process.argv[2]);
const cases = JSON.parse(require("fs").readFileSync(process.argv[3], "utf8"));
const out = cases.map(({spec, policy, tries, reveal}) => {
  const scores = [];
  for (const response of tries) {
    const g = G.grade(spec, response);
    if (g.status !== "empty" && g.status !== "invalid") scores.push(g.score);
  }
  return G.attempt(policy, scores, reveal);
});
process.stdout.write(JSON.stringify(out));
"""

STATE_FIELDS = ("tries_used", "credit", "finished", "can_retry", "can_reveal", "show_expected",
                "revealed")  # fmt: skip


def run_attempts(tmp_path: Path, cases: list[dict[str, Any]], grader: Path = GRADER) -> list[Any]:
    """Run :data:`ATTEMPT_RUNNER` on ``[{spec, policy, tries, reveal}]`` in one Node process."""
    results = _node_script(tmp_path, "attempts", ATTEMPT_RUNNER, cases, grader)
    assert len(results) == len(cases)
    return results


@pytest.mark.parametrize("form", ["source", "minified"])
def test_attempt_sequences_in_node(tmp_path: Path, form: str) -> None:
    """Every attempt sequence of the table, graded try by try by grader.js (as written and as
    minified), gives the table's credit and state, and exactly Python's state."""
    grader = GRADER
    if form == "minified":
        grader = tmp_path / "grader.min.js"
        grader.write_text(asset_text("grader.js"), encoding="utf-8")
    cases, expected = [], []
    for case in ATTEMPTS:
        question = QUESTION.validate_python(question_dict(case["question"]))
        policy = attempt_policy(case)
        cases.append({
            "spec": json.loads(json.dumps(public_spec(question))),
            "policy": policy.as_json(),
            "tries": [js_response(question, r) for r in case["tries"]],
            "reveal": case.get("reveal", False),
        })  # fmt: skip
        scores = [g.score for r in case["tries"] if (g := grade(question, r)).status
                  not in ("empty", "invalid")]  # fmt: skip
        expected.append(attempt_state(policy, scores, revealed=case.get("reveal", False)))
    failures = []
    for case, python, got in zip(ATTEMPTS, expected, run_attempts(tmp_path, cases, grader)):
        table = case["expect"]
        ok = abs(got["credit"] - table["credit"]) <= 1e-6 and all(
            got[k] is table[k]
            for k in ("finished", "can_retry", "can_reveal", "show_expected")
        ) and got["tries_used"] == table["tries_used"]
        same = {k: got[k] for k in STATE_FIELDS} == {k: getattr(python, k) for k in STATE_FIELDS}
        if not (ok and same):
            failures.append(f"{case['name']}: got {got}, table {table}, Python {python}")
    assert not failures, "\n".join(failures)
    assert len(ATTEMPTS) >= 10


def test_attempt_rule_matches_python_on_random_sequences(tmp_path: Path) -> None:
    """On random policies, score sequences and reveals, QuizkitGrader.attempt returns exactly
    the fields of attempts.attempt_state (credits equal as doubles, not just close)."""
    rng = random.Random(5591)
    calls, expected = [], []
    for _ in range(2000):
        tries = rng.choice([None, 1, 2, 3, 5])
        penalty = rng.choice([0, 1 / 3, 0.25, 0.1, 0.5, 1, rng.random()])
        scores = [rng.choice([0, 1, 0.333333, 0.666667, 0.5, round(rng.random(), 6)])
                  for _ in range(rng.randint(0, 6))]  # fmt: skip
        revealed = rng.random() < 0.3
        policy = AttemptPolicy(tries, penalty)
        calls.append({"call": "attempt", "args": [policy.as_json(), scores, revealed]})
        expected.append(attempt_state(policy, scores, revealed=revealed))
    got = run_node(tmp_path, calls)
    mismatches = [
        (c["args"], g, e)
        for c, g, e in zip(calls, got, expected)
        if g != {k: getattr(e, k) for k in STATE_FIELDS}
    ]
    assert not mismatches, mismatches[:5]
    assert {e.finished for e in expected} == {True, False}
    assert any(0 < e.credit < 1 for e in expected)


def test_attempt_defaults_to_two_tries_and_a_third(tmp_path: Path) -> None:
    """A quiz packed without a policy gets the default one: two tries, a third off per extra try."""
    (got,) = run_node(tmp_path, [{"call": "attempt", "args": [None, [0, 1], False]}])
    python = attempt_state(AttemptPolicy(), [0, 1])
    assert got == {k: getattr(python, k) for k in STATE_FIELDS}
    assert got["credit"] == 0.666667


def response_test_failures(tmp_path: Path, questions: list[Any]) -> tuple[int, list[str]]:
    """Grade every ``response_tests`` entry of ``questions`` with grader.js through the page
    form; returns how many ran and one line per entry whose status is not the expected one."""
    calls, entries = [], []
    for q in questions:
        spec = json.loads(json.dumps(public_spec(q)))
        for n, test in enumerate(q.response_tests):
            calls.append({"call": "grade", "args": [spec, js_response(q, test.response)]})
            entries.append((q.id, n, test))
    if not calls:
        return 0, []
    failures = [
        f"{qid}: response_tests[{n}] {test.response!r}: expected {test.expect}, grader.js "
        f"says {got.get('status', got)}"
        for (qid, n, test), got in zip(entries, run_node(tmp_path, calls))
        if got.get("status") != test.expect
    ]
    return len(calls), failures


def test_bank_response_tests_in_node(tmp_path: Path) -> None:
    """Every response test written in bank/ grades as expected in JavaScript too."""
    from test_grading import bank_questions

    questions = bank_questions()
    assert questions, "bank/ holds no questions"
    count, failures = response_test_failures(tmp_path, questions)
    assert not failures, "\n".join(failures)
    assert count == sum(len(q.response_tests) for q in questions)


def test_a_wrong_response_test_expectation_is_reported(tmp_path: Path) -> None:
    """The bank check above can fail: a response test whose expectation disagrees with
    grader.js is reported, and the right expectations pass."""
    base = question_dict("ms-outcomes")
    right = [i for i, o in enumerate(base["options"]) if o.get("correct")]
    wrong = next(i for i, o in enumerate(base["options"]) if not o.get("correct"))
    tests = [
        {"response": right, "expect": "correct"},
        {"response": right[:1], "expect": "partial"},
        {"response": [wrong], "expect": "incorrect"},
        {"response": right[:1], "expect": "correct"},  # deliberately wrong
    ]
    ordering = question_dict("od-summits")
    order_tests = [{"response": list(range(len(ordering["items"]))), "expect": "correct"}]
    questions = [
        QUESTION.validate_python({**base, "response_tests": tests}),
        QUESTION.validate_python({**ordering, "response_tests": order_tests}),
    ]
    count, failures = response_test_failures(tmp_path, questions)
    assert count == 5
    assert failures == [
        "ms-outcomes: response_tests[3] [0]: expected correct, grader.js says partial"
    ]
