"""The question bank: its files loaded and validated into a :class:`Bank`, selection, checks.

Loading reads every ``*.yml`` of a folder (:mod:`quizkit.document`: plain data with the
line of every node), validates each file by the pydantic models in strict mode (each error
a located, reworded problem: :mod:`quizkit.problems`), then runs the rules across files and
the grounding of every source (:mod:`quizkit.rules`). Every problem in every file is
collected before :class:`quizkit.errors.BankError` is raised, sorted by file and line.

A loaded :class:`Bank` knows where each question and objective stands, selects questions
(:meth:`Bank.select`, :func:`stratified_sample`) and is what the front ends, exports and
checks work on. :func:`check` is ``quizkit check``: it also runs the questions' response
tests; :func:`bank_warnings` lists what is valid but worth a look. :func:`cached_bank` loads
a folder once per process while its files are unchanged, for the notebooks and the book.

Writing (:mod:`quizkit.writer`) and drafts (:mod:`quizkit.drafts`) live in their own
modules; their public names, and the reader's, are re-exported here so that
``from quizkit.bank import ...`` keeps working.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from quizkit.document import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    Document,
    bank_ids,
    parse_data,
    parse_document,
    read_data,
    read_text,
)
from quizkit.drafts import PLACEHOLDER, placeholder_fields, refuse_drafts, scaffold_question
from quizkit.errors import BankError, Problem, QuizkitError, UsageError, did_you_mean, shown
from quizkit.models import QUESTION_TYPES, SCHEMA_VERSION, BankFile, Objective, Question
from quizkit.problems import found, validation_problems
from quizkit.rules import FileResult, cross_checks
from quizkit.writer import append_question, dumps, question_data, write_atomic

if TYPE_CHECKING:
    from quizkit.course import Course

DEFAULT_BANK_DIR = "bank"

MIN_QUESTIONS_PER_OBJECTIVE = 2
"""An objective tested by fewer questions is a warning in ``check`` and a gap in ``stats``."""

_QUESTION_ADAPTER: TypeAdapter[Question] = TypeAdapter(Question)
_OBJECTIVE_ADAPTER: TypeAdapter[Objective] = TypeAdapter(Objective)


# ---------------------------------------------------------------------------------------------
# Validating one file


def _check_version(document: Document) -> list[Problem]:
    data = document.data
    if "schema_version" not in data:
        return []
    version = data["schema_version"]
    line = document.member_line(data, "schema_version")
    where = (document.filename, line, None, "schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        return [Problem(*where, f"must be the number {SCHEMA_VERSION} (found {found(version)})")]
    if version > SCHEMA_VERSION:
        return [
            Problem(
                *where,
                f"version {version} is too new: this quizkit reads version {SCHEMA_VERSION}; "
                "upgrade quizkit",
            )
        ]
    if version < SCHEMA_VERSION:
        return [
            Problem(
                *where,
                f"version {version} is too old: this quizkit reads version {SCHEMA_VERSION}; "
                "update the file to the current format",
            )
        ]
    return []


def _validate_text(text: str, filename: str) -> FileResult:
    """One file's text validated on its own: its model, or its problems and what salvaged."""
    try:
        document = parse_document(text, filename)
    except BankError as exc:
        return FileResult(None, None, exc.problems)
    data = document.data
    if data is None:
        return FileResult(document, None, [Problem(filename, 1, None, None, "file is empty")])
    if not isinstance(data, dict):
        return FileResult(
            document, None,
            [
                Problem(
                    filename, document.container_line(data, 1), None, None,
                    "the top level must be a mapping with schema_version, chapter, title, "
                    f"objectives and questions (found {found(data)})",
                )
            ],
        )
    version_problems = _check_version(document)
    if version_problems:
        return FileResult(document, None, version_problems)
    try:
        model = BankFile.model_validate(data, strict=True)
    except ValidationError as exc:
        result = FileResult(document, None,
                            validation_problems(exc, document, BankFile, scope="file"))
        _salvage(result, data)
        return result
    return FileResult(document, model, [], list(enumerate(model.questions)),
                      list(enumerate(model.objectives)))


