"""Safe Markdown for text from the bank: every front end renders bank text through here.

Raw HTML in the source is escaped, not passed through; links with schemes other than
http, https, mailto or a relative/anchor target are refused (shown as text). The result
is safe to insert into a page as HTML.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

_SAFE_LINK = re.compile(r"^(?:https?:|mailto:|#|\.{0,2}/|[^:/?#]+(?:[/?#]|$))", re.IGNORECASE)


def _validate_link(url: str) -> bool:
    return bool(_SAFE_LINK.match(url.strip()))


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    md.validateLink = _validate_link  # type: ignore[method-assign]
    return md


@lru_cache(maxsize=8192)
def render_markdown(source: str, *, inline: bool = False) -> str:
    """Render bank Markdown to safe HTML; ``inline`` drops the wrapping paragraph.

    Cached: a build renders the same texts for a chapter's page, its shared file and the
    review page (and the grader's messages for every question)."""
    md = _md()
    if inline:
        return str(md.renderInline(source))
    return str(md.render(source))


__all__ = ["render_markdown"]
