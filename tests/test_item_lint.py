"""Item-writing checks (quizkit.lint): each check fires on a flawed item and not on a sound one.

Not to be confused with test_lint.py, which runs ruff and mypy over the code. Every bank here
is made up in the test, written to a file by the bank writer and loaded as a course would be,
so findings carry real file names and lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quizkit.bank import dumps, load_bank, scaffold_question
from quizkit.config import Accept, LintConfig, load_config
from quizkit.errors import BankError
from quizkit.lint import CHECKS, Finding, LintReport, lint, plain, words
from quizkit.models import BankFile
from quizkit.public import blank_option_order

BASE: dict[str, Any] = {
    "explanation": "Because the source says so.",
    "objectives": ["obj"],
    "level": "remember",
    "source": {"factsheet": "B1.1"},
}


def sc(qid: str, prompt: str, options: list[tuple[str, bool]], **extra: Any) -> dict[str, Any]:
    """A single-choice question; ``options`` are (text, correct) in written order."""
    opts = [{"text": t, "correct": True} if ok else {"text": t} for t, ok in options]
    return {"id": qid, "type": "single-choice", "prompt": prompt, "options": opts, **BASE, **extra}


def tf(qid: str, prompt: str, answer: bool, **extra: Any) -> dict[str, Any]:
    """A true-false question."""
    return {"id": qid, "type": "true-false", "prompt": prompt, "answer": answer, **BASE, **extra}


def write_bank(tmp_path: Path, questions: list[dict[str, Any]], name: str = "01-t.yml") -> Path:
    """Write one bank file holding ``questions`` under tmp_path/bank and return the folder.

    Each file declares its own objective (ids are unique across a bank), named after it.
    """
    folder = tmp_path / "bank"
    folder.mkdir(exist_ok=True)
    objective = "obj" if name == "01-t.yml" else f"obj-{name[:2]}"
    model = BankFile.model_validate({
        "schema_version": 1, "chapter": int(name[:2]), "title": "T",
        "objectives": [{"id": objective, "text": "Know it."}],
        "questions": [{**q, "objectives": [objective]} for q in questions],
    })
    (folder / name).write_text(dumps(model), encoding="utf-8")
    return folder


def run(tmp_path: Path, questions: list[dict[str, Any]], **config: Any) -> LintReport:
    """Lint a made-up bank with the given config fields."""
    return lint(load_bank(write_bank(tmp_path, questions)), LintConfig(**config))


def of(report: LintReport, check: str) -> list[Finding]:
    """The unaccepted findings of one check."""
    return [f for f in report.warnings if f.check == check]


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first line containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


DATES = [("2 November 2013", True), ("4 November 2013", False), ("1 November 2013", False)]


def test_every_check_names_a_guideline_and_a_fix() -> None:
    """Each check cites its source by name and says how to fix what it finds."""
    for check in CHECKS.values():
        assert "(19" in check.guideline or "(20" in check.guideline, check.id
        assert check.fix and check.title


def test_plain_text_and_words() -> None:
    """Markdown marks are dropped; words are stemmed, function words and short words left out."""
    assert plain("**Tokyo** and [the paper](https://x.invalid)") == "Tokyo and the paper"
    assert words("The ministers' meetings in Tokyo, 2013") == {"minister", "meeting", "tokyo", "2013"}
    assert words("The ministers met", ["minister"]) == set()


# --- longest-correct -------------------------------------------------------------------------


def test_longest_correct_flags_a_clearly_longer_answer(tmp_path: Path) -> None:
    """A correct option 15% longer than every wrong one is flagged at its line, with lengths."""
    report = run(tmp_path, [sc("q-who", "Who met?", [
        ("The foreign and defence ministers of both countries", True),
        ("Two generals", False), ("The prime ministers", False)])])
    [finding] = of(report, "longest-correct")
    path = tmp_path / "bank" / "01-t.yml"
    assert finding.line == line_of(path, "The foreign and defence ministers")
    assert str(finding) == (
        f"{path}:{finding.line}: question 'q-who': longest-correct: the correct option is the "
        "longest (51 characters; the longest wrong option has 19)")
    assert finding.guideline == CHECKS["longest-correct"].guideline


def test_longest_correct_ignores_options_of_about_equal_length(tmp_path: Path) -> None:
    """Equal lengths, or a correct option longer by a few characters, give no finding."""
    report = run(tmp_path, [
        sc("q-date", "When?", DATES),
        sc("q-city", "Where?", [("Vladivostok", True), ("Khabarovsk", False)]),
    ])
    assert of(report, "longest-correct") == []
    assert report.figures["longest_correct"] == {
        "questions": 2, "longest": 1, "tied": 1, "share": 0.5, "chance": 0.4167,
        "threshold": 0.3}


def test_longest_correct_bank_wide_share(tmp_path: Path) -> None:
    """3 of 5 correct options longest is 60%, over the 30% threshold: one bank-wide finding."""
    qs = [sc(f"q-{n}", "Which?", [("a" * (11 + n), True), ("b" * 10, False), ("c" * 9, False)])
          for n in range(3)]
    qs += [sc(f"r-{n}", "Which?", [("a" * 9, True), ("b" * 10, False)]) for n in range(2)]
    report = run(tmp_path, qs, length_difference=5)
    [finding] = of(report, "longest-correct")
    assert finding.question_id is None and finding.line is None
    assert str(finding) == (f"{tmp_path / 'bank' / '01-t.yml'}: longest-correct: the correct option "
                            "is the longest in 3 of 5 single-choice questions (60%; threshold 30%)")
    assert "longest in 3 of 5 single-choice questions (60%; threshold 30%, chance 40%)" in (
        report.figure_lines[0])
    assert of(run(tmp_path, qs, length_difference=5, longest_correct_max=0.6),
              "longest-correct") == []


# --- correct-position ------------------------------------------------------------------------


def test_correct_position_flags_a_favourite_position(tmp_path: Path) -> None:
    """Five unshuffled questions keyed first: written and displayed order both flagged."""
    qs = [sc(f"q-{n}", "When?", DATES, shuffle=False) for n in range(5)]
    report = run(tmp_path, qs)
    assert [f.message for f in of(report, "correct-position")] == [
        "the correct option is 1st in written order in 5 of 5 single-choice questions "
        "(100%; threshold 40%)",
        "the correct option is 1st in displayed order in 5 of 5 single-choice questions "
        "(100%; threshold 40%)",
    ]
    assert report.figures["correct_position"]["written"] == [5]


def test_correct_position_accepts_a_spread(tmp_path: Path) -> None:
    """Keys at positions 1, 2, 3, 1, 2 (at most 40%) give no finding; figures count them."""
    rotations = [0, 1, 2, 0, 1]
    qs = []
    for n, r in enumerate(rotations):
        opts = DATES[-r:] + DATES[:-r] if r else DATES
        qs.append(sc(f"q-{n}", "When?", opts, shuffle=False))
    report = run(tmp_path, qs)
    assert of(report, "correct-position") == []
    assert report.figures["correct_position"]["written"] == [2, 2, 1]
    assert report.figures["correct_position"]["displayed"] == [2, 2, 1]
    assert "1st 2 (40%), 2nd 2 (40%), 3rd 1 (20%)" in report.figure_lines[1]


# --- tf-balance ------------------------------------------------------------------------------


def test_tf_balance(tmp_path: Path) -> None:
    """1 of 5 keyed True is flagged; 2 of 5 is within 40-60%; fewer than 5 is only a figure."""
    def bank(trues: int, total: int) -> list[dict[str, Any]]:
        return [tf(f"s-{n}", f"Statement number {n} about a distinct matter{n}.", n < trues)
                for n in range(total)]

    [finding] = of(run(tmp_path, bank(1, 5)), "tf-balance")
    assert finding.message == "1 of 5 true-false questions are keyed True (20%; expected 40%-60%)"
    assert of(run(tmp_path, bank(2, 5)), "tf-balance") == []
    report = run(tmp_path, bank(1, 4))
    assert of(report, "tf-balance") == []
    assert report.figures["true_false"] == {"questions": 4, "true": 1, "share": 0.25,
                                            "expected": [0.4, 0.6]}


# --- absolute-words --------------------------------------------------------------------------


def test_absolute_word_only_in_a_wrong_option(tmp_path: Path) -> None:
    """'always' in a wrong option and no absolute word in the correct one is flagged."""
    report = run(tmp_path, [sc("q-abs", "How often?", [
        ("Now and then", True), ("It always happens", False), ("Once a year", False)])])
    [finding] = of(report, "absolute-words")
    assert finding.message == ("the absolute word 'always' stands in a wrong option and in no "
                               "correct one")
    assert finding.line == line_of(tmp_path / "bank" / "01-t.yml", "always")


def test_absolute_words_in_right_and_wrong_options_are_no_cue(tmp_path: Path) -> None:
    """The same kind of word in the correct option too, or none at all: no finding."""
    report = run(tmp_path, [
        sc("q-a", "How often?", [("Only once", True), ("Only twice", False)]),
        sc("q-b", "How often?", [("Once", True), ("Twice", False)]),
        sc("q-c", "Which?", [("A wall", True), ("A ball", False)]),  # 'all' is a whole word
    ])
    assert of(report, "absolute-words") == []
    assert report.figures["absolute_words"]["wrong_options"] == 1
    assert report.figures["absolute_words"]["correct_options"] == 1


def test_absolute_word_in_a_false_statement(tmp_path: Path) -> None:
    """A true-false statement keyed False with 'never' is flagged; keyed True it is not."""
    report = run(tmp_path, [tf("s-no", "Russia never held talks with Japan.", False),
                            tf("s-yes", "The two sides never signed a peace treaty.", True)])
    assert [f.question_id for f in of(report, "absolute-words")] == ["s-no"]
    assert report.figures["absolute_words"]["true_false_keyed_true"] == 1


def test_absolute_word_list_comes_from_the_config(tmp_path: Path) -> None:
    """The course's own list replaces the default one."""
    qs = [sc("q-abs", "How often?", [("Now and then", True), ("It seldom happens", False),
                                     ("It always happens", False)])]
    report = run(tmp_path, qs, absolute_words=["Seldom"])
    assert [f.message.split("'")[1] for f in of(report, "absolute-words")] == ["seldom"]


