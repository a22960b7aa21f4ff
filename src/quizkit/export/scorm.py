"""SCORM packages: the built book as one activity in an LMS (SCORM 1.2, SCORM 2004 4th edition).

``quizkit export --format scorm12`` (or ``scorm2004``) zips the built HTML book with
``imsmanifest.xml`` and a launch page, so that Moodle, Canvas, Blackboard and other LMSs
import the whole course as one activity whose quizzes report to the LMS.

**One SCO for the whole book.** The book is many HTML pages that link to each other (the
paper appendix, the references, the next chapter). If every page, or every chapter with
quizzes, were its own SCO, each page load would start and end an LMS session (SCORM allows
one Initialize per launch), the LMS would have to sequence the pages (SCORM 1.2 has no
sequencing, and LMSs show a multi-SCO package as a table of contents of separate launches),
the book's own links would leave the SCO they were opened in, and the gradebook would get
one grade per SCO to combine. So the package has one SCO: ``scorm/launch.html`` finds the
LMS's API once, keeps the session (Initialize once, Commit, Terminate when the page goes
away, session time) and shows the book's pages in a frame; the quizzes in that frame find the
launcher (same origin, ``window.parent.QuizkitHost``) and keep their progress in the LMS
through it instead of the browser. The LMS gets one score for the course: each question of
the book at the best credit of the quizzes that ask it (a question in a chapter's quiz and in
its exercise page counts once, as on the book's progress page), over the number of questions. The book is an asset resource the SCO depends on; the manifest lists every file.

The package holds, besides the book's files as built: ``imsmanifest.xml``;
``scorm/launch.html``; ``scorm/scorm.js`` (the host: API discovery, the session, the
suspend-data codec; ``static/scorm.js``, minified); ``scorm/grader.js`` (the quiz grader, for
the attempt rule); and ``scorm/course.js``, the course index written here from the built
pages: every quiz (id, page, attempt policy) and every question slot in it (quiz, question
id, the content key its saved progress is filed under, type, interaction id), the start page,
the SCORM version, the suspend-data limit and the mastery score. Nothing is loaded from
elsewhere, and zip entries carry a fixed time, so the same built book gives the same bytes.

The mastery score (``--mastery``, a percentage) goes into the manifest
(``adlcp:masteryscore`` for 1.2; a primary objective satisfied by measure with
``imsss:minNormalizedMeasure`` for 2004) and into the index; the launch page uses the LMS's
value (``cmi.student_data.mastery_score`` / ``cmi.scaled_passing_score``) when it gives one.

The book is built when needed (:func:`ensure_site`): a ``_build/html`` older than any
source file of the course, or missing, is rebuilt with ``jupyter-book build -W -n
--keep-going``, which works offline.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from lxml import etree

from quizkit.errors import QuizkitError
from quizkit.export.items import DEFAULT_TITLE, Export, content_id, fixed_zip
from quizkit.html import page_payloads

VERSIONS: dict[str, str] = {"scorm12": "1.2", "scorm2004": "2004"}
"""Export format name -> SCORM version."""

SUSPEND_LIMITS: dict[str, int] = {"1.2": 4096, "2004": 64000}
"""Characters ``cmi.suspend_data`` may hold (SCORM 1.2 CMIString4096; 2004 4th edition)."""

LAUNCH = "scorm/launch.html"
"""The SCO's launch page, relative to the package root."""

HOST_FILES: dict[str, tuple[str, str]] = {
    "scorm/scorm.js": ("min", "scorm.js"),
    "scorm/grader.js": ("min", "grader.js"),
}
"""Files of the launch page taken from the package's ``static/`` folder (minified)."""

IMSCP12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSCP = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"

