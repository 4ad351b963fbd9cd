"""Scores 0–100 and composites (METHODS.md §1, Social Progress Index style).

Pure functions, no I/O. ``score`` rescales a raw value between fixed anchors, ``power_mean`` is the
generalised weighted mean used to aggregate scores, and ``composite`` groups indicator scores into
their parents (components, then dimensions, then the index) with an explicit coverage rule.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeAlias, TypeVar, overload

import numpy as np
import pandas as pd

from indicators.methods.guards import finite

Id = TypeVar("Id", bound=Hashable)
Frame = TypeVar("Frame", pd.Series, pd.DataFrame)
Scorable: TypeAlias = float | np.ndarray | pd.Series | pd.DataFrame


def _sorted_ids(ids: Iterable[Id]) -> list[Id]:
    """Ids in their natural order, or as text when they cannot be compared (mixed types)."""
    try:
        return sorted(ids)  # type: ignore[type-var]
    except TypeError:
        return sorted(ids, key=str)


@overload
def score(value: float | None, best: float, worst: float, *, clip: bool = True) -> float: ...
@overload
def score(value: np.ndarray, best: float, worst: float, *, clip: bool = True) -> np.ndarray: ...
@overload
def score(value: Frame, best: float, worst: float, *, clip: bool = True) -> Frame: ...
def score(value: Scorable | None, best: float, worst: float, *, clip: bool = True) -> Scorable:
    """Rescale ``value`` to 0–100 between fixed anchors.

    score = 100 × (x − worst) / (best − worst), clipped to [0, 100].

    Direction is carried by the anchors: for lower-is-better indicators pass ``best < worst``
    and the same formula applies. Works element-wise on scalars, numpy arrays and pandas
    Series/DataFrames (the result has the same kind); NaN stays NaN (``None`` scalars count as
    NaN). ``clip=False`` returns the unclipped linear score, e.g. to detect values outside the
    anchors. Raises ``ValueError`` when an anchor is not finite or ``best == worst``.
    """
    best_value = finite(best, "best")
    worst_value = finite(worst, "worst")
    if best_value == worst_value:
        raise ValueError(f"best and worst anchors must differ, both are {best_value!r}")
    span = best_value - worst_value
    if isinstance(value, (pd.Series, pd.DataFrame)):
        try:
            numeric = value.astype(float)
        except (TypeError, ValueError):
            raise ValueError("score needs numeric values") from None
        result = 100.0 * (numeric - worst_value) / span
        return result.clip(0.0, 100.0) if clip else result
    if value is None:
        return math.nan
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"score needs numeric values, got {value!r}") from None
    result_array = 100.0 * (array - worst_value) / span
    if clip:
        result_array = np.clip(result_array, 0.0, 100.0)
    if result_array.ndim == 0:
        return float(result_array)
    return result_array


def power_mean(
    values: Sequence[float] | np.ndarray | pd.Series,
    weights: Sequence[float] | np.ndarray | pd.Series | None = None,
    p: float = 1.0,
) -> float:
    """Generalised (power) weighted mean of non-negative values.

    With weights normalised to w_i / Σw:

    - p ≠ 0: M_p = (Σ w_i · x_i^p)^(1/p)   (p = 1 arithmetic, p = −1 harmonic)
    - p = 0: M_0 = exp(Σ w_i · ln x_i)      (geometric mean, the limit p → 0)

    p < 1 penalises imbalance (M_p ≤ M_1). Zeros with p ≤ 0: x^p and ln x are undefined at 0,
    but M_p → 0 as any x_i (with w_i > 0) → 0, so the result is defined as that limit, 0: a
    zero score cannot be compensated when p ≤ 0. Values with weight 0 are ignored.

    Raises ``ValueError`` on an empty input, NaN or infinite values (drop missing scores before:
    coverage is the caller's decision, see ``composite``), negative values when p ≠ 1, negative
    or all-zero weights, a weights/values length mismatch or a non-finite p.
    """
    exponent = finite(p, "p")
    x = np.asarray(values, dtype=float).ravel()
    if x.size == 0:
        raise ValueError("power_mean needs at least one value")
    if not np.all(np.isfinite(x)):
        raise ValueError("power_mean values must be finite (drop missing values first)")
    if weights is None:
        w = np.ones_like(x)
    else:
        w = np.asarray(weights, dtype=float).ravel()
        if w.shape != x.shape:
            raise ValueError(f"got {x.size} values but {w.size} weights")
        if not np.all(np.isfinite(w)) or np.any(w < 0):
            raise ValueError("weights must be finite and non-negative")
    if w.sum() <= 0:
        raise ValueError("weights must not all be zero")
    keep = w > 0
    x, w = x[keep], w[keep] / w[keep].sum()
    if exponent != 1.0 and np.any(x < 0):
        raise ValueError("power_mean with p ≠ 1 needs non-negative values")
    if exponent == 1.0:
        result = float(np.dot(w, x))
    elif np.all(x == 0) or (exponent <= 0 and np.any(x == 0)):
        result = 0.0
    elif exponent == 0.0:
        result = float(np.exp(np.dot(w, np.log(x))))
    else:
        # log-sum-exp form of (Σ w x^p)^(1/p): no overflow for tiny x and negative p
        with np.errstate(divide="ignore"):  # log 0 = −inf contributes x^p = 0 when p > 0
            terms = np.log(w) + exponent * np.log(x)
        peak = terms.max()
        result = float(np.exp((peak + np.log(np.exp(terms - peak).sum())) / exponent))
    # Rounding can push the mean a hair outside [min, max]; a mean never leaves that range.
    return float(min(max(result, x.min()), x.max()))


def composite(
    scores: pd.DataFrame,
    parent_of: Mapping[str, str],
    weights: Mapping[str, float] | None = None,
    p: float = 1.0,
    min_coverage: float = 0.5,
) -> pd.DataFrame:
    """Aggregate child scores into parent scores per area, never imputing missing children.

    ``scores`` is long: ``area_id, indicator_id, score`` (NaN or an absent row = missing).
    ``parent_of`` maps every child id to its parent id; it also defines which children a parent
    *expects*. For each area present in ``scores`` and each parent:

    - n_expected = number of children of the parent in ``parent_of``
    - n_available = children with a non-missing score for the area
    - coverage = n_available / n_expected (a count share, not weighted)
    - score = power_mean(available scores, their weights, p) — weights renormalised over the
      available children — if coverage ≥ min_coverage and n_available ≥ 1, else NaN.

    ``weights`` maps child id → weight (≥ 0); children not listed weigh 1.0 (equal by default).
    Returns ``area_id, parent_id, score, coverage, n_available, n_expected`` sorted by area and
    parent. To go one level up, rename the output (``parent_id`` → ``indicator_id``) and pass it
    again with a mapping component → dimension (then dimension → index).

    Raises ``ValueError`` on missing columns, duplicated (area_id, indicator_id) rows, children
    absent from ``parent_of``, negative weights or min_coverage outside [0, 1].
    """
    coverage_floor, weight_of = _checked_arguments(scores, parent_of, weights, p, min_coverage)
    frame = _checked_scores(scores, parent_of)
    value_of = {
        (area, child): float(value)
        for area, child, value in frame.itertuples(index=False, name=None)
        if value is not None and not pd.isna(value)
    }
    children_of: dict[str, list[str]] = {}
    for child, parent in parent_of.items():
        children_of.setdefault(parent, []).append(child)

    rows = []
    for area in _sorted_ids(pd.unique(frame["area_id"])):
        for parent in _sorted_ids(children_of):
            children = children_of[parent]
            available = [c for c in children if (area, c) in value_of]
            coverage = len(available) / len(children)
            value = math.nan
            if available and coverage >= coverage_floor:
                child_weights = [weight_of.get(c, 1.0) for c in available]
                if sum(child_weights) > 0:
                    value = power_mean(
                        [value_of[(area, c)] for c in available], child_weights, p
                    )
            rows.append((area, parent, value, coverage, len(available), len(children)))
    result = pd.DataFrame(
        rows,
        columns=["area_id", "parent_id", "score", "coverage", "n_available", "n_expected"],
    )
    return result.astype(
        {"score": float, "coverage": float, "n_available": int, "n_expected": int}
    )


def _checked_arguments(scores: pd.DataFrame, parent_of: Mapping[str, str],
                       weights: Mapping[str, float] | None, p: float,
                       min_coverage: float) -> tuple[float, dict[str, float]]:
    """The coverage floor and the weights of ``composite``, checked (with its columns)."""
    required = {"area_id", "indicator_id", "score"}
    missing_columns = required - set(scores.columns)
    if missing_columns:
        raise ValueError(f"scores lacks columns: {sorted(missing_columns)}")
    if not parent_of:
        raise ValueError("parent_of is empty")
    coverage_floor = finite(min_coverage, "min_coverage")
    if not 0.0 <= coverage_floor <= 1.0:
        raise ValueError(f"min_coverage must lie in [0, 1], got {min_coverage!r}")
    finite(p, "p")
    weight_of = dict(weights or {})
    bad_weights = {k: v for k, v in weight_of.items() if not (math.isfinite(v) and v >= 0)}
    if bad_weights:
        raise ValueError(f"weights must be finite and non-negative: {bad_weights}")
    return coverage_floor, weight_of


def _checked_scores(scores: pd.DataFrame, parent_of: Mapping[str, str]) -> pd.DataFrame:
    """The area, child and score columns of ``composite``'s input: one row per (area, child),
    every child with a parent."""
    frame = scores.loc[:, ["area_id", "indicator_id", "score"]]
    duplicated = frame.duplicated(["area_id", "indicator_id"])
    if duplicated.any():
        first = frame.loc[duplicated, ["area_id", "indicator_id"]].iloc[0].tolist()
        raise ValueError(f"duplicated (area_id, indicator_id) rows, e.g. {first}")
    unknown = sorted(set(frame["indicator_id"]) - set(parent_of), key=str)
    if unknown:
        raise ValueError(f"indicators without a parent in parent_of: {unknown}")
    return frame
