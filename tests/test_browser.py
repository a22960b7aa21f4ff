"""The built book in Chromium: offline, error-free, accessible, and the quizzes work.

Every page is loaded with a request guard (anything not loopback/data/blob is aborted and
recorded), with page errors and console errors recorded, and checked with axe-core (WCAG 2.0
and 2.1, A and AA). On real pages every question type is answered wrong then right, tries,
Retry and Show answer follow the attempt rule and survive a reload, one whole quiz is done
with the keyboard alone, and Reset clears it; standalone pages try other attempt policies.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Guard, guarded_context, serve, watch_page
from quizkit.attempts import AttemptPolicy, attempt_state
from quizkit.html import payloads
from quizkit.models import QUESTION_TYPES

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = ROOT / "_build" / "screenshots"


# ---------------------------------------------------------------- helpers


def book_pages(site: Path) -> list[str]:
    """Every HTML page of the built book, as paths relative to the site root."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if not rel.startswith(("_static/", "_sources/", "_images/")):
            pages.append(rel)
    return pages


def quizzes_on(site: Path, rel: str) -> list[dict[str, Any]]:
    """The quiz payloads (id, questions) embedded in one built page."""
    text = (site / rel).read_text(encoding="utf-8")
    found = payloads(text, page_path=site / rel)
    # every quiz container carries a payload this quizkit can read (not an older format)
    assert len(found) == text.count('data-quizkit="1"'), f"{rel}: unreadable quiz payloads"
    return found


@lru_cache(maxsize=1)
def bank_questions() -> dict[str, Any]:
    """The course bank's questions by id."""
    from quizkit.bank import load_bank

    return load_bank(ROOT / "bank").questions


def run_axe(page: Any, axe_source: str) -> list[str]:
    """axe-core violations of the loaded page, one line each."""
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => v.id + ' (' + v.impact + '): ' +
                v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }""",
        AXE_TAGS,
    )
    return list(violations)


def policy_of(quiz: dict[str, Any]) -> AttemptPolicy:
    """The attempt policy a quiz payload carries."""
    return AttemptPolicy(quiz["attempts"]["tries"], quiz["attempts"]["penalty"])


def fmt(x: float) -> str:
    """A score as the page writes it (two decimals at most, no trailing zeros)."""
    r = math.floor(x * 100 + 0.5) / 100
    return str(int(r)) if r == int(r) else repr(r)


def buttons(question_box: Any) -> list[str]:
    """The labels of the question's visible buttons, in order."""
    return list(question_box.locator(".qk-btns > button:visible").all_inner_texts())


def check(question_box: Any) -> Any:
    """Press the question's Check button; returns the feedback locator."""
    question_box.get_by_role("button", name="Check", exact=True).click()
    return question_box.locator(".qk-fb")


def box(page: Any, quiz_id: str, qid: str) -> Any:
    """The locator of one question of one quiz, once the quiz has built it (the quizzes are
    built after the page loads, their data unpacked; reading a question's parts at once could
    find none of them yet)."""
    found = page.locator(f'#{quiz_id} .qk-q[data-qid="{qid}"]')
    found.first.wait_for(state="attached")
    return found


def ui_order(question_box: Any) -> list[int]:
    """Display positions of the ordering items, in the order the page shows them now."""
    ids = question_box.locator(".qk-order li > span").evaluate_all("els => els.map(e => e.id)")
    return [int(i.rsplit("-i", 1)[1]) for i in ids]


def target_order(question: Any, right: bool) -> list[int]:
    """Display positions in the correct order (or reversed, for a wrong answer)."""
    from quizkit.public import display_order

    rank_at = display_order(question)  # display position -> written index (= true rank)
    order = sorted(range(len(rank_at)), key=lambda pos: rank_at[pos])
    return order if right else order[::-1]


def answer(question_box: Any, question: Any, right: bool) -> None:
    """Answer ``question`` in the page with the mouse, rightly or wrongly."""
    t = question.type
    if t in ("single-choice", "multiple-select"):
        correct = [i for i, o in enumerate(question.options) if o.correct]
        wrong = [i for i, o in enumerate(question.options) if not o.correct]
        picks = correct if right else wrong[:1]
        for i in range(len(question.options)):
            if t == "multiple-select" and i not in picks:
                question_box.locator(f'input[value="{i}"]').uncheck()
        for i in picks:
            question_box.locator(f'input[value="{i}"]').check()
    elif t == "true-false":
        value = question.answer if right else not question.answer
        question_box.locator(f'input[value="{str(value).lower()}"]').check()
    elif t == "numeric":
        good = question.answer if question.answer is not None else question.range.low
        question_box.locator("input[type=text]").fill(repr(good) if right else "987654321")
    elif t == "short-text":
        question_box.locator("input[type=text]").fill(question.answers[0] if right else "qqqq zzzz")
    elif t == "matching":
        selects = question_box.locator("select")
        choices = question.choices
        for i, pair in enumerate(question.pairs):
            value = pair.right if right else next(c for c in choices if c != pair.right)
            selects.nth(i).select_option(value=value)
    elif t == "ordering":
        goal = target_order(question, right)
        for i, want in enumerate(goal):
            current = ui_order(question_box)
            j = current.index(want)
            for _ in range(j - i):
                question_box.locator(".qk-order li").nth(j).get_by_role("button", name="Move up").click()
                j -= 1
        assert ui_order(question_box) == goal
    elif t == "fill-blanks":
        for blank in question.blanks:
            field = question_box.locator(f'[id$="-b-{blank.id}"]')
            if blank.options is not None:
                value = blank.answers[0] if right else next(o for o in blank.options if o not in blank.answers)
                field.select_option(value=value)
            else:
                field.fill(blank.answers[0] if right else "qqqq")
    else:  # pragma: no cover - a new type needs a driver here
        raise AssertionError(f"no driver for {t}")


@contextmanager
def standalone_quiz(
    browser: Any, folder: Path, questions: list[Any], title: str,
    attempts: AttemptPolicy | None = None, *, references_href: str | None = None,
    container: str = "", before: str = "",
) -> Iterator[tuple[Any, Guard]]:
    """A page holding only the quiz of ``questions`` (assets inlined, ``attempts`` its policy,
    paragraph notes linked to ``a1-paper.html``, ``references_href`` its references page,
    ``container`` more attributes of its container, ``before`` HTML put before it), served on
    loopback and opened in a guarded context: yields the page and its guard."""
    from quizkit.html import render_quiz

    fragment = render_quiz(
        questions, title=title, include_assets=True, attempts=attempts,
        paper_href="a1-paper.html", references_href=references_href,
    )
    assert fragment.count('data-quizkit="1"') == 1
    fragment = fragment.replace('data-quizkit="1"', f'data-quizkit="1"{container}')
    (folder / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Quiz</title>'
        f"</head><body><main>{before}{fragment}</main></body></html>",
        encoding="utf-8",
    )
    server, url = serve(folder)
    guard = Guard()
    context = guarded_context(browser, guard)
    try:
        page = watch_page(context.new_page(), guard)
        page.goto(f"{url}/index.html")
        yield page, guard
    finally:
        context.close()
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------- every page


