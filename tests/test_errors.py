"""Errors: the problem line format, sorting, and exit codes."""

from __future__ import annotations

from quizkit.errors import BankError, Problem, QuizkitError, UsageError


def test_problem_str_full_and_partial() -> None:
    """``file:line: question 'id': field: message``, omitting unknown parts."""
    assert str(Problem("bank/a.yml", 42, "q-1", "options", "needs one")) == (
        "bank/a.yml:42: question 'q-1': options: needs one"
    )
    assert str(Problem("a.yml", 3, None, "chapter", "bad")) == "a.yml:3: chapter: bad"
    assert str(Problem("a.yml", 3, "q", None, "bad")) == "a.yml:3: question 'q': bad"
    assert str(Problem("a.yml", 1, None, None, "file is empty")) == "a.yml:1: file is empty"


def test_bank_error_sorts_by_file_then_line_and_drops_duplicates() -> None:
    """Problems come out sorted by file, then line (numerically), each once."""
    p = [
        Problem("b.yml", 2, None, None, "x"),
        Problem("a.yml", 10, None, None, "y"),
        Problem("a.yml", 9, None, None, "z"),
        Problem("a.yml", 9, None, None, "z"),
    ]
    err = BankError(p)
    assert [(q.file, q.line) for q in err.problems] == [("a.yml", 9), ("a.yml", 10), ("b.yml", 2)]
    assert str(err).splitlines() == ["3 problems in the bank:", "a.yml:9: z", "a.yml:10: y", "b.yml:2: x"]


def test_exit_codes() -> None:
    """Bank problems exit 1, usage errors 2; all are QuizkitErrors."""
    assert BankError([]).exit_code == 1
    assert QuizkitError("x").exit_code == 1
    assert UsageError("x").exit_code == 2
    assert isinstance(UsageError("x"), QuizkitError) and isinstance(BankError([]), QuizkitError)
    assert str(UsageError("bad option")) == "bad option"
