"""The package alone makes a course: its wheel, installed outside the repository, runs
``quizkit init`` and builds that course offline.

The wheel is built from a copy of the package's files (so nothing is written here), installed
with its ``book`` extra into a fresh virtual environment in a temporary folder (the extra's
packages come from the package registry), with ``PYTHONPATH`` unset so that only the installed
copy can be imported. The new course then passes ``quizkit check --strict`` and
``quizkit lint --strict`` and builds with ``jupyter-book build . -W -n --keep-going``, its
pages loading nothing from another host.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import ROOT

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: int = 900) -> str:
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert proc.returncode == 0, f"{' '.join(args)}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def test_the_installed_wheel_makes_and_builds_a_course(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    source = tmp_path / "package"
    source.mkdir()
    shutil.copy(ROOT / "pyproject.toml", source / "pyproject.toml")
    shutil.copytree(ROOT / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", str(source), "-w", str(dist), "--no-deps",
          "--quiet"], tmp_path, env)
    (wheel,) = dist.glob("quizkit-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        metadata = next(zf.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    # The package carries no course: no course data, and a description of the tool alone.
    assert "quizkit/templates/course/quizkit.yml" in names
    assert not [n for n in names if n.startswith("quizkit/data/")]
    assert not re.search(r"Kapila|Russia|Japan", metadata), metadata[:2000]

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path, env)
    bin_dir = venv / "bin"
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", f"{wheel}[book]"],
         tmp_path, env, timeout=1500)
    where = _run([str(bin_dir / "python"), "-c", "import quizkit; print(quizkit.__file__)"],
                 tmp_path, env)
    assert where.startswith(str(venv)), where

    _run([str(bin_dir / "quizkit"), "init", "course", "--title", "Installed"], tmp_path, env)
    course = tmp_path / "course"
    assert _run([str(bin_dir / "quizkit"), "check", "--strict"], course, env) == (
        "checked 8 questions in 1 file: 0 problems\n")
    assert _run([str(bin_dir / "quizkit"), "lint", "--strict"], course, env).endswith(
        "linted 8 questions in 1 file: 0 warnings, 0 accepted\n")
    _run([str(bin_dir / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"], course, env)

    html = course / "_build" / "html"
    quiz = (html / "chapters" / "first-quiz.html").read_text(encoding="utf-8")
    assert quiz.count('data-quizkit="1"') == 1
    assert (html / "_static" / "_quizkit" / "quizkit.js").is_file()
    outside = [m for page in html.rglob("*.html")
               for m in re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"',
                                   page.read_text(encoding="utf-8"))
               if not m.startswith(("https://jupyterbook.org", "https://www.sphinx-doc.org"))]
    assert [u for u in outside if re.search(r"\.(?:js|css)(?:\?|$)", u)] == []