# --- prompt-echo -----------------------------------------------------------------------------


def test_prompt_echo_in_the_correct_option_only(tmp_path: Path) -> None:
    """The prompt's 'naval' repeated by the correct option alone is a clang cue."""
    report = run(tmp_path, [sc("q-where", "Where was the naval exercise held?", [
        ("At a naval base near Vladivostok", True), ("In a port of Hokkaido", False),
        ("On an airfield in Sakhalin", False)])])
    [finding] = of(report, "prompt-echo")
    assert finding.message == ("the correct option repeats 'naval' from the prompt, which no "
                               "wrong option has")


def test_prompt_echo_shared_with_a_wrong_option_or_stopped(tmp_path: Path) -> None:
    """A wrong option using the word too, or the word in stop_words, gives no finding."""
    qs = [sc("q-where", "Where was the naval exercise held?", [
        ("At a naval base near Vladivostok", True), ("At a naval port of Hokkaido", False)])]
    assert of(run(tmp_path, qs), "prompt-echo") == []
    qs = [sc("q-where", "Where was the naval exercise held?", [
        ("At a naval base near Vladivostok", True), ("In a port of Hokkaido", False)])]
    assert of(run(tmp_path, qs, stop_words=["naval"]), "prompt-echo") == []


# --- id-giveaway -----------------------------------------------------------------------------


