"""Moodle GIFT: one text file, a ``$CATEGORY`` per chapter, one block per question.

Text is written in GIFT's ``[html]`` format: the bank's Markdown rendered by the book's own
safe renderer (``quizkit.text.render_markdown``, raw HTML escaped), so Moodle shows what the
book shows. (``[markdown]`` would hand Moodle the bank's raw HTML as live markup.) Answers
Moodle compares with a response (short answers, matching partners) stay plain text.
Ordering questions use the GIFT syntax of Moodle's ordering question type (standard since
Moodle 4.4): ``{>N ALL VERTICAL ...`` then one item per line. GIFT cannot express fill-blanks
questions: they are reported in ``Export.skipped``, never dropped silently. Bank fields GIFT
has no place for (objectives, source, difficulty, hints) travel in a ``// quizkit {...}``
comment that Moodle ignores and ``quizkit import`` reads back; the id and tags use Moodle's
own ``// [id:...] [tag:...]`` comment.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from quizkit.export.grades import literal_asterisks, nearest_grade, split_weights, weights_sum_ok
from quizkit.export.items import Export, ExportItem, Skipped, meta_of
from quizkit.models import (
    FillBlanks,
    Matching,
    MultipleSelect,
    Numeric,
    Ordering,
    Question,
    ShortText,
    SingleChoice,
    TrueFalse,
    unhandled,
)
from quizkit.text import render_markdown

_SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """Escape GIFT's special characters (``~ = # { } :`` and backslash); newlines as ``\\n``."""
    out = "".join("\\" + c if c in _SPECIAL else c for c in text)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def category_name(label: str) -> str:
    """A category name: Moodle separates levels with ``/``, so a literal slash is ``//``."""
    return label.replace("/", "//")


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else repr(value)


def html(markdown: str, *, inline: bool = False) -> str:
    """Bank Markdown as GIFT ``[html]`` text: rendered safely, then GIFT-escaped.

    A leading ``[`` or ``%`` is written as an entity, so Moodle cannot read it as a format
    marker (``[plain]``) or an answer weight (``%50%``).
    """
    out = render_markdown(markdown, inline=inline).strip()
    if out[:1] == "[":
        out = "&#91;" + out[1:]
    elif out[:1] == "%":
        out = "&#37;" + out[1:]
    return escape(out)


_ORDERING_SPECIAL = {"{": "&#123;", "}": "&#125;", "#": "&#35;", "\\": "&#92;"}


def ordering_item(markdown: str) -> str:
    """One ordering item as a GIFT line: its safe HTML on one line.

    Moodle's ordering importer keeps each line as it stands (as HTML), without undoing GIFT
    escapes, so the characters GIFT reads (``{ } #`` and backslash) are written as HTML
    entities instead.
    """
    out = " ".join(render_markdown(markdown, inline=True).split())
    return "".join(_ORDERING_SPECIAL.get(c, c) for c in out)


def _feedback(text: str | None) -> str:
    return f"#{html(text)}" if text else ""


