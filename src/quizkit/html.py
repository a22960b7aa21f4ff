"""Questions as a self-contained HTML fragment: the kernel-free quiz of the built book.

The fragment is a ``<div data-quizkit>`` holding the page form of each question
(:func:`quizkit.public.public_spec`) packed by :func:`pack` (JSON, raw DEFLATE, base64) in a
``<script type="text/plain" class="qk-data">`` element, and a ``<noscript>`` list of the
prompts. ``static/quizkit.js`` unpacks it with the browser's ``DecompressionStream``, builds
the quiz and grades answers with ``static/grader.js``. Packing keeps answers out of the page
source as readable text and makes the quiz about half as heavy as plain JSON; it is not
security. Every id is derived from the content, so the same questions always give the same
HTML on a given machine (DEFLATE output may differ between zlib builds; :func:`unpack` gives
the content back for comparisons). In the book, a page's quizzes are packed together
(:func:`pack_page`), and the questions a bank file shares between pages come from a script of
their own that browsers cache (:class:`SharedFile`); :func:`page_payloads` reads a built page
back with them.

Bank text reaches the fragment only as HTML rendered by :func:`quizkit.text.render_markdown`
(inside the page form, or in the noscript list); every other string is escaped here.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from quizkit.attempts import AttemptPolicy
from quizkit.config import DEFAULT_SOURCE_LABEL
from quizkit.models import Question
from quizkit.text import render_markdown

ASSET_FILES = ("grader.js", "quizkit.js", "quizkit.css")
"""The package files a page with a quiz needs (see :mod:`quizkit.sphinx`)."""

NOSCRIPT_TEXT = (
    "The interactive quiz needs JavaScript in a web page, or running this cell in a notebook."
    " Its questions:"
)
"""Shown instead of the quiz where scripts do not run (also a saved notebook's preview)."""


@dataclass(frozen=True)
class SourceLink:
    """How a quiz's notes name one source text, and where they link its paragraphs.

    ``label`` fits after "Read ¶7 of" (the course's ``label`` of the source); ``href`` is
    the URI of the page showing the text, relative to the page the quiz is on (``None``: the
    notes are plain text).
    """

    label: str = DEFAULT_SOURCE_LABEL
    href: str | None = None


SourceLinks = Callable[[str | None], SourceLink]
"""A source text's id (``None``: the course's first) to its :class:`SourceLink`."""


def _digest(data: str, length: int) -> str:
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:length]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def pack(value: Any) -> str:
    """``value`` as compact JSON, compressed with raw DEFLATE (level 9), in base64.

    The quiz UI reverses it with ``DecompressionStream("deflate-raw")``. Base64 text cannot
    end the ``<script>`` element that holds it, whatever the bank says.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
    data = packer.compress(_json(value).encode("utf-8")) + packer.flush()
    return base64.b64encode(data).decode("ascii")


def unpack(text: str) -> Any:
    """Undo :func:`pack`."""
    return json.loads(zlib.decompress(base64.b64decode(text, validate=True), -15).decode("utf-8"))


PAYLOAD = re.compile(r'<script type="text/plain" class="qk-data">([A-Za-z0-9+/=]*)</script>')
"""A quiz's packed payload in a page, as :func:`render_quiz` writes it."""

PAGE_DATA_ID = "qk-page-data"
"""The id of the element that carries every quiz of a page packed together (:func:`pack_page`)."""

PAGE_PAYLOAD = re.compile(
    rf'<script type="text/plain" id="{PAGE_DATA_ID}">([A-Za-z0-9+/=]*)</script>'
)
"""A page's packed quizzes, as :func:`pack_page` writes them."""

SHARED_DATA_DIR = "data"
"""Folder of the shared question files (:class:`SharedFile`), beside the quiz assets."""

SHARED_SHARE = 0.5
"""A page takes a bank file's questions from its :class:`SharedFile` when it shows at least
this share of them; a page showing fewer carries the ones it shows itself."""

_REFERENCE = re.compile(r'<script type="text/plain" class="qk-data">@([0-9]+)</script>')
_CONTAINER = re.compile(r'<div class="qk-quiz" [^>]*\bdata-quizkit="1"')


