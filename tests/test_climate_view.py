"""The Climate page's pure helpers, against hand-computed values (recipes in docstrings)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from indicators.data.catalogue import load_catalogue
from indicators.views import climate as climate_view
from tests.fixtures.dataset import EMISSIONS

NBSP = "\u00a0"


def emissions() -> pd.DataFrame:
    return pd.DataFrame({"year": list(EMISSIONS), "value": list(EMISSIONS.values()),
                         "quality": "derived"})


def sectors() -> tuple[pd.DataFrame, list[str]]:
    """Two sectors, 1990 and 2024: Transport 200 → 150, Industry 100 → 50 (no 2000 value)."""
    frames = [
        pd.DataFrame({"year": [1990, 2024], "indicator_id": "ghg_transport",
                      "value": [200.0, 150.0]}),
        pd.DataFrame({"year": [1990, 2024], "indicator_id": "ghg_industry",
                      "value": [100.0, 50.0]}),
        pd.DataFrame(columns=["year", "indicator_id", "value"]),
    ]
    names = {"ghg_transport": "Utsläpp från transporter", "ghg_industry": "Utsläpp från industri"}
    return climate_view.sector_frame(frames, names)


def test_sector_indicators_are_the_nine_parts_of_the_total():
    parts = climate_view.sector_indicators(load_catalogue(demo=True).indicators)
    assert len(parts) == 9
    assert {p.part_of for p in parts} == {"ghg_total"}
    assert "ghg_per_capita" not in {p.id for p in parts}


def test_sector_frame_orders_the_largest_latest_sector_first():
    frame, order = sectors()
    assert order == ["Utsläpp från transporter", "Utsläpp från industri"]
    assert len(frame) == 4
    table = climate_view.sector_table(frame, order, "en")
    assert list(table.columns) == ["Year", *order]
    assert table.iloc[1].tolist() == [2024, 150, 50]


def test_sector_frame_without_values():
    frame, order = climate_view.sector_frame([], {})
    assert frame.empty and order == []


def test_sector_reading_and_sentence():
    """2024: transport 150 of 200 = 75 %; all sectors 300 → 200 = −33.3 %; transport 200 → 150
    = −25 %."""
    frame, order = sectors()
    reading = climate_view.sector_reading(frame, order)
    assert reading.largest == "Utsläpp från transporter"
    assert reading.largest_share == pytest.approx(75.0)
    assert reading.total_change_pct == pytest.approx(-100 / 3)
    assert reading.largest_change_pct == pytest.approx(-25.0)
    sv = climate_view.sector_sentence(reading, "sv")
    assert sv.startswith("2024 var den största delen utsläpp från transporter: 150")
    assert f"75,0{NBSP}%" in sv and f"−33,3{NBSP}%" in sv and f"−25,0{NBSP}%" in sv
    en = climate_view.sector_sentence(reading, "en")
    assert "Since 1990" in en and "-" not in en.replace("greenhouse-gas", "")


def test_neutrality_paths_and_the_cut_needed_now():
    """Latest 2024 = 365,009.5 → 0 in 2030: (0 − 365,009.5)/6 = −60,834.92 a year.
    Observed 1990 → 2024: (365,009.5 − 481,807.2)/34 = −3,435.23 a year.
    Base line in 2010: 481,807.2 × (1 − 20/40) = 240,903.6."""
    path = climate_view.neutrality(emissions(), 1990, 2030)
    assert path.cut_needed == pytest.approx(-60_834.9167, abs=1e-3)
    assert path.observed_change == pytest.approx(-3_435.2265, abs=1e-3)
    assert path.base_path.set_index("year").loc[2010, "value"] == pytest.approx(240_903.6)
    assert path.latest_path["year"].tolist() == list(range(2024, 2031))
    assert path.latest_path["value"].iloc[-1] == 0
    assert climate_view.per_year(path.cut_needed, "tonnes", 0, "sv") == (
        f"−60{NBSP}835{NBSP}t CO₂e per år")
    assert climate_view.per_year(path.cut_needed, "tonnes", 0, "en") == (
        f"−60,835{NBSP}t CO₂e a year")
    sentence = climate_view.neutrality_sentence(path, 1990, "sv")
    assert f"−60{NBSP}835{NBSP}t CO₂e per år" in sentence
    assert "ungefär 18 gånger" in sentence  # 60,834.9 / 3,435.2 = 17.7


def test_net_zero_path_follows_the_targets_cagr_rule():
    """Net zero 2040 read as 72,271 t, rule cagr: from 2024 the average change needed is
    (72,271 − 365,009.5)/16 = −18,296.2 t a year; the compound path from 1990 gives
    481,807.2 × (72,271/481,807.2)^(20/50) = 226,160 t in 2010 (hand: 0.15^0.4 = 0.46940)."""
    path = climate_view.neutrality(emissions(), 1990, 2040, 72_271.0, "cagr")
    assert path.cut_needed == pytest.approx(-18_296.16, abs=0.01)
    assert path.base_path.set_index("year").loc[2010, "value"] == pytest.approx(
        481_807.2 * (72_271 / 481_807.2) ** 0.4)
    assert path.latest_path["value"].iloc[-1] == pytest.approx(72_271.0)
    sentence = climate_view.neutrality_sentence(path, 1990, "en")
    assert sentence.startswith(f"Reaching 72,271{NBSP}t CO₂e by 2040")


def test_neutrality_needs_the_base_year_and_time_left():
    with pytest.raises(ValueError):
        climate_view.neutrality(emissions(), 1995, 2030)
    with pytest.raises(ValueError):
        climate_view.neutrality(emissions(), 1990, 2024)


def test_neutrality_figure_lines_and_gaps():
    series = emissions()
    path = climate_view.neutrality(series, 1990, 2030)
    figure = climate_view.neutrality_figure(series, path, 1990, "en")
    observed, base, latest, target = figure.data
    sent = json.loads(figure.to_json())["data"][0]
    values = dict(zip(sent["x"], sent["y"], strict=True))
    assert values[1991] is None and values[2024] == pytest.approx(365009.5)
    assert base.line.dash == "dash" and latest.line.dash == "dashdot"
    assert base.name == "Path to the target from 1990"
    assert latest.name == "Path to the target from 2024"
    table = climate_view.neutrality_table(series, path, 1990, "sv")
    row = table.set_index("År").loc[2030]
    assert row["Observerat"] == "–" and row["Väg till målet från 2024"] == f"0{NBSP}t CO₂e"


def test_single_year_note():
    assert climate_view.single_year_note(pd.DataFrame({"year": [2025], "value": [431.0]})) == 2025
    assert climate_view.single_year_note(pd.DataFrame({"year": [2024, 2025],
                                                       "value": [1.0, 2.0]})) is None


def test_per_capita_keeps_gaps_and_reads_the_trend():
    """2000 and 2002 published, 2001 missing: the line breaks there; the sentence runs from the
    first to the last published year."""
    indicator = load_catalogue().indicator("ghg_per_capita")
    rows = pd.DataFrame({"year": [2000, 2001, 2002], "value": [6.0, None, 5.0],
                         "area_name": ["Umeå"] * 3, "quality": ["official"] * 3})
    view = climate_view.per_capita(rows, indicator, "en")
    assert view.lines["year"].tolist() == [2000, 2001, 2002]
    assert view.lines["value"].isna().tolist() == [False, True, False]
    assert len(view.series) == 2 and view.sentence.startswith("Umeå: ")
    assert climate_view.per_capita(rows.assign(value=None), indicator, "en") is None
    assert climate_view.latest_published(rows)["year"] == 2002
    assert climate_view.latest_published(rows.iloc[[1]]) is None
