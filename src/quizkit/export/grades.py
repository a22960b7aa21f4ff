"""Moodle's rules for answers: the allowed grades, mapping a wanted weight to the nearest one,
and short answers that Moodle must match literally.

Moodle (``question_bank::fraction_options_full``) accepts only these percentages for an
answer; GIFT and XML imports skip a question with any other value (measured: ``33.33333``
passes, ``33.3`` does not). They are written with Moodle's own precision.
"""

from __future__ import annotations

MOODLE_GRADES: tuple[str, ...] = (
    "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40",
    "33.33333", "30", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0",
)
"""Allowed positive percentages (their negatives are allowed too), as Moodle writes them."""


def nearest_grade(percent: float) -> str:
    """The allowed Moodle percentage nearest ``percent`` (sign kept), as text."""
    best = min(MOODLE_GRADES, key=lambda g: abs(float(g) - abs(percent)))
    return best if percent >= 0 or best == "0" else f"-{best}"


def split_weights(n_correct: int) -> tuple[str, str]:
    """Weights for a multiple-select question with ``n_correct`` right options.

    Each right option gets an equal share of 100 (nearest allowed value) and each wrong
    option the same share negated, matching the course's grading rule
    ``(right picks - wrong picks) / number of correct options``.
    """
    if n_correct < 1:
        raise ValueError("a multiple-select question needs at least one correct option")
    share = nearest_grade(100 / n_correct)
    return share, f"-{share}"


def weights_sum_ok(n_correct: int) -> bool:
    """Whether ``n_correct`` equal allowed shares add up to 100 (within Moodle's rounding)."""
    share, _ = split_weights(n_correct)
    return abs(float(share) * n_correct - 100) < 0.01


def literal_asterisks(answer: str) -> str:
    """A short answer as Moodle must store it to match it literally: Moodle's short-answer
    grading reads ``*`` as a wildcard, and ``\\*`` as an asterisk."""
    return answer.replace("*", "\\*")


__all__ = [
    "MOODLE_GRADES",
    "literal_asterisks",
    "nearest_grade",
    "split_weights",
    "weights_sum_ok",
]
