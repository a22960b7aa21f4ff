"""Spaced review: the FSRS schedule of the questions a learner has answered, and ``quizkit.review()``.

The book's "Review" page (``static/review.js`` with ts-fsrs) and :func:`review` in JupyterLab
(widgets, with the ``fsrs`` package) keep one schedule in one format, the **progress file**
(the file the book's "Your progress" page downloads and loads, and the state file of
:func:`review`)::

    {"format": "quizkit-progress", "version": 1, "saved": "2026-01-05T09:00:00.000Z",
     "quizzes": {"quizkit:<quiz id>:<question id>:<key>": <saved question, format 2>, ...},
     "review": {"cards": {"<question id>": {"since": "<ISO time>",
                                           "log": [["<ISO time>", <rating 1-4>], ...]}}}}

A card is not stored as the scheduler's numbers but as its history: when it entered the
schedule (``since``) and each review's time and FSRS rating. Replaying the log through the
scheduler gives its stability, difficulty and due date, so the file stays valid across
library versions and either implementation can read what the other wrote. A card with an
empty log is new and due at once.

The rule both sides follow:

- **Rating** (:func:`rating`) of a finished question, from its tries (:mod:`quizkit.attempts`):
  right at the first try with no hint is *Good*; right after a retry or a hint, or partly
  right when the tries ran out, is *Hard*; wrong, or "Show answer", is *Again*. *Easy* is not
  used: a quiz cannot tell an easy recall from a good one, and FSRS schedules well from
  pass/fail grades.
- **Entry**: a question finished in a chapter quiz enters the schedule the first time the
  progress or review page sees it (quizzes record no time). Rated *Good* there, that answer
  is its first review, at that time; otherwise (missed) it enters as a new card, due at once.
  Later chapter answers do not change a card; reviews do.
- **Scheduler** (:data:`FSRS_SETTINGS`, written into the review page so both use the same
  numbers): the FSRS-6 default parameters, desired retention 0.9, no learning steps (a new
  card's first review schedules it in days), one relearning step of 10 minutes after a
  lapse, longest interval 36,500 days, no fuzz (so schedules are reproducible).

ts-fsrs and fsrs compute the same memory state (stability and difficulty) from the same
history when reviews are whole days apart; two known differences move some due dates by a
day: ts-fsrs counts elapsed days by UTC calendar date where fsrs counts whole 24-hour
periods, and ts-fsrs keeps the Hard, Good and Easy intervals of a review at least a day
apart. ``tests/test_review.py`` compares the two on the same histories.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import tempfile
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizkit.errors import QuizkitError

if TYPE_CHECKING:
    import fsrs

    from quizkit.models import Question
    from quizkit.widgets import QuestionWidget

FORMAT = "quizkit-progress"
"""The ``format`` field of a progress file."""

VERSION = 1
"""The version of the progress file this quizkit writes and reads."""

DEFAULT_STATE = "quizkit-progress.json"
"""The state file of :func:`review` when none is given: in the learner's home folder."""

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
"""FSRS ratings, as both libraries number them."""

RATING_NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}

FSRS_SETTINGS: dict[str, Any] = {
    "w": [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
        1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ],
    "request_retention": 0.9,
    "maximum_interval": 36500,
    "learning_steps": [],
    "relearning_steps": ["10m"],
    "enable_fuzz": False,
    "enable_short_term": True,
}
"""The scheduler's settings, in ts-fsrs' names (:func:`scheduler` builds fsrs' from them)."""

QUESTION_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RECORD_KEY = re.compile(r"^quizkit:[A-Za-z0-9_.-]+:[a-z0-9]+(?:-[a-z0-9]+)*:[0-9a-f]{1,64}$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})$")
_STEP = re.compile(r"^(\d+)([mhd])$")


def _step(text: str) -> timedelta:
    match = _STEP.match(text)
    if match is None:
        raise ValueError(f"a step is a number and m, h or d (found {text!r})")
    unit = {"m": "minutes", "h": "hours", "d": "days"}[match[2]]
    return timedelta(**{unit: int(match[1])})


