"""The quizkit command line, driven with click's CliRunner (and once as a real process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import ROOT, course_yml
from quizkit import cli as cli_mod
from quizkit.bank import bank_ids, load_bank
from quizkit.cli import cli
from quizkit.paper import load_paper
from quizkit.schema import schema_json

CORPUS = Path(__file__).parent / "invalid_banks"
VALID = (CORPUS / "_valid.yml").read_text(encoding="utf-8")
QUIZKIT = Path(sys.executable).parent / "quizkit"


def run(*args: str, cwd: Path | None = None) -> object:
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(cli, list(args))
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return runner.invoke(cli, list(args))
    finally:
        os.chdir(old)


ECHO = ("bank/03-meeting.yml:30: warning: question 'meeting-decisions': prompt-echo: the "
        "correct option repeats 'meeting' from the prompt, which no wrong option has")
"""The one item-writing warning of the corpus's valid file: 'meeting' in prompt and key only."""


def test_check_clean_bank_defaults_to_course_dir(course_dir: Path) -> None:
    """No argument checks bank/; a valid bank exits 0, warnings listed, the summary line last."""
    result = run("check", cwd=course_dir)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [ECHO, "checked 8 questions in 1 file: 0 problems, 1 warning"]


def test_check_strict_fails_on_warnings_and_passes_when_accepted(course_dir: Path) -> None:
    """--strict makes any warning exit 1; a finding accepted in quizkit.yml is no warning."""
    result = run("check", "--strict", cwd=course_dir)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "checked 8 questions in 1 file: 0 problems, 1 warning"
    (course_dir / "quizkit.yml").write_text(course_yml(
        "lint:\n  accept:\n    - check: prompt-echo\n      question: meeting-decisions\n"
        "      reason: the meetings are what was decided\n"), encoding="utf-8")
    result = run("check", "--strict", cwd=course_dir)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["checked 8 questions in 1 file: 0 problems"]


def test_check_lists_many_item_warnings_as_one_line(course_dir: Path) -> None:
    """More than 10 item-writing warnings become one line counting them by check."""
    extra = "".join(
        f"  - id: tf-{n}\n    type: true-false\n    prompt: The ministers never met in city{n}.\n"
        f"    answer: false\n    level: remember\n    explanation: No.\n"
        f"    objectives: [meeting-facts]\n    source: {{factsheet: B1.1}}\n"
        for n in range(11))
    (course_dir / "bank" / "03-meeting.yml").write_text(VALID + extra, encoding="utf-8")
    result = run("check", cwd=course_dir)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "warning: 13 item-writing findings (tf-balance 1, absolute-words 11, prompt-echo 1); "
        "`quizkit lint` lists them with their guidelines and fixes",
        "checked 19 questions in 1 file: 0 problems, 13 warnings",
    ]


def test_check_runs_response_tests(course_dir: Path) -> None:
    """A response test that grades otherwise than expected is a located problem: exit 1."""
    path = course_dir / "bank" / "03-meeting.yml"
    path.write_text(VALID.replace(
        "    answers: [Tokyo]\n",
        "    answers: [Tokyo]\n    response_tests:\n      - {response: tokyo, expect: correct}\n"
        "      - {response: Osaka, expect: incorrect}\n"
        "      - {response: the Tokyo, expect: correct}\n"), encoding="utf-8")
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "the Tokyo" in text)
    result = run("check", cwd=course_dir)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"bank/03-meeting.yml:{line}: question 'meeting-city': response_tests[2]: \"the Tokyo\" "
        "grades incorrect, expected correct",
        ECHO,
        "checked 8 questions in 1 file: 1 problem, 1 warning",
    ]
    path.write_text(path.read_text().replace("- {response: the Tokyo, expect: correct}",
                                             "- {response: the Tokyo, expect: incorrect}"))
    assert run("check", cwd=course_dir).exit_code == 0


