"""The ipywidgets quiz, driven without a frontend: set values, click, read widget traits."""

from __future__ import annotations

import re
from typing import Any

import ipywidgets as w
import pytest
from pydantic import TypeAdapter

from quizkit.attempts import AttemptPolicy, attempt_state, describe
from quizkit.models import Question
from quizkit.public import blank_option_order, display_order
from quizkit.widgets import (
    ChoiceControl,
    FillBlanksControl,
    MatchingControl,
    MultiControl,
    OrderingControl,
    QuestionWidget,
    Quiz,
    TextControl,
    TrueFalseControl,
    option_order,
    scrambled_order,
    source_html,
)

_ADAPTER: TypeAdapter[Question] = TypeAdapter(Question)
BASE: dict[str, Any] = {
    "level": "remember",
    "explanation": "Because the paper *says* so.",
    "objectives": ["obj"],
    "source": {"paragraph": "p1", "quote": "on November 2, 2013"},
}


def make(**fields: Any) -> Question:
    """A question validated by the models, with the common fields filled in."""
    return _ADAPTER.validate_python({**BASE, **fields})


SINGLE = make(
    id="single",
    type="single-choice",
    prompt="When did the 2+2 meet?",
    options=[
        {"text": "2 November 2013", "correct": True},
        {"text": "4 November 2013", "feedback": "That is the date of the *paper*."},
        {"text": "1 November 2013"},
        {"text": "None of the above", "pin": True},
    ],
    hints=["Look at the first paragraph.", "It was a Saturday."],
)
MULTI = make(
    id="multi",
    type="multiple-select",
    prompt="Who took part?",
    options=[
        {"text": "Lavrov", "correct": True},
        {"text": "Shoigu", "correct": True},
        {"text": "Hagel"},
        {"text": "Kerry"},
    ],
)
TF = make(id="tf", type="true-false", prompt="It was the first such meeting.", answer=True)
NUM = make(
    id="num",
    type="numeric",
    prompt="How many ministers met?",
    answer=4,
    unit="ministers",
    source={"factsheet": "B1.1"},
)
SHORT = make(
    id="short",
    type="short-text",
    prompt="Surname of Japan's defence minister?",
    answers=["Onodera"],
    max_typos=1,
)
MATCH = make(
    id="match",
    type="matching",
    prompt="Match each minister to the post.",
    pairs=[
        {"left": "Lavrov", "right": "Foreign minister"},
        {"left": "Shoigu", "right": "Defence minister"},
        {"left": "Kishida", "right": "Foreign minister"},
        {"left": "Onodera", "right": "Defence minister"},
    ],
    distractors=["Prime minister"],
)
ORDER = make(
    id="order",
    type="ordering",
    prompt="Put in order.",
    items=["Moscow summit", "Lough Erne", "St Petersburg", "Bali"],
)
FILL = make(
    id="fill",
    type="fill-blanks",
    prompt="Complete the sentence.",
    passage="The meeting was held in {{city}} in the year {{year}}.",
    blanks=[
        {"id": "city", "answers": ["Tokyo"], "options": ["Tokyo", "Moscow", "Beijing"]},
        {"id": "year", "answers": ["2013"]},
    ],
)
ALL = [SINGLE, MULTI, TF, NUM, SHORT, MATCH, ORDER, FILL]
PRACTICE = AttemptPolicy(tries=None, penalty=0)
"""Unlimited tries, no penalty: lets a test walk through every answer of one question."""


def check(q: QuestionWidget) -> str:
    """Press Check and return the feedback HTML."""
    q.check_button.click()
    return q.feedback.value


def walk(widget: w.Widget) -> list[w.Widget]:
    """A widget and all its descendants."""
    out = [widget]
    for child in getattr(widget, "children", ()):
        out.extend(walk(child))
    return out


def html_values(widget: w.Widget) -> list[str]:
    """Every value a frontend inserts as HTML (HTML widgets, HTML-enabled descriptions)."""
    out: list[str] = []
    for node in walk(widget):
        if isinstance(node, w.HTML):
            out.append(node.value)
        if getattr(node, "description_allow_html", False):
            out.append(node.description)
    return out


