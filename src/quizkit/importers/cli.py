"""``quizkit import``: add questions from GIFT, Aiken, Moodle XML or jupyterquiz to a bank file.

Imported questions get the fields a bank question needs: ``objectives`` (``--objective``,
else the file's first objective), ``source`` (``--source-factsheet``, else a placeholder
flagged by ``TODO``) and ``explanation`` (the general feedback, else ``TODO``). ``quizkit
check`` warns about every ``TODO`` left. Questions that cannot be mapped are listed with
their line and left out. An id the bank already has stops the import; nothing is written
unless the whole result validates, and the file is replaced atomically with its comments
kept.
"""

from __future__ import annotations

from pathlib import Path

import click

from quizkit.drafts import PLACEHOLDER
from quizkit.errors import Problem, QuizkitError
from quizkit.importers import FORMATS, parse


@click.command("import")
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS), help="Input format.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--into", "into", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Bank file to add the questions to (e.g. bank/03-meeting.yml).")
@click.option("--objective", default=None,
              help="Objective id for imported questions (default: the file's first).")
@click.option("--source-factsheet", "factsheet", default=None,
              help="Fact-sheet item (e.g. B1.5) to use as the source of imported questions.")
@click.option("--dry-run", is_flag=True, help="Report what would be added; write nothing.")
def import_(fmt: str, file: Path, into: Path, objective: str | None, factsheet: str | None,
            dry_run: bool) -> None:
    """Import questions from FILE into a bank file."""
    from quizkit.importers.target import append_all, plan_import, write_import

    try:
        parsed = parse(fmt, file.read_bytes(), str(file))
        items, report = plan_import(into, parsed, objective=objective, factsheet=factsheet,
                                    source_name=str(file))
        text = append_all(into, items) if items else None
        if text is not None and not dry_run:
            write_import(into, text)
    except QuizkitError as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(exc.exit_code) from None
    except OSError as exc:
        click.echo(f"Error: {exc.filename or into}: {exc.strerror}", err=True)
        raise SystemExit(1) from None
    for problem in sorted(report.unmapped, key=Problem.sort_key):
        click.echo(f"{problem.file}:{problem.line}: not imported: {problem.detail}", err=True)
    todo = 0
    for qid, line, notes in report.added:
        for note in notes:
            click.echo(f"{file}:{line}: {qid}: {note}")
            todo += PLACEHOLDER in note or "placeholder" in note
    verb = "Would add" if dry_run else "Added"
    n = len(report.added)
    click.echo(f"{verb} {n} question{'s' if n != 1 else ''} to {into}"
               + (f"; {len(report.unmapped)} not imported" if report.unmapped else ""))
    if todo:
        click.echo(f"{todo} placeholder{'s' if todo != 1 else ''} ({PLACEHOLDER}) to replace: "
                   "run 'quizkit check' to list them.")


__all__ = ["import_"]
