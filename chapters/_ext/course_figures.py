"""Course figures drawn at build time from the YAML files in ``data/``.

A local Sphinx extension: on ``builder-inited`` it draws, with matplotlib (Agg), into
``chapters/figures/generated/``:

- ``timeline-2013.svg``: the events of 2013 around the first Russia–Japan 2+2;
- ``ministers.svg``: a who's-who card grid of the four ministers;
- ``region-map.png``: an offline basemap of Japan, the Sea of Japan and the disputed islands.

Figures are redrawn only when their inputs change (a content hash of the data files and
this module is kept beside them), so warm builds stay fast. SVG output is deterministic
(fixed ``svg.hashsalt``, no date), and text stays text (``svg.fonttype = "none"``) so it is
searchable, selectable and testable. Every data item must cite a fact-sheet item
(``source:``); a missing one is an error naming the file and the item.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import textwrap
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

__version__ = "1.0"

EXT_DIR = Path(__file__).resolve().parent
BOOK_ROOT = EXT_DIR.parents[1]
DATA_DIR = BOOK_ROOT / "data"
OUT_DIR = BOOK_ROOT / "chapters" / "figures" / "generated"
STAMP_NAME = ".inputs-hash"

# Colour-blind-safe colours (Okabe–Ito) with a distinct marker per kind, so the timeline
# does not rely on colour alone.
KIND_STYLE: dict[str, tuple[str, str, str]] = {
    "summit": ("#0072B2", "o", "Abe–Putin meeting"),
    "ministers": ("#D55E00", "s", "Ministers' meeting"),
    "paper": ("#009E73", "D", "The paper"),
    "other": ("#6b6b6b", "^", "Other event"),
    "planned": ("#CC79A7", "v", "Planned (not yet held)"),
}

FIGURE_FILES = ("timeline-2013.svg", "ministers.svg", "region-map.png")


class FigureDataError(ValueError):
    """A data file for the figures is missing a field or a fact-sheet source."""


def load_data(name: str, data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """Load ``data/<name>.yml`` and check that every item cites a fact-sheet item."""
    path = data_dir / f"{name}.yml"
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    key = {"timeline": "events", "ministers": "ministers", "places": "places"}[name]
    items = data.get(key) if isinstance(data, dict) else None
    if not items:
        raise FigureDataError(f"{path}: no '{key}' list")
    for i, item in enumerate(items, start=1):
        label = item.get("label") or item.get("name") or f"item {i}"
        if not str(item.get("source") or "").strip():
            raise FigureDataError(f"{path}: {key} item {i} ({label!r}) has no 'source'")
    return data


@contextmanager
def _figure_style() -> Iterator[None]:
    """Large fonts for phones, text kept as SVG text, deterministic SVG ids."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rc = {
        "svg.hashsalt": "course-figures",
        "svg.fonttype": "none",
        "font.family": "DejaVu Sans",
        "font.size": 13,
        "axes.titlesize": 15,
    }
    with plt.rc_context(rc):
        yield


def _save(fig: Any, out: Path) -> None:
    import matplotlib.pyplot as plt

    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".svg":
        fig.savefig(out, format="svg", metadata={"Date": None}, bbox_inches="tight")
    else:
        fig.savefig(out, dpi=150, metadata={"Software": None}, bbox_inches="tight")
    plt.close(fig)


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _spread(targets: list[float], low: float, high: float, gap: float) -> list[float]:
    """Label positions near ``targets`` (sorted ascending) but at least ``gap`` apart."""
    pos: list[float] = []
    for t in targets:
        pos.append(max(t, pos[-1] + gap) if pos else max(t, low))
    overflow = pos[-1] - high if pos else 0.0
    if overflow > 0:  # push everything back up, keeping the gaps
        pos = [p - overflow for p in pos]
        for i in range(len(pos) - 2, -1, -1):
            pos[i] = min(pos[i], pos[i + 1] - gap)
    return pos


