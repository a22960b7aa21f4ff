"""Build time: a cold build of the book, a rebuild with nothing changed, a rebuild after one edit.

The book's source (``_config.yml``, ``_toc.yml``, ``quizkit.yml`` and the tracked files under
``chapters/``, ``bank/`` and ``data/``) is copied to a temporary folder, as a fresh clone would
have it, and built there with this checkout's quizkit (``PYTHONPATH=src``) and the command
the README gives (``jupyter-book build . -W -n --keep-going``), three times in one run:

1. cold: no ``_build/`` (no saved environment, no executed notebooks, no figures);
2. no change: the same again;
3. one question: the prompt of one question that both a chapter page and an exercise
   notebook show gets a new word, then the book is rebuilt.

Sphinx's own floor is measured beside them: a one-page Jupyter Book with its defaults,
rebuilt with nothing changed (the same command, so the same start-up and imports).

After the third build every page that shows the edited question must carry the new prompt
(read from the pages' packed quiz data): a rebuild may never leave a stale quiz. The script
prints the times, the ratios to the cold build, which documents each build read and how many
notebooks it executed, and exits 1 when a build fails, a page is stale, or a target is missed.

Run: ``.venv/bin/python benchmarks/build_time.py`` (about a minute; ``--keep DIR`` keeps the copy).
Targets: one-question rebuild <= 0.25 x cold.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BOOK_FILES = ("_config.yml", "_toc.yml", "quizkit.yml")
BOOK_DIRS = ("chapters", "bank", "data", "sources")
TARGET_EDIT_RATIO = 0.25
MARKER = "Rebuilt"
"""The word added at the start of the edited prompt."""

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_READING = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)", re.M)
_EXECUTED = re.compile(r"Executing notebook using")
_CACHED = re.compile(r"Using cached notebook")


def copy_book(target: Path) -> None:
    """Copy the book's tracked source files (what a clone has) into ``target``."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", *BOOK_FILES, *BOOK_DIRS],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def build(book: Path) -> dict[str, Any]:
    """Build the book in ``book`` once; its wall time, output, documents read, notebooks run."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    jb = Path(sys.executable).with_name("jupyter-book")
    start = time.perf_counter()
    proc = subprocess.run(
        [str(jb), "build", ".", "-W", "-n", "--keep-going", "-v"],
        cwd=book, env=env, capture_output=True, text=True, timeout=1800, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    output = _ANSI.sub("", proc.stdout + proc.stderr)
    if proc.returncode != 0:
        raise SystemExit(f"the build in {book} failed:\n{output[-4000:]}")
    return {
        "seconds": round(seconds, 2),
        "read": sorted(set(_READING.findall(output))),
        "notebooks_executed": len(_EXECUTED.findall(output)),
        "notebooks_from_cache": len(_CACHED.findall(output)),
    }


def floor(folder: Path) -> dict[str, Any]:
    """A no-change rebuild of a one-page Jupyter Book with its default settings."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_config.yml").write_text("title: Floor\nexecute:\n  execute_notebooks: 'off'\n",
                                        encoding="utf-8")  # fmt: skip
    (folder / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    (folder / "index.md").write_text("# Floor\n\nOne page.\n", encoding="utf-8")
    build(folder)
    return build(folder)


def pages_showing(html: Path) -> dict[str, dict[str, str]]:
    """For each built page, the prompt of every question its quizzes carry, by question id."""
    from quizkit.html import page_payloads

    shown: dict[str, dict[str, str]] = {}
    for page in sorted(html.rglob("*.html")):
        for payload in page_payloads(page):
            for item in payload["questions"]:
                shown.setdefault(str(page.relative_to(html)), {})[item["id"]] = item["spec"]["prompt"]
    return shown


def choose_question(shown: dict[str, dict[str, str]]) -> str:
    """A question shown both by an exercise notebook and by a chapter page."""
    in_notebooks = {q for page, qs in shown.items() if "exercises/" in page for q in qs}
    in_chapters = {q for page, qs in shown.items() if "exercises/" not in page for q in qs}
    both = sorted(in_notebooks & in_chapters)
    if not both:
        raise SystemExit("no question is shown by both a notebook and a chapter page")
    return both[0]


def edit_prompt(bank: Path, qid: str) -> Path:
    """Put :data:`MARKER` at the start of question ``qid``'s prompt; return the file edited."""
    for path in sorted(bank.glob("*.yml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        start = next((i for i, ln in enumerate(lines) if re.match(rf"\s*- id: {re.escape(qid)}\s*$", ln)), None)
        if start is None:
            continue
        for i in range(start + 1, len(lines)):
            match = re.match(r"(\s*prompt:\s*)(.*)$", lines[i], re.S)
            if match is None:
                continue
            head, value = match.groups()
            if value[:1] in "|>":  # a block scalar: the text starts on the next line
                body = lines[i + 1]
                indent = len(body) - len(body.lstrip())
                lines[i + 1] = body[:indent] + MARKER + " " + body[indent:]
            elif value[:1] in "\"'":
                lines[i] = head + value[0] + MARKER + " " + value[1:]
            else:
                lines[i] = head + MARKER + " " + value
            path.write_text("".join(lines), encoding="utf-8")
            return path
    raise SystemExit(f"question {qid!r} not found in {bank}")


def main() -> int:
    """Copy the book, build it three ways, check the edit shows, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    with tempfile.TemporaryDirectory(prefix="quizkit-build-") as tmp:
        book = args.keep or Path(tmp) / "book"
        if book.exists():
            shutil.rmtree(book)
        book.mkdir(parents=True)
        copy_book(book)
        cold = build(book)
        before = pages_showing(book / "_build" / "html")
        unchanged = build(book)
        qid = choose_question(before)
        edited_file = edit_prompt(book / "bank", qid)
        edited = build(book)
        after = pages_showing(book / "_build" / "html")
        sphinx_floor = floor(Path(tmp) / "floor")
    pages = sorted(page for page, qs in before.items() if qid in qs)
    stale = [page for page in pages if not after.get(page, {}).get(qid, "").startswith(f"<p>{MARKER} ")]
    report = {
        "cold": cold,
        "no_change": unchanged,
        "one_question": {**edited, "question": qid, "file": edited_file.name, "pages": pages},
        "sphinx_floor_seconds": sphinx_floor["seconds"],
        "ratio_no_change_over_cold": round(unchanged["seconds"] / cold["seconds"], 3),
        "ratio_no_change_over_floor": round(unchanged["seconds"] / sphinx_floor["seconds"], 3),
        "ratio_one_question_over_cold": round(edited["seconds"] / cold["seconds"], 3),
        "stale_pages": stale,
    }
    print(json.dumps(report, indent=2))
    ratio = report["ratio_one_question_over_cold"]
    met = ratio <= TARGET_EDIT_RATIO
    print(f"targets: one-question rebuild <= {TARGET_EDIT_RATIO} x cold "
          f"{'met' if met else 'MISSED'} ({ratio}); edited question on every page that shows it "
          f"{'yes' if not stale else 'NO: stale ' + ', '.join(stale)}")
    return 0 if met and not stale else 1


if __name__ == "__main__":
    sys.exit(main())
