"""The quiz HTML fragment: golden output, deterministic ids, escaping of hostile bank text."""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest

from quizkit.attempts import AttemptPolicy
from quizkit.bank import loads
from quizkit.html import (
    PAGE_PAYLOAD,
    PAYLOAD,
    SHARED_DATA_DIR,
    SHARED_SHARE,
    SourceLink,
    asset_text,
    inline_assets,
    pack_page,
    page_payloads,
    payloads,
    read_shared,
    relative_href,
    render_quiz,
    shared_file,
    unpack,
)

GOLDEN = Path(__file__).parent / "golden" / "quiz_fragment.html"

THREE = textwrap.dedent(
    """\
    schema_version: 1
    chapter: 1
    title: Golden
    objectives:
      - id: gold-one
        text: Learners can answer three questions.
    questions:
      - id: gold-date
        type: single-choice
        prompt: On what date did the ministers meet in **Tokyo**?
        options:
          - text: 2 November 2013
            correct: true
          - text: 4 November 2013
            feedback: That is the date of the paper.
          - text: None of the above
            pin: true
        hints: [Look at the first paragraph.]
        level: remember
        explanation: The paper opens with the date of the meeting.
        objectives: [gold-one]
        source: {paragraph: p1, quote: "on November 2, 2013"}
      - id: gold-order
        type: ordering
        prompt: Put these in order, earliest first.
        items: [The Moscow summit, The Bali talks, The 2+2 in Tokyo]
        level: remember
        explanation: April, October, November.
        objectives: [gold-one]
        source: {factsheet: B3}
      - id: gold-blanks
        type: fill-blanks
        prompt: Complete the sentence.
        passage: The meeting was held in {{city}} by {{count}} ministers.
        blanks:
          - id: city
            answers: [Tokyo]
          - id: count
            answers: [four]
            options: [two, four, six]
        level: remember
        explanation: Two foreign and two defence ministers met in Tokyo.
        objectives: [gold-one]
        source: {paragraph: p1, quote: "in Tokyo"}
    """
)

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "</script><script>alert(2)</script>",
    "<b><i>broken",
    "<!-- comment",
]


def _questions(text: str = THREE) -> list:
    return list(loads(text, "golden.yml").questions)


def _payload(fragment: str) -> dict:
    (payload,) = payloads(fragment)
    assert isinstance(payload, dict)
    return payload


def _readable(fragment: str) -> str:
    """The fragment with its packed payload shown as indented JSON (DEFLATE bytes may differ
    between zlib builds; what they carry may not)."""
    return PAYLOAD.sub(
        lambda m: m.group(0).replace(
            m.group(1),
            "\n" + json.dumps(unpack(m.group(1)), indent=1, sort_keys=True, ensure_ascii=False) + "\n",
        ),
        fragment,
    )


