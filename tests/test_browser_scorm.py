"""SCORM packages in Chromium with scorm-again as the LMS: launch, answer, leave, launch again.

A harness page (a test fixture, never shipped) plays the LMS: it creates scorm-again's
``Scorm12API`` or ``Scorm2004API`` as ``window.API`` / ``window.API_1484_11``, loaded with
what an LMS keeps between launches when there is any, records a copy of the data model at
every Commit, and opens the package's ``scorm/launch.html`` in a frame; removing the frame
ends the launch, as an LMS does when the learner leaves. Everything is served on 127.0.0.1
with the request guard; page errors, console errors and scorm-again's own errors are
recorded; axe-core runs in the launch page and in a book page with answered quizzes.
"""

from __future__ import annotations

import io
import math
import os
import re
import shutil
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Guard, guarded_context, serve, watch_page
from quizkit.attempts import AttemptPolicy, attempt_state
from quizkit.export.scorm import course_index, package
from quizkit.html import render_quiz
from quizkit.models import QUESTION_TYPES
from test_browser import (
    AXE_TAGS,
    _pages_by_type,
    answer,
    bank_questions,
    box,
    buttons,
    check,
    policy_of,
    quizzes_on,
)

pytestmark = pytest.mark.browser

SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist"
MASTERY = 50
PACKAGES = {"1.2": "pkg12", "2004": "pkg2004"}

HARNESS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>LMS</title><link rel="icon" href="data:,">
<script src="lms/scorm12.js"></script><script src="lms/scorm2004.js"></script>
<script>
window.lmsErrors = []; window.commits = []; window.calls = [];
function start(version, pkg, saved, initialiseFirst) {
  var settings = { logLevel: 4, onLogMessage: function (level, message) { lmsErrors.push(message); } };
  var api = version === "1.2" ? new Scorm12API(settings) : new Scorm2004API(settings);
  if (saved) api.loadFromFlattenedJSON(saved);
  var names = version === "1.2" ? ["LMSInitialize", "LMSCommit", "LMSFinish"] : ["Initialize", "Commit", "Terminate"];
  names.forEach(function (name) { api.on(name, function () { calls.push(name); }); });
  api.on(names[1], function () { commits.push(JSON.parse(JSON.stringify(api.cmi))); });
  window[version === "1.2" ? "API" : "API_1484_11"] = api;
  if (initialiseFirst) api[names[0]]("");
  var frame = document.createElement("iframe");
  frame.id = "course"; frame.title = "Course"; frame.src = pkg + "/scorm/launch.html";
  frame.style.width = "100%"; frame.style.height = "700px";
  document.querySelector("main").appendChild(frame);
}
function stop() { var frame = document.getElementById("course"); frame.parentNode.removeChild(frame); }
</script></head><body><main><h1>LMS</h1></main></body></html>
"""

CROSS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Elsewhere</title><link rel="icon" href="data:,">
</head><body><main><h1>Another site</h1><iframe id="page" title="Book page" style="width:100%;height:700px"></iframe>
<script>document.getElementById("page").src = decodeURIComponent(location.hash.slice(1));</script>
</main></body></html>
"""

BOOK_READY = """(path) => {
  const launcher = document.getElementById('course');
  const doc = launcher && launcher.contentDocument;
  const book = doc && doc.getElementById('qk-book');
  if (!book || !book.contentWindow) return false;
  const href = book.contentWindow.location.href;
  return href.endsWith(path) && book.contentDocument.readyState === 'complete';
}"""


# ---------------------------------------------------------------- the LMS side


def _require_scorm_again() -> None:
    if (SCORM_AGAIN / "scorm12.js").is_file():
        return
    message = f"scorm-again not found at {SCORM_AGAIN} (run npm ci)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def lms_folder(root: Path) -> None:
    """The harness page and scorm-again's run-times in ``root``."""
    _require_scorm_again()
    (root / "lms.html").write_text(HARNESS, encoding="utf-8")
    (root / "cross.html").write_text(CROSS, encoding="utf-8")
    (root / "lms").mkdir()
    for name in ("scorm12.js", "scorm2004.js"):
        shutil.copy(SCORM_AGAIN / name, root / "lms" / name)


