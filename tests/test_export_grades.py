"""Moodle's allowed grades: weights map to the nearest allowed value."""

from __future__ import annotations

import pytest

from quizkit.export.grades import MOODLE_GRADES, nearest_grade, split_weights, weights_sum_ok


@pytest.mark.parametrize(
    ("n", "share"),
    [(1, "100"), (2, "50"), (3, "33.33333"), (4, "25"), (5, "20"), (6, "16.66667"),
     (7, "14.28571"), (8, "12.5"), (9, "11.11111"), (10, "10")],
)
def test_equal_shares_use_moodle_values(n: int, share: str) -> None:
    """Each correct option's weight is Moodle's own spelling of 100/n."""
    right, wrong = split_weights(n)
    assert right == share
    assert wrong == f"-{share}"
    assert right in MOODLE_GRADES


def test_nearest_grade_snaps_to_the_allowed_list() -> None:
    """Values Moodle refuses (33.3, 66.7) become the nearest allowed value, sign kept."""
    assert nearest_grade(33.3) == "33.33333"
    assert nearest_grade(66.7) == "66.66667"
    assert nearest_grade(-12.4) == "-12.5"
    assert nearest_grade(0.01) == "0"


def test_shares_that_cannot_sum_to_100_are_detected() -> None:
    """With 11 correct options no allowed share sums to 100%: the exporters must say so."""
    assert all(weights_sum_ok(n) for n in range(1, 11))
    assert not weights_sum_ok(11)
    with pytest.raises(ValueError):
        split_weights(0)
