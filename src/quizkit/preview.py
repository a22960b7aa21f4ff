"""``quizkit preview``: one standalone HTML page with questions as the book shows them.

The page inlines the quiz CSS and JavaScript (it opens from disk, offline). Paragraph
links point to the built book's paper appendix when ``_build/html`` exists; otherwise
sources are shown without a link. Pages go to ``preview/`` (git-ignored) unless ``--out``
says otherwise.
"""

from __future__ import annotations

import html
import webbrowser
from collections.abc import Sequence
from pathlib import Path

import click

from quizkit.errors import QuizkitError, UsageError

BOOK_PAPER = Path("_build") / "html" / "chapters" / "a1-paper.html"
"""Where the built book keeps the paper appendix, relative to the project."""


def paper_href(out: Path, root: Path = Path()) -> str:
    """A link from ``out`` to the built paper appendix, or ``""`` when the book is not built."""
    paper = (root / BOOK_PAPER).resolve()
    if not paper.is_file():
        return ""
    return paper.as_uri()


def preview_page(questions: Sequence[object], title: str, href: str) -> str:
    """A complete HTML page holding the quiz (assets inlined).

    The title is the page's heading; the quiz itself goes untitled, so it shows once.
    """
    from quizkit.html import render_quiz

    quiz = render_quiz(questions, paper_href=href,  # type: ignore[arg-type]
                       include_assets=True)
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
@click.option("--bank-dir", default="bank", show_default=True, type=click.Path(file_okay=False),
              help="The bank directory (for question ids).")
@click.option("--open", "open_", is_flag=True, help="Open the page in a web browser.")
def preview(ids: tuple[str, ...], bank_file: Path | None, out: Path | None, bank_dir: str,
            open_: bool) -> None:
    """Write a standalone HTML page previewing questions IDS (or every question of --file)."""
    from quizkit.bank import load_bank, load_file

    try:
        if bank_file is not None and ids:
            raise UsageError("give question ids or --file, not both")
        if bank_file is not None:
            model = load_file(bank_file)
            if not model.questions:
                raise QuizkitError(f"{bank_file} has no questions to preview")
            questions: list[object] = list(model.questions)
            title, name = model.title, bank_file.stem
        elif ids:
            questions = list(load_bank(bank_dir).select(ids=list(ids)))
            title = "Preview: " + ", ".join(ids)
            name = ids[0] if len(ids) == 1 else f"{ids[0]}-and-{len(ids) - 1}-more"
        else:
            raise UsageError("give question ids to preview, or --file BANKFILE")
        target = out or Path("preview") / f"{name}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(preview_page(questions, title, paper_href(target)), encoding="utf-8")
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


__all__ = ["BOOK_PAPER", "paper_href", "preview", "preview_page"]
