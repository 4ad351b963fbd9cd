"""The Growth 2050 page's pure helpers, against hand-computed values (recipes in docstrings)."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.views import growth as growth_view
from indicators.views import growth_what_if as what_if
from tests.fixtures.dataset import POPULATION

NBSP = "\u00a0"


def population_frame(values: dict[int, float] = POPULATION) -> pd.DataFrame:
    return pd.DataFrame({"year": list(values), "value": list(values.values()),
                         "quality": ["official"] * len(values), "area_name": "Umeå"})


DISTRICTS = pd.DataFrame({"area_id": ["district:A", "district:B", "district:C"],
                          "code": ["A", "B", "C"], "name": ["Alfa", "Beta", "Gamma"]})


def test_with_gaps_inserts_empty_rows_and_never_fills_them():
    """2015, 2018 → 2015, 2016 (empty), 2017 (empty), 2018; `observed` marks the real rows."""
    frame = pd.DataFrame({"year": [2018, 2015], "value": [2.0, 1.0], "quality": ["x", "y"]})
    gapped = growth_view.with_gaps(frame)
    assert list(gapped["year"]) == [2015, 2016, 2017, 2018]
    assert gapped["value"].isna().tolist() == [False, True, True, False]
    assert gapped["observed"].tolist() == [True, False, False, True]
    assert gapped.loc[3, "value"] == 2.0


def test_outlook_on_the_fixture_series():
    """Required: (200,000 / 135,273)^(1/25) − 1 = 1.5764 %; average (200,000 − 135,273)/25 =
    2,589.08. Recent: 2020→2025 (135,273 − 130,224)/5 = 1,009.8; 2015→2025 14,496/10 = 1,449.6.
    Scenario rates = min / median / max of the 5-year CAGRs 2015–20 1.5176 %, 2018–23 0.9224 %,
    2019–24 0.8163 %, 2020–25 0.7637 %: low 0.7637 %, medium (0.9224 + 0.8163)/2 = 0.8694 %,
    high 1.5176 %. Years to 200,000 = ceil(ln(200,000/135,273) / ln(1 + r)):
    0.39104/0.0076078 = 51.4 → 2077; 0.39104/0.0086562 = 45.2 → 2071; 0.39104/0.015062 = 26.0
    → 2051."""
    view = growth_view.outlook(population_frame())
    assert view.required.rate_pct == pytest.approx(1.57639, abs=1e-4)
    assert view.required.persons_per_year_average == pytest.approx(2589.08)
    assert view.recent_short.persons_per_year == pytest.approx(1009.8)
    assert view.recent_long.persons_per_year == pytest.approx(1449.6)
    rates = view.scenarios.set_index("scenario")["rate_pct"]
    assert rates["low"] == pytest.approx(0.76368, abs=1e-4)
    assert rates["medium"] == pytest.approx(0.86938, abs=1e-4)
    assert rates["high"] == pytest.approx(1.51760, abs=1e-4)
    assert view.scenarios.set_index("scenario")["year_reached"].to_dict() == {
        "low": 2077, "medium": 2071, "high": 2051}


def test_outlook_without_enough_years_has_no_scenarios_and_no_pace():
    view = growth_view.outlook(population_frame({2023: 133091, 2025: 135273}))
    assert view.scenarios is None and view.paths is None
    assert view.recent_short is None and view.recent_long is None
    assert "för få år" in growth_view.scenario_sentence(view, "sv")
    assert "series is too short" in growth_view.growth_sentence(view, "en")


@pytest.mark.parametrize("lang, words", [
    ("sv", ["låg takt (+0,76", "år 2077", "år 2071", "år 2051"]),
    ("en", ["low rate (+0.76% a year) in 2077", "in 2071", "in 2051"]),
])
def test_scenario_sentence_says_the_year_each_scenario_reaches_the_target(lang, words):
    sentence = growth_view.scenario_sentence(growth_view.outlook(population_frame()), lang)
    for word in words:
        assert word.replace(" ", NBSP) in sentence.replace(" ", NBSP)


def test_scenarios_that_never_reach_the_target_say_not_by_2100():
    """0.1 % a year from 100,000: 100,000 × 1.001^75 ≈ 107,800 < 200,000 in 2100."""
    slow = {year: 100_000 * 1.001 ** (year - 2015) for year in range(2015, 2026)}
    view = growth_view.outlook(population_frame(slow))
    assert view.scenarios["year_reached"].isna().all()
    sv = growth_view.scenario_table(view, "sv")
    en = growth_view.scenario_table(view, "en")
    assert set(sv["År då 200\u00a0000 nås"]) == {"inte före 2100"}
    assert set(en["Year 200,000 is reached"]) == {"not by 2100"}
    assert "inte före 2100" in growth_view.scenario_sentence(view, "sv")


def test_pace_rows_required_against_recent():
    rows = growth_view.pace_rows(growth_view.outlook(population_frame()), "sv")
    assert rows[0] == ("Nödvändig takt 2025–2050", f"2{NBSP}589{NBSP}personer per år",
                       f"+1,58{NBSP}% per år")
    assert rows[1][1] == f"+1{NBSP}010{NBSP}personer per år"
    assert rows[2][0] == "Senaste 10 åren (2015–2025)"
    assert rows[2][1] == f"+1{NBSP}450{NBSP}personer per år"


def test_outlook_figure_keeps_gaps_and_styles_lines_apart():
    """Fixture years 2016, 2017 and 2021 are missing: the observed trace has None there."""
    series = population_frame()
    figure = growth_view.outlook_figure(series, growth_view.outlook(series), "en")
    observed, required, *scenarios, target = figure.data
    sent = json.loads(figure.to_json())["data"][0]  # what the browser receives
    values = dict(zip(sent["x"], sent["y"], strict=True))
    assert values[2016] is None and values[2017] is None and values[2021] is None
    assert values[2020] == 130224
    assert observed.connectgaps is False and observed.mode == "lines+markers"
    assert required.line.dash == "dash" and max(required.x) == 2050
    dashes = [trace.line.dash for trace in scenarios]
    assert len(scenarios) == 3 and len(set(dashes)) == 3 and "dash" not in dashes
    assert [trace.text[-1] for trace in scenarios] == ["Low rate", "Medium rate", "High rate"]
    assert target.marker.symbol == "star"


def test_derived_years_are_marked_in_hover_marker_and_table():
    series = population_frame({2018: 127119, 2019: 128901, 2020: 130224})
    series.loc[0, "quality"] = "derived"
    figure = growth_view.outlook_figure(series, growth_view.outlook(series), "sv")
    assert figure.data[0].marker.symbol[0] == "circle-open"
    assert "(härledd)" in figure.data[0].customdata[0]
    table = growth_view.outlook_table(series, growth_view.outlook(series), "en")
    assert table["Quality"].tolist()[:4] == ["derived", "official", "official", ""]
    assert table["Observed"].tolist()[3] == "–" and table["Year"].tolist()[-1] == 2050


def test_district_shares_from_eligible_voters():
    """2014 → 2018: A 1,000 → 1,000 (0), B 900 → 950 (+50), C 45 → 48 (+3); total +53:
    B 50/53 = 94.34 %, C 3/53 = 5.66 %, A 0."""
    eligible = pd.DataFrame({
        "area_id": ["district:A", "district:B", "district:C"] * 2,
        "year": [2014] * 3 + [2018] * 3, "value": [1000, 900, 45, 1000, 950, 48]})
    frame, start, end = growth_view.district_shares(eligible, DISTRICTS)
    assert (start, end) == (2014, 2018)
    assert frame["name"].tolist() == ["Beta", "Gamma", "Alfa"]
    assert frame["share"].tolist() == pytest.approx([50 / 53, 3 / 53, 0.0])
    sentence = growth_view.shares_sentence(frame, start, end, "en")
    assert "not population" in sentence and "Beta" in sentence and "94.3%" in sentence
    table = growth_view.shares_table(frame, start, end, "sv")
    assert table["Andel av tillväxten"].tolist()[0] == f"94,3{NBSP}%"


def test_district_shares_need_two_years():
    one = pd.DataFrame({"area_id": ["district:A"], "year": [2018], "value": [1.0]})
    with pytest.raises(ValueError):
        growth_view.district_shares(one, DISTRICTS)


def test_base_population_shares_the_city_by_eligible_voters():
    """135,273 × 1,000 / 2,998 = 45,121.08; a district without voters gets 0."""
    latest = pd.DataFrame({"area_id": ["district:A", "district:B"], "value": [1000.0, 1998.0]})
    base = what_if.base_population(latest, DISTRICTS, 135_273)
    assert base["population"].tolist() == pytest.approx([45_121.08, 90_151.92, 0.0], abs=0.01)
    assert base["population"].sum() == pytest.approx(135_273)


@pytest.mark.parametrize("text, plan", [
    ("", {}),
    ("2480P05:500,2480P09:300", {"2480P05": 500, "2480P09": 300}),
    (" 2480P05:0 ,", {"2480P05": 0}),
])
def test_parse_homes_valid(text, plan):
    assert what_if.parse_homes(text) == plan


@pytest.mark.parametrize("text", [
    "2480P05", "2480P05:-5", "2480P05:1.5", "2480P05:1e3", "2480P05:500,2480P05:1",
    "<img src=x onerror=alert(1)>:1", "' or 1=1 --", "2480P05:1234567", "x" * 3000,
    "Ålidhem:5", "2480P05:５",
])
def test_parse_homes_refuses_bad_text(text):
    with pytest.raises(ValueError):
        what_if.parse_homes(text)


def test_homes_plans_checks_codes_and_bounds():
    plans = what_if.HomesPlans(["A", "B"])
    assert {"A": 20_000, "B": 0} in plans
    assert {} in plans
    assert {"C": 1} not in plans
    assert {"A": 20_001} not in plans
    assert {"A": -1} not in plans
    assert "A:1" not in plans


@given(st.dictionaries(st.sampled_from(["2480P01", "2480P02", "2480P25"]),
                       st.integers(min_value=1, max_value=20_000)))
def test_encode_then_parse_gives_the_plan_back(plan):
    text = what_if.encode_homes(plan)
    assert what_if.parse_homes(text or "") == plan
    assert (text is None) == (not plan)


def test_encode_homes_drops_zero_and_sorts():
    assert what_if.encode_homes({"B": 3, "A": 0, "C": 1}) == "B:3,C:1"
    assert what_if.encode_homes({"A": 0}) is None


def test_homes_from_editor_cleans_values():
    plan = what_if.homes_from_editor([500, None, -3, "abc", 25_000, 7.9, math.inf],
                                         ["A", "B", "C", "D", "E", "F", "G"])
    assert plan == {"A": 500, "E": 20_000, "F": 7}


def test_what_if_adds_homes_times_persons_per_home_exactly():
    """No trend: 2050 = today's modelled total + 1,000 × 2 = 135,273 + 2,000 = 137,273."""
    latest = pd.DataFrame({"area_id": ["district:A", "district:B", "district:C"],
                           "value": [1000.0, 1000.0, 998.0]})
    base = what_if.base_population(latest, DISTRICTS, 135_273)
    none = what_if.what_if(base, {}, 2.0, 2025)
    some = what_if.what_if(base, {"A": 1000}, 2.0, 2025)
    assert some.total - none.total == pytest.approx(2000)
    assert some.total == pytest.approx(137_273)
    assert some.verdict == "target_missed" and some.gap == pytest.approx(62_727)
    assert what_if.what_if_heading(some, "sv") == "✖ Målet nås inte"
    sentence = what_if.what_if_sentence(some, 1000, 2.0, "en")
    assert "1,000 planned homes at 2.0 persons" in sentence
    assert "missed by 62,727" in sentence
    table = what_if.what_if_table(some, base, "en")
    assert table.iloc[-1]["Population 2050"] == f"137,273{NBSP}people"


