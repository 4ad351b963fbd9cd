"""Progress toward a target: the verdicts politicians read (METHODS.md §2).

Two readings of the same series:

- ``progress_verdict``: the Open SDG / Statistics Canada rule (after Eurostat) comparing the
  observed compound annual growth rate with the one required to reach the target on time, or the
  linear form when a growth rate is undefined (zero target, non-positive values).
- ``weather_verdict``: the German sustainability strategy's "weather" reading, extrapolating the
  average annual change of the last five years to the target year.

Rates are fractions per year (0.0158 = 1.58 %/year) for the CAGR methods and value units per year
for the linear form. Every function is pure; inputs are guarded with ``ValueError``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from indicators.methods.guards import clean_series, direction_sign, finite, whole_year

STATUSES = (
    "target_achieved",
    "on_track",
    "acceleration_needed",
    "limited_progress",
    "deterioration",
    "insufficient_data",
)
WEATHER_STATUSES = ("sun", "light_clouds", "clouds", "storm", "insufficient_data")
METHODS = ("cagr", "cagr_no_target", "linear")

ON_TRACK_RATIO = 0.95
ACCELERATION_RATIO = 0.60
ON_TRACK_RATE = 0.015  # without a target: 1.5 % · C per year
ACCELERATION_RATE = 0.005  # without a target: 0.5 % · C per year
MIN_OBSERVATIONS = 3
MIN_SPAN_YEARS = 4
LIMIT_EXPONENT = 4.44  # Open SDG's exponent a in C = 1 − (y0 / y_lim)^a
WEATHER_WINDOW_YEARS = 5
WEATHER_MIN_POINTS = 4
SUN_GAP_PCT = 5.0
LIGHT_CLOUDS_GAP_PCT = 20.0


@dataclass(frozen=True)
class Verdict:
    """Outcome of ``progress_verdict``; floats are None where not applicable."""

    status: str
    method: str
    base_year: int | None
    latest_year: int | None
    base_value: float | None
    latest_value: float | None
    observed_rate: float | None
    required_rate: float | None
    ratio: float | None
    target_value: float | None
    target_year: int | None
    n_observations: int
    note: str = ""


@dataclass(frozen=True)
class Weather:
    """Outcome of ``weather_verdict``; floats are None where not applicable."""

    status: str
    projected_value: float | None
    gap_pct: float | None
    window_start: int | None
    window_end: int | None
    annual_change: float | None
    note: str = ""


def _cagr(start: float, end: float, years: float) -> float:
    """(end / start)^(1 / years) − 1; caller guarantees start, end > 0 and years > 0."""
    return (end / start) ** (1.0 / years) - 1.0


def natural_limit_factor(base_value: float, limit: float = 100.0) -> float:
    """Open SDG's scaling factor C for an indicator near a natural limit (METHODS.md §2).

    Without a numeric target the thresholds 1.5 %·C and 0.5 %·C apply; near a limit such as
    100 % the usual growth rates are impossible, so C shrinks them. As Open SDG computes it
    (sdg-build, after Statistics Canada's progress methodology), from the **base** value y0 and
    the limit y_lim, both taken as magnitudes, with a = 4.44:

        C = 1 − (y0 / y_lim)^a                 when y0 ≤ y_lim
        C = 1 − ((2·y_lim − y0) / y_lim)^a     when y_lim < y0 < 2·y_lim
        C = 1                                  when y0 ≥ 2·y_lim

    Worked values (limit 100): y0 = 50 → 1 − 0.5^4.44 = 0.954; y0 = 90 → 1 − 0.9^4.44 = 0.374;
    y0 = 100 → 0 (at the limit every non-negative rate is on track). C is symmetric around the
    limit. Raises ``ValueError`` on non-finite input.
    """
    y0 = abs(finite(base_value, "base_value"))
    lim = abs(finite(limit, "limit"))
    if y0 >= 2 * lim:  # first, so that y0 = y_lim = 0 gives 1
        return 1.0
    if y0 <= lim:
        return 1.0 - (y0 / lim) ** LIMIT_EXPONENT
    return 1.0 - ((2 * lim - y0) / lim) ** LIMIT_EXPONENT


def _status_from_ratio(ratio: float) -> str:
    if ratio >= ON_TRACK_RATIO:
        return "on_track"
    if ratio >= ACCELERATION_RATIO:
        return "acceleration_needed"
    if ratio >= 0:
        return "limited_progress"
    return "deterioration"


def progress_verdict(
    years: Sequence[int] | np.ndarray,
    values: Sequence[float] | np.ndarray,
    *,
    direction: int,
    target_value: float | None = None,
    target_year: int | None = None,
    base_year: int | None = None,
    limit_factor: float = 1.0,
    natural_limit: float | None = None,
) -> Verdict:
    """Progress verdict after Open SDG / Statistics Canada (METHODS.md §2).

    Base t0 = first observation at or after ``base_year`` (default: the first observation);
    latest t = last observation; NaN values are dropped. Fewer than 3 observations in [t0, t] or
    t − t0 < 4 years → ``insufficient_data`` (checked first, before any other status). This
    minimum is the project's (METHODS.md §2) and stricter than Open SDG's, which assesses any
    series with two years of data (t − t0 ≥ 1): two points a year apart say little about a
    trend in small areas.

    Then, with a target (``target_value`` y_T in ``target_year`` T): ``_with_target`` (method
    ``cagr``, or ``linear`` when the CAGR is undefined: a zero target, or any of y_0, y_t, y_T
    ≤ 0). Without: ``_without_target`` (method ``cagr_no_target``), where C =
    ``limit_factor`` in (0, 1], or, when ``natural_limit`` is given, Open SDG's
    ``natural_limit_factor``. Their docstrings state the rules.
    """
    d = direction_sign(direction)
    factor = finite(limit_factor, "limit_factor")
    if not 0.0 < factor <= 1.0:
        raise ValueError(f"limit_factor must lie in (0, 1], got {limit_factor!r}")
    if natural_limit is not None:
        finite(natural_limit, "natural_limit")
        if factor != 1.0:
            raise ValueError("give limit_factor or natural_limit, not both")
    if (target_value is None) != (target_year is None):
        raise ValueError("give both target_value and target_year, or neither")
    has_target = target_value is not None
    goal_value = finite(target_value, "target_value") if has_target else None
    goal_year = whole_year(target_year, "target_year") if has_target else None
    series = _Series.from_base(*clean_series(years, values), base_year, goal_value, goal_year)
    ys = series.years
    if len(ys) < MIN_OBSERVATIONS or ys[-1] - ys[0] < MIN_SPAN_YEARS:
        span = ys[-1] - ys[0] if ys else 0
        return series.verdict(
            "insufficient_data",
            f"needs >= {MIN_OBSERVATIONS} observations spanning >= {MIN_SPAN_YEARS} years; "
            f"have {len(ys)} spanning {span}",
        )
    if not has_target:
        return _without_target(series, d, factor, natural_limit)
    return _with_target(series, d)


@dataclass(frozen=True)
class _Series:
    """The series ``progress_verdict`` judges: from the base year on, with the method and the
    target it is judged by."""

    years: list[int]
    values: list[float]
    method: str
    target_value: float | None
    target_year: int | None

    @classmethod
    def from_base(cls, ys: list[int], vs: list[float], base_year: int | None,
                  goal_value: float | None, goal_year: int | None) -> _Series:
        if base_year is not None:
            start = whole_year(base_year, "base_year")
            kept = [(y, v) for y, v in zip(ys, vs, strict=True) if y >= start]
            ys, vs = [y for y, _ in kept], [v for _, v in kept]
        method = "cagr" if goal_value is not None else "cagr_no_target"
        if goal_value is not None and (
                goal_value == 0 or (vs and (vs[0] <= 0 or vs[-1] <= 0 or goal_value <= 0))):
            method = "linear"
        return cls(ys, vs, method, goal_value, goal_year)

    def verdict(self, status: str, note: str, **rates: float | None) -> Verdict:
        ys, vs = self.years, self.values
        return Verdict(
            status=status,
            method=self.method,
            base_year=ys[0] if ys else None,
            latest_year=ys[-1] if ys else None,
            base_value=vs[0] if vs else None,
            latest_value=vs[-1] if vs else None,
            observed_rate=rates.get("observed"),
            required_rate=rates.get("required"),
            ratio=rates.get("ratio"),
            target_value=self.target_value,
            target_year=self.target_year,
            n_observations=len(ys),
            note=note,
        )


def _without_target(series: _Series, d: int, factor: float,
                    natural_limit: float | None) -> Verdict:
    """Without a target (method ``cagr_no_target``): rate = d × CAGR_obs; on track ≥ 1.5 %·C,
    acceleration needed 0.5 %·C–1.5 %·C, limited progress 0–0.5 %·C, deterioration < 0, where
    C = ``limit_factor`` in (0, 1], or, when ``natural_limit`` is given (a rate that cannot pass
    e.g. 100 %), C = ``natural_limit_factor(y0, natural_limit)`` in [0, 1] as Open SDG does (at
    C = 0 every rate ≥ 0 is on track). ``required_rate`` then holds the on-track threshold
    d × 1.5 %·C and ``ratio`` is None. Non-positive values make the CAGR undefined: status
    ``insufficient_data`` with a note. (With a target the natural limit plays no part, as in
    Open SDG.)"""
    t0, t, y0, yt = series.years[0], series.years[-1], series.values[0], series.values[-1]
    if y0 <= 0 or yt <= 0:
        return series.verdict(
            "insufficient_data",
            "CAGR undefined for non-positive values and no target for a linear form",
        )
    observed = _cagr(y0, yt, t - t0)
    rate = d * observed
    if natural_limit is not None:
        factor = natural_limit_factor(y0, natural_limit)
    if rate >= ON_TRACK_RATE * factor:
        status = "on_track"
    elif rate >= ACCELERATION_RATE * factor:
        status = "acceleration_needed"
    elif rate >= 0:
        status = "limited_progress"
    else:
        status = "deterioration"
    note = "no numeric target: d x CAGR against 1.5 %·C / 0.5 %·C / 0"
    if natural_limit is not None:
        note += (f" with C = {factor:.3f} from the natural limit {natural_limit:g} "
                 f"and the base value {y0:g}")
    elif factor != 1.0:
        note += f" with C = {factor:g}"
    return series.verdict(status, note, observed=observed, required=d * ON_TRACK_RATE * factor)


def _target_rates(series: _Series, d: int) -> tuple[float, float, float | None, str]:
    """Observed and required rates, R and the note. With y_0, y_t and y_T all > 0 (method
    ``cagr``):

        CAGR_obs = (y_t / y_0)^(1 / (t − t0)) − 1
        CAGR_req = (y_T / y_0)^(1 / (T − t0)) − 1
        R = d × CAGR_obs / |CAGR_req|

    When the target lies in the desired direction from the base (d × (y_T − y_0) > 0), CAGR_req
    has the sign of d, so R = CAGR_obs / CAGR_req with both rates signed: the direction is carried
    by the target. METHODS' "R = d × CAGR_obs / CAGR_req" is read as d × CAGR_obs / |CAGR_req|,
    the form that stays right for d = −1. If the target is not beyond the base in the desired
    direction and not yet met, the latest value is worse than the base: R < 0 (or None when
    CAGR_req = 0).

    Zero target, or any of y_0, y_t, y_T ≤ 0 (CAGR undefined): linear form (method ``linear``),
    observed = (y_t − y_0) / (t − t0), required = (y_T − y_0) / (T − t0), R = d × obs / |req|.
    """
    t0, t, y0, yt = series.years[0], series.years[-1], series.values[0], series.values[-1]
    goal_value, goal_year = series.target_value, series.target_year
    assert goal_value is not None and goal_year is not None
    if series.method == "linear":
        observed = (yt - y0) / (t - t0)
        required = (goal_value - y0) / (goal_year - t0)
        why = "target is zero" if goal_value == 0 else "a value or the target is not positive"
        note = f"linear form (average annual change) because the {why}, so CAGR is undefined"
    else:
        observed = _cagr(y0, yt, t - t0)
        required = _cagr(y0, goal_value, goal_year - t0)
        note = "CAGR observed vs required"
    ratio = d * observed / abs(required) if required != 0 else None
    return observed, required, ratio, note


def _with_target(series: _Series, d: int) -> Verdict:
    """Status with a target: ``target_achieved`` when d × (y_t − y_T) ≥ 0; else on track
    R ≥ 0.95, ``acceleration_needed`` 0.60 ≤ R < 0.95, ``limited_progress`` 0 ≤ R < 0.60,
    ``deterioration`` R < 0 (or R undefined: the target equals the base and the latest value is
    worse). If the target year has already passed (t ≥ T) without the target being met, the
    status still follows R (the pace since t0 against the pace that was needed), and the note
    says so. R is ``_target_rates``'."""
    goal_value, goal_year = series.target_value, series.target_year
    assert goal_value is not None and goal_year is not None
    if goal_year <= series.years[0]:
        raise ValueError(f"target_year {goal_year} must lie after the base year "
                         f"{series.years[0]}")
    observed, required, ratio, note = _target_rates(series, d)
    rates = {"observed": observed, "required": required, "ratio": ratio}
    if d * (series.values[-1] - goal_value) >= 0:
        return series.verdict("target_achieved", note, **rates)
    if ratio is None:
        status = "deterioration"
        note += "; target equals the base value and the latest value is worse"
    else:
        status = _status_from_ratio(ratio)
    if series.years[-1] >= goal_year:
        note += f"; target year {goal_year} has passed without the target being met, status by R"
    return series.verdict(status, note, **rates)


def weather_verdict(
    years: Sequence[int] | np.ndarray,
    values: Sequence[float] | np.ndarray,
    *,
    direction: int,
    target_value: float,
    target_year: int,
) -> Weather:
    """The German sustainability strategy's weather reading (METHODS.md §2, second view).

    Window: observations with year in [t − 5, t], t = latest year; needs ≥ 4 points, else
    ``insufficient_data``. window_start = first observation in the window, window_end = t.

        annual_change = (y_end − y_start) / (window_end − window_start)
        projected     = y_t + annual_change × (T − t)     (= y_t when T ≤ t: nothing to project)

    Status, in this order:

    - ``sun`` when the projection meets the target: d × (projected − y_T) ≥ 0 (gap 0);
    - ``storm`` when the change goes the wrong way: d × annual_change < 0 (gap_pct as below, or
      None when the latest value is already at or beyond the target);
    - otherwise gap_pct = 100 × d × (y_T − projected) / (d × (y_T − y_t)): the expected
      shortfall as a share of the distance still to go from the latest value to the target (for a
      zero target this is the shortfall relative to the latest value). ``sun`` when gap < 5 %,
      ``light_clouds`` when 5 % ≤ gap ≤ 20 %, ``clouds`` when gap > 20 % (a flat trend gives
      100 %). The gap is scale-free, so the reading does not depend on the unit.
    """
    d = direction_sign(direction)
    goal_value = finite(target_value, "target_value")
    goal_year = whole_year(target_year, "target_year")
    ys, vs = clean_series(years, values)
    if not ys:
        return Weather("insufficient_data", None, None, None, None, None, "no observations")
    end = ys[-1]
    window = [(y, v) for y, v in zip(ys, vs, strict=True) if y >= end - WEATHER_WINDOW_YEARS]
    start = window[0][0]
    if len(window) < WEATHER_MIN_POINTS:
        return Weather(
            "insufficient_data", None, None, start, end, None,
            f"needs >= {WEATHER_MIN_POINTS} observations in {end - WEATHER_WINDOW_YEARS}-{end}, "
            f"have {len(window)}",
        )
    y_start, y_end = window[0][1], window[-1][1]
    change = (y_end - y_start) / (end - start)
    projected = y_end + change * max(goal_year - end, 0)
    note = f"average annual change {start}-{end} extrapolated to {goal_year}"
    if goal_year <= end:
        note = f"target year {goal_year} reached: latest value judged, no extrapolation"
    if d * (projected - goal_value) >= 0:
        return Weather("sun", projected, 0.0, start, end, change, note)
    distance = d * (goal_value - y_end)
    gap = 100.0 * d * (goal_value - projected) / distance if distance > 0 else None
    if d * change < 0:
        return Weather("storm", projected, gap, start, end, change, note + "; wrong direction")
    assert gap is not None  # right direction and target missed imply distance > 0
    return Weather(_status_from_gap(gap), projected, gap, start, end, change, note)


def _status_from_gap(gap: float) -> str:
    if gap < SUN_GAP_PCT:
        return "sun"
    if gap <= LIGHT_CLOUDS_GAP_PCT:
        return "light_clouds"
    return "clouds"