def test_fragment_matches_golden_file() -> None:
    """The fragment of a fixed 3-question quiz, payload unpacked, equals the golden file.

    Regenerate after an intended change with ``QUIZKIT_UPDATE_GOLDEN=1 pytest tests/test_html.py``.
    """
    fragment = _readable(render_quiz(_questions(), title="Golden quiz", paper_href="text.html",
                                     references_href="refs.html", references_anchor="fs-{item}"))
    if os.environ.get("QUIZKIT_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(fragment, encoding="utf-8")
    assert fragment == GOLDEN.read_text(encoding="utf-8")


def test_fragment_is_deterministic_and_ids_come_from_content() -> None:
    """Same questions, same HTML; other questions, another quiz id; no random ids."""
    one = render_quiz(_questions(), title="T")
    assert one == render_quiz(_questions(), title="T")
    quiz_id = re.search(r'class="qk-quiz" id="(qk-[0-9a-f]{12})"', one)
    assert quiz_id is not None
    other = render_quiz(_questions()[:2], title="T")
    assert quiz_id.group(1) not in other
    assert render_quiz(_questions(), quiz_id="my-quiz").count('id="my-quiz"') == 1


def test_fragment_keeps_question_order_and_carries_the_page_form() -> None:
    """Questions appear in the order given, each with its page form and a content key."""
    questions = _questions()
    payload = _payload(render_quiz(list(reversed(questions))))
    assert [q["id"] for q in payload["questions"]] == ["gold-blanks", "gold-order", "gold-date"]
    for item in payload["questions"]:
        assert re.fullmatch(r"[0-9a-f]{10}", item["key"])
        assert item["spec"]["id"] == item["id"]
    # The pinned option stays last whatever the shuffle does.
    date = payload["questions"][2]["spec"]
    assert date["options"][-1]["index"] == 2


def test_fragment_has_container_marker_noscript_and_paper_href() -> None:
    """The container has the marker the Sphinx extension looks for, a noscript list, the href."""
    fragment = render_quiz(_questions(), title="Golden quiz", paper_href="../x/a1-paper.html")
    assert re.search(r'<div class="qk-quiz" id="qk-[0-9a-f]{12}" data-quizkit="1"', fragment)
    assert 'data-paper-href="../x/a1-paper.html"' in fragment
    assert "data-refs-href" not in fragment
    with_refs = render_quiz(_questions(), references_href="../a5-references.html")
    assert 'data-refs-href="../a5-references.html"' in with_refs
    noscript = re.search(r"<noscript>(.*?)</noscript>", fragment, re.S)
    assert noscript is not None
    assert noscript.group(1).count("<li>") == 3
    assert "<strong>Tokyo</strong>" in noscript.group(1)
    assert fragment.count("<script") == 1  # only the packed data: assets are not inlined


def test_include_assets_inlines_css_and_both_scripts_after_the_quiz() -> None:
    """With include_assets the CSS and the grader and UI scripts follow the container."""
    fragment = render_quiz(_questions(), include_assets=True)
    assert fragment.index("data-quizkit") < fragment.index("<style>")
    assert asset_text("quizkit.js") in fragment
    assert asset_text("grader.js") in fragment
    assert fragment.count("<script>") == 2
    assert inline_assets() in fragment


def test_attempt_policy_is_carried_and_names_the_quiz() -> None:
    """The packed data carries the quiz's attempt policy (two tries, a third off, by default);
    another policy makes another quiz id, so progress saved under one policy is not reused."""
    default = render_quiz(_questions())
    assert _payload(default)["attempts"] == {"tries": 2, "penalty": 1 / 3}
    practice = render_quiz(_questions(), attempts=AttemptPolicy(None, 0))
    assert _payload(practice)["attempts"] == {"tries": None, "penalty": 0}
    one_shot = render_quiz(_questions(), attempts=AttemptPolicy(1, 0))
    ids = {_payload(f)["id"] for f in (default, practice, one_shot)}
    assert len(ids) == 3


def test_empty_quiz_is_refused() -> None:
    """A quiz with no question is a programming error, reported clearly."""
    with pytest.raises(ValueError, match="at least one question"):
        render_quiz([])


def test_messages_are_carried_once_per_quiz() -> None:
    """The grader's messages sit once in the payload, not in every question's page form."""
    payload = _payload(render_quiz(_questions()))
    assert "spelling" in payload["messages"]
    assert all("messages" not in item["spec"] for item in payload["questions"])


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_bank_text_is_escaped(hostile: str) -> None:
    """Hostile prompt, option, hint and item text never becomes markup in the fragment."""
    text = textwrap.dedent(
        f"""\
        schema_version: 1
        chapter: 1
        title: Hostile
        objectives:
          - id: bad-one
            text: Learners resist injection.
        questions:
          - id: bad-choice
            type: single-choice
            prompt: {json.dumps("Prompt " + hostile)}
            options:
              - text: {json.dumps("Option " + hostile)}
                correct: true
              - text: Safe
            hints: [{json.dumps("Hint " + hostile)}]
            level: remember
            explanation: {json.dumps("Explanation " + hostile)}
            objectives: [bad-one]
            source: {{factsheet: F}}
          - id: bad-order
            type: ordering
            prompt: Order
            items: [{json.dumps("Item " + hostile)}, Second]
            level: remember
            explanation: E
            objectives: [bad-one]
            source: {{factsheet: F}}
        """
    )
    fragment = render_quiz(_questions(text), title=hostile)
    # Outside the JSON: only our own elements.
    outside = PAYLOAD.sub("", fragment)
    assert "<script" not in outside
    assert "<img" not in outside and "href=\"javascript:" not in outside
    assert "<b><i>" not in outside and "<!--" not in outside
    # The payload is base64 (no way out of the script element); its HTML fields are escaped.
    (data,) = PAYLOAD.findall(fragment)
    assert fragment.count('class="qk-data"') == 1
    payload = unpack(data)
    spec = payload["questions"][0]["spec"]
    fields = [spec["prompt"], spec["hints"][0], *(o["html"] for o in spec["options"])]
    fields += [i["html"] for i in payload["questions"][1]["spec"]["items"]]
    for html in fields:
        assert "<script" not in html and "<img" not in html and "<b><i>" not in html
        assert 'href="javascript:' not in html
    assert payload["title"] == hostile  # the title is data, shown with textContent


# ---------------------------------------------------------------- quizzes packed per page


def _page_of(*fragments: str) -> str:
    body = "".join(f"<section><p>Text before quiz {i}.</p>{f}</section>" for i, f in enumerate(fragments))
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Quizzes</title>'
        f"</head><body><main>{body}</main></body></html>"
    )