def test_id_giveaway(tmp_path: Path) -> None:
    """Ids naming the answer (an option, a short answer, the true-false key) are flagged."""
    report = run(tmp_path, [
        sc("meeting-tokyo", "In which city was the meeting held?", [
            ("Tokyo", True), ("Moscow", False), ("Beijing", False)]),
        {"id": "small-step", "type": "short-text", "prompt": "One ___ step. (One word.)",
         "answers": ["small"], **BASE},
        tf("islands-false", "The islands were returned in 2013.", False),
    ])
    found = {f.question_id: f.message for f in of(report, "id-giveaway")}
    assert found == {
        "meeting-tokyo": "the id's word 'tokyo' stands in the answer but in no wrong option and "
                         "not in the prompt",
        "small-step": "the id's word 'small' stands in the answer but in no wrong option and not "
                      "in the prompt",
        "islands-false": "the id's word 'false' stands in the answer but in no wrong option and "
                         "not in the prompt",
    }


def test_id_naming_the_topic_is_fine(tmp_path: Path) -> None:
    """An id word found in the prompt, in a wrong option too, or not in the answer: no finding."""
    report = run(tmp_path, [
        sc("meeting-city", "In which city was the meeting held?", [
            ("Tokyo", True), ("Moscow", False)]),
        sc("tokyo-moscow", "Where?", [("Tokyo", True), ("Moscow", False)]),  # names both
        tf("islands-true", "The islands were returned in 2013.", False),
    ])
    assert of(report, "id-giveaway") == []


