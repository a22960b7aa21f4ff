"""``quizkit preview``: one standalone HTML page with questions as the book shows them.

The page inlines the quiz CSS and JavaScript (it opens from disk, offline). Paragraph and
fact-sheet links point to the course's pages in its built book (``_build/html`` in the
course folder) when they exist; otherwise sources are shown without a link. Pages go to
``preview/`` (git-ignored) unless ``--out`` says otherwise.
"""

from __future__ import annotations

import html
import webbrowser
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from quizkit.cli import course_option, current_course, near
from quizkit.errors import QuizkitError, UsageError

if TYPE_CHECKING:
    from quizkit.course import Course

BUILT_HTML = Path("_build") / "html"
"""Where a course's built book is, relative to the course folder."""


def built_page(course: Course, docname: str | None) -> str | None:
    """The ``file:`` URI of a page of the course's built book, or ``None`` when not built."""
    if docname is None:
        return None
    page = (course.root / BUILT_HTML / f"{docname}.html").resolve()
    return page.as_uri() if page.is_file() else None


def paper_href(course: Course, questions: Sequence[object] = ()) -> str:
    """A link to the built page of the source the questions quote, or ``""`` when not built."""
    from quizkit.display import quiz_source_page

    page = quiz_source_page(course, questions)  # type: ignore[arg-type]
    return built_page(course, page) or ""


def preview_page(questions: Sequence[object], title: str, href: str,
                 course: Course | None = None) -> str:
    """A complete HTML page holding the quiz (assets inlined).

    The title is the page's heading; the quiz itself goes untitled, so it shows once.
    ``href`` is the source page's URI (``""``: no links); with ``course``, each paragraph
    note names its source text by the course's label and links to that text's built page,
    and fact-sheet notes link to its built fact-sheet page.
    """
    from quizkit.html import SourceLink, SourceLinks, render_quiz

    refs = anchor = None
    links: SourceLinks | None = None
    if course is not None:
        refs = built_page(course, course.factsheet_page)
        anchor = course.factsheet_anchor if refs else None
        known = course  # bound for the closure: mypy does not narrow `course` inside it

        def link(source: str | None) -> SourceLink:
            return SourceLink(known.source_label(source),
                              built_page(known, known.source_page(source)))

        links = link

    quiz = render_quiz(questions, paper_href=href or None,  # type: ignore[arg-type]
                       references_href=refs, references_anchor=anchor, include_assets=True,
                       source_links=links)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{html.escape(title)} (preview)</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.5}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n<p><em>Preview from the bank; answers are checked in "
        "this page, as in the book.</em></p>\n" + quiz + "</body>\n</html>\n"
    )


def _browser_available() -> bool:
    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True


@click.command("preview")
@click.argument("ids", nargs=-1)
@click.option("--file", "bank_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Preview every question of this bank file (e.g. bank/03-meeting.yml).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the page (default: preview/<name>.html).")
@click.option("--bank-dir", default=None, type=click.Path(file_okay=False),
              help="The bank directory (for question ids; default: the course's).")
@click.option("--open", "open_", is_flag=True, help="Open the page in a web browser.")
@course_option
def preview(ids: tuple[str, ...], bank_file: Path | None, out: Path | None,
            bank_dir: str | None, open_: bool) -> None:
    """Write a standalone HTML page previewing questions IDS (or every question of --file)."""
    from quizkit.bank import load_bank, load_file

    try:
        if bank_file is not None and ids:
            raise UsageError("give question ids or --file, not both")
        course = current_course([p for p in (bank_file, bank_dir) if p is not None])
        if bank_file is not None:
            model = load_file(bank_file, course=course)
            if not model.questions:
                raise QuizkitError(f"{bank_file} has no questions to preview")
            questions: list[object] = list(model.questions)
            title, name = model.title, bank_file.stem
        elif ids:
            folder = bank_dir if bank_dir is not None else near(course.bank_dir)
            questions = list(load_bank(folder, course=course).select(ids=list(ids)))
            title = "Preview: " + ", ".join(ids)
            name = ids[0] if len(ids) == 1 else f"{ids[0]}-and-{len(ids) - 1}-more"
        else:
            raise UsageError("give question ids to preview, or --file BANKFILE")
        target = out or Path("preview") / f"{name}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        page = preview_page(questions, title, paper_href(course, questions), course)
        target.write_text(page, encoding="utf-8")
    except QuizkitError as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(exc.exit_code) from None
    except OSError as exc:
        click.echo(f"Error: cannot write {exc.filename}: {exc.strerror}", err=True)
        raise SystemExit(1) from None
    n = len(questions)
    click.echo(f"Wrote a preview of {n} question{'s' if n != 1 else ''} to {target}")
    if open_:
        if _browser_available():
            webbrowser.open(target.resolve().as_uri())
            click.echo("Opened it in your web browser.")
        else:
            click.echo("No web browser found here: open the file yourself.", err=True)


__all__ = ["BUILT_HTML", "built_page", "paper_href", "preview", "preview_page"]
