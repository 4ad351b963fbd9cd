"""Tests for indicators.methods.progress: Open SDG verdicts and the weather reading (METHODS.md §2).

Golden values use the real Umeå series in ``data/raw`` (population, SMHI emissions).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.methods.progress import (
    STATUSES,
    Verdict,
    natural_limit_factor,
    progress_verdict,
    weather_verdict,
)

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def population_series() -> dict[int, int]:
    """Population on 31 Dec: the years in the file plus those that follow exactly from
    population(t − 1) = population(t) − population_change(t)."""
    frame = pd.read_csv(RAW / "umea_population_history.csv")
    series = {int(r.year): int(r.population_dec31) for r in frame.itertuples()}
    for r in frame.itertuples():
        if pd.notna(r.population_change):
            derived = int(r.population_dec31 - r.population_change)
            assert series.setdefault(int(r.year) - 1, derived) == derived
    return dict(sorted(series.items()))


def emission_totals() -> dict[int, float]:
    """Sum of the 9 SMHI sectors per year (tonnes CO₂e)."""
    frame = pd.read_csv(RAW / "umea_ghg_emissions_by_sector_smhi.csv")
    grouped = frame.groupby("year")["emissions_t_co2e"].agg(["sum", "count"])
    assert (grouped["count"] == 9).all()
    return {int(year): float(total) for year, total in grouped["sum"].items()}


def test_real_series_as_documented() -> None:
    """PROVENANCE.md: 2018 = 127,119 and 2022 = 132,235 (derived); emissions 1990 = 481,807 t,
    2024 = 365,010 t."""
    population = population_series()
    assert population[2018] == 127_119 and population[2022] == 132_235
    assert population[2025] == 135_273 and population[2015] == 120_777
    assert population[2000] == 104_512 and population[1999] == 103_970
    assert 2021 not in population
    emissions = emission_totals()
    assert round(emissions[1990]) == 481_807 and round(emissions[2024]) == 365_010


def test_population_verdict_base_2015() -> None:
    """Base 2015 = 120,777, latest 2025 = 135,273, target 200,000 in 2050.

    CAGR_obs = (135,273 / 120,777)^(1/10) − 1 = 1.1200229^(0.1) − 1
             = exp(0.1133491 / 10) − 1 = exp(0.01133491) − 1 = 0.0113994 (1.14 %/yr)
    CAGR_req = (200,000 / 120,777)^(1/35) − 1 = 1.6559444^(1/35) − 1
             = exp(0.5043715 / 35) − 1 = exp(0.01441061) − 1 = 0.0145149 (1.45 %/yr)
    R = 0.0113994 / 0.0145149 = 0.7854 → 0.60 ≤ R < 0.95: acceleration needed.
    Observations 2015, 2018, 2019, 2020, 2022, 2023, 2024, 2025 = 8.
    """
    series = population_series()
    verdict = progress_verdict(
        list(series), list(series.values()), direction=1, target_value=200_000,
        target_year=2050, base_year=2015,
    )
    assert verdict.status == "acceleration_needed"
    assert verdict.method == "cagr"
    assert (verdict.base_year, verdict.latest_year) == (2015, 2025)
    assert (verdict.base_value, verdict.latest_value) == (120_777, 135_273)
    assert verdict.observed_rate == pytest.approx(0.0113994, abs=1e-7)
    assert verdict.required_rate == pytest.approx(0.0145149, abs=1e-7)
    assert verdict.ratio == pytest.approx(0.7854, abs=1e-4)
    assert verdict.n_observations == 8
    assert (verdict.target_value, verdict.target_year) == (200_000, 2050)


def test_population_verdict_base_2000() -> None:
    """Base 2000 = 104,512 (the derived 1999 value is before the base and dropped).

    CAGR_obs = (135,273 / 104,512)^(1/25) − 1 = exp(ln 1.2943298 / 25) − 1
             = exp(0.2579931 / 25) − 1 = exp(0.01031972) − 1 = 0.0103732 (1.04 %/yr)
    CAGR_req = (200,000 / 104,512)^(1/50) − 1 = exp(ln 1.9136558 / 50) − 1
             = exp(0.6490155 / 50) − 1 = exp(0.01298031) − 1 = 0.0130649 (1.31 %/yr)
    R = 0.0103732 / 0.0130649 = 0.7940 → acceleration needed. 20 observations 2000–2025.
    """
    series = population_series()
    verdict = progress_verdict(
        list(series), list(series.values()), direction=1, target_value=200_000,
        target_year=2050, base_year=2000,
    )
    assert verdict.status == "acceleration_needed"
    assert verdict.observed_rate == pytest.approx(0.0103732, abs=1e-7)
    assert verdict.required_rate == pytest.approx(0.0130649, abs=1e-7)
    assert verdict.ratio == pytest.approx(0.7940, abs=1e-4)
    assert (verdict.base_year, verdict.n_observations) == (2000, 20)


def test_climate_verdict_zero_target_uses_linear_form() -> None:
    """Emissions (sum of 9 sectors), base 1990 = 481,807.23 t, latest 2024 = 365,009.52 t,
    target 0 in 2030, lower is better (d = −1). A zero target makes the CAGR undefined:

    observed = (365,009.52 − 481,807.23) / (2024 − 1990) = −116,797.71 / 34 = −3,435.23 t/yr
    required = (0 − 481,807.23) / (2030 − 1990) = −481,807.23 / 40 = −12,045.18 t/yr
    R = d × obs / |req| = −1 × −3,435.23 / 12,045.18 = 0.2852 → 0 ≤ R < 0.60: limited progress.
    """
    emissions = emission_totals()
    verdict = progress_verdict(
        list(emissions), list(emissions.values()), direction=-1, target_value=0,
        target_year=2030, base_year=1990,
    )
    assert verdict.status == "limited_progress"
    assert verdict.method == "linear"
    assert "linear" in verdict.note and "zero" in verdict.note
    assert verdict.observed_rate == pytest.approx(-3435.23, abs=0.01)
    assert verdict.required_rate == pytest.approx(-12045.18, abs=0.01)
    assert verdict.ratio == pytest.approx(0.2852, abs=1e-4)
    assert (verdict.base_year, verdict.latest_year, verdict.n_observations) == (1990, 2024, 10)


def test_population_weather() -> None:
    """Window 2020–2025 holds 2020, 2022, 2023, 2024, 2025 (5 ≥ 4 points).
    change = (135,273 − 130,224) / 5 = 5,049 / 5 = 1,009.8 /yr;
    projected 2050 = 135,273 + 25 × 1,009.8 = 160,518;
    gap = (200,000 − 160,518) / (200,000 − 135,273) = 39,482 / 64,727 = 61.0 % > 20 % → clouds.
    """
    series = population_series()
    weather = weather_verdict(
        list(series), list(series.values()), direction=1, target_value=200_000, target_year=2050
    )
    assert weather.status == "clouds"
    assert (weather.window_start, weather.window_end) == (2020, 2025)
    assert weather.annual_change == pytest.approx(1009.8)
    assert weather.projected_value == pytest.approx(160_518.0)
    assert weather.gap_pct == pytest.approx(100 * 39_482 / 64_727)


def test_climate_weather() -> None:
    """Window 2019–2024 holds 2020–2024 (5 points); change = (365,009.52 − 329,720.15) / 4
    = +8,822.34 t/yr while lower is better → storm. projected 2030 = 365,009.52 + 6 × 8,822.34
    = 417,943.58; gap = 417,943.58 / 365,009.52 = 114.5 % of the distance to zero."""
    emissions = emission_totals()
    weather = weather_verdict(
        list(emissions), list(emissions.values()), direction=-1, target_value=0, target_year=2030
    )
    assert weather.status == "storm"
    assert (weather.window_start, weather.window_end) == (2020, 2024)
    assert weather.annual_change == pytest.approx(8822.3425)
    assert weather.projected_value == pytest.approx(417_943.575)
    assert weather.gap_pct == pytest.approx(114.502, abs=1e-3)


YEARS = [2015, 2016, 2017, 2018, 2019, 2020]


@pytest.mark.parametrize(
    ("values", "target", "expected"),
    [
        # obs = (121/100)^(1/5) − 1 = 1.1^(2/5) − 1 = 0.03886; req = (144/100)^(1/10) − 1 =
        # 1.2^(1/5) − 1 = 0.03714; R = 1.046 → on track
        ([100, 104, 108, 112, 116, 121], 144, "on_track"),
        # obs = 1.1^(1/5) − 1 = 0.01924; req = 0.03714; R = 0.518 → limited progress
        ([100, 102, 104, 106, 108, 110], 144, "limited_progress"),
        # obs = 1.15^(1/5) − 1 = 0.02834; R = 0.763 → acceleration needed
        ([100, 103, 106, 109, 112, 115], 144, "acceleration_needed"),
        # obs < 0 → deterioration
        ([100, 99, 98, 97, 96, 95], 144, "deterioration"),
        # latest 150 ≥ 144 → target achieved
        ([100, 110, 120, 130, 140, 150], 144, "target_achieved"),
    ],
)
def test_statuses_with_target(values, target, expected) -> None:
    verdict = progress_verdict(YEARS, values, direction=1, target_value=target, target_year=2025)
    assert verdict.status == expected


def test_ratio_by_hand_small_series() -> None:
    """obs = (121/100)^(1/5) − 1 = 1.1^(0.4) − 1 = exp(0.4 × 0.0953102) − 1 = 0.0388601;
    req = (144/100)^(1/10) − 1 = 1.2^(0.2) − 1 = exp(0.2 × 0.1823216) − 1 = 0.0371373;
    R = 0.0388601 / 0.0371373 = 1.04639."""
    verdict = progress_verdict(
        YEARS, [100, 104, 108, 112, 116, 121], direction=1, target_value=144, target_year=2025
    )
    assert verdict.observed_rate == pytest.approx(1.1**0.4 - 1)
    assert verdict.required_rate == pytest.approx(1.2**0.2 - 1)
    assert verdict.ratio == pytest.approx(1.04639, abs=1e-5)


def test_lower_is_better_with_target() -> None:
    """d = −1: 100 → 90 over 5 years, target 50 in 2025. obs = 0.9^(1/5) − 1 = −0.0208516;
    req = 0.5^(1/10) − 1 = −0.0669670; R = obs / req = 0.31137 (= −1 × obs / |req|)."""
    verdict = progress_verdict(
        YEARS, [100, 98, 96, 94, 92, 90], direction=-1, target_value=50, target_year=2025
    )
    assert verdict.ratio == pytest.approx((0.9**0.2 - 1) / (0.5**0.1 - 1))
    assert verdict.ratio == pytest.approx(0.31137, abs=1e-5)
    assert verdict.status == "limited_progress"


def test_insufficient_data() -> None:
    """Two observations, or three spanning only 3 years, give no verdict; NaNs do not count."""
    few = progress_verdict([2015, 2020], [1, 2], direction=1, target_value=3, target_year=2030)
    assert few.status == "insufficient_data" and few.n_observations == 2
    short = progress_verdict([2017, 2018, 2020], [1, 2, 3], direction=1)
    assert short.status == "insufficient_data"
    gappy = progress_verdict(
        [2010, 2012, 2014, 2016], [1.0, float("nan"), None, 2.0], direction=1
    )
    assert gappy.status == "insufficient_data" and gappy.n_observations == 2
    none = progress_verdict([], [], direction=1)
    assert none.status == "insufficient_data" and none.base_year is None


@pytest.mark.parametrize(
    ("end_value", "factor", "expected"),
    [
        # CAGR = (end/100)^(1/4) − 1: 1.0615^(.25) − 1 = 1.503 % → on track (≥ 1.5 %)
        (106.15, 1.0, "on_track"),
        # 1.03^(.25) − 1 = 0.742 % → acceleration needed
        (103.0, 1.0, "acceleration_needed"),
        # 1.01^(.25) − 1 = 0.249 % → limited progress
        (101.0, 1.0, "limited_progress"),
        (99.0, 1.0, "deterioration"),
        # with C = 0.4: thresholds 0.6 % and 0.2 % → 0.742 % is on track
        (103.0, 0.4, "on_track"),
    ],
)
def test_no_target(end_value, factor, expected) -> None:
    verdict = progress_verdict(
        [2020, 2022, 2024], [100, 100.5, end_value], direction=1, limit_factor=factor
    )
    assert verdict.method == "cagr_no_target"
    assert verdict.status == expected
    assert verdict.ratio is None
    assert verdict.required_rate == pytest.approx(0.015 * factor)


def test_no_target_lower_is_better() -> None:
    """d = −1, 100 → 90 in 4 years: d × CAGR = −(0.9^(1/4) − 1) = 2.6 % ≥ 1.5 % → on track."""
    verdict = progress_verdict([2020, 2022, 2024], [100, 95, 90], direction=-1)
    assert verdict.status == "on_track"
    assert verdict.observed_rate == pytest.approx(0.9**0.25 - 1)


def test_linear_form_for_non_positive_values() -> None:
    """Net migration −50 → 150 (2015–2020), target 300 in 2025: obs = 200 / 5 = 40 /yr,
    req = 350 / 10 = 35 /yr, R = 40 / 35 = 1.1429 → on track (CAGR undefined for −50)."""
    verdict = progress_verdict(
        YEARS, [-50, 0, 50, 100, 120, 150], direction=1, target_value=300, target_year=2025
    )
    assert verdict.method == "linear"
    assert verdict.ratio == pytest.approx(40 / 35)
    assert verdict.status == "on_track"
    assert "not positive" in verdict.note


def test_target_year_passed_status_by_r() -> None:
    """Target 200 in 2018, latest 2020 = 150 (not met): obs = 1.5^(1/5) − 1 = 0.08447,
    req = 2^(1/3) − 1 = 0.25992, R = 0.325 → limited progress, noted."""
    verdict = progress_verdict(
        YEARS, [100, 110, 120, 130, 140, 150], direction=1, target_value=200, target_year=2018
    )
    assert verdict.status == "limited_progress"
    assert verdict.ratio == pytest.approx((1.5**0.2 - 1) / (2 ** (1 / 3) - 1))
    assert "passed" in verdict.note


def test_target_behind_the_base_is_deterioration() -> None:
    """d = +1, base 100, target 90 (behind the base) and latest 80: the value fell below both,
    R = d × obs / |req| < 0 → deterioration (the signed obs/req would wrongly be positive)."""
    verdict = progress_verdict(
        YEARS, [100, 95, 92, 88, 84, 80], direction=1, target_value=90, target_year=2025
    )
    assert verdict.status == "deterioration"
    assert verdict.ratio is not None and verdict.ratio < 0


def test_base_year_between_observations() -> None:
    """base_year 2016 with no 2016 observation → base is 2017 (first at or after)."""
    verdict = progress_verdict(
        [2015, 2017, 2019, 2021], [1, 2, 3, 4], direction=1, base_year=2016
    )
    assert verdict.base_year == 2017 and verdict.n_observations == 3


@pytest.mark.parametrize(
    "kwargs",
    [
        {"direction": 0},
        {"direction": 1, "target_value": 10},
        {"direction": 1, "target_year": 2030},
        {"direction": 1, "limit_factor": 0},
        {"direction": 1, "limit_factor": 1.5},
        {"direction": 1, "target_value": 10, "target_year": 2015},
        {"direction": 1, "target_value": float("nan"), "target_year": 2030},
    ],
)
def test_rejects_nonsense(kwargs) -> None:
    with pytest.raises(ValueError):
        progress_verdict(YEARS, [1, 2, 3, 4, 5, 6], **kwargs)


def test_rejects_bad_series() -> None:
    with pytest.raises(ValueError):
        progress_verdict([2015, 2015, 2016], [1, 2, 3], direction=1)
    with pytest.raises(ValueError):
        progress_verdict([2015, 2016], [1], direction=1)
    with pytest.raises(ValueError):
        progress_verdict([2015.5, 2016, 2020], [1, 2, 3], direction=1)


@pytest.mark.parametrize(
    ("values", "target", "expected", "gap"),
    [
        # change (121 − 100) / 5 = 4.2/yr; projected 2030 = 121 + 10 × 4.2 = 163 ≥ 160 → sun
        ([100, 104, 108, 112, 116, 121], 160, "sun", 0.0),
        # change 3/yr; projected = 115 + 30 = 145; gap = (150 − 145) / (150 − 115) = 5/35 = 14.3 %
        ([100, 103, 106, 109, 112, 115], 150, "light_clouds", 100 * 5 / 35),
        # change 2/yr; projected = 110 + 20 = 130; gap = (160 − 130) / (160 − 110) = 60 %
        ([100, 102, 104, 106, 108, 110], 160, "clouds", 60.0),
        # change 3/yr; projected = 115 + 30 = 145; gap = (146 − 145) / 31 = 3.2 % < 5 % → sun
        ([100, 103, 106, 109, 112, 115], 146, "sun", 100 * 1 / 31),
        # falling while higher is better → storm
        ([100, 99, 98, 97, 96, 95], 150, "storm", 100 * (150 - 85) / 55),
    ],
)
def test_weather_by_hand(values, target, expected, gap) -> None:
    weather = weather_verdict(YEARS, values, direction=1, target_value=target, target_year=2030)
    assert weather.status == expected
    assert weather.gap_pct == pytest.approx(gap)


def test_weather_needs_four_points_in_five_years() -> None:
    """Window 2015–2020 holds 2015, 2018, 2020 only: 3 < 4 points → insufficient data."""
    weather = weather_verdict(
        [2010, 2015, 2018, 2020], [1, 2, 3, 4], direction=1, target_value=10, target_year=2030
    )
    assert weather.status == "insufficient_data"
    assert weather.projected_value is None


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.floats(1.0, 1e6), min_size=6, max_size=6),
    target=st.floats(1.0, 1e6),
    scale=st.floats(1e-3, 1e3),
    direction=st.sampled_from([1, -1]),
    zero_target=st.booleans(),
)
def test_verdicts_are_invariant_to_units(values, target, scale, direction, zero_target) -> None:
    """Multiplying values and target by c > 0 gives the same status and R (CAGR is scale-free;
    in the linear form c cancels in R = obs / req)."""
    goal = 0.0 if zero_target else target
    plain = progress_verdict(YEARS, values, direction=direction, target_value=goal,
                             target_year=2030)
    scaled = progress_verdict(YEARS, [v * scale for v in values], direction=direction,
                              target_value=goal * scale, target_year=2030)
    assert plain.status == scaled.status or _near_threshold(plain)
    assert plain.status in STATUSES
    if plain.ratio is None:
        assert scaled.ratio is None
    else:
        assert scaled.ratio == pytest.approx(plain.ratio, rel=1e-6, abs=1e-9)


def _near_threshold(verdict: Verdict) -> bool:
    """Rounding may flip a status only when R sits on a threshold (or the target is met exactly)."""
    if verdict.ratio is None:
        return False
    return any(math.isclose(verdict.ratio, t, abs_tol=1e-9) for t in (0.0, 0.6, 0.95)) or (
        verdict.latest_value is not None
        and verdict.target_value is not None
        and math.isclose(verdict.latest_value, verdict.target_value, rel_tol=1e-9)
    )


# --- Open SDG's natural-limit factor C ------------------------------------------------------

@pytest.mark.parametrize(("base", "expected"), [
    # 1 − 0.5^4.44 = 1 − e^(4.44 × ln 0.5) = 1 − e^(−3.077589) = 1 − 0.046071 = 0.953929
    (50.0, 0.953929),
    # 1 − 0.9^4.44 = 1 − e^(4.44 × −0.105361) = 1 − e^(−0.467801) = 1 − 0.626385 = 0.373615
    (90.0, 0.373615),
    (100.0, 0.0),                 # at the limit
    (0.0, 1.0),                   # far from it
    # above a maximum limit the formula mirrors: 1 − ((200 − 110)/100)^4.44 = 1 − 0.9^4.44
    (110.0, 0.373615),
    (250.0, 1.0),                 # beyond twice the limit: no scaling
])
def test_natural_limit_factor_by_hand(base, expected) -> None:
    assert natural_limit_factor(base) == pytest.approx(expected, abs=1e-5)


def test_natural_limit_scales_the_no_target_thresholds() -> None:
    """Turnout 90 % → 92 % over 2014–2022: CAGR = (92/90)^(1/8) − 1 = 0.2751 %. Plain
    thresholds: 0 ≤ 0.28 % < 0.5 % → limited progress. With C = 0.3736 (base 90 of limit 100)
    the thresholds are 0.560 % and 0.187 %: acceleration needed, and the note names C."""
    years, values = [2014, 2018, 2022], [90.0, 91.0, 92.0]
    plain = progress_verdict(years, values, direction=1)
    assert plain.status == "limited_progress"
    scaled = progress_verdict(years, values, direction=1, natural_limit=100.0)
    assert scaled.observed_rate == pytest.approx(0.002751, abs=1e-6)
    assert scaled.required_rate == pytest.approx(0.015 * 0.373615, abs=1e-7)
    assert scaled.status == "acceleration_needed"
    assert "C = 0.374" in scaled.note and "natural limit 100" in scaled.note


def test_at_the_natural_limit_holding_it_is_on_track() -> None:
    """Base 100 %: C = 0, so every threshold above 0 becomes 0: staying at 100 is on track
    (Open SDG), falling is deterioration."""
    years = [2015, 2017, 2019]
    assert progress_verdict(years, [100.0, 100.0, 100.0], direction=1,
                            natural_limit=100.0).status == "on_track"
    assert progress_verdict(years, [100.0, 99.0, 98.0], direction=1,
                            natural_limit=100.0).status == "deterioration"


def test_natural_limit_plays_no_part_with_a_target_and_excludes_a_manual_factor() -> None:
    years, values = [2014, 2018, 2022], [90.0, 91.0, 92.0]
    with_target = dict(target_value=95.0, target_year=2030)
    assert progress_verdict(years, values, direction=1, natural_limit=100.0, **with_target) \
        == progress_verdict(years, values, direction=1, **with_target)
    with pytest.raises(ValueError, match="not both"):
        progress_verdict(years, values, direction=1, natural_limit=100.0, limit_factor=0.5)


def test_minimum_data_is_stricter_than_open_sdg() -> None:
    """Open SDG assesses two years of data; the project needs 3 observations over ≥ 4 years."""
    assert progress_verdict([2020, 2021], [50.0, 60.0], direction=1).status == "insufficient_data"
    assert progress_verdict([2020, 2022, 2024], [50.0, 55.0, 60.0], direction=1).status \
        == "on_track"
