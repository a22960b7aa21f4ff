"""The question bank: YAML in and out with line numbers, validation, cross-file rules, grounding.

Reading. A bank file is parsed by libyaml (PyYAML's C parser) into events, and this module
builds the plain Python data from those events itself, recording the line of every key and
list item on the way. Building from events keeps loading fast (a bank of 100,000 questions
loads in about the time PyYAML's own C loader needs), and lets the reader refuse what a bank
never needs and an attacker could abuse: aliases (the "billion laughs"), duplicate keys,
custom tags, runaway nesting. Plain scalars follow the YAML 1.2 core schema, as ruamel.yaml
does: ``yes``/``no``/``on``/``off`` and dates stay text.

Validating. The data is validated by the pydantic models in strict mode; every error is
mapped back to the line of the offending node and reworded as ``file:line: question 'id':
field: what is wrong (found X)``. Cross-file rules follow: ids unique across the bank,
objectives that exist, paragraphs that exist and quotes that stand in them.

Writing. ``quizkit new`` appends a question with ruamel.yaml's round-trip dumper, inserting
the new text after the last question so the rest of the file stays byte-identical, and
writes atomically.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import json
import math
import os
import random
import re
import tempfile
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from quizkit.errors import BankError, Problem, QuizkitError, UsageError
from quizkit.factsheet import load_factsheet
from quizkit.models import (
    LEVELS,
    QUESTION_TYPES,
    SCHEMA_VERSION,
    BankFile,
    Objective,
    Question,
)
from quizkit.paper import Paper, load_paper

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Largest bank file accepted (20 MB): a real chapter is a few kilobytes."""

MAX_DEPTH = 32
"""Deepest nesting accepted; a bank file needs six levels."""

DEFAULT_BANK_DIR = "bank"

_SOURCE_TAGS = ("paragraph-source", "factsheet-source")
"""Union tags pydantic puts in error locations after ``source`` (see models.Source)."""

_QUESTION_ADAPTER: TypeAdapter[Any] = TypeAdapter(Question)
_OBJECTIVE_ADAPTER: TypeAdapter[Any] = TypeAdapter(Objective)


# ---------------------------------------------------------------------------------------------
# Reading YAML with line numbers


class _Lines:
    """Where a container and its members start: ``start`` line and per key/index lines."""

    __slots__ = ("members", "start")

    def __init__(self, start: int, members: dict[Any, int] | list[int]) -> None:
        self.start = start
        self.members = members


@dataclass
class _Parsed:
    """A parsed file: its data and the line table (``id(container)`` -> :class:`_Lines`)."""

    filename: str
    data: Any
    lines: dict[int, _Lines]

    def container_line(self, obj: Any, default: int = 1) -> int:
        entry = self.lines.get(id(obj))
        return entry.start if entry is not None else default

    def member_line(self, obj: Any, key: Any, default: int = 1) -> int:
        entry = self.lines.get(id(obj))
        if entry is None:
            return default
        members = entry.members
        if isinstance(members, dict):
            return members.get(key, entry.start)
        if isinstance(key, int) and 0 <= key < len(members):
            return members[key]
        return entry.start


class _Abort(Exception):
    """Stops parsing a file at its first structural problem."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


_FORBIDDEN_CHARS = re.compile(
    "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_MAYBE_SPECIAL = frozenset("-+.0123456789~nNtTfF")
_STD = "tag:yaml.org,2002:"


def _resolve_plain(value: str) -> Any:
    """Resolve a plain (unquoted, untagged) scalar by the YAML 1.2 core schema."""
    if value and value[0] not in _MAYBE_SPECIAL:
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _INT_OCT.match(value):
        return int(value, 0)
    if _INT_HEX.match(value):
        return int(value, 0)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return -math.inf if value[0] == "-" else math.inf
    if _NAN.match(value):
        return math.nan
    return value


def _resolve_tagged(tag: str, value: str, line: int) -> Any:
    """Resolve a scalar with an explicit standard tag (``!!str`` and friends)."""
    if tag == _STD + "str":
        return value
    resolved = _resolve_plain(value)
    kinds: dict[str, type | tuple[type, ...]] = {
        _STD + "int": int,
        _STD + "float": (int, float),
        _STD + "bool": bool,
        _STD + "null": type(None),
    }
    kind = kinds.get(tag)
    if kind is None:
        raise _Abort(line, f"unsupported YAML tag '{tag.replace(_STD, '!!')}'")
    if isinstance(resolved, bool) and kind is int or not isinstance(resolved, kind):
        raise _Abort(line, f"'{value}' is not a valid {tag.replace(_STD, '!!')}")
    return float(typing.cast(float, resolved)) if tag == _STD + "float" else resolved


def _libyaml_events(text: str) -> Iterator[Any]:
    try:
        from yaml._yaml import CParser  # type: ignore[import-untyped]  # libyaml, when built in
    except ImportError:  # pragma: no cover - depends on how PyYAML was installed
        from yaml import SafeLoader  # type: ignore[import-untyped]

        loader = SafeLoader(text)
        try:
            while loader.check_event():
                yield loader.get_event()
        finally:
            loader.dispose()
        return
    parser = CParser(text)
    while parser.check_event():
        yield parser.get_event()


def _yaml_problem(exc: Exception, text: str) -> tuple[int, str]:
    """Turn a YAML syntax error into (line, message), naming tabs plainly."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is None:
        return 1, f"invalid YAML: {problem}"
    lines = text.splitlines()
    # libyaml places "unexpected end of stream" after the last line; point at the last one.
    line_no = max(1, min(mark.line + 1, len(lines)))
    src = lines[mark.line] if 0 <= mark.line < len(lines) else ""
    indent = src[: len(src) - len(src.lstrip(" \t"))]
    if "\t" in indent or "tab" in problem:
        return line_no, (
            "a tab character is used for indentation; YAML allows only spaces there"
        )
    context = getattr(exc, "context", None)
    where = f" {context}" if context else ""
    return line_no, f"invalid YAML: {problem}{where} (column {mark.column + 1})"


