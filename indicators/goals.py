"""The city's goals as the pages show them: verdict rows back into engine objects, the path
needed to each target, and the headline figures. Pure functions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from indicators.progress import Verdict, Weather


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
    from indicators.formatting import format_value

    rate = verdict.observed_rate if which == "observed" else verdict.required_rate
    per_year = " per år" if lang == "sv" else " a year"
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
