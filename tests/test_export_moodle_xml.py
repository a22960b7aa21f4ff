"""Moodle XML export, parsed back: the elements Moodle's importer needs, per type."""

from __future__ import annotations

from lxml import etree

from helpers import pinned_blanks
from quizkit.export.moodle_xml import cloze_escape, export_moodle_xml
from test_export_golden import fixture_items


def _questions() -> dict[str, etree._Element]:
    root = etree.fromstring(export_moodle_xml(fixture_items()).data)
    assert root.tag == "quiz"
    return {q.findtext("idnumber"): q for q in root.iter("question") if q.get("type") != "category"}


def test_category_comes_first_and_names_the_chapter() -> None:
    """One category question per chapter, before its questions."""
    root = etree.fromstring(export_moodle_xml(fixture_items()).data)
    first = root[0]
    assert first.get("type") == "category"
    assert first.findtext("category/text") == "$course$/top/03 The 2+2 meeting: a fixture"


def test_every_bank_type_maps_to_a_moodle_type() -> None:
    """Each of the eight bank types is exported, with Moodle's type name and the id."""
    qs = _questions()
    assert {k: v.get("type") for k, v in qs.items()} == {
        "fx-single": "multichoice", "fx-multi": "multichoice", "fx-true-false": "truefalse",
        "fx-numeric": "numerical", "fx-numeric-range": "numerical", "fx-short": "shortanswer",
        "fx-matching": "matching", "fx-ordering": "ordering", "fx-blanks": "multianswer",
    }
    for qid, q in qs.items():
        assert q.findtext("name/text") == qid
        assert q.find("questiontext").get("format") == "html"
        assert q.findtext("generalfeedback/text").startswith("<p>")


def test_text_is_rendered_markdown_and_feedback_is_kept() -> None:
    """Prompts are safe HTML from Markdown; per-answer feedback and tags are present."""
    q = _questions()["fx-single"]
    assert "<em>Tokyo</em>" in q.findtext("questiontext/text")
    answers = q.findall("answer")
    assert [a.get("fraction") for a in answers] == ["100", "0", "0"]
    assert "first paragraph" in answers[0].findtext("feedback/text")
    assert q.findtext("single") == "true"
    assert [t.text for t in q.findall("tags/tag/text")] == ["dates"]


def test_multiple_select_weights_are_allowed_moodle_grades() -> None:
    """Three correct options: 33.33333 each, the wrong one -33.33333."""
    q = _questions()["fx-multi"]
    assert q.findtext("single") == "false"
    assert [a.get("fraction") for a in q.findall("answer")] == [
        "33.33333", "33.33333", "33.33333", "-33.33333"]


def test_numeric_range_becomes_midpoint_and_tolerance() -> None:
    """Moodle numerical answers are value ± tolerance: [2013, 2013.5] is 2013.25 ± 0.25."""
    q = _questions()["fx-numeric-range"]
    assert q.findtext("answer/text") == "2013.25"
    assert q.findtext("answer/tolerance") == "0.25"


def test_matching_ordering_truefalse_and_short_answer_details() -> None:
    """Subquestions with a distractor, ordering positions, true/false and common mistakes."""
    qs = _questions()
    subs = qs["fx-matching"].findall("subquestion")
    assert [s.findtext("answer/text") for s in subs] == ["Russia", "Russia", "Japan", "Japan",
                                                         "China"]
    assert subs[-1].findtext("text") in (None, "")
    order = qs["fx-ordering"].findall("answer")
    assert [a.get("fraction") for a in order] == ["1", "2", "3"]
    tf = qs["fx-true-false"].findall("answer")
    assert [(a.findtext("text"), a.get("fraction")) for a in tf] == [("true", "100"),
                                                                     ("false", "0")]
    short = qs["fx-short"].findall("answer")
    assert [(a.findtext("text"), a.get("fraction")) for a in short] == [
        ("Tokyo", "100"), ("Tōkyō", "100"), ("Moscow", "0")]
    assert qs["fx-short"].findtext("usecase") == "0"


def test_fill_blanks_becomes_cloze() -> None:
    """Blanks become embedded Cloze sub-questions: a dropdown and a short answer."""
    text = _questions()["fx-blanks"].findtext("questiontext/text")
    assert "{1:MULTICHOICE_S:=terrorism~trade~tourism}" in text  # Moodle shuffles it
    assert "{1:SHORTANSWER:=anti-piracy~=anti piracy}" in text


def test_cloze_escapes_its_special_characters_as_entities() -> None:
    """Moodle unescapes only ``\\}`` and ``\\#`` in a Cloze answer but decodes entities:
    specials become numeric entities, ``& < > "`` entities, and a backslash just before
    ``}`` or ``#`` is doubled (Moodle removes one)."""
    assert cloze_escape('a}b#c~d/e"f\\g') == "a&#125;b&#35;c&#126;d/e&quot;f&#92;g"
    assert cloze_escape("=50%<&") == "&#61;50&#37;&lt;&amp;"
    assert cloze_escape("x\\}") == "x&#92;&#92;&#125;"


def test_raw_html_in_bank_text_is_escaped_not_passed_through() -> None:
    """Bank text reaches Moodle only through the safe Markdown renderer."""
    from quizkit.export.items import Chapter, ExportItem
    from quizkit.models import TrueFalse

    q = TrueFalse(id="x", type="true-false", prompt="<script>alert(1)</script> ok?", answer=True,
                  level="remember",
                  explanation="E.", objectives=["o"],
                  source={"paragraph": "p1", "quote": "Tokyo"})  # type: ignore[arg-type]
    data = export_moodle_xml([ExportItem(Chapter(1, "T", "01-t"), q)]).data.decode()
    assert "<script>" not in data
    assert "&lt;script&gt;" in data