def test_control_per_type() -> None:
    """Each of the eight types gets its fitting control."""
    quiz = Quiz(ALL)
    kinds = [type(q.control) for q in quiz.questions]
    assert kinds == [
        ChoiceControl,
        MultiControl,
        TrueFalseControl,
        TextControl,
        TextControl,
        MatchingControl,
        OrderingControl,
        FillBlanksControl,
    ]
    assert isinstance(quiz.questions[0].control.widget, w.RadioButtons)
    assert "ministers" in quiz.questions[3].control.unit.value  # unit shown after the box


def test_option_order_is_seeded_and_keeps_pins() -> None:
    """Options are shuffled by the question id, the same every time; pinned ones stay put."""
    order = option_order(SINGLE)
    assert order == option_order(SINGLE) == display_order(SINGLE)  # the page form's order
    assert sorted(order) == [0, 1, 2, 3]
    assert order[3] == 3
    labels = [label for label, _ in ChoiceControl(SINGLE).radio.options]  # type: ignore[arg-type]
    assert labels == [SINGLE.options[i].text for i in order]  # type: ignore[union-attr]


def test_single_choice_correct_wrong_empty() -> None:
    """Right, wrong (with per-option feedback) and empty answers to a single-choice question."""
    quiz = Quiz([SINGLE], attempts=PRACTICE)
    q = quiz.questions[0]
    html = check(q)
    assert "No answer yet" in html and not q.grades and quiz.score == 0
    assert q.check_button.disabled is False
    q.control.radio.value = 1  # type: ignore[attr-defined]
    html = check(q)
    assert "Not quite" in html
    assert "<em>paper</em>" in html  # the option's feedback, rendered Markdown
    assert "Answer:" not in html and "¶1" not in html  # tries remain: no answer yet
    assert q.score == 0 and not q.finished and q.control.radio.disabled  # type: ignore[attr-defined]
    q.retry_button.click()
    assert "Try 2: a right answer earns 1 of 1." in q.feedback.value
    assert q.control.radio.value is None and not q.control.radio.disabled  # type: ignore[attr-defined]
    q.control.radio.value = 0  # type: ignore[attr-defined]
    html = check(q)
    assert "Correct" in html and "<em>says</em>" in html  # explanation once finished
    assert "The source text ¶1: “on November 2, 2013”" in html
    assert q.score == 1 and quiz.score == 1 and q.finished


def test_multiple_select_partial() -> None:
    """One right pick of two scores 0.5; a wrong pick cancels a right one."""
    q = QuestionWidget(MULTI, policy=PRACTICE)
    control = q.control
    assert isinstance(control, MultiControl)
    boxes = dict(zip(control.order, control.checkboxes, strict=True))
    boxes[0].value = True
    html = check(q)
    assert "Partly right: 0.5 of 1" in html and q.score == pytest.approx(0.5)
    q.retry_button.click()
    assert not any(b.value for b in control.checkboxes)
    boxes[0].value = boxes[2].value = True
    assert "Not quite" in check(q) and q.score == 0
    q.retry_button.click()
    assert "No answer yet" in check(q)  # an empty check uses no try
    boxes[0].value = boxes[1].value = True
    assert "Correct" in check(q) and q.score == 1 and len(q.grades) == 3


def test_true_false() -> None:
    """True/False radio buttons grade both ways."""
    q = QuestionWidget(TF, policy=AttemptPolicy(tries=2))
    q.control.radio.value = False  # type: ignore[attr-defined]
    assert "Not quite" in check(q) and "Answer:" not in q.feedback.value
    q.retry_button.click()
    q.control.radio.value = True  # type: ignore[attr-defined]
    assert "Correct" in check(q)


def test_numeric_parse_and_invalid() -> None:
    """Typed numbers are parsed; malformed text is 'invalid' with feedback, not graded."""
    q = QuestionWidget(NUM, policy=AttemptPolicy(tries=1))
    text = q.control.text  # type: ignore[attr-defined]
    assert "No answer yet" in check(q)
    text.value = "four"
    html = check(q)
    assert "cannot be graded" in html and not q.grades
    assert not text.disabled  # the learner can correct it without Retry
    text.value = "3"
    assert "Not quite" in check(q) and "Answer: 4 ministers" in q.feedback.value
    assert q.finished and q.retry_button.disabled  # one shot, used
    q = QuestionWidget(NUM)
    q.control.text.value = " 4 "  # type: ignore[attr-defined]
    assert "Correct" in check(q) and q.score == 1
    assert "Background: fact sheet B1.1" in q.feedback.value


