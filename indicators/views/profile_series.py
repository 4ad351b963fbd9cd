"""The district profile's time series (turnout with 95 % Wilson intervals, illustrative series)
and the district's share of the city's growth: frames, tables, sentences and charts. Pure."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from indicators.data.catalogue import Catalogue, Indicator
from indicators.methods.disclosure import wilson_interval
from indicators.methods.growth import growth_shares
from indicators.text import narratives
from indicators.text.formatting import format_value, interval_text
from indicators.text.i18n import translate
from indicators.views import cells, figures
from indicators.views.cells import shown_value
from indicators.views.profile import GROWTH_PROXY, TURNOUT_INDICATORS, sentence_name, stack
from indicators.views.published import Published

# --- time series ------------------------------------------------------------------------------

def with_intervals(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with ``low``/``high``: the 95 % Wilson interval in percent where the numerator and
    denominator are published, NaN elsewhere (suppressed rows have neither)."""
    result = frame.copy()
    numerator = pd.to_numeric(result["numerator"], errors="coerce").astype(float)
    denominator = pd.to_numeric(result["denominator"], errors="coerce").astype(float)
    known = numerator.notna() & denominator.notna() & (denominator > 0)
    low = np.full(len(result), np.nan)
    high = np.full(len(result), np.nan)
    if known.any():
        lo, hi = wilson_interval(numerator[known].to_numpy(), denominator[known].to_numpy())
        low[known.to_numpy()] = 100.0 * np.asarray(lo)
        high[known.to_numpy()] = 100.0 * np.asarray(hi)
    result["low"], result["high"] = low, high
    return result


def first_and_last(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series] | None:
    """The first and the last published rows of a one-area series, or None with fewer than 2."""
    published = cells.published(frame).sort_values("year")
    if len(published) < 2:
        return None
    return published.iloc[0], published.iloc[-1]


# --- growth -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class GrowthShare:
    """A district's change of the proxy between two years and its share of the districts'
    total change (the city's change as far as it is spread over districts)."""

    start_year: int
    end_year: int
    change: float
    share: float          # fraction; NaN when the total change is 0 or the district lacks a year
    total_change: float

    @property
    def has_share(self) -> bool:
        return not math.isnan(self.share)


def growth_text(share: GrowthShare | None, area: str, by_population: bool, lang: str) -> str:
    """The district's share of the city's growth in words (`area` already made safe for
    markdown by the caller); on the population or, where a dataset has none, on the proxy."""
    if share is None:
        return translate("profile_growth_none", lang, area=area)
    key = ("profile_growth_sentence_population" if by_population else "profile_growth_sentence") \
        if share.has_share else "profile_growth_no_total"
    return translate(key, lang, area=area, start=share.start_year, end=share.end_year,
                     change=format_value(share.change, "persons", 0, lang, signed=True),
                     share=format_value(100 * share.share, "percent", 1, lang),
                     total=format_value(share.total_change, "persons", 0, lang, signed=True))


def growth_indicator(population: pd.DataFrame) -> str:
    """The series a district's share of growth is measured on: district population where the
    dataset has it (SCB RegSO/DeSO carried to districts), else the eligible-voter proxy."""
    return "population" if population["value"].notna().any() else GROWTH_PROXY


def growth_share(frame: pd.DataFrame, area_id: str) -> GrowthShare | None:
    """``growth.growth_shares`` between the first and the last year of ``frame`` (district rows
    of the proxy, total sex, suppressed cells dropped), for one district; None when there are
    fewer than two years or the district has no row."""
    data = cells.published(frame[frame["sex"] == "total"] if "sex" in frame else frame)
    years = sorted(int(y) for y in data["year"].unique())
    if len(years) < 2:
        return None
    start, end = years[0], years[-1]
    shares = growth_shares(data[["area_id", "year", "value"]], start, end).set_index("area_id")
    if area_id not in shares.index or pd.isna(shares.loc[area_id, "change"]):
        return None
    return GrowthShare(start, end, float(shares.loc[area_id, "change"]),
                       float(shares.loc[area_id, "share"]),
                       float(shares["change"].sum(skipna=True)))


# --- display helpers --------------------------------------------------------------------------

def series_table(frame: pd.DataFrame, indicator: Indicator, catalogue: Catalogue,
                 lang: str) -> pd.DataFrame:
    """A time series' table alternative: area, year, value as shown (".." when suppressed), the
    95 % interval where ``frame`` has ``low``/``high``, quality and source in words."""
    producers = {s.id: s.producer for s in catalogue.sources}
    table = pd.DataFrame({
        translate("area", lang): frame["area_name"].astype(str),
        translate("year", lang): frame["year"].astype(int),
        translate("value", lang): [shown_value(v, bool(s), indicator, lang) for v, s in
                                   zip(frame["value"], frame["suppressed"], strict=True)],
    })
    if "low" in frame and frame["low"].notna().any():
        table[translate("profile_col_interval", lang)] = [
            interval_text(lo, hi, indicator.decimals, lang, missing="")
            for lo, hi in zip(frame["low"], frame["high"], strict=True)]
    table[translate("quality", lang)] = [translate(f"quality_{q}", lang) for q in frame["quality"]]
    table[translate("source", lang)] = [producers.get(s, "") for s in frame["source_id"]]
    return table


