"""The course's first source text, for notebooks: ``load_paper()``.

``from quizkit.paper import load_paper`` gives the first source named in the ``quizkit.yml``
found from the current folder (a notebook's own folder) or a folder above it, as a
:class:`quizkit.sources.Source`: its ``paragraphs`` by id, ``blocks``, ``citation`` and
``contains_quote``. :mod:`quizkit.sources` holds the general code; the names here are kept
for notebooks that import them.
"""

from __future__ import annotations

from pathlib import Path

from quizkit.sources import Block, Source, normalise_quote, split_text

Paper = Source
"""A source text (the name notebooks know)."""

split_blocks = split_text


def load_paper(start: str | Path | None = None) -> Source:
    """The first source text of the course found from ``start`` (default: the current folder).

    Raises :class:`quizkit.errors.QuizkitError` when no course is found or it has no source.
    """
    from quizkit.course import find_course

    return find_course(start).source()


__all__ = ["Block", "Paper", "load_paper", "normalise_quote", "split_blocks"]