def test_pack_page_carries_every_quiz_once_in_one_block() -> None:
    """A page's quizzes are packed together before the first quiz; each quiz refers to its
    place; payloads() gives back exactly what the separate blocks carried, in page order."""
    questions = _questions()
    fragments = [render_quiz(questions[:1], title="One"), render_quiz(questions[1:], title="Two"),
                 render_quiz(questions, title="All")]  # fmt: skip
    page = _page_of(*fragments)
    packed, files = pack_page(page)
    assert files == ()
    assert payloads(packed) == payloads(page)
    assert [p["title"] for p in payloads(packed)] == ["One", "Two", "All"]
    assert PAYLOAD.findall(packed) == []
    assert re.findall(r'class="qk-data">([^<]*)<', packed) == ["@0", "@1", "@2"]
    (block,) = PAGE_PAYLOAD.findall(packed)
    assert packed.index('id="qk-page-data"') < packed.index("data-quizkit")
    assert packed.index("Text before quiz 0") < packed.index('id="qk-page-data"')
    # Outside the packed data the page is as it was: nothing lost, nothing added but the block.
    def emptied(text: str) -> str:
        return re.sub(r'(class="qk-data">)[^<]*(</script>)', r"\1\2", text)

    assert emptied(re.sub(PAGE_PAYLOAD.pattern + "\n", "", packed)) == emptied(page)
    # One stream is smaller than three: the quizzes share their messages and field names.
    assert len(block) < sum(len(b) for b in PAYLOAD.findall(page))
    assert pack_page(packed).html == packed


def test_pack_page_leaves_a_single_quiz_alone_and_hides_answers() -> None:
    """One quiz stays as render_quiz wrote it; packed together, no option, answer or
    explanation is readable in the page source, and hostile text cannot leave the block."""
    questions = _questions()
    single = _page_of(render_quiz(questions))
    assert pack_page(single) == (single, ())
    hostile = [q.model_copy(update={"explanation": "</script><script>alert(1)</script>"})
               for q in questions]  # fmt: skip
    packed = pack_page(_page_of(render_quiz(questions[:2]), render_quiz(hostile, title="H"))).html
    for readable in ("2 November 2013", "The Bali talks", "Tokyo", "four", "alert(1)",
                     "The paper opens with"):  # fmt: skip
        assert readable not in PAGE_PAYLOAD.sub("", packed).split("<noscript>")[0]
        assert readable not in PAGE_PAYLOAD.findall(packed)[0]
    assert packed.count("<script") == 3  # the block and two references, nothing else
    assert payloads(packed)[1]["questions"][0]["spec"]["explanation"].startswith("<p>&lt;/script")


