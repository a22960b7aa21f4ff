"""The ipywidgets quiz, driven without a frontend: set values, click, read widget traits."""

from __future__ import annotations

import re
from typing import Any

import ipywidgets as w
import pytest
from pydantic import TypeAdapter

from quizkit.models import Question
from quizkit.public import display_order
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
    quiz = Quiz([SINGLE])
    q = quiz.questions[0]
    html = check(q)
    assert "No answer yet" in html and not q.answered and quiz.score == 0
    assert q.check_button.disabled is False
    q.control.radio.value = 1  # type: ignore[attr-defined]
    html = check(q)
    assert "Not quite" in html
    assert "<em>paper</em>" in html  # the option's feedback, rendered Markdown
    assert "Answer: 2 November 2013" in html
    assert "Paper ¶1: “on November 2, 2013”" in html
    assert q.score == 0 and q.answered and q.control.radio.disabled  # type: ignore[attr-defined]
    q.retry_button.click()
    assert q.feedback.value == "" and q.control.radio.value is None  # type: ignore[attr-defined]
    assert not q.answered and not q.control.radio.disabled  # type: ignore[attr-defined]
    q.control.radio.value = 0  # type: ignore[attr-defined]
    html = check(q)
    assert "Correct" in html and "<em>says</em>" in html  # explanation after answering
    assert q.score == 1 and quiz.score == 1


def test_multiple_select_partial() -> None:
    """One right pick of two scores 0.5; a wrong pick cancels a right one."""
    q = QuestionWidget(MULTI)
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
    boxes[0].value = boxes[1].value = True
    assert "Correct" in check(q) and q.score == 1
    q.retry_button.click()
    assert "No answer yet" in check(q)


def test_true_false() -> None:
    """True/False radio buttons grade both ways."""
    q = QuestionWidget(TF)
    q.control.radio.value = False  # type: ignore[attr-defined]
    assert "Not quite" in check(q) and "Answer: True" in q.feedback.value
    q.retry_button.click()
    q.control.radio.value = True  # type: ignore[attr-defined]
    assert "Correct" in check(q)


def test_numeric_parse_and_invalid() -> None:
    """Typed numbers are parsed; malformed text is 'invalid' with feedback, not graded."""
    q = QuestionWidget(NUM)
    text = q.control.text  # type: ignore[attr-defined]
    assert "No answer yet" in check(q)
    text.value = "four"
    html = check(q)
    assert "cannot be graded" in html and not q.answered
    assert not text.disabled  # the learner can correct it without Retry
    text.value = "3"
    assert "Not quite" in check(q) and "Answer: 4 ministers" in q.feedback.value
    q.retry_button.click()
    text.value = " 4 "
    assert "Correct" in check(q) and q.score == 1
    assert "Background: fact sheet B1.1" in q.feedback.value


def test_short_text_typo_and_wrong() -> None:
    """Short text: near miss accepted (max_typos 1), wrong answer shows the model answer."""
    q = QuestionWidget(SHORT)
    q.control.text.value = "Onodra"  # type: ignore[attr-defined]
    assert "Correct" in check(q)
    q.retry_button.click()
    q.control.text.value = "Kishida"  # type: ignore[attr-defined]
    assert "Not quite" in check(q) and "Answer: Onodera" in q.feedback.value


def test_matching_partial_and_choices_hide_answer_order() -> None:
    """One dropdown per item; partial credit is the fraction of pairs matched right."""
    q = QuestionWidget(MATCH)
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
    q = QuestionWidget(ORDER)
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
    q.retry_button.click()
    assert control.order == start
    control.order = [1, 0, 2, 3]  # one neighbour swap: 5 of 6 pairs right
    html = check(q)
    assert q.score == pytest.approx(5 / 6) and "Partly right: 0.83 of 1" in html
    assert ["✗ wrong" in label.value for label in control.labels] == [True, True, False, False]
    q.retry_button.click()
    assert not any("wrong" in label.value for label in control.labels)
    control.order = [3, 2, 1, 0]
    assert "Not quite" in check(q) and q.score == 0


def test_fill_blanks_inline_and_partial() -> None:
    """The passage is split around inline blanks; a half-right answer scores 0.5."""
    q = QuestionWidget(FILL)
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
    """Progress counts answers; the summary appears at the end; review shows only misses."""
    quiz = Quiz([SINGLE, TF, NUM], title="Check yourself")
    assert "Check yourself" in quiz.title.value
    assert quiz.progress.value == "0 of 3 answered · score 0 of 3"
    assert quiz.review_button.layout.display == "none"
    first, second, third = quiz.questions
    first.control.radio.value = 0  # type: ignore[attr-defined]
    first.check_button.click()
    second.control.radio.value = False  # type: ignore[attr-defined]
    second.check_button.click()
    assert quiz.progress.value == "2 of 3 answered · score 1 of 3" and quiz.summary.value == ""
    third.control.text.value = "4"  # type: ignore[attr-defined]
    third.check_button.click()
    assert quiz.score == 2 and quiz.answered == 3
    assert "Finished: score 2 of 3 (67%)" in quiz.summary.value
    assert "question 2" in quiz.summary.value
    assert quiz.review_button.layout.display == ""
    quiz.review_button.click()
    assert quiz.visible == [second]
    second.retry_button.click()
    assert quiz.summary.value == "" and quiz.answered == 2
    second.control.radio.value = True  # type: ignore[attr-defined]
    second.check_button.click()
    assert "Every answer was right" in quiz.summary.value
    quiz.show_all_button.click()
    assert quiz.visible == quiz.questions


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
    quiz = Quiz(questions, title="<script>t</script>")
    for q in quiz.questions:
        q.hint_button.click()
        first = q.control
        if isinstance(first, ChoiceControl):
            first.radio.value = 1
        q.check_button.click()
    values = "\n".join(html_values(quiz.widget))
    assert "alert(1)" in values  # the text is there ...
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
