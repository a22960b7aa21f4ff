"""The whole book builds offline with every warning an error (``-W -n --keep-going``)."""

from __future__ import annotations

import re

import pytest

from conftest import BookBuild

pytestmark = pytest.mark.book

_EXTERNAL_SRC = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["'](?:https?:)?//""")


# Sphinx and docutils report "WARNING:" / "ERROR:" / "CRITICAL:". ipykernel's log lines
# ("[IPKernelApp] WARNING | Kernel is running over TCP without encryption ...", printed by
# every kernel the build starts on loopback) are not problems of the book and are not matched.
_SPHINX_PROBLEM = re.compile(r"\b(?:WARNING|ERROR|CRITICAL|SEVERE):")


def test_book_builds_without_warnings(built_book: BookBuild) -> None:
    """The build exits 0 and its output has no Sphinx warning or error."""
    assert built_book.returncode == 0, built_book.output[-4000:]
    problems = [ln for ln in built_book.output.splitlines() if _SPHINX_PROBLEM.search(ln)]
    assert problems == []
    assert "Traceback" not in built_book.output


def test_every_page_links_only_local_resources(built_book: BookBuild) -> None:
    """No built page has a script, stylesheet, image or frame from another host."""
    pages = sorted(built_book.html.rglob("*.html"))
    assert len(pages) >= 15
    offenders = {
        str(p.relative_to(built_book.html)): _EXTERNAL_SRC.findall(p.read_text(encoding="utf-8"))
        for p in pages
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_quiz_assets_only_on_quiz_pages(built_book: BookBuild) -> None:
    """Pages with a quiz link the quiz script; pages without one do not."""
    html = built_book.html
    final = (html / "chapters" / "08-final-review.html").read_text(encoding="utf-8")
    assert "data-quizkit=" in final and "_quizkit/quizkit.js" in final
    glossary = (html / "chapters" / "a2-glossary.html").read_text(encoding="utf-8")
    assert "_quizkit/" not in glossary
    for name in ("grader.js", "quizkit.js", "quizkit.css"):
        assert (html / "_static" / "_quizkit" / name).is_file()
    assert not list((html / "_static").glob("quizkit*"))


def test_paper_appendix_has_every_anchor(built_book: BookBuild) -> None:
    """The paper appendix has anchors p1..p18 (what every {paper} link and quiz points to)."""
    from quizkit.paper import load_paper

    text = (built_book.html / "chapters" / "a1-paper.html").read_text(encoding="utf-8")
    for pid in load_paper().paragraphs:
        assert f'id="{pid}"' in text
