"""Interactive authoring for ``quizkit new``: ask for what the command line left out.

Every answer is checked where it is typed (a slug for ids and tags, a paragraph the text
has, a quote that stands in it, numbers that parse), so a finished question is valid; the
scaffold's values (``TODO`` placeholders, :data:`quizkit.drafts.PLACEHOLDER`) are the defaults, so pressing Enter keeps them.
The cognitive level is chosen from the six of the revised Bloom taxonomy, each shown with a
one-line hint (:data:`LEVEL_HINTS`). For short-text, numeric and fill-blanks questions the
author is asked for variants a learner would type that must be accepted, and for wrong
answers that must be refused; they become ``response_tests`` next to the model answer's
own test, and each is graded at once, so a variant the answers do not accept is noticed
(for short text, the author may add it to the accepted answers on the spot). Prompts are
used only when standard input is a terminal; otherwise a missing option is a usage error.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click
from pydantic import TypeAdapter

from quizkit.drafts import PLACEHOLDER, model_answer_tests
from quizkit.errors import UsageError
from quizkit.models import (
    BLANK_PATTERN,
    LEVELS,
    QUESTION_TYPES,
    SLUG_PATTERN,
    Question,
    QuestionType,
    is_question_type,
    unhandled,
)
from quizkit.problems import question_problems

if TYPE_CHECKING:
    from quizkit.sources import Source

_SLUG = re.compile(SLUG_PATTERN)

LEVEL_HINTS: dict[str, str] = {
    "remember": "recall a fact, name, date or term as the source gives it",
    "understand": "explain, paraphrase, classify or compare in one's own words",
    "apply": "use a rule or method on a new case (compute, convert, place on a timeline)",
    "analyse": "take an argument apart: claim and evidence, assumptions, how parts relate",
    "evaluate": "judge a claim against evidence or criteria and justify the judgement",
    "create": "put ideas together into something new (a plan, an argument, a summary)",
}
"""One-line hints for the cognitive levels, in the taxonomy's order (lowest first)."""


def is_interactive() -> bool:
    """Whether to prompt: standard input is a terminal."""
    return sys.stdin.isatty()


def _checked(check: Callable[[str], str | None]) -> Callable[[Any], str]:
    """A click ``value_proc`` that re-asks with the message ``check`` returns."""

    def proc(value: Any) -> str:
        text = str(value).strip()
        problem = check(text)
        if problem:
            raise click.BadParameter(problem)
        return text

    return proc


def _slug_problem(text: str) -> str | None:
    if not _SLUG.match(text):
        return (f"'{text}' is not a slug: lowercase letters and digits in words joined by "
                "single hyphens, e.g. meeting-date")
    return None


def _nonempty(text: str) -> str | None:
    return None if text else "this cannot be empty"


def ask_missing(option: str, *, existing_ids: dict[str, str] | None = None) -> str:
    """Ask for a missing ``--type`` or ``--id``; a usage error when not interactive."""
    if not is_interactive():
        raise UsageError(f"missing option {option}")
    if option == "--type":
        return str(click.prompt("Question type", type=click.Choice(QUESTION_TYPES),
                                default="single-choice"))
    if option == "--id":
        taken = existing_ids or {}

        def check(text: str) -> str | None:
            if text in taken:
                return f"id '{text}' is already used by the question at {taken[text]}"
            return _slug_problem(text)

        return str(click.prompt("Question id (a slug, unique across the bank)",
                                value_proc=_checked(check)))
    return str(click.prompt(option.lstrip("-").capitalize(), value_proc=_checked(_nonempty)))


def _text(label: str, default: str | None = None) -> str:
    return str(click.prompt(label, default=default, value_proc=_checked(_nonempty)))


def _list(label: str, default: list[str]) -> list[str]:
    """Several values separated by ``|`` (a bar, since answers may contain commas)."""
    raw = click.prompt(f"{label} (separate with |)", default=" | ".join(default))
    values = [v.strip() for v in str(raw).split("|") if v.strip()]
    if not values:
        raise click.BadParameter("give at least one value")
    return values


def _lines(label: str, default: list[str], minimum: int = 2) -> list[str]:
    """Values one per prompt, ending with an empty answer (Enter alone keeps the defaults)."""
    click.echo(f"{label}: one per line, an empty line to finish "
               f"(Enter at once keeps: {' | '.join(default)}).")
    values: list[str] = []
    while True:
        value = str(click.prompt(f"  {len(values) + 1}", default="", show_default=False)).strip()
        if not value:
            if not values:
                return list(default)
            if len(values) >= minimum:
                return values
            click.echo(f"  at least {minimum} needed")
            continue
        values.append(value)


