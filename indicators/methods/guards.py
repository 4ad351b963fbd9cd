"""Input guards shared by the method modules: nonsense raises ValueError with a clear message."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd


def finite(value: object, name: str) -> float:
    """`value` as a finite float, or ValueError naming the argument."""
    try:
        number = float(value)  # type: ignore[arg-type]  # any input: what float() refuses raises
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return number


def direction_sign(direction: int) -> int:
    """`direction` (1: higher is better, −1: lower is better), or ValueError."""
    if direction not in (1, -1):
        raise ValueError(f"direction must be 1 or -1, got {direction!r}")
    return int(direction)


def whole_year(value: object, name: str) -> int:
    """`value` as a whole year, or ValueError naming the argument."""
    try:
        number = float(value)  # type: ignore[arg-type]  # any input: what float() refuses raises
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a year, got {value!r}") from None
    if not math.isfinite(number) or number != int(number):
        raise ValueError(f"{name} must be a whole year, got {value!r}")
    return int(number)


def clean_series(
    years: Sequence[int] | np.ndarray, values: Sequence[float] | np.ndarray
) -> tuple[list[int], list[float]]:
    """Pair years with values, drop missing values (NaN/None/pd.NA) and sort by year.

    Raises ``ValueError`` on unequal lengths, non-whole or duplicated years, or infinite values.
    """
    year_list, value_list = list(years), list(values)
    if len(year_list) != len(value_list):
        raise ValueError(f"got {len(year_list)} years but {len(value_list)} values")
    pairs: dict[int, float] = {}
    for raw_year, raw_value in zip(year_list, value_list, strict=True):
        year = whole_year(raw_year, "year")
        if year in pairs:
            raise ValueError(f"year {year} occurs twice")
        if raw_value is None or (not isinstance(raw_value, str) and pd.isna(raw_value)):
            pairs[year] = math.nan
            continue
        try:
            value = float(raw_value)
        except (TypeError, ValueError):
            raise ValueError(f"value for {year} is not a number: {raw_value!r}") from None
        if math.isinf(value):
            raise ValueError(f"value for {year} is infinite")
        pairs[year] = value
    kept = sorted((y, v) for y, v in pairs.items() if not math.isnan(v))
    return [y for y, _ in kept], [v for _, v in kept]
