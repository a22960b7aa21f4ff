"""The package is the machine, the course is the data: src/ holds nothing of this course.

Every run of eight words of the course's source texts and fact sheet, and every name of the
course (its author, the paper's title, its pages, the countries and people it is about), is
looked for in every text file under ``src/``, docstrings and comments included; none may be
there. The words are compared lower-cased, letters and digits only, so line breaks,
punctuation and quote marks do not hide a copy.
"""

from __future__ import annotations

import re
from pathlib import Path

from helpers import ROOT, SOURCES
from quizkit.course import Course

SRC = ROOT / "src"
RUN = 8
"""Words in a row that count as a copy of the course's text."""

NAMES = ("Kapila", "Russia", "Russian", "Japan", "Japanese", "Tokyo", "Lavrov", "Shoigu",
         "Kishida", "Onodera", "Kuril", "SAAG", "South Asia Analysis", "2+2")
"""Names of this course's subject that no general tool would mention."""


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def _src_texts() -> dict[Path, str]:
    texts = {}
    for path in sorted(SRC.rglob("*")):
        # Build metadata (an editable install's egg-info) is not the package; the wheel's own
        # metadata is checked by test_wheel.py.
        if not path.is_file() or any(p == "__pycache__" or p.endswith(".egg-info")
                                     for p in path.parts) or path.suffix == ".pyc":
            continue
        try:
            texts[path] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
    return texts


def test_src_is_searched_and_the_sources_are_long() -> None:
    """The search covers the package's code, docstrings and scripts, and the course's texts
    give thousands of runs (so an empty search cannot pass by accident)."""
    texts = _src_texts()
    names = {p.name for p in texts}
    assert {"sphinx.py", "display.py", "sources.py", "quizkit.js", "grader.js"} <= names
    course_text = "".join(p.read_text(encoding="utf-8") for p in sorted(SOURCES.iterdir())
                          if p.suffix in (".txt", ".md"))
    assert len(_runs(_words(course_text))) > 5000


def test_no_run_of_the_course_texts_is_in_src() -> None:
    """No eight words in a row of sources/*.txt or sources/*.md stand in any file of src/."""
    course_runs: set[tuple[str, ...]] = set()
    for path in sorted(SOURCES.iterdir()):
        if path.suffix in (".txt", ".md"):
            course_runs |= _runs(_words(path.read_text(encoding="utf-8")))
    found = {
        str(path.relative_to(ROOT)): " ".join(sorted(_runs(_words(text)) & course_runs)[0])
        for path, text in _src_texts().items()
        if _runs(_words(text)) & course_runs
    }
    assert found == {}


def test_no_name_of_the_course_is_in_src() -> None:
    """Neither the subject's names nor the course's own (author, title, page docnames, the
    source and fact-sheet files) appear in src/."""
    course = Course.load(ROOT)
    source = course.source()
    names = set(NAMES) | {source.title, source.path.name, "factsheet.md"}
    names |= {str(source.metadata.author)}
    names |= {e.page for e in course.config.course.sources if e.page}
    names |= {str(course.factsheet_page), "a1-paper", "a5-references"}
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)),
                         re.IGNORECASE)
    hits = {}
    for path, text in _src_texts().items():
        if path.name == "factsheet.py":  # the module's own name, not the course's file
            text = text.replace("factsheet.md", "")
        m = pattern.search(text)
        if m:
            line = text.count("\n", 0, m.start()) + 1
            hits[f"{path.relative_to(ROOT)}:{line}"] = m.group(0)
    assert hits == {}
