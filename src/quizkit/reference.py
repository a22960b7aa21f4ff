"""The bank-format reference, generated from the models' field declarations.

Each model of :mod:`quizkit.models` becomes a :class:`ModelReference`: its docstring and,
per field, the YAML key, a readable type, whether it is required (or its default) and the
field's description. The book's "For instructors" chapter renders these tables through the
``bank-reference`` directive (:mod:`quizkit.sphinx_reference`); :func:`reference_markdown`
gives the same content as Markdown. The course configuration (``quizkit.yml``, models of
:mod:`quizkit.config`) is documented the same way (:data:`CONFIG_SECTIONS`,
:func:`config_reference`). Nothing here is written by hand a second time.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, Union

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from quizkit import config, models
from quizkit.models import SLUG_PATTERN


@dataclass(frozen=True)
class FieldReference:
    """One field: YAML key, readable type, required or default, description."""

    name: str
    type: str
    required: bool
    default: str
    description: str


@dataclass(frozen=True)
class ModelReference:
    """One model: a title for it, its docstring, and its fields in declaration order."""

    key: str
    title: str
    summary: str
    fields: tuple[FieldReference, ...]


SECTIONS: tuple[tuple[str, str, type[BaseModel]], ...] = (
    ("bank-file", "A bank file", models.BankFile),
    ("objective", "An objective", models.Objective),
    ("single-choice", "single-choice", models.SingleChoice),
    ("multiple-select", "multiple-select", models.MultipleSelect),
    ("option", "An option (single-choice, multiple-select)", models.Option),
    ("true-false", "true-false", models.TrueFalse),
    ("numeric", "numeric", models.Numeric),
    ("numeric-range", "A numeric range", models.NumericRange),
    ("short-text", "short-text", models.ShortText),
    ("common-mistake", "A common mistake (short-text)", models.CommonMistake),
    ("matching", "matching", models.Matching),
    ("pair", "A pair (matching)", models.Pair),
    ("ordering", "ordering", models.Ordering),
    ("fill-blanks", "fill-blanks", models.FillBlanks),
    ("blank", "A blank (fill-blanks)", models.Blank),
    ("response-test", "A response test (any type)", models.ResponseTest),
    ("paragraph-source", "A source in a source text", models.ParagraphSource),
    ("factsheet-source", "A source in the fact sheet", models.FactsheetSource),
)
"""The models in the order the reference shows them: (anchor key, title, model)."""

CONFIG_SECTIONS: tuple[tuple[str, str, type[BaseModel]], ...] = (
    ("course-config", "quizkit.yml", config.CourseConfig),
    ("course-section", "course (quizkit.yml)", config.CourseSection),
    ("course-source", "A source text (course.sources)", config.SourceConfig),
    ("course-factsheet", "The fact sheet (course.factsheet)", config.FactsheetConfig),
    ("attempts", "attempts (quizkit.yml)", config.AttemptsConfig),
    ("lint", "lint (quizkit.yml)", config.LintConfig),
    ("lint-accept", "An accepted finding (lint.accept)", config.Accept),
)
"""The course configuration's models, in the order the reference shows them."""

_QUESTION_MODELS = frozenset(
    m.__name__ for m in (models.SingleChoice, models.MultipleSelect, models.TrueFalse,
                         models.Numeric, models.ShortText, models.Matching, models.Ordering,
                         models.FillBlanks)
)

_NAMES = {
    "ParagraphSource": "text source",
    "CourseSection": "course settings",
    "SourceConfig": "source text",
    "FactsheetConfig": "fact-sheet settings",
    "FactsheetSource": "fact-sheet source",
    "NumericRange": "range",
    "CommonMistake": "common mistake",
    "ResponseTest": "response test",
    "AttemptsConfig": "attempts settings",
    "LintConfig": "lint settings",
    "Accept": "accepted finding",
}


