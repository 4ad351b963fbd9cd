"""Compare's scatter: two indicators against each other over the years (one animation frame
per common year, each district with its own colour, symbol and label), the relationship in
words and its table. Pure."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from indicators.data.catalogue import Indicator
from indicators.text.formatting import format_number, format_value
from indicators.text.i18n import translate
from indicators.views import cells, figures
from indicators.views.figures import chart_text
from indicators.views.profile import sentence_name
from indicators.views.published import Published

# Okabe–Ito without its yellow (too pale on white for marks, < 3:1).
PALETTE = [figures.BLUE, figures.ORANGE, figures.GREEN, figures.VERMILLION, figures.PURPLE,
           figures.SKY, figures.BLACK]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "cross", "star", "triangle-down",
           "pentagon", "hexagon", "star-square", "hourglass"]
STRONG, MODERATE = 0.7, 0.3
MIN_POINTS = 3


def scatter_frame(x_values: pd.DataFrame, y_values: pd.DataFrame, area_ids: Sequence[str],
                  names: Mapping[str, str]) -> pd.DataFrame:
    """``area_id, name, year, x, y`` for the chosen areas in every year both indicators have a
    published value (suppressed or missing cells are left out, never 0), sorted by year and the
    order of ``area_ids``."""
    def published(frame: pd.DataFrame, column: str) -> pd.DataFrame:
        if frame.empty:
            return pd.DataFrame(columns=["area_id", "year", column])
        keep = cells.published(frame)
        return keep[["area_id", "year", "value"]].rename(columns={"value": column})

    merged = published(x_values, "x").merge(published(y_values, "y"), on=["area_id", "year"])
    merged = merged[merged["area_id"].isin(list(area_ids))].copy()
    order = {area: i for i, area in enumerate(area_ids)}
    merged["_order"] = merged["area_id"].map(order)
    merged["name"] = merged["area_id"].map(lambda a: names.get(a, a))
    merged = merged.sort_values(["year", "_order"], kind="mergesort")
    merged["year"] = merged["year"].astype(int)
    merged[["x", "y"]] = merged[["x", "y"]].astype(float)
    return merged[["area_id", "name", "year", "x", "y"]].reset_index(drop=True)


def correlation(frame: pd.DataFrame) -> tuple[float | None, int]:
    """Pearson's r between ``x`` and ``y`` and the number of points n:

        r = Σ (x − x̄)(y − ȳ) / √(Σ (x − x̄)² × Σ (y − ȳ)²)

    r is None with fewer than 3 points or when x or y does not vary."""
    x = frame["x"].to_numpy(float)
    y = frame["y"].to_numpy(float)
    n = int(len(x))
    if n < MIN_POINTS:
        return None, n
    dx, dy = x - x.mean(), y - y.mean()
    spread = math.sqrt(float(np.sum(dx * dx)) * float(np.sum(dy * dy)))
    if spread == 0:
        return None, n
    return float(np.sum(dx * dy)) / spread, n


def relationship(r: float | None, n: int) -> str:
    """The relationship in words, as a key: too_few (n < 3), no_variation (r undefined),
    weak (|r| < 0.3), moderate_positive / moderate_negative (0.3 ≤ |r| < 0.7),
    strong_positive / strong_negative (|r| ≥ 0.7); |r| is rounded to the two decimals shown
    first, so the words never contradict the number beside them."""
    if n < MIN_POINTS:
        return "too_few"
    if r is None:
        return "no_variation"
    strength = round(abs(r), 2)  # judged on r as shown (two decimals)
    if strength < MODERATE:
        return "weak"
    sign = "positive" if r > 0 else "negative"
    return f"{'strong' if strength >= STRONG else 'moderate'}_{sign}"


def relationship_sentence(frame: pd.DataFrame, x_name: str, y_name: str, lang: str,
                          *, synthetic: bool = False) -> str:
    """One sentence on the latest year of ``frame``: "2024: Medianinkomst och Trygghet har ett
    starkt positivt samband bland de valda distrikten (r = 0,85; 5 distrikt)." """
    if frame.empty:
        return translate("compare_scatter_empty", lang, x=x_name, y=y_name)
    year = int(frame["year"].max())
    r, n = correlation(frame[frame["year"] == year])
    key = relationship(r, n)
    x_name, y_name = sentence_name(x_name), sentence_name(y_name)
    sentence = translate(f"compare_relation_{key}", lang, year=year, x=x_name, y=y_name, n=n,
                         r="" if r is None else format_number(r, 2, lang))
    if synthetic:
        sentence += " " + translate("compare_illustrative_suffix", lang)
    return sentence


def axis_unit(indicator: Indicator, lang: str) -> str:
    """", tusen kronor" after an axis's indicator name ("" for counts and classes)."""
    unit = figures.unit_title(indicator.unit, lang)
    return f", {unit}" if unit else ""


# A label's size as a share of the plot (about 8 px a character and 20 px high on a plot
# about 700 × 420 px): enough to tell which labels would overlap.
_CHAR_WIDTH, _LABEL_HEIGHT = 0.012, 0.05


_SIDES = ("top right", "top left", "bottom right", "bottom left")


