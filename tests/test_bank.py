"""quizkit.bank: loading with line numbers, cross-file rules, selection, writing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import ROOT
from quizkit import bank as bank_mod
from quizkit.bank import (
    append_question,
    bank_ids,
    bank_warnings,
    dumps,
    load_bank,
    load_file,
    loads,
    scaffold_question,
    write_atomic,
)
from quizkit.errors import BankError, QuizkitError, UsageError
from quizkit.models import QUESTION_TYPES

VALID = (Path(__file__).parent / "invalid_banks" / "_valid.yml").read_text(encoding="utf-8")


def _line(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), 1) if needle in ln)


def _problems(text: str, name: str = "f.yml") -> list[str]:
    with pytest.raises(BankError) as info:
        loads(text, name)
    return [str(p) for p in info.value.problems]


@pytest.fixture
def two_files(tmp_path: Path) -> Path:
    """A bank directory with the valid file and a second chapter."""
    (tmp_path / "03-meeting.yml").write_text(VALID, encoding="utf-8")
    second = (
        VALID.replace("chapter: 3", "chapter: 4")
        .replace("meeting-", "china-")
        .replace("title: The 2+2 meeting", "title: China")
    )
    (tmp_path / "04-china.yml").write_text(second, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a bank file", encoding="utf-8")
    return tmp_path


def test_project_bank_is_valid() -> None:
    """The course's own bank loads, with every question grounded."""
    bank = load_bank(ROOT / "bank")
    assert len(bank.questions) > 0
    assert [e.stem for e in bank.files] == sorted(e.stem for e in bank.files)


def test_load_bank_directory(two_files: Path) -> None:
    """A directory loads every *.yml, sorted; questions keep file order; places are known."""
    bank = load_bank(two_files)
    assert [e.stem for e in bank.files] == ["03-meeting", "04-china"]
    assert all(e.path.parent == two_files for e in bank.files)
    ids = list(bank.questions)
    assert ids[:2] == ["meeting-date", "meeting-decisions"] and ids[8] == "china-date"
    assert len(ids) == 16
    assert list(bank.objectives) == [
        "meeting-facts", "meeting-outcomes", "china-facts", "china-outcomes",
    ]
    assert bank.file_of("china-city").stem == "04-china"
    assert bank.line_of("meeting-date") == _line(VALID, "- id: meeting-date") == 12
    assert bank.line_of("china-order") == _line(VALID, "- id: meeting-order")
    assert bank.objective_line_of("meeting-outcomes") == _line(VALID, "- id: meeting-outcomes")
    with pytest.raises(QuizkitError, match="unknown question id 'meeting-dat'; did you mean 'meeting-date'"):
        bank.line_of("meeting-dat")


def test_load_bank_accepts_file_lists(two_files: Path) -> None:
    """Paths may be given as a list of files."""
    bank = load_bank([two_files / "04-china.yml"])
    assert [e.stem for e in bank.files] == ["04-china"]


def test_missing_path_and_empty_directory_are_usage_errors(tmp_path: Path) -> None:
    """Nothing to load is a usage error (exit 2), with the path named."""
    with pytest.raises(UsageError, match="no such bank file or directory"):
        load_bank(tmp_path / "nope")
    with pytest.raises(UsageError, match=r"no bank files \(\*\.yml\)"):
        load_bank(tmp_path)


def test_select(two_files: Path) -> None:
    """Selection by file, ids, tags, objective and type; seeded samples are reproducible."""
    bank = load_bank(two_files)
    assert [q.id for q in bank.select(bank="03-meeting")][:2] == ["meeting-date", "meeting-decisions"]
    assert len(bank.select()) == len(bank.select(bank="all")) == 16
    assert [q.id for q in bank.select(ids=["china-city", "meeting-date"])] == ["china-city", "meeting-date"]
    assert [q.id for q in bank.select(ids="meeting-city, meeting-year")] == ["meeting-city", "meeting-year"]
    assert {q.type for q in bank.select(types=["numeric", "ordering"])} == {"numeric", "ordering"}
    assert {q.id for q in bank.select(objective="meeting-outcomes")} == {
        "meeting-decisions", "meeting-order", "meeting-islands",
    }
    s1 = bank.select(sample=5, seed=3)
    assert [q.id for q in s1] == [q.id for q in bank.select(sample=5, seed=3)]
    import random

    assert [q.id for q in s1] == [q.id for q in random.Random(3).sample(bank.select(), 5)]
    assert [q.id for q in bank.select(sample=5, seed=4)] != [q.id for q in s1]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"bank": "03-meting"}, "unknown bank '03-meting'; did you mean '03-meeting'?"),
        ({"ids": ["meeting-dates"]}, "unknown question id 'meeting-dates' in the bank; did you mean 'meeting-date'?"),
        ({"bank": "04-china", "ids": ["meeting-date"]}, "unknown question id 'meeting-date' in bank '04-china'"),
        ({"tags": ["nope"]}, "unknown tag 'nope'"),
        ({"objective": "meeting-fact"}, "unknown objective 'meeting-fact'; did you mean 'meeting-facts'?"),
        ({"types": ["single"]}, "unknown question type 'single'"),
        ({"sample": 17}, "cannot sample 17 questions from 16 matching"),
        ({"bank": "03-meeting", "objective": "china-facts"}, "no question matches the selection"),
    ],
)
def test_select_errors(two_files: Path, kwargs: dict[str, object], message: str) -> None:
    """Unknown names and impossible requests raise one clear QuizkitError."""
    bank = load_bank(two_files)
    with pytest.raises(QuizkitError) as info:
        bank.select(**kwargs)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