@dataclass(frozen=True)
class SharedFile:
    """The page form of every question of one bank file, in a script of its own.

    Every page showing most of a bank file's questions (a chapter's quizzes, its exercise
    notebook) links the same file instead of carrying them, so a reader's browser fetches
    each question once and takes it from its cache on the next page. ``items`` are as
    :func:`page_items` makes them (by id), without the grader's messages (each quiz carries
    them) and with ``source.href`` relative to the site's root: a page gives its own URI from
    the root (``page`` in its packed data) and the link is made relative to it
    (:func:`relative_href`).

    The file (:meth:`script`) sets ``self.QuizkitData[name]`` to the items packed by
    :func:`pack`: a classic script, so it loads from disk as well as from a web server. Its
    ``name`` (``<stem>.<digest>``) changes with its content, so a cached copy is never stale.
    """

    name: str
    items: dict[str, dict[str, Any]]

    @property
    def filename(self) -> str:
        return f"{self.name}.js"

    def holds(self, item: dict[str, Any]) -> bool:
        """Whether a page's item (:func:`page_items`, linked) is one of this file's, unchanged:
        same id, content (its key) and source label."""
        shared = self.items.get(item["id"])
        return shared is not None and (item["key"], _label(item)) == (shared["key"], _label(shared))

    def script(self) -> str:
        packed = pack(list(self.items.values()))
        return f'(self.QuizkitData=self.QuizkitData||{{}})["{self.name}"]="{packed}";\n'


def shared_file(
    stem: str, questions: Sequence[Question], source_links: SourceLinks | None = None
) -> SharedFile:
    """The :class:`SharedFile` of one bank file's questions (``stem`` names it).

    ``source_links`` gives each source text's label and the URI of its page relative to the
    site's root (as for :func:`render_quiz`).
    """
    if not re.fullmatch(r"[A-Za-z0-9_-]+", stem):
        raise ValueError(f"a shared file's stem must be letters, digits, - and _: {stem!r}")
    items = page_items(questions)
    link_sources(questions, items, source_links or (lambda _: SourceLink()))
    for item in items:
        item["spec"].pop("messages", None)
    name = f"{stem}.{_digest(_json(items), 10)}"
    return SharedFile(name, {item["id"]: item for item in items})


class PackedPage(NamedTuple):
    """A page as :func:`pack_page` packs it, and the shared files it links (in load order)."""

    html: str
    files: tuple[SharedFile, ...]


def _label(item: dict[str, Any]) -> Any:
    return (item["spec"].get("source") or {}).get("label")


