"""Property tests: whatever the input, loading returns a model or a located BankError.

Nothing else may escape: no traceback-worthy exception for any text, any bytes, any
YAML-able structure, or any mutation of a valid bank file.
"""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizkit.bank import load_file, loads, parse_data
from quizkit.errors import BankError
from quizkit.models import QUESTION_TYPES, BankFile

VALID_TEXT = (Path(__file__).parent / "invalid_banks" / "_valid.yml").read_text(encoding="utf-8")
VALID_DATA = parse_data(VALID_TEXT)

# QUIZKIT_HYPOTHESIS_EXAMPLES raises the count for a longer hunt (e.g. 5000 before a release).
SETTINGS = settings(
    max_examples=int(os.environ.get("QUIZKIT_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def assert_loads_or_located_error(text: str, filename: str = "f.yml") -> None:
    """`loads` gives a BankFile, or a BankError whose every problem has the file and a line."""
    try:
        result = loads(text, filename)
    except BankError as exc:
        assert exc.problems, "a BankError must carry at least one problem"
        n_lines = max(1, len(text.splitlines()))
        for problem in exc.problems:
            assert problem.file == filename
            assert 1 <= problem.line <= n_lines + 1, (problem, n_lines)
            assert problem.message and "\n" not in problem.message
            assert "Value error" not in problem.message and "errors.pydantic.dev" not in problem.message
        return
    assert isinstance(result, BankFile)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["single-choice", "p1", "B1.1", "true", "yes", "", "~", "0x10", *QUESTION_TYPES])
)
keys = st.text(max_size=12) | st.sampled_from(
    ["schema_version", "chapter", "title", "objectives", "questions", "id", "type", "prompt",
     "options", "correct", "source", "paragraph", "quote", "answer", "explanation"]
)
structures = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(keys, children, max_size=6),
    max_leaves=40,
)


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    """Any text at all."""
    assert_loads_or_located_error(text)


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("ab:- \n\t[]{},'\"#&*!|>?%@`\\0x1.")), max_size=200))
def test_yaml_punctuation_soup(text: str) -> None:
    """Text made mostly of YAML syntax characters (malformed YAML of every kind)."""
    assert_loads_or_located_error(text)


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes_from_a_file(raw: bytes) -> None:
    """Any bytes in a file: binary junk, NUL bytes, invalid UTF-8."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "junk.yml"
        path.write_bytes(raw)
        try:
            load_file(path)
        except BankError as exc:
            assert all(p.file == str(path) and p.line >= 1 for p in exc.problems)


@SETTINGS
@given(structures)
def test_arbitrary_yaml_structures(data: Any) -> None:
    """Any YAML-able structure of dicts, lists and scalars."""
    assert_loads_or_located_error(_dump(data))


@SETTINGS
@given(st.dictionaries(keys, structures, max_size=6))
def test_arbitrary_top_level_mappings(data: dict[str, Any]) -> None:
    """Mappings that look more like a bank file at the top."""
    data.setdefault("schema_version", 1)
    assert_loads_or_located_error(_dump(data))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def mutated_banks(draw: st.DrawFn) -> Any:
    """The valid bank with one to four random edits: delete, replace, add, duplicate."""
    data = copy.deepcopy(VALID_DATA)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for k in path[:-1]:
            parent = parent[k]
        last = path[-1]
        action = draw(st.sampled_from(["delete", "replace", "add", "duplicate"]))
        if action == "delete":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(structures)
        elif action == "add" and isinstance(parent, dict):
            parent[draw(keys)] = draw(structures)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return data


@SETTINGS
@given(mutated_banks())
def test_mutations_of_a_valid_bank(data: Any) -> None:
    """Random edits of a valid bank file."""
    assert_loads_or_located_error(_dump(data))


@SETTINGS
@given(st.integers(0, len(VALID_TEXT) - 1), st.integers(1, 40), st.text(max_size=20))
def test_text_splices_of_a_valid_bank(start: int, length: int, insert: str) -> None:
    """Cut a piece out of the valid file's text and put random text in its place."""
    assert_loads_or_located_error(VALID_TEXT[:start] + insert + VALID_TEXT[start + length:])


def test_valid_base_survives_the_harness() -> None:
    """The harness accepts the valid file (so the properties above are not vacuous)."""
    assert isinstance(loads(VALID_TEXT), BankFile)
    assert loads(_dump(VALID_DATA)) == loads(VALID_TEXT)