def scheduler() -> fsrs.Scheduler:
    """The fsrs scheduler with :data:`FSRS_SETTINGS`."""
    import fsrs

    return fsrs.Scheduler(
        parameters=FSRS_SETTINGS["w"],
        desired_retention=FSRS_SETTINGS["request_retention"],
        learning_steps=[_step(s) for s in FSRS_SETTINGS["learning_steps"]],
        relearning_steps=[_step(s) for s in FSRS_SETTINGS["relearning_steps"]],
        maximum_interval=FSRS_SETTINGS["maximum_interval"],
        enable_fuzzing=FSRS_SETTINGS["enable_fuzz"],
    )


def rating(scores: Sequence[float], *, revealed: bool = False, hints: int = 0) -> int:
    """The FSRS rating of a finished question from its tries' scores (see the module docstring)."""
    if revealed or not scores:
        return AGAIN
    last = scores[-1]
    if last == 1:
        return GOOD if len(scores) == 1 and hints == 0 else HARD
    return HARD if last > 0 else AGAIN


def iso(moment: datetime) -> str:
    """A time as the progress file writes it: UTC, milliseconds, ``Z`` (as JavaScript does)."""
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_time(text: str) -> datetime:
    """A time written by :func:`iso` (or any ISO 8601 time with a zone), in UTC."""
    if not isinstance(text, str) or not _ISO.match(text):
        raise ValueError(f"not a time like 2026-01-05T09:00:00.000Z (found {text!r})")
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


@dataclass
class Entry:
    """One question in the schedule: when it entered, and its reviews (time, rating)."""

    since: datetime
    log: list[tuple[datetime, int]] = field(default_factory=list)

    def card(self) -> fsrs.Card:
        """The scheduler's card after replaying the log."""
        import fsrs

        sched = scheduler()
        card = fsrs.Card(due=self.since)
        for moment, grade in self.log:
            card, _ = sched.review_card(card, fsrs.Rating(grade), moment)
        return card

    @property
    def due(self) -> datetime:
        """When the question is due next (``since`` for a new card)."""
        return self.since if not self.log else self.card().due

    def as_json(self) -> dict[str, Any]:
        """The entry as the progress file stores it."""
        return {"since": iso(self.since), "log": [[iso(t), r] for t, r in self.log]}


