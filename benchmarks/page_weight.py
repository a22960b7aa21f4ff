"""Page weight and feedback latency: quizkit against jupyterquiz, on the same questions.

Everything is measured side by side in one run, in Chromium, over http on 127.0.0.1 from a
server that records the body of every response it sends. Sizes are given as sent (raw) and as
a compressing web host would send them: gzip (level 9) and, with the ``brotli`` package,
Brotli (quality 11), each body compressed on its own as a host does.

1. One quiz of 10 questions (the types jupyterquiz has: single choice, multiple select,
   numeric, short text), each on its own page next to an empty baseline page, loaded with an
   empty cache. quizkit's page links its assets as the book does (``quizkit.css``,
   ``grader.js``, ``quizkit.js``); jupyterquiz's page carries what its ``display_quiz``
   emits (inline styles and script, as a notebook output in a book). What a quiz adds is the
   page's transfer minus the baseline's. Each asset and the quiz's own fragment and packed
   data are reported separately.
2. The whole book: every page of the built book that has a quiz, in reading order (``_toc.yml``),
   in one browser context (cache on, assets sent with ``Cache-Control: max-age``), with the
   same quizzes rendered by quizkit (packed per page as the book packs them) and by
   jupyterquiz; per page, what it transferred and (quizkit) its packed quiz data. jupyterquiz has no matching, ordering or fill-in-the-blanks questions and no
   true-false type (a true-false question becomes a two-option choice), so both sides carry
   only the questions jupyterquiz can show; the report says how many were left out. The same
   figure counted without a browser (:func:`static_transfer`, which the test suite holds to
   the target) must agree with Chromium's, or the run stops.
3. Latency: for each question of the single quiz, the time from the click that asks for
   feedback (quizkit: Check after choosing; jupyterquiz: clicking an answer, which is its
   check) to the moment the feedback is in the DOM (MutationObserver) and to the next
   animation frame after it, measured with ``performance.now()`` in the page.

4. The progress and review pages' own code (``progress.js``, ``review.js``, ``ts-fsrs.js``,
   ``progress.css``): every page of the built book is loaded on its own and the bytes it
   fetches of those files are summed. Only those two pages may fetch any, so every other page
   weighs what it did before they existed.

Run: ``.venv/bin/python benchmarks/page_weight.py`` (needs Chromium at /usr/bin/chromium and a
built book in ``_build/html``, built first if missing; ``--site DIR`` for another).
The quiz's text alone (every string of its questions, compressed, without names, structure or
code) is reported too, against what the single-quiz targets allow: the floor under any packing.
Targets (exit 1 when one is missed): one quiz adds <= 0.33 x jupyterquiz's bytes raw and
<= 0.5 x under gzip; the whole book transfers <= 0.25 x under gzip; feedback in the DOM
within one frame (16.7 ms); no page but the progress and review pages loads their code.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO

import yaml

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

JQ_TYPES = ("single-choice", "multiple-select", "true-false", "numeric", "short-text")
"""The question types jupyterquiz can show (true-false as a two-option choice)."""

TARGETS = {"raw": 0.33, "gzip": 0.5, "book_gzip": 0.25, "feedback_ms": 1000 / 60}

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
    if question.type == "true-false":
        return {
            "question": prompt,
            "type": "multiple_choice",
            "answers": [
                {
                    "answer": label,
                    "correct": question.answer is value,
                    "feedback": (md(fb) + " " if fb else "")
                    + (explanation if question.answer is value else ""),
                }
                for label, value, fb in (("True", True, question.feedback_true),
                                         ("False", False, question.feedback_false))
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


def jupyterquiz_fragment(questions: list[dict[str, Any]], div_id: str = "benchquizdiv") -> str:
    """What ``jupyterquiz.display_quiz`` puts in a page: its div and styles, then its script."""
    from jupyterquiz.dynamic.loader import load_questions_script
    from jupyterquiz.dynamic.renderer import build_script, build_styles, render_div

    # display_quiz draws a random id; fixed here for reproducibility
    prefix, static, url = load_questions_script(questions, div_id)
    div = render_div(div_id, False, True, False, 1_000_000, 600, 10, "left")
    styles = build_styles(div_id, {})
    script = build_script(prefix, static, url, div_id, True)
    return f'{div}</div>{styles}<script type="text/javascript">{script}</script>'


def asset_head(prefix: str = "", shared: tuple[Any, ...] = ()) -> str:
    """The links to the quiz assets (and the page's shared question files, before them), as
    the book puts them in a page's head."""
    from quizkit.html import SHARED_DATA_DIR

    data = "".join(f'<script defer src="{prefix}{SHARED_DATA_DIR}/{f.filename}"></script>'
                   for f in shared)  # fmt: skip
    return (
        f'<link rel="stylesheet" href="{prefix}quizkit.css">{data}'
        f'<script defer src="{prefix}grader.js"></script><script defer src="{prefix}quizkit.js"></script>'
    )


def write_assets(folder: Path) -> None:
    """The quiz assets as pages get them (minified)."""
    from quizkit.html import ASSET_FILES, asset_text

    for name in ASSET_FILES:
        (folder / name).write_text(asset_text(name), encoding="utf-8")


def write_pages(folder: Path) -> None:
    """baseline.html, quizkit.html (+ its assets) and jupyterquiz.html in ``folder``."""
    from quizkit.html import render_quiz

    questions = pick_questions()
    (folder / "baseline.html").write_text(PAGE.format(title="Baseline", head="", body=""), "utf-8")
    write_assets(folder)
    (folder / "quizkit.html").write_text(
        PAGE.format(title="quizkit", head=asset_head(),
                    body=render_quiz(questions, title="Ten questions")),
        encoding="utf-8",
    )  # fmt: skip
    jq = jupyterquiz_fragment([to_jupyterquiz(q) for q in questions])
    (folder / "jupyterquiz.html").write_text(
        PAGE.format(title="jupyterquiz", head="", body=jq), encoding="utf-8"
    )


def reading_order(root: Path = ROOT) -> list[str]:
    """The book's documents in reading order, from ``_toc.yml``."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    order = [toc["root"]]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "file" in node:
                order.append(node["file"])
            for key in ("parts", "chapters", "sections"):
                for child in node.get(key) or []:
                    walk(child)

    walk(toc)
    return order


def book_quizzes(site: Path) -> list[tuple[str, list[dict[str, Any]]]]:
    """For each page of the built book with a quiz, in reading order, its quizzes' payloads."""
    from quizkit.html import page_payloads

    pages = []
    for doc in reading_order():
        page = site / f"{doc}.html"
        if page.is_file():
            found = page_payloads(page)
            if found:
                pages.append((doc, found))
    return pages


def write_book(folder: Path, site: Path) -> dict[str, Any]:
    """The quizzes of every quiz page of the book, as quizkit and as jupyterquiz pages.

    ``folder/qk/<doc>.html`` and ``folder/jq/<doc>.html`` hold the page's quizzes (only the
    questions jupyterquiz can show, on both sides), in reading order; returns the page list
    and what was left out.
    """
    from quizkit.attempts import AttemptPolicy
    from quizkit.bank import load_bank
    from quizkit.html import SHARED_DATA_DIR, pack_page, render_quiz, shared_file

    loaded = load_bank(ROOT / "bank")
    bank = loaded.questions
    # As the book links them: each bank file's questions in a shared file (here only the
    # questions both sides can show).
    shared = [shared_file(entry.stem, [q for q in entry.model.questions if q.type in JQ_TYPES])
              for entry in loaded.files]  # fmt: skip
    data_dir = folder / "qk" / "_quizkit" / SHARED_DATA_DIR
    data_dir.mkdir(parents=True, exist_ok=True)
    docs, kept, left_out = [], 0, 0
    for doc, quizzes in book_quizzes(site):
        qk_parts, jq_parts = [], []
        for n, payload in enumerate(quizzes):
            questions = [bank[item["id"]] for item in payload["questions"]]
            shown = [q for q in questions if q.type in JQ_TYPES]
            kept, left_out = kept + len(shown), left_out + len(questions) - len(shown)
            if not shown:
                continue
            policy = AttemptPolicy(payload["attempts"]["tries"], payload["attempts"]["penalty"])
            qk_parts.append(render_quiz(shown, title=payload["title"], attempts=policy))
            jq_parts.append(jupyterquiz_fragment([to_jupyterquiz(q) for q in shown], f"jq{n}"))
        if not qk_parts:
            continue
        depth = "../" * doc.count("/")
        packed = pack_page("".join(qk_parts), shared, f"{doc}.html")
        for file in packed.files:
            (data_dir / file.filename).write_text(file.script(), encoding="utf-8")
        for side, body, head in (
            ("qk", packed.html, asset_head(depth + "_quizkit/", packed.files)),
            ("jq", "".join(jq_parts), ""),
        ):
            target = folder / side / f"{doc}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(PAGE.format(title=doc, head=head, body=body), encoding="utf-8")
        docs.append(doc)
    (folder / "qk" / "_quizkit").mkdir(parents=True, exist_ok=True)
    write_assets(folder / "qk" / "_quizkit")
    (folder / "baseline.html").write_text(PAGE.format(title="Baseline", head="", body=""), "utf-8")
    return {"pages": docs, "questions_kept": kept, "questions_left_out": left_out}


_LINKED = re.compile(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+)"')


def static_transfer(folder: Path, pages: list[str]) -> dict[str, Any]:
    """What reading ``pages`` in order with the cache on transfers, counted without a
    browser: each page, and each file it links the first time it is linked, every body
    compressed on its own. For the pages :func:`write_book` writes this is what the browser
    fetches (``whole_book`` checks that the two agree); it is what the test suite holds to
    the whole-book target."""
    out: dict[str, Any] = {}
    for side in ("qk", "jq"):
        seen: set[Path] = set()  # each side is read in a browser context of its own
        bodies = []
        for doc in pages:
            page = folder / side / f"{doc}.html"
            html = page.read_text(encoding="utf-8")
            bodies.append(html.encode("utf-8"))
            for href in _LINKED.findall(html):
                linked = (page.parent / href).resolve()
                if linked not in seen:
                    seen.add(linked)
                    bodies.append(linked.read_bytes())
        shell = sizes((folder / "baseline.html").read_bytes())
        out[side] = minus(total(bodies), {k: v * len(pages) for k, v in shell.items()})
    out["ratio"] = ratio(out["qk"], out["jq"])
    return out


class _Recorder(SimpleHTTPRequestHandler):
    """Serves files with a cache lifetime (as a static host does) and records every body sent."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def copyfile(self, source: BinaryIO, outputfile: BinaryIO) -> None:  # type: ignore[override]
        body = source.read()
        self.server.sent.append((self.path, body))  # type: ignore[attr-defined]
        outputfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


def sizes(body: bytes) -> dict[str, int]:
    """A body's size as sent raw, gzip-compressed (level 9) and Brotli-compressed (quality 11)."""
    out = {"raw": len(body), "gzip": len(gzip.compress(body, 9, mtime=0))}
    try:
        import brotli
    except ImportError:  # the benchmark still reports raw and gzip
        return out
    out["brotli"] = len(brotli.compress(body, quality=11))
    return out


def total(bodies: list[bytes]) -> dict[str, int]:
    """Summed :func:`sizes` of several bodies (each compressed on its own, as a host does)."""
    out: dict[str, int] = {}
    for body in bodies:
        for key, value in sizes(body).items():
            out[key] = out.get(key, 0) + value
    return out


def minus(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {k: a[k] - b.get(k, 0) for k in a}


def ratio(a: dict[str, int], b: dict[str, int]) -> dict[str, float]:
    return {k: round(a[k] / b[k], 3) for k in a}


class Server:
    """A recording server on 127.0.0.1 for ``folder``."""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(_Recorder, directory=str(folder))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.sent = []  # type: ignore[attr-defined]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def load(self, page: Any, path: str) -> list[tuple[str, bytes]]:
        """Load ``path`` in ``page``; the bodies the server sent for it."""
        sent: list[tuple[str, bytes]] = self.httpd.sent  # type: ignore[attr-defined]
        sent.clear()
        page.goto(f"{self.url}/{path}", wait_until="networkidle")
        page.wait_for_function("() => [...document.querySelectorAll('[data-quizkit]')]"
                               ".every(e => e.hasAttribute('data-qk-ready'))")  # fmt: skip
        return list(sent)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def ensure_site(site: Path) -> Path:
    """The built book at ``site``, building the book into ``_build/html`` first if missing."""
    if (site / "index.html").is_file():
        return site
    jb = Path(sys.executable).with_name("jupyter-book")
    print("building the book first ...", file=sys.stderr)
    subprocess.run([str(jb), "build", ".", "-W", "-n", "--keep-going"], cwd=ROOT, check=True,
                   capture_output=True)  # fmt: skip
    return site


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


def single_quiz(browser: Any, folder: Path) -> dict[str, Any]:
    """Figures for one 10-question quiz, each page loaded with an empty cache."""
    from quizkit.html import ASSET_FILES, PAYLOAD, asset_text, render_quiz

    server = Server(folder)
    loaded = {}
    try:
        for name in ("baseline", "quizkit", "jupyterquiz"):
            context = browser.new_context()
            loaded[name] = server.load(context.new_page(), f"{name}.html")
            context.close()
    finally:
        server.close()
    base = total([b for _, b in loaded["baseline"]])
    qk = minus(total([b for _, b in loaded["quizkit"]]), base)
    jq = minus(total([b for _, b in loaded["jupyterquiz"]]), base)
    fragment = render_quiz(pick_questions(), title="Ten questions")
    return {
        "questions": dict(MIX),
        "quizkit_requests": len(loaded["quizkit"]),
        "jupyterquiz_requests": len(loaded["jupyterquiz"]),
        "quizkit_added": qk,
        "jupyterquiz_added": jq,
        "ratio": ratio(qk, jq),
        "quizkit_assets": {n: sizes(asset_text(n).encode("utf-8")) for n in ASSET_FILES},
        "quizkit_fragment": sizes(fragment.encode("utf-8")),
        "quizkit_packed_data": sizes(PAYLOAD.findall(fragment)[0].encode("ascii")),
        "question_text_only": text_floor(fragment),
        "jupyterquiz_question_text_only": text_floor_jq(),
    }


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def text_floor(fragment: str) -> dict[str, int]:
    """The quiz's text alone (every string of its questions' page forms, one per line, no
    names, structure or code), compressed: what no packing of this content can go below."""
    from quizkit.html import payloads

    (payload,) = payloads(fragment)
    return sizes("\n".join(_strings([it["spec"] for it in payload["questions"]])).encode("utf-8"))


def text_floor_jq() -> dict[str, int]:
    """The same for the questions in jupyterquiz's format."""
    return sizes("\n".join(_strings([to_jupyterquiz(q) for q in pick_questions()])).encode("utf-8"))


def whole_book(browser: Any, folder: Path, site: Path) -> dict[str, Any]:
    """Figures for reading every quiz page of the book in order, one context, cache on."""
    from quizkit.html import PAGE_PAYLOAD, PAYLOAD, SHARED_DATA_DIR

    info = write_book(folder, site)
    server = Server(folder)
    sides: dict[str, dict[str, Any]] = {}
    try:
        for side in ("qk", "jq"):
            context = browser.new_context()
            page = context.new_page()
            bodies: list[bytes] = []
            data: list[bytes] = []
            per_page = []
            for doc in info["pages"]:
                sent = server.load(page, f"{side}/{doc}.html")
                bodies += [b for _, b in sent]
                html = next(b for p, b in sent if p.endswith(".html")).decode("utf-8")
                blocks = [m.encode() for m in PAYLOAD.findall(html) + PAGE_PAYLOAD.findall(html)]
                # shared question files fetched for this page (not those taken from the cache)
                files = [(p, b) for p, b in sent if f"/{SHARED_DATA_DIR}/" in p]
                blocks += [b for _, b in files]
                data += blocks
                per_page.append({"page": doc, "quizzes": html.count('data-quizkit="1"'),
                                 "transferred": total([b for _, b in sent]),
                                 "packed_data": total(blocks),
                                 "shared_files_fetched": [p.rsplit("/", 1)[1] for p, _ in files]})  # fmt: skip
            context.close()
            sides[side] = {"requests": len(bodies), "bodies": bodies, "data": data,
                           "per_page": per_page}  # fmt: skip
        context = browser.new_context()
        base_page = context.new_page()
        baseline = total([b for _, b in server.load(base_page, "baseline.html")])
        context.close()
    finally:
        server.close()
    shells = {k: v * len(info["pages"]) for k, v in baseline.items()}
    qk = minus(total(sides["qk"]["bodies"]), shells)
    jq = minus(total(sides["jq"]["bodies"]), shells)
    counted = static_transfer(folder, info["pages"])
    if (counted["qk"], counted["jq"]) != (qk, jq):
        raise SystemExit(f"the count without a browser ({counted}) differs from the browser's")
    return {
        **info,
        "quizkit_requests": sides["qk"]["requests"],
        "jupyterquiz_requests": sides["jq"]["requests"],
        "quizkit_transferred": qk,
        "quizkit_packed_data": total(sides["qk"]["data"]),
        "jupyterquiz_transferred": jq,
        "ratio": ratio(qk, jq),
        "quizkit_per_page": sides["qk"]["per_page"],
        "jupyterquiz_per_page": [
            {"page": row["page"], "transferred": row["transferred"]} for row in sides["jq"]["per_page"]
        ],
    }


PROGRESS_CODE = ("progress.js", "review.js", "ts-fsrs.js", "progress.css")
"""The progress and review pages' own files (quizkit.sphinx_progress.OWN_ASSETS)."""
PROGRESS_PAGES = ("chapters/progress.html", "chapters/review.html")


def progress_code(browser: Any, site: Path) -> dict[str, Any]:
    """Per page of the built book, the bytes it fetches of the progress pages' own code."""
    server = Server(site)
    pages: dict[str, int] = {}
    try:
        for path in sorted(site.rglob("*.html")):
            rel = path.relative_to(site).as_posix()
            if rel.startswith(("_static/", "_sources/", "_images/")):
                continue
            page = browser.new_page()
            sent = server.load(page, rel)
            pages[rel] = sum(
                len(body)
                for name, body in sent
                if "/_quizkit/" in name and name.split("?")[0].rsplit("/", 1)[-1] in PROGRESS_CODE
            )
            page.close()
    finally:
        server.close()
    others = {rel: n for rel, n in pages.items() if rel not in PROGRESS_PAGES}
    return {
        "pages": len(pages),
        "progress_pages_bytes": {rel: pages.get(rel) for rel in PROGRESS_PAGES},
        "other_pages_loading_it": sorted(rel for rel, n in others.items() if n),
    }


def main() -> int:
    """Build the pages, measure, print the figures; exit 1 if a target is missed."""
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html",
                        help="the built book (default: _build/html, built if missing)")  # fmt: skip
    args = parser.parse_args()
    site = ensure_site(args.site)
    with tempfile.TemporaryDirectory(prefix="quizkit-weight-") as tmp:
        folder = Path(tmp)
        write_pages(folder)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            one = single_quiz(browser, folder)
            book = whole_book(browser, folder / "book", site)
            own = progress_code(browser, site)
            server = Server(folder)
            try:
                questions = pick_questions()
                qk_times = quizkit_latency(browser, f"{server.url}/quizkit.html", questions)
                jq_times = jupyterquiz_latency(browser, f"{server.url}/jupyterquiz.html", len(questions))
            finally:
                server.close()
            browser.close()
    qk_dom = [t[0] for t in qk_times]
    report = {
        "one_quiz_of_10": one,
        "whole_book": book,
        "progress_pages_code": own,
        "quizkit_feedback_ms": {
            "dom_median": round(statistics.median(qk_dom), 2),
            "dom_max": round(max(qk_dom), 2),
            "next_frame_median": round(statistics.median(t[1] for t in qk_times), 2),
            "next_frame_max": round(max(t[1] for t in qk_times), 2),
        },
        "jupyterquiz_feedback_ms": {
            "next_frame_median": round(statistics.median(t[1] for t in jq_times), 2),
            "next_frame_max": round(max(t[1] for t in jq_times), 2),
        },
    }
    print(json.dumps(report, indent=2))
    checks = [
        ("one quiz, raw", one["ratio"]["raw"], TARGETS["raw"]),
        ("one quiz, gzip", one["ratio"]["gzip"], TARGETS["gzip"]),
        ("whole book, gzip", book["ratio"]["gzip"], TARGETS["book_gzip"]),
        ("feedback in the DOM, ms (max)", max(qk_dom), TARGETS["feedback_ms"]),
    ]
    for label, value, target in checks:
        print(f"target {label}: {value:.3f} <= {target:.3f} {'met' if value <= target else 'MISSED'}")
    floor = one["question_text_only"]
    for kind in ("raw", "gzip"):
        allowed = TARGETS[kind] * one["jupyterquiz_added"][kind]
        print(f"one quiz, {kind}: the questions' text alone is {floor[kind]} bytes "
              f"({floor[kind] / one['jupyterquiz_added'][kind]:.3f} x jupyterquiz's whole quiz); "
              f"the target allows {allowed:.0f} bytes for text, code, styles and markup")
    alone = not own["other_pages_loading_it"]
    print(f"target progress code only on its own pages: {'met' if alone else 'MISSED'}")
    return 0 if alone and all(value <= target for _, value, target in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