def _build(text: str, filename: str) -> _Parsed:
    """Parse ``text`` into plain data plus a line table; raises :class:`_Abort`."""
    import yaml  # only reading needs PyYAML

    bad = _FORBIDDEN_CHARS.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        char = bad.group()
        what = "a NUL byte (binary data?)" if char == "\x00" else f"character U+{ord(char):04X}"
        raise _Abort(line, f"{what} is not allowed in a YAML file")

    lines: dict[int, _Lines] = {}
    # Each frame: [container, lines-entry, pending key (or _NOKEY), key line]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    nokey = _NOKEY

    def add(value: Any, line: int) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        container = frame[0]
        if type(container) is list:
            container.append(value)
            frame[1].members.append(line)
            return
        if frame[2] is nokey:
            if isinstance(value, (dict, list)):
                raise _Abort(line, "a mapping key must be plain text, not a list or mapping")
            key = value if isinstance(value, str) else _key_text(value)
            if key in container:
                first = frame[1].members[key]
                raise _Abort(line, f"duplicate key '{_show(key)}' (first at line {first})")
            frame[2] = key
            frame[3] = line
            container[key] = None  # placeholder keeps key order and catches duplicates
            return
        container[frame[2]] = value
        frame[1].members[frame[2]] = frame[3]
        frame[2] = nokey

    events = yaml.events
    scalar_ev, map_start, map_end = events.ScalarEvent, events.MappingStartEvent, events.MappingEndEvent
    seq_start, seq_end, alias_ev = events.SequenceStartEvent, events.SequenceEndEvent, events.AliasEvent
    doc_start = events.DocumentStartEvent
    try:
        for ev in _libyaml_events(text):
            cls = type(ev)
            if cls is scalar_ev:
                line = ev.start_mark.line + 1
                tag = ev.tag
                if tag is None:
                    value = _resolve_plain(ev.value) if ev.implicit[0] and not ev.style else ev.value
                elif tag == "!":
                    value = ev.value
                else:
                    value = _resolve_tagged(tag, ev.value, line)
                add(value, line)
            elif cls is map_start or cls is seq_start:
                line = ev.start_mark.line + 1
                if len(stack) >= MAX_DEPTH:
                    raise _Abort(line, f"nesting is deeper than {MAX_DEPTH} levels")
                tag = ev.tag
                if tag not in (None, "!", _STD + "map", _STD + "seq"):
                    raise _Abort(line, f"unsupported YAML tag '{tag.replace(_STD, '!!')}'")
                if cls is map_start:
                    new: Any = {}
                    entry = _Lines(line, {})
                else:
                    new = []
                    entry = _Lines(line, [])
                lines[id(new)] = entry
                add(new, line)
                stack.append([new, entry, nokey, 0])
            elif cls is map_end or cls is seq_end:
                stack.pop()
            elif cls is alias_ev:
                raise _Abort(
                    ev.start_mark.line + 1,
                    f"YAML aliases (*{ev.anchor}) are not allowed in a bank file; "
                    "write the value out",
                )
            elif cls is doc_start:
                documents += 1
                if documents > 1:
                    raise _Abort(
                        ev.start_mark.line + 1,
                        "a bank file holds one YAML document (found a second '---')",
                    )
    except yaml.MarkedYAMLError as exc:
        raise _Abort(*_yaml_problem(exc, text)) from None
    except yaml.YAMLError as exc:  # reader errors (bad characters) carry no mark
        position = getattr(exc, "position", 0) or 0
        raise _Abort(1, f"invalid YAML: {getattr(exc, 'reason', exc)} (offset {position})") from None
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops nesting first
        raise _Abort(1, f"nesting is deeper than {MAX_DEPTH} levels") from None
    return _Parsed(filename, root, lines)


class _NoKey:
    __slots__ = ()


_NOKEY = _NoKey()


def _key_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _decode(raw: bytes, filename: str) -> str:
    """Bytes to text, or :class:`BankError` naming the first bad byte."""
    if len(raw) > MAX_FILE_BYTES:
        raise BankError([Problem(filename, 1, None, None, _too_large(len(raw)))])
    nul = raw.find(b"\x00")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if 0 <= nul < exc.start:
            line = raw.count(b"\n", 0, nul) + 1
            msg = f"binary data, not a YAML file (NUL byte at offset {nul})"
        else:
            line = raw.count(b"\n", 0, exc.start) + 1
            msg = f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})"
        raise BankError([Problem(filename, line, None, None, msg)]) from None
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise BankError(
            [Problem(filename, line, None, None, f"binary data, not a YAML file (NUL byte at offset {nul})")]
        )
    return text.removeprefix("\ufeff")


def _too_large(size: int) -> str:
    return (
        f"file is too large ({size / 1024 / 1024:.1f} MB; the limit is "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB)"
    )


# ---------------------------------------------------------------------------------------------
# Validating one file


def _found(value: Any) -> str:
    """Describe a value from the file for a message: ``'text'``, ``3``, ``a list``."""
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return repr(shown)
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


def _show(text: str, limit: int = 60) -> str:
    """A name from the file made safe for a one-line message (escapes, truncation)."""
    if not text.isprintable():
        text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


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


def _union_member(tp: Any, tag: Any) -> Any:
    """The member of a tagged union that pydantic names ``tag`` in an error location."""
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
    return None