def pack_page(page: str, shared: Sequence[SharedFile] = (), uri: str = "") -> PackedPage:
    """A page (or its body) with every quiz's payload packed together in one element.

    The page's quizzes are carried as one block, ``<script type="text/plain"
    id="qk-page-data">`` before the first quiz, holding ``{"quizzes": [...]}`` packed by
    :func:`pack`; each quiz's own ``qk-data`` element then says ``@n``, its place in the list.
    One DEFLATE stream finds the text the quizzes share (the grader's messages, the page
    form's names, repeated HTML), which separate streams cannot: the quizzes of a chapter
    weigh about a fifth less, with or without compression by the web host.

    ``shared`` are the :class:`SharedFile` of the bank's files. Where the page shows at least
    :data:`SHARED_SHARE` of a file's questions, unchanged, each of them becomes its id in the
    quiz's ``questions`` and the file is listed in the block (``"files"``, with ``"page"``,
    ``uri``: the page's own URI from the site's root, to which the shared items' source links
    are made relative); the returned :attr:`PackedPage.files` are then to be linked from the
    page before ``quizkit.js``. ``quizkit.js`` unpacks the block and the files once for all
    the page's quizzes. A page with one quiz and no shared file, or one already packed, is
    returned unchanged.
    """
    blocks = PAYLOAD.findall(page)
    first = _CONTAINER.search(page)
    if not blocks or first is None or PAGE_PAYLOAD.search(page):
        return PackedPage(page, ())
    quizzes = [unpack(text) for text in blocks]
    owner = {qid: file for file in shared for qid in file.items}

    def shareable(item: dict[str, Any]) -> SharedFile | None:
        file = owner.get(item["id"])
        return file if file is not None and file.holds(item) else None

    shown: dict[str, set[str]] = {}
    for quiz in quizzes:
        for item in quiz["questions"]:
            if (file := shareable(item)) is not None:
                shown.setdefault(file.name, set()).add(item["id"])
    used = tuple(f for f in shared if len(shown.get(f.name, ())) >= SHARED_SHARE * len(f.items))
    if len(blocks) < 2 and not used:
        return PackedPage(page, ())
    names = {file.name for file in used}
    for quiz in quizzes:
        quiz["questions"] = [
            item["id"] if (file := shareable(item)) is not None and file.name in names else item
            for item in quiz["questions"]
        ]
    data: dict[str, Any] = {"quizzes": quizzes}
    if used:
        data.update(files=[file.name for file in used], page=uri)
    counter = iter(range(len(blocks)))
    body = PAYLOAD.sub(
        lambda m: f'<script type="text/plain" class="qk-data">@{next(counter)}</script>', page
    )
    block = f'<script type="text/plain" id="{PAGE_DATA_ID}">{pack(data)}</script>\n'
    return PackedPage(body[: first.start()] + block + body[first.start() :], used)


def relative_href(page: str, target: str) -> str:
    """``target`` (a URI from the site's root) as a link from ``page`` (another such URI), as
    ``quizkit.js`` makes it: ``relative_href("a/b/c.html", "a/d.html#p1") == "../d.html#p1"``."""
    here, there = page.split("/")[:-1], target.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:])


SharedLoader = Callable[[str], str]
"""A shared file's name to the file's text (:meth:`SharedFile.script`)."""


def site_loader(page_path: Path, page: str) -> SharedLoader:
    """Reads the shared files a built page links, from beside the page on disk."""

    def load(name: str) -> str:
        found = re.search(rf'<script [^>]*src="([^"?]*{re.escape(name)}\.js)(?:\?[^"]*)?"', page)
        if found is None:
            raise ValueError(f"{page_path}: the page does not link its shared file {name}.js")
        return (page_path.parent / found.group(1)).read_text(encoding="utf-8")

    return load


_SHARED_SCRIPT = re.compile(r'\(self\.QuizkitData=self\.QuizkitData\|\|\{\}\)\["([^"]+)"\]="([A-Za-z0-9+/=]*)";')


def read_shared(text: str) -> tuple[str, list[dict[str, Any]]]:
    """A shared file's name and items, from its text (:meth:`SharedFile.script`)."""
    found = _SHARED_SCRIPT.fullmatch(text.strip())
    if found is None:
        raise ValueError("not a quizkit shared question file")
    return found.group(1), unpack(found.group(2))


def shared_items(files: Sequence[str], uri: str, load: SharedLoader) -> dict[str, Any]:
    """The items of the shared files ``files`` by id, as the page at ``uri`` (its URI from the
    site's root) sees them: source links made relative to it (as ``quizkit.js`` does)."""
    items: dict[str, Any] = {}
    for name in files:
        found, listed = read_shared(load(name))
        if found != name:
            raise ValueError(f"the shared file {name}.js holds {found}")
        for item in listed:
            note = item["spec"].get("source") or {}
            if note.get("href"):
                note["href"] = relative_href(uri, note["href"])
            items[item["id"]] = item
    return items


def _resolve(data: Any, load: SharedLoader | None) -> list[Any]:
    """The quizzes of a page's packed block, shared questions put back (as ``quizkit.js`` does)."""
    files = data.get("files") or []
    if files and load is None:
        raise ValueError(
            "the page takes questions from shared files "
            f"({', '.join(files)}): read it with payloads(page, page_path=...)"
        )
    items = shared_items(files, data.get("page") or "", load) if files and load else {}
    for quiz in data["quizzes"]:
        quiz["questions"] = [
            json.loads(_json(items[entry])) if isinstance(entry, str) else entry
            for entry in quiz["questions"]
        ]
    return list(data["quizzes"])


