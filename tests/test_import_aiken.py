"""Aiken parser: one-line questions, lettered options, ``ANSWER:``."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizkit.importers.aiken import AikenSyntaxError, parse_aiken

FIXTURES = Path(__file__).parent / "import_fixtures"


def test_realistic_file() -> None:
    """Both questions, with ``A.`` and ``C)`` option styles and CRLF endings."""
    parsed = parse_aiken((FIXTURES / "realistic.aiken.txt").read_text(), "a.txt")
    assert [d.line for d in parsed.drafts] == [1, 7]
    first = parsed.drafts[0].data
    assert first["options"] == [{"text": "Moscow"}, {"text": "Tokyo", "correct": True},
                                {"text": "Beijing"}]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Q?\nA. x\nB. y\n", "a.txt:1: question has no 'ANSWER:' line"),
        ("Q?\nA. x\nC. y\nANSWER: A\n", "a.txt:3: option C out of order (expected B)"),
        ("Q?\nA. x\nANSWER: A\n", "a.txt:3: a question needs at least two options"),
        ("A. x\n", "a.txt:1: expected a question line"),
        ("Q?\nmore text\n", "a.txt:2: an Aiken question is one line"),
    ],
)
def test_errors_name_the_line(text: str, message: str) -> None:
    """Malformed Aiken raises ``file:line: message``."""
    with pytest.raises(AikenSyntaxError) as exc:
        parse_aiken(text, "a.txt")
    assert str(exc.value).startswith(message)


def test_two_questions_with_the_same_opening_words_get_distinct_ids(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Ids derived from the text may clash; the import adds a suffix and says so."""
    import shutil

    from click.testing import CliRunner

    from quizkit.importers.cli import import_
    from test_import_cli import FIXTURE_BANK, TARGET

    bank = tmp_path / "bank"
    bank.mkdir()
    shutil.copy(FIXTURE_BANK, bank / FIXTURE_BANK.name)
    (bank / "99-imports.yml").write_text(TARGET, encoding="utf-8")
    source = tmp_path / "same.txt"
    source.write_text("Which city?\nA. Tokyo\nB. Moscow\nANSWER: A\n\n"
                      "Which city?\nA. Tokyo\nB. Moscow\nANSWER: B\n", encoding="utf-8")
    result = CliRunner().invoke(import_, ["--format", "aiken", str(source), "--into",
                                          str(bank / "99-imports.yml")])
    assert result.exit_code == 0, result.output
    assert f"{source}:6: which-city-2: id 'which-city' is taken by the question on line 1" \
        in result.stdout