def _model_at(loc: Sequence[Any]) -> type[BaseModel] | None:
    """The model class at a raw pydantic error location (union tags included), if any."""
    tp: Any = BankFile
    for key in loc:
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            info = tp.model_fields.get(key) if isinstance(key, str) else None
            if info is None:
                return None
            tp = info.annotation
        elif origin is list:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            tp = _union_member(tp, key)
            if tp is None:
                return None
        else:
            return None
    tp = _unwrap(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return None
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


_PATTERN_WORDS = {
    "^p[0-9]+$": "must be a paragraph id like 'p7'",
    "^(?:[A-F][0-9]+(?:\\.[0-9]+)?|F)$": "must be a fact-sheet item id like 'B1.5', 'D5' or 'A16'",
}
_SLUG_WORDS = "must be a slug: lowercase letters and digits in words joined by single hyphens"

# Model-level rules (after-validators) name no field; point at the field they are about.
_RULE_FIELDS = (
    ("correct option", "options"),
    ("answer or range", "answer"),
    ("range cannot", "range"),
    ("tolerance", "tolerance"),
    ("answer must be", "answer"),
    ("range bounds", "range"),
    ("range needs", "range"),
    ("pattern is not", "pattern"),
    ("pattern uses", "pattern"),
    ("left item", "pairs"),
    ("distractor", "distractors"),
    ("each item", "items"),
    ("blanks must", "blanks"),
    ("options must contain", "options"),
    ("a quote needs", "quote"),
)


def _message(err: Any, fields_here: list[str] | None) -> str:
    """Reword one pydantic error as a plain sentence with what was found."""
    kind: str = err["type"]
    ctx: dict[str, Any] = err.get("ctx") or {}
    value = err.get("input")
    found = f" (found {_found(value)})"
    last = err["loc"][-1] if err["loc"] else None
    if kind == "missing":
        return f"missing required field '{last}'"
    if kind == "extra_forbidden":
        return f"unknown field '{_show(str(last))}'" + _did_you_mean(str(last), fields_here or [])
    if kind == "union_tag_invalid":
        tag = ctx.get("tag", "")
        if "'type'" in str(ctx.get("discriminator", "")):
            hint = _did_you_mean(str(tag), QUESTION_TYPES) or (
                f" (types: {', '.join(QUESTION_TYPES)})"
            )
            return f"unknown question type '{_show(str(tag))}'{hint}"
        return f"unknown kind '{_show(str(tag))}'"
    if kind == "union_tag_not_found":
        if "'type'" in str(ctx.get("discriminator", "")):
            return f"missing required field 'type' (one of: {', '.join(QUESTION_TYPES)})"
        return "a source needs either 'paragraph' and 'quote', or 'factsheet'"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "must be a mapping of fields" + found
    if kind == "list_type":
        return "must be a list" + found
    if kind == "string_type":
        hint = "; put it in quotes" if isinstance(value, (int, float, bool)) else ""
        return "must be text" + found + hint
    if kind == "bool_type":
        return "must be true or false" + found
    if kind in ("int_type", "int_from_float", "int_parsing"):
        return "must be a whole number" + found
    if kind in ("float_type", "float_parsing", "finite_number"):
        return "must be a number" + found
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        options = re.findall(r"'([^']*)'", expected)
        return f"must be one of {expected}{found}" + _did_you_mean(str(value), options)
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        words = _PATTERN_WORDS.get(pattern, _SLUG_WORDS if "a-z0-9" in pattern else None)
        if words is None:
            words = f"must match the pattern {pattern}"
        if pattern == "^p[0-9]+$" and isinstance(value, str) and re.fullmatch(r"h[0-9]+", value):
            return f"{words}{found}; {value} is a heading, cite a paragraph"
        return words + found
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
        return f"must be {sign} {bound}" + found
    if kind in ("value_error", "assertion_error"):
        msg = str(err["msg"])
        for prefix in ("Value error, ", "Assertion failed, "):
            msg = msg.removeprefix(prefix)
        return msg
    msg = str(err["msg"])
    return msg[:1].lower() + msg[1:] + found


def _clean_path(loc: Sequence[Any]) -> list[Any]:
    """Drop pydantic's union tags from an error location, leaving YAML keys and indices."""
    path: list[Any] = []
    for i, key in enumerate(loc):
        # pydantic names the union member right after questions.N and after source.
        if i == 2 and path[0] == "questions" and isinstance(path[1], int) and key in QUESTION_TYPES:
            continue
        if path and path[-1] == "source" and key in _SOURCE_TAGS:
            continue
        path.append(key)
    return path


def _locate(parsed: _Parsed, path: list[Any], kind: str) -> tuple[int, str | None, str | None]:
    """Line, question id and field text for a cleaned error path."""
    data = parsed.data
    node: Any = data
    line = parsed.container_line(data)
    # The deepest node of the path that exists in the file gives the line (a missing
    # field points at the mapping that lacks it).
    for key in path:
        if isinstance(node, dict) and key in node or isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            line = parsed.member_line(node, key, line)
            node = node[key]
        else:
            break
    question_id: str | None = None
    rest = path
    if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
        questions = data.get("questions") if isinstance(data, dict) else None
        q = questions[path[1]] if isinstance(questions, list) and path[1] < len(questions) else None
        qid = q.get("id") if isinstance(q, dict) else None
        if isinstance(qid, str) and qid and qid == _show(qid):
            question_id = qid
            rest = path[2:]
    if kind in ("missing", "extra_forbidden"):
        rest = rest[:-1]  # the field is named in the message
    field_text = ".".join(_show(str(k)) for k in rest) or None
    return line, question_id, field_text


def _validation_problems(parsed: _Parsed, exc: ValidationError) -> list[Problem]:
    """Every pydantic error of a file as a located, reworded :class:`Problem`."""
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        fields_here = None
        if kind == "extra_forbidden":
            model = _model_at(loc[:-1])
            fields_here = list(model.model_fields) if model is not None else None
        path = _clean_path(loc)
        message = _message(err, fields_here)
        if kind in ("value_error", "assertion_error"):
            # A model-level rule names no field: point at the field it is about.
            node = _node_at(parsed.data, path)
            name = next((f for needle, f in _RULE_FIELDS if needle in message), None)
            if isinstance(node, dict) and name in node:
                path = [*path, name]
        discriminator = str((err.get("ctx") or {}).get("discriminator", ""))
        if kind == "union_tag_invalid" and "'type'" in discriminator:
            path = [*path, "type"]
        line, qid, field_text = _locate(parsed, path, kind)
        problems.append(Problem(parsed.filename, line, qid, field_text, message))
    return problems


def _node_at(data: Any, path: Sequence[Any]) -> Any:
    node = data
    for key in path:
        if isinstance(node, dict) and key in node or isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return None
    return node


def _check_version(parsed: _Parsed) -> list[Problem]:
    data = parsed.data
    if "schema_version" not in data:
        return []
    version = data["schema_version"]
    line = parsed.member_line(data, "schema_version")
    where = (parsed.filename, line, None, "schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        return [Problem(*where, f"must be the number {SCHEMA_VERSION}{' (found ' + _found(version) + ')'}")]
    if version > SCHEMA_VERSION:
        return [
            Problem(
                *where,
                f"version {version} is too new: this quizkit reads version {SCHEMA_VERSION}; "
                "upgrade quizkit",
            )
        ]
    if version < SCHEMA_VERSION:
        return [
            Problem(
                *where,
                f"version {version} is too old: this quizkit reads version {SCHEMA_VERSION}; "
                "update the file to the current format",
            )
        ]
    return []


@dataclass
class _FileResult:
    """One file after validation: its model (when valid) and what cross-file rules need."""

    parsed: _Parsed | None
    model: BankFile | None
    problems: list[Problem]
    # Questions and objectives that validated on their own, with their index in the file,
    # so cross-file rules run even when another part of the file is broken.
    questions: list[tuple[int, Any]] = field(default_factory=list)
    objectives: list[tuple[int, Objective]] = field(default_factory=list)


def _validate_text(text: str, filename: str) -> _FileResult:
    if len(text) > MAX_FILE_BYTES:
        return _FileResult(None, None, [Problem(filename, 1, None, None, _too_large(len(text)))])
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        return _FileResult(
            None, None,
            [Problem(filename, line, None, None, f"not UTF-8 text (lone surrogate at offset {exc.start})")],
        )
    try:
        parsed = _build(text, filename)
    except _Abort as exc:
        return _FileResult(None, None, [Problem(filename, exc.line, None, None, exc.message)])
    data = parsed.data
    if data is None:
        return _FileResult(parsed, None, [Problem(filename, 1, None, None, "file is empty")])
    if not isinstance(data, dict):
        return _FileResult(
            parsed, None,
            [
                Problem(
                    filename, parsed.container_line(data, 1), None, None,
                    "the top level must be a mapping with schema_version, chapter, title, "
                    f"objectives and questions (found {_found(data)})",
                )
            ],
        )
    version_problems = _check_version(parsed)
    if version_problems:
        return _FileResult(parsed, None, version_problems)
    try:
        model = BankFile.model_validate(data, strict=True)
    except ValidationError as exc:
        result = _FileResult(parsed, None, _validation_problems(parsed, exc))
        _salvage(result)
        return result
    result = _FileResult(parsed, model, [])
    result.questions = list(enumerate(model.questions))
    result.objectives = list(enumerate(model.objectives))
    return result


def _salvage(result: _FileResult) -> None:
    """Validate questions and objectives one by one so cross-file rules still see them."""
    data = result.parsed.data if result.parsed else None
    if not isinstance(data, dict):
        return
    for key, adapter, out in (
        ("questions", _QUESTION_ADAPTER, result.questions),
        ("objectives", _OBJECTIVE_ADAPTER, result.objectives),
    ):
        items = data.get(key)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            try:
                out.append((i, adapter.validate_python(item, strict=True)))
            except ValidationError:
                continue


# ---------------------------------------------------------------------------------------------
# The bank


@dataclass(frozen=True)
class BankFileEntry:
    """One file of a loaded bank."""

    path: Path
    stem: str
    model: BankFile


class Bank:
    """A validated bank: its files, questions and objectives by id, and where each stands."""

    def __init__(
        self,
        files: list[BankFileEntry],
        question_places: dict[str, tuple[BankFileEntry, int]],
        objective_places: dict[str, tuple[BankFileEntry, int]],
        question_nodes: dict[str, tuple[_Parsed, Any]] | None = None,
    ) -> None:
        self.files = files
        self.questions: dict[str, Any] = {}
        self.objectives: dict[str, Objective] = {}
        for entry in files:
            for q in entry.model.questions:
                self.questions[q.id] = q
            for o in entry.model.objectives:
                self.objectives[o.id] = o
        self._question_places = question_places
        self._objective_places = objective_places
        self._question_nodes = question_nodes or {}

    def __repr__(self) -> str:
        return f"<Bank: {len(self.questions)} questions in {len(self.files)} files>"

    def file_of(self, qid: str) -> BankFileEntry:
        """The file a question stands in."""
        return self._place(qid)[0]

    def line_of(self, qid: str) -> int:
        """The line (1-based) where a question starts in its file."""
        return self._place(qid)[1]

    def line_at(self, qid: str, *path: str | int) -> int:
        """The line of a field inside a question, e.g. ``line_at(qid, "options", 2)``.

        Falls back to the deepest part of ``path`` the file has, then to the question's line.
        """
        line = self.line_of(qid)
        parsed, node = self._question_nodes.get(qid, (None, None))
        if parsed is None:
            return line
        for key in path:
            if isinstance(node, dict) and key in node:
                line, node = parsed.member_line(node, key, line), node[key]
            elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
                line, node = parsed.member_line(node, key, line), node[key]
            else:
                break
        return line

    def objective_file_of(self, oid: str) -> BankFileEntry:
        """The file an objective is declared in."""
        if oid not in self._objective_places:
            raise QuizkitError(f"unknown objective '{oid}'" + _did_you_mean(oid, self.objectives))
        return self._objective_places[oid][0]

    def objective_line_of(self, oid: str) -> int:
        """The line where an objective is declared."""
        self.objective_file_of(oid)
        return self._objective_places[oid][1]

    def _place(self, qid: str) -> tuple[BankFileEntry, int]:
        try:
            return self._question_places[qid]
        except KeyError:
            raise QuizkitError(f"unknown question id '{qid}'" + _did_you_mean(qid, self.questions)) from None

    def entry(self, stem: str) -> BankFileEntry:
        """The file with this stem (e.g. ``03-meeting``)."""
        for e in self.files:
            if e.stem == stem:
                return e
        stems = [e.stem for e in self.files]
        raise QuizkitError(
            f"unknown bank '{stem}'" + (_did_you_mean(stem, stems) or f" (banks: {', '.join(stems)})")
        )

    def questions_testing(self, oid: str) -> list[Any]:
        """The questions that test an objective."""
        return [q for q in self.questions.values() if oid in q.objectives]

    def select(
        self,
        bank: str | None = None,
        ids: Sequence[str] | str | None = None,
        tags: Sequence[str] | str | None = None,
        objective: str | None = None,
        types: Sequence[str] | str | None = None,
        sample: int | None = None,
        seed: int = 0,
        stratify: bool = False,
    ) -> list[Any]:
        """Questions chosen by file, ids, tags, objective and type, optionally a seeded sample.

        ``bank`` is a file stem or ``"all"`` (``None`` = all). ``ids`` keeps the order given;
        otherwise questions come in bank order. ``tags`` keeps questions with any of the tags;
        ``types`` any of the types. Comma-separated strings are accepted for the lists.
        ``sample`` draws that many with ``random.Random(seed).sample``; with ``stratify`` the
        draw is balanced instead (see :func:`stratified_sample`) and comes in bank order.
        Unknown names and an empty result raise :class:`QuizkitError`.
        """
        id_list, tag_list, type_list = _split(ids), _split(tags), _split(types)
        if bank is None or bank == "all":
            pool = list(self.questions.values())
        else:
            pool = list(self.entry(bank).model.questions)
        if id_list is not None:
            by_id = {q.id: q for q in pool}
            missing = [i for i in id_list if i not in by_id]
            if missing:
                where = "the bank" if bank in (None, "all") else f"bank '{bank}'"
                raise QuizkitError(
                    f"unknown question id '{missing[0]}' in {where}"
                    + _did_you_mean(missing[0], by_id)
                )
            pool = [by_id[i] for i in id_list]
        if tag_list is not None:
            known = {t for q in self.questions.values() for t in q.tags}
            for t in tag_list:
                if t not in known:
                    raise QuizkitError(f"unknown tag '{t}'" + _did_you_mean(t, known))
            wanted = set(tag_list)
            pool = [q for q in pool if wanted.intersection(q.tags)]
        if objective is not None:
            if objective not in self.objectives:
                raise QuizkitError(
                    f"unknown objective '{objective}'" + _did_you_mean(objective, self.objectives)
                )
            pool = [q for q in pool if objective in q.objectives]
        if type_list is not None:
            for t in type_list:
                if t not in QUESTION_TYPES:
                    raise QuizkitError(
                        f"unknown question type '{t}'"
                        + (_did_you_mean(t, QUESTION_TYPES) or f" (types: {', '.join(QUESTION_TYPES)})")
                    )
            pool = [q for q in pool if q.type in type_list]
        if not pool:
            raise QuizkitError("no question matches the selection")
        if sample is not None:
            if sample < 1 or sample > len(pool):
                raise QuizkitError(
                    f"cannot sample {sample} question{'s' if sample != 1 else ''} "
                    f"from {len(pool)} matching"
                )
            if stratify:
                pool = stratified_sample(pool, sample, seed, lambda q: self.file_of(q.id).stem)
            else:
                pool = random.Random(seed).sample(pool, sample)
        return pool


def stratified_sample(
    pool: Sequence[Any], size: int, seed: int, chapter_of: Callable[[Any], str]
) -> list[Any]:
    """A seeded sample of ``size`` questions balanced by chapter, then by objective.

    Every chapter (bank file) in the pool gets one question when ``size`` allows (otherwise
    ``size`` chapters drawn at random get one each). Further places go, one at a time, to the
    chapter with the most objectives its places cannot yet cover, then in proportion to what
    each chapter has left. Within a chapter, each pick is the question that covers most
    objectives not yet covered, ties broken by a seeded shuffle, so objectives are covered as
    far as ``size`` allows. The result keeps the pool's order; the same seed gives the same
    draw.
    """
    rng = random.Random(seed)
    groups: dict[str, list[Any]] = {}
    for q in pool:
        groups.setdefault(chapter_of(q), []).append(q)
    for members in groups.values():
        rng.shuffle(members)
    names = list(groups)
    places = dict.fromkeys(names, 0)
    if size < len(names):
        for name in rng.sample(names, size):
            places[name] = 1
    else:
        for name in names:
            places[name] = 1
        objectives = {n: len({o for q in groups[n] for o in q.objectives}) for n in names}
        order = {n: i for i, n in enumerate(rng.sample(names, len(names)))}
        for _ in range(size - len(names)):
            open_ = [n for n in names if places[n] < len(groups[n])]
            name = max(
                open_,
                key=lambda n: (
                    objectives[n] - places[n],
                    (len(groups[n]) - places[n]) / len(groups[n]),
                    -order[n],
                ),
            )
            places[name] += 1
    chosen: set[int] = set()
    for name in names:
        covered: set[str] = set()
        candidates = list(groups[name])
        for _ in range(places[name]):
            best = max(candidates, key=lambda q: len(set(q.objectives) - covered))
            candidates.remove(best)
            covered.update(best.objectives)
            chosen.add(id(best))
    return [q for q in pool if id(q) in chosen]


def _split(value: Sequence[str] | str | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v).strip() for v in value]


def _cross_checks(results: list[_FileResult], paper: Paper) -> list[Problem]:
    """Rules across questions and files: unique ids, known objectives, grounding in the
    paper (paragraphs that exist, quotes that stand in them) and in the fact sheet."""
    problems: list[Problem] = []
    seen_q: dict[str, tuple[str, int]] = {}
    seen_o: dict[str, tuple[str, int]] = {}
    paragraphs = paper.paragraphs
    pids = list(paragraphs)
    factsheet = load_factsheet()
    for res in results:
        parsed = res.parsed
        if parsed is None:
            continue
        data = parsed.data
        fname = parsed.filename
        raw_objs = data.get("objectives") if isinstance(data, dict) else None
        raw_qs = data.get("questions") if isinstance(data, dict) else None
        own_objectives: set[str] = set()
        for i, obj in res.objectives:
            line = parsed.member_line(raw_objs, i) if isinstance(raw_objs, list) else 1
            own_objectives.add(obj.id)
            if obj.id in seen_o:
                f0, l0 = seen_o[obj.id]
                problems.append(Problem(fname, line, None, f"objectives.{i}.id",
                                        f"objective id '{obj.id}' is already used at {f0}:{l0}"))
            else:
                seen_o[obj.id] = (fname, line)
        if isinstance(raw_objs, list) and len(res.objectives) < len(raw_objs):
            # Objectives that failed validation still count as declared, for their ids.
            for item in raw_objs:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    own_objectives.add(item["id"])
        for i, q in res.questions:
            raw = raw_qs[i] if isinstance(raw_qs, list) else {}
            line = parsed.member_line(raw_qs, i)
            if q.id in seen_q:
                f0, l0 = seen_q[q.id]
                problems.append(Problem(fname, parsed.member_line(raw, "id", line), q.id, "id",
                                        f"id is already used by the question at {f0}:{l0}"))
            else:
                seen_q[q.id] = (fname, line)
            raw_objectives = raw.get("objectives")
            for k, oid in enumerate(q.objectives):
                if oid not in own_objectives:
                    problems.append(Problem(
                        fname, parsed.member_line(raw_objectives, k, line), q.id, f"objectives.{k}",
                        f"unknown objective '{oid}'"
                        + (_did_you_mean(oid, own_objectives) or " (not declared in this file)"),
                    ))
            src = q.source
            raw_src = raw.get("source")
            item = getattr(src, "factsheet", None)
            if item is not None and item not in factsheet:
                problems.append(Problem(
                    fname, parsed.member_line(raw_src, "factsheet", line), q.id,
                    "source.factsheet", f"the fact sheet has no item '{item}'"
                    + _did_you_mean(item, sorted(factsheet.items)),
                ))
            pid = getattr(src, "paragraph", None)
            quote = getattr(src, "quote", None)
            if pid is None:
                continue
            if pid not in paragraphs:
                problems.append(Problem(
                    fname, parsed.member_line(raw_src, "paragraph", line), q.id, "source.paragraph",
                    f"unknown paragraph '{pid}'" + _did_you_mean(pid, pids)
                    + f" (the paper has {pids[0]} to {pids[-1]})",
                ))
                continue
            if quote is not None and not paper.contains_quote(pid, quote):
                elsewhere = [p for p in pids if paper.contains_quote(p, quote)]
                hint = f"; it stands in {elsewhere[0]}" if elsewhere else ""
                problems.append(Problem(
                    fname, parsed.member_line(raw_src, "quote", line), q.id, "source.quote",
                    f"quote not found in paragraph {pid}{hint}",
                ))
    return problems


def _bank_paths(paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]]) -> list[Path]:
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    out: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            out.extend(sorted(p.glob("*.yml")))
        elif p.exists():
            out.append(p)
        else:
            raise UsageError(f"no such bank file or directory: {p}")
    if not out:
        raise UsageError(f"no bank files (*.yml) in {', '.join(str(i) for i in items)}")
    return out