# --- near-duplicate --------------------------------------------------------------------------


P1 = {"paragraph": "p1", "quote": "on November 2, 2013"}


def test_near_duplicates_by_source_and_answer(tmp_path: Path) -> None:
    """Same quote, same keyed answer: one finding, on the later question, naming the earlier."""
    folder = write_bank(tmp_path, [
        sc("q-date", "When was the meeting held?", DATES, source=P1),
        sc("q-day", "Which day did the ministers sit together?", DATES, source=P1),
    ])
    report = lint(load_bank(folder))
    [finding] = of(report, "near-duplicate")
    path = folder / "01-t.yml"
    assert finding.question_id == "q-day"
    assert finding.message == ("it has the same source quote and the same keyed answer as "
                               f"question 'q-date' ({path}:{line_of(path, 'q-date')})")
    assert report.figures["near_duplicates"]["pairs"] == 1


def test_near_duplicates_by_wording(tmp_path: Path) -> None:
    """Two statements worded alike across files are one pair, reported once."""
    write_bank(tmp_path, [tf("s-a", "Russia and Japan held their first 2+2 in Tokyo.", True)])
    folder = write_bank(tmp_path, [tf("s-b", "Russia and Japan held their first 2+2 in Tokyo!",
                                      True)], name="02-u.yml")
    [finding] = of(lint(load_bank(folder)), "near-duplicate")
    assert finding.question_id == "s-b"
    assert "a prompt and keyed answer 100% alike (content words) as question 's-a'" in (
        finding.message)


def test_distinct_questions_on_one_quote_are_not_duplicates(tmp_path: Path) -> None:
    """One quote behind two questions with different answers, or different wording: fine."""
    report = run(tmp_path, [
        sc("q-date", "When was the meeting held?", DATES, source=P1),
        sc("q-year", "In what year was the meeting?", [("2013", True), ("2014", False)],
           source=P1),
        tf("s-a", "The meeting took place in Tokyo.", True, source=P1),
        tf("s-b", "The paper was written by a Japanese diplomat.", True, source=P1),
    ])
    assert of(report, "near-duplicate") == []


# --- dropdown-answer-first -------------------------------------------------------------------


def blanks_q(qid: str, **blank: Any) -> dict[str, Any]:
    """A fill-blanks question with one drop-down blank answered 'Tokyo'."""
    return {"id": qid, "type": "fill-blanks", "prompt": "Complete.",
            "passage": "They met in {{city}}.",
            "blanks": [{"id": "city", "answers": ["Tokyo"],
                        "options": ["Tokyo", "Moscow", "Beijing"], **blank}], **BASE}


def test_dropdown_answer_first_when_not_shuffled_or_pinned(tmp_path: Path) -> None:
    """A drop-down that always shows its answer first is flagged, with the reason."""
    report = run(tmp_path, [blanks_q("fb-fixed", shuffle=False),
                            blanks_q("fb-pinned", pin=["Tokyo"])])
    assert [f.message for f in of(report, "dropdown-answer-first")] == [
        "blank 'city' shows its answer 'Tokyo' first, and its shuffle is off",
        "blank 'city' shows its answer 'Tokyo' first, and the answer is pinned",
    ]


def test_shuffled_dropdowns_only_count_in_the_figures(tmp_path: Path) -> None:
    """Shuffled blanks give no per-question finding; the figures count where answers show."""
    ids = [f"fb-{n}" for n in range(6)]
    report = run(tmp_path, [blanks_q(i) for i in ids])
    assert [f for f in of(report, "dropdown-answer-first") if f.question_id] == []
    bank = load_bank(tmp_path / "bank")
    shown_first = sum(
        blank_option_order(q, q.blanks[0])[0] == 0 for q in (bank.questions[i] for i in ids))
    dropdowns = report.figures["dropdowns"]
    assert dropdowns["choice_blanks"] == 6 and dropdowns["answer_written_first"] == 6
    assert dropdowns["answer_shown_first"] == shown_first
    assert dropdowns["not_shuffled"] == 0 and dropdowns["chance"] == pytest.approx(1 / 3, abs=1e-4)
    bank_wide = [f for f in of(report, "dropdown-answer-first") if f.question_id is None]
    assert len(bank_wide) == (shown_first / 6 > 0.4)


