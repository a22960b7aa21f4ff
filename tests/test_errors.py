"""Errors: the problem line format, sorting, and exit codes."""

from __future__ import annotations

from quizkit.errors import (
    BankError,
    LocatedError,
    Problem,
    QuizkitError,
    UsageError,
    close_match,
    did_you_mean,
    shown,
)


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


def test_problem_detail_is_the_line_without_its_place() -> None:
    """``detail`` is what follows ``file:line:``; ``LocatedError`` keeps its problem as data."""
    p = Problem("imp.gift.txt", 7, "q-1", None, "essay questions have no bank type")
    assert p.detail == "question 'q-1': essay questions have no bank type"
    assert str(p) == f"imp.gift.txt:7: {p.detail}"
    err = LocatedError(p)
    assert str(err) == str(p) and err.problem is p and err.exit_code == 1
    assert isinstance(err, QuizkitError)


def test_did_you_mean_and_close_match() -> None:
    """One helper suggests a near name, or nothing when none is close."""
    assert close_match("numerc", ["numeric", "ordering"]) == "numeric"
    assert did_you_mean("numerc", ["numeric", "ordering"]) == "; did you mean 'numeric'?"
    assert close_match("zzz", ["numeric"]) is None
    assert did_you_mean("zzz", ["numeric"]) == ""


def test_shown_escapes_and_cuts() -> None:
    """Text from a file is escaped when it is not printable and cut to the limit."""
    assert shown("plain") == "plain"
    assert shown("a\u202eb\nc") == "a\\u202eb\\nc"
    assert shown("x" * 100, 10) == "xxxxxxx..."
