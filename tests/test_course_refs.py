"""The book's `fact` role: a citation of a fact-sheet item links to the item's own entry."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, course_yml

pytestmark = pytest.mark.slow

CONF = f"""
import sys
sys.path.insert(0, {str(ROOT / "chapters" / "_ext")!r})
extensions = ["myst_parser", "course_refs"]
course_refs_docname = "refs"
"""

INDEX = """# Home

```{toctree}
refs
```

A claim (background: {fact}`B1.5`), a range {fact}`B1.1`–{fact}`B1.4`, a section {fact}`B2`,
a claim {fact}`A4`, a slip {fact}`seen here <D3>`.
"""

REFS = """# Refs

(fs-b2)=
## B2

| Item | Sources |
|---|---|
| A4 | x |
| B2 | w |
| B1.1 | x |
| B1.4 | x |
| B1.5 | y |
| D3 | z |
"""


def _build(tmp_path: Path, index: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conf.py").write_text(CONF, encoding="utf-8")
    (tmp_path / "quizkit.yml").write_text(course_yml(), encoding="utf-8")
    (tmp_path / "index.md").write_text(index, encoding="utf-8")
    (tmp_path / "refs.md").write_text(REFS, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(tmp_path), str(tmp_path / "_build")],
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_citations_link_to_each_items_row_with_sources_on_hover(tmp_path: Path) -> None:
    proc = _build(tmp_path, INDEX)
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "_build" / "index.html").read_text(encoding="utf-8")
    refs = (tmp_path / "_build" / "refs.html").read_text(encoding="utf-8")
    for anchor in ("fs-b1-5", "fs-b1-1", "fs-b1-4", "fs-b2", "fs-a4", "fs-d3"):
        assert f'href="refs.html#{anchor}"' in page, anchor
    for anchor in ("fs-b1-5", "fs-b1-1", "fs-b1-4", "fs-a4", "fs-d3"):
        assert f'id="{anchor}"' in refs, anchor
    assert ">seen here<" in page
    # the hover text names the item's sources (B1.5 rests on S2 Army Recognition among others)
    title = page.split('href="refs.html#fs-b1-5" title="', 1)[1].split('"', 1)[0]
    assert title.startswith("Fact sheet B1.5: ") and "S2 Army Recognition" in title


def test_an_unknown_item_fails_the_build(tmp_path: Path) -> None:
    proc = _build(tmp_path, INDEX + "\nAnd {fact}`B1.99`.\n")
    assert proc.returncode != 0
    assert "no item 'B1.99'" in proc.stderr
