"""The page form of a question: what a web page carries for ``static/grader.js`` and the quiz UI.

``public_spec(question)`` returns a JSON-serialisable dict. Bank text in it is safe HTML from
:func:`quizkit.text.render_markdown` (inline for options, items, partners and answers; block
for the prompt, hints, passage, feedback and explanation). Output is deterministic: the same
question gives byte-identical JSON.

**Answers are hidden from casual view, not secured.** This deters a learner who opens the
page source; it does not stop one who reads ``grader.js``, since everything the grader needs
is in the page:

- Exact answers are salted SHA-256 digests (hex, first :data:`DIGEST_CHARS` characters) of
  ``salt NUL kind NUL part ...`` in UTF-8: per option ``("option", index, "1"|"0")`` for
  whether it is correct; true-false ``("tf", "true"|"false")``; short text and free blanks
  ``("text", normalised answer)`` / ``("blank", id, normalised answer)``; choice blanks
  ``("blank", id, exact option text)``; matching, per pair in written order,
  ``("pair", index, partner text)``; ordering, per item in display order,
  ``("rank", display position, true rank)``, which the grader recovers by trying each rank.
  The salt is derived from the question's content (``sha256("quizkit-salt" NUL canonical
  JSON)``), so it looks random but is reproducible.
- What cannot be hashed goes in ``secret``: numbers and tolerances, patterns, near-miss and
  common-mistake answers, per-option and true/false feedback, the model answer, the
  explanation and the source. It is JSON whose ASCII letters and digits are turned (a
  Caesar rotation, amounts derived from the salt): unreadable at a glance, the same size as
  the plain text and as compressible, reversible by anyone who tries.

Display order: options are shuffled with a Fisher-Yates shuffle driven by SHA-256 of the seed
(the question id, or ``shuffle_seed NUL id``) unless ``shuffle: false``; pinned options keep
their written index. Matching partners are shuffled the same way. Ordering items are shown
scrambled, never in the correct order.

Responses to ``QuizkitGrader.grade(spec, response)`` are those of :mod:`quizkit.grading`, with
one exception: for ordering the learner's order is given as **display positions** (indices
into ``spec["items"]``), because written indices are the answer. :func:`display_order` maps
between the two.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from quizkit.grading import MESSAGES, normalise
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
)
from quizkit.text import render_markdown

SPEC_FORMAT = 1
"""Version of the page form; grader.js refuses other versions."""

DIGEST_CHARS = 16
"""Hex characters kept of each SHA-256 digest (64 bits: a question compares a few dozen at most)."""


def _sha(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def digest(salt: str, *parts: str) -> str:
    """The salted digest of ``parts`` (see the module docstring), as grader.js computes it."""
    return hashlib.sha256("\0".join((salt, *parts)).encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def salt_for(question: Question) -> str:
    """A random-looking but reproducible salt derived from the question's content."""
    canonical = json.dumps(
        question.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(("quizkit-salt\0" + canonical).encode("utf-8")).hexdigest()[:24]


def _shifts(salt: str) -> tuple[int, int]:
    """How far :func:`obfuscate` turns letters (1..25) and digits (1..9), from the salt."""
    key = _sha(f"{salt}\0rot")
    return key[0] % 25 + 1, key[1] % 9 + 1


def _rotate(text: str, letters: int, digits: int) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if 65 <= code <= 90:
            ch = chr(65 + (code - 65 + letters) % 26)
        elif 97 <= code <= 122:
            ch = chr(97 + (code - 97 + letters) % 26)
        elif 48 <= code <= 57:
            ch = chr(48 + (code - 48 + digits) % 10)
        out.append(ch)
    return "".join(out)


def obfuscate(salt: str, value: object) -> str:
    """``value`` as JSON with ASCII letters and digits turned by amounts from ``salt``.

    Not encryption: a rotation keeps the text unreadable at a glance while keeping its size
    and letting HTTP compression work on it as on plain text.
    """
    letters, digits = _shifts(salt)
    return _rotate(json.dumps(value, ensure_ascii=False, separators=(",", ":")), letters, digits)


def reveal(salt: str, blob: str) -> Any:
    """Undo :func:`obfuscate`."""
    letters, digits = _shifts(salt)
    return json.loads(_rotate(blob, 26 - letters, 10 - digits))


def permutation(seed: str, size: int) -> list[int]:
    """A deterministic shuffle of ``range(size)`` driven by SHA-256 of ``seed``."""
    order = list(range(size))
    for i in range(size - 1, 0, -1):
        draw = int.from_bytes(_sha(f"{seed}\0{i}")[:8], "big")
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
    if isinstance(question, (SingleChoice, MultipleSelect)):
        size = len(question.options)
        if not question.shuffle:
            return list(range(size))
        free = [i for i, o in enumerate(question.options) if not o.pin]
        order = list(range(size))
        picks = permutation(_seed(question, shuffle_seed, "options"), len(free))
        for slot, pick in zip(free, picks):
            order[slot] = free[pick]
        return order
    if isinstance(question, Matching):
        return permutation(_seed(question, shuffle_seed, "choices"), len(question.choices))
    if isinstance(question, Ordering):
        order = permutation(_seed(question, shuffle_seed, "items"), len(question.items))
        if order == sorted(order):  # never show the answer: rotate the identity by one
            order = order[1:] + order[:1]
        return order
    return []


def _inline(text: str) -> str:
    return render_markdown(text, inline=True)


def _block(text: str | None) -> str | None:
    return None if text is None else render_markdown(text)


def _source(question: Question) -> dict[str, str | None]:
    source = question.source
    quote = getattr(source, "quote", None)
    return {
        "paragraph": getattr(source, "paragraph", None),
        "factsheet": getattr(source, "factsheet", None),
        "quote_html": None if quote is None else _inline(quote),
    }


def _near(answers: list[str], case_sensitive: bool) -> list[list[str]]:
    return [[normalise(a, case_sensitive=case_sensitive), _inline(a)] for a in answers]


_Parts = tuple[dict[str, Any], dict[str, Any]]
"""The type-specific public fields of a spec, and those that go into its secret."""


def _choice_parts(q: SingleChoice | MultipleSelect, salt: str, seed: str | None) -> _Parts:
    shown = [
        {
            "index": i,
            "html": _inline(q.options[i].text),
            "key": digest(salt, "option", str(i), "1" if q.options[i].correct else "0"),
        }
        for i in display_order(q, shuffle_seed=seed)
    ]
    public = {"multiple": isinstance(q, MultipleSelect), "options": shown}
    secret = {
        "feedback": [_block(o.feedback) for o in q.options],
        "answer": [_inline(o.text) for o in q.options if o.correct],
    }
    return public, secret


def _type_parts(q: Question, salt: str, seed: str | None) -> _Parts:
    """The type-specific public fields and secret fields of ``q``."""
    if isinstance(q, (SingleChoice, MultipleSelect)):
        return _choice_parts(q, salt, seed)
    if isinstance(q, TrueFalse):
        return (
            {"key": digest(salt, "tf", "true" if q.answer else "false")},
            {
                "feedback_true": _block(q.feedback_true),
                "feedback_false": _block(q.feedback_false),
                "answer": q.answer,
            },
        )
    if isinstance(q, Numeric):
        rng = None if q.range is None else [q.range.low, q.range.high]
        return (
            {"unit_html": None if q.unit is None else _inline(q.unit)},
            {
                "answer": q.answer,
                "tolerance": q.tolerance,
                "relative_tolerance": q.relative_tolerance,
                "range": rng,
            },
        )
    if isinstance(q, ShortText):
        cs = q.case_sensitive
        keys = sorted({digest(salt, "text", normalise(a, case_sensitive=cs)) for a in q.answers})
        return (
            {"case_sensitive": cs, "max_typos": q.max_typos, "keys": keys},
            {
                "pattern": q.pattern,
                "mistakes": [
                    [normalise(m.answer, case_sensitive=cs), _block(m.feedback)]
                    for m in q.common_mistakes
                ],
                "near": _near(q.answers, cs) if q.max_typos else [],
                "answer": _inline(q.answers[0]),
            },
        )
    if isinstance(q, Matching):
        choices = q.choices
        return (
            {
                "lefts": [_inline(p.left) for p in q.pairs],
                "choices": [
                    {"text": choices[i], "html": _inline(choices[i])}
                    for i in display_order(q, shuffle_seed=seed)
                ],
                "keys": [digest(salt, "pair", str(i), p.right) for i, p in enumerate(q.pairs)],
            },
            {"answer": [_inline(p.right) for p in q.pairs]},
        )
    if isinstance(q, Ordering):
        order = display_order(q, shuffle_seed=seed)
        return (
            {
                "items": [
                    {
                        "html": _inline(q.items[rank]),
                        "key": digest(salt, "rank", str(pos), str(rank)),
                    }
                    for pos, rank in enumerate(order)
                ]
            },
            {"answer": [_inline(item) for item in q.items]},
        )
    if not isinstance(q, FillBlanks):
        raise TypeError(f"unknown question type {q.type!r}")
    blanks = []
    secret_blanks: dict[str, Any] = {}
    for b in q.blanks:
        if b.options is not None:
            keys = sorted({digest(salt, "blank", b.id, a) for a in b.answers})
            options = [{"text": o, "html": _inline(o)} for o in b.options]
        else:
            keys = sorted({digest(salt, "blank", b.id, normalise(a)) for a in b.answers})
            options = None
        blanks.append({"id": b.id, "options": options, "max_typos": b.max_typos, "keys": keys})
        secret_blanks[b.id] = {
            "near": _near(b.answers, False) if b.max_typos and b.options is None else [],
            "answer": _inline(b.answers[0]),
        }
    return (
        {"passage": render_markdown(q.passage), "blanks": blanks},
        {"blanks": secret_blanks},
    )


def public_spec(question: Question, *, shuffle_seed: str | None = None) -> dict[str, Any]:
    """The JSON-serialisable page form of ``question`` (see the module docstring).

    Fill-blanks passages keep each blank as the literal text ``{{blank-id}}`` in
    ``passage`` for the UI to replace with an input.
    """
    salt = salt_for(question)
    public, secret = _type_parts(question, salt, shuffle_seed)
    secret.update(explanation=_block(question.explanation), source=_source(question))
    return {
        "format": SPEC_FORMAT,
        "id": question.id,
        "type": question.type,
        "salt": salt,
        "difficulty": question.difficulty,
        "prompt": render_markdown(question.prompt),
        "hints": [render_markdown(h) for h in question.hints],
        "messages": {key: _inline(text) for key, text in MESSAGES.items()},
        **public,
        "secret": obfuscate(salt, secret),
    }


__all__ = [
    "DIGEST_CHARS",
    "SPEC_FORMAT",
    "digest",
    "display_order",
    "obfuscate",
    "permutation",
    "public_spec",
    "reveal",
    "salt_for",
]
