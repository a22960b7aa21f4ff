"""Writing bank files: questions as YAML, appended without disturbing the rest, replaced atomically.

``quizkit new`` and ``quizkit import`` add questions to a file an instructor edits by hand,
so the rest of the file must stay byte-identical: :func:`append_question` dumps the new
question with ruamel.yaml's round-trip dumper and inserts its lines after the last
question, falling back to a ruamel.yaml round trip (which keeps comments and key order) for
unusual layouts, and checks that the result reads back as the old data plus the new
question. :func:`write_atomic` replaces a file so that an interrupted write leaves the old
one. :func:`dumps` writes a whole bank file.
"""

from __future__ import annotations

import os
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any

from quizkit.document import Document, parse_document, read_text
from quizkit.errors import BankError, Problem, QuizkitError
from quizkit.models import BankFile, Question


def _ruamel() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap an instructor's lines
    yaml.preserve_quotes = True
    return yaml


_KEY_ORDER = ("id", "type", "prompt")


def question_data(question: Question) -> dict[str, Any]:
    """A question as YAML-ready data: id, type and prompt first, defaults left out."""
    data = question.model_dump(mode="json", exclude_defaults=True)
    data["type"] = question.type
    ordered = {k: data[k] for k in _KEY_ORDER if k in data}
    ordered.update((k, v) for k, v in data.items() if k not in ordered)
    return ordered


def dumps(bank_file: BankFile) -> str:
    """A bank file as YAML text (the format ``loads`` reads back to an equal model)."""
    data: dict[str, Any] = {
        "schema_version": bank_file.schema_version,
        "chapter": bank_file.chapter,
        "title": bank_file.title,
        "objectives": [o.model_dump(mode="json") for o in bank_file.objectives],
        "questions": [question_data(q) for q in bank_file.questions],
    }
    out = StringIO()
    _ruamel().dump(data, out)
    return out.getvalue()


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Replace a file's content atomically: temp file in the same directory, fsync, rename."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _dump_item(item: dict[str, Any]) -> list[str]:
    out = StringIO()
    _ruamel().dump(item, out)
    return out.getvalue().rstrip("\n").split("\n")


def append_question(path: str | os.PathLike[str], item: dict[str, Any]) -> str:
    """The file's text with ``item`` appended to its ``questions`` list, the rest untouched.

    The new question is dumped by ruamel.yaml and inserted after the last line of the
    existing list, so comments, key order and formatting elsewhere stay byte-identical.
    When the list is written in flow style or missing, the file is round-tripped by
    ruamel.yaml instead (which keeps comments and key order). The caller writes the result.
    """
    p = Path(path)
    text = read_text(p)
    document = parse_document(text, str(p))
    data = document.data
    if not isinstance(data, dict):
        raise BankError([Problem(str(p), 1, None, None, "the top level must be a mapping")])
    questions = data.get("questions")
    new_text = None
    if isinstance(questions, list) and questions:
        new_text = _insert_after_last(text, document, questions, item)
    if new_text is None:
        new_text = _roundtrip_append(text, item)
    # The result must read back as the old data plus the new question, or nothing is written.
    expected = dict(data)
    expected["questions"] = [*(questions or []), item]
    if parse_document(new_text, str(p)).data != expected:
        new_text = _roundtrip_append(text, item)
        if parse_document(new_text, str(p)).data != expected:  # pragma: no cover - defensive
            raise QuizkitError(f"{p}: could not append the question without changing the file")
    return new_text


def _insert_after_last(text: str, document: Document, questions: list[Any],
                       item: dict[str, Any]) -> str | None:
    lines = text.split("\n")
    first_line = document.member_line(questions, 0) - 1
    first = questions[0]
    if not isinstance(first, dict) or not first:
        return None
    key_line = document.container_line(first) - 1
    src = lines[first_line]
    dash = src.find("-")
    if dash < 0 or src[:dash].strip() or key_line != first_line:
        return None  # flow style or unusual layout: let ruamel round-trip it
    key_col = dash + 1 + (len(src[dash + 1:]) - len(src[dash + 1:].lstrip(" ")))
    # End of the list: the last line before the next key at the questions key's own level
    # (or the end of the file), skipping trailing blank and comment lines.
    q_key_line = document.member_line(document.data, "questions") - 1
    q_key_indent = len(lines[q_key_line]) - len(lines[q_key_line].lstrip(" "))
    end = len(lines)
    for n in range(first_line + 1, len(lines)):
        ln = lines[n]
        stripped = ln.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(ln) - len(ln.lstrip(" "))
        if indent <= q_key_indent and not (indent == dash and stripped.startswith("-")):
            end = n
            break
    last = end - 1
    while last > first_line and (not lines[last].strip() or lines[last].strip().startswith("#")):
        last -= 1
    body = _dump_item(item)
    new_lines = [" " * dash + "-" + " " * (key_col - dash - 1) + body[0]]
    new_lines += [(" " * key_col + b) if b else b for b in body[1:]]
    return "\n".join(lines[: last + 1] + new_lines + lines[last + 1:])


def _roundtrip_append(text: str, item: dict[str, Any]) -> str:
    yaml = _ruamel()
    doc = yaml.load(text)
    if doc.get("questions") is None:
        doc["questions"] = []
    doc["questions"].append(item)
    out = StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


__all__ = ["append_question", "dumps", "question_data", "write_atomic"]
