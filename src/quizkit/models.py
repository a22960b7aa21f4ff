"""The question bank's data model: pydantic v2 models whose field names are the YAML keys.

Every field carries a description: the committed JSON Schema (``quizkit schema``) and the
bank-format reference in the book are generated from these declarations, never written twice.
Models are strict about keys (unknown keys are rejected); cross-field rules live in
after-validators with one message each, raised with :func:`rule_error`, which carries the
field the rule is about as data. Code that does something per question type matches on
:data:`Question` (or :data:`QuestionType`) and ends with ``case _: unhandled(question)``,
so mypy names every place a new type must be handled.
"""

from __future__ import annotations

import math
import re
import typing
from typing import Annotated, Any, Literal, Never, NoReturn, TypeGuard, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

SCHEMA_VERSION = 1
"""The bank-file format this version of quizkit reads and writes."""

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
BLANK_PATTERN = re.compile(r"\{\{\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*\}\}")
"""A blank in a fill-blanks passage: ``{{blank-id}}``."""

LEVELS = ("remember", "understand", "apply", "analyse", "evaluate", "create")
"""Cognitive levels of the revised Bloom taxonomy (Anderson and Krathwohl, 2001), lowest first."""

Level = Literal["remember", "understand", "apply", "analyse", "evaluate", "create"]

QuestionType = Literal[
    "single-choice",
    "multiple-select",
    "true-false",
    "numeric",
    "short-text",
    "matching",
    "ordering",
    "fill-blanks",
]
"""The ``type`` of a question: one literal per member of :data:`Question`."""

QUESTION_TYPES: tuple[QuestionType, ...] = typing.get_args(QuestionType)
"""The question types in the order the documentation lists them."""


def is_question_type(value: object) -> TypeGuard[QuestionType]:
    """Whether ``value`` names a question type (and, for mypy, is one of the literals)."""
    return value in QUESTION_TYPES


RULE_ERROR = "quizkit_rule"
"""The pydantic error type of a cross-field rule (see :func:`rule_error`)."""


def rule_error(message: str, field: str | None = None) -> PydanticCustomError:
    """The error an after-validator raises for a cross-field rule.

    The message is shown as written; ``field`` names the field the rule is about (for the
    line and the field of the reported problem) and travels as data in the error's context
    (``ctx["field"]``), never inside the text. Braces in ``message`` are kept: the template
    is ``{message}`` and ``field`` is substituted first.
    """
    context = {"message": message} if field is None else {"field": field, "message": message}
    return PydanticCustomError(RULE_ERROR, "{message}", context)


def unhandled(value: Never) -> NoReturn:
    """The last arm of every ``match`` over question types: ``case _: unhandled(question)``.

    Like :func:`typing.assert_never`, it accepts only a value no case can be left for, so
    mypy reports the call when a member of :data:`Question` (or a literal of
    :data:`QuestionType`, or a kind of :data:`Source`) has no case above it. At run time a
    value that reaches it raises :class:`TypeError` naming its type, instead of being
    handled as some other type.
    """
    kind: object = value if isinstance(value, str) else getattr(value, "type", None)
    if isinstance(kind, str):
        raise TypeError(f"no case for question type {kind!r}")
    raise TypeError(f"no case for {type(value).__name__}")


Slug = Annotated[
    str,
    Field(pattern=SLUG_PATTERN, min_length=1, max_length=80),
]
Text = Annotated[str, Field(min_length=1, max_length=20_000)]