def test_short_text_typo_and_wrong() -> None:
    """Short text: near miss accepted (max_typos 1), wrong answer shows the model answer."""
    q = QuestionWidget(SHORT)
    q.control.text.value = "Onodra"  # type: ignore[attr-defined]
    assert "Correct" in check(q)
    q = QuestionWidget(SHORT, policy=AttemptPolicy(tries=1))
    q.control.text.value = "Kishida"  # type: ignore[attr-defined]
    assert "Not quite" in check(q) and "Answer: Onodera" in q.feedback.value


def test_matching_partial_and_choices_hide_answer_order() -> None:
    """One dropdown per item; partial credit is the fraction of pairs matched right."""
    q = QuestionWidget(MATCH, policy=PRACTICE)
    control = q.control
    assert isinstance(control, MatchingControl)
    assert len(control.dropdowns) == 4
    values = [v for _, v in control.dropdowns[0].options]  # type: ignore[misc]
    assert values[0] is None
    assert sorted(values[1:]) == ["Defence minister", "Foreign minister", "Prime minister"]
    assert values[1:] == [MATCH.choices[i] for i in display_order(MATCH)]  # as on the page
    assert "No answer yet" in check(q)
    control.dropdowns[0].value = "Foreign minister"
    control.dropdowns[1].value = "Defence minister"
    control.dropdowns[2].value = "Prime minister"
    control.dropdowns[3].value = "Foreign minister"
    assert "Partly right: 0.5 of 1" in check(q)
    marks = [item.value.endswith("<strong>✓ right</strong>") for item in control.items]
    assert marks == [True, True, False, False]
    q.retry_button.click()
    assert all(d.value is None for d in control.dropdowns)
    assert not any("right" in item.value or "wrong" in item.value for item in control.items)
    for d, pair in zip(control.dropdowns, MATCH.pairs, strict=True):  # type: ignore[union-attr]
        d.value = pair.right
    assert "Correct" in check(q)


def test_ordering_buttons_move_items() -> None:
    """The list starts scrambled (never right); Up/Down reorder it; partial credit is Kendall."""
    q = QuestionWidget(ORDER, policy=PRACTICE)
    control = q.control
    assert isinstance(control, OrderingControl)
    start = scrambled_order(ORDER)  # type: ignore[arg-type]
    assert control.order == start != [0, 1, 2, 3]
    assert control.up_buttons[0].disabled and control.down_buttons[-1].disabled
    # Sort by clicking the buttons only, as a learner would (a bubble sort).
    for _ in range(4):
        for pos in range(3):
            if control.order[pos] > control.order[pos + 1]:
                control.down_buttons[pos].click()
    assert control.order == [0, 1, 2, 3]
    assert control.labels[0].value.startswith("1. Moscow summit")
    assert "Correct" in check(q)
    assert all(b.disabled for b in control.up_buttons + control.down_buttons)
    q = QuestionWidget(ORDER, policy=PRACTICE)
    control = q.control
    assert isinstance(control, OrderingControl)
    control.order = [1, 0, 2, 3]  # one neighbour swap: 5 of 6 pairs right
    html = check(q)
    assert q.score == pytest.approx(5 / 6) and "Partly right: 0.83 of 1" in html
    assert ["✗ wrong" in label.value for label in control.labels] == [True, True, False, False]
    q.retry_button.click()
    assert not any("wrong" in label.value for label in control.labels)
    assert control.order == start
    control.order = [3, 2, 1, 0]
    assert "Not quite" in check(q) and q.score == 0


def test_fill_blanks_inline_and_partial() -> None:
    """The passage is split around inline blanks; a half-right answer scores 0.5."""
    q = QuestionWidget(FILL, policy=PRACTICE)
    control = q.control
    assert isinstance(control, FillBlanksControl)
    kinds = [type(c).__name__ for c in control.widget.children]
    assert kinds == ["HTML", "Dropdown", "HTML", "Text", "HTML"]
    assert control.widget.layout.flex_flow == "row wrap"
    assert "No answer yet" in check(q)
    control.inputs["city"].value = "Tokyo"
    control.inputs["year"].value = "2014"
    assert "Partly right: 0.5 of 1" in check(q)
    assert "Blanks: 1 ✓ right, 2 ✗ wrong" in q.feedback.value
    q.retry_button.click()
    assert control.inputs["city"].value is None and control.inputs["year"].value == ""
    control.inputs["city"].value = "Tokyo"
    control.inputs["year"].value = "2013"
    assert "Correct" in check(q)


