"""The Jupyter Book (Sphinx) extension: quizzes, objectives and the paper in the built book.

Register it with ``sphinx: extra_extensions: [quizkit.sphinx]`` in ``_config.yml``. It adds:

- the ``quiz`` directive: questions selected from the bank, as a kernel-free HTML quiz.
  Options: ``:bank:`` (a file stem or ``all``), ``:ids:``, ``:tags:``, ``:types:`` (comma
  lists), ``:objective:``, ``:sample:`` N with ``:seed:``, ``:stratify:`` (a flag: balance
  the sample by chapter, then objective; see :func:`quizkit.bank.stratified_sample`),
  ``:title:``, and the attempt policy (:mod:`quizkit.attempts`): ``:tries:`` (a whole
  number, or ``unlimited``) and ``:penalty:`` (0 to 1, e.g. ``0.25`` or ``1/3``), whose
  defaults are the course's, from ``quizkit.yml`` in the book's source folder;
- the ``objectives`` directive: a chapter's learning objectives, read from its bank file;
- the ``paper-text`` directive: the paper with numbered paragraphs and anchors ``#p1``..;
- the ``paper`` role: ``{paper}`p7``` links to paragraph 7 of the paper appendix.

The quiz's JavaScript and CSS are package data, copied to ``_static/_quizkit/`` in the output and
linked only from pages whose HTML contains a quiz (a directive's or a notebook output's).
The extension also keeps every page offline: it drops scripts and styles that would load
from another host (the Thebe launcher, MathJax from a CDN), which the book does not use.

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
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from quizkit.attempts import AttemptPolicy
from quizkit.display import HTML_ONLY_ENV
from quizkit.html import ASSET_FILES, asset_text, pack_page

if TYPE_CHECKING:
    from docutils.parsers.rst.states import Inliner
    from sphinx.application import Sphinx

    from quizkit.bank import Bank

logger = logging.getLogger(__name__)

PAPER_DOCNAME = "chapters/a1-paper"
"""The document that holds the ``paper-text`` directive: quizzes link their sources to it."""

ASSET_DIR = "_quizkit"
"""Folder of the quiz assets under the output's ``_static/``.

The book's own (source) ``_static/`` folder is not used: Jupyter Book links every script and
stylesheet found there from every page. Files copied into the output are linked only where
:func:`_on_page_context` adds them."""

ASSETS = ASSET_FILES
"""Package files copied to :data:`ASSET_DIR`, in load order."""

PAPER_HREF_PLACEHOLDER = "quizkit-paper-href-placeholder"
"""Stands for the paper appendix's URI in a quiz until the page is written."""

REFERENCES_DOCNAME = "chapters/a5-references"
"""The references appendix: fact-sheet notes in quiz feedback link to its ``#fs-..`` anchors."""

REFERENCES_HREF_PLACEHOLDER = "quizkit-references-href-placeholder"
"""Stands for the references appendix's URI in a quiz until the page is written."""

_LABEL_PREFIX = "quizkit-paper-"
_QUIZ_MARKER = re.compile(r"<[a-z]+\b[^>]*\sdata-quizkit[\s=>]")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


