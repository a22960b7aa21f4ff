"""Grading: ``grade(question, response) -> Grade``, pure functions with no I/O.

This module is one half of the course's single grading truth; ``static/grader.js`` is the
other, and the table ``tests/grading_cases.yml`` pins both. Every rule below is written the
same way in both languages (the same IEEE-double expressions, the same character classes).

Responses (JSON-like, as in ARCHITECTURE.md):

- single-choice: option index in written order (an integer; ``2.0`` counts as ``2``).
- multiple-select: list of distinct option indices.
- true-false: ``True`` / ``False``.
- numeric: a number, or the text typed (see *Numbers*).
- short-text: a string.
- matching: list, one entry per pair in written order, of the chosen right-hand text or ``None``.
- ordering: list of item indices (written order, which is the correct order) in the learner's order.
- fill-blanks: dict blank id -> text (or ``None``).

Status: ``empty`` for ``None``, a blank string, ``[]``, ``{}``, or a list/dict whose entries are
all ``None`` or blank; ``invalid`` for anything malformed (wrong type, index out of range,
duplicate indices, not a permutation, unknown blank id, a string that is not a number, NaN or
infinity); both score 0 and never raise. Otherwise ``correct`` (score 1), ``partial``
(0 < score < 1) or ``incorrect`` (score 0).

Partial credit, scores rounded to 6 decimals (``floor(x * 1e6 + 0.5) / 1e6`` in both languages):

- multiple-select: ``max(0, (right picks - wrong picks) / number of correct options)``.
- matching: fraction of pairs matched right (a missing choice counts as wrong).
- ordering: fraction of item pairs in the right relative order (Kendall), so one swap of
  neighbours costs little, a reversed list scores 0, and with 2 items it is 0 or 1.
- fill-blanks: fraction of blanks right (a missing blank counts as wrong).

Text (short-text answers and free-text blanks) is compared after :func:`normalise`:
Unicode NFKC; typographic quotes to ``'``/``"`` and dashes/minus to ``-``; lower-casing unless
``case_sensitive`` (``str.lower``, which equals JavaScript's ``toLowerCase``; ``casefold``
would fold ``ß`` to ``ss``, which JavaScript cannot reproduce); whitespace (tab, line breaks and
Unicode category Z) becomes a space; control and format characters (Cc, Cf, Cs) are dropped;
dash punctuation (Pd) becomes a space, so "well-known" equals "well known"; every other
punctuation or symbol (categories P and S) is dropped, except ``+`` so "C++" survives
("Ada's" becomes "adas", "U.S." becomes "us"); runs of spaces collapse; ends are trimmed.
Both languages use the Unicode character database of their runtime (Python 3.11: Unicode 14;
Node 20: newer), so characters assigned after Unicode 14 may normalise differently.

Short text is checked in this order: an accepted answer (exact after normalisation), then
``pattern`` (Python ``re.fullmatch`` with ``re.ASCII`` on the normalised response, JavaScript
``^(?:pattern)$`` with the ``u`` flag; see :func:`pattern_problem` for the portable subset),
then common mistakes (exact after normalisation: incorrect, with their feedback), then near
misses: an optimal-string-alignment distance (Levenshtein plus swaps of neighbours, counted
in code points) of at most ``max_typos`` from an accepted answer is correct, with a note on
spelling. Free-text blanks follow the same rules without pattern or mistakes; choice blanks
compare the chosen option's text exactly.

Numbers: a number (not a bool), or text that after NFKC (so full-width digits work), mapping
the minus sign U+2212 to ``-`` and trimming whitespace, matches
``[+-]?(digits[.digits?] | .digits)([eE][+-]?digits)?`` with ASCII digits. A comma is refused
with a note asking for a point and no thousands separators ("1,000" and "2,5" are ambiguous);
other text is refused with a "not a number" note. With ``eps = 1e-9 * max(1, |answer|)``:
exact ``|x - answer| <= eps``; absolute tolerance ``|x - answer| <= tolerance + eps``;
relative ``|x - answer| <= relative_tolerance * |answer| + eps`` (so values written exactly at
the edge are accepted despite binary rounding); a range accepts ``low <= x <= high``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from quizkit.models import (
    FillBlanks,
    Matching,
    MultipleSelect,
    Numeric,
    Ordering,
    Question,
    ShortText,
    SingleChoice,
    TrueFalse,
    pattern_problem,
    unhandled,
)

Status = Literal["correct", "partial", "incorrect", "empty", "invalid"]

MESSAGES: dict[str, str] = {
    "spelling": "Nearly: check the spelling. The expected answer is **{answer}**.",
    "not_a_number": "That is not a number: type digits, with a point for decimals (e.g. 12.5).",
    "comma": "Please use a point for decimals and no thousands separators (e.g. 1000 or 12.5).",
    "unreadable": "This response is not in a form this question accepts.",
}
"""Every learner-facing sentence the grader adds (Markdown); ``{answer}`` is filled in."""

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
    }
)  # fmt: skip
_ASCII_SPACES = frozenset("\t\n\v\f\r")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


@dataclass(frozen=True)
class Grade:
    """The result of grading one response.

    ``feedback`` holds Markdown from the bank and from :data:`MESSAGES`; ``parts`` says, per
    option (written order), pair, position of the learner's ordering, or blank, whether that
    part is right (empty when the type has no parts or the response is empty or invalid).
    """

    score: float
    correct: bool
    status: Status
    feedback: list[str] = field(default_factory=list)
    parts: list[bool] = field(default_factory=list)


def _is_space(char: str) -> bool:
    return char in _ASCII_SPACES or unicodedata.category(char) in ("Zs", "Zl", "Zp")


def is_blank(text: str) -> bool:
    """Whether ``text`` holds only whitespace, control and format characters."""
    return all(_is_space(c) or unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in text)


def normalise(text: str, *, case_sensitive: bool = False) -> str:
    """Normalise free text for comparison (rules in the module docstring)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    if not case_sensitive:
        text = text.lower()
    out: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if _is_space(char) or category == "Pd":
            out.append(" ")
        elif category in ("Cc", "Cf", "Cs") or (category[0] in "PS" and char != "+"):
            continue
        else:
            out.append(char)
    return _squash("".join(out))


