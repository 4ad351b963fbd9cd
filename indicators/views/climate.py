"""The Climate page's frames, figure and words (pure: no Streamlit).

Emissions by sector (the indicators that are ``part_of: ghg_total``), the straight paths to
zero in 2030 (from the base year, and from the latest year: the annual cut needed now) and the
sentences that say what the charts show.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from indicators.data.catalogue import Indicator
from indicators.text import narratives
from indicators.text.formatting import format_value
from indicators.text.i18n import translate
from indicators.views import goals
from indicators.views.figures import BLACK, BLUE, GREEN, VERMILLION, layout
from indicators.views.growth import gap_values, with_gaps
from indicators.views.tables import quality_label

TOTAL = "ghg_total"


def sector_indicators(indicators: Iterable[Indicator], total: str = TOTAL) -> list[Indicator]:
    """The catalogue's sectors of the total (``part_of == total``), in catalogue order."""
    return [i for i in indicators if i.part_of == total]


def sector_frame(frames: Sequence[pd.DataFrame], names: dict[str, str]) -> tuple[
        pd.DataFrame, list[str]]:
    """Long frame ``year, indicator_id, series, value`` and the stacking order.

    ``names`` maps indicator id → localised name. The order puts the largest sector of the latest
    year first (it is drawn at the bottom of the stack); sectors without any value are left out.
    """
    parts = [f for f in frames if len(f)]
    if not parts:
        return pd.DataFrame(columns=["year", "indicator_id", "series", "value"]), []
    frame = pd.concat(parts, ignore_index=True).dropna(subset=["value"])
    frame = frame[["year", "indicator_id", "value"]].copy()
    frame["year"] = frame["year"].astype(int)
    frame["series"] = frame["indicator_id"].map(names)
    latest = frame[frame["year"] == frame["year"].max()]
    ranking = latest.sort_values(["value", "series"], ascending=[False, True])["series"].tolist()
    rest = sorted(set(frame["series"]) - set(ranking))
    return frame.sort_values(["year", "series"]).reset_index(drop=True), ranking + rest


def sector_table(frame: pd.DataFrame, order: Sequence[str], lang: str) -> pd.DataFrame:
    """Years as rows, sectors as columns (whole tonnes), largest sector first."""
    wide = frame.pivot(index="year", columns="series", values="value")[list(order)]
    wide = wide.round(0).astype("Int64").reset_index()
    return wide.rename(columns={"year": translate("year", lang)})


@dataclass(frozen=True)
class SectorReading:
    largest: str
    latest_year: int
    largest_value: float
    largest_share: float     # percent of the sectors' sum in the latest year
    base_year: int
    total_change_pct: float | None   # sectors' sum, latest vs base year, percent
    largest_change_pct: float | None


def sector_reading(frame: pd.DataFrame, order: Sequence[str]) -> SectorReading:
    """The largest sector in the latest year, its share, and the change since the first year.

    share = 100 × x_largest / Σ sectors (latest year);
    change = 100 × (Σ latest − Σ first) / Σ first (None when the first year's sum is 0).
    Real data 2024: transport 164,349 t of 365,010 t = 45.0 %; all sectors 481,807 t (1990) →
    365,010 t (2024) = −24.2 %; transport 193,124 → 164,349 = −14.9 %.
    """
    if frame.empty:
        raise ValueError("no sector values")
    latest_year, base_year = int(frame["year"].max()), int(frame["year"].min())
    by_year = frame.groupby("year")["value"].sum()
    latest = frame[frame["year"] == latest_year].set_index("series")["value"]
    base = frame[frame["year"] == base_year].set_index("series")["value"]
    largest = order[0]

    def change(now: float, then: float | None) -> float | None:
        return None if then is None or pd.isna(then) or then == 0 else 100 * (now - then) / then

    return SectorReading(
        largest=largest, latest_year=latest_year, largest_value=float(latest[largest]),
        largest_share=100 * float(latest[largest]) / float(by_year[latest_year]),
        base_year=base_year,
        total_change_pct=change(float(by_year[latest_year]), float(by_year[base_year])),
        largest_change_pct=change(float(latest[largest]), base.get(largest)),
    )


