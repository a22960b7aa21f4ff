"""Drafts: questions that still hold placeholder text, from ``quizkit new`` or an import.

``quizkit new`` writes a skeleton question (:func:`scaffold_question`) that validates as it
stands, with :data:`PLACEHOLDER` text where the instructor must still write something;
importers fill fields a format cannot carry the same way. ``quizkit check`` and ``quizkit
lint`` warn while any is left (:func:`placeholder_fields` says where), and exports refuse
such questions (:func:`refuse_drafts`) unless told ``--allow-drafts``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from quizkit.document import bank_ids
from quizkit.errors import QuizkitError, UsageError, did_you_mean
from quizkit.models import (
    LEVELS,
    QUESTION_TYPES,
    Question,
    QuestionType,
    is_question_type,
    unhandled,
)

if TYPE_CHECKING:
    from quizkit.sources import Source

PLACEHOLDER = "TODO"
"""Text written where the instructor must still write something; checks look for it."""


def placeholder_fields(question: Question) -> list[tuple[str | int, ...]]:
    """Where a question still holds :data:`PLACEHOLDER` text: paths such as ``("options", 0, "text")``."""
    found: list[tuple[str | int, ...]] = []

    def walk(value: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(value, str):
            if PLACEHOLDER in value:
                found.append(path)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))

    walk(question.model_dump(mode="json", exclude_defaults=True), ())
    return found


def refuse_drafts(bank_dir: str | os.PathLike[str], questions: Iterable[Question]) -> None:
    """Raise :class:`QuizkitError` if any of ``questions`` still holds placeholder text.

    Exports call this unless told ``--allow-drafts``: each draft is named with the file and
    line of its question in ``bank_dir`` and the fields that still hold ``TODO``.
    """
    places = bank_ids(bank_dir)
    lines = []
    for q in questions:
        paths = placeholder_fields(q)
        if paths:
            fields = ", ".join(".".join(str(k) for k in p) for p in paths[:3])
            more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
            where = places.get(q.id, str(bank_dir))
            lines.append(f"{where}: question '{q.id}': {PLACEHOLDER} placeholder text in "
                         f"{fields}{more}")
    if len(lines) == 1:
        raise QuizkitError(f"{lines[0]}; replace it, or pass --allow-drafts to export drafts")
    if lines:
        raise QuizkitError(
            f"{len(lines)} questions are drafts with {PLACEHOLDER} placeholder text; replace it, "
            "or pass --allow-drafts to export drafts:\n" + "\n".join(lines))


def _answer_fields(qtype: QuestionType) -> dict[str, Any]:
    """The answer fields of a skeleton question of ``qtype``, with placeholder text."""
    todo = PLACEHOLDER
    match qtype:
        case "single-choice" | "multiple-select":
            return {"options": [
                {"text": f"{todo}: the correct option", "correct": True},
                {"text": f"{todo}: a wrong option", "feedback": f"{todo}: why it is wrong"},
                {"text": f"{todo}: another wrong option"},
            ]}
        case "true-false":
            return {"answer": True}
        case "numeric":
            return {"answer": 0, "tolerance": 0}
        case "short-text":
            return {"answers": [f"{todo}: the model answer"]}
        case "matching":
            return {"pairs": [
                {"left": f"{todo}: item 1", "right": f"{todo}: partner 1"},
                {"left": f"{todo}: item 2", "right": f"{todo}: partner 2"},
            ]}
        case "ordering":
            return {"items": [f"{todo}: first", f"{todo}: second", f"{todo}: third"]}
        case "fill-blanks":
            return {"passage": f"{todo}: a sentence with a {{{{blank-1}}}} in it.",
                    "blanks": [{"id": "blank-1", "answers": [f"{todo}: the answer"]}]}
        case _:
            unhandled(qtype)


def model_answer_tests(qtype: QuestionType, item: dict[str, Any]) -> list[dict[str, Any]]:
    """The response test ``quizkit new`` writes for a typed answer: the model answer, correct.

    Empty for types whose response is a choice among what the question shows.
    """
    match qtype:
        case "short-text":
            return [{"response": item["answers"][0], "expect": "correct"}]
        case "numeric":
            return [{"response": item["answer"], "expect": "correct"}]
        case "fill-blanks":
            model = {b["id"]: b["answers"][0] for b in item["blanks"]}
            return [{"response": model, "expect": "correct"}]
        case "single-choice" | "multiple-select" | "true-false" | "matching" | "ordering":
            return []
        case _:
            unhandled(qtype)


def scaffold_question(
    qtype: str,
    qid: str,
    *,
    objective: str,
    prompt: str | None = None,
    paragraph: str = "p1",
    quote: str | None = None,
    level: str = "remember",
    source: Source | None = None,
) -> dict[str, Any]:
    """A valid question of ``qtype`` with placeholder text (``TODO``) for the instructor.

    The skeleton validates, so the file stays checkable while it is being written;
    ``quizkit check`` notes the placeholder text as a warning until it is replaced.
    ``quote`` defaults to the first words of the paragraph. Short-text, numeric and
    fill-blanks questions get ``response_tests`` holding the model answer, expected correct,
    for the instructor to extend with the variants learners type. An unknown type, level or
    paragraph raises :class:`UsageError` naming the nearest valid one. The paragraph is one
    of ``source`` (default: the first source text of the course found from the current
    folder, :func:`quizkit.paper.load_paper`).
    """
    from quizkit.paper import load_paper

    if level not in LEVELS:
        raise UsageError(
            f"unknown level '{level}'" + (did_you_mean(level, LEVELS) or f" (levels: {', '.join(LEVELS)})")
        )
    if not is_question_type(qtype):
        raise UsageError(
            f"unknown question type '{qtype}'"
            + (did_you_mean(qtype, QUESTION_TYPES) or f" (types: {', '.join(QUESTION_TYPES)})")
        )
    paper = source if source is not None else load_paper()
    if paragraph not in paper.paragraphs:
        raise UsageError(
            f"unknown paragraph '{paragraph}'" + did_you_mean(paragraph, list(paper.paragraphs))
        )
    if quote is None:
        quote = " ".join(paper.paragraphs[paragraph].text.split()[:6])
    q: dict[str, Any] = {
        "id": qid,
        "type": qtype,
        "prompt": prompt or f"{PLACEHOLDER}: write the question.",
        **_answer_fields(qtype),
        "explanation": f"{PLACEHOLDER}: explain why the answer is right.",
        "objectives": [objective],
        "difficulty": "medium",
        "level": level,
        "source": {"paragraph": paragraph, "quote": quote},
    }
    tests = model_answer_tests(qtype, q)
    if tests:
        q["response_tests"] = tests
    return q


__all__ = [
    "PLACEHOLDER",
    "model_answer_tests",
    "placeholder_fields",
    "refuse_drafts",
    "scaffold_question",
]
