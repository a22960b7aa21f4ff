"""``quizkit export``: write bank questions in an LMS or study format.

Questions a format cannot express are listed on stderr by id and type, with a count; the
export still succeeds (exit 0) unless ``--strict`` is given, which makes any left-out
question an error (exit 1, nothing written). Drafts (questions with ``TODO`` placeholder
text) are refused, each named by file and line, unless ``--allow-drafts`` is given. The file goes where ``--out`` says (the README
uses ``exports/``, which git ignores); its extension must fit the format (``.apkg`` for
Anki, ``.zip`` for QTI and Canvas ...): any other is refused with one line naming the right
one, before anything is loaded or written. The Anki deck and the Canvas quiz are named after
the course: ``--title``, else the book's ``title:`` in the ``_config.yml`` of the course
folder (the one found from the current folder, or ``--course``).

``--format scorm12`` and ``scorm2004`` package the built book, not a selection of questions:
see :mod:`quizkit.export.scorm` (``--mastery`` and ``--site`` apply to them only).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from quizkit.cli import course_option, current_course, near
from quizkit.errors import QuizkitError
from quizkit.export import DEFAULT_TITLE, FORMATS, PACKAGES, TITLED, check_out
from quizkit.export import export as run_exporter
from quizkit.export.items import Chapter, ExportItem

if TYPE_CHECKING:
    from quizkit.course import Course


def course_title(course_root: str | Path) -> str | None:
    """The book's ``title:`` from ``_config.yml`` in the course folder, if any."""
    import yaml  # type: ignore[import-untyped]

    config = Path(course_root).resolve() / "_config.yml"
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None
    title = data.get("title") if isinstance(data, dict) else None
    return title.strip() or None if isinstance(title, str) else None


def select_items(bank_dir: str | Path, stem: str | None, ids: str | None,
                 tags: str | None, course: Course | None = None) -> list[ExportItem]:
    """Load the bank and pick questions (by file stem, ids, tags), each with its chapter."""
    from quizkit.bank import load_bank

    bank = load_bank(bank_dir, course=course)
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
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS + PACKAGES),
              help="Output format.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write, e.g. exports/course.apkg; its extension must fit the format "
              "(worksheet: also <name>-key.html beside it).")
@click.option("--bank", "stem", default=None, help="Only this bank file (stem, e.g. 03-meeting).")
@click.option("--ids", default=None, help="Only these question ids (comma-separated).")
@click.option("--tags", default=None,
              help="Only questions with any of these tags (comma-separated).")
@click.option("--bank-dir", default=None, type=click.Path(file_okay=False),
              help="The bank directory (default: the course's).")
@click.option("--strict", is_flag=True, help="Fail (exit 1) if any question cannot be expressed.")
@click.option("--allow-drafts", is_flag=True,
              help="Export questions that still hold TODO placeholder text.")
@click.option("--title", default=None,
              help="Name of the Anki deck, Canvas quiz or SCORM activity (default: the book's "
              "title in _config.yml).")
@click.option("--mastery", type=float, default=None,
              help="SCORM: the score (a percentage) that passes the activity.")
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="SCORM: an already built book (default: _build/html, built if needed).")
@course_option
def export(fmt: str, out: Path, stem: str | None, ids: str | None, tags: str | None,
           bank_dir: str | None, strict: bool, allow_drafts: bool, title: str | None,
           mastery: float | None, site: Path | None) -> None:
    """Export bank questions to Moodle (GIFT, XML), QTI 2.1, Canvas, a worksheet or Anki, or
    the built book as a SCORM 1.2 or 2004 package."""
    wrong = check_out(fmt, str(out))
    chosen = [name for name, value in (("--bank", stem), ("--ids", ids), ("--tags", tags))
              if value is not None]
    if fmt in PACKAGES and chosen:
        wrong = (f"{chosen[0]} does not apply to --format {fmt}: the package carries every "
                 "quiz of the built book")
    elif fmt not in PACKAGES and (mastery is not None or site is not None):
        wrong = (f"--{'mastery' if mastery is not None else 'site'} applies only to "
                 f"--format {' or '.join(PACKAGES)}")
    if wrong:
        click.echo(f"Error: {wrong}", err=True)
        raise SystemExit(1)
    try:
        course = current_course([bank_dir] if bank_dir is not None else [])
        folder = Path(bank_dir) if bank_dir is not None else near(course.bank_dir)
        if fmt in PACKAGES:
            from quizkit.export.scorm import write_package

            click.echo(write_package(fmt, out, bank_dir=folder, site=site,
                                     title=title or course_title(course.root) or DEFAULT_TITLE,
                                     mastery=mastery, allow_drafts=allow_drafts))
            return
        if fmt in TITLED and not title:
            title = course_title(course.root)
            if title is None:
                click.echo(f"note: no --title and no title in _config.yml: the {fmt} export is "
                           f"named '{DEFAULT_TITLE}'", err=True)
        items = select_items(folder, stem, ids, tags, course)
        if not allow_drafts:
            from quizkit.bank import refuse_drafts

            refuse_drafts(folder, [it.question for it in items])
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
