"""Moodle GIFT to bank drafts.

Follows Moodle's own reader (``question/format/gift/format.php``, Moodle 4.5): questions are
blocks separated by blank lines; ``//`` lines are comments (``// [id:x] [tag:y]`` carry
Moodle's id and tags, ``// quizkit {...}`` the bank fields written by ``quizkit export``);
``$CATEGORY:`` blocks set the category; ``::name::`` names a question; ``\\`` escapes
``~ = # { } :`` and backslash, ``\\n`` is a newline. A format marker (``[html]``,
``[moodle]``, ``[plain]``, ``[markdown]``) may open the question text and each answer,
feedback and matching item, as in Moodle; answers and feedback default to the question's
format. Every text is turned into bank Markdown that shows the same text, with no raw HTML
(``quizkit.importers.markup``). Ordering questions use the syntax of Moodle's ordering
question type: ``{>N ...`` then one item per line. Windows line endings and a byte-order
mark are accepted.

An import never changes what a question means without saying so: a question whose answers
the bank cannot express exactly (per-option partial credit, several fully-correct answers
to a single-answer question, numeric alternatives with partial credit or feedback, essays,
partial-weight short answers, ordering of a random subset) is left out with a note giving
its line and why; a difference the bank can carry with a note (a wrong option's penalty,
an ordering question's grading method) is imported with that note. Syntax errors raise
:class:`GiftSyntaxError` with the line (and the question's name, once it is read).
"""

from __future__ import annotations

import json
import re
from typing import Any

from quizkit.errors import Problem
from quizkit.importers.drafts import Draft, ImportSyntaxError, Parsed
from quizkit.importers.markup import moodle_to_markdown, slugify, to_markdown

_ESCAPES = {"~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", "\\": "\\", "n": "\n"}
_FORMAT = re.compile(r"^\[(html|markdown|plain|moodle)\]")
_WEIGHT = re.compile(r"^%(-?[0-9]+(?:\.[0-9]+)?)%")
_TAGS = re.compile(r"\[(id|tag):([^\]]*)\]")


class GiftSyntaxError(ImportSyntaxError):
    """Malformed GIFT, located by file and line (and the question, once it is named)."""


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


def _general_feedback_at(body: str) -> int:
    """Where the last unescaped ``####`` starts in an answer block, or -1 (as Moodle)."""
    hashes: set[int] = set()
    i = _find(body, "#")
    while i >= 0:
        hashes.add(i)
        i = _find(body, "#", i + 1)
    starts = [h for h in hashes if {h + 1, h + 2, h + 3} <= hashes]
    return max(starts, default=-1)


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


def _piece(raw: str, default: str) -> tuple[str, str]:
    """Moodle's ``parse_text_with_format``: a leading format marker, else ``default``, and
    the text after it, unescaped and trimmed."""
    value = raw.strip()
    m = _FORMAT.match(value)
    if m:
        return m.group(1), unescape(value[m.end():]).strip()
    return default, unescape(value).strip()


def _text(raw: str, fmt: str) -> str:
    """Bank Markdown for one GIFT text (its own marker, else ``fmt``)."""
    piece_fmt, value = _piece(raw, fmt)
    return to_markdown(value, piece_fmt)


def _plain(raw: str, fmt: str) -> str:
    """A text Moodle compares with a response (a short answer): marker dropped, as written."""
    return _piece(raw, fmt)[1]


def _pct(weight: float) -> str:
    return f"{weight:g}%"


