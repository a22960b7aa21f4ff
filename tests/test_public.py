"""The page form of a question: hidden answers, safe HTML, deterministic display order."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizkit.grading import normalise
from quizkit.html import PAYLOAD, pack, payloads, render_quiz, unpack
from quizkit.models import Question
from quizkit.public import display_order, permutation, public_spec
from test_grading import QUESTION, load_questions, question_dict

QUESTIONS = load_questions()
IDS = [q.id for q in QUESTIONS]


def _q(name: str, **overrides: Any) -> Question:
    spec: dict[str, Any] = {"base": name, **overrides} if overrides else {"base": name}
    return QUESTION.validate_python(question_dict(spec))


def _source_text(question: Question) -> str:
    """What a reader of the page source sees as text: the fragment without its noscript list
    (which shows the prompt) and with the question id left out.

    The id is public by design (it names the question on the page), so bank ids must not
    spell out answers; the table's ids do, for readability.
    """
    fragment = render_quiz([question], quiz_id="quiz")
    fragment = re.sub(r"<noscript>.*?</noscript>", "", fragment, flags=re.S)
    return fragment.replace(question.id, "")


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_spec_is_json_and_deterministic(question: Question) -> None:
    """The spec survives JSON unchanged and two calls give identical output."""
    spec = public_spec(question)
    assert json.loads(json.dumps(spec)) == spec
    assert json.dumps(public_spec(question)) == json.dumps(spec)
    assert spec["format"] == 2 and spec["id"] == question.id and spec["type"] == question.type


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_answers_are_not_plain_text_in_the_page(question: Question) -> None:
    """No answer, option, feedback, explanation or number is readable in the page source:
    the quiz is packed, and only the base64 block and our own markup remain."""
    page = _source_text(question)
    text = re.sub(r"<[^>]*>", " ", page).lower()  # our markup's attributes left out
    hidden: list[str] = [question.explanation]
    hidden += list(getattr(question, "answers", []))
    hidden += [a for b in getattr(question, "blanks", []) for a in b.answers]
    hidden += [m.feedback for m in getattr(question, "common_mistakes", [])]
    hidden += [o.text for o in getattr(question, "options", [])]
    hidden += [o.feedback for o in getattr(question, "options", []) if o.feedback]
    hidden += [t for t in (getattr(question, "feedback_true", None),
                           getattr(question, "feedback_false", None)) if t]  # fmt: skip
    for hidden_text in hidden:
        words = [w for w in normalise(hidden_text).split() if len(w) >= 5]
        for word in words:
            assert word not in text, f"{word!r} of {hidden_text!r} is readable in the page"
    (block,) = PAYLOAD.findall(page)
    assert re.fullmatch(r"[A-Za-z0-9+/]+=*", block)
    assert '"correct"' not in page and '"answer' not in page and "tolerance" not in page


def test_short_text_answer_is_hidden() -> None:
    """The brief's example: 'Onodera' does not occur anywhere in the page source."""
    page = _source_text(_q("st-onodera")).lower()
    assert "onodera" not in page and "kishida" not in page


def test_numbers_are_hidden() -> None:
    """A numeric answer and its tolerance are not in the page source, only in the payload."""
    question = _q("num-paper")
    page = _source_text(question)
    assert "5591" not in page and "0.01" not in page
    (payload,) = payloads(page)
    assert payload["questions"][0]["spec"]["answer"] == 5591


def test_pack_round_trips_and_is_smaller() -> None:
    """pack/unpack give back any JSON value; a quiz packs to well under its JSON size."""
    value = {"a": "Шойгу – 2+2 “Tokyo”", "b": [1, 2.5, None, True], "c": "</script><!--"}
    assert unpack(pack(value)) == value
    assert re.fullmatch(r"[A-Za-z0-9+/]+=*", pack(value))
    specs = [public_spec(q) for q in QUESTIONS]
    assert len(pack(specs)) < 0.6 * len(json.dumps(specs, ensure_ascii=False).encode())


