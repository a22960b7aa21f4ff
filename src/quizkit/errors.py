"""quizkit's exceptions: one base class that knows its exit code, and a few leaves.

A bank is validated as a whole and every problem is collected before anything is raised,
so an instructor fixes a file in one pass: :class:`BankError` carries all of them, each a
:class:`Problem` pointing at a file, a line and, when known, the question and field.
"""

from __future__ import annotations

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
    """One thing wrong in a bank file, located by file and line (1-based)."""

    file: str
    line: int
    question_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        parts = [f"{self.file}:{self.line}:"]
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


__all__ = ["BankError", "Problem", "QuizkitError", "UsageError"]