def _read_file(path: Path) -> str:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BankError([Problem(name, 1, None, None, _too_large(size))])
        raw = path.read_bytes()
    except OSError as exc:
        raise BankError([Problem(name, 1, None, None, f"cannot read the file ({exc.strerror})")]) from None
    return _decode(raw, name)


def _load_results(paths: list[Path]) -> list[_FileResult]:
    results = []
    for path in paths:
        try:
            text = _read_file(path)
        except BankError as exc:
            results.append(_FileResult(None, None, exc.problems))
            continue
        results.append(_validate_text(text, str(path)))
    return results


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a bank's (acyclic) data.

    Loading creates millions of small dicts and lists that all stay alive; each collection
    pass walks them all, which made large banks load superlinearly (measured: 30,000
    questions load in about 60% of the time with collection paused).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_bank(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] = DEFAULT_BANK_DIR,
) -> Bank:
    """Load and validate a bank: a directory (every ``*.yml`` in it, sorted) or files.

    Raises :class:`BankError` holding every problem in every file, sorted by file and line.
    """
    file_paths = _bank_paths(paths)
    with _gc_paused():
        results = _load_results(file_paths)
        problems = [p for r in results for p in r.problems]
        problems += _cross_checks(results, load_paper())
        if problems:
            raise BankError(problems)
        return _bank_from(file_paths, results)


