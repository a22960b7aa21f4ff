"""Spaced review: the rating rule, the progress file, ``quizkit.review()`` with its state file,
and the same schedules from fsrs (Python) and ts-fsrs (Node, the copy the book serves)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import quizkit
from helpers import ROOT
from quizkit.errors import QuizkitError
from quizkit.review import (
    AGAIN,
    FSRS_SETTINGS,
    GOOD,
    HARD,
    Entry,
    Progress,
    ReviewSession,
    due_now,
    enter_answer,
    iso,
    load_progress,
    parse_progress,
    rating,
    review,
    save_progress,
    scheduler,
)

VENDOR = ROOT / "src" / "quizkit" / "static" / "vendor" / "ts-fsrs.umd.js"
PROGRESS_JS = ROOT / "src" / "quizkit" / "static" / "progress.js"
NODE = shutil.which("node")
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


# ---------------------------------------------------------------- the rating rule

RATING_CASES = [
    # scores of the tries, answer shown, hints -> rating
    ([1.0], False, 0, GOOD),
    ([1.0], False, 1, HARD),
    ([0.0, 1.0], False, 0, HARD),
    ([0.5], False, 0, HARD),
    ([0.0, 0.5], False, 0, HARD),
    ([0.0, 0.0], False, 0, AGAIN),
    ([0.0], True, 0, AGAIN),
    ([0.5], True, 0, AGAIN),
    ([], False, 0, AGAIN),
]


@pytest.mark.parametrize(("scores", "revealed", "hints", "expected"), RATING_CASES)
def test_rating_rule(scores: list[float], revealed: bool, hints: int, expected: int) -> None:
    """Good only for right at the first try without a hint; Again for wrong or answer shown."""
    assert rating(scores, revealed=revealed, hints=hints) == expected


@pytest.mark.node
def test_page_rates_as_python() -> None:
    """progress.js rates each case of the table as quizkit.review.rating does."""
    assert NODE, "node is required"
    records = [{"v": 2, "s": s, "x": x, "h": h} for s, x, h, _ in RATING_CASES]
    script = f"const P = require({json.dumps(str(PROGRESS_JS))}); console.log(JSON.stringify({json.dumps(records)}.map(P.rating)));"
    out = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(out.stdout) == [c[3] for c in RATING_CASES]


# ---------------------------------------------------------------- the progress file


def test_entry_rule() -> None:
    """A question right in a chapter gets that answer as its first review; a missed one is due at once."""
    progress = Progress()
    assert enter_answer(progress, "right-one", GOOD, T0)
    assert enter_answer(progress, "missed-one", AGAIN, T0)
    assert not enter_answer(progress, "missed-one", GOOD, T0 + timedelta(hours=1))
    assert progress.cards["missed-one"].log == []
    assert due_now(progress, T0) == ["missed-one"]
    right_due = progress.cards["right-one"].due
    assert right_due > T0 + timedelta(days=1)  # FSRS: a Good first review is days away
    expected, _ = scheduler().review_card(__import__("fsrs").Card(due=T0), __import__("fsrs").Rating.Good, T0)
    assert right_due == expected.due


def test_file_round_trip(tmp_path: Path) -> None:
    """What save_progress writes, load_progress reads back the same (times to the millisecond)."""
    progress = Progress(
        quizzes={"quizkit:qk-abc:mtg-date:0123456789": {"v": 2, "r": 1, "h": 0, "s": [0, 1], "a": 1, "x": False, "o": False}},
        cards={"mtg-date": Entry(T0, [(T0 + timedelta(minutes=5), HARD)])},
    )
    path = tmp_path / "state.json"
    save_progress(path, progress, T0 + timedelta(hours=1))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "quizkit-progress" and data["version"] == 1
    assert data["review"]["cards"]["mtg-date"] == {
        "since": "2026-01-05T09:00:00.000Z",
        "log": [["2026-01-05T09:05:00.000Z", HARD]],
    }
    again = load_progress(path)
    assert again.quizzes == progress.quizzes
    assert again.cards == progress.cards


BAD_FILES = [
    ('{"format": "quizkit-progress", "version": 1,', "state.json:1: not valid JSON"),
    ('{"format": "something-else", "version": 1}', 'not a quizkit progress file (no "format": "quizkit-progress")'),
    ('{"format": "quizkit-progress", "version": 9}', "written by a newer quizkit (version 9; this one reads 1)"),
    ('{"format": "quizkit-progress", "version": 1, "quizzes": {"x": {}}}', "quizzes: 'x' is not a saved question's key"),
    (
        '{"format": "quizkit-progress", "version": 1, "quizzes": {"quizkit:qk-a:mtg-date:0a1b": {"v": 2, "s": [2]}}}',
        "quizzes: quizkit:qk-a:mtg-date:0a1b: s must be a list of scores from 0 to 1",
    ),
    (
        '{"format": "quizkit-progress", "version": 1, "review": {"cards": {"mtg-date": {"since": "2026-01-05T09:00:00.000Z", "log": [["2026-01-05T10:00:00.000Z", 7]]}}}}',
        "review.cards.mtg-date.log[0]: the rating must be 1 to 4 (found 7)",
    ),
    (
        '{"format": "quizkit-progress", "version": 1, "review": {"cards": {"mtg-date": {"since": "yesterday", "log": []}}}}',
        "review.cards.mtg-date.since: not a time like 2026-01-05T09:00:00.000Z (found 'yesterday')",
    ),
    (
        '{"format": "quizkit-progress", "version": 1, "review": {"cards": {"mtg-date": {"since": "2026-01-05T09:00:00.000Z", "log": [["2026-01-04T10:00:00.000Z", 3]]}}}}',
        "review.cards.mtg-date.log[0]: reviews must be in time order",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_corrupt_state_file_is_one_clear_line_and_left_alone(tmp_path: Path, text: str, message: str) -> None:
    """quizkit.review() on a corrupt state file: one line naming the file and the problem; the file is untouched."""
    path = tmp_path / "state.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuizkitError) as info:
        review(path, bank_dir=ROOT / "bank", now=T0)
    (line,) = info.value._render_traceback_()  # type: ignore[attr-defined]
    assert str(path) in line and message in line, line
    assert "\n" not in line
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.node
def test_page_refuses_the_same_files() -> None:
    """progress.js refuses each bad file too, with the same message (less the file name)."""
    assert NODE, "node is required"
    texts = [t for t, _ in BAD_FILES]
    script = (
        f"const P = require({json.dumps(str(PROGRESS_JS))});"
        f"console.log(JSON.stringify({json.dumps(texts)}.map((t) => {{ try {{ P.parseFile(t); return null; }} catch (e) {{ return e.message; }} }})));"
    )
    out = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True, timeout=60)
    messages = json.loads(out.stdout)
    assert messages[0].startswith("it is not JSON")
    for got, (_, expected) in list(zip(messages, BAD_FILES))[1:]:
        words = expected.replace("'", "").replace('"', "").replace("\u2019", "")
        assert got is not None
        normalised = got.replace("\u201c", "").replace("\u201d", "").replace("\u2019", "").replace("it is ", "").replace("it was ", "")
        assert words.split(" (found")[0].replace("this one", "this page") in normalised, (got, expected)


@pytest.mark.node
def test_page_and_python_read_each_others_files(tmp_path: Path) -> None:
    """A file progress.js makes is valid for Python, and one Python writes is valid for the page."""
    assert NODE, "node is required"
    path = tmp_path / "py.json"
    save_progress(path, Progress(cards={"mtg-date": Entry(T0, [(T0, GOOD)])}), T0)
    script = (
        f"const P = require({json.dumps(str(PROGRESS_JS))});"
        "const s = {d: {}, get length() { return Object.keys(this.d).length; }, key(i) { return Object.keys(this.d)[i]; },"
        " getItem(k) { return k in this.d ? this.d[k] : null; }, setItem(k, v) { this.d[k] = String(v); }, removeItem(k) { delete this.d[k]; }};"
        f"const parsed = P.parseFile(require('fs').readFileSync({json.dumps(str(path))}, 'utf8'));"
        "P.apply(parsed, s);"
        "s.setItem('quizkit:qk-abc:mtg-date:0123456789', JSON.stringify({v: 2, r: 0, h: 0, s: [1], a: 0, x: false, o: false}));"
        "console.log(JSON.stringify(P.makeFile(Date.UTC(2026, 0, 6), s)));"
    )
    out = subprocess.run([NODE, "-e", script], capture_output=True, text=True, check=True, timeout=60)
    back = parse_progress(json.loads(out.stdout))
    assert back.cards == {"mtg-date": Entry(T0, [(T0, GOOD)])}
    assert list(back.quizzes) == ["quizkit:qk-abc:mtg-date:0123456789"]


# ---------------------------------------------------------------- quizkit.review() in a notebook


def keyed(question: Any, right: bool) -> Any:
    """A response that grades fully right (or clearly wrong) for ``question``, in grading's format."""
    t = question.type
    if t in ("single-choice", "multiple-select"):
        good = [i for i, o in enumerate(question.options) if o.correct]
        bad = [i for i, o in enumerate(question.options) if not o.correct][:1]
        picks = good if right else bad
        return picks[0] if t == "single-choice" else picks
    if t == "true-false":
        return question.answer if right else not question.answer
    if t == "numeric":
        good = question.answer if question.answer is not None else question.range.low
        return repr(good) if right else "987654321"
    if t == "short-text":
        return question.answers[0] if right else "qqqq zzzz"
    if t == "matching":
        return [p.right for p in question.pairs] if right else [question.pairs[0].right] * len(question.pairs)
    if t == "ordering":
        n = len(question.items)
        return list(range(n)) if right else list(range(n))[::-1]
    return {b.id: (b.answers[0] if right else "zzzz qqqq") for b in question.blanks}


