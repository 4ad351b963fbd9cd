"""Tests for indicators.methods.scores: 0–100 scores, power means and composites (METHODS.md §1)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from indicators.methods.scores import composite, power_mean, score

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize(
    ("value", "best", "worst", "expected"),
    [
        # 100 × (78 − 50) / (100 − 50) = 100 × 28 / 50 = 56
        (78.0, 100.0, 50.0, 56.0),
        # lower is better: best 0, worst 20 → 100 × (5 − 20) / (0 − 20) = 75
        (5.0, 0.0, 20.0, 75.0),
        # outside the anchors: clipped
        (120.0, 100.0, 50.0, 100.0),
        (40.0, 100.0, 50.0, 0.0),
        (25.0, 0.0, 20.0, 0.0),
    ],
)
def test_score_by_hand(value: float, best: float, worst: float, expected: float) -> None:
    assert score(value, best, worst) == pytest.approx(expected)


def test_score_is_vectorised_and_keeps_nan() -> None:
    """Scores 100 × (x − 50) / 50 for x = 50, 75, NaN, 110 → 0, 50, NaN, 100 (clipped)."""
    array = score(np.array([50.0, 75.0, np.nan, 110.0]), 100, 50)
    assert isinstance(array, np.ndarray)
    np.testing.assert_allclose(array, [0.0, 50.0, np.nan, 100.0])
    series = score(pd.Series([50.0, 75.0, None, 110.0], index=list("abcd")), 100, 50)
    assert isinstance(series, pd.Series)
    assert list(series.index) == list("abcd")
    np.testing.assert_allclose(series.to_numpy(), [0.0, 50.0, np.nan, 100.0])
    assert math.isnan(score(float("nan"), 100, 50))
    assert math.isnan(score(None, 100, 50))


def test_score_unclipped() -> None:
    """100 × (120 − 50) / 50 = 140 when clip=False."""
    assert score(120.0, 100, 50, clip=False) == pytest.approx(140.0)


@pytest.mark.parametrize(("best", "worst"), [(1.0, 1.0), (float("nan"), 0.0), (0.0, float("inf"))])
def test_score_rejects_bad_anchors(best: float, worst: float) -> None:
    with pytest.raises(ValueError):
        score(0.5, best, worst)


def test_score_rejects_text() -> None:
    with pytest.raises(ValueError):
        score("high", 1.0, 0.0)


@settings(max_examples=200, deadline=None)
@given(x=finite, best=finite, worst=finite)
def test_score_stays_in_range(x: float, best: float, worst: float) -> None:
    assume(abs(best - worst) > 1e-6)
    assert 0.0 <= score(x, best, worst) <= 100.0


@settings(max_examples=200, deadline=None)
@given(x=finite, y=finite, best=finite, worst=finite)
def test_score_is_monotone_in_the_value(x: float, y: float, best: float, worst: float) -> None:
    """Moving the value toward the best anchor never lowers the score."""
    assume(abs(best - worst) > 1e-6)
    low, high = sorted((x, y))
    if best > worst:
        assert score(low, best, worst) <= score(high, best, worst)
    else:
        assert score(low, best, worst) >= score(high, best, worst)


@settings(max_examples=200, deadline=None)
@given(x=finite, best=finite, worst=finite)
def test_score_is_symmetric_under_direction_reversal(x: float, best: float, worst: float) -> None:
    """score(x, b, w) + score(x, w, b) = 100 (exactly so before clipping; also after it)."""
    assume(abs(best - worst) > 1e-3)
    forward, backward = score(x, best, worst, clip=False), score(x, worst, best, clip=False)
    rounding = 1e-9 * (abs(forward) + abs(backward)) + 1e-9
    assert forward + backward == pytest.approx(100.0, abs=rounding)
    if min(best, worst) <= x <= max(best, worst):
        assert score(x, best, worst) + score(x, worst, best) == pytest.approx(100.0, abs=1e-6)


@pytest.mark.parametrize(
    ("values", "weights", "p", "expected"),
    [
        # arithmetic: (40 + 80) / 2 = 60
        ([40.0, 80.0], None, 1.0, 60.0),
        # weighted: (1 × 40 + 3 × 80) / 4 = 280 / 4 = 70
        ([40.0, 80.0], [1.0, 3.0], 1.0, 70.0),
        # geometric: √(40 × 90) = √3600 = 60
        ([40.0, 90.0], None, 0.0, 60.0),
        # harmonic: 2 / (1/40 + 1/120) = 2 / (4/120) = 60
        ([40.0, 120.0], None, -1.0, 60.0),
        # p = 2: √((30² + 40²) / 2) = √(2500 / 2) = √1250 ≈ 35.3553
        ([30.0, 40.0], None, 2.0, math.sqrt(1250.0)),
        # a zero with p ≤ 0: the limit, 0
        ([0.0, 90.0], None, 0.0, 0.0),
        ([0.0, 90.0], None, -1.0, 0.0),
        # a zero with p = 0.5: ((√0 + √100) / 2)² = 5² = 25
        ([0.0, 100.0], None, 0.5, 25.0),
        # a zero with weight 0 is ignored
        ([0.0, 90.0], [0.0, 1.0], 0.0, 90.0),
    ],
)
def test_power_mean_by_hand(values, weights, p, expected) -> None:
    assert power_mean(values, weights, p) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("values", "weights", "p"),
    [
        ([], None, 1.0),
        ([1.0, float("nan")], None, 1.0),
        ([1.0, 2.0], [1.0], 1.0),
        ([1.0, 2.0], [-1.0, 2.0], 1.0),
        ([1.0, 2.0], [0.0, 0.0], 1.0),
        ([-1.0, 2.0], None, 0.5),
        ([1.0, 2.0], None, float("inf")),
    ],
)
def test_power_mean_rejects_nonsense(values, weights, p) -> None:
    with pytest.raises(ValueError):
        power_mean(values, weights, p)


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.floats(0, 100), min_size=1, max_size=6),
    p=st.sampled_from([-2.0, -1.0, 0.0, 0.5, 1.0, 2.0]),
)
def test_power_mean_lies_between_min_and_max_and_below_arithmetic(values, p) -> None:
    result = power_mean(values, p=p)
    assert min(values) <= result <= max(values)
    if p <= 1:
        assert result <= power_mean(values, p=1.0) + 1e-9


def _long(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["area_id", "indicator_id", "score"])


PARENT_OF = {"turnout": "participation", "members": "participation", "pulse": "participation",
             "emissions": "climate", "cars": "climate"}


def test_composite_by_hand() -> None:
    """Area A: participation = (60 + 90 + 30) / 3 = 60, coverage 3/3; climate = (20 + 80) / 2 =
    50. Area B: participation has 1 of 3 (coverage 1/3 < 0.5) → NaN; climate 2/2 with weights
    emissions 3, cars 1 → (3 × 40 + 1 × 80) / 4 = 200 / 4 = 50."""
    frame = _long([
        ("A", "turnout", 60), ("A", "members", 90), ("A", "pulse", 30),
        ("A", "emissions", 20), ("A", "cars", 80),
        ("B", "turnout", 70), ("B", "members", float("nan")),
        ("B", "emissions", 40), ("B", "cars", 80),
    ])
    unweighted = composite(frame, PARENT_OF).set_index(["area_id", "parent_id"])
    assert list(unweighted.columns) == ["score", "coverage", "n_available", "n_expected"]
    assert unweighted.loc[("A", "participation"), "score"] == pytest.approx(60.0)
    assert unweighted.loc[("A", "climate"), "score"] == pytest.approx(50.0)
    b_part = unweighted.loc[("B", "participation")]
    assert math.isnan(b_part["score"])
    assert b_part["coverage"] == pytest.approx(1 / 3)
    assert (b_part["n_available"], b_part["n_expected"]) == (1, 3)
    weighted = composite(frame, PARENT_OF, weights={"emissions": 3.0}).set_index(
        ["area_id", "parent_id"]
    )
    assert weighted.loc[("B", "climate"), "score"] == pytest.approx(50.0)
    assert weighted.loc[("A", "climate"), "score"] == pytest.approx((3 * 20 + 80) / 4)


def test_composite_coverage_threshold_is_inclusive_and_configurable() -> None:
    """2 of 4 children = coverage 0.5 ≥ 0.5 → (40 + 60) / 2 = 50; with min_coverage 0.75 → NaN."""
    parent_of = {"a": "x", "b": "x", "c": "x", "d": "x"}
    frame = _long([("A", "a", 40), ("A", "b", 60)])
    assert composite(frame, parent_of)["score"].iloc[0] == pytest.approx(50.0)
    assert math.isnan(composite(frame, parent_of, min_coverage=0.75)["score"].iloc[0])


def test_composite_twice_components_then_dimension() -> None:
    """Components: A/c1 = (50 + 70) / 2 = 60, A/c2 = 90 / 1 (coverage 1/2 ≥ 0.5) = 90.
    Dimension d = (60 + 90) / 2 = 75 arithmetic; geometric √(60 × 90) = √5400 ≈ 73.4847."""
    frame = _long([("A", "i1", 50), ("A", "i2", 70), ("A", "i3", 90)])
    components = composite(frame, {"i1": "c1", "i2": "c1", "i3": "c2", "i4": "c2"})
    again = components.rename(columns={"parent_id": "indicator_id"})
    dimension = composite(again, {"c1": "d", "c2": "d"})
    assert dimension["score"].iloc[0] == pytest.approx(75.0)
    geometric = composite(again, {"c1": "d", "c2": "d"}, p=0.0)
    assert geometric["score"].iloc[0] == pytest.approx(math.sqrt(5400.0))


def test_composite_rejects_nonsense() -> None:
    frame = _long([("A", "turnout", 60)])
    with pytest.raises(ValueError, match="without a parent"):
        composite(_long([("A", "unknown", 1)]), PARENT_OF)
    with pytest.raises(ValueError, match="duplicated"):
        composite(pd.concat([frame, frame]), PARENT_OF)
    with pytest.raises(ValueError, match="min_coverage"):
        composite(frame, PARENT_OF, min_coverage=1.5)
    with pytest.raises(ValueError, match="lacks columns"):
        composite(frame.drop(columns="score"), PARENT_OF)
    with pytest.raises(ValueError, match="weights"):
        composite(frame, PARENT_OF, weights={"turnout": -1.0})