class quiz_node(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """A rendered quiz; the paper link inside it is resolved when the page is written."""


def _bank_dir(directive: SphinxDirective) -> Path:
    configured = str(directive.config.quizkit_bank_dir)
    return Path(directive.env.srcdir, configured).resolve()


_BANK_CACHE: dict[tuple[Path, tuple[tuple[str, int], ...]], Bank] = {}


def _load_bank(bank_dir: Path) -> Bank:
    """Load the bank once per process while its files are unchanged."""
    from quizkit.bank import load_bank

    files = sorted(bank_dir.glob("*.yml"))
    key = (bank_dir, tuple((f.name, f.stat().st_mtime_ns) for f in files))
    if key not in _BANK_CACHE:
        _BANK_CACHE.clear()
        _BANK_CACHE[key] = load_bank(bank_dir)
    return _BANK_CACHE[key]


_COURSE_POLICY: dict[str, AttemptPolicy] = {}
"""The course's default attempt policy per source folder, read when the builder starts."""


def _read_course_config(app: Sphinx) -> None:
    """Read ``quizkit.yml`` in the source folder once per build; report each mistake."""
    from quizkit.config import load_config
    from quizkit.errors import BankError

    try:
        policy = load_config(app.srcdir).attempts.policy()
    except BankError as exc:
        for problem in exc.problems:
            where = f": {problem.field}" if problem.field else ""
            logger.warning(
                f"quizkit: course configuration{where}: {problem.message}",
                location=f"{problem.file}:{problem.line}",
                type="quizkit",
                subtype="config",
            )
        policy = AttemptPolicy()
    _COURSE_POLICY[str(app.srcdir)] = policy


def _course_policy(env: Any) -> AttemptPolicy:
    return _COURSE_POLICY.get(str(env.srcdir), AttemptPolicy())


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

        bank_dir = _bank_dir(self)
        if not bank_dir.is_dir():
            self.warn(f"quizkit: no bank folder at {bank_dir}")
            return None
        named = bank_dir / f"{stem}.yml"
        own = [named] if stem not in (None, "all") and named.is_file() else []
        for path in own or sorted(bank_dir.glob("*.yml")):
            self.env.note_dependency(str(path))
        try:
            return _load_bank(bank_dir)
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
        from quizkit.config import CONFIG_NAME
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
                _course_policy(self.env), opts.get("tries"), opts.get("penalty")
            )
        except QuizkitError as exc:
            self.warn(f"quizkit: {exc}")
            return []
        config = Path(self.env.srcdir, CONFIG_NAME)
        if config.is_file():
            self.env.note_dependency(str(config))
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
        if not questions:
            chosen = ", ".join(f":{k}: {v}" for k, v in sorted(opts.items()))
            self.warn(f"quizkit: the quiz selects no questions ({chosen or 'no options'})")
            return []
        html = render_quiz(
            questions,
            title=opts.get("title"),
            paper_href=PAPER_HREF_PLACEHOLDER,
            references_href=REFERENCES_HREF_PLACEHOLDER,
            attempts=policy,
        )
        node = quiz_node(html=html)
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


class PaperTextDirective(SphinxDirective):
    """``paper-text``: the paper exactly as published, paragraphs numbered and anchored."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from quizkit.paper import load_paper

        paper = load_paper()
        out: list[nodes.Node] = []
        citation = nodes.paragraph(classes=["qk-paper-citation"])
        citation += nodes.emphasis("", paper.citation)
        out.append(citation)
        for block in paper.blocks:
            if block.kind == "front":
                continue
            if block.kind == "heading":
                rubric = nodes.rubric("", block.text, classes=["qk-paper-heading"])
                # myst-parser renders rubrics itself, from "level"; Sphinx reads "heading-level".
                rubric["level"] = rubric["heading-level"] = 2
                out.append(rubric)
                continue
            number = block.id[1:]
            para = nodes.paragraph(classes=["qk-paper-para"])
            para["ids"].append(block.id)
            para["names"].append(f"{_LABEL_PREFIX}{block.id}")
            para += nodes.strong("", f"\u00b6{number}", classes=["qk-pnum"])
            para += nodes.Text(" " + ("\u2022 " if block.kind == "bullet" else "") + block.text)
            self.state.document.note_explicit_target(para, para)
            if block.kind == "bullet":
                out.append(nodes.block_quote("", para, classes=["qk-paper-bullet"]))
            else:
                out.append(para)
        return out


def paper_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{paper}`p7```: a link "¶7" to paragraph 7 of the paper appendix."""
    from quizkit.paper import load_paper

    pid = text.strip()
    if pid not in load_paper().paragraphs:
        known = f"p1..p{len(load_paper().paragraphs)}"
        msg = inliner.reporter.error(
            f"quizkit: the paper has no paragraph {pid!r} (paragraphs are {known})",
            line=lineno,
        )
        return [inliner.problematic(rawtext, rawtext, msg)], [msg]
    env = inliner.document.settings.env
    label = f"\u00b6{pid[1:]}"
    ref = addnodes.pending_xref(
        rawtext,
        refdomain="std",
        reftype="ref",
        reftarget=f"{_LABEL_PREFIX}{pid}",
        refexplicit=True,
        refwarn=True,
        refdoc=env.docname,
    )
    ref += nodes.inline(label, label, classes=["qk-paper-ref"])
    return [ref], []


