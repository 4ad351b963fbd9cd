"""The printable profile's small charts as PNG (matplotlib, Agg, object API: no pyplot state, so
safe on Streamlit's download thread). Pure."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from indicators.text.formatting import format_number

if TYPE_CHECKING:
    from indicators.views.profile_pdf import Chart


# The print palette (RGB), shared with the page (profile_pdf_render).
INK = (33, 37, 41)
MUTED = (85, 90, 96)            # 7:1 on white: small print stays readable
ACCENT = (0, 84, 147)           # headings and the district's line
RULE = (200, 205, 210)
TINT = (242, 245, 248)
HEADER_TINT = (226, 232, 238)


def hex_colour(colour: tuple[int, int, int]) -> str:
    red, green, blue = colour
    return f"#{red:02x}{green:02x}{blue:02x}"


def chart_png(item: Chart, lang: str, size_mm: tuple[float, float] = (58.0, 36.0)) -> bytes:
    """The chart as a PNG (300 dpi at ``size_mm``): the district solid with round markers, the
    city dashed with square markers (told apart without colour), 95 % intervals shaded."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    inch = 25.4
    figure = Figure(figsize=(size_mm[0] / inch, size_mm[1] / inch), dpi=300)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.17, 0.17, 0.8, 0.66))
    names = list(dict.fromkeys(item.series["area_name"]))
    names.sort(key=lambda n: n != item.district)  # the district first, drawn on top
    for name in reversed(names):
        rows = item.series[item.series["area_name"] == name].sort_values("year")
        own = name == item.district
        colour = hex_colour(ACCENT if own else MUTED)
        if "low" in rows and rows["low"].notna().any():
            axes.fill_between(rows["year"], rows["low"], rows["high"], color=colour,
                              alpha=0.15 if own else 0.10, linewidth=0)
        axes.plot(rows["year"], rows["value"], color=colour, linestyle="-" if own else "--",
                  marker="o" if own else "s", markersize=2.6, linewidth=1.3 if own else 1.0,
                  label=_plain_label(name))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color("#9aa0a6")
    axes.tick_params(labelsize=5.5, length=2, colors="#3c4043")
    years = sorted(int(y) for y in item.series["year"].unique())
    if len(years) <= 5:
        axes.set_xticks(years)
        axes.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    else:
        axes.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    axes.yaxis.set_major_locator(MaxNLocator(nbins=4))
    axes.yaxis.set_major_formatter(FuncFormatter(
        lambda v, _: format_number(v, _tick_decimals(axes), lang).replace("\u00a0", " ")))
    axes.grid(axis="y", color="#e0e3e7", linewidth=0.4)
    axes.legend(fontsize=5.5, frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0),
                ncol=len(names), handlelength=2.2, borderaxespad=0.2)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=300, metadata={"Software": None})
    return buffer.getvalue()


def _plain_label(text: str) -> str:
    """A data name as matplotlib shows it literally: "$" would start mathtext (and a broken
    formula raises while drawing), a leading "_" would hide the entry from the legend."""
    text = str(text).replace("$", r"\$")
    return " " + text if text.startswith("_") else text


def _tick_decimals(axes) -> int:
    ticks = axes.get_yticks()
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1
    return 0 if step >= 1 or step == 0 else 1 if step >= 0.1 else 2