def unpack_package(data: bytes, folder: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        zf.extractall(folder)


@pytest.fixture(scope="module")
def lms(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The harness and both packages of the built book (mastery 50%), served; the URL."""
    root = tmp_path_factory.mktemp("lms")
    lms_folder(root)
    for version, name in PACKAGES.items():
        unpack_package(package(site, version=version, title="Russia & Japan",
                               mastery=MASTERY).data, root / name)
    server, url = serve(root)
    yield url
    server.shutdown()
    server.server_close()


@dataclass
class Launch:
    """One launch of a package in the harness: the page, its URL and the SCORM version."""

    page: Any
    url: str
    pkg: str
    version: str

    @property
    def launcher(self) -> Any:
        return self.page.locator("#course").element_handle().content_frame()

    @property
    def book(self) -> Any:
        return self.launcher.locator("#qk-book").element_handle().content_frame()

    def open(self, rel: str) -> Any:
        """Show a page of the book in the launcher's frame (as following a link does)."""
        book = self.book
        book.goto(f"{self.url}/{self.pkg}/{rel}")
        book.wait_for_load_state("load")
        for quiz in book.locator("[data-quizkit]").all():
            quiz.locator("xpath=self::*[@data-qk-ready]").wait_for()
        return book

    def committed(self, at: int = -1) -> dict[str, Any]:
        """The data model as the LMS received it at a Commit (the last by default)."""
        data: dict[str, Any] = self.page.evaluate("(at) => commits.at(at)", at)
        return data

    def calls(self) -> list[str]:
        return list(self.page.evaluate("calls"))

    def lms_errors(self) -> list[str]:
        return list(self.page.evaluate("lmsErrors"))

    def leave(self) -> None:
        """The learner leaves: the LMS removes the launch frame."""
        self.page.evaluate("stop()")
        self.page.wait_for_timeout(100)


@contextmanager
def launch(browser: Any, url: str, version: str, pkg: str, *, saved: dict[str, str] | None = None,
           start: str = "chapters/index.html",
           initialise_first: bool = False) -> Iterator[tuple[Launch, Guard]]:
    """Open the harness, create the LMS API (with ``saved`` data) and launch the package;
    yields once the book's ``start`` page has loaded in the launcher's frame."""
    guard = Guard()
    context = guarded_context(browser, guard, viewport={"width": 1280, "height": 900})
    try:
        page = watch_page(context.new_page(), guard)
        page.goto(f"{url}/lms.html")
        page.evaluate("([v, p, s, i]) => start(v, p, s, i)", [version, pkg, saved, initialise_first])
        page.wait_for_function(BOOK_READY, arg=start)
        page.wait_for_timeout(100)
        yield Launch(page, url, pkg, version), guard
    finally:
        context.close()


def run_axe_in(frame: Any, axe_source: str) -> list[str]:
    """axe-core violations of one frame's document (its own frames left out)."""
    frame.add_script_tag(content=axe_source)
    return list(frame.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, iframes: false});
            return r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }""",
        AXE_TAGS,
    ))


def get(model: dict[str, Any], path: str) -> Any:
    """A value of a data-model copy by its dotted name without ``cmi.``."""
    value: Any = model
    for part in path.split("."):
        value = value[part]
    return value


def resume_data(model: dict[str, Any], version: str,
                extra: dict[str, str] | None = None) -> dict[str, str]:
    """What an LMS gives the next launch: the tracking data it kept, flattened, entry resume."""
    keep = (("suspend_data", "core.lesson_location", "core.lesson_status", "core.score",
             "interactions") if version == "1.2" else
            ("suspend_data", "location", "completion_status", "success_status", "score",
             "progress_measure", "interactions"))
    flat: dict[str, str] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, f"{path}.{key}" if path else key)
        elif isinstance(value, str) and value and path.startswith(keep):
            flat[f"cmi.{path}"] = value

    walk(model, "")
    flat["cmi.core.entry" if version == "1.2" else "cmi.entry"] = "resume"
    flat.update(extra or {})
    return flat


# ---------------------------------------------------------------- what the page sends


def letter(i: int) -> str:
    """a, b, ..., z, aa, ab: how options, partners and items are named in interactions."""
    out = ""
    i += 1
    while i > 0:
        out = chr(97 + (i - 1) % 26) + out
        i = (i - 1) // 26
    return out


def js_number(text: str) -> str:
    """A number typed as ``text`` as JavaScript's String(Number(text)) writes it."""
    value = float(text)
    return str(int(value)) if value == int(value) and abs(value) < 1e15 else repr(value)