def _salvage(result: FileResult, data: dict[str, Any]) -> None:
    """Validate questions and objectives one by one so cross-file rules still see them."""
    questions = data.get("questions")
    if isinstance(questions, list):
        for i, item in enumerate(questions):
            try:
                result.questions.append((i, _QUESTION_ADAPTER.validate_python(item, strict=True)))
            except ValidationError:
                continue
    objectives = data.get("objectives")
    if isinstance(objectives, list):
        for i, item in enumerate(objectives):
            try:
                result.objectives.append((i, _OBJECTIVE_ADAPTER.validate_python(item, strict=True)))
            except ValidationError:
                continue


# ---------------------------------------------------------------------------------------------
# The bank


@dataclass(frozen=True)
class BankFileEntry:
    """One file of a loaded bank."""

    path: Path
    stem: str
    model: BankFile


class Bank:
    """A validated bank: its files, questions and objectives by id, and where each stands."""

    def __init__(
        self,
        files: list[BankFileEntry],
        question_places: dict[str, tuple[BankFileEntry, int]],
        objective_places: dict[str, tuple[BankFileEntry, int]],
        question_nodes: dict[str, tuple[Document, Any]] | None = None,
    ) -> None:
        self.files = files
        self.questions: dict[str, Question] = {}
        self.objectives: dict[str, Objective] = {}
        for entry in files:
            for q in entry.model.questions:
                self.questions[q.id] = q
            for o in entry.model.objectives:
                self.objectives[o.id] = o
        self._question_places = question_places
        self._objective_places = objective_places
        self._question_nodes = question_nodes or {}

    def __repr__(self) -> str:
        return f"<Bank: {len(self.questions)} questions in {len(self.files)} files>"

    def file_of(self, qid: str) -> BankFileEntry:
        """The file a question stands in."""
        return self._place(qid)[0]

    def line_of(self, qid: str) -> int:
        """The line (1-based) where a question starts in its file."""
        return self._place(qid)[1]

    def line_at(self, qid: str, *path: str | int) -> int:
        """The line of a field inside a question, e.g. ``line_at(qid, "options", 2)``.

        Falls back to the deepest part of ``path`` the file has, then to the question's line.
        """
        line = self.line_of(qid)
        document, node = self._question_nodes.get(qid, (None, None))
        if document is None:
            return line
        return document.line_at(path, node, default=line)

    def objective_file_of(self, oid: str) -> BankFileEntry:
        """The file an objective is declared in."""
        if oid not in self._objective_places:
            raise QuizkitError(f"unknown objective '{oid}'" + did_you_mean(oid, self.objectives))
        return self._objective_places[oid][0]

    def objective_line_of(self, oid: str) -> int:
        """The line where an objective is declared."""
        self.objective_file_of(oid)
        return self._objective_places[oid][1]

    def _place(self, qid: str) -> tuple[BankFileEntry, int]:
        try:
            return self._question_places[qid]
        except KeyError:
            raise QuizkitError(f"unknown question id '{qid}'" + did_you_mean(qid, self.questions)) from None

    def entry(self, stem: str) -> BankFileEntry:
        """The file with this stem (e.g. ``03-meeting``)."""
        for e in self.files:
            if e.stem == stem:
                return e
        stems = [e.stem for e in self.files]
        raise QuizkitError(
            f"unknown bank '{stem}'" + (did_you_mean(stem, stems) or f" (banks: {', '.join(stems)})")
        )

    def questions_testing(self, oid: str) -> list[Question]:
        """The questions that test an objective."""
        return [q for q in self.questions.values() if oid in q.objectives]

    def select(
        self,
        bank: str | None = None,
        ids: Sequence[str] | str | None = None,
        tags: Sequence[str] | str | None = None,
        objective: str | None = None,
        types: Sequence[str] | str | None = None,
        sample: int | None = None,
        seed: int = 0,
        stratify: bool = False,
    ) -> list[Question]:
        """Questions chosen by file, ids, tags, objective and type, optionally a seeded sample.

        ``bank`` is a file stem or ``"all"`` (``None`` = all). ``ids`` keeps the order given;
        otherwise questions come in bank order. ``tags`` keeps questions with any of the tags;
        ``types`` any of the types. Comma-separated strings are accepted for the lists.
        ``sample`` draws that many with ``random.Random(seed).sample``; with ``stratify`` the
        draw is balanced instead (see :func:`stratified_sample`) and comes in bank order.
        Unknown names and an empty result raise :class:`QuizkitError`.
        """
        id_list, tag_list, type_list = _split(ids), _split(tags), _split(types)
        if bank is None or bank == "all":
            pool = list(self.questions.values())
        else:
            pool = list(self.entry(bank).model.questions)
        if id_list is not None:
            by_id = {q.id: q for q in pool}
            missing = [i for i in id_list if i not in by_id]
            if missing:
                where = "the bank" if bank in (None, "all") else f"bank '{bank}'"
                raise QuizkitError(
                    f"unknown question id '{missing[0]}' in {where}"
                    + did_you_mean(missing[0], by_id)
                )
            pool = [by_id[i] for i in id_list]
        if tag_list is not None:
            known = {t for q in self.questions.values() for t in q.tags}
            for t in tag_list:
                if t not in known:
                    raise QuizkitError(f"unknown tag '{t}'" + did_you_mean(t, known))
            wanted = set(tag_list)
            pool = [q for q in pool if wanted.intersection(q.tags)]
        if objective is not None:
            if objective not in self.objectives:
                raise QuizkitError(
                    f"unknown objective '{objective}'" + did_you_mean(objective, self.objectives)
                )
            pool = [q for q in pool if objective in q.objectives]
        if type_list is not None:
            for t in type_list:
                if t not in QUESTION_TYPES:
                    raise QuizkitError(
                        f"unknown question type '{t}'"
                        + (did_you_mean(t, QUESTION_TYPES) or f" (types: {', '.join(QUESTION_TYPES)})")
                    )
            pool = [q for q in pool if q.type in type_list]
        if not pool:
            raise QuizkitError("no question matches the selection")
        if sample is not None:
            if sample < 1 or sample > len(pool):
                raise QuizkitError(
                    f"cannot sample {sample} question{'s' if sample != 1 else ''} "
                    f"from {len(pool)} matching"
                )
            if stratify:
                pool = stratified_sample(pool, sample, seed, lambda q: self.file_of(q.id).stem)
            else:
                pool = random.Random(seed).sample(pool, sample)
        return pool


