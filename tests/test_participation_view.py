"""The Participation & equality page's pure helpers, against hand-computed values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.data.catalogue import load_catalogue
from indicators.views import participation as pv
from tests.fixtures.dataset import HOSTILE_NAME

NBSP = "\u00a0"
DISTRICTS = pd.DataFrame({
    "area_id": ["district:2480P01", "district:2480P02", "district:2480P03", "district:2480P04"],
    "code": ["2480P01", "2480P02", "2480P03", "2480P04"],
    "name": ["Centrum", "Ålidhem", "Holmsund", HOSTILE_NAME],
})


def turnout(cells: dict[str, tuple[float, float] | None]) -> pd.DataFrame:
    """Observations as the store returns them; None = suppressed (value and counts empty)."""
    rows = []
    for code, counts in cells.items():
        voters, eligible = counts if counts else (np.nan, np.nan)
        rows.append({"area_id": f"district:{code}", "value": 100 * voters / eligible,
                     "numerator": voters, "denominator": eligible,
                     "suppressed": counts is None, "quality": "derived"})
    return pd.DataFrame(rows)


FIXTURE_2014 = turnout({"2480P01": (900, 1000), "2480P02": (750, 1000), "2480P03": None,
                        "2480P04": None})
FIXTURE_2018 = turnout({"2480P01": (920, 1000), "2480P02": (780, 1000), "2480P03": None,
                        "2480P04": None})


def test_turnout_frame_ranks_published_first_with_wilson_intervals():
    """Wilson 95 %, z = 1.96: 920/1000 → centre (0.92 + z²/2000)/(1 + z²/1000) = 0.91839,
    half-width z/(1 + z²/1000) × √(0.92 × 0.08/1000 + z²/4,000,000) = 0.01686 → 90.15–93.53 %.
    780/1000 → 75.33–80.46 %."""
    frame = pv.turnout_frame(FIXTURE_2018, DISTRICTS)
    assert frame["name"].tolist() == ["Centrum", "Ålidhem", "Holmsund", HOSTILE_NAME]
    assert frame.loc[0, "low"] == pytest.approx(90.153, abs=1e-3)
    assert frame.loc[0, "high"] == pytest.approx(93.525, abs=1e-3)
    assert frame.loc[1, "low"] == pytest.approx(75.328, abs=1e-3)
    assert frame["suppressed"].tolist() == [False, False, True, True]
    assert np.isnan(frame.loc[2, "low"])


def test_a_district_without_any_row_is_no_data_not_suppressed():
    frame = pv.turnout_frame(FIXTURE_2018.iloc[:2], DISTRICTS)
    assert frame["suppressed"].tolist() == [False, False, False, False]
    table = pv.turnout_table(frame, "en")
    assert table["Value"].tolist()[2:] == ["–", "–"]


def test_turnout_figure_draws_only_published_districts_with_error_bars():
    frame = pv.turnout_frame(FIXTURE_2018, DISTRICTS)
    figure = pv.turnout_figure(frame, city_value=88.76, city_label="Umeå 88,8 %", lang="sv")
    bars = figure.data[0]
    assert list(bars.y) == ["Centrum", "Ålidhem"]
    assert bars.error_x.array[0] == pytest.approx(93.525 - 92.0, abs=1e-3)
    assert bars.error_x.arrayminus[0] == pytest.approx(92.0 - 90.153, abs=1e-3)
    assert list(bars.text) == [f"92,0{NBSP}%", f"78,0{NBSP}%"]
    assert figure.layout.shapes[0].x0 == 88.76


def test_turnout_table_shows_suppressed_as_dots():
    table = pv.turnout_table(pv.turnout_frame(FIXTURE_2018, DISTRICTS), "sv")
    assert table.iloc[0].tolist() == ["Centrum", f"92,0{NBSP}%", "920", f"1{NBSP}000",
                                      f"90,2–93,5{NBSP}%", "härledd"]
    assert table.iloc[2].tolist()[1:5] == ["..", "..", "..", ".."]
    assert table.iloc[3, 0] == HOSTILE_NAME


def test_ranking_sentence_counts_suppressed():
    frame = pv.turnout_frame(FIXTURE_2018, DISTRICTS)
    sentence = pv.ranking_sentence(frame, "Valdeltagande", 2018, "sv")
    assert sentence.startswith(f"Valdeltagande 2018: högst i Centrum (92,0{NBSP}%), lägst i "
                               f"Ålidhem (78,0{NBSP}%).")
    assert "2 värden är skyddade (..)" in sentence


def test_turnout_changes_fixture_increase():
    """Centrum 90.0 → 92.0: 92.0 is above 2014's 87.99–91.71 and 90.0 below 2018's 90.15–93.53:
    increase, +2.0 points. Ålidhem 75.0 → 78.0: 78.0 > 77.59 and 75.0 < 75.33: increase."""
    changes = pv.turnout_changes(pv.turnout_frame(FIXTURE_2014, DISTRICTS),
                                 pv.turnout_frame(FIXTURE_2018, DISTRICTS))
    rows = changes.set_index("name")
    assert rows.loc["Centrum", "reading"] == "increase"
    assert rows.loc["Centrum", "change"] == pytest.approx(2.0)
    assert rows.loc["Ålidhem", "reading"] == "increase"
    assert pd.isna(rows.loc["Holmsund", "reading"]) and rows.loc["Holmsund", "suppressed"]
    sentence = pv.changes_sentence(changes, 2014, 2018, "en")
    assert sentence.startswith(f"2014–2018: Increase: Ålidhem (+3.0{NBSP}percentage points), "
                               f"Centrum (+2.0{NBSP}percentage points)")
    assert "suppressed (..): Holmsund" in sentence


def test_overlapping_intervals_read_as_no_clear_change():
    """500/1000 = 50.0 % (46.91–53.09) → 510/1000 = 51.0 % (47.90–54.09): 51.0 lies inside the
    first interval, so no clear change (+1.0 point)."""
    first = pv.turnout_frame(turnout({"2480P01": (500, 1000)}), DISTRICTS.iloc[:1])
    last = pv.turnout_frame(turnout({"2480P01": (510, 1000)}), DISTRICTS.iloc[:1])
    changes = pv.turnout_changes(first, last)
    assert changes.loc[0, "reading"] == "no_clear_change"
    sv = pv.changes_sentence(changes, 2014, 2018, "sv")
    assert sv == ("2014–2018: Ingen tydlig förändring (överlappande 95 %-intervall): Centrum "
                  f"(+1,0{NBSP}procentenheter).")
    table = pv.changes_table(changes, 2014, 2018, "en")
    assert table.iloc[0].tolist() == ["Centrum", "50.0%", "51.0%",
                                      f"+1.0{NBSP}percentage points", "≈ No clear change"]


def test_changes_table_dots_for_suppressed():
    changes = pv.turnout_changes(pv.turnout_frame(FIXTURE_2014, DISTRICTS),
                                 pv.turnout_frame(FIXTURE_2018, DISTRICTS))
    table = pv.changes_table(changes, 2014, 2018, "sv").set_index("Område")
    assert table.loc["Holmsund"].tolist() == ["..", "..", "..", ".."]
    assert table.loc["Centrum", "Bedömning"] == "↑ Ökning"


def test_sex_indicators_are_those_with_women_and_men():
    ids = {i.id for i in pv.sex_indicators(load_catalogue(demo=True).indicators)}
    assert ids == {"perceived_safety", "association_membership", "population", "share_65_plus",
                   "share_under_20"}


def sex_observations() -> pd.DataFrame:
    """Centrum women 67, men 81; Ålidhem women 72, men 86; Holmsund women suppressed."""
    rows = [("district:2480P01", "women", 67.0, False), ("district:2480P01", "men", 81.0, False),
            ("district:2480P01", "total", 74.0, False),
            ("district:2480P02", "women", 72.0, False), ("district:2480P02", "men", 86.0, False),
            ("district:2480P03", "women", np.nan, True), ("district:2480P03", "men", 90.0, False)]
    return pd.DataFrame(rows, columns=["area_id", "sex", "value", "suppressed"])


def test_sex_frame_table_and_gap_sentence():
    safety = load_catalogue(demo=True).indicator("perceived_safety")
    frame = pv.sex_frame(sex_observations(), DISTRICTS)
    assert frame.loc[0, ["women", "men", "gap"]].tolist() == [67.0, 81.0, -14.0]
    assert frame.loc[2, "women_suppressed"] and np.isnan(frame.loc[2, "gap"])
    table = pv.sex_table(frame, safety, "en").set_index("Area")
    assert table.loc["Centrum"].tolist() == ["67.0%", "81.0%", f"−14.0{NBSP}percentage points"]
    assert table.loc["Holmsund"].tolist() == ["..", "90.0%", ".."]
    assert table.loc[HOSTILE_NAME].tolist() == ["–", "–", "–"]
    sentence = pv.gap_sentence(frame, safety, 2024, "sv")
    assert "kvinnor har lägre värde än män i 2 av 2 distrikt" in sentence
    assert f"−14,0{NBSP}procentenheter i alla" in sentence
    assert "1 värden är skyddade" in sentence and sentence.endswith("(Illustrativa data.)")


def test_sex_figure_draws_published_cells_only_with_distinct_symbols():
    safety = load_catalogue(demo=True).indicator("perceived_safety")
    figure = pv.sex_figure(pv.sex_frame(sex_observations(), DISTRICTS), safety, "en")
    _, women, men = figure.data
    assert list(women.y) == ["Centrum", "Ålidhem"] and list(women.x) == [67.0, 72.0]
    assert list(men.y) == ["Centrum", "Ålidhem", "Holmsund"]
    assert women.marker.symbol != men.marker.symbol
    assert (women.name, men.name) == ("Women", "Men")


def test_sex_series_and_sentence():
    safety = load_catalogue(demo=True).indicator("perceived_safety")
    observations = pd.DataFrame({
        "year": [2019, 2019, 2019, 2024, 2024], "sex": ["women", "men", "total", "women", "men"],
        "value": [60.0, 75.0, 67.5, np.nan, 80.0], "suppressed": [False, False, False, True,
                                                                  False]})
    series = pv.sex_series(observations, "sv")
    assert series["series"].tolist() == ["Kvinnor", "Kvinnor", "Män", "Män"]
    table = pv.sex_series_table(series, safety, "sv")
    assert table.set_index("År").loc[2024].tolist() == ["..", f"80,0{NBSP}%"]
    sentence = pv.series_sentence(series, "Centrum", safety, "en")
    assert sentence.startswith("Centrum: Feels safe outdoors in the evening (illustrative), "
                               "women 60.0% and men 75.0% (2019)")


def test_a_long_change_list_names_three_per_group_and_counts_the_rest():
    """Nine districts, all up by 1–9 points on 1,000 eligible (clear increases): the sentence
    names the three largest and says how many more; the table keeps all nine."""
    codes = [f"2480P{i:02d}" for i in range(1, 10)]
    districts = pd.DataFrame({"area_id": [f"district:{c}" for c in codes], "code": codes,
                              "name": [f"D{i}" for i in range(1, 10)]})
    first = pv.turnout_frame(turnout({c: (500, 1000) for c in codes}), districts)
    last = pv.turnout_frame(turnout({c: (500 + 10 * (i + 1) + 30, 1000)
                                     for i, c in enumerate(codes)}), districts)
    sentence = pv.changes_sentence(pv.turnout_changes(first, last), 2018, 2022, "sv")
    assert sentence.startswith("2018–2022: Ökning: D9 (+12,0\u00a0procentenheter), D8 (+11,0")
    assert "och 6 till (se tabellen)" in sentence
    assert sum(f"D{i} " in sentence for i in range(1, 10)) == 3


def test_first_value_of_a_one_row_frame_or_none():
    assert pv.first_value(pd.DataFrame({"value": [88.76]})) == 88.76
    assert pv.first_value(pd.DataFrame({"value": []})) is None


# --- participation_sections against the two-kommun fixture -------------------------------------

def test_turnout_section_reads_the_city_of_the_kommun_it_is_given(two_kommun_db):
    """tests/fixtures/dataset.py two_kommun_tables: Robertsfors (first by name) 2018 81.5 %,
    Bygdeå 90.0 %, Robertsfors centrum 70.0 %; Umeå 88.8 %."""
    from indicators.data.store import Store
    from indicators.views import participation_sections as sections
    from indicators.views.city import districts_of
    from tests.fixtures.published import StoreData

    data = StoreData(Store(two_kommun_db))
    turnout_indicator = data.catalogue().indicator("turnout_riksdag")
    for city, names, line in (("kommun:2409", ["Bygdeå", "Robertsfors centrum"], "81,5"),
                              ("kommun:2480", ["Centrum", "Ålidhem"], "88,8")):
        shown = sections.turnout_section(data, turnout_indicator,
                                         districts_of(data.areas("district"), city), 2018,
                                         [2014, 2018], "sv", city=city)
        figure, table, _ = shown.chart
        assert list(figure.data[0].y) == names
        assert f"Hela kommunen {line}{NBSP}%" in figure.layout.annotations[0].text
        assert len(table) == len(districts_of(data.areas("district"), city))
        assert set(shown.changes_table.iloc[:, 0]) <= set(data.areas("district")["name"])
        assert len(shown.changes_table) == len(table)