@dataclass
class Progress:
    """A progress file: saved quiz answers (kept as they are) and the review schedule."""

    quizzes: dict[str, Any] = field(default_factory=dict)
    cards: dict[str, Entry] = field(default_factory=dict)

    def as_json(self, now: datetime) -> dict[str, Any]:
        """The file's content, saved at ``now``."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "saved": iso(now),
            "quizzes": self.quizzes,
            "review": {"cards": {qid: e.as_json() for qid, e in sorted(self.cards.items())}},
        }


class ProgressFileError(QuizkitError):
    """A progress file that cannot be read: the message names the file and what is wrong."""


def _score_list(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and 0 <= x <= 1
        for x in value
    )


def check_record(record: object) -> str | None:
    """What is wrong with one saved question (format 2 of ``static/quizkit.js``), or None."""
    if not isinstance(record, dict):
        return "must be an object"
    if record.get("v") != 2:
        return "v must be 2 (the format of saved answers)"
    if not _score_list(record.get("s", [])):
        return "s must be a list of scores from 0 to 1"
    h = record.get("h", 0)
    if not isinstance(h, int) or isinstance(h, bool) or h < 0:
        return "h must be a whole number of hints, 0 or more"
    for flag in ("x", "o"):
        if not isinstance(record.get(flag, False), bool):
            return f"{flag} must be true or false"
    return None


def parse_progress(data: object) -> Progress:
    """Validate a progress file's content; raises ``ValueError`` naming the first problem."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a quizkit progress file (no \"format\": \"{FORMAT}\")")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError("version must be a whole number")
    if version > VERSION:
        raise ValueError(f"written by a newer quizkit (version {version}; this one reads {VERSION})")
    if version < VERSION:
        raise ValueError(f"version {version} is older than any quizkit wrote")
    quizzes = data.get("quizzes", {})
    if not isinstance(quizzes, dict):
        raise ValueError("quizzes must be an object")
    for key, record in quizzes.items():
        if not RECORD_KEY.match(key):
            raise ValueError(f"quizzes: {key!r} is not a saved question's key")
        problem = check_record(record)
        if problem:
            raise ValueError(f"quizzes: {key}: {problem}")
    review = data.get("review", {"cards": {}})
    if not isinstance(review, dict) or not isinstance(review.get("cards", {}), dict):
        raise ValueError("review.cards must be an object")
    cards: dict[str, Entry] = {}
    for qid, raw in review.get("cards", {}).items():
        where = f"review.cards.{qid}"
        if not QUESTION_ID.match(qid):
            raise ValueError(f"review.cards: {qid!r} is not a question id")
        if not isinstance(raw, dict) or not isinstance(raw.get("log", []), list):
            raise ValueError(f"{where}: must be an object with since and log")
        try:
            since = parse_time(raw.get("since"))  # type: ignore[arg-type]
        except ValueError as exc:
            raise ValueError(f"{where}.since: {exc}") from None
        log: list[tuple[datetime, int]] = []
        last = since
        for n, item in enumerate(raw.get("log", [])):
            if not (isinstance(item, list) and len(item) == 2):
                raise ValueError(f"{where}.log[{n}]: must be [time, rating]")
            try:
                moment = parse_time(item[0])
            except ValueError as exc:
                raise ValueError(f"{where}.log[{n}]: {exc}") from None
            grade = item[1]
            if not isinstance(grade, int) or isinstance(grade, bool) or not AGAIN <= grade <= EASY:
                raise ValueError(f"{where}.log[{n}]: the rating must be 1 to 4 (found {grade!r})")
            if moment < last:
                raise ValueError(f"{where}.log[{n}]: reviews must be in time order")
            log.append((moment, grade))
            last = moment
        cards[qid] = Entry(since, log)
    return Progress(dict(quizzes), cards)


