"""Item-writing checks: cues that let a learner answer without knowing, found in a valid bank.

``lint(bank, config) -> LintReport`` runs every check of :data:`CHECKS` over a loaded bank and
returns its findings (per question, located by file and line, or bank-wide) and the bank-wide
figures the checks judge. Nothing here knows a particular course: thresholds and word lists
come from :class:`quizkit.config.LintConfig` (the ``lint:`` section of ``quizkit.yml``), and a
finding the course accepts on purpose is kept, marked with the reason it was accepted.

Each check comes from a published item-writing guideline, named in :class:`Check`: most from
Haladyna, Downing and Rodriguez (2002), "A review of multiple-choice item-writing guidelines
for classroom assessment", *Applied Measurement in Education* 15(3); the true-false balance
from Frisbie and Becker (1991), "An analysis of textbook advice about true-false tests",
*Applied Measurement in Education* 4(1). Guidelines are cited by name, not number.

Text is compared as plain text (Markdown links and emphasis marks dropped) and words after
:func:`quizkit.grading.normalise`, lower-cased and lightly stemmed (a plural ``s`` dropped),
ignoring common English function words and the course's ``stop_words``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from quizkit.bank import Bank
from quizkit.config import Accept, LintConfig
from quizkit.drafts import PLACEHOLDER, placeholder_fields
from quizkit.grading import normalise
from quizkit.models import (
    FactsheetSource,
    FillBlanks,
    Matching,
    MultipleSelect,
    Numeric,
    Ordering,
    ParagraphSource,
    Question,
    ShortText,
    SingleChoice,
    TrueFalse,
    unhandled,
)
from quizkit.public import blank_option_order, display_order

_HDR = "Haladyna, Downing & Rodriguez (2002)"


@dataclass(frozen=True)
class Check:
    """One item-writing check: its id, what it looks for, the guideline and the usual fix."""

    id: str
    title: str
    guideline: str
    fix: str


CHECKS: dict[str, Check] = {
    c.id: c
    for c in (
        Check("longest-correct", "the correct option is the longest",
              f"{_HDR}: keep the length of options about equal",
              "shorten the correct option or lengthen the wrong ones (move the qualification "
              "into the prompt or give distractors the same precision)"),
        Check("correct-position", "one position holds the answer too often",
              f"{_HDR}: vary the location of the right answer",
              "reorder options so the correct one stands in each position about equally "
              "(written order), and keep shuffle on (displayed order)"),
        Check("tf-balance", "true-false keys are unbalanced",
              "Frisbie & Becker (1991): include about as many true as false statements",
              "rewrite some statements so the other key is right (negate the claim, or state "
              "the paper's actual figure)"),
        Check("absolute-words", "absolute words only in wrong options",
              f"{_HDR}: avoid clues to the right answer such as specific determiners "
              "(always, never, completely)",
              "remove the absolute word, or use such words in correct options too"),
        Check("prompt-echo", "only the correct option repeats a word of the prompt",
              f"{_HDR}: avoid clues to the right answer such as clang associations "
              "(options resembling words of the stem)",
              "reword the correct option, or let a wrong option use the prompt's word too"),
        Check("id-giveaway", "the question id names the answer",
              f"{_HDR}: avoid clues to the right answer (the id is shown with the question)",
              "rename the id after the topic, not the answer (ids are never reused, so do it "
              "before the question is published)"),
        Check("near-duplicate", "two questions test the same fact",
              f"{_HDR}: keep the content of each item independent of the other items",
              "merge the two questions, or make one test a different fact or a higher level"),
        Check("dropdown-answer-first", "a drop-down shows its answer first",
              f"{_HDR}: vary the location of the right answer",
              "leave the blank's shuffle on and unpin the answer, or write the answer elsewhere "
              "in the list"),
        Check("classification-distractor", "a category is offered but never right",
              f"{_HDR}: use none-of-the-above carefully (a category no item belongs to "
              "works like it)",
              "give the category an item it fits, or drop it from the distractors"),
        Check("none-of-the-above", "'all of the above', or 'none of the above' as the answer",
              f"{_HDR}: avoid all-of-the-above; use none-of-the-above carefully",
              "replace the option with a plausible wrong answer, or key a real option"),
        Check("todo", "placeholder text left in a question",
              f"{_HDR}: edit and proof items",
              f"replace every {PLACEHOLDER} with the real text (exports refuse such drafts)"),
    )
}
"""Every check, by id, in the order reports list them."""


@dataclass(frozen=True)
class Finding:
    """One finding: the check, the question (None for bank-wide), where, and what to do.

    ``line`` is None for a bank-wide finding (``file`` is then the bank's folder or file);
    ``accepted`` holds the reason from ``quizkit.yml`` when the course accepts the finding.
    """

    check: str
    question_id: str | None
    file: str
    line: int | None
    message: str
    guideline: str
    fix: str
    accepted: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:" if self.line is not None else f"{self.file}:"
        who = f" question '{self.question_id}':" if self.question_id is not None else ""
        return f"{where}{who} {self.check}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        """The finding as plain data (``quizkit lint --format json``)."""
        return {
            "check": self.check, "question": self.question_id, "file": self.file,
            "line": self.line, "message": self.message, "guideline": self.guideline,
            "fix": self.fix, "accepted": self.accepted,
        }


@dataclass
class LintReport:
    """Findings of every check (accepted ones included), bank-wide figures, stale accepts."""

    findings: list[Finding]
    figures: dict[str, Any]
    figure_lines: list[str]
    unused_accepts: list[Accept] = field(default_factory=list)
    questions: int = 0
    files: int = 0

    @property
    def warnings(self) -> list[Finding]:
        """Findings the course has not accepted."""
        return [f for f in self.findings if f.accepted is None]

    @property
    def accepted(self) -> list[Finding]:
        """Findings accepted in ``quizkit.yml``, each with its reason."""
        return [f for f in self.findings if f.accepted is not None]

    def as_json(self) -> dict[str, Any]:
        """The report as plain data."""
        return {
            "questions": self.questions,
            "files": self.files,
            "warnings": [f.as_json() for f in self.warnings],
            "accepted": [f.as_json() for f in self.accepted],
            "unused_accepts": [a.model_dump() for a in self.unused_accepts],
            "figures": self.figures,
            "checks": {c.id: {"title": c.title, "guideline": c.guideline, "fix": c.fix}
                       for c in CHECKS.values()},
        }


# ---------------------------------------------------------------------------------------------
# Text

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"[*_`~#>|]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each either few for
from further had has have having he her here hers him his how i if in into is it its itself
just least less many may me might more most much my neither no nor not now of off on once one
only or other ought our ours out over own per same shall she should since so some such than
that the their theirs them then there these they this those through thus to too two under
until up upon us very was we were what when where whether which while who whom whose why will
with within without would yet you your according question answer true false
""".split())


