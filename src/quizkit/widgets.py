"""The ipywidgets front end: a quiz a learner answers in a live notebook.

One :class:`Quiz` holds one :class:`QuestionWidget` per question; each question has a
type-specific :class:`Control` (the answer area), Check / Hint / Retry / Show answer buttons
and a ``feedback`` HTML widget. Grading is :func:`quizkit.grading.grade`, the same function
the tests pin; nothing is graded here. Tries, credit and when the expected answer shows follow
the quiz's :class:`quizkit.attempts.AttemptPolicy` through
:func:`quizkit.attempts.attempt_state`, the rule the web quiz follows too.

Everything a learner reads is put into widget traits (``HTML.value``, labels), never only
into ``Output`` widgets, so the quiz can be driven and inspected without a frontend:
set a control's values, call ``check_button.click()``, read ``feedback.value``.
Bank text reaches an ``HTML`` widget only through :func:`quizkit.text.render_markdown`
(raw HTML escaped); labels of radio buttons, checkboxes and dropdowns are shown by the
frontend as plain text, so they get the Markdown's text without markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as w

from quizkit.attempts import AttemptPolicy, AttemptState, attempt_state, describe
from quizkit.config import DEFAULT_SOURCE_LABEL
from quizkit.grading import Grade, grade
from quizkit.models import (
    BLANK_PATTERN,
    FactsheetSource,
    FillBlanks,
    Matching,
    MultipleSelect,
    Numeric,
    Ordering,
    ParagraphSource,
    Question,
    ShortText,
    SingleChoice,
    TrueFalse,
    unhandled,
)
from quizkit.public import blank_option_order, display_order
from quizkit.text import render_markdown

UI_TEXT: dict[str, str] = {
    "check": "Check",
    "hint": "Hint",
    "hints_left": "Hint ({n} left)",
    "no_more_hints": "No more hints",
    "retry": "Retry",
    "show_answer": "Show answer",
    "review_missed": "Review the ones I missed",
    "show_all": "Show all questions",
    "question": "Question {n} of {total}",
    "choose_one": "Choose one answer.",
    "choose_all": "Choose every answer that applies.",
    "true_false": "True or false?",
    "number": "Type a number.",
    "short_text": "Type a short answer.",
    "matching": "Match each item with its partner.",
    "ordering": "Put the items in order with the ▲ and ▼ buttons (first at the top).",
    "fill_blanks": "Fill in the blanks.",
    "placeholder_number": "a number",
    "placeholder_text": "your answer",
    "placeholder_choose": "choose…",
    "move_up": "Move up",
    "move_down": "Move down",
    "status_correct": "✓ Correct.",
    "status_partial": "◐ Partly right: {score} of 1.",
    "status_incorrect": "✗ Not quite.",
    "status_empty": "No answer yet: answer the question, then press Check.",
    "status_invalid": "That answer cannot be graded as it stands: please correct it.",
    "model_answer": "Answer:",
    "explanation": "Why",
    "part_right": "✓ right",
    "part_wrong": "✗ wrong",
    "blanks_marked": "Blanks: {marks}",
    "source_paragraph": "{Label} ¶{n}: “{quote}”",
    "source_factsheet": "Background: fact sheet {item}",
    "source_factsheet_paragraph": "Background: fact sheet {item}, discussing {label} ¶{n}",
    "tries_one": "1 try",
    "tries_many": "{n} tries",
    "tries_left": "{left} left: a right answer on the next try earns {worth} of 1.",
    "tries_left_unlimited": "Try again: a right answer on the next try earns {worth} of 1.",
    "try_now": "Try {n} of {tries}: a right answer earns {worth} of 1.",
    "try_now_unlimited": "Try {n}: a right answer earns {worth} of 1.",
    "credit": "Score {credit} of 1 after {tries}.",
    "credit_revealed": "Answer shown: score {credit} of 1 after {tries}.",
    "progress": "{finished} of {total} finished · score {score} of {total}",
    "summary": "Finished: score {score} of {total} ({percent}%).",
    "summary_missed": (
        " Not fully right: {missed}. Press “{button}” to see only those again, with their"
        " explanations."
    ),
    "summary_all_right": " Every answer was right.",
}
"""Learner-facing words of the widget quiz, in one place (data, not scattered literals)."""

_TAG = re.compile(r"<[^>]*>")
_GRADED = ("correct", "partial", "incorrect")


def plain_text(markdown: str) -> str:
    """The text of bank Markdown without markup, for labels a frontend shows as plain text."""
    return html.unescape(_TAG.sub("", render_markdown(markdown, inline=True))).strip()


def format_score(value: float) -> str:
    """A score for people: at most two decimals, no trailing zeros (``2.5``, ``3``)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def option_order(question: SingleChoice | MultipleSelect) -> list[int]:
    """Written option indices in the order shown: the page form's seeded shuffle, pins kept."""
    return display_order(question)