def load_progress(path: str | os.PathLike[str]) -> Progress:
    """Read a progress file; a missing file is an empty schedule.

    Raises :class:`ProgressFileError` with one line naming the file, the line for bad JSON,
    and what is wrong.
    """
    file = Path(path).expanduser()
    if not file.exists():
        return Progress()
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProgressFileError(f"{file}: cannot be read ({exc})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProgressFileError(f"{file}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    try:
        return parse_progress(data)
    except ValueError as exc:
        raise ProgressFileError(f"{file}: {exc}") from None


def save_progress(path: str | os.PathLike[str], progress: Progress, now: datetime) -> None:
    """Write ``progress`` to ``path`` at once or not at all (a temporary file, then a rename)."""
    file = Path(path).expanduser()
    text = json.dumps(progress.as_json(now), ensure_ascii=False, indent=1) + "\n"
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", dir=file.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def enter_answer(progress: Progress, qid: str, grade: int, now: datetime) -> bool:
    """Enter a question answered outside the review into the schedule (see "Entry" above).

    Returns False, changing nothing, when the question is already scheduled.
    """
    if qid in progress.cards:
        return False
    progress.cards[qid] = Entry(now, [(now, GOOD)] if grade == GOOD else [])
    return True


def record(progress: Progress, qid: str, grade: int, now: datetime) -> Entry:
    """Add a review of ``qid`` (rated ``grade`` at ``now``) to its card, entering it if new."""
    entry = progress.cards.setdefault(qid, Entry(now))
    entry.log.append((max(now, entry.log[-1][0] if entry.log else entry.since), grade))
    return entry


def due_now(progress: Progress, now: datetime) -> list[str]:
    """The scheduled questions due at ``now``, most overdue first (ties by id)."""
    dues = {qid: e.due for qid, e in progress.cards.items()}
    return sorted((q for q, d in dues.items() if d <= now), key=lambda q: (dues[q], q))


def describe_due(moment: datetime, now: datetime) -> str:
    """When something is due, for people: "now", "in 10 minutes", "tomorrow", "on 12 January 2026"."""
    local_now = now.astimezone()
    local = moment.astimezone()
    if moment <= now:
        return "now"
    minutes = math.ceil((moment - now).total_seconds() / 60)
    if local.date() == local_now.date():
        if minutes < 60:
            return f"in {minutes} minute{'s' if minutes != 1 else ''}"
        return f"today at {local:%H:%M}"
    if local.date() == local_now.date() + timedelta(days=1):
        return "tomorrow"
    return f"on {local.day} {local:%B %Y}"


REVIEW_TEXT: dict[str, str] = {
    "title": "Review",
    "summary": "{due} due now of {total} in your schedule.",
    "nothing": "Nothing is due now.",
    "next": "Next: {when} ({count} question{s}).",
    "empty": "Your schedule is empty: answer some questions (new=N brings new ones in).",
    "scheduled": "Rated {rating}: next review {when}.",
    "missing": "Not in the bank any more (left in the schedule): {ids}.",
    "saved": "Saved in {path}.",
}
"""Learner-facing words of :func:`review`, in one place."""


class ReviewSession:
    """The due questions as widgets; each finished one is rated, rescheduled and saved.

    ``questions`` are the :class:`quizkit.widgets.QuestionWidget` objects shown (due ones
    first, then new ones); ``progress`` the schedule, saved to ``path`` after every review;
    ``clock`` gives the time (a function, so tests can move it). ``widget`` is the ipywidget.
    """

    def __init__(
        self,
        progress: Progress,
        path: Path,
        questions: Sequence[Question],
        *,
        attempts: Any = None,
        clock: Callable[[], datetime] | None = None,
        missing: Sequence[str] = (),
    ) -> None:
        import ipywidgets as w

        from quizkit.widgets import QuestionWidget

        self.progress = progress
        self.path = path
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.questions: list[QuestionWidget] = []
        self.notes: dict[str, Any] = {}
        self._done: set[str] = set()
        total = len(questions)
        for n, question in enumerate(questions, start=1):
            qw = QuestionWidget(question, n, total, policy=attempts)
            qw._on_change = lambda qw=qw: self._changed(qw)
            self.questions.append(qw)
            self.notes[question.id] = w.HTML("")
        self.summary = w.HTML("")
        extra = []
        if missing:
            text = REVIEW_TEXT["missing"].format(ids=", ".join(missing))
            extra.append(w.HTML(f"<p>{_escape(text)}</p>"))
        boxes = []
        for qw in self.questions:
            boxes += [qw.box, self.notes[qw.question.id]]
        self.widget = w.VBox([w.HTML(f"<h3>{_escape(REVIEW_TEXT['title'])}</h3>"), self.summary, *extra, *boxes])
        self._update_summary()

    def _changed(self, qw: QuestionWidget) -> None:
        qid = qw.question.id
        state = qw.state
        if not state.finished or qid in self._done:
            return
        self._done.add(qid)
        grade = rating([g.score for g in qw.grades], revealed=state.revealed, hints=qw.hints_shown)
        now = self.clock()
        entry = record(self.progress, qid, grade, now)
        save_progress(self.path, self.progress, now)
        text = REVIEW_TEXT["scheduled"].format(
            rating=RATING_NAMES[grade], when=describe_due(entry.due, now)
        )
        self.notes[qid].value = f"<p><strong>{_escape(text)}</strong></p>"
        self._update_summary()

    def _update_summary(self) -> None:
        now = self.clock()
        cards = self.progress.cards
        if not cards and not self.questions:
            self.summary.value = f"<p>{_escape(REVIEW_TEXT['empty'])}</p>"
            return
        due = len(due_now(self.progress, now))
        lines = [REVIEW_TEXT["summary"].format(due=due, total=len(cards))]
        upcoming = sorted(e.due for e in cards.values() if e.due > now)
        if not due:
            lines.append(REVIEW_TEXT["nothing"])
        if upcoming:
            first = upcoming[0]
            same = sum(1 for d in upcoming if d.astimezone().date() == first.astimezone().date())
            lines.append(
                REVIEW_TEXT["next"].format(
                    when=describe_due(first, now), count=same, s="s" if same != 1 else ""
                )
            )
        lines.append(REVIEW_TEXT["saved"].format(path=self.path))
        self.summary.value = "".join(f"<p>{_escape(line)}</p>" for line in lines)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle: dict[str, Any] = self.widget._repr_mimebundle_(**kwargs)
        return bundle

    def __repr__(self) -> str:
        ids = ", ".join(q.question.id for q in self.questions) or "nothing due"
        return f"<quizkit review: {ids}; state in {self.path}>"


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=False)


