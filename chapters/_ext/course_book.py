"""This book's own Sphinx additions: its names for quizkit's source role and directive, and
fixes to the stock theme's navbar.

- ``{paper}`p7``` and ``paper-text`` are this course's names for quizkit's ``{source}`` role
  and ``source-text`` directive (the paper is the course's one source text).
- Two WCAG 2.5.3 (label in name) failures of the stock theme's navbar, found by axe-core:
  the search field's aria-label "Search" hides its visible text "Search Ctrl+K", and the
  colour-mode button's icons carry titles ("Light", "System Settings") that its label
  "Color mode" does not contain. Without the aria-label the field is named by its text; the
  icons are decorative once the button has its label. Every written page is fixed when the
  build finishes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from quizkit.sphinx import SourceTextDirective, source_role

__version__ = "1.0"

THEME_FIXES = (
    (
        re.compile(r'(<button class="btn search-button-field search-button__button[^"]*"'
                   r' title="Search") aria-label="Search"'),
        r"\1",
    ),
    (
        re.compile(r'(<i class="theme-switch [^"]*" data-mode="[a-z]+") +title="[^"]*"'),
        r'\1 aria-hidden="true"',
    ),
)
"""(pattern, replacement) pairs applied to every written page."""


def fix_theme_html(app: Sphinx, exception: Exception | None) -> None:
    """Apply :data:`THEME_FIXES` to every page written."""
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = text
        for pattern, replacement in THEME_FIXES:
            fixed = pattern.sub(replacement, fixed)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("quizkit.sphinx")
    app.add_directive("paper-text", SourceTextDirective)
    app.add_role("paper", source_role)
    app.connect("build-finished", fix_theme_html)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