def scrambled_order(question: Ordering) -> list[int]:
    """Written item indices in the order an ordering question starts in (never the answer)."""
    return display_order(question)


class Control:
    """The answer area of one question: a widget, the response it holds, and a reset."""

    widget: w.Widget

    def response(self) -> object:
        """The learner's answer in the response format of :mod:`quizkit.grading`."""
        raise NotImplementedError

    def clear(self) -> None:
        """Forget the learner's answer."""
        raise NotImplementedError

    def set_disabled(self, disabled: bool) -> None:
        """Lock (after a graded check) or unlock (on Retry) the inputs."""
        raise NotImplementedError

    def mark(self, parts: Sequence[bool] | None) -> None:
        """Mark each part (pair, position, ...) right or wrong; None removes the marks.

        Types whose parts the control cannot show next to the input keep this no-op.
        """


def _mark_html(right: bool) -> str:
    text = UI_TEXT["part_right" if right else "part_wrong"]
    return f" <strong>{html.escape(text)}</strong>"


class ChoiceControl(Control):
    """Radio buttons for a single-choice question; the value is the written option index."""

    def __init__(self, question: SingleChoice) -> None:
        self.order = option_order(question)
        self.radio = w.RadioButtons(
            options=[(plain_text(question.options[i].text), i) for i in self.order],
            value=None,
            layout=w.Layout(width="auto"),
        )
        self.widget = self.radio

    def response(self) -> object:
        """The chosen written option index, or None."""
        return self.radio.value

    def clear(self) -> None:
        """Unselect."""
        self.radio.value = None

    def set_disabled(self, disabled: bool) -> None:
        """Lock or unlock the buttons."""
        self.radio.disabled = disabled


class MultiControl(Control):
    """One checkbox per option, in display order, for a multiple-select question."""

    def __init__(self, question: MultipleSelect) -> None:
        self.order = option_order(question)
        self.checkboxes = [
            w.Checkbox(
                value=False,
                description=plain_text(question.options[i].text),
                description_allow_html=False,
                indent=False,
                layout=w.Layout(width="auto"),
            )
            for i in self.order
        ]
        self.widget = w.VBox(self.checkboxes)

    def response(self) -> object:
        """The written indices of the ticked options, ascending."""
        return sorted(i for i, box in zip(self.order, self.checkboxes, strict=True) if box.value)

    def clear(self) -> None:
        """Untick every box."""
        for box in self.checkboxes:
            box.value = False

    def set_disabled(self, disabled: bool) -> None:
        """Lock or unlock every box."""
        for box in self.checkboxes:
            box.disabled = disabled


class TrueFalseControl(Control):
    """Two radio buttons, True and False."""

    def __init__(self, question: TrueFalse) -> None:
        self.radio = w.RadioButtons(
            options=[("True", True), ("False", False)], value=None, layout=w.Layout(width="auto")
        )
        self.widget = self.radio

    def response(self) -> object:
        """True, False or None."""
        return self.radio.value

    def clear(self) -> None:
        """Unselect."""
        self.radio.value = None

    def set_disabled(self, disabled: bool) -> None:
        """Lock or unlock the buttons."""
        self.radio.disabled = disabled


