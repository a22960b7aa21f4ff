"""The page form of a question: what a web page carries for ``static/grader.js`` and the quiz UI.

``public_spec(question)`` returns a JSON-serialisable dict. Bank text in it is safe HTML from
:func:`quizkit.text.render_markdown` (inline for options, items, partners and answers; block
for the prompt, hints, passage, feedback and explanation). Output is deterministic: the same
question gives byte-identical JSON.

The page form holds what grading needs in plain JSON values: which options are correct, the
accepted answers (normalised as :func:`quizkit.grading.normalise` does, with their HTML for
the model answer and the spelling note), numbers and tolerances, patterns, common mistakes,
each ordering item's true rank, each matching pair's partner. Pages never carry it as
readable text: :mod:`quizkit.html` packs a whole quiz into one compressed, base64-encoded
block (see :func:`quizkit.html.pack`). **That hides answers from casual view; it is not
security**: everything the grader needs is in the page, and anyone who decodes the block or
reads the grader's variables in the browser's developer tools sees the answers.

Display order: options are shuffled with a Fisher-Yates shuffle driven by SHA-256 of the seed
(the question id, or ``shuffle_seed NUL id``) unless ``shuffle: false``; pinned options keep
their written index. Matching partners and the options of each choice blank
(:func:`blank_option_order`) are shuffled the same way. Ordering items are shown
scrambled, never in the correct order.

Responses to ``QuizkitGrader.grade(spec, response)`` are those of :mod:`quizkit.grading`, with
one exception: for ordering the learner's order is given as **display positions** (indices
into ``spec["items"]``), so that the item list never lists the answer order. :func:`display_order`
maps between the two.
"""

from __future__ import annotations

import hashlib
from typing import Any

from quizkit.grading import MESSAGES, normalise
from quizkit.models import (
    Blank,
    FactsheetSource,
    FillBlanks,
    Matching,
    MultipleSelect,
    Numeric,
    Ordering,
    ParagraphSource,
    Question,
    ShortText,
    SingleChoice,
    TrueFalse,
    unhandled,
)
from quizkit.text import render_markdown

SPEC_FORMAT = 2
"""Version of the page form; grader.js refuses other versions."""


def permutation(seed: str, size: int) -> list[int]:
    """A deterministic shuffle of ``range(size)`` driven by SHA-256 of ``seed``."""
    order = list(range(size))
    for i in range(size - 1, 0, -1):
        draw = int.from_bytes(hashlib.sha256(f"{seed}\0{i}".encode()).digest()[:8], "big")
        j = draw % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def _seed(question: Question, shuffle_seed: str | None, what: str) -> str:
    base = question.id if shuffle_seed is None else f"{shuffle_seed}\0{question.id}"
    return f"{base}\0{what}"


def display_order(question: Question, *, shuffle_seed: str | None = None) -> list[int]:
    """Written indices in display order: of options, matching partners, or ordering items.

    Empty for types with nothing to reorder (true-false, numeric, short-text, fill-blanks).
    """
    match question:
        case SingleChoice() | MultipleSelect():
            size = len(question.options)
            if not question.shuffle:
                return list(range(size))
            free = [i for i, o in enumerate(question.options) if not o.pin]
            order = list(range(size))
            picks = permutation(_seed(question, shuffle_seed, "options"), len(free))
            for slot, pick in zip(free, picks):
                order[slot] = free[pick]
            return order
        case Matching():
            return permutation(_seed(question, shuffle_seed, "choices"), len(question.choices))
        case Ordering():
            order = permutation(_seed(question, shuffle_seed, "items"), len(question.items))
            if order == sorted(order):  # never show the answer: rotate the identity by one
                order = order[1:] + order[:1]
            return order
        case TrueFalse() | Numeric() | ShortText() | FillBlanks():
            return []
        case _:
            unhandled(question)


def blank_option_order(
    question: FillBlanks, blank: Blank, *, shuffle_seed: str | None = None
) -> list[int]:
    """Written indices of a choice blank's options in display order (empty for free text).

    Seeded by the question and blank ids (and ``shuffle_seed``), so the book, the widgets,
    the worksheet and every export show one order; ``pin`` options keep their written place;
    ``shuffle: false`` keeps the written order.
    """
    if blank.options is None:
        return []
    size = len(blank.options)
    if not blank.shuffle:
        return list(range(size))
    pinned = set(blank.pin)
    free = [i for i, text in enumerate(blank.options) if text not in pinned]
    order = list(range(size))
    picks = permutation(_seed(question, shuffle_seed, f"blank\0{blank.id}"), len(free))
    for slot, pick in zip(free, picks):
        order[slot] = free[pick]
    return order