def stratified_sample(
    pool: Sequence[Question], size: int, seed: int, chapter_of: Callable[[Question], str]
) -> list[Question]:
    """A seeded sample of ``size`` questions balanced by chapter, then by objective.

    Every chapter (bank file) in the pool gets one question when ``size`` allows (otherwise
    ``size`` chapters drawn at random get one each). Further places go, one at a time, to the
    chapter with the most objectives its places cannot yet cover, then in proportion to what
    each chapter has left. Within a chapter, each pick is the question that covers most
    objectives not yet covered, ties broken by a seeded shuffle, so objectives are covered as
    far as ``size`` allows. The result keeps the pool's order; the same seed gives the same
    draw.
    """
    rng = random.Random(seed)
    groups: dict[str, list[Question]] = {}
    for q in pool:
        groups.setdefault(chapter_of(q), []).append(q)
    for members in groups.values():
        rng.shuffle(members)
    names = list(groups)
    places = dict.fromkeys(names, 0)
    if size < len(names):
        for name in rng.sample(names, size):
            places[name] = 1
    else:
        for name in names:
            places[name] = 1
        objectives = {n: len({o for q in groups[n] for o in q.objectives}) for n in names}
        order = {n: i for i, n in enumerate(rng.sample(names, len(names)))}
        for _ in range(size - len(names)):
            open_ = [n for n in names if places[n] < len(groups[n])]
            name = max(
                open_,
                key=lambda n: (
                    objectives[n] - places[n],
                    (len(groups[n]) - places[n]) / len(groups[n]),
                    -order[n],
                ),
            )
            places[name] += 1
    chosen: set[int] = set()
    for name in names:
        covered: set[str] = set()
        candidates = list(groups[name])
        for _ in range(places[name]):
            best = max(candidates, key=lambda q: len(set(q.objectives) - covered))
            candidates.remove(best)
            covered.update(best.objectives)
            chosen.add(id(best))
    return [q for q in pool if id(q) in chosen]


def _split(value: Sequence[str] | str | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v).strip() for v in value]


