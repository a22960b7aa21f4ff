"""The Sphinx extension on a tiny project: quiz, objectives and source-text directives, source role."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from html import unescape
from pathlib import Path

import pytest

from helpers import course_yml

pytestmark = pytest.mark.slow

TINY_BANK = textwrap.dedent(
    """\
    schema_version: 1
    chapter: 1
    title: A tiny bank
    objectives:
      - id: tiny-date
        text: Learners can give the date of the meeting.
      - id: tiny-order
        text: Learners can put the events in order.
    questions:
      - id: tiny-date
        type: single-choice
        prompt: On what date did the ministers meet in Tokyo?
        options:
          - text: 2 November 2013
            correct: true
          - text: 4 November 2013
            feedback: That is the date of the paper.
        level: remember
        explanation: The paper opens with the date of the meeting.
        objectives: [tiny-date]
        tags: [dates]
        source: {paragraph: p1, quote: "on November 2, 2013"}
      - id: tiny-true
        type: true-false
        prompt: The meeting was held in Tokyo.
        answer: true
        level: remember
        explanation: The paper names Tokyo as the venue.
        objectives: [tiny-date]
        tags: [places]
        source: {paragraph: p1, quote: "in Tokyo"}
    """
)

SECOND_BANK = textwrap.dedent(
    """\
    schema_version: 1
    chapter: 2
    title: A second tiny bank
    objectives:
      - id: second-one
        text: Learners can do one thing.
      - id: second-two
        text: Learners can do another.
    questions:
    """
) + "".join(
    textwrap.indent(
        textwrap.dedent(
            f"""\
            - id: second-{n}
              type: true-false
              prompt: Statement {n}.
              answer: true
              explanation: Because.
              objectives: [{objective}]
              level: remember
              source: {{factsheet: B1.1}}
            """
        ),
        "  ",
    )
    for n, objective in ((1, "second-one"), (2, "second-two"), (3, "second-one"))
)

COURSE_CONFIG = course_yml(
    "# The tiny course's defaults.\nattempts:\n  tries: 3\n  penalty: 0.25\n")

POLICY_PAGE = textwrap.dedent(
    """\
    # Policies

    ```{quiz}
    :bank: 01-tiny
    :title: Course default
    ```

    ```{quiz}
    :bank: 01-tiny
    :tries: 1
    :penalty: 0
    :title: One shot
    ```

    ```{quiz}
    :bank: 01-tiny
    :tries: unlimited
    :title: Practice
    ```

    ```{quiz}
    :bank: all
    :sample: 2
    :seed: {seed}
    :stratify:
    :title: Balanced
    ```
    """
)

CONF = textwrap.dedent(
    """\
    extensions = ["myst_parser", "quizkit.sphinx"]
    myst_enable_extensions = ["colon_fence"]
    exclude_patterns = ["bank", "_build"]
    root_doc = "index"
    """
)

INDEX = textwrap.dedent(
    """\
    # Tiny

    ```{toctree}
    chapters/quiz
    chapters/policy
    chapters/a1-paper
    ```
    """
)

QUIZ_PAGE = textwrap.dedent(
    """\
    # Quiz page

    ```{objectives} 01-tiny
    ```

    The paper's first paragraph is {source}`p1`; the bullets start at {source}`paper:p12`.

    ```{quiz}
    :bank: 01-tiny
    :ids: tiny-date, tiny-true
    :title: Check your understanding
    ```
    """
)

PLAIN_PAGE = "# The paper\n\n```{source-text}\n```\n"


def _plain_then_stratified_differ() -> int:
    """A seed whose plain sample of 2 takes both questions from one bank file."""
    from quizkit.bank import loads

    files = {"01-tiny": loads(TINY_BANK, "01-tiny.yml"), "02-tiny": loads(SECOND_BANK, "02-tiny.yml")}
    chapter = {q.id: stem for stem, f in files.items() for q in f.questions}
    pool = [q for f in files.values() for q in f.questions]
    import random

    for seed in range(100):
        drawn = random.Random(seed).sample(pool, 2)
        if len({chapter[q.id] for q in drawn}) == 1:
            return seed
    raise AssertionError("no seed found")


BALANCED_SEED = _plain_then_stratified_differ()


def _project(root: Path, quiz_page: str = QUIZ_PAGE) -> Path:
    (root / "bank").mkdir(parents=True)
    (root / "bank" / "01-tiny.yml").write_text(TINY_BANK, encoding="utf-8")
    (root / "bank" / "02-tiny.yml").write_text(SECOND_BANK, encoding="utf-8")
    (root / "quizkit.yml").write_text(COURSE_CONFIG, encoding="utf-8")
    (root / "chapters").mkdir()
    (root / "conf.py").write_text(CONF, encoding="utf-8")
    (root / "index.md").write_text(INDEX, encoding="utf-8")
    (root / "chapters" / "quiz.md").write_text(quiz_page, encoding="utf-8")
    (root / "chapters" / "policy.md").write_text(
        POLICY_PAGE.replace("{seed}", str(BALANCED_SEED)), encoding="utf-8"
    )
    (root / "chapters" / "a1-paper.md").write_text(PLAIN_PAGE, encoding="utf-8")
    return root


def _build(src: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", "html",
         str(src), str(src / "_build" / "html")],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny project, built once for this module."""
    src = _project(tmp_path_factory.mktemp("tiny"))
    proc = _build(src)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return src / "_build" / "html"


