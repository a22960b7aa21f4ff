"""Imports of questions from other formats into a bank file, one module per format.

``PARSERS`` maps a format name (as given to ``quizkit import --format``) to its parser,
``(data: bytes, filename) -> Parsed`` (see ``quizkit.importers.drafts``); modules are
imported on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from quizkit.importers.drafts import Parsed

Parser = Callable[[bytes, str], Parsed]

_FORMATS: dict[str, tuple[str, str, bool]] = {
    # name: (module, function, takes bytes rather than text)
    "gift": ("quizkit.importers.gift", "parse_gift", False),
    "aiken": ("quizkit.importers.aiken", "parse_aiken", False),
    "moodle-xml": ("quizkit.importers.moodle_xml", "parse_moodle_xml", True),
    "jupyterquiz": ("quizkit.importers.jupyterquiz", "parse_jupyterquiz", False),
}

FORMATS: tuple[str, ...] = tuple(_FORMATS)
"""Format names, in the order the CLI lists them."""


def get_parser(name: str) -> Parser:
    """The parser for a format name (input as bytes; text formats are decoded as UTF-8)."""
    if name not in _FORMATS:
        raise KeyError(f"unknown import format {name!r} (choose from {', '.join(FORMATS)})")
    module, func, takes_bytes = _FORMATS[name]
    parse = getattr(importlib.import_module(module), func)
    if takes_bytes:
        return parse  # type: ignore[no-any-return]

    def parse_text(data: bytes, filename: str) -> Parsed:
        from quizkit.errors import LocatedError, Problem

        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            problem = Problem(filename, line, None, None, f"not UTF-8 text (byte {exc.start})")
            raise LocatedError(problem) from None
        result: Parsed = parse(text, filename)
        return result

    return parse_text


def parse(name: str, data: bytes, filename: str) -> Parsed:
    """Parse ``data`` in format ``name``."""
    return get_parser(name)(data, filename)


__all__ = ["FORMATS", "Parsed", "Parser", "get_parser", "parse"]