HOSTILE = [
    "<input autofocus onfocus=alert(1)>",
    'a~b}c#d\\e/f"g',
    "=starts with an equals sign",
    "%50%looks like a weight",
    "&amp; written out, &lt;b&gt;",
    "backslash before brace \\} and hash \\#",
    "ends with a backslash \\",
]


def _hostile_blanks() -> object:
    from quizkit.models import FillBlanks

    return FillBlanks(
        id="cloze", type="fill-blanks", prompt="Fill in.",
        passage="Pick {{choice}} and type {{typed}}.",
        blanks=[{"id": "choice", "answers": [HOSTILE[0]], "options": HOSTILE},
                {"id": "typed", "answers": HOSTILE[1:]}],
        level="remember", explanation="E.", objectives=["o"],
        source={"paragraph": "p1", "quote": "Tokyo"})  # type: ignore[arg-type]


def test_cloze_fields_arrive_in_moodle_as_the_text_the_book_shows() -> None:
    """Read by (a transcription of) Moodle 4.5's Cloze parser, each drop-down option is
    stored as the book's safe HTML (no live <input>) and each short answer as its exact
    text: no stray backslashes, no answer split at ~ } # or read as a weight."""
    from lxml import html as lxml_html

    from moodle_cloze import extract
    from quizkit.export.items import Chapter, ExportItem
    from quizkit.text import render_markdown

    q = _hostile_blanks()
    data = export_moodle_xml([ExportItem(Chapter(1, "T", "01-t"), q)]).data  # type: ignore[list-item]
    text = etree.fromstring(data).find("question[@type='multianswer']").findtext("questiontext/text")
    rest, subs = extract(text)
    assert rest == "<p>Fill in.</p>\n<p>Pick {#1} and type {#2}.</p>\n"
    choice, typed = subs
    assert choice.qtype == "multichoice"
    assert choice.answers == [render_markdown(o, inline=True) for o in HOSTILE]
    assert choice.fractions == [1.0] + [0.0] * (len(HOSTILE) - 1)
    shown = [lxml_html.fragment_fromstring(a, create_parent="div") for a in choice.answers]
    assert all(d.find(".//input") is None for d in shown)
    assert [d.text_content() for d in shown] == [
        lxml_html.fragment_fromstring(render_markdown(o, inline=True),
                                      create_parent="div").text_content() for o in HOSTILE]
    assert typed.qtype == "shortanswer"
    assert typed.answers == HOSTILE[1:]
    assert typed.fractions == [1.0] * (len(HOSTILE) - 1)


def test_drop_downs_are_shuffled_by_moodle_unless_fixed_or_pinned() -> None:
    """MULTICHOICE_S for a shuffled blank; MULTICHOICE as written for shuffle: false; a
    blank with a pinned option in the book's order (Moodle cannot pin), with a note."""
    from moodle_cloze import extract
    from quizkit.export.items import Chapter, ExportItem

    result = export_moodle_xml([ExportItem(Chapter(1, "T", "01-t"), pinned_blanks())])  # type: ignore[list-item]
    text = etree.fromstring(result.data).find("question[@type='multianswer']").findtext(
        "questiontext/text")
    _, subs = extract(text)
    assert [(s.shuffle, [a for a in s.answers]) for s in subs] == [
        (True, ["Lavrov", "Shoigu", "Kishida", "none of these"]),
        (False, ["Lavrov", "Kishida", "Shoigu", "none of these"]),
        (False, ["Lavrov", "Shoigu", "Kishida", "none of these"]),
    ]
    assert [s.fractions.index(1.0) for s in subs] == [0, 2, 2]
    assert [n.reason for n in result.notes] == [
        "pin: Moodle shuffles all of a drop-down or none; written in the book's order, "
        "not shuffled"]


def test_asterisks_in_short_answers_stay_literal() -> None:
    """Moodle grades short answers with ``*`` as a wildcard: an answer "2*3" must not accept
    "2 and 3", so the export writes ``2\\*3`` (Moodle XML, GIFT and Cloze alike)."""
    from quizkit.export.gift import export_gift
    from quizkit.export.items import Chapter, ExportItem
    from quizkit.models import FillBlanks, ShortText

    short = ShortText.model_validate({
        "id": "star", "type": "short-text", "prompt": "Product?", "answers": ["2*3"],
        "common_mistakes": [{"answer": "2*4", "feedback": "No."}],
        "explanation": "E.", "objectives": ["o"], "level": "remember", "source": {"factsheet": "F"},
    })
    blank = FillBlanks.model_validate({
        "id": "star-blank", "type": "fill-blanks", "prompt": "Fill.", "passage": "It is {{b}}.",
        "blanks": [{"id": "b", "answers": ["a*b"]}],
        "explanation": "E.", "objectives": ["o"], "level": "remember", "source": {"factsheet": "F"},
    })
    chapter = Chapter(3, "Chapter", "03-x")
    xml = export_moodle_xml([ExportItem(chapter, short), ExportItem(chapter, blank)]).data.decode()
    assert "<text>2\\*3</text>" in xml and "<text>2\\*4</text>" in xml
    assert "a&#92;*b" in xml  # Cloze: the backslash as an entity, which Moodle decodes
    gift = export_gift([ExportItem(chapter, short)]).data.decode()
    assert "=2\\\\*3" in gift
