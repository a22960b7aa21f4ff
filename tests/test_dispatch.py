"""Per-type code is complete by construction: mypy names every place a new type must be handled,
and a type a dispatcher has no case for raises a clear error instead of falling through."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import typing
from pathlib import Path
from typing import Any, Literal

import pytest

from helpers import ROOT
from quizkit.models import (
    QUESTION_TYPES,
    FactsheetSource,
    ParagraphSource,
    Question,
    QuestionType,
    SingleChoice,
    _QuestionBase,
    unhandled,
)

SRC = ROOT / "src" / "quizkit"
BIN = Path(sys.executable).parent

# A ninth member added to the union (and its literal to QuestionType), as a developer would.
ESSAY = '''

class Essay(_QuestionBase):
    """A free answer: the type a developer adds (test only)."""

    type: Literal["essay"] = Field(description="The question type.")

'''


def _with_essay(package: Path) -> None:
    models = package / "models.py"
    text = models.read_text(encoding="utf-8")
    text = text.replace('QuestionType = Literal[\n', 'QuestionType = Literal[\n    "essay",\n', 1)
    text = text.replace("\nQuestion = Annotated[\n    Union[\n",
                        ESSAY + "\nQuestion = Annotated[\n    Union[\n        Essay,\n", 1)
    assert text.count("Essay") == 2 and '"essay"' in text
    models.write_text(text, encoding="utf-8")


def _question_dispatch_calls(package: Path) -> set[tuple[str, int]]:
    """Every ``unhandled(...)`` call on a question or question type, as (file, line)."""
    calls = set()
    for path in package.rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.fullmatch(r"\s+unhandled\((q|question|qtype)\)", line):
                calls.add((path.relative_to(package.parent).as_posix(), n))
    return calls


def _mypy_ini() -> str:
    """The project's mypy settings (pyproject.toml) as an ini file for a copy of the package."""
    import tomllib

    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mypy = settings["tool"]["mypy"]
    lines = ["[mypy]", f"strict = {mypy.get('strict', False)}"]
    for override in mypy.get("overrides", []):
        lines.append(f"[mypy-{','.join(override['module'])}]")
        lines += [f"{key} = {value}" for key, value in override.items() if key != "module"]
    return "\n".join(lines) + "\n"


def test_mypy_names_every_place_a_new_question_type_must_be_handled() -> None:
    """With a ninth type in the union, mypy strict fails at every per-type dispatcher (and only
    there): each ``case _: unhandled(q)`` is reported, so no place can be forgotten."""
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "quizkit"
        shutil.copytree(SRC, package, ignore=shutil.ignore_patterns("static", "data"))
        _with_essay(package)
        config = Path(tmp) / "mypy.ini"
        config.write_text(_mypy_ini(), encoding="utf-8")
        # A cache of its own, kept between runs: third-party packages are analysed once.
        cache = Path(tempfile.gettempdir()) / "quizkit-test-dispatch-mypy-cache"
        proc = subprocess.run(
            [str(BIN / "mypy"), "--config-file", str(config), "--cache-dir", str(cache),
             "-p", "quizkit"],
            cwd=tmp, capture_output=True, text=True, timeout=600, check=False)
        errors = [ln for ln in proc.stdout.splitlines() if ": error: " in ln]
        flagged = set()
        for ln in errors:
            path, line, _ = ln.split(":", 2)
            assert 'Argument 1 to "unhandled" has incompatible type' in ln, ln
            assert '"Essay"' in ln or "Literal['essay']" in ln, ln
            flagged.add((path, int(line)))
        expected = _question_dispatch_calls(package)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert flagged == expected
        modules = {path for path, _ in flagged}
        for module in ("quizkit/grading.py", "quizkit/public.py", "quizkit/widgets.py",
                       "quizkit/lint.py", "quizkit/drafts.py", "quizkit/authoring.py",
                       "quizkit/export/gift.py", "quizkit/export/moodle_xml.py",
                       "quizkit/export/qti.py", "quizkit/export/canvas.py",
                       "quizkit/export/worksheet.py"):
            assert module in modules, module


