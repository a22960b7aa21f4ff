"""The course's own promises: the bank's size and coverage, and the chapters' structure."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from helpers import ROOT
from quizkit.bank import Bank, load_bank
from quizkit.models import QUESTION_TYPES
from quizkit.paper import load_paper

CHAPTERS = ROOT / "chapters"
MAIN_CHAPTERS = {
    "02-context": 2,
    "03-meeting": 3,
    "04-china": 4,
    "05-conclusions": 5,
    "06-critical-reading": 6,
    "07-afterwards": 7,
}
DIRECTIVE = re.compile(r"^(`{3,}|:{3,})\{(?P<name>[\w-]+)\}(?P<arg>[^\n]*)\n(?P<body>.*?)^\1", re.M | re.S)


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(ROOT / "bank")


def directives(text: str, name: str) -> list[tuple[str, dict[str, str]]]:
    """The (argument, options) of every ``name`` directive in a MyST page."""
    found = []
    for m in DIRECTIVE.finditer(text):
        if m.group("name") == name:
            opts = dict(re.findall(r"^:([\w-]+):\s*(.*)$", m.group("body"), re.M))
            found.append((m.group("arg").strip(), opts))
    return found


def test_bank_is_large_enough(bank: Bank) -> None:
    assert len(bank.questions) >= 100
    per_file = Counter(bank.file_of(q).stem for q in bank.questions)
    for stem in ("02-context", "03-meeting", "04-china", "05-conclusions"):
        assert per_file[stem] >= 12, stem


def test_every_type_used_at_least_six_times(bank: Bank) -> None:
    used = Counter(q.type for q in bank.questions.values())
    assert {t: used[t] for t in QUESTION_TYPES if used[t] < 6} == {}


def test_the_bank_tests_judgement_more_than_recall(bank: Bank) -> None:
    """At most 30% remember, at least 30% analyse or evaluate, and at least four analyse or
    evaluate questions in each of chapters 2 to 7 (revised Bloom levels, set per question)."""
    levels = Counter(q.level for q in bank.questions.values())
    total = len(bank.questions)
    assert levels["remember"] <= 0.30 * total, levels
    assert levels["analyse"] + levels["evaluate"] >= 0.30 * total, levels
    judgement = Counter(
        bank.file_of(q.id).stem
        for q in bank.questions.values()
        if q.level in ("analyse", "evaluate")
    )
    assert {stem: judgement[stem] for stem in MAIN_CHAPTERS if judgement[stem] < 4} == {}


def test_item_writing_checks_are_clean() -> None:
    """`quizkit lint` finds no cue in the course bank: true/false keys 40-60% True, the correct
    option the longest in at most 30% of choice questions, no written or displayed position
    holding it in more than 40%, no near-duplicates, absolute words not reserved for wrong
    options, every classification partner right for some item, no drop-down answer first
    when unshuffled, no id giving its answer away. Accepted findings carry their reason."""
    from quizkit.config import load_config
    from quizkit.lint import lint

    config = load_config(ROOT).lint
    assert config.true_share == (0.40, 0.60) or list(config.true_share) == [0.40, 0.60]
    assert config.longest_correct_max <= 0.30 and config.position_max <= 0.40
    report = lint(load_bank(ROOT / "bank"), config)
    assert [str(f) for f in report.warnings] == []
    assert all(f.accepted for f in report.accepted)


def test_every_objective_tested_twice(bank: Bank) -> None:
    short = {o: len(bank.questions_testing(o)) for o in bank.objectives}
    assert {o: n for o, n in short.items() if n < 2} == {}


def test_every_body_paragraph_covered_or_excused(bank: Bank) -> None:
    paper = load_paper()
    covered = {q.source.paragraph for q in bank.questions.values() if q.source.paragraph}
    missing = set(paper.paragraphs) - covered - set(paper.not_examinable)
    assert missing == set()


def test_bank_files_match_chapters(bank: Bank) -> None:
    assert {e.stem: e.model.chapter for e in bank.files} == MAIN_CHAPTERS


@pytest.mark.parametrize("stem", sorted(MAIN_CHAPTERS))
def test_main_chapter_structure(stem: str, bank: Bank) -> None:
    """Objectives at the top, a quiz inside the reading and one at the end, a folded model answer."""
    text = (CHAPTERS / f"{stem}.md").read_text(encoding="utf-8")
    objectives = directives(text, "objectives")
    assert [arg for arg, _ in objectives] == [stem]
    first_heading = text.index("\n## ")
    assert text.index("{objectives}") < first_heading
    quizzes = directives(text, "quiz")
    assert len(quizzes) >= 2
    last_section = text[text.rindex("\n## ") :]
    assert "{quiz}" in last_section, "a quiz closes the chapter"
    assert "{quiz}" in text[first_heading : text.rindex("\n## ")], "a quiz inside the reading"
    assert directives(text, "dropdown"), "a discussion task with a folded model answer"
    for _, opts in quizzes:
        for qid in filter(None, (s.strip() for s in opts.get("ids", "").split(","))):
            assert qid in bank.questions, f"{stem}: quiz names unknown question {qid}"


def test_paper_roles_point_to_real_paragraphs() -> None:
    paragraphs = set(load_paper().paragraphs)
    for page in CHAPTERS.glob("*.md"):
        for pid in re.findall(r"\{paper\}`([^`]+)`", page.read_text(encoding="utf-8")):
            assert pid in paragraphs, f"{page.name}: {pid}"


def test_glossary_defines_every_term_used() -> None:
    glossary = (CHAPTERS / "a2-glossary.md").read_text(encoding="utf-8")
    [body] = [m.group("body") for m in DIRECTIVE.finditer(glossary) if m.group("name") == "glossary"]
    defined = set(re.findall(r"^(\S[^\n]*)$", body, re.M))
    used: set[str] = set()
    for page in CHAPTERS.rglob("*.md"):
        for term in re.findall(r"\{term\}`([^`]+)`", page.read_text(encoding="utf-8")):
            used.add(" ".join(re.sub(r"^.*<(.+)>$", r"\1", term, flags=re.S).split()))
    assert used - defined == set()
    assert len(defined) >= 20


def test_final_review_draws_from_every_chapter(bank: Bank) -> None:
    text = (CHAPTERS / "08-final-review.md").read_text(encoding="utf-8")
    [(_, opts)] = directives(text, "quiz")
    assert "stratify" in opts, "the final review draws a balanced sample"
    chosen = bank.select(
        bank=opts["bank"], sample=int(opts["sample"]), seed=int(opts["seed"]), stratify=True
    )
    assert {bank.file_of(q.id).stem for q in chosen} == set(MAIN_CHAPTERS)


def test_exercise_notebook_for_every_main_chapter() -> None:
    assert {p.stem for p in (CHAPTERS / "exercises").glob("*.ipynb")} == set(MAIN_CHAPTERS)


def test_every_page_in_the_toc_exists() -> None:
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for name in re.findall(r"(?:file|root): (chapters/[\w/-]+)", toc):
        assert any((ROOT / f"{name}{ext}").exists() for ext in (".md", ".ipynb")), name


FACT_ROLE = re.compile(r"\{fact\}`(?:[^`<]*<)?([A-F][0-9]*(?:\.[0-9]+)?)>?`")
PLAIN_ITEM = re.compile(r"fact[- ]sheets?,? (?:items? |sections? )?([A-F][0-9]+(?:\.[0-9]+)?)\b")


def test_fact_sheet_citations_are_links_to_items_that_exist() -> None:
    """The pages cite background with the `fact` role (a link to the item's entry), never as
    plain text a reader cannot follow, and every cited item exists."""
    from quizkit.factsheet import load_factsheet

    factsheet = load_factsheet()
    cited: set[str] = set()
    plain: list[str] = []
    for page in sorted(CHAPTERS.rglob("*.md")):
        if page.name in ("a5-references.md", "09-instructors.md"):
            continue  # the references table itself; the instructors' chapter shows the syntax
        text = page.read_text(encoding="utf-8")
        cited.update(FACT_ROLE.findall(text))
        plain += [f"{page.name}: {m}" for m in PLAIN_ITEM.findall(text)]
    assert plain == []
    assert len(cited) >= 30
    assert sorted(cited - factsheet.items) == []
