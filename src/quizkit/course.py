"""The course: the one way quizkit reaches a course's content and settings.

quizkit is the machine; a course is data. A course is a folder holding ``quizkit.yml``
(:mod:`quizkit.config`), whose ``course:`` section names its content, relative to the
folder::

    course:
      bank: bank                       # the question bank (default: bank)
      sources:                         # the texts questions quote, the default first
        - id: reading
          text: sources/reading.md     # plain text or Markdown, split into p1, p2, ...
          metadata: sources/reading.yml   # optional: title, author, citation, ...
          page: chapters/reading       # optional: the book page showing it
          label: the reading           # optional: what quizzes call it ("Read ¶7 of ...")
      factsheet:                       # optional: background items questions may cite
        file: sources/background.md
        page: chapters/references
        anchor: "fs-{item}"

:func:`find_course` finds the course as git finds a repository: the nearest folder, from
the current one (or ``start``) upwards, holding ``quizkit.yml``. :class:`Course` loads the
configuration once and its sources and fact sheet when first needed; every mistake is a
one-line :class:`quizkit.errors.QuizkitError` (or a located :class:`BankError` for
``quizkit.yml`` and metadata files) naming the file.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from quizkit.config import (
    CONFIG_NAME,
    DEFAULT_SOURCE_LABEL,
    CourseConfig,
    SourceConfig,
    load_config,
)
from quizkit.errors import QuizkitError, did_you_mean
from quizkit.factsheet import FactSheet, read_factsheet
from quizkit.sources import Source, load_source


@dataclass
class Course:
    """A course folder and its configuration; sources and fact sheet are loaded on first use."""

    root: Path
    config: CourseConfig = field(default_factory=CourseConfig)

    @classmethod
    def load(cls, root: str | os.PathLike[str]) -> Course:
        """The course in ``root`` (its ``quizkit.yml``, or the defaults when there is none)."""
        folder = Path(root).resolve()
        if not folder.is_dir():
            raise QuizkitError(f"no course folder at {folder}")
        return cls(folder, load_config(folder))

    @property
    def config_path(self) -> Path:
        """Where the course's configuration is (it may not exist)."""
        return self.root / CONFIG_NAME

    @property
    def bank_dir(self) -> Path:
        """The course's bank folder."""
        return (self.root / self.config.course.bank).resolve()

    def path(self, relative: str) -> Path:
        """A path of the configuration, relative to the course folder."""
        return (self.root / relative).resolve()

    def content_files(self) -> list[Path]:
        """The files grounding reads: quizkit.yml, the source texts and metadata, the fact sheet."""
        course = self.config.course
        names = [CONFIG_NAME]
        for entry in course.sources:
            names += [entry.text] + ([entry.metadata] if entry.metadata else [])
        if course.factsheet is not None:
            names.append(course.factsheet.file)
        return [self.path(name) for name in names]

    @cached_property
    def sources(self) -> dict[str, Source]:
        """The course's source texts by id, in the configuration's order."""
        loaded: dict[str, Source] = {}
        for entry in self.config.course.sources:
            metadata = self.path(entry.metadata) if entry.metadata else None
            if metadata is not None and not metadata.is_file():
                raise QuizkitError(
                    f"{self.config_path}: source '{entry.id}': no metadata file {metadata}"
                )
            loaded[entry.id] = load_source(entry.id, self.path(entry.text), metadata, entry.page)
        return loaded

    def source(self, source_id: str | None = None) -> Source:
        """One source text: ``source_id``, or the first one."""
        if not self.sources:
            raise QuizkitError(
                f"the course in {self.root} has no source texts (add `sources:` to the course "
                f"section of {CONFIG_NAME})"
            )
        if source_id is None:
            return next(iter(self.sources.values()))
        if source_id not in self.sources:
            known = list(self.sources)
            raise QuizkitError(
                f"the course has no source '{source_id}'"
                + (did_you_mean(source_id, known) or f" (sources: {', '.join(known)})")
            )
        return self.sources[source_id]

    def source_config(self, source_id: str | None = None) -> SourceConfig | None:
        """The configuration of a source text (``None``: the first), or ``None`` if there is none."""
        entries = self.config.course.sources
        if source_id is None:
            return entries[0] if entries else None
        return next((entry for entry in entries if entry.id == source_id), None)

    def source_label(self, source_id: str | None = None) -> str:
        """What quizzes call a source text (its ``label``), e.g. "the paper"."""
        entry = self.source_config(source_id)
        return entry.label if entry is not None else DEFAULT_SOURCE_LABEL

    def source_page(self, source_id: str | None = None) -> str | None:
        """The docname of the book page showing a source text, if the course names one."""
        entry = self.source_config(source_id)
        return entry.page if entry is not None else None

    @cached_property
    def factsheet(self) -> FactSheet | None:
        """The course's fact sheet, or ``None`` when it has none."""
        entry = self.config.course.factsheet
        return None if entry is None else read_factsheet(self.path(entry.file))

    @property
    def factsheet_page(self) -> str | None:
        """The docname of the page showing the fact sheet, if any."""
        entry = self.config.course.factsheet
        return None if entry is None else entry.page

    @property
    def factsheet_anchor(self) -> str | None:
        """The anchor rule of fact-sheet items (``{item}`` stands for the item), if any."""
        entry = self.config.course.factsheet
        return None if entry is None else entry.anchor

    def page_href(self, docname: str | None, from_folder: str | os.PathLike[str]) -> str | None:
        """The URI of a book page (docname) from a page in ``from_folder`` of the built book.

        The built HTML mirrors the source tree (``chapters/x`` -> ``chapters/x.html``), so a
        notebook in ``chapters/exercises`` reaches ``chapters/source`` as ``../source.html``.
        """
        if docname is None:
            return None
        here = Path(from_folder).resolve()
        try:
            relative = here.relative_to(self.root).as_posix()
        except ValueError:
            return None
        return posixpath.relpath(f"{docname}.html", relative if relative != "." else ".")


