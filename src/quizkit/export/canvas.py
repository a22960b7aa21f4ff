"""Canvas Classic Quizzes: a QTI 1.2 zip in the flavour Canvas's "QTI .zip file" import reads.

Question types: ``multiple_choice_question``, ``multiple_answers_question``,
``true_false_question``, ``numerical_question``, ``short_answer_question`` (fill in the
blank), ``matching_question``, and for fill-blanks ``multiple_dropdowns_question`` (every
blank has options) or ``fill_in_multiple_blanks_question`` (no blank has options). Ordering
questions and fill-blanks mixing both kinds of blank cannot be expressed and are reported.
Identifiers come from content hashes, so the zip is byte-identical on every run.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from quizkit.export.items import (
    DEFAULT_TITLE,
    Export,
    ExportItem,
    Skipped,
    content_id,
    fixed_zip,
)
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

NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS = "http://canvas.instructure.com/xsd/cccv1p0"


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, tag, **attrs)
    if text is not None:
        el.text = text
    return el


def _mat(parent: etree._Element, markdown: str, *, inline: bool = False) -> None:
    material = _el(parent, "material")
    _el(material, "mattext", render_markdown(markdown, inline=inline), texttype="text/html")


def _meta(item: etree._Element, qtype: str, answer_ids: list[str]) -> None:
    qm = _el(_el(item, "itemmetadata"), "qtimetadata")
    for label, entry in (("question_type", qtype), ("points_possible", "1.0"),
                         ("original_answer_ids", ",".join(answer_ids)),
                         ("assessment_question_identifierref", "ref" + item.get("ident", ""))):
        field = _el(qm, "qtimetadatafield")
        _el(field, "fieldlabel", label)
        _el(field, "fieldentry", entry)


def _condition(rp: etree._Element, score: str | None, *, action: str = "Set",
               feedback: str | None = None, cont: str = "No") -> etree._Element:
    rc = _el(rp, "respcondition", continue_=cont)
    rc.attrib["continue"] = rc.attrib.pop("continue_")
    cv = _el(rc, "conditionvar")
    if score is not None:
        _el(rc, "setvar", score, action=action, varname="SCORE")
    if feedback is not None:
        _el(rc, "displayfeedback", feedbacktype="Response", linkrefid=feedback)
    return cv


def _choice_lid(presentation: etree._Element, ident: str, card: str,
                labels: list[tuple[str, str]], label_text: str | None = None) -> None:
    lid = _el(presentation, "response_lid", ident=ident, rcardinality=card)
    if label_text is not None:
        material = _el(lid, "material")
        _el(material, "mattext", label_text)
    rc = _el(lid, "render_choice")
    for aid, text in labels:
        _mat(_el(rc, "response_label", ident=aid), text, inline=True)


def _item(section: etree._Element, q: Question) -> tuple[etree._Element, str] | str:
    """One ``<item>`` and its Canvas type, or why Canvas cannot express the question."""
    qid = content_id(q.id, q.type)
    item = etree.Element("item", ident=qid, title=q.id)
    presentation = etree.Element("presentation")
    prompt_md = q.prompt
    rp = etree.Element("resprocessing")
    outcomes = _el(rp, "outcomes")
    _el(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    feedbacks: list[tuple[str, str]] = [("general_fb", q.explanation)]  # Canvas name
    _el(_condition(rp, None, feedback="general_fb", cont="Yes"), "other")

    def aid(*parts: str) -> str:
        return content_id(q.id, *parts, length=8)

    if isinstance(q, FillBlanks):
        kinds = {b.options is not None for b in q.blanks}
        if len(kinds) > 1:
            return "blanks mix free text and options; Canvas needs one kind per question"
        prompt_md = q.prompt + "\n\n" + BLANK_PATTERN.sub(lambda m: f"[{m.group(1)}]", q.passage)
    _mat(presentation, prompt_md)
    answer_ids: list[str] = []
    match q:
        case SingleChoice() | MultipleSelect() | TrueFalse():
            if isinstance(q, TrueFalse):
                opts = [("True", q.answer, q.feedback_true), ("False", not q.answer, q.feedback_false)]
                qtype, card = "true_false_question", "Single"
            else:
                opts = [(o.text, o.correct, o.feedback) for o in q.options]
                single = isinstance(q, SingleChoice)
                qtype = "multiple_choice_question" if single else "multiple_answers_question"
                card = "Single" if single else "Multiple"
            labels = [(aid(str(n), text), text) for n, (text, _, _) in enumerate(opts)]
            answer_ids = [a for a, _ in labels]
            _choice_lid(presentation, "response1", card, labels)
            for (a, _), (_, _, fb) in zip(labels, opts):
                if fb:
                    feedbacks.append((f"{a}_fb", fb))
                    _el(_condition(rp, None, feedback=f"{a}_fb", cont="Yes"), "varequal", a,
                        respident="response1")
            cv = _condition(rp, "100")
            if card == "Single":
                right = next(a for (a, _), (_, ok, _) in zip(labels, opts) if ok)
                _el(cv, "varequal", right, respident="response1")
            else:
                both = _el(cv, "and")
                for (a, _), (_, ok, _) in zip(labels, opts):
                    target = both if ok else _el(both, "not")
                    _el(target, "varequal", a, respident="response1")
        case ShortText() | Numeric():
            numeric = isinstance(q, Numeric)
            qtype = "numerical_question" if numeric else "short_answer_question"
            rs = _el(presentation, "response_str", ident="response1", rcardinality="Single")
            fib = _el(rs, "render_fib", **({"fibtype": "Decimal"} if numeric else {}))
            _el(fib, "response_label", ident="answer1", rshuffle="No")
            if isinstance(q, Numeric):
                if q.range is not None:
                    low, high = q.range.low, q.range.high
                else:
                    assert q.answer is not None  # the model guarantees answer or range
                    tol = q.tolerance or abs(q.answer) * (q.relative_tolerance or 0)
                    low, high = q.answer - tol, q.answer + tol
                cv = _condition(rp, "100")
                both = _el(cv, "and")
                _el(both, "vargte", f"{low:g}", respident="response1")
                _el(both, "varlte", f"{high:g}", respident="response1")
            else:
                for a in dict.fromkeys(q.answers):
                    _el(_condition(rp, "100"), "varequal", a, respident="response1")
        case Matching():
            qtype = "matching_question"
            rights = [(aid("r", r), r) for r in q.choices]
            share = f"{100 / len(q.pairs):.2f}"
            for n, p in enumerate(q.pairs):
                rid = f"response_{aid('l', str(n))}"
                _choice_lid(presentation, rid, "Single", rights, label_text=p.left)
                right = next(a for a, r in rights if r == p.right)
                _el(_condition(rp, share, action="Add", cont="Yes"), "varequal", right,
                    respident=rid)
        case FillBlanks():
            dropdowns = q.blanks[0].options is not None
            qtype = "multiple_dropdowns_question" if dropdowns else "fill_in_multiple_blanks_question"
            share = f"{100 / len(q.blanks):.2f}"
            for b in q.blanks:
                # Drop-down choices in the book's order (pinned options in their place).
                values = ([b.options[i] for i in blank_option_order(q, b)]
                          if b.options is not None else b.answers)
                labels = [(aid(b.id, v), v) for v in values]
                _choice_lid(presentation, f"response_{b.id}", "Single", labels, label_text=b.id)
                for a, v in labels:
                    if v in b.answers[:1] or (not dropdowns and v in b.answers):
                        _el(_condition(rp, share, action="Add", cont="Yes"), "varequal", a,
                            respident=f"response_{b.id}")
        case Ordering():
            return "Canvas Classic Quizzes have no ordering question"
        case _:
            unhandled(q)
    _meta(item, qtype, answer_ids)
    item.append(presentation)
    item.append(rp)
    for ident, text in feedbacks:
        fb = _el(item, "itemfeedback", ident=ident)
        _mat(_el(fb, "flow_mat"), text)
    section.append(item)
    return item, qtype


def export_canvas(items: Sequence[ExportItem], *, title: str = DEFAULT_TITLE) -> Export:
    """Export questions as a Canvas QTI 1.2 zip (one quiz named ``title``, every question)."""
    quiz_id = "g" + content_id(*(it.question.id for it in items), length=31)
    root = etree.Element("questestinterop", nsmap={None: NS})
    assessment = _el(root, "assessment", ident=quiz_id, title=title)
    field = _el(_el(assessment, "qtimetadata"), "qtimetadatafield")
    _el(field, "fieldlabel", "cc_maxattempts")
    _el(field, "fieldentry", "1")
    section = _el(assessment, "section", ident="root_section")
    skipped: list[Skipped] = []
    for it in items:
        q = it.question
        made = _item(section, q)
        if isinstance(made, str):
            skipped.append(Skipped(q.id, q.type, made))
    qti = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    meta = etree.Element("quiz", nsmap={None: CANVAS}, identifier=quiz_id)
    _el(meta, "title", title)
    _el(meta, "quiz_type", "assignment")
    _el(meta, "points_possible", f"{len(section):.1f}")
    _el(meta, "shuffle_answers", "true")
    meta_xml = etree.tostring(meta, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    man = etree.Element("manifest", nsmap={None: CP}, identifier="m" + quiz_id)
    _el(man, "organizations")
    res_list = _el(man, "resources")
    res = _el(res_list, "resource", identifier=quiz_id, type="imsqti_xmlv1p2")
    _el(res, "file", href=f"{quiz_id}/{quiz_id}.xml")
    _el(res, "dependency", identifierref=quiz_id + "_meta")
    dep = _el(res_list, "resource", identifier=quiz_id + "_meta",
              type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
              href=f"{quiz_id}/assessment_meta.xml")
    _el(dep, "file", href=f"{quiz_id}/assessment_meta.xml")
    man_xml = etree.tostring(man, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    data = fixed_zip({
        "imsmanifest.xml": man_xml,
        f"{quiz_id}/{quiz_id}.xml": qti,
        f"{quiz_id}/assessment_meta.xml": meta_xml,
    })
    return Export(data=data, skipped=skipped)


__all__ = ["export_canvas"]