def test_what_if_with_a_trend_and_enough_homes_reaches_the_target():
    """100,000 × 1.01^25 = 128,243.2; + 40,000 homes × 2 = 208,243.2 ≥ 200,000."""
    base = pd.DataFrame({"area_id": ["district:A"], "code": ["A"], "name": ["Alfa"],
                         "population": [100_000.0]})
    result = what_if.what_if(base, {"A": 40_000}, 2.0, 2025, trend_rate=0.01)
    assert result.total == pytest.approx(208_243.2, abs=0.1)
    assert result.verdict == "target_reached"
    assert "reached with 8,243" in what_if.what_if_sentence(result, 40_000, 2.0, "en")


def test_scenario_rate_is_a_fraction_or_zero():
    view = growth_view.outlook(population_frame())
    assert what_if.scenario_rate(view, "none") == 0
    assert what_if.scenario_rate(view, "high") == pytest.approx(0.0151760, abs=1e-6)


def test_editor_frame_shows_the_plan():
    base = pd.DataFrame({"area_id": ["district:A", "district:B"], "code": ["A", "B"],
                         "name": ["Alfa", "Beta"], "population": [10.4, 20.6]})
    frame = what_if.editor_frame(base, {"B": 7}, "en")
    assert frame["Planned homes"].tolist() == [0, 7]
    # Issue 12: shown as text with the language's thousands marks ("13 033", not "13033").
    assert frame["Modelled population today"].tolist() == ["10", "21"]
    big = base.assign(population=[13033.2, 2000.0])
    assert what_if.editor_frame(big, {}, "sv")["Modellerad folkmängd i dag"].tolist() == [
        "13\u00a0033", "2\u00a0000"]


def test_share_bars_values_and_latest_rows():
    """Bars only for districts with a share, in percent; a frame without values has none."""
    shares = pd.DataFrame({"name": ["A", "B"], "share": [0.943, math.nan]})
    bars = growth_view.share_bars(shares)
    assert bars["name"].tolist() == ["A"] and bars["value"].tolist() == pytest.approx([94.3])
    rows = pd.DataFrame({"year": [2014, 2018, 2018], "value": [math.nan, 1.0, math.nan]})
    assert growth_view.has_values(rows) and not growth_view.has_values(rows.iloc[[0]])
    assert growth_view.latest_rows(rows, 2018)["value"].tolist()[0] == 1.0