def plain(text: str) -> str:
    """Markdown as plain text: link and image text kept, emphasis and code marks dropped."""
    return " ".join(_MARKS.sub("", _LINK.sub(r"\1", text)).split())


def _stem(word: str) -> str:
    for suffix in ("'s", "’s"):
        word = word.removesuffix(suffix)
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


def words(text: str, stop: Iterable[str] = (), *, minimum: int = 4) -> set[str]:
    """Content words of ``text``: lower case, lightly stemmed, at least ``minimum`` letters,
    without common function words or ``stop``; numbers of 2 digits or more are kept."""
    skip = _STOP | {_stem(w) for w in stop}
    out = set()
    for raw in _WORD.findall(plain(text).lower()):
        w = _stem(raw)
        if w in skip:
            continue
        if len(w) >= minimum or (w.isdigit() and len(w) >= 2):
            out.add(w)
    return out


def _has_word(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![^\W_]){re.escape(phrase)}(?![^\W_])", plain(text).lower()) is not None


def _absolute(text: str, vocabulary: Sequence[str]) -> list[str]:
    return [w for w in vocabulary if _has_word(text, w)]


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "n/a"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _share(value: float) -> str:
    return f"{round(100 * value)}%"


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _quote(text: str, limit: int = 50) -> str:
    shown = plain(text)
    if not shown.isprintable():
        shown = shown.encode("unicode_escape").decode("ascii")
    return "'" + (shown if len(shown) <= limit else shown[: limit - 3] + "...") + "'"


# ---------------------------------------------------------------------------------------------
# Running the checks