class TextControl(Control):
    """A text box (short text, or a number with its unit shown after the box).

    A number is kept as the text typed, so a malformed entry reaches the grader and comes
    back as "invalid" with a note, instead of being silently refused by a number widget.
    """

    def __init__(self, question: Numeric | ShortText) -> None:
        numeric = isinstance(question, Numeric)
        self.text = w.Text(
            value="",
            placeholder=UI_TEXT["placeholder_number" if numeric else "placeholder_text"],
            layout=w.Layout(width="14em" if numeric else "24em", max_width="100%"),
        )
        unit = question.unit if isinstance(question, Numeric) else None
        self.unit = w.HTML(render_markdown(unit, inline=True) if unit else "")
        self.widget = w.HBox([self.text, self.unit]) if unit else self.text

    def response(self) -> object:
        """The text typed."""
        return self.text.value

    def clear(self) -> None:
        """Empty the box."""
        self.text.value = ""

    def set_disabled(self, disabled: bool) -> None:
        """Lock or unlock the box."""
        self.text.disabled = disabled


class MatchingControl(Control):
    """A dropdown of partners for each item: items in written order, partners shuffled."""

    def __init__(self, question: Matching) -> None:
        # Partners in the page form's shuffled order: written order would give answers away.
        choices = [question.choices[i] for i in display_order(question)]
        options: list[tuple[str, str | None]] = [(UI_TEXT["placeholder_choose"], None)]
        options += [(plain_text(c), c) for c in choices]
        self._item_html = [render_markdown(p.left, inline=True) for p in question.pairs]
        self.items = [w.HTML(text, layout=w.Layout(width="auto")) for text in self._item_html]
        self.dropdowns = [
            w.Dropdown(options=options, value=None, layout=w.Layout(width="auto"))
            for _ in question.pairs
        ]
        self.widget = w.VBox(
            [
                w.HBox([d, item], layout=w.Layout(flex_flow="row wrap", align_items="center"))
                for item, d in zip(self.items, self.dropdowns, strict=True)
            ]
        )

    def response(self) -> object:
        """Per pair in written order, the chosen partner text or None."""
        return [d.value for d in self.dropdowns]

    def clear(self) -> None:
        """Reset every dropdown to "choose…"."""
        for d in self.dropdowns:
            d.value = None

    def set_disabled(self, disabled: bool) -> None:
        """Lock or unlock every dropdown."""
        for d in self.dropdowns:
            d.disabled = disabled

    def mark(self, parts: Sequence[bool] | None) -> None:
        """Show after each item whether its partner was right."""
        for k, (item, text) in enumerate(zip(self.items, self._item_html, strict=True)):
            item.value = text + (_mark_html(parts[k]) if parts else "")