def answer_right(qw: Any) -> None:
    """Give the keyed answer through the question's control and press Check."""
    qw.control.response = lambda: keyed(qw.question, True)
    qw.check_button.click()
    assert qw.state.finished and qw.state.credit == 1


def answer_wrong_and_show(qw: Any) -> None:
    """Give a wrong answer, press Check, then Show answer."""
    qw.control.response = lambda: keyed(qw.question, False)
    qw.check_button.click()
    if not qw.state.finished:
        qw.reveal_button.click()
    assert qw.state.finished and qw.state.credit < 1


def test_review_session_schedules_and_saves(tmp_path: Path) -> None:
    """New questions enter, reviews are rated and saved, and the next day shows what FSRS made due."""
    path = tmp_path / "mine.json"
    session = review(path, bank="03-meeting", new=3, now=T0, bank_dir=ROOT / "bank")
    assert isinstance(session, ReviewSession)
    ids = [q.question.id for q in session.questions]
    assert len(ids) == 3 and all(q.question.id in json.loads(path.read_text())["review"]["cards"] for q in session.questions)
    assert "3 due now of 3" in session.summary.value
    first, second, third = session.questions
    answer_right(first)
    answer_wrong_and_show(second)
    saved = load_progress(path)
    assert saved.cards[ids[0]].log == [(T0, GOOD)]
    assert saved.cards[ids[1]].log == [(T0, AGAIN)]
    assert saved.cards[ids[2]].log == []
    assert "Rated Good: next review" in session.notes[ids[0]].value
    assert "Rated Again: next review tomorrow" in session.notes[ids[1]].value
    # The next day: the missed one (Again: one day) and the unanswered new one are due; the
    # right one is not (FSRS: a Good first review waits longer). No new ones are asked for.
    later = T0 + timedelta(days=1, hours=1)
    again = review(path, bank="03-meeting", new=0, now=later, bank_dir=ROOT / "bank")
    assert {q.question.id for q in again.questions} == {ids[1], ids[2]}
    assert again.progress.cards[ids[1]].due == saved.cards[ids[1]].card().due <= later
    assert again.progress.cards[ids[0]].due > later