def _choices(item: dict[str, Any]) -> None:
    texts = _lines("Options", [o["text"] for o in item["options"]])
    if item["type"] == "single-choice":
        right = click.prompt("Number of the correct option", type=click.IntRange(1, len(texts)),
                             default=1)
        correct = {right}
    else:
        raw = click.prompt("Numbers of the correct options (e.g. 1,3)", default="1")
        correct = {int(n) for n in re.findall(r"\d+", str(raw)) if 1 <= int(n) <= len(texts)}
        if not correct:
            raise click.BadParameter("give at least one option number")
    options = []
    for n, text in enumerate(texts, start=1):
        opt: dict[str, Any] = {"text": text}
        if n in correct:
            opt["correct"] = True
        fb = str(click.prompt(f"Feedback for option {n} (optional)", default="",
                              show_default=False)).strip()
        if fb:
            opt["feedback"] = fb
        options.append(opt)
    item["options"] = options


def _question_type(item: dict[str, Any]) -> QuestionType:
    qtype = item["type"]
    if not is_question_type(qtype):
        raise UsageError(f"unknown question type {qtype!r}")
    return qtype


def _answer_fields(item: dict[str, Any]) -> None:
    """Ask for the answer fields of the item's type, scaffold values as defaults."""
    qtype = _question_type(item)
    match qtype:
        case "single-choice" | "multiple-select":
            _choices(item)
        case "true-false":
            item["answer"] = click.prompt("Is the statement true?", type=bool, default=True)
        case "numeric":
            item["answer"] = click.prompt("Answer (a number)", type=float, default=item["answer"])
            item["tolerance"] = click.prompt("Tolerance (±)", type=click.FloatRange(min=0),
                                             default=item.get("tolerance", 0))
        case "short-text":
            item["answers"] = _list("Accepted answers, model answer first", item["answers"])
        case "matching":
            pairs = _lines("Pairs written 'item -> partner'",
                           [f"{p['left']} -> {p['right']}" for p in item["pairs"]])
            parsed = []
            for p in pairs:
                if "->" not in p:
                    raise click.BadParameter(f"'{p}' is not 'item -> partner'")
                left, right = (s.strip() for s in p.split("->", 1))
                parsed.append({"left": left, "right": right})
            item["pairs"] = parsed
        case "ordering":
            item["items"] = _lines("Items in the correct order", item["items"])
        case "fill-blanks":
            item["passage"] = _text("Passage, blanks written {{blank-id}}", item["passage"])
            blanks = []
            for bid in BLANK_PATTERN.findall(item["passage"]):
                blank: dict[str, Any] = {
                    "id": bid, "answers": _list(f"Answers for blank '{bid}'", [PLACEHOLDER])}
                opts = str(click.prompt(f"Options for '{bid}' (| separated; empty for free text)",
                                        default="", show_default=False)).strip()
                if opts:
                    blank["options"] = [o.strip() for o in opts.split("|") if o.strip()]
                blanks.append(blank)
            item["blanks"] = blanks
        case _:
            unhandled(qtype)


def choose_level(default: str = "remember") -> str:
    """Ask for the cognitive level, listing the six with their hints."""
    click.echo("Cognitive level (revised Bloom taxonomy): what the question asks the learner to do.")
    width = max(len(lv) for lv in LEVELS)
    for lv, hint in LEVEL_HINTS.items():
        click.echo(f"  {lv:<{width}}  {hint}")
    return str(click.prompt("Level", type=click.Choice(LEVELS), default=default))


def _variants(label: str) -> list[str]:
    raw = str(click.prompt(f"{label} (separate with |, optional)", default="",
                           show_default=False))
    return [v.strip() for v in raw.split("|") if v.strip()]