def test_every_page_is_offline_error_free_and_accessible(
    browser: Any, site: Path, site_url: str, axe_source: str
) -> None:
    """Each page: no request leaves the machine, no JS error, no axe violation; quizzes render."""
    guard = Guard()
    context = guarded_context(browser, guard, viewport={"width": 1280, "height": 900})
    problems: dict[str, list[str]] = {}
    pages = book_pages(site)
    assert len(pages) >= 15
    try:
        for rel in pages:
            guard.clear()
            page = watch_page(context.new_page(), guard)
            page.goto(f"{site_url}/{rel}", wait_until="load")
            if 'http-equiv="Refresh"' in (site / rel).read_text(encoding="utf-8"):
                # index.html only redirects: check where it lands, once that has loaded
                start = f"{site_url}/{rel}"
                page.wait_for_url(lambda url, start=start: url != start)
                page.wait_for_load_state("load")
                rel_checked = page.url.split(site_url + "/", 1)[1]
            else:
                rel_checked = rel
            page.wait_for_timeout(150)  # let deferred scripts and late requests happen
            found = [f"external request: {u}" for u in guard.external]
            found += guard.errors
            n_quiz = len(quizzes_on(site, rel_checked))
            ready = page.locator("[data-quizkit][data-qk-ready]").count()
            if ready != n_quiz:
                found.append(f"{n_quiz} quizzes in the HTML, {ready} built by the script")
            if n_quiz and page.locator(".qk-q").count() == 0:
                found.append("quiz shows no questions")
            found += [f"axe: {v}" for v in run_axe(page, axe_source)]
            if found:
                problems[rel] = found
            page.close()
    finally:
        context.close()
    assert problems == {}


# ---------------------------------------------------------------- the quiz on real pages


def _pages_by_type(
    site: Path, keep: Any = lambda quiz: True
) -> dict[str, tuple[str, str, str]]:
    """For each question type, a (page, quiz id, question id) where it appears in the book,
    in a quiz for which ``keep(quiz payload)`` holds."""
    found: dict[str, tuple[str, str, str]] = {}
    for rel in book_pages(site):
        for quiz in quizzes_on(site, rel):
            if not keep(quiz):
                continue
            for item in quiz["questions"]:
                found.setdefault(item["spec"]["type"], (rel, quiz["id"], item["id"]))
    return found


def test_every_type_wrong_then_right_on_real_pages(
    site: Path, site_url: str, page: Any, guard: Guard
) -> None:
    """Each of the eight types on a book page, in a quiz allowing two or more tries: a wrong
    try gives its verdict and the tries left but not the answer, explanation or source, and
    offers Retry; the right answer after Retry finishes the question at the reduced credit,
    with the source linked under the course's label ("Read ¶N of the paper") and no Retry."""
    where = _pages_by_type(site, lambda quiz: policy_of(quiz).tries in (None, 2, 3, 4, 5))
    assert sorted(where) == sorted(QUESTION_TYPES), f"types in the book: {sorted(where)}"
    questions = bank_questions()
    for qtype, (rel, quiz_id, qid) in sorted(where.items()):
        page.goto(f"{site_url}/{rel}")
        page.evaluate("localStorage.clear()")
        page.reload()
        [quiz] = [z for z in quizzes_on(site, rel) if z["id"] == quiz_id]
        policy = policy_of(quiz)
        q = questions[qid]
        qbox = box(page, quiz_id, qid)
        answer(qbox, q, right=False)
        feedback = check(qbox)
        assert "qk-incorrect" in (feedback.get_attribute("class") or ""), (qtype, feedback.inner_text())
        assert feedback.locator(".qk-verdict").inner_text() == "Not quite.", qtype
        for hidden in (".qk-model", ".qk-expl", ".qk-src"):  # nothing to read and retry with
            assert feedback.locator(hidden).count() == 0, (qtype, hidden)
        worth = fmt(attempt_state(policy, [0, 1]).credit)
        assert feedback.locator(".qk-tries").inner_text().endswith(f"the next is worth at most {worth}.")
        assert buttons(qbox)[:2] == ["Retry", "Show answer"], qtype
        status = page.locator(f"#{quiz_id} .qk-status").inner_text()
        assert re.match(r"1 of \d+ answered, score 0\.", status), status
        qbox.get_by_role("button", name="Retry").click()
        answer(qbox, q, right=True)
        check(qbox)
        assert "qk-correct" in (feedback.get_attribute("class") or ""), (qtype, feedback.inner_text())
        credit = fmt(attempt_state(policy, [0, 1]).credit)
        verdict = feedback.locator(".qk-verdict").inner_text()
        assert verdict == f"Correct. Score {credit} of 1 after 2 tries.", qtype
        assert feedback.locator(".qk-model").count() == 0
        assert feedback.locator(".qk-expl").count() == 1
        assert "Retry" not in buttons(qbox) and "Show answer" not in buttons(qbox)
        source = q.source
        if getattr(source, "paragraph", None):
            link = feedback.locator("a", has_text=f"Read ¶{source.paragraph[1:]} of the paper")
            href = link.get_attribute("href") or ""
            assert href.endswith(f"a1-paper.html#{source.paragraph}")
        else:
            note = feedback.locator("a", has_text=f"Background: fact sheet {source.factsheet}")
            href = note.get_attribute("href") or ""
            page_part, _, anchor = href.partition("#")
            assert page_part.endswith("a5-references.html")
            # the anchor is the page's own convention (data-refs-anchor), never the script's
            template = page.locator(f"#{quiz_id}").get_attribute("data-refs-anchor")
            if template is None:
                assert anchor == "", href
            else:
                assert anchor == template.replace("{item}", source.factsheet.lower().replace(".", "-"))
                refs = (site / "chapters" / "a5-references.html").read_text(encoding="utf-8")
                assert f'id="{anchor}"' in refs
        status = page.locator(f"#{quiz_id} .qk-status").inner_text()
        assert re.match(rf"1 of \d+ answered, score {re.escape(credit)}\.", status), status
    assert guard.errors == [] and guard.external == []


def _quiz_with_tries(
    site: Path, tries: int, size: int, largest: bool = False
) -> tuple[str, dict[str, Any]]:
    """A chapter quiz whose policy allows exactly ``tries`` tries, with ``size`` questions or
    more: the first in page order, or the ``largest``."""
    found = [
        (rel, quiz)
        for rel in book_pages(site)
        if rel.startswith("chapters/0")
        for quiz in quizzes_on(site, rel)
        if policy_of(quiz).tries == tries and len(quiz["questions"]) >= size
    ]
    assert found, f"no chapter quiz with {tries} tries and {size} questions or more"
    return max(found, key=lambda f: len(f[1]["questions"])) if largest else found[0]


