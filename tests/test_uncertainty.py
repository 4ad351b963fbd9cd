"""Uncertainty of small-area rates: Wilson intervals by hand and at the edges, change readings."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from indicators.methods.uncertainty import change_reading, wilson_interval


def test_wilson_small_sample_by_hand() -> None:
    """8 of 10, z = 1.959964, z² = 3.841459, z²/n = 0.3841459:
    centre = (0.8 + 3.841459 / 20) / 1.3841459 = 0.9920729 / 1.3841459 = 0.7167402
    half   = 1.959964 / 1.3841459 × √(0.8 × 0.2 / 10 + 3.841459 / 400)
           = 1.4160164 × √(0.016 + 0.0096036) = 1.4160164 × 0.1600113 = 0.2265777
    → (0.4901625, 0.9433178)."""
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.4901625, abs=1e-7)
    assert high == pytest.approx(0.9433178, abs=1e-7)


def test_wilson_large_sample_by_hand() -> None:
    """85,125 of 95,033: p = 0.8957415, z²/n = 3.841459 / 95,033 = 0.0000404224:
    centre = (0.8957415 + 0.0000202112) / 1.0000404224 = 0.8957255
    half   = 1.959964 / 1.0000404 × √(0.8957415 × 0.1042585 / 95,033 + 3.841459 / (4 × 95,033²))
           = 1.9598848 × √(9.82706e-7 + 1.06e-10) = 1.9598848 × 0.00099136 = 0.0019430
    → (0.8937825, 0.8976684), i.e. 89.57 % ± 0.19 percentage points."""
    low, high = wilson_interval(85_125, 95_033)
    assert low == pytest.approx(0.8937825, abs=1e-7)
    assert high == pytest.approx(0.8976684, abs=1e-7)


def test_wilson_vectorised_edges() -> None:
    """0 of n → low 0; n of n → high 1; denominator 0 → (nan, nan)."""
    low, high = wilson_interval(np.array([0, 10, 0, 3]), pd.Series([10, 10, 0, 5]))
    assert low[0] == 0.0 and high[1] == 1.0
    assert math.isnan(low[2]) and math.isnan(high[2])
    assert 0 < low[3] < 0.6 < high[3] < 1
    assert all(math.isnan(v) for v in wilson_interval(0, 0))


@pytest.mark.parametrize(("x", "n", "z"), [(11, 10, 1.96), (-1, 10, 1.96), (1, 10, 0.0)])
def test_wilson_rejects_nonsense(x, n, z) -> None:
    with pytest.raises(ValueError):
        wilson_interval(x, n, z)


@pytest.mark.parametrize(
    ("ci_a", "ci_b", "a", "b", "expected"),
    [
        # 0.78 (0.75–0.81) → 0.80 (0.77–0.83): 0.80 inside a's interval → no clear change
        ((0.75, 0.81), (0.77, 0.83), 0.78, 0.80, "no_clear_change"),
        # 0.78 (0.76–0.80) → 0.85 (0.83–0.87): neither inside the other → increase
        ((0.76, 0.80), (0.83, 0.87), 0.78, 0.85, "increase"),
        # intervals overlap at the tails (0.76–0.82 and 0.80–0.86) but 0.83 ∉ a, 0.79 ∉ b
        ((0.76, 0.82), (0.80, 0.86), 0.79, 0.83, "increase"),
        ((0.83, 0.87), (0.76, 0.80), 0.85, 0.78, "decrease"),
    ],
)
def test_change_reading(ci_a, ci_b, a, b, expected) -> None:
    assert change_reading(ci_a, ci_b, a, b) == expected


def test_change_reading_rejects_missing() -> None:
    with pytest.raises(ValueError):
        change_reading((float("nan"), float("nan")), (0.1, 0.2), 0.1, 0.15)
    with pytest.raises(ValueError):
        change_reading((0.3, 0.2), (0.1, 0.2), 0.25, 0.15)


# --- group protection (METHODS §4: the suppressed parts together must pass too) -------------
