"""The "Your progress" and "Review" pages of the book: the ``progress`` and ``review`` directives.

Register it with ``sphinx: extra_extensions: [quizkit.sphinx_progress]`` (after
``quizkit.sphinx``). Each directive takes no argument and places a kernel-free page
component:

- ``progress``: where the learner stands, from what the browser saved of each quiz
  (``static/progress.js``): per chapter and per learning objective the questions answered,
  the credit earned and what is left, as a chart with a table, links to each missed
  question, and download, load and reset of the saved progress;
- ``review``: spaced review with FSRS (``static/review.js``, ts-fsrs): the questions due,
  one at a time with the quiz's own controls and grading (``QuizkitUI.render``).

Both need, at build time, an index of every question the book asks: read after all pages
are read (``env-updated``) from the quizzes in every page, the ``quiz`` directive's and
notebook outputs' alike (their packed payloads): which quiz asks it, on which page, at
which position, under which attempt policy, with its chapter (bank file), objectives and a
plain-text line of its prompt. The review page also carries the page form of each of
those questions, packed as quizzes are (:func:`quizkit.html.pack`), and the scheduler's
settings (:data:`quizkit.review.FSRS_SETTINGS`). A page holding either directive is read
again whenever another page changes, so its index is never stale.

Only these pages load the extra scripts and stylesheet (``_static/_quizkit/``); no other
page's weight changes.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from quizkit import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

ASSET_DIR = "_quizkit"
"""Folder of the page scripts under the output's ``_static/`` (as :mod:`quizkit.sphinx`)."""

OWN_ASSETS = ("progress.js", "review.js", "ts-fsrs.js", "progress.css")
"""Package files this extension copies into the output (scripts from ``static/min/``)."""

PAGE_ASSETS = {
    "progress": ("grader.js", "progress.js", "progress.css"),
    "review": (
        "grader.js",
        "quizkit.js",
        "quizkit.css",
        "ts-fsrs.js",
        "progress.js",
        "review.js",
        "progress.css",
    ),
}
"""What each kind of page links, in load order (grader.js and quizkit.* come from quizkit.sphinx)."""

NOSCRIPT = {
    "progress": "Your progress is read from what this browser saved of each quiz: it needs JavaScript.",
    "review": "The review needs JavaScript in a web page, or quizkit.review() in a notebook.",
}

_MARKER = re.compile(r'data-qk-page="(progress|review)"')
_DATA = re.compile(r'<script type="text/plain" class="qk-page-data">([A-Za-z0-9+/=]*)</script>')
_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|pre|div|tr|td|th)>|<br\s*/?>")
PROMPT_CHARS = 160
"""Longest plain-text line of a prompt in the index (longer ones end with an ellipsis)."""


