"""SCORM packages of the built book: the manifest (validated against the SCORM 1.2 schemas,
structure-checked for 2004), the files, the course index, the command, and the suspend-data
codec of ``static/scorm.js`` in Node, up to the whole course against SCORM 1.2's 4,096
characters. The package in an LMS run-time is ``tests/test_browser_scorm.py``.

Most tests package a small built site made here (two pages with a quiz of the fixture bank's
questions, one of each type); the whole-course tests use the real book (``site`` fixture).
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from helpers import ROOT, course_yml
from quizkit.attempts import AttemptPolicy, attempt_state
from quizkit.export import PACKAGES, check_out, suffix
from quizkit.export.cli import export
from quizkit.export.items import FIXED_ZIP_TIME
from quizkit.export.scorm import (
    ADLCP,
    IMSCP,
    IMSSS,
    LAUNCH,
    course_index,
    ensure_site,
    is_stale,
    package,
)
from quizkit.html import page_payloads, payloads, render_quiz
from test_export_golden import FIXTURE, fixture_items

SCHEMAS = Path(__file__).parent / "schemas"
SCORM_JS = ROOT / "src" / "quizkit" / "static" / "scorm.js"
SCORM_MIN = ROOT / "src" / "quizkit" / "static" / "min" / "scorm.js"
NODE = shutil.which("node")


# ---------------------------------------------------------------- a small built site


def make_site(folder: Path, *, title: str = "Fixture") -> Path:
    """A built-book folder: a redirecting index, a start page, a chapter and an exercise page
    that both hold a quiz of the fixture questions, a stylesheet, and a hidden file."""
    questions = [it.question for it in fixture_items()]
    page = ('<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{t}</title>'
            '<link rel="stylesheet" href="{up}_static/x.css"></head><body><main>{body}</main>'
            "</body></html>")
    files = {
        "index.html": '<!DOCTYPE html><html><head><meta http-equiv="Refresh" content="0; '
                      'url=chapters/index.html" /></head><body></body></html>',
        "chapters/index.html": page.format(t=title, up="../", body="<h1>Start</h1>"),
        "chapters/01-fixture.html": page.format(
            t="Chapter", up="../", body=render_quiz(questions, title="Quiz")),
        "chapters/exercises/01-fixture.html": page.format(
            t="Exercise", up="../../", body=render_quiz(questions[:3], title="Practice")),
        "_static/x.css": "body { margin: 0; }\n",
        ".buildinfo": "# Sphinx build info\n",
    }
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture()
def small_site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "html")


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def course_json(files: dict[str, bytes]) -> dict[str, Any]:
    """The index ``scorm/course.js`` carries (``window.QuizkitCourse = {...};``)."""
    text = files["scorm/course.js"].decode("ascii")
    match = re.fullmatch(r"window\.QuizkitCourse = (\{.*\});\n", text, re.DOTALL)
    assert match, text[:80]
    data: dict[str, Any] = json.loads(match.group(1))
    return data


# ---------------------------------------------------------------- the index


def test_the_index_lists_every_quiz_and_question_slot(small_site: Path) -> None:
    """Quizzes in page order with their policy; one slot per question of each quiz, keyed as
    the quiz files its progress; interaction ids name the page and the question."""
    index = course_index(small_site)
    assert index.start == "chapters/index.html" and index.lang == "en-GB"
    assert [q.page for q in index.quizzes] == ["chapters/01-fixture.html",
                                               "chapters/exercises/01-fixture.html"]
    expected = []
    for n, quiz in enumerate(index.quizzes):
        (payload,) = page_payloads(small_site / quiz.page)
        assert quiz.id == payload["id"] and quiz.attempts == payload["attempts"]
        expected += [(n, item["id"], item["key"], item["spec"]["type"])
                     for item in payload["questions"]]
    assert [(s.quiz, s.id, s.key, s.type) for s in index.slots] == expected
    assert len(index.slots) == len(fixture_items()) + 3
    assert index.slots[0].interaction == "01-fixture.fx-single"
    assert index.slots[-1].interaction == "exercises-01-fixture.fx-true-false"
    assert len({s.interaction for s in index.slots}) == len(index.slots)


def test_a_question_twice_on_one_page_gets_distinct_interaction_ids(tmp_path: Path) -> None:
    """The same question in two quizzes of one page: ``.2`` on the second."""
    site = make_site(tmp_path / "html")
    question = fixture_items()[0].question
    page = site / "chapters" / "01-fixture.html"
    page.write_text(render_quiz([question], title="A") + render_quiz([question], title="B"),
                    encoding="utf-8")
    ids = [s.interaction for s in course_index(site).slots if s.id == question.id]
    assert ids[:2] == ["01-fixture.fx-single", "01-fixture.fx-single.2"]


# ---------------------------------------------------------------- the package


def test_the_package_holds_the_book_the_launcher_and_the_manifest(small_site: Path) -> None:
    """Every built file but hidden ones, the launch page and its scripts, the manifest; the
    index says the version, the limit of its suspend data and the mastery score."""
    files = unzip(package(small_site, version="1.2", title="Fixture", mastery=75).data)
    book = {"index.html", "chapters/index.html", "chapters/01-fixture.html",
            "chapters/exercises/01-fixture.html", "_static/x.css"}
    launcher = {LAUNCH, "scorm/scorm.js", "scorm/grader.js", "scorm/course.js"}
    assert set(files) == book | launcher | {"imsmanifest.xml"}
    for name in book:
        assert files[name] == (small_site / name).read_bytes()
    assert files["scorm/scorm.js"] == SCORM_MIN.read_bytes()
    course = course_json(files)
    assert (course["scorm"], course["limit"], course["mastery"]) == ("1.2", 4096, 75)
    assert course["start"] == "chapters/index.html" and course["title"] == "Fixture"
    assert len(course["slots"]) == len(course_index(small_site).slots)
    course = course_json(unzip(package(small_site, version="2004", title="F").data))
    assert (course["scorm"], course["limit"], course["mastery"]) == ("2004", 64000, None)


def test_the_package_is_byte_identical_with_fixed_times(small_site: Path) -> None:
    """Two packages of one built book are the same bytes; every entry has the fixed time."""
    first = package(small_site, version="2004", title="F", mastery=50).data
    assert first == package(small_site, version="2004", title="F", mastery=50).data
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert {info.date_time for info in zf.infolist()} == {FIXED_ZIP_TIME}


def test_the_launch_page_loads_nothing_from_elsewhere_and_escapes_the_title(
    small_site: Path,
) -> None:
    """Scripts and links of the launch page are relative; a hostile title stays text."""
    title = 'Q&A </title><script>alert("x")</script>'
    files = unzip(package(small_site, version="1.2", title=title).data)
    launch = files[LAUNCH].decode("utf-8")
    assert "<script>alert" not in launch and "&lt;/title&gt;&lt;script&gt;" in launch
    assert re.findall(r'<script src="([^"]+)"', launch) == ["grader.js", "course.js", "scorm.js"]
    for name in ("scorm/scorm.js", "scorm/grader.js", "scorm/course.js", LAUNCH):
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]", files[name].decode()), name
    assert course_json(files)["title"] == title
    doc = etree.fromstring(files["imsmanifest.xml"])
    assert doc.findtext(".//{*}organization/{*}title") == title


def test_mastery_must_be_a_percentage(small_site: Path) -> None:
    """A mastery score outside 0..100 is refused with one line."""
    from quizkit.errors import QuizkitError

    with pytest.raises(QuizkitError, match=r"^--mastery must be a percentage from 0 to 100 "
                                           r"\(found 120\)$"):
        package(small_site, version="1.2", mastery=120)


# ---------------------------------------------------------------- the manifests

_VALIDATOR = r"""
import json, sys
from pathlib import Path
from lxml import etree
schemas = Path(sys.argv[1])
xml_xsd = schemas / "qti21" / "qtiworks" / "www.w3.org" / "2001" / "xml.xsd"
class XmlNamespace(etree.Resolver):
    def resolve(self, url, pubid, context):
        if url.endswith("ims_xml.xsd"):
            return self.resolve_filename(str(xml_xsd), context)
        return None
