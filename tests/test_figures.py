"""Tests for the build-time course figures (chapters/_ext/course_figures.py) and data/."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from ruamel.yaml import YAML

from helpers import ROOT
from quizkit.factsheet import load_factsheet

EXT = ROOT / "chapters" / "_ext" / "course_figures.py"
FACT_ITEM = re.compile(r"^[A-F][0-9]+(?:\.[0-9]+)?$")


def _load_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("course_figures", EXT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["course_figures"] = module
    spec.loader.exec_module(module)
    return module


cf = _load_module()


def _svg_text(path: Path) -> str:
    """All text of an SVG's <text> elements, joined (matplotlib may split lines)."""
    body = path.read_text(encoding="utf-8")
    texts = re.findall(r"<text[^>]*>(.*?)</text>", body, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", "", t) for t in texts)


@pytest.mark.parametrize(("stem", "key"), [("timeline", "events"), ("ministers", "ministers"),
                                          ("places", "places")])
def test_every_data_item_cites_a_factsheet_item(stem: str, key: str) -> None:
    """Each item of data/*.yml cites an item that exists in the fact sheet."""
    factsheet = load_factsheet()
    data = YAML(typ="safe").load((ROOT / "data" / f"{stem}.yml").read_text(encoding="utf-8"))
    items = data[key]
    assert len(items) >= 4
    for item in items:
        assert FACT_ITEM.match(str(item.get("source", ""))), item
        assert str(item["source"]) in factsheet, item


def test_missing_source_is_a_clear_error(tmp_path: Path) -> None:
    """A data item without a source is refused with the file and the item named."""
    (tmp_path / "ministers.yml").write_text(
        "ministers:\n  - name: Fumio Kishida\n    country: Japan\n    post: FM\n",
        encoding="utf-8",
    )
    with pytest.raises(cf.FigureDataError, match=r"ministers\.yml: ministers item 1 "
                                                 r"\('Fumio Kishida'\) has no 'source'"):
        cf.load_data("ministers", tmp_path)


def test_timeline_svg_has_every_event(tmp_path: Path) -> None:
    """The timeline is an SVG, non-trivial, and shows each event with its date."""
    out = cf.draw_timeline(cf.load_data("timeline"), tmp_path / "timeline-2013.svg")
    assert out.stat().st_size > 5_000
    text = _svg_text(out)
    for label in ("29 Apr 2013", "Lough Erne", "day of the talks unknown", "5 Sep 2013",
                  "Bali", "18 Oct 2013", "1 Nov 2013", "2 Nov 2013", "4 Nov 2013",
                  "late Jan / early Feb 2014", "Kishida–Lavrov"):
        assert label in text, label


def test_ministers_svg_has_names_posts_and_spellings(tmp_path: Path) -> None:
    """The card grid names the four ministers, their countries, posts and other spellings."""
    out = cf.draw_ministers(cf.load_data("ministers"), tmp_path / "ministers.svg")
    assert out.stat().st_size > 2_000
    text = _svg_text(out)
    for label in ("Fumio Kishida", "Itsunori Onodera", "Sergey Lavrov", "Sergei Shoigu",
                  "Sergei Lavrov", "Japan", "Russia", "Minister of Defence"):
        assert label in text, label


def test_svg_output_is_deterministic(tmp_path: Path) -> None:
    """Drawing the same data twice gives byte-identical SVG (no dates, fixed ids)."""
    data = cf.load_data("timeline")
    a = cf.draw_timeline(data, tmp_path / "a.svg").read_bytes()
    b = cf.draw_timeline(data, tmp_path / "b.svg").read_bytes()
    assert a == b
    assert b"<dc:date>" not in a


def test_region_map_is_a_real_png(tmp_path: Path) -> None:
    """The map is a PNG of a sensible size (a blank or failed plot would be tiny)."""
    out = cf.draw_region_map(cf.load_data("places"), tmp_path / "region-map.png")
    head = out.read_bytes()[:8]
    assert head == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 40_000


def test_map_places_include_both_island_names() -> None:
    """The disputed islands carry their Japanese and Russian names (fact sheet B5.1)."""
    names = {p["name"] for p in cf.load_data("places")["places"]}
    assert {"Tokyo", "Hokkaido", "Vladivostok", "Sea of Japan", "Etorofu / Iturup",
            "Kunashiri / Kunashir", "Shikotan", "Habomai"} <= names


def test_generate_skips_when_inputs_unchanged(tmp_path: Path) -> None:
    """A second run with unchanged inputs redraws nothing; a changed data file redraws."""
    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data", data_dir)
    out_dir = tmp_path / "generated"
    first = cf.generate(out_dir, data_dir)
    assert sorted(p.name for p in first) == sorted(cf.FIGURE_FILES)
    assert cf.generate(out_dir, data_dir) == []
    timeline = data_dir / "timeline.yml"
    timeline.write_text(timeline.read_text(encoding="utf-8") + "\n# touched\n",
                        encoding="utf-8")
    assert len(cf.generate(out_dir, data_dir)) == len(cf.FIGURE_FILES)


def test_setup_is_parallel_safe() -> None:
    """The extension declares itself safe for parallel reading and writing."""

    class FakeApp:
        def __init__(self) -> None:
            self.events: list[str] = []

        def connect(self, event: str, _handler: object) -> None:
            self.events.append(event)

    app = FakeApp()
    meta = cf.setup(app)
    assert app.events == ["builder-inited"]
    assert meta["parallel_read_safe"] and meta["parallel_write_safe"]


def test_spread_keeps_labels_apart_and_inside() -> None:
    """Label centres keep their heights plus padding apart and stay within the bounds."""
    targets = [0.0, 1.0, 1.5, 2.0, 9.9]
    heights = [1.0, 2.0, 1.0, 1.0, 2.0]
    pos = cf._spread(targets, heights, low=0.0, high=10.0, pad=0.2)
    for i in range(1, len(pos)):
        assert pos[i] - pos[i - 1] >= (heights[i] + heights[i - 1]) / 2 + 0.2 - 1e-9
    assert pos[0] - heights[0] / 2 >= 0.0 - 1e-9
    assert pos[-1] + heights[-1] / 2 <= 10.0 + 1e-9
