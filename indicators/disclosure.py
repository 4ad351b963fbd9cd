"""Small areas: disclosure control and uncertainty (METHODS.md §4).

``suppress`` hides small counts and rates on small denominators (primary suppression) and then
enough other cells that no hidden cell can be recomputed from a total and its other parts
(secondary suppression). ``wilson_interval`` gives 95 % intervals for rates with a known
numerator and denominator, and ``change_reading`` refuses to call overlapping intervals a change.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence

import numpy as np
import pandas as pd

Z_95 = 1.959963984540054
MIN_COUNT = 5
MIN_DENOMINATOR = 50
KINDS = ("count", "rate")
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


def suppress(
    cells: pd.DataFrame,
    *,
    relations: Sequence[tuple[Hashable, Sequence[Hashable]]] = (),
    min_count: int = MIN_COUNT,
    min_denominator: int = MIN_DENOMINATOR,
) -> pd.DataFrame:
    """Primary and secondary suppression of a table of cells.

    ``cells`` is indexed by a unique key (any hashable, e.g. (area, sex) tuples) with columns
    ``value``, ``kind`` ('count' or 'rate') and optionally ``numerator``, ``denominator``.

    Primary (reason 'primary'):
    - a count with value < ``min_count`` (default k = 5), **zero included**: METHODS says never
      publish a count of persons below 5, and a published 0 discloses something about everyone in
      the group ("none of the women in X …"). Drop structural zeros (e.g. an empty area) before
      calling if they need to be shown.
    - a rate whose denominator < ``min_denominator`` (default 50), or whose denominator is
      missing (it cannot be shown to be safe).
    Cells whose value is missing are not suppressed (nothing to hide) but count as unknown below.

    Secondary (reason 'secondary'): each relation ``(total_key, part_keys)`` states
    total = Σ parts. A relation with exactly one hidden member (suppressed or missing) lets that
    member be recomputed, so the smallest published other member is suppressed too (ties: the
    first in the order total, parts…). Repeated until no relation has exactly one hidden member.
    Relations are treated as exact even under Statistics Sweden's cell-key noise (conservative).

    Returns a copy with ``suppressed`` (bool) and ``reason`` ('primary', 'secondary' or None);
    value, numerator and denominator of suppressed cells are set to NaN.
    Raises ``ValueError`` on a duplicated index, unknown kinds, missing columns, relations that
    name unknown keys or rate cells, or thresholds below 1.
    """
    if "value" not in cells.columns or "kind" not in cells.columns:
        raise ValueError("cells needs columns 'value' and 'kind'")
    if cells.index.has_duplicates:
        raise ValueError("cells index (the keys) must be unique")
    if min_count < 1 or min_denominator < 1:
        raise ValueError("min_count and min_denominator must be at least 1")
    bad_kinds = sorted(set(cells["kind"]) - set(KINDS), key=str)
    if bad_kinds:
        raise ValueError(f"unknown kinds {bad_kinds}; use 'count' or 'rate'")

    keys = list(cells.index)
    position = {key: i for i, key in enumerate(keys)}
    values = pd.to_numeric(cells["value"], errors="raise").astype(float).to_numpy()
    kinds = cells["kind"].to_numpy()
    if "denominator" in cells.columns:
        denominators = pd.to_numeric(cells["denominator"]).astype(float).to_numpy()
    else:
        denominators = np.full(len(keys), np.nan)

    reason: list[str | None] = [None] * len(keys)
    for i in range(len(keys)):
        if math.isnan(values[i]):
            continue
        if kinds[i] == "count" and values[i] < min_count:
            reason[i] = "primary"
        elif kinds[i] == "rate" and not denominators[i] >= min_denominator:
            reason[i] = "primary"

    groups: list[list[int]] = []
    for relation in relations:
        total_key, part_keys = relation
        members = [total_key, *part_keys]
        unknown = [key for key in members if key not in position]
        if unknown:
            raise ValueError(f"relation names keys not in cells: {unknown}")
        if len(part_keys) < 1:
            raise ValueError(f"relation for {total_key!r} has no parts")
        indices = [position[key] for key in members]
        if any(kinds[i] != "count" for i in indices):
            raise ValueError(f"relation for {total_key!r} must relate count cells only")
        groups.append(indices)

    def hidden(i: int) -> bool:
        return reason[i] is not None or math.isnan(values[i])

    changed = True
    while changed:
        changed = False
        for indices in groups:
            if sum(hidden(i) for i in indices) != 1:
                continue
            candidates = [i for i in indices if not hidden(i)]
            smallest = min(candidates, key=lambda i: (values[i], indices.index(i)))
            reason[smallest] = "secondary"
            changed = True

    result = cells.copy()
    is_suppressed = np.array([r is not None for r in reason], dtype=bool)
    result["suppressed"] = is_suppressed
    result["reason"] = pd.Series(reason, index=cells.index, dtype=object)
    for column in ("value", "numerator", "denominator"):
        if column in result.columns:
            result[column] = pd.to_numeric(result[column]).astype(float)
            result.loc[is_suppressed, column] = np.nan
    return result


def sex_relations(
    keys: Iterable[tuple[Hashable, Hashable]],
    *,
    total: Hashable = "total",
    parts: Sequence[Hashable] = ("women", "men"),
) -> list[tuple[tuple[Hashable, Hashable], list[tuple[Hashable, Hashable]]]]:
    """Relations (area, 'total') = (area, 'women') + (area, 'men') for every area with all three.

    ``keys`` are (area, sex) tuples; areas lacking any of the three cells get no relation.
    Areas appear in first-seen order.
    """
    present: dict[Hashable, set[Hashable]] = {}
    for key in keys:
        if not (isinstance(key, tuple) and len(key) == 2):
            raise ValueError(f"keys must be (area, sex) tuples, got {key!r}")
        present.setdefault(key[0], set()).add(key[1])
    needed = {total, *parts}
    return [
        ((area, total), [(area, part) for part in parts])
        for area, sexes in present.items()
        if needed <= sexes
    ]


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