def lms_response(version: str, question: Any, spec: dict[str, Any], right: bool) -> tuple[str, str]:
    """The interaction type and response the LMS should get for ``answer(..., right)``."""
    v12 = version == "1.2"
    sep, dot = (",", ".") if v12 else ("[,]", "[.]")
    t = question.type
    if t in ("single-choice", "multiple-select"):
        assert right, "only right answers are planned for choice questions"
        return "choice", sep.join(letter(i) for i, o in enumerate(question.options) if o.correct)
    if t == "true-false":
        value = question.answer if right else not question.answer
        return "true-false", ("t" if value else "f") if v12 else str(value).lower()
    if t == "numeric":
        good = question.answer if question.answer is not None else question.range.low
        return "numeric", js_number(repr(good)) if right else "987654321"
    if t == "short-text":
        return "fill-in", question.answers[0] if right else "qqqq zzzz"
    if t == "matching":
        partners = list(dict.fromkeys(list(spec["answers"]) + [c["text"] for c in spec["choices"]]))
        picks = [p.right if right else next(c for c in question.choices if c != p.right)
                 for p in question.pairs]
        return "matching", sep.join(f"{i + 1}{dot}{letter(partners.index(v))}"
                                    for i, v in enumerate(picks))
    if t == "ordering":
        assert right
        return "sequencing", sep.join(letter(k) for k in range(len(question.items)))
    texts = []
    for blank in question.blanks:
        if right:
            texts.append(blank.answers[0])
        elif blank.options is not None:
            texts.append(next(o for o in blank.options if o not in blank.answers))
        else:
            texts.append("qqqq")
    return "fill-in", (", " if v12 else "[,]").join(texts)


# The learner's tries, per type: right, wrong, retry (press Retry), reveal (Show answer),
# draft (type the right answer after Retry and leave it unchecked).
PLAN = {
    "single-choice": ["right"],
    "multiple-select": ["wrong", "retry", "right"],
    "true-false": ["wrong", "reveal"],
    "numeric": ["right"],
    "short-text": ["wrong", "retry", "wrong"],
    "matching": ["wrong"],
    "ordering": ["right"],
    "fill-blanks": ["wrong", "retry", "draft"],
}
FIRST_TRY_ORDER = ["multiple-select", "single-choice", "true-false", "numeric", "short-text",
                   "matching", "ordering", "fill-blanks"]


@dataclass
class Step:
    """One question of the plan: where it is and what the learner does."""

    type: str
    rel: str
    quiz_id: str
    qid: str
    slot: int
    actions: list[str]

    def scores(self) -> list[float]:
        return [1.0 if a == "right" else 0.0 for a in self.actions if a in ("right", "wrong")]

    def last_right(self) -> bool:
        return [a for a in self.actions if a in ("right", "wrong")][-1] == "right"


def plan(site: Path) -> list[Step]:
    """A question of each type in a two-try quiz of the book, with its slot in the package."""
    where = _pages_by_type(site, lambda quiz: policy_of(quiz).tries == 2)
    assert sorted(where) == sorted(QUESTION_TYPES)
    index = course_index(site)
    slots = {(index.quizzes[s.quiz].id, s.id): i for i, s in enumerate(index.slots)}
    return [Step(t, where[t][0], where[t][1], where[t][2], slots[(where[t][1], where[t][2])],
                 PLAN[t]) for t in FIRST_TRY_ORDER]