parser = etree.XMLParser()
parser.resolvers.add(XmlNamespace())
schema = etree.XMLSchema(etree.parse(str(schemas / "scorm12" / "scorm12_manifest.xsd"), parser))
out = {}
for path in sys.argv[2:]:
    doc = etree.parse(path, etree.XMLParser(no_network=True, resolve_entities=False))
    out[path] = [] if schema.validate(doc) else [str(e) for e in schema.error_log][:3]
print(json.dumps(out))
"""


def validate12(manifests: dict[str, bytes], tmp: Path) -> dict[str, list[str]]:
    """Validate manifests (name -> bytes) against the SCORM 1.2 schemas, as their README says
    (in a child process: libxml2 keeps resolvers and catalogs per process)."""
    paths = []
    for name, data in manifests.items():
        path = tmp / name
        path.write_bytes(data)
        paths.append(str(path))
    proc = subprocess.run([sys.executable, "-c", _VALIDATOR, str(SCHEMAS),
                           *paths], capture_output=True, text=True, check=True, timeout=120)
    result: dict[str, list[str]] = json.loads(proc.stdout)
    return {Path(p).name: errors for p, errors in result.items()}


def test_the_scorm12_manifest_validates(small_site: Path, tmp_path: Path) -> None:
    """With and without a mastery score, the manifest is valid SCORM 1.2 (IMS CP 1.1.2 and
    ADL's extensions): one SCO launching scorm/launch.html, the book as an asset."""
    with_mastery = unzip(package(small_site, version="1.2", mastery=80).data)["imsmanifest.xml"]
    plain = unzip(package(small_site, version="1.2").data)["imsmanifest.xml"]
    errors = validate12({"mastery.xml": with_mastery, "plain.xml": plain}, tmp_path)
    assert errors == {"mastery.xml": [], "plain.xml": []}
    doc = etree.fromstring(with_mastery)
    adl = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
    assert doc.findtext("{*}metadata/{*}schemaversion") == "1.2"
    assert doc.findtext(f".//{{*}}item/{adl}masteryscore") == "80"
    assert etree.fromstring(plain).find(f".//{{*}}item/{adl}masteryscore") is None
    (sco,) = doc.xpath("//*[@adlcp:scormtype='sco']", namespaces={"adlcp": adl[1:-1]})
    assert sco.get("href") == LAUNCH


def test_the_validator_rejects_a_broken_scorm12_manifest(small_site: Path,
                                                         tmp_path: Path) -> None:
    """Control: a scormtype outside sco/asset, and a manifest without resources, fail."""
    data = unzip(package(small_site, version="1.2").data)["imsmanifest.xml"]
    bad_type = data.replace(b'adlcp:scormtype="sco"', b'adlcp:scormtype="lesson"')
    doc = etree.fromstring(data)
    doc.remove(doc.find("{*}resources"))
    errors = validate12({"type.xml": bad_type, "resources.xml": etree.tostring(doc)}, tmp_path)
    assert errors["type.xml"] and errors["resources.xml"]


def manifest_files(doc: etree._Element) -> set[str]:
    return {f.get("href") for f in doc.iter("{*}file")}


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_the_manifest_lists_every_file_once(small_site: Path, version: str) -> None:
    """The resources name every file of the zip but the manifest, and nothing else; the SCO
    holds the launcher and depends on the book's asset resource."""
    files = unzip(package(small_site, version=version).data)
    doc = etree.fromstring(files["imsmanifest.xml"])
    hrefs = [f.get("href") for f in doc.iter("{*}file")]
    assert sorted(hrefs) == sorted(set(files) - {"imsmanifest.xml"})
    sco, book = doc.find("{*}resources").findall("{*}resource")
    assert {f.get("href") for f in sco.findall("{*}file")} == {
        LAUNCH, "scorm/scorm.js", "scorm/grader.js", "scorm/course.js"}
    assert sco.find("{*}dependency").get("identifierref") == book.get("identifier")


def test_the_scorm2004_manifest_has_the_4th_edition_structure(small_site: Path) -> None:
    """SCORM 2004 4th edition: IMS CP 1.1.4 and ADL CP 1.3 namespaces, schemaversion "2004
    4th Edition", the default organization's one item pointing at the SCO (scormType sco,
    launching scorm/launch.html), the book an asset, and the mastery score as the primary
    objective's minimum normalised measure, satisfied by measure."""
    doc = etree.fromstring(unzip(package(small_site, version="2004", title="Course",
                                         mastery=80).data)["imsmanifest.xml"])
    assert doc.tag == f"{{{IMSCP}}}manifest" and doc.get("identifier")
    assert doc.nsmap["adlcp"] == ADLCP and doc.nsmap["imsss"] == IMSSS
    assert doc.findtext(f"{{{IMSCP}}}metadata/{{{IMSCP}}}schema") == "ADL SCORM"
    assert doc.findtext(f"{{{IMSCP}}}metadata/{{{IMSCP}}}schemaversion") == "2004 4th Edition"
    orgs = doc.find(f"{{{IMSCP}}}organizations")
    (org,) = orgs.findall(f"{{{IMSCP}}}organization")
    assert orgs.get("default") == org.get("identifier")
    assert org.findtext(f"{{{IMSCP}}}title") == "Course"
    (item,) = org.findall(f"{{{IMSCP}}}item")
    resources = {r.get("identifier"): r for r in doc.iter(f"{{{IMSCP}}}resource")}
    sco = resources[item.get("identifierref")]
    assert sco.get(f"{{{ADLCP}}}scormType") == "sco" and sco.get("href") == LAUNCH
    assert sco.get("type") == "webcontent"
    book = resources[sco.find(f"{{{IMSCP}}}dependency").get("identifierref")]
    assert book.get(f"{{{ADLCP}}}scormType") == "asset"
    primary = item.find(f"{{{IMSSS}}}sequencing/{{{IMSSS}}}objectives/{{{IMSSS}}}primaryObjective")
    assert primary.get("satisfiedByMeasure") == "true"
    assert primary.findtext(f"{{{IMSSS}}}minNormalizedMeasure") == "0.8"
    plain = etree.fromstring(unzip(package(small_site, version="2004").data)["imsmanifest.xml"])
    assert plain.find(f".//{{{IMSSS}}}sequencing") is None
    assert {e.get("identifier") for e in doc.iter() if e.get("identifier")} == {
        doc.get("identifier"), org.get("identifier"), item.get("identifier"), *resources}


# ---------------------------------------------------------------- the command


@pytest.fixture()
def course(tmp_path: Path) -> Path:
    """A course folder: quizkit.yml, _config.yml with a title, the fixture bank, a built book."""
    (tmp_path / "quizkit.yml").write_text(course_yml(), encoding="utf-8")
    (tmp_path / "_config.yml").write_text('title: "A course"\n', encoding="utf-8")
    (tmp_path / "bank").mkdir()
    shutil.copy(FIXTURE, tmp_path / "bank" / FIXTURE.name)
    make_site(tmp_path / "_build" / "html")
    return tmp_path


def run(course: Path, *args: str) -> Result:
    return CliRunner().invoke(export, [*args, "--bank-dir", str(course / "bank")])


def test_every_package_format_writes_a_zip() -> None:
    """scorm12 and scorm2004 are written as .zip; anything else is refused in one line."""
    assert PACKAGES == ("scorm12", "scorm2004")
    for fmt in PACKAGES:
        assert suffix(fmt) == ".zip" and check_out(fmt, "exports/c.zip") is None
    assert check_out("scorm12", "c.apkg") == ("--out c.apkg does not fit --format scorm12: a "
                                              "SCORM package is written as .zip (e.g. "
                                              "exports/c.zip)")


@pytest.mark.parametrize("fmt, version", [("scorm12", "1.2"), ("scorm2004", "2004")])
def test_the_command_packages_the_built_book(course: Path, fmt: str, version: str) -> None:
    """With --site, the package of that book is written, named after the course, with the
    mastery score given; one line says what was written."""
    out = course / "exports" / "course.zip"
    site = course / "_build" / "html"
    result = run(course, "--format", fmt, "--out", str(out), "--site", str(site),
                 "--mastery", "70")
    assert result.exit_code == 0, result.output
    n = len(course_index(site).slots)
    assert result.output == (f"Wrote the book at {site} with 2 quizzes ({n} questions) as a "
                             f"SCORM {version} package to {out}\n")
    data = course_json(unzip(out.read_bytes()))
    assert (data["scorm"], data["title"], data["mastery"]) == (version, "A course", 70)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "scorm12", "--ids", "fx-single"],
         "--ids does not apply to --format scorm12: the package carries every quiz of the "
         "built book"),
        (["--format", "gift", "--mastery", "80"],
         "--mastery applies only to --format scorm12 or scorm2004"),
        (["--format", "scorm2004", "--mastery", "-5"],
         "--mastery must be a percentage from 0 to 100 (found -5)"),
        (["--format", "scorm12", "--site", "{course}/nothing"],
         "--site {course}/nothing holds no built book (no index.html)"),
    ],
)
def test_the_command_refuses_in_one_line(course: Path, args: list[str], message: str) -> None:
    """Exit 1, one Error line, nothing written."""
    out = course / "exports" / "x.zip"
    args = [a.replace("{course}", str(course)) for a in args]
    result = run(course, *args, "--out", str(out))
    assert result.exit_code == 1
    assert result.output == f"Error: {message.replace('{course}', str(course))}\n"
    assert not out.exists()


