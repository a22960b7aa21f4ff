"""The bank-format reference: generated from the models, rendered by the Sphinx directive."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lxml import html as lxml_html

from quizkit import config, models
from quizkit.reference import (
    CONFIG_SECTIONS,
    SECTIONS,
    bank_reference,
    config_reference,
    reference_markdown,
    type_name,
)


def test_every_model_field_is_listed_with_its_description() -> None:
    """Each field of each model appears once, with the description declared in models.py."""
    for ref, (_, _, model) in zip(bank_reference(), SECTIONS):
        assert {f.name for f in ref.fields} == set(model.model_fields)
        for f in ref.fields:
            assert f.description == model.model_fields[f.name].description
            assert f.description, f"{model.__name__}.{f.name} has no description"


def test_every_config_field_is_listed_with_its_description() -> None:
    """quizkit.yml's models are documented the same way, every field described."""
    for ref, (_, _, model) in zip(config_reference(), CONFIG_SECTIONS):
        assert {f.name for f in ref.fields} == set(model.model_fields)
        for f in ref.fields:
            assert f.description == model.model_fields[f.name].description
            assert f.description, f"{model.__name__}.{f.name} has no description"
    assert {m for _, _, m in CONFIG_SECTIONS} >= {config.CourseConfig, config.LintConfig,
                                                 config.Accept}


def test_config_types_and_defaults_are_readable() -> None:
    """Tuples, single literals in unions and nested settings get plain words."""
    sections = config_reference()
    lint = {f.name: f for f in sections[5].fields}
    assert (lint["true_share"].type, lint["true_share"].default) == ("list of 2 numbers",
                                                                     "[0.4, 0.6]")
    assert lint["accept"].type == "list of accepted finding"
    assert lint["absolute_words"].default.startswith("always, never, only")
    attempts = {f.name: f for f in sections[4].fields}
    assert attempts["tries"].type == "integer or 'unlimited'"
    assert attempts["penalty"].default == "0.3333"
    course = {f.name: f for f in sections[0].fields}
    assert (course["lint"].type, course["lint"].default) == ("lint settings", "")
    assert course["course"].type == "course settings"
    content = {f.name: f for f in sections[1].fields}
    assert content["sources"].type == "list of source text"
    assert content["factsheet"].type == "fact-sheet settings"
    source = {f.name: f for f in sections[2].fields}
    assert source["id"].type == "slug" and source["text"].required and not source["page"].required
    md = reference_markdown(config_reference())
    assert md.count("| Key | Type | Required | Description |") == len(CONFIG_SECTIONS)


def test_response_tests_are_documented() -> None:
    """The response-test model has its section, its free-form response named plainly."""
    [ref] = [r for r in bank_reference() if r.key == "response-test"]
    fields = {f.name: f for f in ref.fields}
    assert fields["response"].type == "any value"
    assert fields["expect"].type == "one of: correct, partial, incorrect"
    assert "``" not in ref.summary


def test_every_question_type_has_a_section() -> None:
    """The eight types are all documented."""
    keys = {ref.key for ref in bank_reference()}
    assert set(models.QUESTION_TYPES) <= keys


def test_types_are_readable() -> None:
    """Slugs, lists, literals and unions get plain names."""
    fields = {f.name: f for f in bank_reference()[2].fields}  # single-choice
    assert fields["id"].type == "slug"
    assert fields["tags"].type == "list of slug"
    assert fields["difficulty"].type == "one of: easy, medium, hard"
    assert fields["type"].type == "always single-choice"
    assert fields["source"].type == "text source or fact-sheet source"
    assert (fields["difficulty"].required, fields["difficulty"].default) == (False, "medium")
    assert fields["prompt"].required
    assert type_name(float | None) == "number"


def test_markdown_form_has_a_table_per_model() -> None:
    """The Markdown form holds one table per model."""
    md = reference_markdown()
    assert md.count("| Key | Type | Required | Description |") == len(SECTIONS)
    assert "| `max_typos` | integer | no (default 0) |" in md


def test_directive_builds_without_warnings(tmp_path: Path) -> None:
    """A tiny Sphinx project with the directive builds with -W -n and shows the tables."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("extensions = ['quizkit.sphinx_reference']\n")
    (src / "index.rst").write_text("Reference\n=========\n\n.. bank-reference::\n\n"
                                   ".. bank-reference::\n   :config:\n")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-n", "-q", str(src), str(out)],
        capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    page = lxml_html.fromstring((out / "index.html").read_bytes())
    tables = page.xpath("//table[contains(@class, 'bank-reference')]")
    assert len(tables) == len(SECTIONS) + len(CONFIG_SECTIONS)
    assert page.xpath("//*[@id='bank-ref-fill-blanks']")
    assert page.xpath("//*[@id='config-ref-lint']")
    text = page.text_content()
    assert models.Blank.model_fields["options"].description in " ".join(text.split())
