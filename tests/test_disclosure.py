"""Tests for indicators.disclosure: Wilson intervals, suppression, change readings (§4)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.disclosure import change_reading, sex_relations, suppress, wilson_interval


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


def _table(rows: dict) -> pd.DataFrame:
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=["value", "kind"])
    frame.index = pd.Index(list(rows), tupleize_cols=False)
    return frame


def test_suppression_by_hand() -> None:
    """Ålidhem: women 3, men 40, total 43. Primary: women 3 < 5. The relation
    total = women + men then has exactly one hidden member (women = 43 − 40 would be
    recomputable), so the smallest published other member, men (40 < 43), is suppressed
    secondarily. Berghem: women 30, men 25, total 55: all published. Berghem's share of
    (total, 'rate') is a rate on 40 < 50 persons → primary."""
    cells = _table({
        ("Ålidhem", "women"): (3, "count"),
        ("Ålidhem", "men"): (40, "count"),
        ("Ålidhem", "total"): (43, "count"),
        ("Berghem", "women"): (30, "count"),
        ("Berghem", "men"): (25, "count"),
        ("Berghem", "total"): (55, "count"),
        ("Berghem", "rate"): (0.5, "rate"),
    })
    cells["denominator"] = [np.nan] * 6 + [40]
    relations = sex_relations([k for k in cells.index if k[1] != "rate"])
    assert relations == [
        (("Ålidhem", "total"), [("Ålidhem", "women"), ("Ålidhem", "men")]),
        (("Berghem", "total"), [("Berghem", "women"), ("Berghem", "men")]),
    ]
    result = suppress(cells, relations=relations)
    reasons = dict(zip(result.index, result["reason"], strict=True))
    assert reasons[("Ålidhem", "women")] == "primary"
    assert reasons[("Ålidhem", "men")] == "secondary"
    assert reasons[("Ålidhem", "total")] is None
    assert reasons[("Berghem", "rate")] == "primary"
    assert [reasons[("Berghem", s)] for s in ("women", "men", "total")] == [None] * 3
    assert result["suppressed"].sum() == 3
    assert math.isnan(result.loc[[("Ålidhem", "men")], "value"].iloc[0])
    assert result.loc[[("Ålidhem", "total")], "value"].iloc[0] == 43
    assert math.isnan(result.loc[[("Berghem", "rate")], "denominator"].iloc[0])


def test_zero_counts_are_suppressed() -> None:
    """0 is below k = 5: suppressed (a published 0 tells something about everyone)."""
    cells = _table({"a": (0, "count"), "b": (4, "count"), "c": (5, "count")})
    assert suppress(cells)["reason"].tolist() == ["primary", "primary", None]


def test_secondary_suppression_chains_to_a_fixed_point() -> None:
    """Two linked relations: T = A + B and B = B1 + B2. B1 = 2 is primary; in B = B1 + B2 the
    smallest other published member is B2 = 30 (< B = 32) → secondary. Now T = A + B has no
    hidden member, so it stays published; B is still derivable only as B1 + B2, both hidden."""
    cells = _table({
        "T": (100, "count"), "A": (68, "count"), "B": (32, "count"),
        "B1": (2, "count"), "B2": (30, "count"),
    })
    result = suppress(cells, relations=[("T", ["A", "B"]), ("B", ["B1", "B2"])])
    assert result["reason"].to_dict() == {
        "T": None, "A": None, "B": None, "B1": "primary", "B2": "secondary"
    }


def test_missing_cells_count_as_hidden_in_relations() -> None:
    """women missing (no data), men 3 (primary): the relation already has 2 hidden members,
    so nothing more is suppressed and the missing cell is not marked suppressed."""
    cells = _table({"t": (50, "count"), "w": (float("nan"), "count"), "m": (3, "count")})
    result = suppress(cells, relations=[("t", ["w", "m"])])
    assert result["reason"].tolist() == [None, None, "primary"]
    assert result["suppressed"].tolist() == [False, False, True]


def test_suppress_rejects_nonsense() -> None:
    cells = _table({"a": (10, "count"), "b": (0.5, "rate")})
    with pytest.raises(ValueError, match="unknown kinds"):
        suppress(_table({"a": (10, "share")}))
    with pytest.raises(ValueError, match="not in cells"):
        suppress(cells, relations=[("a", ["z"])])
    with pytest.raises(ValueError, match="count cells"):
        suppress(cells, relations=[("a", ["b"])])
    with pytest.raises(ValueError, match="unique"):
        suppress(pd.concat([cells, cells]))


@st.composite
def area_tables(draw):
    n_areas = draw(st.integers(1, 6))
    rows, relations = {}, []
    for i in range(n_areas):
        women = draw(st.integers(0, 30))
        men = draw(st.integers(0, 30))
        rows[(f"area{i}", "women")] = (women, "count")
        rows[(f"area{i}", "men")] = (men, "count")
        rows[(f"area{i}", "total")] = (women + men, "count")
    # an extra level: the city total = sum of the area totals
    rows[("city", "total")] = (sum(v for (a, s), (v, _) in rows.items() if s == "total"), "count")
    relations = sex_relations([k for k in rows if k[0] != "city"])
    relations.append((("city", "total"), [(f"area{i}", "total") for i in range(n_areas)]))
    return _table(rows), relations


@settings(max_examples=200, deadline=None)
@given(table=area_tables(), k=st.integers(1, 10))
def test_no_suppressed_cell_can_be_recomputed(table, k) -> None:
    """Every relation has 0 or ≥ 2 hidden members; no published count is below k; values of
    suppressed cells are gone."""
    cells, relations = table
    result = suppress(cells, relations=relations, min_count=k)
    hidden = result["suppressed"].to_dict()
    for total, parts in relations:
        n_hidden = sum(hidden[key] for key in [total, *parts])
        assert n_hidden != 1
    published = result.loc[~result["suppressed"], "value"]
    assert (published >= k).all()
    assert result.loc[result["suppressed"], "value"].isna().all()
    assert set(result.loc[result["suppressed"], "reason"]) <= {"primary", "secondary"}


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
