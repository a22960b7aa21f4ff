"""A YAML document read into plain data with the line of every node: how bank files are read.

A file is parsed by libyaml (PyYAML's C parser) into events, and this module builds the
plain Python data from those events itself, recording the line of every key and list item
on the way (:class:`Document`). Building from events keeps reading fast (a bank of 100,000
questions reads in about the time PyYAML's own C loader needs), and lets the reader refuse
what a bank never needs and an attacker could abuse: aliases (the "billion laughs"),
duplicate keys, custom tags, runaway nesting, files over :data:`MAX_FILE_BYTES`, bytes that
are not UTF-8 text. Plain scalars follow the YAML 1.2 core schema, as ruamel.yaml does:
``yes``/``no``/``on``/``off`` and dates stay text.

Anything unreadable raises :class:`quizkit.errors.BankError` holding one located
:class:`quizkit.errors.Problem`. The course configuration (``quizkit.yml``) is read the
same way.
"""

from __future__ import annotations

import math
import os
import re
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizkit.errors import BankError, Problem, shown

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Largest bank file accepted (20 MB): a real chapter is a few kilobytes."""

MAX_DEPTH = 32
"""Deepest nesting accepted; a bank file needs six levels."""


class _Lines:
    """Where a container and its members start: ``start`` line and per key/index lines."""

    __slots__ = ("members", "start")

    def __init__(self, start: int, members: dict[Any, int] | list[int]) -> None:
        self.start = start
        self.members = members


@dataclass
class Document:
    """A parsed file: its plain data and where each container and member of it starts.

    ``lines`` maps ``id(container)`` to its line table; a document built from data that
    never was a file (an imported draft) has an empty table, and every lookup then gives
    its ``default``.
    """

    filename: str
    data: Any
    lines: dict[int, _Lines]

    def container_line(self, obj: Any, default: int = 1) -> int:
        """The line where a mapping or list of the data starts."""
        entry = self.lines.get(id(obj))
        return entry.start if entry is not None else default

    def member_line(self, obj: Any, key: Any, default: int = 1) -> int:
        """The line of a key of a mapping, or of an item of a list, of the data."""
        entry = self.lines.get(id(obj))
        if entry is None:
            return default
        members = entry.members
        if isinstance(members, dict):
            return members.get(key, entry.start)
        if isinstance(key, int) and 0 <= key < len(members):
            return members[key]
        return entry.start

    def line_at(self, path: Sequence[Any], node: Any = None, default: int = 1) -> int:
        """The line of the deepest node along ``path`` (keys and indices) that exists.

        The walk starts at ``node`` (default: the whole data) and at ``default`` when that
        node's line is unknown; a path that leaves the data (a missing field) ends at the
        mapping that lacks it.
        """
        here = self.data if node is None else node
        line = self.container_line(here, default)
        for key in path:
            if not _has(here, key):
                break
            line = self.member_line(here, key, line)
            here = here[key]
        return line

    def node_at(self, path: Sequence[Any]) -> Any:
        """The node at ``path``, or None when the data has no such node."""
        here = self.data
        for key in path:
            if not _has(here, key):
                return None
            here = here[key]
        return here


def _has(node: Any, key: Any) -> bool:
    if isinstance(node, dict):
        return key in node
    return isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node)


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


class _NoKey:
    __slots__ = ()


_NOKEY = _NoKey()


def _key_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _build(text: str, filename: str) -> Document:
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
                raise _Abort(line, f"duplicate key '{shown(key)}' (first at line {first})")
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
    return Document(filename, root, lines)


def _problem(filename: str, line: int, message: str) -> BankError:
    return BankError([Problem(filename, line, None, None, message)])


def _too_large(size: int) -> str:
    return (
        f"file is too large ({size / 1024 / 1024:.1f} MB; the limit is "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB)"
    )


def parse_document(text: str, filename: str = "<string>") -> Document:
    """Parse YAML text into a :class:`Document`; raises :class:`BankError` naming the line."""
    if len(text) > MAX_FILE_BYTES:
        raise _problem(filename, 1, _too_large(len(text)))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        raise _problem(filename, line, f"not UTF-8 text (lone surrogate at offset {exc.start})") from None
    try:
        return _build(text, filename)
    except _Abort as exc:
        raise _problem(filename, exc.line, exc.message) from None


def _decode(raw: bytes, filename: str) -> str:
    """Bytes to text, or :class:`BankError` naming the first bad byte."""
    if len(raw) > MAX_FILE_BYTES:
        raise _problem(filename, 1, _too_large(len(raw)))
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
        raise _problem(filename, line, msg) from None
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise _problem(filename, line, f"binary data, not a YAML file (NUL byte at offset {nul})")
    return text.removeprefix("\ufeff")


def read_text(path: str | os.PathLike[str]) -> str:
    """A file's text, checked as a bank file's is (size, UTF-8, no NUL); raises :class:`BankError`."""
    p = Path(path)
    name = str(p)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _problem(name, 1, _too_large(size))
        raw = p.read_bytes()
    except OSError as exc:
        raise _problem(name, 1, f"cannot read the file ({exc.strerror})") from None
    return _decode(raw, name)


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read and parse a YAML file (no validation); raises :class:`BankError` if unreadable."""
    return parse_document(read_text(path), str(path))


def parse_data(text: str, filename: str = "<string>") -> Any:
    """The plain data of YAML text, read as bank files are (no validation).

    Raises :class:`BankError` for text that is not acceptable YAML.
    """
    return parse_document(text, filename).data


def read_data(path: str | os.PathLike[str]) -> Any:
    """The plain data of a YAML file (no validation); raises :class:`BankError` if unreadable."""
    return read_document(path).data


def bank_ids(directory: str | os.PathLike[str]) -> dict[str, str]:
    """Question ids found in every readable ``*.yml`` of a directory, id -> ``file:line``.

    Read without validation, so ``quizkit new`` and imports refuse a duplicate id even while
    other files have problems; unreadable files are skipped.
    """
    found: dict[str, str] = {}
    for path in sorted(Path(directory).glob("*.yml")):
        try:
            document = read_document(path)
        except BankError:
            continue
        data = document.data
        qs = data.get("questions") if isinstance(data, dict) else None
        if not isinstance(qs, list):
            continue
        for i, q in enumerate(qs):
            if isinstance(q, dict) and isinstance(q.get("id"), str):
                found.setdefault(q["id"], f"{path}:{document.member_line(qs, i)}")
    return found


__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "Document",
    "bank_ids",
    "parse_data",
    "parse_document",
    "read_data",
    "read_document",
    "read_text",
]