def _bank_paths(paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> list[Path]:
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    out: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            out.extend(sorted(p.glob("*.yml")))
        elif p.exists():
            out.append(p)
        else:
            raise UsageError(f"no such bank file or directory: {p}")
    if not out:
        raise UsageError(f"no bank files (*.yml) in {', '.join(str(i) for i in items)}")
    return out


def _load_results(paths: list[Path]) -> list[FileResult]:
    results = []
    for path in paths:
        try:
            text = read_text(path)
        except BankError as exc:
            results.append(FileResult(None, None, exc.problems))
            continue
        results.append(_validate_text(text, str(path)))
    return results


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a bank's (acyclic) data.

    Loading creates millions of small dicts and lists that all stay alive; each collection
    pass walks them all, which made large banks load superlinearly (measured: 30,000
    questions load in about 60% of the time with collection paused).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _course(paths: list[Path], course: Course | None) -> Course:
    """``course``, or the course of the bank (:func:`quizkit.course.course_for_bank`)."""
    if course is not None:
        return course
    from quizkit.course import course_for_bank

    return course_for_bank(paths[0] if paths else Path(DEFAULT_BANK_DIR))


def load_bank(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] = DEFAULT_BANK_DIR,
    *,
    course: Course | None = None,
) -> Bank:
    """Load and validate a bank: a directory (every ``*.yml`` in it, sorted) or files.

    Sources are grounded in ``course`` (default: the course the bank belongs to, see
    :func:`quizkit.course.course_for_bank`). Raises :class:`BankError` holding every problem
    in every file, sorted by file and line.
    """
    file_paths = _bank_paths(paths)
    grounding = _course(file_paths, course)
    with _gc_paused():
        results = _load_results(file_paths)
        problems = [p for r in results for p in r.problems]
        problems += cross_checks(results, grounding)
        if problems:
            raise BankError(problems)
        return _bank_from(file_paths, results)


def _bank_from(file_paths: list[Path], results: list[FileResult]) -> Bank:
    """The :class:`Bank` of files that loaded without problems."""
    entries: list[BankFileEntry] = []
    q_places: dict[str, tuple[BankFileEntry, int]] = {}
    o_places: dict[str, tuple[BankFileEntry, int]] = {}
    nodes: dict[str, tuple[Document, Any]] = {}
    for path, res in zip(file_paths, results, strict=True):
        document, model = res.document, res.model
        if document is None or model is None:  # pragma: no cover - only valid files get here
            raise QuizkitError(f"{path}: not validated")
        entry = BankFileEntry(path=path, stem=path.stem, model=model)
        entries.append(entry)
        data = document.data
        for i, q in enumerate(model.questions):
            q_places[q.id] = (entry, document.member_line(data["questions"], i))
            nodes[q.id] = (document, data["questions"][i])
        for i, o in enumerate(model.objectives):
            o_places[o.id] = (entry, document.member_line(data["objectives"], i))
    return Bank(entries, q_places, o_places, nodes)


@dataclass
class CheckReport:
    """What ``quizkit check`` reports: counts, every problem, and (when it loads) the bank.

    ``bank`` is set when every file is valid, even if a response test fails (a problem too).
    """

    files: int
    questions: int
    problems: list[Problem]
    bank: Bank | None

    @property
    def ok(self) -> bool:
        """Whether the bank has no problems."""
        return not self.problems


def check(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] = DEFAULT_BANK_DIR,
    *,
    course: Course | None = None,
) -> CheckReport:
    """Validate a bank and run its response tests; report instead of raising.

    Counts include files with problems. A response test that grades otherwise than it
    expects is a problem (see :func:`response_test_problems`). ``course`` as for
    :func:`load_bank`.
    """
    file_paths = _bank_paths(paths)
    try:
        bank = load_bank(file_paths, course=course)
    except BankError as exc:
        results = _load_results(file_paths)
        n_questions = 0
        for r in results:
            data = r.document.data if r.document is not None else None
            qs = data.get("questions") if isinstance(data, dict) else None
            n_questions += len(qs) if isinstance(qs, list) else 0
        return CheckReport(len(file_paths), n_questions, exc.problems, None)
    problems = sorted(response_test_problems(bank), key=Problem.sort_key)
    return CheckReport(len(file_paths), len(bank.questions), problems, bank)


def response_test_problems(bank: Bank) -> list[Problem]:
    """Every response test whose grade differs from its ``expect``, at the test's line.

    Each test's response goes through :func:`quizkit.grading.grade`; the message quotes the
    response as JSON, e.g. ``response_tests[2]: "the Crimea" grades incorrect, expected
    correct`` (indices count from 0, as in the file's list).
    """
    from quizkit.grading import grade

    problems: list[Problem] = []
    for qid, q in bank.questions.items():
        for i, test in enumerate(q.response_tests):
            status = grade(q, test.response).status
            if status != test.expect:
                response = shown(json.dumps(test.response, ensure_ascii=False), 80)
                problems.append(Problem(
                    str(bank.file_of(qid).path), bank.line_at(qid, "response_tests", i), qid,
                    f"response_tests[{i}]", f"{response} grades {status}, expected {test.expect}",
                ))
    return problems


