"""This course's paper split into blocks: exactly the source text, stable ids, citation, quotes."""

from __future__ import annotations

import re

from helpers import SOURCES
from quizkit.paper import load_paper, normalise_quote

SOURCE = (SOURCES / "kapila-2013-russia-japan-reachout.txt").read_text(encoding="utf-8")


def test_blocks_reproduce_the_source_words_in_order() -> None:
    """Joining every block gives the file's words in order; only bullet marks are dropped."""
    paper = load_paper()
    joined = " ".join(b.text for b in paper.blocks).split()
    source_words = [w for w in SOURCE.replace("\u2022", " ").split()]
    assert joined == source_words


# SHA-256 of the paper's text and of the fact sheet as the course received them: the
# course's copies must stay byte-identical (slips included), whatever else changes.
PAPER_SHA256 = "ba4fbff748253e1c179843d18ce6095f561e5090d9bf8d202460e9e465d7f09b"
FACTSHEET_SHA256 = "11b3b771732c67775a60b86d9f0481d2bfeaf744c7eabba2808a1a3368561ef0"


def test_course_copies_are_the_received_texts() -> None:
    """The paper and the fact sheet in sources/ are exactly the texts received, and they are
    the files the course's quizkit.yml names."""
    import hashlib

    from quizkit.course import find_course

    paper = (SOURCES / "kapila-2013-russia-japan-reachout.txt").read_bytes()
    assert hashlib.sha256(paper).hexdigest() == PAPER_SHA256
    factsheet = (SOURCES / "factsheet.md").read_bytes()
    assert hashlib.sha256(factsheet).hexdigest() == FACTSHEET_SHA256
    course = find_course(SOURCES)
    assert course.source().path == SOURCES / "kapila-2013-russia-japan-reachout.txt"
    assert course.factsheet is not None and course.factsheet.path == SOURCES / "factsheet.md"


def test_ids_are_p1_to_p18_and_h1_to_h3_in_reading_order() -> None:
    """Body blocks are numbered p1..p18 and headings h1..h3, in order; front matter has no id."""
    blocks = load_paper().blocks
    assert [b.id for b in blocks if b.kind in ("paragraph", "bullet")] == [
        f"p{i}" for i in range(1, 19)
    ]
    assert [b.id for b in blocks if b.kind == "heading"] == ["h1", "h2", "h3"]
    assert [b.text for b in blocks if b.kind == "heading"] == [
        "Introductory Observations",
        "Major Highlights of Russia-China 2+2 Meeting in Tokyo",
        "Concluding Observations",
    ]
    assert all(b.id == "" for b in blocks if b.kind == "front")
    assert [b.id for b in blocks if b.kind == "bullet"] == ["p12", "p13", "p14"]


def test_known_paragraph_starts() -> None:
    """Spot checks that pin the numbering to the text."""
    paras = load_paper().paragraphs
    assert paras["p1"].text.startswith("Russia and Japan in a historical political")
    assert paras["p6"].text.startswith("In the first ever meeting jointly attended")
    assert paras["p14"].text == "Japan possibly trying to drive a wedge between Russia and China."
    assert paras["p18"].text.endswith("would be under close scrutiny.")


def test_citation() -> None:
    """The one-line reference."""
    assert load_paper().citation == (
        "Dr Subhash Kapila, \u201cRussia & Japan in a Historical Political and Strategic "
        "Reachout\u201d, South Asia Analysis Group (SAAG), Paper No. 5591, 4 November 2013."
    )


def test_contains_quote_normalises_quotes_and_whitespace() -> None:
    """Straight or curly quote marks and any whitespace match; other words do not."""
    paper = load_paper()
    assert paper.contains_quote("p7", "each other's military\n   exercises")
    assert paper.contains_quote("p7", "each other\u2019s military exercises")
    assert not paper.contains_quote("p7", "each others military exercises")
    assert not paper.contains_quote("p6", "each other's military exercises")
    assert not paper.contains_quote("p99", "Russia")
    assert normalise_quote("  \u201ca\u201d \n b ") == '"a" b'


def test_not_examinable_names_real_paragraphs() -> None:
    """Every paragraph excused from coverage exists and gives a reason."""
    paper = load_paper()
    for pid, reason in paper.not_examinable.items():
        assert pid in paper.paragraphs
        assert isinstance(reason, str) and re.search(r"\w", reason)