# A pattern is matched by Python in quizkit and by JavaScript in the book: only the subset
# both read alike is allowed.
_PATTERN_FORBIDDEN = (
    (re.compile(r"\(\?P"), "Python-only named groups (?P...)"),
    (re.compile(r"\(\?<(?![=!])"), "named groups (?<name>...)"),
    (re.compile(r"\(\?[^:=!<]"), "inline flags or atomic groups (?...)"),
    (re.compile(r"(?<!\\)(?:\\\\)*\\[^dDwWsSbBnrtfv0-9.^$|?*+()\[\]{}/\\\-xu]"), "an escape"),
    (re.compile(r"[*+?}][+]"), "a possessive quantifier"),
    (re.compile(r"(?<!\\)(?:\\\\)*\{(?![0-9]+(?:,[0-9]*)?\})"), "a literal { (write \\{)"),
    (re.compile(r"(?<![0-9,\\])\}"), "a literal } (write \\})"),
)


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` is outside the subset that Python and JavaScript read alike, or None."""
    try:
        re.compile(pattern, re.ASCII)
    except re.error as exc:
        return f"is not a valid regular expression ({exc})"
    for regex, what in _PATTERN_FORBIDDEN:
        if regex.search(pattern):
            return f"uses {what}, which Python and JavaScript read differently"
    return None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=False)


class Objective(_Strict):
    """A learning objective of a chapter, which questions point to by id."""

    id: Slug = Field(description="Stable id of the objective, unique within the bank.")
    text: Text = Field(description="What the learner will be able to do, in one sentence.")


class ParagraphSource(_Strict):
    """Grounds a question in a source text: the paragraph where the answer stands, quoted."""

    source: str | None = Field(
        default=None,
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        description="Id of the course's source text (quizkit.yml); default the first one.",
    )
    paragraph: str = Field(
        pattern=r"^p[0-9]+$",
        description="Id of the source's paragraph (p1, p2, ...) where the answer stands.",
    )
    quote: Text = Field(
        description=(
            "Verbatim words from that paragraph that support the answer; compared after "
            "normalising whitespace and quote marks."
        )
    )


class FactsheetSource(_Strict):
    """Grounds a question in background beyond the source texts: a fact-sheet item."""

    factsheet: str = Field(
        pattern=r"^[A-Z][0-9]*(?:\.[0-9]+)?$",
        description="Fact-sheet item the fact rests on, e.g. 'B1.5', 'B10.4', 'D5' or 'A16'.",
    )
    source: str | None = Field(
        default=None,
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        description="Id of the source text of `paragraph`; default the course's first.",
    )
    paragraph: str | None = Field(
        default=None,
        pattern=r"^p[0-9]+$",
        description="Optional paragraph of a source text the question also discusses.",
    )
    quote: str | None = Field(
        default=None,
        description="Optional verbatim quote from that paragraph (checked like a paragraph source).",
    )

    @model_validator(mode="after")
    def _quote_needs_paragraph(self) -> FactsheetSource:
        if self.quote is not None and self.paragraph is None:
            raise rule_error("a quote needs the paragraph it comes from", "quote")
        return self


def _source_kind(value: object) -> str | None:
    # A source with a 'factsheet' key is background; one without is a text quote. Tagging
    # the union this way gives one clear error per mistake instead of one per member.
    if isinstance(value, dict):
        return "factsheet-source" if "factsheet" in value else "paragraph-source"
    if isinstance(value, FactsheetSource):
        return "factsheet-source"
    if isinstance(value, ParagraphSource):
        return "paragraph-source"
    return None


Source = Annotated[
    Union[
        Annotated[ParagraphSource, Tag("paragraph-source")],
        Annotated[FactsheetSource, Tag("factsheet-source")],
    ],
    Discriminator(_source_kind),
]


class Option(_Strict):
    """One option of a single-choice or multiple-select question."""

    text: Text = Field(description="The option as shown to the learner (Markdown).")
    correct: bool = Field(default=False, description="Whether choosing this option is right.")
    feedback: str | None = Field(
        default=None, description="Shown when the learner chose this option (Markdown)."
    )
    pin: bool = Field(
        default=False,
        description="Keep this option in its written place when options are shuffled "
        "(e.g. 'None of the above' last).",
    )


class ResponseTest(_Strict):
    """A response a learner might really give, and how it must grade (checked by ``quizkit check``)."""

    response: Any = Field(
        description="The response, in the grader's format: text or a number for short-text and "
        "numeric, a mapping of blank id to text for fill-blanks, an option index or list of "
        "indices (written order) for choice questions."
    )
    expect: Literal["correct", "partial", "incorrect"] = Field(
        description="How the response must grade."
    )
    note: str | None = Field(default=None, description="Why this response is worth testing.")


class _QuestionBase(_Strict):
    id: Slug = Field(description="Stable id (a slug), unique across the whole bank.")
    prompt: Text = Field(description="The question as shown to the learner (Markdown).")
    hints: list[Text] = Field(
        default_factory=list, description="Hints revealed one at a time on request (Markdown)."
    )
    explanation: Text = Field(
        description="Shown after answering: why the answer is right, teaching, not restating."
    )
    objectives: list[Slug] = Field(
        min_length=1, description="Ids of the chapter's learning objectives this question tests."
    )
    tags: list[Slug] = Field(default_factory=list, description="Free tags for selecting questions.")
    difficulty: Literal["easy", "medium", "hard"] = Field(
        default="medium", description="How hard the question is expected to be."
    )
    level: Level = Field(
        description="The cognitive level the question tests, in the revised Bloom taxonomy: "
        "remember, understand, apply, analyse, evaluate or create."
    )
    source: Source = Field(
        description="Where the answer stands: a source text's paragraph and verbatim quote, "
        "or the fact-sheet item for background beyond the source texts."
    )
    response_tests: list[ResponseTest] = Field(
        default_factory=list,
        description="Responses that must grade as correct, partial or incorrect: the variants "
        "a learner would really type. `quizkit check` runs them through the grader.",
    )


class _ChoiceQuestion(_QuestionBase):
    options: list[Option] = Field(min_length=2, description="The options, in written order.")
    shuffle: bool = Field(
        default=True,
        description="Shuffle options (seeded by the question id, so every reader sees one order); "
        "pinned options keep their place.",
    )


class SingleChoice(_ChoiceQuestion):
    """Exactly one option is correct."""

    type: Literal["single-choice"] = Field(description="The question type.")

    @model_validator(mode="after")
    def _one_correct(self) -> SingleChoice:
        n = sum(o.correct for o in self.options)
        if n != 1:
            raise rule_error(
                f"single-choice needs exactly one correct option (found {n})",
                "options",
            )
        return self


class MultipleSelect(_ChoiceQuestion):
    """One or more options are correct; partial credit (see grading)."""

    type: Literal["multiple-select"] = Field(description="The question type.")

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleSelect:
        if not any(o.correct for o in self.options):
            raise rule_error(
                "multiple-select needs at least one correct option (found 0)",
                "options",
            )
        return self


class TrueFalse(_QuestionBase):
    """A statement that is true or false."""

    type: Literal["true-false"] = Field(description="The question type.")
    answer: bool = Field(description="Whether the statement in the prompt is true.")
    feedback_true: str | None = Field(default=None, description="Shown when 'True' is chosen.")
    feedback_false: str | None = Field(default=None, description="Shown when 'False' is chosen.")


class NumericRange(_Strict):
    """An inclusive range of accepted values."""

    low: float = Field(description="Lowest accepted value (inclusive).")
    high: float = Field(description="Highest accepted value (inclusive).")

    @model_validator(mode="after")
    def _ordered(self) -> NumericRange:
        if not (math.isfinite(self.low) and math.isfinite(self.high)):
            raise rule_error("range bounds must be finite numbers")
        if not self.low < self.high:
            raise rule_error(f"range needs low < high (found low {self.low:g}, high {self.high:g})")
        return self


class Numeric(_QuestionBase):
    """A number: exact, within an absolute or relative tolerance, or inside a range."""

    type: Literal["numeric"] = Field(description="The question type.")
    answer: float | None = Field(default=None, description="The exact answer (omit with range).")
    tolerance: float | None = Field(
        default=None, ge=0, description="Accept answer ± tolerance (absolute)."
    )
    relative_tolerance: float | None = Field(
        default=None, ge=0, lt=1, description="Accept answer ± |answer| × relative_tolerance."
    )
    range: NumericRange | None = Field(default=None, description="Accept any value in [low, high].")
    unit: str | None = Field(default=None, description="Unit shown after the entry box.")

    @model_validator(mode="after")
    def _one_way(self) -> Numeric:
        if (self.answer is None) == (self.range is None):
            raise rule_error("numeric needs either answer or range, not both or neither", "answer")
        if self.answer is not None and not math.isfinite(self.answer):
            raise rule_error("answer must be a finite number", "answer")
        if self.range is not None and (self.tolerance or self.relative_tolerance) is not None:
            raise rule_error("a range cannot also have a tolerance", "range")
        if self.tolerance is not None and self.relative_tolerance is not None:
            raise rule_error("give tolerance or relative_tolerance, not both", "tolerance")
        return self


class CommonMistake(_Strict):
    """A wrong answer worth specific feedback."""

    answer: Text = Field(description="The wrong answer (compared after normalisation).")
    feedback: Text = Field(description="What to tell a learner who gave it (Markdown).")


class ShortText(_QuestionBase):
    """A short free-text answer, compared after normalisation."""

    type: Literal["short-text"] = Field(description="The question type.")
    answers: list[Text] = Field(
        min_length=1,
        description="Accepted answers; the first is the model answer shown after answering.",
    )
    case_sensitive: bool = Field(default=False, description="Compare letter case too.")
    pattern: str | None = Field(
        default=None,
        description="Optional regular expression (JavaScript-compatible subset) that also "
        "accepts an answer when it matches the whole normalised response.",
    )
    max_typos: int = Field(
        default=0,
        ge=0,
        le=3,
        description="Near-miss tolerance: accept a response this many edits (optimal string "
        "alignment: Levenshtein plus swaps of neighbouring letters) from an accepted answer, "
        "with a note about spelling.",
    )
    common_mistakes: list[CommonMistake] = Field(
        default_factory=list, description="Wrong answers with specific feedback."
    )

    @model_validator(mode="after")
    def _pattern_portable(self) -> ShortText:
        if self.pattern is not None:
            problem = pattern_problem(self.pattern)
            if problem:
                raise rule_error(f"pattern {problem}", "pattern")
        return self


class Pair(_Strict):
    """One item to match and its partner."""

    left: Text = Field(description="The item (e.g. a minister).")
    right: Text = Field(description="Its partner (e.g. the post).")


class Matching(_QuestionBase):
    """Match each item on the left with one partner on the right."""

    type: Literal["matching"] = Field(description="The question type.")
    pairs: list[Pair] = Field(
        min_length=2,
        description="The correct pairs; a partner may serve several items (classification).",
    )
    distractors: list[Text] = Field(
        default_factory=list, description="Extra partners that match no item."
    )

    @model_validator(mode="after")
    def _distinct(self) -> Matching:
        # Partners may repeat (classifying statements as claim / fact / opinion is a
        # matching question); items may not, and a distractor must match no item.
        lefts = [p.left for p in self.pairs]
        dup = sorted({v for v in lefts if lefts.count(v) > 1})
        if dup:
            raise rule_error(f"each left item must be distinct (found {dup[0]!r} twice)", "pairs")
        rights = {p.right for p in self.pairs}
        clash = sorted(rights & set(self.distractors))
        if clash:
            raise rule_error(
                f"a distractor must not also be a partner (found {clash[0]!r})",
                "distractors",
            )
        return self

    @property
    def choices(self) -> list[str]:
        """The partners a learner picks from: distinct partners, then distractors."""
        return list(dict.fromkeys([p.right for p in self.pairs] + list(self.distractors)))


class Ordering(_QuestionBase):
    """Put items in order (e.g. events on a timeline)."""

    type: Literal["ordering"] = Field(description="The question type.")
    items: list[Text] = Field(min_length=2, description="The items in the correct order.")

    @model_validator(mode="after")
    def _distinct(self) -> Ordering:
        dup = sorted({v for v in self.items if self.items.count(v) > 1})
        if dup:
            raise rule_error(f"each item must be distinct (found {dup[0]!r} twice)", "items")
        return self


class Blank(_Strict):
    """One blank of a fill-blanks passage."""

    id: Slug = Field(description="Id of the blank, written {{id}} in the passage.")
    answers: list[Text] = Field(min_length=1, description="Accepted answers (the first is shown).")
    options: list[Text] | None = Field(
        default=None,
        description="If given, the blank is a choice from this list (which must contain the "
        "first answer); otherwise free text.",
    )
    max_typos: int = Field(default=0, ge=0, le=3, description="Near-miss tolerance (free text).")
    shuffle: bool = Field(
        default=True,
        description="Shuffle the options of a choice blank (seeded by the question and blank "
        "ids, so every reader sees one order); pinned options keep their place.",
    )
    pin: list[Text] = Field(
        default_factory=list,
        description="Options of a choice blank that keep their written place when shuffled.",
    )

    @model_validator(mode="after")
    def _answer_in_options(self) -> Blank:
        if self.options is not None and self.answers[0] not in self.options:
            raise rule_error(f"options must contain the answer {self.answers[0]!r}", "options")
        if self.pin and self.options is None:
            raise rule_error("pin needs options (a free-text blank has nothing to pin)", "pin")
        for text in self.pin:
            if self.options is not None and text not in self.options:
                raise rule_error(
                    f"a pinned option must be one of the options (found {text!r})",
                    "pin",
                )
        return self


class FillBlanks(_QuestionBase):
    """A passage with several blanks, each free text or a choice from a list."""

    type: Literal["fill-blanks"] = Field(description="The question type.")
    passage: Text = Field(description="The passage, with blanks written {{blank-id}}.")
    blanks: list[Blank] = Field(min_length=1, description="The blanks, in passage order.")

    @model_validator(mode="after")
    def _blanks_match_passage(self) -> FillBlanks:
        in_passage = BLANK_PATTERN.findall(self.passage)
        declared = [b.id for b in self.blanks]
        if in_passage != declared:
            raise rule_error(
                f"blanks must be declared in passage order (passage has {in_passage}, "
                f"blanks has {declared})",
                "blanks",
            )
        return self


Question = Annotated[
    Union[
        SingleChoice,
        MultipleSelect,
        TrueFalse,
        Numeric,
        ShortText,
        Matching,
        Ordering,
        FillBlanks,
    ],
    Field(discriminator="type"),
]


class BankFile(_Strict):
    """One bank file: a chapter's title, learning objectives and questions."""

    schema_version: Literal[1] = Field(description="Bank format version; this quizkit reads 1.")
    chapter: int = Field(ge=0, le=99, description="Number of the chapter these questions serve.")
    title: Text = Field(description="The chapter's title.")
    objectives: list[Objective] = Field(
        default_factory=list, description="The chapter's learning objectives."
    )
    questions: list[Question] = Field(default_factory=list, description="The questions.")


__all__ = [
    "BLANK_PATTERN",
    "LEVELS",
    "QUESTION_TYPES",
    "RULE_ERROR",
    "SCHEMA_VERSION",
    "BankFile",
    "Blank",
    "CommonMistake",
    "FactsheetSource",
    "FillBlanks",
    "Level",
    "Matching",
    "MultipleSelect",
    "Numeric",
    "NumericRange",
    "Objective",
    "Option",
    "Ordering",
    "Pair",
    "ParagraphSource",
    "Question",
    "QuestionType",
    "ResponseTest",
    "ShortText",
    "SingleChoice",
    "Source",
    "TrueFalse",
    "is_question_type",
    "pattern_problem",
    "rule_error",
    "unhandled",
]
