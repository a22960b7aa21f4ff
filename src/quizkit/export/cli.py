"""``quizkit export``: write bank questions in an LMS or study format.

Questions a format cannot express are listed on stderr by id and type, with a count; the
export still succeeds (exit 0) unless ``--strict`` is given, which makes any left-out
question an error (exit 1, nothing written). Drafts (questions with ``TODO`` placeholder
text) are refused, each named by file and line, unless ``--allow-drafts`` is given. The file goes where ``--out`` says (the README
uses ``exports/``, which git ignores); its extension must fit the format (``.apkg`` for
Anki, ``.zip`` for QTI and Canvas ...): any other is refused with one line naming the right
one, before anything is loaded or written. The Anki deck and the Canvas quiz are named after
the course: ``--title``, else the book's ``title:`` in the ``_config.yml`` beside the bank
directory.
"""

from __future__ import annotations

from pathlib import Path

import click

from quizkit.errors import QuizkitError
from quizkit.export import DEFAULT_TITLE, FORMATS, TITLED, check_out
from quizkit.export import export as run_exporter
from quizkit.export.items import Chapter, ExportItem


def course_title(bank_dir: str) -> str | None:
    """The book's ``title:`` from ``_config.yml`` beside the bank directory, if any."""
    import yaml  # type: ignore[import-untyped]

    config = Path(bank_dir).resolve().parent / "_config.yml"
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None
    title = data.get("title") if isinstance(data, dict) else None
    return title.strip() or None if isinstance(title, str) else None


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


def write_export(fmt: str, items: list[ExportItem], out: Path, *, strict: bool,
                 title: str | None = None) -> int:
    """Export ``items`` to ``out`` (and companions); report what was left out; exit code."""
    result = run_exporter(fmt, items, title=title)
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
              help="File to write, e.g. exports/course.apkg; its extension must fit the format "
              "(worksheet: also <name>-key.html beside it).")
@click.option("--bank", "stem", default=None, help="Only this bank file (stem, e.g. 03-meeting).")
@click.option("--ids", default=None, help="Only these question ids (comma-separated).")
@click.option("--tags", default=None,
              help="Only questions with any of these tags (comma-separated).")
@click.option("--bank-dir", default="bank", show_default=True, type=click.Path(file_okay=False),
              help="The bank directory.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) if any question cannot be expressed.")
@click.option("--allow-drafts", is_flag=True,
              help="Export questions that still hold TODO placeholder text.")
@click.option("--title", default=None,
              help="Name of the Anki deck or Canvas quiz (default: the book's title in "
              "_config.yml).")
def export(fmt: str, out: Path, stem: str | None, ids: str | None, tags: str | None,
           bank_dir: str, strict: bool, allow_drafts: bool, title: str | None) -> None:
    """Export bank questions to Moodle (GIFT, XML), QTI 2.1, Canvas, a worksheet or Anki."""
    wrong = check_out(fmt, str(out))
    if wrong:
        click.echo(f"Error: {wrong}", err=True)
        raise SystemExit(1)
    try:
        if fmt in TITLED and not title:
            title = course_title(bank_dir)
            if title is None:
                click.echo(f"note: no --title and no title in _config.yml: the {fmt} export is "
                           f"named '{DEFAULT_TITLE}'", err=True)
        items = select_items(bank_dir, stem, ids, tags)
        if not allow_drafts:
            from quizkit.bank import refuse_drafts

            refuse_drafts(bank_dir, [it.question for it in items])
        code = write_export(fmt, items, out, strict=strict, title=title)
    except QuizkitError as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(exc.exit_code) from None
    except OSError as exc:
        click.echo(f"Error: cannot write {out}: {exc.strerror}", err=True)
        raise SystemExit(1) from None
    if code:
        raise SystemExit(code)


__all__ = ["course_title", "export", "select_items", "write_export"]
