"""Growth toward 200,000 inhabitants in 2050 (METHODS.md §3).

Required path and pace, recent pace, low/medium/high scenarios from the historical rates,
district shares of the city's growth, and a what-if of planned homes per district. Pure functions;
rates are annual compound rates, reported in percent where the name says ``_pct``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.methods.guards import clean_series, finite

DEFAULT_TARGET_VALUE = 200_000
DEFAULT_TARGET_YEAR = 2050
DEFAULT_HORIZON = 2100
SCENARIO_WINDOW_YEARS = 5


@dataclass(frozen=True)
class RequiredGrowth:
    """Pace needed from the latest observation to the target (compound)."""

    latest_year: int
    latest_value: float
    target_value: float
    target_year: int
    years_left: int
    rate_pct: float
    persons_per_year_first: float
    persons_per_year_average: float


@dataclass(frozen=True)
class RecentGrowth:
    """Observed pace between two observations; ``window`` is what was asked for."""

    window: int
    start_year: int
    end_year: int
    start_value: float
    end_value: float
    years: int
    persons_per_year: float
    rate_pct: float


@dataclass(frozen=True)
class WhatIf:
    """Outcome of ``what_if``: per-area populations in the target year and the city verdict."""

    areas: pd.DataFrame
    city_extra: float
    total: float
    target_value: float
    target_year: int
    gap: float
    verdict: str


def _whole(value: object, name: str) -> int:
    number = finite(value, name)
    if number != int(number):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    return int(number)


def _positive(value: object, name: str) -> float:
    number = finite(value, name)
    if number <= 0:
        raise ValueError(f"{name} must be positive, got {value!r}")
    return number


def required_growth(
    latest_year: int,
    latest_value: float,
    target_value: float = DEFAULT_TARGET_VALUE,
    target_year: int = DEFAULT_TARGET_YEAR,
) -> RequiredGrowth:
    """Compound annual growth needed to go from the latest value to the target on time.

    n = T − t,  r = (y_T / y_t)^(1/n) − 1,  rate_pct = 100 r,
    persons_per_year_first = y_t × r (the first year of the required path),
    persons_per_year_average = (y_T − y_t) / n.

    Worked example (METHODS §3): 135,273 in 2025 → 200,000 in 2050: r = 1.4785^(1/25) − 1 ≈
    1.58 %, first year ≈ 2,132 persons, average ≈ 2,589 persons a year.
    Raises ``ValueError`` when a value is not positive or the target year is not after the latest.
    """
    year = _whole(latest_year, "latest_year")
    goal_year = _whole(target_year, "target_year")
    start = _positive(latest_value, "latest_value")
    goal = _positive(target_value, "target_value")
    if goal_year <= year:
        raise ValueError(f"target_year {goal_year} must lie after latest_year {year}")
    years_left = goal_year - year
    rate = (goal / start) ** (1.0 / years_left) - 1.0
    return RequiredGrowth(
        latest_year=year,
        latest_value=start,
        target_value=goal,
        target_year=goal_year,
        years_left=years_left,
        rate_pct=100.0 * rate,
        persons_per_year_first=start * rate,
        persons_per_year_average=(goal - start) / years_left,
    )


def required_path(
    latest_year: int,
    latest_value: float,
    target_value: float = DEFAULT_TARGET_VALUE,
    target_year: int = DEFAULT_TARGET_YEAR,
) -> pd.DataFrame:
    """Required compound path, one row per year from the latest year to the target year.

    population(year) = y_t × (1 + r)^(year − t), r from ``required_growth``; the last row equals
    the target (up to rounding). Columns: ``year`` (int), ``population`` (float).
    """
    need = required_growth(latest_year, latest_value, target_value, target_year)
    years = np.arange(need.latest_year, need.target_year + 1)
    population = need.latest_value * (1.0 + need.rate_pct / 100.0) ** (years - need.latest_year)
    return pd.DataFrame({"year": years.astype(int), "population": population})


def recent_growth(
    years: Sequence[int] | np.ndarray,
    values: Sequence[float] | np.ndarray,
    window: int,
) -> RecentGrowth:
    """Average growth over (about) the last ``window`` years, from observations at the ends.

    End = the latest observation (year t). Start = the last observation at or before t − window
    (so a gap in the series widens the window rather than shortening it; ``start_year`` and
    ``years`` say what was used). With n = end_year − start_year:

        persons_per_year = (y_end − y_start) / n,   rate_pct = 100 × ((y_end / y_start)^(1/n) − 1)

    Example: 2020 = 130,224 and 2025 = 135,273 → 1,009.8 persons a year, 0.76 % a year.
    Raises ``ValueError`` when no observation lies at or before t − window, or values ≤ 0.
    """
    span = _whole(window, "window")
    if span < 1:
        raise ValueError(f"window must be at least 1 year, got {window!r}")
    ys, vs = clean_series(years, values)
    if not ys:
        raise ValueError("recent_growth needs observations")
    end_year, end_value = ys[-1], vs[-1]
    earlier = [(y, v) for y, v in zip(ys, vs, strict=True) if y <= end_year - span]
    if not earlier:
        raise ValueError(
            f"no observation at or before {end_year - span} for a {span}-year window "
            f"(series starts {ys[0]})"
        )
    start_year, start_value = earlier[-1]
    if start_value <= 0 or end_value <= 0:
        raise ValueError("recent_growth needs positive values")
    n = end_year - start_year
    return RecentGrowth(
        window=span,
        start_year=start_year,
        end_year=end_year,
        start_value=start_value,
        end_value=end_value,
        years=n,
        persons_per_year=(end_value - start_value) / n,
        rate_pct=100.0 * ((end_value / start_value) ** (1.0 / n) - 1.0),
    )


def window_rates(
    years: Sequence[int] | np.ndarray,
    values: Sequence[float] | np.ndarray,
    window: int = SCENARIO_WINDOW_YEARS,
) -> pd.DataFrame:
    """CAGR over every rolling window of exactly ``window`` years with observations at both ends.

    rate_pct = 100 × ((y_{s+w} / y_s)^(1/w) − 1) for every observed year s whose year s + w is
    observed too. Columns ``start_year, end_year, rate_pct``, sorted by start year.
    """
    span = _whole(window, "window")
    if span < 1:
        raise ValueError(f"window must be at least 1 year, got {window!r}")
    ys, vs = clean_series(years, values)
    value_of = dict(zip(ys, vs, strict=True))
    if any(v <= 0 for v in vs):
        raise ValueError("growth rates need positive values")
    rows = [
        (y, y + span, 100.0 * ((value_of[y + span] / value_of[y]) ** (1.0 / span) - 1.0))
        for y in ys
        if y + span in value_of
    ]
    return pd.DataFrame(rows, columns=["start_year", "end_year", "rate_pct"]).astype(
        {"start_year": int, "end_year": int, "rate_pct": float}
    )


def _scenario_rates(
    years: Sequence[int] | np.ndarray, values: Sequence[float] | np.ndarray, window: int
) -> tuple[dict[str, float], int]:
    rates = window_rates(years, values, window)["rate_pct"]
    if rates.empty:
        raise ValueError(f"the series has no pair of observations {window} years apart")
    chosen = {"low": rates.min(), "medium": rates.median(), "high": rates.max()}
    return {name: float(rate) for name, rate in chosen.items()}, len(rates)


def scenario_paths(
    years: Sequence[int] | np.ndarray,
    values: Sequence[float] | np.ndarray,
    *,
    horizon: int = DEFAULT_HORIZON,
    window: int = SCENARIO_WINDOW_YEARS,
) -> pd.DataFrame:
    """Long projected paths for the low / medium / high scenarios, for charts.

    Rule: the annual rates are the lowest (low), median (medium) and highest (high) CAGR over all
    rolling ``window``-year windows (default 5) observed in the series (see ``window_rates``).
    Each path starts at the latest observation (t, y_t): population(year) = y_t × (1 + r)^(year − t)
    for year = t … horizon. Columns ``scenario, year, population, rate_pct``.
    """
    ys, vs = clean_series(years, values)
    if not ys:
        raise ValueError("scenario_paths needs observations")
    end = _whole(horizon, "horizon")
    if end <= ys[-1]:
        raise ValueError(f"horizon {end} must lie after the latest year {ys[-1]}")
    rates, _ = _scenario_rates(ys, vs, window)
    path_years = np.arange(ys[-1], end + 1)
    frames = [
        pd.DataFrame(
            {
                "scenario": name,
                "year": path_years.astype(int),
                "population": vs[-1] * (1.0 + rate / 100.0) ** (path_years - ys[-1]),
                "rate_pct": rate,
            }
        )
        for name, rate in rates.items()
    ]
    return pd.concat(frames, ignore_index=True)


def scenarios(
    years: Sequence[int] | np.ndarray,
    values: Sequence[float] | np.ndarray,
    *,
    target_value: float = DEFAULT_TARGET_VALUE,
    target_year: int = DEFAULT_TARGET_YEAR,
    horizon: int = DEFAULT_HORIZON,
    window: int = SCENARIO_WINDOW_YEARS,
) -> pd.DataFrame:
    """Low / medium / high constant-rate scenarios and the year each reaches the target.

    Rates as in ``scenario_paths`` (min / median / max of the rolling ``window``-year CAGRs).
    year_reached = first year t … horizon whose projected population ≥ target (the latest year
    itself if already reached), or None meaning "not by <horizon>". Columns: ``scenario,
    rate_pct, n_windows, population_target_year`` (projection in ``target_year``),
    ``population_horizon``, ``year_reached`` (object: int or None).
    """
    goal = _positive(target_value, "target_value")
    goal_year = _whole(target_year, "target_year")
    paths = scenario_paths(years, values, horizon=horizon, window=window)
    _, n_windows = _scenario_rates(years, values, window)
    rows = []
    for name in ("low", "medium", "high"):
        path = paths[paths["scenario"] == name]
        reached = path.loc[path["population"] >= goal, "year"]
        at_target = path.loc[path["year"] == goal_year, "population"]
        rows.append(
            {
                "scenario": name,
                "rate_pct": float(path["rate_pct"].iloc[0]),
                "n_windows": n_windows,
                "population_target_year": float(at_target.iloc[0]) if len(at_target) else math.nan,
                "population_horizon": float(path["population"].iloc[-1]),
                "year_reached": int(reached.iloc[0]) if len(reached) else None,
            }
        )
    result = pd.DataFrame(rows)
    result["year_reached"] = pd.Series(
        [row["year_reached"] for row in rows], dtype=object, index=result.index
    )
    return result


def growth_shares(frame: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """Each area's share of the total change between two years.

    change_a = value_a(end_year) − value_a(start_year); total = Σ change over areas observed in
    both years; share_a = change_a / total. Areas missing either year get change and share NaN
    and do not enter the total. Total 0 → every share NaN (no growth to share out). A negative
    total (shrinking city) keeps the plain ratio: areas that shrank get positive shares of the
    decline and areas that grew negative ones; shares still sum to 1.
    Input columns ``area_id, year, value``; output ``area_id, change, share`` sorted by area.
    """
    missing = {"area_id", "year", "value"} - set(frame.columns)
    if missing:
        raise ValueError(f"frame lacks columns: {sorted(missing)}")
    first, last = _whole(start_year, "start_year"), _whole(end_year, "end_year")
    if last <= first:
        raise ValueError(f"end_year {last} must lie after start_year {first}")
    if frame.duplicated(["area_id", "year"]).any():
        raise ValueError("frame has duplicated (area_id, year) rows")
    wide = frame.pivot(index="area_id", columns="year", values="value")
    for year in (first, last):
        if year not in wide.columns:
            wide[year] = math.nan
    change = (wide[last].astype(float) - wide[first].astype(float)).rename("change")
    total = change.sum(skipna=True)
    share = change / total if total != 0 else change * math.nan
    result = pd.DataFrame({"change": change, "share": share.astype(float)})
    result.index.name = "area_id"
    result = result.reset_index()
    try:
        result = result.sort_values("area_id", kind="mergesort")
    except TypeError:  # mixed id types: sort as text
        result = result.sort_values("area_id", key=lambda s: s.astype(str), kind="mergesort")
    return result.reset_index(drop=True)


def what_if(
    base: pd.DataFrame,
    planned_homes: Mapping[object, int],
    persons_per_home: float,
    *,
    base_year: int,
    target_year: int = DEFAULT_TARGET_YEAR,
    target_value: float = DEFAULT_TARGET_VALUE,
    trend_rate: float = 0.0,
    city_extra: float = 0,
) -> WhatIf:
    """Population per area in the target year from a trend plus planned homes.

    population_a = base_a × (1 + trend_rate)^(target_year − base_year) + homes_a × persons_per_home
    total = Σ population_a + city_extra;   gap = target_value − total (> 0: short of the target);
    verdict = ``target_reached`` when total ≥ target_value, else ``target_missed``.

    ``trend_rate`` is a fraction per year (0.005 = 0.5 %), > −1. ``city_extra`` is population in
    the target year outside every area (e.g. unallocated), added as given. Areas absent from
    ``planned_homes`` get 0 homes. ``areas`` holds ``area_id, base_population, trend_population,
    added_population, population``. Raises ``ValueError`` on negative homes, persons_per_home ≤ 0,
    homes for unknown areas, negative or duplicated base rows, or target_year < base_year.
    """
    missing = {"area_id", "population"} - set(base.columns)
    if missing:
        raise ValueError(f"base lacks columns: {sorted(missing)}")
    if base["area_id"].duplicated().any():
        raise ValueError("base has duplicated area_id rows")
    start, goal_year = _whole(base_year, "base_year"), _whole(target_year, "target_year")
    if goal_year < start:
        raise ValueError(f"target_year {goal_year} lies before base_year {start}")
    per_home = _positive(persons_per_home, "persons_per_home")
    trend = finite(trend_rate, "trend_rate")
    if trend <= -1:
        raise ValueError(f"trend_rate must be > -1, got {trend_rate!r}")
    extra = finite(city_extra, "city_extra")
    goal = _positive(target_value, "target_value")
    homes = _planned_homes(planned_homes, set(base["area_id"]))
    population = base["population"].astype(float)
    if population.isna().any() or (population < 0).any():
        raise ValueError("base population must be known and non-negative")

    areas = pd.DataFrame({"area_id": base["area_id"].to_numpy(), "base_population": population})
    areas = areas.reset_index(drop=True)
    areas["trend_population"] = areas["base_population"] * (1.0 + trend) ** (goal_year - start)
    areas["added_population"] = [homes.get(a, 0.0) * per_home for a in areas["area_id"]]
    areas["population"] = areas["trend_population"] + areas["added_population"]
    total = float(areas["population"].sum()) + extra
    return WhatIf(
        areas=areas,
        city_extra=extra,
        total=total,
        target_value=goal,
        target_year=goal_year,
        gap=goal - total,
        verdict="target_reached" if total >= goal else "target_missed",
    )


def _planned_homes(planned_homes: Mapping[object, int], known: set) -> dict[object, float]:
    """The planned homes per area, checked: known areas, finite and non-negative counts."""
    unknown = [area for area in planned_homes if area not in known]
    if unknown:
        raise ValueError(f"planned homes for areas not in base: {unknown}")
    homes = {}
    for area, count in planned_homes.items():
        number = finite(count, f"planned homes for {area!r}")
        if number < 0:
            raise ValueError(f"planned homes for {area!r} must not be negative, got {count!r}")
        homes[area] = number
    return homes