def _bank_from(file_paths: list[Path], results: list[_FileResult]) -> Bank:
    """The :class:`Bank` of files that loaded without problems."""
    entries: list[BankFileEntry] = []
    q_places: dict[str, tuple[BankFileEntry, int]] = {}
    o_places: dict[str, tuple[BankFileEntry, int]] = {}
    nodes: dict[str, tuple[_Parsed, Any]] = {}
    for path, res in zip(file_paths, results, strict=True):
        assert res.model is not None and res.parsed is not None  # no problems means a model
        entry = BankFileEntry(path=path, stem=path.stem, model=res.model)
        entries.append(entry)
        data = res.parsed.data
        for i, q in enumerate(res.model.questions):
            q_places[q.id] = (entry, res.parsed.member_line(data["questions"], i))
            nodes[q.id] = (res.parsed, data["questions"][i])
        for i, o in enumerate(res.model.objectives):
            o_places[o.id] = (entry, res.parsed.member_line(data["objectives"], i))
    return Bank(entries, q_places, o_places, nodes)


@dataclass
class CheckReport:
    """What ``quizkit check`` reports: counts, every problem, and (when it loads) the bank.

    ``bank`` is set when every file is valid, even if a response test fails (a problem too).
    """

    files: int
    questions: int
    problems: list[Problem]
    bank: Bank | None

    @property
    def ok(self) -> bool:
        """Whether the bank has no problems."""
        return not self.problems


