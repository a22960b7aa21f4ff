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
    assert [(p.line, p.question_id, p.message) for p in parsed.unmapped] == [
        (39, "essay", "essay questions (empty answer block) have no bank type")]
    assert str(parsed.unmapped[0]).endswith(
        ":39: question 'essay': essay questions (empty answer block) have no bank type")


def test_true_false_feedback_order_follows_moodle() -> None:
    """``{T#wrong#right}``: the first feedback is for a wrong answer."""
    d = _parse("::tf::Shoigu was Defence Minister. {T#No, he was.#Right.}").drafts[0].data
    assert (d["answer"], d["feedback_true"], d["feedback_false"]) == (True, "Right.", "No, he was.")
    d = _parse("::tf::Kishida was Defence Minister. {FALSE#Wrong.#Yes.}").drafts[0].data
    assert (d["answer"], d["feedback_true"], d["feedback_false"]) == (False, "Wrong.", "Yes.")


def test_numeric_forms() -> None:
    """``#4``, ``#4:0.5``, ``#1..2``, ``#=4:0`` and a 0% alternative without feedback."""
    assert _parse("::a::N? {#4}").drafts[0].data["answer"] == 4
    d = _parse("::a::N? {#4:0.5}").drafts[0].data
    assert (d["answer"], d["tolerance"]) == (4, 0.5)
    assert _parse("::a::N? {#1..2}").drafts[0].data["range"] == {"low": 1, "high": 2}
    assert _parse("::a::N? {#=4:0}").drafts[0].data["answer"] == 4
    assert _parse("::a::N? {#\n  =4:0\n  =%0%5\n}").drafts[0].data["answer"] == 4


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
        ("::a::Q? {=x ~y", "t.gift:1: question 'a': the answer block opened here is not closed with '}'"),
        ("\n\n::a::Q?\n{=x {~y}}", "t.gift:4: question 'a': '{' inside an answer block"),
        ("::a::Q? {#abc}", "t.gift:1: question 'a': 'abc' is not a number"),
        ("::a::Q? {=x}\n{=y}", "t.gift:2: question 'a': more than one answer block"),
        ("::a::Q? {junk}", "t.gift:1: question 'a': cannot read the answer block 'junk'"),
        ("::a::Q? {=left - right =x -> y}",
         "t.gift:1: question 'a': a matching answer needs 'item -> partner'"),
        ("Unnamed? {#abc}", "t.gift:1: 'abc' is not a number"),
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
    | st.sampled_from(list("~=#{}:\\%->\n*_`[]()<>&!|.+")),
    min_size=1, max_size=40,
).map(str.strip).filter(lambda t: bool(t) and "\n\n" not in t and bool(_shown(t)))


def _shown(markdown: str, inline: bool = False) -> str:
    """The text the book shows for bank Markdown (whitespace collapsed)."""
    from lxml import html

    from quizkit.text import render_markdown

    rendered = render_markdown(markdown, inline=inline)
    if not rendered.strip():
        return ""
    return " ".join(html.fragment_fromstring(rendered, create_parent="div").text_content().split())


@settings(max_examples=150, deadline=None)
@given(prompt=_TEXT, right=_TEXT, wrong=_TEXT, feedback=_TEXT, explanation=_TEXT)
def test_any_text_shows_the_same_after_export_and_import(prompt: str, right: str, wrong: str,
                                                         feedback: str, explanation: str) -> None:
    """Whatever the bank text holds (GIFT's specials, Markdown, raw HTML), the GIFT export
    (rendered [html], escaped) imports back as Markdown the book shows as the same text."""
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
    assert _shown(d["prompt"]) == _shown(prompt)
    assert _shown(d["options"][0]["text"]) == _shown(right, inline=True)
    assert d["options"][0]["correct"] is True and "correct" not in d["options"][1]
    assert _shown(d["options"][0].get("feedback", "")) == _shown(feedback)
    assert _shown(d["options"][1]["text"]) == _shown(wrong, inline=True)
    assert _shown(d["explanation"]) == _shown(explanation)


def _cases() -> dict[str, object]:
    """The Moodle example cases: imported drafts by id, and the unmapped notes by line."""
    parsed = parse_gift((FIXTURES / "moodle-cases.gift.txt").read_text(encoding="utf-8"),
                        "moodle-cases.gift.txt")
    return {"drafts": {d.data["id"]: d for d in parsed.drafts},
            "unmapped": {p.line: p.detail for p in parsed.unmapped}}


def test_single_answer_with_partial_credit_is_left_out_not_made_multiple_select() -> None:
    """``~%25%`` and ``~%50%`` beside ``=`` (one answer, partial credit) cannot become a
    bank question without changing its meaning: it is skipped with its line and why."""
    cases = _cases()
    assert "hometown" not in cases["drafts"]  # type: ignore[operator]
    why = cases["unmapped"][5]  # type: ignore[index]
    assert "'Kyiv' gives 25% credit" in why and "single-answer" in why


def test_a_changed_penalty_is_imported_with_a_note() -> None:
    """Two 50% options and a -100% penalty: a multiple-select question (each correct option
    half), whose -100% becomes the bank's -50% per wrong pick, said in a note."""
    draft = _cases()["drafts"]["two-ministers"]  # type: ignore[index]
    assert draft.data["type"] == "multiple-select"
    assert [o.get("correct", False) for o in draft.data["options"]] == [False, True, True, False]
    assert len(draft.notes) == 1
    assert "'Kishida' (-100%), 'Onodera' (0%) now take 50% off each" in draft.notes[0]


