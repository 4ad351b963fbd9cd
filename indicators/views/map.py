"""What a map shows for each area: value, suppression and a hover text with value, unit, year,
quality and, for rates with numerator and denominator, the 95 % Wilson interval. Pure."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from indicators.data.catalogue import Indicator
from indicators.methods.disclosure import wilson_interval
from indicators.text import narratives
from indicators.text.formatting import MISSING, format_value, interval_text
from indicators.text.i18n import translate
from indicators.views.cells import cell, suppressed
from indicators.views.figures import choropleth, coordinate_points
from indicators.views.tables import plain_strings, quality_label


def legend_words(lang: str) -> dict[str, str]:
    return {key: translate(f"legend_{key}", lang)
            for key in ("value", "suppressed", "no_data", "illustrative", "selected")}


def focus_ranges(geometry_json: str, *, context: float = 2.0, minimum: float = 0.02
                 ) -> tuple[tuple[float, float], tuple[float, float]]:
    """The view to zoom to for one area: its bounding box grown by `context` times its size on
    every side (so neighbours stay in sight), at least `minimum` degrees across.

    Returns ((lon min, lon max), (lat min, lat max)) in degrees."""
    points = coordinate_points(json.loads(geometry_json)["coordinates"])
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    ranges = []
    for low, high in ((min(lons), max(lons)), (min(lats), max(lats))):
        middle, half = (low + high) / 2, max((high - low) * (0.5 + context), minimum / 2)
        ranges.append((middle - half, middle + half))
    return ranges[0], ranges[1]


def interval_words(low: float, high: float, decimals: int, lang: str) -> str:
    """"95 % konfidensintervall 90,2–93,5 %": a share's 95 % interval (bounds 0–1) in words."""
    return translate("interval", lang, interval=interval_text(
        100.0 * float(low), 100.0 * float(high), decimals, lang))


def map_frame(areas: pd.DataFrame, values: pd.DataFrame, indicator: Indicator,
              lang: str) -> pd.DataFrame:
    """One row per mapped area: area_id, name, value, suppressed, hover.

    `areas`: area_id, name (every area drawn); `values`: the indicator's observations for one
    year and sex (area_id, value, numerator, denominator, quality, suppressed, year). Areas
    without a row are "no data" — never 0.
    """
    merged = areas[["area_id", "name"]].merge(
        values[["area_id", "value", "numerator", "denominator", "quality", "suppressed", "year"]],
        on="area_id", how="left")
    merged["suppressed"] = suppressed(merged)
    # The 95 % interval of every rate at once (one numpy call, not one per area).
    with_interval = np.array(
        (~merged["suppressed"] & merged["value"].notna() & merged["numerator"].notna()
         & merged["denominator"].notna() & (merged["denominator"].fillna(0) != 0)),
        dtype=bool) & (indicator.kind == "rate" and indicator.unit == "percent")
    lows = np.full(len(merged), np.nan)
    highs = lows.copy()
    if with_interval.any():
        lows[with_interval], highs[with_interval] = wilson_interval(
            merged["numerator"].to_numpy(float)[with_interval],
            merged["denominator"].to_numpy(float)[with_interval])
    suppressed_text, no_data_text = (translate("hover_suppressed", lang),
                                     translate("legend_no_data", lang))
    year_word, quality_word = translate("year", lang), translate("quality", lang)
    qualities: dict[str, str] = {}
    hovers = []
    for row, interval, low, high in zip(merged.itertuples(), with_interval, lows, highs,
                                       strict=True):
        if row.suppressed:
            hovers.append(suppressed_text)
            continue
        if pd.isna(row.value):
            hovers.append(no_data_text)
            continue
        if row.quality not in qualities:
            qualities[row.quality] = quality_label(row.quality, lang)
        parts = [format_value(row.value, indicator.unit, indicator.decimals, lang),
                 f"{year_word} {int(row.year)}", f"{quality_word}: {qualities[row.quality]}"]
        if interval:
            parts.append(interval_words(low, high, indicator.decimals, lang))
        hovers.append("<br>".join(parts))
    merged["hover"] = hovers
    return merged[["area_id", "name", "value", "suppressed", "hover", "quality"]]


def ranked(frame: pd.DataFrame, indicator: Indicator) -> pd.DataFrame:
    """The areas with a shown value (`map_frame` rows), best first by the indicator's direction."""
    shown = frame[frame["value"].notna() & ~frame["suppressed"]]
    return shown.sort_values("value", ascending=indicator.direction < 0)


