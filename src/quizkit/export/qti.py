"""IMS QTI 2.1 content package: ``imsmanifest.xml`` plus one ``assessmentItem`` per question.

Each item declares its response and a ``SCORE`` outcome, shows the prompt and the right
interaction, and scores with explicit response processing equivalent to the standard
``match_correct`` / ``map_response`` templates, plus one step that sets ``FEEDBACK`` so the
explanation is shown as modal feedback. Partial credit follows the course's grading rules
where QTI can express them: multiple-select, matching and fill-blanks map each key to whole
points and divide by the points available, so the keyed response scores exactly 1 (mapped
fractions such as 0.333333 would add up to 0.999999). A numeric tolerance is written as the
range quizkit's grader accepts (``gte``/``lte``; ``equal`` in relative mode would build the
range on its first expression), and an exact answer uses ``toleranceMode="exact"`` with no
tolerance attribute.
The items and the manifest validate against the IMS XSDs (see ``tests/test_export_qti.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from quizkit.export.items import Export, ExportItem, Skipped, content_id, fixed_zip
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
from quizkit.text import render_markdown

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
MD = "http://www.imsglobal.org/xsd/imsmd_v1p2"
QMD = "http://www.imsglobal.org/xsd/imsqti_metadata_v2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_Q = f"{{{QTI}}}"

# HTML tags markdown-it may produce that QTI's XHTML subset lacks, and their stand-ins.
_TAG_MAP = {"s": "span", "del": "span", "hr": "br"}


def qti_id(text: str) -> str:
    """A QTI identifier (an NCName) for a bank id or other text."""
    return "Q-" + re.sub(r"[^A-Za-z0-9_.-]", "_", text)


def _q(tag: str) -> str:
    return _Q + tag


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, _q(tag), **attrs)
    if text is not None:
        el.text = text
    return el


def html_into(parent: etree._Element, markdown: str, *, inline: bool = False) -> None:
    """Append the bank Markdown, rendered safely, as QTI XHTML children of ``parent``."""
    html = render_markdown(markdown, inline=inline)
    wrapper = etree.fromstring(f'<div xmlns="{QTI}">{html}</div>'.encode(),
                               etree.XMLParser(resolve_entities=False, no_network=True))
    for el in wrapper.iter():
        local = etree.QName(el).localname
        if local in _TAG_MAP:
            el.tag = _q(_TAG_MAP[local])
    if wrapper.text:
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + wrapper.text
        else:
            parent.text = (parent.text or "") + wrapper.text
    for child in wrapper:
        parent.append(child)


def _value(parent: etree._Element, text: str) -> None:
    _sub(parent, "value", text)


def _response(item: etree._Element, ident: str, cardinality: str, base: str,
              correct: list[str]) -> etree._Element:
    decl = _sub(item, "responseDeclaration", identifier=ident, cardinality=cardinality,
                baseType=base)
    cr = _sub(decl, "correctResponse")
    for c in correct:
        _value(cr, c)
    return decl


def _mapping(decl: etree._Element, entries: list[tuple[str, int]], *, upper: int = 1,
             case_sensitive: bool = True) -> None:
    """Map keys to whole points (0 at least, ``upper`` at most); scores are normalised by
    dividing by the points available, so a keyed response scores exactly 1."""
    mapping = _sub(decl, "mapping", lowerBound="0", upperBound=str(upper), defaultValue="0")
    for key, value in entries:
        _sub(mapping, "mapEntry", mapKey=key, mappedValue=str(value),
             caseSensitive="true" if case_sensitive else "false")


def _between(low: float, high: float) -> etree._Element:
    """``low <= RESPONSE <= high``."""
    cond = etree.Element(_q("and"))
    gte = etree.SubElement(cond, _q("gte"))
    gte.extend([_var("RESPONSE"), _base(f"{low!r}")])
    lte = etree.SubElement(cond, _q("lte"))
    lte.extend([_var("RESPONSE"), _base(f"{high!r}")])
    return cond


def _set_score(parent: etree._Element, expr: etree._Element) -> None:
    sov = _sub(parent, "setOutcomeValue", identifier="SCORE")
    sov.append(expr)


def _base(value: str, base: str = "float") -> etree._Element:
    el = etree.Element(_q("baseValue"), baseType=base)
    el.text = value
    return el


def _var(ident: str) -> etree._Element:
    return etree.Element(_q("variable"), identifier=ident)


def _if_else(rp: etree._Element, condition: etree._Element, then: etree._Element,
             otherwise: etree._Element) -> None:
    rc = _sub(rp, "responseCondition")
    _set_score(_sub(rc, "responseIf"), then)
    rc[0].insert(0, condition)
    _set_score(_sub(rc, "responseElse"), otherwise)


def _match_correct(rp: etree._Element, ident: str = "RESPONSE") -> None:
    cond = etree.Element(_q("match"))
    cond.append(_var(ident))
    cond.append(etree.Element(_q("correct"), identifier=ident))
    _if_else(rp, cond, _base("1"), _base("0"))


def _divide(expr: etree._Element, points: int) -> etree._Element:
    """``expr`` / ``points`` (just ``expr`` when there is one point)."""
    if points == 1:
        return expr
    div = etree.Element(_q("divide"))
    div.extend([expr, _base(str(points))])
    return div


def _map_response(rp: etree._Element, ident: str = "RESPONSE", points: int = 1) -> None:
    cond = etree.Element(_q("isNull"))
    cond.append(_var(ident))
    _if_else(rp, cond, _base("0"),
             _divide(etree.Element(_q("mapResponse"), identifier=ident), points))


def _choices(parent: etree._Element, q: SingleChoice | MultipleSelect | TrueFalse,
             max_choices: str) -> list[tuple[str, bool]]:
    inter = _sub(parent, "choiceInteraction", responseIdentifier="RESPONSE",
                 shuffle="true" if getattr(q, "shuffle", False) else "false",
                 maxChoices=max_choices)
    out: list[tuple[str, bool]] = []
    if isinstance(q, TrueFalse):
        for label, value in (("True", True), ("False", False)):
            ident = f"C-{label.upper()}"
            _sub(inter, "simpleChoice", label, identifier=ident, fixed="true")
            out.append((ident, value == q.answer))
        return out
    for n, o in enumerate(q.options):
        ident = f"C{n + 1}"
        choice = _sub(inter, "simpleChoice", identifier=ident, fixed="true" if o.pin else "false")
        html_into(choice, o.text, inline=True)
        out.append((ident, o.correct))
    return out


def _body_and_processing(item: etree._Element, q: Question,
                         notes: list[Skipped]) -> list[str]:
    """Fill declarations, body and processing; return the interaction types (for metadata)."""
    decl_at = len(item)
    body = etree.Element(_q("itemBody"))
    rp = etree.Element(_q("responseProcessing"))
    prompt = _sub(body, "div")
    html_into(prompt, q.prompt)
    interaction: str | list[str] = "choiceInteraction"
    match q:
        case SingleChoice() | TrueFalse():
            choices = _choices(body, q, "1")
            _response(item, "RESPONSE", "single", "identifier", [c for c, ok in choices if ok])
            _match_correct(rp)
        case MultipleSelect():
            choices = _choices(body, q, "0")
            n = sum(ok for _, ok in choices)
            decl = _response(item, "RESPONSE", "multiple", "identifier",
                             [c for c, ok in choices if ok])
            _mapping(decl, [(c, 1 if ok else -1) for c, ok in choices], upper=n)
            _map_response(rp, points=n)
        case Numeric():
            interaction = "textEntryInteraction"
            _sub(_sub(body, "p"), "textEntryInteraction", responseIdentifier="RESPONSE",
                 expectedLength="10")
            if q.unit:
                body[-1][-1].tail = f" {q.unit}"
            if q.range is not None:
                _response(item, "RESPONSE", "single", "float", [f"{q.range.low!r}"])
                cond = _between(q.range.low, q.range.high)
            else:
                assert q.answer is not None  # the model guarantees answer or range
                _response(item, "RESPONSE", "single", "float", [f"{q.answer!r}"])
                if q.tolerance or q.relative_tolerance:
                    # Written as the range the course's grader accepts (quizkit.grading): equal's
                    # relative mode would build the range on whichever expression comes first.
                    a = q.answer
                    spread = q.tolerance or (q.relative_tolerance or 0) * abs(a)
                    eps = 1e-9 * max(1.0, abs(a))
                    cond = _between(a - spread - eps, a + spread + eps)
                else:  # exact: no tolerance attribute at all (some engines refuse "0 0")
                    cond = etree.Element(_q("equal"), toleranceMode="exact")
                    cond.extend([etree.Element(_q("correct"), identifier="RESPONSE"),
                                 _var("RESPONSE")])
            null = etree.Element(_q("isNull"))
            null.append(_var("RESPONSE"))
            rc = _sub(rp, "responseCondition")
            _set_score(_sub(rc, "responseIf"), _base("0"))
            rc[0].insert(0, null)
            _set_score(_sub(rc, "responseElseIf"), _base("1"))
            rc[1].insert(0, cond)
            _set_score(_sub(rc, "responseElse"), _base("0"))
        case ShortText():
            interaction = "textEntryInteraction"
            _sub(_sub(body, "p"), "textEntryInteraction", responseIdentifier="RESPONSE",
                 expectedLength=str(max(10, max(len(a) for a in q.answers))))
            decl = _response(item, "RESPONSE", "single", "string", [q.answers[0]])
            _mapping(decl, [(a, 1) for a in dict.fromkeys(q.answers)],
                     case_sensitive=q.case_sensitive)
            _map_response(rp)
            for fld in ("pattern", "max_typos"):
                if getattr(q, fld):
                    notes.append(Skipped(q.id, q.type, f"{fld}: not expressed in QTI"))
        case Matching():
            interaction = "matchInteraction"
            inter = _sub(body, "matchInteraction", responseIdentifier="RESPONSE", shuffle="true",
                         maxAssociations=str(len(q.pairs)))
            lefts = _sub(inter, "simpleMatchSet")
            rights = _sub(inter, "simpleMatchSet")
            for n, p in enumerate(q.pairs):
                html_into(_sub(lefts, "simpleAssociableChoice", identifier=f"L{n + 1}",
                               matchMax="1"), p.left, inline=True)
            right_ids = {r: f"R{n + 1}" for n, r in enumerate(q.choices)}
            for r, ident in right_ids.items():
                html_into(_sub(rights, "simpleAssociableChoice", identifier=ident, matchMax="0"),
                          r, inline=True)
            pairs = [f"L{n + 1} {right_ids[p.right]}" for n, p in enumerate(q.pairs)]
            decl = _response(item, "RESPONSE", "multiple", "directedPair", pairs)
            _mapping(decl, [(p, 1) for p in pairs], upper=len(pairs))
            _map_response(rp, points=len(pairs))
        case Ordering():
            interaction = "orderInteraction"
            inter = _sub(body, "orderInteraction", responseIdentifier="RESPONSE", shuffle="true")
            for n, text in enumerate(q.items):
                html_into(_sub(inter, "simpleChoice", identifier=f"I{n + 1}"), text, inline=True)
            _response(item, "RESPONSE", "ordered", "identifier",
                      [f"I{n + 1}" for n in range(len(q.items))])
            _match_correct(rp)
            notes.append(Skipped(q.id, q.type, "partial credit: QTI scores ordering all or nothing"))
        case FillBlanks():
            kinds = ["textEntryInteraction" if b.options is None else "inlineChoiceInteraction"
                     for b in q.blanks]
            interaction = sorted(set(kinds), key=kinds.index)
            _blanks(item, body, rp, q)
            if any(b.max_typos for b in q.blanks):
                notes.append(Skipped(q.id, q.type, "max_typos: not expressed in QTI"))
        case _:
            unhandled(q)
    # Declarations must precede the outcome declarations already in the item.
    decls = item[decl_at:]
    for d in decls:
        item.remove(d)
    for n, d in enumerate(decls):
        item.insert(n, d)
    item.append(body)
    fb = _sub(rp, "setOutcomeValue", identifier="FEEDBACK")
    fb.append(_base("EXPLANATION", "identifier"))
    item.append(rp)
    return interaction if isinstance(interaction, list) else [interaction]


def _blanks(item: etree._Element, body: etree._Element, rp: etree._Element,
            q: FillBlanks) -> None:
    tokens: dict[str, int] = {}

    def mark(match: re.Match[str]) -> str:
        token = f"QKBLANK{len(tokens)}X"
        tokens[token] = len(tokens)
        return token

    para = _sub(body, "div")
    html_into(para, BLANK_PATTERN.sub(mark, q.passage))
    for el in list(para.iter()):
        for attr in ("text", "tail"):
            value = getattr(el, attr)
            if not value or "QKBLANK" not in value:
                continue
            parts = re.split(r"(QKBLANK\d+X)", value)
            setattr(el, attr, parts[0])
            anchor_parent, index = (el, 0) if attr == "text" else (el.getparent(), 0)
            prev = None
            for part in parts[1:]:
                if part in tokens:
                    blank = q.blanks[tokens[part]]
                    ident = f"RESPONSE-{blank.id}"
                    if blank.options is not None:
                        # The engine shuffles the choices (as the book does, unless the
                        # blank says shuffle: false); pinned ones keep their place.
                        inter = etree.Element(_q("inlineChoiceInteraction"),
                                              responseIdentifier=ident,
                                              shuffle="true" if blank.shuffle else "false")
                        for n, opt in enumerate(blank.options):
                            choice = _sub(inter, "inlineChoice", opt, identifier=f"O{n + 1}")
                            if blank.shuffle and opt in blank.pin:
                                choice.set("fixed", "true")
                        right = f"O{blank.options.index(blank.answers[0]) + 1}"
                        decl = _response(item, ident, "single", "identifier", [right])
                        _mapping(decl, [(right, 1)])
                    else:
                        inter = etree.Element(_q("textEntryInteraction"),
                                              responseIdentifier=ident, expectedLength="15")
                        decl = _response(item, ident, "single", "string", [blank.answers[0]])
                        _mapping(decl, [(a, 1) for a in dict.fromkeys(blank.answers)],
                                 case_sensitive=False)
                    if attr == "text":
                        el.insert(index, inter)
                        index += 1
                    else:
                        assert anchor_parent is not None
                        pos = anchor_parent.index(prev if prev is not None else el) + 1
                        anchor_parent.insert(pos, inter)
                    prev = inter
                elif prev is not None:
                    prev.tail = (prev.tail or "") + part
                else:
                    setattr(el, attr, (getattr(el, attr) or "") + part)
    total = etree.Element(_q("sum"))
    for blank in q.blanks:
        total.append(etree.Element(_q("mapResponse"), identifier=f"RESPONSE-{blank.id}"))
    _set_score(rp, _divide(total, len(q.blanks)))


def assessment_item(q: Question, notes: list[Skipped]) -> tuple[bytes, list[str]]:
    """One question as a QTI 2.1 ``assessmentItem`` document, and its interaction types."""
    nsmap = {None: QTI, "xsi": XSI}
    item = etree.Element(_q("assessmentItem"), nsmap=nsmap)
    item.set(f"{{{XSI}}}schemaLocation",
             f"{QTI} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd")
    item.set("identifier", qti_id(q.id))
    item.set("title", q.id)
    item.set("adaptive", "false")
    item.set("timeDependent", "false")
    score = _sub(item, "outcomeDeclaration", identifier="SCORE", cardinality="single",
                 baseType="float")
    _value(_sub(score, "defaultValue"), "0")
    _sub(item, "outcomeDeclaration", identifier="MAXSCORE", cardinality="single",
         baseType="float").append(etree.fromstring(
             f'<defaultValue xmlns="{QTI}"><value>1</value></defaultValue>'))
    _sub(item, "outcomeDeclaration", identifier="FEEDBACK", cardinality="single",
         baseType="identifier")
    interaction = _body_and_processing(item, q, notes)
    feedback = _sub(item, "modalFeedback", outcomeIdentifier="FEEDBACK",
                    identifier="EXPLANATION", showHide="show")
    html_into(feedback, q.explanation, inline=True)
    data = etree.tostring(item, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data, interaction


def manifest(entries: list[tuple[str, str, str, list[str]]]) -> bytes:
    """``imsmanifest.xml`` for ``(resource id, href, title, interaction types)`` entries."""
    nsmap = {None: CP, "imsmd": MD, "imsqti": QMD, "xsi": XSI}
    root = etree.Element(f"{{{CP}}}manifest", nsmap=nsmap)
    root.set("identifier", "MANIFEST-" + content_id(*(e[0] for e in entries)))
    locations = (
        (CP, "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"),
        (MD, "http://www.imsglobal.org/xsd/imsmd_v1p2p4.xsd"),
        (QMD, "http://www.imsglobal.org/xsd/imsqti_metadata_v2p1.xsd"),
    )
    root.set(f"{{{XSI}}}schemaLocation", " ".join(f"{ns} {url}" for ns, url in locations))
    meta = etree.SubElement(root, f"{{{CP}}}metadata")
    etree.SubElement(meta, f"{{{CP}}}schema").text = "QTIv2.1 Package"
    etree.SubElement(meta, f"{{{CP}}}schemaversion").text = "1.0.0"
    etree.SubElement(root, f"{{{CP}}}organizations")
    resources = etree.SubElement(root, f"{{{CP}}}resources")
    for ident, href, title, interactions in entries:
        res = etree.SubElement(resources, f"{{{CP}}}resource", identifier=ident,
                               type="imsqti_item_xmlv2p1", href=href)
        rmeta = etree.SubElement(res, f"{{{CP}}}metadata")
        lom = etree.SubElement(rmeta, f"{{{MD}}}lom")
        general = etree.SubElement(lom, f"{{{MD}}}general")
        title_el = etree.SubElement(general, f"{{{MD}}}title")
        etree.SubElement(title_el, f"{{{MD}}}langstring").text = title
        qmeta = etree.SubElement(rmeta, f"{{{QMD}}}qtiMetadata")
        etree.SubElement(qmeta, f"{{{QMD}}}timeDependent").text = "false"
        for interaction in interactions:
            etree.SubElement(qmeta, f"{{{QMD}}}interactionType").text = interaction
        etree.SubElement(qmeta, f"{{{QMD}}}feedbackType").text = "nonadaptive"
        etree.SubElement(qmeta, f"{{{QMD}}}solutionAvailable").text = "true"
        etree.SubElement(res, f"{{{CP}}}file", href=href)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def export_qti(items: Sequence[ExportItem]) -> Export:
    """Export questions as a QTI 2.1 content package (zip bytes)."""
    files: dict[str, bytes] = {}
    entries: list[tuple[str, str, str, list[str]]] = []
    notes: list[Skipped] = []
    for it in items:
        data, interaction = assessment_item(it.question, notes)
        href = f"items/{it.question.id}.xml"
        files[href] = data
        entries.append((f"RES-{it.question.id}", href, it.question.id, interaction))
    files["imsmanifest.xml"] = manifest(entries)
    return Export(data=fixed_zip(files), notes=notes)


__all__ = ["assessment_item", "export_qti", "html_into", "manifest", "qti_id"]