def test_duplicate_id_across_files_names_both_places(tmp_path: Path) -> None:
    """An id used in two files is reported at the second, naming the first."""
    (tmp_path / "a.yml").write_text(VALID, encoding="utf-8")
    (tmp_path / "b.yml").write_text(VALID.replace("meeting-facts", "other-facts").replace(
        "meeting-outcomes", "other-outcomes"), encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_bank(tmp_path)
    problems = info.value.problems
    assert len(problems) == 8
    first = problems[0]
    assert first.file == str(tmp_path / "b.yml") and first.question_id == "meeting-date"
    assert first.message == f"id is already used by the question at {tmp_path / 'a.yml'}:12"


def test_objectives_must_be_declared_in_the_questions_own_file(tmp_path: Path) -> None:
    """An objective of another file does not count, and objective ids are unique bank-wide."""
    (tmp_path / "a.yml").write_text(VALID, encoding="utf-8")
    other = VALID.replace("meeting-", "other-").replace("objectives: [other-facts]", "objectives: [meeting-facts]")
    (tmp_path / "b.yml").write_text(other, encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_bank(tmp_path)
    messages = {p.message for p in info.value.problems}
    assert messages == {"unknown objective 'meeting-facts' (not declared in this file)"}
    renamed = VALID
    for qid in loads(VALID).questions:
        renamed = renamed.replace(f"- id: {qid.id}\n", f"- id: other-{qid.id}\n")
    (tmp_path / "b.yml").write_text(renamed, encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_bank(tmp_path)
    line = _line(VALID, "- id: meeting-facts")
    assert [str(p) for p in info.value.problems] == [
        f"{tmp_path / 'b.yml'}:{line}: objectives.0.id: objective id 'meeting-facts' is already "
        f"used at {tmp_path / 'a.yml'}:{line}",
        f"{tmp_path / 'b.yml'}:{line + 2}: objectives.1.id: objective id 'meeting-outcomes' is "
        f"already used at {tmp_path / 'a.yml'}:{line + 2}",
    ]


def test_all_problems_are_collected_and_sorted() -> None:
    """Several broken questions give several problems, in line order, none lost."""
    text = (
        VALID.replace("type: single-choice", "type: single-choise")
        .replace("quote: \"meeting in Tokyo\"", "quote: \"meeting in Kyoto\"")
        .replace("    answer: 2013\n", "    answer: twenty\n")
    )
    got = _problems(text)
    assert got == [
        f"f.yml:{_line(text, 'single-choise')}: question 'meeting-date': type: unknown question type "
        "'single-choise'; did you mean 'single-choice'?",
        f"f.yml:{_line(text, 'answer: twenty')}: question 'meeting-year': answer: must be a number (found 'twenty')",
        f"f.yml:{_line(text, 'Kyoto')}: question 'meeting-city': source.quote: quote not found in paragraph p1",
    ]


def test_yaml_1_2_scalars() -> None:
    """Plain yes/no/on/off and dates stay text (YAML 1.2), numbers are numbers."""
    text = VALID.replace("answers: [Tokyo]", "answers: [yes, no, on, 2013-11-02]").replace(
        "    answer: 2013\n", "    answer: 0x7DD\n"
    )
    model = loads(text)
    city = next(q for q in model.questions if q.id == "meeting-city")
    assert city.answers == ["yes", "no", "on", "2013-11-02"]
    year = next(q for q in model.questions if q.id == "meeting-year")
    assert year.answer == 2013


def test_strict_types_refuse_coercion() -> None:
    """No silent coercion: 1 is not true, a number is not text."""
    text = VALID.replace("        correct: true\n", "        correct: 1\n", 1)
    assert _problems(text) == [
        f"f.yml:{_line(text, 'correct: 1')}: question 'meeting-date': options.0.correct: "
        "must be true or false (found 1)"
    ]
    text = VALID.replace("answers: [Tokyo]", "answers: [1945]")
    assert _problems(text) == [
        f"f.yml:{_line(text, '[1945]')}: question 'meeting-city': answers.0: "
        "must be text (found 1945); put it in quotes"
    ]


def test_size_cap(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Files over the cap are refused before parsing, with the sizes in the message."""
    import quizkit.document
    from quizkit.course import Course

    bare = Course(tmp_path)  # no quizkit.yml to read under the tiny cap
    monkeypatch.setattr(quizkit.document, "MAX_FILE_BYTES", 1024)
    path = tmp_path / "big.yml"
    path.write_text("a: " + "x" * 2048 + "\n", encoding="utf-8")
    with pytest.raises(BankError, match=r"file is too large \(0\.0 MB; the limit is 0 MB\)"):
        load_file(path, course=bare)
    with pytest.raises(BankError) as info:
        loads("a: " + "x" * 2048, "f.yml", course=bare)
    assert [str(p) for p in info.value.problems] == [
        "f.yml:1: file is too large (0.0 MB; the limit is 0 MB)"]


def test_alias_bomb_is_refused_quickly() -> None:
    """A billion-laughs document is refused at its first alias, not expanded."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    assert _problems("\n".join(lines)) == [
        "f.yml:2: YAML aliases (*a0) are not allowed in a bank file; write the value out"
    ]


def test_lone_surrogate_in_text() -> None:
    """Text that cannot be UTF-8 (a lone surrogate) is reported, not raised."""
    assert _problems("title: \ud800\n") == ["f.yml:1: not UTF-8 text (lone surrogate at offset 7)"]


def test_dumps_round_trips() -> None:
    """dumps writes a file that loads back to an equal model."""
    model = loads(VALID)
    again = loads(dumps(model))
    assert again == model
    assert dumps(model).splitlines()[:3] == ["schema_version: 1", "chapter: 3", "title: The 2+2 meeting"]


def test_write_atomic_replaces_content(tmp_path: Path) -> None:
    """A completed write replaces the file and leaves no temporary file."""
    target = tmp_path / "b.yml"
    target.write_text("old\n", encoding="utf-8")
    write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert os.listdir(tmp_path) == ["b.yml"]


@pytest.mark.parametrize("fail_at", ["write", "fsync", "replace"])
def test_write_atomic_crash_leaves_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: str) -> None:
    """A crash during the write leaves the old file byte-identical and no temp file behind."""
    target = tmp_path / "b.yml"
    target.write_bytes(VALID.encode())

    def boom(*_a: object, **_k: object) -> None:
        raise OSError("simulated crash")

    if fail_at == "write":
        real_fdopen = os.fdopen

        class HalfWriter:
            """Writes part of the text, then fails, like a full disk."""

            def __init__(self, *args: object, **kwargs: object) -> None:
                self.fh = real_fdopen(*args, **kwargs)  # type: ignore[call-overload]

            def __enter__(self) -> HalfWriter:
                return self

            def __exit__(self, *exc: object) -> None:
                self.fh.close()

            def write(self, text: str) -> None:
                self.fh.write(text[: len(text) // 2])
                self.fh.flush()
                boom()

        monkeypatch.setattr(os, "fdopen", HalfWriter)
    else:
        monkeypatch.setattr(os, fail_at, boom)
    with pytest.raises(OSError, match="simulated crash"):
        write_atomic(target, "half a file")
    monkeypatch.undo()
    assert target.read_bytes() == VALID.encode()
    assert os.listdir(tmp_path) == ["b.yml"]


@pytest.mark.parametrize("qtype", QUESTION_TYPES)
def test_scaffold_is_valid_for_every_type(qtype: str, tmp_path: Path) -> None:
    """Each type's skeleton appends cleanly, keeps the rest of the file, and validates."""
    path = tmp_path / "03-meeting.yml"
    path.write_text(VALID, encoding="utf-8")
    item = scaffold_question(qtype, "new-one", objective="meeting-facts")
    text = append_question(path, item)
    assert text.startswith(VALID.rstrip("\n"))  # the old text is untouched
    model = loads(text)
    assert model.questions[-1].id == "new-one" and model.questions[-1].type == qtype
    assert model.questions[:-1] == loads(VALID).questions


def test_append_keeps_comments_and_following_keys(tmp_path: Path) -> None:
    """Questions in the middle of the file: the new one goes after the last, comments stay."""
    text = (
        "# top comment\nschema_version: 1\nchapter: 3\ntitle: T\nquestions:\n"
        "- id: first   # inline comment\n  type: true-false\n  prompt: P\n  answer: true\n"
        "  level: remember\n  explanation: E\n  objectives: [o]\n  source: {factsheet: B1.1}\n"
        "# trailing comment\nobjectives:\n- id: o\n  text: O.\n"
    )
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    new_text = append_question(path, scaffold_question("true-false", "second", objective="o"))
    model = loads(new_text)
    assert [q.id for q in model.questions] == ["first", "second"]
    assert "# inline comment" in new_text and "# trailing comment" in new_text
    assert new_text.startswith(text.split("# trailing")[0])
    assert new_text.endswith("# trailing comment\nobjectives:\n- id: o\n  text: O.\n")


def test_append_to_flow_style_list_round_trips(tmp_path: Path) -> None:
    """An empty flow-style list is filled by ruamel's round-trip, keeping comments."""
    text = "# keep me\nschema_version: 1\nchapter: 3\ntitle: T\nobjectives:\n  - id: o\n    text: O.\nquestions: []\n"
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    new_text = append_question(path, scaffold_question("ordering", "q", objective="o"))
    assert new_text.startswith("# keep me\n")
    assert [q.id for q in loads(new_text).questions] == ["q"]


def test_bank_ids_reads_broken_banks(tmp_path: Path) -> None:
    """Ids are found even when a file fails validation; unreadable files are skipped."""
    (tmp_path / "a.yml").write_text(VALID.replace("answer: 2013", "answer: x"), encoding="utf-8")
    (tmp_path / "b.yml").write_text("a: [", encoding="utf-8")
    ids = bank_ids(tmp_path)
    assert ids["meeting-date"] == f"{tmp_path / 'a.yml'}:12"
    assert len(ids) == 8


def test_warnings_for_thin_objectives_and_placeholders(tmp_path: Path) -> None:
    """Objectives tested by fewer than 2 questions and TODO text are noted."""
    path = tmp_path / "a.yml"
    text = VALID.replace("objectives: [meeting-outcomes]\n    source:\n      paragraph: p7",
                         "objectives: [meeting-facts]\n    source:\n      paragraph: p7")
    text = text.replace("objectives: [meeting-outcomes]\n    source: {factsheet", "objectives: [meeting-facts]\n    source: {factsheet")
    path.write_text(text, encoding="utf-8")
    path.write_text(append_question(path, scaffold_question("numeric", "todo-q", objective="meeting-facts")), encoding="utf-8")
    notes = bank_warnings(load_bank(tmp_path))
    assert notes == [
        f"{path}:{_line(text, '- id: meeting-outcomes')}: warning: objective 'meeting-outcomes' is tested by 1 question (fewer than 2)",
        f"{path}:{_line(path.read_text(), 'todo-q')}: warning: question 'todo-q': still has TODO placeholder text",
    ]


def test_scaffold_runs_its_own_response_test_and_refuses_unknown_levels(tmp_path: Path) -> None:
    """Typed-answer skeletons carry a passing model-answer test; an unknown level is refused."""
    path = tmp_path / "03-meeting.yml"
    path.write_text(VALID, encoding="utf-8")
    for qtype in ("short-text", "numeric", "fill-blanks"):
        path.write_text(append_question(path, scaffold_question(
            qtype, f"new-{qtype}", objective="meeting-facts", level="create")), encoding="utf-8")
    report = bank_mod.check(tmp_path)
    assert report.problems == []
    assert report.bank is not None
    assert [len(report.bank.questions[f"new-{t}"].response_tests)
            for t in ("short-text", "numeric", "fill-blanks")] == [1, 1, 1]
    with pytest.raises(UsageError, match="unknown level 'analyze'; did you mean 'analyse'"):
        scaffold_question("numeric", "x", objective="meeting-facts", level="analyze")


def test_response_tests_report_every_mismatch_at_its_line(tmp_path: Path) -> None:
    """Each response test is graded: wrong status, partial credit and unreadable responses."""
    text = VALID.replace(
        "    answers: [Tokyo]\n",
        "    answers: [Tokyo]\n    response_tests:\n"
        "      - {response: Tokio, expect: correct}\n"
        "      - {response: Tokyo, expect: correct}\n",
    ).replace(
        "    answer: 2013\n",
        "    answer: 2013\n    response_tests:\n"
        "      - response: 2,013\n        expect: correct\n"
        "      - response: 2014\n        expect: partial\n",
    )
    (tmp_path / "03-meeting.yml").write_text(text, encoding="utf-8")
    report = bank_mod.check(tmp_path)
    path = tmp_path / "03-meeting.yml"
    assert [str(p) for p in report.problems] == [
        f"{path}:{_line(text, 'response: 2,013')}: question 'meeting-year': response_tests[0]: "
        '"2,013" grades invalid, expected correct',
        f"{path}:{_line(text, 'response: 2014')}: question 'meeting-year': response_tests[1]: "
        "2014 grades incorrect, expected partial",
        f"{path}:{_line(text, 'response: Tokio')}: question 'meeting-city': response_tests[0]: "
        '"Tokio" grades incorrect, expected correct',
    ]
    assert report.bank is not None and not report.ok


def test_line_at_finds_fields_inside_a_question(tmp_path: Path) -> None:
    """Bank.line_at walks keys and list indices, falling back to the deepest part found."""
    (tmp_path / "03-meeting.yml").write_text(VALID, encoding="utf-8")
    bank = load_bank(tmp_path)
    assert bank.line_at("meeting-date", "options", 1) == _line(VALID, "text: 4 November 2013")
    assert bank.line_at("meeting-date", "options", 1, "feedback") == _line(
        VALID, "feedback: That is the date")
    assert bank.line_at("meeting-date", "options", 9) == _line(VALID, "    options:")
    assert bank.line_at("meeting-date") == bank.line_of("meeting-date") == 12


def test_placeholders_and_drafts(tmp_path: Path) -> None:
    """placeholder_fields names where TODO stands; refuse_drafts names each draft's place."""
    path = tmp_path / "03-meeting.yml"
    path.write_text(VALID, encoding="utf-8")
    for qid in ("draft-a", "draft-b"):
        path.write_text(append_question(path, scaffold_question(
            "ordering", qid, objective="meeting-facts", prompt="Order them.")), encoding="utf-8")
    bank = load_bank(tmp_path)
    assert bank_mod.placeholder_fields(bank.questions["draft-a"]) == [
        ("explanation",), ("items", 0), ("items", 1), ("items", 2)]
    assert bank_mod.placeholder_fields(bank.questions["meeting-date"]) == []
    bank_mod.refuse_drafts(tmp_path, [bank.questions["meeting-date"]])  # no draft: no error
    with pytest.raises(QuizkitError) as info:
        bank_mod.refuse_drafts(tmp_path, list(bank.questions.values()))
    text = path.read_text(encoding="utf-8")
    assert str(info.value).splitlines() == [
        "2 questions are drafts with TODO placeholder text; replace it, or pass --allow-drafts "
        "to export drafts:",
        f"{path}:{_line(text, 'draft-a')}: question 'draft-a': TODO placeholder text in "
        "explanation, items.0, items.1 and 1 more",
        f"{path}:{_line(text, 'draft-b')}: question 'draft-b': TODO placeholder text in "
        "explanation, items.0, items.1 and 1 more",
    ]


def test_cached_bank_loads_once_until_a_file_changes(
    two_files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One cache for the notebooks and the book: the same folder gives the same Bank object
    until a file's time or size changes; a new folder replaces the cached one."""
    calls: list[Path] = []
    real = bank_mod.load_bank

    def counting(paths: Path, *, course: object = None) -> bank_mod.Bank:
        calls.append(Path(paths))
        return real(paths, course=course)  # type: ignore[arg-type]

    monkeypatch.setattr(bank_mod, "load_bank", counting)
    first = bank_mod.cached_bank(two_files)
    assert bank_mod.cached_bank(two_files) is first
    assert calls == [two_files.resolve()]
    path = sorted(two_files.glob("*.yml"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    second = bank_mod.cached_bank(two_files)
    assert second is not first and len(calls) == 2


def test_display_uses_the_shared_cache(two_files: Path) -> None:
    """``quizkit.show`` selects from the bank layer's cache (no cache of its own)."""
    from quizkit import display

    assert display._load(two_files) is bank_mod.cached_bank(two_files)
    assert not hasattr(display, "_BANK_CACHE")


def test_bank_questions_are_typed_questions(two_files: Path) -> None:
    """``Bank.questions`` and ``select`` hold members of the Question union."""
    import typing

    from quizkit.models import Question

    members = typing.get_args(typing.get_args(Question)[0])
    bank = load_bank(two_files)
    assert bank.questions and all(isinstance(q, members) for q in bank.questions.values())
    assert all(isinstance(q, members) for q in bank.select())
