"""Comparing chosen districts on chosen indicators: defaults, ranked values and the comparison
table (the animated scatter of two indicators is in `compare_scatter`).

Pure functions (no Streamlit). Observation frames are the store's (``indicator_id, area_id,
area_name, year, sex, value, numerator, denominator, quality, source_id, suppressed``).
Suppressed values are never drawn (and never as 0): they stay in the tables as "..".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from indicators.data.catalogue import Catalogue, Indicator
from indicators.text import narratives
from indicators.text.i18n import translate
from indicators.views import cells
from indicators.views.cells import shown_value
from indicators.views.published import Published

DEFAULT_DISTRICTS = 5


# --- defaults ---------------------------------------------------------------------------------

def largest_areas(sizes: pd.DataFrame, n: int = DEFAULT_DISTRICTS, *,
                  within: Sequence[str] | None = None) -> list[str]:
    """The ``n`` area_ids with the largest value in the latest year of ``sizes`` (e.g. eligible
    voters), largest first; ties and areas without a published value follow by name. With
    ``within`` (the kommun's districts) only those areas count."""
    if within is not None:
        sizes = sizes[sizes["area_id"].isin(list(within))]
    if sizes.empty:
        return []
    latest = sizes[sizes["year"] == sizes["year"].max()].copy()
    latest["_missing"] = latest["value"].isna() | cells.suppressed(latest)
    latest["_value"] = latest["value"].fillna(-math.inf)
    latest = latest.sort_values(["_missing", "_value", "area_name"],
                                ascending=[True, False, True], kind="mergesort")
    return latest["area_id"].head(n).tolist()


def default_synthetic(indicators: Sequence[Indicator], available: Sequence[str]) -> str | None:
    """The first illustrative, judged (direction ≠ 0) indicator among ``available``."""
    for indicator in indicators:
        if indicator.illustrative and indicator.direction != 0 and indicator.id in available:
            return indicator.id
    return None


def nearest_year(years: Sequence[int], wanted: int) -> int | None:
    """``wanted`` when present, else the closest year (the earlier one on a tie); None if none."""
    if not years:
        return None
    return min(years, key=lambda y: (abs(int(y) - int(wanted)), int(y)))


def common_years(first: Sequence[int], second: Sequence[int]) -> list[int]:
    return sorted(set(first) & set(second))


def default_axes(chosen: Sequence[str], others: Sequence[str],
                 years_of: Mapping[str, Sequence[int]]) -> tuple[str, str] | None:
    """Two indicators for the scatter with as many common years as possible.

    Looked for in turn among pairs of ``chosen`` indicators, then a chosen one with one of
    ``others``, then pairs of ``others``; the first group holding a pair with at least one common
    year gives its pair with the most common years (the first such pair on ties). Without any,
    the first two chosen (or available) indicators; None with fewer than two indicators."""
    chosen = list(chosen)
    others = [o for o in others if o not in chosen]
    groups = [
        [(a, b) for i, a in enumerate(chosen) for b in chosen[i + 1:]],
        [(a, b) for a in chosen for b in others],
        [(a, b) for i, a in enumerate(others) for b in others[i + 1:]],
    ]
    for pairs in groups:
        counted = [(len(common_years(years_of.get(a, []), years_of.get(b, []))), n, (a, b))
                   for n, (a, b) in enumerate(pairs)]
        counted = [c for c in counted if c[0] > 0]
        if counted:
            return max(counted, key=lambda c: (c[0], -c[1]))[2]
    everything = chosen + others
    return (everything[0], everything[1]) if len(everything) >= 2 else None


# --- ranked values ----------------------------------------------------------------------------

def ranked(values: pd.DataFrame, area_ids: Sequence[str], names: Mapping[str, str],
           direction: int) -> pd.DataFrame:
    """One row per chosen area: ``area_id, name, value, suppressed, quality, source_id,
    published``; published values first, best first by ``direction`` (+1 or 0: highest first,
    −1: lowest first; ties by name), then suppressed, then areas without data. A chosen area
    missing from ``values`` is a row without value ("no data"), never 0."""
    rows = values.set_index("area_id") if len(values) else pd.DataFrame()
    out = []
    for area in area_ids:
        row = rows.loc[area] if area in rows.index else None
        suppressed = bool(row is not None and bool(row["suppressed"]))
        value = math.nan if row is None or suppressed or pd.isna(row["value"]) else float(
            row["value"])
        out.append({"area_id": area, "name": names.get(area, area), "value": value,
                    "suppressed": suppressed,
                    "quality": None if row is None else row["quality"],
                    "source_id": None if row is None else row["source_id"],
                    "published": not math.isnan(value)})
    frame = pd.DataFrame(out, columns=["area_id", "name", "value", "suppressed", "quality",
                                       "source_id", "published"])
    frame["_group"] = np.where(frame["published"], 0, np.where(frame["suppressed"], 1, 2))
    frame["_key"] = frame["value"] * (1 if direction < 0 else -1)
    frame = frame.sort_values(["_group", "_key", "name"], kind="mergesort")
    return frame.drop(columns=["_group", "_key"]).reset_index(drop=True)


def bar_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """What the bars draw: published rows only (name made safe for plotly text), in order."""
    published = rows[rows["published"]]
    return pd.DataFrame({"name": list(published["name"]),   # ranked_bars escapes it
                         "value": published["value"].astype(float)})


def ranked_table(rows: pd.DataFrame, indicator: Indicator, catalogue: Catalogue,
                 lang: str) -> pd.DataFrame:
    """The bars' table alternative: area, value as shown ('..' suppressed, 'no data'), quality,
    source."""
    producers = {s.id: s.producer for s in catalogue.sources}
    return pd.DataFrame({
        translate("area", lang): rows["name"].astype(str),
        translate("value", lang): [shown_value(v, s, indicator, lang)
                                   for v, s in zip(rows["value"], rows["suppressed"], strict=True)],
        translate("quality", lang): ["" if q is None or pd.isna(q)
                                     else translate(f"quality_{q}", lang) for q in rows["quality"]],
        translate("source", lang): [producers.get(s, "") for s in rows["source_id"]],
    })


# --- the comparison table ---------------------------------------------------------------------

def comparison_tables(chosen: Sequence[tuple[Indicator, int, pd.DataFrame]],
                      area_ids: Sequence[str], names: Mapping[str, str],
                      catalogue: Catalogue, sex: str, lang: str
                      ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Districts × indicators, for the screen (wide, values formatted per language, the rows'
    qualities in words) and for download (long, values as numbers with unit, a note for
    suppressed or missing cells, quality and source per cell).

    ``chosen`` holds (indicator, year shown, its observations that year for ``sex``)."""
    producers = {s.id: s.producer for s in catalogue.sources}
    wide: dict[str, dict[str, object]] = {a: {translate("area", lang): names.get(a, a)}
                                          for a in area_ids}
    qualities: dict[str, list[str]] = {a: [] for a in area_ids}
    long = []
    for indicator, year, values in chosen:
        rows = values.set_index("area_id") if len(values) else pd.DataFrame()
        header = f"{indicator.name(lang)} ({year})"
        for area in area_ids:
            row = rows.loc[area] if area in rows.index else None
            suppressed = bool(row is not None and bool(row["suppressed"]))
            value = math.nan if row is None or suppressed else row["value"]
            wide[area][header] = shown_value(value, suppressed, indicator, lang)
            quality = None if row is None else row["quality"]
            if quality is not None:
                word = translate(f"quality_{quality}", lang)
                if word not in qualities[area]:
                    qualities[area].append(word)
            long.append({
                translate("area", lang): names.get(area, area),
                translate("indicator", lang): indicator.name(lang),
                translate("year", lang): int(year),
                translate("sex", lang): translate(f"sex_{sex}", lang),
                translate("value", lang): float(value) if not pd.isna(value) else math.nan,
                translate("unit", lang): translate(f"unit_{indicator.unit}", lang),
                translate("compare_col_note", lang): (
                    translate("compare_note_suppressed", lang) if suppressed
                    else translate("legend_no_data", lang) if pd.isna(value) else ""),
                translate("quality", lang): "" if quality is None else translate(
                    f"quality_{quality}", lang),
                translate("source", lang): "" if row is None else producers.get(
                    row["source_id"], ""),
            })
    for area in area_ids:
        wide[area][translate("quality", lang)] = ", ".join(qualities[area])
    return pd.DataFrame(list(wide.values())), pd.DataFrame(long)


def bars_sentence(rows: pd.DataFrame, indicator: Indicator, year: int, lang: str) -> str:
    """The ranked bars' sentence: highest and lowest district (narratives.ranking_sentence),
    or that no district has a value that year."""
    ends = extremes(rows)
    name = indicator.name(lang)
    if ends is None:
        return translate("compare_no_values", lang, indicator=name, year=year)
    (top, bottom) = ends
    return narratives.ranking_sentence(lang, name, top["name"], top["value"], bottom["name"],
                                       bottom["value"], indicator.unit, indicator.decimals, year,
                                       synthetic=indicator.illustrative)


def extremes(rows: pd.DataFrame) -> tuple[pd.Series, pd.Series] | None:
    """The published rows with the highest and the lowest value (first by order on ties)."""
    published = rows[rows["published"]]
    if published.empty:
        return None
    return (published.loc[published["value"].idxmax()],
            published.loc[published["value"].idxmin()])


def city_value(values: pd.DataFrame) -> float | None:
    """The published value of a one-row kommun frame, or None."""
    shown = cells.published(values)
    return float(shown["value"].iloc[0]) if len(shown) else None


def shared_sexes(indicators: Sequence[Indicator]) -> list[str]:
    """The sexes every indicator has, in the order total, women, men (at least total)."""
    sexes = [s for s in ("total", "women", "men") if all(s in i.sexes for i in indicators)]
    return sexes or ["total"]


def bars_view(data: Published, chosen: Sequence[Indicator], years_of: Mapping[str, list[int]],
              year: int, sex: str, areas: Sequence[str], names: Mapping[str, str],
              catalogue: Catalogue, city_label: str, lang: str, *, city: str
              ) -> tuple[list[tuple[Indicator, int, tuple[Any, pd.DataFrame, str]]],
                         pd.DataFrame, pd.DataFrame]:
    """Per chosen indicator (year used, (ranked bars, table, sentence)), then the wide and
    long tables of districts × indicators: the page's first and third parts for one selection.
    The bars' city line is the kommun `city` (area_id)."""
    from indicators.views.figures import ranked_bars

    bars, shown = [], []
    for indicator in chosen:
        used = nearest_year(years_of[indicator.id], year)
        if used is None:   # an indicator without district years is never offered
            continue
        values = data.observations(indicator.id, level="district", year=used, sex=sex)
        rows = ranked(values, areas, names, indicator.direction)
        shown.append((indicator, used, values))
        line = city_value(data.observations(indicator.id, area=city, year=used, sex=sex))
        figure = ranked_bars(bar_frame(rows), unit=indicator.unit, decimals=indicator.decimals,
                             lang=lang, city_value=line, city_label=city_label)
        bars.append((indicator, used, (figure, ranked_table(rows, indicator, catalogue, lang),
                                       bars_sentence(rows, indicator, used, lang))))
    wide, long = comparison_tables(shown, areas, names, catalogue, sex, lang)
    return bars, wide, long
