"""The Jupyter Book (Sphinx) extension: quizzes, objectives and source texts in the built book.

Register it with ``sphinx: extra_extensions: [quizkit.sphinx]`` in ``_config.yml``. It reads
the course from the ``quizkit.yml`` in the book's source folder (:mod:`quizkit.course`): the
bank, the source texts and the pages that show them, the fact sheet's page and anchors, the
default attempt policy. It adds:

- the ``quiz`` directive: questions selected from the bank, as a kernel-free HTML quiz.
  Options: ``:bank:`` (a file stem or ``all``), ``:ids:``, ``:tags:``, ``:types:`` (comma
  lists), ``:objective:``, ``:sample:`` N with ``:seed:``, ``:stratify:`` (a flag: balance
  the sample by chapter, then objective; see :func:`quizkit.bank.stratified_sample`),
  ``:title:``, and the attempt policy (:mod:`quizkit.attempts`): ``:tries:`` (a whole
  number, or ``unlimited``) and ``:penalty:`` (0 to 1, e.g. ``0.25`` or ``1/3``), whose
  defaults are the course's;
- the ``objectives`` directive: a chapter's learning objectives, read from its bank file;
- the ``source-text`` directive: a source text (the argument names it; default the first)
  with numbered paragraphs and anchors ``#p1``..; put it on the page the course names as
  that source's ``page``;
- the ``source`` role: ``{source}`p7``` links to paragraph 7 of the first source text,
  ``{source}`other:p7``` to paragraph 7 of source ``other``.

Its settings are :class:`Settings`, each field a Sphinx configuration value ``quizkit_<name>``
(``sphinx: config:`` in ``_config.yml``). A book may register the directive and the role
under its own names too (e.g. ``app.add_role("reading", source_role)`` in a local extension).

The quiz's JavaScript and CSS are package data, copied to ``_static/_quizkit/`` in the output and
linked only from pages whose HTML contains a quiz (a directive's or a notebook output's).
With ``quizkit_offline`` (the default) the extension also keeps every page offline: it drops
scripts and styles that would load from another host (the Thebe launcher, MathJax from a
CDN), and a page with math that needs a CDN is a warning.

Problems (an unknown bank file, a selection that matches nothing, an invalid bank, a bad
``:tries:``, ``:penalty:`` or ``:stratify:``) are reported as Sphinx warnings with the file
and line of the directive, so ``-W`` fails the build. ``quizkit.yml`` is read once per build,
when the builder starts; each mistake in it is a warning at its own file and line (the quizzes
then use the built-in defaults).
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from quizkit import __version__
from quizkit.attempts import AttemptPolicy
from quizkit.course import Course
from quizkit.display import HTML_ONLY_ENV, quiz_source_page
from quizkit.html import (
    ASSET_FILES,
    PAYLOAD,
    SHARED_DATA_DIR,
    SharedFile,
    SourceLink,
    asset_text,
    pack,
    pack_page,
    shared_file,
    unpack,
)

if TYPE_CHECKING:
    from docutils.parsers.rst.states import Inliner
    from sphinx.application import Sphinx

    from quizkit.bank import Bank
    from quizkit.sources import Source

logger = logging.getLogger(__name__)

ASSET_DIR = "_quizkit"
"""Folder of the quiz assets under the output's ``_static/``.

The book's own (source) ``_static/`` folder is not used: Jupyter Book links every script and
stylesheet found there from every page. Files copied into the output are linked only where
:func:`_on_page_context` adds them."""

ASSETS = ASSET_FILES
"""Package files copied to :data:`ASSET_DIR`, in load order."""

PAPER_HREF_PLACEHOLDER = "quizkit-paper-href-placeholder"
"""Stands for the source page's URI in a quiz until the page is written."""

REFERENCES_HREF_PLACEHOLDER = "quizkit-references-href-placeholder"
"""Stands for the fact-sheet page's URI in a quiz until the page is written."""

