"""``quizkit.show(...)``: one object that is a live quiz in a kernel and HTML in the book.

In a notebook, ``quizkit.show(bank="03-meeting")`` selects questions from the course bank
and returns a :class:`ShownQuiz`. Displaying it gives the frontend two forms at once:

- the ipywidget quiz (``application/vnd.jupyter.widget-view+json``), which JupyterLab shows;
- the kernel-free HTML quiz of :func:`quizkit.html.render_quiz` (``text/html``), which the
  built book shows (it prefers ``text/html``; see ``nb_mime_priority_overrides`` in
  ``_config.yml``). Its CSS and JavaScript are not inlined: the book's Sphinx extension
  links them on every page whose HTML holds a quiz.

The widgets are built only when first displayed (or when ``.quiz`` is read), so selecting
questions costs nothing in a process without a frontend. With the environment variable
``QUIZKIT_HTML_ONLY=1`` no widget is built and only the HTML form is given: a book build
should set it, because the notebook executor saves the state of every widget model into the
notebook's metadata and myst-nb copies that state (hundreds of kB per page) into the page.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizkit.errors import QuizkitError

if TYPE_CHECKING:
    from quizkit.bank import Bank
    from quizkit.models import Question
    from quizkit.widgets import Quiz

HTML_ONLY_ENV = "QUIZKIT_HTML_ONLY"
"""Environment variable that, when set to ``1``, makes quizzes display as HTML only."""

PAPER_HREF = "../a1-paper.html"
REFERENCES_HREF = "../a5-references.html"
"""Where the paper appendix is from an exercise notebook's page (chapters/exercises/)."""

_BANK_CACHE: dict[tuple[object, ...], Bank] = {}


def find_bank_dir(start: str | os.PathLike[str] | None = None) -> Path:
    """The nearest ``bank/`` directory holding ``*.yml`` files, walking up from ``start``.

    ``start`` defaults to the current working directory (a notebook's own folder).
    """
    here = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "bank"
        if candidate.is_dir() and any(candidate.glob("*.yml")):
            return candidate
    raise QuizkitError(
        f"no bank/ directory with .yml files found in {here} or any folder above it; "
        "pass bank_dir='path/to/bank'"
    )


def _load(bank_dir: Path) -> Bank:
    from quizkit.bank import load_bank

    files = sorted(bank_dir.glob("*.yml"))
    # Reload only when a bank file changed, so a notebook of many quiz cells parses once.
    key: tuple[object, ...] = (str(bank_dir.resolve()),) + tuple(
        (f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files
    )
    if key not in _BANK_CACHE:
        _BANK_CACHE.clear()
        _BANK_CACHE[key] = load_bank(bank_dir)
    return _BANK_CACHE[key]


def _short_traceback(exc: QuizkitError) -> QuizkitError:
    # IPython prints what `_render_traceback_` returns instead of the stack, so a learner sees
    # one clear line rather than frames inside quizkit.
    name = type(exc).__name__
    exc._render_traceback_ = lambda: [f"{name}: {exc}"]  # type: ignore[attr-defined]
    return exc


def select_questions(
    bank: str | None = None,
    *,
    ids: Sequence[str] | str | None = None,
    tags: Sequence[str] | str | None = None,
    objective: str | None = None,
    types: Sequence[str] | str | None = None,
    sample: int | None = None,
    seed: int = 0,
    bank_dir: str | os.PathLike[str] | None = None,
) -> list[Question]:
    """The questions ``show`` would display (see :func:`show` for the arguments)."""
    folder = Path(bank_dir) if bank_dir is not None else find_bank_dir()
    if not folder.is_dir():
        raise QuizkitError(f"bank_dir {str(folder)!r} is not a directory")
    loaded = _load(folder)
    # Bank.select splits comma-separated strings and refuses an empty selection itself.
    return loaded.select(
        bank=bank, ids=ids, tags=tags, objective=objective, types=types, sample=sample, seed=seed
    )


class ShownQuiz:
    """Questions selected for display: an ipywidget quiz in a kernel, HTML in the book.

    ``questions`` are the selected bank questions; ``quiz`` (built on first use) is the
    :class:`quizkit.widgets.Quiz` a learner answers.
    """

    def __init__(self, questions: Sequence[Question], *, title: str | None = None) -> None:
        self.questions = list(questions)
        self.title = title
        self._quiz: Quiz | None = None

    @property
    def quiz(self) -> Quiz:
        """The ipywidget quiz, built the first time it is needed."""
        if self._quiz is None:
            from quizkit.widgets import Quiz

            self._quiz = Quiz(self.questions, title=self.title)
        return self._quiz

    def html(self) -> str:
        """The kernel-free HTML form of the quiz (assets linked by the book, not inlined)."""
        from quizkit.html import render_quiz

        return render_quiz(
            self.questions,
            title=self.title,
            paper_href=PAPER_HREF,
            references_href=REFERENCES_HREF,
        )

    def __repr__(self) -> str:
        ids = ", ".join(q.id for q in self.questions)
        title = f"{self.title!r}, " if self.title else ""
        n = len(self.questions)
        return f"<quizkit quiz {title}{n} question{'s' if n != 1 else ''}: {ids}>"

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None, **kwargs: Any
    ) -> dict[str, Any]:
        bundle: dict[str, Any] = {}
        if os.environ.get(HTML_ONLY_ENV) != "1":
            bundle.update(self.quiz.widget._repr_mimebundle_())
        bundle["text/html"] = self.html()
        bundle["text/plain"] = repr(self)
        return bundle


def show(
    bank: str | None = None,
    *,
    ids: Sequence[str] | str | None = None,
    tags: Sequence[str] | str | None = None,
    objective: str | None = None,
    types: Sequence[str] | str | None = None,
    sample: int | None = None,
    seed: int = 0,
    title: str | None = None,
    bank_dir: str | os.PathLike[str] | None = None,
) -> ShownQuiz:
    """Select questions from the course bank and return them as a quiz to display.

    ``bank`` is a bank file's stem (``"03-meeting"``) or ``"all"``/None for every file;
    ``ids``, ``tags`` and ``types`` narrow the selection (lists, or one comma-separated
    string); ``objective`` keeps questions testing that objective; ``sample`` draws that many
    with ``random.Random(seed)`` so every run shows the same ones. ``bank_dir`` defaults to
    the nearest ``bank/`` folder above the current directory. An unknown bank, id or empty
    selection raises :class:`quizkit.errors.QuizkitError` with a one-line message.
    """
    try:
        questions = select_questions(
            bank,
            ids=ids,
            tags=tags,
            objective=objective,
            types=types,
            sample=sample,
            seed=seed,
            bank_dir=bank_dir,
        )
    except QuizkitError as exc:
        raise _short_traceback(exc) from None
    return ShownQuiz(questions, title=title)


__all__ = [
    "HTML_ONLY_ENV",
    "PAPER_HREF",
    "ShownQuiz",
    "find_bank_dir",
    "select_questions",
    "show",
]
