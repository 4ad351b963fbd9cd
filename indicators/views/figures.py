"""Plotly figure builders (no Streamlit): goal charts, time series, bars and the offline map.

Colours are the Okabe–Ito palette (safe for colour-blind readers) and never carry meaning alone:
verdicts have words and icons, map legends say "no data", "suppressed" and "illustrative" in
words, and every figure is shown with a sentence and a table. Maps use plotly's geo projection
with no base map drawn; the hidden base topojson is served locally (see ui/__init__.py), so no
request leaves the machine.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from indicators.data.bilingual import Bilingual
from indicators.text.formatting import format_value
from indicators.text.i18n import translate

BLUE, ORANGE, GREEN, VERMILLION = "#0072B2", "#E69F00", "#009E73", "#D55E00"
SKY, PURPLE, GREY, BLACK = "#56B4E9", "#CC79A7", "#595959", "#000000"
NO_DATA = "#FFFFFF"
SUPPRESSED = "#BDBDBD"
BORDER = "#404040"           # ≥ 3:1 against white and against every fill used
COLOURSCALE = "Viridis"      # perceptually uniform, colour-blind safe, and no grey in it
SEPARATORS = Bilingual(",\u00a0", ".,")  # plotly's decimal and thousands marks
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=15, color="#1a1a1a")


def chart_text(text: object) -> str:
    """Data text for plotly labels, legends and hovers. plotly reads a subset of HTML in text
    (<b>, <a href>, …), so `<`, `>` and `&` are written as entities, which it shows literally."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def separators(lang: str) -> str:
    """plotly's decimal and thousands marks: Swedish "12 345,6", English "12,345.6"."""
    return SEPARATORS(lang)


def unit_title(unit: str, lang: str) -> str | None:
    """An axis title naming the unit ("personer", "ton CO₂e", "procent"); None for counts and
    classes, whose names say what they count."""
    return None if unit in ("count", "category") else translate(f"unit_{unit}", lang)


def look(title: str | None = None, height: int = 380, lang: str = "sv",
         x_title: str | None = None, y_title: str | None = None) -> dict[str, Any]:
    """The shared look as a layout dict: font, white background, legend on top, number marks
    of `lang`; axis titles (the unit) when given. The builders pass it when they make the
    figure: plotly validates a layout given at construction once, while every update_layout
    or update_*axes call on a built figure walks its whole template again (≈ 10 ms per chart
    on a first visit)."""
    xaxis: dict[str, Any] = dict(showgrid=False, linecolor=BORDER, ticks="outside")
    yaxis: dict[str, Any] = dict(gridcolor="#d9d9d9", linecolor=BORDER, zeroline=False,
                                 tickformat=",~r")   # "200 000", not plotly's "200k"
    if x_title:
        xaxis |= dict(title=dict(text=chart_text(x_title), standoff=8), automargin=True)
    if y_title:   # automargin: the margin grows to hold the title instead of clipping it
        yaxis |= dict(title=dict(text=chart_text(y_title), standoff=8), automargin=True)
    return dict(
        separators=separators(lang), height=height, font=FONT,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        paper_bgcolor="white", plot_bgcolor="white", hoverlabel=dict(font=dict(size=15)),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0), xaxis=xaxis, yaxis=yaxis)


def styled(traces: Sequence[go.BaseTraceType] | go.BaseTraceType, shared: dict[str, Any],
           title: str | None = None, **extra: Any) -> go.Figure:
    """A figure of `traces` made with its whole layout at once: `shared` (a `look`) with
    `extra` merged into it one level deep (xaxis=dict(range=…) keeps the look's axis)."""
    merged = dict(shared)
    for key, value in extra.items():
        merged[key] = (merged[key] | value if isinstance(value, dict)
                       and isinstance(merged.get(key), dict) else value)
    figure = go.Figure(traces, layout=merged)
    return figure.update_layout(title=title)   # as a title of None was always written: {}


def layout(figure: go.Figure, title: str | None = None, height: int = 380,
           lang: str = "sv", x_title: str | None = None,
           y_title: str | None = None) -> go.Figure:
    """The shared look (`look`) put on a figure already made."""
    return figure.update_layout(look(title, height, lang, x_title, y_title), title=title)