class OrderingControl(Control):
    """A list with ▲/▼ buttons per row; ``order`` holds written item indices, top first."""

    def __init__(self, question: Ordering) -> None:
        self.question = question
        self.order = scrambled_order(question)
        self.labels: list[w.HTML] = []
        self.up_buttons: list[w.Button] = []
        self.down_buttons: list[w.Button] = []
        rows = []
        for position in range(len(self.order)):
            up = w.Button(
                description="▲", tooltip=UI_TEXT["move_up"], layout=w.Layout(width="3em")
            )
            down = w.Button(
                description="▼", tooltip=UI_TEXT["move_down"], layout=w.Layout(width="3em")
            )
            up.on_click(lambda _b, p=position: self.move(p, -1))
            down.on_click(lambda _b, p=position: self.move(p, +1))
            label = w.HTML(layout=w.Layout(width="auto"))
            self.up_buttons.append(up)
            self.down_buttons.append(down)
            self.labels.append(label)
            rows.append(w.HBox([up, down, label], layout=w.Layout(align_items="center")))
        self.widget = w.VBox(rows)
        self._disabled = False
        self._marks: Sequence[bool] | None = None
        self._refresh()

    def move(self, position: int, delta: int) -> None:
        """Move the item at ``position`` (0 = top) up (-1) or down (+1) one place."""
        target = position + delta
        if self._disabled or not 0 <= target < len(self.order):
            return
        self.order[position], self.order[target] = self.order[target], self.order[position]
        self._refresh()

    def _refresh(self) -> None:
        last = len(self.order) - 1
        for position, index in enumerate(self.order):
            item = render_markdown(self.question.items[index], inline=True)
            mark = _mark_html(self._marks[position]) if self._marks else ""
            self.labels[position].value = f"{position + 1}. {item}{mark}"
            self.up_buttons[position].disabled = self._disabled or position == 0
            self.down_buttons[position].disabled = self._disabled or position == last

    def response(self) -> object:
        """The written item indices in the learner's order."""
        return list(self.order)

    def clear(self) -> None:
        """Back to the starting (scrambled) order."""
        self.order = scrambled_order(self.question)
        self._refresh()

    def set_disabled(self, disabled: bool) -> None:
        """Lock or unlock the move buttons."""
        self._disabled = disabled
        self._refresh()

    def mark(self, parts: Sequence[bool] | None) -> None:
        """Show on each row whether the item stands in its right place."""
        self._marks = list(parts) if parts else None
        self._refresh()


class FillBlanksControl(Control):
    """The passage with a text box or dropdown in place of each blank, wrapping like text.

    A dropdown lists its choices in :func:`quizkit.public.blank_option_order`, the order
    every other place shows them in.
    """

    def __init__(self, question: FillBlanks) -> None:
        self.inputs: dict[str, w.Text | w.Dropdown] = {}
        blanks = {b.id: b for b in question.blanks}
        parts: list[w.Widget] = []
        pieces = BLANK_PATTERN.split(question.passage)
        # split() with one group alternates text, blank id, text, ...
        for k, piece in enumerate(pieces):
            if k % 2 == 0:
                if piece.strip():
                    parts.append(w.HTML(render_markdown(piece.strip(), inline=True)))
                continue
            blank = blanks[piece]
            control: w.Text | w.Dropdown
            if blank.options is not None:
                shown = [blank.options[i] for i in blank_option_order(question, blank)]
                control = w.Dropdown(
                    options=[(UI_TEXT["placeholder_choose"], None)]
                    + [(plain_text(o), o) for o in shown],
                    value=None,
                    description=f"blank {len(self.inputs) + 1}",
                    style={"description_width": "0px"},
                    layout=w.Layout(width="auto"),
                )
            else:
                control = w.Text(
                    value="",
                    placeholder=f"blank {len(self.inputs) + 1}",
                    layout=w.Layout(width="12em"),
                )
            self.inputs[piece] = control
            parts.append(control)
        self.widget = w.HBox(
            parts, layout=w.Layout(flex_flow="row wrap", align_items="center")
        )

    def response(self) -> object:
        """Blank id -> the text typed or chosen ("" when left empty)."""
        return {bid: (c.value or "") for bid, c in self.inputs.items()}

    def clear(self) -> None:
        """Empty every blank."""
        for c in self.inputs.values():
            c.value = None if isinstance(c, w.Dropdown) else ""

    def set_disabled(self, disabled: bool) -> None:
        """Lock or unlock every blank."""
        for c in self.inputs.values():
            c.disabled = disabled


