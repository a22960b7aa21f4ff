"""The minified quiz scripts in the package are what terser makes of the readable sources."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from helpers import ROOT
from quizkit.html import ASSET_FILES, asset_text

pytestmark = pytest.mark.node



def test_minified_scripts_are_fresh() -> None:
    """``npm run minify -- --check`` passes: static/min/ matches the sources (else run npm run minify)."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed; the node-marked tests need it")
    proc = subprocess.run(
        [node, str(ROOT / "scripts" / "minify.mjs"), "--check"],
        capture_output=True, text=True, timeout=120, check=False, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("name", ASSET_FILES)
def test_pages_get_smaller_assets_than_the_sources(name: str) -> None:
    """Every asset a page loads is the minified form, smaller than its readable source."""
    minified, source = asset_text(name), asset_text(name, minify=False)
    assert 0 < len(minified) < 0.9 * len(source)
    assert "/*" not in minified  # comments are gone


@pytest.mark.parametrize("minify", [False, True])
def test_quiz_script_version_is_the_package_version(minify: bool) -> None:
    """``QuizkitUI.version`` in quizkit.js, as written and as pages get it, is ``quizkit.__version__``."""
    import re

    import quizkit

    found = re.findall(r"""version:\s*["']([^"']*)["']""", asset_text("quizkit.js", minify=minify))
    assert found == [quizkit.__version__]


def test_quiz_ui_text_is_in_one_table() -> None:
    """Every text quizkit.js shows is in its table ``T``: outside it the script's string
    literals are names (tags, classes, attributes, ids, keys, events), the space between
    sentences, and the message of its one developer error; no words, punctuation or signs."""
    import re

    source = asset_text("quizkit.js", minify=False)
    code = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    start = code.index("var T = {")
    end = code.index("\n  };\n", start)
    table, rest = code[start:end], code[:start] + code[end:]
    assert '"Check"' in table and '" to "' in table  # the table is what was cut out
    literals = re.findall(r'"((?:[^"\\]|\\.)*)"', rest)
    allowed = {" ", "qk-fb qk-", "use strict", "unknown question type ", "DOMContentLoaded", "Enter"}
    names = re.compile(r"[a-z0-9_.:#/\[\]{},=@+-]*")  # lower-case ASCII, no spaces (URL paths too)
    shown = sorted({s for s in literals if s not in allowed and not names.fullmatch(s)})
    assert shown == []
    assert len(literals) > 100
