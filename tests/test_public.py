"""The page form of a question: hidden answers, safe HTML, deterministic display order."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizkit.grading import normalise
from quizkit.html import script_safe_json
from quizkit.models import Question
from quizkit.public import (
    DIGEST_CHARS,
    digest,
    display_order,
    obfuscate,
    permutation,
    public_spec,
    reveal,
    salt_for,
)
from test_grading import QUESTION, load_questions, question_dict

QUESTIONS = load_questions()
IDS = [q.id for q in QUESTIONS]


def _q(name: str, **overrides: Any) -> Question:
    spec: dict[str, Any] = {"base": name, **overrides} if overrides else {"base": name}
    return QUESTION.validate_python(question_dict(spec))


def _page_text(spec: dict[str, Any]) -> str:
    """What a reader of the page source sees in plain text (the secret is scrambled).

    The question id is left out: it is public by design (it names the question on the page),
    so bank ids must not spell out answers; the table's ids do, for readability.
    """
    return json.dumps({k: v for k, v in spec.items() if k != "id"}, ensure_ascii=False)


def _shown(spec: dict[str, Any]) -> str:
    """The text the learner is shown anyway: prompt, options, items, partners, passage."""
    parts = [spec["prompt"], spec.get("passage", "")]
    parts += [o["html"] for o in spec.get("options", [])]
    parts += [i["html"] for i in spec.get("items", [])]
    parts += [c["text"] for c in spec.get("choices", [])]
    parts += spec.get("lefts", [])
    for blank in spec.get("blanks", []):
        parts += [o["text"] for o in blank["options"] or []]
    return "\n".join(parts)


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_spec_is_json_and_deterministic(question: Question) -> None:
    """The spec survives JSON unchanged and two calls give identical output."""
    spec = public_spec(question)
    assert json.loads(json.dumps(spec)) == spec
    assert json.dumps(public_spec(question)) == json.dumps(spec)
    assert spec["format"] == 1 and spec["id"] == question.id and spec["type"] == question.type


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_answers_are_not_plain_text(question: Question) -> None:
    """No accepted answer, feedback, explanation or number is readable in the page source
    unless the learner is shown it anyway (as an option, item or partner)."""
    spec = public_spec(question)
    page, shown = _page_text(spec), _shown(spec)
    hidden: list[str] = [question.explanation]
    answers: list[str] = list(getattr(question, "answers", []))
    answers += [a for b in getattr(question, "blanks", []) if b.options is None for a in b.answers]
    hidden += [a for a in answers if a not in shown]
    hidden += [m.feedback for m in getattr(question, "common_mistakes", [])]
    hidden += [o.feedback for o in getattr(question, "options", []) if o.feedback]
    hidden += [t for t in (getattr(question, "feedback_true", None),
                           getattr(question, "feedback_false", None)) if t]  # fmt: skip
    for text in hidden:
        assert text not in page, f"{text!r} is readable in the page form"
        assert normalise(text) not in page or len(normalise(text)) < 4
    assert '"correct"' not in page
    assert '"answer"' not in page
    assert '"tolerance"' not in page


def test_short_text_answer_is_hidden() -> None:
    """The brief's example: 'Onodera' does not occur anywhere in the page form."""
    page = _page_text(public_spec(_q("st-onodera"))).lower()
    assert "onodera" not in page and "kishida" not in page


def test_numbers_are_hidden() -> None:
    """A numeric answer and its tolerance are not in the public part of the spec."""
    spec = public_spec(_q("num-paper"))
    public = {k: v for k, v in spec.items() if k != "secret"}
    assert "5591" not in json.dumps(public) and "0.01" not in json.dumps(public)
    assert reveal(spec["salt"], spec["secret"])["answer"] == 5591


def test_option_keys_are_salted_digests() -> None:
    """Per-option keys are salted digests of (index, correct flag), all alike in form."""
    question = _q("ms-outcomes")
    spec = public_spec(question)
    for option in spec["options"]:
        assert re.fullmatch(f"[0-9a-f]{{{DIGEST_CHARS}}}", option["key"])
        flag = "1" if question.options[option["index"]].correct else "0"
        assert option["key"] == digest(spec["salt"], "option", str(option["index"]), flag)
        # Without the salt, the unsalted digest does not match.
        assert option["key"] != digest("", "option", str(option["index"]), flag)


def test_secret_round_trip_and_contents() -> None:
    """The secret decodes to the explanation, source and per-option feedback as HTML."""
    question = _q("sc-date")
    spec = public_spec(question)
    secret = reveal(spec["salt"], spec["secret"])
    assert secret["explanation"].startswith("<p>")
    assert secret["source"] == {"paragraph": "p1", "factsheet": None,
                                "quote_html": "on November 2, 2013"}  # fmt: skip
    assert "date of the paper itself" in secret["feedback"][1]
    assert secret["feedback"][3] is None
    assert reveal("x", obfuscate("x", {"a": "Шойгу"})) == {"a": "Шойгу"}
    assert obfuscate("x", {"a": 1}) != obfuscate("y", {"a": 1})


def test_salt_depends_on_content() -> None:
    """The salt is reproducible and changes when the question changes."""
    assert salt_for(_q("st-onodera")) == salt_for(_q("st-onodera"))
    assert salt_for(_q("st-onodera")) != salt_for(_q("st-onodera", max_typos=0))


def test_bank_text_is_rendered_safely() -> None:
    """Raw HTML in bank text is escaped everywhere in the spec, and script_json cannot be closed."""
    evil = "<script>alert(1)</script> [x](javascript:alert(1))"
    pairs = [{"left": evil, "right": "</script>"}, {"left": "b", "right": "c"}]
    question = _q("mt-ministers", prompt=evil, hints=[evil], explanation=evil, pairs=pairs)
    spec = public_spec(question)
    html = [spec["prompt"], *spec["hints"], *spec["lefts"], *(c["html"] for c in spec["choices"])]
    html.append(reveal(spec["salt"], spec["secret"])["explanation"])
    for fragment in html:
        assert "<script" not in fragment and "</script" not in fragment
        assert 'href="javascript' not in fragment
    assert "&lt;script&gt;" in spec["prompt"]
    embedded = script_safe_json(spec)
    assert "</" not in embedded and "<!--" not in embedded and json.loads(embedded) == spec


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


def test_ordering_display_hides_written_index() -> None:
    """Displayed items carry no written index, only HTML and a rank digest."""
    spec = public_spec(_q("od-summits"))
    assert all(set(item) == {"html", "key"} for item in spec["items"])


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
    assert len(spec["keys"]) == len(question.pairs)


def test_fill_blanks_passage_keeps_placeholders() -> None:
    """The passage keeps {{id}} for the UI to replace; choice blanks list their options."""
    spec = public_spec(_q("fb-meeting"))
    for blank_id in ("format", "city", "date"):
        assert "{{" + blank_id + "}}" in spec["passage"]
    date = next(b for b in spec["blanks"] if b["id"] == "date")
    assert [o["text"] for o in date["options"]] == ["1 November 2013", "2 November 2013",
                                                    "4 November 2013"]  # fmt: skip