def test_quiz_directive_renders_the_selected_questions(tiny_site: Path) -> None:
    """The quiz page has one quiz container holding exactly the two selected questions, each
    linking its paragraph note to the source page."""
    html = (tiny_site / "chapters" / "quiz.html").read_text(encoding="utf-8")
    assert html.count("data-quizkit=") == 1
    from quizkit.html import page_payloads

    (payload,) = page_payloads(tiny_site / "chapters" / "quiz.html")
    assert [q["id"] for q in payload["questions"]] == ["tiny-date", "tiny-true"]
    assert payload["title"] == "Check your understanding"
    # The paper link is resolved relative to this page; the tiny project has no references.
    assert 'data-paper-href="a1-paper.html"' in html
    assert 'data-refs-href=""' in html
    # Each question's own link, resolved when the page is written, and its source's label.
    assert [(q["spec"]["source"]["href"], q["spec"]["source"]["label"])
            for q in payload["questions"]] == [("a1-paper.html#p1", "the source text")] * 2


def test_quiz_page_links_assets_and_other_pages_do_not(tiny_site: Path) -> None:
    """Only the quiz page loads the quiz assets, from _static/_quizkit/, which the build copies."""
    quiz = (tiny_site / "chapters" / "quiz.html").read_text(encoding="utf-8")
    paper = (tiny_site / "chapters" / "a1-paper.html").read_text(encoding="utf-8")
    for name in ("grader.js", "quizkit.js"):
        assert re.search(rf'<script defer="defer" src="\.\./_static/_quizkit/{name}\?v=', quiz)
        assert f"_quizkit/{name}" not in paper
        assert (tiny_site / "_static" / "_quizkit" / name).is_file()
    assert 'href="../_static/_quizkit/quizkit.css?v=' in quiz
    assert "_quizkit" not in paper


def test_objectives_directive_lists_the_bank_objectives(tiny_site: Path) -> None:
    """The objectives directive renders an admonition titled Learning objectives."""
    html = (tiny_site / "chapters" / "quiz.html").read_text(encoding="utf-8")
    box = re.search(r'<div class="qk-objectives[^"]*admonition">.*?</div>', html, re.S)
    assert box is not None
    assert "Learning objectives" in box.group(0)
    assert "Learners can give the date of the meeting." in box.group(0)
    assert "Learners can put the events in order." in box.group(0)