# Moodle's ordering question type reads {>count selecttype layout grading showgrading numbering
# (qtype_ordering::import_from_gift); each option is optional.
_ORDERING = re.compile(
    r"^\s*>\s*(\d+)\s*(ALL|EXACT|RANDOM|REL|CONTIGUOUS|CONTIG)?\s*"
    r"(HORIZONTAL|HORI|H|1|VERTICAL|VERT|V|0)?\s*"
    r"(ALL_OR_NOTHING|ABSOLUTE_POSITION|ABSOLUTE|ABS|RELATIVE_NEXT_EXCLUDE_LAST|"
    r"RELATIVE_NEXT_INCLUDE_LAST|RELATIVE_ONE_PREVIOUS_AND_NEXT|RELATIVE_ALL_PREVIOUS_AND_NEXT|"
    r"RELATIVE_TO_CORRECT|RELATIVE|RELLONGEST_ORDERED_SUBSET|LONGEST_CONTIGUOUS_SUBSET)?\s*"
    r"(SHOW|TRUE|YES|1|HIDE|FALSE|NO|0)?\s*(none|123|abc|ABCD|iii|IIII)?\s*(.*?)\s*$",
    re.DOTALL,
)
# Moodle's names for an ordering question's grading, and the default when none is given.
_GRADING = {"ALL_OR_NOTHING": "all or nothing", "ABS": "absolute position",
            "ABSOLUTE": "absolute position", "ABSOLUTE_POSITION": "absolute position",
            "RELATIVE_NEXT_INCLUDE_LAST": "relative to the next item, last included",
            "RELATIVE_ONE_PREVIOUS_AND_NEXT": "relative to the previous and next item",
            "RELATIVE_ALL_PREVIOUS_AND_NEXT": "", "LONGEST_CONTIGUOUS_SUBSET":
            "longest contiguous subset", "RELATIVE_TO_CORRECT": "relative to the correct order"}
_DEFAULT_GRADING = "relative to the next item, last excluded"