def test_lint_command(course_dir: Path) -> None:
    """`lint` prints findings, guidelines, figures and a summary; --strict exits 1 on findings."""
    result = run("lint", cwd=course_dir)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("bank/03-meeting.yml:30: question 'meeting-decisions': prompt-echo: the "
                        "correct option repeats 'meeting' from the prompt, which no wrong option has")
    assert "guidelines:" in lines
    assert any(line.startswith("  prompt-echo: Haladyna, Downing & Rodriguez (2002)") for line in lines)
    assert ("  tf-balance: 1 of 1 true-false question keyed True (100%; expected 40%-60%)"
            in lines)
    assert lines[-1] == "linted 8 questions in 1 file: 1 warning, 0 accepted"
    assert run("lint", "--strict", cwd=course_dir).exit_code == 1


def test_lint_lists_accepted_findings_and_stale_entries(course_dir: Path) -> None:
    """Accepted findings are listed with their reason; an entry matching nothing is noted."""
    (course_dir / "quizkit.yml").write_text(course_yml(
        "lint:\n  accept:\n    - check: prompt-echo\n      reason: the meetings are what was decided\n"
        "    - check: id-giveaway\n      question: meeting-city\n      reason: old\n"),
        encoding="utf-8")
    result = run("lint", "--strict", cwd=course_dir)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    config = course_dir / "quizkit.yml"
    assert f"accepted in {config}:" in lines
    assert ("  bank/03-meeting.yml:30: question 'meeting-decisions': prompt-echo: the correct "
            "option repeats 'meeting' from the prompt, which no wrong option has (accepted: the "
            "meetings are what was decided)") in lines
    assert (f"note: {config}: accept entry 'id-giveaway' for question 'meeting-city' matches no "
            "finding; remove it") in lines
    assert lines[-1] == "linted 8 questions in 1 file: 0 warnings, 1 accepted"


def test_lint_json_and_bad_config(course_dir: Path) -> None:
    """--format json carries findings with guideline and fix; a bad quizkit.yml is one line."""
    result = run("lint", "--format", "json", cwd=course_dir)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    [finding] = data["warnings"]
    assert (finding["check"], finding["question"], finding["line"]) == (
        "prompt-echo", "meeting-decisions", 30)
    assert finding["guideline"].startswith("Haladyna") and finding["fix"]
    assert data["figures"]["true_false"]["true"] == 1
    assert data["config"] == str(course_dir.resolve() / "quizkit.yml")
    config = course_yml("lint:\n  similarity: 2\n")
    (course_dir / "quizkit.yml").write_text(config, encoding="utf-8")
    result = run("lint", cwd=course_dir)
    assert result.exit_code == 1
    line = len(config.splitlines())
    assert (f"{course_dir.resolve() / 'quizkit.yml'}:{line}: lint.similarity: must be <= 1.0 "
            "(found 2)") in result.output
    assert "Traceback" not in result.output


def test_lint_on_an_invalid_bank_reports_its_problems(course_dir: Path) -> None:
    """lint needs a valid bank: it prints the problems and exits 1."""
    (course_dir / "bank" / "03-meeting.yml").write_text("a: [", encoding="utf-8")
    result = run("lint", cwd=course_dir)
    assert result.exit_code == 1
    assert "bank/03-meeting.yml:1: invalid YAML" in result.output


def test_check_reports_problems_and_exits_1(course_dir: Path) -> None:
    """Problems are printed as file:line lines (no 'Error:' prefix, no traceback), exit 1."""
    path = course_dir / "bank" / "03-meeting.yml"
    path.write_text(VALID.replace("type: single-choice", "type: singel-choice"), encoding="utf-8")
    result = run("check", cwd=course_dir)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "bank/03-meeting.yml:13: question 'meeting-date': type: unknown question type "
        "'singel-choice'; did you mean 'single-choice'?",
        "checked 8 questions in 1 file: 1 problem",
    ]


@pytest.mark.parametrize("name", ["nul-byte.yml", "not-utf8.yml", "tab-indentation.yml", "yaml-alias.yml", "empty-file.yml"])
def test_check_broken_file_never_shows_traceback(name: str) -> None:
    """Broken files of every kind give exit 1 and one line, never a traceback."""
    result = run("check", str(CORPUS / name))
    assert result.exit_code == 1
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.splitlines()[0].startswith(f"{CORPUS / name}:")
    assert result.output.splitlines()[-1].endswith(": 1 problem")


