"""Tests for indicators.methods.disclosure: primary, secondary and group suppression (§4)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.methods.disclosure import sex_relations, suppress


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


def _rates(rows: dict) -> pd.DataFrame:
    """{key: (numerator, denominator)} → rate cells (value in percent)."""
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=["numerator", "denominator"])
    frame.index = pd.Index(list(rows), tupleize_cols=False)
    frame["value"] = 100 * frame["numerator"] / frame["denominator"]
    frame["kind"] = "rate"
    return frame


def test_a_group_of_small_counts_is_protected_by_hand() -> None:
    """T = 60 = A 2 + B 2 + C 16 + D 40. A and B are primary (2 < 5). Two hidden cells pass the
    one-cell rule, but T − C − D = 60 − 16 − 40 = 4 = A + B < 5 would be published. So the
    smallest published part, C = 16, is hidden too: now T − D = 20 ≥ 5. D stays."""
    cells = _table({"T": (60, "count"), "A": (2, "count"), "B": (2, "count"),
                    "C": (16, "count"), "D": (40, "count")})
    result = suppress(cells, relations=[("T", ["A", "B", "C", "D"])])
    assert result["reason"].to_dict() == {
        "T": None, "A": "primary", "B": "primary", "C": "secondary", "D": None}


def test_the_issue_example_five_small_areas_adding_to_14_of_20() -> None:
    """A district's rate 700 of 1,000 = S1 420/600 + S7 266/380 + five stadsdelar of 2–3 of 4
    each (together 14 of 20). Each small one is primary (4 < 50). Before group protection the
    district less the published S1 and S7 gave 1,000 − 600 − 380 = 20 persons, of whom
    700 − 420 − 266 = 14: a rate on 20 < 50. The smallest published part, S7 (380), is hidden
    too: the attack now gives 1,000 − 600 = 400 persons, 700 − 420 = 280 of them, complement
    120, all above the thresholds. S1 stays published."""
    small = {f"S{i}": (n, 4) for i, n in zip(range(2, 7), (2, 3, 3, 3, 3), strict=True)}
    cells = _rates({"D": (700, 1000), "S1": (420, 600), **small, "S7": (266, 380)})
    result = suppress(cells, relations=[("D", ["S1", *small, "S7"])])
    reasons = result["reason"].to_dict()
    assert [reasons[k] for k in small] == ["primary"] * 5
    assert reasons["S7"] == "secondary"
    assert reasons["D"] is None and reasons["S1"] is None


def test_a_group_with_a_small_combined_numerator_by_hand() -> None:
    """T 200 of 1,000 = A 2/60 + B 1/60 + C 96/400 + D 101/480. A and B are primary (numerator
    2 and 1 < 5). Their denominators add to 120 ≥ 50, but T − C − D reveals 3 persons (200 − 96
    − 101) among 120: the combined numerator 3 < 5, so C (400, the smaller published part) is
    hidden: combined 99 of 520, complement 421."""
    cells = _rates({"T": (200, 1000), "A": (2, 60), "B": (1, 60), "C": (96, 400),
                    "D": (101, 480)})
    result = suppress(cells, relations=[("T", ["A", "B", "C", "D"])])
    assert result["reason"].to_dict() == {
        "T": None, "A": "primary", "B": "primary", "C": "secondary", "D": None}


@pytest.mark.parametrize(("b_numerator", "c_hidden"), [(57, False), (58, True)])
def test_a_group_with_a_small_combined_complement_by_hand(b_numerator, c_hidden) -> None:
    """T 900 of 1,000 = A 58/60 + B b/60 + C 360/400 + D (482 − b)/480. A is primary by its
    complement 2 < 5, B by 60 − b (3 or 2). Combined: 120 persons, 58 + b of them; complement
    2 + 3 = 5 passes (b = 57: nothing more), 2 + 2 = 4 fails (b = 58: C is hidden too)."""
    cells = _rates({"T": (900, 1000), "A": (58, 60), "B": (b_numerator, 60), "C": (360, 400),
                    "D": (482 - b_numerator, 480)})
    result = suppress(cells, relations=[("T", ["A", "B", "C", "D"])])
    reasons = result["reason"].to_dict()
    assert reasons["A"] == reasons["B"] == "primary"
    assert reasons["C"] == ("secondary" if c_hidden else None)
    assert reasons["T"] is None and reasons["D"] is None


def test_a_rate_with_a_small_complement_or_numerator_is_primary() -> None:
    """Turnout 98 of 100 tells that only 2 did not vote (complement 2 < 5); 3 of 100 that only
    3 did; 95 of 100 (complement 5) and 5 of 100 are shown. Only where both numerator and
    denominator are known: a rate with a denominator alone is judged on the denominator."""
    cells = _rates({"a": (98, 100), "b": (3, 100), "c": (95, 100), "d": (5, 100)})
    assert suppress(cells)["reason"].tolist() == ["primary", "primary", None, None]
    no_numerator = cells.assign(numerator=np.nan)
    assert suppress(no_numerator)["reason"].tolist() == [None] * 4
    assert suppress(cells, protect_numerator=False)["reason"].tolist() == [None] * 4


def test_only_the_measures_that_add_up_are_checked() -> None:
    """Turnout: the city's voters include early votes counted in no district, so only the
    denominators add up. City 2,661 of 2,998 = 920/1000 + 780/1000 + 817/950 + 44/48: the
    fourth is primary (48 < 50), Holmsund secondarily (one hidden member); their combined
    denominator 998 passes. The numerators are not a relation, so nothing more."""
    cells = _rates({"city": (2661, 2998), "P1": (920, 1000), "P2": (780, 1000),
                    "P3": (817, 950), "P4": (44, 48)})
    relation = ("city", ["P1", "P2", "P3", "P4"], ("denominator",))
    result = suppress(cells, relations=[relation])
    assert result["reason"].to_dict() == {
        "city": None, "P1": None, "P2": None, "P3": "secondary", "P4": "primary"}
    with pytest.raises(ValueError, match="measures"):
        suppress(cells, relations=[("city", ["P1"], ("value",))])


def _attack(cells: pd.DataFrame, relations, result: pd.DataFrame, k: int, n: int) -> list:
    """Subtraction attack on every family whose total is published: total − published parts is
    the hidden parts' combined numbers. Returns what falls below the thresholds, and families
    with a single hidden member (recomputable)."""
    hidden = (result["suppressed"] | result["value"].isna()).to_dict()
    found = []
    for total, parts, *rest in relations:
        members = [total, *parts]
        if sum(hidden[m] for m in members) == 1:
            found.append(("one hidden", total))
        published = [p for p in parts if not hidden[p]]
        if hidden[total] or len(published) == len(parts) or not published:
            continue
        measures = rest[0] if rest else ("value", "denominator", "numerator")
        if cells.loc[[total], "kind"].iloc[0] == "count":
            combined = cells.loc[[total], "value"].iloc[0] - cells.loc[published, "value"].sum()
            if combined < k:
                found.append(("count", total, combined))
            continue
        den = cells.loc[[total], "denominator"].iloc[0] - cells.loc[published, "denominator"].sum()
        num = cells.loc[[total], "numerator"].iloc[0] - cells.loc[published, "numerator"].sum()
        if "denominator" in measures and den < n:
            found.append(("denominator", total, den))
        if "numerator" in measures and (num < k or ("denominator" in measures and den - num < k)):
            found.append(("numerator", total, num, den))
    return found


@st.composite
def hierarchies(draw):
    """A city of 1–4 districts of 1–5 small areas each, by sex, counts or rates, numbers that
    add up (and some tiny ones). Families: women + men = total per area; the areas of a
    district and the districts of the city, per sex."""
    kind = draw(st.sampled_from(["count", "rate"]))
    n_districts = draw(st.integers(1, 4))
    rows, families = {}, []
    for d in range(n_districts):
        for s in range(draw(st.integers(1, 5))):
            for sex in ("women", "men"):
                den = draw(st.one_of(st.integers(0, 12), st.integers(0, 400)))
                num = draw(st.integers(0, den))
                rows[(f"s{d}.{s}", sex)] = (num, den)
    areas = sorted({a for a, _ in rows})
    for area in areas:
        rows[(area, "total")] = tuple(map(sum, zip(rows[(area, "women")], rows[(area, "men")],
                                                   strict=True)))
    for sex in ("women", "men", "total"):
        for d in range(n_districts):
            parts = [(a, sex) for a in areas if a.startswith(f"s{d}.")]
            rows[(f"d{d}", sex)] = tuple(map(sum, zip(*(rows[p] for p in parts), strict=True)))
            families.append(((f"d{d}", sex), parts))
        parts = [(f"d{d}", sex) for d in range(n_districts)]
        rows[("city", sex)] = tuple(map(sum, zip(*(rows[p] for p in parts), strict=True)))
        families.append((("city", sex), parts))
    families = sex_relations(list(rows)) + families
    if kind == "count":
        cells = _table({key: (den, "count") for key, (_, den) in rows.items()})
    else:
        cells = _rates({key: value for key, value in rows.items()})
        cells = cells[cells["denominator"] > 0]   # no rate on nobody
        families = [(t, ps) for t, ps in families if t in cells.index
                    and all(p in cells.index for p in ps)
                    and cells.loc[[t], "denominator"].iloc[0]
                    == cells.loc[ps, "denominator"].sum()]
    return cells, families


@settings(max_examples=150, deadline=None)
@given(table=hierarchies(), k=st.integers(1, 8), n=st.integers(1, 60))
def test_subtraction_attack_finds_nothing_below_the_thresholds(table, k, n) -> None:
    """On every published family: no single hidden member, and total − published parts (the
    hidden parts' combined value; denominator, numerator and complement for rates) is never
    below k (persons) or n (denominator); no published cell is below them either."""
    cells, families = table
    result = suppress(cells, relations=families, min_count=k, min_denominator=n)
    assert _attack(cells, families, result, k, n) == []
    shown = result[~result["suppressed"]]
    if (cells["kind"] == "count").all():
        assert (shown["value"] >= k).all()
    else:
        assert (shown["denominator"] >= n).all()
        assert (shown["numerator"] >= k).all()
        assert (shown["denominator"] - shown["numerator"] >= k).all()
