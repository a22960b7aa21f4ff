"""What every importer produces: draft questions (plain dicts in bank shape) with the line
they came from, and what could not be mapped (located :class:`Problem` records); plus
completing drafts with the fields a bank question requires (objectives, explanation, source)
from options or ``TODO`` placeholders (:data:`quizkit.drafts.PLACEHOLDER`), and checking a
draft as a bank question with the bank's own wording (:func:`draft_problems`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizkit.drafts import PLACEHOLDER
from quizkit.errors import LocatedError, Problem
from quizkit.problems import question_problems


class ImportSyntaxError(LocatedError):
    """Malformed input in an import file, located by file and line (and question, if named)."""

    def __init__(self, filename: str, line: int, message: str,
                 question: str | None = None) -> None:
        super().__init__(Problem(filename, line, question, None, message))


@dataclass
class Draft:
    """One imported question in bank shape, the line it starts on, and its own notes."""

    data: dict[str, Any]
    line: int
    notes: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    derived_id: bool = False
    """The id was made from the question's name or text (not given in the file), so an
    import may add a suffix when another question of the file already took it."""


@dataclass
class Parsed:
    """An importer's result: drafts, and a located problem for each question not mapped."""

    drafts: list[Draft] = field(default_factory=list)
    unmapped: list[Problem] = field(default_factory=list)


def complete(draft: Draft, *, objective: str, factsheet: str | None,
             placeholder_quote: tuple[str, str]) -> None:
    """Fill ``objectives``, ``level``, ``explanation`` and ``source``; note each default used.

    Values carried by the file itself (a quizkit comment written by ``quizkit export``) win;
    then the command-line options; then ``TODO`` placeholders (the source placeholder is
    paragraph ``placeholder_quote[0]``, flagged by a ``TODO`` in the explanation).
    """
    d, meta = draft.data, draft.meta
    for key in ("difficulty", "level", "hints", "response_tests"):
        if key in meta and key not in d:
            d[key] = meta[key]
    if "level" not in d:
        d["level"] = "remember"
        draft.notes.append("level set to 'remember': check which level the question tests")
    if "objectives" in meta:
        d["objectives"] = list(meta["objectives"])
    else:
        d["objectives"] = [objective]
        draft.notes.append(f"objectives set to '{objective}': check it fits")
    if not d.get("explanation"):
        d["explanation"] = f"{PLACEHOLDER}: explain why the answer is right."
        draft.notes.append(f"explanation is a {PLACEHOLDER} placeholder")
    if "source" in meta:
        d["source"] = meta["source"]
    elif factsheet is not None:
        d["source"] = {"factsheet": factsheet}
        draft.notes.append(f"source set to fact-sheet item {factsheet}: check it fits")
    else:
        paragraph, quote = placeholder_quote
        d["source"] = {"paragraph": paragraph, "quote": quote}
        d["explanation"] += f" {PLACEHOLDER}: set the source (placeholder: paragraph {paragraph})."
        draft.notes.append(
            f"source is a placeholder (paragraph {paragraph}): {PLACEHOLDER} flagged")


def draft_problems(draft: Draft, filename: str) -> list[Problem]:
    """Why a completed draft is not a valid bank question, at its line ([] when it is)."""
    return question_problems(draft.data, filename=filename, line=draft.line)


__all__ = ["PLACEHOLDER", "Draft", "ImportSyntaxError", "Parsed", "complete", "draft_problems"]