@pytest.mark.parametrize(
    ("answers", "why"),
    [
        ("{=a =b ~c}", "2 options give full marks"),
        ("{~%60%a ~%40%b ~c}", "the correct options carry 60%, 40%"),
        ("{~%50%a ~%25%b ~c}", "the correct options carry 50%, 25%"),
    ],
)
def test_choices_the_bank_cannot_express_are_left_out(answers: str, why: str) -> None:
    """Several full-mark answers to one question, or unequal shares, are skipped."""
    parsed = _parse(f"::q::Pick. {answers}")
    assert parsed.drafts == []
    assert why in parsed.unmapped[0].message


def test_exact_weights_import_without_a_note() -> None:
    """Equal shares with matching penalties are the bank's own grading: no note."""
    d = _parse("::q::Pick. {~%50%a ~%50%b ~%-50%c}").drafts[0]
    assert d.data["type"] == "multiple-select" and d.notes == []
    single = _parse("::q::Pick. {=a ~%-100%b ~c}").drafts[0]
    assert single.data["type"] == "single-choice"
    assert single.notes == ["the penalty of 'b' (-100%) is dropped: the bank scores a wrong "
                            "choice 0"]


def test_numeric_alternatives_and_feedback_are_parsed_then_left_out_with_why() -> None:
    """``{#=1950:0 =%50%1950:2}`` and ``{#3:2~#Completely wrong}`` are read (no longer
    "'2~' is not a number") and skipped: partial credit and feedback have no bank place."""
    unmapped = _cases()["unmapped"]
    assert "the 50% answer '1950:2' gives partial credit" in unmapped[17]  # type: ignore[index]
    assert "feedback for any other answer ('Completely wrong')" in unmapped[21]  # type: ignore[index]
    assert "feedback for the right answer ('Yes')" in _parse("::n::N? {#=4#Yes}").unmapped[0].message
    assert "2 fully-correct numeric answers" in _parse("::n::N? {#=4 =5}").unmapped[0].message


def test_format_markers_are_read_in_every_text_and_html_becomes_safe_markdown() -> None:
    """[html], [plain], [markdown] and [moodle] open the prompt, options, feedback and
    matching items, as Moodle reads them; none is kept as text, scripts are dropped, and
    plain text that looks like HTML or Markdown stays text."""
    drafts = _cases()["drafts"]
    d = drafts["formats"].data  # type: ignore[index]
    assert d["prompt"] == "Which minister is **Russian**?"
    assert _shown(d["options"][0]["text"]) == "Lavrov <i>(plain)</i>"
    assert d["options"][0]["feedback"] == "*Right*"
    assert d["options"][1] == {"text": "**Kishida**", "feedback": "Japanese"}
    pairs = drafts["pairs"].data  # type: ignore[index]
    assert pairs["prompt"] == "Match each minister."
    assert pairs["pairs"] == [{"left": "*Lavrov*", "right": "Russia"},
                              {"left": "Kishida", "right": "Japan"}]
    tf = _parse("::t::[html]<b>True?</b> {T#[plain]<no>#[html]<i>yes</i>}").drafts[0].data
    assert (tf["prompt"], tf["feedback_true"]) == ("**True?**", "*yes*")
    assert _shown(tf["feedback_false"]) == "<no>"


def test_raw_html_in_markdown_text_is_converted_not_kept() -> None:
    """Moodle's Markdown lets raw HTML through as markup: it is converted, scripts dropped."""
    d = _parse("::m::[markdown]Is <b>this</b> *it*?<script>x()</script> {T}").drafts[0].data
    assert d["prompt"] == "Is **this** *it*?"


def test_ordering_syntax_of_moodles_ordering_type() -> None:
    """``{>3 ALL ...`` with one item per line imports as an ordering question; Moodle's
    grading method, when not the course's, is noted; a random subset is left out."""
    cases = _cases()
    steps = cases["drafts"]["steps"]  # type: ignore[index]
    assert steps.data["items"] == ["First", "Second", "Third"]
    assert steps.notes == ["Moodle graded this ordering absolute position; the bank gives the "
                           "share of item pairs in the right relative order"]
    assert "Moodle shows 2 of the 3 items" in cases["unmapped"][33]  # type: ignore[index]
    d = _parse("::o::Order. {>2 ALL VERTICAL RELATIVE_ALL_PREVIOUS_AND_NEXT SHOW none\n"
               "a &amp; b\nc\n####Why.}").drafts[0]
    assert (d.data["items"], d.data["explanation"], d.notes) == (["a & b", "c"], "Why.", [])


def test_two_questions_with_one_title_both_parse() -> None:
    """Both ``::Capital::`` questions are drafts whose id was derived from the title."""
    drafts = [d for d in parse_gift((FIXTURES / "moodle-cases.gift.txt").read_text(
        encoding="utf-8"), "m").drafts if d.data["id"] == "capital"]
    assert [(d.line, d.derived_id) for d in drafts] == [(46, True), (48, True)]


def test_an_equals_sign_after_a_weight_starts_an_answer() -> None:
    """As in Moodle, an unescaped ``=`` right after ``%50%`` begins a new answer (so the
    weighted answer is empty, an error); escaped, it is text of the weighted answer."""
    with pytest.raises(GiftSyntaxError, match=r"^x\.gift:1: question 'q': an answer has no text$") as info:
        parse_gift("::q::Pick. {~%50%=a ~b}", "x.gift")
    problem = info.value.problem  # the place travels as data, not only in the text
    assert (problem.file, problem.line, problem.question_id) == ("x.gift", 1, "q")
    options = parse_gift("::q::Pick. {~%50%\\=a ~%50%b ~c}", "x.gift").drafts[0].data["options"]
    assert [o["text"] for o in options] == ["=a", "b", "c"]
    assert [o.get("correct", False) for o in options] == [True, True, False]
