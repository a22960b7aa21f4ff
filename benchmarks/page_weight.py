"""Page weight and feedback latency: quizkit against jupyterquiz, on the same 10 questions.

Both quizzes are rendered from the same bank questions (the types jupyterquiz supports:
single choice, multiple select, numeric, short text), each on its own local HTML page next to
an empty baseline page, served over http on 127.0.0.1 and loaded in Chromium. For each page
every finished request's body size is summed (``requestfinished`` + ``request.sizes()``); the
quiz's weight is that sum minus the baseline page's. quizkit's page links its assets as the
book does (``quizkit.css``, ``grader.js``, ``quizkit.js``); jupyterquiz's page carries what its
``display_quiz`` emits (inline styles and script, as the notebook output in a book).

Latency: for each question, the time from the click that asks for feedback (quizkit: Check
after choosing; jupyterquiz: clicking an answer, which is its check) to the moment the
feedback is in the DOM (MutationObserver) and to the next animation frame after it, measured
with ``performance.now()`` in the page.

The built book (``_build/html``, when it is there, or ``--book DIR``): every page is loaded
the same way and the bytes it fetches of the progress and review pages' own code
(``progress.js``, ``review.js``, ``ts-fsrs.js``, ``progress.css``) are summed. Only those two
pages may fetch any: every other page weighs what it did before they existed.

Run: ``.venv/bin/python benchmarks/page_weight.py`` (needs Chromium at /usr/bin/chromium).
Targets: weight ratio quizkit / jupyterquiz <= 0.5; feedback <= 50 ms; no page but the
progress and review pages loads their code.
"""

from __future__ import annotations

import functools
import gzip
import json
import statistics
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--disable-background-networking",
    "--disable-component-update",
]
MIX = {"single-choice": 4, "multiple-select": 2, "numeric": 2, "short-text": 2}
"""How many questions of each type make up the 10 (all types jupyterquiz has)."""

PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width"><title>{title}</title>{head}'
    "</head><body><main>{body}</main></body></html>"
)


def pick_questions() -> list[Any]:
    """The first questions of each type in the course bank, in bank order."""
    from quizkit.bank import load_bank

    chosen: list[Any] = []
    for qtype, count in MIX.items():
        of_type = [q for q in load_bank(ROOT / "bank").questions.values() if q.type == qtype]
        chosen += of_type[:count]
    if len(chosen) != sum(MIX.values()):
        raise SystemExit(f"the bank lacks questions for the mix {MIX}")
    return chosen


def to_jupyterquiz(question: Any) -> dict[str, Any]:
    """The same question in jupyterquiz's JSON format (explanation as the right answer's feedback)."""
    from quizkit.text import render_markdown

    def md(text: str | None) -> str:
        return render_markdown(text or "", inline=True)

    prompt = render_markdown(question.prompt, inline=True)
    explanation = md(question.explanation)
    if question.type in ("single-choice", "multiple-select"):
        return {
            "question": prompt,
            "type": "multiple_choice" if question.type == "single-choice" else "many_choice",
            "answers": [
                {
                    "answer": md(o.text),
                    "correct": o.correct,
                    "feedback": (md(o.feedback) + " " if o.feedback else "")
                    + (explanation if o.correct else ""),
                }
                for o in question.options
            ],
        }
    if question.type == "numeric":
        if question.range is not None:
            right = {"type": "range", "range": [question.range.low, question.range.high]}
        elif question.tolerance:
            a, t = question.answer, question.tolerance
            right = {"type": "range", "range": [a - t, a + t]}
        else:
            right = {"type": "value", "value": question.answer}
        return {
            "question": prompt,
            "type": "numeric",
            "answers": [
                {**right, "correct": True, "feedback": explanation},
                {"type": "default", "feedback": "Not quite."},
            ],
        }
    return {
        "question": prompt,
        "type": "string",
        "answers": [
            *({"answer": a, "correct": True, "match_case": question.case_sensitive,
               "feedback": explanation} for a in question.answers),
            *({"answer": m.answer, "correct": False, "feedback": md(m.feedback)}
              for m in question.common_mistakes),
            {"type": "default", "feedback": "Not quite."},
        ],
    }


