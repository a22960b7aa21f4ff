"""Moodle XML: every question type Moodle has, with categories, tags, ids and feedback.

Text is the bank's Markdown rendered to safe HTML (``quizkit.text.render_markdown``) and
written as CDATA with ``format="html"``. Fill-blanks becomes a Cloze (``multianswer``)
question; ordering uses Moodle's ``ordering`` question type (standard since Moodle 4.4).
Bank fields Moodle has no place for travel in a ``<!-- quizkit {...} -->`` comment that
Moodle ignores and ``quizkit import`` reads back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from lxml import etree

from quizkit.export.grades import literal_asterisks, split_weights, weights_sum_ok
from quizkit.export.items import Export, ExportItem, Skipped, meta_of
from quizkit.models import (
    BLANK_PATTERN,
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
from quizkit.public import blank_option_order
from quizkit.text import render_markdown

_CLOZE_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "~": "&#126;",
                 "#": "&#35;", "}": "&#125;", "{": "&#123;", "=": "&#61;", "%": "&#37;",
                 "\\": "&#92;"}
_CLOZE_SPECIAL = re.compile("[" + re.escape("".join(_CLOZE_ENTITY)) + "]")


def _text_el(parent: etree._Element, tag: str, markdown: str | None, *, inline: bool = False,
             fmt: bool = True) -> etree._Element:
    el = etree.SubElement(parent, tag)
    if fmt:
        el.set("format", "html")
    text = etree.SubElement(el, "text")
    if markdown:
        text.text = etree.CDATA(render_markdown(markdown, inline=inline))
    return el


def _plain(parent: etree._Element, tag: str, value: str) -> etree._Element:
    el = etree.SubElement(parent, tag)
    el.text = value
    return el


def _answer(parent: etree._Element, fraction: str, markdown: str, feedback: str | None, *,
            html: bool = True) -> etree._Element:
    ans = etree.SubElement(parent, "answer", fraction=fraction)
    if html:
        ans.set("format", "html")
        etree.SubElement(ans, "text").text = etree.CDATA(render_markdown(markdown, inline=True))
    else:
        ans.set("format", "plain_text")
        etree.SubElement(ans, "text").text = markdown
    _text_el(ans, "feedback", feedback, inline=True)
    return ans


def cloze_escape(text: str) -> str:
    """Write ``text`` inside a Cloze field so that Moodle stores exactly ``text``.

    Moodle 4.5's Cloze parser (qtype_multianswer) ends an answer at ``~``, ``#`` or ``}``
    unless ``\\`` or ``&`` stands just before it, reads a leading ``=`` or ``%n%`` as a
    grade, decodes HTML entities (``html_entity_decode``), then turns ``\\}`` into ``}`` and
    ``\\#`` into ``#``; nothing else is unescaped. So every special character is written as
    a numeric entity (decoded back by Moodle), ``& < > "`` as entities too (so a drop-down
    answer, stored as HTML, keeps its escaping), and a backslash just before ``}`` or ``#``
    is doubled first (Moodle's last step removes one).
    """
    doubled = re.sub(r"\\(?=[}#])", r"\\\\", text)
    return _CLOZE_SPECIAL.sub(lambda m: _CLOZE_ENTITY[m.group(0)], doubled)


def cloze_text(q: FillBlanks) -> str:
    """The passage as Cloze HTML: each ``{{blank}}`` becomes an embedded sub-question.

    A drop-down blank is ``MULTICHOICE_S`` (Moodle shuffles it for each learner), or
    ``MULTICHOICE`` in written order when the blank has ``shuffle: false``. Moodle cannot
    keep some options of a shuffled drop-down in place, so a shuffled blank with ``pin`` is
    written as ``MULTICHOICE`` in the book's order (``quizkit.public.blank_option_order``),
    which keeps the pinned options where the book shows them.
    """
    tokens: dict[str, str] = {}

    def field(match: re.Match[str]) -> str:
        blank = next(b for b in q.blanks if b.id == match.group(1))
        if blank.options is not None:
            kind, order = "MULTICHOICE", list(range(len(blank.options)))
            if blank.shuffle and blank.pin:
                order = blank_option_order(q, blank)
            elif blank.shuffle:
                kind = "MULTICHOICE_S"
            # A drop-down answer is stored as HTML: the option as the book renders it.
            options = [blank.options[i] for i in order]
            alts = [("=" if o == blank.answers[0] else "")
                    + cloze_escape(render_markdown(o, inline=True)) for o in options]
            body = f"1:{kind}:" + "~".join(alts)
        else:
            body = "1:SHORTANSWER:" + "~".join(
                "=" + cloze_escape(literal_asterisks(a)) for a in blank.answers
            )
        token = f"QKBLANK{len(tokens)}X"
        tokens[token] = "{" + body + "}"
        return token

    html = render_markdown(q.prompt) + render_markdown(BLANK_PATTERN.sub(field, q.passage))
    for token, body in tokens.items():
        html = html.replace(token, body)
    return html


def moodle_type(q: Question) -> str:
    """The Moodle question type ``q`` is written as."""
    match q:
        case SingleChoice() | MultipleSelect():
            return "multichoice"
        case TrueFalse():
            return "truefalse"
        case Numeric():
            return "numerical"
        case ShortText():
            return "shortanswer"
        case Matching():
            return "matching"
        case Ordering():
            return "ordering"
        case FillBlanks():
            return "multianswer"
        case _:
            unhandled(q)


def question_element(item: ExportItem, notes: list[Skipped]) -> etree._Element | None:
    """One ``<question>`` element, or None when Moodle cannot express it."""
    q = item.question
    if isinstance(q, MultipleSelect) and not weights_sum_ok(sum(o.correct for o in q.options)):
        return None
    el = etree.Element("question", type=moodle_type(q))
    el.append(etree.Comment(" quizkit " + json.dumps(meta_of(q), ensure_ascii=False,
                                                     sort_keys=True).replace("--", "\\u002d-")
                            + " "))
    name = etree.SubElement(el, "name")
    _plain(name, "text", q.id)
    qt = etree.SubElement(el, "questiontext", format="html")
    body = cloze_text(q) if isinstance(q, FillBlanks) else render_markdown(q.prompt)
    etree.SubElement(qt, "text").text = etree.CDATA(body)
    _text_el(el, "generalfeedback", q.explanation)
    _plain(el, "defaultgrade", "1")
    _plain(el, "penalty", "0.3333333")
    _plain(el, "hidden", "0")
    _plain(el, "idnumber", q.id)
    _answers(el, q, notes)
    for hint in q.hints:
        _text_el(el, "hint", hint)
    if q.tags:
        tags = etree.SubElement(el, "tags")
        for t in q.tags:
            _plain(etree.SubElement(tags, "tag"), "text", t)
    return el


def _answers(el: etree._Element, q: Question, notes: list[Skipped]) -> None:
    match q:
        case SingleChoice() | MultipleSelect():
            single = isinstance(q, SingleChoice)
            _plain(el, "single", "true" if single else "false")
            _plain(el, "shuffleanswers", "true" if q.shuffle else "false")
            _plain(el, "answernumbering", "abc")
            if any(o.pin for o in q.options):
                notes.append(Skipped(q.id, q.type, "pin: Moodle shuffles all options or none"))
            right, wrong = (("100", "0") if single
                            else split_weights(sum(o.correct for o in q.options)))
            for o in q.options:
                _answer(el, right if o.correct else wrong, o.text, o.feedback)
        case TrueFalse():
            _answer(el, "100" if q.answer else "0", "true", q.feedback_true, html=False)
            _answer(el, "0" if q.answer else "100", "false", q.feedback_false, html=False)
        case ShortText():
            _plain(el, "usecase", "1" if q.case_sensitive else "0")
            for a in q.answers:
                _answer(el, "100", literal_asterisks(a), None, html=False)
            for m in q.common_mistakes:
                _answer(el, "0", literal_asterisks(m.answer), m.feedback, html=False)
            for fld in ("pattern", "max_typos"):
                if getattr(q, fld):
                    notes.append(Skipped(q.id, q.type, f"{fld}: Moodle short answers lack it"))
        case Numeric():
            if q.range is not None:
                mid = (q.range.low + q.range.high) / 2
                value, tol = mid, (q.range.high - q.range.low) / 2
            else:
                assert q.answer is not None  # the model guarantees answer or range
                value = q.answer
                tol = q.tolerance or (abs(q.answer) * (q.relative_tolerance or 0))
            ans = _answer(el, "100", f"{value:g}", None, html=False)
            _plain(ans, "tolerance", f"{tol:g}")
            if q.unit:
                units = etree.SubElement(el, "units")
                unit = etree.SubElement(units, "unit")
                _plain(unit, "multiplier", "1")
                _plain(unit, "unit_name", q.unit)
                _plain(el, "unitgradingtype", "0")
                _plain(el, "showunits", "3")
                _plain(el, "unitsleft", "0")
        case Matching():
            _plain(el, "shuffleanswers", "true")
            for p in q.pairs:
                sub = _text_el(el, "subquestion", p.left, inline=True)
                _plain(etree.SubElement(sub, "answer"), "text", p.right)
            for d in q.distractors:
                sub = _text_el(el, "subquestion", None)
                _plain(etree.SubElement(sub, "answer"), "text", d)
        case Ordering():
            _plain(el, "layouttype", "VERTICAL")
            _plain(el, "selecttype", "ALL")
            _plain(el, "selectcount", "0")
            _plain(el, "gradingtype", "RELATIVE_ALL_PREVIOUS_AND_NEXT")
            _plain(el, "showgrading", "SHOW")
            _plain(el, "numberingstyle", "none")
            for position, item in enumerate(q.items, start=1):
                # qtype_ordering keeps the correct position of each item in "fraction".
                _answer(el, str(position), item, None)
        case FillBlanks():
            if any(b.max_typos for b in q.blanks):
                notes.append(Skipped(q.id, q.type, "max_typos: Cloze has no near-miss tolerance"))
            if any(b.options and b.shuffle and b.pin for b in q.blanks):
                notes.append(Skipped(q.id, q.type, "pin: Moodle shuffles all of a drop-down or "
                                     "none; written in the book's order, not shuffled"))
            if any(b.options and len(b.answers) > 1 for b in q.blanks):
                notes.append(Skipped(q.id, q.type, "a drop-down blank in Cloze accepts only its "
                                     "first answer"))
        case _:
            unhandled(q)


def export_moodle_xml(items: Sequence[ExportItem]) -> Export:
    """Export questions to Moodle XML (``<quiz>`` with a category before each chapter)."""
    root = etree.Element("quiz")
    skipped: list[Skipped] = []
    notes: list[Skipped] = []
    category = None
    for item in items:
        el = question_element(item, notes)
        if el is None:
            n = sum(getattr(o, "correct", False) for o in getattr(item.question, "options", []))
            skipped.append(Skipped(item.question.id, item.question.type,
                                   f"{n} correct options cannot share 100% in Moodle's grades"))
            continue
        if item.chapter.label != category:
            category = item.chapter.label
            cat = etree.SubElement(root, "question", type="category")
            name = category.replace("/", "//")
            _plain(etree.SubElement(cat, "category"), "text", f"$course$/top/{name}")
        root.append(el)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return Export(data=data, skipped=skipped, notes=notes)


__all__ = ["cloze_escape", "cloze_text", "export_moodle_xml", "moodle_type", "question_element"]