def loads(text: str, filename: str = "<string>", *, course: Course | None = None) -> BankFile:
    """Validate one bank file's text (grounding included); raises :class:`BankError`.

    Sources are grounded in ``course`` (default: the course found from the current folder,
    or from ``filename``'s folder; see :func:`quizkit.course.course_for_bank`).
    """
    result = _validate_text(text, filename)
    problems = result.problems + cross_checks([result], _course([Path(filename)], course))
    if problems or result.model is None:
        raise BankError(problems)
    return result.model


def load_file(path: str | os.PathLike[str], *, course: Course | None = None) -> BankFile:
    """Load and validate one bank file on its own (``course`` as for :func:`load_bank`)."""
    p = Path(path)
    if not p.is_file():
        raise QuizkitError(f"no such bank file: {p}")
    return loads(read_text(p), str(p), course=course)


_CACHE: dict[tuple[object, ...], Bank] = {}


def cached_bank(bank_dir: str | os.PathLike[str], *, course: Course | None = None) -> Bank:
    """The bank in ``bank_dir``, loaded once per process while its files are unchanged.

    A notebook of many quiz cells, or a book build of many pages, parses the bank once:
    the cache is keyed by the folder, the course grounding it, and the name, modification
    time and size of each ``*.yml`` and of the course's content files
    (:meth:`quizkit.course.Course.content_files`), and holds the latest bank only. Raises what
    :func:`load_bank` raises.
    """
    folder = Path(bank_dir).resolve()
    files = sorted(folder.glob("*.yml"))
    grounding = _course([folder], course)
    stamps = [(str(f), f.stat().st_mtime_ns, f.stat().st_size)
              for f in (*files, *grounding.content_files()) if f.is_file()]  # fmt: skip
    key: tuple[object, ...] = (str(folder), str(grounding.root), *stamps)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = load_bank(folder, course=grounding)
    return _CACHE[key]


# ---------------------------------------------------------------------------------------------
# Warnings (not errors): what `check` notes and `stats` lists


def objective_coverage(bank: Bank) -> dict[str, int]:
    """How many questions test each objective, in declaration order."""
    counts = {oid: 0 for oid in bank.objectives}
    for q in bank.questions.values():
        for oid in q.objectives:
            if oid in counts:
                counts[oid] += 1
    return counts


def bank_warnings(bank: Bank, minimum: int = MIN_QUESTIONS_PER_OBJECTIVE) -> list[str]:
    """Notes about a valid bank: thinly tested objectives, placeholder text left by ``new``.

    An objective is thin when fewer than ``minimum`` questions test it. Each note is one
    line, ``file:line: warning: ...``.
    """
    notes: list[str] = []
    for oid, n in objective_coverage(bank).items():
        if n < minimum:
            entry = bank.objective_file_of(oid)
            notes.append(
                f"{entry.path}:{bank.objective_line_of(oid)}: warning: objective '{oid}' is tested by "
                f"{n} question{'s' if n != 1 else ''} (fewer than {minimum})"
            )
    for qid, q in bank.questions.items():
        if placeholder_fields(q):
            notes.append(
                f"{bank.file_of(qid).path}:{bank.line_of(qid)}: warning: question '{qid}': "
                f"still has {PLACEHOLDER} placeholder text"
            )
    return notes


__all__ = [
    "DEFAULT_BANK_DIR",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MIN_QUESTIONS_PER_OBJECTIVE",
    "PLACEHOLDER",
    "Bank",
    "BankFileEntry",
    "CheckReport",
    "append_question",
    "bank_ids",
    "bank_warnings",
    "cached_bank",
    "check",
    "dumps",
    "load_bank",
    "load_file",
    "loads",
    "objective_coverage",
    "parse_data",
    "placeholder_fields",
    "question_data",
    "read_data",
    "refuse_drafts",
    "response_test_problems",
    "scaffold_question",
    "stratified_sample",
    "write_atomic",
]