def test_hints_one_at_a_time() -> None:
    """Hint reveals the next hint; the button counts down and then disables."""
    q = QuestionWidget(SINGLE)
    assert q.hints.value == "" and q.hint_button.description == "Hint (2 left)"
    q.hint_button.click()
    assert "first paragraph" in q.hints.value and "Saturday" not in q.hints.value
    q.hint_button.click()
    assert "Saturday" in q.hints.value and q.hint_button.disabled
    assert QuestionWidget(TF).hint_button.layout.display == "none"  # no hints, no button


def test_quiz_progress_summary_and_review_missed() -> None:
    """Progress counts finished questions and sums credits; the summary comes once all are
    finished; review shows only the questions with credit below 1, which take no more tries."""
    quiz = Quiz([SINGLE, TF, NUM], title="Check yourself")
    assert "Check yourself" in quiz.title.value
    assert "Two tries per question; a second try earns at most two thirds." in quiz.policy_note.value
    assert quiz.progress.value == "0 of 3 finished · score 0 of 3"
    assert quiz.review_button.layout.display == "none"
    first, second, third = quiz.questions
    first.control.radio.value = 0  # type: ignore[attr-defined]
    first.check_button.click()
    second.control.radio.value = False  # type: ignore[attr-defined]
    second.check_button.click()
    assert quiz.progress.value == "1 of 3 finished · score 1 of 3" and quiz.summary.value == ""
    second.retry_button.click()
    second.control.radio.value = False  # type: ignore[attr-defined]
    second.check_button.click()
    third.control.text.value = "3"  # type: ignore[attr-defined]
    third.check_button.click()
    third.retry_button.click()
    third.control.text.value = "4"  # type: ignore[attr-defined]
    third.check_button.click()
    assert quiz.finished == 3 and quiz.score == pytest.approx(1.666667)
    assert quiz.progress.value == "3 of 3 finished · score 1.67 of 3"
    assert "Finished: score 1.67 of 3 (56%)" in quiz.summary.value
    assert "questions 2, 3" in quiz.summary.value
    assert quiz.review_button.layout.display == ""
    quiz.review_button.click()
    assert quiz.visible == [second, third]
    assert second.retry_button.disabled and "Answer: True" in second.feedback.value
    assert third.retry_button.disabled and "Answer:" not in third.feedback.value
    quiz.show_all_button.click()
    assert quiz.visible == quiz.questions


def test_quiz_all_right_summary() -> None:
    """Every question right first time: full marks and no review button."""
    quiz = Quiz([TF, SHORT], attempts=AttemptPolicy(tries=1))
    assert quiz.policy_note.value == "<p><em>One try per question.</em></p>"
    quiz.questions[0].control.radio.value = True  # type: ignore[attr-defined]
    quiz.questions[0].check_button.click()
    quiz.questions[1].control.text.value = "Onodera"  # type: ignore[attr-defined]
    quiz.questions[1].check_button.click()
    assert "Finished: score 2 of 2 (100%). Every answer was right." in quiz.summary.value
    assert quiz.review_button.layout.display == "none"


# ---------------------------------------------------------------- the attempt rule


def choose(q: QuestionWidget, written_index: int) -> None:
    """Select a single-choice option by its written index."""
    q.control.radio.value = written_index  # type: ignore[attr-defined]


def buttons(q: QuestionWidget) -> dict[str, bool]:
    """Which of Check, Retry and Show answer are enabled."""
    return {
        "check": not q.check_button.disabled,
        "retry": not q.retry_button.disabled,
        "reveal": not q.reveal_button.disabled,
    }


def test_right_first_time_offers_no_retry() -> None:
    """A correct first try finishes the question at full credit: no Retry, no Show answer."""
    q = QuestionWidget(SINGLE)
    choose(q, 0)
    html = check(q)
    assert q.score == 1 and q.finished
    assert buttons(q) == {"check": False, "retry": False, "reveal": False}
    assert "Score 1 of 1 after 1 try." in html and "Answer:" not in html
    assert "<em>says</em>" in html and "¶1" in html
    q.retry_button.click()  # a disabled button's handler still runs in Python: it must not act
    assert q.control.radio.disabled and q.feedback.value == html  # type: ignore[attr-defined]


