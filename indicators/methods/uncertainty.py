"""Small areas: the uncertainty of rates (METHODS.md §4). ``wilson_interval`` gives 95 %
intervals for rates with a known numerator and denominator, and ``change_reading`` refuses to
call overlapping intervals a change.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

Z_95 = 1.959963984540054
CHANGE_READINGS = ("increase", "decrease", "no_clear_change")


def wilson_interval(
    numerator: float | np.ndarray | pd.Series,
    denominator: float | np.ndarray | pd.Series,
    z: float = Z_95,
) -> tuple[float | np.ndarray, float | np.ndarray]:
    """Wilson score interval for a proportion p = x / n (as a fraction, not percent).

        centre    = (p + z²/(2n)) / (1 + z²/n)
        halfwidth = z / (1 + z²/n) × √(p(1 − p)/n + z²/(4n²))
        (low, high) = (centre − halfwidth, centre + halfwidth), clamped to [0, p] and [p, 1]

    z defaults to the 97.5 % normal quantile (95 % interval). Vectorised over numpy arrays and
    pandas Series (returns arrays); scalars give floats. n = 0 or a missing input → (nan, nan).
    Raises ``ValueError`` for x > n, negative inputs or z ≤ 0.
    """
    if not (math.isfinite(z) and z > 0):
        raise ValueError(f"z must be a positive number, got {z!r}")
    x = np.asarray(numerator, dtype=float)
    n = np.asarray(denominator, dtype=float)
    with np.errstate(invalid="ignore"):
        if np.any(x < 0) or np.any(n < 0):
            raise ValueError("numerator and denominator must not be negative")
        if np.any(x > n):
            raise ValueError("numerator must not exceed denominator")
    valid = (n > 0) & np.isfinite(x) & np.isfinite(n)
    safe_n = np.where(valid, n, 1.0)
    p = np.where(valid, x / safe_n, 0.0)
    z2 = z * z
    centre = (p + z2 / (2 * safe_n)) / (1 + z2 / safe_n)
    half = z / (1 + z2 / safe_n) * np.sqrt(p * (1 - p) / safe_n + z2 / (4 * safe_n**2))
    low = np.where(valid, np.clip(centre - half, 0.0, p), np.nan)
    high = np.where(valid, np.clip(centre + half, p, 1.0), np.nan)
    if low.ndim == 0:
        return float(low), float(high)
    return low, high


def _is_missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def change_reading(
    ci_a: tuple[float, float],
    ci_b: tuple[float, float],
    value_a: float,
    value_b: float,
) -> str:
    """Read the change from a (earlier) to b (later) given their 95 % intervals.

    "Substantial overlap" is defined as: either point estimate lies inside (bounds included) the
    other's interval. Then ``no_clear_change``; otherwise ``increase`` if value_b > value_a, else
    ``decrease``. (Non-overlapping intervals always give a change; intervals that only touch at
    their tails also do, a deliberately simple and explainable rule.)
    Raises ``ValueError`` on missing values or an interval with low > high.
    """
    numbers = [*ci_a, *ci_b, value_a, value_b]
    if len(numbers) != 6 or any(_is_missing(v) or not math.isfinite(float(v)) for v in numbers):
        raise ValueError("change_reading needs two (low, high) intervals and two finite values")
    low_a, high_a = (float(v) for v in ci_a)
    low_b, high_b = (float(v) for v in ci_b)
    if low_a > high_a or low_b > high_b:
        raise ValueError("an interval must have low <= high")
    a, b = float(value_a), float(value_b)
    if low_b <= a <= high_b or low_a <= b <= high_a:
        return "no_clear_change"
    return "increase" if b > a else "decrease"