def _answers(q: Question, notes: list[Skipped]) -> str | None:
    """The ``{...}`` answer block, or None when GIFT cannot express the question."""
    match q:
        case SingleChoice():
            parts = [
                ("=" if o.correct else "~") + html(o.text, inline=True) + _feedback(o.feedback)
                for o in q.options
            ]
            return " ".join(parts)
        case MultipleSelect():
            n = sum(o.correct for o in q.options)
            if not weights_sum_ok(n):
                return None
            right, wrong = split_weights(n)
            parts = [
                f"~%{right if o.correct else wrong}%" + html(o.text, inline=True)
                + _feedback(o.feedback)
                for o in q.options
            ]
            return " ".join(parts)
        case TrueFalse():
            # GIFT: {T#feedback when answered wrongly#feedback when answered rightly}.
            right_fb, wrong_fb = (
                (q.feedback_true, q.feedback_false) if q.answer
                else (q.feedback_false, q.feedback_true)
            )
            tf = "TRUE" if q.answer else "FALSE"
            if right_fb or wrong_fb:
                return (f"{tf}#{html(wrong_fb) if wrong_fb else ''}"
                        f"#{html(right_fb) if right_fb else ''}")
            return tf
        case ShortText():
            if q.case_sensitive:
                notes.append(Skipped(q.id, q.type, "case_sensitive: GIFT short answers ignore case"))
            if q.pattern:
                notes.append(Skipped(q.id, q.type, "pattern: not expressible in GIFT, left out"))
            if q.max_typos:
                notes.append(Skipped(q.id, q.type, "max_typos: not expressible in GIFT, left out"))
            parts = ["=" + escape(literal_asterisks(a)) for a in q.answers]
            parts += [f"=%0%{escape(literal_asterisks(m.answer))}{_feedback(m.feedback)}"
                      for m in q.common_mistakes]
            return " ".join(parts)
        case Numeric():
            if q.unit:
                notes.append(Skipped(q.id, q.type, "unit: GIFT has no unit, left out"))
            if q.range is not None:
                return f"#{_number(q.range.low)}..{_number(q.range.high)}"
            assert q.answer is not None  # the model guarantees answer or range
            tol = q.tolerance
            if q.relative_tolerance is not None:
                tol = abs(q.answer) * q.relative_tolerance
                notes.append(Skipped(q.id, q.type, "relative_tolerance written as absolute"))
            return f"#{_number(q.answer)}" + (f":{_number(tol)}" if tol else "")
        case Matching():
            parts = [f"={html(p.left, inline=True)} -> {escape(p.right)}" for p in q.pairs]
            parts += [f"= -> {escape(d)}" for d in q.distractors]
            return " ".join(parts)
        case Ordering():
            # Moodle's ordering GIFT syntax: >count selecttype layout grading showgrading
            # numbering, then one item per line (Moodle's own test input:
            # testimport.gift.txt). The grading counts items in the right order relative to
            # all others, as the course does.
            head = f">{len(q.items)} ALL VERTICAL RELATIVE_ALL_PREVIOUS_AND_NEXT SHOW none"
            return "\n\t".join([head, *(ordering_item(t) for t in q.items)])
        case FillBlanks():
            return None  # GIFT has no question with several blanks
        case _:
            unhandled(q)


def _why_not(q: Question) -> str:
    if isinstance(q, MultipleSelect):
        n = sum(o.correct for o in q.options)
        return f"{n} correct options cannot share 100% in Moodle's allowed grades"
    return f"GIFT has no {q.type} question type"


def question_block(item: ExportItem, notes: list[Skipped]) -> str | None:
    """One question as GIFT lines (no blank line inside), or None if GIFT cannot express it."""
    q = item.question
    answers = _answers(q, notes)
    if answers is None:
        return None
    tags = "".join(f" [tag:{t}]" for t in q.tags)
    meta = json.dumps(meta_of(q), ensure_ascii=False, sort_keys=True)
    general = f"####{html(q.explanation)}"
    return (
        f"// [id:{q.id}]{tags}\n"
        f"// quizkit {meta}\n"
        f"::{escape(q.id)}::[html]{html(q.prompt)} {{\n"
        f"\t{answers}\n"
        f"\t{general}\n"
        "}\n"
    )


def export_gift(items: Sequence[ExportItem]) -> Export:
    """Export questions to Moodle GIFT (see the module docstring for what is left out)."""
    blocks: list[str] = []
    skipped: list[Skipped] = []
    notes: list[Skipped] = []
    category = None
    for item in items:
        block = question_block(item, notes)
        if block is None:
            skipped.append(Skipped(item.question.id, item.question.type, _why_not(item.question)))
            continue
        if item.chapter.label != category:
            category = item.chapter.label
            blocks.append(f"$CATEGORY: $course$/{category_name(category)}\n")
        blocks.append(block)
    return Export(data="\n".join(blocks).encode("utf-8"), skipped=skipped, notes=notes)


__all__ = ["category_name", "escape", "export_gift", "html", "nearest_grade", "ordering_item",
           "question_block"]
