"""Peers and strengths (METHODS.md §5, after Kolada's likhetsutsökning).

``nearest_peers`` finds the districts most similar on standardised context variables, and
``strength_reading`` says whether a district does better or worse than those peers.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

PEER_STATUSES = ("strength", "weakness", "similar", "insufficient_data")
MIN_PEERS = 3


@dataclass(frozen=True)
class PeerReading:
    """Outcome of ``strength_reading``; median/mad are None when there are no peer values."""

    status: str
    median: float | None
    mad: float | None
    n_peers: int


def nearest_peers(
    context: pd.DataFrame,
    area_id: Hashable,
    *,
    k: int = 5,
    weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """The k areas nearest to ``area_id`` on z-standardised context variables.

    For each column j: z_ij = (x_ij − mean_j) / sd_j with the population sd (ddof = 0) over the
    non-missing values; a constant column (sd = 0) gets z = 0 everywhere and so contributes 0.

        distance(a, i)² = (W / W_ai) × Σ_{j observed for both} w_j (z_aj − z_ij)²

    where w_j are the weights (default 1; columns not listed in ``weights`` weigh 1), W = Σ w_j
    over all columns and W_ai = Σ w_j over the columns observed for both areas. Missing values are
    thus dropped pairwise and the sum rescaled to all columns (as scikit-learn's nan-Euclidean
    distance); an area sharing no weighted column with ``area_id`` is left out.
    The area itself is excluded; ties (distances equal to 12 decimals) are broken by area_id so
    the result is stable.
    Returns ``area_id, distance`` sorted by distance, at most k rows.
    Raises ``ValueError`` for an unknown area, k < 1, non-numeric columns, duplicated index,
    weights for unknown columns, negative or all-zero weights, or an area with no context values.
    """
    w = _checked_weights(context, area_id, k, weights)
    z = _z_scores(context)
    row = context.index.get_loc(area_id)
    if np.all(np.isnan(z[row]) | (w == 0)):
        raise ValueError(f"area {area_id!r} has no context values with weight > 0")
    result = _distances(context.index, z, row, w)
    if result.empty:
        return result.astype({"distance": float})
    return _nearest(result, int(k))


def _checked_weights(context: pd.DataFrame, area_id: Hashable, k: int,
                     weights: Mapping[str, float] | None) -> np.ndarray:
    """The weight of every context column, after checking the arguments."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive whole number, got {k!r}")
    if context.index.has_duplicates:
        raise ValueError("context index (area_id) must be unique")
    if area_id not in context.index:
        raise ValueError(f"area {area_id!r} is not in the context table")
    if context.shape[1] == 0:
        raise ValueError("context has no columns")
    non_numeric = [
        c for c in context.columns
        if not (pd.api.types.is_numeric_dtype(context[c]) or pd.api.types.is_bool_dtype(context[c]))
    ]
    if non_numeric:
        raise ValueError(f"context columns must be numeric (encode categories): {non_numeric}")
    weight_of = dict(weights or {})
    unknown = [c for c in weight_of if c not in context.columns]
    if unknown:
        raise ValueError(f"weights for unknown columns: {unknown}")
    w = np.array([float(weight_of.get(c, 1.0)) for c in context.columns])
    if not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise ValueError("weights must be finite, non-negative and not all zero")
    return w


def _z_scores(context: pd.DataFrame) -> np.ndarray:
    """z_ij = (x_ij − mean_j) / sd_j (population sd over the non-missing values); 0 for a
    constant column, NaN where the value is missing."""
    x = context.astype(float).to_numpy()
    with warnings.catch_warnings():  # an all-missing column gives NaN, handled below
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(x, axis=0)
        sd = np.nanstd(x, axis=0)
    spread = np.where(sd > 0, sd, 1.0)
    return np.where(sd > 0, (x - mean) / spread, np.where(np.isnan(x), np.nan, 0.0))


def _distances(areas: pd.Index, z: np.ndarray, row: int, w: np.ndarray) -> pd.DataFrame:
    """The distance of every other area sharing a weighted column with area `row`."""
    own = z[row]
    total_weight = w.sum()
    rows = []
    for i, other in enumerate(areas):
        if i == row:
            continue
        both = ~np.isnan(own) & ~np.isnan(z[i]) & (w > 0)
        shared = w[both].sum()
        if shared <= 0:
            continue
        squared = (total_weight / shared) * np.sum(w[both] * (own[both] - z[i][both]) ** 2)
        rows.append((other, math.sqrt(squared)))
    return pd.DataFrame(rows, columns=["area_id", "distance"])


def _nearest(result: pd.DataFrame, k: int) -> pd.DataFrame:
    """The k nearest, ties (equal to 12 decimals) broken by area_id."""
    result["_tie"] = result["distance"].round(12)
    try:
        result = result.sort_values(["_tie", "area_id"], kind="mergesort")
    except TypeError:  # mixed id types: break ties on the ids as text
        result["_text"] = result["area_id"].astype(str)
        result = result.sort_values(["_tie", "_text"], kind="mergesort").drop(columns="_text")
    return result.head(k).drop(columns="_tie").reset_index(drop=True)


def strength_reading(
    value: float | None,
    peer_values: Sequence[float] | np.ndarray | pd.Series,
    direction: int,
) -> PeerReading:
    """Is ``value`` a strength or a weakness compared with its peers?

    With the peers' non-missing values: median m, MAD = mean(|x_i − m|) (mean absolute deviation
    around the median), d = direction (+1 higher is better, −1 lower is better):

    - ``strength`` when d × (value − m) > MAD (better than the median by more than the spread),
    - ``weakness`` when d × (value − m) < −MAD,
    - ``similar`` otherwise (bounds included);
    - ``insufficient_data`` with fewer than 3 peer values or a missing value.
    When all peers are equal (MAD = 0) any difference counts.
    """
    if direction not in (1, -1):
        raise ValueError(f"direction must be 1 or -1, got {direction!r}")
    peers = np.asarray(peer_values, dtype=float).ravel()
    if np.any(np.isinf(peers)):
        raise ValueError("peer values must be finite")
    peers = peers[~np.isnan(peers)]
    if peers.size == 0:
        return PeerReading("insufficient_data", None, None, 0)
    median = float(np.median(peers))
    mad = float(np.mean(np.abs(peers - median)))
    if peers.size < MIN_PEERS or value is None or pd.isna(value):
        return PeerReading("insufficient_data", median, mad, int(peers.size))
    difference = direction * (float(value) - median)
    if difference > mad:
        status = "strength"
    elif difference < -mad:
        status = "weakness"
    else:
        status = "similar"
    return PeerReading(status, median, mad, int(peers.size))