def _squash(text: str) -> str:
    # Only U+0020 can remain as whitespace here, so splitting on it is exact.
    return " ".join(part for part in text.split(" ") if part)


def typo_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions, neighbour swaps."""
    n, m = len(a), len(b)
    prev2: list[int] = []
    prev = list(range(m + 1))
    for i in range(1, n + 1):
        cur = [i] + [0] * m
        for j in range(1, m + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[m]


def round_score(score: float) -> float:
    """Round a score to 6 decimals the way the JavaScript grader does (half up)."""
    return math.floor(score * 1e6 + 0.5) / 1e6


def _result(
    score: float, feedback: list[str] | None = None, parts: list[bool] | None = None
) -> Grade:
    score = round_score(max(0.0, min(1.0, score)))
    status: Status = "correct" if score == 1 else "partial" if score > 0 else "incorrect"
    return Grade(score, score == 1, status, feedback or [], parts or [])


def _invalid(message: str = "unreadable") -> Grade:
    return Grade(0.0, False, "invalid", [MESSAGES[message]], [])


_EMPTY = Grade(0.0, False, "empty", [], [])


def _is_empty_scalar(value: object) -> bool:
    return value is None or (isinstance(value, str) and is_blank(value))


def is_empty(response: object) -> bool:
    """Whether a response counts as no answer (see the module docstring)."""
    if isinstance(response, (list, tuple)):
        return all(_is_empty_scalar(v) for v in response)
    if isinstance(response, Mapping):
        return all(_is_empty_scalar(v) for v in response.values())
    return _is_empty_scalar(response)


def _as_index(value: object, size: int) -> int | None:
    """The integer index ``value`` stands for, or None when it is not a valid index."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and 0 <= value < size:
        return value
    return None


def _indices(response: object, size: int) -> list[int] | None:
    if not isinstance(response, (list, tuple)):
        return None
    out = [_as_index(v, size) for v in response]
    if any(i is None for i in out):
        return None
    checked = [i for i in out if i is not None]
    return checked if len(set(checked)) == len(checked) else None


def parse_number(response: object) -> float | str:
    """The response as a finite float, or the :data:`MESSAGES` key saying why it is not one."""
    if isinstance(response, bool):
        return "unreadable"
    if isinstance(response, (int, float)):
        try:
            value = float(response)
        except OverflowError:
            return "unreadable"
        return value if math.isfinite(value) else "unreadable"
    if not isinstance(response, str):
        return "unreadable"
    text = unicodedata.normalize("NFKC", response).translate(_QUOTES)
    text = "".join(" " if _is_space(c) else c for c in text).strip(" ")
    if "," in text:
        return "comma"
    if not _NUMBER.fullmatch(text):
        return "not_a_number"
    value = float(text)
    return value if math.isfinite(value) else "not_a_number"


def _number_ok(question: Numeric, x: float) -> bool:
    # Written exactly like grader.js so both make the same IEEE-double decisions.
    if question.range is not None:
        return question.range.low <= x <= question.range.high
    answer = question.answer if question.answer is not None else 0.0
    eps = 1e-9 * max(1.0, abs(answer))
    if question.tolerance is not None:
        return abs(x - answer) <= question.tolerance + eps
    if question.relative_tolerance is not None:
        return abs(x - answer) <= question.relative_tolerance * abs(answer) + eps
    return abs(x - answer) <= eps


def _spelling(answer: str) -> str:
    return MESSAGES["spelling"].format(answer=answer)


def _near_miss(
    norm: str, answers: Sequence[str], max_typos: int, case_sensitive: bool
) -> str | None:
    """The first accepted answer within ``max_typos`` edits of ``norm``, as written."""
    if max_typos <= 0:
        return None
    for answer in answers:
        if typo_distance(norm, normalise(answer, case_sensitive=case_sensitive)) <= max_typos:
            return answer
    return None