def sector_sentence(reading: SectorReading, lang: str) -> str:
    """E.g. "2024 var den största delen utsläpp från transporter: 164 349 t CO₂e (45,0 % av alla
    sektorer). Sedan 1990 har summan av alla sektorer ändrats med −24,2 % och utsläpp från
    transporter med −14,9 %." (the sector's catalogue name, first letter lower-case)."""
    def pct(value: float | None) -> str:
        return format_value(value, "percent", 1, lang, signed=True)

    sector = reading.largest[:1].lower() + reading.largest[1:]
    return translate(
        "climate_sector_sentence", lang, year=reading.latest_year, sector=sector,
        value=format_value(reading.largest_value, "tonnes", 0, lang),
        share=format_value(reading.largest_share, "percent", 1, lang), base=reading.base_year,
        total_change=pct(reading.total_change_pct), sector_change=pct(reading.largest_change_pct))


# --- the path to neutrality -------------------------------------------------------------------

@dataclass(frozen=True)
class Neutrality:
    base_path: pd.DataFrame      # year, value: straight line from the base year to the target
    latest_path: pd.DataFrame    # year, value: straight line from the latest year to the target
    latest_year: int
    latest_value: float
    cut_needed: float            # annual change needed from the latest year (negative = cut)
    observed_change: float | None  # average annual change base → latest
    target_year: int
    target_value: float


def neutrality(series: pd.DataFrame, base_year: int, target_year: int,
               target_value: float = 0.0, rule: str = "linear") -> Neutrality:
    """The on-time paths to the target (by the target's `rule`: cagr or linear) from the base year
    and from the latest year, and the average annual change needed from the latest year.

    cut_needed = (y_T − y_t) / (T − t): real and fixture data 2024 → 2040 with the net-zero
    target 72,271 t: (72,271 − 365,009.5) / 16 = −18,296.2 t a year ("−18 296 t CO₂e per år").
    observed_change = (y_t − y_0) / (t − t0): 1990 → 2024 (365,009.5 − 481,807.2) / 34 = −3,435.2.
    Raises ValueError when the series has no base year value or the latest year is not before T.
    """
    observed = series.dropna(subset=["value"]).sort_values("year")
    values = dict(zip(observed["year"].astype(int), observed["value"].astype(float), strict=True))
    if base_year not in values:
        raise ValueError(f"no observation in the base year {base_year}")
    latest_year = int(observed["year"].max())
    if latest_year >= target_year:
        raise ValueError("the latest year is not before the target year")
    latest_value = values[latest_year]
    base_path = goals.target_path(rule, base_year, values[base_year], target_year, target_value)
    latest_path = goals.target_path(rule, latest_year, latest_value, target_year, target_value)
    observed_change = None if latest_year == base_year else \
        (latest_value - values[base_year]) / (latest_year - base_year)
    return Neutrality(base_path, latest_path, latest_year, latest_value,
                      (target_value - latest_value) / (target_year - latest_year),
                      observed_change, target_year, target_value)


def per_year(value: float | None, unit: str, decimals: int, lang: str) -> str:
    """"−60 835 t CO₂e per år" / "−60,835 t CO₂e a year"."""
    return format_value(value, unit, decimals, lang, signed=True) + translate(
        "per_year", lang)


def neutrality_sentence(path: Neutrality, base_year: int, lang: str) -> str:
    return translate(
        "climate_path_sentence", lang, target_year=path.target_year,
        target=format_value(path.target_value, "tonnes", 0, lang),
        latest_year=path.latest_year,
        latest=format_value(path.latest_value, "tonnes", 0, lang),
        cut=per_year(path.cut_needed, "tonnes", 0, lang), base_year=base_year,
        observed=per_year(path.observed_change, "tonnes", 0, lang),
        times=format_value(None if not path.observed_change else
                           path.cut_needed / path.observed_change, "count", 0, lang))


