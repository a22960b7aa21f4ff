"""Text from an LMS back to the bank's Markdown, and text helpers shared by the importers.

Moodle text comes in four formats: ``html``, ``moodle`` (HTML whose line breaks count),
``markdown`` (which lets raw HTML through) and ``plain``. Whatever the format, the result is
Markdown that the bank's renderer (:func:`quizkit.text.render_markdown`, raw HTML off)
shows as the same text: HTML keeps the common subset (paragraphs, emphasis, code, safe
links, line breaks, lists), drops scripts, styles and other active content with what they
hold, keeps only the text of any other element, and escapes Markdown's special characters
in text where they would otherwise change what is shown (checked by rendering the result;
plain text is escaped the same way). No raw HTML reaches the bank as markup.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from lxml import etree, html

_SLUG_SPLIT = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_words: int = 8) -> str:
    """A bank slug from any text: ASCII lowercase words joined by hyphens (may be empty)."""
    # Separate words at any non-word character first (an en dash must not glue two words).
    spaced = re.sub(r"[^\w]+", " ", text)
    ascii_text = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode()
    words = [w for w in _SLUG_SPLIT.split(ascii_text.lower()) if w][:max_words]
    return "-".join(words)[:80].strip("-")


# Elements dropped with everything inside them: active or invisible content.
_DROP = frozenset({"script", "style", "template", "iframe", "object", "embed", "noscript",
                   "head", "title", "meta", "link", "svg", "math", "select", "textarea",
                   "button", "input", "canvas", "audio", "video", "frame", "frameset"})
_BLOCK_TAGS = frozenset({"p", "div", "ul", "ol", "pre", "blockquote", "table",
                         "h1", "h2", "h3", "h4", "h5", "h6"})
_SAFE_HREF = re.compile(r"^(?:https?:|mailto:|#|\.{0,2}/|[^:/?#]+(?:[/?#]|$))", re.IGNORECASE)

# Escaping tiers for text: none, the characters Markdown acts on, all ASCII punctuation
# (CommonMark lets a backslash escape any of them, so the last tier always shows the text).
_SOME = set("\\`*_[]<>&~|!#+-=.)")
_ALL = set(string.punctuation)
Escape = Callable[[str], str]


def _escaper(chars: set[str]) -> Escape:
    def esc(text: str) -> str:
        return "".join("\\" + c if c in chars else c for c in re.sub(r"\s+", " ", text))
    return esc


_TIERS: tuple[Escape, ...] = (_escaper(set()), _escaper(_SOME), _escaper(_ALL))


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _code(text: str) -> str:
    """A code span holding ``text`` whatever backticks it contains."""
    text = re.sub(r"\s+", " ", text)
    fence = "`" * (max((len(r) for r in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _inline(el: etree._Element, esc: Escape) -> str:
    out = [esc(el.text)] if el.text else []
    for child in el:
        if _tag(child) not in _DROP:
            out.append(_element(child, esc))
        if child.tail:
            out.append(esc(child.tail))
    return "".join(out)


def _element(el: etree._Element, esc: Escape) -> str:
    tag = _tag(el)
    if tag in _DROP:
        return ""
    inner = _inline(el, esc)
    if tag in ("em", "i") and inner.strip():
        return f"*{inner}*"
    if tag in ("strong", "b") and inner.strip():
        return f"**{inner}**"
    if tag == "code":
        return _code(_text(el))
    href = (el.get("href") or "").strip()
    if tag == "a" and href and inner.strip() and _SAFE_HREF.match(href) and not re.search(
            r"[\s<>()]", href):
        return f"[{inner}]({href})"
    if tag == "br":
        return "\\\n"
    return inner


def _block(el: etree._Element, esc: Escape) -> list[str]:
    tag = _tag(el)
    if tag in _DROP:
        return []
    if tag in ("ul", "ol"):
        lines = []
        for n, li in enumerate(el.findall("li"), start=1):
            marker = f"{n}." if tag == "ol" else "-"
            lines.append(f"{marker} {_inline(li, esc).strip()}")
        return ["\n".join(lines)] if lines else []
    if tag == "pre":
        text = _text(el).rstrip("\n")
        fence = "`" * max(3, max((len(r) + 1 for r in re.findall("`+", text)), default=0))
        return [f"{fence}\n{text}\n{fence}"]
    if tag == "blockquote":
        return ["> " + b for b in _blocks(el, esc)]
    if tag in ("p", "div") or re.fullmatch(r"h[1-6]", tag):
        text = _spaces(_inline(el, esc))
        return [text] if text else []
    text = _element(el, esc).strip()
    return [text] if text else []


def _blocks(root: etree._Element, esc: Escape) -> list[str]:
    """Block texts of ``root``; runs of inline content between blocks form one paragraph."""
    out: list[str] = []
    run: list[str] = [esc(root.text)] if root.text else []

    def flush() -> None:
        text = _spaces("".join(run))
        if text:
            out.append(text)
        run.clear()

    for child in root:
        tag = _tag(child)
        if tag in _BLOCK_TAGS:
            flush()
            out.extend(_block(child, esc))
        elif tag not in _DROP:
            run.append(_element(child, esc))
        if child.tail:
            run.append(esc(child.tail))
    flush()
    return out


def _spaces(text: str) -> str:
    """Runs of spaces (left where dropped elements stood) as one; ends trimmed."""
    return re.sub(r" {2,}", " ", text).strip()


def _text(el: etree._Element) -> str:
    """The text an element shows: its text content without dropped elements."""
    parts = [el.text or ""]
    for child in el:
        if _tag(child) not in _DROP:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _shown(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _html_markdown() -> object:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def _renders_as(markdown: str, shown: str) -> bool:
    """Whether the bank renders ``markdown`` as the text ``shown`` (whitespace aside)."""
    from quizkit.text import render_markdown

    rendered = render_markdown(markdown)
    root = html.fragment_fromstring(rendered, create_parent="div") if rendered.strip() else None
    return _shown(_text(root) if root is not None else "") == _shown(shown)


def _fragment(source: str) -> etree._Element:
    return html.fragment_fromstring(source, create_parent="div")


def html_to_markdown(source: str) -> str:
    """Bank Markdown showing what the HTML fragment ``source`` shows (see the module doc)."""
    if not source.strip():
        return ""
    root = _fragment(source)
    shown = _text(root)
    md = ""
    for esc in _TIERS:
        md = "\n\n".join(b for b in _blocks(root, esc) if b).strip()
        if _renders_as(md, shown):
            return md
    return md


def plain_to_markdown(text: str) -> str:
    """Bank Markdown showing ``text`` literally (Markdown characters escaped where needed)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    md = ""
    for esc in _TIERS:
        md = "\n\n".join(esc(p) for p in paragraphs)
        if _renders_as(md, text):
            return md
    return md


def markdown_to_markdown(text: str) -> str:
    """Moodle Markdown for the bank: kept as written unless it holds raw HTML, which Moodle
    shows as markup; then it is rendered (HTML allowed) and converted like HTML."""
    if not re.search(r"<[A-Za-z/!?]", text):
        return text.strip()
    md = _html_markdown()
    return html_to_markdown(str(md.render(text)))  # type: ignore[attr-defined]


def moodle_to_markdown(text: str) -> str:
    """Moodle's auto-format: HTML in which each line break is a ``<br>``."""
    return html_to_markdown(re.sub(r"\r?\n", "<br>", text.strip()))


def to_markdown(text: str, fmt: str) -> str:
    """Bank Markdown for ``text`` written in Moodle format ``fmt``
    (``html``, ``moodle``, ``markdown`` or ``plain``)."""
    if fmt == "html":
        return html_to_markdown(text)
    if fmt == "markdown":
        return markdown_to_markdown(text)
    if fmt == "plain":
        return plain_to_markdown(text)
    return moodle_to_markdown(text)


__all__ = ["html_to_markdown", "markdown_to_markdown", "moodle_to_markdown",
           "plain_to_markdown", "slugify", "to_markdown"]