def test_check_several_paths_and_warnings(course_dir: Path) -> None:
    """Several files can be named; warnings are listed but do not fail the check."""
    other = course_dir / "other.yml"
    renamed = VALID.replace("chapter: 3", "chapter: 4")
    for q in ("date", "decisions", "in-tokyo", "year", "city", "ministers", "order", "islands"):
        renamed = renamed.replace(f"- id: meeting-{q}\n", f"- id: other-{q}\n")
    renamed = renamed.replace("meeting-facts", "o-facts").replace("meeting-outcomes", "o-out")
    renamed = renamed.replace("objectives: [o-out]", "objectives: [o-facts]", 2)
    other.write_text(renamed, encoding="utf-8")
    result = run("check", "bank", "other.yml", cwd=course_dir)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "other.yml:9: warning: objective 'o-out' is tested by 1 question (fewer than 2)"
    # The copy repeats every question: 8 near-duplicates, and 2 prompt echoes.
    assert len(lines) == 12 and all(": warning: question '" in line for line in lines[1:11])
    assert sum("near-duplicate" in line for line in lines) == 8
    assert ("other.yml:12: warning: question 'other-date': near-duplicate: it has the same source "
            "quote and the same keyed answer as question 'meeting-date' (bank/03-meeting.yml:12)"
            in lines)
    assert lines[-1] == "checked 16 questions in 2 files: 0 problems, 11 warnings"


def test_usage_errors_exit_2(course_dir: Path) -> None:
    """A missing path, an unknown command or option: exit 2 with a message."""
    result = run("check", "nope", cwd=course_dir)
    assert result.exit_code == 2 and "no such bank file or directory: nope" in result.output
    result = run("chek")
    assert result.exit_code == 2 and "Did you mean 'check'?" in result.output
    result = run("check", "--frobnicate")
    assert result.exit_code == 2


def test_help_lists_commands_even_when_a_module_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A lazily loaded command whose module is missing shows as unavailable; using it exits 2."""
    monkeypatch.setitem(cli.lazy_commands, "ghost", "quizkit.no_such_module:command")
    result = run("--help")
    assert result.exit_code == 0
    for name in ("check", "lint", "stats", "new", "schema", "export", "import", "preview", "ghost"):
        assert f"  {name} " in result.output
    assert "(unavailable: ModuleNotFoundError" in result.output
    result = run("ghost", "--anything")
    assert result.exit_code == 2
    assert "command 'ghost' is unavailable" in result.output


def test_internal_error_is_one_line_unless_debug(course_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug shows one line and exit 1; --debug lets the traceback through."""
    import quizkit.bank

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(quizkit.bank, "check", broken)
    result = run("check", cwd=course_dir)
    assert result.exit_code == 1
    assert result.output == "internal error: RuntimeError: boom (run with --debug for the traceback)\n"
    result = run("check", "--debug", cwd=course_dir)
    assert isinstance(result.exception, RuntimeError)
    result = run("--debug", "check", cwd=course_dir)
    assert isinstance(result.exception, RuntimeError)


