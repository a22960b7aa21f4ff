"""The ``quizkit`` command: check, stats, new and schema here; others loaded lazily by name.

Subcommands live in the table :data:`LAZY_COMMANDS` (name -> ``"module:attribute"``) and are
imported only when used or listed, so ``quizkit check`` starts without importing exporters,
and a command whose module is missing shows as unavailable instead of breaking ``--help``.

Output conventions: reports go to standard output, one problem per line as
``file:line: question 'id': field: message`` (no ``Error:`` prefix, so the lines can be
grepped or read by an editor), warnings as ``file:line: warning: ...``; the exit code is 0
when clean, 1 when the bank has problems, 2 for usage errors. No traceback is shown unless
``--debug`` is given.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from quizkit.errors import BankError, QuizkitError, UsageError

LAZY_COMMANDS: dict[str, str] = {
    "check": "quizkit.cli:check",
    "stats": "quizkit.cli:stats",
    "new": "quizkit.cli:new",
    "schema": "quizkit.cli:schema",
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
            import difflib

            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
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


@click.group(cls=LazyGroup, lazy_commands=LAZY_COMMANDS)
@debug_option
@click.version_option(package_name="quizkit")
def cli() -> None:
    """quizkit: the question bank of the Kapila 2013 course, its checks, quizzes and exports."""


_PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


def _paths(paths: Sequence[Path]) -> list[Path]:
    from quizkit.bank import DEFAULT_BANK_DIR

    return list(paths) if paths else [Path(DEFAULT_BANK_DIR)]


@click.command()
@_PATHS
@debug_option
def check(paths: tuple[Path, ...]) -> None:
    """Validate bank files (default: bank/) and ground every quote in the paper.

    Prints each problem as `file:line: question 'id': field: message`, then warnings
    (`file:line: warning: ...`: objectives tested by fewer than 2 questions, TODO text left
    by `quizkit new`), then one summary line. Exit 0 when there are no problems (warnings
    allowed), 1 when there are, 2 on usage errors.
    """
    from quizkit import bank as bank_mod

    report = bank_mod.check(_paths(paths))
    for problem in report.problems:
        click.echo(str(problem))
    notes = bank_mod.warnings(report.bank) if report.bank is not None else []
    for note in notes:
        click.echo(note)
    n = len(report.problems)
    summary = (
        f"checked {report.questions} question{'s' if report.questions != 1 else ''} in "
        f"{report.files} file{'s' if report.files != 1 else ''}: "
        f"{n} problem{'s' if n != 1 else ''}"
    )
    if notes:
        summary += f", {len(notes)} warning{'s' if len(notes) != 1 else ''}"
    click.echo(summary)
    if n:
        raise click.exceptions.Exit(1)


@click.command()
@_PATHS
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@debug_option
def stats(paths: tuple[Path, ...], as_json: bool) -> None:
    """Figures about a bank: questions per file, type, difficulty and objective, gaps.

    Gaps are objectives tested by fewer than 2 questions and body paragraphs of the paper
    that no question covers (a question covers its source paragraph) and that are not
    listed under `not_examinable` in quizkit's data/paper.yml.
    """
    from quizkit.bank import load_bank
    from quizkit.paper import load_paper

    bank = load_bank(_paths(paths))
    figures = bank_stats(bank, load_paper())
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    click.echo(f"{figures['questions']} questions in {figures['files']} files")
    for title, key in (
        ("by file", "by_file"),
        ("by type", "by_type"),
        ("by difficulty", "by_difficulty"),
        ("by objective", "by_objective"),
    ):
        table: dict[str, int] = figures[key]
        click.echo(f"\n{title}:")
        width = max((len(k) for k in table), default=0)
        for name, count in table.items():
            click.echo(f"  {name:<{width}}  {count:>5}")
    click.echo("\nobjectives tested by fewer than 2 questions:")
    click.echo("  " + (", ".join(figures["thin_objectives"]) or "none"))
    click.echo("\nparagraphs no question covers (not listed as not examinable):")
    click.echo("  " + (", ".join(figures["uncovered_paragraphs"]) or "none"))


def bank_stats(bank: Any, paper: Any) -> dict[str, Any]:
    """The figures ``quizkit stats`` prints, as plain data."""
    from quizkit.bank import objective_coverage

    questions = list(bank.questions.values())
    coverage = objective_coverage(bank)
    covered = {getattr(q.source, "paragraph", None) for q in questions}
    order = ("easy", "medium", "hard")
    by_difficulty = Counter(q.difficulty for q in questions)
    by_type = Counter(q.type for q in questions)
    from quizkit.models import QUESTION_TYPES

    return {
        "files": len(bank.files),
        "questions": len(questions),
        "by_file": {e.stem: len(e.model.questions) for e in bank.files},
        "by_type": {t: by_type[t] for t in QUESTION_TYPES if by_type[t]},
        "by_difficulty": {d: by_difficulty[d] for d in order if by_difficulty[d]},
        "by_objective": coverage,
        "thin_objectives": [o for o, n in coverage.items() if n < 2],
        "uncovered_paragraphs": [
            p for p in paper.paragraphs if p not in covered and p not in paper.not_examinable
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
@click.option("--paragraph", default="p1", show_default=True, help="Paper paragraph of the source.")
@click.option("--quote", help="Quote from that paragraph (default: its first words).")
@click.option("-i", "--interactive", is_flag=True,
              help="Ask for every field (prompts with defaults and validation); also the "
              "default at a terminal when --type or --id is missing.")
@debug_option
def new(
    bankfile: Path,
    qtype: str | None,
    qid: str | None,
    prompt: str | None,
    objective: str | None,
    paragraph: str,
    quote: str | None,
    interactive: bool,
) -> None:
    """Append a scaffolded question to BANKFILE, leaving the rest of the file untouched.

    The new question is valid as written, with TODO placeholder text (prompt, options,
    explanation) for you to replace; `quizkit check` warns until no TODO is left. Its source
    defaults to the first words of paragraph p1: change it to where the answer stands.
    The id must be unused anywhere in the bank (the file's directory). The file is written
    atomically: an interrupted write leaves the old file as it was.
    """
    from pydantic import ValidationError

    from quizkit import authoring
    from quizkit import bank as bank_mod
    from quizkit.models import Question

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
        from difflib import get_close_matches

        close = get_close_matches(objective, declared, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f" (declared: {', '.join(declared)})"
        raise UsageError(f"objective '{objective}' is not declared in {bankfile}{hint}")
    item = bank_mod.scaffold_question(
        qtype, qid, objective=objective, prompt=prompt, paragraph=paragraph, quote=quote
    )
    if interactive:
        item = authoring.prompt_for_question(item, declared)
    try:
        from pydantic import TypeAdapter

        TypeAdapter(Question).validate_python(item, strict=True)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(k) for k in first["loc"][1:]) or "question"
        raise UsageError(f"the new question would be invalid: {where}: {first['msg']}") from None
    from quizkit.paper import load_paper

    if quote is not None and not load_paper().contains_quote(paragraph, quote):
        raise UsageError(f"--quote is not found in paragraph {paragraph}")
    text = bank_mod.append_question(bankfile, item)
    try:
        bank_mod.write_atomic(bankfile, text)
    except OSError as exc:
        raise QuizkitError(f"cannot write {bankfile} ({exc}); the file is unchanged") from None
    click.echo(f"added {qtype} question '{qid}' to {bankfile}; replace its TODO text")


@click.command()
@debug_option
def schema() -> None:
    """Print the JSON Schema of a bank file (generated from the models)."""
    from quizkit.schema import schema_json

    click.echo(schema_json(), nl=False)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point (``quizkit``)."""
    cli.main(args=list(argv) if argv is not None else sys.argv[1:], prog_name="quizkit")


__all__ = ["LAZY_COMMANDS", "LazyGroup", "bank_stats", "check", "cli", "main", "new", "schema", "stats"]