def do(book: Any, step: Step) -> None:
    """Carry out a step's actions in the book frame."""
    question = bank_questions()[step.qid]
    qbox = box(book, step.quiz_id, step.qid)
    for action in step.actions:
        if action in ("right", "wrong"):
            answer(qbox, question, right=action == "right")
            check(qbox)
        elif action == "retry":
            qbox.get_by_role("button", name="Retry").click()
        elif action == "reveal":
            qbox.get_by_role("button", name="Show answer").click()
        else:
            answer(qbox, question, right=True)


def question_view(book: Any, step: Step) -> tuple[str, list[str], list[Any]]:
    """What the learner sees of a question: feedback, buttons, and the fields' values."""
    qbox = box(book, step.quiz_id, step.qid)
    fields = qbox.locator("input, select").evaluate_all(
        "els => els.map(e => e.type === 'radio' || e.type === 'checkbox' ? e.checked : e.value)")
    order = qbox.locator(".qk-order li > span").evaluate_all("els => els.map(e => e.id)")
    return qbox.locator(".qk-fb").inner_text(), buttons(qbox), fields + order


def progress_lead(run: Launch) -> str:
    """The first line of the book's progress page, shown in the launcher's frame."""
    book = run.open("chapters/progress.html")
    lead = book.locator("[data-qk-page=progress] .qk-lead").first
    lead.wait_for()
    return str(lead.inner_text())


def js_round(x: float, places: int) -> str:
    """``String(Math.round(x * 10**places) / 10**places)``, as scorm.js rounds."""
    f = 10**places
    r = math.floor(x * f + 0.5) / f
    return str(int(r)) if r == int(r) else repr(r)


def credit_sum(slots: list[Any], credits: dict[int, float]) -> float:
    """The questions' credits, each the best of its slots' (``credits`` by slot index), added
    in the order of each question's first slot, as scorm.js adds them."""
    best: dict[str, float] = {}
    for i, slot in enumerate(slots):
        best[slot.id] = max(best.get(slot.id, 0.0), credits.get(i, 0.0))
    total = 0.0
    for value in best.values():
        total += value
    return total


def step_state(step: Step, site: Path) -> Any:
    quiz = next(q for q in quizzes_on(site, step.rel) if q["id"] == step.quiz_id)
    policy = policy_of(quiz)
    return attempt_state(policy, step.scores(), revealed="reveal" in step.actions)


def suspend_slots(text: str, n_slots: int) -> list[int]:
    width = 1
    while 36 ** width < n_slots:
        width += 1
    assert text.startswith("1|"), text[:20]
    return [int(entry[:width], 36) for entry in text.split("|")[1:]]


def check_interactions(model: dict[str, Any], version: str, steps: list[Step],
                       site: Path) -> None:
    """One interaction per step, in the order of first tries, in the data model's format."""
    v12 = version == "1.2"
    interactions = model["interactions"]
    assert sorted(interactions, key=int) == [str(k) for k in range(len(steps))]
    questions = bank_questions()
    for k, step in enumerate(steps):
        got = interactions[str(k)]
        quiz = next(q for q in quizzes_on(site, step.rel) if q["id"] == step.quiz_id)
        spec = next(i["spec"] for i in quiz["questions"] if i["id"] == step.qid)
        qtype, response = lms_response(version, questions[step.qid], spec, step.last_right())
        index = course_index(site)
        assert got["id"] == index.slots[step.slot].interaction, step
        assert got["type"] == qtype, step
        assert got["student_response" if v12 else "learner_response"] == response, step
        wrong = "wrong" if v12 else "incorrect"
        assert got["result"] == ("correct" if step.last_right() else wrong), step
        assert got["weighting"] == "1"
        if v12:
            assert re.fullmatch(r"\d\d:\d\d:\d\d", got["time"]), got["time"]
        else:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", got["timestamp"])
            assert 0 < len(got["description"]) <= 250 and "<" not in got["description"]


