"""HTML from an LMS back to the bank's Markdown (the common subset: paragraphs, emphasis,
code, links, line breaks, lists), and text helpers shared by the importers."""

from __future__ import annotations

import re
import unicodedata

from lxml import etree, html

_SLUG_SPLIT = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_words: int = 8) -> str:
    """A bank slug from any text: ASCII lowercase words joined by hyphens (may be empty)."""
    # Separate words at any non-word character first (an en dash must not glue two words).
    spaced = re.sub(r"[^\w]+", " ", text)
    ascii_text = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode()
    words = [w for w in _SLUG_SPLIT.split(ascii_text.lower()) if w][:max_words]
    return "-".join(words)[:80].strip("-")


def _inline(el: etree._Element) -> str:
    out = [_escape_md(el.text or "")] if el.text else []
    for child in el:
        out.append(_element(child))
        if child.tail:
            out.append(_escape_md(child.tail))
    return "".join(out)


def _escape_md(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _element(el: etree._Element) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    inner = _inline(el)
    if tag in ("em", "i"):
        return f"*{inner}*"
    if tag in ("strong", "b"):
        return f"**{inner}**"
    if tag == "code":
        return f"`{el.text_content()}`"
    if tag == "a" and el.get("href"):
        return f"[{inner}]({el.get('href')})"
    if tag == "br":
        return "\\\n"
    return inner


def _block(el: etree._Element) -> list[str]:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in ("ul", "ol"):
        lines = []
        for n, li in enumerate(el.findall("li"), start=1):
            marker = f"{n}." if tag == "ol" else "-"
            lines.append(f"{marker} {_inline(li).strip()}")
        return ["\n".join(lines)]
    if tag == "pre":
        return ["```\n" + el.text_content().rstrip("\n") + "\n```"]
    if tag == "blockquote":
        return ["> " + b for b in _blocks(el)]
    if tag in ("p", "div") or re.fullmatch(r"h[1-6]", tag):
        text = _inline(el).strip()
        return [text] if text else []
    text = _element(el).strip()
    return [text] if text else []


_BLOCK_TAGS = frozenset({"p", "div", "ul", "ol", "pre", "blockquote", "table",
                         "h1", "h2", "h3", "h4", "h5", "h6"})


def _blocks(root: etree._Element) -> list[str]:
    """Block texts of ``root``; runs of inline content between blocks form one paragraph."""
    out: list[str] = []
    run: list[str] = [_escape_md(root.text)] if root.text else []

    def flush() -> None:
        text = "".join(run).strip()
        if text:
            out.append(text)
        run.clear()

    for child in root:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _BLOCK_TAGS:
            flush()
            out.extend(_block(child))
        else:
            run.append(_element(child))
        if child.tail:
            run.append(_escape_md(child.tail))
    flush()
    return out


def html_to_markdown(source: str) -> str:
    """Markdown for an HTML fragment (tags outside the common subset keep only their text)."""
    if not source.strip():
        return ""
    if "<" not in source:
        return str(html.fromstring(f"<div>{source}</div>").text_content()).strip()
    root = html.fragment_fromstring(source, create_parent="div")
    return "\n\n".join(b for b in _blocks(root) if b).strip()


__all__ = ["html_to_markdown", "slugify"]