class _Question:
    """Parses one question block; ``err`` raises with the line of an offset."""

    def __init__(self, filename: str, start: int, lines: list[str], category: str | None) -> None:
        self.filename, self.start, self.category = filename, start, category
        self.label = ""
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
        """The error at ``offset``, naming the question once its name is known."""
        return GiftSyntaxError(self.filename, self.line_at(offset), message, self.label or None)

    def parse(self) -> tuple[Draft | None, Problem | None]:
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
            self.label = name
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
        explicit = draft.meta.pop("id", None)
        qid = explicit or (slugify(name) if name else "") or slugify(prompt)
        draft.data["id"] = qid
        draft.derived_id = not explicit
        if not prompt:
            raise self.err(first, "the question has no text")
        general = None
        # Moodle takes the LAST unescaped '####' as the start of the general feedback.
        g = _general_feedback_at(body)
        if g >= 0:
            general = _text(body[g + 4:], fmt)
            body = body[:g]
        stripped = body.strip()
        lead = answers_at + len(body) - len(body.lstrip())
        result = self._answers(draft, prompt, stripped, lead, fmt)
        if result is not None:
            return None, Problem(self.filename, qline, qid, None, result)
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
        if body.startswith(">"):
            return self._ordering(draft, body, at)
        if body.startswith("#"):
            return self._numeric(d, body[1:], at + 1)
        if _find(body, "~") >= 0:
            return self._choice(draft, body, at, fmt)
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
                       "with '=' or '~', numbers with '#', ordering with '>N', or write T/F")

    def _items(self, body: str, at: int, seps: str = "=~") -> list[tuple[str, str, int]]:
        """Split an answer list at unescaped ``seps``: (marker, text, offset).

        As in Moodle, every unescaped ``=`` or ``~`` starts an answer, even right after a
        weight (``~%50%=x`` is two answers, the first empty): write ``\\=`` to keep it.
        """
        out: list[tuple[str, str, int]] = []
        i = _find(body, seps)
        if i < 0:
            raise self.err(at, "no answers ('=' or '~') in the answer block")
        if body[:i].strip():
            raise self.err(at, f"text {body[:i].strip()[:30]!r} before the first answer "
                           "(escape '=' and '~' inside text)")
        while i >= 0:
            nxt = _find(body, seps, i + 1)
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

    @staticmethod
    def _split_feedback(chunk: str) -> tuple[str, str | None]:
        """An answer and its feedback (after the first unescaped ``#``), both raw."""
        parts = _split_unescaped(chunk, "#")
        return parts[0], ("#".join(parts[1:]) if len(parts) > 1 else None)

    def _choice(self, draft: Draft, body: str, at: int, fmt: str) -> str | None:
        d = draft.data
        # Moodle: any '=' makes a single-answer question (radio buttons), scored by the
        # weight of the option chosen; without one, several may be ticked and the weights
        # of the ticked options add up (at least 0, at most 100%).
        single = _find(body, "=") >= 0
        options: list[dict[str, Any]] = []
        weights: list[float] = []
        for marker, chunk, off in self._items(body, at):
            w, rest = self._weight(chunk, off)
            weight = 100.0 if marker == "=" else (w or 0.0)
            raw, raw_fb = self._split_feedback(rest)
            text = _text(raw, fmt)
            if not text:
                raise self.err(off, "an answer has no text")
            opt: dict[str, Any] = {"text": text}
            fb = _text(raw_fb, fmt) if raw_fb is not None else ""
            if fb:
                opt["feedback"] = fb
            options.append(opt)
            weights.append(weight)
        full = [o["text"] for o, w in zip(options, weights) if w >= 99.99]
        partial = [(o["text"], w) for o, w in zip(options, weights) if 0 < w < 99.99]
        if single:
            if partial:
                text, w = partial[0]
                return (f"option {text!r} gives {_pct(w)} credit: the bank has no partial "
                        "credit for one option of a single-answer question (it would become a "
                        "multiple-select question with every positive option correct)")
            if len(full) != 1:
                return (f"{len(full)} options give full marks: a single-choice question has "
                        "exactly one correct option" if full else
                        "no option gives full marks")
            penalties = [(o["text"], w) for o, w in zip(options, weights) if w < 0]
            if penalties:
                listed = ", ".join(f"{t!r} ({_pct(w)})" for t, w in penalties)
                draft.notes.append(f"the penalty of {listed} is dropped: the bank scores a wrong "
                                   "choice 0")
            d["type"] = "single-choice"
        else:
            positive = [w for w in weights if w > 0]
            if not positive:
                return "multiple choice with no correct answer (no '=' and no positive weight)"
            k = len(positive)
            share = 100 / k
            if any(abs(w - share) > 0.01 for w in positive) or abs(sum(positive) - 100) > 0.05:
                listed = ", ".join(_pct(w) for w in positive)
                return (f"the correct options carry {listed}: the bank gives each correct option "
                        "of a multiple-select question an equal share of 100%")
            wrong = [(o["text"], w) for o, w in zip(options, weights) if w <= 0]
            changed = [(t, w) for t, w in wrong if abs(w + share) > 0.01]
            if changed:
                listed = ", ".join(f"{t!r} ({_pct(w)})" for t, w in changed)
                draft.notes.append(
                    f"wrong options {listed} now take {_pct(round(share, 5))} off each: "
                    "the bank's multiple-select grading is (right picks - wrong picks) / "
                    f"{k} correct options")
            d["type"] = "multiple-select"
        for opt, w in zip(options, weights):
            if w > 0:
                opt["correct"] = True
        d["options"] = options
        return None

    def _short(self, d: dict[str, Any], body: str, at: int, fmt: str) -> str | None:
        answers, mistakes = [], []
        for _, chunk, off in self._items(body, at):
            w, rest = self._weight(chunk, off)
            raw, raw_fb = self._split_feedback(rest)
            text = _plain(raw, fmt)
            fb = _text(raw_fb, fmt) if raw_fb is not None else ""
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
        for _, chunk, off in self._items(body, at, "="):
            if "->" not in chunk:
                raise self.err(off, "a matching answer needs 'item -> partner'")
            left, right = chunk.split("->", 1)
            # Moodle reads the item like any text (format marker included); the partner is
            # plain text shown in a drop-down.
            left_t, right_t = _text(left, fmt), to_markdown(unescape(right).strip(), "plain")
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

    def _ordering(self, draft: Draft, body: str, at: int) -> str | None:
        m = _ORDERING.match(body)
        if not m:
            raise self.err(at, "an ordering answer block starts '>N' (the number of items "
                           "shown), then one item per line")
        count, select, _layout, grading, _show, _numbering, rest = m.groups()
        # Moodle keeps each line as written (HTML; GIFT escapes are not undone there).
        items = [moodle_to_markdown(line.strip()) for line in rest.split("\n") if line.strip()]
        if len(items) < 2:
            return "an ordering question needs at least two items"
        shown = max(2, int(count))
        if (select or "RANDOM").upper() not in ("ALL", "EXACT") and shown < len(items):
            return (f"Moodle shows {shown} of the {len(items)} items: the bank orders "
                    "every item of an ordering question")
        how = _GRADING.get((grading or "").upper(), _DEFAULT_GRADING)
        if how:
            draft.notes.append(f"Moodle graded this ordering {how}; the bank gives the "
                               "share of item pairs in the right relative order")
        draft.data.update(type="ordering", items=items)
        return None

    def _number(self, text: str, offset: int) -> float:
        try:
            return float(text.strip())
        except ValueError:
            raise self.err(offset, f"{text.strip()!r} is not a number") from None

    def _numeric(self, d: dict[str, Any], body: str, at: int) -> str | None:
        """``{#...}``: like Moodle, a ``~`` starts feedback for every other answer; answers
        are separated by ``=``, each ``[%w%]value[:tolerance]`` or ``low..high``, with
        ``#feedback``. The bank keeps one fully-correct value or range and no feedback."""
        d["type"] = "numeric"
        tilde = _find(body, "~")
        other = body[tilde + 1:] if tilde >= 0 else None
        answers_text = body[:tilde] if tilde >= 0 else body
        lead = len(answers_text) - len(answers_text.lstrip())
        if _find(answers_text, "=") >= 0:
            alternatives = self._items(answers_text.strip(), at + lead, "=")
        else:
            alternatives = [("=", answers_text.strip(), at + lead)]
        parsed: list[tuple[float, str, str | None, int]] = []
        for _, chunk, off in alternatives:
            w, rest = self._weight(chunk, off)
            raw, raw_fb = self._split_feedback(rest)
            fb = unescape(raw_fb).strip() if raw_fb is not None else None
            parsed.append((100.0 if w is None else w, unescape(raw).strip(), fb or None, off))
        full = [p for p in parsed if p[0] >= 99.99]
        if not full:
            return "numeric question with no 100% answer"
        if len(full) > 1:
            return (f"{len(full)} fully-correct numeric answers "
                    f"({', '.join(repr(p[1]) for p in full)}): the bank takes one value or range")
        for w, value, fb, _ in parsed:
            if 0 < w < 99.99:
                return (f"the {_pct(w)} answer {value!r} gives partial credit: bank numeric "
                        "questions score all or nothing")
            if w < 99.99 and fb:
                return (f"feedback for the answer {value!r} ({fb[:40]!r}) has no place in a bank "
                        "numeric question")
        if other is not None:
            _, raw_fb = self._split_feedback(other)
            fb = unescape(raw_fb or "").strip()
            if fb:
                return (f"feedback for any other answer ({fb[:40]!r}) has no place in a bank "
                        "numeric question")
        _, value, fb, off = full[0]
        if fb:
            return (f"feedback for the right answer ({fb[:40]!r}) has no place in a bank "
                    "numeric question")
        if value == "*":
            return "a numeric answer '*' (any number) has no bank equivalent"
        if ".." in value:
            low, high = value.split("..", 1)
            d["range"] = {"low": self._number(low, off), "high": self._number(high, off)}
        elif ":" in value:
            ans, tol = value.split(":", 1)
            d["answer"] = self._number(ans, off)
            t = self._number(tol, off)
            if t:
                d["tolerance"] = t
        else:
            d["answer"] = self._number(value, off)
        return None


def parse_gift(text: str, filename: str = "<gift>") -> Parsed:
    """Parse GIFT text into drafts; raises :class:`GiftSyntaxError`, located by file and line."""
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
                raise GiftSyntaxError(filename, line, "put a blank line after the "
                                                      "$CATEGORY line")
            continue
        q = _Question(filename, start, lines, category)
        draft, unmapped = q.parse()
        if unmapped is not None:
            result.unmapped.append(unmapped)
        elif draft is not None:
            result.drafts.append(draft)
    return result


__all__ = ["GiftSyntaxError", "parse_gift", "unescape"]
