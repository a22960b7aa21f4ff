"""Attempts: how many tries a question allows, what each extra try costs, when the answer shows.

One rule for both front ends (the widgets and ``static/grader.js``), pinned by the
``attempts`` section of ``tests/grading_cases.yml``:

- A quiz has an :class:`AttemptPolicy`: ``tries`` (``None`` = unlimited, for practice; 1 = one
  shot; default 2) and ``penalty``, the share of the question's credit that each try after the
  first costs (default one third, as in Moodle's "interactive with multiple tries"; 0 allowed).
- A try is a check whose response the grader could read (status ``empty`` or ``invalid`` uses
  no try).
- Credit = the score of the last try minus ``penalty`` for each try before it, never below 0,
  rounded as scores are (:func:`quizkit.grading.round_score`). Before any try it is 0.
- A question is finished when its last try scored 1, when every allowed try is used, or when
  the learner pressed "Show answer" (offered once a try has been made), which ends the
  question at the credit earned so far.
- Retry is offered only while the question is not finished, so never after a fully correct
  answer. The expected answer is shown only on a finished question that is not fully right.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from quizkit.grading import round_score

DEFAULT_TRIES = 2
DEFAULT_PENALTY = 1 / 3


@dataclass(frozen=True)
class AttemptPolicy:
    """How a quiz treats tries: ``tries`` allowed (None = unlimited) and ``penalty`` per extra try."""

    tries: int | None = DEFAULT_TRIES
    penalty: float = DEFAULT_PENALTY

    def __post_init__(self) -> None:
        if self.tries is not None and (isinstance(self.tries, bool) or self.tries < 1):
            raise ValueError(f"tries must be a whole number of at least 1, or unlimited (found {self.tries!r})")
        if not (isinstance(self.penalty, (int, float)) and math.isfinite(self.penalty)) or not (
            0 <= self.penalty <= 1
        ):
            raise ValueError(f"penalty must be a number from 0 to 1 (found {self.penalty!r})")

    def as_json(self) -> dict[str, int | float | None]:
        """The policy as the page form carries it: ``{"tries": n or null, "penalty": p}``."""
        return {"tries": self.tries, "penalty": self.penalty}


@dataclass(frozen=True)
class AttemptState:
    """Where a question stands after some tries."""

    tries_used: int
    credit: float
    finished: bool
    can_retry: bool
    can_reveal: bool
    """Whether "Show answer" is offered: a try was made and the question is not finished."""
    show_expected: bool
    """Whether the expected answer is shown: finished, and the last try not fully right."""
    revealed: bool


_NUMBERS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
)
_PARTS = {
    2: ("half", "halves"),
    3: ("third", "thirds"),
    4: ("quarter", "quarters"),
    5: ("fifth", "fifths"),
    6: ("sixth", "sixths"),
    7: ("seventh", "sevenths"),
    8: ("eighth", "eighths"),
    9: ("ninth", "ninths"),
    10: ("tenth", "tenths"),
}


def share_words(value: float) -> str:
    """A share of a question's credit in words: "two thirds", "one half", "45%", "all".

    The first fraction n/d with d from 2 to 10 within 0.0005 of ``value`` is named in words
    (so 0.3333 reads "one third"); other values are a percentage with at most one decimal.
    """
    if value >= 1:
        return "all"
    for d in range(2, 11):
        n = math.floor(value * d + 0.5)
        if 0 < n < d and abs(n / d - value) <= 0.0005:
            return f"{_NUMBERS[n]} {_PARTS[d][n > 1]}"
    return f"{math.floor(value * 1000 + 0.5) / 10:g}%"


def describe(policy: AttemptPolicy) -> str:
    """The policy in one plain sentence, as both front ends state it above a quiz.

    "One try per question." / "Two tries per question; a second try earns at most two
    thirds." / "Three tries per question; each try after the first costs one third of the
    question's credit." / "Unlimited tries, no penalty." (``static/quizkit.js`` words it
    the same way; :func:`share_words` names the shares.)
    """
    tries = policy.tries
    if tries == 1:
        return "One try per question."
    if tries is None:
        count = "Unlimited tries"
    else:
        number = _NUMBERS[tries] if tries < len(_NUMBERS) else str(tries)
        count = f"{number.capitalize()} tries per question"
    if policy.penalty == 0:
        return f"{count}, no penalty."
    if tries == 2:
        worth = 1 - policy.penalty
        earns = f"at most {share_words(worth)}" if worth > 0 else "nothing"
        return f"{count}; a second try earns {earns}."
    cost = share_words(policy.penalty)
    return f"{count}; each try after the first costs {cost} of the question's credit."


def credit(scores: Sequence[float], penalty: float) -> float:
    """The credit of a question after tries scoring ``scores`` (see the module docstring)."""
    if not scores:
        return 0.0
    return round_score(max(0.0, scores[-1] - penalty * (len(scores) - 1)))


def attempt_state(
    policy: AttemptPolicy, scores: Sequence[float], *, revealed: bool = False
) -> AttemptState:
    """The state of a question after tries scoring ``scores`` and, maybe, "Show answer"."""
    used = len(scores)
    right = used > 0 and scores[-1] == 1
    out_of_tries = policy.tries is not None and used >= policy.tries
    revealed = revealed and used > 0 and not right
    finished = right or out_of_tries or revealed
    return AttemptState(
        tries_used=used,
        credit=credit(scores, policy.penalty),
        finished=finished,
        can_retry=used > 0 and not finished,
        can_reveal=used > 0 and not finished,
        show_expected=finished and not right,
        revealed=revealed,
    )


__all__ = [
    "DEFAULT_PENALTY",
    "DEFAULT_TRIES",
    "AttemptPolicy",
    "AttemptState",
    "attempt_state",
    "credit",
    "describe",
    "share_words",
]
