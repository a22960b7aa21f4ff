"""Validation problems: pydantic's errors turned into located, reworded :class:`Problem` records.

Every path that validates user data sends pydantic's errors through here: bank files
(:mod:`quizkit.bank`), the course configuration (:mod:`quizkit.config`), questions written
by ``quizkit new`` and by the importers (:func:`question_problems`).
:func:`validation_problems` gives each error

- the path of YAML keys and indices it is about: pydantic's union tags (which member of a
  union it tried) are dropped by walking the model's types alongside the location, and a
  cross-field rule (raised with :func:`quizkit.models.rule_error`) adds the field it names
  in its context;
- the line of the deepest node of that path in the :class:`quizkit.document.Document`
  (a missing field points at the mapping that lacks it);
- the question's id when the error is inside a question;
- a plain sentence with what was found (:func:`reword`), e.g. ``must be a whole number
  (found 'two')`` or ``unknown field 'hint'; did you mean 'hints'?``.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError

from quizkit.document import Document
from quizkit.errors import Problem, did_you_mean, shown
from quizkit.models import QUESTION_TYPES, RULE_ERROR, Question

Scope = Literal["file", "question", "other"]
"""What the validated data is: a bank file (questions under ``questions``), one question,
or something else (the course configuration)."""


def found(value: Any) -> str:
    """Describe a value from the file for a message: ``'text'``, ``3``, ``a list``."""
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return repr(text)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional wrappers from a type annotation."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
                continue
        return tp


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType)


def _union_member(tp: Any, tag: Any) -> Any:
    """The member of a union that pydantic names ``tag`` in an error location, or None."""
    for member in typing.get_args(tp):
        inner = member
        if typing.get_origin(member) is typing.Annotated:
            inner, *meta = typing.get_args(member)
            if any(getattr(m, "tag", None) == tag for m in meta):
                return inner
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            type_field = inner.model_fields.get("type")
            if type_field is not None and typing.get_args(type_field.annotation) == (tag,):
                return inner
        elif isinstance(inner, type) and inner.__name__ == tag:
            return inner
    return None


def _walk(root: Any, loc: Sequence[Any]) -> tuple[list[Any], Any]:
    """The YAML path of a pydantic error location, and the type found at its end (or None).

    Where the type at a step is a union, the next element of ``loc`` names the member
    pydantic tried (a discriminator value such as ``single-choice``, a tag, or a type name
    such as ``int``): it is no key of the file, so it is dropped and the walk goes on in
    that member.
    """
    tp: Any = root
    path: list[Any] = []
    for key in loc:
        tp = _unwrap(tp) if tp is not None else None
        if tp is not None and _is_union(tp):
            tp = _union_member(tp, key)
            continue
        path.append(key)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            info = tp.model_fields.get(key) if isinstance(key, str) else None
            tp = info.annotation if info is not None else None
        elif typing.get_origin(tp) is list:
            tp = typing.get_args(tp)[0]
        elif typing.get_origin(tp) is tuple:
            args = typing.get_args(tp)
            tp = args[key] if isinstance(key, int) and 0 <= key < len(args) else None
        else:
            tp = None
    return path, (_unwrap(tp) if tp is not None else None)


def _model_at(root: Any, loc: Sequence[Any]) -> type[BaseModel] | None:
    """The model class at a raw pydantic error location, if the location ends at one."""
    tp = _walk(root, loc)[1]
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


_PATTERN_WORDS = {
    "^p[0-9]+$": "must be a paragraph id like 'p7'",
    "^[A-Z][0-9]*(?:\\.[0-9]+)?$": "must be a fact-sheet item id like 'B1.5', 'D5' or 'A16'",
}
_SLUG_WORDS = "must be a slug: lowercase letters and digits in words joined by single hyphens"


def reword(err: Any, fields_here: Sequence[str] | None = None) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) as a plain sentence.

    ``fields_here`` are the fields of the model an unknown field was found in, for a
    "did you mean" hint.
    """
    kind: str = err["type"]
    ctx: dict[str, Any] = err.get("ctx") or {}
    value = err.get("input")
    seen = f" (found {found(value)})"
    last = err["loc"][-1] if err["loc"] else None
    if kind == RULE_ERROR:
        return str(ctx.get("message", err["msg"]))
    if kind == "missing":
        return f"missing required field '{last}'"
    if kind == "extra_forbidden":
        return f"unknown field '{shown(str(last))}'" + did_you_mean(str(last), fields_here or [])
    if kind == "union_tag_invalid":
        tag = ctx.get("tag", "")
        if "'type'" in str(ctx.get("discriminator", "")):
            hint = did_you_mean(str(tag), QUESTION_TYPES) or (
                f" (types: {', '.join(QUESTION_TYPES)})"
            )
            return f"unknown question type '{shown(str(tag))}'{hint}"
        return f"unknown kind '{shown(str(tag))}'"
    if kind == "union_tag_not_found":
        if "'type'" in str(ctx.get("discriminator", "")):
            return f"missing required field 'type' (one of: {', '.join(QUESTION_TYPES)})"
        return "a source needs either 'paragraph' and 'quote', or 'factsheet'"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "must be a mapping of fields" + seen
    if kind == "list_type":
        return "must be a list" + seen
    if kind == "string_type":
        hint = "; put it in quotes" if isinstance(value, (int, float, bool)) else ""
        return "must be text" + seen + hint
    if kind == "bool_type":
        return "must be true or false" + seen
    if kind in ("int_type", "int_from_float", "int_parsing"):
        return "must be a whole number" + seen
    if kind in ("float_type", "float_parsing", "finite_number"):
        return "must be a number" + seen
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        options = re.findall(r"'([^']*)'", expected)
        return f"must be one of {expected}{seen}" + did_you_mean(str(value), options)
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        words = _PATTERN_WORDS.get(pattern, _SLUG_WORDS if "a-z0-9" in pattern else None)
        if words is None:
            words = f"must match the pattern {pattern}"
        if pattern == "^p[0-9]+$" and isinstance(value, str) and re.fullmatch(r"h[0-9]+", value):
            return f"{words}{seen}; {value} is a heading, cite a paragraph"
        return words + seen
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long ({len(str(value))} characters; the limit is {ctx.get('max_length')})"
    if kind == "too_short":
        n = ctx.get("min_length")
        return f"needs at least {n} item{'s' if n != 1 else ''} (found {ctx.get('actual_length')})"
    if kind == "too_long":
        return f"has too many items (found {ctx.get('actual_length')}; at most {ctx.get('max_length')})"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=",
                "less_than": "<"}[kind]
        bound = next(iter(ctx.values()), "")
        return f"must be {sign} {bound}" + seen
    if kind in ("value_error", "assertion_error"):
        msg = str(err["msg"])
        for prefix in ("Value error, ", "Assertion failed, "):
            msg = msg.removeprefix(prefix)
        return msg
    msg = str(err["msg"])
    return msg[:1].lower() + msg[1:] + seen