def test_wrong_then_right_earns_two_thirds() -> None:
    """Wrong, then right: credit 0.666667; the first try shows the verdict, per-option
    feedback and what the next try is worth, but no expected answer, explanation or source."""
    q = QuestionWidget(SINGLE)
    choose(q, 1)
    html = check(q)
    assert "Not quite" in html and "<em>paper</em>" in html
    assert "1 try left: a right answer on the next try earns 0.67 of 1." in html
    assert "Answer:" not in html and "2 November 2013" not in html
    assert "<em>says</em>" not in html and "¶1" not in html and "Why" not in html
    assert not q.finished and q.score == 0
    assert buttons(q) == {"check": False, "retry": True, "reveal": True}
    q.retry_button.click()
    assert "Try 2 of 2: a right answer earns 0.67 of 1." in q.feedback.value
    assert buttons(q) == {"check": True, "retry": False, "reveal": True}
    choose(q, 0)
    html = check(q)
    assert q.score == pytest.approx(0.666667) and q.finished
    assert "Correct" in html and "Score 0.67 of 1 after 2 tries." in html
    assert "Answer:" not in html and "<em>says</em>" in html and "¶1" in html
    assert buttons(q) == {"check": False, "retry": False, "reveal": False}


def test_wrong_twice_shows_the_expected_answer() -> None:
    """Two wrong tries use both: credit 0, the expected answer shown, no Retry."""
    q = QuestionWidget(SINGLE)
    choose(q, 1)
    check(q)
    q.retry_button.click()
    choose(q, 2)
    html = check(q)
    assert q.finished and q.score == 0
    assert "Score 0 of 1 after 2 tries." in html
    assert "Answer: 2 November 2013" in html and "<em>says</em>" in html
    assert buttons(q) == {"check": False, "retry": False, "reveal": False}


def test_show_answer_after_one_wrong() -> None:
    """Show answer after a wrong try ends the question at its credit (0), answer shown."""
    q = QuestionWidget(SINGLE)
    assert buttons(q) == {"check": True, "retry": False, "reveal": False}  # nothing to show yet
    q.reveal_button.click()
    assert not q.revealed and not q.finished
    choose(q, 1)
    check(q)
    q.reveal_button.click()
    html = q.feedback.value
    assert q.revealed and q.finished and q.score == 0
    assert "Answer shown: score 0 of 1 after 1 try." in html
    assert "Answer: 2 November 2013" in html and "<em>says</em>" in html
    assert buttons(q) == {"check": False, "retry": False, "reveal": False}
    assert q.control.radio.disabled  # type: ignore[attr-defined]
    assert q.state == attempt_state(AttemptPolicy(), [0.0], revealed=True)


def test_show_answer_after_a_partial_keeps_its_credit() -> None:
    """A partial first try then Show answer keeps that credit; hints stay available."""
    q = QuestionWidget(MULTI)
    control = q.control
    assert isinstance(control, MultiControl)
    dict(zip(control.order, control.checkboxes, strict=True))[0].value = True
    check(q)
    q.retry_button.click()  # Show answer also ends a try in progress
    q.reveal_button.click()
    assert q.score == pytest.approx(0.5) and q.finished
    assert "Answer shown: score 0.5 of 1 after 1 try." in q.feedback.value
    assert "Answer: Lavrov; Shoigu" in q.feedback.value
    assert all(box.disabled for box in control.checkboxes)


def test_hints_stay_available_after_the_end() -> None:
    """Hints are not part of the attempt rule: they can be read after the question ends."""
    q = QuestionWidget(SINGLE, policy=AttemptPolicy(tries=1))
    choose(q, 1)
    check(q)
    assert q.finished and not q.hint_button.disabled
    q.hint_button.click()
    assert "first paragraph" in q.hints.value


def test_unlimited_tries_with_penalty() -> None:
    """Unlimited tries: Retry stays until right; each extra try costs the penalty, floor 0."""
    q = QuestionWidget(SINGLE, policy=AttemptPolicy(tries=None, penalty=0.25))
    for k, wrong in enumerate([1, 2, 3, 1, 2], start=1):
        choose(q, wrong)
        html = check(q)
        worth = max(0.0, 1 - 0.25 * k)
        assert f"Try again: a right answer on the next try earns {worth:g} of 1." in html
        assert "Answer:" not in html and buttons(q)["retry"] and not q.finished
        q.retry_button.click()
        assert f"Try {k + 1}: a right answer earns {worth:g} of 1." in q.feedback.value
    choose(q, 0)
    assert "Score 0 of 1 after 6 tries." in check(q)
    assert q.finished and q.score == 0 and not buttons(q)["retry"]
    q = QuestionWidget(SINGLE, policy=AttemptPolicy(tries=None, penalty=0.25))
    choose(q, 1)
    check(q)
    q.retry_button.click()
    choose(q, 0)
    check(q)
    assert q.score == pytest.approx(0.75)


