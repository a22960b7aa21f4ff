"""The course configuration: ``quizkit.yml`` at the course's root.

It says where the course keeps its content (``course:``: the bank folder, the source texts
and their book pages, the optional fact sheet; :class:`quizkit.course.Course` loads them),
and holds the course's defaults, which a quiz may override: the attempt policy
(``attempts: {tries: 2, penalty: 0.3333}``; ``tries: unlimited`` for practice), and the
thresholds of the item-writing checks (``lint:``, see :mod:`quizkit.lint`) with the findings
the course accepts, each with its reason. A course without the file gets the defaults. The
file is read like a bank file (line numbers kept, duplicate keys and tags refused) and
validated by pydantic, so a mistake is reported as ``quizkit.yml:LINE: field: what is wrong``.
Commands find it as git finds ``.git``: in the folder of the bank they are given, or the
nearest folder above it (:func:`find_config`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from quizkit.attempts import DEFAULT_PENALTY, DEFAULT_TRIES, AttemptPolicy
from quizkit.errors import BankError, did_you_mean

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


DEFAULT_ABSOLUTE_WORDS = (
    "always", "never", "only", "all", "none", "every", "everything", "nothing", "completely",
    "entirely", "totally", "absolutely", "certainly", "invariably", "must",
)
"""Specific determiners the ``absolute-words`` check looks for, unless the course lists its own."""


class Accept(_Strict):
    """A finding of ``quizkit lint`` the course accepts on purpose, with the reason."""

    check: str = Field(description="Id of the check, e.g. 'longest-correct' (see `quizkit lint`).")
    question: str | None = Field(
        default=None,
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        description="Id of the question the finding is about; omit it to accept every finding "
        "of the check, bank-wide figures included.",
    )
    reason: str = Field(
        min_length=1, description="Why the finding is acceptable here; `quizkit lint` lists it."
    )

    @field_validator("check")
    @classmethod
    def _known_check(cls, value: str) -> str:
        from quizkit.lint import CHECKS

        if value not in CHECKS:
            hint = did_you_mean(value, CHECKS) or f" (checks: {', '.join(CHECKS)})"
            raise ValueError(f"unknown check '{value}'{hint}")
        return value


class LintConfig(_Strict):
    """Thresholds of the item-writing checks (``quizkit lint``) and the findings accepted."""

    longest_correct_max: float = Field(
        default=0.30,
        ge=0,
        le=1,
        description="Highest share of single-choice questions whose correct option may be the "
        "strictly longest one (chance is about 1 in the number of options).",
    )
    length_difference: float = Field(
        default=0.15,
        ge=0,
        description="A single-choice question is flagged when its correct option is longer "
        "than every wrong option by at least this share of the longest wrong one (0.15: "
        "15% longer); smaller differences count only in the bank-wide share.",
    )
    position_max: float = Field(
        default=0.40,
        ge=0,
        le=1,
        description="Highest share of single-choice questions (and of drop-down blanks) whose "
        "answer may stand in any one position, in written and in displayed order.",
    )
    true_share: tuple[float, float] = Field(
        default=(0.40, 0.60),
        description="Lowest and highest share of true-false questions keyed True.",
    )
    min_questions: int = Field(
        default=5,
        ge=1,
        description="Bank-wide shares are judged only over at least this many questions of the "
        "kind (fewer are reported as figures, never as warnings).",
    )
    similarity: float = Field(
        default=0.6,
        gt=0,
        le=1,
        description="Two questions are near-duplicates when the content words of their prompt "
        "and keyed answer overlap at least this much (Jaccard index, 0 to 1).",
    )
    absolute_words: list[str] = Field(
        default_factory=lambda: list(DEFAULT_ABSOLUTE_WORDS),
        description="Absolute words (specific determiners) the absolute-words check looks for.",
    )
    stop_words: list[str] = Field(
        default_factory=list,
        description="Words the prompt-echo, id-giveaway and near-duplicate checks ignore, on top "
        "of common English function words (e.g. the course's subject, named in every question).",
    )
    accept: list[Accept] = Field(
        default_factory=list,
        description="Findings accepted on purpose, each with its reason: they no longer count as "
        "warnings, and `quizkit lint` lists them.",
    )

    @field_validator("true_share")
    @classmethod
    def _ordered_share(cls, value: tuple[float, float]) -> tuple[float, float]:
        low, high = value
        if not 0 <= low <= high <= 1:
            raise ValueError(f"true_share needs 0 <= low <= high <= 1 (found [{low:g}, {high:g}])")
        return value

    @model_validator(mode="after")
    def _words_lower(self) -> LintConfig:
        self.absolute_words = [w.strip().lower() for w in self.absolute_words if w.strip()]
        self.stop_words = [w.strip().lower() for w in self.stop_words if w.strip()]
        return self


_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

DEFAULT_SOURCE_LABEL = "the source text"
"""What quizzes call a source text whose configuration gives it no ``label``."""


class SourceConfig(_Strict):
    """One source text of the course: questions quote its numbered paragraphs."""

    id: str = Field(
        pattern=_SLUG,
        description="The source's id, which a question names in `source: {source: <id>, ...}` "
        "(the first source is the default).",
    )
    text: str = Field(
        min_length=1,
        description="The text file, relative to the course folder: plain text, or Markdown "
        "(`.md`); see quizkit.sources for how it is split into paragraphs p1, p2, ...",
    )
    metadata: str | None = Field(
        default=None,
        description="Optional YAML file of metadata (title, author, date, citation, "
        "provenance, front matter, headings, not_examinable), relative to the course folder.",
    )
    page: str | None = Field(
        default=None,
        description="The book page (docname, e.g. 'chapters/source') that shows the text with "
        "the `source-text` directive; quizzes link paragraph notes to it.",
    )
    label: str = Field(
        default=DEFAULT_SOURCE_LABEL,
        min_length=1,
        max_length=60,
        description="What quizzes call the text in their notes, as a phrase that fits after "
        "\"Read ¶7 of\" (e.g. 'the paper', 'the address', 'chapter 3'); the notebook quiz "
        "starts its note with it, capitalised (\"The paper ¶7: ...\"). Default: 'the source "
        "text'.",
    )

    @field_validator("label")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if not value.strip() or "\n" in value:
            raise ValueError(f"label must be a short phrase on one line (found {value!r})")
        return value.strip()


class FactsheetConfig(_Strict):
    """The course's optional fact sheet: background items questions may cite."""

    file: str = Field(min_length=1, description="The fact sheet (Markdown), relative to the "
                      "course folder.")
    page: str | None = Field(
        default=None,
        description="The book page (docname) that shows the fact sheet; quizzes link "
        "background notes to it.",
    )
    anchor: str = Field(
        default="fs-{item}",
        description="The HTML id of an item's entry on that page; {item} stands for the item "
        "id in lower case with dots as hyphens (B1.5 -> b1-5).",
    )

    @field_validator("anchor")
    @classmethod
    def _has_item(cls, value: str) -> str:
        if "{item}" not in value:
            raise ValueError(f"anchor must contain {{item}} (found {value!r})")
        return value


