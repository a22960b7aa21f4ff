"""The paper the course is about, split into numbered paragraphs with stable ids.

The text is kept exactly as published (slips included). Blocks are separated by blank
lines; each bullet point is a block of its own. Body paragraphs and bullets are numbered
in reading order, ``p1``, ``p2``, ...; headings are ``h1``, ``h2``, ...; front matter
(the title, author and paper number, and a stray web-page artefact) is not numbered.
Because the text never changes, the ids never change.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Literal

from ruamel.yaml import YAML

BlockKind = Literal["front", "heading", "paragraph", "bullet"]

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
    }
)


def normalise_quote(text: str) -> str:
    """Normalise text for comparing a quote with the paper: NFKC, plain quote marks, one space."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Block:
    """One block of the paper: its id (``p7``, ``h2``, or ``""`` for front matter) and text."""

    id: str
    kind: BlockKind
    text: str


@dataclass(frozen=True)
class Paper:
    """The paper's metadata and blocks."""

    author: str
    title: str
    publisher: str
    paper_number: int
    date: dt.date
    blocks: tuple[Block, ...]
    not_examinable: dict[str, str]

    @property
    def paragraphs(self) -> dict[str, Block]:
        """Body paragraphs and bullets by id, in reading order."""
        return {b.id: b for b in self.blocks if b.kind in ("paragraph", "bullet")}

    @property
    def citation(self) -> str:
        """The paper's reference in one line."""
        return (
            f"{self.author}, \u201c{self.title}\u201d, {self.publisher}, "
            f"Paper No. {self.paper_number}, {self.date.day} {self.date:%B %Y}."
        )

    @cached_property
    def _normalised(self) -> dict[str, str]:
        # Normalised once: a large bank checks thousands of quotes against 18 paragraphs.
        return {pid: normalise_quote(b.text) for pid, b in self.paragraphs.items()}

    def contains_quote(self, paragraph_id: str, quote: str) -> bool:
        """Whether ``quote`` stands in the paragraph, after normalising whitespace and quotes."""
        text = self._normalised.get(paragraph_id)
        return text is not None and normalise_quote(quote) in text


def split_blocks(text: str, front_matter: list[str], headings: list[str]) -> tuple[Block, ...]:
    """Split the paper's text into numbered blocks (see the module docstring)."""
    blocks: list[Block] = []
    n_par = n_head = 0
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [ln.strip() for ln in chunk.strip().splitlines() if ln.strip()]
        if all(ln.startswith("\u2022") for ln in lines):
            for ln in lines:
                n_par += 1
                blocks.append(Block(f"p{n_par}", "bullet", ln.lstrip("\u2022").strip()))
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


@lru_cache(maxsize=1)
def load_paper() -> Paper:
    """Load the paper shipped with quizkit."""
    data_dir = resources.files("quizkit") / "data"
    meta = YAML(typ="safe").load(data_dir.joinpath("paper.yml").read_text(encoding="utf-8"))
    text = data_dir.joinpath(meta["text_file"]).read_text(encoding="utf-8")
    return Paper(
        author=meta["author"],
        title=meta["title"],
        publisher=meta["publisher"],
        paper_number=int(meta["paper_number"]),
        date=meta["date"],
        blocks=split_blocks(text, meta["front_matter"], meta["headings"]),
        not_examinable=dict(meta.get("not_examinable") or {}),
    )


__all__ = ["Block", "Paper", "load_paper", "normalise_quote", "split_blocks"]