def neutrality_figure(series: pd.DataFrame, path: Neutrality, base_year: int,
                      lang: str) -> go.Figure:
    """Observed totals (solid, markers, gaps open), the straight line from the base year
    (dashed) and from the latest year (dash-dot), the target as a star."""
    gapped = with_gaps(series[["year", "value", "quality"]].dropna(subset=["value"]))
    hover = ["" if not real else f"{format_value(v, 'tonnes', 0, lang)} "
             f"({quality_label(q, lang)})"
             for v, q, real in zip(gapped["value"], gapped["quality"], gapped["observed"],
                                   strict=True)]
    figure = go.Figure([
        go.Scatter(x=gapped["year"].tolist(), y=gap_values(gapped["value"]),
                   name=translate("observed", lang),
                   mode="lines+markers", connectgaps=False, line=dict(color=BLUE, width=3),
                   marker=dict(size=8, symbol="circle"), customdata=hover,
                   hovertemplate="%{x}: %{customdata}<extra></extra>"),
        go.Scatter(x=path.base_path["year"], y=path.base_path["value"], mode="lines",
                   name=translate("climate_path_from", lang, year=base_year),
                   line=dict(color=VERMILLION, width=3, dash="dash"),
                   customdata=[format_value(v, "tonnes", 0, lang) for v in path.base_path["value"]],
                   hovertemplate="%{x}: %{customdata}<extra></extra>"),
        go.Scatter(x=path.latest_path["year"], y=path.latest_path["value"], mode="lines",
                   name=translate("climate_path_from", lang, year=path.latest_year),
                   line=dict(color=GREEN, width=3, dash="dashdot"),
                   customdata=[format_value(v, "tonnes", 0, lang)
                               for v in path.latest_path["value"]],
                   hovertemplate="%{x}: %{customdata}<extra></extra>"),
        go.Scatter(x=[path.target_year], y=[path.target_value], mode="markers",
                   name=translate("climate_target_marker", lang, year=path.target_year),
                   marker=dict(size=14, symbol="star", color=VERMILLION,
                               line=dict(color=BLACK, width=1)),
                   hovertemplate=f"{path.target_year}: "
                                 + format_value(path.target_value, "tonnes", 0, lang)
                                 + "<extra></extra>"),
    ])
    figure.update_yaxes(rangemode="tozero", tickformat=",d")
    return layout(figure, height=420, lang=lang, y_title=translate("unit_tonnes", lang))


def neutrality_table(series: pd.DataFrame, path: Neutrality, base_year: int,
                     lang: str) -> pd.DataFrame:
    """Per year: observed total, the line from the base year, the line from the latest year."""
    observed = series.dropna(subset=["value"]).set_index("year")["value"]
    base = path.base_path.set_index("year")["value"]
    latest = path.latest_path.set_index("year")["value"]
    years = sorted(set(observed.index) | set(latest.index))
    return pd.DataFrame({
        translate("year", lang): years,
        translate("observed", lang): [format_value(observed.get(y), "tonnes", 0, lang)
                                      for y in years],
        translate("climate_path_from", lang, year=base_year): [
            format_value(base.get(y), "tonnes", 0, lang) for y in years],
        translate("climate_path_from", lang, year=path.latest_year): [
            format_value(latest.get(y), "tonnes", 0, lang) for y in years],
    })


def single_year_note(frame: pd.DataFrame) -> int | None:
    """The one year a series has (cars, electric cars: 2025 only), else None."""
    years = frame.dropna(subset=["value"])["year"].unique()
    return int(years[0]) if len(years) == 1 else None


@dataclass(frozen=True)
class PerCapita:
    """Emissions per inhabitant over the years: the chart's lines (gaps kept as gaps, one series
    named after the area), the published rows for the table, and the trend in words."""

    lines: pd.DataFrame
    series: pd.DataFrame
    sentence: str


def per_capita(observations: pd.DataFrame, indicator: Indicator, lang: str) -> PerCapita | None:
    """`observations` of the city's per-inhabitant emissions as a PerCapita; None without any
    published value."""
    series = observations.dropna(subset=["value"])
    if series.empty:
        return None
    first, last = series.iloc[0], series.iloc[-1]
    lines = with_gaps(series[["year", "value", "area_name"]])
    lines["area_name"] = last["area_name"]
    sentence = narratives.trend_sentence(
        lang, last["area_name"], indicator.name(lang).lower(), int(first["year"]), first["value"],
        int(last["year"]), last["value"], indicator.unit, indicator.decimals)
    return PerCapita(lines, series, sentence)


def latest_published(observations: pd.DataFrame) -> pd.Series | None:
    """The last row with a value (the series in year order), or None."""
    values = observations.dropna(subset=["value"])
    return None if values.empty else values.iloc[-1]
