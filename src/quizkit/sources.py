"""A course's source texts, split into numbered paragraphs with stable ids.

A source is a text file of the course (named in ``quizkit.yml``, see :mod:`quizkit.course`)
with optional metadata in a YAML file beside it. Questions ground their answers in it: a
paragraph id and a quote that stands in that paragraph (:mod:`quizkit.rules`).

The text is split into blocks at blank lines, in one of two formats, chosen by the file's
extension (``.md``/``.markdown`` is Markdown, anything else plain text) or by ``format:`` in
the metadata:

- **plain text**: a block whose lines all start with a bullet mark (``•``, ``-``, ``*``)
  gives one bullet block per line; a block starting with one of the metadata's
  ``front_matter`` prefixes (a title line, a byline) is front matter; a block equal to one of
  its ``headings`` is a heading; any other block is a paragraph.
- **Markdown**: a YAML front-matter block (``---`` ... ``---``) at the top and lines starting
  with one of ``front_matter`` are front matter; ``#`` lines are headings; list items
  (``-``, ``*``, ``+``, ``•`` or ``1.``) are one bullet block each; any other block is a
  paragraph (its lines joined with spaces).

Paragraphs and bullets are numbered in reading order, ``p1``, ``p2``, ...; headings ``h1``,
``h2``, ...; front matter has no id. Since a course keeps its source text unchanged, the
ids never change. Quotes are compared after :func:`normalise_quote`.

The metadata file (all keys optional): ``title``, ``author``, ``publisher``, ``date``,
``citation`` (the one-line reference shown above the text; by default made from the
others), ``provenance`` (where the text comes from and its licence), ``format``,
``front_matter``, ``headings`` and ``not_examinable`` (paragraph id -> why no question needs
to cover it; ``quizkit stats`` leaves those out of its gaps).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from quizkit.errors import BankError, QuizkitError

BlockKind = Literal["front", "heading", "paragraph", "bullet"]

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
    }
)


def normalise_quote(text: str) -> str:
    """Normalise text for comparing a quote with a source: NFKC, plain quote marks, one space."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Block:
    """One block of a source: its id (``p7``, ``h2``, or ``""`` for front matter) and text."""

    id: str
    kind: BlockKind
    text: str


class SourceMetadata(BaseModel):
    """What a source's metadata file may hold (every key optional)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, description="The text's title.")
    author: str | None = Field(default=None, description="Its author(s).")
    publisher: str | None = Field(default=None, description="Where it was published.")
    date: dt.date | None = Field(default=None, description="Its date of publication.")
    citation: str | None = Field(
        default=None,
        description="The one-line reference shown above the text (default: made from author, "
        "title, publisher and date).",
    )
    provenance: str | None = Field(
        default=None, description="Where the text comes from, and its licence."
    )
    format: Literal["text", "markdown"] | None = Field(
        default=None, description="'text' or 'markdown' (default: from the file's extension)."
    )
    front_matter: list[str] = Field(
        default_factory=list,
        description="Blocks (plain text) or lines (Markdown) starting with any of these are "
        "front matter, not numbered.",
    )
    headings: list[str] = Field(
        default_factory=list, description="Plain text: blocks that are headings, word for word."
    )
    not_examinable: dict[str, str] = Field(
        default_factory=dict,
        description="Paragraph id -> why no question needs to cover it.",
    )


@dataclass(frozen=True)
class Source:
    """A source text of the course: its id, metadata and blocks.

    ``page`` is the docname of the book page that shows it (``source-text`` directive), or
    ``None``; ``path`` the text file.
    """

    id: str
    path: Path
    blocks: tuple[Block, ...]
    metadata: SourceMetadata = field(default_factory=SourceMetadata)
    page: str | None = None

    @property
    def title(self) -> str:
        """The title from the metadata, else the file's name."""
        return self.metadata.title or self.path.stem

    @property
    def not_examinable(self) -> dict[str, str]:
        """Paragraphs no question needs to cover, each with the reason."""
        return self.metadata.not_examinable

    @property
    def paragraphs(self) -> dict[str, Block]:
        """Body paragraphs and bullets by id, in reading order."""
        return {b.id: b for b in self.blocks if b.kind in ("paragraph", "bullet")}

    @property
    def citation(self) -> str:
        """The source's reference in one line."""
        meta = self.metadata
        if meta.citation:
            return meta.citation
        parts = [meta.author, f"\u201c{self.title}\u201d", meta.publisher]
        if meta.date is not None:
            parts.append(f"{meta.date.day} {meta.date:%B %Y}")
        return ", ".join(p for p in parts if p) + "."

    @cached_property
    def _normalised(self) -> dict[str, str]:
        # Normalised once: a large bank checks thousands of quotes against the paragraphs.
        return {pid: normalise_quote(b.text) for pid, b in self.paragraphs.items()}

    def contains_quote(self, paragraph_id: str, quote: str) -> bool:
        """Whether ``quote`` stands in the paragraph, after normalising whitespace and quotes."""
        text = self._normalised.get(paragraph_id)
        return text is not None and normalise_quote(quote) in text

    def find_quote(self, quote: str) -> list[str]:
        """The ids of the paragraphs in which ``quote`` stands."""
        wanted = normalise_quote(quote)
        return [pid for pid, text in self._normalised.items() if wanted in text]


