"""Tests for indicators.methods.peers: similar districts and strength readings (METHODS.md §5)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.methods.peers import nearest_peers, strength_reading


def _context() -> pd.DataFrame:
    """Two variables. x = 0, 1, 2, 3 → mean 1.5, population sd √1.25 = 1.1180340;
    y = 10, 10, 10, 10 → constant, contributes 0."""
    return pd.DataFrame(
        {"x": [0.0, 1.0, 2.0, 3.0], "y": [10.0, 10.0, 10.0, 10.0]},
        index=pd.Index(["A", "B", "C", "D"], name="area_id"),
    )


def test_nearest_peers_by_hand() -> None:
    """From A (z = −1.5 / 1.1180340 = −1.3416408): distances |Δx| / 1.1180340 →
    B 1 / 1.118034 = 0.8944272, C 1.7888544, D 2.6832816."""
    peers = nearest_peers(_context(), "A", k=2)
    assert list(peers.columns) == ["area_id", "distance"]
    assert peers["area_id"].tolist() == ["B", "C"]
    assert peers["distance"].tolist() == pytest.approx([0.8944272, 1.7888544])
    assert "A" not in nearest_peers(_context(), "A", k=10)["area_id"].tolist()


def test_ties_are_broken_by_area_id() -> None:
    """From B, A and C are both 1 / 1.118034 away: A comes first."""
    peers = nearest_peers(_context(), "B", k=3)
    assert peers["area_id"].tolist() == ["A", "C", "D"]
    assert peers["distance"].iloc[0] == pytest.approx(peers["distance"].iloc[1])


def test_weights_and_missing_values() -> None:
    """x = 0, 2, 4 (sd √(8/3) = 1.6329932), u = 0, 0, 3 (mean 1, sd √2 = 1.4142136), weights
    x 1, u 3. A–B: z_x diff 2 / 1.6329932 = 1.2247449 → 1.5; z_u diff 0 → d = √1.5 = 1.2247449.
    A–C: C's x is missing → only u is shared (weight 3 of 4): u diff 3 / 1.4142136 = 2.1213203,
    squared 4.5 × 3 = 13.5, rescaled × 4/3 = 18 → d = √18 = 4.2426407."""
    context = pd.DataFrame(
        {"x": [0.0, 2.0, None, 4.0], "u": [0.0, 0.0, 3.0, None]},
        index=["A", "B", "C", "E"],
    )
    # x over A, B, E = 0, 2, 4; u over A, B, C = 0, 0, 3
    peers = nearest_peers(context, "A", k=5, weights={"u": 3.0}).set_index("area_id")
    assert peers.loc["B", "distance"] == pytest.approx(math.sqrt(1.5))
    assert peers.loc["C", "distance"] == pytest.approx(math.sqrt(18.0))
    # E: only x shared (weight 1 of 4): (4 / 1.6329932)² = 6, × 4 = 24 → √24
    assert peers.loc["E", "distance"] == pytest.approx(math.sqrt(24.0))


@pytest.mark.parametrize(
    ("area", "kwargs"),
    [("Z", {}), ("A", {"k": 0}), ("A", {"weights": {"nope": 1.0}}),
     ("A", {"weights": {"x": 0.0, "y": 0.0}}), ("A", {"weights": {"x": -1.0}})],
)
def test_nearest_peers_rejects_nonsense(area, kwargs) -> None:
    with pytest.raises(ValueError):
        nearest_peers(_context(), area, **kwargs)


def test_nearest_peers_rejects_text_columns() -> None:
    context = _context().assign(name=["a", "b", "c", "d"])
    with pytest.raises(ValueError, match="numeric"):
        nearest_peers(context, "A")


@pytest.mark.parametrize(
    ("value", "peers", "direction", "status"),
    [
        # peers 70, 80, 90: median 80, MAD = (10 + 0 + 10) / 3 = 6.667
        (90.0, [70, 80, 90], 1, "strength"),  # 90 − 80 = 10 > 6.667
        (85.0, [70, 80, 90], 1, "similar"),  # 5 ≤ 6.667
        (70.0, [70, 80, 90], 1, "weakness"),  # −10 < −6.667
        (70.0, [70, 80, 90], -1, "strength"),  # lower is better: −1 × −10 = 10
        (86.0, [70, 80, 90, float("nan")], 1, "similar"),  # NaN peer ignored
        (90.0, [70, 80], 1, "insufficient_data"),
        (float("nan"), [70, 80, 90], 1, "insufficient_data"),
    ],
)
def test_strength_reading(value, peers, direction, status) -> None:
    reading = strength_reading(value, peers, direction)
    assert reading.status == status


def test_strength_reading_numbers() -> None:
    """Peers 1, 2, 3, 10: median (2 + 3) / 2 = 2.5; MAD = (1.5 + 0.5 + 0.5 + 7.5) / 4 = 2.5."""
    reading = strength_reading(6.0, [1, 2, 3, 10], 1)
    assert (reading.median, reading.mad, reading.n_peers) == (2.5, 2.5, 4)
    assert reading.status == "strength"  # 6 − 2.5 = 3.5 > 2.5


def test_strength_reading_rejects_bad_direction() -> None:
    with pytest.raises(ValueError):
        strength_reading(1.0, [1, 2, 3], 0)