def test_one_shot() -> None:
    """One try: a wrong answer ends the question with the expected answer shown."""
    q = QuestionWidget(TF, policy=AttemptPolicy(tries=1))
    q.control.radio.value = False  # type: ignore[attr-defined]
    html = check(q)
    assert q.finished and q.score == 0 and "Answer: True" in html
    assert buttons(q) == {"check": False, "retry": False, "reveal": False}
    q.control.radio.value = True  # type: ignore[attr-defined]
    assert q.check() is None and q.score == 0  # no second try, even programmatically


def test_widget_follows_the_attempt_rule_on_random_sequences() -> None:
    """For many policies and try sequences, the widget's state equals attempt_state."""
    import random

    rng = random.Random(5)
    for _ in range(60):
        policy = AttemptPolicy(
            tries=rng.choice([None, 1, 2, 3]), penalty=rng.choice([0, 0.25, 1 / 3, 0.5])
        )
        q = QuestionWidget(MULTI, policy=policy)
        control = q.control
        assert isinstance(control, MultiControl)
        scores: list[float] = []
        for _step in range(5):
            picks = rng.sample(range(4), rng.randint(0, 3))
            for k, box in zip(control.order, control.checkboxes, strict=True):
                box.value = k in picks
            result = q.check()
            if result is not None and result.status in ("correct", "partial", "incorrect"):
                scores.append(result.score)
            if rng.random() < 0.2:
                q.reveal_button.click()
            else:
                q.retry_button.click()
        assert [g.score for g in q.grades] == scores
        assert q.state == attempt_state(policy, scores, revealed=q.revealed)
        assert q.score == q.state.credit
        assert ("Answer:" in q.feedback.value) == q.state.show_expected


def test_choice_blank_lists_options_in_blank_option_order() -> None:
    """A choice blank's dropdown shows its options as every other place does."""
    shuffled = make(
        id="fill-order",
        type="fill-blanks",
        prompt="Complete.",
        passage="The 2+2 met in {{city}}.",
        blanks=[
            {
                "id": "city",
                "answers": ["Tokyo"],
                "options": ["Tokyo", "Moscow", "Beijing", "Seoul", "None of these"],
                "pin": ["None of these"],
            }
        ],
    )
    assert isinstance(shuffled, type(FILL))
    blank = shuffled.blanks[0]  # type: ignore[union-attr]
    order = blank_option_order(shuffled, blank)  # type: ignore[arg-type]
    assert order != sorted(order) and order[-1] == 4  # shuffled, pin kept
    control = QuestionWidget(shuffled).control
    assert isinstance(control, FillBlanksControl)
    shown = [v for _, v in control.inputs["city"].options][1:]  # type: ignore[misc]
    assert shown == [blank.options[i] for i in order]  # type: ignore[index]


@pytest.mark.parametrize(
    ("policy", "text"),
    [
        (AttemptPolicy(), "Two tries per question; a second try earns at most two thirds."),
        (AttemptPolicy(tries=1), "One try per question."),
        (AttemptPolicy(tries=1, penalty=0), "One try per question."),
        (AttemptPolicy(tries=None, penalty=0), "Unlimited tries, no penalty."),
        (AttemptPolicy(tries=2, penalty=0), "Two tries per question, no penalty."),
        (AttemptPolicy(tries=2, penalty=0.5), "Two tries per question; a second try earns at most one half."),
        (AttemptPolicy(tries=2, penalty=1), "Two tries per question; a second try earns nothing."),
        (AttemptPolicy(tries=2, penalty=0.3333), "Two tries per question; a second try earns at most two thirds."),
        (AttemptPolicy(tries=2, penalty=0.45), "Two tries per question; a second try earns at most 55%."),
        (
            AttemptPolicy(tries=3, penalty=0.25),
            "Three tries per question; each try after the first costs one quarter of the question's credit.",
        ),
        (
            AttemptPolicy(tries=None, penalty=1 / 3),
            "Unlimited tries; each try after the first costs one third of the question's credit.",
        ),
        (
            AttemptPolicy(tries=20, penalty=0.125),
            "20 tries per question; each try after the first costs one eighth of the question's credit.",
        ),
    ],
)
def test_describe_states_the_policy(policy: AttemptPolicy, text: str) -> None:
    """The policy sentence both front ends show, for defaults and unusual values."""
    assert describe(policy) == text