def test_new_questions_per_day_are_limited(tmp_path: Path) -> None:
    """``new`` is a daily allowance: a second call the same day adds no more than it."""
    path = tmp_path / "s.json"
    review(path, new=2, now=T0, bank_dir=ROOT / "bank")
    again = review(path, new=2, now=T0 + timedelta(hours=2), bank_dir=ROOT / "bank")
    assert len(load_progress(path).cards) == 2
    assert len(again.questions) == 2  # the same two, still due
    answer_right(again.questions[0])  # a reviewed new question still counts against today's allowance
    third = review(path, new=2, now=T0 + timedelta(hours=3), bank_dir=ROOT / "bank")
    assert len(load_progress(path).cards) == 2 and len(third.questions) == 1


def test_default_state_file_is_in_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a path the schedule goes to ~/quizkit-progress.json."""
    monkeypatch.setenv("HOME", str(tmp_path))
    session = review(new=1, now=T0, bank_dir=ROOT / "bank")
    assert session.path == tmp_path / "quizkit-progress.json"
    assert (tmp_path / "quizkit-progress.json").is_file()


@pytest.mark.parametrize(("kwargs", "message"), [({"new": -1}, "new must be a whole number"), ({"bank": "99-nothing"}, "99-nothing")])
def test_bad_arguments_are_one_clear_line(tmp_path: Path, kwargs: dict[str, Any], message: str) -> None:
    """A bad argument raises a QuizkitError shown as one line."""
    with pytest.raises(QuizkitError) as info:
        review(tmp_path / "s.json", now=T0, bank_dir=ROOT / "bank", **kwargs)
    (line,) = info.value._render_traceback_()  # type: ignore[attr-defined]
    assert message in line


def test_package_exposes_review_even_after_the_module_is_imported(tmp_path: Path) -> None:
    """``quizkit.review(...)`` works whether or not the ``quizkit.review`` module was imported first."""
    import quizkit.review as module

    assert callable(quizkit.review)
    session = module(tmp_path / "a.json", new=1, now=T0, bank_dir=ROOT / "bank")  # type: ignore[operator]
    assert len(session.questions) == 1
    assert "review" in quizkit.__all__


def test_hostile_text_is_escaped_in_notes(tmp_path: Path) -> None:
    """The state file's path, shown in the summary, is escaped."""
    path = tmp_path / "<b>x</b>.json"
    session = review(path, new=1, now=T0, bank_dir=ROOT / "bank")
    assert "<b>x</b>" not in session.summary.value and "&lt;b&gt;x&lt;/b&gt;" in session.summary.value