def _response_tests(item: dict[str, Any]) -> None:
    """Ask for responses to test (short-text, numeric, fill-blanks); the model answer first."""
    qtype = _question_type(item)
    tests = model_answer_tests(qtype, item)
    match qtype:
        case "short-text":
            tests += [{"response": v, "expect": "correct"} for v in _variants(
                "Other ways a learner might write the answer, which must be accepted")]
            tests += [{"response": v, "expect": "incorrect"} for v in _variants(
                "Wrong answers a learner might give, which must be refused")]
        case "numeric":
            tests += [{"response": v, "expect": "correct"} for v in _variants(
                "Numbers a learner might type that must be accepted (as typed, e.g. 2013.0)")]
            tests += [{"response": v, "expect": "incorrect"} for v in _variants(
                "Numbers that must be refused")]
        case "fill-blanks":
            model = tests[0]["response"]
            for b in item["blanks"]:
                if b.get("options") is not None:
                    continue  # a drop-down offers only its options
                for v in _variants(f"Other ways to write blank '{b['id']}' that must be accepted"):
                    tests.append({"response": {**model, b["id"]: v}, "expect": "correct"})
        case "single-choice" | "multiple-select" | "true-false" | "matching" | "ordering":
            return  # the learner picks among what the question shows
        case _:
            unhandled(qtype)
    item["response_tests"] = tests


def _graded_tests(item: dict[str, Any]) -> dict[str, Any]:
    """Grade the item's response tests; offer to accept short-text variants that fail."""
    from quizkit.grading import grade

    adapter: TypeAdapter[Question] = TypeAdapter(Question)
    question = adapter.validate_python(item)
    for test in item.get("response_tests", []):
        status = grade(question, test["response"]).status
        if status == test["expect"]:
            continue
        shown = repr(test["response"])
        if (item["type"] == "short-text" and test["expect"] == "correct"
                and click.confirm(f"{shown} grades {status}. Add it to the accepted answers?",
                                  default=True)):
            answers = item["answers"]
            item["answers"] = [*answers, str(test["response"])]
            if not question_problems(item, filename="<new question>"):
                question = adapter.validate_python(item)
                continue
            item["answers"] = answers  # the variant cannot be an answer as written
        click.echo(f"note: {shown} grades {status}, expected {test['expect']}; "
                   "`quizkit check` will report it until the answers or the test change")
    return item


def prompt_for_question(
    item: dict[str, Any], declared: list[str], *, ask_level: bool = True,
    source: Source | None = None,
) -> dict[str, Any]:
    """Ask for each field of a scaffolded question (its values are the defaults).

    ``declared`` are the objective ids of the target file; ``ask_level`` is False when the
    level was given on the command line; ``source`` is the text the paragraph and quote come
    from (default: the course's first, :func:`quizkit.paper.load_paper`). Returns a question
    that validates against the models, its response tests graded; raises :class:`UsageError` if the answers do not.
    """
    from quizkit.paper import load_paper

    paper = source if source is not None else load_paper()
    item = dict(item)
    item["prompt"] = _text("Prompt (Markdown)", item["prompt"])
    _answer_fields(item)
    _response_tests(item)
    item["explanation"] = _text("Explanation (why the answer is right)", item["explanation"])
    item["objectives"] = [str(click.prompt("Objective", type=click.Choice(declared),
                                           default=item["objectives"][0]))]
    item["difficulty"] = str(click.prompt("Difficulty", type=click.Choice(
        ["easy", "medium", "hard"]), default=item.get("difficulty", "medium")))
    if ask_level:
        item["level"] = choose_level(item.get("level", "remember"))
    tags = str(click.prompt("Tags (comma-separated, optional)", default="",
                            show_default=False,
                            value_proc=_checked(lambda t: next(
                                (p for p in (_slug_problem(x.strip()) for x in t.split(",")
                                             if x.strip()) if p), None))))
    if tags.strip():
        item["tags"] = [t.strip() for t in tags.split(",") if t.strip()]
    paragraph = str(click.prompt("Source paragraph (p1, p2, ...)",
                                 default=item["source"]["paragraph"],
                                 value_proc=_checked(lambda p: None if p in paper.paragraphs
                                                     else f"the text has no paragraph '{p}'")))
    default_quote = (item["source"]["quote"] if paragraph == item["source"]["paragraph"]
                     else " ".join(paper.paragraphs[paragraph].text.split()[:6]))
    quote = str(click.prompt("Quote from that paragraph", default=default_quote,
                             value_proc=_checked(lambda q: None if paper.contains_quote(
                                 paragraph, q) else f"not found in paragraph {paragraph}")))
    item["source"] = {"paragraph": paragraph, "quote": quote}
    problems = question_problems(item, filename="<new question>")
    if problems:
        first = problems[0]
        raise UsageError(
            f"the question would be invalid: {first.field or 'question'}: {first.message}")
    return _graded_tests(item)


__all__ = ["LEVEL_HINTS", "ask_missing", "choose_level", "is_interactive", "prompt_for_question"]
