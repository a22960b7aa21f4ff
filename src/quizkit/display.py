"""``quizkit.show(...)``: one object that is a live quiz in a kernel and HTML in the book.

In a notebook, ``quizkit.show(bank="03-meeting")`` selects questions from the course bank
and returns a :class:`ShownQuiz`. Displaying it gives the frontend two forms at once:

- the ipywidget quiz (``application/vnd.jupyter.widget-view+json``), which JupyterLab shows;
- the kernel-free HTML quiz of :func:`quizkit.html.render_quiz` (``text/html``), which the
  built book shows (it prefers ``text/html``; see ``nb_mime_priority_overrides`` in
  ``_config.yml``). Its CSS and JavaScript are not inlined: the book's Sphinx extension
  links them on every page whose HTML holds a quiz.

Both forms follow the quiz's attempt policy (:mod:`quizkit.attempts`): ``tries`` and
``penalty`` given to :func:`show`, otherwise the course's defaults in its ``quizkit.yml``
(:mod:`quizkit.course`), whose pages the HTML form links its notes to.

The widgets are built only when first displayed (or when ``.quiz`` is read), so selecting
questions costs nothing in a process without a frontend. With the environment variable
``QUIZKIT_HTML_ONLY=1`` no widget is built and only the HTML form is given: a book build
should set it, because the notebook executor saves the state of every widget model into the
notebook's metadata and myst-nb copies that state (hundreds of kB per page) into the page.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from quizkit.attempts import AttemptPolicy
from quizkit.errors import BankError, QuizkitError

if TYPE_CHECKING:
    from quizkit.bank import Bank
    from quizkit.course import Course
    from quizkit.html import SourceLinks
    from quizkit.models import Question
    from quizkit.widgets import Quiz

HTML_ONLY_ENV = "QUIZKIT_HTML_ONLY"
"""Environment variable that, when set to ``1``, makes quizzes display as HTML only."""


def find_bank_dir(start: str | os.PathLike[str] | None = None) -> Path:
    """The bank folder of the course found from ``start`` (default: the current folder).

    The course is the nearest folder holding ``quizkit.yml`` (:mod:`quizkit.course`); without
    one, the nearest ``bank/`` folder holding ``*.yml`` files.
    """
    from quizkit.course import Course, find_course_root

    here = Path(start if start is not None else Path.cwd()).resolve()
    root = find_course_root(here)
    if root is not None:
        try:
            return Course.load(root).bank_dir
        except BankError as exc:
            raise QuizkitError("; ".join(str(p) for p in exc.problems)) from None
    for folder in (here, *here.parents):
        candidate = folder / "bank"
        if candidate.is_dir() and any(candidate.glob("*.yml")):
            return candidate
    raise QuizkitError(
        f"no quizkit.yml or bank/ directory with .yml files found in {here} or any folder "
        "above it; pass bank_dir='path/to/bank'"
    )


@dataclass(frozen=True)
class PageLinks:
    """Where a quiz's notes link: the source texts' pages (and what they are called), the
    fact sheet's page and anchor."""

    paper_href: str | None = None
    references_href: str | None = None
    references_anchor: str | None = None
    source_links: SourceLinks | None = None


def page_links(course: Course, questions: Sequence[Question], page_dir: Path) -> PageLinks:
    """The links of a quiz shown on a page in ``page_dir`` (a notebook's folder) of the book."""
    from quizkit.html import SourceLink

    return PageLinks(
        paper_href=course.page_href(quiz_source_page(course, questions), page_dir),
        references_href=course.page_href(course.factsheet_page, page_dir),
        references_anchor=course.factsheet_anchor,
        source_links=lambda source: SourceLink(
            course.source_label(source), course.page_href(course.source_page(source), page_dir)
        ),
    )


def quiz_source_page(course: Course, questions: Sequence[Question]) -> str | None:
    """The docname of the page showing the source text a quiz's questions quote.

    Paragraph links in a quiz go to one page: that of the one source its questions quote,
    or of the course's first source when they quote none or several.
    """
    entries = course.config.course.sources
    if not entries:
        return None
    cited = {q.source.source or entries[0].id for q in questions if q.source.paragraph}
    if len(cited) == 1:
        chosen = next(iter(cited))
        return next((e.page for e in entries if e.id == chosen), None)
    return entries[0].page