def test_stats(course_dir: Path) -> None:
    """Counts per file, type, difficulty, level and objective; gaps in objectives and paragraphs."""
    path = course_dir / "bank" / "03-meeting.yml"
    text = VALID.replace("level: remember", "level: apply", 2).replace(
        "answers: [Tokyo]\n    level: remember", "answers: [Tokyo]\n    level: evaluate")
    path.write_text(text, encoding="utf-8")
    result = run("stats", "--json", cwd=course_dir)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["questions"] == 8 and figures["by_file"] == {"03-meeting": 8}
    assert figures["by_type"] == {t: 1 for t in figures["by_type"]} and len(figures["by_type"]) == 8
    assert figures["by_difficulty"] == {"medium": 8}
    assert figures["by_level"] == {"remember": 5, "apply": 2, "evaluate": 1}
    zero = dict.fromkeys(("remember", "understand", "apply", "analyse", "evaluate", "create"), 0)
    assert figures["levels_by_file"] == {"03-meeting": {**zero, "remember": 5, "apply": 2,
                                                        "evaluate": 1}}
    # meeting-date (apply) and meeting-city (evaluate) test facts; meeting-decisions outcomes.
    assert figures["levels_by_objective"] == {
        "meeting-facts": {**zero, "remember": 3, "apply": 1, "evaluate": 1},
        "meeting-outcomes": {**zero, "remember": 2, "apply": 1},
    }
    assert figures["by_objective"] == {"meeting-facts": 5, "meeting-outcomes": 3}
    assert figures["thin_objectives"] == []
    paper = load_paper()
    covered = {"p1", "p6", "p7", "p10"}
    assert figures["uncovered_paragraphs"] == [
        p for p in paper.paragraphs if p not in covered and p not in paper.not_examinable
    ]
    text = run("stats", cwd=course_dir).output
    assert "8 questions in 1 files" in text
    assert "  meeting-facts         5" in text
    assert "by level:\n  remember      5   62%\n  apply         2   25%\n  evaluate      1   12%\n" in text
    assert "  03-meeting  remember 5 (62%), apply 2 (25%), evaluate 1 (12%)" in text
    assert "  meeting-outcomes  remember 2 (67%), apply 1 (33%)" in text
    assert "paragraphs no question covers" in text


def test_stats_on_broken_bank_exits_1(course_dir: Path) -> None:
    """stats needs a valid bank: it prints the problems and exits 1."""
    (course_dir / "bank" / "03-meeting.yml").write_text("a: [", encoding="utf-8")
    result = run("stats", cwd=course_dir)
    assert result.exit_code == 1
    assert "bank/03-meeting.yml:1: invalid YAML" in result.output


def test_new_appends_valid_question(course_dir: Path) -> None:
    """`new` appends a scaffold after the last question; the rest stays byte-identical."""
    path = course_dir / "bank" / "03-meeting.yml"
    result = run("new", "bank/03-meeting.yml", "--type", "matching", "--id", "meeting-new",
                 "--prompt", "Match them.", "--paragraph", "p6", cwd=course_dir)
    assert result.exit_code == 0, result.output
    assert result.output == ("added matching question 'meeting-new' (level: remember) to "
                             "bank/03-meeting.yml; replace its TODO text\n")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(VALID.rstrip("\n"))
    assert "  - id: meeting-new\n    type: matching\n    prompt: Match them.\n" in text
    check = run("check", cwd=course_dir)
    assert check.exit_code == 0
    assert check.output.splitlines()[-3:] == [
        f"bank/03-meeting.yml:{text.count(chr(10), 0, text.index('- id: meeting-new')) + 1}: "
        "warning: question 'meeting-new': still has TODO placeholder text",
        ECHO,
        "checked 9 questions in 1 file: 0 problems, 2 warnings",
    ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--type", "numeric", "--id", "meeting-date"], 1,
         "id 'meeting-date' is already used by the question at bank/03-meeting.yml:12"),
        (["--type", "numerc", "--id", "x"], 2, "unknown question type 'numerc'; did you mean 'numeric'?"),
        (["--id", "x"], 2, "missing option --type"),
        (["--type", "numeric"], 2, "missing option --id"),
        (["--type", "numeric", "--id", "Bad Id"], 2, "the new question would be invalid: id:"),
        (["--type", "numeric", "--id", "x", "--objective", "meeting-fact"], 2,
         "objective 'meeting-fact' is not declared in bank/03-meeting.yml; did you mean 'meeting-facts'?"),
        (["--type", "numeric", "--id", "x", "--paragraph", "p99"], 2, "unknown paragraph 'p99'"),
        (["--type", "numeric", "--id", "x", "--quote", "not in p1"], 2, "--quote is not found in paragraph p1"),
    ],
)
def test_new_refuses_bad_requests(course_dir: Path, args: list[str], code: int, message: str) -> None:
    """Duplicate ids (anywhere in the bank) and bad options are refused; the file is untouched."""
    path = course_dir / "bank" / "03-meeting.yml"
    result = run("new", "bank/03-meeting.yml", *args, cwd=course_dir)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert path.read_text(encoding="utf-8") == VALID


