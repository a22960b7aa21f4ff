"""quizkit's exceptions, the located problem record, and the wording shared by every message.

A bank is validated as a whole and every problem is collected before anything is raised,
so an instructor fixes a file in one pass: :class:`BankError` carries all of them, each a
:class:`Problem` pointing at a file, a line and, when known, the question and field. A
single problem in another file (an import file, a draft) is a :class:`LocatedError`, which
carries its :class:`Problem` as data too. Messages name what the user typed through
:func:`shown` (escaped, on one line) and suggest a near name with :func:`did_you_mean`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


class QuizkitError(Exception):
    """Base of every error quizkit reports to a user; ``exit_code`` is what the CLI returns."""

    exit_code: int = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(QuizkitError):
    """The command was called wrongly (bad option, unknown name): exit code 2."""

    exit_code = 2


@dataclass(frozen=True, order=False)
class Problem:
    """One thing wrong in a file, located by file and line (1-based), question and field."""

    file: str
    line: int
    question_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.detail}"

    @property
    def detail(self) -> str:
        """The problem without its place in the file: ``question 'id': field: message``."""
        parts = []
        if self.question_id is not None:
            parts.append(f"question '{self.question_id}':")
        if self.field is not None:
            parts.append(f"{self.field}:")
        parts.append(self.message)
        return " ".join(parts)

    def sort_key(self) -> tuple[str, int, str]:
        """Order problems by file, then line, then text (stable across runs)."""
        return (self.file, self.line, str(self))


class BankError(QuizkitError):
    """A bank (one file or several) has problems; ``problems`` holds every one, sorted."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(set(problems), key=Problem.sort_key)
        n = len(self.problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the bank:\n{lines}")


class LocatedError(QuizkitError):
    """One problem at a place in a file that is not the bank (an import file, say).

    The message is the problem's one line, ``file:line: question 'id': field: message``;
    ``problem`` keeps its parts as data.
    """

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def close_match(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word`` when one is close enough to be a typo, else None."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest of ``choices``, or ``""`` when none is close."""
    close = close_match(word, choices)
    return f"; did you mean '{close}'?" if close is not None else ""


def shown(text: str, limit: int = 60) -> str:
    """Text from a file made safe for a one-line message: escaped when not printable, cut."""
    if not text.isprintable():
        text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= limit else text[: limit - 3] + "..."


__all__ = [
    "BankError",
    "LocatedError",
    "Problem",
    "QuizkitError",
    "UsageError",
    "close_match",
    "did_you_mean",
    "shown",
]
