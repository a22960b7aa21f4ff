"""``quizkit export``: write bank questions in an LMS or study format.

Questions a format cannot express are listed on stderr by id and type, with a count; the
export still succeeds (exit 0) unless ``--strict`` is given, which makes any left-out
question an error (exit 1, nothing written). Drafts (questions with ``TODO`` placeholder
text) are refused, each named by file and line, unless ``--allow-drafts`` is given.
"""

from __future__ import annotations

from pathlib import Path

import click

from quizkit.errors import QuizkitError
from quizkit.export import FORMATS, get_exporter
from quizkit.export.items import Chapter, ExportItem


def select_items(bank_dir: str, stem: str | None, ids: str | None,
                 tags: str | None) -> list[ExportItem]:
    """Load the bank and pick questions (by file stem, ids, tags), each with its chapter."""
    from quizkit.bank import load_bank

    bank = load_bank(bank_dir)
    questions = bank.select(bank=stem, ids=ids, tags=tags)
    items = []
    for q in questions:
        entry = bank.file_of(q.id)
        items.append(ExportItem(Chapter(entry.model.chapter, entry.model.title, entry.stem), q))
    if ids is None:
        # Group by chapter so each LMS category is written once, bank order within it.
        order = {e.stem: n for n, e in enumerate(sorted(bank.files, key=lambda e: (
            e.model.chapter, e.stem)))}
        items.sort(key=lambda it: order[it.chapter.stem])
    return items


def write_export(fmt: str, items: list[ExportItem], out: Path, *, strict: bool) -> int:
    """Export ``items`` to ``out`` (and companions); report what was left out; exit code."""
    result = get_exporter(fmt)(items)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for skip in result.skipped:
        click.echo(f"warning: not exported: {skip}", err=True)
    if result.skipped:
        n = len(result.skipped)
        click.echo(f"warning: {n} question{'s' if n != 1 else ''} could not be expressed in "
                   f"{fmt} and {'were' if n != 1 else 'was'} left out", err=True)
        if strict:
            click.echo("Error: --strict: nothing written", err=True)
            return 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(result.data)
    written = [out]
    for suffix, data in sorted(result.companions.items()):
        companion = out.with_name(out.name.removesuffix(out.suffix) + suffix)
        companion.write_bytes(data)
        written.append(companion)
    exported = len(items) - len(result.skipped)
    click.echo(f"Wrote {exported} question{'s' if exported != 1 else ''} ({fmt}) to "
               + ", ".join(str(p) for p in written))
    return 0


@click.command("export")
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS),
              help="Output format.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (worksheet: also <name>-key.html beside it).")
@click.option("--bank", "stem", default=None, help="Only this bank file (stem, e.g. 03-meeting).")
@click.option("--ids", default=None, help="Only these question ids (comma-separated).")
@click.option("--tags", default=None,
              help="Only questions with any of these tags (comma-separated).")
@click.option("--bank-dir", default="bank", show_default=True, type=click.Path(file_okay=False),
              help="The bank directory.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) if any question cannot be expressed.")
@click.option("--allow-drafts", is_flag=True,
              help="Export questions that still hold TODO placeholder text.")
def export(fmt: str, out: Path, stem: str | None, ids: str | None, tags: str | None,
           bank_dir: str, strict: bool, allow_drafts: bool) -> None:
    """Export bank questions to Moodle (GIFT, XML), QTI 2.1, Canvas, a worksheet or Anki."""
    try:
        items = select_items(bank_dir, stem, ids, tags)
        if not allow_drafts:
            from quizkit.bank import refuse_drafts

            refuse_drafts(bank_dir, [it.question for it in items])
        code = write_export(fmt, items, out, strict=strict)
    except QuizkitError as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(exc.exit_code) from None
    except OSError as exc:
        click.echo(f"Error: cannot write {out}: {exc.strerror}", err=True)
        raise SystemExit(1) from None
    if code:
        raise SystemExit(code)


__all__ = ["export", "select_items", "write_export"]
