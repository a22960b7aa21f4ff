"""The exercise notebooks: saved outputs match a fresh run (nbval), and each is well formed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager

from helpers import ROOT
from quizkit.bank import load_bank

pytestmark = pytest.mark.slow


EXERCISES = ROOT / "chapters" / "exercises"
SLUGS = [
    "02-context",
    "03-meeting",
    "04-china",
    "05-conclusions",
    "06-critical-reading",
    "07-afterwards",
]
QUIZ_LINE = re.compile(r'^quizkit\.show\(bank="(?P<bank>[0-9a-z-]+)"[^\n]*\)$')


def load(slug: str) -> nbformat.NotebookNode:
    """Read one exercise notebook."""
    return nbformat.read(EXERCISES / f"{slug}.ipynb", as_version=4)


def test_only_the_six_notebooks() -> None:
    """The folder holds exactly one notebook per main chapter, 2 to 7."""
    assert sorted(p.stem for p in EXERCISES.glob("*.ipynb")) == SLUGS


@pytest.mark.parametrize("slug", SLUGS)
def test_notebook_shape(slug: str) -> None:
    """Kernel python3; every code cell ran, in order, without errors; quiz cells are one line."""
    nb = load(slug)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    for cell in code:
        assert cell.source.strip(), "no empty code cells"
        assert "execution" not in cell.metadata, "run without timing metadata (deterministic files)"
        assert all(o.output_type != "error" for o in cell.outputs), cell.source
    quiz_cells = [c for c in code if "quizkit.show(" in c.source]
    assert len(quiz_cells) >= 3
    for cell in quiz_cells:
        match = QUIZ_LINE.match(cell.source)
        assert match and match["bank"] == slug, cell.source
        # Saved with QUIZKIT_HTML_ONLY=1: before it is run, the notebook lists the questions
        # instead of showing "Error displaying widget" for a widget without its kernel.
        bundle = cell.outputs[0]["data"]
        assert set(bundle) == {"text/html", "text/plain"}
        assert "data-quizkit" in bundle["text/html"]
    intro = " ".join(nb.cells[0].source.split())
    assert intro.startswith(f"# Exercises for Chapter {int(slug[:2])}:")
    assert f"](../{slug}.md)" in intro
    assert "they are not saved" in intro  # be honest about what happens to answers


@pytest.mark.parametrize("slug", SLUGS)
def test_activities_beyond_multiple_choice(slug: str) -> None:
    """Each notebook has a matching or ordering activity and code that searches the paper."""
    nb = load(slug)
    plain = " ".join(
        c.outputs[0]["data"]["text/plain"]
        for c in nb.cells
        if c.cell_type == "code" and "quizkit.show(" in c.source and c.outputs
    )
    ids = set(re.findall(r"[a-z]+-[a-z0-9-]+", plain))
    bank = load_bank(ROOT / "bank")
    types = {bank.questions[i].type for i in ids if i in bank.questions}
    assert types & {"matching", "ordering"}
    assert any("load_paper()" in c.source for c in nb.cells if c.cell_type == "code")


def test_kernel_is_this_environment() -> None:
    """The python3 kernelspec runs this interpreter (nbclient and nbval launch it)."""
    spec = KernelSpecManager().get_kernel_spec("python3")
    # jupyter_client replaces a bare "python" with the launching interpreter.
    assert spec.argv[0] in ("python", "python3", sys.executable)
    assert Path(spec.resource_dir).resolve().is_relative_to(Path(sys.prefix).resolve())


def test_nbval_matches_saved_outputs() -> None:
    """Re-running every notebook in a real kernel reproduces its saved outputs (strict nbval)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval",
            str(EXERCISES),
            "--nbval-sanitize-with",
            str(ROOT / "tests" / "nbval_sanitize.cfg"),
            "-p",
            "no:cacheprovider",
            "-q",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    tail = result.stdout[-4000:] + result.stderr[-2000:]
    assert result.returncode == 0, tail
    passed = re.search(r"(\d+) passed", result.stdout)
    assert passed and int(passed[1]) >= 6 * 5, tail
    assert "skipped" not in result.stdout and "xfail" not in result.stdout, tail