# ---------------------------------------------------------------- the course in an LMS


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_work_reaches_the_lms_and_a_second_launch_restores_it(
    browser: Any, site: Path, lms: str, axe_source: str, version: str
) -> None:
    """First launch: Initialize once, the start page, then a question of every type answered
    (right, wrong then right, Show answer, wrong twice, one wrong try left open, a draft):
    the LMS holds the score over every question of the book, the statuses against the
    mastery score, one interaction per question in the data model's format, the page shown,
    the suspend data in the order of first tries within 4,096 characters, and, after the
    learner leaves, session time, exit suspend and one Terminate. Second launch with what the
    LMS kept: the score before any quiz page is opened, the last page reopened, every
    question as it was left (tries, feedback, answers, the draft), and a further try updates
    the same interaction."""
    v12 = version == "1.2"
    pkg = PACKAGES[version]
    steps = plan(site)
    slots = course_index(site).slots
    n_slots, n_questions = len(slots), len({slot.id for slot in slots})
    assert n_questions < n_slots  # chapters and their exercise pages ask the same questions
    prefix = "core." if v12 else ""
    with launch(browser, lms, version, pkg) as (run, guard):
        init, commit, finish = (("LMSInitialize", "LMSCommit", "LMSFinish") if v12
                                else ("Initialize", "Commit", "Terminate"))
        assert run.calls()[0] == init and run.calls().count(init) == 1
        first = run.committed()
        assert get(first, prefix + ("lesson_location" if v12 else "location")) == "chapters/index.html"
        assert get(first, prefix + "score.raw") == "0"
        assert get(first, prefix + "lesson_status" if v12 else "completion_status") == "incomplete"
        assert run.launcher.locator("#qk-scorm-note").is_hidden()
        assert run_axe_in(run.launcher, axe_source) == []
        seen: dict[str, Any] = {}
        for step in steps:
            book = run.open(step.rel)
            assert box(book, step.quiz_id, step.qid).count() == 1
            assert book.locator(".qk-tools button").count() == 0  # no Reset in an LMS
            do(book, step)
            seen[step.type] = question_view(book, step)
        assert run_axe_in(run.book, axe_source) == []
        last_page = steps[-1].rel
        assert progress_lead(run).startswith(f"You have answered {len(steps)} of the ")
        run.open(last_page)

        credits = {s.slot: step_state(s, site).credit for s in steps}
        finished = sum(step_state(s, site).finished for s in steps)
        total = credit_sum(slots, credits)
        model = run.committed()
        assert get(model, prefix + "score.raw") == js_round(100 * total / n_questions, 2)
        assert (get(model, prefix + "score.min"), get(model, prefix + "score.max")) == ("0", "100")
        if v12:
            assert model["core"]["lesson_status"] == "incomplete"
        else:
            assert model["score"]["scaled"] == js_round(total / n_questions, 4)
            assert (model["completion_status"], model["success_status"]) == ("incomplete", "unknown")
            assert model["progress_measure"] == js_round(finished / n_questions, 4)
        assert get(model, prefix + ("lesson_location" if v12 else "location")) == last_page
        check_interactions(model, version, steps, site)
        suspend = model["suspend_data"]
        assert len(suspend) <= 4096
        assert suspend_slots(suspend, n_slots) == [s.slot for s in steps]

        run.leave()
        final = run.committed()
        assert run.calls()[-2:] == [commit, finish] and run.calls().count(finish) == 1
        assert get(final, prefix + "exit") == "suspend"
        session = get(final, prefix + "session_time")
        assert re.fullmatch(r"\d\d:\d\d:\d\d" if v12 else r"PT\d+H\d+M\d+S", session), session
        # Retry and the unchecked draft of the last question reach the LMS with the last Commit
        assert suspend_slots(final["suspend_data"], n_slots) == [s.slot for s in steps]
        assert re.search(r"\|[0-9a-z]+1o:[^|;]*;[^|]+$", final["suspend_data"]), final["suspend_data"]
        assert run.lms_errors() == [] and guard.errors == [] and guard.external == []

    saved = resume_data(final, version)
    with launch(browser, lms, version, pkg, saved=saved, start=last_page) as (run, guard):
        before_any_page = run.committed(0)
        assert get(before_any_page, prefix + "score.raw") == get(final, prefix + "score.raw")
        for step in steps:
            book = run.open(step.rel)
            assert question_view(book, step) == seen[step.type], step.type
        # a new browser: the progress page counts what the LMS gave back to the quizzes
        assert progress_lead(run).startswith(f"You have answered {len(steps)} of the ")
        matching = next(s for s in steps if s.type == "matching")
        book = run.open(matching.rel)
        qbox = box(book, matching.quiz_id, matching.qid)
        qbox.get_by_role("button", name="Retry").click()
        answer(qbox, bank_questions()[matching.qid], right=True)
        check(qbox)
        model = run.committed()
        k = steps.index(matching)
        assert len(model["interactions"]) == len(steps)
        assert model["interactions"][str(k)]["result"] == "correct"
        credits[matching.slot] = attempt_state(AttemptPolicy(2), [0, 1]).credit
        total = credit_sum(slots, credits)
        assert get(model, prefix + "score.raw") == js_round(100 * total / n_questions, 2)
        assert run.lms_errors() == [] and guard.errors == [] and guard.external == []


