"""Balanced selection (Bank.select(stratify=True)) and shuffled drop-downs in the page form."""

from __future__ import annotations

import pytest

from helpers import ROOT
from quizkit.bank import Bank, load_bank
from quizkit.models import FillBlanks
from quizkit.public import blank_option_order, public_spec


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(ROOT / "bank")


def _chapters(bank: Bank, questions: list[object]) -> set[str]:
    return {bank.file_of(q.id).stem for q in questions}  # type: ignore[attr-defined]


def _objectives(questions: list[object]) -> set[str]:
    return {o for q in questions for o in q.objectives}  # type: ignore[attr-defined]


def test_stratified_sample_covers_every_chapter_for_every_seed(bank: Bank) -> None:
    chapters = {e.stem for e in bank.files}
    for seed in range(200):
        drawn = bank.select(sample=len(chapters), seed=seed, stratify=True)
        assert _chapters(bank, drawn) == chapters, seed


def test_plain_sample_can_miss_a_chapter(bank: Bank) -> None:
    """The reason for stratifying: a plain sample of 16 leaves chapters out for some seeds."""
    chapters = {e.stem for e in bank.files}
    misses = sum(
        _chapters(bank, bank.select(sample=16, seed=seed)) != chapters for seed in range(200)
    )
    assert misses > 0


def test_stratified_sample_covers_objectives_as_far_as_size_allows(bank: Bank) -> None:
    every = set(bank.objectives)
    for seed in range(50):
        plain = bank.select(sample=16, seed=seed)
        balanced = bank.select(sample=16, seed=seed, stratify=True)
        assert len(balanced) == 16
        assert len(_objectives(balanced)) >= min(16, len(every)) - 0
        assert len(_objectives(balanced)) >= len(_objectives(plain))
    # with enough places, every objective is covered
    enough = bank.select(sample=len(every), seed=1, stratify=True)
    assert _objectives(enough) == every


def test_stratified_sample_is_deterministic_and_in_bank_order(bank: Bank) -> None:
    one = bank.select(sample=16, seed=2013, stratify=True)
    two = bank.select(sample=16, seed=2013, stratify=True)
    assert [q.id for q in one] == [q.id for q in two]
    order = list(bank.questions)
    positions = [order.index(q.id) for q in one]
    assert positions == sorted(positions)
    other = bank.select(sample=16, seed=2014, stratify=True)
    assert [q.id for q in other] != [q.id for q in one]


def test_stratified_sample_smaller_than_chapters(bank: Bank) -> None:
    drawn = bank.select(sample=3, seed=5, stratify=True)
    assert len(drawn) == 3
    assert len(_chapters(bank, drawn)) == 3


def _fill(passage: str, options: list[str], qid: str = "fb-order", **blank: object) -> FillBlanks:
    return FillBlanks.model_validate(
        {
            "id": qid,
            "type": "fill-blanks",
            "prompt": "Complete.",
            "passage": passage,
            "blanks": [{"id": "b", "answers": [options[0]], "options": options, **blank}],
            "explanation": "Because.",
            "objectives": ["x"],
            "level": "remember",
            "source": {"factsheet": "F"},
        }
    )


def test_blank_options_are_shuffled_with_a_fixed_seed() -> None:
    q = _fill("It was {{b}}.", ["alpha", "beta", "gamma", "delta"])
    order = blank_option_order(q, q.blanks[0])
    assert sorted(order) == [0, 1, 2, 3]
    assert order == blank_option_order(q, q.blanks[0])  # the same every time
    assert order == [3, 2, 1, 0]  # pinned: a change of the shuffle shows here
    shown = [o["text"] for o in public_spec(q)["blanks"][0]["options"]]
    assert shown == [q.blanks[0].options[i] for i in order]  # type: ignore[index]


def test_pinned_blank_options_keep_their_place() -> None:
    for seed in range(30):
        q = _fill("It was {{b}}.", ["alpha", "beta", "gamma", "none of these"], pin=["none of these"])
        order = blank_option_order(q, q.blanks[0], shuffle_seed=str(seed))
        assert order[3] == 3


def test_unshuffled_blank_keeps_written_order() -> None:
    q = _fill("It was {{b}}.", ["alpha", "beta", "gamma"], shuffle=False)
    assert blank_option_order(q, q.blanks[0]) == [0, 1, 2]


def test_shuffle_puts_the_answer_first_about_as_often_as_chance() -> None:
    first = 0
    for n in range(400):
        q = _fill("It was {{b}}.", ["w1", "w2", "w3", "w4"], qid=f"fb-{n}")
        first += blank_option_order(q, q.blanks[0])[0] == 0
    assert 60 < first < 140  # chance: 100 of 400


def test_pin_must_name_an_option() -> None:
    with pytest.raises(ValueError, match="pinned option"):
        _fill("It was {{b}}.", ["alpha", "beta"], pin=["gamma"])