def test_paper_role_links_to_the_anchor(tiny_site: Path) -> None:
    """{source}`p1` and {source}`paper:p12` become links ¶1 and ¶12 to a1-paper.html#p1, #p12."""
    html = (tiny_site / "chapters" / "quiz.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="reference internal" href="a1-paper.html#p1">.*?¶1<', html)
    assert re.search(r'<a class="reference internal" href="a1-paper.html#p12">.*?¶12<', html)


def test_paper_text_has_numbered_anchored_paragraphs(tiny_site: Path) -> None:
    """Every paragraph p1..p18 has its anchor and visible number; text and slips are kept."""
    from quizkit.paper import load_paper

    paper = load_paper()
    html = (tiny_site / "chapters" / "a1-paper.html").read_text(encoding="utf-8")
    for pid, block in paper.paragraphs.items():
        match = re.search(rf'<p class="qk-source-para" id="{pid}">(.*?)</p>', html, re.S)
        assert match, pid
        assert f"¶{pid[1:]}" in match.group(1)
        shown = " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())
        assert shown.endswith(" ".join(block.text.split())), pid
    assert "can be read asadding substantive contours" in html  # the paper's own slip
    assert "Major Highlights of Russia-China 2+2 Meeting in Tokyo</h2>" in html
    assert paper.citation.replace("&", "&amp;") in html


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (":bank: 01-tiny\n:ids: no-such-question\n", "no-such-question"),
        (":bank: 99-missing\n", "99-missing"),
        (":bank: 01-tiny\n:tags: nothing-has-this-tag\n", "nothing-has-this-tag"),
        (":bank: 01-tiny\n:types: ordering\n", "no question matches|selects no questions"),
        (":bank: 01-tiny\n:tries: lots\n", r"tries must be a whole number .*\(found 'lots'\)"),
        (":bank: 01-tiny\n:tries: 0\n", r"tries must be .*\(found '0'\)"),
        (":bank: 01-tiny\n:penalty: 1.5\n", r"penalty must be a number from 0 to 1.*\(found '1\.5'\)"),
        (":bank: 01-tiny\n:penalty: a third\n", r"penalty must be .*\(found 'a third'\)"),
        (":bank: all\n:stratify:\n", r":stratify: balances a sample: give :sample:"),
    ],
)
def test_bad_selection_fails_the_build_with_file_and_line(
    tmp_path: Path, snippet: str, expected: str
) -> None:
    """A selection that cannot be met is a warning at quiz.md:LINE, so -W fails the build."""
    page = "# Quiz page\n\nSome text.\n\n```{quiz}\n" + snippet + "```\n"
    src = _project(tmp_path, quiz_page=page)
    proc = _build(src)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert re.search(r"chapters/quiz\.md:5: (?:WARNING|ERROR): quizkit", out), out
    assert re.search(expected, out), out
    assert "Traceback" not in out


def test_bank_error_fails_the_build_with_the_problem(tmp_path: Path) -> None:
    """An invalid bank file is reported at the directive, with the bank's own file:line."""
    src = _project(tmp_path)
    bad = TINY_BANK.replace("type: true-false", "type: true-or-false")
    (src / "bank" / "01-tiny.yml").write_text(bad, encoding="utf-8")
    proc = _build(src)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "chapters/quiz.md:3:" in out
    assert "01-tiny.yml:" in out and "tiny-true" in out
    assert "Traceback" not in out


def test_unknown_paper_paragraph_is_an_error(tmp_path: Path) -> None:
    """{source}`p99` and an unknown source are reported with their line, not turned into
    broken links."""
    page = "# Quiz page\n\nSee {source}`p99`.\n\nAnd {source}`papr:p1`.\n"
    src = _project(tmp_path, quiz_page=page)
    proc = _build(src)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "quiz.md:3" in out and "source 'paper' has no paragraph 'p99' (paragraphs are p1..p18)" in out
    assert "quiz.md:5" in out and "no source 'papr'; did you mean 'paper'?" in out


def test_math_fails_the_build_instead_of_loading_mathjax(tmp_path: Path) -> None:
    """A page with math would need MathJax from a CDN: a warning names the page."""
    page = "# Quiz page\n\nThe square {math}`x^2`.\n"
    src = _project(tmp_path, quiz_page=page)
    proc = _build(src)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "chapters/quiz has math" in out
    html = (src / "_build" / "html" / "chapters" / "quiz.html").read_text(encoding="utf-8")
    assert "mathjax" not in html.lower().split("</head>")[0]


def test_raw_quiz_html_gets_the_assets_like_a_notebook_output(tmp_path: Path) -> None:
    """A page whose HTML holds a quiz fragment from elsewhere (a notebook's text/html
    output of quizkit.show) is given the quiz assets too: the marker decides, not the directive."""
    from quizkit.bank import loads
    from quizkit.html import render_quiz

    fragment = render_quiz(list(loads(TINY_BANK, "tiny.yml").questions)[:1])
    page = "# Quiz page\n\n```{raw} html\n" + fragment + "```\n"
    src = _project(tmp_path, quiz_page=page)
    proc = _build(src)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = (src / "_build" / "html" / "chapters" / "quiz.html").read_text(encoding="utf-8")
    assert "data-quizkit=" in html
    assert "_static/_quizkit/quizkit.js" in html and "_static/_quizkit/grader.js" in html


