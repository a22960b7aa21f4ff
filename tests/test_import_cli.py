"""``quizkit import``: into a bank file, keeping comments, refusing known ids, reporting
what could not be mapped and the placeholders left; malformed input gives ``file:line:``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizkit.bank import load_file
from quizkit.importers.cli import import_

FIXTURES = Path(__file__).parent / "import_fixtures"
FIXTURE_BANK = Path(__file__).parent / "golden" / "exports" / "fixture-bank" / "90-fixture.yml"

TARGET = """\
# Questions imported from other tools (this comment must survive an import).
schema_version: 1
chapter: 9
title: Imported questions
objectives:
  - id: imported
    text: Answer questions brought in from other tools.
  - id: second
    text: A second objective.
questions:
  # The first question, written by hand.
  - id: hand-written
    type: true-false
    prompt: The meeting was in Tokyo.
    answer: true
    level: remember
    explanation: The paper says so.
    objectives: [imported]
    source: {paragraph: p1, quote: "2+2 meeting in Tokyo"}   # grounded
"""


@pytest.fixture()
def bank_dir(tmp_path: Path) -> Path:
    """A bank directory with the fixture bank and a target file holding comments."""
    d = tmp_path / "bank"
    d.mkdir()
    shutil.copy(FIXTURE_BANK, d / FIXTURE_BANK.name)
    (d / "99-imports.yml").write_text(TARGET, encoding="utf-8")
    return d


def run(*args: str) -> Result:
    """Invoke the command as the CLI would."""
    return CliRunner().invoke(import_, list(args))


def test_gift_import_adds_questions_and_keeps_comments(bank_dir: Path) -> None:
    """Eight questions added, the essay reported with its line, TODOs counted, file valid."""
    target = bank_dir / "99-imports.yml"
    result = run("--format", "gift", str(FIXTURES / "realistic.gift.txt"), "--into", str(target))
    assert result.exit_code == 0, result.output
    assert "realistic.gift.txt:39: not imported: question 'essay': essay questions" in result.stderr
    assert f"Added 8 questions to {target}" in result.stdout
    assert "placeholders (TODO) to replace" in result.stdout
    assert "objectives set to 'imported'" in result.stdout
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Questions imported from other tools (this comment must survive")
    assert "  # The first question, written by hand." in text
    assert "# grounded" in text
    model = load_file(target)
    ids = [q.id for q in model.questions]
    assert ids == ["hand-written", "meeting-date", "ratio-a-test", "shoigu", "meetings",
                   "year-range", "islands", "pairs", "many"]
    q = model.questions[2]
    assert q.prompt == "Which characters need escaping in GIFT: ~, =, #, { and }?"
    assert "TODO" in q.explanation
    assert model.questions[1].explanation.startswith(
        "The paper opens with the date of the meeting. TODO: set the source")
    assert model.questions[1].tags == ["dates", "meeting-basics"]


def test_objective_and_factsheet_options_fill_the_fields(bank_dir: Path) -> None:
    """``--objective`` and ``--source-factsheet`` are used instead of placeholders."""
    target = bank_dir / "99-imports.yml"
    result = run("--format", "aiken", str(FIXTURES / "realistic.aiken.txt"), "--into",
                 str(target), "--objective", "second", "--source-factsheet", "B1.1")
    assert result.exit_code == 0, result.output
    model = load_file(target)
    added = model.questions[1:]
    assert [q.objectives for q in added] == [["second"], ["second"]]
    assert [q.source.model_dump(exclude_none=True) for q in added] == [{"factsheet": "B1.1"}] * 2


def test_an_id_already_in_the_bank_is_refused_and_nothing_written(bank_dir: Path) -> None:
    """``fx-single`` lives in another bank file: exit 1, the target is untouched."""
    target = bank_dir / "99-imports.yml"
    result = run("--format", "gift", str(FIXTURES / "duplicate-id.gift.txt"), "--into",
                 str(target))
    assert result.exit_code == 1
    assert "question id 'fx-single' already exists in the bank" in result.stderr
    assert "90-fixture.yml" in result.stderr
    assert target.read_text(encoding="utf-8") == TARGET


def test_unknown_objective_is_an_error(bank_dir: Path) -> None:
    """An ``--objective`` the file does not declare is refused, naming the valid ones."""
    result = run("--format", "aiken", str(FIXTURES / "realistic.aiken.txt"), "--into",
                 str(bank_dir / "99-imports.yml"), "--objective", "nope")
    assert result.exit_code == 1
    assert "unknown objective 'nope'" in result.stderr
    assert "imported, second" in result.stderr


@pytest.mark.parametrize(
    ("fmt", "name", "message"),
    [
        ("gift", "unclosed-brace.gift.txt",
         "unclosed-brace.gift.txt:4: question 'bad': the answer block opened here is not closed with '}'"),
        ("gift", "no-answer-block.gift.txt", "no-answer-block.gift.txt:4: question 'b': no answer block"),
        ("gift", "bad-number.gift.txt", "bad-number.gift.txt:2: question 'n': 'four' is not a number"),
        ("aiken", "bad-answer.aiken.txt",
         "bad-answer.aiken.txt:4: ANSWER D is not one of the options A, B"),
        ("moodle-xml", "malformed.moodle.xml", "malformed.moodle.xml:4: not well-formed XML"),
        ("jupyterquiz", "malformed.jupyterquiz.json",
         "malformed.jupyterquiz.json:3: not valid JSON"),
    ],
)
def test_malformed_input_gives_file_line_message_and_no_traceback(
    bank_dir: Path, fmt: str, name: str, message: str
) -> None:
    """Exit 1, ``file:line: message`` on stderr, no traceback, target untouched."""
    target = bank_dir / "99-imports.yml"
    result = run("--format", fmt, str(FIXTURES / name), "--into", str(target))
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert target.read_text(encoding="utf-8") == TARGET


def test_a_failed_write_leaves_the_target_unchanged(bank_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is replaced atomically: if the final rename fails, the old text stays."""
    import os

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    target = bank_dir / "99-imports.yml"
    monkeypatch.setattr(os, "replace", boom)
    result = run("--format", "aiken", str(FIXTURES / "realistic.aiken.txt"), "--into",
                 str(target))
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert target.read_text(encoding="utf-8") == TARGET
    assert sorted(p.name for p in bank_dir.iterdir()) == ["90-fixture.yml", "99-imports.yml"]