def jupyterquiz_fragment(questions: list[dict[str, Any]]) -> str:
    """What ``jupyterquiz.display_quiz`` puts in a page: its div and styles, then its script."""
    from jupyterquiz.dynamic.loader import load_questions_script
    from jupyterquiz.dynamic.renderer import build_script, build_styles, render_div

    div_id = "benchquizdiv"  # display_quiz draws a random id; fixed here for reproducibility
    prefix, static, url = load_questions_script(questions, div_id)
    div = render_div(div_id, False, True, False, 1_000_000, 600, 10, "left")
    styles = build_styles(div_id, {})
    script = build_script(prefix, static, url, div_id, True)
    return f'{div}</div>{styles}<script type="text/javascript">{script}</script>'


def write_pages(folder: Path) -> None:
    """baseline.html, quizkit.html (+ its assets) and jupyterquiz.html in ``folder``."""
    from quizkit.html import ASSET_FILES, asset_text, render_quiz

    questions = pick_questions()
    (folder / "baseline.html").write_text(PAGE.format(title="Baseline", head="", body=""), "utf-8")
    for name in ASSET_FILES:
        (folder / name).write_text(asset_text(name), encoding="utf-8")
    head = (
        '<link rel="stylesheet" href="quizkit.css">'
        '<script defer src="grader.js"></script><script defer src="quizkit.js"></script>'
    )
    (folder / "quizkit.html").write_text(
        PAGE.format(title="quizkit", head=head, body=render_quiz(questions, title="Ten questions")),
        encoding="utf-8",
    )
    jq = jupyterquiz_fragment([to_jupyterquiz(q) for q in questions])
    (folder / "jupyterquiz.html").write_text(
        PAGE.format(title="jupyterquiz", head="", body=jq), encoding="utf-8"
    )
    # A chapter page has two quizzes: the same 10 questions as two quizzes of five.
    halves = [questions[0::2], questions[1::2]]
    two_qk = "".join(render_quiz(h, title=f"Part {i + 1}") for i, h in enumerate(halves))
    (folder / "quizkit-two.html").write_text(
        PAGE.format(title="quizkit", head=head, body=two_qk), encoding="utf-8"
    )
    two_jq = "".join(
        jupyterquiz_fragment([to_jupyterquiz(q) for q in h]).replace("benchquizdiv", f"benchquiz{i}")
        for i, h in enumerate(halves)
    )
    (folder / "jupyterquiz-two.html").write_text(
        PAGE.format(title="jupyterquiz", head="", body=two_jq), encoding="utf-8"
    )


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


def page_bytes(browser: Any, url: str) -> tuple[int, int, int]:
    """Body bytes of every request a page makes, the same gzip-compressed, and the count.

    The gzip figure is what a static host that compresses (most do) would send; the local
    server sends bodies as they are.
    """
    page = browser.new_page()
    finished: list[Any] = []
    page.on("requestfinished", lambda req: finished.append(req))
    page.goto(url, wait_until="networkidle")
    raw = sum(req.sizes()["responseBodySize"] for req in finished)
    packed = 0
    for req in finished:
        response = req.response()
        if response is not None:
            packed += len(gzip.compress(response.body(), 9, mtime=0))
    page.close()
    return raw, packed, len(finished)


PROGRESS_CODE = ("progress.js", "review.js", "ts-fsrs.js", "progress.css")
"""The progress and review pages' own files (quizkit.sphinx_progress.OWN_ASSETS)."""
PROGRESS_PAGES = ("chapters/progress.html", "chapters/review.html")


