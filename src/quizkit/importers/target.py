"""Adding imported questions to a bank file: complete each draft, refuse ids the bank already
has, keep the file's comments and layout, validate the result, and write it atomically."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from quizkit.errors import LocatedError, Problem, QuizkitError
from quizkit.importers.drafts import Parsed, complete, draft_problems
from quizkit.models import Question


@dataclass
class ImportReport:
    """What an import did: ids added (with their line and notes), and what was left out."""

    added: list[tuple[str, int, list[str]]] = field(default_factory=list)
    unmapped: list[Problem] = field(default_factory=list)


def _placeholder_quote(bank_file: Path) -> tuple[str, str]:
    """The first paragraph of the bank's course's first source, and its first words."""
    from quizkit.course import course_for_bank

    paper = course_for_bank(bank_file).source()
    first = next(iter(paper.paragraphs))
    return first, " ".join(paper.paragraphs[first].text.split()[:6])


def plan_import(path: Path, parsed: Parsed, *, objective: str | None,
                factsheet: str | None, source_name: str) -> tuple[list[dict[str, Any]],
                                                                    ImportReport]:
    """Complete and check the drafts against the target file and its bank directory.

    Returns the questions to append (YAML-ready) and the report. Raises
    :class:`QuizkitError` for an id the bank already has or a bad ``--objective``.
    """
    from quizkit.bank import bank_ids, load_file, question_data

    target = load_file(path)
    objectives = [o.id for o in target.objectives]
    if objective is None:
        if not objectives:
            raise QuizkitError(f"{path} declares no objectives: add one, or give --objective")
        objective = objectives[0]
    elif objective not in objectives:
        raise QuizkitError(f"unknown objective '{objective}' in {path} "
                           f"(objectives: {', '.join(objectives) or 'none'})")
    if factsheet is not None and validation_message_for_source(factsheet):
        raise QuizkitError(f"--source-factsheet {factsheet!r} is not a fact-sheet item "
                           "(e.g. B1.5, D5 or A16)")
    if factsheet is not None:
        from quizkit.course import course_for_bank

        sheet = course_for_bank(path).factsheet
        if sheet is None or factsheet not in sheet:
            where = "the course has no fact sheet" if sheet is None else "the fact sheet has no such item"
            raise QuizkitError(f"--source-factsheet {factsheet!r} is not a fact-sheet item ({where})")
    existing = bank_ids(path.parent)
    adapter: TypeAdapter[Question] = TypeAdapter(Question)
    quote = _placeholder_quote(path)
    report = ImportReport(unmapped=list(parsed.unmapped))
    items: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for draft in parsed.drafts:
        qid = draft.data.get("id") or ""
        if not qid:
            report.unmapped.append(Problem(source_name, draft.line, None, None,
                                           "no usable id (name the question)"))
            continue
        if qid in existing:
            raise LocatedError(Problem(
                source_name, draft.line, None, None,
                f"question id '{qid}' already exists in the bank ({existing[qid]}); rename it "
                "in the import file"))
        if qid in seen and draft.derived_id:
            # Made from a title or text another question of the file shares: a suffix.
            new = _free_id(qid, set(seen) | set(existing))
            draft.notes.append(f"id '{qid}' is taken by the question on line {seen[qid]}: "
                               f"this one is '{new}'")
            qid = draft.data["id"] = new
        elif qid in seen:
            raise LocatedError(Problem(
                source_name, draft.line, None, None,
                f"question id '{qid}' is used twice in the import file (first on line "
                f"{seen[qid]})"))
        seen[qid] = draft.line
        complete(draft, objective=objective, factsheet=factsheet, placeholder_quote=quote)
        if any(o not in objectives for o in draft.data["objectives"]):
            draft.data["objectives"] = [objective]
            draft.notes.append(f"objectives not in {path.name}: set to '{objective}'")
        problems = draft_problems(draft, source_name)
        if problems:
            report.unmapped.append(problems[0])
            continue
        items.append(question_data(adapter.validate_python(draft.data)))
        report.added.append((qid, draft.line, draft.notes))
    return items, report


def _free_id(qid: str, taken: set[str]) -> str:
    """``qid-2``, ``qid-3`` ...: the first not in ``taken`` (within the 80-character limit)."""
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = qid[: 80 - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        n += 1


def validation_message_for_source(factsheet: str) -> str | None:
    """Why ``factsheet`` is not a valid fact-sheet item id, or None."""
    from pydantic import ValidationError

    from quizkit.models import FactsheetSource
    from quizkit.problems import reword

    try:
        FactsheetSource(factsheet=factsheet)
    except ValidationError as exc:
        return reword(exc.errors(include_url=False)[0])
    return None


def append_all(path: Path, items: list[dict[str, Any]]) -> str:
    """The target file's new text with ``items`` appended (comments and layout kept),
    validated as a bank file; nothing is written."""
    from quizkit.bank import append_question, loads, write_atomic

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / path.name
        shutil.copyfile(path, work)
        text = work.read_text(encoding="utf-8")
        for item in items:
            text = append_question(work, item)
            write_atomic(work, text)
    loads(text, str(path))
    return text


def write_import(path: Path, text: str) -> None:
    """Replace the target file atomically (temp file, fsync, rename)."""
    from quizkit.bank import write_atomic

    write_atomic(path, text)


__all__ = [
    "ImportReport",
    "append_all",
    "plan_import",
    "validation_message_for_source",
    "write_import",
]