def draw_timeline(data: dict[str, Any], out: Path) -> Path:
    """Draw the 2013 timeline as a vertical (phone-friendly) SVG at ``out``."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    with _figure_style():
        fig, ax = plt.subplots(figsize=(7.0, 9.0))
        events = data["events"]
        rows = []
        for ev in events:
            if "date" in ev:
                start = end = _as_date(ev["date"])
            else:
                start, end = _as_date(ev["start"]), _as_date(ev["end"])
            mid = start + (end - start) / 2
            rows.append((mdates.date2num(mid), start, end, ev))
        rows.sort(key=lambda r: r[0])
        first = min(r[1] for r in rows).replace(day=1)
        last = max(r[2] for r in rows)
        y_low = mdates.date2num(first) - 10
        y_high = mdates.date2num(last) + 14
        label_y = _spread([r[0] for r in rows], y_low + 5, y_high - 5, gap=(y_high - y_low) / 11)

        ax.axvline(0, color="#444444", lw=2, zorder=1)
        for (y, start, end, ev), ly in zip(rows, label_y):
            colour, marker, _ = KIND_STYLE[ev["kind"]]
            if start != end:
                # A span: an uncertain day or a planned window, drawn as a thick bar.
                ax.plot([0, 0], [mdates.date2num(start) - 1.5, mdates.date2num(end) + 1.5],
                        color=colour, lw=9, solid_capstyle="butt", zorder=2)
            else:
                ax.plot(0, y, marker=marker, color=colour, markersize=11, zorder=3,
                        markeredgecolor="white")
            ax.plot([0.04, 0.22], [y, ly], color="#999999", lw=0.8, zorder=1)
            when = (f"{start:%-d %b %Y}" if start == end
                    else f"{start:%-d}–{end:%-d %b %Y}" if start.month == end.month
                    else f"{start:%b}–{end:%b %Y}")
            text = f"{when}: " + ev["label"]
            lines = textwrap.wrap(text, 34)
            if ev.get("note"):
                lines.append(f"({ev['note']})")
            ax.text(0.25, ly, "\n".join(lines), va="center", ha="left", fontsize=12,
                    color="#111111", linespacing=1.15)
        ax.set_xlim(-0.35, 2.6)
        ax.set_ylim(y_high, y_low)  # time runs downwards
        ax.yaxis.set_major_locator(mdates.MonthLocator())
        ax.yaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        ax.tick_params(axis="y", labelsize=10, colors="#444444")
        ax.set_xticks([])
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_title(data.get("title", "Timeline"), loc="left")
        used = [k for k in KIND_STYLE if any(ev["kind"] == k for ev in events)]
        handles = [Line2D([], [], color=KIND_STYLE[k][0], marker=KIND_STYLE[k][1], lw=0,
                          markersize=10, label=KIND_STYLE[k][2]) for k in used]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.45, -0.01),
                  ncol=2, frameon=False, fontsize=11)
        _save(fig, out)
    return out


def draw_ministers(data: dict[str, Any], out: Path) -> Path:
    """Draw the who's-who card grid of the four ministers as an SVG at ``out``."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyBboxPatch

    ministers = data["ministers"]
    cols = 2
    nrows = -(-len(ministers) // cols)
    with _figure_style():
        fig, ax = plt.subplots(figsize=(7.0, 2.6 * nrows + 0.6))
        ax.set_xlim(0, cols)
        ax.set_ylim(nrows, 0)
        ax.axis("off")
        colours = {"Japan": "#E8F1FA", "Russia": "#FBEEE6"}
        for i, m in enumerate(ministers):
            col, row = i % cols, i // cols
            x0, y0 = col + 0.04, row + 0.05
            ax.add_patch(FancyBboxPatch((x0, y0), 0.92, 0.88,
                                        boxstyle="round,pad=0,rounding_size=0.05",
                                        facecolor=colours.get(m["country"], "#F2F2F2"),
                                        edgecolor="#555555", lw=1.2))
            ax.text(x0 + 0.06, y0 + 0.16, m["name"], fontsize=15, fontweight="bold",
                    va="center")
            ax.text(x0 + 0.06, y0 + 0.34, m["country"], fontsize=13, va="center",
                    color="#333333")
            ax.text(x0 + 0.06, y0 + 0.52, "\n".join(textwrap.wrap(m["post"], 24)),
                    fontsize=12, va="center", color="#111111")
            others = [s for s in m.get("spellings", []) if s != m["name"]]
            if others:
                ax.text(x0 + 0.06, y0 + 0.76, "also: " + ", ".join(others), fontsize=11,
                        va="center", style="italic", color="#333333")
        ax.set_title("The four ministers at the first 2+2, Tokyo, 2 Nov 2013", loc="left",
                     fontsize=14)
        _save(fig, out)
    return out


def draw_region_map(data: dict[str, Any], out: Path) -> Path:
    """Draw the region map (offline basemap, approximate positions) as a PNG at ``out``."""
    import matplotlib.pyplot as plt

    with warnings.catch_warnings():
        # basemap's compiled module was built against an older numpy header; the
        # "ndarray size changed" warning it triggers on import is harmless.
        warnings.filterwarnings("ignore", "numpy.ndarray size changed", RuntimeWarning)
        from mpl_toolkits.basemap import Basemap

    with _figure_style():
        fig, ax = plt.subplots(figsize=(7.0, 7.0))
        m = Basemap(projection="merc", llcrnrlon=125, llcrnrlat=30, urcrnrlon=155,
                    urcrnrlat=50, resolution="i", ax=ax)
        m.drawmapboundary(fill_color="#DDEEFF")
        m.fillcontinents(color="#F3F0E6", lake_color="#DDEEFF")
        m.drawcoastlines(linewidth=0.6, color="#555555")
        m.drawcountries(linewidth=0.8, color="#888888")
        for place in data["places"]:
            x, y = m(place["lon"], place["lat"])
            kind = place["kind"]
            if kind == "island":
                # The islands are close together: labels sit in a column (label_at) joined
                # to their points by thin lines, so none overlaps another.
                lx, ly = m(*place.get("label_at", (place["lon"] + 1.5, place["lat"])))
                ax.plot(x, y, marker="o", markersize=5, color="#D55E00")
                ax.annotate(place["name"], (x, y), xytext=(lx, ly), textcoords="data",
                            ha="left", va="center", fontsize=11, color="#7A2E00",
                            arrowprops={"arrowstyle": "-", "color": "#D55E00", "lw": 0.7})
            elif kind == "sea":
                ax.text(x, y, place["name"], ha="center", va="center", fontsize=14,
                        style="italic", color="#1F4E79")
            elif kind == "region":
                ax.text(x, y, place["name"], ha="center", va="center", fontsize=11,
                        fontweight="bold")
            else:
                ax.plot(x, y, marker="s", markersize=6, color="#0072B2")
                ax.annotate(place["name"], (x, y), xytext=(7, -9), textcoords="offset points",
                            ha="left", va="center", fontsize=13)
        ax.set_title("Japan, the Sea of Japan and the disputed islands\n(approximate positions)",
                     fontsize=13, loc="left")
        _save(fig, out)
    return out


DRAWERS: dict[str, tuple[str, Callable[[dict[str, Any], Path], Path]]] = {
    "timeline-2013.svg": ("timeline", draw_timeline),
    "ministers.svg": ("ministers", draw_ministers),
    "region-map.png": ("places", draw_region_map),
}


def inputs_hash(data_dir: Path = DATA_DIR) -> str:
    """A hash of everything the figures are drawn from: the data files and this module."""
    h = hashlib.sha256()
    for path in [Path(__file__).resolve(), *sorted(data_dir.glob("*.yml"))]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def generate(out_dir: Path = OUT_DIR, data_dir: Path = DATA_DIR, force: bool = False) -> list[Path]:
    """Draw every figure into ``out_dir`` unless they are up to date; return redrawn files."""
    digest = inputs_hash(data_dir)
    stamp = out_dir / STAMP_NAME
    up_to_date = (
        stamp.is_file()
        and stamp.read_text(encoding="utf-8").strip() == digest
        and all((out_dir / name).is_file() for name in DRAWERS)
    )
    if up_to_date and not force:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    drawn = [draw(load_data(stem, data_dir), out_dir / name) for name, (stem, draw) in DRAWERS.items()]
    stamp.write_text(digest + "\n", encoding="utf-8")
    return drawn


def _on_builder_inited(app: Any) -> None:
    from sphinx.errors import ExtensionError
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    try:
        drawn = generate()
    except (FigureDataError, OSError, KeyError, ValueError) as exc:
        raise ExtensionError(f"course_figures: {exc}") from None
    if drawn:
        logger.info("course_figures: drew %s", ", ".join(p.name for p in drawn))


def setup(app: Any) -> dict[str, Any]:
    """Register the figure drawing with Sphinx."""
    app.connect("builder-inited", _on_builder_inited)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