def test_tries_retry_and_show_answer_survive_a_reload(
    site: Path, site_url: str, page: Any, guard: Guard
) -> None:
    """In a two-try quiz of the book: wrong then right earns the reduced credit; wrong twice
    shows the expected answer and ends; Show answer after one wrong ends at 0 with the answer;
    a right first try offers no Retry; one wrong try leaves Retry and Show answer. A reload
    restores every one of them exactly, and the status counts the credits."""
    rel, quiz = _quiz_with_tries(site, 2, 5)
    policy = policy_of(quiz)
    questions = bank_questions()
    items = quiz["questions"][:5]
    page.goto(f"{site_url}/{rel}")
    page.evaluate("localStorage.clear()")
    page.reload()
    quiz_box = page.locator(f"#{quiz['id']}")
    assert quiz_box.locator(".qk-policy").inner_text().startswith("Two tries per question; ")
    boxes = [box(page, quiz["id"], item["id"]) for item in items]
    qs = [questions[item["id"]] for item in items]
    two_tries = fmt(attempt_state(policy, [0, 1]).credit)

    def model(k: int) -> int:
        return int(boxes[k].locator(".qk-fb .qk-model").count())

    # 0: wrong, then right after Retry
    answer(boxes[0], qs[0], right=False)
    check(boxes[0])
    assert model(0) == 0 and buttons(boxes[0])[:2] == ["Retry", "Show answer"]
    assert page.evaluate("() => document.activeElement.textContent") == "Retry"
    boxes[0].get_by_role("button", name="Retry").click()
    answer(boxes[0], qs[0], right=True)
    fb = check(boxes[0])
    assert fb.locator(".qk-verdict").inner_text() == f"Correct. Score {two_tries} of 1 after 2 tries."
    assert model(0) == 0 and "Retry" not in buttons(boxes[0])

    # 1: wrong twice: the expected answer after the second, and no Retry
    answer(boxes[1], qs[1], right=False)
    check(boxes[1])
    assert model(1) == 0
    boxes[1].get_by_role("button", name="Retry").click()
    answer(boxes[1], qs[1], right=False)
    fb = check(boxes[1])
    assert fb.locator(".qk-verdict").inner_text() == "Not quite. Score 0 of 1 after 2 tries."
    assert model(1) == 1 and fb.locator(".qk-expl").count() == 1
    assert "Retry" not in buttons(boxes[1]) and "Show answer" not in buttons(boxes[1])
    assert boxes[1].locator("input:enabled, select:enabled").count() == 0

    # 2: Show answer after one wrong try
    answer(boxes[2], qs[2], right=False)
    check(boxes[2])
    boxes[2].get_by_role("button", name="Show answer").click()
    fb = boxes[2].locator(".qk-fb")
    assert fb.locator(".qk-verdict").inner_text() == "Not quite. Answer shown. Score 0 of 1 after 1 try."
    assert model(2) == 1 and "Retry" not in buttons(boxes[2])

    # 3: right first time: no Retry, no answer to show
    answer(boxes[3], qs[3], right=True)
    fb = check(boxes[3])
    assert fb.locator(".qk-verdict").inner_text() == "Correct. Score 1 of 1 after 1 try."
    assert "Retry" not in buttons(boxes[3]) and "Show answer" not in buttons(boxes[3])

    # 4: one wrong try, a try left
    answer(boxes[4], qs[4], right=False)
    fb = check(boxes[4])
    assert fb.locator(".qk-tries").inner_text() == f"1 try left; the next is worth at most {two_tries}."

    total = attempt_state(policy, [0, 1]).credit + 1
    n = len(quiz["questions"])
    status = quiz_box.locator(".qk-status")
    assert status.inner_text() == f"5 of {n} answered, score {fmt(total)}."
    before = [(b.locator(".qk-fb").inner_text(), buttons(b), model(k)) for k, b in enumerate(boxes)]
    page.reload()
    after = [(b.locator(".qk-fb").inner_text(), buttons(b), model(k)) for k, b in enumerate(boxes)]
    assert after == before
    assert status.inner_text() == f"5 of {n} answered, score {fmt(total)}."
    assert boxes[4].locator("input:enabled, select:enabled, .qk-order button:enabled").count() == 0

    # the question with a try left still takes its second try after the reload
    boxes[4].get_by_role("button", name="Retry").click()
    answer(boxes[4], qs[4], right=True)
    assert check(boxes[4]).locator(".qk-verdict").inner_text().endswith(f"Score {two_tries} of 1 after 2 tries.")
    assert page.locator(".qk-btns > button[cls]").count() == 0  # no stray attribute
    assert guard.errors == [] and guard.external == []


def test_choice_blanks_show_the_seeded_order(site: Path, site_url: str, page: Any) -> None:
    """The drop-down choices of every fill-blanks question in the book appear in the order of
    quizkit.public.blank_option_order, after the "(choose)" placeholder."""
    from quizkit.public import blank_option_order

    questions = bank_questions()
    checked = shuffled = 0
    for rel in book_pages(site):
        quizzes = [
            (quiz["id"], questions[item["id"]])
            for quiz in quizzes_on(site, rel)
            for item in quiz["questions"]
            if item["spec"]["type"] == "fill-blanks"
        ]
        if not quizzes:
            continue
        page.goto(f"{site_url}/{rel}")
        page.wait_for_function(
            "[...document.querySelectorAll('[data-quizkit]')].every(e => e.hasAttribute('data-qk-ready'))")
        for quiz_id, q in quizzes:
            for blank in q.blanks:
                if blank.options is None:
                    continue
                field = box(page, quiz_id, q.id).locator(f'select[id$="-b-{blank.id}"]')
                shown = field.locator("option").evaluate_all("els => els.map(e => e.value)")
                expected = [blank.options[i] for i in blank_option_order(q, blank)]
                assert shown == ["", *expected], (q.id, blank.id)
                checked += 1
                shuffled += expected != list(blank.options)
    assert checked >= 1 and shuffled >= 1