def test_new_duplicate_id_in_another_file(course_dir: Path) -> None:
    """An id used by another file of the same bank is refused too."""
    (course_dir / "bank" / "04-other.yml").write_text(
        "schema_version: 1\nchapter: 4\ntitle: T\nquestions:\n  - id: taken\n", encoding="utf-8"
    )
    result = run("new", "bank/03-meeting.yml", "--type", "ordering", "--id", "taken", cwd=course_dir)
    assert result.exit_code == 1
    assert "id 'taken' is already used by the question at bank/04-other.yml:5" in result.output


def test_new_write_failure_leaves_file(course_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash while writing reports one line, exit 1, and the old file is byte-identical."""
    path = course_dir / "bank" / "03-meeting.yml"
    before = path.read_bytes()

    def crash(*_a: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    result = run("new", "bank/03-meeting.yml", "--type", "numeric", "--id", "x", cwd=course_dir)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert "cannot write bank/03-meeting.yml" in result.output and "file is unchanged" in result.output
    assert path.read_bytes() == before
    assert sorted(os.listdir(course_dir / "bank")) == ["03-meeting.yml"]


def test_new_scaffolds_level_and_response_tests(course_dir: Path) -> None:
    """--level is written; short-text, numeric and fill-blanks get a model-answer response test."""
    for qtype, qid in (("short-text", "new-text"), ("numeric", "new-number"),
                       ("fill-blanks", "new-blanks"), ("ordering", "new-order")):
        result = run("new", "bank/03-meeting.yml", "--type", qtype, "--id", qid, "--level",
                     "analyse", cwd=course_dir)
        assert result.exit_code == 0, result.output
    bank = load_bank(course_dir / "bank")
    assert {bank.questions[i].level for i in ("new-text", "new-number", "new-blanks")} == {"analyse"}
    tests = {i: [(t.response, t.expect) for t in bank.questions[i].response_tests]
             for i in ("new-text", "new-number", "new-blanks", "new-order")}
    assert tests == {"new-text": [("TODO: the model answer", "correct")],
                     "new-number": [(0, "correct")],
                     "new-blanks": [({"blank-1": "TODO: the answer"}, "correct")],
                     "new-order": []}
    result = run("check", cwd=course_dir)
    assert result.exit_code == 0 and ": 0 problems, " in result.output.splitlines()[-1]
    result = run("new", "bank/03-meeting.yml", "--type", "numeric", "--id", "x", "--level",
                 "analyze", cwd=course_dir)
    assert result.exit_code == 2 and "'analyze' is not one of" in result.output


def test_new_interactive_asks_level_and_response_tests(
    course_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a terminal `new` asks for the level (with hints) and for variants to test; a variant
    the answers refuse can be added to them on the spot, so the new question checks clean."""
    from quizkit import authoring

    monkeypatch.setattr(authoring, "is_interactive", lambda: True)
    typed = [
        "In which city was the meeting held?",   # prompt
        "Tokyo",                                 # accepted answers
        "tokyo | the Tokyo",                     # variants that must be accepted
        "Osaka",                                 # answers that must be refused
        "The paper names Tokyo.",                # explanation
        "", "",                                  # objective, difficulty
        "understand",                            # level
        "", "", "",                              # tags, paragraph, quote
        "y",                                     # add 'the Tokyo' to the answers
    ]
    old = Path.cwd()
    os.chdir(course_dir)
    try:
        result = CliRunner().invoke(cli, ["new", "bank/03-meeting.yml", "--type", "short-text",
                                          "--id", "meeting-town", "-i"],
                                    input="\n".join(typed) + "\n")
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    assert "  evaluate    judge a claim against evidence or criteria" in result.output
    assert "'the Tokyo' grades incorrect. Add it to the accepted answers?" in result.output
    question = load_bank(course_dir / "bank").questions["meeting-town"]
    assert question.level == "understand"
    assert question.answers == ["Tokyo", "the Tokyo"]
    assert [(t.response, t.expect) for t in question.response_tests] == [
        ("Tokyo", "correct"), ("tokyo", "correct"), ("the Tokyo", "correct"),
        ("Osaka", "incorrect")]
    assert run("check", cwd=course_dir).exit_code == 0


def test_level_choices_are_the_models_levels() -> None:
    """The command line's list of levels (kept free of pydantic imports) matches the models."""
    from quizkit.authoring import LEVEL_HINTS
    from quizkit.models import LEVELS

    assert cli_mod.LEVEL_CHOICES == LEVELS == tuple(LEVEL_HINTS)


def test_export_refuses_drafts_unless_allowed(course_dir: Path) -> None:
    """A question with TODO text stops every export, named by file and line; --allow-drafts
    exports it."""
    assert run("new", "bank/03-meeting.yml", "--type", "true-false", "--id", "draft-q",
               cwd=course_dir).exit_code == 0
    line = bank_ids(course_dir / "bank")["draft-q"].rsplit(":", 1)[1]
    out = course_dir / "out.gift.txt"
    result = run("export", "--format", "gift", "--out", str(out), cwd=course_dir)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: bank/03-meeting.yml:{line}: question 'draft-q': TODO "
                             "placeholder text in "
                             "prompt, explanation; replace it, or pass --allow-drafts to export "
                             "drafts\n")
    assert not out.exists()
    result = run("export", "--format", "gift", "--out", str(out), "--ids", "meeting-date",
                 cwd=course_dir)
    assert result.exit_code == 0 and out.exists()  # the draft is not among the chosen
    out.unlink()
    result = run("export", "--format", "gift", "--out", str(out), "--allow-drafts", cwd=course_dir)
    assert result.exit_code == 0, result.output
    assert "::draft-q::" in out.read_text(encoding="utf-8")