def make_control(question: Question) -> tuple[Control, str]:
    """The answer area for ``question`` and the :data:`UI_TEXT` key of its instruction."""
    match question:
        case SingleChoice():
            return ChoiceControl(question), "choose_one"
        case MultipleSelect():
            return MultiControl(question), "choose_all"
        case TrueFalse():
            return TrueFalseControl(question), "true_false"
        case Numeric():
            return TextControl(question), "number"
        case ShortText():
            return TextControl(question), "short_text"
        case Matching():
            return MatchingControl(question), "matching"
        case Ordering():
            return OrderingControl(question), "ordering"
        case FillBlanks():
            return FillBlanksControl(question), "fill_blanks"
        case _:
            unhandled(question)


def source_html(question: Question, label: str = DEFAULT_SOURCE_LABEL) -> str:
    """Where the answer stands, as safe HTML: the paragraph and quote, or the fact sheet.

    ``label`` is what the course calls the question's source text (e.g. "the paper"); a
    note that starts with it capitalises its first letter ("The paper ¶7: ...").
    """
    src = question.source
    match src:
        case ParagraphSource():
            text = UI_TEXT["source_paragraph"].format(
                Label=label[:1].upper() + label[1:], n=src.paragraph[1:], quote=src.quote)
        case FactsheetSource():
            text = UI_TEXT["source_factsheet"].format(item=src.factsheet)
            if src.paragraph is not None:
                text = UI_TEXT["source_factsheet_paragraph"].format(
                    item=src.factsheet, label=label, n=src.paragraph[1:])
                if src.quote:
                    text += f": “{src.quote}”"
        case _:
            unhandled(src)
    return html.escape(text, quote=False)


def model_answer(question: Question) -> str:
    """The expected answer as Markdown, shown once a question is finished but not fully right."""
    match question:
        case ShortText():
            return question.answers[0]
        case Numeric():
            if question.range is not None:
                value = f"{question.range.low:g} to {question.range.high:g}"
            else:
                value = f"{question.answer:g}"  # the model guarantees answer or range
            return f"{value} {question.unit}" if question.unit else value
        case TrueFalse():
            return "True" if question.answer else "False"
        case SingleChoice():
            return next(o.text for o in question.options if o.correct)
        case MultipleSelect():
            return "; ".join(o.text for o in question.options if o.correct)
        case Matching():
            return "; ".join(f"{p.left} → {p.right}" for p in question.pairs)
        case Ordering():
            return " → ".join(question.items)
        case FillBlanks():
            return "; ".join(b.answers[0] for b in question.blanks)
        case _:
            unhandled(question)


def _tries_text(n: int) -> str:
    return UI_TEXT["tries_one"] if n == 1 else UI_TEXT["tries_many"].format(n=n)


