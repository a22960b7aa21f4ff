"""The minified quiz scripts in the package are what terser makes of the readable sources."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from quizkit.html import ASSET_FILES, asset_text

pytestmark = pytest.mark.node

ROOT = Path(__file__).parents[1]


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