def payloads(page: str, *, page_path: Path | None = None) -> list[Any]:
    """The quiz payloads of an HTML page or fragment, unpacked, in page order.

    Understands every form: each quiz's own packed block (:func:`render_quiz`) and a page's
    quizzes packed together (:func:`pack_page`), whose shared questions are read from the
    shared files beside the page (``page_path``, the built page's file) and given back in
    full, their source links made relative to the page, as the browser sees them.
    """
    shared = PAGE_PAYLOAD.search(page)
    load = site_loader(page_path, page) if page_path is not None else None
    together: list[Any] = _resolve(unpack(shared.group(1)), load) if shared else []
    found: list[tuple[int, Any]] = [(m.start(), unpack(m.group(1))) for m in PAYLOAD.finditer(page)]
    found += [(m.start(), together[int(m.group(1))]) for m in _REFERENCE.finditer(page)]
    return [payload for _, payload in sorted(found, key=lambda item: item[0])]


def page_payloads(path: Path) -> list[Any]:
    """The quiz payloads of a built page on disk (:func:`payloads` with its shared files)."""
    return payloads(path.read_text(encoding="utf-8"), page_path=path)


def page_items(questions: Sequence[Question]) -> list[dict[str, Any]]:
    """The page form of each question with its id and a short hash of its content.

    The hash keys saved progress in the browser, so an edited question starts afresh.
    """
    from quizkit.public import public_spec

    items = []
    for question in questions:
        spec = public_spec(question)
        items.append({"id": question.id, "key": _digest(_json(spec), 10), "spec": spec})
    return items


def link_sources(
    questions: Sequence[Question], items: list[dict[str, Any]], source_links: SourceLinks
) -> None:
    """Give each item (:func:`page_items` of ``questions``) that cites a paragraph the label
    of its source text and the link to that paragraph (``source.label``, ``source.href``).

    Added after the item's key is made: where a page links is not the question's content.
    """
    for question, item in zip(questions, items, strict=True):
        paragraph = question.source.paragraph
        if paragraph is not None:
            link = source_links(question.source.source)
            note = item["spec"]["source"]
            note["label"] = link.label
            if link.href is not None:
                note["href"] = f"{link.href}#{paragraph}"


@lru_cache(maxsize=None)
def asset_text(name: str, *, minify: bool = True) -> str:
    """The text of one of :data:`ASSET_FILES`, read from the package.

    Pages get them minified: the scripts as ``static/min/<name>``, made from the readable
    sources by terser (``npm run minify``, committed; a test fails when they are stale), the
    stylesheet by rcssmin here. The grading table runs on both forms of the grader.
    """
    if name not in ASSET_FILES:
        raise ValueError(f"unknown asset {name!r} (known: {', '.join(ASSET_FILES)})")
    static = resources.files("quizkit") / "static"
    if not minify:
        return (static / name).read_text(encoding="utf-8")
    if name.endswith(".js"):
        return (static / "min" / name).read_text(encoding="utf-8")
    import rcssmin

    return str(rcssmin.cssmin((static / name).read_text(encoding="utf-8")))


def inline_assets() -> str:
    """The quiz CSS and JavaScript as inline ``<style>`` and ``<script>`` elements."""
    parts = [f"<style>{asset_text('quizkit.css')}</style>"]
    for name in ("grader.js", "quizkit.js"):
        source = asset_text(name)
        # An inline script ends at the first "</script"; the files never contain one.
        if "</script" in source.lower():
            raise ValueError(f"{name} contains '</script' and cannot be inlined")
        parts.append(f"<script>{source}</script>")
    return "".join(parts)