def test_quiz_policy_options_and_course_defaults(tiny_site: Path) -> None:
    """Each quiz's packed data carries its policy: the course's quizkit.yml by default,
    :tries: and :penalty: where given (each overriding only itself)."""
    from quizkit.html import page_payloads

    policies = {p["title"]: p["attempts"]
                for p in page_payloads(tiny_site / "chapters" / "policy.html")}
    assert policies == {
        "Course default": {"tries": 3, "penalty": 0.25},
        "One shot": {"tries": 1, "penalty": 0},
        "Practice": {"tries": None, "penalty": 0.25},
        "Balanced": {"tries": 3, "penalty": 0.25},
    }


def test_stratify_gives_the_stratified_selection(tiny_site: Path) -> None:
    """:stratify: draws Bank.select(..., stratify=True): one question per bank file, where a
    plain sample with the same seed takes both from one file."""
    from quizkit.bank import load_bank
    from quizkit.html import page_payloads

    (balanced,) = [p for p in page_payloads(tiny_site / "chapters" / "policy.html")
                   if p["title"] == "Balanced"]
    shown = [q["id"] for q in balanced["questions"]]
    bank = load_bank(tiny_site.parents[1] / "bank")
    expected = bank.select(bank="all", sample=2, seed=BALANCED_SEED, stratify=True)
    assert shown == [q.id for q in expected]
    assert {bank.file_of(i).stem for i in shown} == {"01-tiny", "02-tiny"}
    plain = bank.select(bank="all", sample=2, seed=BALANCED_SEED)
    assert len({bank.file_of(q.id).stem for q in plain}) == 1


def test_faulty_course_config_fails_the_build_at_its_line(tmp_path: Path) -> None:
    """A mistake in quizkit.yml is a warning at quizkit.yml:LINE naming the field."""
    src = _project(tmp_path)
    config = course_yml("attempts:\n  tries: 3\n  penalty: 2\n")
    (src / "quizkit.yml").write_text(config, encoding="utf-8")
    proc = _build(src)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    line = len(config.splitlines())
    assert re.search(
        rf"quizkit\.yml:{line}: WARNING: quizkit: course configuration: attempts\.penalty: .*1",
        out), out
    assert "Traceback" not in out


# ---------------------------------------------------------------- rebuilds after an edit

NB_CONF = textwrap.dedent(
    """\
    from pathlib import Path

    extensions = ["myst_nb", "quizkit.sphinx"]
    exclude_patterns = ["bank", "_build"]
    root_doc = "index"
    nb_execution_mode = "cache"
    nb_execution_cache_path = str(Path(__file__).parent / "_build" / ".jupyter_cache")
    nb_mime_priority_overrides = [["html", "text/html", 5]]
    """
)


def _notebook(*cells: str) -> str:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# A notebook")]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    return str(nbformat.writes(nb))


def _rebuild_project(root: Path) -> Path:
    """Pages drawing on each bank file, a notebook whose quiz is one call (refreshed at read
    time) and one whose quiz is shown otherwise (run again when its bank changes)."""
    (root / "bank").mkdir(parents=True)
    (root / "bank" / "01-tiny.yml").write_text(TINY_BANK, encoding="utf-8")
    (root / "bank" / "02-tiny.yml").write_text(SECOND_BANK, encoding="utf-8")
    (root / "quizkit.yml").write_text(COURSE_CONFIG, encoding="utf-8")
    (root / "chapters").mkdir()
    (root / "conf.py").write_text(NB_CONF, encoding="utf-8")
    (root / "index.md").write_text(
        "# Tiny\n\n```{toctree}\nchapters/first\nchapters/second\nchapters/nb\nchapters/other\n```\n",
        encoding="utf-8",
    )
    (root / "chapters" / "first.md").write_text(
        "# First\n\n```{quiz}\n:bank: 01-tiny\n```\n", encoding="utf-8"
    )
    (root / "chapters" / "second.md").write_text(
        "# Second\n\n```{quiz}\n:bank: 02-tiny\n```\n", encoding="utf-8"
    )
    (root / "chapters" / "nb.ipynb").write_text(
        _notebook("import quizkit", 'quizkit.show(bank="01-tiny", title="Notebook quiz")'),
        encoding="utf-8",
    )
    (root / "chapters" / "other.ipynb").write_text(
        _notebook("import quizkit", 'quiz = quizkit.show(bank="01-tiny", title="Notebook quiz")\nquiz'),
        encoding="utf-8",
    )
    return root


