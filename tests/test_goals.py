"""Goal helpers: paths to the target and verdict rows round-tripping to engine objects."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.views import goals
from indicators.views.goals import latest_and_previous, target_path, verdict_from_row


def test_compound_path_reaches_the_target():
    """112,728 in 2008 → 200,000 in 2050: halfway (2029) is √(112,728 × 200,000) = 150,153."""
    path = target_path("cagr", 2008, 112_728, 2050, 200_000).set_index("year")["value"]
    assert path[2008] == pytest.approx(112_728)
    assert path[2050] == pytest.approx(200_000)
    assert path[2029] == pytest.approx((112_728 * 200_000) ** 0.5)


def test_linear_path_to_zero():
    """481,807 t in 1990 → 0 in 2030: 12,045.2 t less each year; 2024 on time = 72,271 t."""
    path = target_path("linear", 1990, 481_807, 2030, 0).set_index("year")["value"]
    assert path[2030] == 0
    assert path[2024] == pytest.approx(481_807 * 6 / 40)


def test_bad_path_arguments():
    with pytest.raises(ValueError):
        target_path("linear", 2030, 1, 2020, 0)
    with pytest.raises(ValueError):
        target_path("magic", 2000, 1, 2020, 0)


def test_verdict_row_round_trip():
    row = {"status": "limited_progress", "method": "linear", "base_year": 1990,
           "latest_year": 2024, "base_value": 481807.0, "latest_value": 365010.0,
           "observed_rate": -3435.2, "required_rate": -12045.2, "ratio": 0.285,
           "target_value": 0.0, "target_year": 2030, "n_observations": 10, "note": float("nan")}
    verdict = verdict_from_row(row)
    assert verdict.ratio == 0.285 and verdict.note == "" and verdict.base_year == 1990


def test_latest_and_previous_skip_suppressed():
    series = pd.DataFrame({"year": [2014, 2018, 2022], "value": [80.0, 82.0, None]})
    latest, previous = latest_and_previous(series)
    assert latest["year"] == 2018 and previous["year"] == 2014


def test_first_sentence_is_the_goals_reading():
    text = ("Nettonoll mäts som i ramverket – minst 85 % lägre än 1990. Målvärdet är 72 271 ton. "
            "Mer.")
    assert goals.first_sentence(text) == (
        "Nettonoll mäts som i ramverket – minst 85 % lägre än 1990.")
    assert goals.first_sentence("En mening utan punkt") == "En mening utan punkt."
