"""Paths the tests share: the repository, this course's folders, the second test course."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
"""The repository: quizkit's source and this course (its quizkit.yml is here)."""

BANK = ROOT / "bank"
"""This course's question bank."""

SOURCES = ROOT / "sources"
"""This course's source text, its metadata and the fact sheet."""

COURSES = ROOT / "tests" / "courses"
"""Small courses of the tests' own, each a folder with its quizkit.yml."""


def course_yml(rest: str = "") -> str:
    """A quizkit.yml whose course quotes this course's paper and fact sheet (absolute paths,
    so a course made in a temporary folder grounds its questions in them), then ``rest``."""
    return (
        "course:\n"
        "  bank: bank\n"
        "  sources:\n"
        "    - id: paper\n"
        f"      text: {SOURCES / 'kapila-2013-russia-japan-reachout.txt'}\n"
        f"      metadata: {SOURCES / 'paper.yml'}\n"
        "      page: chapters/a1-paper\n"
        "  factsheet:\n"
        f"    file: {SOURCES / 'factsheet.md'}\n"
        "    page: chapters/a5-references\n"
        + rest
    )


def pinned_blanks() -> object:
    """Three drop-down blanks: shuffled, shuffled with a pinned last option, and fixed."""
    from quizkit.models import FillBlanks

    opts = ["Lavrov", "Shoigu", "Kishida", "none of these"]
    return FillBlanks(
        id="drop-downs", type="fill-blanks", prompt="Fill in.",
        passage="{{plain}}, {{pinned}} and {{fixed}}.",
        blanks=[{"id": "plain", "answers": ["Lavrov"], "options": opts},
                {"id": "pinned", "answers": ["Shoigu"], "options": opts,
                 "pin": ["none of these"]},
                {"id": "fixed", "answers": ["Kishida"], "options": opts, "shuffle": False}],
        level="remember", explanation="E.", objectives=["o"],
        source={"paragraph": "p1", "quote": "Tokyo"})  # type: ignore[arg-type]
