"""The whole book builds offline with every warning an error (``-W -n --keep-going``)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from conftest import ROOT, BookBuild

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


# ---------------------------------------------------------------- the final review's promises

FINAL_REVIEW = ROOT / "chapters" / "08-final-review.md"
_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def _final_review() -> tuple[str, dict[str, str], Any, list[Any]]:
    """The page's text (whitespace collapsed), its quiz options, the bank and the draw."""
    from quizkit.bank import load_bank

    text = FINAL_REVIEW.read_text(encoding="utf-8")
    body = re.search(r"^```\{quiz\}\n(.*?)^```", text, re.M | re.S)
    assert body is not None
    opts = dict(re.findall(r"^:([\w-]+):[ \t]*(.*)$", body.group(1), re.M))
    bank = load_bank(ROOT / "bank")
    drawn = bank.select(
        bank=opts["bank"],
        sample=int(opts["sample"]),
        seed=int(opts["seed"]),
        stratify="stratify" in opts,
    )
    return " ".join(text.split()), opts, bank, drawn


def test_final_review_text_promises_only_what_it_draws() -> None:
    """Every number and pointer on the page agrees with the questions the quiz draws."""
    text, opts, bank, drawn = _final_review()
    assert "stratify" in opts and opts["tries"] == "1"
    assert "Each question allows one try" in text
    per_chapter = Counter(bank.file_of(q.id).stem for q in drawn)
    stems = [f.stem for f in bank.files]
    assert set(per_chapter) == set(stems)  # every chapter
    low, high = min(per_chapter.values()), max(per_chapter.values())
    first, last = int(stems[0][:2]), int(stems[-1][:2])
    assert f"{len(drawn)} questions drawn from the whole question bank" in text
    assert f"{_WORDS[low]} or {_WORDS[high]} from each of chapters {first} to {last}" in text
    covered = {o for q in drawn for o in q.objectives}
    assert f"covering {len(covered)} of the course's {len(bank.objectives)} learning objectives" in text
    missing = set(bank.objectives) - covered
    assert f"{_WORDS[len(missing)].capitalize()} of the course's learning objectives have no question" in text
    leaves_out = text.split("## What this review leaves out")[1].split("## ")[0]
    for oid in missing:  # each missing objective is sent back to its own chapter
        assert f"({bank.objective_file_of(oid).stem}.md)" in leaves_out, oid
    assert leaves_out.count("](") == len(missing)
    # "Where to go next" points at chapters 3, 4 and 6 for topics the draw really tests.
    assert per_chapter["03-meeting"] and per_chapter["04-china"]
    assert {"crit-slips", "crit-overstate"} <= covered


def test_a_chapter_and_its_notebook_share_one_file_of_its_questions(built_book: BookBuild) -> None:
    """Each chapter page and its exercise notebook link the same shared file, which holds
    every question of the chapter's bank file and nothing else; their blocks carry those
    questions by id only; the final review, showing 2 or 3 of each file, links none."""
    from quizkit.bank import load_bank
    from quizkit.html import PAGE_PAYLOAD, read_shared, unpack

    bank = load_bank(ROOT / "bank")
    data = built_book.html / "_static" / "_quizkit" / "data"
    chapters = built_book.html / "chapters"
    for entry in bank.files:
        pages = [chapters / f"{entry.stem}.html", chapters / "exercises" / f"{entry.stem}.html"]
        linked = [set(re.findall(r"_quizkit/data/([\w.-]+)\.js", p.read_text(encoding="utf-8")))
                  for p in pages]  # fmt: skip
        assert linked[0] == linked[1] and len(linked[0]) == 1, entry.stem
        (name,) = linked[0]
        found, items = read_shared((data / f"{name}.js").read_text(encoding="utf-8"))
        assert found == name and name.startswith(entry.stem + ".")
        assert [item["id"] for item in items] == [q.id for q in entry.model.questions]
        for page in pages:
            (block,) = PAGE_PAYLOAD.findall(page.read_text(encoding="utf-8"))
            shown = [q for quiz in unpack(block)["quizzes"] for q in quiz["questions"]]
            assert shown and all(isinstance(q, str) for q in shown), page.name
    final = (chapters / "08-final-review.html").read_text(encoding="utf-8")
    assert "_quizkit/data/" not in final


def test_every_paragraph_link_of_every_quiz_reaches_its_paragraph(built_book: BookBuild) -> None:
    """On every built page, each question's "Read ¶N" link (shared questions' links made
    relative to the page) names a page of the book that has the paragraph's anchor."""
    from quizkit.html import page_payloads

    checked = 0
    for page in sorted(built_book.html.rglob("*.html")):
        if page.relative_to(built_book.html).parts[0].startswith("_"):
            continue
        for quiz in page_payloads(page):
            for item in quiz["questions"]:
                href = item["spec"]["source"].get("href")
                if href is None:
                    continue
                target, _, anchor = href.partition("#")
                text = (page.parent / target).resolve().read_text(encoding="utf-8")
                assert f'id="{anchor}"' in text, (page.name, item["id"], href)
                checked += 1
    assert checked > 100


def test_built_final_review_carries_the_draw_and_one_try(built_book: BookBuild) -> None:
    """The built page's quiz holds exactly the stratified draw, with the one-try policy."""
    from quizkit.html import page_payloads

    _, _, _, drawn = _final_review()
    (payload,) = page_payloads(built_book.html / "chapters" / "08-final-review.html")
    assert [q["id"] for q in payload["questions"]] == [q.id for q in drawn]
    assert payload["attempts"]["tries"] == 1


def test_every_page_has_a_favicon(built_book: BookBuild) -> None:
    """Each page names its icon, and the file is in the build (no 404 for /favicon.ico)."""
    missing = []
    for page in sorted(built_book.html.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="Refresh"' in text or page.parent.name == "_static":
            continue  # the root redirect to the cover page; the theme's template macros
        m = re.search(r'<link rel="icon" href="([^"]+)"', text)
        if m is None or not (page.parent / m.group(1)).resolve().is_file():
            missing.append(str(page.relative_to(built_book.html)))
    assert missing == []