def ranking_sentence(ranked_rows: pd.DataFrame, indicator: Indicator, year: int, lang: str, *,
                     synthetic: bool) -> str:
    """The best and the worst area in words (`ranked` rows), or that the year has no values."""
    name = indicator.name(lang)
    if ranked_rows.empty:
        return translate("map_no_values", lang, indicator=name, year=year)
    best, worst = ranked_rows.iloc[0], ranked_rows.iloc[-1]
    return narratives.ranking_sentence(lang, name, best["name"], best["value"], worst["name"],
                                       worst["value"], indicator.unit, indicator.decimals, year,
                                       synthetic=synthetic)


def value_table(frame: pd.DataFrame, indicator: Indicator, lang: str) -> pd.DataFrame:
    """The map's table alternative: area, value as shown (".." suppressed, "–" none), quality
    in words, as the hover says it (empty for an area without a value)."""
    def text(value: float) -> str:
        return format_value(value, indicator.unit, indicator.decimals, lang)

    words = {q: quality_label(q, lang) for q in frame["quality"].dropna().unique()}
    table = frame.assign(shown=[cell(v, s, text, missing=MISSING) for v, s in
                                zip(frame["value"], frame["suppressed"], strict=True)],
                         said=[words.get(q, "") if isinstance(q, str) else ""
                               for q in frame["quality"]])
    table = table[["name", "shown", "said"]]
    table.columns = [translate(k, lang) for k in ("area", "value", "quality")]
    return plain_strings(table)


METHOD_NOTES = {"mean_weighted": "method_note_mean_weighted",
                "ratio_of_sums": "method_note_ratio_of_sums", "sum": "method_note_sum"}


def method_note(indicator: Indicator, frame: pd.DataFrame, lang: str) -> str | None:
    """How the shown values were made from smaller areas, named where they are shown (METHODS:
    a method that is not a plain sum is named with the value), or None when no shown value is
    derived that way."""
    key = METHOD_NOTES.get(indicator.aggregation)
    if key is None or not (frame["quality"] == "derived").any():
        return None
    return translate(key, lang)


LEVEL_ORDER = ("district", "deso", "regso", "valdistrikt", "stadsdel")


def map_choices(mapped: pd.DataFrame, indicator_ids: Sequence[str]
                ) -> dict[str, dict[str, list[int]]]:
    """level → indicator → years that the map can draw, from `Store.mapped_years` rows; levels in
    LEVEL_ORDER, indicators in catalogue order (`indicator_ids`), levels without any left out."""
    order = {indicator_id: position for position, indicator_id in enumerate(indicator_ids)}
    choices: dict[str, dict[str, list[int]]] = {}
    for level in LEVEL_ORDER:
        rows = mapped[(mapped["level_id"] == level) & mapped["indicator_id"].isin(order)]
        if rows.empty:
            continue
        by_indicator = rows.groupby("indicator_id")["year"].agg(lambda y: sorted(int(v) for v in y))
        choices[level] = {i: by_indicator[i]
                          for i in sorted(by_indicator.index, key=lambda i: order[i])}
    return choices


@dataclass(frozen=True)
class MapView:
    """Everything the map page shows for one selection (kept per dataset version by ui.view)."""

    frame: pd.DataFrame        # map_frame: one row per area
    ranked: pd.DataFrame       # areas with a value, best first
    illustrative: bool
    sentence: str
    figure: go.Figure
    table: pd.DataFrame
    note: str | None


def map_view(areas: pd.DataFrame, values: pd.DataFrame, indicator: Indicator, year: int,
             chosen: str, geometry: Mapping | str, extent: Any, colour_title: str,
             lang: str) -> MapView:
    """The map of `values` on `areas` (geometry by URL, or the FeatureCollection itself), the
    chosen area outlined and zoomed to, its ranking sentence, value table and method note."""
    frame = map_frame(areas, values, indicator, lang)
    illustrative = bool(indicator.illustrative or (frame["quality"] == "synthetic").any())
    ranked_rows = ranked(frame, indicator)
    focus = None
    if chosen:
        focus = focus_ranges(areas.loc[areas["area_id"] == chosen, "map_geojson"].iloc[0])
    figure = choropleth(
        geometry, frame, extent=extent, colour_title=colour_title,
        direction=indicator.direction, legend=legend_words(lang), lang=lang,
        unit=indicator.unit, decimals=indicator.decimals, illustrative=illustrative,
        height=720, selected=chosen or None, focus=focus)
    return MapView(frame, ranked_rows, illustrative,
                   ranking_sentence(ranked_rows, indicator, year, lang, synthetic=illustrative),
                   figure, value_table(frame, indicator, lang),
                   method_note(indicator, frame, lang))