def test_quiz_displays_as_widget() -> None:
    """The quiz's mimebundle is an ipywidget view."""
    bundle = Quiz([TF])._repr_mimebundle_()
    assert re.fullmatch(
        "[0-9a-f]{32}", bundle["application/vnd.jupyter.widget-view+json"]["model_id"]
    )


HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))"


def test_hostile_bank_text_is_escaped() -> None:
    """Raw HTML and javascript: links in every bank field reach the widgets as text."""
    questions = [
        make(
            id="evil-single",
            type="single-choice",
            prompt=HOSTILE,
            options=[
                {"text": HOSTILE, "correct": True, "feedback": HOSTILE},
                {"text": "<b>plain", "feedback": HOSTILE},
            ],
            hints=[HOSTILE],
            level="remember",
            explanation=HOSTILE,
        ),
        make(
            id="evil-match",
            type="matching",
            prompt=HOSTILE,
            pairs=[
                {"left": HOSTILE, "right": "<svg onload=alert(1)>"},
                {"left": "b", "right": "c"},
            ],
        ),
        make(id="evil-order", type="ordering", prompt="x", items=[HOSTILE, "b"]),
        make(
            id="evil-fill",
            type="fill-blanks",
            prompt="x",
            passage=HOSTILE + " {{a}} <iframe src=x>",
            blanks=[{"id": "a", "answers": ["<i>"]}],
        ),
    ]
    # One try, so every question ends at once and its feedback holds the explanation and
    # the expected answer too.
    quiz = Quiz(questions, title="<script>t</script>", attempts=AttemptPolicy(tries=1))
    for q in quiz.questions:
        q.hint_button.click()
        first = q.control
        if isinstance(first, ChoiceControl):
            first.radio.value = 1
        if isinstance(first, MatchingControl):
            first.dropdowns[0].value = "c"
        if isinstance(first, FillBlanksControl):
            first.inputs["a"].value = "wrong"
        q.check_button.click()
    assert all(q.finished for q in quiz.questions)
    values = "\n".join(html_values(quiz.widget))
    assert "alert(1)" in values  # the text is there ...
    assert values.count("Answer:") >= 3
    for tag in ("<script", "<img", "<svg", "<iframe", "<b>", "<i>"):
        assert tag not in values.lower()  # ... but never as markup
    assert not re.search(r"href=\"javascript", values)
    assert not re.search(r"<[^>]*\son(error|load)=", values)  # no event handler in any tag
    # Labels of radio buttons, checkboxes and dropdowns are shown as text by the frontend
    # (textContent), so there the words stay literal.
    labels = [
        str(label)
        for node in walk(quiz.widget)
        if isinstance(node, w.RadioButtons | w.Dropdown)
        for label in node._options_labels
    ]
    assert "<b>plain" in labels


def test_source_notes_name_each_text_by_its_label() -> None:
    """A quiz names each question's source text as ``source_labels`` says for its source id
    (capitalised at the start of the note, escaped); a fact-sheet note discussing a
    paragraph names it in the middle."""
    other = make(type="true-false", id="tf-other", prompt="True?", answer=True,
                 source={"source": "memo", "paragraph": "p4", "quote": "as agreed"})
    labels = {None: "the <b>letter</b>", "memo": "the memo"}
    quiz = Quiz([SINGLE, other], source_labels=lambda source: labels[source])
    first, second = quiz.questions
    choose(first, 0)
    assert "The &lt;b&gt;letter&lt;/b&gt; ¶1: “on November 2, 2013”" in check(first)
    second.control.radio.value = True  # type: ignore[attr-defined]
    assert "The memo ¶4: “as agreed”" in check(second)
    cited = make(type="true-false", id="tf-fact", prompt="True?", answer=True,
                 source={"factsheet": "B1.5", "paragraph": "p3"})
    assert source_html(cited, "the address") == (
        "Background: fact sheet B1.5, discussing the address ¶3")