def goal_chart(observed: pd.DataFrame, path: pd.DataFrame, *, observed_name: str,
               path_name: str, unit: str, decimals: int, lang: str,
               target_year: int, target_value: float) -> go.Figure:
    """Observed series (solid, markers) and the path needed (dashed) to the target."""
    hover = [format_value(v, unit, decimals, lang) for v in observed["value"]]
    return styled([
        go.Scatter(x=observed["year"], y=observed["value"], name=observed_name,
                   mode="lines+markers", line=dict(color=BLUE, width=3),
                   marker=dict(size=7, symbol="circle"), customdata=hover,
                   hovertemplate="%{x}: %{customdata}<extra></extra>"),
        go.Scatter(x=path["year"], y=path["value"], name=path_name, mode="lines",
                   line=dict(color=VERMILLION, width=3, dash="dash"),
                   hovertemplate="%{x}: %{y:,.0f}<extra></extra>"),
        go.Scatter(x=[target_year], y=[target_value], mode="markers", showlegend=False,
                   marker=dict(size=14, symbol="star", color=VERMILLION,
                               line=dict(color=BLACK, width=1)),
                   hovertemplate=f"{target_year}: " + format_value(target_value, unit, decimals,
                                                                 lang) + "<extra></extra>"),
    ], look(lang=lang, y_title=unit_title(unit, lang)))


def time_series(frame: pd.DataFrame, *, name_column: str, unit: str, decimals: int, lang: str,
                low: str | None = None, high: str | None = None,
                styles: Mapping[str, tuple[str, str]] | None = None) -> go.Figure:
    """One line per name (area or sex), optional interval band columns `low`/`high`; `styles`
    (name → colour, marker symbol) keeps a series' look the same as in the page's other charts
    (women and men)."""
    traces: list[go.BaseTraceType] = []
    palette = [BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, BLACK]
    symbols = ["circle", "square", "diamond", "triangle-up", "x", "cross", "star"]
    for index, (name, group) in enumerate(frame.groupby(name_column, sort=False)):
        colour, symbol = (styles or {}).get(
            name, (palette[index % len(palette)], symbols[index % len(symbols)]))
        group = group.sort_values("year")
        if low and high and group[low].notna().any():
            traces.append(go.Scatter(
                x=list(group["year"]) + list(group["year"])[::-1],
                y=list(group[high]) + list(group[low])[::-1], fill="toself", opacity=0.2,
                fillcolor=colour, line=dict(width=0), hoverinfo="skip", showlegend=False))
        labels = [format_value(v, unit, decimals, lang) for v in group["value"]]
        traces.append(go.Scatter(
            x=group["year"], y=group["value"], name=chart_text(name), mode="lines+markers",
            line=dict(color=colour, width=3), marker=dict(size=8, symbol=symbol),
            customdata=labels,
            hovertemplate=f"{chart_text(name)} %{{x}}: %{{customdata}}<extra></extra>"))
    dtick = 1 if frame["year"].nunique() < 12 else None
    return styled(traces, look(lang=lang, y_title=unit_title(unit, lang)),
                  xaxis={} if dtick is None else dict(dtick=dtick))


