"""``quizkit export`` as a command: files go where --out says, with an extension that fits
the format; the Anki deck and Canvas quiz are named after the course, not its chapters."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from helpers import ROOT, course_yml
from quizkit.export import FORMATS, check_out, extensions, suffix
from quizkit.export.cli import course_title, export
from test_export_golden import FIXTURE, anki_notes


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A course folder: quizkit.yml, _config.yml with a title, and a bank with the fixture file."""
    (tmp_path / "quizkit.yml").write_text(course_yml(), encoding="utf-8")
    (tmp_path / "_config.yml").write_text('title: "A course: on one paper"\nauthor: x\n',
                                          encoding="utf-8")
    (tmp_path / "bank").mkdir()
    shutil.copy(FIXTURE, tmp_path / "bank" / FIXTURE.name)
    return tmp_path


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(export, [*args, "--bank-dir", str(project / "bank")])


def test_every_format_accepts_its_usual_extension() -> None:
    """The suffix each format is written with passes the check."""
    for fmt in FORMATS:
        assert check_out(fmt, f"exports/course{suffix(fmt)}") is None, fmt
        assert suffix(fmt) in extensions(fmt)


@pytest.mark.parametrize(
    ("fmt", "out", "message"),
    [
        ("anki", "course.zip", "--out {out} does not fit --format anki: an Anki deck is "
         "written as .apkg (e.g. exports/course.apkg)"),
        ("qti", "course.apkg", "--out {out} does not fit --format qti: a QTI package is "
         "written as .zip (e.g. exports/course.zip)"),
        ("gift", "quiz.xml", "--out {out} does not fit --format gift: GIFT is written as "
         ".gift.txt or .gift or .txt (e.g. exports/quiz.gift.txt)"),
    ],
)
def test_a_mismatching_extension_is_refused_in_one_line(project: Path, fmt: str, out: str,
                                                        message: str) -> None:
    """Exit 1, one ``Error:`` line naming the fitting extension, nothing written."""
    target = project / out
    result = run(project, "--format", fmt, "--out", str(target))
    assert result.exit_code == 1
    assert result.stderr == "Error: " + message.format(out=target) + "\n"
    assert not target.exists()
    assert "Traceback" not in result.output


def test_the_file_goes_where_out_says(project: Path) -> None:
    """Folders in --out are made; the worksheet key is written beside the sheet."""
    out = project / "exports" / "term1" / "sheet.html"
    result = run(project, "--format", "worksheet", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.parent.iterdir()) == ["sheet-key.html", "sheet.html"]


def test_the_anki_deck_is_named_after_the_course(project: Path) -> None:
    """One deck, named by the book's title (not the chapters joined with ' + ')."""
    out = project / "exports" / "course.apkg"
    result = run(project, "--format", "anki", "--out", str(out))
    assert result.exit_code == 0, result.output
    decks = anki_notes(out.read_bytes())[0]["decks"]
    assert "A course: on one paper" in decks  # type: ignore[operator]
    assert not any("+" in d or "fixture" in d for d in decks)  # type: ignore[union-attr]
    result = run(project, "--format", "anki", "--out", str(out), "--title", "Term 1 revision")
    assert result.exit_code == 0, result.output
    assert "Term 1 revision" in anki_notes(out.read_bytes())[0]["decks"]  # type: ignore[operator]


def test_the_canvas_quiz_is_named_after_the_course(project: Path) -> None:
    """Canvas shows the quiz title from the package: the course's name."""
    out = project / "exports" / "canvas.zip"
    assert run(project, "--format", "canvas", "--out", str(out)).exit_code == 0
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as zf:
        meta = next(n for n in zf.namelist() if n.endswith("assessment_meta.xml"))
        assert b"<title>A course: on one paper</title>" in zf.read(meta)


def test_without_a_title_the_export_says_what_it_is_named(project: Path) -> None:
    """No _config.yml and no --title: a note names the default, the export succeeds."""
    (project / "_config.yml").unlink()
    out = project / "course.apkg"
    result = run(project, "--format", "anki", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "named 'quizkit export'" in result.stderr


def test_the_course_title_comes_from_the_books_config() -> None:
    """For this repository: the title in _config.yml (nothing hard-coded)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert course_title(ROOT) == config["title"]


def test_readme_examples_write_into_an_ignored_folder() -> None:
    """Every export example in the README writes under exports/, which git ignores."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    outs = re.findall(r"quizkit export .*--out (\S+)", readme)
    assert outs and all(o.startswith("exports/") for o in outs), outs
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "exports/" in ignored or "/exports/" in ignored
