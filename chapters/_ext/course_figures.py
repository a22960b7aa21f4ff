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


def _spread(targets: list[float], heights: list[float], low: float, high: float,
            pad: float) -> list[float]:
    """Centres for labels of the given heights, near ``targets`` (ascending), never overlapping.

    Each label is pushed down just enough to clear the one before it; if the last one then
    runs past ``high``, the labels are pushed back up, keeping their spacing.
    """
    pos: list[float] = []
    for i, (t, h) in enumerate(zip(targets, heights)):
        floor = low + h / 2 if i == 0 else pos[-1] + (heights[i - 1] + h) / 2 + pad
        pos.append(max(t, floor))
    overflow = pos[-1] + heights[-1] / 2 - high if pos else 0.0
    if overflow > 0:
        pos[-1] -= overflow
        for i in range(len(pos) - 2, -1, -1):
            pos[i] = min(pos[i], pos[i + 1] - (heights[i] + heights[i + 1]) / 2 - pad)
    return pos


def _event_text(start: dt.date, end: dt.date, ev: dict[str, Any]) -> list[str]:
    """The lines of an event's label: its date or span, its label, and any note."""
    if start == end:
        when = f"{start:%-d %b %Y}"
    elif start.month == end.month:
        when = f"{start:%-d}–{end:%-d %b %Y}"
    else:
        when = f"{start:%b}–{end:%b %Y}"
    lines = textwrap.wrap(f"{when}: {ev['label']}", 26, break_on_hyphens=False)
    if ev.get("note"):
        lines += textwrap.wrap(f"({ev['note']})", 28, break_on_hyphens=False)
    return lines