# ---------------------------------------------------------------- fsrs and ts-fsrs agree

TS_RUNNER = r"""
const FSRS = require(process.argv[2]);
const input = JSON.parse(require("fs").readFileSync(process.argv[3], "utf8"));
const f = FSRS.fsrs(FSRS.generatorParameters(input.settings));
console.log(JSON.stringify(input.histories.map(({since, log}) => {
  let card = FSRS.createEmptyCard(new Date(since));
  return log.map(([t, r]) => {
    card = f.next(card, new Date(t), r).card;
    return [card.due.toISOString(), card.stability, card.difficulty];
  });
})));
"""


def histories(seed: int, count: int) -> list[dict[str, Any]]:
    """Review histories as a learner would make them: reviews whole days apart, mostly Good."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        t = T0
        log = []
        for _ in range(rng.randint(1, 7)):
            log.append([iso(t), rng.choice([AGAIN, HARD, GOOD, GOOD])])
            t += timedelta(days=rng.choice([1, 1, 2, 3, 5, 8, 13, 30]))
        out.append({"since": iso(T0), "log": log})
    return out


def ts_schedules(tmp_path: Path, hists: list[dict[str, Any]]) -> list[list[list[Any]]]:
    """What ts-fsrs (the copy the book serves) makes of each history with FSRS_SETTINGS."""
    assert NODE, "node is required"
    data = tmp_path / "histories.json"
    data.write_text(json.dumps({"settings": FSRS_SETTINGS, "histories": hists}), encoding="utf-8")
    runner = tmp_path / "runner.cjs"
    runner.write_text(TS_RUNNER, encoding="utf-8")
    out = subprocess.run([NODE, str(runner), str(VENDOR), str(data)], capture_output=True, text=True, check=True, timeout=120)
    result: list[list[list[Any]]] = json.loads(out.stdout)
    return result


def py_schedules(hists: list[dict[str, Any]]) -> list[list[tuple[datetime, float, float]]]:
    """What fsrs makes of each history with the same settings."""
    import fsrs

    sched = scheduler()
    out = []
    for h in hists:
        card = fsrs.Card(due=datetime.fromisoformat(h["since"].replace("Z", "+00:00")))
        steps = []
        for t, r in h["log"]:
            card, _ = sched.review_card(card, fsrs.Rating(r), datetime.fromisoformat(t.replace("Z", "+00:00")))
            assert card.stability is not None and card.difficulty is not None
            steps.append((card.due, card.stability, card.difficulty))
        out.append(steps)
    return out


@pytest.mark.node
def test_the_course_flow_schedules_the_same(tmp_path: Path) -> None:
    """The histories of the course's flow (missed, then reviewed daily) give the same due dates in both."""
    hists = [
        {"since": iso(T0), "log": [[iso(T0), GOOD], [iso(T0 + timedelta(days=2)), GOOD], [iso(T0 + timedelta(days=12)), GOOD]]},
        {"since": iso(T0), "log": [[iso(T0), AGAIN], [iso(T0 + timedelta(days=1)), GOOD], [iso(T0 + timedelta(days=4)), GOOD]]},
        {"since": iso(T0), "log": [[iso(T0), HARD], [iso(T0 + timedelta(days=1)), AGAIN], [iso(T0 + timedelta(days=2)), GOOD]]},
        {"since": iso(T0), "log": [[iso(T0), GOOD], [iso(T0 + timedelta(days=2)), AGAIN], [iso(T0 + timedelta(days=2, minutes=10)), GOOD]]},
    ]
    ts = ts_schedules(tmp_path, hists)
    py = py_schedules(hists)
    for t_steps, p_steps in zip(ts, py):
        for (due, s, d), (p_due, p_s, p_d) in zip(t_steps, p_steps):
            assert datetime.fromisoformat(due.replace("Z", "+00:00")) == p_due
            assert s == pytest.approx(p_s, abs=1e-4) and d == pytest.approx(p_d, abs=1e-4)