def ranked_bars(frame: pd.DataFrame, *, unit: str, decimals: int, lang: str,
                highlight: str | None = None, city_value: float | None = None,
                city_label: str = "") -> go.Figure:
    """Horizontal bars, best first as given; the highlighted area in orange, a city line."""
    colours = [ORANGE if name == highlight else BLUE for name in frame["name"]]
    labels = [format_value(v, unit, decimals, lang) for v in frame["value"]]
    # Value labels sit inside the bar's end when they fit (so a city line never runs through
    # them), else just outside; the axis leaves room beyond the longest bar on both sides, so
    # a negative bar's label never lands on the area names. One colour for all bars when none
    # is highlighted, and the hover reads the labels from `text`: at national scale (6,000
    # bars) a colour per bar and a second copy of the labels were a third of the bytes.
    bars = go.Bar(
        x=frame["value"], y=[chart_text(n) for n in frame["name"]], orientation="h",
        marker_color=colours[0] if len(set(colours)) == 1 else colours, text=labels,
        textposition="auto", insidetextanchor="end",
        insidetextfont=dict(color="white"), outsidetextfont=dict(color=BLACK),
        cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>")
    xaxis: dict[str, Any] = {}
    values = frame["value"].dropna().astype(float)
    if len(values):
        low, high = min(0.0, float(values.min())), max(0.0, float(values.max()))
        pad = 0.18 * ((high - low) or 1.0)
        xaxis = dict(range=[low - pad if low < 0 else 0, high + pad if high > 0 else 0])
    extra: dict[str, Any] = {}
    if city_value is not None and not pd.isna(city_value):   # what add_vline writes
        extra = dict(shapes=[dict(line=dict(color=BLACK, dash="dot", width=2), type="line",
                                  x0=city_value, x1=city_value, xref="x", y0=0, y1=1,
                                  yref="y domain")],
                     annotations=[dict(bgcolor="white", showarrow=False,
                                       text=chart_text(city_label), x=city_value,
                                       xanchor="center", xref="x", y=1, yanchor="bottom",
                                       yref="y domain")])
    return styled(bars, look(height=max(260, 28 * len(frame) + 100), lang=lang,
                             x_title=unit_title(unit, lang)),
                  xaxis=xaxis, yaxis=dict(autorange="reversed"),
                  margin=dict(t=50, r=20), **extra)   # margin: room for the city label


def wrapped(text: str, width: int = 38) -> str:
    """Data text for a plotly title, broken into lines of about `width` characters (plotly
    never wraps: a long colour-bar title ran off a phone's screen)."""
    import textwrap

    return "<br>".join(chart_text(line) for line in textwrap.wrap(str(text), width) or [""])


def coordinate_points(coordinates) -> list[tuple[float, float]]:
    if coordinates and isinstance(coordinates[0], (int, float)):
        return [(float(coordinates[0]), float(coordinates[1]))]
    return [point for part in coordinates for point in coordinate_points(part)]


def bounds(geometries: Sequence[Mapping], pad: float = 0.03
           ) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """((lon min, lon max), (lat min, lat max)) around GeoJSON geometries, `pad` of the size
    added on every side; None without any coordinates."""
    points = [p for g in geometries for p in coordinate_points(g.get("coordinates") or [])]
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    ranges = []
    for low, high in ((min(lons), max(lons)), (min(lats), max(lats))):
        margin = pad * ((high - low) or 0.01)
        ranges.append((low - margin, high + margin))
    return ranges[0], ranges[1]


def feature_collection(geometry: pd.DataFrame) -> dict:
    """GeoJSON FeatureCollection from map-ready geometry rows (area_id, map_geojson)."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": area_id, "properties": {}, "geometry": json.loads(text)}
        for area_id, text in zip(geometry["area_id"], geometry["map_geojson"], strict=True)]}


def feature_collection_text(geometry: pd.DataFrame) -> str:
    """The same FeatureCollection as `feature_collection`, as JSON text, written from the
    geometry's own JSON without parsing it (the file the map's figures point at by URL)."""
    features = ",".join(
        '{"type":"Feature","id":' + json.dumps(str(area_id)) + ',"properties":{},"geometry":'
        + text + "}" for area_id, text in zip(geometry["area_id"], geometry["map_geojson"],
                                              strict=True))
    return '{"type":"FeatureCollection","features":[' + features + "]}"


def _common_ends(texts: Sequence[str]) -> tuple[str, str]:
    """The longest prefix and (after it) suffix that every text shares."""
    prefix = os.path.commonprefix(list(texts))
    rests = [text[len(prefix):][::-1] for text in texts]
    return prefix, os.path.commonprefix(rests)[::-1]


def _hover(rows: pd.DataFrame) -> tuple[np.ndarray, str]:
    """(customdata, hovertemplate) that show each area's name in bold over its hover text.

    What every area's hover shares (the year, the unit, the quality word, the interval's
    words) is written once in the template, and only what differs goes in each area's
    customdata: at national scale the repeated words were most of the map's bytes. The text a
    user sees is exactly ``<b>name</b><br>hover``. The hover is split at its line breaks, and
    each line's common start and end go in the template; a line some areas lack carries its
    own break, so it is never shared. The name is data text, the hover our own text."""
    columns = [[chart_text(n) for n in rows["name"]]]
    template = "<b>%{customdata[0]}</b><br>"
    hovers = [str(h) for h in rows["hover"]]
    if any("{" in h or "}" in h for h in hovers):   # plotly would read them as placeholders
        lines = [hovers]
    else:
        split = [h.split("<br>") for h in hovers]
        width = max((len(parts) for parts in split), default=0)
        lines = [[("<br>" if k else "") + parts[k] if k < len(parts) else ""
                  for parts in split] for k in range(width)]
    for texts in lines:
        prefix, suffix = _common_ends(texts)
        middles = [text[len(prefix):len(text) - len(suffix)] for text in texts]
        template += prefix
        if any(middles):
            template += "%{customdata[" + str(len(columns)) + "]}"
            columns.append(middles)
        template += suffix
    return np.array(columns, dtype=object).T, template + "<extra></extra>"


def choropleth(geojson: Mapping | str, areas: pd.DataFrame, *, colour_title: str,
               direction: int, legend: Mapping[str, str], lang: str, unit: str, decimals: int,
               illustrative: bool, height: int = 560, selected: str | None = None,
               focus: tuple[tuple[float, float], tuple[float, float]] | None = None,
               extent: tuple[tuple[float, float], tuple[float, float]] | None = None
               ) -> go.Figure:
    """A choropleth of `areas` (area_id, name, value, suppressed, hover) on local geometry:
    `geojson` is a FeatureCollection (each trace then carries its own polygons) or the URL of
    one on this server (plotly.js fetches it once per page load and keeps it: the figure
    carries no polygons; `extent`, the bounds of every area, then gives the view).

    Areas with a value are coloured (scale reversed for lower-is-better, so the same end always
    means better; the scale has no grey, so grey always means suppressed); suppressed areas are
    grey and areas without data white, each a legend entry in words; when the values are
    illustrative a legend entry says so. The colour bar lies under the map, its title above it
    (a long indicator name has the whole width, not the map's height). `selected` (an area_id)
    is outlined thickly in black on white; `focus` ((lon min, lon max), (lat min, lat max))
    zooms the view to it, else the view fits every area.
    """
    has_value = areas["value"].notna() & ~areas["suppressed"]
    suppressed = areas["suppressed"].astype(bool)
    no_data = ~has_value & ~suppressed
    by_url = isinstance(geojson, str)
    features: dict[Any, Mapping] = {} if isinstance(geojson, str) else {
        f["id"]: f for f in geojson["features"]}

    def common(rows: pd.DataFrame) -> dict:
        """Each trace carries only its own features, so the figure holds each polygon once."""
        subset = geojson if by_url else {
            "type": "FeatureCollection",
            "features": [features[a] for a in rows["area_id"] if a in features]}
        return dict(geojson=subset, featureidkey="id",
                    marker=dict(line=dict(color=BORDER, width=0.8)))

    traces: list[go.BaseTraceType] = []
    valued = areas[has_value]
    if len(valued):
        traces.append(_value_trace(valued, direction, colour_title, decimals, legend["value"],
                                   common(valued)))
    for mask, colour, label in ((suppressed, SUPPRESSED, legend["suppressed"]),
                                (no_data, NO_DATA, legend["no_data"])):
        if len(rows := areas[mask]):
            traces.append(_flat_trace(rows, colour, label, common(rows)))
    if illustrative:
        traces.append(go.Scattergeo(lon=[None], lat=[None], mode="markers", name=legend[
            "illustrative"], marker=dict(symbol="triangle-up", size=12, color=ORANGE),
            showlegend=True, hoverinfo="skip"))
    chosen = areas[areas["area_id"] == selected] if selected else areas.iloc[0:0]
    if len(chosen):
        traces += _outline_traces(chosen, legend["selected"], common(chosen))
    # The whole layout at construction (validated once, not again per update_* call).
    return go.Figure(traces, layout=dict(
        geo=_view(focus or (extent if by_url else bounds(
            [f["geometry"] for f in features.values()]))),
        height=height, margin=dict(l=0, r=0, t=30, b=70 if len(valued) else 0),
        font=FONT, separators=separators(lang),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0.0,
                    bgcolor="rgba(255,255,255,0.85)"),
        clickmode="event+select", dragmode=False))


def _value_trace(valued: pd.DataFrame, direction: int, colour_title: str, decimals: int,
                 name: str, common: dict) -> go.Choropleth:
    """The coloured areas, the colour bar under the map with its title above it."""
    values = valued["value"].to_numpy(float)
    low, high = float(np.nanmin(values)), float(np.nanmax(values))
    if low == high:
        low, high = low - 1, high + 1
    return go.Choropleth(
        locations=valued["area_id"], z=values, zmin=low, zmax=high,
        colorscale=COLOURSCALE, reversescale=direction < 0,
        colorbar=dict(title=dict(text=wrapped(colour_title), side="top"),
                      orientation="h", thickness=14, len=0.9, x=0.5, xanchor="center",
                      y=-0.02, yanchor="top",
                      tickformat=",." + str(decimals) + "f" if decimals else ",d"),
        name=name, **common, **_hover_arguments(valued))


def _hover_arguments(rows: pd.DataFrame) -> dict[str, Any]:
    customdata, template = _hover(rows)
    return dict(customdata=customdata, hovertemplate=template)


def _flat_trace(rows: pd.DataFrame, colour: str, name: str, common: dict) -> go.Choropleth:
    """Areas in one flat colour with their legend entry (suppressed grey, no data white)."""
    return go.Choropleth(
        locations=rows["area_id"], z=np.zeros(len(rows)), showscale=False,
        colorscale=[[0, colour], [1, colour]], showlegend=True, name=name,
        **_hover_arguments(rows), **common)


def _outline_traces(chosen: pd.DataFrame, name: str, common: dict) -> list[go.Choropleth]:
    """The chosen area outlined thickly in black on white (two transparent traces)."""
    clear = [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]]
    traces = []
    for colour, width, shown in (("white", 7, False), (BLACK, 3.5, True)):
        outline = dict(common, marker=dict(line=dict(color=colour, width=width)))
        traces.append(go.Choropleth(
            locations=chosen["area_id"], z=[0], showscale=False, colorscale=clear,
            name=name, showlegend=shown, legendgroup="selected",
            **_hover_arguments(chosen), **outline))
    return traces


def _view(view: Any) -> dict[str, Any]:
    """The map's geo settings. Explicit ranges rather than fitbounds: with fitbounds plotly
    drew the city about 200 px wide on a 390 px phone; with the ranges the map's frame takes
    the whole width it can."""
    if view is None:
        return dict(fitbounds="locations", visible=False, projection=dict(type="mercator"))
    return dict(fitbounds=False, visible=False, projection=dict(type="mercator"),
                lonaxis=dict(range=list(view[0])), lataxis=dict(range=list(view[1])),
                center=dict(lon=sum(view[0]) / 2, lat=sum(view[1]) / 2))


def stacked_area(frame: pd.DataFrame, *, series_column: str, unit: str, decimals: int,
                 lang: str, order: Sequence[str]) -> go.Figure:
    """Stacked bars per year (e.g. emissions by sector), largest series at the bottom."""
    palette = [BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, "#8C6D31", GREY, BLACK]
    patterns = ["", "/", "\\", "x", ".", "+", "-", "|", ""]
    traces = []
    for index, name in enumerate(order):
        group = frame[frame[series_column] == name].sort_values("year")
        labels = [format_value(v, unit, decimals, lang) for v in group["value"]]
        traces.append(go.Bar(
            x=group["year"].astype(str), y=group["value"], name=chart_text(name),
            customdata=labels,
            marker=dict(color=palette[index % len(palette)],
                        pattern_shape=patterns[index % len(patterns)]),
            hovertemplate=f"{name} %{{x}}: %{{customdata}}<extra></extra>"))
    return styled(traces, look(height=460, lang=lang, y_title=unit_title(unit, lang)),
                  barmode="stack")