SOURCE_PAGE_PLACEHOLDER = "quizkit-source-page:"
"""Followed by a docname, stands for that source page's URI in a question's paragraph link
(inside the quiz's packed data) until the page is written."""

_LABEL_PREFIX = "quizkit-source-"
_QUIZ_MARKER = re.compile(r"<[a-z]+\b[^>]*\sdata-quizkit[\s=>]")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


class quiz_node(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """A rendered quiz; its links to the source and fact-sheet pages are resolved when the
    page is written (``paper_doc`` and ``refs_doc`` hold their docnames)."""


@dataclass(frozen=True)
class Settings:
    """The extension's settings: each field is the Sphinx configuration value ``quizkit_<name>``.

    Declared once here (type, default, help) and registered field by field
    (:meth:`register`), as MyST-NB declares its own; the course's facts (its bank, source
    texts, pages, anchors and defaults) are not settings but come from ``quizkit.yml``.
    """

    course: str = field(default=".", metadata={
        "help": "The course folder (holding quizkit.yml), relative to the book's source folder."})
    bank_dir: str = field(default="", metadata={
        "help": "The bank folder, relative to the book's source folder; empty for the course's "
        "(quizkit.yml's course.bank)."})
    offline: bool = field(default=True, metadata={
        "help": "Drop scripts and styles that load from another host, and warn about math "
        "that needs MathJax from a CDN."})

    @classmethod
    def register(cls, app: Sphinx) -> None:
        """Declare every field as a configuration value (rebuilding the pages when changed)."""
        for f in fields(cls):
            app.add_config_value(f"quizkit_{f.name}", f.default, "env", types=[type(f.default)],
                                 description=f.metadata["help"])

    @classmethod
    def from_config(cls, config: Any) -> Settings:
        """The settings as the book's configuration gives them."""
        return cls(**{f.name: getattr(config, f"quizkit_{f.name}") for f in fields(cls)})


@dataclass
class BookState:
    """What one build knows of the course: settings, course, bank folder, attempt policy."""

    settings: Settings
    course: Course
    bank_dir: Path
    policy: AttemptPolicy


_STATE: dict[str, BookState] = {}
"""The build's state per source folder, made when the builder starts (:func:`_read_course`)."""


def _load_bank(bank_dir: Path, course: Course | None = None) -> Bank:
    """Load the bank once per process while its files are unchanged
    (:func:`quizkit.bank.cached_bank`, the cache the notebooks share)."""
    from quizkit.bank import cached_bank

    return cached_bank(bank_dir, course=course)


def _read_course(app: Sphinx) -> None:
    """Read the settings and the course's ``quizkit.yml`` once per build; report each mistake."""
    from quizkit.errors import BankError, QuizkitError

    settings = Settings.from_config(app.config)
    root = Path(app.srcdir, settings.course).resolve()
    try:
        course = Course.load(root)
    except BankError as exc:
        for problem in exc.problems:
            where = f": {problem.field}" if problem.field else ""
            logger.warning(
                f"quizkit: course configuration{where}: {problem.message}",
                location=f"{problem.file}:{problem.line}",
                type="quizkit",
                subtype="config",
            )
        course = Course(root)
    except QuizkitError as exc:
        logger.warning(f"quizkit: {exc}", type="quizkit", subtype="config")
        course = Course(root)
    bank_dir = (Path(app.srcdir, settings.bank_dir).resolve() if settings.bank_dir
                else course.bank_dir)  # fmt: skip
    policy = course.config.attempts.policy()
    _STATE[str(app.srcdir)] = BookState(settings, course, bank_dir, policy)


def book_state(env: Any) -> BookState:
    """The build's :class:`BookState` (the defaults before the builder has started)."""
    state = _STATE.get(str(env.srcdir))
    if state is None:
        root = Path(env.srcdir)
        state = BookState(Settings(), Course(root), root / "bank", AttemptPolicy())
    return state


def _comma_list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


class _BankDirective(SphinxDirective):
    def load(self, stem: str | None = None) -> Bank | None:
        """The bank, or ``None`` after reporting why it cannot be read.

        The page is read again when a bank file it draws on changes: the file ``stem``, or
        every file for ``None`` or ``"all"`` (and when ``stem`` names no file), so editing a
        question rebuilds only the pages that can show it.
        """
        from quizkit.errors import QuizkitError

        state = book_state(self.env)
        bank_dir = state.bank_dir
        if not bank_dir.is_dir():
            self.warn(f"quizkit: no bank folder at {bank_dir}")
            return None
        named = bank_dir / f"{stem}.yml"
        own = [named] if stem not in (None, "all") and named.is_file() else []
        for path in own or sorted(bank_dir.glob("*.yml")):
            self.env.note_dependency(str(path))
        for path in state.course.content_files():
            if path.is_file():
                self.env.note_dependency(str(path))
        try:
            return _load_bank(bank_dir, state.course)
        except QuizkitError as exc:
            self.warn(f"quizkit: the bank has errors:\n{exc}")
            return None

    def warn(self, message: str) -> None:
        """Report a problem at this directive's file and line (an error under ``-W``)."""
        logger.warning(message, location=self.get_location(), type="quizkit", subtype="directive")


class QuizDirective(_BankDirective):
    """``quiz``: questions selected from the bank, rendered as a kernel-free HTML quiz.

    The options are listed in this module's docstring; the quiz carries its attempt policy
    (``:tries:``/``:penalty:``, else the course's ``quizkit.yml``) in its packed data.
    An empty selection is reported by :meth:`quizkit.bank.Bank.select` itself.
    """

    has_content = False
    option_spec = {
        "bank": directives.unchanged_required,
        "ids": directives.unchanged,
        "tags": directives.unchanged,
        "objective": directives.unchanged,
        "types": directives.unchanged,
        "sample": directives.positive_int,
        "seed": directives.nonnegative_int,
        "stratify": directives.flag,
        "tries": directives.unchanged_required,
        "penalty": directives.unchanged_required,
        "title": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        from quizkit.display import quiz_policy
        from quizkit.errors import QuizkitError
        from quizkit.html import render_quiz

        opts = self.options
        stratify = "stratify" in opts
        if stratify and opts.get("sample") is None:
            self.warn("quizkit: :stratify: balances a sample: give :sample: as well")
            return []
        try:
            policy = quiz_policy(
                book_state(self.env).policy, opts.get("tries"), opts.get("penalty")
            )
        except QuizkitError as exc:
            self.warn(f"quizkit: {exc}")
            return []
        bank = self.load(opts.get("bank"))
        if bank is None:
            return []
        try:
            questions = bank.select(
                bank=opts.get("bank"),
                ids=_comma_list(opts.get("ids")) or None,
                tags=_comma_list(opts.get("tags")) or None,
                objective=opts.get("objective") or None,
                types=_comma_list(opts.get("types")) or None,
                sample=opts.get("sample"),
                seed=opts.get("seed", 0),
                stratify=stratify,
            )
        except QuizkitError as exc:
            self.warn(f"quizkit: {exc}")
            return []
        course = book_state(self.env).course
        html = render_quiz(
            questions,
            title=opts.get("title"),
            paper_href=PAPER_HREF_PLACEHOLDER,
            references_href=REFERENCES_HREF_PLACEHOLDER if course.factsheet_page else None,
            references_anchor=course.factsheet_anchor,
            attempts=policy,
            source_links=lambda source: SourceLink(
                course.source_label(source),
                None if (page := course.source_page(source)) is None
                else SOURCE_PAGE_PLACEHOLDER + page,
            ),
        )
        node = quiz_node(html=html, paper_doc=quiz_source_page(course, questions),
                         refs_doc=course.factsheet_page)
        self.set_source_info(node)
        return [node]


class ObjectivesDirective(_BankDirective):
    """``objectives``: the learning objectives of one bank file, as an admonition."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        stem = self.arguments[0].strip()
        bank = self.load(stem)
        if bank is None:
            return []
        entry = next((f for f in bank.files if f.stem == stem), None)
        if entry is None:
            known = ", ".join(f.stem for f in bank.files)
            self.warn(f"quizkit: no bank file {stem!r} (known: {known})")
            return []
        if not entry.model.objectives:
            self.warn(f"quizkit: bank file {stem!r} lists no objectives")
            return []
        box = nodes.admonition(classes=["qk-objectives", "tip"])
        box += nodes.title("", "Learning objectives")
        items = nodes.bullet_list()
        for objective in entry.model.objectives:
            items += nodes.list_item("", nodes.paragraph("", objective.text))
        box += items
        self.set_source_info(box)
        return [box]


def _course_source(env: Any, name: str | None) -> Source:
    """A source text of the book's course (raises QuizkitError naming what is wrong)."""
    return book_state(env).course.source(name)


class SourceTextDirective(SphinxDirective):
    """``source-text``: a source text exactly as the course keeps it, paragraphs numbered and
    anchored (``#p1``..); the argument names the source (default: the course's first)."""

    has_content = False
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        from quizkit.errors import QuizkitError

        try:
            source = _course_source(self.env, self.arguments[0] if self.arguments else None)
        except QuizkitError as exc:
            logger.warning(f"quizkit: {exc}", location=self.get_location(), type="quizkit",
                           subtype="directive")
            return []
        self.env.note_dependency(str(source.path))
        out: list[nodes.Node] = []
        citation = nodes.paragraph(classes=["qk-source-citation"])
        citation += nodes.emphasis("", source.citation)
        out.append(citation)
        for block in source.blocks:
            if block.kind == "front":
                continue
            if block.kind == "heading":
                rubric = nodes.rubric("", block.text, classes=["qk-source-heading"])
                # myst-parser renders rubrics itself, from "level"; Sphinx reads "heading-level".
                rubric["level"] = rubric["heading-level"] = 2
                out.append(rubric)
                continue
            number = block.id[1:]
            para = nodes.paragraph(classes=["qk-source-para"])
            para["ids"].append(block.id)
            para["names"].append(f"{_LABEL_PREFIX}{source.id}-{block.id}")
            para += nodes.strong("", f"\u00b6{number}", classes=["qk-pnum"])
            para += nodes.Text(" " + ("\u2022 " if block.kind == "bullet" else "") + block.text)
            self.state.document.note_explicit_target(para, para)
            if block.kind == "bullet":
                out.append(nodes.block_quote("", para, classes=["qk-source-bullet"]))
            else:
                out.append(para)
        return out


def source_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{source}`p7```: a link "¶7" to paragraph 7 of the course's first source text;
    ``{source}`other:p7``` to paragraph 7 of source ``other``."""
    from quizkit.errors import QuizkitError

    env = inliner.document.settings.env
    named, _, pid = text.strip().rpartition(":")
    try:
        source = _course_source(env, named or None)
        if pid not in source.paragraphs:
            ids = list(source.paragraphs)
            known = f"{ids[0]}..{ids[-1]}" if ids else "none"
            raise QuizkitError(f"source '{source.id}' has no paragraph {pid!r} "
                               f"(paragraphs are {known})")
    except QuizkitError as exc:
        msg = inliner.reporter.error(f"quizkit: {exc}", line=lineno)
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    label = f"\u00b6{pid[1:]}"
    ref = addnodes.pending_xref(
        rawtext,
        refdomain="std",
        reftype="ref",
        reftarget=f"{_LABEL_PREFIX}{source.id}-{pid}",
        refexplicit=True,
        refwarn=True,
        refdoc=env.docname,
    )
    ref += nodes.inline(label, label, classes=["qk-source-ref"])
    return [ref], []


def _visit_quiz_html(self: Any, node: quiz_node) -> None:
    builder = self.builder
    html = node["html"]
    # A book without the page gets quizzes whose notes are plain text.
    for docname, placeholder in (
        (node.get("paper_doc"), PAPER_HREF_PLACEHOLDER),
        (node.get("refs_doc"), REFERENCES_HREF_PLACEHOLDER),
    ):
        href = ""
        if docname and docname in builder.env.all_docs:
            href = builder.get_relative_uri(builder.current_docname, docname)
        html = html.replace(placeholder, href)
    self.body.append(_resolve_source_pages(html, builder))
    raise nodes.SkipNode


def _resolve_source_pages(html: str, builder: Any) -> str:
    """The quiz with each question's source-page placeholder made the page's URI from the
    page being written, or its link dropped when the book has no such page."""

    def resolve(match: re.Match[str]) -> str:
        payload = unpack(match.group(1))
        for item in payload["questions"]:
            note = item["spec"]["source"]
            href = note.get("href") or ""
            if not href.startswith(SOURCE_PAGE_PLACEHOLDER):
                continue
            docname, _, anchor = href[len(SOURCE_PAGE_PLACEHOLDER):].partition("#")
            if docname in builder.env.all_docs:
                uri = builder.get_relative_uri(builder.current_docname, docname)
                note["href"] = f"{uri}#{anchor}"
            else:
                del note["href"]
        return f'<script type="text/plain" class="qk-data">{pack(payload)}</script>'

    return PAYLOAD.sub(resolve, html)


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def add_html_node(app: Sphinx, node: type[nodes.Element], visit: Any) -> None:
    """Register a node that only the HTML builder shows (quizzes and pages that need a
    browser); every other builder leaves it out."""
    app.add_node(
        node,
        html=(visit, None),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )


def _page_has_quiz(context: dict[str, Any]) -> bool:
    return bool(_QUIZ_MARKER.search(context.get("body") or ""))


def _on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Link the quiz assets on quiz pages and pack their quizzes together (:func:`pack_page`);
    drop every script or style from another host."""
    # pydata-sphinx-theme (under every Jupyter Book 1 theme) reads `default_mode` from the
    # context and, left empty, logs "Got invalid theme mode" as a console error on a
    # reader's first visit: any quizkit book would show it, so it is set here.
    context.setdefault("default_mode", "auto")
    if _page_has_quiz(context):
        uri = app.builder.get_target_uri(pagename)
        packed = pack_page(context["body"], _shared_files(app), uri)
        context["body"] = packed.html
        link_shared(app, packed.files)
        for name in ASSETS:
            if name.endswith(".css"):
                app.add_css_file(f"{ASSET_DIR}/{name}")
            else:
                app.add_js_file(f"{ASSET_DIR}/{name}", defer="defer")
    if not book_state(app.env).settings.offline:
        return
    # The lists are the builder's per-page copies (reset before every page), so filtering
    # them in place affects this page only.
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        dropped = [js for js in scripts if not _keep_script(js)]
        scripts[:] = [js for js in scripts if _keep_script(js)]
        if any("mathjax" in str(getattr(js, "filename", "") or "").lower() for js in dropped):
            # Without its CDN script the math would show as raw TeX: fail the build instead.
            logger.warning(
                f"quizkit: {pagename} has math, which needs MathJax from a CDN; the book must "
                "load nothing from outside (write it without math, or vendor MathJax and set "
                "mathjax_path)",
                type="quizkit",
                subtype="offline",
            )
    styles = context.get("css_files")
    if isinstance(styles, list):
        styles[:] = [css for css in styles if not _EXTERNAL.match(str(css.filename or ""))]


_SHARED: dict[str, tuple[Bank, list[SharedFile]]] = {}
"""Per source folder: the bank the shared files were made from, and the files."""


def _shared_files(app: Sphinx) -> list[SharedFile]:
    """The :class:`~quizkit.html.SharedFile` of each bank file, made once per bank.

    Source links in them are relative to the site's root (each page adds its own way there).
    """
    from quizkit.errors import QuizkitError

    state = book_state(app.env)
    if not state.bank_dir.is_dir():
        return []
    try:
        bank = _load_bank(state.bank_dir, state.course)
    except QuizkitError:
        return []  # the directives report it
    cached = _SHARED.get(str(app.srcdir))
    if cached is not None and cached[0] is bank:
        return cached[1]
    course = state.course

    def links(source: str | None) -> SourceLink:
        page = course.source_page(source)
        uri = app.builder.get_target_uri(page) if page in app.env.all_docs else None
        return SourceLink(course.source_label(source), uri)

    files = [shared_file(entry.stem, entry.model.questions, links) for entry in bank.files]
    _SHARED[str(app.srcdir)] = (bank, files)
    return files


def _shared_folder(app: Sphinx) -> Path:
    return Path(app.outdir) / "_static" / ASSET_DIR / SHARED_DATA_DIR


def link_shared(app: Sphinx, files: Sequence[SharedFile]) -> None:
    """Link shared files from the page being written (before ``quizkit.js``), writing each
    into the output once (atomically: pages may be written in parallel)."""
    for file in files:
        target = _shared_folder(app) / file.filename
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{file.filename}.{os.getpid()}")
            temporary.write_text(file.script(), encoding="utf-8")
            os.replace(temporary, target)
        app.add_js_file(f"{ASSET_DIR}/{SHARED_DATA_DIR}/{file.filename}", defer="defer")


def _prune_shared(app: Sphinx, exception: Exception | None) -> None:
    """Delete the shared files no page of the output links any more (a question changed)."""
    folder = _shared_folder(app)
    if exception is not None or app.builder.format != "html" or not folder.is_dir():
        return
    linked: set[str] = set()
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        linked.update(re.findall(rf"/{SHARED_DATA_DIR}/([A-Za-z0-9_.-]+\.js)", text))
    for path in folder.glob("*.js"):
        if path.name not in linked:
            path.unlink()


def _keep_script(js: Any) -> bool:
    filename = str(getattr(js, "filename", "") or "")
    body = str(getattr(js, "attributes", {}).get("body", "") or "")
    # sphinx-thebe adds a `const THEBE_JS_URL` snippet and its loader to every page even with
    # launch buttons off; with two copies of the snippet the page throws a SyntaxError, and
    # the loader would fetch from unpkg. The book has no Thebe, so neither is kept.
    if "THEBE_JS_URL" in body or filename.endswith("sphinx-thebe.js"):
        return False
    return not _EXTERNAL.match(filename)


def _copy_assets(app: Sphinx) -> None:
    """Copy the quiz assets into the output before pages are written (so they get checksums)."""
    if app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / ASSET_DIR
    target.mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        try:
            text = asset_text(name)
        except FileNotFoundError:
            logger.warning(f"quizkit: package file static/{name} is missing; quizzes will not work")
            continue
        (target / name).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- notebooks and rebuilds

_QUIZ_MODULES_SAFE = {"quizkit", "quizkit.paper", "quizkit.sources", "quizkit.factsheet"}
"""Imports a notebook may have and still have its quizzes refreshed at read time: the source
texts and the fact sheet do not change with the bank."""


def _quiz_call(source: str) -> dict[str, Any] | None:
    """The keyword arguments of a cell that is one ``quizkit.show(...)`` (or ``show(...)``) call
    with literal arguments, or ``None`` for any other cell."""
    try:
        tree = ast.parse(source.strip())
    except SyntaxError:
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
        return None
    call = tree.body[0].value
    if not isinstance(call, ast.Call):
        return None
    func = call.func
    named = (isinstance(func, ast.Attribute) and func.attr == "show"
             and isinstance(func.value, ast.Name) and func.value.id == "quizkit") or (
        isinstance(func, ast.Name) and func.id == "show")  # fmt: skip
    if not named or len(call.args) > 1 or any(k.arg is None for k in call.keywords):
        return None
    try:
        kwargs = {str(k.arg): ast.literal_eval(k.value) for k in call.keywords}
        if call.args:
            kwargs["bank"] = ast.literal_eval(call.args[0])
    except ValueError:
        return None
    return kwargs


def _uses_quizkit_otherwise(source: str) -> bool:
    """Whether a cell that is not a quiz call may show something made from the bank: it uses
    quizkit (or a ``show``) other than by importing it or the source and fact-sheet modules."""
    if "quizkit" not in source and "show" not in source:
        return False
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython syntax (magics): cannot tell, so assume it does
        return True
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            if any(a.name.startswith("quizkit") and a.name not in _QUIZ_MODULES_SAFE
                   for a in node.names):  # fmt: skip
                return True
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("quizkit"):
            if node.module not in _QUIZ_MODULES_SAFE or (
                node.module == "quizkit" and any(a.name != "show" for a in node.names)
            ):
                return True
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "quizkit" and node.attr not in ("paper", "sources", "factsheet"):
                return True
        elif isinstance(node, ast.Name) and node.id == "show":
            return True
    return False


def _bank_folder_for(folder: Path, kwargs: dict[str, Any]) -> Path:
    """The bank folder a quiz call reads in a kernel started in ``folder``."""
    from quizkit.display import find_bank_dir

    given = kwargs.get("bank_dir")
    return (folder / str(given)).resolve() if given else find_bank_dir(folder)


def _notebook_inputs(folder: Path, cells: list[str]) -> tuple[list[Path], bool]:
    """The files a notebook's quizzes are made from, and whether they can all be refreshed.

    Refreshable (every bank-dependent cell is a one-line quiz call): the files are the bank
    files the calls name (all of them for ``bank="all"`` or none named) and ``quizkit.yml``.
    Otherwise every bank file and ``quizkit.yml`` of the nearest bank folder.
    """
    from quizkit.errors import QuizkitError

    calls = [kw for kw in map(_quiz_call, cells) if kw is not None]
    other = any(_quiz_call(c) is None and _uses_quizkit_otherwise(c) for c in cells)
    files: set[Path] = set()
    try:
        folders = {_bank_folder_for(folder, kw) for kw in calls} if calls else set()
        if other or not calls:
            folders.add(_bank_folder_for(folder, {}))
    except QuizkitError:
        return [], not other
    for bank in folders:
        stems = {kw.get("bank") for kw in calls if _bank_folder_for(folder, kw) == bank}
        if other or None in stems or "all" in stems:
            files.update(bank.glob("*.yml"))
        else:
            files.update(bank / f"{stem}.yml" for stem in stems)
        files.add(bank.parent / "quizkit.yml")
    return sorted(f for f in files if f.is_file()), not other


def _on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """Make a notebook that shows quizzes depend on the files its quizzes are made from.

    Sphinx then reads it again when one of them changes (with ``execute_notebooks: force``
    it would otherwise keep a stale quiz until the notebook itself changed). When every quiz
    of the notebook is refreshed at read time (:func:`_refresh_notebook_quizzes`), the
    execution cache stays keyed on the code; otherwise a digest of the files goes into the
    first code cell's metadata, which jupyter-cache hashes, so the notebook runs again.
    """
    path = Path(app.env.doc2path(docname))
    if path.suffix != ".ipynb" or "quizkit" not in source[0]:
        return
    try:
        notebook = json.loads(source[0])
    except ValueError:
        return
    code = [c for c in notebook.get("cells", []) if c.get("cell_type") == "code"]
    cells = ["".join(c.get("source", "")) if isinstance(c.get("source"), list)
             else str(c.get("source", "")) for c in code]  # fmt: skip
    inputs, refreshable = _notebook_inputs(path.parent, cells)
    for file in inputs:
        app.env.note_dependency(str(file))
    if refreshable or not code:
        return
    digest = hashlib.sha256(str(rendering_version()).encode())
    for file in inputs:
        digest.update(file.name.encode() + b"\0" + file.read_bytes())
    code[0].setdefault("metadata", {})["quizkit_inputs"] = digest.hexdigest()[:16]
    source[0] = json.dumps(notebook, ensure_ascii=False)


def _refresh_notebook_quizzes(app: Sphinx, doctree: nodes.document) -> None:
    """Give every one-line ``quizkit.show(...)`` cell of a notebook the quiz the bank makes now.

    A notebook's outputs may come from the execution cache, which is keyed on its code: the
    quiz a cell shows is rendered again here from its literal arguments, exactly as the call
    renders it in a kernel started in the notebook's folder (``QUIZKIT_HTML_ONLY``), so an
    edited question shows on the next build without running the notebook.
    """
    from quizkit.display import show
    from quizkit.errors import QuizkitError

    path = Path(app.env.doc2path(app.env.docname))
    if path.suffix != ".ipynb":
        return
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") != "cell_code":
            continue
        sources = [n for n in cell.findall(nodes.literal_block)
                   if n.parent.get("nb_element") == "cell_code_source"]  # fmt: skip
        kwargs = _quiz_call(sources[0].astext()) if sources else None
        if kwargs is None:
            continue
        html_nodes = [n for n in cell.findall(nodes.raw)
                      if n.get("format") == "html" and "data-quizkit" in n.astext()]  # fmt: skip
        if not html_nodes:
            continue
        try:
            shown = show(**{**kwargs, "bank_dir": _bank_folder_for(path.parent, kwargs),
                            "page_dir": path.parent})
        except (QuizkitError, TypeError) as exc:
            logger.warning(f"quizkit: {exc}", location=cell, type="quizkit", subtype="notebook")
            continue
        fresh = shown.html()
        for node in html_nodes:
            node.replace(node.children[0], nodes.Text(fresh))
        for node in cell.findall(nodes.literal_block):
            if "text_plain" in node.get("classes", []) and node.astext().startswith("<quizkit quiz"):
                node.replace(node.children[0], nodes.Text(repr(shown)))


RENDERING_MODULES = (
    "html.py",
    "public.py",
    "text.py",
    "grading.py",
    "attempts.py",
    "config.py",
    "course.py",
    "display.py",
    "sphinx.py",
)
"""The modules whose code decides what a quiz page contains."""


def rendering_version() -> int:
    """A number that changes whenever the code that renders quizzes changes.

    Given to Sphinx as ``env_version``, so an incremental build after a quizkit change
    re-reads every page instead of keeping quizzes rendered by the old code.
    """
    digest = hashlib.sha256()
    for name in RENDERING_MODULES:
        digest.update((resources.files("quizkit") / name).read_bytes())
    return int(digest.hexdigest()[:8], 16)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives, the role, the quiz node and the asset handling."""
    # Notebooks executed by the build inherit this: quizkit.show(...) then gives only its
    # HTML form, so no widget state (hundreds of kB a page) is saved into the pages.
    os.environ.setdefault(HTML_ONLY_ENV, "1")
    Settings.register(app)
    add_html_node(app, quiz_node, _visit_quiz_html)
    app.add_directive("quiz", QuizDirective)
    app.add_directive("objectives", ObjectivesDirective)
    app.add_directive("source-text", SourceTextDirective)
    app.add_role("source", source_role)
    app.connect("html-page-context", _on_page_context)
    app.connect("source-read", _on_source_read)
    app.connect("doctree-read", _refresh_notebook_quizzes)
    app.connect("builder-inited", _read_course)
    app.connect("builder-inited", _copy_assets)
    app.connect("build-finished", _prune_shared)
    return {
        "version": __version__,
        "env_version": rendering_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


__all__ = [
    "ASSETS",
    "ASSET_DIR",
    "BookState",
    "ObjectivesDirective",
    "QuizDirective",
    "Settings",
    "SourceTextDirective",
    "add_html_node",
    "book_state",
    "link_shared",
    "quiz_node",
    "setup",
    "source_role",
]