class QuestionWidget:
    """One question: prompt, control, Check / Hint / Retry / Show answer, hints and feedback.

    The question follows ``policy`` (:mod:`quizkit.attempts`): a check the grader can read
    uses a try (an empty or unreadable answer does not) and locks the inputs. While the
    question is not finished, the feedback gives the verdict, per-option notes and part
    marks, the tries left and what the next try is worth, but not the expected answer, the
    explanation or the source; Retry unlocks the inputs for the next try and "Show answer"
    ends the question at the credit earned so far. Once finished (right, out of tries, or
    answer shown) the inputs stay locked and the feedback adds the credit, the expected
    answer (only when the last try was not fully right), the explanation and the source.
    Hints stay available throughout. The source note calls the text ``source_label``.
    """

    def __init__(
        self,
        question: Question,
        number: int = 1,
        total: int = 1,
        on_change: Callable[[], None] | None = None,
        policy: AttemptPolicy | None = None,
        source_label: str = DEFAULT_SOURCE_LABEL,
    ) -> None:
        self.question = question
        self.source_label = source_label
        self.policy = policy if policy is not None else AttemptPolicy()
        self.control, instruction = make_control(question)
        self._on_change = on_change
        heading = html.escape(UI_TEXT["question"].format(n=number, total=total))
        self.prompt = w.HTML(
            f"<p><strong>{heading}</strong></p>{render_markdown(question.prompt)}"
            f"<p><em>{html.escape(UI_TEXT[instruction])}</em></p>"
        )
        self.check_button = w.Button(description=UI_TEXT["check"], button_style="primary")
        self.hint_button = w.Button(description=UI_TEXT["hint"])
        self.retry_button = w.Button(description=UI_TEXT["retry"], disabled=True)
        self.reveal_button = w.Button(description=UI_TEXT["show_answer"], disabled=True)
        self.hints = w.HTML("")
        self.feedback = w.HTML("")
        self.grades: list[Grade] = []
        """The graded tries, in order (empty and unreadable checks are not tries)."""
        self.revealed = False
        self.open = True
        """Whether the inputs take an answer now: before the first try and after Retry."""
        self.hints_shown = 0
        self.check_button.on_click(lambda _b: self.check())
        self.hint_button.on_click(lambda _b: self.show_hint())
        self.retry_button.on_click(lambda _b: self.retry())
        self.reveal_button.on_click(lambda _b: self.reveal())
        self._update_hint_button()
        buttons = [self.check_button, self.hint_button, self.retry_button, self.reveal_button]
        if not question.hints:
            self.hint_button.layout.display = "none"
        self.box = w.VBox(
            [
                self.prompt,
                self.control.widget,
                w.HBox(buttons, layout=w.Layout(flex_flow="row wrap")),
                self.hints,
                self.feedback,
            ],
            layout=w.Layout(border="1px solid #bbb", padding="0.5em", margin="0 0 1em 0"),
        )
        # Classes name the parts in the page, for styling and for tests in a real frontend.
        self.box.add_class("qk-question")
        self.feedback.add_class("qk-feedback")

    @property
    def state(self) -> AttemptState:
        """Where the question stands under its policy (tries used, credit, finished, ...)."""
        return attempt_state(self.policy, [g.score for g in self.grades], revealed=self.revealed)

    @property
    def grade(self) -> Grade | None:
        """The last graded try (None before the first)."""
        return self.grades[-1] if self.grades else None

    @property
    def score(self) -> float:
        """The credit earned: the last try's score less the penalties (0 before any try)."""
        return self.state.credit

    @property
    def finished(self) -> bool:
        """Whether the question is over: right, out of tries, or its answer shown."""
        return self.state.finished

    def check(self) -> Grade | None:
        """Grade the control's response; a readable one uses a try and locks the inputs.

        Returns the grade, or None (doing nothing) when the inputs take no answer now:
        the question is finished, or a try is graded and Retry not yet pressed.
        """
        if not self.open:
            return None
        result = grade(self.question, self.control.response())
        if result.status in _GRADED:
            self.grades.append(result)
            self.open = False
            self.control.set_disabled(True)
            self.control.mark(result.parts or None)
            self.feedback.value = self._feedback_html(result)
        else:
            self.feedback.value = self._feedback_html(result) + self._next_try_html()
        self._update_buttons()
        self._changed()
        return result

    def retry(self) -> None:
        """Start the next try: clear the answer and its marks and unlock the inputs.

        Does nothing unless a try is graded and tries remain (``state.can_retry``); hints
        stay revealed.
        """
        if self.open or not self.state.can_retry:
            return
        self.open = True
        self.control.clear()
        self.control.mark(None)
        self.control.set_disabled(False)
        self.feedback.value = self._next_try_html()
        self._update_buttons()
        self._changed()

    def reveal(self) -> None:
        """"Show answer": end the question at the credit earned so far and show the answer.

        Does nothing before the first try or on a finished question (``state.can_reveal``).
        """
        if not self.state.can_reveal:
            return
        self.revealed = True
        self.open = False
        self.control.set_disabled(True)
        last = self.grade
        if last is not None:  # can_reveal guarantees a try
            self.feedback.value = self._feedback_html(last)
        self._update_buttons()
        self._changed()

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change()

    def _update_buttons(self) -> None:
        state = self.state
        self.check_button.disabled = not self.open
        self.retry_button.disabled = self.open or not state.can_retry
        self.reveal_button.disabled = not state.can_reveal

    def _worth_next(self) -> float:
        return max(0.0, 1 - self.policy.penalty * len(self.grades))

    def _next_try_html(self) -> str:
        """The line before a try: which try it is and what a right answer earns."""
        if not self.grades:
            return ""
        worth = format_score(self._worth_next())
        n = len(self.grades) + 1
        tries = self.policy.tries
        text = (
            UI_TEXT["try_now_unlimited"].format(n=n, worth=worth)
            if tries is None
            else UI_TEXT["try_now"].format(n=n, tries=tries, worth=worth)
        )
        return f"<p>{html.escape(text)}</p>"

    def _feedback_html(self, result: Grade) -> str:
        if result.status == "partial":
            status = UI_TEXT["status_partial"].format(score=format_score(result.score))
        else:
            status = UI_TEXT[f"status_{result.status}"]
        out = [f"<p><strong>{html.escape(status)}</strong></p>"]
        graded = result.status in _GRADED
        state = self.state
        if graded and state.finished:
            key = "credit_revealed" if state.revealed else "credit"
            line = UI_TEXT[key].format(
                credit=format_score(state.credit), tries=_tries_text(state.tries_used)
            )
            out.append(f"<p><strong>{html.escape(line)}</strong></p>")
        out += [render_markdown(note) for note in result.feedback]
        if graded and isinstance(self.question, FillBlanks) and result.parts:
            marks = ", ".join(
                f"{n} {UI_TEXT['part_right' if ok else 'part_wrong']}"
                for n, ok in enumerate(result.parts, start=1)
            )
            out.append(f"<p>{html.escape(UI_TEXT['blanks_marked'].format(marks=marks))}</p>")
        if not graded:
            return "\n".join(out)
        if not state.finished:
            worth = format_score(self._worth_next())
            tries = self.policy.tries
            if tries is None:
                text = UI_TEXT["tries_left_unlimited"].format(worth=worth)
            else:
                left = _tries_text(tries - state.tries_used)
                text = UI_TEXT["tries_left"].format(left=left, worth=worth)
            out.append(f"<p>{html.escape(text)}</p>")
            return "\n".join(out)
        answer = model_answer(self.question)
        if state.show_expected:
            label = html.escape(UI_TEXT["model_answer"])
            out.append(f"<p>{label} {render_markdown(answer, inline=True)}</p>")
        out.append(f"<p><strong>{html.escape(UI_TEXT['explanation'])}</strong></p>")
        out.append(render_markdown(self.question.explanation))
        out.append(f"<p><small>{source_html(self.question, self.source_label)}</small></p>")
        return "\n".join(out)

    def show_hint(self) -> None:
        """Reveal the next hint (one at a time)."""
        if self.hints_shown >= len(self.question.hints):
            return
        self.hints_shown += 1
        shown = self.question.hints[: self.hints_shown]
        self.hints.value = "".join(
            f"<p>💡 {render_markdown(h, inline=True)}</p>" for h in shown
        )
        self._update_hint_button()

    def _update_hint_button(self) -> None:
        left = len(self.question.hints) - self.hints_shown
        if left > 0:
            self.hint_button.description = UI_TEXT["hints_left"].format(n=left)
            self.hint_button.disabled = False
        else:
            self.hint_button.description = UI_TEXT["no_more_hints"]
            self.hint_button.disabled = True


