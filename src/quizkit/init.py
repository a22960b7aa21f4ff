"""``quizkit init DIR``: a new, minimal course that builds and checks at once.

The course is copied from the package's template (``quizkit/templates/course``):
``quizkit.yml`` (the course section, attempt policy, lint), ``_config.yml`` and ``_toc.yml``
(a Jupyter Book 1.x book loading ``quizkit.sphinx``), a welcome chapter, a chapter with the
bank's objectives and a quiz, the page showing the source text, a bank file holding one
question of each type (each grounded in a quote), a short source text with its metadata, a
``.gitignore`` and a README with the two commands. The title goes into ``_config.yml``, the
README and the welcome chapter. A folder that exists and is not empty is refused unless
``--force`` is given, which writes the template's files over any of the same name and leaves
the others alone.
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from string import Template

import click

from quizkit.errors import QuizkitError, UsageError

TEMPLATE = ("templates", "course")
"""Where the template lives in the package."""

SUBSTITUTED = {"_config.yml", "README.md", "chapters/welcome.md"}
"""Template files in which ``${title}`` and ``${author}`` are replaced."""

RENAMED = {"gitignore.txt": ".gitignore"}
"""Template files written under another name (package data keeps no dotfiles)."""


def _files(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                found += _files(entry, f"{name}/")
        else:
            found.append((name, entry))
    return found


def template_files() -> list[tuple[str, Traversable]]:
    """The template's files: (path relative to the course, package resource), sorted."""
    root = resources.files("quizkit").joinpath(*TEMPLATE)
    return [(RENAMED.get(name, name), entry) for name, entry in _files(root)]


def init_course(target: Path, *, title: str | None = None, author: str = "The course team",
                force: bool = False) -> list[Path]:
    """Write a new course into ``target`` and return the files written.

    ``title`` defaults to the folder's name. Raises :class:`UsageError` when ``target`` is a
    file, or a folder that is not empty (unless ``force``).
    """
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file, not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise UsageError(f"{target} is not empty: choose a new folder, or pass --force to "
                         "write the course's files into it")
    name = title or target.resolve().name.replace("-", " ").replace("_", " ").strip() or "A course"
    # JSON strings are YAML double-quoted scalars: any title is safe in _config.yml.
    values = {"title": name, "author": author}
    yaml_values = {k: json.dumps(v, ensure_ascii=False) for k, v in values.items()}
    written = []
    try:
        for rel, entry in template_files():
            text = entry.read_text(encoding="utf-8")
            if rel in SUBSTITUTED:
                text = Template(text).substitute(yaml_values if rel.endswith(".yml") else values)
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    except OSError as exc:
        raise QuizkitError(f"cannot write {exc.filename or target}: {exc.strerror}") from None
    return written


@click.command("init")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--title", default=None, help="The course's title (default: the folder's name).")
@click.option("--author", default="The course team", show_default=True,
              help="The book's author line.")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty (files of "
              "the same name are replaced; others are kept).")
def init(directory: Path, title: str | None, author: str, force: bool) -> None:
    """Create a new course in DIRECTORY: configuration, chapters, a bank, a source text.

    It passes `quizkit check` and `quizkit lint` and builds with `jupyter-book build . -W -n`
    as it is; its README says what to change.
    """
    written = init_course(directory, title=title, author=author, force=force)
    click.echo(f"Created a course in {directory} ({len(written)} files). Next:\n"
               f"  cd {directory}\n"
               "  quizkit check && quizkit lint\n"
               "  jupyter-book build . -W -n --keep-going")


__all__ = ["init", "init_course", "template_files"]