# --- classification-distractor, none-of-the-above, todo --------------------------------------


def matching(qid: str, rights: list[str], distractors: list[str]) -> dict[str, Any]:
    """A matching question pairing statements with ``rights``."""
    pairs = [{"left": f"Statement {n}", "right": r} for n, r in enumerate(rights)]
    return {"id": qid, "type": "matching", "prompt": "Classify.", "pairs": pairs,
            "distractors": distractors, **BASE}


def test_classification_category_never_right(tmp_path: Path) -> None:
    """With repeated partners, a distractor category is 'offered but never right'."""
    report = run(tmp_path, [matching("m-class", ["Fact", "Fact", "Claim"], ["Opinion"]),
                            matching("m-pairs", ["Lavrov", "Shoigu"], ["Putin"])])
    [finding] = of(report, "classification-distractor")
    assert (finding.question_id, finding.message) == (
        "m-class", "the category 'Opinion' is offered but right for no item")
    assert finding.line == line_of(tmp_path / "bank" / "01-t.yml", "- Opinion")


def test_all_and_none_of_the_above(tmp_path: Path) -> None:
    """'All of the above' is flagged; 'None of the above' only when it is the key."""
    report = run(tmp_path, [
        sc("q-all", "Which?", [("Tokyo", False), ("Moscow", False), ("All of the above", True)]),
        sc("q-none-key", "Which?", [("Tokyo", False), ("None of the above", True)]),
        sc("q-none-wrong", "Which?", [("Tokyo", True), ("None of the above.", False)]),
    ])
    assert sorted(f.question_id or "" for f in of(report, "none-of-the-above")) == [
        "q-all", "q-none-key"]


def test_todo_placeholders_located_at_the_first_field(tmp_path: Path) -> None:
    """A scaffold's TODO text is found, at the line of its first field, and listed by field."""
    item = scaffold_question("single-choice", "draft-q", objective="obj")
    report = run(tmp_path, [item, sc("done-q", "When?", DATES)])
    [finding] = of(report, "todo")
    assert finding.question_id == "draft-q"
    assert finding.line == line_of(tmp_path / "bank" / "01-t.yml", "TODO: write the question")
    # Fields in the order the file has them (the writer puts the explanation before options).
    assert finding.message == ("TODO placeholder text is left in prompt, explanation, "
                               "options.0.text and 3 more")


# --- a well-written bank, accepted findings, the config ---------------------------------------


def test_a_sound_bank_has_no_findings(tmp_path: Path) -> None:
    """Keys in varied places, options of even length, balanced keys, no cues: nothing found."""
    report = run(tmp_path, [
        sc("host-city", "In which city did the ministers meet?",
           [("Tokyo", True), ("Osaka", False), ("Kyoto", False)], shuffle=False),
        sc("northern-waters", "Which waters lie north of Hokkaido?",
           [("East China Sea", False), ("Sea of Okhotsk", True), ("Yellow Sea", False)],
           shuffle=False),
        sc("publication-month", "In which month was the paper published?",
           [("October", False), ("December", False), ("November", True)], shuffle=False),
        sc("table-size", "How many ministers sat at the table?",
           [("Four", True), ("Five", False), ("Nine", False)], shuffle=False),
        sc("author-country", "Which country does the author come from?",
           [("Japan", False), ("India", True), ("China", False)], shuffle=False),
        tf("tf-venue", "The ministers met in Tokyo.", True),
        tf("tf-year", "The paper was published in 2014.", False),
        tf("tf-count", "Four ministers attended.", True),
        tf("tf-place", "The meeting took place in Moscow.", False),
        matching("m-posts", ["Foreign Minister", "Defence Minister"], ["Prime Minister"]),
        blanks_q("fb-city"),
    ])
    assert report.findings == []
    assert report.warnings == [] and report.accepted == []