def test_choice_spec_carries_grading_and_feedback() -> None:
    """Options in display order keep their written index, correctness and feedback as HTML."""
    question = _q("sc-date")
    spec = public_spec(question)
    by_index = {o["index"]: o for o in spec["options"]}
    assert [by_index[i]["correct"] for i in range(4)] == [o.correct for o in question.options]
    assert "date of the paper itself" in by_index[1]["feedback"]
    assert by_index[3]["feedback"] is None
    assert spec["explanation"].startswith("<p>")
    assert spec["source"] == {"paragraph": "p1", "factsheet": None,
                              "quote_html": "on November 2, 2013"}  # fmt: skip


def test_bank_text_is_rendered_safely() -> None:
    """Raw HTML in bank text is escaped everywhere in the spec."""
    evil = "<script>alert(1)</script> [x](javascript:alert(1))"
    pairs = [{"left": evil, "right": "</script>"}, {"left": "b", "right": "c"}]
    question = _q("mt-ministers", prompt=evil, hints=[evil], explanation=evil, pairs=pairs)
    spec = public_spec(question)
    html = [spec["prompt"], *spec["hints"], *spec["lefts"], *(c["html"] for c in spec["choices"])]
    html.append(spec["explanation"])
    for fragment in html:
        assert "<script" not in fragment and "</script" not in fragment
        assert 'href="javascript' not in fragment
    assert "&lt;script&gt;" in spec["prompt"]


def test_pinned_option_keeps_its_place() -> None:
    """A pinned option stays at its written index; the others are shuffled deterministically."""
    question = _q("sc-date")
    order = display_order(question)
    assert sorted(order) == [0, 1, 2, 3] and order[3] == 3
    assert order != [0, 1, 2, 3]  # this seed does move the free options (pinned in the table)
    orders = {tuple(display_order(question, shuffle_seed=str(s))) for s in range(40)}
    assert all(o[3] == 3 for o in orders) and len(orders) == 6  # every order of 3 free options


def test_no_shuffle_keeps_written_order() -> None:
    """``shuffle: false`` shows options as written."""
    assert display_order(_q("sc-date", shuffle=False)) == [0, 1, 2, 3]
    spec = public_spec(_q("sc-date", shuffle=False))
    assert [o["index"] for o in spec["options"]] == [0, 1, 2, 3]


@settings(max_examples=200, deadline=None)
@given(seed=st.text(max_size=10), size=st.integers(min_value=2, max_value=7))
def test_ordering_is_never_shown_solved(seed: str, size: int) -> None:
    """Ordering items are shown in a permutation that is never the correct order."""
    question = _q("od-summits", items=[f"item {i}" for i in range(size)])
    order = display_order(question, shuffle_seed=seed)
    assert sorted(order) == list(range(size)) and order != list(range(size))


def test_ordering_items_carry_their_rank_in_display_order() -> None:
    """Displayed items carry their HTML and true rank, listed in the scrambled display order."""
    question = _q("od-summits")
    spec = public_spec(question)
    assert all(set(item) == {"html", "rank"} for item in spec["items"])
    assert [item["rank"] for item in spec["items"]] == display_order(question)


@settings(max_examples=100, deadline=None)
@given(seed=st.text(max_size=10), size=st.integers(min_value=0, max_value=12))
def test_permutation_is_a_permutation(seed: str, size: int) -> None:
    """The seeded shuffle returns each index once."""
    assert sorted(permutation(seed, size)) == list(range(size))


def test_matching_choices_are_every_partner_once() -> None:
    """Matching shows each distinct partner and distractor once, in a seeded order."""
    question = _q("mt-country")
    spec = public_spec(question)
    assert sorted(c["text"] for c in spec["choices"]) == ["China", "Japan", "Russia"]
    assert spec["answers"] == [p.right for p in question.pairs]


def test_fill_blanks_passage_keeps_placeholders() -> None:
    """The passage keeps {{id}} for the UI to replace; choice blanks list their options shuffled."""
    question = _q("fb-meeting")
    spec = public_spec(question)
    for blank_id in ("format", "city", "date"):
        assert "{{" + blank_id + "}}" in spec["passage"]
    date = next(b for b in spec["blanks"] if b["id"] == "date")
    # written: 1, 2, 4 November; shown in the seeded order, the answer no longer first by habit
    assert [o["text"] for o in date["options"]] == ["4 November 2013", "1 November 2013",
                                                    "2 November 2013"]  # fmt: skip