@pytest.mark.node
def test_memory_states_agree_and_due_dates_within_a_day(tmp_path: Path) -> None:
    """On 300 random histories both libraries compute the same stability and difficulty at every
    review; due dates agree except where ts-fsrs keeps a rating's interval a day apart from the
    next rating's (ARCHITECTURE.md), and then by exactly one day, for under 5% of reviews."""
    hists = histories(seed=7, count=300)
    ts = ts_schedules(tmp_path, hists)
    py = py_schedules(hists)
    reviews = differ = 0
    for t_steps, p_steps in zip(ts, py):
        for (due, s, d), (p_due, p_s, p_d) in zip(t_steps, p_steps):
            reviews += 1
            assert s == pytest.approx(p_s, abs=1e-4) and d == pytest.approx(p_d, abs=1e-4)
            gap = datetime.fromisoformat(due.replace("Z", "+00:00")) - p_due
            if gap:
                differ += 1
                assert gap == timedelta(days=1)
    assert reviews > 900 and differ < 0.05 * reviews, (differ, reviews)


@pytest.mark.node
def test_vendored_ts_fsrs_is_the_npm_package() -> None:
    """static/vendor/ts-fsrs.umd.js is byte for byte node_modules' ts-fsrs (when npm has run)."""
    installed = ROOT / "node_modules" / "ts-fsrs" / "dist" / "index.umd.js"
    if not installed.is_file():
        pytest.skip("node_modules/ts-fsrs is not installed (npm ci)")
    assert VENDOR.read_bytes() == installed.read_bytes()
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    version = json.loads((ROOT / "node_modules" / "ts-fsrs" / "package.json").read_text(encoding="utf-8"))["version"]
    assert package["devDependencies"]["ts-fsrs"] == version
    licence = (VENDOR.parent / "ts-fsrs.LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")
    minified = (ROOT / "src" / "quizkit" / "static" / "min" / "ts-fsrs.js").read_text(encoding="utf-8")
    assert minified.startswith(f"/*! ts-fsrs {version} | MIT License")
