"""Tests for indicators.methods.growth: the road to 200,000 inhabitants in 2050 (METHODS.md §3)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from indicators.methods.growth import (
    growth_shares,
    recent_growth,
    required_growth,
    required_path,
    scenario_paths,
    scenarios,
    what_if,
    window_rates,
)

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def population_series() -> dict[int, int]:
    """Population on 31 Dec incl. years derived as population(t) − population_change(t)."""
    frame = pd.read_csv(RAW / "umea_population_history.csv")
    series = {int(r.year): int(r.population_dec31) for r in frame.itertuples()}
    for r in frame.itertuples():
        if pd.notna(r.population_change):
            series.setdefault(int(r.year) - 1, int(r.population_dec31 - r.population_change))
    return dict(sorted(series.items()))


def test_required_growth_worked_example() -> None:
    """METHODS §3: 135,273 (2025) → 200,000 in 2050, n = 25.
    r = (200,000 / 135,273)^(1/25) − 1 = 1.4784916^(0.04) − 1 = exp(0.3910224 / 25) − 1
      = exp(0.0156409) − 1 = 0.0157639 ≈ 1.58 %/yr.
    Average persons = (200,000 − 135,273) / 25 = 64,727 / 25 = 2,589.08 ≈ 2,600 a year;
    first year = 135,273 × 0.0157639 = 2,132.4."""
    need = required_growth(2025, 135_273, 200_000, 2050)
    assert need.years_left == 25
    assert need.rate_pct == pytest.approx(1.57639, abs=1e-5)
    assert round(need.rate_pct, 2) == 1.58
    assert need.persons_per_year_average == pytest.approx(2589.08)
    assert round(need.persons_per_year_average, -2) == 2600
    assert need.persons_per_year_first == pytest.approx(2132.42, abs=0.01)


def test_required_path_compounds_to_the_target() -> None:
    path = required_path(2025, 135_273)
    assert list(path.columns) == ["year", "population"]
    assert path["year"].tolist() == list(range(2025, 2051))
    assert path["population"].iloc[0] == pytest.approx(135_273)
    assert path["population"].iloc[-1] == pytest.approx(200_000)
    # 2026 = 135,273 × 1.0157639 = 137,405.4
    assert path["population"].iloc[1] == pytest.approx(137_405.42, abs=0.01)


@pytest.mark.parametrize(
    "args",
    [(2025, 0, 200_000, 2050), (2025, 135_273, -1, 2050), (2050, 135_273, 200_000, 2050),
     (2025.5, 135_273, 200_000, 2050)],
)
def test_required_growth_rejects_nonsense(args) -> None:
    with pytest.raises(ValueError):
        required_growth(*args)


def test_recent_growth_real_series() -> None:
    """5 years: 2020 = 130,224 → 2025 = 135,273: (135,273 − 130,224) / 5 = 1,009.8 a year
    (METHODS: "about 1,000 a year"); CAGR = (135,273 / 130,224)^(1/5) − 1 = 0.764 %.
    10 years: 2015 = 120,777 → 2025: 14,496 / 10 = 1,449.6 a year; 1.140 %.
    A 4-year window finds no 2021 and uses 2020 (last observation at or before 2021)."""
    series = population_series()
    five = recent_growth(list(series), list(series.values()), 5)
    assert (five.start_year, five.end_year, five.years) == (2020, 2025, 5)
    assert five.persons_per_year == pytest.approx(1009.8)
    assert five.rate_pct == pytest.approx(0.76368, abs=1e-5)
    ten = recent_growth(list(series), list(series.values()), 10)
    assert (ten.start_year, ten.persons_per_year) == (2015, pytest.approx(1449.6))
    assert ten.rate_pct == pytest.approx(1.13994, abs=1e-5)
    four = recent_growth(list(series), list(series.values()), 4)
    assert (four.window, four.start_year, four.years) == (4, 2020, 5)


def test_recent_growth_needs_an_early_enough_observation() -> None:
    with pytest.raises(ValueError, match="no observation"):
        recent_growth([2020, 2025], [1, 2], 10)


def test_window_rates_and_scenarios_real_series() -> None:
    """Rolling 5-year windows with both ends observed: 13 of them (1999–2004 … 2020–2025).
    low = min = 2020–2025: (135,273 / 130,224)^(1/5) − 1 = 0.7637 %;
    high = max = 2015–2020: (130,224 / 120,777)^(1/5) − 1 = 1.0782185^(0.2) − 1 = 1.5176 %;
    medium = median (7th of 13) = 2006–2011: (116,465 / 111,235)^(1/5) − 1 = 0.9231 %.
    Year reached from 135,273 in 2025: n = ceil(ln(200,000/135,273) / ln(1 + r)):
    high ln 1.4784916 = 0.3910224, / ln 1.015176 (0.0150620) = 25.96 → 26 → 2051;
    medium / ln 1.009231 (0.0091891) = 42.55 → 43 → 2068; low / 0.0076078 = 51.40 → 2077."""
    series = population_series()
    rates = window_rates(list(series), list(series.values()))
    assert len(rates) == 13
    assert rates.iloc[0].tolist()[:2] == [1999, 2004]
    table = scenarios(list(series), list(series.values())).set_index("scenario")
    assert list(table.index) == ["low", "medium", "high"]
    assert table.loc["low", "rate_pct"] == pytest.approx(0.76368, abs=1e-5)
    assert table.loc["medium", "rate_pct"] == pytest.approx(0.92315, abs=1e-5)
    assert table.loc["high", "rate_pct"] == pytest.approx(1.51760, abs=1e-5)
    assert table["year_reached"].tolist() == [2077, 2068, 2051]
    assert all(isinstance(y, int) for y in table["year_reached"])


def test_scenarios_not_reached_by_horizon() -> None:
    """A shrinking series: every window rate < 0 → year_reached None ("not by 2100")."""
    table = scenarios([2000, 2005, 2010], [100, 95, 90], target_value=200)
    assert table["year_reached"].tolist() == [None, None, None]
    assert table["year_reached"].dtype == object


def test_scenario_paths_long_format() -> None:
    """Two windows: 2000–2005 (100 → 110) and 2005–2010 (110 → 121) both 1.1^(1/5) − 1."""
    paths = scenario_paths([2000, 2005, 2010], [100, 110, 121], horizon=2020)
    assert list(paths.columns) == ["scenario", "year", "population", "rate_pct"]
    assert len(paths) == 3 * 11
    high = paths[paths["scenario"] == "high"].set_index("year")["population"]
    assert high.loc[2010] == pytest.approx(121)
    assert high.loc[2015] == pytest.approx(121 * 1.1)


def test_scenarios_need_a_window() -> None:
    with pytest.raises(ValueError, match="5 years apart"):
        scenarios([2000, 2003], [1, 2])


def test_growth_shares_by_hand() -> None:
    """Changes 2014 → 2018: A +30, B +10, C −20 (total +20); D lacks 2014.
    Shares: 30/20 = 1.5, 10/20 = 0.5, −20/20 = −1.0; D NaN."""
    frame = pd.DataFrame(
        {
            "area_id": ["A", "A", "B", "B", "C", "C", "D"],
            "year": [2014, 2018, 2014, 2018, 2014, 2018, 2018],
            "value": [100, 130, 200, 210, 50, 30, 70],
        }
    )
    result = growth_shares(frame, 2014, 2018).set_index("area_id")
    assert result.loc[["A", "B", "C"], "change"].tolist() == [30, 10, -20]
    assert result.loc[["A", "B", "C"], "share"].tolist() == pytest.approx([1.5, 0.5, -1.0])
    assert math.isnan(result.loc["D", "change"]) and math.isnan(result.loc["D", "share"])


def test_growth_shares_zero_and_negative_totals() -> None:
    """Zero total (+10, −10) → shares NaN. Negative total (−30 = −40 + 10): −40/−30 = 1.333,
    10/−30 = −0.333: the shrinking area carries more than all of the decline."""
    zero = pd.DataFrame(
        {"area_id": ["A", "A", "B", "B"], "year": [1, 2, 1, 2], "value": [10, 20, 30, 20]}
    )
    assert growth_shares(zero, 1, 2)["share"].isna().all()
    negative = pd.DataFrame(
        {"area_id": ["A", "A", "B", "B"], "year": [1, 2, 1, 2], "value": [100, 60, 30, 40]}
    )
    shares = growth_shares(negative, 1, 2)["share"].tolist()
    assert shares == pytest.approx([40 / 30, -10 / 30])


def test_growth_shares_rejects_nonsense() -> None:
    frame = pd.DataFrame({"area_id": ["A", "A"], "year": [1, 1], "value": [1, 2]})
    with pytest.raises(ValueError, match="duplicated"):
        growth_shares(frame, 1, 2)
    with pytest.raises(ValueError):
        growth_shares(frame, 2, 1)


def test_what_if_by_hand() -> None:
    """Base 2025: A 10,000, B 5,000; trend 1 %/yr for 25 years: × 1.01^25 = 1.2824320.
    A = 12,824.32 + 1,000 homes × 2.0 = 14,824.32; B = 6,412.16 + 0 = 6,412.16;
    total = 21,236.48 + 500 (city_extra) = 21,736.48; target 21,000 → reached, gap −736.48."""
    base = pd.DataFrame({"area_id": ["A", "B"], "population": [10_000, 5_000]})
    result = what_if(base, {"A": 1_000}, 2.0, base_year=2025, target_value=21_000,
                     trend_rate=0.01, city_extra=500)
    areas = result.areas.set_index("area_id")
    assert areas.loc["A", "population"] == pytest.approx(14_824.32, abs=0.01)
    assert areas.loc["B", "population"] == pytest.approx(6_412.16, abs=0.01)
    assert result.total == pytest.approx(21_736.48, abs=0.01)
    assert result.gap == pytest.approx(-736.48, abs=0.01)
    assert result.verdict == "target_reached"


def test_what_if_missed_without_trend() -> None:
    """No trend: 135,273 + 10,000 homes × 2.1 = 156,273 < 200,000, gap 43,727."""
    base = pd.DataFrame({"area_id": ["city"], "population": [135_273]})
    result = what_if(base, {"city": 10_000}, 2.1, base_year=2025)
    assert result.total == pytest.approx(156_273)
    assert result.gap == pytest.approx(43_727)
    assert result.verdict == "target_missed"


@pytest.mark.parametrize(
    ("homes", "per_home", "kwargs"),
    [
        ({"A": -1}, 2.0, {}),
        ({"A": 10}, 0.0, {}),
        ({"Z": 10}, 2.0, {}),
        ({"A": 10}, 2.0, {"trend_rate": -1.0}),
        ({"A": 10}, 2.0, {"target_year": 2020}),
    ],
)
def test_what_if_rejects_nonsense(homes, per_home, kwargs) -> None:
    base = pd.DataFrame({"area_id": ["A"], "population": [100]})
    with pytest.raises(ValueError):
        what_if(base, homes, per_home, base_year=2025, **kwargs)