def test_the_command_refuses_drafts_in_the_book(course: Path) -> None:
    """A question of the book's quizzes with TODO text stops the export, named by file and
    line, unless --allow-drafts."""
    bank = course / "bank" / FIXTURE.name
    bank.write_text(bank.read_text(encoding="utf-8").replace(
        'explanation: "', 'explanation: "TODO ', 1), encoding="utf-8")
    out, site = course / "c.zip", str(course / "_build" / "html")
    result = run(course, "--format", "scorm12", "--out", str(out), "--site", site)
    assert result.exit_code == 1
    assert re.match(r"Error: .*90-fixture\.yml:\d+: question 'fx-single': TODO placeholder",
                    result.output), result.output
    assert not out.exists()
    result = run(course, "--format", "scorm12", "--out", str(out), "--site", site,
                 "--allow-drafts")
    assert result.exit_code == 0, result.output
    assert out.is_file()


def test_a_stale_or_missing_book_is_built_first(course: Path, monkeypatch: Any) -> None:
    """Without --site: a _build/html older than a course file, or missing, is rebuilt (once);
    an up-to-date one is used as it is."""
    import os

    import quizkit.export.scorm as scorm

    site = course / "_build" / "html"
    built: list[Path] = []
    monkeypatch.setattr(scorm, "build_book", lambda root: built.append(root))
    future = max(p.stat().st_mtime for p in course.rglob("*")) + 100
    for page in site.rglob("*.html"):
        os.utime(page, (future, future))
    assert not is_stale(course, site)
    assert ensure_site(course) == site and built == []
    chapter = course / "chapters" / "01.md"
    chapter.parent.mkdir()
    chapter.write_text("# One\n", encoding="utf-8")
    os.utime(chapter, (future + 10, future + 10))
    assert is_stale(course, site)
    ensure_site(course)
    assert built == [course]
    (course / "README.md").write_text("a root file outside the book\n", encoding="utf-8")
    os.utime(course / "README.md", (future + 99, future + 99))
    for page in site.rglob("*.html"):
        os.utime(page, (future + 20, future + 20))
    assert not is_stale(course, site)
    shutil.rmtree(site)
    assert is_stale(course, site)