def label_positions(points: Sequence[tuple[float, float, str]], x_range: Sequence[float],
                    y_range: Sequence[float]) -> list[str]:
    """A plotly textposition for each (x, y, name): greedily, in the given order, the first
    side whose label box overlaps no box already placed and stays inside the plot, trying the
    side facing the plot's middle first; if every side collides, the inward top side.

    Boxes are in plot fractions: width = characters × _CHAR_WIDTH, height _LABEL_HEIGHT."""
    (x0, x1), (y0, y1) = x_range, y_range
    placed: list[tuple[float, float, float, float]] = []
    result = []
    for x, y, name in points:
        fx = (x - x0) / ((x1 - x0) or 1.0)
        fy = (y - y0) / ((y1 - y0) or 1.0)
        width = _CHAR_WIDTH * len(name)
        inward = ["top left", "top right", "bottom left", "bottom right"] if fx > 0.5 else \
            list(_SIDES)
        chosen = None
        for side in inward:
            left = fx - width if "left" in side else fx
            bottom = fy if "top" in side else fy - _LABEL_HEIGHT
            box = (left, bottom, left + width, bottom + _LABEL_HEIGHT)
            inside = box[0] >= -0.02 and box[2] <= 1.02 and box[1] >= -0.02 and box[3] <= 1.02
            clear = all(box[2] <= b[0] or box[0] >= b[2] or box[3] <= b[1] or box[1] >= b[3]
                        for b in placed)
            if inside and clear:
                chosen = (side, box)
                break
        if chosen is None:
            side = inward[0]
            left = fx - width if "left" in side else fx
            chosen = (side, (left, fy, left + width, fy + _LABEL_HEIGHT))
        placed.append(chosen[1])
        result.append(chosen[0])
    return result


def scatter_figure(frame: pd.DataFrame, *, x: Indicator, y: Indicator, lang: str) -> go.Figure:
    """The two indicators against each other, one animation frame per year (plotly
    ``animation_frame``). Each district keeps its colour (Okabe–Ito), marker symbol and a text
    label with its name in every frame, so colour is never needed to tell districts apart (the
    labels replace a legend); axes keep one range over all years so movement is real movement.

    The spec plotly express made (one trace per district and year) is written directly: px
    validated every one of those traces several times over, about 1 s of CPU for 5 districts
    over 20 years (tests/test_compare.py holds the two equal)."""
    data = frame.copy()
    data["label"] = data["name"].map(chart_text)
    data["x_text"] = [format_value(v, x.unit, x.decimals, lang) for v in data["x"]]
    data["y_text"] = [format_value(v, y.unit, y.decimals, lang) for v in data["y"]]
    x_name, y_name = x.name(lang), y.name(lang)

    def padded(column: str) -> list[float]:
        low, high = float(data[column].min()), float(data[column].max())
        pad = (high - low) * 0.12 or max(abs(high) * 0.05, 1.0)
        return [low - pad, high + pad]

    labels = list(dict.fromkeys(data["label"]))
    x_range, y_range = padded("x"), padded("y")
    template = ("<b>%{customdata[0]}</b><br>" + chart_text(x_name) + ": %{customdata[1]}<br>"
                + chart_text(y_name) + ": %{customdata[2]}<extra></extra>")
    years = sorted(int(year) for year in data["year"].unique())
    columns = {name: data[name].to_numpy(float if name in ("x", "y") else object)
               for name in ("area_id", "label", "x_text", "y_text", "x", "y")}
    year_of = data["year"].to_numpy()
    traces = [_year_traces({name: values[year_of == year] for name, values in columns.items()},
                           labels, template, x_range, y_range) for year in years]
    frames: list[dict] = [{"data": year_traces, "name": str(year)}
                          for year, year_traces in zip(years, traces, strict=True)]
    shown = [dict(trace, marker=dict(trace["marker"], line=dict(color=figures.BLACK, width=1),
                                     size=13)) for trace in traces[0]]
    latest = {trace["name"]: trace for trace in traces[-1]}
    for trace in shown:   # the latest year first (the sentence describes it)
        fields = ("x", "y", "text", "customdata", "textposition")
        trace.update({field: latest[trace["name"]][field] for field in fields}
                     if trace["name"] in latest else
                     {"x": [], "y": [], "text": [], "customdata": []})
    layout = _scatter_layout(years, x_range, y_range, chart_text(x_name + axis_unit(x, lang)),
                             chart_text(y_name + axis_unit(y, lang)), translate("year", lang))
    if len(years) == 1:   # one year: no animation, no slider
        frames = []
        del layout["updatemenus"], layout["sliders"]
    figure = go.Figure({"data": shown, "frames": frames, "layout": layout})
    figures.layout(figure, height=520, lang=lang)
    figure.update_layout(margin=dict(l=10, r=10, t=30, b=10), showlegend=False)
    figure.update_xaxes(showgrid=True, gridcolor="#d9d9d9", tickformat=",~r")
    return figure