def review(
    state: str | os.PathLike[str] | None = None,
    *,
    bank: str | None = None,
    new: int = 5,
    now: datetime | None = None,
    bank_dir: str | os.PathLike[str] | None = None,
) -> ReviewSession:
    """Spaced review in a notebook: the questions due now, as widgets, scheduled by FSRS.

    ``state`` is the JSON file that keeps the schedule (default: ``quizkit-progress.json`` in
    the home folder); a progress file downloaded from the book's "Your progress" page works
    as it is, and this one can be loaded there. Besides the due questions, up to ``new``
    questions not yet scheduled enter each day (from ``bank``, a file stem, or the whole
    bank), in bank order. Each question follows the course's attempt policy; once finished
    it is rated (Again, Hard or Good, see :func:`rating`), rescheduled and the file saved.
    ``now`` fixes the clock (for tests and demonstrations). A corrupt state file, a bad
    ``new`` or an unknown ``bank`` raises :class:`quizkit.errors.QuizkitError` with one line
    (the file is left as it is).
    """
    from quizkit.display import _bank_folder, _load, _short_traceback, course_policy

    try:
        if isinstance(new, bool) or not isinstance(new, int) or new < 0:
            raise QuizkitError(f"new must be a whole number, 0 or more (found {new!r})")
        if now is not None and now.tzinfo is None:
            raise QuizkitError("now must carry a time zone, e.g. datetime.now(timezone.utc)")
        path = Path(state).expanduser() if state is not None else Path.home() / DEFAULT_STATE
        progress = load_progress(path)
        folder = _bank_folder(bank_dir)
        loaded = _load(folder)
        policy = course_policy(folder.parent)
        pool = loaded.select(bank=bank) if bank not in (None, "all") else loaded.select()
    except QuizkitError as exc:
        raise _short_traceback(exc) from None
    fixed = now.astimezone(timezone.utc) if now is not None else None
    start = fixed or datetime.now(timezone.utc)
    by_id: Mapping[str, Question] = loaded.questions
    due = due_now(progress, start)
    missing = [qid for qid in due if qid not in by_id]
    due = [qid for qid in due if qid in by_id]
    today = start.astimezone().date()
    entered_today = sum(1 for e in progress.cards.values() if e.since.astimezone().date() == today)
    fresh = [q.id for q in pool if q.id not in progress.cards][: max(0, new - entered_today)]
    for qid in fresh:
        progress.cards[qid] = Entry(start)
    shown = [by_id[qid] for qid in due + fresh]
    if fresh:
        save_progress(path, progress, start)
    clock = (lambda: fixed) if fixed is not None else None
    return ReviewSession(progress, path, shown, attempts=policy, clock=clock, missing=missing)


__all__ = [
    "AGAIN",
    "DEFAULT_STATE",
    "EASY",
    "FORMAT",
    "FSRS_SETTINGS",
    "GOOD",
    "HARD",
    "VERSION",
    "Entry",
    "Progress",
    "ProgressFileError",
    "ReviewSession",
    "check_record",
    "describe_due",
    "due_now",
    "enter_answer",
    "iso",
    "load_progress",
    "parse_progress",
    "parse_time",
    "rating",
    "record",
    "review",
    "save_progress",
    "scheduler",
]


class _CallableModule(types.ModuleType):
    """This module, callable as :func:`review`.

    Importing ``quizkit.review`` (the module) makes it the package's attribute ``review``,
    which would shadow the function ``quizkit.review()`` that learners call: so the module
    itself calls :func:`review`.
    """

    def __call__(
        self, state: str | os.PathLike[str] | None = None, **kwargs: Any
    ) -> ReviewSession:
        return review(state, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