def type_name(annotation: Any, metadata: list[Any] | None = None) -> str:
    """A readable name for a field's type (``list of text``, ``slug``, ``one of: a, b``)."""
    for m in metadata or []:
        if getattr(m, "pattern", None) == SLUG_PATTERN:
            return "slug"
    if annotation is Any:
        return "any value"
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is tuple:
        return f"list of {len(args)} {type_name(args[0])}s"
    if origin is typing.Annotated:
        inner_meta = list(getattr(annotation, "__metadata__", ()))
        for m in inner_meta:
            for sub in getattr(m, "metadata", []):
                if getattr(sub, "pattern", None) == SLUG_PATTERN:
                    return "slug"
        return type_name(args[0], inner_meta)
    if origin is Literal:
        if len(args) == 1:
            return f"always {args[0]}"
        return "one of: " + ", ".join(str(a) for a in args)
    if origin in (Union, types.UnionType):
        if args and all(getattr(a, "__name__", "") in _QUESTION_MODELS for a in args):
            return "question (one of the eight types)"
        parts = [
            f"'{typing.get_args(a)[0]}'" if typing.get_origin(a) is Literal
            and len(typing.get_args(a)) == 1 else type_name(a)
            for a in args if a is not type(None)
        ]
        return " or ".join(parts)
    if origin is list:
        return "list of " + type_name(args[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _NAMES.get(annotation.__name__, annotation.__name__.lower())
    return {str: "text", bool: "true/false", int: "integer", float: "number"}.get(
        annotation, str(annotation))


def _default(info: FieldInfo) -> str:
    if info.default_factory is not None:
        value = info.default_factory()  # type: ignore[call-arg]
        if isinstance(value, BaseModel):
            return ""  # a section of its own, with its own table
        return "empty" if value in ([], {}) else ", ".join(str(v) for v in value)
    if info.default is PydanticUndefined or info.default is None:
        return ""
    if isinstance(info.default, bool):
        return "true" if info.default else "false"
    if isinstance(info.default, float):
        return f"{info.default:.4g}"
    if isinstance(info.default, tuple):
        return "[" + ", ".join(f"{v:g}" for v in info.default) + "]"
    return str(info.default)


def model_reference(key: str, title: str, model: type[BaseModel]) -> ModelReference:
    """The reference of one model."""
    fields = []
    # The question type is the key a reader looks for first; other fields keep their order.
    names = sorted(model.model_fields, key=lambda n: n != "type")
    for name in names:
        info = model.model_fields[name]
        fields.append(FieldReference(
            name=name,
            type=type_name(info.annotation, list(info.metadata)),
            required=info.is_required(),
            default=_default(info),
            description=info.description or "",
        ))
    # Docstrings are reStructuredText; the tables show plain text, with Markdown's backticks.
    doc = " ".join((model.__doc__ or "").split()).replace("``", "`")
    return ModelReference(key, title, doc, tuple(fields))


def bank_reference() -> list[ModelReference]:
    """The whole bank-format reference, in :data:`SECTIONS` order."""
    return [model_reference(k, t, m) for k, t, m in SECTIONS]


def config_reference() -> list[ModelReference]:
    """The reference of ``quizkit.yml``, in :data:`CONFIG_SECTIONS` order."""
    return [model_reference(k, t, m) for k, t, m in CONFIG_SECTIONS]


def reference_markdown(refs: list[ModelReference] | None = None) -> str:
    """The reference as Markdown tables (the same content the book shows).

    ``refs`` defaults to the bank format; pass :func:`config_reference` for ``quizkit.yml``.
    """
    out: list[str] = []
    for ref in bank_reference() if refs is None else refs:
        out.append(f"### {ref.title}\n\n{ref.summary}\n")
        out.append("| Key | Type | Required | Description |\n|---|---|---|---|")
        for f in ref.fields:
            req = "yes" if f.required else (f"no (default {f.default})" if f.default else "no")
            out.append(f"| `{f.name}` | {f.type} | {req} | {f.description.replace('|', '/')} |")
        out.append("")
    return "\n".join(out)


__all__ = [
    "CONFIG_SECTIONS",
    "SECTIONS",
    "FieldReference",
    "ModelReference",
    "bank_reference",
    "config_reference",
    "model_reference",
    "reference_markdown",
    "type_name",
]
