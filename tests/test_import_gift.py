"""GIFT parser: categories, names, escapes, feedback, numbers, matching, true/false,
Windows line endings, Unicode, and ``file:line:`` errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizkit.importers.gift import GiftSyntaxError, parse_gift, unescape

FIXTURES = Path(__file__).parent / "import_fixtures"


def _parse(text: str):  # type: ignore[no-untyped-def]
    return parse_gift(text, "t.gift")


def test_unescape_reverses_every_escape() -> None:
    """``\\~ \\= \\# \\{ \\} \\: \\\\`` and ``\\n``."""
    assert unescape(r"a\~b\=c\#d\{e\}f\:g\\h\ni") == "a~b=c#d{e}f:g\\h\ni"


def test_realistic_file_with_crlf_and_unicode() -> None:
    """The hand-written fixture (CRLF, en dashes, a category) parses question by question."""
    parsed = parse_gift((FIXTURES / "realistic.gift.txt").read_text(encoding="utf-8"),
                        "realistic.gift.txt")
    by_id = {d.data["id"]: d for d in parsed.drafts}
    assert list(by_id) == ["meeting-date", "ratio-a-test", "shoigu", "meetings", "year-range",
                           "islands", "pairs", "many"]
    date = by_id["meeting-date"]
    assert date.line == 7
    assert date.data["prompt"] == 'When did the first Russia–Japan "2+2" take place, per the paper?'
    assert date.data["options"][2]["feedback"] == ("The foreign ministers met that day: "
                                                   "not the 2+2.")
    assert date.data["explanation"] == "The paper opens with the date of the meeting."
    assert parsed.unmapped == [(39, "essay questions (empty answer block) have no bank type")]


def test_true_false_feedback_order_follows_moodle() -> None:
    """``{T#wrong#right}``: the first feedback is for a wrong answer."""
    d = _parse("::tf::Shoigu was Defence Minister. {T#No, he was.#Right.}").drafts[0].data
    assert (d["answer"], d["feedback_true"], d["feedback_false"]) == (True, "Right.", "No, he was.")
    d = _parse("::tf::Kishida was Defence Minister. {FALSE#Wrong.#Yes.}").drafts[0].data
    assert (d["answer"], d["feedback_true"], d["feedback_false"]) == (False, "Wrong.", "Yes.")


def test_numeric_forms() -> None:
    """``#4``, ``#4:0.5``, ``#1..2`` and ``#=4:0#fb``."""
    assert _parse("::a::N? {#4}").drafts[0].data["answer"] == 4
    d = _parse("::a::N? {#4:0.5}").drafts[0].data
    assert (d["answer"], d["tolerance"]) == (4, 0.5)
    assert _parse("::a::N? {#1..2}").drafts[0].data["range"] == {"low": 1, "high": 2}
    assert _parse("::a::N? {#=4:0#Yes =%50%3:0#Close}").drafts[0].data["answer"] == 4


def test_weights_decide_single_or_multiple() -> None:
    """One ``=`` is single choice; several positive weights are multiple select."""
    single = _parse("::s::Pick. {=a ~b ~c}").drafts[0].data
    assert single["type"] == "single-choice"
    multi = _parse("::m::Pick. {~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}").drafts[0].data
    assert multi["type"] == "multiple-select"
    assert [o.get("correct", False) for o in multi["options"]] == [True, True, True, False]


def test_missing_word_format_keeps_a_blank_in_the_prompt() -> None:
    """Text after the answer block makes a sentence with a gap."""
    d = _parse("::mw::The meeting was held in {=Tokyo ~Moscow} in 2013.").drafts[0].data
    assert d["prompt"] == "The meeting was held in _____ in 2013."


def test_html_format_becomes_markdown() -> None:
    """``[html]`` text is turned back into Markdown."""
    d = _parse("::h::[html]<p>Was it <em>Tokyo</em>?</p> {T}").drafts[0].data
    assert d["prompt"] == "Was it *Tokyo*?"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("::a::Q? {=x ~y", "t.gift:1: the answer block opened here is not closed with '}'"),
        ("\n\n::a::Q?\n{=x {~y}}", "t.gift:4: '{' inside an answer block"),
        ("::a::Q? {#abc}", "t.gift:1: 'abc' is not a number"),
        ("::a::Q? {=x}\n{=y}", "t.gift:2: more than one answer block"),
        ("::a::Q? {junk}", "t.gift:1: cannot read the answer block 'junk'"),
        ("::a::Q? {=left - right =x -> y}", "t.gift:1: a matching answer needs 'item -> partner'"),
        ("::a Q? {T}", "t.gift:1: question name '::' is not closed"),
        ("$CATEGORY: a\n::a::Q? {T}", "t.gift:2: put a blank line after the $CATEGORY line"),
    ],
)
def test_syntax_errors_name_the_line(text: str, message: str) -> None:
    """Each malformed input raises with ``file:line: message``."""
    with pytest.raises(GiftSyntaxError) as exc:
        _parse(text)
    assert str(exc.value).startswith(message)


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029")
    | st.sampled_from(list("~=#{}:\\%->\n")),
    min_size=1, max_size=40,
).map(str.strip).filter(lambda t: bool(t) and "\n\n" not in t and not t.startswith("%"))


@settings(max_examples=150, deadline=None)
@given(prompt=_TEXT, right=_TEXT, wrong=_TEXT, feedback=_TEXT, explanation=_TEXT)
def test_any_text_survives_export_and_import(prompt: str, right: str, wrong: str,
                                             feedback: str, explanation: str) -> None:
    """Whatever characters the bank text holds, GIFT escaping brings it back unchanged."""
    from quizkit.export.gift import export_gift
    from quizkit.export.items import Chapter, ExportItem
    from quizkit.models import SingleChoice

    q = SingleChoice(id="prop", type="single-choice", prompt=prompt,
                     options=[{"text": right, "correct": True, "feedback": feedback},
                              {"text": wrong}],
                     level="remember",
                     explanation=explanation, objectives=["o"],
                     source={"paragraph": "p1", "quote": "Tokyo"})  # type: ignore[arg-type]
    text = export_gift([ExportItem(Chapter(1, "T", "01-t"), q)]).data.decode()
    block = text.split("\n\n", 1)[1]
    assert "\n\n" not in block.strip()
    d = parse_gift(text, "p.gift").drafts[0].data
    assert d["prompt"] == prompt
    assert d["options"][0] == {"text": right, "correct": True, "feedback": feedback}
    assert d["options"][1] == {"text": wrong}
    assert d["explanation"] == explanation