def render_quiz(
    questions: Sequence[Question],
    *,
    title: str | None = None,
    quiz_id: str | None = None,
    paper_href: str | None = None,
    include_assets: bool = False,
    references_href: str | None = None,
    attempts: AttemptPolicy | None = None,
    references_anchor: str | None = None,
    source_links: SourceLinks | None = None,
) -> str:
    """Render questions, in the given order, as one quiz: a self-contained HTML fragment.

    Each question's paragraph note names its source text and links to its paragraph as
    ``source_links`` says (:class:`SourceLink`: the page form's ``source.label`` and
    ``source.href``, e.g. ``../reading.html#p7``), so a quiz quoting several texts links each
    question to its own; without ``source_links`` every note says "the source text" and
    links to ``paper_href``. ``paper_href`` (``data-paper-href``) is the URI, from the page
    the quiz is on, of the page showing the source text, which pages written before the
    per-question links used for every note;
    ``references_href``, if given, is the URI of the page showing the fact sheet
    (``data-refs-href``), and ``references_anchor`` the rule of its items' anchors, with
    ``{item}`` standing for the item id in lower case with dots as hyphens
    (``data-refs-anchor``, e.g. ``fs-{item}``: item B1.5 links to ``#fs-b1-5``). Without a
    URI the notes are plain text. ``quiz_id`` defaults to a hash of the content. ``attempts`` is the quiz's attempt
    policy (default: :class:`quizkit.attempts.AttemptPolicy`'s defaults), carried in the
    packed data as ``{"tries": n or null, "penalty": p}``.
    With ``include_assets`` the CSS and JavaScript are inlined, for pages that do not link
    them (``quizkit preview``, notebook HTML outside the book).
    """
    if not questions:
        raise ValueError("a quiz needs at least one question")
    items = page_items(questions)
    # The grader's messages are the same for every question: carry them once per quiz
    # (quizkit.js gives them back to each question's page form before grading).
    messages = items[0]["spec"].get("messages")
    for item in items:
        if item["spec"].get("messages") == messages:
            item["spec"] = {k: v for k, v in item["spec"].items() if k != "messages"}
    policy = attempts if attempts is not None else AttemptPolicy()
    payload: dict[str, Any] = {
        "questions": items,
        "title": title,
        "messages": messages,
        "attempts": policy.as_json(),
    }
    if quiz_id is None:
        quiz_id = "qk-" + _digest(_json(payload), 12)
    # After the id: where a page links is not content, and saved progress is keyed by the id.
    link_sources(questions, items, source_links or (lambda _: SourceLink(href=paper_href)))
    payload["id"] = quiz_id
    label = title or "Quiz"
    links = "".join(
        f' data-{name}="{html.escape(value)}"'
        for name, value in (("paper-href", paper_href), ("refs-href", references_href),
                            ("refs-anchor", references_anchor))
        if value is not None
    )
    noscript_items = "".join(
        f"<li>{render_markdown(q.prompt)}</li>" for q in questions
    )
    parts = [
        f'<div class="qk-quiz" id="{html.escape(quiz_id)}" data-quizkit="1"{links} '
        f'role="region" aria-label="{html.escape(label)}">',
        f'<p class="qk-title">{html.escape(title)}</p>' if title else "",
        f'<script type="text/plain" class="qk-data">{pack(payload)}</script>',
        f'<noscript><div class="qk-noscript"><p>{html.escape(NOSCRIPT_TEXT)}</p>'
        f"<ol>{noscript_items}</ol></div></noscript>",
        "</div>",
    ]
    fragment = "\n".join(p for p in parts if p)
    if include_assets:
        fragment += "\n" + inline_assets()
    return fragment + "\n"


__all__ = [
    "ASSET_FILES",
    "NOSCRIPT_TEXT",
    "PAGE_DATA_ID",
    "PAGE_PAYLOAD",
    "PAYLOAD",
    "SHARED_DATA_DIR",
    "SHARED_SHARE",
    "PackedPage",
    "SharedFile",
    "SharedLoader",
    "SourceLink",
    "SourceLinks",
    "asset_text",
    "inline_assets",
    "link_sources",
    "pack",
    "pack_page",
    "page_items",
    "page_payloads",
    "payloads",
    "read_shared",
    "relative_href",
    "render_quiz",
    "shared_file",
    "shared_items",
    "site_loader",
    "unpack",
]
