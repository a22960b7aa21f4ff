"""The ``quizkit`` command: check, lint, stats, new and schema here; others loaded lazily by name.

Subcommands live in the table :data:`LAZY_COMMANDS` (name -> ``"module:attribute"``) and are
imported only when used or listed, so ``quizkit check`` starts without importing exporters,
and a command whose module is missing shows as unavailable instead of breaking ``--help``.

Output conventions: reports go to standard output, one problem per line as
``file:line: question 'id': field: message`` (no ``Error:`` prefix, so the lines can be
grepped or read by an editor), warnings as ``file:line: warning: ...``; the exit code is 0
when clean, 1 when the bank has problems (or, with ``--strict``, warnings), 2 for usage
errors. No traceback is shown unless ``--debug`` is given.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from quizkit import __version__
from quizkit.errors import BankError, QuizkitError, UsageError, close_match, did_you_mean

if TYPE_CHECKING:
    from quizkit.bank import Bank
    from quizkit.course import Course
    from quizkit.models import Question
    from quizkit.sources import Source

LAZY_COMMANDS: dict[str, str] = {
    "check": "quizkit.cli:check",
    "lint": "quizkit.cli:lint",
    "stats": "quizkit.cli:stats",
    "new": "quizkit.cli:new",
    "schema": "quizkit.cli:schema",
    "init": "quizkit.init:init",
    "export": "quizkit.export.cli:export",
    "import": "quizkit.importers.cli:import_",
    "preview": "quizkit.preview:preview",
}
"""Every subcommand, by name: the module and attribute of its click command."""

F = TypeVar("F", bound=Callable[..., Any])


def _unavailable(name: str, target: str, reason: str) -> click.Command:
    """A stand-in for a command whose module cannot be imported: says so, exits 2."""

    def run() -> None:
        raise UsageError(f"command '{name}' is unavailable: {target} cannot be loaded ({reason})")

    return click.Command(name, callback=run, help=f"(unavailable: {reason})",
                         short_help=f"(unavailable: {reason})", add_help_option=False,
                         context_settings={"ignore_unknown_options": True,
                                           "allow_extra_args": True})


class LazyGroup(click.Group):
    """A click group that imports each subcommand from ``lazy_commands`` when needed."""

    def __init__(self, *args: Any, lazy_commands: dict[str, str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy_commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands:
            target = self.lazy_commands[cmd_name]
            module_name, _, attr = target.partition(":")
            try:
                command = getattr(importlib.import_module(module_name), attr)
            except Exception as exc:
                if _debug(ctx):
                    raise
                return _unavailable(cmd_name, target, _short(exc))
            if not isinstance(command, click.Command):
                return _unavailable(cmd_name, target, "not a click command")
            return command
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else None
        if name is not None and name not in self.list_commands(ctx) and not name.startswith("-"):
            close = close_match(name, self.list_commands(ctx))
            hint = f" Did you mean '{close}'?" if close else ""
            raise click.UsageError(f"No such command '{name}'.{hint}", ctx)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QuizkitError as exc:
            if _debug(ctx):
                raise
            # A bank's problems are `file:line: ...` lines; any other error is one sentence.
            click.echo(str(exc) if isinstance(exc, BankError) else f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except Exception as exc:
            if _debug(ctx):
                raise
            click.echo(f"internal error: {_short(exc)} (run with --debug for the traceback)", err=True)
            ctx.exit(1)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _debug(ctx: click.Context) -> bool:
    return bool(ctx.find_root().meta.get("quizkit.debug"))


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.find_root().meta["quizkit.debug"] = True
    return value


def debug_option(func: F) -> F:
    """``--debug``: show tracebacks instead of one-line errors."""
    return click.option(
        "--debug", is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
        help="Show tracebacks for errors.",
    )(func)


def _set_course(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    if value is not None:
        ctx.find_root().meta["quizkit.course"] = value
    return value


def course_option(func: F) -> F:
    """``--course PATH``: the course to work on (default: found from the current folder)."""
    return click.option(
        "--course", type=click.Path(path_type=Path), expose_value=False, is_eager=True,
        callback=_set_course,
        help="The course folder (holding quizkit.yml); default: the nearest one from the "
        "current folder upwards.",
    )(func)


def current_course(bank_paths: Sequence[str | Path] = ()) -> Course:
    """The course of this command: ``--course``, else the course of the first bank path
    given, else the one found from the current folder (:func:`quizkit.course.resolve_course`)."""
    from quizkit.course import resolve_course

    ctx = click.get_current_context(silent=True)
    given = ctx.find_root().meta.get("quizkit.course") if ctx is not None else None
    return resolve_course(given, bank_paths)


@click.group(cls=LazyGroup, lazy_commands=LAZY_COMMANDS)
@debug_option
@course_option
@click.version_option(version=__version__, prog_name="quizkit")
def cli() -> None:
    """quizkit: question banks grounded in source texts, their checks, quizzes and exports.

    Commands work on the course found from the current folder (the nearest folder holding
    quizkit.yml, as git finds .git); `--course PATH` names another.
    """


LEVEL_CHOICES = ("remember", "understand", "apply", "analyse", "evaluate", "create")
"""The levels `new --level` accepts: :data:`quizkit.models.LEVELS`, written out so that the
command line is built without importing the models (and pydantic)."""

_PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


def _course_paths(paths: Sequence[Path]) -> tuple[Course, list[Path]]:
    """The course and the bank paths a command works on (default: the course's bank)."""
    course = current_course(paths)
    return course, list(paths) if paths else [near(course.bank_dir)]


def near(path: Path) -> Path:
    """``path`` relative to the current folder when inside it, so that messages read
    ``bank/x.yml:12: ...``; otherwise as it is."""
    with contextlib.suppress(ValueError):
        return path.relative_to(Path.cwd().resolve())
    return path


_ITEM_LIST_MAX = 10
"""`check` lists item-writing warnings one by one up to this many, then only counts them."""


@click.command()
@_PATHS
@click.option("--strict", is_flag=True, help="Exit 1 on any warning too.")
@course_option
@debug_option
def check(paths: tuple[Path, ...], strict: bool) -> None:
    """Validate bank files (default: the course's bank), ground every quote, run the
    response tests.

    Prints each problem as `file:line: question 'id': field: message` (a response test that
    grades otherwise than it expects is a problem), then warnings (`file:line: warning: ...`:
    objectives tested by fewer than 2 questions, TODO text left by `quizkit new`, and the
    item-writing findings of `quizkit lint`, counted by check when there are more than 10),
    then one summary line. Exit 0 when there are no problems (warnings allowed; with
    --strict, none either), 1 when there are, 2 on usage errors.
    """
    from quizkit import bank as bank_mod

    course, bank_paths = _course_paths(paths)
    report = bank_mod.check(bank_paths, course=course)
    for problem in report.problems:
        click.echo(str(problem))
    notes = bank_mod.bank_warnings(report.bank) if report.bank is not None else []
    for note in notes:
        click.echo(note)
    findings = []
    if report.bank is not None:
        from quizkit.lint import CHECKS, lint

        config = course.config.lint
        # TODO text is already among the notes above, one per question.
        findings = [f for f in lint(report.bank, config).warnings if f.check != "todo"]
    if len(findings) <= _ITEM_LIST_MAX:
        for finding in findings:
            click.echo(_as_warning(finding))
    else:
        by_check = Counter(f.check for f in findings)
        click.echo(f"warning: {len(findings)} item-writing findings ("
                   + ", ".join(f"{c} {by_check[c]}" for c in CHECKS if by_check[c])
                   + "); `quizkit lint` lists them with their guidelines and fixes")
    n = len(report.problems)
    warned = len(notes) + len(findings)
    summary = (
        f"checked {report.questions} question{'s' if report.questions != 1 else ''} in "
        f"{report.files} file{'s' if report.files != 1 else ''}: "
        f"{n} problem{'s' if n != 1 else ''}"
    )
    if warned:
        summary += f", {warned} warning{'s' if warned != 1 else ''}"
    click.echo(summary)
    if n or (strict and warned):
        raise click.exceptions.Exit(1)


def _as_warning(finding: Any) -> str:
    """A lint finding in `check`'s warning form: `file:line: warning: question 'id': ...`."""
    where = f"{finding.file}:{finding.line}:" if finding.line is not None else f"{finding.file}:"
    who = f" question '{finding.question_id}':" if finding.question_id is not None else ""
    return f"{where} warning:{who} {finding.check}: {finding.message}"


@click.command("lint")
@_PATHS
@click.option("--strict", is_flag=True, help="Exit 1 when any finding is not accepted.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Print findings and figures as text or JSON.")
@course_option
@debug_option
def lint(paths: tuple[Path, ...], strict: bool, fmt: str) -> None:
    """Item-writing checks on a valid bank (default: the course's): cues that give answers away.

    Prints each finding as `file:line: question 'id': check: message` (bank-wide ones as
    `folder: check: message`), the guideline and fix of each check that found something,
    the bank-wide figures, the findings accepted in quizkit.yml with their reasons, and a
    summary line. Thresholds, word lists and accepted findings come from the `lint:`
    section of the course's quizkit.yml. Exit 0
    (findings are warnings), or 1 with --strict when any finding is not accepted; 1 when
    the bank does not load, 2 on usage errors.
    """
    from quizkit.bank import load_bank
    from quizkit.lint import CHECKS
    from quizkit.lint import lint as run_lint

    course, bank_paths = _course_paths(paths)
    config = course.config.lint
    config_path = course.config_path if course.config_path.is_file() else None
    bank = load_bank(bank_paths, course=course)
    report = run_lint(bank, config)
    if fmt == "json":
        data = report.as_json()
        data["config"] = str(config_path) if config_path else None
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for finding in report.warnings:
            click.echo(str(finding))
        fired = [c for c in CHECKS.values() if any(f.check == c.id for f in report.warnings)]
        if fired:
            click.echo("\nguidelines:")
            for c in fired:
                click.echo(f"  {c.id}: {c.guideline}. Fix: {c.fix}.")
        click.echo("\nfigures:")
        for line in report.figure_lines:
            click.echo(f"  {line}")
        if report.accepted:
            click.echo(f"\naccepted in {config_path}:")
            for finding in report.accepted:
                click.echo(f"  {finding} (accepted: {finding.accepted})")
        for entry in report.unused_accepts:
            who = f" for question '{entry.question}'" if entry.question else ""
            click.echo(f"note: {config_path}: accept entry '{entry.check}'{who} matches no "
                       "finding; remove it")
        w, a = len(report.warnings), len(report.accepted)
        click.echo(
            f"\nlinted {report.questions} question{'s' if report.questions != 1 else ''} in "
            f"{report.files} file{'s' if report.files != 1 else ''}: "
            f"{w} warning{'s' if w != 1 else ''}, {a} accepted")
    if strict and report.warnings:
        raise click.exceptions.Exit(1)


@click.command()
@_PATHS
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@course_option
@debug_option
def stats(paths: tuple[Path, ...], as_json: bool) -> None:
    """Figures about a bank: questions per file, type, difficulty, level and objective, gaps.

    Levels (the revised Bloom taxonomy) are counted overall, per chapter (bank file) and
    per objective, with percentages. Gaps are objectives tested by fewer than 2 questions
    and body paragraphs of the source texts that no question covers (a question covers its
    source paragraph) and that are not listed under `not_examinable` in the source's metadata.
    """
    from quizkit.bank import MIN_QUESTIONS_PER_OBJECTIVE, load_bank

    course, bank_paths = _course_paths(paths)
    bank = load_bank(bank_paths, course=course)
    figures = bank_stats(bank, list(course.sources.values()))
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    click.echo(f"{figures['questions']} questions in {figures['files']} files")
    for title, key in (
        ("by file", "by_file"),
        ("by type", "by_type"),
        ("by difficulty", "by_difficulty"),
        ("by level", "by_level"),
        ("by objective", "by_objective"),
    ):
        table: dict[str, int] = figures[key]
        click.echo(f"\n{title}:")
        width = max((len(k) for k in table), default=0)
        total = sum(table.values()) if key == "by_level" else 0
        for name, count in table.items():
            share = f"  {_percent(count, total):>4}" if total else ""
            click.echo(f"  {name:<{width}}  {count:>5}{share}")
    for title, key in (("levels by file", "levels_by_file"),
                       ("levels by objective", "levels_by_objective")):
        click.echo(f"\n{title}:")
        rows: dict[str, dict[str, int]] = figures[key]
        width = max((len(k) for k in rows), default=0)
        for name, levels in rows.items():
            total = sum(levels.values())
            cells = ", ".join(f"{lv} {n} ({_percent(n, total)})" for lv, n in levels.items() if n)
            click.echo(f"  {name:<{width}}  {cells or 'no questions'}")
    click.echo(f"\nobjectives tested by fewer than {MIN_QUESTIONS_PER_OBJECTIVE} questions:")
    click.echo("  " + (", ".join(figures["thin_objectives"]) or "none"))
    click.echo("\nparagraphs no question covers (not listed as not examinable):")
    click.echo("  " + (", ".join(figures["uncovered_paragraphs"]) or "none"))


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"


def bank_stats(bank: Bank, sources: Sequence[Source]) -> dict[str, Any]:
    """The figures ``quizkit stats`` prints, as plain data.

    ``uncovered_paragraphs`` lists the paragraphs of ``sources`` no question cites and no
    metadata excuses (``not_examinable``): ``p7`` for the first source, ``<id>:p7`` for others.

    ``by_level`` counts questions per level (in the taxonomy's order, levels with no question
    left out); ``levels_by_file`` and ``levels_by_objective`` give, per bank file and per
    objective, the count of every level (zeros included, so rows line up).
    """
    from quizkit.bank import MIN_QUESTIONS_PER_OBJECTIVE, objective_coverage
    from quizkit.models import LEVELS, QUESTION_TYPES

    questions = list(bank.questions.values())
    coverage = objective_coverage(bank)
    first = sources[0].id if sources else None
    covered = {(q.source.source or first, q.source.paragraph) for q in questions}
    order = ("easy", "medium", "hard")
    by_difficulty: Counter[str] = Counter(q.difficulty for q in questions)
    by_type: Counter[str] = Counter(q.type for q in questions)
    by_level: Counter[str] = Counter(q.level for q in questions)

    def levels(qs: Iterable[Question]) -> dict[str, int]:
        counts: Counter[str] = Counter(q.level for q in qs)
        return {lv: counts[lv] for lv in LEVELS}

    return {
        "files": len(bank.files),
        "questions": len(questions),
        "by_file": {e.stem: len(e.model.questions) for e in bank.files},
        "by_type": {t: by_type[t] for t in QUESTION_TYPES if by_type[t]},
        "by_difficulty": {d: by_difficulty[d] for d in order if by_difficulty[d]},
        "by_level": {lv: by_level[lv] for lv in LEVELS if by_level[lv]},
        "levels_by_file": {e.stem: levels(e.model.questions) for e in bank.files},
        "levels_by_objective": {o: levels(bank.questions_testing(o)) for o in coverage},
        "by_objective": coverage,
        "thin_objectives": [o for o, n in coverage.items() if n < MIN_QUESTIONS_PER_OBJECTIVE],
        "uncovered_paragraphs": [
            p if s.id == first else f"{s.id}:{p}"
            for s in sources for p in s.paragraphs
            if (s.id, p) not in covered and p not in s.not_examinable
        ],
    }


def _ask(value: str | None, option: str) -> str:
    """A value the command needs: given on the command line, or asked for at a terminal.

    Without a terminal a missing option is a usage error (exit 2).
    """
    if value is None:
        from quizkit import authoring

        return authoring.ask_missing(option)
    return value


@click.command()
@click.argument("bankfile", type=click.Path(path_type=Path))
@click.option("--type", "qtype", help="Question type: single-choice, multiple-select, true-false, "
              "numeric, short-text, matching, ordering or fill-blanks.")
@click.option("--id", "qid", help="Id of the new question (a slug, unique across the bank).")
@click.option("--prompt", help="The question text (default: TODO placeholder).")
@click.option("--objective", help="Objective id from this file (default: the file's first).")
@click.option("--paragraph", default="p1", show_default=True,
              help="Paragraph of the course's first source text where the answer stands.")
@click.option("--quote", help="Quote from that paragraph (default: its first words).")
@click.option("--level", type=click.Choice(LEVEL_CHOICES),
              help="Cognitive level the question tests (revised Bloom taxonomy); asked at a "
              "terminal, otherwise 'remember'.")
@click.option("-i", "--interactive", is_flag=True,
              help="Ask for every field (prompts with defaults and validation); also the "
              "default at a terminal when --type or --id is missing.")
@course_option
@debug_option
def new(
    bankfile: Path,
    qtype: str | None,
    qid: str | None,
    prompt: str | None,
    objective: str | None,
    paragraph: str,
    quote: str | None,
    level: str | None,
    interactive: bool,
) -> None:
    """Append a scaffolded question to BANKFILE, leaving the rest of the file untouched.

    The new question is valid as written, with TODO placeholder text (prompt, options,
    explanation) for you to replace; `quizkit check` warns until no TODO is left, and
    exports refuse it. Its source defaults to the first words of paragraph p1: change it to
    where the answer stands. Its level is --level (at a terminal it is asked for, with a
    hint per level; otherwise 'remember'). Short-text, numeric and fill-blanks questions
    get response_tests: the model answer, expected correct, to which you add the variants
    learners type (asked for with -i).
    The id must be unused anywhere in the bank (the file's directory). The file is written
    atomically: an interrupted write leaves the old file as it was.
    """
    from quizkit import authoring
    from quizkit import bank as bank_mod
    from quizkit.drafts import PLACEHOLDER
    from quizkit.problems import question_problems

    if interactive and not authoring.is_interactive():
        raise UsageError("--interactive needs a terminal")
    interactive = interactive or (authoring.is_interactive() and (qtype is None or qid is None))
    qtype = _ask(qtype, "--type")
    qid = _ask(qid, "--id")
    if not bankfile.is_file():
        raise UsageError(
            f"no such bank file: {bankfile} (create it with schema_version, chapter, title and "
            "objectives first)"
        )
    existing = bank_mod.bank_ids(bankfile.parent)
    if qid in existing:
        raise QuizkitError(f"id '{qid}' is already used by the question at {existing[qid]}")
    data = bank_mod.read_data(bankfile)
    objectives = data.get("objectives") if isinstance(data, dict) else None
    declared = [o["id"] for o in objectives or [] if isinstance(o, dict) and "id" in o]
    if objective is None:
        if not declared:
            raise UsageError(f"{bankfile} declares no objectives; pass --objective")
        objective = declared[0]
    elif objective not in declared:
        hint = did_you_mean(objective, declared) or f" (declared: {', '.join(declared)})"
        raise UsageError(f"objective '{objective}' is not declared in {bankfile}{hint}")
    text_source = current_course([bankfile]).source()
    item = bank_mod.scaffold_question(
        qtype, qid, objective=objective, prompt=prompt, paragraph=paragraph, quote=quote,
        level=level or "remember", source=text_source,
    )
    if interactive:
        item = authoring.prompt_for_question(item, declared, ask_level=level is None,
                                             source=text_source)
    problems = question_problems(item, filename=str(bankfile), strict=True)
    if problems:
        first = problems[0]
        raise UsageError(
            f"the new question would be invalid: {first.field or 'question'}: {first.message}")
    if quote is not None and not text_source.contains_quote(paragraph, quote):
        raise UsageError(f"--quote is not found in paragraph {paragraph}")
    text = bank_mod.append_question(bankfile, item)
    try:
        bank_mod.write_atomic(bankfile, text)
    except OSError as exc:
        raise QuizkitError(f"cannot write {bankfile} ({exc}); the file is unchanged") from None
    click.echo(f"added {qtype} question '{qid}' (level: {item['level']}) to {bankfile}; "
               f"replace its {PLACEHOLDER} text")


@click.command()
@debug_option
def schema() -> None:
    """Print the JSON Schema of a bank file (generated from the models)."""
    from quizkit.schema import schema_json

    click.echo(schema_json(), nl=False)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point (``quizkit``)."""
    cli.main(args=list(argv) if argv is not None else sys.argv[1:], prog_name="quizkit")


__all__ = [
    "LAZY_COMMANDS", "LazyGroup", "bank_stats", "check", "cli", "lint", "main", "new", "schema",
    "stats",
]