def series_sentence(area_name: str, indicator: Indicator, frame: pd.DataFrame,
                    lang: str) -> str:
    """``narratives.trend_sentence`` from the first to the last published year of a one-area
    series; a series with fewer than two published values says what there is instead."""
    name = sentence_name(indicator.name(lang))
    ends = first_and_last(frame)
    if ends is not None:
        first, last = ends
        return narratives.trend_sentence(
            lang, area_name, name, int(first["year"]), float(first["value"]), int(last["year"]),
            float(last["value"]), indicator.unit, indicator.decimals,
            synthetic=indicator.illustrative)
    published = cells.published(frame)
    if len(published) == 1:
        row = published.iloc[0]
        return narratives.indicator_sentence(
            lang, area_name, name, float(row["value"]), indicator.unit, indicator.decimals,
            int(row["year"]), synthetic=indicator.illustrative)
    if cells.suppressed(frame).any():
        return translate("profile_series_suppressed", lang, area=area_name, indicator=name)
    return translate("profile_series_short", lang, area=area_name, indicator=name)


def turnout_series(data: Published, area_id: str, city: str
                   ) -> list[tuple[Indicator, pd.DataFrame, pd.DataFrame]]:
    """(indicator, the district's rows, district and city (the kommun `city`, an area_id) with
    95 % intervals) for each of TURNOUT_INDICATORS the catalogue has and the district has
    rows of."""
    catalogue = data.catalogue()
    out = []
    for indicator in [catalogue.indicator(i) for i in TURNOUT_INDICATORS if i in catalogue]:
        own = data.observations(indicator.id, area=area_id)
        if own.empty:
            continue
        kommun = data.observations(indicator.id, area=city)
        out.append((indicator, own, with_intervals(stack([own, kommun]))))
    return out


def series_choices(indicators: Sequence[Indicator], years: Callable[[str], Sequence[int]]
                   ) -> list[Indicator]:
    """The indicators whose district series the profile offers besides turnout (drawn above
    with intervals, even where it is generated): those with more than one year at district
    level (`years(indicator id)`), published figures before illustrative ones, each group in
    catalogue order."""
    offered = [i for i in indicators if i.id not in TURNOUT_INDICATORS and len(years(i.id)) > 1]
    return sorted(offered, key=lambda i: i.illustrative)


def indicator_series(data: Published, indicator: Indicator, area_id: str, city_id: str | None
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the district's rows, the district's and its city's rows) of one indicator: the city is
    the district's kommun (`city_id`, its parent area), never every kommun of the database."""
    own = data.observations(indicator.id, area=area_id)
    city = data.observations(indicator.id, area=city_id) if city_id else own.iloc[0:0]
    return own, stack([own, city])


def series_chart(series: pd.DataFrame, own: pd.DataFrame, indicator: Indicator,
                 catalogue: Catalogue, area_name: str, lang: str
                 ) -> tuple[go.Figure, pd.DataFrame, str]:
    """A time series chart of `series` (its 95 % intervals where it has them) with its table
    and the district's sentence (from `own`), for ui.chart_block."""
    band = "low" in series   # the 95 % interval, drawn as a band
    figure = figures.time_series(series, name_column="area_name", unit=indicator.unit,
                                 decimals=indicator.decimals, lang=lang,
                                 low="low" if band else None, high="high" if band else None)
    return (figure, series_table(series, indicator, catalogue, lang),
            series_sentence(area_name, indicator, own, lang))


@dataclass(frozen=True)
class DistrictGrowth:
    """The series a district's share of growth is measured on, and the share."""

    indicator_id: str          # "population", or GROWTH_PROXY where the dataset has none
    series: pd.DataFrame       # the districts' rows of it
    share: GrowthShare | None

    @property
    def by_population(self) -> bool:
        return self.indicator_id == "population"


def district_growth(data: Published, area_id: str, city: str) -> DistrictGrowth:
    """`growth_share` of the district among the districts of the kommun `city` (area_id) on
    population (or the proxy), read from `data`."""
    population = data.observations("population", level="district", within=city or None)
    indicator_id = growth_indicator(population)
    series = population if indicator_id == "population" else data.observations(
        indicator_id, level="district", within=city or None)
    return DistrictGrowth(indicator_id, series, growth_share(series, area_id))
