"""The "Your progress" and "Review" pages of the built book in Chromium, with the clock controlled.

A learner answers questions in two chapters (some right, some wrong), then: the progress page
shows the figures per chapter and per objective and links each missed question to its quiz;
the review page shows the missed questions as due, a review moves its due date, and the next
day (simulated) the due questions are those fsrs in Python computes from the same history;
download, reset and load restore the same figures; a malformed file changes nothing. Both
pages work by keyboard alone, at 390 px, in dark mode, in print and from disk, with 0 axe
violations, 0 page errors and nothing fetched from elsewhere.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from conftest import Guard, guarded_context, watch_page
from quizkit.review import GOOD, due_now, parse_progress
from test_browser import answer, bank_questions, box, check, quizzes_on, run_axe
from test_progress import page_data

pytestmark = pytest.mark.browser

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
PROGRESS = "chapters/progress.html"
REVIEW = "chapters/review.html"


def storage(page: Any) -> dict[str, Any]:
    """Everything the book keeps in this browser (quiz answers and the review schedule)."""
    result: dict[str, Any] = page.evaluate(
        """() => Object.fromEntries(Object.keys(localStorage)
            .filter((k) => k.startsWith("quizkit"))
            .map((k) => [k, JSON.parse(localStorage.getItem(k))]))"""
    )
    return result


def cards_of(page: Any) -> dict[str, Any]:
    """The review schedule as the page keeps it."""
    return storage(page).get("quizkit-review", {"cards": {}})["cards"]  # type: ignore[no-any-return]


def finish_wrong(qbox: Any, question: Any) -> None:
    """Answer wrongly, Check, then Show answer (a finished question with no credit)."""
    answer(qbox, question, right=False)
    check(qbox)
    reveal = qbox.get_by_role("button", name="Show answer")
    if reveal.is_visible():
        reveal.click()


def ready(page: Any, selector: str = "[data-qk-page][data-qk-ready]") -> None:
    """Wait until the page component is built."""
    page.wait_for_selector(selector)


def table_rows(page: Any, caption: str) -> dict[str, list[str]]:
    """A figures table by caption: row header -> the cells."""
    rows: dict[str, list[str]] = page.evaluate(
        """(caption) => {
            const t = [...document.querySelectorAll(".qk-table")].find((x) => x.caption && x.caption.textContent === caption);
            if (!t) return null;
            return Object.fromEntries([...t.tBodies[0].rows].map((r) => [r.cells[0].textContent, [...r.cells].slice(1).map((c) => c.textContent)]));
        }""",
        caption,
    )
    assert rows is not None, f"no table {caption!r}"
    return rows


@pytest.fixture
def learner(browser: Any, guard: Guard) -> Any:
    """A guarded context in UTC with the clock installed at T0 (Playwright's clock API)."""
    context = guarded_context(browser, guard, viewport={"width": 1280, "height": 900}, timezone_id="UTC")
    context.clock.install(time=T0)
    yield context
    context.close()


def answer_two_chapters(site: Path, site_url: str, page: Any) -> dict[str, dict[str, bool]]:
    """In the first quiz of chapters 2 and 3: questions 1 and 3 right, question 2 wrong (answer
    shown). Returns chapter page -> question id -> right."""
    questions = bank_questions()
    done: dict[str, dict[str, bool]] = {}
    for rel in ("chapters/02-context.html", "chapters/03-meeting.html"):
        quiz = quizzes_on(site, rel)[0]
        page.goto(f"{site_url}/{rel}")
        page.wait_for_selector(f"#{quiz['id']}[data-qk-ready]")
        done[rel] = {}
        for k, item in enumerate(quiz["questions"][:3]):
            qbox = box(page, quiz["id"], item["id"])
            right = k != 1
            if right:
                answer(qbox, questions[item["id"]], right=True)
                check(qbox)
            else:
                finish_wrong(qbox, questions[item["id"]])
            done[rel][item["id"]] = right
    return done


def test_progress_review_and_the_next_day(site: Path, site_url: str, learner: Any, guard: Guard, axe_source: str, tmp_path: Path) -> None:
    """The whole path of the issue: answer, see the standing, review, come back the next day,
    move the progress through a file, refuse a bad file."""
    page = watch_page(learner.new_page(), guard)
    done = answer_two_chapters(site, site_url, page)
    answered = {qid: right for per in done.values() for qid, right in per.items()}
    missed = sorted(q for q, right in answered.items() if not right)
    data = page_data(site, PROGRESS)
    index = {q["id"]: q for q in data["questions"]}

    # ---- the progress page: figures per chapter and objective, links to the missed questions
    page.goto(f"{site_url}/{PROGRESS}")
    ready(page)
    by_chapter = table_rows(page, "By chapter")
    for chapter in data["chapters"]:
        ids = [q for q in index if index[q]["chapter"] == chapter["id"]]
        mine = [q for q in ids if q in answered]
        credit = sum(1 for q in mine if answered[q])
        name = f"Chapter {chapter['number']}: {chapter['title']}"
        assert by_chapter[name] == [str(len(ids)), str(len(mine)), str(credit), str(len(ids) - len(mine))], name
        objectives = table_rows(page, f"By learning objective: {name}")
        for objective in chapter["objectives"]:
            oids = [q for q in ids if objective["id"] in index[q]["objectives"]]
            if not oids:
                continue
            got = [q for q in oids if q in answered]
            assert objectives[objective["text"]] == [
                str(len(oids)), str(len(got)), str(sum(1 for q in got if answered[q])), str(len(oids) - len(got))
            ], objective["id"]
    lead = page.locator(".qk-lead").inner_text()
    assert f"answered {len(answered)} of the {len(index)} questions" in lead and "2 to look at again" in lead
    links = page.locator(".qk-missed li")
    assert sorted(links.evaluate_all("els => els.map(e => e.dataset.qid)")) == missed
    for rel, per in done.items():
        quiz = quizzes_on(site, rel)[0]
        for qid, right in per.items():
            if right:
                continue
            n = 1 + [item["id"] for item in quiz["questions"]].index(qid)
            href = page.locator(f'.qk-missed li[data-qid="{qid}"] a').get_attribute("href")
            assert href == f"{Path(rel).name}#{quiz['id']}-q{n}"
            assert f'id="{quiz["id"]}"' in (site / rel).read_text(encoding="utf-8")
    # a missed question's link opens its page at that question, its prompt focused
    last = missed[-1]
    page.locator(f'.qk-missed li[data-qid="{last}"] a').click()
    target = page.locator(f'.qk-q[data-qid="{last}"]').first
    prompt_id = target.get_attribute("id") + "-prompt"
    page.wait_for_function(f"document.activeElement && document.activeElement.id === {prompt_id!r}")
    top = target.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"] / 2, top
    page.go_back()
    ready(page)
    chart = page.locator("svg.qk-chart")
    assert chart.get_attribute("role") == "img"
    assert "Chapter 2: Context: 2 right, 1 missed, 0 started" in chart.locator("desc").text_content()
    assert run_axe(page, axe_source) == []

    # ---- entry into the schedule: the missed ones new and due, the right ones reviewed Good
    cards = cards_of(page)
    assert sorted(cards) == sorted(answered)
    for qid, right in answered.items():
        assert [r for _, r in cards[qid]["log"]] == ([GOOD] if right else [])

    # ---- the review page: the missed questions are due; a review moves the due date
    page.goto(f"{site_url}/{REVIEW}")
    ready(page)
    assert page.locator(".qk-review-summary .qk-lead").inner_text().startswith("2 questions due now")
    first = page.locator(".qk-review-q").get_attribute("data-qid")
    assert first == missed[0]
    questions = bank_questions()
    answer(page.locator(".qk-review-q .qk-q"), questions[first], right=True)
    check(page.locator(".qk-review-q .qk-q"))
    rated = page.locator(".qk-rated p").inner_text()
    history = parse_progress({"format": "quizkit-progress", "version": 1, "review": {"cards": cards_of(page)}})
    due = history.cards[first].due
    assert rated == f"Rated Good: next review on {due.day} {due:%B %Y}.", rated
    assert history.cards[first].log[-1][1] == GOOD and due > T0 + timedelta(days=1)
    assert page.locator(".qk-review-summary .qk-lead").inner_text().startswith("1 question due now")
    assert run_axe(page, axe_source) == []
    page.get_by_role("button", name="Next question").click()
    second = page.locator(".qk-review-q").get_attribute("data-qid")
    assert second == missed[1]
    finish_wrong(page.locator(".qk-review-q .qk-q"), questions[second])
    assert page.locator(".qk-rated p").inner_text().startswith("Rated Again: next review tomorrow (6 January 2026)")
    page.get_by_role("button", name="Next question").click()
    assert "last question due now" in page.locator(".qk-done").inner_text()

    # ---- the next day: what is due is what fsrs computes from the same history
    before = parse_progress({"format": "quizkit-progress", "version": 1, "review": {"cards": cards_of(page)}})
    later = T0 + timedelta(days=1, hours=2)
    page.clock.set_system_time(later)
    page.reload()
    ready(page)
    expected = due_now(before, later)
    assert expected == [second]
    assert page.locator(".qk-review-q").get_attribute("data-qid") == second
    lead = page.locator(".qk-review-summary .qk-lead").inner_text()
    assert lead.startswith("1 question due now"), lead
    upcoming = page.locator(".qk-upcoming tbody tr th").all_inner_texts()
    dates = sorted({e.due.date() for q, e in before.cards.items() if e.due > later})
    assert upcoming == [f"{d.day} {d:%B %Y}" for d in dates][:5]

    # ---- download, reset, load: the same figures and the same saved state
    page.goto(f"{site_url}/{PROGRESS}")
    ready(page)
    figures = page.locator(".qk-view").inner_text()
    saved = storage(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download progress").click()
    file = tmp_path / "progress.json"
    info.value.save_as(file)
    assert info.value.suggested_filename == "quizkit-progress-2026-01-06.json"
    content = parse_progress(json.loads(file.read_text(encoding="utf-8")))
    assert set(content.cards) == set(answered)
    page.get_by_role("button", name="Reset progress").click()
    page.get_by_role("button", name="Yes, clear everything").click()
    assert page.locator(".qk-msg[role=status]").inner_text() == "Your progress in this browser was cleared."
    assert storage(page) == {}
    assert "No question answered yet" in page.locator(".qk-lead").inner_text()
    page.set_input_files("#qk-progress-file", str(file))
    page.wait_for_function("() => /^Loaded/.test(document.querySelector('.qk-msg[role=status]').textContent)")
    assert page.locator(".qk-view").inner_text() == figures
    assert storage(page) == saved

    # ---- a malformed file: a clear message, nothing changed
    for name, content_bytes, message in (
        ("broken.json", b'{"format": "quizkit-progress", "version": 1, "quizzes": {', "it is not JSON"),
        (
            "wrong.json",
            json.dumps({"format": "quizkit-progress", "version": 1, "review": {"cards": {"mtg-date": {"since": "2026-01-05T09:00:00.000Z", "log": [["2026-01-05T10:00:00.000Z", 7]]}}}}).encode(),
            "review.cards.mtg-date.log[0]: the rating must be 1 to 4",
        ),
    ):
        page.set_input_files("#qk-progress-file", files=[{"name": name, "mimeType": "application/json", "buffer": content_bytes}])
        alert = page.locator(".qk-msg[role=alert]")
        alert.wait_for()
        assert alert.inner_text().startswith("That file was not loaded, nothing changed: ") and message in alert.inner_text()
        assert storage(page) == saved
        assert page.locator(".qk-view").inner_text() == figures
    assert guard.errors == [] and guard.external == []


def test_pages_by_keyboard_alone(site: Path, site_url: str, learner: Any, guard: Guard) -> None:
    """Review a due question and reset the progress with the keyboard only."""
    page = watch_page(learner.new_page(), guard)
    data = page_data(site, REVIEW)
    qid = next(q for q, item in data["items"].items() if item["spec"]["type"] == "single-choice")
    page.goto(f"{site_url}/{REVIEW}")
    page.evaluate(
        "([qid, t]) => localStorage.setItem('quizkit-review', JSON.stringify({v: 1, cards: {[qid]: {since: t, log: []}}}))",
        [qid, T0.isoformat().replace("+00:00", "Z")],
    )
    page.reload()
    ready(page)

    def tab_to(predicate: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"() => {{ const e = document.activeElement; return {predicate}; }}"):
                return
        raise AssertionError(f"Tab never reached {predicate}")

    tab_to("e.type === 'radio' && !!e.closest('.qk-review-q')")
    page.keyboard.press("Space")
    tab_to("e.textContent === 'Check'")
    page.keyboard.press("Enter")
    if page.locator(".qk-review-q").get_by_role("button", name="Show answer").is_visible():
        page.keyboard.press("Tab")  # from Retry (focused after a try) to Show answer
        assert page.evaluate("document.activeElement.textContent") == "Show answer"
        page.keyboard.press("Enter")
    page.locator(".qk-rated p").wait_for()
    tab_to("e.textContent === 'Next question'")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent") == "Check for more"
    assert len(cards_of(page)[qid]["log"]) == 1

    page.goto(f"{site_url}/{PROGRESS}")
    ready(page)
    tab_to("e.textContent === 'Reset progress'")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent") == "Yes, clear everything"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Cancel: nothing cleared, focus back on Reset
    assert page.evaluate("document.activeElement.textContent") == "Reset progress"
    assert cards_of(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert storage(page) == {}
    assert guard.errors == [] and guard.external == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_narrow_dark_and_print(browser: Any, site: Path, site_url: str, axe_source: str, scheme: str) -> None:
    """At 390 px, in both colour schemes, both pages fit the width and pass axe; print hides the file tools."""
    guard = Guard()
    context = guarded_context(browser, guard, color_scheme=scheme, viewport={"width": 390, "height": 800})
    try:
        page = watch_page(context.new_page(), guard)
        page.goto(f"{site_url}/chapters/04-china.html")
        quiz = quizzes_on(site, "chapters/04-china.html")[0]
        item = quiz["questions"][0]
        finish_wrong(box(page, quiz["id"], item["id"]), bank_questions()[item["id"]])
        for rel in (PROGRESS, REVIEW):
            page.goto(f"{site_url}/{rel}")
            ready(page)
            assert page.evaluate("() => document.scrollingElement.scrollWidth <= innerWidth"), rel
            assert run_axe(page, axe_source) == [], rel
        page.goto(f"{site_url}/{PROGRESS}")
        ready(page)
        page.emulate_media(media="print")
        assert page.locator("svg.qk-chart").is_visible()
        assert not page.locator(".qk-file-tools").is_visible()
        assert guard.errors == [] and guard.external == []
    finally:
        context.close()


def test_pages_work_from_disk(site: Path, browser: Any) -> None:
    """Opened from file://, an answer in a chapter shows on the progress page and is due on the review page."""
    guard = Guard()
    context = guarded_context(browser, guard, files=True, viewport={"width": 1280, "height": 900})
    try:
        page = watch_page(context.new_page(), guard)
        rel = "chapters/03-meeting.html"
        quiz = quizzes_on(site, rel)[0]
        item = quiz["questions"][0]
        page.goto((site.resolve() / rel).as_uri())
        finish_wrong(box(page, quiz["id"], item["id"]), bank_questions()[item["id"]])
        page.goto((site.resolve() / PROGRESS).as_uri())
        ready(page)
        assert page.locator(f'.qk-missed li[data-qid="{item["id"]}"]').count() == 1
        page.goto((site.resolve() / REVIEW).as_uri())
        ready(page)
        assert page.locator(".qk-review-q").get_attribute("data-qid") == item["id"]
    finally:
        context.close()
    assert guard.errors == [] and guard.external == []


def test_only_the_two_pages_load_the_extra_code(site: Path) -> None:
    """No other page links progress.js, review.js, ts-fsrs.js or progress.css."""
    extra = re.compile(r"_quizkit/(?:progress|review|ts-fsrs)\.(?:js|css)")
    pages = [p for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("_")]
    linked = sorted(p.relative_to(site).as_posix() for p in pages if extra.search(p.read_text(encoding="utf-8")))
    assert linked == [PROGRESS, REVIEW]