def _load(bank_dir: Path, course: Course | None = None) -> Bank:
    """The bank in ``bank_dir``, parsed once while its files are unchanged (shared cache)."""
    from quizkit.bank import cached_bank

    return cached_bank(bank_dir, course=course)


def _short_traceback(exc: QuizkitError) -> QuizkitError:
    # IPython prints what `_render_traceback_` returns instead of the stack, so a learner sees
    # one clear line rather than frames inside quizkit.
    name = type(exc).__name__
    exc._render_traceback_ = lambda: [f"{name}: {exc}"]  # type: ignore[attr-defined]
    return exc


def _bank_folder(bank_dir: str | os.PathLike[str] | None) -> Path:
    folder = Path(bank_dir) if bank_dir is not None else find_bank_dir()
    if not folder.is_dir():
        raise QuizkitError(f"bank_dir {str(folder)!r} is not a directory")
    return folder


def select_questions(
    bank: str | None = None,
    *,
    ids: Sequence[str] | str | None = None,
    tags: Sequence[str] | str | None = None,
    objective: str | None = None,
    types: Sequence[str] | str | None = None,
    sample: int | None = None,
    seed: int = 0,
    stratify: bool = False,
    bank_dir: str | os.PathLike[str] | None = None,
    course: Course | None = None,
) -> list[Question]:
    """The questions ``show`` would display (see :func:`show` for the arguments)."""
    if not isinstance(stratify, bool):
        raise QuizkitError(f"stratify must be True or False (found {stratify!r})")
    if stratify and sample is None:
        raise QuizkitError("stratify balances a sample: give sample=N as well")
    loaded = _load(_bank_folder(bank_dir), course)
    # Bank.select splits comma-separated strings and refuses an empty selection itself.
    return loaded.select(
        bank=bank,
        ids=ids,
        tags=tags,
        objective=objective,
        types=types,
        sample=sample,
        seed=seed,
        stratify=stratify,
    )


_FRACTION = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def quiz_policy(
    default: AttemptPolicy, tries: object = None, penalty: object = None
) -> AttemptPolicy:
    """The attempt policy of one quiz: ``tries`` and ``penalty`` where given, else ``default``.

    ``tries`` is a whole number of at least 1 or ``"unlimited"`` (a directive's text, such
    as ``"2"``, is read too); ``penalty`` a number from 0 to 1, or a fraction such as
    ``"1/3"``. Anything else raises :class:`quizkit.errors.QuizkitError` with a one-line
    message naming the value.
    """
    return AttemptPolicy(
        tries=default.tries if tries is None else _tries(tries),
        penalty=default.penalty if penalty is None else _penalty(penalty),
    )


def _tries(value: object) -> int | None:
    number: object = value
    if isinstance(value, str):
        text = value.strip().lower()
        if text == "unlimited":
            return None
        number = int(text) if text.isdigit() else None
    if isinstance(number, int) and not isinstance(number, bool) and number >= 1:
        return number
    raise QuizkitError(
        f"tries must be a whole number of at least 1, or 'unlimited' (found {value!r})"
    )


def _penalty(value: object) -> float:
    number: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        fraction = _FRACTION.match(value)
        try:
            if fraction:
                number = int(fraction[1]) / int(fraction[2])
            else:
                number = float(value)
        except (ValueError, ZeroDivisionError):
            number = None
    if number is None or not math.isfinite(number) or not 0 <= number <= 1:
        raise QuizkitError(
            f"penalty must be a number from 0 to 1, such as 0.25 or 1/3 (found {value!r})"
        )
    return number


def course_policy(course_root: str | os.PathLike[str]) -> AttemptPolicy:
    """The course's default attempt policy, from ``quizkit.yml`` in ``course_root``.

    Without the file, :class:`quizkit.attempts.AttemptPolicy`'s defaults. A file with
    mistakes raises :class:`quizkit.errors.QuizkitError` naming its file, line and field
    on one line.
    """
    from quizkit.config import load_config

    try:
        return load_config(course_root).attempts.policy()
    except BankError as exc:
        raise QuizkitError("; ".join(str(p) for p in exc.problems)) from None


def _course_of(bank_dir: str | os.PathLike[str] | None) -> Course:
    """The course of a ``show`` call: of ``bank_dir`` when given, else of the current folder."""
    from quizkit.course import course_for_bank, find_course

    try:
        return find_course() if bank_dir is None else course_for_bank(bank_dir)
    except BankError as exc:
        raise QuizkitError("; ".join(str(p) for p in exc.problems)) from None


