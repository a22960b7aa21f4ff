"""The benchmarks' own set-up: what they copy or read must stay in step with the course."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import BookBuild
from helpers import ROOT


def _benchmark(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_build_time_copies_everything_the_course_reads(tmp_path: Path) -> None:
    """The copy build_time.py builds holds the course's quizkit.yml, bank, source texts and
    fact sheet: the course loads there and its bank passes the checks (grounding included)."""
    from quizkit.bank import check
    from quizkit.course import Course

    _benchmark("build_time").copy_book(tmp_path)
    course = Course.load(tmp_path)
    assert all(path.is_file() for path in course.content_files())
    assert course.bank_dir.is_relative_to(tmp_path)
    result = check(course.bank_dir, course=course)
    assert result.ok, result


@pytest.mark.book
def test_reading_the_whole_book_stays_within_a_quarter_of_jupyterquiz(
    built_book: BookBuild, tmp_path: Path
) -> None:
    """The page-weight target the book meets, held here so that a change cannot lose it
    unnoticed: reading every quiz page in order (cache on, gzip) transfers at most 0.25 x
    what jupyterquiz's rendering of the same questions does (page_weight.py's pages, counted
    as a browser fetches them, which the benchmark checks against Chromium)."""
    weight = _benchmark("page_weight")
    info = weight.write_book(tmp_path, built_book.html)
    assert len(info["pages"]) >= 13
    counted = weight.static_transfer(tmp_path, info["pages"])
    assert counted["ratio"]["gzip"] <= weight.TARGETS["book_gzip"], counted