def test_accepted_findings_are_kept_with_their_reason(tmp_path: Path) -> None:
    """An accept entry silences its finding (per question or bank-wide) and lists it."""
    events = ["the talks open", "the treaty signed", "the fleet sail", "the paper written",
              "the summit end"]
    qs = [sc(f"q-{n}", f"When was {event}?", [(f"{n + 1} May 201{n}", True),
                                              (f"{n + 1} June 201{n}", False)], shuffle=False)
          for n, event in enumerate(events)]
    qs.append(sc("q-all", "Which?", [("Tokyo and Osaka", False), ("All of the above", True)]))
    accepts = [
        Accept(check="correct-position", reason="dates are listed in calendar order"),
        Accept(check="none-of-the-above", question="q-all", reason="testing the format itself"),
        Accept(check="tf-balance", question="q-0", reason="stale"),
    ]
    assert len(run(tmp_path, qs).warnings) == 3
    report = run(tmp_path, qs, accept=accepts)
    assert report.warnings == []
    assert sorted((f.check, f.question_id, f.accepted) for f in report.accepted) == [
        ("correct-position", None, "dates are listed in calendar order"),
        ("correct-position", None, "dates are listed in calendar order"),
        ("none-of-the-above", "q-all", "testing the format itself"),
    ]
    assert report.unused_accepts == [accepts[2]]
    listed = {(f["check"], f["accepted"]) for f in report.as_json()["accepted"]}
    assert ("correct-position", "dates are listed in calendar order") in listed


def test_config_lint_section_from_quizkit_yml(tmp_path: Path) -> None:
    """quizkit.yml's lint section is read; unknown checks and bad shares are located errors."""
    (tmp_path / "quizkit.yml").write_text(
        "lint:\n  similarity: 0.7\n  true_share: [0.3, 0.7]\n  accept:\n"
        "    - check: longest-correct\n      question: q-a\n      reason: a quoted phrase\n",
        encoding="utf-8")
    config = load_config(tmp_path).lint
    assert (config.similarity, config.true_share) == (0.7, (0.3, 0.7))
    assert config.accept[0].question == "q-a"
    (tmp_path / "quizkit.yml").write_text(
        "lint:\n  accept:\n    - check: tf-balance\n      reason: ok\n"
        "    - check: longest-corect\n      reason: typo\n", encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_config(tmp_path)
    assert [str(p) for p in info.value.problems] == [
        f"{tmp_path / 'quizkit.yml'}:5: lint.accept.1.check: unknown check 'longest-corect'; "
        "did you mean 'longest-correct'?"]
    (tmp_path / "quizkit.yml").write_text("lint:\n  true_share: [0.7, 0.3]\n", encoding="utf-8")
    with pytest.raises(BankError) as info:
        load_config(tmp_path)
    assert str(info.value.problems[0]).endswith(
        "quizkit.yml:2: lint.true_share: true_share needs 0 <= low <= high <= 1 (found [0.7, 0.3])")


def test_hostile_text_is_quoted_safely(tmp_path: Path) -> None:
    """Invisible format characters and line separators come out escaped, on one line."""
    report = run(tmp_path, [matching("m-class", ["Fact", "Fact"], ["Op\u202e\u2028ed"])])
    [finding] = of(report, "classification-distractor")
    assert "\u202e" not in str(finding) and "\u2028" not in str(finding)
    assert "\n" not in str(finding)
    assert "'Op\\u202e ed'" in finding.message


def test_repository_quizkit_yml_holds_the_defaults() -> None:
    """The course's quizkit.yml writes out the default thresholds it documents."""
    root = Path(__file__).resolve().parents[1]
    config = load_config(root).lint
    defaults = LintConfig()
    for name in ("longest_correct_max", "length_difference", "position_max", "true_share",
                 "min_questions", "similarity", "absolute_words"):
        assert getattr(config, name) == getattr(defaults, name), name


def test_for_instructors_documents_every_check() -> None:
    """The 'For instructors' chapter has a table row for each check, and the config keys."""
    root = Path(__file__).resolve().parents[1]
    chapter = (root / "chapters" / "09-instructors.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `") for line in chapter.splitlines()
            if line.startswith("| `") and line.count("|") == 5}
    assert set(CHECKS) <= rows
    for name in LintConfig.model_fields:
        assert f"{name}:" in chapter or f"`{name}`" in chapter, name