def book_weights(browser: Any, site: Path) -> dict[str, Any]:
    """Per page of a built book: bytes fetched, and bytes of the progress pages' own code."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages: dict[str, dict[str, int]] = {}
    try:
        for path in sorted(site.rglob("*.html")):
            rel = path.relative_to(site).as_posix()
            if rel.startswith(("_static/", "_sources/", "_images/")):
                continue
            page = browser.new_page()
            finished: list[Any] = []
            page.on("requestfinished", lambda req, finished=finished: finished.append(req))
            page.goto(f"{base}/{rel}", wait_until="networkidle")
            total = sum(req.sizes()["responseBodySize"] for req in finished)
            extra = sum(
                req.sizes()["responseBodySize"]
                for req in finished
                if req.url.split("?")[0].rsplit("/", 1)[-1] in PROGRESS_CODE and "/_quizkit/" in req.url
            )
            pages[rel] = {"bytes": total, "progress_code_bytes": extra}
            page.close()
    finally:
        server.shutdown()
        server.server_close()
    others = {rel: w for rel, w in pages.items() if rel not in PROGRESS_PAGES}
    return {
        "pages": len(pages),
        "progress_pages": {rel: pages.get(rel) for rel in PROGRESS_PAGES},
        "other_pages_loading_progress_code": sorted(r for r, w in others.items() if w["progress_code_bytes"]),
        "other_pages_progress_code_bytes": sum(w["progress_code_bytes"] for w in others.values()),
        "heaviest_other_pages": dict(sorted(((r, w["bytes"]) for r, w in others.items()), key=lambda x: -x[1])[:5]),
    }


_TIMER = """async ([rootSel, fbSel, clickSel]) => {
  const root = document.querySelector(rootSel);
  const fb = root.querySelector(fbSel);
  return await new Promise(resolve => {
    let t0 = 0;
    const obs = new MutationObserver(() => {
      obs.disconnect();
      const dom = performance.now() - t0;
      requestAnimationFrame(() => resolve([dom, performance.now() - t0]));
    });
    obs.observe(fb || root, {childList: true, subtree: true, characterData: true, attributes: true});
    const target = root.querySelector(clickSel);
    t0 = performance.now();
    target.click();
  });
}"""


def quizkit_latency(browser: Any, url: str, questions: list[Any]) -> list[tuple[float, float]]:
    """Check-to-feedback times for each question of the quizkit page."""
    page = browser.new_page()
    page.goto(url, wait_until="networkidle")
    times = []
    for q in questions:
        sel = f'.qk-q[data-qid="{q.id}"]'
        box = page.locator(sel)
        if q.type in ("single-choice", "multiple-select"):
            box.locator('input[value="0"]').check()
        elif q.type == "numeric":
            box.locator("input[type=text]").fill("1")
        else:
            box.locator("input[type=text]").fill("an answer")
        times.append(tuple(page.evaluate(_TIMER, [sel, ".qk-fb", "button.qk-primary"])))
    page.close()
    return times


def jupyterquiz_latency(browser: Any, url: str, count: int) -> list[tuple[float, float]]:
    """Click-to-feedback times for the choice questions of the jupyterquiz page.

    jupyterquiz checks a choice on click; numeric and text answers are checked on Enter,
    which is timed the same way through a synthetic key event.
    """
    page = browser.new_page()
    page.goto(url, wait_until="networkidle")
    times = []
    blocks = page.locator("#benchquizdiv > div")
    for i in range(min(count, blocks.count())):
        sel = f"#benchquizdiv > div:nth-of-type({i + 1})"
        if page.locator(f"{sel} .MCButton").count():
            times.append(tuple(page.evaluate(_TIMER, [sel, ".Feedback", ".MCButton"])))
        else:
            page.locator(f"{sel} input").fill("1")
            timer = _TIMER.replace(
                "target.click();",
                "target.dispatchEvent(new KeyboardEvent('keypress', {key: 'Enter', keyCode: 13, "
                "which: 13, bubbles: true}));",
            )
            times.append(tuple(page.evaluate(timer, [sel, ".Feedback", "input"])))
    page.close()
    return times


def main() -> int:
    """Build the pages, measure, print the figures; exit 1 if a target is missed."""
    from playwright.sync_api import sync_playwright

    book = Path(sys.argv[sys.argv.index("--book") + 1]) if "--book" in sys.argv else ROOT / "_build" / "html"

    with tempfile.TemporaryDirectory(prefix="quizkit-weight-") as tmp:
        folder = Path(tmp)
        write_pages(folder)
        handler = functools.partial(_Quiet, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                empty, empty_gz, _ = page_bytes(browser, f"{base}/baseline.html")
                qk, qk_gz, qk_n = page_bytes(browser, f"{base}/quizkit.html")
                jq, jq_gz, jq_n = page_bytes(browser, f"{base}/jupyterquiz.html")
                qk2, _, _ = page_bytes(browser, f"{base}/quizkit-two.html")
                jq2, _, _ = page_bytes(browser, f"{base}/jupyterquiz-two.html")
                questions = pick_questions()
                qk_times = quizkit_latency(browser, f"{base}/quizkit.html", questions)
                jq_times = jupyterquiz_latency(browser, f"{base}/jupyterquiz.html", len(questions))
                built = book_weights(browser, book) if (book / "index.html").is_file() else None
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    qk_add, jq_add = qk - empty, jq - empty
    from quizkit.html import ASSET_FILES, asset_text, render_quiz

    fragment_bytes = len(render_quiz(pick_questions(), title="Ten questions").encode("utf-8"))
    ratio = qk_add / jq_add
    qk_dom = [t[0] for t in qk_times]
    qk_frame = [t[1] for t in qk_times]
    jq_frame = [t[1] for t in jq_times]
    report = {
        "questions": {t: n for t, n in MIX.items()},
        "baseline_bytes": empty,
        "quizkit_bytes_added": qk_add,
        "quizkit_requests": qk_n,
        "jupyterquiz_bytes_added": jq_add,
        "jupyterquiz_requests": jq_n,
        "ratio_quizkit_over_jupyterquiz": round(ratio, 3),
        # quizkit's scripts and styles are shared files, cached from page to page of a book;
        # this is what each further quiz page costs (jupyterquiz inlines its code every time).
        "quizkit_fragment_only_bytes": fragment_bytes,
        "quizkit_asset_bytes": {name: len(asset_text(name).encode("utf-8")) for name in ASSET_FILES},
        "fragment_only_ratio": round(fragment_bytes / jq_add, 3),
        "gzip_quizkit_bytes_added": qk_gz - empty_gz,
        "gzip_jupyterquiz_bytes_added": jq_gz - empty_gz,
        "gzip_ratio": round((qk_gz - empty_gz) / (jq_gz - empty_gz), 3),
        "two_quizzes_of_5_quizkit_bytes_added": qk2 - empty,
        "two_quizzes_of_5_jupyterquiz_bytes_added": jq2 - empty,
        "two_quizzes_ratio": round((qk2 - empty) / (jq2 - empty), 3),
        "quizkit_feedback_ms": {
            "dom_median": round(statistics.median(qk_dom), 2),
            "dom_max": round(max(qk_dom), 2),
            "next_frame_median": round(statistics.median(qk_frame), 2),
            "next_frame_max": round(max(qk_frame), 2),
        },
        "jupyterquiz_feedback_ms": {
            "next_frame_median": round(statistics.median(jq_frame), 2),
            "next_frame_max": round(max(jq_frame), 2),
        },
    }
    report["built_book"] = built if built is not None else f"not measured: no built book at {book}"
    print(json.dumps(report, indent=2))
    alone = built is None or not built["other_pages_loading_progress_code"]
    ok = ratio <= 0.5 and max(qk_dom) <= 50 and alone
    print(f"targets: ratio <= 0.5 {'met' if ratio <= 0.5 else 'MISSED'}; "
          f"feedback <= 50 ms {'met' if max(qk_dom) <= 50 else 'MISSED'}; "
          f"progress code only on its pages {'met' if alone else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
