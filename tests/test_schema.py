"""The JSON Schema: generated from the models, committed copy current, banks validate."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from helpers import ROOT
from quizkit.bank import parse_data, read_data
from quizkit.schema import bank_schema, schema_json

COMMITTED = ROOT / "schema" / "bank.schema.json"
VALID = Path(__file__).parent / "invalid_banks" / "_valid.yml"


def test_committed_schema_is_current() -> None:
    """schema/bank.schema.json equals `quizkit schema`; regenerate it when the models change."""
    assert COMMITTED.read_text(encoding="utf-8") == schema_json(), (
        "schema/bank.schema.json is stale: run `quizkit schema > schema/bank.schema.json`"
    )


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    """The schema itself is well-formed and describes every field."""
    schema = bank_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    for name, definition in schema["$defs"].items():
        for field, prop in definition.get("properties", {}).items():
            assert prop.get("description"), f"{name}.{field} has no description"


@pytest.mark.parametrize(
    "path", [VALID, *sorted((ROOT / "bank").glob("*.yml"))], ids=lambda p: p.name
)
def test_valid_banks_validate_against_schema(path: Path) -> None:
    """The corpus base file and the course's bank files satisfy the committed schema."""
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(read_data(path))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("type: single-choice", "type: singel-choice"),
        ("    explanation: The paper names Tokyo.\n", ""),
        ("answers: [Tokyo]", "answers: [Tokyo]\n    hint: x"),
        ("{factsheet: B1.1}", "{factsheet: b1}"),
        ("schema_version: 1", "schema_version: 2"),
    ],
)
def test_invalid_banks_fail_schema(old: str, new: str) -> None:
    """Mistakes quizkit reports are also caught by the schema (as an editor would show them)."""
    text = VALID.read_text(encoding="utf-8")
    assert old in text
    data = parse_data(text.replace(old, new, 1), "x.yml")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(bank_schema()).validate(data)