@pytest.mark.parametrize(
    "width, rel", [(390, "chapters/03-meeting.html"), (1000, "chapters/03-meeting.html"),
                   (390, "chapters/a1-paper.html")],
)  # fmt: skip
def test_back_to_top_never_covers_a_quiz(
    browser: Any, site: Path, site_url: str, width: int, rel: str
) -> None:
    """The theme shows "Back to top" over the middle of the column when the reader scrolls up
    (below 1200 px); on a page with a quiz it stays hidden and covers no question, at 390 px
    as at 1000 px; a page without a quiz (the paper) keeps it."""
    guard = Guard()
    context = guarded_context(browser, guard, viewport={"width": width, "height": 844})
    try:
        page = watch_page(context.new_page(), guard)
        page.goto(f"{site_url}/{rel}")
        quizzes = len(quizzes_on(site, rel))
        anchor = page.locator(".qk-quiz[data-qk-ready]" if quizzes else "#p9").first
        top = anchor.evaluate("q => q.getBoundingClientRect().top + scrollY")
        page.evaluate("y => scrollTo(0, y)", top + 400)
        page.wait_for_timeout(100)
        page.evaluate("() => scrollBy(0, -150)")  # scrolling up: the theme shows its button
        page.wait_for_timeout(200)
        state = page.evaluate(
            """() => {
                const b = document.getElementById('pst-back-to-top');
                const r = b.getBoundingClientRect();
                const inView = (s) => s.bottom > 0 && s.top < innerHeight;
                const boxes = [...document.querySelectorAll('.qk-q')].map(q => q.getBoundingClientRect());
                return {
                    asked: b.style.display,
                    shown: getComputedStyle(b).display !== 'none' && r.width > 0,
                    covered: boxes.some(s => r.width > 0 && r.left < s.right && s.left < r.right
                                         && r.top < s.bottom && s.top < r.bottom),
                    questionsInView: boxes.filter(inView).length,
                };
            }"""
        )
        assert state["asked"] == "block", state  # the theme asked to show it
        if quizzes:
            assert state["questionsInView"] > 0, state
            assert not state["shown"] and not state["covered"], state
        else:
            assert state["shown"], state
        assert guard.errors == [] and guard.external == []
    finally:
        context.close()

def test_paper_links_from_feedback_reach_the_paragraph(site_url: str, page: Any) -> None:
    """Following a {paper} link lands on the anchored paragraph of the appendix."""
    page.goto(f"{site_url}/chapters/01-welcome.html")
    page.get_by_role("link", name="¶1").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("a1-paper.html#p1")
    assert page.locator("#p1").inner_text().startswith("¶1")