class _Run:
    """The state of one lint run: the bank, the config, and the findings so far."""

    def __init__(self, bank: Bank, config: LintConfig, where: str) -> None:
        self.bank = bank
        self.config = config
        self.where = where
        self.findings: list[Finding] = []
        self.figures: dict[str, Any] = {}
        self.lines: list[str] = []

    def add(self, check: str, qid: str | None, message: str, *path: str | int) -> None:
        c = CHECKS[check]
        if qid is None:
            file, line = self.where, None
        else:
            file, line = str(self.bank.file_of(qid).path), self.bank.line_at(qid, *path)
        self.findings.append(Finding(check, qid, file, line, message, c.guideline, c.fix))

    def words(self, text: str) -> set[str]:
        return words(text, self.config.stop_words)

    def share_too_high(self, count: int, total: int, limit: float) -> bool:
        return total >= self.config.min_questions and count / total > limit


def _longest_correct(run: _Run, questions: list[SingleChoice]) -> None:
    longest = tied = 0
    chance = 0.0
    for q in questions:
        lengths = [len(plain(o.text)) for o in q.options]
        right = next(i for i, o in enumerate(q.options) if o.correct)
        wrong = max(n for i, n in enumerate(lengths) if i != right)
        chance += 1 / len(q.options)
        tied += lengths[right] == wrong
        if lengths[right] > wrong:
            longest += 1
            if lengths[right] >= wrong * (1 + run.config.length_difference):
                run.add("longest-correct", q.id,
                        f"the correct option is the longest ({lengths[right]} characters; the "
                        f"longest wrong option has {wrong})", "options", right)
    n = len(questions)
    limit = run.config.longest_correct_max
    run.figures["longest_correct"] = {
        "questions": n, "longest": longest, "tied": tied,
        "share": round(longest / n, 4) if n else None,
        "chance": round(chance / n, 4) if n else None, "threshold": limit,
    }
    run.lines.append(
        f"longest-correct: the correct option is the longest in {longest} of "
        f"{_n(n, 'single-choice question')} ({_pct(longest, n)}; threshold {_share(limit)}, chance "
        f"{_share(chance / n if n else 0)}) and tied for longest in {tied} more")
    if run.share_too_high(longest, n, limit):
        run.add("longest-correct", None,
                f"the correct option is the longest in {longest} of "
                f"{_n(n, 'single-choice question')} ({_pct(longest, n)}; threshold {_share(limit)})")


def _positions(counts: Counter[int], total: int) -> str:
    return ", ".join(f"{_ordinal(p + 1)} {counts[p]} ({_pct(counts[p], total)})"
                     for p in range(max(counts, default=-1) + 1))


def _correct_position(run: _Run, questions: list[SingleChoice]) -> None:
    written: Counter[int] = Counter()
    shown: Counter[int] = Counter()
    for q in questions:
        right = next(i for i, o in enumerate(q.options) if o.correct)
        written[right] += 1
        shown[display_order(q).index(right)] += 1
    n = len(questions)
    limit = run.config.position_max
    run.figures["correct_position"] = {
        "questions": n, "threshold": limit,
        "written": [written[p] for p in range(max(written, default=-1) + 1)],
        "displayed": [shown[p] for p in range(max(shown, default=-1) + 1)],
    }
    for name, counts in (("written", written), ("displayed", shown)):
        run.lines.append(f"correct-position: correct option by {name} position in "
                         f"{_n(n, 'single-choice question')}: {_positions(counts, n) or 'none'}")
        if counts:
            pos, count = max(sorted(counts.items()), key=lambda pc: pc[1])
            if run.share_too_high(count, n, limit):
                run.add("correct-position", None,
                        f"the correct option is {_ordinal(pos + 1)} in {name} order in {count} "
                        f"of {_n(n, 'single-choice question')} ({_pct(count, n)}; threshold "
                        f"{_share(limit)})")


def _tf_balance(run: _Run, questions: list[TrueFalse]) -> None:
    n = len(questions)
    true = sum(q.answer for q in questions)
    low, high = run.config.true_share
    expected = f"expected {_share(low)}-{_share(high)}"
    run.figures["true_false"] = {"questions": n, "true": true,
                                 "share": round(true / n, 4) if n else None,
                                 "expected": [low, high]}
    run.lines.append(f"tf-balance: {true} of {_n(n, 'true-false question')} keyed True "
                     f"({_pct(true, n)}; {expected})")
    if n >= run.config.min_questions and not low <= true / n <= high:
        run.add("tf-balance", None,
                f"{true} of {_n(n, 'true-false question')} are keyed True ({_pct(true, n)}; {expected})")


