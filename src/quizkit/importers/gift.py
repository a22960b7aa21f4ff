"""Moodle GIFT to bank drafts.

Follows Moodle's own reader: questions are blocks separated by blank lines; ``//`` lines
are comments (``// [id:x] [tag:y]`` carry Moodle's id and tags, ``// quizkit {...}`` the
bank fields written by ``quizkit export``); ``$CATEGORY:`` blocks set the category;
``::name::`` names a question; ``[markdown]``/``[html]``/``[plain]``/``[moodle]`` set the
text format; ``\\`` escapes ``~ = # { } :`` and backslash, ``\\n`` is a newline. Windows line
endings and a byte-order mark are accepted. Syntax errors raise :class:`GiftSyntaxError`
with the line; questions that parse but have no bank type (essay, description, partial
weights that change the meaning) are reported as unmapped with their line.
"""

from __future__ import annotations

import json
import re
from typing import Any

from quizkit.errors import QuizkitError
from quizkit.importers.drafts import Draft, Parsed
from quizkit.importers.markup import html_to_markdown, slugify

_ESCAPES = {"~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", "\\": "\\", "n": "\n"}
_FORMAT = re.compile(r"^\[(html|markdown|plain|moodle)\]")
_WEIGHT = re.compile(r"^%(-?[0-9]+(?:\.[0-9]+)?)%")
_TAGS = re.compile(r"\[(id|tag):([^\]]*)\]")


class GiftSyntaxError(QuizkitError):
    """Malformed GIFT: the message starts with ``file:line:``."""


