"""The invalid-bank corpus: each small file has one problem, reported exactly as pinned."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from quizkit.bank import load_file
from quizkit.errors import BankError

CORPUS = Path(__file__).parent / "invalid_banks"
EXPECTED: dict[str, list[str]] = YAML(typ="safe").load((CORPUS / "expected.yml").read_text())
FILES = sorted(p.name for p in CORPUS.glob("*.yml") if p.name not in ("expected.yml", "_valid.yml"))


def test_corpus_is_large_and_fully_pinned() -> None:
    """At least 30 invalid files, and every file has pinned messages (and no stale pins)."""
    assert len(FILES) >= 30
    assert sorted(EXPECTED) == FILES


def test_base_file_is_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    """The file the corpus mutates is itself valid, so each mutation is its only problem."""
    monkeypatch.chdir(CORPUS)
    assert len(load_file("_valid.yml").questions) == 8


@pytest.mark.parametrize("name", FILES)
def test_invalid_file_reports_pinned_problem(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading the file raises BankError with exactly the pinned, single problem."""
    monkeypatch.chdir(CORPUS)
    with pytest.raises(BankError) as info:
        load_file(name)
    got = [str(p) for p in info.value.problems]
    assert got == EXPECTED[name]
    assert len(got) == 1
    problem = info.value.problems[0]
    assert problem.file == name and problem.line >= 1
    assert "Traceback" not in str(info.value) and "https://" not in str(info.value)
    assert "Value error" not in str(info.value)