def check(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] = DEFAULT_BANK_DIR,
) -> CheckReport:
    """Validate a bank and run its response tests; report instead of raising.

    Counts include files with problems. A response test that grades otherwise than it
    expects is a problem (see :func:`response_test_problems`).
    """
    file_paths = _bank_paths(paths)
    try:
        bank = load_bank(file_paths)
    except BankError as exc:
        results = _load_results(file_paths)
        n_questions = 0
        for r in results:
            data = r.parsed.data if r.parsed is not None else None
            qs = data.get("questions") if isinstance(data, dict) else None
            n_questions += len(qs) if isinstance(qs, list) else 0
        return CheckReport(len(file_paths), n_questions, exc.problems, None)
    problems = sorted(response_test_problems(bank), key=Problem.sort_key)
    return CheckReport(len(file_paths), len(bank.questions), problems, bank)


def response_test_problems(bank: Bank) -> list[Problem]:
    """Every response test whose grade differs from its ``expect``, at the test's line.

    Each test's response goes through :func:`quizkit.grading.grade`; the message quotes the
    response as JSON, e.g. ``response_tests[2]: "the Crimea" grades incorrect, expected
    correct`` (indices count from 0, as in the file's list).
    """
    from quizkit.grading import grade

    problems: list[Problem] = []
    for qid, q in bank.questions.items():
        for i, test in enumerate(q.response_tests):
            status = grade(q, test.response).status
            if status != test.expect:
                shown = _show(json.dumps(test.response, ensure_ascii=False), 80)
                problems.append(Problem(
                    str(bank.file_of(qid).path), bank.line_at(qid, "response_tests", i), qid,
                    f"response_tests[{i}]", f"{shown} grades {status}, expected {test.expect}",
                ))
    return problems


def loads(text: str, filename: str = "<string>") -> BankFile:
    """Validate one bank file's text (grounding included); raises :class:`BankError`."""
    result = _validate_text(text, filename)
    problems = result.problems + _cross_checks([result], load_paper())
    if problems:
        raise BankError(problems)
    assert result.model is not None
    return result.model


def load_file(path: str | os.PathLike[str]) -> BankFile:
    """Load and validate one bank file on its own."""
    p = Path(path)
    if not p.is_file():
        raise QuizkitError(f"no such bank file: {p}")
    return loads(_read_file(p), str(p))