def _inline(text: str) -> str:
    return render_markdown(text, inline=True)


def _block(text: str | None) -> str | None:
    return None if text is None else render_markdown(text)


def _source(question: Question) -> dict[str, str | None]:
    source = question.source
    match source:
        case ParagraphSource():
            factsheet = None
        case FactsheetSource():
            factsheet = source.factsheet
        case _:
            unhandled(source)
    return {
        "paragraph": source.paragraph,
        "factsheet": factsheet,
        "quote_html": None if source.quote is None else _inline(source.quote),
    }


def _answers(answers: list[str], case_sensitive: bool = False) -> list[list[str]]:
    """Accepted free-text answers as ``[normalised, html]``, in written order."""
    return [[normalise(a, case_sensitive=case_sensitive), _inline(a)] for a in answers]


def _options(texts: list[str], order: list[int] | None = None) -> list[dict[str, str]]:
    """Choices keyed by their exact text (what the learner's response carries)."""
    return [{"text": texts[i], "html": _inline(texts[i])} for i in order or range(len(texts))]


def _type_fields(q: Question, seed: str | None) -> dict[str, Any]:
    """The type-specific fields of the page form of ``q``."""
    match q:
        case SingleChoice() | MultipleSelect():
            return {
                "multiple": isinstance(q, MultipleSelect),
                "options": [
                    {
                        "index": i,
                        "html": _inline(q.options[i].text),
                        "correct": q.options[i].correct,
                        "feedback": _block(q.options[i].feedback),
                    }
                    for i in display_order(q, shuffle_seed=seed)
                ],
            }
        case TrueFalse():
            return {
                "answer": q.answer,
                "feedback_true": _block(q.feedback_true),
                "feedback_false": _block(q.feedback_false),
            }
        case Numeric():
            return {
                "unit_html": None if q.unit is None else _inline(q.unit),
                "answer": q.answer,
                "tolerance": q.tolerance,
                "relative_tolerance": q.relative_tolerance,
                "range": None if q.range is None else [q.range.low, q.range.high],
            }
        case ShortText():
            cs = q.case_sensitive
            return {
                "case_sensitive": cs,
                "max_typos": q.max_typos,
                "answers": _answers(q.answers, cs),
                "pattern": q.pattern,
                "mistakes": [
                    [normalise(m.answer, case_sensitive=cs), _block(m.feedback)]
                    for m in q.common_mistakes
                ],
            }
        case Matching():
            return {
                "lefts": [_inline(p.left) for p in q.pairs],
                "choices": _options(q.choices, display_order(q, shuffle_seed=seed)),
                "answers": [p.right for p in q.pairs],
            }
        case Ordering():
            return {
                "items": [
                    {"html": _inline(q.items[rank]), "rank": rank}
                    for rank in display_order(q, shuffle_seed=seed)
                ]
            }
        case FillBlanks():
            return _fill_blanks_fields(q, seed)
        case _:
            unhandled(q)


def _fill_blanks_fields(q: FillBlanks, seed: str | None) -> dict[str, Any]:
    blanks = []
    for b in q.blanks:
        shown = blank_option_order(q, b, shuffle_seed=seed)
        if b.options is None:
            answers = _answers(b.answers)
        else:  # a choice blank compares the chosen option's exact text
            answers = [[a, _inline(a)] for a in b.answers]
        blanks.append(
            {
                "id": b.id,
                "options": None if b.options is None else _options(b.options, shown),
                "max_typos": b.max_typos if b.options is None else 0,
                "answers": answers,
            }
        )
    return {"passage": render_markdown(q.passage), "blanks": blanks}


def public_spec(question: Question, *, shuffle_seed: str | None = None) -> dict[str, Any]:
    """The JSON-serialisable page form of ``question`` (see the module docstring).

    Fill-blanks passages keep each blank as the literal text ``{{blank-id}}`` in
    ``passage`` for the UI to replace with an input.
    """
    return {
        "format": SPEC_FORMAT,
        "id": question.id,
        "type": question.type,
        "prompt": render_markdown(question.prompt),
        "hints": [render_markdown(h) for h in question.hints],
        "messages": {key: _inline(text) for key, text in MESSAGES.items()},
        **_type_fields(question, shuffle_seed),
        "explanation": _block(question.explanation),
        "source": _source(question),
    }


__all__ = ["SPEC_FORMAT", "blank_option_order", "display_order", "permutation", "public_spec"]
