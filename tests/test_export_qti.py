"""QTI 2.1 package: every item and the manifest validate against the IMS schemas, offline.

The schemas (unmodified IMS XSDs with an OASIS catalog) are in ``tests/schemas/qti21/``.
lxml resolves the schemas' absolute ``schemaLocation`` URLs through ``XML_CATALOG_FILES``,
which libxml2 reads once per process, so validation runs in a child process that sets it.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from lxml import etree

from quizkit.export.items import FIXED_ZIP_TIME
from quizkit.export.qti import QTI, export_qti
from test_export_golden import fixture_items

SCHEMAS = Path(__file__).parent / "schemas" / "qti21"

_VALIDATOR = r"""
import json, sys
from lxml import etree
root = sys.argv[1]
item = etree.XMLSchema(file=root + "/qtiworks/www.imsglobal.org/xsd/imsqti_v2p1.xsd")
manifest = etree.XMLSchema(file=root + "/qti21_package_md.xsd")
out = {}
for path in sys.argv[2:]:
    schema = manifest if path.endswith("imsmanifest.xml") else item
    doc = etree.parse(path, etree.XMLParser(no_network=True, resolve_entities=False))
    ok = schema.validate(doc)
    out[path] = [str(e) for e in schema.error_log][:3] if not ok else []
print(json.dumps(out))
"""


def validate(files: dict[str, bytes], tmp: Path) -> dict[str, list[str]]:
    """Validate files (name -> bytes) against the QTI/CP schemas; name -> errors."""
    paths = []
    for name, data in files.items():
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths.append(str(path))
    env = dict(os.environ, XML_CATALOG_FILES=str(SCHEMAS / "catalog.xml"))
    proc = subprocess.run([sys.executable, "-c", _VALIDATOR, str(SCHEMAS), *paths],
                          capture_output=True, text=True, env=env, check=True, timeout=120)
    result: dict[str, list[str]] = json.loads(proc.stdout)
    return {Path(p).relative_to(tmp).as_posix(): errs for p, errs in result.items()}


def _package() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(export_qti(fixture_items()).data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_every_item_and_the_manifest_validate(tmp_path: Path) -> None:
    """All nine items and imsmanifest.xml are valid QTI 2.1 / IMS CP 1.1.4 documents."""
    files = _package()
    assert len(files) == 10 and "imsmanifest.xml" in files
    errors = validate(files, tmp_path)
    assert errors == {name: [] for name in files}


def test_the_validator_rejects_a_broken_item(tmp_path: Path) -> None:
    """Control: an item with a bad cardinality, and a manifest missing resources, fail."""
    files = _package()
    item = etree.fromstring(files["items/fx-single.xml"])
    item.find(f"{{{QTI}}}responseDeclaration").set("cardinality", "sometimes")
    manifest = etree.fromstring(files["imsmanifest.xml"])
    manifest.remove(manifest[-1])
    broken = {"items/fx-single.xml": etree.tostring(item),
              "imsmanifest.xml": etree.tostring(manifest)}
    errors = validate(broken, tmp_path)
    assert errors["items/fx-single.xml"]
    assert errors["imsmanifest.xml"]


def test_items_use_the_right_interaction_per_type() -> None:
    """Choice, text entry, match, order, and inline choice + text entry for blanks."""
    files = _package()
    expect = {
        "fx-single": "choiceInteraction", "fx-multi": "choiceInteraction",
        "fx-true-false": "choiceInteraction", "fx-numeric": "textEntryInteraction",
        "fx-numeric-range": "textEntryInteraction", "fx-short": "textEntryInteraction",
        "fx-matching": "matchInteraction", "fx-ordering": "orderInteraction",
        "fx-blanks": "inlineChoiceInteraction",
    }
    for qid, interaction in expect.items():
        doc = etree.fromstring(files[f"items/{qid}.xml"])
        assert doc.find(f".//{{{QTI}}}{interaction}") is not None, qid
        assert doc.find(f"{{{QTI}}}responseProcessing") is not None, qid
    blanks = etree.fromstring(files["items/fx-blanks.xml"])
    assert blanks.find(f".//{{{QTI}}}textEntryInteraction") is not None
    multi = etree.fromstring(files["items/fx-multi.xml"])
    values = [e.get("mappedValue") for e in multi.iter(f"{{{QTI}}}mapEntry")]
    assert values == ["1", "1", "1", "-1"]  # whole points, then SCORE = points / 3
    assert multi.find(f".//{{{QTI}}}mapping").get("upperBound") == "3"
    divide = multi.find(f".//{{{QTI}}}divide")
    assert [etree.QName(e).localname for e in divide] == ["mapResponse", "baseValue"]
    assert divide[1].text == "3"


def test_the_manifest_lists_every_item_with_its_file() -> None:
    """Each resource is an imsqti_item_xmlv2p1 whose file is in the zip."""
    files = _package()
    manifest = etree.fromstring(files["imsmanifest.xml"])
    ns = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1"}
    hrefs = [r.get("href") for r in manifest.findall(".//cp:resource", ns)]
    assert sorted(hrefs) == sorted(n for n in files if n != "imsmanifest.xml")
    assert {r.get("type") for r in manifest.findall(".//cp:resource", ns)} == {
        "imsqti_item_xmlv2p1"}


def test_zip_entries_have_a_fixed_timestamp() -> None:
    """Every zip entry carries the fixed date, so the archive is the same on every run."""
    with zipfile.ZipFile(io.BytesIO(export_qti(fixture_items()).data)) as zf:
        assert {i.date_time for i in zf.infolist()} == {FIXED_ZIP_TIME} == {(2000, 1, 1, 0, 0, 0)}


def test_inline_choices_are_shuffled_with_pinned_ones_fixed(tmp_path: Path) -> None:
    """shuffle="true" on a shuffled blank's inlineChoiceInteraction, fixed="true" on its
    pinned choices; shuffle="false" for a blank with shuffle: false (and the item is valid)."""
    from helpers import pinned_blanks
    from quizkit.export.items import Chapter, ExportItem

    files = _package()
    fx = etree.fromstring(files["items/fx-blanks.xml"])
    assert fx.find(f".//{{{QTI}}}inlineChoiceInteraction").get("shuffle") == "true"
    with zipfile.ZipFile(io.BytesIO(export_qti(
            [ExportItem(Chapter(1, "T", "01-t"), pinned_blanks())]).data)) as zf:  # type: ignore[list-item]
        raw = zf.read("items/drop-downs.xml")
    assert validate({"items/drop-downs.xml": raw}, tmp_path) == {"items/drop-downs.xml": []}
    item = etree.fromstring(raw)
    got = [(i.get("shuffle"), [(c.text, c.get("fixed")) for c in i])
           for i in item.iter(f"{{{QTI}}}inlineChoiceInteraction")]
    names = ["Lavrov", "Shoigu", "Kishida", "none of these"]
    assert got == [
        ("true", [(n, None) for n in names]),
        ("true", [(n, "true" if n == "none of these" else None) for n in names]),
        ("false", [(n, None) for n in names]),
    ]
