"""Aiken (Moodle's simple multiple-choice format) to bank drafts.

Each question is one line of text, then options ``A. text`` or ``A) text``, then
``ANSWER: X``; blank lines between questions are optional. Malformed input raises
:class:`AikenSyntaxError`, located by file and line.
"""

from __future__ import annotations

import re

from quizkit.importers.drafts import Draft, ImportSyntaxError, Parsed
from quizkit.importers.markup import slugify

_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*\S)\s*$")
_ANSWER = re.compile(r"^ANSWER:\s*([A-Z])\s*$", re.IGNORECASE)


class AikenSyntaxError(ImportSyntaxError):
    """Malformed Aiken, located by file and line."""


def parse_aiken(text: str, filename: str = "<aiken>") -> Parsed:
    """Parse Aiken text into single-choice drafts."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    result = Parsed()
    prompt: str | None = None
    prompt_line = 0
    options: list[tuple[str, str]] = []
    for n, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        if prompt is None:
            if _OPTION.match(line) or _ANSWER.match(line):
                raise AikenSyntaxError(filename, n, f"expected a question line, found "
                                                    f"{line[:30]!r}")
            prompt, prompt_line, options = line, n, []
            continue
        m = _OPTION.match(line)
        if m:
            letter = m.group(1)
            expected = chr(ord("A") + len(options))
            if letter != expected:
                raise AikenSyntaxError(filename, n, f"option {letter} out of order "
                                                    f"(expected {expected})")
            options.append((letter, m.group(2)))
            continue
        a = _ANSWER.match(line)
        if a:
            letter = a.group(1).upper()
            if len(options) < 2:
                raise AikenSyntaxError(filename, n, "a question needs at least two "
                                                    "options before ANSWER")
            letters = [o[0] for o in options]
            if letter not in letters:
                raise AikenSyntaxError(filename, n, f"ANSWER {letter} is not one of the "
                                                    f"options {', '.join(letters)}")
            opts = [{"text": t, **({"correct": True} if lt == letter else {})}
                    for lt, t in options]
            data = {"id": slugify(prompt), "type": "single-choice", "prompt": prompt,
                    "options": opts}
            result.drafts.append(Draft(data=data, line=prompt_line, derived_id=True))
            prompt = None
            continue
        if options:
            raise AikenSyntaxError(filename, n, f"expected an option 'X. text' or "
                                                f"'ANSWER: X', found {line[:30]!r}")
        raise AikenSyntaxError(filename, n, f"an Aiken question is one line; this second "
                                            f"line {line[:30]!r} is not an option")
    if prompt is not None:
        raise AikenSyntaxError(filename, prompt_line, "question has no 'ANSWER:' line")
    return result


__all__ = ["AikenSyntaxError", "parse_aiken"]