_SKIP = re.compile(r"(^|/)\.")
_REDIRECT = re.compile(r'<meta http-equiv="Refresh" content="0; url=([^"]+)"', re.IGNORECASE)
_LANG = re.compile(r'<html[^>]*\slang="([A-Za-z0-9-]{1,35})"')
_NOT_ID = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Quiz:
    """A quiz of the built book: its id, the page it is on and its attempt policy."""

    id: str
    page: str
    attempts: dict[str, Any]


@dataclass(frozen=True)
class Slot:
    """One question of one quiz: what the LMS scores and reports as an interaction."""

    quiz: int
    """Index of the quiz in :attr:`CourseIndex.quizzes`."""
    id: str
    key: str
    """The content hash the quiz files the question's saved progress under."""
    type: str
    interaction: str
    """The interaction id the LMS records: ``<page>.<question id>``."""


@dataclass(frozen=True)
class CourseIndex:
    """Every quiz and question slot of a built book, and the page a launch starts on."""

    start: str
    lang: str
    quizzes: list[Quiz]
    slots: list[Slot]

    def as_json(self, *, version: str, title: str, mastery: float | None) -> dict[str, Any]:
        """The index as ``scorm/course.js`` carries it (see ``static/scorm.js``)."""
        return {
            "format": 1,
            "scorm": version,
            "title": title,
            "start": self.start,
            "mastery": mastery,
            "limit": SUSPEND_LIMITS[version],
            "quizzes": [{"id": q.id, "page": q.page, "attempts": q.attempts}
                        for q in self.quizzes],
            "slots": [{"quiz": s.quiz, "id": s.id, "key": s.key, "type": s.type,
                       "iid": s.interaction} for s in self.slots],
        }


def _pages(site: Path) -> list[str]:
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if not rel.startswith(("_static/", "_sources/", "_images/")):
            pages.append(rel)
    return pages


def _interaction_ids(quizzes: list[Quiz], slots: list[tuple[int, str]]) -> list[str]:
    """``<page>.<question id>`` per slot, unique, within SCORM's identifier characters.

    The page is its path without ``.html`` and without the folder every quiz page shares
    (``chapters/``), ``/`` written as ``-``: ``03-meeting.mtg-date``,
    ``exercises-03-meeting.mtg-date``. A question twice on one page gets ``.2``, ``.3``.
    """
    stems = [q.page.removesuffix(".html").split("/") for q in quizzes]
    common = 0
    if stems:
        while all(len(s) > common + 1 and s[common] == stems[0][common] for s in stems):
            common += 1
    seen: dict[str, int] = {}
    ids = []
    for quiz, qid in slots:
        base = _NOT_ID.sub("_", "-".join(stems[quiz][common:]) + "." + qid)[:240]
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}.{seen[base]}")
    return ids


def course_index(site: Path) -> CourseIndex:
    """Read every quiz of the built book at ``site`` (payloads as :mod:`quizkit.html` packs
    them), in page order, and the page the book opens on."""
    quizzes: list[Quiz] = []
    raw: list[tuple[int, str, str, str]] = []
    for rel in _pages(site):
        for data in page_payloads(site / rel):
            quizzes.append(Quiz(str(data["id"]), rel, dict(data["attempts"])))
            for item in data["questions"]:
                raw.append((len(quizzes) - 1, str(item["id"]), str(item["key"]),
                            str(item["spec"]["type"])))
    ids = _interaction_ids(quizzes, [(quiz, qid) for quiz, qid, _, _ in raw])
    slots = [Slot(quiz, qid, key, qtype, iid) for (quiz, qid, key, qtype), iid in zip(raw, ids)]
    start = "index.html"
    index = site / "index.html"
    if index.is_file():
        found = _REDIRECT.search(index.read_text(encoding="utf-8"))
        if found and (site / found.group(1)).is_file():
            start = found.group(1)
    lang = "en"
    if (site / start).is_file():
        found = _LANG.search((site / start).read_text(encoding="utf-8"))
        if found:
            lang = found.group(1)
    return CourseIndex(start, lang, quizzes, slots)


