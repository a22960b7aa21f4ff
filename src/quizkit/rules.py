"""Rules across questions and files, and grounding: what no single question can check alone.

After each file is validated on its own (:mod:`quizkit.bank`), :func:`cross_checks` looks at
all of them together: question ids unique across the bank, objective ids unique, every
objective a question names declared in its own file, and every source grounded in the course
(:class:`quizkit.course.Course`): a source text the course has, a paragraph that text has, a
quote that stands in it (after normalising whitespace and quote marks; the message says where
it stands if it is in another paragraph), a fact-sheet item that exists.
Questions and objectives that validated on their own are checked even when another part of
their file is broken, so one pass reports everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from quizkit.document import Document
from quizkit.errors import Problem, did_you_mean
from quizkit.models import BankFile, Objective, Question

if TYPE_CHECKING:
    from quizkit.course import Course


@dataclass
class FileResult:
    """One file after validation: its model (when valid), its problems, and what the rules see.

    ``questions`` and ``objectives`` hold the ones that validated on their own, with their
    index in the file, so the rules run even when another part of the file is broken.
    """

    document: Document | None
    model: BankFile | None
    problems: list[Problem]
    questions: list[tuple[int, Question]] = field(default_factory=list)
    objectives: list[tuple[int, Objective]] = field(default_factory=list)


def cross_checks(results: Sequence[FileResult], course: Course) -> list[Problem]:
    """Problems across questions and files (see the module docstring), at their lines."""
    problems: list[Problem] = []
    seen_q: dict[str, tuple[str, int]] = {}
    seen_o: dict[str, tuple[str, int]] = {}
    for res in results:
        document = res.document
        if document is None:
            continue
        own_objectives = _objectives(res, document, seen_o, problems)
        data = document.data
        raw_qs = data.get("questions") if isinstance(data, dict) else None
        for i, q in res.questions:
            raw = raw_qs[i] if isinstance(raw_qs, list) else {}
            line = document.member_line(raw_qs, i)
            if q.id in seen_q:
                f0, l0 = seen_q[q.id]
                problems.append(Problem(document.filename, document.member_line(raw, "id", line),
                                        q.id, "id", f"id is already used by the question at {f0}:{l0}"))
            else:
                seen_q[q.id] = (document.filename, line)
            raw_objectives = raw.get("objectives")
            for k, oid in enumerate(q.objectives):
                if oid not in own_objectives:
                    problems.append(Problem(
                        document.filename, document.member_line(raw_objectives, k, line), q.id,
                        f"objectives.{k}", f"unknown objective '{oid}'"
                        + (did_you_mean(oid, own_objectives) or " (not declared in this file)"),
                    ))
            problems += _grounding(document, q, raw.get("source"), line, course)
    return problems


def _objectives(res: FileResult, document: Document, seen: dict[str, tuple[str, int]],
                problems: list[Problem]) -> set[str]:
    """The objective ids a file declares; a problem for each id declared before."""
    data = document.data
    raw_objs = data.get("objectives") if isinstance(data, dict) else None
    own: set[str] = set()
    for i, obj in res.objectives:
        line = document.member_line(raw_objs, i) if isinstance(raw_objs, list) else 1
        own.add(obj.id)
        if obj.id in seen:
            f0, l0 = seen[obj.id]
            problems.append(Problem(document.filename, line, None, f"objectives.{i}.id",
                                    f"objective id '{obj.id}' is already used at {f0}:{l0}"))
        else:
            seen[obj.id] = (document.filename, line)
    if isinstance(raw_objs, list) and len(res.objectives) < len(raw_objs):
        # Objectives that failed validation still count as declared, for their ids.
        for item in raw_objs:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                own.add(item["id"])
    return own


def _grounding(document: Document, q: Question, raw_src: Any, line: int,
               course: Course) -> list[Problem]:
    """Whether a question's source exists: its fact-sheet item, source text, paragraph, quote."""
    problems: list[Problem] = []
    src = q.source

    def problem(key: str, message: str) -> list[Problem]:
        where = document.member_line(raw_src, key, line)
        return [Problem(document.filename, where, q.id, f"source.{key}", message)]

    item = getattr(src, "factsheet", None)
    if item is not None:
        factsheet = course.factsheet
        if factsheet is None:
            problems += problem("factsheet", f"the course has no fact sheet to hold item "
                                f"'{item}' (quizkit.yml names none); quote a source text instead")
        elif item not in factsheet:
            problems += problem("factsheet", f"the fact sheet has no item '{item}'"
                                + did_you_mean(item, sorted(factsheet.items)))
    pid = src.paragraph
    if pid is None:
        return problems
    if not course.sources:
        return problems + problem("paragraph", "the course has no source text to quote "
                                  "(quizkit.yml names no sources)")
    if src.source is not None and src.source not in course.sources:
        known = list(course.sources)
        return problems + problem("source", f"unknown source '{src.source}'" + (
            did_you_mean(src.source, known) or f" (the course's sources: {', '.join(known)})"))
    text = course.source(src.source)
    pids = list(text.paragraphs)
    if pid not in text.paragraphs:
        named = "the text" if len(course.sources) == 1 else f"source '{text.id}'"
        span = ("no paragraphs" if not pids else f"only {pids[0]}" if len(pids) == 1
                else f"{pids[0]} to {pids[-1]}")
        return problems + problem("paragraph", f"unknown paragraph '{pid}'"
                                  + did_you_mean(pid, pids) + f" ({named} has {span})")
    quote = src.quote
    if quote is not None and not text.contains_quote(pid, quote):
        elsewhere = text.find_quote(quote)
        hint = f"; it stands in {elsewhere[0]}" if elsewhere else ""
        problems += problem("quote", f"quote not found in paragraph {pid}{hint}")
    return problems


__all__ = ["FileResult", "cross_checks"]