# ---------------------------------------------------------------- mastery


def small_package(folder: Path, version: str, mastery: float | None,
                  quizzes: tuple[tuple[str, tuple[str, ...]], ...] = (
                      ("Quiz", ("fx-single", "fx-true-false", "fx-numeric", "fx-short")),),
                  ) -> None:  # fmt: skip
    """A one-page book with two-try quizzes of fixture questions (by default one quiz of
    four), packaged into folder."""
    from test_export_golden import fixture_items

    questions = {it.question.id: it.question for it in fixture_items()}
    site = folder.parent / f"{folder.name}-site"
    (site / "chapters").mkdir(parents=True)
    (site / "index.html").write_text(
        '<!DOCTYPE html><html><head><meta http-equiv="Refresh" content="0; '
        'url=chapters/index.html" /></head><body></body></html>', encoding="utf-8")
    rendered = "".join(
        render_quiz([questions[q] for q in ids], title=title, include_assets=n == len(quizzes) - 1)
        for n, (title, ids) in enumerate(quizzes))  # fmt: skip
    (site / "chapters" / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Small</title></head>'
        f"<body><main><h1>Small</h1>{rendered}</main></body></html>", encoding="utf-8")
    unpack_package(package(site, version=version, title="Small", mastery=mastery).data, folder)


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_a_question_in_two_quizzes_counts_once_at_its_best(
    browser: Any, tmp_path: Path, version: str
) -> None:
    """Quizzes A (single choice, true-false) and B (the same true-false, numeric) on one page:
    three questions, not four slots. The true-false ended at 0 in A finishes that question, so
    with the other two right the activity is complete at 2 of 3; answering it right in B then
    raises the score to 100 (the better of its two credits), as the progress page counts."""
    from test_export_golden import fixture_items

    questions = {it.question.id: it.question for it in fixture_items()}
    root = tmp_path / "lms"
    root.mkdir()
    lms_folder(root)
    small_package(root / "pkg", version, None, (("A", ("fx-single", "fx-true-false")),
                                                ("B", ("fx-true-false", "fx-numeric"))))
    server, url = serve(root)
    v12 = version == "1.2"
    prefix = "core." if v12 else ""

    def status(model: dict[str, Any]) -> tuple[str, ...]:
        if v12:
            return (model["core"]["lesson_status"],)
        return model["completion_status"], model["success_status"], model["progress_measure"]

    try:
        with launch(browser, url, version, "pkg") as (run, guard):
            page = run.book
            page.wait_for_function("document.querySelectorAll('[data-qk-ready]').length === 2")
            in_a, in_b = (page.locator(".qk-quiz").nth(n) for n in (0, 1))
            tf_a = in_a.locator('.qk-q[data-qid="fx-true-false"]')
            answer(tf_a, questions["fx-true-false"], right=False)
            check(tf_a)
            tf_a.get_by_role("button", name="Show answer").click()
            for quiz, qid in ((in_a, "fx-single"), (in_b, "fx-numeric")):
                qbox = quiz.locator(f'.qk-q[data-qid="{qid}"]')
                answer(qbox, questions[qid], right=True)
                check(qbox)
            model = run.committed()
            assert get(model, prefix + "score.raw") == "66.67"  # 2 of 3 questions, not 2 of 4 slots
            assert status(model) == (("completed",) if v12 else ("completed", "unknown", "1"))
            tf_b = in_b.locator('.qk-q[data-qid="fx-true-false"]')
            answer(tf_b, questions["fx-true-false"], right=True)
            check(tf_b)
            model = run.committed()
            assert get(model, prefix + "score.raw") == "100"
            if not v12:
                assert model["score"]["scaled"] == "1"
            assert len(model["interactions"]) == 4  # every slot tried is still reported
            assert run.lms_errors() == [] and guard.errors == [] and guard.external == []
    finally:
        server.shutdown()


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_passed_as_soon_as_reached_failed_as_soon_as_out_of_reach(
    browser: Any, tmp_path: Path, version: str
) -> None:
    """Four questions, mastery 50%: two right is passed with two still open; with the LMS's
    own mastery score of 75%, two questions ended at 0 is failed before the rest is done, and
    finishing the rest completes the activity (2004) without changing the verdict."""
    from test_export_golden import fixture_items

    questions = {it.question.id: it.question for it in fixture_items()}
    root = tmp_path / "lms"
    root.mkdir()
    lms_folder(root)
    small_package(root / "pkg", version, 50)
    server, url = serve(root)
    v12 = version == "1.2"
    prefix = "core." if v12 else ""

    def status(model: dict[str, Any]) -> tuple[str, ...]:
        if v12:
            return (model["core"]["lesson_status"],)
        return model["completion_status"], model["success_status"]

    def quiz_box(run: Launch, qid: str) -> Any:
        return run.book.locator(f'.qk-q[data-qid="{qid}"]')

    try:
        with launch(browser, url, version, "pkg") as (run, guard):
            run.book.locator("[data-qk-ready]").wait_for()
            answer(quiz_box(run, "fx-single"), questions["fx-single"], right=True)
            check(quiz_box(run, "fx-single"))
            assert status(run.committed()) == (("incomplete",) if v12 else ("incomplete", "unknown"))
            answer(quiz_box(run, "fx-true-false"), questions["fx-true-false"], right=True)
            check(quiz_box(run, "fx-true-false"))
            model = run.committed()
            assert status(model) == (("passed",) if v12 else ("incomplete", "passed"))
            assert get(model, prefix + "score.raw") == "50"
            assert run.lms_errors() == [] and guard.errors == [] and guard.external == []

        lms_mastery = {"cmi.student_data.mastery_score": "75"} if v12 else {
            "cmi.scaled_passing_score": "0.75"}
        with launch(browser, url, version, "pkg", saved=lms_mastery) as (run, guard):
            run.book.locator("[data-qk-ready]").wait_for()
            for qid in ("fx-single", "fx-true-false"):
                qbox = quiz_box(run, qid)
                answer(qbox, questions[qid], right=False)
                check(qbox)
                qbox.get_by_role("button", name="Show answer").click()
            assert status(run.committed()) == (("failed",) if v12 else ("incomplete", "failed"))
            for qid in ("fx-numeric", "fx-short"):
                answer(quiz_box(run, qid), questions[qid], right=True)
                check(quiz_box(run, qid))
            model = run.committed()
            assert status(model) == (("failed",) if v12 else ("completed", "failed"))
            assert get(model, prefix + "score.raw") == "50"
            if not v12:
                assert (model["score"]["scaled"], model["progress_measure"]) == ("0.5", "1")
            assert run.lms_errors() == [] and guard.errors == [] and guard.external == []
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------- without an LMS