def site_files(site: Path) -> dict[str, bytes]:
    """The built book's files by path: everything but hidden files (``.buildinfo``)."""
    files = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and not _SKIP.search(rel):
            files[rel] = path.read_bytes()
    return files


def _decimal(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _href(path: str) -> str:
    return quote(path, safe="/")


def manifest(version: str, *, title: str, mastery: float | None, sco_files: Iterable[str],
             book_files: Iterable[str]) -> bytes:
    """``imsmanifest.xml``: one organization, one item (the SCO), the book as an asset.

    SCORM 1.2 (IMS CP 1.1.2, ``adlcp:scormtype``, ``adlcp:masteryscore``) or 2004 4th
    edition (IMS CP 1.1.4, ``adlcp:scormType``, the mastery score as the primary objective's
    ``minNormalizedMeasure``). Identifiers are derived from the content. The manifest names
    no schema locations, so the package carries no XSD files (LMSs do not fetch them).
    """
    sco_files, book_files = sorted(sco_files), sorted(book_files)
    ident = content_id(version, title, *sco_files, *book_files, length=12)
    v12 = version == "1.2"
    cp, adl = (IMSCP12, ADLCP12) if v12 else (IMSCP, ADLCP)
    nsmap: dict[str | None, str] = {None: cp, "adlcp": adl}
    if not v12:
        nsmap.update({"adlseq": ADLSEQ, "adlnav": ADLNAV, "imsss": IMSSS})

    def sub(parent: etree._Element, tag: str, text: str | None = None,
            ns: str = cp, **attrs: str) -> etree._Element:
        el = etree.SubElement(parent, f"{{{ns}}}{tag}", **attrs)
        if text is not None:
            el.text = text
        return el

    root = etree.Element(f"{{{cp}}}manifest", nsmap=nsmap)
    root.set("identifier", f"MANIFEST-{ident}")
    root.set("version", "1")
    meta = sub(root, "metadata")
    sub(meta, "schema", "ADL SCORM")
    sub(meta, "schemaversion", "1.2" if v12 else "2004 4th Edition")
    orgs = sub(root, "organizations", default=f"ORG-{ident}")
    org = sub(orgs, "organization", identifier=f"ORG-{ident}")
    sub(org, "title", title)
    item = sub(org, "item", identifier=f"ITEM-{ident}", identifierref=f"SCO-{ident}")
    sub(item, "title", title)
    if v12:
        if mastery is not None:
            sub(item, "masteryscore", _decimal(mastery), ns=adl)
    elif mastery is not None:
        seq = sub(item, "sequencing", ns=IMSSS)
        objectives = sub(seq, "objectives", ns=IMSSS)
        primary = sub(objectives, "primaryObjective", ns=IMSSS, objectiveID="mastery",
                      satisfiedByMeasure="true")
        sub(primary, "minNormalizedMeasure", _decimal(mastery / 100), ns=IMSSS)
    resources_el = sub(root, "resources")
    type_attr = f"{{{adl}}}{'scormtype' if v12 else 'scormType'}"
    sco = sub(resources_el, "resource", identifier=f"SCO-{ident}", type="webcontent",
              href=_href(LAUNCH))
    sco.set(type_attr, "sco")
    for name in sco_files:
        sub(sco, "file", href=_href(name))
    sub(sco, "dependency", identifierref=f"BOOK-{ident}")
    book = sub(resources_el, "resource", identifier=f"BOOK-{ident}", type="webcontent")
    book.set(type_attr, "asset")
    for name in book_files:
        sub(book, "file", href=_href(name))
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                 pretty_print=True)
    return data


def launch_page(*, title: str, lang: str, start: str) -> bytes:
    """``scorm/launch.html``: the frame for the book, the host scripts, a no-script link."""
    t = html.escape(title)
    page = f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{t}</title>
