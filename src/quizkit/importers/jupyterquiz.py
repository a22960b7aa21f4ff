"""jupyterquiz JSON (a list of questions) to bank drafts.

jupyterquiz's documented question shape: ``{"question", "type", "answers", ...}`` with
type ``multiple_choice`` (one correct answer), ``many_choice`` (several), ``numeric``
(answers ``{"type": "value", "value"}`` or ``{"type": "range", "range": [low, high]}``,
plus a ``"default"`` feedback) or ``string`` (answers ``{"answer", "correct",
"match_case", "fuzzy_threshold"}``). Line numbers are those where each question's object
starts in the file.
"""

from __future__ import annotations

import json
from typing import Any

from quizkit.errors import Problem
from quizkit.importers.drafts import Draft, ImportSyntaxError, Parsed
from quizkit.importers.markup import slugify


class JupyterquizError(ImportSyntaxError):
    """Malformed jupyterquiz JSON, located by file and line."""


def _elements(text: str, filename: str) -> list[tuple[int, Any]]:
    """The top-level array's elements, each with the line its value starts on."""
    dec = json.JSONDecoder()
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise JupyterquizError(filename, exc.lineno, f"not valid JSON: {exc.msg}") from None
    i = len(text) - len(text.lstrip())
    if not text[i:].startswith("["):
        raise JupyterquizError(filename, 1, "a jupyterquiz file is a JSON list of questions")
    i += 1
    out: list[tuple[int, Any]] = []
    while True:
        while i < len(text) and text[i] in " \t\r\n,":
            i += 1
        if i >= len(text) or text[i] == "]":
            return out
        value, end = dec.raw_decode(text, i)
        out.append((text.count("\n", 0, i) + 1, value))
        i = end


def _feedback(a: dict[str, Any]) -> str | None:
    fb = a.get("feedback")
    return str(fb) if fb else None


def _question(qa: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    qtype = qa.get("type")
    answers = qa.get("answers")
    prompt = str(qa.get("question", "")).strip()
    if not prompt or not isinstance(answers, list):
        return None, "a question needs 'question' text and an 'answers' list"
    d: dict[str, Any] = {"id": slugify(prompt), "prompt": prompt}
    if qa.get("code"):
        d["prompt"] += "\n\n```\n" + str(qa["code"]) + "\n```"
    if qtype in ("multiple_choice", "many_choice"):
        opts = []
        for a in answers:
            opt: dict[str, Any] = {"text": str(a.get("answer", ""))}
            if a.get("correct"):
                opt["correct"] = True
            if _feedback(a):
                opt["feedback"] = _feedback(a)
            opts.append(opt)
        n = sum(1 for o in opts if o.get("correct"))
        d["type"] = "single-choice" if qtype == "multiple_choice" and n == 1 else "multiple-select"
        d["options"] = opts
    elif qtype == "numeric":
        d["type"] = "numeric"
        right = [a for a in answers if a.get("correct") and a.get("type") != "default"]
        if not right:
            return None, "numeric question with no correct answer"
        a = right[0]
        if "range" in a:
            low, high = a["range"]
            d["range"] = {"low": float(low), "high": float(high)}
        elif "value" in a:
            d["answer"] = float(a["value"])
        else:
            return None, "numeric answer with neither 'value' nor 'range'"
    elif qtype == "string":
        d["type"] = "short-text"
        right = [a for a in answers if a.get("correct") and a.get("type") != "default"]
        if not right:
            return None, "string question with no correct answer"
        d["answers"] = [str(a["answer"]) for a in right]
        if any(a.get("match_case") for a in right):
            d["case_sensitive"] = True
        if any(a.get("fuzzy_threshold") for a in right):
            d["max_typos"] = 1
        wrong = [{"answer": str(a["answer"]), "feedback": _feedback(a)}
                 for a in answers if not a.get("correct") and "answer" in a and _feedback(a)]
        if wrong:
            d["common_mistakes"] = wrong
    else:
        return None, f"jupyterquiz type {qtype!r} has no bank equivalent"
    return d, ""


def parse_jupyterquiz(text: str, filename: str = "<jupyterquiz>") -> Parsed:
    """Parse a jupyterquiz JSON list into drafts."""
    result = Parsed()
    for line, qa in _elements(text.lstrip("\ufeff"), filename):
        if not isinstance(qa, dict):
            raise JupyterquizError(filename, line, "each question must be a JSON object")
        try:
            d, why = _question(qa)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            d, why = None, f"cannot read this question ({exc.__class__.__name__}: {exc})"
        if d is None:
            result.unmapped.append(Problem(filename, line, None, None, why))
            continue
        draft = Draft(data=d, line=line, derived_id=True)
        if qa.get("type") == "numeric" and "range" in d:
            draft.notes.append("jupyterquiz ranges exclude the upper bound; the bank's include it")
        if d.get("max_typos"):
            draft.notes.append("fuzzy_threshold mapped to max_typos 1: check it")
        result.drafts.append(draft)
    return result


__all__ = ["JupyterquizError", "parse_jupyterquiz"]