@pytest.mark.browser
def test_quizzes_packed_together_work_opened_from_disk(browser: Any, tmp_path: Path) -> None:
    """A page of three quizzes packed together, opened as a file: every quiz is built, the
    last one grades, and nothing fails or is fetched."""
    from conftest import Guard, watch_page

    questions = _questions()
    page_html = pack_page(_page_of(
        render_quiz(questions[:1], title="One"), render_quiz(questions[1:], title="Two"),
        render_quiz(questions, title="All") + inline_assets(),
    )).html  # fmt: skip
    assert PAGE_PAYLOAD.search(page_html)
    (tmp_path / "index.html").write_text(page_html, encoding="utf-8")
    guard = Guard()
    context = browser.new_context()  # the guard's route aborts file: URLs; requests are listed
    try:
        page = watch_page(context.new_page(), guard)
        page.on("request", lambda r: None if r.url.startswith("file:") else guard.external.append(r.url))
        page.goto((tmp_path / "index.html").as_uri())
        page.wait_for_function("document.querySelectorAll('[data-qk-ready]').length === 3")
        built = page.eval_on_selector_all(".qk-quiz", "els => els.map(e => e.quizkit ? 1 : 0)")
        assert built == [1, 1, 1]
        last = page.locator(".qk-quiz").nth(2).locator('.qk-q[data-qid="gold-date"]')
        last.get_by_label("2 November 2013").check()
        last.get_by_role("button", name="Check").click()
        assert last.locator(".qk-fb .qk-verdict").inner_text().startswith("Correct.")
    finally:
        context.close()
    assert guard.external == [] and guard.errors == []


# ---------------------------------------------------------------- questions shared between pages


def _links(href: str | None) -> Any:
    return lambda _source: SourceLink("the paper", href)


def _shared_site(tmp_path: Path, page_uri: str, *fragments: str, shown: list | None = None) -> Path:
    """A page at ``page_uri`` under ``tmp_path`` packed with the shared file of the golden
    questions (links to ``chapters/paper.html`` from the site's root), the file beside it."""
    shared = shared_file("golden", shown or _questions(), _links("chapters/paper.html"))
    packed, files = pack_page(_page_of(*fragments), [shared], page_uri)
    folder = tmp_path / "_static" / "_quizkit" / SHARED_DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    prefix = "../" * page_uri.count("/")
    scripts = ""
    for file in files:
        (folder / file.filename).write_text(file.script(), encoding="utf-8")
        scripts += f'<script src="{prefix}_static/_quizkit/{SHARED_DATA_DIR}/{file.filename}"></script>'
    page = tmp_path / page_uri
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(packed.replace("</title>", "</title>" + scripts), encoding="utf-8")
    return page


def test_a_page_showing_most_of_a_bank_file_takes_its_questions_from_the_shared_file(
    tmp_path: Path,
) -> None:
    """Where a page shows at least half of a file's questions, each is its id in the page's
    block and the page links the shared file; read back with the file, every quiz has the
    questions render_quiz wrote, the source link made relative to the page."""
    questions = _questions()
    fragments = [render_quiz(questions[:2], title="One", source_links=_links("paper.html")),
                 render_quiz(questions, title="All", source_links=_links("paper.html"))]  # fmt: skip
    path = _shared_site(tmp_path, "chapters/exercises/one.html", *fragments)
    text = path.read_text(encoding="utf-8")
    (block,) = PAGE_PAYLOAD.findall(text)
    data = unpack(block)
    ids = [q.id for q in questions]
    assert [quiz["questions"] for quiz in data["quizzes"]] == [ids[:2], ids]
    assert data["page"] == "chapters/exercises/one.html" and len(data["files"]) == 1
    got = page_payloads(path)
    expected = [payloads(f)[0] for f in fragments]
    for quiz in expected:  # as the page sees them: its way to chapters/paper.html
        for item in quiz["questions"]:
            item["spec"].pop("messages", None)
            if item["spec"]["source"].get("href"):
                item["spec"]["source"]["href"] = "../" + item["spec"]["source"]["href"]
    assert got == expected
    assert got[0]["questions"][0]["spec"]["source"]["href"] == "../paper.html#p1"
    # the shared file is a packed script: no answer readable in it either
    (shared_path,) = (tmp_path / "_static" / "_quizkit" / SHARED_DATA_DIR).glob("*.js")
    shared_text = shared_path.read_text(encoding="utf-8")
    assert "2 November 2013" not in shared_text and "Tokyo" not in shared_text
    name, items = read_shared(shared_text)
    assert shared_path.name == f"{name}.js" and [i["id"] for i in items] == ids
    # without the page's file the shared questions cannot be read, and payloads() says so
    with pytest.raises(ValueError, match="page_path"):
        payloads(text)