def find_course_root(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The nearest folder, from ``start`` (default: the current folder) up, with quizkit.yml."""
    here = Path(start if start is not None else Path.cwd()).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


def find_course(start: str | os.PathLike[str] | None = None) -> Course:
    """The course found from ``start`` (default: the current folder), like git.

    Raises :class:`QuizkitError` when no folder from ``start`` upwards holds quizkit.yml.
    """
    root = find_course_root(start)
    if root is None:
        here = Path(start if start is not None else Path.cwd()).resolve()
        raise QuizkitError(
            f"no quizkit course here: no {CONFIG_NAME} in {here} or any folder above it "
            "(`quizkit init DIR` starts a course; --course PATH names one)"
        )
    return Course.load(root)


def course_for_bank(bank_path: str | os.PathLike[str]) -> Course:
    """The course a bank folder (or file) belongs to.

    The course whose quizkit.yml is in the bank's folder or above it; else the course found
    from the current folder; else a course of the bank's parent folder with the defaults and
    no source texts (questions that quote a source then fail to ground, with that reason).
    """
    path = Path(bank_path).resolve()
    root = find_course_root(path) or find_course_root()
    if root is not None:
        return Course.load(root)
    folder = path if path.is_dir() else path.parent
    return Course(folder.parent)


def resolve_course(
    given: str | os.PathLike[str] | None = None,
    bank_paths: Sequence[str | os.PathLike[str]] = (),
) -> Course:
    """The course a command works on.

    ``given`` (``--course PATH``: a course folder, or its quizkit.yml) when set; else the
    course of the first bank path given (:func:`course_for_bank`); else the course found
    from the current folder (:func:`find_course`).
    """
    if given is not None:
        path = Path(given)
        folder = path.parent if path.name == CONFIG_NAME else path
        if not (folder / CONFIG_NAME).is_file():
            raise QuizkitError(f"--course {given}: no {CONFIG_NAME} in {folder.resolve()}")
        return Course.load(folder)
    if bank_paths:
        return course_for_bank(bank_paths[0])
    return find_course()


__all__ = ["Course", "course_for_bank", "find_course", "find_course_root", "resolve_course"]