def _year_traces(rows: Mapping[str, np.ndarray], labels: Sequence[str], template: str,
                 x_range: Sequence[float], y_range: Sequence[float]) -> list[dict]:
    """One year's traces (`rows`: that year's columns): a trace per district with a pair that
    year, in `labels` order, each with its label on the side where it collides with no other
    (label_positions)."""
    traces = []
    for index, label in enumerate(labels):
        at = rows["label"] == label
        if not at.any():
            continue
        traces.append({
            "customdata": np.column_stack([rows["label"][at], rows["x_text"][at],
                                           rows["y_text"][at]]),
            "hovertemplate": template, "ids": rows["area_id"][at],
            "legendgroup": label, "marker": {"color": PALETTE[index % len(PALETTE)],
                                             "symbol": SYMBOLS[index % len(SYMBOLS)]},
            "mode": "markers+text", "name": label, "orientation": "v", "showlegend": True,
            "text": rows["label"][at], "x": rows["x"][at], "xaxis": "x", "y": rows["y"][at],
            "yaxis": "y", "type": "scatter", "cliponaxis": False})
    sides = label_positions([(float(t["x"][0]), float(t["y"][0]), str(t["name"]))
                             for t in traces], x_range, y_range)
    for trace, side in zip(traces, sides, strict=True):
        trace["textposition"] = side
    return traces


def _scatter_layout(years: Sequence[int], x_range: Sequence[float], y_range: Sequence[float],
                    x_title: str, y_title: str, year_word: str) -> dict:
    """Axes, the play and stop buttons and the year slider (at the latest year)."""
    def animate(duration: int) -> dict:
        return {"frame": {"duration": duration, "redraw": False}, "mode": "immediate",
                "fromcurrent": True, "transition": {"duration": duration, "easing": "linear"}}

    steps = [{"args": [[str(year)], animate(0)], "label": str(year), "method": "animate"}
             for year in years]
    return {
        "template": pio.templates.default,   # what plotly express names
        "xaxis": {"anchor": "y", "domain": [0.0, 1.0], "title": {"text": x_title},
                  "range": list(x_range)},
        "yaxis": {"anchor": "x", "domain": [0.0, 1.0], "title": {"text": y_title},
                  "range": list(y_range)},
        "legend": {"title": {"text": ""}, "tracegroupgap": 0}, "margin": {"t": 60},
        "updatemenus": [{"buttons": [
            {"args": [None, animate(500)], "label": "&#9654;", "method": "animate"},
            {"args": [[None], animate(0)], "label": "&#9724;", "method": "animate"}],
            "direction": "left", "pad": {"r": 10, "t": 70}, "showactive": False,
            "type": "buttons", "x": 0.1, "xanchor": "right", "y": 0, "yanchor": "top"}],
        "sliders": [{"active": len(years) - 1, "currentvalue": {"prefix": year_word + "="},
                     "len": 0.9, "pad": {"b": 10, "t": 60}, "steps": steps, "x": 0.1,
                     "xanchor": "left", "y": 0, "yanchor": "top"}],
    }


def scatter_table(frame: pd.DataFrame, x: Indicator, y: Indicator, lang: str) -> pd.DataFrame:
    """The scatter's table alternative: area, year and both values as shown."""
    return pd.DataFrame({
        translate("area", lang): frame["name"].astype(str),
        translate("year", lang): frame["year"].astype(int),
        x.name(lang): [format_value(v, x.unit, x.decimals, lang) for v in frame["x"]],
        y.name(lang) + ("" if y.id != x.id else " "): [
            format_value(v, y.unit, y.decimals, lang) for v in frame["y"]],
    })


AREA_READS = 12   # up to this many chosen districts are read one by one


def chosen_rows(data: Published, indicator: Indicator, sex: str, areas: Sequence[str]
                ) -> pd.DataFrame:
    """The indicator's district observations (every year, `sex` where it has it, else total)
    of the chosen `areas`: read area by area when they are few (at national scale the whole
    level is 6,000 districts × 20 years, ≈ 0.35 s to read and cache for five of them), else
    the level at once."""
    sex = sex if sex in indicator.sexes else "total"
    chosen = list(dict.fromkeys(areas))
    if not chosen or len(chosen) > AREA_READS:
        return data.observations(indicator.id, level="district", sex=sex)
    return pd.concat([data.observations(indicator.id, level="district", sex=sex, area=area)
                      for area in chosen], ignore_index=True)


def scatter_view(data: Published, x: Indicator, y: Indicator, sex: str,
                 areas: Sequence[str], names: Mapping[str, str], lang: str
                 ) -> tuple[bool, str, tuple[go.Figure, pd.DataFrame, str] | None]:
    """(illustrative, sentence, (figure, table, sentence) or None without common years): the
    page's second part for one selection; `read` is ui.observations."""
    frame = scatter_frame(chosen_rows(data, x, sex, areas), chosen_rows(data, y, sex, areas),
                          areas, names)
    illustrative = bool(x.illustrative or y.illustrative)
    sentence = relationship_sentence(frame, x.name(lang), y.name(lang), lang,
                                     synthetic=illustrative)
    scatter = None if frame.empty else (scatter_figure(frame, x=x, y=y, lang=lang),
                                        scatter_table(frame, x, y, lang), sentence)
    return illustrative, sentence, scatter
