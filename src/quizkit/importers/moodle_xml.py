"""Moodle XML to bank drafts (types multichoice, truefalse, shortanswer, numerical,
matching, ordering). Parsed with lxml without entities, DTDs or network. Text in HTML
format is turned back into Markdown; a ``<!-- quizkit {...} -->`` comment written by
``quizkit export`` restores the bank fields Moodle has no place for."""

from __future__ import annotations

import json
import re
from typing import Any

from lxml import etree

from quizkit.errors import Problem
from quizkit.importers.drafts import Draft, ImportSyntaxError, Parsed
from quizkit.importers.markup import slugify, to_markdown
from quizkit.models import SLUG_PATTERN

_SLUG = re.compile(SLUG_PATTERN)


class MoodleXmlError(ImportSyntaxError):
    """Malformed Moodle XML, located by file and line."""


_FORMATS = {"html": "html", "moodle_auto_format": "moodle", "plain_text": "plain",
            "markdown": "markdown"}
"""Moodle XML's text formats and the names :func:`quizkit.importers.markup.to_markdown` uses
(an unknown format is read as HTML, Moodle's default)."""


def _text(el: etree._Element | None) -> str:
    """The Markdown of a Moodle text element (``<x format=...><text>...</text></x>``)."""
    if el is None:
        return ""
    t = el.find("text")
    raw = (t.text if t is not None else el.text) or ""
    fmt = _FORMATS.get(el.get("format", "html"), "html")
    return to_markdown(raw, fmt)


def _plain(el: etree._Element, path: str) -> str:
    found = el.find(path)
    return (found.text or "").strip() if found is not None else ""


def _fraction(ans: etree._Element, filename: str) -> float:
    raw = ans.get("fraction", "0")
    try:
        return float(raw)
    except ValueError:
        raise MoodleXmlError(filename, ans.sourceline, f"fraction {raw!r} is not a number") \
            from None


def _question(q: etree._Element, qtype: str, filename: str) -> tuple[dict[str, Any] | None, str]:
    d: dict[str, Any] = {"prompt": _text(q.find("questiontext"))}
    answers = q.findall("answer")
    if qtype == "multichoice":
        single = _plain(q, "single").lower() in ("true", "1")
        opts = []
        for a in answers:
            opt: dict[str, Any] = {"text": _text(a)}
            if _fraction(a, filename) > 0:
                opt["correct"] = True
            fb = _text(a.find("feedback"))
            if fb:
                opt["feedback"] = fb
            opts.append(opt)
        d["type"] = "single-choice" if single else "multiple-select"
        d["options"] = opts
        if _plain(q, "shuffleanswers").lower() in ("false", "0"):
            d["shuffle"] = False
    elif qtype == "truefalse":
        d["type"] = "true-false"
        for a in answers:
            value = _text(a).lower() == "true"
            if _fraction(a, filename) >= 99.99:
                d["answer"] = value
            fb = _text(a.find("feedback"))
            if fb:
                d["feedback_true" if value else "feedback_false"] = fb
        if "answer" not in d:
            return None, "true/false question with no 100% answer"
    elif qtype == "shortanswer":
        d["type"] = "short-text"
        d["answers"] = [_text(a) for a in answers if _fraction(a, filename) >= 99.99]
        mistakes = [{"answer": _text(a), "feedback": _text(a.find("feedback"))}
                    for a in answers if _fraction(a, filename) == 0 and _text(a.find("feedback"))]
        if mistakes:
            d["common_mistakes"] = mistakes
        if any(0 < _fraction(a, filename) < 99.99 for a in answers):
            return None, "short answer with a partial-credit answer has no bank equivalent"
        if _plain(q, "usecase") == "1":
            d["case_sensitive"] = True
    elif qtype == "numerical":
        d["type"] = "numeric"
        full = [a for a in answers if _fraction(a, filename) >= 99.99]
        if not full:
            return None, "numerical question with no 100% answer"
        a = full[0]
        try:
            number = float(_text(a))
            tol = float(_plain(a, "tolerance") or 0)
        except ValueError:
            raise MoodleXmlError(filename, a.sourceline, "numerical answer is not a "
                                                         "number") from None
        d["answer"] = number
        if tol:
            d["tolerance"] = tol
        unit = _plain(q, "units/unit/unit_name")
        if unit:
            d["unit"] = unit
    elif qtype == "matching":
        d["type"] = "matching"
        pairs, distractors = [], []
        for sub in q.findall("subquestion"):
            left = _text(sub)
            right = _plain(sub, "answer/text")
            if left:
                pairs.append({"left": left, "right": right})
            elif right:
                distractors.append(right)
        d["pairs"] = pairs
        if distractors:
            d["distractors"] = distractors
    elif qtype == "ordering":
        d["type"] = "ordering"
        ranked = sorted(answers, key=lambda a: _fraction(a, filename))
        d["items"] = [_text(a) for a in ranked]
    else:
        return None, f"Moodle question type '{qtype}' has no bank equivalent"
    explanation = _text(q.find("generalfeedback"))
    if explanation:
        d["explanation"] = explanation
    hints = [_text(h) for h in q.findall("hint") if _text(h)]
    if hints:
        d["hints"] = hints
    tags = [slugify(t.text or "") for t in q.findall("tags/tag/text")]
    if any(tags):
        d["tags"] = [t for t in tags if t]
    return d, ""


def parse_moodle_xml(data: bytes, filename: str = "<moodle-xml>") -> Parsed:
    """Parse a Moodle XML ``<quiz>`` into drafts."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_blank_text=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else 1
        raise MoodleXmlError(filename, line, f"not well-formed XML: {exc.msg}") from None
    if root.tag != "quiz":
        raise MoodleXmlError(filename, root.sourceline, f"the root element must be <quiz>, "
                                                        f"not <{root.tag}>")
    result = Parsed()
    for q in root.iter("question"):
        qtype = q.get("type", "")
        if qtype == "category":
            continue
        d, why = _question(q, qtype, filename)
        if d is None:
            result.unmapped.append(Problem(filename, q.sourceline or 0, None, None, why))
            continue
        draft = Draft(data={}, line=q.sourceline or 0)
        for node in q:
            comment = (node.text or "").strip() if isinstance(node, etree._Comment) else ""
            if comment.startswith("quizkit "):
                try:
                    meta = json.loads(comment[len("quizkit "):])
                except json.JSONDecodeError:
                    meta = None
                if isinstance(meta, dict):
                    draft.meta.update(meta)
        idnumber = _plain(q, "idnumber")
        name = _plain(q, "name/text")
        qid = idnumber if _SLUG.match(idnumber) else slugify(idnumber or name or d["prompt"])
        draft.data = {"id": qid, **d}
        draft.derived_id = not idnumber
        result.drafts.append(draft)
    return result


__all__ = ["MoodleXmlError", "parse_moodle_xml"]