def _absolute_words(run: _Run, choice: list[SingleChoice | MultipleSelect],
                    tf: list[TrueFalse]) -> None:
    vocabulary = run.config.absolute_words
    in_wrong = in_right = flagged = 0
    for q in choice:
        right_words: set[str] = set()
        wrong_words: dict[str, int] = {}
        for i, o in enumerate(q.options):
            found = _absolute(o.text, vocabulary)
            if o.correct:
                in_right += bool(found)
                right_words.update(found)
            else:
                in_wrong += bool(found)
                for w in found:
                    wrong_words.setdefault(w, i)
        if wrong_words and not right_words:
            flagged += 1
            word, index = next(iter(wrong_words.items()))
            others = sorted(set(wrong_words) - {word})
            also = f" (also {', '.join(repr(w) for w in others)})" if others else ""
            run.add("absolute-words", q.id,
                    f"the absolute word '{word}'{also} stands in a wrong option and in no "
                    "correct one", "options", index)
    tf_false = tf_true = 0
    for t in tf:
        found = _absolute(t.prompt, vocabulary)
        if not found:
            continue
        if t.answer:
            tf_true += 1
        else:
            tf_false += 1
            flagged += 1
            run.add("absolute-words", t.id,
                    f"the statement contains the absolute word '{found[0]}' and is keyed False",
                    "prompt")
    run.figures["absolute_words"] = {
        "wrong_options": in_wrong, "correct_options": in_right, "questions_flagged": flagged,
        "true_false_keyed_false": tf_false, "true_false_keyed_true": tf_true,
    }
    run.lines.append(
        f"absolute-words: absolute words stand in {in_wrong} wrong and {in_right} correct "
        f"options of {_n(len(choice), 'choice question')}, and in {tf_false} true-false statements "
        f"keyed False and {tf_true} keyed True")


def _prompt_echo(run: _Run, choice: list[SingleChoice | MultipleSelect]) -> None:
    for q in choice:
        prompt = run.words(q.prompt)
        option_words = [run.words(o.text) for o in q.options]
        wrong = set().union(*(w for w, o in zip(option_words, q.options) if not o.correct))
        for i, (w, o) in enumerate(zip(option_words, q.options)):
            if not o.correct:
                continue
            echo = sorted((w & prompt) - wrong)
            if echo:
                run.add("prompt-echo", q.id,
                        f"the correct option repeats '{echo[0]}' from the prompt, which no "
                        "wrong option has", "options", i)
                break


def _keyed(q: Question) -> tuple[list[str], list[str], str]:
    """The keyed answer texts, the distractor texts and the prompt text a learner sees."""
    match q:
        case SingleChoice() | MultipleSelect():
            return ([o.text for o in q.options if o.correct],
                    [o.text for o in q.options if not o.correct], q.prompt)
        case TrueFalse():
            return (["true" if q.answer else "false"], [], q.prompt)
        case Numeric():
            value = (f"{q.answer:g}" if q.answer is not None
                     else f"{q.range.low:g} {q.range.high:g}" if q.range is not None else "")
            return ([value], [], q.prompt)
        case ShortText():
            return (list(q.answers), [], q.prompt)
        case FillBlanks():
            right = [b.answers[0] for b in q.blanks]
            wrong = [o for b in q.blanks for o in (b.options or []) if o not in b.answers]
            return (right, wrong, f"{q.prompt} {q.passage}")
        case Matching():
            return ([f"{p.left} {p.right}" for p in q.pairs], list(q.distractors), q.prompt)
        case Ordering():
            return (list(q.items), [], q.prompt)
        case _:
            unhandled(q)


def _id_giveaway(run: _Run, questions: list[Question]) -> None:
    for q in questions:
        if isinstance(q, (Matching, Ordering)):
            continue  # the answer is an arrangement of texts the learner sees anyway
        right, wrong, prompt = _keyed(q)
        id_words = run.words(q.id.replace("-", " "))
        if isinstance(q, TrueFalse):
            id_words = {w for w in q.id.split("-") if w in ("true", "false")}
            answer = {"true" if q.answer else "false"}
            hits = sorted(id_words & answer)
        else:
            answer = set().union(*(run.words(t) for t in right)) if right else set()
            distractors = set().union(*(run.words(t) for t in wrong)) if wrong else set()
            if id_words & distractors:
                continue  # the id names a wrong option too, so it singles nothing out
            hits = sorted((id_words & answer) - run.words(prompt))
        if hits:
            run.add("id-giveaway", q.id,
                    f"the id's word '{hits[0]}' stands in the answer but in no wrong option and "
                    "not in the prompt", "id")


