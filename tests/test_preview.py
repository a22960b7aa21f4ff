"""``quizkit preview``: a standalone page with the quiz, written where asked."""

from __future__ import annotations

import html
import webbrowser
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizkit import preview as preview_mod
from quizkit.bank import load_file
from quizkit.preview import preview

FIXTURE = Path(__file__).parent / "golden" / "exports" / "fixture-bank" / "90-fixture.yml"


def test_file_preview_is_a_standalone_page(tmp_path: Path) -> None:
    """Every question of the file, assets inlined, nothing loaded from elsewhere."""
    out = tmp_path / "p.html"
    result = CliRunner().invoke(preview, ["--file", str(FIXTURE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote a preview of 9 questions to {out}" in result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "data-quizkit" in page
    assert "<script src=" not in page and "<link" not in page
    from quizkit.html import payloads

    (quiz,) = payloads(page)
    assert len({item["id"] for item in quiz["questions"]}) == 9


def test_title_shows_once(tmp_path: Path) -> None:
    """The page names its title once, as its heading (the quiz inside carries no second one)."""
    out = tmp_path / "p.html"
    result = CliRunner().invoke(preview, ["--file", str(FIXTURE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    title = html.escape(load_file(FIXTURE).title)
    body = page.split("<body>", 1)[1]
    assert body.count(title) == 1
    assert f"<h1>{title}</h1>" in body
    assert 'class="qk-title"' not in body


def test_default_place_is_the_preview_folder(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --out the page goes to preview/<file stem>.html."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(preview, ["--file", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "preview" / "90-fixture.html").is_file()


def test_ids_are_looked_up_in_the_bank(tmp_path: Path) -> None:
    """``quizkit preview ID`` uses the bank directory; an unknown id is a clear error."""
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / FIXTURE.name).write_bytes(FIXTURE.read_bytes())
    out = tmp_path / "one.html"
    ok = CliRunner().invoke(preview, ["fx-numeric", "--bank-dir", str(bank), "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    assert "How many meetings with Putin" in out.read_text(encoding="utf-8")
    bad = CliRunner().invoke(preview, ["fx-nope", "--bank-dir", str(bank), "--out", str(out)])
    assert bad.exit_code == 1
    assert "unknown question id 'fx-nope'" in bad.stderr
    assert "Traceback" not in bad.output


def test_paper_link_only_when_the_book_is_built(course_dir: Path) -> None:
    """No built book: no link; the source's page built: a file URI to it."""
    from quizkit.course import Course

    course = Course.load(course_dir)
    assert preview_mod.paper_href(course) == ""
    paper = course_dir / preview_mod.BUILT_HTML / "chapters" / "a1-paper.html"
    paper.parent.mkdir(parents=True)
    paper.write_text("<html></html>")
    assert preview_mod.paper_href(course) == paper.resolve().as_uri()


def test_open_says_when_no_browser_exists(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """``--open`` without a browser says so instead of failing."""
    def no_browser(*_a: object) -> None:
        raise webbrowser.Error("none")

    monkeypatch.setattr(webbrowser, "get", no_browser)
    result = CliRunner().invoke(preview, ["--file", str(FIXTURE), "--out",
                                          str(tmp_path / "p.html"), "--open"])
    assert result.exit_code == 0
    assert "No web browser found" in result.stderr


def test_open_uses_the_browser_when_there_is_one(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """``--open`` with a browser opens the page's file URI."""
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "get", lambda *_a: object())
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    out = tmp_path / "p.html"
    result = CliRunner().invoke(preview, ["--file", str(FIXTURE), "--out", str(out), "--open"])
    assert result.exit_code == 0
    assert opened == [out.resolve().as_uri()]
