"""Round trips: bank -> GIFT -> bank and bank -> Moodle XML -> bank keep every field the
format can carry, for the fixture bank (every type) and the whole course bank."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pydantic import TypeAdapter

from helpers import ROOT
from quizkit.bank import load_file, question_data
from quizkit.export.gift import export_gift
from quizkit.export.items import ExportItem, items_from_files
from quizkit.export.moodle_xml import export_moodle_xml
from quizkit.importers.drafts import Parsed, complete
from quizkit.importers.gift import parse_gift
from quizkit.importers.moodle_xml import parse_moodle_xml
from quizkit.models import Question
from test_export_golden import fixture_items

ADAPTER: TypeAdapter[Any] = TypeAdapter(Question)

# Fields each format has no place for (the exporters report them as notes).
GIFT_LOSES = {"shuffle", "case_sensitive", "pattern", "max_typos", "unit"}
XML_LOSES = {"pattern", "max_typos"}


def course_items() -> list[ExportItem]:
    """Every question of the course bank (an invalid file fails the test, never skips)."""
    paths = sorted((ROOT / "bank").glob("*.yml"))
    assert paths, "the course bank is empty"
    return items_from_files([(path.stem, load_file(path)) for path in paths])


def _comparable(data: dict[str, Any], loses: set[str]) -> dict[str, Any]:
    out = {k: v for k, v in data.items() if k not in loses}
    for opt in out.get("options", []):
        opt.pop("pin", None)  # no LMS format pins an option
    # Tolerances travel as the interval they accept: compare intervals.
    if out.get("type") == "numeric":
        if "range" in out:
            low, high = out.pop("range").values()
        else:
            a = out.pop("answer")
            tol = out.pop("tolerance", 0) or abs(a) * out.pop("relative_tolerance", 0)
            low, high = a - tol, a + tol
        out["interval"] = (round(low, 9), round(high, 9))
    return out


def _round_trip(items: list[ExportItem], parsed: Parsed, loses: set[str],
                expressible: Callable[[Any], bool]) -> None:
    originals = {it.question.id: it.question for it in items}
    expected = [qid for qid, q in originals.items() if expressible(q)]
    assert [d.data["id"] for d in parsed.drafts] == expected
    assert parsed.unmapped == [] or all("multianswer" in p.message for p in parsed.unmapped)
    for draft in parsed.drafts:
        complete(draft, objective="unused", factsheet=None, placeholder_quote=("p1", "unused"))
        got = question_data(ADAPTER.validate_python(draft.data))
        want = question_data(originals[got["id"]])
        assert _comparable(got, loses) == _comparable(want, loses), got["id"]


def _gift_ok(q: Any) -> bool:
    return q.type != "fill-blanks"


def _xml_ok(q: Any) -> bool:
    return q.type != "fill-blanks"  # exported as Cloze, which the importer does not read


@pytest.mark.parametrize("items", [fixture_items, course_items], ids=["fixture", "course"])
def test_gift_round_trip(items: Callable[[], list[ExportItem]]) -> None:
    """Every GIFT-expressible question comes back with the same fields."""
    its = items()
    assert its, "no questions to round-trip"
    _round_trip(its, parse_gift(export_gift(its).data.decode(), "rt.gift"), GIFT_LOSES, _gift_ok)


@pytest.mark.parametrize("items", [fixture_items, course_items], ids=["fixture", "course"])
def test_moodle_xml_round_trip(items: Callable[[], list[ExportItem]]) -> None:
    """Every question except Cloze fill-blanks comes back with the same fields."""
    its = items()
    assert its, "no questions to round-trip"
    _round_trip(its, parse_moodle_xml(export_moodle_xml(its).data, "rt.xml"), XML_LOSES,
                _xml_ok)