def test_a_failed_build_is_one_error(course: Path, monkeypatch: Any) -> None:
    """No jupyter-book to build with: one line saying so and how to go on."""
    import quizkit.export.scorm as scorm

    shutil.rmtree(course / "_build")
    monkeypatch.setattr(scorm.sys, "executable", str(course / "no-python"))
    monkeypatch.setattr(scorm.shutil, "which", lambda name: None)
    result = run(course, "--format", "scorm12", "--out", str(course / "c.zip"))
    assert result.exit_code == 1
    assert result.output == ("Error: cannot build the book: jupyter-book is not installed (pip "
                             "install 'jupyter-book>=1.0.4,<2'), or give --site with a built "
                             "book\n")


# ---------------------------------------------------------------- the codec, in Node

RUNNER = r"""
const C = require(process.argv[2]);
const job = JSON.parse(require("fs").readFileSync(process.argv[3], "utf8"));
const out = {};
if (job.bodies) out.bodies = job.bodies.map(([spec, r]) => {
  const b = C.body(spec, r);
  return [b, b === null ? null : C.unbody(spec, b)];
});
if (job.course) {
  const {specs, states, types, limit, order} = job.course;
  const records = states.map((s, i) => C.record(s, specs[i]));
  const text = C.serialize(records, order, types, limit);
  const back = C.parse(text, specs.length);
  out.course = {text, order: back.order,
    states: back.records.map((r, i) => r ? C.state(r, specs[i]) : null)};
}
process.stdout.write(JSON.stringify(out));
"""