def _question_of(document: Document, path: list[Any], scope: Scope) -> tuple[Any, list[Any]]:
    """The question node a path is inside (None if none) and the rest of the path in it."""
    data = document.data
    if scope == "question":
        return data, path
    if scope == "file" and len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        questions = data.get("questions") if isinstance(data, dict) else None
        if isinstance(questions, list) and path[1] < len(questions):
            return questions[path[1]], path[2:]
    return None, path


def validation_problems(
    exc: ValidationError,
    document: Document,
    root: Any,
    *,
    scope: Scope = "other",
    line: int = 1,
) -> list[Problem]:
    """Every error of ``exc`` (validating ``document.data`` as ``root``) as a :class:`Problem`.

    ``root`` is the model or type that was validated (``BankFile``, ``Question``, a
    configuration model); ``scope`` says where question ids are found. ``line`` is used
    where the document knows no line (data that never was a file, such as an imported
    draft: pass the line the draft came from).
    """
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        ctx: dict[str, Any] = err.get("ctx") or {}
        fields_here = None
        if kind == "extra_forbidden":
            model = _model_at(root, loc[:-1])
            fields_here = list(model.model_fields) if model is not None else None
        path = _walk(root, loc)[0]
        if kind == RULE_ERROR and isinstance(ctx.get("field"), str):
            # A rule names its field as data; point there when the data has the field.
            node = document.node_at(path)
            if isinstance(node, dict) and ctx["field"] in node:
                path = [*path, ctx["field"]]
        if kind == "union_tag_invalid" and "'type'" in str(ctx.get("discriminator", "")):
            path = [*path, "type"]
        where = document.line_at(path, default=line)
        question, rest = _question_of(document, path, scope)
        qid = question.get("id") if isinstance(question, dict) else None
        question_id = qid if isinstance(qid, str) and qid and qid == shown(qid) else None
        if question_id is None:
            rest = path
        if kind in ("missing", "extra_forbidden"):
            rest = rest[:-1]  # the field is named in the message
        field = ".".join(shown(str(k)) for k in rest) or None
        problems.append(Problem(document.filename, where, question_id, field, reword(err, fields_here)))
    return problems


_QUESTION: TypeAdapter[Question] = TypeAdapter(Question)


def question_problems(data: Any, *, filename: str, line: int = 1,
                      strict: bool = False) -> list[Problem]:
    """Why ``data`` (one question as plain data) is not a valid question; [] when it is.

    For questions that are not in a bank file yet (``quizkit new``, imports): each problem
    is at ``line`` of ``filename`` (where the question comes from), names the question and
    the field, and is worded as a bank file's problems are. ``strict`` validates as bank
    files are (no type coercion).
    """
    try:
        _QUESTION.validate_python(data, strict=strict)
    except ValidationError as exc:
        document = Document(filename, data, {})
        return validation_problems(exc, document, Question, scope="question", line=line)
    return []


__all__ = ["Scope", "found", "question_problems", "reword", "validation_problems"]