class CourseSection(_Strict):
    """Where the course keeps its content: the bank, the source texts, the fact sheet."""

    bank: str = Field(default="bank", min_length=1,
                      description="The bank folder, relative to the course folder.")
    sources: list[SourceConfig] = Field(
        default_factory=list,
        description="The source texts questions are grounded in, the default first.",
    )
    factsheet: FactsheetConfig | None = Field(
        default=None, description="The optional fact sheet of background items."
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> CourseSection:
        seen: set[str] = set()
        for source in self.sources:
            if source.id in seen:
                raise ValueError(f"source id '{source.id}' is used twice")
            seen.add(source.id)
        return self


class CourseConfig(_Strict):
    """Everything ``quizkit.yml`` may set."""

    course: CourseSection = Field(
        default_factory=CourseSection,
        description="The course's content: bank folder, source texts and fact sheet.",
    )

    attempts: AttemptsConfig = Field(
        default_factory=AttemptsConfig, description="Default attempt policy of the course's quizzes."
    )
    lint: LintConfig = Field(
        default_factory=LintConfig,
        description="Thresholds of the item-writing checks and the findings the course accepts.",
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

    Raises :class:`quizkit.errors.BankError` naming the file, line and field of each problem,
    worded as a bank file's are (:mod:`quizkit.problems`).
    """
    from quizkit.document import read_document
    from quizkit.problems import validation_problems

    path = Path(course_root) / CONFIG_NAME
    if not path.is_file():
        return CourseConfig()
    document = read_document(path)
    if document.data is None:
        return CourseConfig()
    try:
        return CourseConfig.model_validate(document.data)
    except ValidationError as exc:
        raise BankError(validation_problems(exc, document, CourseConfig)) from None


def find_config(start: str | os.PathLike[str]) -> Path | None:
    """The ``quizkit.yml`` in ``start`` (a folder, or a file's folder) or the nearest folder above."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


__all__ = [
    "CONFIG_NAME",
    "DEFAULT_ABSOLUTE_WORDS",
    "DEFAULT_SOURCE_LABEL",
    "Accept",
    "AttemptsConfig",
    "CourseConfig",
    "CourseSection",
    "FactsheetConfig",
    "LintConfig",
    "find_config",
    "load_config",
    "parse_tries",
    "SourceConfig",
]