class Quiz:
    """A quiz of several questions with running score, progress and a final summary.

    Every question follows ``attempts`` (default: :class:`quizkit.attempts.AttemptPolicy`'s
    defaults), which the quiz states once above the questions in the words of
    :func:`quizkit.attempts.describe`. Scores are credits (see :mod:`quizkit.attempts`); the
    summary appears once every question is finished. ``source_labels`` gives what each
    question's note calls its source text, from the source's id (``None``: the course's
    first; default: "the source text" for all). ``widget`` is the ipywidget to display (the
    object also displays itself).
    """

    def __init__(
        self,
        questions: Sequence[Question],
        *,
        title: str | None = None,
        attempts: AttemptPolicy | None = None,
        source_labels: Callable[[str | None], str] | None = None,
    ) -> None:
        total = len(questions)
        self.policy = attempts if attempts is not None else AttemptPolicy()
        self.questions = [
            QuestionWidget(
                q, n, total, on_change=self._update, policy=self.policy,
                source_label=(DEFAULT_SOURCE_LABEL if source_labels is None
                              else source_labels(q.source.source)),
            )
            for n, q in enumerate(questions, start=1)
        ]
        self.title = w.HTML(f"<h3>{html.escape(title)}</h3>" if title else "")
        self.policy_note = w.HTML(f"<p><em>{html.escape(describe(self.policy))}</em></p>")
        self.progress = w.HTML("")
        self.summary = w.HTML("")
        self.review_button = w.Button(description=UI_TEXT["review_missed"])
        self.show_all_button = w.Button(description=UI_TEXT["show_all"])
        self.review_button.on_click(lambda _b: self.review_missed())
        self.show_all_button.on_click(lambda _b: self.show_all())
        self.review_button.layout.display = "none"
        self.show_all_button.layout.display = "none"
        self.widget = w.VBox(
            [self.title, self.policy_note, self.progress]
            + [q.box for q in self.questions]
            + [self.summary, w.HBox([self.review_button, self.show_all_button])]
        )
        self._update()

    @property
    def score(self) -> float:
        """Sum of the questions' credits."""
        return sum(q.score for q in self.questions)

    @property
    def finished(self) -> int:
        """How many questions are finished."""
        return sum(q.finished for q in self.questions)

    @property
    def missed(self) -> list[QuestionWidget]:
        """Finished questions whose credit is below 1."""
        return [q for q in self.questions if q.finished and q.score < 1]

    def _update(self) -> None:
        total = len(self.questions)
        self.progress.value = html.escape(
            UI_TEXT["progress"].format(
                finished=self.finished, total=total, score=format_score(self.score)
            )
        )
        if total and self.finished == total:
            text = UI_TEXT["summary"].format(
                score=format_score(self.score),
                total=total,
                percent=round(100 * self.score / total),
            )
            missed = self.missed
            if missed:
                numbers = ", ".join(str(self.questions.index(q) + 1) for q in missed)
                text += UI_TEXT["summary_missed"].format(
                    missed=f"question{'s' if len(missed) > 1 else ''} {numbers}",
                    button=UI_TEXT["review_missed"],
                )
            else:
                text += UI_TEXT["summary_all_right"]
            self.summary.value = f"<p><strong>{html.escape(text)}</strong></p>"
            self.review_button.layout.display = "" if missed else "none"
        else:
            self.summary.value = ""
            self.review_button.layout.display = "none"

    def review_missed(self) -> None:
        """Show only the missed questions, each with its feedback and explanation."""
        missed = self.missed
        for q in self.questions:
            q.box.layout.display = "" if q in missed else "none"
        self.show_all_button.layout.display = ""

    def show_all(self) -> None:
        """Show every question again."""
        for q in self.questions:
            q.box.layout.display = ""
        self.show_all_button.layout.display = "none"

    @property
    def visible(self) -> list[QuestionWidget]:
        """The questions currently shown."""
        return [q for q in self.questions if q.box.layout.display != "none"]

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle: dict[str, Any] = self.widget._repr_mimebundle_(**kwargs)
        return bundle


__all__ = [
    "UI_TEXT",
    "ChoiceControl",
    "Control",
    "FillBlanksControl",
    "MatchingControl",
    "MultiControl",
    "OrderingControl",
    "QuestionWidget",
    "Quiz",
    "TextControl",
    "TrueFalseControl",
    "format_score",
    "make_control",
    "model_answer",
    "option_order",
    "plain_text",
    "scrambled_order",
    "source_html",
]