def test_a_page_showing_few_of_a_file_or_an_edited_question_carries_them_itself() -> None:
    """Below SHARED_SHARE of a file's questions, or where the page's question differs from the
    shared one (edited since, or another source label), the page carries the question itself."""
    questions = _questions()
    shared = shared_file("golden", questions, _links("paper.html"))
    few = int(len(questions) * SHARED_SHARE - 0.5) or 1
    assert few < SHARED_SHARE * len(questions)
    page = _page_of(render_quiz(questions[:few], source_links=_links("paper.html")),
                    render_quiz(questions[:few], title="Again", source_links=_links("paper.html")))  # fmt: skip
    packed, files = pack_page(page, [shared], "one.html")
    assert files == () and all(isinstance(i, dict) for q in payloads(packed) for i in q["questions"])
    edited = [questions[0].model_copy(update={"prompt": "Edited."}), *questions[1:]]
    packed, files = pack_page(_page_of(render_quiz(edited, source_links=_links("paper.html"))),
                              [shared], "one.html")  # fmt: skip
    assert files == (shared,)
    quiz = unpack(PAGE_PAYLOAD.findall(packed)[0])["quizzes"][0]
    assert isinstance(quiz["questions"][0], dict) and quiz["questions"][1] == questions[1].id
    relabelled = render_quiz(questions, source_links=lambda _: SourceLink("the letter", "x.html"))
    assert pack_page(_page_of(relabelled), [shared], "one.html").files == ()
    # the name follows the content, so a browser never keeps a stale copy
    assert shared_file("golden", edited).name != shared_file("golden", questions).name
    with pytest.raises(ValueError, match="stem"):
        shared_file("../evil", questions)


@pytest.mark.parametrize(
    "page, target, expected",
    [("a.html", "b.html#p1", "b.html#p1"), ("chapters/a.html", "chapters/b.html#p1", "b.html#p1"),
     ("chapters/ex/a.html", "chapters/b.html#p2", "../b.html#p2"),
     ("a.html", "chapters/b.html", "chapters/b.html"), ("x/a.html", "y/b.html", "../y/b.html")],
)  # fmt: skip
def test_relative_href(page: str, target: str, expected: str) -> None:
    assert relative_href(page, target) == expected


@pytest.mark.browser
def test_shared_questions_work_opened_from_disk(browser: Any, tmp_path: Path) -> None:
    """A page in a subfolder taking its questions from a shared file, opened as a file: every
    quiz is built, a shared question grades, its source link goes where Python says, and
    nothing fails or is fetched from elsewhere."""
    from conftest import Guard, watch_page

    questions = _questions()
    path = _shared_site(
        tmp_path, "chapters/exercises/one.html",
        render_quiz(questions[:2], title="One", source_links=_links("paper.html")),
        render_quiz(questions, title="All", source_links=_links("paper.html")) + inline_assets(),
    )  # fmt: skip
    expected = page_payloads(path)[1]["questions"][0]["spec"]["source"]["href"]
    guard = Guard()
    context = browser.new_context()
    try:
        page = watch_page(context.new_page(), guard)
        page.on("request", lambda r: None if r.url.startswith("file:") else guard.external.append(r.url))
        page.goto(path.as_uri())
        page.wait_for_function("document.querySelectorAll('[data-qk-ready]').length === 2")
        last = page.locator(".qk-quiz").nth(1).locator('.qk-q[data-qid="gold-date"]')
        last.get_by_label("2 November 2013").check()
        last.get_by_role("button", name="Check").click()
        assert last.locator(".qk-fb .qk-verdict").inner_text().startswith("Correct.")
        link = last.locator(".qk-src a").first
        assert link.get_attribute("href") == expected == "../paper.html#p1"
    finally:
        context.close()
    assert guard.external == [] and guard.errors == []


