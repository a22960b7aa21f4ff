"""The JSON Schema of a bank file, generated from the pydantic models (never written by hand).

Editors use it for completion and inline checks (``# yaml-language-server: $schema=...``);
the copy committed at ``schema/bank.schema.json`` is tested to equal what this module makes.
"""

from __future__ import annotations

import json
from typing import Any

from quizkit.models import BankFile

SCHEMA_ID = "https://quizkit.invalid/schema/bank.schema.json"
"""The schema's ``$id``: a stable name, not a download location."""


def bank_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that a bank file satisfies."""
    schema = BankFile.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def schema_json() -> str:
    """The schema as stable, indented JSON text ending in a newline."""
    return json.dumps(bank_schema(), indent=2, ensure_ascii=False) + "\n"


__all__ = ["SCHEMA_ID", "bank_schema", "schema_json"]