<style>
html, body {{ margin: 0; height: 100%; }}
body {{ display: flex; flex-direction: column; }}
#qk-scorm-note {{ margin: 0; padding: 0.5rem 1rem; background: #fff3cd; color: #3d2e00;
  font: 1rem/1.4 system-ui, sans-serif; }}
#qk-book {{ flex: 1; display: block; width: 100%; min-height: 0; border: 0; }}
</style>
<script src="grader.js"></script>
<script src="course.js"></script>
<script src="scorm.js"></script>
</head>
<body>
<p id="qk-scorm-note" role="status" hidden></p>
<noscript><p>This course needs JavaScript. <a href="../{html.escape(_href(start))}">Open the
book</a> (its quizzes then keep their progress in this browser only).</p></noscript>
<iframe id="qk-book" title="{t}" src="about:blank"></iframe>
</body>
</html>
"""
    return page.encode("utf-8")


def _static(*parts: str) -> bytes:
    return (resources.files("quizkit") / "static").joinpath(*parts).read_bytes()


def check_mastery(mastery: float | None) -> float | None:
    """``mastery`` if it is a percentage from 0 to 100 (or None); else a one-line error."""
    if mastery is None:
        return None
    if not (0 <= mastery <= 100):
        raise QuizkitError(f"--mastery must be a percentage from 0 to 100 (found {mastery:g})")
    return float(mastery)


def package(site: Path, *, version: str, title: str = DEFAULT_TITLE,
            mastery: float | None = None) -> Export:
    """The SCORM package (zip bytes) of the book built at ``site``; see the module docstring.

    ``version`` is ``"1.2"`` or ``"2004"``; ``mastery`` a percentage or None.
    """
    if version not in SUSPEND_LIMITS:
        raise ValueError(f"unknown SCORM version {version!r}")
    mastery = check_mastery(mastery)
    if not (site / "index.html").is_file():
        raise QuizkitError(f"{site} holds no built book (no index.html)")
    index = course_index(site)
    if mastery is not None and not index.slots:
        raise QuizkitError(f"--mastery needs quizzes to score, and the book at {site} has none")
    book = site_files(site)
    clash = sorted(n for n in book if n == "imsmanifest.xml" or n.startswith("scorm/"))
    if clash:
        raise QuizkitError(f"the built book already has {clash[0]}, which the package needs")
    course = json.dumps(index.as_json(version=version, title=title, mastery=mastery),
                        ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    sco: dict[str, bytes] = {
        LAUNCH: launch_page(title=title, lang=index.lang, start=index.start),
        "scorm/course.js": f"window.QuizkitCourse = {course};\n".encode("ascii"),
    }
    for name, parts in HOST_FILES.items():
        sco[name] = _static(*parts)
    files = {**book, **sco}
    files["imsmanifest.xml"] = manifest(version, title=title, mastery=mastery,
                                        sco_files=sco, book_files=book)
    return Export(data=fixed_zip(files))


def export_scorm12(site: Path, *, title: str = DEFAULT_TITLE,
                   mastery: float | None = None) -> Export:
    """A SCORM 1.2 package of the book built at ``site``."""
    return package(site, version="1.2", title=title, mastery=mastery)


def export_scorm2004(site: Path, *, title: str = DEFAULT_TITLE,
                     mastery: float | None = None) -> Export:
    """A SCORM 2004 (4th edition) package of the book built at ``site``."""
    return package(site, version="2004", title=title, mastery=mastery)


# ---------------------------------------------------------------------------------------------
# The built book


_SOURCE_SKIP = {"_build", ".git", ".venv", "node_modules", "exports", "preview",
                "__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache",
                ".ipynb_checkpoints", "tests", "benchmarks", "scripts", "schema"}


def _newest(paths: Iterable[Path]) -> float:
    return max((p.stat().st_mtime for p in paths if p.is_file()), default=0.0)


def _sources(root: Path) -> Iterable[Path]:
    """The course's files that go into the book: the three configuration files at the root and
    every folder at the root but the build, tooling and test folders."""
    for name in ("_config.yml", "_toc.yml", "quizkit.yml"):
        yield root / name
    for top in sorted(root.iterdir()):
        if not top.is_dir() or top.name in _SOURCE_SKIP or top.name.startswith("."):
            continue
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = [d for d in dirnames
                           if d not in _SOURCE_SKIP and not d.startswith(".")]
            for name in filenames:
                yield Path(dirpath, name)


def is_stale(root: Path, site: Path) -> bool:
    """Whether the book at ``site`` is missing or older than a file of the course at ``root``
    (see :func:`_sources`) or of quizkit itself. A build rewrites at least its index pages,
    so the newest page tells when it last ran."""
    pages = list(site.glob("*.html")) if site.is_dir() else []
    if not (site / "index.html").is_file() or not pages:
        return True
    built = _newest(pages)
    package_dir = Path(str(resources.files("quizkit")))
    code = (p for p in package_dir.rglob("*") if "__pycache__" not in p.parts)
    return max(_newest(_sources(root)), _newest(code)) > built


def build_book(root: Path) -> None:
    """``jupyter-book build <root> -W -n --keep-going``; a failure is a one-line error."""
    beside = Path(sys.executable).with_name("jupyter-book")
    jb = str(beside) if beside.is_file() else shutil.which("jupyter-book")
    if jb is None:
        raise QuizkitError("cannot build the book: jupyter-book is not installed (pip install "
                           "'jupyter-book>=1.0.4,<2'), or give --site with a built book")
    proc = subprocess.run([jb, "build", str(root), "-W", "-n", "--keep-going"],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise QuizkitError(f"the book at {root} did not build (jupyter-book exit "
                           f"{proc.returncode}); its last lines:\n{tail}")


def ensure_site(root: Path, site: Path | None = None) -> Path:
    """The built book to package: ``site`` as given, else ``<root>/_build/html`` (built first
    when missing or older than the course's files)."""
    if site is not None:
        if not (site / "index.html").is_file():
            raise QuizkitError(f"--site {site} holds no built book (no index.html)")
        return site
    built = root / "_build" / "html"
    if is_stale(root, built):
        build_book(root)
    return built


def write_package(fmt: str, out: Path, *, bank_dir: Path, site: Path | None = None,
                  title: str = DEFAULT_TITLE, mastery: float | None = None,
                  allow_drafts: bool = False) -> str:
    """``quizkit export --format scorm12|scorm2004``: build the book if needed (the course
    root is the folder holding ``bank_dir``), refuse drafts among its quiz questions unless
    ``allow_drafts``, write the package to ``out``; returns the line to print."""
    version = VERSIONS[fmt]
    mastery = check_mastery(mastery)
    built = ensure_site(bank_dir.resolve().parent, site)
    index = course_index(built)
    if not allow_drafts:
        from quizkit.bank import load_bank, refuse_drafts

        questions = load_bank(bank_dir).questions
        shown = {s.id for s in index.slots}
        refuse_drafts(bank_dir, [q for qid, q in sorted(questions.items()) if qid in shown])
    result = package(built, version=version, title=title, mastery=mastery)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(result.data)
    n, m = len(index.quizzes), len(index.slots)
    return (f"Wrote the book at {built} with {n} quiz{'zes' if n != 1 else ''} ({m} "
            f"question{'s' if m != 1 else ''}) as a SCORM {version} package to {out}")


__all__ = [
    "HOST_FILES",
    "LAUNCH",
    "SUSPEND_LIMITS",
    "VERSIONS",
    "CourseIndex",
    "Quiz",
    "Slot",
    "build_book",
    "check_mastery",
    "course_index",
    "ensure_site",
    "export_scorm12",
    "export_scorm2004",
    "is_stale",
    "launch_page",
    "manifest",
    "package",
    "site_files",
    "write_package",
]