def parse_data(text: str, filename: str = "<string>") -> Any:
    """The plain data of YAML text, read as bank files are (no validation).

    Raises :class:`BankError` for text that is not acceptable YAML.
    """
    try:
        return _build(text, filename).data
    except _Abort as exc:
        raise BankError([Problem(filename, exc.line, None, None, exc.message)]) from None


def read_data(path: str | os.PathLike[str]) -> Any:
    """The plain data of a YAML file (no validation); raises :class:`BankError` if unreadable."""
    name = str(path)
    text = _read_file(Path(path))
    try:
        return _build(text, name).data
    except _Abort as exc:
        raise BankError([Problem(name, exc.line, None, None, exc.message)]) from None


# ---------------------------------------------------------------------------------------------
# Warnings (not errors): what `check` notes and `stats` lists


def objective_coverage(bank: Bank) -> dict[str, int]:
    """How many questions test each objective, in declaration order."""
    counts = {oid: 0 for oid in bank.objectives}
    for q in bank.questions.values():
        for oid in q.objectives:
            if oid in counts:
                counts[oid] += 1
    return counts


PLACEHOLDER = "TODO"
"""Text ``quizkit new`` writes where the instructor must still write something."""


def warnings(bank: Bank, minimum: int = 2) -> list[str]:
    """Notes about a valid bank: thinly tested objectives, placeholder text left by ``new``."""
    notes: list[str] = []
    for oid, n in objective_coverage(bank).items():
        if n < minimum:
            entry = bank.objective_file_of(oid)
            notes.append(
                f"{entry.path}:{bank.objective_line_of(oid)}: warning: objective '{oid}' is tested by "
                f"{n} question{'s' if n != 1 else ''} (fewer than {minimum})"
            )
    for qid, q in bank.questions.items():
        if placeholder_fields(q):
            notes.append(
                f"{bank.file_of(qid).path}:{bank.line_of(qid)}: warning: question '{qid}': "
                f"still has {PLACEHOLDER} placeholder text"
            )
    return notes


def placeholder_fields(question: Any) -> list[tuple[str | int, ...]]:
    """Where a question still holds :data:`PLACEHOLDER` text: paths such as ``("options", 0, "text")``."""
    found: list[tuple[str | int, ...]] = []

    def walk(value: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(value, str):
            if PLACEHOLDER in value:
                found.append(path)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))

    walk(question.model_dump(mode="json", exclude_defaults=True), ())
    return found


def refuse_drafts(bank_dir: str | os.PathLike[str], questions: Iterable[Any]) -> None:
    """Raise :class:`QuizkitError` if any of ``questions`` still holds placeholder text.

    Exports call this unless told ``--allow-drafts``: each draft is named with the file and
    line of its question in ``bank_dir`` and the fields that still hold ``TODO``.
    """
    places = bank_ids(bank_dir)
    lines = []
    for q in questions:
        paths = placeholder_fields(q)
        if paths:
            fields = ", ".join(".".join(str(k) for k in p) for p in paths[:3])
            more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
            where = places.get(q.id, str(bank_dir))
            lines.append(f"{where}: question '{q.id}': {PLACEHOLDER} placeholder text in "
                         f"{fields}{more}")
    if len(lines) == 1:
        raise QuizkitError(f"{lines[0]}; replace it, or pass --allow-drafts to export drafts")
    if lines:
        raise QuizkitError(
            f"{len(lines)} questions are drafts with {PLACEHOLDER} placeholder text; replace it, "
            "or pass --allow-drafts to export drafts:\n" + "\n".join(lines))


# ---------------------------------------------------------------------------------------------
# Writing


def _ruamel() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap an instructor's lines
    yaml.preserve_quotes = True
    return yaml


_KEY_ORDER = ("id", "type", "prompt")


def question_data(question: Any) -> dict[str, Any]:
    """A question as YAML-ready data: id, type and prompt first, defaults left out."""
    data = question.model_dump(mode="json", exclude_defaults=True)
    data["type"] = question.type
    ordered = {k: data[k] for k in _KEY_ORDER if k in data}
    ordered.update((k, v) for k, v in data.items() if k not in ordered)
    return ordered


def dumps(bank_file: BankFile) -> str:
    """A bank file as YAML text (the format ``loads`` reads back to an equal model)."""
    data: dict[str, Any] = {
        "schema_version": bank_file.schema_version,
        "chapter": bank_file.chapter,
        "title": bank_file.title,
        "objectives": [o.model_dump(mode="json") for o in bank_file.objectives],
        "questions": [question_data(q) for q in bank_file.questions],
    }
    out = StringIO()
    _ruamel().dump(data, out)
    return out.getvalue()


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Replace a file's content atomically: temp file in the same directory, fsync, rename."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def scaffold_question(
    qtype: str,
    qid: str,
    *,
    objective: str,
    prompt: str | None = None,
    paragraph: str = "p1",
    quote: str | None = None,
    level: str = "remember",
) -> dict[str, Any]:
    """A valid question of ``qtype`` with placeholder text (``TODO``) for the instructor.

    The skeleton validates, so the file stays checkable while it is being written;
    ``quizkit check`` notes the placeholder text as a warning until it is replaced.
    ``quote`` defaults to the first words of the paragraph. Short-text, numeric and
    fill-blanks questions get ``response_tests`` holding the model answer, expected correct,
    for the instructor to extend with the variants learners type.
    """
    if level not in LEVELS:
        raise UsageError(
            f"unknown level '{level}'" + (_did_you_mean(level, LEVELS) or f" (levels: {', '.join(LEVELS)})")
        )
    if qtype not in QUESTION_TYPES:
        raise UsageError(
            f"unknown question type '{qtype}'"
            + (_did_you_mean(qtype, QUESTION_TYPES) or f" (types: {', '.join(QUESTION_TYPES)})")
        )
    paper = load_paper()
    if paragraph not in paper.paragraphs:
        raise UsageError(
            f"unknown paragraph '{paragraph}'" + _did_you_mean(paragraph, list(paper.paragraphs))
        )
    if quote is None:
        quote = " ".join(paper.paragraphs[paragraph].text.split()[:6])
    q: dict[str, Any] = {
        "id": qid,
        "type": qtype,
        "prompt": prompt or f"{PLACEHOLDER}: write the question.",
    }
    todo = PLACEHOLDER
    if qtype in ("single-choice", "multiple-select"):
        q["options"] = [
            {"text": f"{todo}: the correct option", "correct": True},
            {"text": f"{todo}: a wrong option", "feedback": f"{todo}: why it is wrong"},
            {"text": f"{todo}: another wrong option"},
        ]
    elif qtype == "true-false":
        q["answer"] = True
    elif qtype == "numeric":
        q["answer"] = 0
        q["tolerance"] = 0
    elif qtype == "short-text":
        q["answers"] = [f"{todo}: the model answer"]
    elif qtype == "matching":
        q["pairs"] = [
            {"left": f"{todo}: item 1", "right": f"{todo}: partner 1"},
            {"left": f"{todo}: item 2", "right": f"{todo}: partner 2"},
        ]
    elif qtype == "ordering":
        q["items"] = [f"{todo}: first", f"{todo}: second", f"{todo}: third"]
    elif qtype == "fill-blanks":
        q["passage"] = f"{todo}: a sentence with a {{{{blank-1}}}} in it."
        q["blanks"] = [{"id": "blank-1", "answers": [f"{todo}: the answer"]}]
    q["explanation"] = f"{todo}: explain why the answer is right."
    q["objectives"] = [objective]
    q["difficulty"] = "medium"
    q["level"] = level
    q["source"] = {"paragraph": paragraph, "quote": quote}
    if qtype == "short-text":
        q["response_tests"] = [{"response": q["answers"][0], "expect": "correct"}]
    elif qtype == "numeric":
        q["response_tests"] = [{"response": q["answer"], "expect": "correct"}]
    elif qtype == "fill-blanks":
        model = {b["id"]: b["answers"][0] for b in q["blanks"]}
        q["response_tests"] = [{"response": model, "expect": "correct"}]
    return q