def test_without_an_lms_the_package_is_the_book_as_ever(browser: Any, lms: str, site: Path) -> None:
    """The launch page opened on a web host, no API anywhere: no host, no note, the book in
    the frame, quizzes with Reset that keep progress in the browser across a reload, and no
    error or outside request."""
    guard = Guard()
    context = guarded_context(browser, guard, viewport={"width": 1280, "height": 900})
    try:
        page = watch_page(context.new_page(), guard)
        page.goto(f"{lms}/pkg12/scorm/launch.html")
        book = page.locator("#qk-book").element_handle().content_frame()
        book.wait_for_url(re.compile(r".*/chapters/index\.html$"))
        assert page.evaluate("typeof window.QuizkitHost") == "undefined"
        assert page.locator("#qk-scorm-note").is_hidden()
        step = next(s for s in plan(site) if s.type == "single-choice")
        book.goto(f"{lms}/pkg12/{step.rel}")
        book.locator(f"#{step.quiz_id}[data-qk-ready]").wait_for()
        assert book.locator(f"#{step.quiz_id} .qk-tools button").count() == 1  # Reset, as ever
        qbox = box(book, step.quiz_id, step.qid)
        answer(qbox, bank_questions()[step.qid], right=True)
        check(qbox)
        page.reload()
        book = page.locator("#qk-book").element_handle().content_frame()
        book.wait_for_url(re.compile(r".*/chapters/index\.html$"))
        book.goto(f"{lms}/pkg12/{step.rel}")
        book.locator(f"#{step.quiz_id}[data-qk-ready]").wait_for()
        assert box(book, step.quiz_id, step.qid).locator(".qk-fb").inner_text().startswith("Correct.")
        assert guard.errors == [] and guard.external == []
    finally:
        context.close()