def test_dry_run_writes_nothing(bank_dir: Path) -> None:
    """``--dry-run`` reports what would be added and leaves the file alone."""
    target = bank_dir / "99-imports.yml"
    result = run("--format", "aiken", str(FIXTURES / "realistic.aiken.txt"), "--into",
                 str(target), "--dry-run")
    assert result.exit_code == 0
    assert "Would add 2 questions" in result.stdout
    assert target.read_text(encoding="utf-8") == TARGET


def test_check_flags_the_placeholders_an_import_leaves(bank_dir: Path) -> None:
    """The TODO text written by an import is what `quizkit check` warns about."""
    from quizkit.bank import bank_warnings, load_bank

    target = bank_dir / "99-imports.yml"
    result = run("--format", "aiken", str(FIXTURES / "realistic.aiken.txt"), "--into",
                 str(target))
    assert result.exit_code == 0, result.output
    notes = bank_warnings(load_bank(bank_dir))
    flagged = [n for n in notes if "TODO" in n and "99-imports.yml" in n]
    assert len(flagged) == 2
    assert "which-city-hosted-the-2-2-meeting" in flagged[0]


def test_a_bad_factsheet_item_is_refused_up_front(bank_dir: Path) -> None:
    """``--source-factsheet Z9`` is not an item of the fact sheet: one clear error, nothing
    written."""
    target = bank_dir / "99-imports.yml"
    result = run("--format", "aiken", str(FIXTURES / "realistic.aiken.txt"), "--into",
                 str(target), "--source-factsheet", "Z9")
    assert result.exit_code == 1
    assert ("--source-factsheet 'Z9' is not a fact-sheet item (the fact sheet has no such item)"
            in result.stderr)
    assert target.read_text(encoding="utf-8") == TARGET


def test_moodle_examples_import_what_the_bank_can_express_and_say_why_not_the_rest(
    bank_dir: Path,
) -> None:
    """Moodle's own GIFT cases: nothing refuses the whole file; each question left out has a
    line-numbered reason; imported ones carry their notes; a shared title gets a suffix."""
    target = bank_dir / "99-imports.yml"
    cases = FIXTURES / "moodle-cases.gift.txt"
    result = run("--format", "gift", str(cases), "--into", str(target))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    lines = [ln.replace(f"{cases}:", "") for ln in result.stderr.splitlines()]
    assert [ln.split(": not imported: ")[0] for ln in lines] == ["5", "17", "21", "33"]
    assert "5: not imported: question 'hometown': option 'Kyiv' gives 25% credit" in lines[0]
    out = result.stdout.replace(f"{cases}:", "")
    assert "11: two-ministers: wrong options 'Kishida' (-100%), 'Onodera' (0%) now take" in out
    assert ("48: capital-2: id 'capital' is taken by the question on line 46: "
            "this one is 'capital-2'") in out
    assert "Added 6 questions" in result.stdout and "4 not imported" in result.stdout
    ids = [q.id for q in load_file(target).questions]
    assert ids == ["hand-written", "two-ministers", "formats", "pairs", "steps", "capital",
                   "capital-2"]


def test_an_explicit_id_used_twice_is_still_refused(bank_dir: Path, tmp_path: Path) -> None:
    """Two questions the file itself names ``[id:same]`` are a conflict to resolve by hand."""
    source = tmp_path / "twice.gift.txt"
    source.write_text("// [id:same]\n::A::Q? {T}\n\n// [id:same]\n::B::R? {F}\n",
                      encoding="utf-8")
    target = bank_dir / "99-imports.yml"
    result = run("--format", "gift", str(source), "--into", str(target))
    assert result.exit_code == 1
    assert "twice.gift.txt:5: question id 'same' is used twice in the import file" in result.stderr
    assert target.read_text(encoding="utf-8") == TARGET