def _pattern_matches(pattern: str, norm: str) -> bool:
    try:
        return re.fullmatch(pattern, norm, re.ASCII) is not None
    except re.error:  # the bank validates patterns; a bad one accepts nothing, as in JS
        return False


def _grade_choice(question: SingleChoice | MultipleSelect, response: object) -> Grade:
    size = len(question.options)
    if isinstance(question, SingleChoice):
        index = _as_index(response, size)
        if index is None:
            return _invalid()
        chosen = [index]
    else:
        picked = _indices(response, size)
        if picked is None:
            return _invalid()
        chosen = sorted(picked)
    options = question.options
    n_correct = sum(o.correct for o in options)
    right = sum(options[i].correct for i in chosen)
    score = (right - (len(chosen) - right)) / n_correct
    feedback = [options[i].feedback for i in chosen if options[i].feedback]
    parts = [(i in chosen) == o.correct for i, o in enumerate(options)]
    return _result(score, [f for f in feedback if f], parts)


def _grade_true_false(question: TrueFalse, response: object) -> Grade:
    if not isinstance(response, bool):
        return _invalid()
    note = question.feedback_true if response else question.feedback_false
    return _result(1.0 if response == question.answer else 0.0, [note] if note else [])


def _grade_numeric(question: Numeric, response: object) -> Grade:
    value = parse_number(response)
    if isinstance(value, str):
        return _invalid(value)
    return _result(1.0 if _number_ok(question, value) else 0.0)


def _grade_short_text(question: ShortText, response: object) -> Grade:
    if not isinstance(response, str):
        return _invalid()
    cs = question.case_sensitive
    norm = normalise(response, case_sensitive=cs)
    if norm in {normalise(a, case_sensitive=cs) for a in question.answers}:
        return _result(1.0)
    if question.pattern is not None and _pattern_matches(question.pattern, norm):
        return _result(1.0)
    for mistake in question.common_mistakes:
        if norm == normalise(mistake.answer, case_sensitive=cs):
            return _result(0.0, [mistake.feedback])
    near = _near_miss(norm, question.answers, question.max_typos, cs)
    if near is not None:
        return _result(1.0, [_spelling(near)])
    return _result(0.0)


def _grade_matching(question: Matching, response: object) -> Grade:
    if not isinstance(response, (list, tuple)) or len(response) != len(question.pairs):
        return _invalid()
    choices = set(question.choices)
    if any(v is not None and (not isinstance(v, str) or v not in choices) for v in response):
        return _invalid()
    parts = [v == pair.right for v, pair in zip(response, question.pairs)]
    return _result(sum(parts) / len(parts), parts=parts)


def _grade_ordering(question: Ordering, response: object) -> Grade:
    size = len(question.items)
    order = _indices(response, size)
    if order is None or len(order) != size:
        return _invalid()
    total = size * (size - 1) // 2
    concordant = sum(order[i] < order[j] for i in range(size) for j in range(i + 1, size))
    parts = [item == position for position, item in enumerate(order)]
    return _result(concordant / total, parts=parts)


def _grade_fill_blanks(question: FillBlanks, response: object) -> Grade:
    if not isinstance(response, Mapping):
        return _invalid()
    ids = {b.id for b in question.blanks}
    if any(not isinstance(k, str) or k not in ids for k in response):
        return _invalid()
    if any(v is not None and not isinstance(v, str) for v in response.values()):
        return _invalid()
    parts: list[bool] = []
    feedback: list[str] = []
    for blank in question.blanks:
        value = response.get(blank.id)
        if value is None or is_blank(value):
            parts.append(False)
        elif blank.options is not None:
            if value not in blank.options:
                return _invalid()
            parts.append(value in blank.answers)
        else:
            norm = normalise(value)
            if norm in {normalise(a) for a in blank.answers}:
                parts.append(True)
                continue
            near = _near_miss(norm, blank.answers, blank.max_typos, False)
            parts.append(near is not None)
            if near is not None:
                feedback.append(_spelling(near))
    return _result(sum(parts) / len(parts), feedback, parts)


def grade(question: Question, response: object) -> Grade:
    """Grade ``response`` to ``question``; never raises for any JSON-like response.

    A question of a type this function has no case for raises :class:`TypeError`.
    """
    if is_empty(response):
        return _EMPTY
    match question:
        case SingleChoice() | MultipleSelect():
            return _grade_choice(question, response)
        case TrueFalse():
            return _grade_true_false(question, response)
        case Numeric():
            return _grade_numeric(question, response)
        case ShortText():
            return _grade_short_text(question, response)
        case Matching():
            return _grade_matching(question, response)
        case Ordering():
            return _grade_ordering(question, response)
        case FillBlanks():
            return _grade_fill_blanks(question, response)
        case _:
            unhandled(question)


__all__ = [
    "MESSAGES",
    "Grade",
    "Status",
    "grade",
    "is_blank",
    "is_empty",
    "normalise",
    "parse_number",
    "pattern_problem",
    "round_score",
    "typo_distance",
]