@pytest.mark.browser
def test_a_missing_shared_file_says_the_quiz_could_not_be_shown(browser: Any, tmp_path: Path) -> None:
    """Without its shared file (a partial upload) the quiz says it could not be shown."""
    questions = _questions()
    path = _shared_site(tmp_path, "one.html",
                        render_quiz(questions, source_links=_links("paper.html")) + inline_assets())
    assert "_quizkit/data/" in path.read_text(encoding="utf-8")
    for file in (tmp_path / "_static" / "_quizkit" / SHARED_DATA_DIR).glob("*.js"):
        file.unlink()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        page.locator(".qk-quiz .qk-invalid").wait_for()
        assert page.locator(".qk-quiz .qk-invalid").inner_text() == "This quiz could not be shown."
    finally:
        context.close()


TWO_SOURCES = """\
course:
  sources:
    - id: letter
      text: sources/letter.txt
      page: chapters/letter
      label: the letter
    - id: diary
      text: sources/diary.txt
      page: appendix/diary
"""

TWO_SOURCE_BANK = """\
schema_version: 1
chapter: 1
title: Two texts
objectives:
  - id: both
    text: Learners can find facts in either text.
questions:
  - id: from-letter
    type: true-false
    prompt: The letter mentions rain.
    answer: true
    explanation: It does.
    objectives: [both]
    level: remember
    source: {paragraph: p2, quote: "It rained all week"}
  - id: from-diary
    type: true-false
    prompt: The diary mentions snow.
    answer: true
    explanation: It does.
    objectives: [both]
    level: remember
    source: {source: diary, paragraph: p1, quote: "Snow fell at dawn"}
"""


def _two_source_course(root: Path) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "letter.txt").write_text("Dear friend,\n\nIt rained all week.\n",
                                                 encoding="utf-8")
    (root / "sources" / "diary.txt").write_text("Snow fell at dawn.\n", encoding="utf-8")
    (root / "bank").mkdir()
    (root / "bank" / "01-two.yml").write_text(TWO_SOURCE_BANK, encoding="utf-8")
    (root / "chapters" / "exercises").mkdir(parents=True)
    (root / "quizkit.yml").write_text(TWO_SOURCES, encoding="utf-8")
    return root


def test_a_quiz_quoting_two_sources_links_each_question_to_its_own(tmp_path: Path) -> None:
    """In a course of two texts, each question's note names its own text (the course's label,
    or "the source text" when it gives none) and links to its own page, relative to the
    notebook's page; the quiz's id and each question's key ignore the links."""
    from quizkit.bank import load_bank
    from quizkit.course import Course
    from quizkit.display import page_links

    root = _two_source_course(tmp_path / "course")
    course = Course.load(root)
    questions = list(load_bank(root / "bank", course=course).questions.values())
    links = page_links(course, questions, root / "chapters" / "exercises")
    linked = _payload(render_quiz(questions, paper_href=links.paper_href,
                                  source_links=links.source_links))
    notes = {q["id"]: q["spec"]["source"] for q in linked["questions"]}
    assert notes["from-letter"] | {"quote_html": None} == {
        "paragraph": "p2", "factsheet": None, "quote_html": None,
        "label": "the letter", "href": "../letter.html#p2"}
    assert (notes["from-diary"]["label"], notes["from-diary"]["href"]) == (
        "the source text", "../../appendix/diary.html#p1")
    plain = _payload(render_quiz(questions))
    assert plain["id"] == linked["id"]
    assert [q["key"] for q in plain["questions"]] == [q["key"] for q in linked["questions"]]
    assert all("href" not in q["spec"]["source"] for q in plain["questions"])
