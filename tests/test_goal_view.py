"""A goal's verdict in words, from the fixture database's precomputed verdict rows."""

from __future__ import annotations

import pytest

from indicators import goal_view

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
    """Linear form: observed (365,009.5 − 481,807.2)/34 = −3,435.2 t a year; required
    (0 − 481,807.2)/40 = −12,045.2; R = 3,435.2/12,045.2 = 0.285 → limited progress; the
    2020–2024 trend (+8,822 t a year) points the wrong way: storm."""
    summary = goal_view.goal_summary(verdicts.loc["climate_neutral_2030"], "Climate neutral",
                                     "tonnes", 0, "en")
    assert summary.heading == "→ Limited progress"
    assert summary.ratio == "0.29"
    assert summary.rates == (f"Observed rate 1990–2024: −3,435{NBSP}t CO₂e a year · "
                             f"Required rate 1990–2030: −12,045{NBSP}t CO₂e a year")
    assert summary.weather_text.startswith("⛈ Five-year outlook: Storm: wrong direction.")
    assert "linear form because the target is zero" in summary.sentence
