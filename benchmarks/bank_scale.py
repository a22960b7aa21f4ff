"""How loading a bank scales: quizkit's load-and-validate against a bare C YAML parse.

For banks of 1,000, 10,000 and 100,000 questions (every type, spread over several files,
each grounded in a real quote of the paper), times in the same run:

- ``quizkit``: ``quizkit.bank.load_bank`` (parse with line numbers, validate, cross-file
  rules, grounding of every quote);
- ``baseline``: ``yaml.load(text, Loader=yaml.CSafeLoader)`` of the same files (PyYAML's
  libyaml-based loader, which only builds plain data);

and prints both, their ratio, and microseconds per question (flat when growth is linear).

Run: ``.venv/bin/python benchmarks/bank_scale.py [--sizes 1000,10000,100000] [--files 8]``.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from quizkit.bank import load_bank
from quizkit.course import Course
from quizkit.models import QUESTION_TYPES

COURSE = Course.load(Path(__file__).resolve().parents[1])
"""This repository's course: the generated banks quote its paper."""


def _question(i: int, qtype: str, pid: str, quote: str, objective: str) -> dict[str, Any]:
    q: dict[str, Any] = {"id": f"q-{i}", "type": qtype, "prompt": f"Question {i} about **{pid}**?"}
    if qtype in ("single-choice", "multiple-select"):
        q["options"] = [
            {"text": "Right answer", "correct": True, "feedback": "Yes, as the paper says."},
            {"text": "Wrong answer", "feedback": "No: read the paragraph again."},
            {"text": "Another wrong answer"},
            {"text": "None of the above", "pin": True},
        ]
    elif qtype == "true-false":
        q["answer"] = i % 2 == 0
        q["feedback_true"] = "That is what the paper says."
    elif qtype == "numeric":
        q["answer"] = 2013
        q["tolerance"] = 0
        q["unit"] = "year"
    elif qtype == "short-text":
        q["answers"] = ["Tokyo", "tokyo"]
        q["max_typos"] = 1
        q["common_mistakes"] = [{"answer": "Moscow", "feedback": "The meeting was in Tokyo."}]
    elif qtype == "matching":
        q["pairs"] = [
            {"left": "Fumio Kishida", "right": "Foreign Minister"},
            {"left": "Itsunori Onodera", "right": "Defence Minister"},
        ]
        q["distractors"] = ["Prime Minister"]
    elif qtype == "ordering":
        q["items"] = ["First event", "Second event", "Third event"]
    elif qtype == "fill-blanks":
        q["passage"] = "The meeting was held in {{city}} in {{year}}."
        q["blanks"] = [
            {"id": "city", "answers": ["Tokyo"]},
            {"id": "year", "answers": ["2013"], "options": ["2012", "2013", "2014"]},
        ]
    q["hints"] = ["Look at the paragraph cited."]
    q["explanation"] = f"The answer stands in paragraph {pid} of the paper."
    q["objectives"] = [objective]
    q["tags"] = ["bench", qtype]
    q["difficulty"] = ("easy", "medium", "hard")[i % 3]
    q["level"] = ("remember", "understand", "apply")[i % 3]
    q["source"] = {"paragraph": pid, "quote": quote}
    return q


def write_bank(directory: Path, n_questions: int, n_files: int) -> None:
    """Write a valid bank of ``n_questions`` spread over ``n_files`` files."""
    paras = list(COURSE.source().paragraphs.values())
    per_file = -(-n_questions // n_files)
    i = 0
    for f in range(n_files):
        objectives = [{"id": f"obj-{f}-{k}", "text": f"Objective {k} of file {f}."} for k in range(3)]
        questions = []
        for _ in range(per_file):
            if i >= n_questions:
                break
            block = paras[i % len(paras)]
            quote = " ".join(block.text.split()[2:9])
            questions.append(
                _question(i, QUESTION_TYPES[i % len(QUESTION_TYPES)], block.id, quote,
                          objectives[i % 3]["id"])
            )
            i += 1
        doc = {"schema_version": 1, "chapter": f + 1, "title": f"File {f}",
               "objectives": objectives, "questions": questions}
        text = yaml.dump(doc, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True,
                         width=4096)
        (directory / f"{f:02d}-bench.yml").write_text(text, encoding="utf-8")


def _baseline(directory: Path) -> int:
    n = 0
    for path in sorted(directory.glob("*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        n += len(data["questions"])
    return n


def _quizkit(directory: Path) -> int:
    return len(load_bank(directory, course=COURSE).questions)


def _best(fn: Any, directory: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn(directory)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    """Run the benchmark and print one row per bank size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--files", type=int, default=8)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    COURSE.source()  # both sides start warm: the course's paper is read once per process
    print(f"{'questions':>10} {'quizkit s':>10} {'baseline s':>11} {'ratio':>6} "
          f"{'quizkit us/q':>13} {'baseline us/q':>14}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            directory = Path(tmp)
            write_bank(directory, n, args.files)
            assert _quizkit(directory) == n == _baseline(directory)  # same files, all valid
            repeat = 3 if n <= 10_000 else 1
            t_base = _best(_baseline, directory, repeat)
            t_qk = _best(_quizkit, directory, repeat)
        print(f"{n:>10} {t_qk:>10.3f} {t_base:>11.3f} {t_qk / t_base:>6.2f} "
              f"{t_qk / n * 1e6:>13.1f} {t_base / n * 1e6:>14.1f}", flush=True)


if __name__ == "__main__":
    main()
