"""``quizkit init``: a new course that checks, lints and builds as it is; a full folder refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from quizkit.bank import load_bank
from quizkit.cli import cli
from quizkit.course import Course
from quizkit.models import QUESTION_TYPES

EXPECTED = {
    ".gitignore", "README.md", "_config.yml", "_toc.yml", "quizkit.yml", "bank/01-first.yml",
    "chapters/welcome.md", "chapters/first-quiz.md", "chapters/reading.md",
    "sources/reading.md", "sources/reading.yml",
}


def init(*args: str) -> object:
    return CliRunner().invoke(cli, ["init", *args])


@pytest.fixture
def new_course(tmp_path: Path) -> Path:
    """A course made by ``quizkit init`` with a title that needs quoting in YAML."""
    target = tmp_path / "water-course"
    result = init(str(target), "--title", 'Water: a "first" course')
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return target


def test_init_writes_the_whole_course(new_course: Path) -> None:
    """Every file of the template, the title in the book's configuration (YAML-safe), the
    README, and the welcome page; the bank holds one question of each type."""
    files = {p.relative_to(new_course).as_posix() for p in new_course.rglob("*") if p.is_file()}
    assert files == EXPECTED
    config = yaml.safe_load((new_course / "_config.yml").read_text(encoding="utf-8"))
    assert config["title"] == 'Water: a "first" course'
    assert "quizkit.sphinx" in config["sphinx"]["extra_extensions"]
    assert (new_course / "README.md").read_text(encoding="utf-8").startswith(
        '# Water: a "first" course\n')
    assert "jupyter-book build . -W -n" in (new_course / "README.md").read_text(encoding="utf-8")
    course = Course.load(new_course)
    bank = load_bank(course.bank_dir, course=course)
    assert sorted({q.type for q in bank.questions.values()}) == sorted(QUESTION_TYPES)
    assert course.source().title == "The water cycle" and len(course.source().paragraphs) == 5


def test_the_new_course_passes_check_and_strict_lint(new_course: Path) -> None:
    """`quizkit --course DIR check --strict` and `lint --strict` exit 0 with nothing to say."""
    check = CliRunner().invoke(cli, ["--course", str(new_course), "check", "--strict"])
    assert check.exit_code == 0, check.output
    assert check.output == "checked 8 questions in 1 file: 0 problems\n"
    lint = CliRunner().invoke(cli, ["--course", str(new_course), "lint", "--strict"])
    assert lint.exit_code == 0, lint.output
    assert lint.output.splitlines()[-1] == "linted 8 questions in 1 file: 0 warnings, 0 accepted"


def test_a_folder_that_is_not_empty_is_refused_unless_forced(tmp_path: Path) -> None:
    """Exit 2 with one line and nothing written; --force writes the course and keeps the
    folder's other files; a file is refused."""
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = init(str(tmp_path))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.output == (  # type: ignore[attr-defined]
        f"Error: {tmp_path} is not empty: choose a new folder, or pass --force to write the "
        "course's files into it\n")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    forced = init(str(tmp_path), "--force")
    assert forced.exit_code == 0, forced.output  # type: ignore[attr-defined]
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "quizkit.yml").is_file()
    refused = init(str(tmp_path / "notes.txt"))
    assert refused.exit_code == 2 and "is a file" in refused.output  # type: ignore[attr-defined]


@pytest.mark.book
def test_the_new_course_builds_with_no_warning(new_course: Path) -> None:
    """`jupyter-book build . -W -n --keep-going` succeeds; the quiz page carries the quiz,
    linked to the source page, and the source page its numbered paragraphs."""
    jb = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run([str(jb), "build", ".", "-W", "-n", "--keep-going"], cwd=new_course,
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    html = new_course / "_build" / "html" / "chapters"
    quiz = (html / "first-quiz.html").read_text(encoding="utf-8")
    assert quiz.count('data-quizkit="1"') == 1 and 'data-paper-href="reading.html"' in quiz
    reading = (html / "reading.html").read_text(encoding="utf-8")
    assert all(f'id="p{n}"' in reading for n in range(1, 6))