def draw_timeline(data: dict[str, Any], out: Path) -> Path:
    """Draw the 2013 timeline as a vertical (phone-friendly) SVG at ``out``."""
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    font_pt, line_spacing = 12.0, 1.15
    with _figure_style():
        events = data["events"]
        rows = []
        for ev in events:
            if "date" in ev:
                start = end = _as_date(ev["date"])
            else:
                start, end = _as_date(ev["start"]), _as_date(ev["end"])
            mid = start + (end - start) / 2
            rows.append((mdates.date2num(mid), start, end, ev, _event_text(start, end, ev)))
        rows.sort(key=lambda r: r[0])
        n_lines = sum(len(r[4]) for r in rows)
        # Tall enough for every label line plus gaps: time runs down the page, which suits
        # a phone better than a wide horizontal timeline.
        axes_h_in = max(8.0, (n_lines * font_pt * line_spacing + len(rows) * 10) / 72 * 1.1)
        fig = plt.figure(figsize=(5.0, axes_h_in + 0.4))
        ax = fig.add_axes((0.16, 0.0, 0.84, axes_h_in / (axes_h_in + 0.4)))
        first = min(r[1] for r in rows).replace(day=1)
        last = max(r[2] for r in rows)
        y_low = mdates.date2num(first) - 10
        y_high = mdates.date2num(last) + 14
        days_per_pt = (y_high - y_low) / (axes_h_in * 72)
        heights = [len(r[4]) * font_pt * line_spacing * days_per_pt for r in rows]
        label_y = _spread([r[0] for r in rows], heights, y_low, y_high, pad=6 * days_per_pt)

        ax.axvline(0, color="#444444", lw=2, zorder=1)
        for (y, start, end, ev, lines), ly in zip(rows, label_y):
            colour, marker, _ = KIND_STYLE[ev["kind"]]
            if start != end:
                # A span (an uncertain day or a planned window) is a thick bar, at least
                # ten days long so that it never reads as a square marker.
                half = max(5.0, (mdates.date2num(end) - mdates.date2num(start)) / 2 + 1.5)
                ax.plot([0, 0], [y - half, y + half], color=colour, lw=9,
                        solid_capstyle="butt", zorder=2)
            else:
                ax.plot(0, y, marker=marker, color=colour, markersize=11, zorder=3,
                        markeredgecolor="white")
            ax.plot([0.06, 0.3], [y, ly], color="#999999", lw=0.8, zorder=1)
            ax.text(0.34, ly, "\n".join(lines), va="center", ha="left", fontsize=font_pt,
                    color="#111111", linespacing=line_spacing)
        ax.set_xlim(-0.25, 2.0)
        ax.set_ylim(y_high, y_low)  # time runs downwards
        ax.yaxis.set_major_locator(mdates.MonthLocator())
        ax.yaxis.set_major_formatter(mdates.DateFormatter("%b %y"))
        ax.tick_params(axis="y", labelsize=10, colors="#444444")
        ax.set_xticks([])
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        title = "\n".join(textwrap.wrap(data.get("title", "Timeline"), 30))
        ax.set_title(title, loc="left", fontsize=14, pad=12)
        handles = []
        for kind, (colour, marker, label) in KIND_STYLE.items():
            of_kind = [ev for ev in events if ev["kind"] == kind]
            if not of_kind:
                continue
            if all("date" not in ev for ev in of_kind):  # drawn only as spans
                handles.append(Line2D([], [], color=colour, lw=8, label=label))
            else:
                handles.append(Line2D([], [], color=colour, marker=marker, lw=0,
                                      markersize=10, label=label))
        handles.append(Line2D([], [], color="#999999", lw=8,
                              label="Bar: a span (day unknown, or planned)"))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(-0.12, -0.005),
                  ncol=1, frameon=False, fontsize=12)
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
        fig, ax = plt.subplots(figsize=(5.2, 2.7 * nrows + 0.6))
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
            ax.text(x0 + 0.06, y0 + 0.16, "\n".join(m["name"].split(" ", 1)), fontsize=14,
                    fontweight="bold", va="center", linespacing=1.1)
            ax.text(x0 + 0.06, y0 + 0.38, m["country"], fontsize=13, va="center",
                    color="#333333")
            ax.text(x0 + 0.06, y0 + 0.56, "\n".join(textwrap.wrap(m["post"], 17)),
                    fontsize=12, va="center", color="#111111")
            others = [s for s in m.get("spellings", []) if s != m["name"]]
            if others:
                ax.text(x0 + 0.06, y0 + 0.78, "also: " + ", ".join(others), fontsize=11,
                        va="center", style="italic", color="#333333")
        ax.set_title("The four ministers at the first 2+2,\nTokyo, 2 November 2013", loc="left",
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
        fig, ax = plt.subplots(figsize=(5.2, 5.2))
        m = Basemap(projection="merc", llcrnrlon=125, llcrnrlat=30, urcrnrlon=155,
                    urcrnrlat=50, resolution="i", ax=ax)
        m.drawmapboundary(fill_color="#DDEEFF")
        m.fillcontinents(color="#F3F0E6", lake_color="#DDEEFF")
        m.drawcoastlines(linewidth=0.6, color="#555555")
        m.drawcountries(linewidth=0.8, color="#888888")
        islands = []
        for place in data["places"]:
            x, y = m(place["lon"], place["lat"])
            kind = place["kind"]
            if kind == "island":
                # The islands are too close together for names beside them: each gets a
                # number at its point (label_at says where), and a key in the inland corner
                # lists the names, so no label crosses another.
                islands.append(place["name"])
                lx, ly = m(*place.get("label_at", (place["lon"] + 0.6, place["lat"])))
                ax.plot(x, y, marker="o", markersize=5, color="#D55E00")
                ax.text(lx, ly, str(len(islands)), ha="center", va="center", fontsize=10,
                        fontweight="bold", color="#7A2E00")
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
        if islands:
            key = "Disputed islands\n" + "\n".join(
                f"{n}  {name}" for n, name in enumerate(islands, 1)
            )
            kx, ky = m(125.4, 49.6)
            ax.text(kx, ky, key, ha="left", va="top", multialignment="left", fontsize=9,
                    color="#7A2E00",
                    linespacing=1.5,
                    bbox={"boxstyle": "round,pad=0.4", "facecolor": "white",
                          "edgecolor": "#D55E00", "linewidth": 0.7})
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
