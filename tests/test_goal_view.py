"""A goal's verdict in words, from the fixture database's precomputed verdict rows."""

from __future__ import annotations

import pytest

from indicators.views import goals as goal_view

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def verdicts(fixture_store):
    return fixture_store.table("verdict").set_index("target_id")


def test_population_verdict_in_swedish(verdicts):
    """Fixture base 2015: CAGR_obs = (135,273/120,777)^(1/10) − 1 = 1.1399 %; CAGR_req =
    (200,000/120,777)^(1/35) − 1 = 1.4515 %; R = 1.1399/1.4515 = 0.785 → acceleration needed."""
    summary = goal_view.goal_summary(verdicts.loc["population_2050"], "Befolkningen",
                                     "persons", 0, "sv")
    assert summary.heading == "➚ Framsteg, men ökad takt behövs"
    assert (summary.base_year, summary.latest_year, summary.ratio) == ("2015", "2025", "0,79")
    # Issue 12: each pace names the years it runs over (the Growth page shows a second one).
    assert summary.rates == (f"Faktisk takt 2015–2025: +1,14{NBSP}% per år · "
                             f"Nödvändig takt 2015–2050: +1,45{NBSP}% per år")
    assert summary.weather_text.startswith("☁ Femårsprognos: Moln")
    assert summary.sentence.startswith("Befolkningen: framsteg, men ökad takt behövs")


def test_climate_verdict_in_english(verdicts):
    """Net zero 2040 read as 15 % of 1990 (72,271 t), CAGR rule: observed
    (365,009.5/481,807.2)^(1/34) − 1 = −0.81 % a year; required (72,271/481,807.2)^(1/50) − 1 =
    −3.72 %; R = 0.218 → limited progress; the 2020–2024 trend (+8,822 t a year) points the
    wrong way: storm, 506,167 t in 2040."""
    summary = goal_view.goal_summary(verdicts.loc["climate_neutral_2040"], "Climate neutral",
                                     "tonnes", 0, "en")
    assert summary.heading == "→ Limited progress"
    assert summary.ratio == "0.22"
    assert summary.rates == ("Observed rate 1990–2024: −0.81% a year · "
                             "Required rate 1990–2040: −3.72% a year")
    assert summary.weather_text.startswith("⛈ Five-year outlook: Storm: wrong direction.")
    assert f"506,167{NBSP}t CO₂e in 2040" in summary.weather_text