def _source_key(q: Question) -> tuple[str, ...] | None:
    s = q.source
    if s.quote:
        return ("paragraph", str(s.paragraph), normalise(s.quote))
    match s:
        case FactsheetSource():
            return ("factsheet", s.factsheet)
        case ParagraphSource():
            return None
        case _:
            unhandled(s)


def _near_duplicates(run: _Run, questions: list[Question]) -> None:
    order = {q.id: (str(run.bank.file_of(q.id).path), run.bank.line_of(q.id)) for q in questions}
    pairs: dict[tuple[str, str], str] = {}

    def pair(a: str, b: str, why: str) -> None:
        key = (a, b) if order[a] <= order[b] else (b, a)
        pairs.setdefault(key, why)

    by_source: dict[tuple[str, ...], list[str]] = {}
    for q in questions:
        key = _source_key(q)
        # Two true-false statements on one quote share a key by chance (True or False).
        if key is not None and not isinstance(q, TrueFalse):
            answer = sorted(normalise(t) for t in _keyed(q)[0])
            by_source.setdefault((q.type, *key, *answer), []).append(q.id)
    for ids in by_source.values():
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                pair(a, b, "the same source quote and the same keyed answer")
    bags = {q.id: run.words(q.prompt + " " + " ".join(_keyed(q)[0])) for q in questions}
    index: dict[str, list[str]] = {}
    for qid, bag in bags.items():
        for w in bag:
            index.setdefault(w, []).append(qid)
    for a, bag in bags.items():
        for b in {b for w in bag for b in index[w] if b > a}:
            score = len(bag & bags[b]) / len(bag | bags[b])
            if score >= run.config.similarity:
                pair(a, b, f"a prompt and keyed answer {round(100 * score)}% alike (content words)")
    for (first, second), why in sorted(pairs.items(), key=lambda kv: (order[kv[0][1]], kv[0][0])):
        file, line = order[first]
        run.add("near-duplicate", second, f"it has {why} as question '{first}' ({file}:{line})")
    found = len(pairs)
    run.figures["near_duplicates"] = {"pairs": found, "similarity": run.config.similarity}
    run.lines.append(f"near-duplicate: {found} pair{'s' if found != 1 else ''} of questions "
                     f"test the same fact (similarity threshold {run.config.similarity:g})")


def _dropdowns(run: _Run, questions: list[FillBlanks]) -> None:
    total = written_first = shown_first = fixed = 0
    chance = 0.0
    for q in questions:
        for bi, b in enumerate(q.blanks):
            if b.options is None:
                continue
            total += 1
            chance += 1 / len(b.options)
            answer = b.options.index(b.answers[0])
            first = blank_option_order(q, b)[0] == answer
            written_first += answer == 0
            shown_first += first
            if not b.shuffle or b.answers[0] in b.pin:
                fixed += 1
                if first:
                    why = "its shuffle is off" if not b.shuffle else "the answer is pinned"
                    run.add("dropdown-answer-first", q.id,
                            f"blank '{b.id}' shows its answer {_quote(b.answers[0])} first, and "
                            f"{why}", "blanks", bi)
    limit = run.config.position_max
    run.figures["dropdowns"] = {
        "choice_blanks": total, "answer_written_first": written_first,
        "answer_shown_first": shown_first, "not_shuffled": fixed,
        "chance": round(chance / total, 4) if total else None, "threshold": limit,
    }
    run.lines.append(
        f"dropdown-answer-first: the answer is written first in {written_first} and shown first "
        f"in {shown_first} of {_n(total, 'drop-down blank')} ({_pct(shown_first, total)} shown "
        f"first; chance {_pct(round(100 * chance), 100 * total)}; {fixed} not shuffled)")
    if run.share_too_high(shown_first, total, limit):
        run.add("dropdown-answer-first", None,
                f"{shown_first} of {_n(total, 'drop-down blank')} show their answer first "
                f"({_pct(shown_first, total)}; threshold {_share(limit)})")