def _dump_item(item: dict[str, Any]) -> list[str]:
    out = StringIO()
    _ruamel().dump(item, out)
    return out.getvalue().rstrip("\n").split("\n")


def append_question(path: str | os.PathLike[str], item: dict[str, Any]) -> str:
    """The file's text with ``item`` appended to its ``questions`` list, the rest untouched.

    The new question is dumped by ruamel.yaml and inserted after the last line of the
    existing list, so comments, key order and formatting elsewhere stay byte-identical.
    When the list is written in flow style or missing, the file is round-tripped by
    ruamel.yaml instead (which keeps comments and key order). The caller writes the result.
    """
    p = Path(path)
    text = _read_file(p)
    try:
        parsed = _build(text, str(p))
    except _Abort as exc:
        raise BankError([Problem(str(p), exc.line, None, None, exc.message)]) from None
    data = parsed.data
    if not isinstance(data, dict):
        raise BankError([Problem(str(p), 1, None, None, "the top level must be a mapping")])
    questions = data.get("questions")
    new_text = None
    if isinstance(questions, list) and questions:
        new_text = _insert_after_last(text, parsed, questions, item)
    if new_text is None:
        new_text = _roundtrip_append(text, item)
    # The result must read back as the old data plus the new question, or nothing is written.
    check = _build(new_text, str(p)).data
    expected = dict(data)
    expected["questions"] = [*(questions or []), item]
    if check != expected:
        new_text = _roundtrip_append(text, item)
        if _build(new_text, str(p)).data != expected:  # pragma: no cover - defensive
            raise QuizkitError(f"{p}: could not append the question without changing the file")
    return new_text


def _insert_after_last(text: str, parsed: _Parsed, questions: list[Any], item: dict[str, Any]) -> str | None:
    lines = text.split("\n")
    first_line = parsed.member_line(questions, 0) - 1
    first = questions[0]
    if not isinstance(first, dict) or not first:
        return None
    key_line = parsed.container_line(first) - 1
    src = lines[first_line]
    dash = src.find("-")
    if dash < 0 or src[:dash].strip() or key_line != first_line:
        return None  # flow style or unusual layout: let ruamel round-trip it
    key_col = dash + 1 + (len(src[dash + 1:]) - len(src[dash + 1:].lstrip(" ")))
    # End of the list: the last line before the next key at the questions key's own level
    # (or the end of the file), skipping trailing blank and comment lines.
    q_key_line = parsed.member_line(parsed.data, "questions") - 1
    q_key_indent = len(lines[q_key_line]) - len(lines[q_key_line].lstrip(" "))
    end = len(lines)
    for n in range(first_line + 1, len(lines)):
        ln = lines[n]
        stripped = ln.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(ln) - len(ln.lstrip(" "))
        if indent <= q_key_indent and not (indent == dash and stripped.startswith("-")):
            end = n
            break
    last = end - 1
    while last > first_line and (not lines[last].strip() or lines[last].strip().startswith("#")):
        last -= 1
    body = _dump_item(item)
    new_lines = [" " * dash + "-" + " " * (key_col - dash - 1) + body[0]]
    new_lines += [(" " * key_col + b) if b else b for b in body[1:]]
    return "\n".join(lines[: last + 1] + new_lines + lines[last + 1:])


def _roundtrip_append(text: str, item: dict[str, Any]) -> str:
    yaml = _ruamel()
    doc = yaml.load(text)
    if doc.get("questions") is None:
        doc["questions"] = []
    doc["questions"].append(item)
    out = StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def bank_ids(directory: str | os.PathLike[str]) -> dict[str, str]:
    """Question ids found in every readable ``*.yml`` of a directory, id -> ``file:line``.

    Used by ``quizkit new`` to refuse a duplicate id even while other files have problems.
    """
    found: dict[str, str] = {}
    for path in sorted(Path(directory).glob("*.yml")):
        try:
            parsed = _build(_read_file(path), str(path))
        except (BankError, _Abort):
            continue
        data = parsed.data
        qs = data.get("questions") if isinstance(data, dict) else None
        if not isinstance(qs, list):
            continue
        for i, q in enumerate(qs):
            if isinstance(q, dict) and isinstance(q.get("id"), str):
                found.setdefault(q["id"], f"{path}:{parsed.member_line(qs, i)}")
    return found


__all__ = [
    "DEFAULT_BANK_DIR",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "PLACEHOLDER",
    "Bank",
    "BankFileEntry",
    "CheckReport",
    "append_question",
    "bank_ids",
    "check",
    "dumps",
    "load_bank",
    "load_file",
    "loads",
    "objective_coverage",
    "parse_data",
    "placeholder_fields",
    "question_data",
    "read_data",
    "refuse_drafts",
    "response_test_problems",
    "scaffold_question",
    "stratified_sample",
    "warnings",
    "write_atomic",
]