def test_schema_command_prints_schema() -> None:
    """`quizkit schema` prints exactly the generated schema."""
    result = run("schema")
    assert result.exit_code == 0
    assert result.output == schema_json()


def test_lazy_table_names_every_command() -> None:
    """The lazy table includes the commands other modules provide."""
    assert cli_mod.LAZY_COMMANDS["export"] == "quizkit.export.cli:export"
    assert cli_mod.LAZY_COMMANDS["import"] == "quizkit.importers.cli:import_"
    assert cli_mod.LAZY_COMMANDS["preview"] == "quizkit.preview:preview"


def test_console_script_in_a_real_process(tmp_path: Path) -> None:
    """The installed `quizkit` script: exit codes, no traceback, no heavy imports at startup."""
    if not QUIZKIT.exists():
        pytest.fail(f"console script missing: {QUIZKIT} (pip install -e .)")
    proc = subprocess.run([str(QUIZKIT), "check", str(CORPUS / "nul-byte.yml")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[-1] == "checked 0 questions in 1 file: 1 problem"
    proc = subprocess.run([sys.executable, "-c",
                           "import sys, quizkit.cli; print(sorted(m for m in ('pydantic', 'ruamel', 'yaml', 'ipywidgets') if m in sys.modules))"],
                          capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_version_has_one_source() -> None:
    """``quizkit --version`` prints ``quizkit.__version__``; pyproject.toml reads it from there;
    every version literal left in the Python sources equals it."""
    import re
    import tomllib

    import quizkit

    result = run("--version")
    assert result.exit_code == 0
    assert result.output == f"quizkit, version {quizkit.__version__}\n"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"]
    assert pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "quizkit.__version__"}
    literal = re.compile(r"""["']?version["']?\s*[:=]\s*["'](\d+\.\d+\.\d+)["']""")
    for path in (ROOT / "src" / "quizkit").rglob("*.py"):
        for found in literal.findall(path.read_text(encoding="utf-8")):
            assert found == quizkit.__version__, path


def test_package_data_lists_only_what_exists() -> None:
    """Every package-data pattern of pyproject.toml matches a file of the package."""
    import tomllib

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package = ROOT / "src" / "quizkit"
    for pattern in pyproject["tool"]["setuptools"]["package-data"]["quizkit"]:
        assert any(p.is_file() for p in package.glob(pattern)), pattern