def _classification(run: _Run, questions: list[Matching]) -> None:
    for q in questions:
        rights = [p.right for p in q.pairs]
        if len(set(rights)) == len(rights):
            continue  # one partner per item: extra partners are ordinary distractors
        for i, d in enumerate(q.distractors):
            run.add("classification-distractor", q.id,
                    f"the category {_quote(d)} is offered but right for no item",
                    "distractors", i)


_ALL = re.compile(r"^all (?:of )?(?:the )?(?:above|these|of these|options|answers)\W*$")
_NONE = re.compile(r"^none (?:of )?(?:the )?(?:above|these|of these|options|answers)\W*$")


def _none_of_the_above(run: _Run, choice: list[SingleChoice | MultipleSelect]) -> None:
    for q in choice:
        for i, o in enumerate(q.options):
            text = plain(o.text).lower()
            if _ALL.match(text):
                run.add("none-of-the-above", q.id,
                        f"the option {_quote(o.text)} is an all-of-the-above option", "options", i)
            elif _NONE.match(text) and o.correct:
                run.add("none-of-the-above", q.id,
                        f"the option {_quote(o.text)} is the keyed answer", "options", i)


def _todo(run: _Run, questions: list[Question]) -> None:
    for q in questions:
        paths = sorted(placeholder_fields(q), key=lambda p: run.bank.line_at(q.id, *p))
        if paths:
            names = [".".join(str(k) for k in p) for p in paths]
            more = f" and {len(names) - 3} more" if len(names) > 3 else ""
            run.add("todo", q.id,
                    f"{PLACEHOLDER} placeholder text is left in {', '.join(names[:3])}{more}",
                    *paths[0])


def _where(bank: Bank) -> str:
    parents = {str(e.path.parent) for e in bank.files}
    if len(bank.files) == 1:
        return str(bank.files[0].path)
    return parents.pop() if len(parents) == 1 else "bank"


def _accept(findings: list[Finding], accepts: list[Accept]) -> tuple[list[Finding], list[Accept]]:
    used: set[int] = set()
    out = []
    for f in findings:
        for n, a in enumerate(accepts):
            if a.check == f.check and (a.question is None or a.question == f.question_id):
                f = replace(f, accepted=a.reason)
                used.add(n)
                break
        out.append(f)
    return out, [a for n, a in enumerate(accepts) if n not in used]


def lint(bank: Bank, config: LintConfig | None = None, *, where: str | None = None) -> LintReport:
    """Run every item-writing check over ``bank`` with ``config`` (defaults if None).

    ``where`` names the bank in bank-wide findings (default: the folder of its files).
    Findings come per question in file and line order, then bank-wide; each names its
    guideline and fix. Findings matching an ``accept`` entry are marked accepted.
    """
    config = config or LintConfig()
    run = _Run(bank, config, where or _where(bank))
    questions = list(bank.questions.values())
    single = [q for q in questions if isinstance(q, SingleChoice)]
    choice = [q for q in questions if isinstance(q, (SingleChoice, MultipleSelect))]
    tf = [q for q in questions if isinstance(q, TrueFalse)]
    _longest_correct(run, single)
    _correct_position(run, single)
    _tf_balance(run, tf)
    _absolute_words(run, choice, tf)
    _prompt_echo(run, choice)
    _id_giveaway(run, questions)
    _near_duplicates(run, questions)
    _dropdowns(run, [q for q in questions if isinstance(q, FillBlanks)])
    _classification(run, [q for q in questions if isinstance(q, Matching)])
    _none_of_the_above(run, choice)
    _todo(run, questions)
    rank = {c: n for n, c in enumerate(CHECKS)}
    ordered = sorted(run.findings, key=lambda f: (
        f.line is None, f.file, f.line or 0, rank[f.check], f.question_id or ""))
    findings, unused = _accept(ordered, config.accept)
    run.figures["by_check"] = dict(Counter(f.check for f in findings if f.accepted is None))
    return LintReport(findings, run.figures, run.lines, unused, len(questions), len(bank.files))


def course_config(paths: Sequence[str | Path]) -> tuple[LintConfig, Path | None]:
    """The ``lint`` settings of the ``quizkit.yml`` that governs ``paths`` (the first one)."""
    from quizkit.config import find_config, load_config

    found = find_config(paths[0]) if paths else None
    if found is None:
        return LintConfig(), None
    return load_config(found.parent).lint, found


__all__ = [
    "CHECKS",
    "Check",
    "Finding",
    "LintReport",
    "course_config",
    "lint",
    "plain",
    "words",
]
