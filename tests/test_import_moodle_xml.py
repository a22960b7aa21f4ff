"""Moodle XML parser: the six mapped types, HTML to Markdown, no entity expansion."""

from __future__ import annotations

from pathlib import Path

from quizkit.importers.moodle_xml import parse_moodle_xml

FIXTURES = Path(__file__).parent / "import_fixtures"


def test_realistic_export_maps_six_types_and_reports_essay() -> None:
    """multichoice, truefalse, shortanswer, numerical, matching, ordering; essay unmapped."""
    parsed = parse_moodle_xml((FIXTURES / "realistic.moodle.xml").read_bytes(), "r.xml")
    types = {d.data["id"]: d.data["type"] for d in parsed.drafts}
    assert types == {"meeting-date-moodle": "single-choice", "lavrov": "true-false",
                     "city": "short-text", "meetings-count": "numeric",
                     "ministers": "matching", "sections": "ordering"}
    assert [(p.line, p.message) for p in parsed.unmapped] == [
        (50, "Moodle question type 'essay' has no bank equivalent")]
    first = parsed.drafts[0]
    assert first.line == 7
    assert first.data["prompt"] == "When was the **2+2** held?"
    assert first.data["explanation"] == "See the paper's opening."
    assert first.data["tags"] == ["dates"]
    assert parsed.drafts[5].data["items"] == ["Introduction", "Highlights", "Conclusions"]
    assert parsed.drafts[4].data["distractors"] == ["China"]


def test_external_entities_are_not_expanded() -> None:
    """A DOCTYPE entity pointing at a local file is left unresolved (no file read)."""
    parsed = parse_moodle_xml((FIXTURES / "entity-bomb.moodle.xml").read_bytes(), "e.xml")
    assert "root:" not in repr(parsed.drafts)
    assert parsed.drafts[0].data["prompt"] in ("", "leaks?")


def test_each_text_format_shows_what_moodle_shows() -> None:
    """Plain text keeps its Markdown characters literal, Markdown stays Markdown, HTML and
    Moodle's auto-format become Markdown: the book shows what Moodle showed."""
    from quizkit.importers.moodle_xml import parse_moodle_xml
    from quizkit.text import render_markdown

    def question(fmt: str, text: str) -> bytes:
        return f"""<?xml version="1.0"?><quiz><question type="truefalse">
<name><text>Q {fmt}</text></name>
<questiontext format="{fmt}"><text><![CDATA[{text}]]></text></questiontext>
<answer fraction="100" format="plain_text"><text>true</text></answer>
<answer fraction="0" format="plain_text"><text>false</text></answer>
</question></quiz>""".encode()

    def prompt(fmt: str, text: str) -> str:
        (draft,) = parse_moodle_xml(question(fmt, text), "q.xml").drafts
        return str(draft.data["prompt"])

    plain = prompt("plain_text", "2*3*4 is _not_ <b>bold</b>")
    assert "<em>" not in render_markdown(plain) and "<b>" not in render_markdown(plain)
    assert "2*3*4 is _not_ <b>bold</b>" in render_markdown(plain).replace("&lt;", "<").replace("&gt;", ">")
    assert prompt("markdown", "It is *said*") == "It is *said*"
    assert prompt("html", "<p>It is <em>said</em></p>") == "It is *said*"
    assert "\n" not in prompt("moodle_auto_format", "one line")