def _tab_to(page: Any, selector: str, limit: int = 400) -> None:
    """Press Tab until the focused element matches ``selector`` (fails if never reached)."""
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def _select_by_keys(page: Any, value: str, limit: int = 40) -> None:
    """With a <select> focused, press ArrowDown until it shows ``value``."""
    for _ in range(limit):
        if page.evaluate("() => document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"could not reach {value!r} with the arrow keys")


def _keyboard_answer(page: Any, quiz_id: str, qid: str, question: Any) -> None:
    """Answer one question right using only Tab, arrows, Space, Enter and typing."""
    base = f'#{quiz_id} .qk-q[data-qid="{qid}"]'
    t = question.type
    if t == "single-choice" or t == "true-false":
        want = (
            str(question.answer).lower()
            if t == "true-false"
            else str(next(i for i, o in enumerate(question.options) if o.correct))
        )
        _tab_to(page, f"{base} input[type=radio]")
        for _ in range(12):
            if page.evaluate("() => document.activeElement.value") == want:
                break
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Space")
    elif t == "multiple-select":
        for i, option in enumerate(question.options):
            if option.correct:
                _tab_to(page, f'{base} input[value="{i}"]')
                page.keyboard.press("Space")
    elif t in ("numeric", "short-text"):
        good = question.answers[0] if t == "short-text" else (
            repr(question.answer) if question.answer is not None else repr(question.range.low)
        )
        _tab_to(page, f"{base} input[type=text]")
        page.keyboard.type(good)
    elif t == "matching":
        for i, pair in enumerate(question.pairs):
            _tab_to(page, f'{base} select[id$="-m{i}"]')
            _select_by_keys(page, pair.right)
    elif t == "ordering":
        qbox = page.locator(base)
        goal = target_order(question, right=True)
        for i, want in enumerate(goal):
            j = ui_order(qbox).index(want)
            if j == i:
                continue
            _tab_to(page, f'{base} button[aria-label="Move up"][aria-describedby$="-i{want}"]')
            for _ in range(j - i):
                page.keyboard.press("Enter")
                # focus follows the moved item
                described = page.evaluate("() => document.activeElement.getAttribute('aria-describedby')")
                assert described.endswith(f"-i{want}")
        assert ui_order(qbox) == goal
    elif t == "fill-blanks":
        for blank in question.blanks:
            _tab_to(page, f'{base} [id$="-b-{blank.id}"]')
            if blank.options is not None:
                _select_by_keys(page, blank.answers[0])
            else:
                page.keyboard.type(blank.answers[0])
    _tab_to(page, f"{base} .qk-btns button.qk-primary")
    page.keyboard.press("Enter")
    assert "qk-correct" in (page.locator(f"{base} .qk-fb").get_attribute("class") or "")


def test_whole_quiz_by_keyboard_then_reload_and_reset(
    site: Path, site_url: str, page: Any, guard: Guard
) -> None:
    """One whole quiz with the keyboard alone; a reload keeps it; Reset (confirmed) clears it."""
    candidates = [
        (len(quiz["questions"]), rel, quiz)
        for rel in book_pages(site)
        if rel.startswith("chapters/0")
        for quiz in quizzes_on(site, rel)
        if len(quiz["questions"]) >= 3
    ]
    assert candidates, "no quiz with three or more questions in the chapters"
    _, rel, quiz = min(candidates, key=lambda c: (c[0], c[1]))
    questions = bank_questions()
    page.goto(f"{site_url}/{rel}")
    page.evaluate("localStorage.clear()")
    page.reload()
    for item in quiz["questions"]:
        _keyboard_answer(page, quiz["id"], item["id"], questions[item["id"]])
    n = len(quiz["questions"])
    summary = page.locator(f"#{quiz['id']} .qk-summary").inner_text()
    assert f"you scored {n} out of {n}" in summary
    page.reload()
    status = page.locator(f"#{quiz['id']} .qk-status").inner_text()
    assert status.startswith(f"{n} of {n} answered, score {n}")
    assert page.locator(f"#{quiz['id']} .qk-fb.qk-correct").count() == n
    _tab_to(page, f"#{quiz['id']} .qk-tools > button")
    page.keyboard.press("Enter")
    confirm = page.locator(f"#{quiz['id']} .qk-confirm")
    assert confirm.is_visible()
    assert page.evaluate("() => document.activeElement.textContent") == "Yes, clear"
    page.keyboard.press("Enter")
    assert page.locator(f"#{quiz['id']} .qk-status").inner_text().startswith(f"0 of {n} answered")
    page.reload()
    assert page.locator(f"#{quiz['id']} .qk-status").inner_text().startswith(f"0 of {n} answered")
    assert page.locator(f"#{quiz['id']} .qk-fb.qk-correct").count() == 0
    assert guard.errors == [] and guard.external == []


def finish(question_box: Any) -> None:
    """End a question left open after a try, whatever the policy: Show answer, if offered."""
    reveal = question_box.get_by_role("button", name="Show answer")
    if reveal.count():
        reveal.click()


def test_review_missed_shows_only_missed_questions(site: Path, site_url: str, page: Any) -> None:
    """After finishing with mistakes (wrong, then Show answer), Review the ones I missed hides
    the rest."""
    rel = "chapters/08-final-review.html"
    quiz = quizzes_on(site, rel)[0]
    questions = bank_questions()
    page.goto(f"{site_url}/{rel}")
    page.evaluate("localStorage.clear()")
    page.reload()
    items = quiz["questions"]
    for k, item in enumerate(items):
        qbox = box(page, quiz["id"], item["id"])
        answer(qbox, questions[item["id"]], right=k % 2 == 0)
        check(qbox)
        if k % 2:
            finish(qbox)
    missed = {item["id"] for k, item in enumerate(items) if k % 2 == 1}
    assert page.locator(f"#{quiz['id']} .qk-summary").inner_text().startswith("Finished")
    page.get_by_role("button", name="Review the ones I missed").click()
    visible = page.locator(f"#{quiz['id']} .qk-q:visible").evaluate_all(
        "els => els.map(e => e.dataset.qid)"
    )
    assert set(visible) == missed
    page.get_by_role("button", name="Show all questions").click()
    assert page.locator(f"#{quiz['id']} .qk-q:visible").count() == len(items)


# ---------------------------------------------------------------- hostile text, grader


HOSTILE_BANK = textwrap.dedent(
    """\
    schema_version: 1
    chapter: 1
    title: Hostile
    objectives:
      - id: bad-one
        text: Learners resist injection.
    questions:
      - id: bad-choice
        type: single-choice
        prompt: "<script>alert(1)</script> and <img src=x onerror=alert(2)> and [x](javascript:alert(3))"
        options:
          - text: "</script><script>alert(4)</script>"
            correct: true
          - text: "<b><i>broken"
        hints: ["<img src=x onerror=alert(5)>"]
        level: remember
        explanation: "<script>alert(6)</script> explained"
        objectives: [bad-one]
        source: {factsheet: F}
    """
)


def test_hostile_bank_text_shows_as_text(browser: Any, tmp_path: Path) -> None:
    """Script, image and javascript: text from a bank is shown literally and never runs."""
    from quizkit.bank import loads

    questions = list(loads(HOSTILE_BANK, "hostile.yml").questions)
    dialogs: list[str] = []
    with standalone_quiz(browser, tmp_path, questions, "<script>alert(7)</script>") as (page, guard):
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.reload()
        qbox = page.locator(".qk-q")
        assert "<script>alert(1)</script>" in qbox.locator(".qk-prompt").inner_text()
        assert "[x](javascript:alert(3))" in qbox.locator(".qk-prompt").inner_text()
        assert "</script><script>alert(4)</script>" in qbox.inner_text()
        qbox.get_by_role("button", name="Hint").click()
        qbox.locator('input[value="0"]').check()
        qbox.get_by_role("button", name="Check").click()
        assert "<script>alert(6)</script> explained" in qbox.locator(".qk-fb").inner_text()
        assert page.locator("main img").count() == 0
        assert page.locator('main a[href^="javascript"]').count() == 0
        assert page.locator("main script").count() == 3  # the data and the two inlined assets
        assert page.locator(".qk-title").inner_text() == "<script>alert(7)</script>"
        page.wait_for_timeout(100)
        assert dialogs == [] and guard.errors == [] and guard.external == []


def test_js_grader_spot_check_in_the_browser(site: Path, site_url: str, page: Any) -> None:
    """A sample of tests/grading_cases.yml graded by grader.js inside Chromium."""
    from pydantic import TypeAdapter

    from quizkit.models import Question
    from quizkit.public import public_spec
    from test_grader_js import js_response
    from test_grading import load_cases

    rel = "chapters/08-final-review.html"
    page.goto(f"{site_url}/{rel}")
    cases = load_cases()
    by_type: dict[str, list[dict[str, Any]]] = {}
    for case in cases:
        by_type.setdefault(case["question"]["type"], []).append(case)
    sample = [c for t in sorted(by_type) for c in by_type[t][:3]]
    assert len(sample) >= 16
    adapter = TypeAdapter(Question)
    for case in sample:
        question = adapter.validate_python(case["question"])
        spec = public_spec(question)
        result = page.evaluate(
            "([s, r]) => QuizkitGrader.grade(s, r)", [spec, js_response(question, case["response"])]
        )
        expect = case["expect"]
        assert abs(result["score"] - expect["score"]) < 1e-6, case["name"]
        assert result["status"] == expect["status"], case["name"]
        assert result["correct"] == expect["correct"], case["name"]


# ---------------------------------------------------------------- layout


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_without_horizontal_overflow(
    browser: Any, site: Path, site_url: str, width: int
) -> None:
    """The welcome page and every chapter fit the width (saved to _build/screenshots/)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    guard = Guard()
    context = guarded_context(browser, guard, viewport={"width": width, "height": 900})
    overflow = {}
    try:
        page = context.new_page()
        targets = [p for p in book_pages(site) if re.match(r"chapters/(?:index|\d\d-[^/]+)\.html$", p)]
        assert "chapters/01-welcome.html" in targets
        for rel in targets:
            page.goto(f"{site_url}/{rel}")
            page.wait_for_timeout(100)
            sizes = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
            if sizes[0] > sizes[1]:
                overflow[rel] = sizes
            name = Path(rel).stem
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    finally:
        context.close()
    assert overflow == {}
    assert guard.external == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_answered_quiz_is_accessible_in_light_and_dark(
    browser: Any, site: Path, site_url: str, axe_source: str, scheme: str
) -> None:
    """With feedback, hints, marks, open tries (Retry and Show answer) and then the summary
    showing, axe finds nothing (both schemes), in the largest two-try quiz of the chapters."""
    rel, quiz = _quiz_with_tries(site, 2, 5, largest=True)
    questions = bank_questions()
    guard = Guard()
    context = guarded_context(browser, guard, color_scheme=scheme, viewport={"width": 390, "height": 900})
    try:
        page = watch_page(context.new_page(), guard)
        page.goto(f"{site_url}/{rel}")
        for k, item in enumerate(quiz["questions"]):
            qbox = box(page, quiz["id"], item["id"])
            hint = qbox.get_by_role("button", name="Hint")
            if hint.count():
                hint.click()
            answer(qbox, questions[item["id"]], right=k % 3 == 0)
            check(qbox)
        assert run_axe(page, axe_source) == []  # questions left open after a wrong try
        for k, item in enumerate(quiz["questions"]):
            qbox = box(page, quiz["id"], item["id"])
            if k % 3 == 1:
                finish(qbox)
            elif k % 3 == 2 and qbox.get_by_role("button", name="Retry").count():
                qbox.get_by_role("button", name="Retry").click()
                answer(qbox, questions[item["id"]], right=False)
                check(qbox)
                finish(qbox)
        assert page.locator(f"#{quiz['id']} .qk-summary").inner_text().startswith("Finished")
        assert run_axe(page, axe_source) == []
        assert page.evaluate("() => document.scrollingElement.scrollWidth <= innerWidth")
        assert guard.errors == [] and guard.external == []
    finally:
        context.close()


def test_print_shows_questions_without_answers(site: Path, site_url: str, page: Any) -> None:
    """In print, questions stay and feedback, hints, buttons and score are hidden."""
    rel = "chapters/08-final-review.html"
    quiz = quizzes_on(site, rel)[0]
    questions = bank_questions()
    page.goto(f"{site_url}/{rel}")
    first = quiz["questions"][0]
    qbox = box(page, quiz["id"], first["id"])
    answer(qbox, questions[first["id"]], right=True)
    qbox.get_by_role("button", name="Check").click()
    page.emulate_media(media="print")
    assert qbox.locator(".qk-prompt").is_visible()
    assert not qbox.locator(".qk-fb").is_visible()
    assert not qbox.locator(".qk-btns").is_visible()
    assert not page.locator(f"#{quiz['id']} .qk-status").is_visible()


def test_book_opened_from_disk_works(site: Path, browser: Any) -> None:
    """The README says to open _build/html/index.html: from file://, quizzes grade and
    progress survives a reload, with no error and nothing fetched from elsewhere."""
    guard = Guard()
    context = guarded_context(browser, guard, files=True, viewport={"width": 390, "height": 800})
    try:
        page = watch_page(context.new_page(), guard)
        page.goto((site.resolve() / "index.html").as_uri())
        page.wait_for_url(re.compile(r".*/chapters/index\.html$"))
        rel = "chapters/03-meeting.html"
        [quiz, *_] = quizzes_on(site, rel)
        qid = quiz["questions"][0]["id"]
        page.goto((site.resolve() / rel).as_uri())
        qbox = box(page, quiz["id"], qid)
        answer(qbox, bank_questions()[qid], right=True)
        qbox.get_by_role("button", name="Check").click()
        assert qbox.locator(".qk-fb").inner_text().startswith("Correct.")
        page.reload()
        status = page.locator(f"#{quiz['id']} .qk-status").inner_text()
        assert re.match(r"1 of \d+ answered, score 1\b", status), status
    finally:
        context.close()
    assert guard.errors == [] and guard.external == []


def test_partial_credit_refusals_hints_and_drafts(browser: Any, tmp_path: Path) -> None:
    """Partial credit with per-option marks, a refused number that leaves the question open,
    a wrong match flagged aria-invalid, and hints and unchecked drafts kept across a reload."""
    from test_grading import QUESTION, question_dict

    names = ["ms-outcomes", "num-year", "mt-ministers", "st-onodera"]
    hints = ["He was Japan's Defence Minister.", "His given name is Itsunori."]
    extra = {"st-onodera": {"hints": hints}}
    questions = [QUESTION.validate_python(question_dict({"base": n, **extra.get(n, {})})) for n in names]
    with standalone_quiz(browser, tmp_path, questions, "Behaviour") as (page, guard):
        ms, num, mt, st = (page.locator(f'.qk-q[data-qid="{n}"]') for n in names)

        # two of three correct outcomes and one wrong: (2 - 1) / 3
        options = questions[0].options
        right = [i for i, o in enumerate(options) if o.correct]
        picks = right[:2] + [next(i for i, o in enumerate(options) if not o.correct)]
        for i in picks:
            ms.locator(f'input[value="{i}"]').check()
        ms.get_by_role("button", name="Check").click()
        fb = ms.locator(".qk-fb")
        assert "qk-partial" in (fb.get_attribute("class") or "")
        assert fb.locator(".qk-verdict").inner_text() == "Partly right. This try scored 0.33."
        rows = [ms.locator(".qk-opt").filter(has=page.locator(f'input[value="{i}"]')) for i in picks]
        marks = [row.get_attribute("class") or "" for row in rows]
        assert ["qk-right" in m for m in marks] == [True, True, False] and "qk-wrong" in marks[2]

        # a number with a comma is refused with a note; the question stays open
        num.locator("input[type=text]").fill("2,013")
        num.get_by_role("button", name="Check").click()
        assert "qk-invalid" in (num.locator(".qk-fb").get_attribute("class") or "")
        assert "point for decimals" in num.locator(".qk-fb").inner_text()
        assert num.get_by_role("button", name="Check").is_visible()
        assert page.locator(".qk-status").inner_text().startswith("1 of 4 answered")

        # a wrong match is marked on its select, for screen readers too
        pairs = questions[2].pairs
        for i, pair in enumerate(pairs):
            right = pair.right if i else next(c for c in questions[2].choices if c != pair.right)
            mt.locator("select").nth(i).select_option(value=right)
        mt.get_by_role("button", name="Check").click()
        assert mt.locator("select").nth(0).get_attribute("aria-invalid") == "true"
        assert mt.locator("select").nth(1).get_attribute("aria-invalid") is None

        # a hint shown and an answer typed but not checked survive a reload
        st.get_by_role("button", name="Hint").click()
        st.locator("input[type=text]").fill("Onod")
        page.reload()
        st = page.locator('.qk-q[data-qid="st-onodera"]')
        assert st.locator(".qk-hints").inner_text().startswith("Hint 1 of 2:")
        assert st.locator("input[type=text]").input_value() == "Onod"
        assert page.locator(".qk-status").inner_text().startswith("2 of 4 answered")
        assert guard.errors == [] and guard.external == []


# ---------------------------------------------------------------- other attempt policies


@pytest.mark.parametrize(
    "policy, words",
    [
        (AttemptPolicy(1, 0), "One try per question."),
        (AttemptPolicy(None, 0), "Unlimited tries, no penalty."),
        (AttemptPolicy(None, 0.25), "Unlimited tries; each try after the first takes a quarter off the score."),
        (AttemptPolicy(3, 1 / 3), "Three tries per question; each try after the first takes one third off the score."),
        (AttemptPolicy(2, 0.5), "Two tries per question; a second try earns at most half."),
        (AttemptPolicy(2, 0.1), "Two tries per question; a second try earns at most 0.9."),
        (AttemptPolicy(4, 1), "Four tries per question; only a right first try earns credit."),
    ],
)
def test_policy_is_stated_in_words(browser: Any, tmp_path: Path, policy: AttemptPolicy, words: str) -> None:
    """A standalone quiz states its attempt policy once, in plain words, before the questions."""
    from test_grading import QUESTION, question_dict

    questions = [QUESTION.validate_python(question_dict("sc-date"))]
    with standalone_quiz(browser, tmp_path, questions, "Policy", policy) as (page, guard):
        assert page.locator(".qk-policy").all_inner_texts() == [words]
        assert page.evaluate(
            "() => document.querySelector('.qk-policy').compareDocumentPosition("
            "document.querySelector('.qk-q')) & Node.DOCUMENT_POSITION_FOLLOWING"
        )
        assert guard.errors == [] and guard.external == []


def test_one_shot_quiz_ends_each_question_at_its_first_try(browser: Any, tmp_path: Path) -> None:
    """With one try (no penalty), a wrong answer ends the question with the expected answer
    and offers neither Retry nor Show answer; a partial answer keeps its partial credit."""
    from test_grading import QUESTION, question_dict

    questions = [QUESTION.validate_python(question_dict(n)) for n in ("sc-date", "ms-outcomes")]
    with standalone_quiz(browser, tmp_path, questions, "One shot", AttemptPolicy(1, 0)) as (page, guard):
        sc, ms = (page.locator(f'.qk-q[data-qid="{q.id}"]') for q in questions)
        answer(sc, questions[0], right=False)
        fb = check(sc)
        assert fb.locator(".qk-verdict").inner_text() == "Not quite. Score 0 of 1 after 1 try."
        assert fb.locator(".qk-model").count() == 1 and fb.locator(".qk-tries").count() == 0
        assert buttons(sc) == []
        assert page.evaluate("() => document.activeElement.classList.contains('qk-fb')")
        right = [i for i, o in enumerate(questions[1].options) if o.correct]
        ms.locator(f'input[value="{right[0]}"]').check()
        fb = check(ms)
        assert fb.locator(".qk-verdict").inner_text() == "Partly right. Score 0.33 of 1 after 1 try."
        assert fb.locator(".qk-model").count() == 1
        assert page.locator(".qk-status").inner_text() == "2 of 2 answered, score 0.33."
        assert page.locator(".qk-summary").inner_text().startswith("Finished: you scored 0.33 out of 2.")
        assert guard.errors == [] and guard.external == []


def test_unlimited_practice_stays_open_until_right(browser: Any, tmp_path: Path) -> None:
    """With unlimited tries and no penalty, wrong tries keep Retry and never show the answer;
    the right answer on the fourth try earns full credit."""
    from test_grading import QUESTION, question_dict

    question = QUESTION.validate_python(question_dict("sc-date"))
    with standalone_quiz(browser, tmp_path, [question], "Practice", AttemptPolicy(None, 0)) as (page, guard):
        qbox = page.locator(".qk-q")
        for _ in range(3):
            answer(qbox, question, right=False)
            fb = check(qbox)
            assert fb.locator(".qk-model").count() == 0
            assert fb.locator(".qk-tries").inner_text() == "You may try again; the next can earn full credit."
            assert buttons(qbox) == ["Retry", "Show answer"]
            qbox.get_by_role("button", name="Retry").click()
        answer(qbox, question, right=True)
        assert check(qbox).locator(".qk-verdict").inner_text() == "Correct. Score 1 of 1 after 4 tries."
        assert buttons(qbox) == []
        assert page.locator(".qk-summary").inner_text() == "Finished: you scored 1 out of 1. Every question is right."
        assert guard.errors == [] and guard.external == []


def test_saved_progress_of_older_or_broken_formats(browser: Any, tmp_path: Path) -> None:
    """Progress saved by the older format (one graded check) counts as one try; unreadable
    saved data leaves the question unanswered; neither breaks the page. A reset clears tries."""
    from quizkit.html import render_quiz
    from test_grading import QUESTION, question_dict

    questions = [QUESTION.validate_python(question_dict(n)) for n in ("sc-date", "tf-moscow", "num-year")]
    (payload,) = payloads(render_quiz(questions, title="Saved", include_assets=True))
    keys = [f"quizkit:{payload['id']}:{item['id']}:{item['key']}" for item in payload["questions"]]
    saved = [
        {"r": 1, "g": {"score": 0, "correct": False, "status": "incorrect"}, "h": 0},
        {"v": 2, "s": "not a list", "r": {"x": [1]}, "h": "many"},
        "not an object",
    ]
    with standalone_quiz(browser, tmp_path, questions, "Saved") as (page, guard):
        page.evaluate(
            "([keys, values]) => keys.forEach((k, i) => localStorage.setItem(k, JSON.stringify(values[i])))",
            [keys, saved],
        )
        page.reload()
        old, broken, junk = (page.locator(f'.qk-q[data-qid="{q.id}"]') for q in questions)
        assert buttons(old) == ["Retry", "Show answer"]
        assert old.locator(".qk-fb .qk-verdict").inner_text() == "Not quite."
        assert old.locator('input[value="1"]').is_checked()
        assert buttons(broken) == ["Check"] and buttons(junk) == ["Check"]
        assert page.locator(".qk-status").inner_text() == "1 of 3 answered, score 0."
        page.locator(".qk-tools > button").click()
        page.get_by_role("button", name="Yes, clear").click()
        assert buttons(old) == ["Check"] and page.locator(".qk-status").inner_text() == "0 of 3 answered, score 0."
        page.reload()
        assert buttons(old) == ["Check"]
        assert guard.errors == [] and guard.external == []


# ---------------------------------------------------------------- the table of types, links


TYPE_SAMPLES = ["sc-date", "ms-outcomes", "tf-moscow", "num-year", "st-onodera",
                "mt-ministers", "od-summits", "fb-meeting"]  # fmt: skip


def _answer_area(question_box: Any) -> list[Any]:
    """What a question's answer area shows: each choice checked or not, each field's value,
    and the ordering's items (display positions) in the order shown."""
    return list(
        question_box.evaluate(
            """b => [...b.querySelectorAll('.qk-body input, .qk-body select, .qk-order li > span')].map(x =>
                x.tagName === 'SPAN' ? +x.id.split('-i').pop()
                : x.type === 'radio' || x.type === 'checkbox' ? x.checked : x.value)"""
        )
    )


def _marks(question_box: Any) -> tuple[int, int, int]:
    """How many parts of the answer area are marked right, wrong, and aria-invalid."""
    body = question_box.locator(".qk-body")
    return (body.locator(".qk-right").count(), body.locator(".qk-wrong").count(),
            body.locator('[aria-invalid="true"]').count())  # fmt: skip


def test_every_type_from_the_table_of_types(browser: Any, tmp_path: Path) -> None:
    """One quiz with a question of each of the eight types (each built by its entry in the
    table of quizkit.js): a wrong try marks the wrong choice, pairs, positions and blanks (a
    typed answer is wrong as a whole and unmarked) and flags wrong fields aria-invalid; Show
    answer gives the expected answer the notebook quiz gives; a reload shows every answer area
    and its marks as they were; Reset empties every one, the ordering back in display order."""
    from quizkit.widgets import model_answer
    from test_grading import QUESTION, question_dict

    questions = [QUESTION.validate_python(question_dict(n)) for n in TYPE_SAMPLES]
    assert sorted(q.type for q in questions) == sorted(QUESTION_TYPES)
    invalid = {"matching": len(questions[5].pairs), "fill-blanks": len(questions[7].blanks)}
    with standalone_quiz(browser, tmp_path, questions, "Types") as (page, guard):
        boxes = [page.locator(f'.qk-q[data-qid="{q.id}"]') for q in questions]
        for qbox, q in zip(boxes, questions, strict=True):
            answer(qbox, q, right=False)
            check(qbox)
            right, wrong, flagged = _marks(qbox)
            assert right == 0 and (wrong > 0) == (q.type not in ("numeric", "short-text")), q.type
            assert flagged == invalid.get(q.type, 0), q.type
            qbox.get_by_role("button", name="Show answer").click()
            assert qbox.locator(".qk-model span").inner_text() == model_answer(q), q.type
        shown = [(_answer_area(b), _marks(b)) for b in boxes]
        assert all(area for area, _ in shown)
        page.reload()
        assert [(_answer_area(b), _marks(b)) for b in boxes] == shown
        page.locator(".qk-tools > button").click()
        page.get_by_role("button", name="Yes, clear").click()
        for qbox, q in zip(boxes, questions, strict=True):
            area = _answer_area(qbox)
            if q.type == "ordering":
                assert area == list(range(len(q.items)))
            else:
                assert all(x in (False, "") for x in area), (q.type, area)
            assert _marks(qbox) == (0, 0, 0) and buttons(qbox)[0] == "Check", q.type
        assert page.locator(".qk-status").inner_text() == f"0 of {len(questions)} answered, score 0."
        assert guard.errors == [] and guard.external == []


def test_a_type_without_an_entry_stops_its_quiz(browser: Any, tmp_path: Path) -> None:
    """A question whose type has no entry in the table ("essay", or "constructor", which every
    JavaScript object inherits) is refused when its quiz is built, with an error naming the
    type: that quiz says it could not be shown, the quiz beside it works, and the review hook
    throws. The script says it is the package's version."""
    import quizkit
    from quizkit.html import PAYLOAD, pack, render_quiz
    from test_grading import QUESTION, question_dict

    questions = [QUESTION.validate_python(question_dict("sc-date"))]
    broken = render_quiz(questions, title="Broken", quiz_id="qk-broken")
    (data,) = payloads(broken)
    data["questions"][0]["spec"]["type"] = "essay"
    broken = PAYLOAD.sub(lambda m: m.group(0).replace(m.group(1), pack(data)), broken)
    warnings: list[str] = []
    with standalone_quiz(browser, tmp_path, questions, "Working", before=broken) as (page, guard):
        page.on("console", lambda msg: warnings.append(msg.text) if msg.type == "warning" else None)
        page.reload()
        page.wait_for_selector("[data-quizkit][data-qk-ready]")
        assert page.locator("#qk-broken .qk-q").count() == 0
        assert page.locator("#qk-broken .qk-fb").inner_text() == "This quiz could not be shown."
        assert any("unknown question type essay" in w for w in warnings), warnings
        working = page.locator(f'.qk-q[data-qid="{questions[0].id}"]')
        answer(working, questions[0], right=True)
        assert check(working).locator(".qk-verdict").inner_text().startswith("Correct.")
        (item,) = data["questions"]
        thrown = page.evaluate(
            """([item, messages]) => ['essay', 'constructor', 'single-choice'].map(type => {
                const box = document.createElement('div');
                try {
                    QuizkitUI.render(box, {...item, spec: {...item.spec, type}}, {id: 'qk-hook-' + type, messages});
                    return box.querySelectorAll('input[type=radio]').length;
                } catch (e) { return e.message + (box.childNodes.length ? ' (built)' : ''); }
            })""",
            [item, data["messages"]],
        )
        refused = ["unknown question type essay", "unknown question type constructor"]
        assert thrown == [*refused, len(questions[0].options)]
        assert page.evaluate("QuizkitUI.version") == quizkit.__version__
        assert guard.errors == [] and guard.external == []


@pytest.mark.parametrize(
    "template, anchor",
    [(None, ""), ("fs-{item}", "#fs-b1-5"), ("note:{item}:{item}", "#note:b1-5:b1-5")],
)
def test_fact_sheet_links_follow_the_page_template(
    browser: Any, tmp_path: Path, template: str | None, anchor: str
) -> None:
    """A fact-sheet note links to the references page at the anchor that the container's
    data-refs-anchor makes of the item (B1.5 -> b1-5), or to the page itself when the
    container has none; the review hook does the same with its refsAnchor option. The quiz's
    paragraph note names "the source text" (render_quiz's default label) and links to its
    paper_href; the hook's item, stripped of label and href as older pages carry it, says
    "the paper" and links to its paper option."""
    from quizkit.html import render_quiz
    from test_grading import QUESTION, question_dict

    source = {"factsheet": "B1.5", "paragraph": "p1", "quote": "on November 2, 2013"}
    question = QUESTION.validate_python(question_dict({"base": "sc-date", "source": source}))
    attribute = "" if template is None else f' data-refs-anchor="{template}"'
    (data,) = payloads(render_quiz([question]))
    old = data["questions"][0]  # as pages written before per-question links carry it
    old["spec"]["source"] = {k: v for k, v in old["spec"]["source"].items()
                             if k not in ("label", "href")}
    with standalone_quiz(
        browser, tmp_path, [question], "Links", references_href="refs.html", container=attribute
    ) as (page, guard):
        page.evaluate(
            """([item, data, refsAnchor]) => {
                const box = document.createElement('div');
                box.id = 'hook';
                document.querySelector('main').append(box);
                QuizkitUI.render(box, item, {id: 'qk-hook', attempts: data.attempts, messages: data.messages,
                                              paper: 'a1-paper.html', refs: 'refs.html', refsAnchor});
            }""",
            [data["questions"][0], data, template],
        )
        for qbox, label in ((page.locator(".qk-quiz .qk-q"), "the source text"),
                            (page.locator("#hook .qk-q"), "the paper")):
            answer(qbox, question, right=True)
            line = check(qbox).locator(".qk-src")
            read = f"Read ¶1 of {label}"
            assert line.inner_text().endswith(f"{read}. Background: fact sheet B1.5")
            paper = line.get_by_role("link", name=read)
            assert paper.get_attribute("href") == "a1-paper.html#p1"
            note = line.get_by_role("link", name="Background: fact sheet B1.5")
            assert note.get_attribute("href") == "refs.html" + anchor
        assert guard.errors == [] and guard.external == []