def run_codec(tmp_path: Path, job: dict[str, Any], script: Path = SCORM_JS) -> dict[str, Any]:
    """Run the codec of scorm.js (readable or minified) in Node on ``job``."""
    if NODE is None:
        pytest.fail("node is not installed; the node-marked tests need it")
    runner, data = tmp_path / "runner.js", tmp_path / "job.json"
    runner.write_text(RUNNER, encoding="utf-8")
    data.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([NODE, str(runner), str(script), str(data)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def fixture_specs() -> dict[str, dict[str, Any]]:
    """The page form of each fixture question, as a quiz carries it."""
    (payload,) = payloads(render_quiz([it.question for it in fixture_items()]))
    return {item["id"]: item["spec"] for item in payload["questions"]}


HOSTILE = 'a~0|b;c,d:e~ "<script>é\U0001f600'


def responses(spec: dict[str, Any], question: Any) -> list[Any]:
    """Responses of every shape the quiz produces for one question, hostile text included."""
    t = spec["type"]
    if t == "single-choice":
        return [0, len(spec["options"]) - 1, None]
    if t == "multiple-select":
        return [[0, 2], [], [1]]
    if t == "true-false":
        return [True, False, None]
    if t in ("numeric", "short-text"):
        return ["2013", HOSTILE, ""]
    if t == "matching":
        choices, n = [c["text"] for c in spec["choices"]], len(spec["lefts"])
        return [[choices[i % len(choices)] for i in range(n)], [None] * n,
                [choices[-1]] + [None] * (n - 1)]
    if t == "ordering":
        n = len(spec["items"])
        return [list(range(n)), list(range(n))[::-1]]
    blanks = spec["blanks"]
    full = {b["id"]: (b["options"][-1]["text"] if b["options"] else HOSTILE) for b in blanks}
    empty = {b["id"]: None for b in blanks}
    return [full, empty]


@pytest.mark.node
@pytest.mark.parametrize("script", [SCORM_JS, SCORM_MIN], ids=["source", "minified"])
def test_every_response_shape_survives_the_codec(tmp_path: Path, script: Path) -> None:
    """Each type's responses encode to text without the entry separators and decode to the
    same response; hostile text (the codec's own escapes, separators, markup, emoji) too."""
    specs = fixture_specs()
    questions = {it.question.id: it.question for it in fixture_items()}
    cases = [(spec, r) for qid, spec in specs.items() for r in responses(spec, questions[qid])]
    result = run_codec(tmp_path, {"bodies": cases}, script)
    for (spec, r), (text, back) in zip(cases, result["bodies"]):
        assert text is not None and not re.search(r"[|;]", text), (spec["id"], r, text)
        empty = r is None or r == "" or r == [] or (isinstance(r, dict) and not any(r.values()))
        if empty:
            assert back in (None, "", [], {b: None for b in r or {}}), (spec["id"], r, back)
        else:
            assert back == r, (spec["id"], r, text)


@pytest.mark.node
def test_a_response_that_does_not_fit_its_question_is_refused(tmp_path: Path) -> None:
    """An option index out of range, an unknown matching partner, a partial order: no text."""
    specs = fixture_specs()
    cases = [(specs["fx-single"], 9), (specs["fx-multi"], [0, 99]),
             (specs["fx-ordering"], [0]), (specs["fx-matching"], ["x"])]
    result = run_codec(tmp_path, {"bodies": cases})
    assert [b for b, _ in result["bodies"]] == [None, None, None, None]


def course_states(specs: list[dict[str, Any]], policies: list[AttemptPolicy],
                  kind: str) -> tuple[list[dict[str, Any]], list[int]]:
    """Saved states for every slot, and the order of first tries.

    ``finished``: every question used every try it has (or was right on the second), hints
    all shown, typed answers as long as the model answers or a wrong guess; ``open``: one
    wrong try, Retry pressed, a new answer typed but not checked.
    """
    states: list[dict[str, Any]] = []
    for k, spec in enumerate(specs):
        right = model_response(spec)
        wrong = wrong_response(spec)
        tries = policies[k].tries or 3
        if kind == "finished":
            scores = [0.0] * (tries - 1) + [1.0 if k % 2 else 0.0]
            last = right if k % 2 else wrong
            state = {"v": 2, "r": last, "h": len(spec["hints"]), "s": scores, "a": last,
                     "x": False, "o": False}
        else:
            state = {"v": 2, "r": right, "h": len(spec["hints"]), "s": [0.0], "a": wrong,
                     "x": False, "o": True}
        states.append(state)
    order = list(range(len(specs)))[::-1]
    return states, order


def model_response(spec: dict[str, Any]) -> Any:
    """The expected answer, in the quiz's response format, from the page form."""
    t = spec["type"]
    if t in ("single-choice", "multiple-select"):
        right = [o["index"] for o in spec["options"] if o["correct"]]
        return right[0] if t == "single-choice" else right
    if t == "true-false":
        return spec["answer"]
    if t == "numeric":
        return repr(spec["answer"] if spec["answer"] is not None else spec["range"][0])
    if t == "short-text":
        return shown(spec["answers"][0][1])
    if t == "matching":
        return list(spec["answers"])
    if t == "ordering":
        return sorted(range(len(spec["items"])), key=lambda pos: spec["items"][pos]["rank"])
    return {b["id"]: b["answers"][0][0] if b["options"] else shown(b["answers"][0][1])
            for b in spec["blanks"]}


def shown(html_text: str) -> str:
    """The text of an answer's HTML, as a learner would type it."""
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


def wrong_response(spec: dict[str, Any]) -> Any:
    """A wrong answer a learner might give (typed: a plausible wrong phrase)."""
    t = spec["type"]
    if t == "single-choice":
        return next(o["index"] for o in spec["options"] if not o["correct"])
    if t == "multiple-select":
        return [o["index"] for o in spec["options"]]
    if t == "true-false":
        return not spec["answer"]
    if t == "numeric":
        return "1945"
    if t == "short-text":
        return "the Russian foreign minister"
    if t == "matching":
        return list(reversed(spec["answers"]))
    if t == "ordering":
        return list(range(len(spec["items"])))[::-1]
    return {b["id"]: (b["options"][0]["text"] if b["options"] else "a wrong guess here")
            for b in spec["blanks"]}


@pytest.mark.node
@pytest.mark.book
@pytest.mark.parametrize("kind", ["finished", "open"])
def test_the_whole_course_fits_scorm12_suspend_data(tmp_path: Path, site: Path,
                                                    kind: str) -> None:
    """Every question slot of the real book with progress (all tries used or one wrong try and
    a new draft, every hint shown): the suspend data stays within SCORM 1.2's 4,096
    characters without cutting anything, and gives back every state, tries and answers."""
    index = course_index(site)
    quizzes = {}
    for rel in {q.page for q in index.quizzes}:
        for payload in page_payloads(site / rel):
            quizzes[payload["id"]] = {item["key"]: item["spec"] for item in payload["questions"]}
    specs = [quizzes[index.quizzes[s.quiz].id][s.key] for s in index.slots]
    policies = [AttemptPolicy(**index.quizzes[s.quiz].attempts) for s in index.slots]
    assert len(specs) >= 200
    states, order = course_states(specs, policies, kind)
    job = {"specs": specs, "states": states, "types": [s["type"] for s in specs],
           "limit": 4096, "order": order}
    result = run_codec(tmp_path, {"course": job})["course"]
    assert len(result["text"]) <= 4096
    assert result["order"] == order
    for k, (state, back) in enumerate(zip(states, result["states"])):
        assert back is not None, index.slots[k]
        assert back["a"] == state["a"] and back["r"] == state["r"], index.slots[k]
        assert (back["h"], back["x"], back["o"]) == (state["h"], state["x"], state["o"])
        policy = policies[k]
        assert attempt_state(policy, back["s"]) == attempt_state(policy, state["s"])
    print(f"{kind}: {len(result['text'])} characters for {len(specs)} questions")


@pytest.mark.node
def test_over_the_limit_drafts_go_then_typed_answers_are_cut(tmp_path: Path) -> None:
    """Past the limit: drafts are dropped first, then long typed answers cut; the tries and
    the answers of choice questions always survive."""
    specs = fixture_specs()
    short, single = specs["fx-short"], specs["fx-single"]
    long_text = "x" * 300
    states = [
        {"v": 2, "r": "draft " * 40, "h": 0, "s": [0.0], "a": long_text, "x": False, "o": True},
        {"v": 2, "r": 1, "h": 0, "s": [1.0], "a": 1, "x": False, "o": False},
    ]
    job = {"specs": [short, single], "states": states, "types": ["short-text", "single-choice"],
           "order": [0, 1]}
    full = run_codec(tmp_path, {"course": {**job, "limit": 4096}})["course"]
    assert full["states"][0]["r"] == "draft " * 40 and full["states"][0]["a"] == long_text
    tight = run_codec(tmp_path, {"course": {**job, "limit": 120}})["course"]
    assert len(tight["text"]) <= 120
    first, second = tight["states"]
    assert first["a"] == long_text[:64] and first["r"] == first["a"] and first["s"] == [0.0]
    assert second["a"] == 1 and second["s"] == [1.0]
    assert tight["order"] == [0, 1]


@pytest.mark.node
def test_a_slot_without_progress_writes_nothing_and_bad_data_is_ignored(tmp_path: Path) -> None:
    """An untouched question adds no entry; suspend data of another format is ignored."""
    specs = fixture_specs()
    job = {"specs": [specs["fx-single"]] * 3, "types": ["single-choice"] * 3, "limit": 4096,
           "order": [],
           "states": [None, {"v": 2, "r": None, "h": 0, "s": [], "a": None, "x": False,
                             "o": False}, {"v": 2, "r": 2, "h": 1, "s": [], "a": None,
                                           "x": False, "o": False}]}
    result = run_codec(tmp_path, {"course": job})["course"]
    assert result["text"] == "1|20h1;2"
    assert result["states"][:2] == [None, None]
    assert result["states"][2] == {"v": 2, "r": 2, "h": 1, "s": [], "a": None, "x": False,
                                   "o": False}