def test_question_type_literals_match_the_union() -> None:
    """``QuestionType`` lists exactly the ``type`` of each member of ``Question``."""
    union = typing.get_args(typing.get_args(Question)[0])
    literals = [typing.get_args(member.model_fields["type"].annotation)[0] for member in union]
    assert tuple(literals) == QUESTION_TYPES == typing.get_args(QuestionType)


def _essay() -> Any:
    """A question of a type no dispatcher knows (built without validation)."""

    class Essay(_QuestionBase):
        type: Literal["essay"]

    source = ParagraphSource(paragraph="p1", quote="on November 2, 2013")
    return Essay.model_construct(
        id="essay-q", type="essay", prompt="Discuss.", hints=[], explanation="Why.",
        objectives=["o"], tags=[], difficulty="medium", level="evaluate", source=source,
        response_tests=[])


def _dispatchers() -> list[tuple[str, Any]]:
    from quizkit.drafts import model_answer_tests
    from quizkit.export.anki import export_anki
    from quizkit.export.canvas import export_canvas
    from quizkit.export.gift import export_gift
    from quizkit.export.items import Chapter, ExportItem
    from quizkit.export.moodle_xml import export_moodle_xml
    from quizkit.export.qti import export_qti
    from quizkit.export.worksheet import export_worksheet
    from quizkit.grading import grade
    from quizkit.lint import _keyed
    from quizkit.public import display_order, public_spec
    from quizkit.widgets import make_control, model_answer

    def item(q: Any) -> list[ExportItem]:
        return [ExportItem(Chapter(1, "One", "01-one"), q)]

    return [
        ("grade", lambda q: grade(q, "an answer")),
        ("display_order", display_order),
        ("public_spec", public_spec),
        ("make_control", make_control),
        ("model_answer", model_answer),
        ("lint", _keyed),
        ("gift", lambda q: export_gift(item(q))),
        ("moodle-xml", lambda q: export_moodle_xml(item(q))),
        ("qti", lambda q: export_qti(item(q))),
        ("canvas", lambda q: export_canvas(item(q))),
        ("worksheet", lambda q: export_worksheet(item(q))),
        ("anki", lambda q: export_anki(item(q))),
        ("model_answer_tests", lambda q: model_answer_tests(q.type, {})),
    ]


@pytest.mark.parametrize("name", [name for name, _ in _dispatchers()])
def test_an_unknown_type_raises_instead_of_falling_through(name: str) -> None:
    """Each dispatcher refuses a type it has no case for, naming the type, rather than
    handling it as another type (``grade`` once sent such a question to the fill-blanks
    grader)."""
    dispatch = dict(_dispatchers())[name]
    with pytest.raises(TypeError, match=r"^no case for question type 'essay'$"):
        dispatch(_essay())


def test_an_unknown_source_kind_raises() -> None:
    """The source dispatchers (page form, widgets) refuse a source that is neither kind."""
    from quizkit.public import public_spec
    from quizkit.widgets import source_html

    q = _essay()
    valid = SingleChoice.model_construct(**{**dict(q), "type": "single-choice", "options": [],
                                            "shuffle": False})
    odd = valid.model_copy(update={"source": object()})
    for dispatch in (source_html, public_spec):
        with pytest.raises(TypeError, match=r"^no case for object$"):
            dispatch(odd)
    assert isinstance(valid.source, ParagraphSource | FactsheetSource)


def test_unhandled_names_what_it_got() -> None:
    """The message names a question's type, a type literal, or the class of anything else."""
    for value, message in ((_essay(), "no case for question type 'essay'"),
                           ("essay", "no case for question type 'essay'"),
                           (3, "no case for int")):
        with pytest.raises(TypeError) as info:
            unhandled(value)  # type: ignore[arg-type]
        assert str(info.value) == message
