"""QTI 2.1 items scored by Pyslet, an independent QTI engine: the keyed response of every
item scores exactly 1, partial credit and numeric tolerances agree with quizkit's grading,
and the manifest names the interactions each item uses.

Pyslet runs the item's own response processing (declarations, mappings, ``equal`` with
tolerances), so these tests check what an LMS computes, not what the exporter meant.
"""

from __future__ import annotations

import importlib
import io
import itertools
import zipfile
from collections.abc import Iterable
from typing import Any

import pytest
from lxml import etree

from quizkit.export.items import Chapter, ExportItem
from quizkit.export.qti import export_qti
from quizkit.grading import grade
from quizkit.models import MultipleSelect, Numeric
from test_export_golden import fixture_items
from test_import_roundtrip import course_items

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# Pyslet is a test dependency (pyproject.toml): missing, these tests fail rather than skip.
qtixml = importlib.import_module("pyslet.qtiv2.xml")
variables = importlib.import_module("pyslet.qtiv2.variables")

CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
QMD = "{http://www.imsglobal.org/xsd/imsqti_metadata_v2p1}"
SOURCE = {"paragraph": "p1", "quote": "Tokyo"}


def _files(items: Iterable[ExportItem]) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(export_qti(list(items)).data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _item(xml: bytes) -> Any:
    doc = qtixml.QTIDocument()
    doc.read(src=xml)
    return doc.root


def score(item: Any, responses: dict[str, Any] | None = None) -> float:
    """SCORE after one attempt; ``responses`` maps response ids to values (None: keyed)."""
    state = variables.ItemSessionState(item)
    state.begin_session()
    state["numAttempts"].set_value(1)
    for rd in item.ResponseDeclaration:
        ident = rd.identifier
        if responses is None:
            state.map[ident] = variables.Value.copy_value(state.map[ident + ".CORRECT"])
        elif ident in responses:
            state.map[ident] = variables.Value.new_value(rd.cardinality, rd.baseType)
            state.map[ident].set_value(responses[ident])
    state.end_attempt()
    value: float = state["SCORE"].value
    return value


def _one(q: Any) -> Any:
    files = _files([ExportItem(Chapter(1, "T", "01-t"), q)])
    return _item(files[f"items/{q.id}.xml"])


@pytest.mark.parametrize("items", [fixture_items, course_items], ids=["fixture", "course"])
def test_every_keyed_response_scores_exactly_one(items: Any) -> None:
    """The correct response declared in each item earns SCORE 1, not 0.999999."""
    files = _files(items())
    scores = {name: score(_item(data)) for name, data in files.items()
              if name.startswith("items/")}
    assert scores and {n: s for n, s in scores.items() if s != 1.0} == {}


def test_multiple_select_partial_credit_matches_the_course_grader() -> None:
    """Every set of picks scores in QTI what quizkit's grader gives (right - wrong) / n."""
    q = next(it.question for it in fixture_items() if it.question.id == "fx-multi")
    assert isinstance(q, MultipleSelect)
    item = _one(q)
    for n in range(len(q.options) + 1):
        for picks in itertools.combinations(range(len(q.options)), n):
            got = score(item, {"RESPONSE": [f"C{i + 1}" for i in picks]})
            want = grade(q, list(picks)).score
            assert got == pytest.approx(want, abs=1e-6), picks  # grade() rounds to 6 places


def test_relative_tolerance_builds_the_range_on_the_answer() -> None:
    """17000 ± 10% accepts 15,300 to 18,700 (the range is built on the answer, not the
    learner's response, which would give about 15,455 to 18,889)."""
    q = Numeric(id="deported", type="numeric", prompt="How many?", answer=17000,
                relative_tolerance=0.1, level="remember", explanation="E.", objectives=["o"],
                source=SOURCE)  # type: ignore[arg-type]
    item = _one(q)
    for value in (15300.0, 15400.0, 17000.0, 18700.0, 15299.0, 18701.0, 18800.0):
        assert score(item, {"RESPONSE": value}) == grade(q, value).score, value
    assert score(item, {"RESPONSE": 15400.0}) == 1.0
    assert score(item, {"RESPONSE": 18800.0}) == 0.0


def test_a_zero_tolerance_is_left_out() -> None:
    """``tolerance="0 0"`` is refused by some engines: an exact answer uses exact mode."""
    files = _files(fixture_items())
    for name, data in files.items():
        assert b'tolerance="0 0"' not in data, name
    item = _item(files["items/fx-numeric.xml"])
    assert score(item, {"RESPONSE": 4.0}) == 1.0
    assert score(item, {"RESPONSE": 4.01}) == 0.0


def test_a_large_range_keeps_its_keyed_value_exact() -> None:
    """A range's correct response is written in full, so it lies inside the range."""
    q = Numeric(id="big", type="numeric", prompt="How many?",
                range={"low": 1234567.5, "high": 1234568.5}, level="remember", explanation="E.",
                objectives=["o"], source=SOURCE)  # type: ignore[arg-type]
    assert score(_one(q)) == 1.0


def test_manifest_declares_each_interaction_an_item_uses() -> None:
    """fx-blanks has a drop-down and a text blank: both interaction types are declared."""
    manifest = etree.fromstring(_files(fixture_items())["imsmanifest.xml"])
    declared = {
        r.get("identifier"): [e.text for e in r.iter(f"{QMD}interactionType")]
        for r in manifest.iter(f"{CP}resource")
    }
    assert declared["RES-fx-blanks"] == ["inlineChoiceInteraction", "textEntryInteraction"]
    assert declared["RES-fx-single"] == ["choiceInteraction"]
    assert declared["RES-fx-matching"] == ["matchInteraction"]