def unescape(text: str) -> str:
    """Undo GIFT escapes (``\\~`` -> ``~``, ``\\n`` -> newline ...)."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def _find(text: str, chars: str, start: int = 0) -> int:
    """Index of the first unescaped character of ``chars`` at or after ``start``, or -1."""
    i = start
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c in chars:
            return i
        i += 1
    return -1


def _split_unescaped(text: str, sep: str) -> list[str]:
    parts, start = [], 0
    while True:
        i = _find(text, sep, start)
        if i < 0:
            parts.append(text[start:])
            return parts
        parts.append(text[start:i])
        start = i + 1


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blank-line-separated blocks, each with its first line number (1-based) and lines."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for n, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = n
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _text(raw: str, fmt: str) -> str:
    value = unescape(raw).strip()
    return html_to_markdown(value) if fmt == "html" else value


class _Question:
    """Parses one question block; ``err`` raises with the line of an offset."""

    def __init__(self, filename: str, start: int, lines: list[str], category: str | None) -> None:
        self.filename, self.start, self.category = filename, start, category
        self.comments: list[str] = []
        kept = []
        for line in lines:
            if line.lstrip().startswith("//"):
                self.comments.append(line.lstrip()[2:].strip())
                kept.append("")  # keep offsets on their lines
            else:
                kept.append(line)
        self.text = "\n".join(kept)

    def line_at(self, offset: int) -> int:
        return self.start + self.text.count("\n", 0, max(offset, 0))

    def err(self, offset: int, message: str) -> GiftSyntaxError:
        return GiftSyntaxError(f"{self.filename}:{self.line_at(offset)}: {message}")

    def parse(self) -> tuple[Draft | None, tuple[int, str] | None]:
        text = self.text
        first = len(text) - len(text.lstrip())
        qline = self.line_at(first)
        name = None
        pos = first
        if text.startswith("::", pos):
            end = text.find("::", pos + 2)
            while end > 0 and text[end - 1] == "\\":
                end = text.find("::", end + 1)
            if end < 0:
                raise self.err(pos, "question name '::' is not closed with '::'")
            name = unescape(text[pos + 2:end]).strip()
            pos = end + 2
        open_ = _find(text, "{", pos)
        if open_ < 0:
            if _find(text, "}", pos) >= 0:
                raise self.err(_find(text, "}", pos), "'}' without an opening '{'")
            raise self.err(first, "no answer block: a GIFT question needs '{...}' "
                           "(escape a literal brace as \\{)")
        close = _find(text, "}", open_ + 1)
        if close < 0:
            raise self.err(open_, "the answer block opened here is not closed with '}'")
        extra_open = _find(text, "{", open_ + 1)
        if 0 <= extra_open < close:
            raise self.err(extra_open, "'{' inside an answer block (escape it as \\{)")
        head = text[pos:open_].strip()
        tail = text[close + 1:].strip()
        if _find(text, "{}", close + 1) >= 0:
            raise self.err(_find(text, "{}", close + 1), "more than one answer block in a question")
        fmt = "moodle"
        m = _FORMAT.match(head)
        if m:
            fmt, head = m.group(1), head[m.end():]
        prompt = _text(head, fmt)
        if tail:
            prompt = f"{prompt} _____ {_text(tail, fmt)}".strip()
        body = text[open_ + 1:close]
        answers_at = open_ + 1
        draft = Draft(data={}, line=qline)
        self._comments(draft)
        qid = draft.meta.pop("id", None) or (slugify(name) if name else "") or slugify(prompt)
        draft.data["id"] = qid
        if not prompt:
            raise self.err(first, "the question has no text")
        general = None
        g = body.find("####")
        while g > 0 and body[g - 1] == "\\":
            g = body.find("####", g + 1)
        if g >= 0:
            general = _text(body[g + 4:], fmt)
            body = body[:g]
        stripped = body.strip()
        lead = answers_at + len(body) - len(body.lstrip())
        result = self._answers(draft, prompt, stripped, lead, fmt)
        if result is not None:
            return None, (self.line_at(lead), result)
        if general:
            draft.data["explanation"] = general
        return draft, None

    def _comments(self, draft: Draft) -> None:
        tags: list[str] = []
        for c in self.comments:
            if c.startswith("quizkit "):
                try:
                    meta = json.loads(c[len("quizkit "):])
                except json.JSONDecodeError:
                    continue
                if isinstance(meta, dict):
                    draft.meta.update(meta)
                continue
            for kind, value in _TAGS.findall(c):
                if kind == "id" and value.strip():
                    draft.meta["id"] = value.strip()
                elif kind == "tag" and slugify(value):
                    tags.append(slugify(value))
        if tags:
            draft.data["tags"] = tags

    def _answers(self, draft: Draft, prompt: str, body: str, at: int, fmt: str) -> str | None:
        """Fill the draft's answer fields; return why it cannot be mapped, or None."""
        d: dict[str, Any] = draft.data
        d["prompt"] = prompt
        if not body:
            return "essay questions (empty answer block) have no bank type"
        if body.startswith("#"):
            return self._numeric(d, body[1:].strip(), at, fmt)
        if _find(body, "~") >= 0:
            return self._choice(d, body, at, fmt)
        if _find(body, "=") >= 0 and "->" in body:
            return self._matching(d, body, at, fmt)
        tf = _split_unescaped(body, "#")
        if tf[0].strip().upper() in ("T", "TRUE", "F", "FALSE"):
            value = tf[0].strip().upper().startswith("T")
            d["type"], d["answer"] = "true-false", value
            wrong = _text(tf[1], fmt) if len(tf) > 1 else ""
            right = _text(tf[2], fmt) if len(tf) > 2 else ""
            fb_true, fb_false = (right, wrong) if value else (wrong, right)
            if fb_true:
                d["feedback_true"] = fb_true
            if fb_false:
                d["feedback_false"] = fb_false
            return None
        if body.startswith("="):
            return self._short(d, body, at, fmt)
        raise self.err(at, f"cannot read the answer block {body[:30]!r}: answers start "
                       "with '=' or '~', numbers with '#', or write T/F")

    def _items(self, body: str, at: int) -> list[tuple[str, str, int]]:
        """Split an answer list at unescaped ``=``/``~``: (marker, text, offset)."""
        out: list[tuple[str, str, int]] = []
        i = _find(body, "=~")
        if i < 0:
            raise self.err(at, "no answers ('=' or '~') in the answer block")
        if body[:i].strip():
            raise self.err(at, f"text {body[:i].strip()[:30]!r} before the first answer "
                           "(escape '=' and '~' inside text)")
        while i >= 0:
            nxt = _find(body, "=~", i + 1)
            # '->' inside matching answers is not a separator; '=' after '%' neither.
            chunk = body[i + 1: nxt if nxt >= 0 else len(body)]
            out.append((body[i], chunk, at + i))
            i = nxt
        return out

    def _weight(self, chunk: str, offset: int) -> tuple[float | None, str]:
        m = _WEIGHT.match(chunk.strip())
        if not m:
            if chunk.strip().startswith("%"):
                raise self.err(offset, f"malformed weight in {chunk.strip()[:20]!r} "
                               "(write %50% before the answer)")
            return None, chunk
        return float(m.group(1)), chunk.strip()[m.end():]

    def _feedback(self, chunk: str, fmt: str) -> tuple[str, str | None]:
        parts = _split_unescaped(chunk, "#")
        text = _text(parts[0], fmt)
        fb = _text("#".join(parts[1:]), fmt) if len(parts) > 1 else None
        return text, fb or None

    def _choice(self, d: dict[str, Any], body: str, at: int, fmt: str) -> str | None:
        options, weights = [], []
        for marker, chunk, off in self._items(body, at):
            w, rest = self._weight(chunk, off)
            weight = 100.0 if marker == "=" and w is None else (w or 0.0)
            text, fb = self._feedback(rest, fmt)
            if not text:
                raise self.err(off, "an answer has no text")
            opt: dict[str, Any] = {"text": text}
            if fb:
                opt["feedback"] = fb
            options.append(opt)
            weights.append(weight)
        positive = [w for w in weights if w > 0]
        if len(positive) == 1 and positive[0] >= 99.99:
            d["type"] = "single-choice"
        else:
            d["type"] = "multiple-select"
            if not positive:
                return "multiple choice with no correct answer (no '=' and no positive weight)"
        for opt, w in zip(options, weights):
            if w > 0:
                opt["correct"] = True
        d["options"] = options
        return None

    def _short(self, d: dict[str, Any], body: str, at: int, fmt: str) -> str | None:
        answers, mistakes = [], []
        for _, chunk, off in self._items(body, at):
            w, rest = self._weight(chunk, off)
            text, fb = self._feedback(rest, fmt)
            if w is None or w >= 99.99:
                answers.append(text)
            elif w == 0 and fb:
                mistakes.append({"answer": text, "feedback": fb})
            elif w == 0:
                continue
            else:
                return f"short answer {text!r} with partial weight {w:g}% has no bank equivalent"
        d.update(type="short-text", answers=answers)
        if mistakes:
            d["common_mistakes"] = mistakes
        return None

    def _matching(self, d: dict[str, Any], body: str, at: int, fmt: str) -> str | None:
        pairs, distractors = [], []
        for _, chunk, off in self._items(body, at):
            if "->" not in chunk:
                raise self.err(off, "a matching answer needs 'item -> partner'")
            left, right = chunk.split("->", 1)
            left_t, right_t = _text(left, fmt), _text(right, "plain")
            if not right_t:
                raise self.err(off, "a matching pair has no partner after '->'")
            if left_t:
                pairs.append({"left": left_t, "right": right_t})
            else:
                distractors.append(right_t)
        d.update(type="matching", pairs=pairs)
        if distractors:
            d["distractors"] = distractors
        return None

    def _number(self, text: str, offset: int) -> float:
        try:
            return float(text.strip())
        except ValueError:
            raise self.err(offset, f"{text.strip()!r} is not a number") from None

    def _numeric(self, d: dict[str, Any], body: str, at: int, fmt: str) -> str | None:
        d["type"] = "numeric"
        if body.startswith("="):
            choices = [(self._weight(c, o), o) for _, c, o in self._items(body, at)]
            full = [(rest, o) for (w, rest), o in choices if w is None or w >= 99.99]
            if not full:
                return "numeric question with no 100% answer"
            body, at = full[0]
            if len(choices) > 1:
                d.setdefault("_notes", []).append("only the first 100% numeric answer was kept")
        value, _fb = self._feedback(body, "plain")
        value = value.strip()
        if ".." in value:
            low, high = value.split("..", 1)
            d["range"] = {"low": self._number(low, at), "high": self._number(high, at)}
        elif ":" in value:
            ans, tol = value.split(":", 1)
            d["answer"] = self._number(ans, at)
            t = self._number(tol, at)
            if t:
                d["tolerance"] = t
        else:
            d["answer"] = self._number(value, at)
        return None


def parse_gift(text: str, filename: str = "<gift>") -> Parsed:
    """Parse GIFT text into drafts; raises :class:`GiftSyntaxError` (``file:line: ...``)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    result = Parsed()
    category: str | None = None
    for start, lines in _blocks(text):
        content = [ln for ln in lines if not ln.lstrip().startswith("//")]
        if not content:
            continue
        first = content[0].strip()
        if first.startswith("$CATEGORY:"):
            category = first[len("$CATEGORY:"):].strip()
            if len(content) > 1:
                line = start + lines.index(content[1])
                raise GiftSyntaxError(f"{filename}:{line}: put a blank line after the "
                                      "$CATEGORY line")
            continue
        q = _Question(filename, start, lines, category)
        draft, unmapped = q.parse()
        if unmapped is not None:
            result.unmapped.append(unmapped)
        elif draft is not None:
            draft.notes.extend(draft.data.pop("_notes", []))
            result.drafts.append(draft)
    return result


__all__ = ["GiftSyntaxError", "parse_gift", "unescape"]