_BULLET = re.compile(r"^(?:[\u2022*+-]|[0-9]+[.)])\s+")
_TEXT_BULLET = re.compile(r"^(?:\u2022\s*|[*-]\s+)")


def split_text(text: str, front_matter: list[str], headings: list[str]) -> tuple[Block, ...]:
    """Split a plain text into numbered blocks (see the module docstring)."""
    blocks: list[Block] = []
    n_par = n_head = 0
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [ln.strip() for ln in chunk.strip().splitlines() if ln.strip()]
        if not lines:
            continue
        if all(_TEXT_BULLET.match(ln) for ln in lines):
            for ln in lines:
                n_par += 1
                blocks.append(Block(f"p{n_par}", "bullet", _TEXT_BULLET.sub("", ln, count=1)))
            continue
        joined = " ".join(lines)
        if any(joined.startswith(f) for f in front_matter):
            blocks.append(Block("", "front", joined))
        elif joined in headings:
            n_head += 1
            blocks.append(Block(f"h{n_head}", "heading", joined))
        else:
            n_par += 1
            blocks.append(Block(f"p{n_par}", "paragraph", joined))
    return tuple(blocks)


def split_markdown(text: str, front_matter: list[str]) -> tuple[Block, ...]:
    """Split a Markdown text into numbered blocks (see the module docstring)."""
    lines = text.splitlines()
    blocks: list[Block] = []
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            blocks.append(Block("", "front", " ".join(ln.strip() for ln in lines[1:end])))
            lines = lines[end + 1 :]
    counts = {"p": 0, "h": 0}
    pending: list[str] = []
    kind: BlockKind = "paragraph"

    def flush() -> None:
        nonlocal pending
        if pending:
            counts["p"] += 1
            blocks.append(Block(f"p{counts['p']}", kind, " ".join(pending)))
        pending = []

    for raw in lines:
        line = raw.strip()
        if not line:
            flush()
            continue
        if any(line.startswith(f) for f in front_matter):
            flush()
            blocks.append(Block("", "front", line))
        elif line.startswith("#"):
            flush()
            counts["h"] += 1
            blocks.append(Block(f"h{counts['h']}", "heading", line.lstrip("#").strip()))
        elif _BULLET.match(line):
            flush()
            kind = "bullet"
            pending = [_BULLET.sub("", line, count=1)]
        else:
            if not pending:
                kind = "paragraph"
            pending.append(line)
    flush()
    return tuple(blocks)


def read_metadata(path: Path) -> SourceMetadata:
    """A source's metadata file, validated; problems are located (file, line, field)."""
    from quizkit.document import read_document
    from quizkit.problems import validation_problems

    document = read_document(path)
    data: Any = document.data if document.data is not None else {}
    try:
        return SourceMetadata.model_validate(data)
    except ValidationError as exc:
        raise BankError(validation_problems(exc, document, SourceMetadata)) from None


def load_source(
    source_id: str, text_path: Path, metadata_path: Path | None = None, page: str | None = None
) -> Source:
    """Read and split one source text; a missing file raises :class:`QuizkitError`."""
    metadata = read_metadata(metadata_path) if metadata_path is not None else SourceMetadata()
    try:
        text = text_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QuizkitError(
            f"source '{source_id}': cannot read {text_path} ({exc.strerror or exc})"
        ) from None
    except UnicodeDecodeError:
        raise QuizkitError(f"source '{source_id}': {text_path} is not UTF-8 text") from None
    markdown = metadata.format == "markdown" or (
        metadata.format is None and text_path.suffix.lower() in (".md", ".markdown")
    )
    blocks = (
        split_markdown(text, metadata.front_matter)
        if markdown
        else split_text(text, metadata.front_matter, metadata.headings)
    )
    return Source(id=source_id, path=text_path, blocks=blocks, metadata=metadata, page=page)


__all__ = [
    "Block",
    "BlockKind",
    "Source",
    "SourceMetadata",
    "load_source",
    "normalise_quote",
    "read_metadata",
    "split_markdown",
    "split_text",
]
