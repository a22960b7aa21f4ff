"""The course configuration: ``quizkit.yml`` at the course's root (the folder holding ``bank/``).

It holds the course's defaults, which a quiz may override: the attempt policy
(``attempts: {tries: 2, penalty: 0.3333}``; ``tries: unlimited`` for practice). A course
without the file gets the defaults of :mod:`quizkit.attempts`. The file is read like a bank
file (line numbers kept, duplicate keys and tags refused) and validated by pydantic, so a
mistake is reported as ``quizkit.yml:LINE: field: what is wrong``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from quizkit.attempts import DEFAULT_PENALTY, DEFAULT_TRIES, AttemptPolicy
from quizkit.errors import BankError, Problem

CONFIG_NAME = "quizkit.yml"
"""The course configuration's file name, at the course's root."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AttemptsConfig(_Strict):
    """The course's default attempt policy (a quiz may override it)."""

    tries: int | Literal["unlimited"] = Field(
        default=DEFAULT_TRIES,
        description="Tries per question: a whole number of at least 1 (1 = one shot), or "
        "'unlimited' for practice.",
    )
    penalty: float = Field(
        default=DEFAULT_PENALTY,
        ge=0,
        le=1,
        description="Share of the question's credit each try after the first costs (0 to 1; "
        "default one third).",
    )

    @field_validator("tries")
    @classmethod
    def _at_least_one(cls, value: int | str) -> int | str:
        if isinstance(value, int) and value < 1:
            raise ValueError("tries must be at least 1, or 'unlimited'")
        return value

    def policy(self) -> AttemptPolicy:
        """The policy these settings describe."""
        return AttemptPolicy(
            tries=None if self.tries == "unlimited" else int(self.tries), penalty=self.penalty
        )


class CourseConfig(_Strict):
    """Everything ``quizkit.yml`` may set."""

    attempts: AttemptsConfig = Field(
        default_factory=AttemptsConfig, description="Default attempt policy of the course's quizzes."
    )


def parse_tries(value: str | int | None) -> int | None:
    """A tries setting as written in a directive or call: a number, or 'unlimited' (None)."""
    if value is None or (isinstance(value, str) and value.strip().lower() == "unlimited"):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"tries must be a whole number or 'unlimited' (found {value!r})") from None
    if number < 1:
        raise ValueError(f"tries must be at least 1, or 'unlimited' (found {value!r})")
    return number


def load_config(course_root: str | os.PathLike[str]) -> CourseConfig:
    """The configuration in ``course_root/quizkit.yml``, or the defaults if there is none.

    Raises :class:`quizkit.errors.BankError` naming the file and line of each problem.
    """
    from quizkit.bank import read_data

    path = Path(course_root) / CONFIG_NAME
    if not path.is_file():
        return CourseConfig()
    data: Any = read_data(path)
    if data is None:
        return CourseConfig()
    try:
        return CourseConfig.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or None
            problems.append(Problem(str(path), _line_of(path, err["loc"]), None, where, err["msg"]))
        raise BankError(problems) from None


def _line_of(path: Path, loc: tuple[int | str, ...]) -> int:
    # The configuration is small: find the line of the innermost key named in the location.
    keys = [k for k in loc if isinstance(k, str)]
    if not keys:
        return 1
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip().startswith(f"{keys[-1]}:"):
            return number
    return 1


__all__ = ["CONFIG_NAME", "AttemptsConfig", "CourseConfig", "load_config", "parse_tries"]