class ShownQuiz:
    """Questions selected for display: an ipywidget quiz in a kernel, HTML in the book.

    ``questions`` are the selected bank questions; ``quiz`` (built on first use) is the
    :class:`quizkit.widgets.Quiz` a learner answers. Both forms follow ``attempts`` (default:
    :class:`quizkit.attempts.AttemptPolicy`'s defaults); the HTML form's notes link to
    ``links`` (none by default), and both forms call each source text what
    ``links.source_links`` says (default: "the source text").
    """

    def __init__(
        self,
        questions: Sequence[Question],
        *,
        title: str | None = None,
        attempts: AttemptPolicy | None = None,
        links: PageLinks | None = None,
    ) -> None:
        self.questions = list(questions)
        self.title = title
        self.attempts = attempts if attempts is not None else AttemptPolicy()
        self.links = links if links is not None else PageLinks()
        self._quiz: Quiz | None = None

    @property
    def quiz(self) -> Quiz:
        """The ipywidget quiz, built the first time it is needed."""
        if self._quiz is None:
            from quizkit.widgets import Quiz

            links = self.links.source_links
            self._quiz = Quiz(
                self.questions, title=self.title, attempts=self.attempts,
                source_labels=None if links is None else (lambda source: links(source).label),
            )
        return self._quiz

    def html(self) -> str:
        """The kernel-free HTML form of the quiz (assets linked by the book, not inlined)."""
        from quizkit.html import render_quiz

        return render_quiz(
            self.questions,
            title=self.title,
            paper_href=self.links.paper_href,
            references_href=self.links.references_href,
            references_anchor=self.links.references_anchor,
            attempts=self.attempts,
            source_links=self.links.source_links,
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
    stratify: bool = False,
    tries: int | Literal["unlimited"] | None = None,
    penalty: float | None = None,
    title: str | None = None,
    bank_dir: str | os.PathLike[str] | None = None,
    page_dir: str | os.PathLike[str] | None = None,
) -> ShownQuiz:
    """Select questions from the course bank and return them as a quiz to display.

    ``bank`` is a bank file's stem (``"03-meeting"``) or ``"all"``/None for every file;
    ``ids``, ``tags`` and ``types`` narrow the selection (lists, or one comma-separated
    string); ``objective`` keeps questions testing that objective; ``sample`` draws that many
    with ``random.Random(seed)`` so every run shows the same ones, and with ``stratify`` the
    draw is balanced (:func:`quizkit.bank.stratified_sample`: every chapter when ``sample``
    allows, then as many objectives as it allows, in bank order).
    ``tries`` (a whole number, 1 for one shot, or ``"unlimited"``) and ``penalty`` (the
    share of a question's credit each try after the first costs, 0 to 1) set the quiz's
    attempt policy (:mod:`quizkit.attempts`); left out, they are the course's defaults from
    the course's ``quizkit.yml``. The course is the one found from the current folder (a
    notebook's own), or the one ``bank_dir`` belongs to (:mod:`quizkit.course`);
    ``bank_dir`` defaults to the course's bank. ``page_dir`` is the folder of the page the
    quiz is shown on (default: the current folder), from which the quiz links its notes to
    the course's source and fact-sheet pages. An unknown bank, id, empty selection, bad
    policy value or faulty ``quizkit.yml`` raises :class:`quizkit.errors.QuizkitError` with
    a one-line message.
    """
    try:
        course = _course_of(bank_dir)
        folder = _bank_folder(bank_dir if bank_dir is not None else course.bank_dir)
        questions = select_questions(
            bank,
            ids=ids,
            tags=tags,
            objective=objective,
            types=types,
            sample=sample,
            seed=seed,
            stratify=stratify,
            bank_dir=folder,
            course=course,
        )
        policy = quiz_policy(course.config.attempts.policy(), tries, penalty)
        links = page_links(course, questions, Path(page_dir if page_dir is not None
                                                   else Path.cwd()))
    except QuizkitError as exc:
        raise _short_traceback(exc) from None
    return ShownQuiz(questions, title=title, attempts=policy, links=links)


__all__ = [
    "HTML_ONLY_ENV",
    "PageLinks",
    "ShownQuiz",
    "course_policy",
    "find_bank_dir",
    "page_links",
    "quiz_policy",
    "quiz_source_page",
    "select_questions",
    "show",
]