def _verbose_build(src: Path) -> tuple[set[str], int, int]:
    """Build; the documents read, the notebooks executed and those taken from the cache."""
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-b", "html",
         str(src), str(src / "_build" / "html")],
        capture_output=True, text=True, timeout=600, check=False, cwd=src,
    )  # fmt: skip
    out = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)
    assert proc.returncode == 0, out[-3000:]
    read = set(re.findall(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)", out, re.M))
    return read, out.count("Executing notebook using"), out.count("Using cached notebook")


def _prompts(site: Path, page: str) -> list[str]:
    from quizkit.html import page_payloads

    return [item["spec"]["prompt"] for p in page_payloads(site / "chapters" / f"{page}.html")
            for item in p["questions"]]


def test_rebuild_after_editing_a_question_shows_it_everywhere_and_reads_little(
    tmp_path: Path,
) -> None:
    """After one prompt is edited, every page that shows it has the new text (the notebook
    with a one-call quiz refreshed from the execution cache, the other run again, both giving
    the same quiz); pages drawing on another bank file are not read again; a rebuild with
    nothing changed reads nothing and runs no notebook."""
    src = _rebuild_project(tmp_path / "book")
    site = src / "_build" / "html"
    read, executed, cached = _verbose_build(src)
    assert {"chapters/first", "chapters/second", "chapters/nb", "chapters/other"} <= read
    assert (executed, cached) == (2, 0)
    assert "<p>On what date did the ministers meet in Tokyo?</p>\n" in _prompts(site, "nb")

    assert _verbose_build(src) == (set(), 0, 0)
    before = _shared_files_linked(site)

    bank = src / "bank" / "01-tiny.yml"
    bank.write_text(bank.read_text(encoding="utf-8").replace(
        "prompt: On what date", "prompt: Edited. On what date"), encoding="utf-8")  # fmt: skip
    read, executed, cached = _verbose_build(src)
    assert read == {"chapters/first", "chapters/nb", "chapters/other"}
    assert (executed, cached) == (1, 1)
    for page in ("first", "nb", "other"):
        assert "<p>Edited. On what date did the ministers meet in Tokyo?</p>\n" in _prompts(site, page)
    from quizkit.html import page_payloads

    def quiz(page: str) -> list[object]:
        return page_payloads(site / "chapters" / f"{page}.html")

    assert quiz("nb") == quiz("other")
    # The edited file's questions are in a new shared file (its name follows its content),
    # which the pages link; the old one is gone, and no page links a missing file.
    after = _shared_files_linked(site)
    assert any(name.startswith("01-tiny.") for name in before)
    assert {n for n in after if n.startswith("01-tiny.")}.isdisjoint(before)


def _shared_files_linked(site: Path) -> set[str]:
    """The shared question files the built pages link, checked to be exactly those on disk."""
    linked = {name for page in site.rglob("*.html")
              for name in re.findall(r"_quizkit/data/([\w.-]+\.js)", page.read_text(encoding="utf-8"))}
    assert linked == {p.name for p in (site / "_static" / "_quizkit" / "data").glob("*.js")}
    return linked


@pytest.mark.parametrize(
    ("cell", "call", "other"),
    [
        ('quizkit.show(bank="03-meeting", ids=["a", "b"], title="T")',
         {"bank": "03-meeting", "ids": ["a", "b"], "title": "T"}, False),
        ('quizkit.show("03-meeting", sample=2)', {"bank": "03-meeting", "sample": 2}, False),
        ('show(bank="all")', {"bank": "all"}, False),
        ("import quizkit", None, False),
        ("from quizkit.paper import load_paper\npaper = load_paper()", None, False),
        ('quizkit.show(bank=name)', None, True),
        ('quiz = quizkit.show(bank="03-meeting")\nquiz', None, True),
        ("from quizkit.bank import load_bank\nprint(load_bank('bank'))", None, True),
        ("from quizkit import show, load_bank", None, True),
        ("%time quizkit.show()", None, True),
        ("plt.show()", None, False),
    ],
)
def test_notebook_cells_that_can_be_refreshed(cell: str, call: object, other: bool) -> None:
    """A quiz cell is one quizkit.show call with literal arguments; any other use of quizkit
    that could show bank text makes the notebook run again instead of being refreshed."""
    from quizkit.sphinx import _quiz_call, _uses_quizkit_otherwise

    assert _quiz_call(cell) == call
    assert (call is None and _uses_quizkit_otherwise(cell)) is other