def _visit_quiz_html(self: Any, node: quiz_node) -> None:
    builder = self.builder
    html = node["html"]
    # A project without an appendix gets quizzes whose source notes are plain text.
    for docname, placeholder in (
        (PAPER_DOCNAME, PAPER_HREF_PLACEHOLDER),
        (REFERENCES_DOCNAME, REFERENCES_HREF_PLACEHOLDER),
    ):
        href = ""
        if docname in builder.env.all_docs:
            href = builder.get_relative_uri(builder.current_docname, docname)
        html = html.replace(placeholder, href)
    self.body.append(html)
    raise nodes.SkipNode


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _page_has_quiz(context: dict[str, Any]) -> bool:
    return bool(_QUIZ_MARKER.search(context.get("body") or ""))


def _on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Link the quiz assets on quiz pages and pack their quizzes together (:func:`pack_page`);
    drop every script or style from another host."""
    # pydata-sphinx-theme reads `default_mode` from the context and, left empty, logs
    # "Got invalid theme mode" as a console error on a reader's first visit.
    context.setdefault("default_mode", "auto")
    if _page_has_quiz(context):
        context["body"] = pack_page(context["body"])
        for name in ASSETS:
            if name.endswith(".css"):
                app.add_css_file(f"{ASSET_DIR}/{name}")
            else:
                app.add_js_file(f"{ASSET_DIR}/{name}", defer="defer")
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


# Two WCAG 2.5.3 (label in name) failures of the stock theme's navbar, found by axe-core:
# the search field's aria-label "Search" hides its visible text "Search Ctrl+K", and the
# colour-mode button's icons carry titles ("Light", "System Settings") that its label
# "Color mode" does not contain. Without the aria-label the field is named by its text; the
# icons are decorative once the button has its label.
_THEME_FIXES = (
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


def _fix_theme_html(app: Sphinx, exception: Exception | None) -> None:
    """Apply :data:`_THEME_FIXES` to every page written."""
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = text
        for pattern, replacement in _THEME_FIXES:
            fixed = pattern.sub(replacement, fixed)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


# ---------------------------------------------------------------- notebooks and rebuilds

_QUIZ_MODULES_SAFE = {"quizkit", "quizkit.paper", "quizkit.factsheet"}
"""Imports a notebook may have and still have its quizzes refreshed at read time: the paper
and the fact sheet do not change with the bank."""


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
    quizkit (or a ``show``) other than by importing it or the paper and fact-sheet modules."""
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
            if node.value.id == "quizkit" and node.attr not in ("paper", "factsheet"):
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
            shown = show(**{**kwargs, "bank_dir": _bank_folder_for(path.parent, kwargs)})
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
    app.add_config_value("quizkit_bank_dir", "bank", "env", [str])
    app.add_node(
        quiz_node,
        html=(_visit_quiz_html, None),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.add_directive("quiz", QuizDirective)
    app.add_directive("objectives", ObjectivesDirective)
    app.add_directive("paper-text", PaperTextDirective)
    app.add_role("paper", paper_role)
    app.connect("html-page-context", _on_page_context)
    app.connect("source-read", _on_source_read)
    app.connect("doctree-read", _refresh_notebook_quizzes)
    app.connect("builder-inited", _copy_assets)
    app.connect("builder-inited", _read_course_config)
    app.connect("build-finished", _fix_theme_html)
    return {
        "version": "0.1.0",
        "env_version": rendering_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


__all__ = [
    "ASSETS",
    "ASSET_DIR",
    "PAPER_DOCNAME",
    "ObjectivesDirective",
    "PaperTextDirective",
    "QuizDirective",
    "paper_role",
    "quiz_node",
    "setup",
]
