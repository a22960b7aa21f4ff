"""The progress and review pages as built: the question index, the packed page forms, links,
and the extension's bookkeeping (pages read again when another changes, assets per page)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from quizkit.html import page_payloads, shared_items, site_loader, unpack
from quizkit.sphinx_progress import OWN_ASSETS, PAGE_ASSETS, _outdated, asset_text, reading_order

PROGRESS = "chapters/progress.html"
REVIEW = "chapters/review.html"


def page_data(site: Path, rel: str) -> dict[str, Any]:
    """The packed data of a progress or review page, the review page's items taken from the
    shared files it links as review.js takes them."""
    text = (site / rel).read_text(encoding="utf-8")
    found = re.search(r'class="qk-page-data">([A-Za-z0-9+/=]*)<', text)
    assert found, rel
    data: dict[str, Any] = unpack(found[1])
    if data.get("files"):
        shared = shared_items(data["files"], data["page"], site_loader(site / rel, text))
        for q in data["questions"]:
            if q["id"] not in data["items"] and q["id"] in shared:
                data["items"][q["id"]] = shared[q["id"]]
    return data


def quiz_pages(site: Path) -> dict[str, list[Any]]:
    """Every built page with quizzes: its quiz payloads."""
    out = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("_"):
            continue
        found = page_payloads(path)
        if found:
            out[rel] = found
    return out


@pytest.mark.book
def test_index_lists_every_question_asked_and_where(site: Path) -> None:
    """Every question of every quiz in the book (directives and notebook outputs) is in the
    index once, with each place it is asked: quiz id, position, key, policy and link."""
    data = page_data(site, PROGRESS)
    index = {q["id"]: q for q in data["questions"]}
    assert len(index) == len(data["questions"])
    asked: dict[str, set[tuple[str, str, int, str]]] = {}
    for rel, quizzes in quiz_pages(site).items():
        for quiz in quizzes:
            for n, item in enumerate(quiz["questions"], start=1):
                # the question itself: its element id, which quizkit.js gives it
                href = Path(rel).relative_to("chapters").as_posix() + f"#{quiz['id']}-q{n}"
                asked.setdefault(item["id"], set()).add((quiz["id"], item["key"], n, href))
    assert any(rel.startswith("chapters/exercises/") for rel in quiz_pages(site))  # notebook outputs count
    assert set(index) == set(asked)
    for qid, places in asked.items():
        got = {(p["quiz"], p["key"], p["n"], p["href"]) for p in index[qid]["places"]}
        assert got == places, qid
        assert all(p["tries"] in (1, 2, None) and 0 <= p["penalty"] <= 1 for p in index[qid]["places"])
    from quizkit.bank import load_bank

    bank = load_bank(Path(__file__).parents[1] / "bank")
    for qid, q in index.items():
        question = bank.questions[qid]
        assert q["objectives"] == list(question.objectives)
        assert q["chapter"] == next(f.stem for f in bank.files if any(x.id == qid for x in f.model.questions))
    chapters = {c["id"]: c for c in data["chapters"]}
    assert set(chapters) == {f.stem for f in bank.files}
    assert data["review_href"] == "review.html"


@pytest.mark.book
def test_review_page_carries_packed_page_forms_and_no_readable_answers(site: Path) -> None:
    """The review page holds each indexed question's page form, packed: no explanation or
    option text of the bank is readable in its source."""
    carried = unpack(re.findall(r'class="qk-page-data">([A-Za-z0-9+/=]*)<',
                                (site / REVIEW).read_text(encoding="utf-8"))[0])  # fmt: skip
    # every question the chapters share comes from their files, which the page links
    assert carried["items"] == {} and len(carried["files"]) == 6
    data = page_data(site, REVIEW)
    assert set(data["items"]) == {q["id"] for q in data["questions"]}
    assert data["fsrs"]["enable_fuzz"] is False and data["attempts"]["tries"] == 2
    assert data["progress_href"] == "progress.html" and data["paper_href"] == "a1-paper.html"
    # The course's pages and anchor rule (quizkit.yml), as a quiz container carries them.
    assert (data["refs_href"], data["refs_anchor"]) == ("a5-references.html", "fs-{item}")
    source = (site / REVIEW).read_text(encoding="utf-8")
    from quizkit.bank import load_bank

    bank = load_bank(Path(__file__).parents[1] / "bank")
    for qid in data["items"]:
        explanation = " ".join(bank.questions[qid].explanation.split())[:40]
        assert explanation not in source, qid


@pytest.mark.book
def test_pages_link_their_assets_in_order(site: Path) -> None:
    """The progress page links its three files, the review page its seven, in load order, and
    the output holds the minified files."""
    for rel, kind in ((PROGRESS, "progress"), (REVIEW, "review")):
        text = (site / rel).read_text(encoding="utf-8")
        linked = [m for m in re.findall(r'_quizkit/([a-z.-]+\.(?:js|css))', text)]
        scripts = [n for n in linked if n.endswith(".js")]
        assert scripts == [n for n in PAGE_ASSETS[kind] if n.endswith(".js")], rel
        assert sorted(set(linked)) == sorted(PAGE_ASSETS[kind])
    for name in OWN_ASSETS:
        assert (site / "_static" / "_quizkit" / name).read_text(encoding="utf-8") == asset_text(name)


def test_prompt_lines_are_plain_text() -> None:
    """A prompt reaches the index as plain text (shown with textContent): markup is dropped and
    raw HTML stays literal text, never markup; long prompts are cut with an ellipsis."""
    from quizkit.sphinx_progress import PROMPT_CHARS, _plain

    assert _plain("Who *met* <script>alert(1)</script> in `Tokyo`?") == "Who met <script>alert(1)</script> in Tokyo?"
    long = _plain("word " * 100)
    assert len(long) == PROMPT_CHARS and long.endswith("\u2026")


def test_pages_are_read_again_when_another_changes() -> None:
    """The progress and review documents are outdated whenever any other document changed."""
    env = SimpleNamespace(quizkit_progress_docs={"chapters/progress", "chapters/review"})
    assert _outdated(None, env, set(), set(), set()) == []  # type: ignore[arg-type]
    assert _outdated(None, env, set(), {"chapters/03-meeting"}, set()) == ["chapters/progress", "chapters/review"]  # type: ignore[arg-type]
    assert _outdated(None, env, set(), {"chapters/review"}, set()) == ["chapters/progress"]  # type: ignore[arg-type]


def test_reading_order_follows_the_table_of_contents() -> None:
    """Documents come depth first from the root, then those outside the table of contents."""
    env = SimpleNamespace(
        config=SimpleNamespace(root_doc="index"),
        toctree_includes={"index": ["a", "b"], "a": ["a1"], "b": []},
        found_docs={"index", "a", "a1", "b", "orphan"},
    )
    assert reading_order(env) == ["index", "a", "a1", "b", "orphan"]  # type: ignore[arg-type]