class progress_node(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    """Where a ``progress`` or ``review`` component goes; filled in when the page is written."""


def _docs(env: BuildEnvironment) -> set[str]:
    docs: set[str] = getattr(env, "quizkit_progress_docs", set())
    env.quizkit_progress_docs = docs  # type: ignore[attr-defined]
    return docs


class _PageDirective(SphinxDirective):
    kind = "progress"
    has_content = False

    def run(self) -> list[nodes.Node]:
        from quizkit.sphinx import book_state

        bank_dir = book_state(self.env).bank_dir
        for path in sorted(bank_dir.glob("*.yml")):
            self.env.note_dependency(str(path))
        _docs(self.env).add(self.env.docname)
        node = progress_node(kind=self.kind)
        self.set_source_info(node)
        return [node]


class ProgressDirective(_PageDirective):
    """``progress``: the learner's standing per chapter and objective (see the module docstring)."""

    kind = "progress"


class ReviewDirective(_PageDirective):
    """``review``: spaced review of the questions answered (see the module docstring)."""

    kind = "review"


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _docs(env).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _docs(env).update(_docs(other) & docnames)


def _outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Read the progress and review pages again whenever another page changes."""
    if not (added or changed or removed):
        return []
    return sorted(_docs(env) - added - changed - removed)


def reading_order(env: BuildEnvironment) -> list[str]:
    """Every document in table-of-contents order (depth first from the root), then the rest."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(doc: str) -> None:
        if doc in seen:
            return
        seen.add(doc)
        order.append(doc)
        for child in env.toctree_includes.get(doc, []):
            visit(child)

    visit(env.config.root_doc)
    order += sorted(set(env.found_docs) - seen)
    return order


def _plain(markdown: str) -> str:
    from quizkit.text import render_markdown

    rendered = _BLOCK_END.sub(" ", render_markdown(markdown))
    text = " ".join(html.unescape(_TAG.sub("", rendered)).split())
    return text if len(text) <= PROMPT_CHARS else text[: PROMPT_CHARS - 1].rstrip() + "\u2026"


def _payloads_in(doctree: nodes.Node) -> list[Any]:
    from quizkit.html import payloads
    from quizkit.sphinx import quiz_node

    found: list[Any] = []
    for node in doctree.findall():
        if isinstance(node, quiz_node):
            found += payloads(node["html"])
        elif isinstance(node, nodes.raw) and "html" in str(node.get("format", "")):
            found += payloads(node.astext())
    return found


def build_index(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: index every question the book asks (kept on the environment)."""
    from quizkit.errors import QuizkitError
    from quizkit.sphinx import _load_bank, book_state

    env.quizkit_course = None  # type: ignore[attr-defined]
    if not _docs(env):
        return []
    state = book_state(env)
    try:
        bank = _load_bank(state.bank_dir, state.course)
    except (QuizkitError, OSError) as exc:
        logger.warning(f"quizkit: the progress pages need the bank: {exc}", type="quizkit")
        return []
    places: dict[str, list[dict[str, Any]]] = {}
    for doc in reading_order(env):
        if doc in _docs(env):
            continue
        for quiz in _payloads_in(env.get_doctree(doc)):
            attempts = quiz.get("attempts") or {"tries": 2, "penalty": 1 / 3}
            for n, item in enumerate(quiz["questions"], start=1):
                places.setdefault(item["id"], []).append(
                    {
                        "doc": doc,
                        "quiz": quiz["id"],
                        "n": n,
                        "key": item["key"],
                        "title": quiz.get("title"),
                        "tries": attempts["tries"],
                        "penalty": attempts["penalty"],
                    }
                )
    chapters = []
    questions = []
    for entry in bank.files:
        model = entry.model
        chapters.append(
            {
                "id": entry.stem,
                "number": model.chapter,
                "title": model.title,
                "objectives": [{"id": o.id, "text": o.text} for o in model.objectives],
            }
        )
        for question in model.questions:
            if question.id not in places:
                continue
            questions.append(
                {
                    "id": question.id,
                    "chapter": entry.stem,
                    "objectives": list(question.objectives),
                    "prompt": _plain(question.prompt),
                    "places": places[question.id],
                }
            )
    env.quizkit_course = {"chapters": chapters, "questions": questions}  # type: ignore[attr-defined]
    return []


def _href(builder: Any, doc: str, anchor: str | None = None) -> str:
    uri = str(builder.get_relative_uri(builder.current_docname, doc))
    return f"{uri}#{anchor}" if anchor else uri


def _first_doc(env: BuildEnvironment, kind: str) -> str | None:
    for doc in reading_order(env):
        if doc in _docs(env):
            try:
                tree = env.get_doctree(doc)
            except (OSError, KeyError):
                continue
            if any(n["kind"] == kind for n in tree.findall(progress_node)):
                return doc
    return None


def page_data(builder: Any, kind: str) -> dict[str, Any]:
    """What the ``kind`` component carries on the page being written (packed into it)."""
    env = builder.env
    course = getattr(env, "quizkit_course", None) or {"chapters": [], "questions": []}
    titles = {doc: title.astext() for doc, title in env.titles.items()}
    questions = []
    for q in course["questions"]:
        places = [
            {
                "quiz": p["quiz"],
                "key": p["key"],
                "tries": p["tries"],
                "penalty": p["penalty"],
                "n": p["n"],
                # the question itself (quizkit.js shows it once its quiz is built)
                "href": _href(builder, p["doc"], f"{p['quiz']}-q{p['n']}"),
                "page": titles.get(p["doc"], p["doc"]),
                "title": p["title"],
            }
            for p in q["places"]
        ]
        questions.append({**q, "places": places})
    data: dict[str, Any] = {"v": 1, "kind": kind, "chapters": course["chapters"], "questions": questions}
    for other in ("progress", "review"):
        doc = _first_doc(env, other)
        data[f"{other}_href"] = _href(builder, doc) if doc else None
    if kind == "review":
        data.update(_review_data(builder, [q["id"] for q in questions]))
    return data


def _review_data(builder: Any, ids: list[str]) -> dict[str, Any]:
    from quizkit.display import quiz_source_page
    from quizkit.html import SourceLink, link_sources, page_items
    from quizkit.review import FSRS_SETTINGS
    from quizkit.sphinx import _load_bank, _shared_files, book_state

    env = builder.env
    state = book_state(env)
    bank = _load_bank(state.bank_dir, state.course)
    questions = [bank.questions[qid] for qid in ids]
    items = page_items(questions)
    course = state.course

    def link(source: str | None) -> SourceLink:
        doc = course.source_page(source)
        href = _href(builder, doc) if doc and doc in env.all_docs else None
        return SourceLink(course.source_label(source), href)

    link_sources(questions, items, link)
    messages = items[0]["spec"].get("messages") if items else None
    for item in items:
        if item["spec"].get("messages") == messages:
            item["spec"] = {k: v for k, v in item["spec"].items() if k != "messages"}
    # Questions the chapters' pages share (quizkit.html.SharedFile) are taken from those files,
    # which a reader's browser has cached from the chapters: the page carries only the rest.
    shared = [f for f in _shared_files(builder.app) if any(f.holds(item) for item in items)]
    own = [item for item in items if not any(f.holds(item) for f in shared)]
    paper_doc = quiz_source_page(state.course, [])
    refs_doc = state.course.factsheet_page
    return {
        "items": {item["id"]: item for item in own},
        "files": [f.name for f in shared],
        "page": builder.get_target_uri(builder.current_docname),
        "messages": messages,
        "attempts": state.policy.as_json(),
        "fsrs": FSRS_SETTINGS,
        "paper_href": _href(builder, paper_doc) if paper_doc and paper_doc in env.all_docs
        else None,
        "refs_href": _href(builder, refs_doc) if refs_doc and refs_doc in env.all_docs else None,
        "refs_anchor": state.course.factsheet_anchor,
    }


def _visit_html(self: Any, node: progress_node) -> None:
    from quizkit.html import pack

    kind = node["kind"]
    data = page_data(self.builder, kind)
    self.body.append(
        f'<div class="qk-page qk-{kind}" id="qk-{kind}" data-qk-page="{kind}">'
        f'<script type="text/plain" class="qk-page-data">{pack(data)}</script>'
        f'<noscript><p class="qk-noscript">{html.escape(NOSCRIPT[kind])}</p></noscript>'
        "</div>\n"
    )
    raise nodes.SkipNode


@lru_cache(maxsize=None)
def asset_text(name: str) -> str:
    """One of the page assets as pages get it: scripts minified (``static/min/``), CSS by rcssmin."""
    import rcssmin

    from quizkit.html import asset_text as quiz_asset

    if name not in OWN_ASSETS:
        return quiz_asset(name)
    static = resources.files("quizkit") / "static"
    if name.endswith(".js"):
        return (static / "min" / name).read_text(encoding="utf-8")
    return str(rcssmin.cssmin((static / name).read_text(encoding="utf-8")))


def _copy_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / ASSET_DIR
    target.mkdir(parents=True, exist_ok=True)
    for name in OWN_ASSETS:
        (target / name).write_text(asset_text(name), encoding="utf-8")


def _on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Link the scripts of a progress or review component, on its page only."""
    found = _MARKER.search(context.get("body") or "")
    if not found:
        return
    # The shared question files the review page takes items from, before quizkit.js.
    from quizkit.html import unpack
    from quizkit.sphinx import _shared_files, link_shared

    block = _DATA.search(context["body"])
    names = set(unpack(block[1]).get("files") or []) if block else set()
    link_shared(app, [file for file in _shared_files(app) if file.name in names])
    for name in PAGE_ASSETS[found[1]]:
        if name.endswith(".css"):
            app.add_css_file(f"{ASSET_DIR}/{name}")
        else:
            app.add_js_file(f"{ASSET_DIR}/{name}", defer="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives, their node, the index and the page assets."""
    app.setup_extension("quizkit.sphinx")
    from quizkit.sphinx import add_html_node

    add_html_node(app, progress_node, _visit_html)
    app.add_directive("progress", ProgressDirective)
    app.add_directive("review", ReviewDirective)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-updated", build_index)
    app.connect("builder-inited", _copy_assets)
    app.connect("html-page-context", _on_page_context)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}


__all__ = [
    "OWN_ASSETS",
    "PAGE_ASSETS",
    "ProgressDirective",
    "ReviewDirective",
    "build_index",
    "page_data",
    "progress_node",
    "reading_order",
    "setup",
]
