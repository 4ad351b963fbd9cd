"""The city's goals as the pages show them: verdict rows back into engine objects, the path
needed to each target, and the headline figures. Pure functions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from indicators.methods.progress import Verdict, Weather
from indicators.text import narratives
from indicators.text.formatting import format_number, format_value
from indicators.text.i18n import translate


def _value(row: Mapping[str, Any], key: str) -> Any:
    value = row.get(key)
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _int(row: Mapping[str, Any], key: str) -> int | None:
    value = _value(row, key)
    return None if value is None else int(value)


def _float(row: Mapping[str, Any], key: str) -> float | None:
    value = _value(row, key)
    return None if value is None else float(value)


def verdict_from_row(row: Mapping[str, Any]) -> Verdict:
    """A published `verdict` row as the engine's Verdict."""
    return Verdict(
        status=str(row["status"]), method=str(row["method"]),
        base_year=_int(row, "base_year"), latest_year=_int(row, "latest_year"),
        base_value=_float(row, "base_value"), latest_value=_float(row, "latest_value"),
        observed_rate=_float(row, "observed_rate"), required_rate=_float(row, "required_rate"),
        ratio=_float(row, "ratio"), target_value=_float(row, "target_value"),
        target_year=_int(row, "target_year"), n_observations=int(row["n_observations"]),
        note=str(_value(row, "note") or ""),
    )


def weather_from_row(row: Mapping[str, Any]) -> Weather | None:
    status = _value(row, "weather_status")
    if status is None:
        return None
    return Weather(
        status=str(status), projected_value=_float(row, "weather_projected"),
        gap_pct=_float(row, "weather_gap_pct"), window_start=_int(row, "weather_window_start"),
        window_end=_int(row, "weather_window_end"),
        annual_change=_float(row, "weather_annual_change"),
    )


def target_path(rule: str, base_year: int, base_value: float, target_year: int,
                target_value: float) -> pd.DataFrame:
    """The on-time path from the base year to the target, one point a year.

    cagr: y(t) = y0 × (yT/y0)^((t − t0)/(T − t0)); linear: y(t) = y0 + (yT − y0)(t − t0)/(T − t0).
    """
    if target_year <= base_year:
        raise ValueError("the target year must come after the base year")
    years = np.arange(base_year, target_year + 1)
    share = (years - base_year) / (target_year - base_year)
    if rule == "cagr":
        values = base_value * (target_value / base_value) ** share
    elif rule == "linear":
        values = base_value + (target_value - base_value) * share
    else:
        raise ValueError(f"unknown rule {rule!r}")
    return pd.DataFrame({"year": years, "value": values})


def latest_and_previous(series: pd.DataFrame) -> tuple[pd.Series | None, pd.Series | None]:
    """The latest published row and the one before it (by year) of a one-area series."""
    published = series[series["value"].notna()].sort_values("year")
    if published.empty:
        return None, None
    latest = published.iloc[-1]
    previous = published.iloc[-2] if len(published) > 1 else None
    return latest, previous


def rate_text(verdict: Verdict, which: str, unit: str, decimals: int, lang: str) -> str:
    """Observed or required rate of a verdict in words: "1,1 % per år", "−3 435 t CO₂e per år"."""
    rate = verdict.observed_rate if which == "observed" else verdict.required_rate
    per_year = translate("per_year", lang)
    if rate is None:
        return "–"
    if verdict.method == "linear":
        return format_value(rate, unit, decimals, lang, signed=True) + per_year
    return format_value(100 * rate, "percent", 2, lang, signed=True) + per_year


def first_sentence(text: str) -> str:
    """The first sentence of a goal's "how it is measured" text: its reading, shown beside the
    verdict (e.g. net zero read as 85 % below 1990)."""
    head, _, _ = text.strip().partition(". ")
    return head if head.endswith(".") else head + "."


# --- a goal's verdict card (Overview, Growth, Climate) ----------------------------------------
@dataclass(frozen=True)
class GoalSummary:
    """Everything the verdict block shows, already in words (never the badge alone)."""

    verdict: Verdict
    weather: Weather | None
    heading: str            # icon + word, e.g. "➚ Framsteg, men ökad takt behövs"
    base_year: str
    latest_year: str
    ratio: str              # "0,79" (two decimals) or "–"
    rates: str              # "Faktisk takt: … · Nödvändig takt: …"
    weather_text: str | None  # icon + reading, or None when there is no weather reading
    sentence: str           # narratives.verdict_sentence


def rates_text(verdict, unit: str, decimals: int, lang: str) -> str:
    """Observed and required pace, each with the years it runs over, so that a page showing
    another required pace (from the latest year) never leaves the reader guessing which base
    each uses: "Faktisk takt 2015–2025: +1,14 % per år · Nödvändig takt 2015–2050: …"."""
    observed, required = translate("observed_rate", lang), translate("required_rate", lang)
    if verdict.base_year is not None:
        observed += f" {verdict.base_year}–{verdict.latest_year}"
        required += f" {verdict.base_year}–{verdict.target_year}"
    return (f"{observed}: {rate_text(verdict, 'observed', unit, decimals, lang)} · "
            f"{required}: {rate_text(verdict, 'required', unit, decimals, lang)}")


def goal_summary(verdict_row: Mapping[str, Any], goal_name: str, unit: str, decimals: int,
                 lang: str) -> GoalSummary:
    """The words of one published verdict row.

    Rates: CAGR verdicts in percent a year ("+1,14 % per år"), linear verdicts in the unit a year
    ("−3 435 t CO₂e per år"); the weather line: "⛈ Femårsprognos: Oväder: fel riktning. Med
    takten 2020–2024 når vi 417 943 t CO₂e år 2030." (common key ``weather_reading``).
    """
    verdict = verdict_from_row(verdict_row)
    weather = weather_from_row(verdict_row)
    heading = (f"{narratives.status_icon(verdict.status)} "
               f"{narratives.status_label(lang, verdict.status)}")
    rates = rates_text(verdict, unit, decimals, lang)
    weather_text = None
    if weather is not None and weather.status in narratives.STATUS_ICONS:
        label = narratives.status_label(lang, weather.status)
        if weather.projected_value is not None and verdict.target_year is not None:
            weather_text = f"{narratives.status_icon(weather.status)} " + translate(
                "weather_reading", lang, label=label,
                window=f"{weather.window_start}–{weather.window_end}",
                projected=format_value(weather.projected_value, unit, decimals, lang),
                year=verdict.target_year)
        else:
            weather_text = f"{narratives.status_icon(weather.status)} {label}"
    return GoalSummary(
        verdict=verdict,
        weather=weather,
        heading=heading,
        base_year="–" if verdict.base_year is None else str(verdict.base_year),
        latest_year="–" if verdict.latest_year is None else str(verdict.latest_year),
        ratio=format_number(verdict.ratio, 2, lang),
        rates=rates,
        weather_text=weather_text,
        sentence=narratives.verdict_sentence(lang, goal_name, verdict, unit=unit,
                                             decimals=decimals),
    )