def test_a_launch_the_lms_refuses_says_so_and_keeps_the_book_working(
    browser: Any, lms: str, site: Path
) -> None:
    """An API that is already initialised (the launch page opened twice in one session): a
    note says the session is not recorded, and the quizzes work on with the browser's
    storage; the page itself throws nothing."""
    with launch(browser, lms, "1.2", PACKAGES["1.2"], initialise_first=True) as (run, guard):
        note = run.launcher.locator("#qk-scorm-note")
        assert note.is_visible() and "not being recorded" in note.inner_text()
        assert run.launcher.evaluate("typeof window.QuizkitHost") == "undefined"
        step = next(s for s in plan(site) if s.type == "true-false")
        book = run.open(step.rel)
        qbox = box(book, step.quiz_id, step.qid)
        answer(qbox, bank_questions()[step.qid], right=True)
        assert check(qbox).inner_text().startswith("Correct.")
        assert run.page.evaluate("commits.length") == 0
        assert guard.errors == [] and guard.external == []


def test_a_book_page_framed_by_another_origin_looks_for_no_host(
    browser: Any, lms: str, site: Path
) -> None:
    """A quiz page shown in a frame of another site (localhost vs 127.0.0.1): reading the
    parent's host throws inside quizkit.js and is caught; the quiz works, nothing is logged."""
    step = next(s for s in plan(site) if s.type == "numeric")
    guard = Guard()
    context = guarded_context(browser, guard, viewport={"width": 1280, "height": 900})
    try:
        page = watch_page(context.new_page(), guard)
        other = lms.replace("127.0.0.1", "localhost")
        page.goto(f"{other}/cross.html#{lms}/pkg12/{step.rel}")
        book = page.locator("#page").element_handle().content_frame()
        book.locator(f"#{step.quiz_id}[data-qk-ready]").wait_for()
        assert page.evaluate("() => { try { return document.getElementById('page')"
                             ".contentWindow.document, 'same'; } catch (e) { return 'other'; } }"
                             ) == "other"
        qbox = box(book, step.quiz_id, step.qid)
        answer(qbox, bank_questions()[step.qid], right=True)
        assert check(qbox).inner_text().startswith("Correct.")
        assert guard.errors == [] and guard.external == []
    finally:
        context.close()
