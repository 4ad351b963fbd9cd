"""Derived tables: disclosure control on published cells, scores, composites, verdicts."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.derive import apply_disclosure, derive
from tests.fixtures.dataset import fixture_tables


@pytest.fixture(scope="module")
def derived():
    return derive(fixture_tables())


def cell(frame, indicator, area, year, sex="total"):
    rows = frame[(frame["indicator_id"] == indicator) & (frame["area_id"] == area)
                 & (frame["year"] == year) & (frame["sex"] == sex)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_rate_on_a_small_denominator_is_suppressed(derived):
    row = cell(derived["observation"], "turnout_riksdag", "district:2480P04", 2018)
    assert row["suppressed"] and pd.isna(row["value"]) and pd.isna(row["denominator"])


def test_secondary_suppression_protects_the_small_district(derived):
    """The city's eligible voters (2,998) equal the four districts' sum, so with the fourth
    (48) hidden it would follow as 2,998 − 1,000 − 1,000 − 950. The smallest other district
    (Holmsund, 950) is hidden too; the others stay published."""
    turnout = derived["observation"]
    year = turnout[(turnout["indicator_id"] == "turnout_riksdag") & (turnout["year"] == 2018)]
    hidden = sorted(year[year["suppressed"]]["area_id"])
    assert hidden == ["district:2480P03", "district:2480P04"]


def test_published_rates_never_rest_on_fewer_than_50(derived):
    obs = derived["observation"]
    rates = obs[obs["indicator_id"].isin(["turnout_riksdag", "perceived_safety"])]
    published = rates[~rates["suppressed"]]
    assert (published["denominator"] >= 50).all()


def test_scores_follow_the_fixed_anchors(derived):
    """Turnout anchors: best 100, worst 50. Ålidhem 2018: 78 % → 100 × (78 − 50)/50 = 56."""
    score = derived["score"]
    row = score[(score["indicator_id"] == "turnout_riksdag")
                & (score["area_id"] == "district:2480P02") & (score["year"] == 2018)]
    assert row["score"].iloc[0] == pytest.approx(56.0)
    assert score["score"].between(0, 100).all()


def test_composites_carry_coverage_and_the_illustrative_flag(derived):
    composite = derived["composite"]
    assert composite["coverage"].between(0, 1).all()
    safety = composite[(composite["group_id"] == "Personal Safety")]
    assert safety["illustrative"].all()
    assert (composite.loc[composite["score"].isna(), "coverage"] < 0.5).all()


def test_goal_verdicts_on_fixture_series(derived):
    """Population 2015 → 2025: 120,777 → 135,273, CAGR_obs = 1.1398 %; required from 2015 to
    200,000 in 2050: (200000/120777)^(1/35) − 1 = 1.4516 %; R = 0.785 → acceleration needed.
    Emissions 1990 → 2024 linear: −3,435 t/yr against −12,045 t/yr needed, R = 0.285 → limited."""
    verdict = derived["verdict"].set_index("target_id")
    population = verdict.loc["population_2050"]
    assert population["status"] == "acceleration_needed"
    assert population["ratio"] == pytest.approx(0.785, abs=0.001)
    climate = verdict.loc["climate_neutral_2030"]
    assert climate["status"] == "limited_progress" and climate["method"] == "linear"
    assert climate["ratio"] == pytest.approx(0.285, abs=0.001)
    assert climate["weather_status"] == "storm"


def test_counts_below_five_are_suppressed():
    obs = pd.DataFrame({
        "indicator_id": ["eligible_voters"] * 3, "area_id": ["kommun:2480", "district:a",
                                                             "district:b"],
        "year": 2018, "sex": "total", "value": [103.0, 3.0, 100.0], "numerator": None,
        "denominator": None, "quality": "official", "source_id": "valmyndigheten",
        "suppressed": False})
    indicator = pd.DataFrame({"indicator_id": ["eligible_voters"], "kind": ["count"],
                              "unit": ["persons"]})
    area = pd.DataFrame({"area_id": ["kommun:2480", "district:a", "district:b"],
                         "parent_id": [None, "kommun:2480", "kommun:2480"]})
    result = apply_disclosure(obs, indicator, area).set_index("area_id")
    assert result.loc["district:a", "suppressed"]
    assert result.loc["district:b", "suppressed"]   # else 103 − 100 reveals 3
    assert not result.loc["kommun:2480", "suppressed"]
