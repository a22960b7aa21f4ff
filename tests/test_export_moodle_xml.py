"""Moodle XML export, parsed back: the elements Moodle's importer needs, per type."""

from __future__ import annotations

from lxml import etree

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
    assert "{1:MULTICHOICE:=terrorism~trade~tourism}" in text
    assert "{1:SHORTANSWER:=anti-piracy~=anti piracy}" in text


def test_cloze_escapes_its_special_characters() -> None:
    """Inside a Cloze answer ``} # ~ / \" \\`` are escaped with a backslash."""
    assert cloze_escape('a}b#c~d/e"f\\g') == 'a\\}b\\#c\\~d\\/e\\"f\\\\g'


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
