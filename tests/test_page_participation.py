"""Participation & equality page (AppTest against the fixture database).

Fixture values (tests/fixtures/dataset.py): turnout 2018 Centrum 920/1000 = 92.0 %, Ålidhem
780/1000 = 78.0 %, Holmsund and the fourth (hostile-named) district suppressed; 2014 Centrum
90.0 %, Ålidhem 75.0 %; city 2018 2,661/2,998 = 88.8 %. perceived_safety (synthetic) by sex
2019–2024: district number d = 0…3 has women 62 + 5d + (year − 2019) and men 76 + 5d +
(year − 2019), so in 2024 Centrum women 67.0 %, men 81.0 %; Ålidhem 72.0 % and 86.0 %. The
fourth district's men are 96 of 100 in 2024: only 4 do not feel safe (complement < 5), so they
are suppressed, and its women with them (else the total 178 of 200 gives them back).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.fixtures.dataset import HOSTILE_NAME
from tests.pages import run_page

ROOT = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def open_page(fixture_db):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("UMEA_DB", str(fixture_db))
        st.cache_data.clear()
        st.cache_resource.clear()
        yield run


def run(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(str(ROOT / "pages/participation.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def text(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "info",
                                  "caption", "warning") for e in getattr(at, kind)]
    return re.sub(r"\\(.)", r"\1", "\n".join(parts)).replace(NBSP, " ")


def table(at: AppTest, column: str, index: int = 0):
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) > index, [list(d.value.columns) for d in at.dataframe]
    return found[index]


def chart(at: AppTest, key: str) -> dict:
    for element in at.get("plotly_chart"):
        if element.proto.id.endswith(key):
            return json.loads(element.proto.spec)
    raise AssertionError(f"no chart {key}")


def test_turnout_bars_are_the_published_districts_only(open_page):
    at = open_page()
    figure = chart(at, "participation_turnout")
    bars = figure["data"][0]
    assert bars["y"] == ["Centrum", "Ålidhem"]
    assert bars["text"] == [f"92,0{NBSP}%", f"78,0{NBSP}%"]
    assert bars["error_x"]["type"] == "data"
    assert "Hela kommunen 88,8 %" in figure["layout"]["annotations"][0]["text"].replace(NBSP, " ")


def test_turnout_table_with_intervals_and_suppressed_as_dots(open_page):
    turnout = table(open_page(), "Täljare").set_index("Område")
    assert turnout.loc["Centrum"].tolist() == [f"92,0{NBSP}%", "920", f"1{NBSP}000",
                                               f"90,2–93,5{NBSP}%", "härledd"]
    assert turnout.loc["Holmsund"].tolist()[:4] == ["..", "..", "..", ".."]
    assert turnout.loc[HOSTILE_NAME].tolist()[:4] == ["..", "..", "..", ".."]


def test_sentences_ranking_change_and_collection_districts(open_page):
    words = text(open_page())
    assert "Valdeltagande, riksdagsval 2018: högst i Centrum (92,0 %), lägst i Ålidhem " \
           "(78,0 %)." in words
    assert "2014–2018: Ökning: Ålidhem (+3,0 procentenheter), Centrum (+2,0 procentenheter); " \
           "skyddade (..): Holmsund" in words
    assert "uppsamlingsdistrikten" in words and "men inte i något distrikt" in words
    assert HOSTILE_NAME in words  # shown as text, escaped for markdown


def test_change_table(open_page):
    changes = table(open_page(), "Bedömning").set_index("Område")
    assert changes.loc["Ålidhem"].tolist() == [f"75,0{NBSP}%", f"78,0{NBSP}%",
                                               f"+3,0{NBSP}procentenheter", "↑ Ökning"]
    assert changes.loc["Holmsund"].tolist() == ["..", "..", "..", ".."]


def test_english_and_a_deep_link_to_2014(open_page):
    at = open_page(lang="en", year="2014")
    bars = chart(at, "participation_turnout")["data"][0]
    assert bars["y"] == ["Centrum", "Ålidhem"] and bars["text"] == ["90.0%", "75.0%"]
    words = text(at)
    assert "Voter turnout, Riksdag election 2014: highest in Centrum (90.0%)" in words
    assert "count in the whole municipality's turnout but in no district" in words
    assert "Increase: Ålidhem (+3.0 percentage points)" in words


def test_women_and_men_by_district_for_the_latest_year(open_page):
    at = open_page()
    by_sex = table(at, "Skillnad (kvinnor − män)").set_index("Område")
    assert by_sex.loc["Centrum"].tolist() == [f"67,0{NBSP}%", f"81,0{NBSP}%",
                                              f"−14,0{NBSP}procentenheter"]
    assert by_sex.loc["Ålidhem"].tolist()[:2] == [f"72,0{NBSP}%", f"86,0{NBSP}%"]
    figure = chart(at, "participation_sex_perceived_safety")
    women, men = figure["data"][1], figure["data"][2]
    assert (women["name"], men["name"]) == ("Kvinnor", "Män")
    assert women["marker"]["symbol"] != men["marker"]["symbol"]
    assert by_sex.loc[HOSTILE_NAME].tolist() == ["..", "..", ".."]   # complement 4 < 5
    words = text(at)
    assert "Illustrativa data (påhittade)" in words
    assert "kvinnor har lägre värde än män i 3 av 3 distrikt" in words
    assert "2 värden är skyddade (..)" in words


def test_district_deep_link_shows_its_women_and_men_series(open_page):
    at = open_page(district="2480P02", lang="en")
    words = text(at)
    assert "Ålidhem: Feels safe outdoors in the evening (illustrative), women 72.0% and men " \
           "86.0% (2024); gap −14.0 percentage points" in words
    series = table(at, "Women", 1).set_index("Year")
    assert series.loc[2019].tolist() == ["67.0%", "81.0%"]
    assert series.loc[2024].tolist() == ["72.0%", "86.0%"]
    assert "Illustrative data (generated)" in words


@pytest.mark.parametrize("params", [
    {"election": "' or 1=1 --"},
    {"election": "<script>alert(1)</script>"},
    {"year": "2019"},
    {"year": "99999999999999999999999"},
    {"year": "twenty"},
    {"district": "2480P99"},
    {"district": "district:2480P01"},
    {"district": "Ålidhem🙂" * 500},
    {"lang": "de"},
])
def test_bad_parameters_fall_back_with_a_notice(open_page, params):
    at = open_page(**params)
    assert any("standardvyn visas" in e.value for e in at.info)
    assert chart(at, "participation_turnout")["data"][0]["y"] == ["Centrum", "Ålidhem"]
    assert "Centrum: Känner sig trygg" in text(at)


def test_only_the_open_tab_of_indicators_by_sex_is_sent(open_page):
    """Every indicator with a sex breakdown has a tab; the charts of the open one are sent, the
    others when their tab is opened (with dozens of indicators the hidden tabs were megabytes)."""
    at = open_page()
    assert len(at.tabs) >= 1
    labels = [tab.label for tab in at.tabs]
    keys = {c.proto.id: c for c in at.get("plotly_chart")}
    sex_charts = [c for c in at.get("plotly_chart") if "participation_sex_" in c.proto.id]
    assert len(sex_charts) == 1, (labels, list(keys))
    assert "perceived_safety" in sex_charts[0].proto.id   # the first tab, open by default


# --- several kommuner (tests/fixtures/dataset.py two_kommun_tables) -----------------------------
# Robertsfors (kommun:2409, first by name) beside Umeå: turnout 2018 Bygdeå 540/600 = 90.0 %,
# Robertsfors centrum 700/1000 = 70.0 %, kommun 81.5 %; 2014 85.0 % and 66.0 %.

ROBERTSFORS = ["Bygdeå", "Robertsfors centrum"]


def run_two(monkeypatch, two_kommun_db, **params: str) -> AppTest:
    at = run_page(monkeypatch, two_kommun_db, "participation", **params)
    assert not at.error, [e.value for e in at.error]
    return at


def city_line(at: AppTest) -> str:
    return chart(at, "participation_turnout")["layout"]["annotations"][0]["text"].replace(
        NBSP, " ")


def test_one_kommun_shows_no_kommun_box(open_page):
    at = open_page()
    assert "Kommun" not in [box.label for box in at.selectbox]
    assert "kommun" not in at.query_params


def test_two_kommuner_open_on_the_goals_kommun(monkeypatch, two_kommun_db):
    at = run_two(monkeypatch, two_kommun_db)
    box = at.selectbox(key="w_kommun")
    assert (box.label, box.value, box.options) == ("Kommun", "2480", ["Robertsfors", "Umeå"])
    assert chart(at, "participation_turnout")["data"][0]["y"] == ["Centrum", "Ålidhem"]
    assert "Hela kommunen 88,8 %" in city_line(at)
    assert at.selectbox(key="w_district").options == ["Centrum", "Holmsund", HOSTILE_NAME,
                                                       "Ålidhem"]
    assert set(table(at, "Täljare")["Område"]) == {"Centrum", "Ålidhem", "Holmsund",
                                                   HOSTILE_NAME}


def test_a_kommun_link_shows_its_districts_and_its_city_value(monkeypatch, two_kommun_db):
    at = run_two(monkeypatch, two_kommun_db, kommun="2409", lang="en")
    assert at.selectbox(key="w_kommun").label == "Municipality"
    bars = chart(at, "participation_turnout")["data"][0]
    assert bars["y"] == ROBERTSFORS and bars["text"] == ["90.0%", "70.0%"]
    assert "81.5%" in city_line(at).replace(" ", "")
    assert at.selectbox(key="w_district").options == ROBERTSFORS
    assert set(table(at, "Numerator")["Area"]) == set(ROBERTSFORS)
    assert "Bygdeå (+5.0 percentage points)" in text(at)
    assert not at.info


def test_a_bad_kommun_falls_back_to_the_goals_kommun_with_the_notice(monkeypatch,
                                                                    two_kommun_db):
    at = run_two(monkeypatch, two_kommun_db, kommun="0000")
    assert any("standardvyn visas" in e.value and "kommun" in e.value for e in at.info)
    assert at.selectbox(key="w_kommun").value == "2480"
    assert chart(at, "participation_turnout")["data"][0]["y"] == ["Centrum", "Ålidhem"]


def test_choosing_another_kommun_starts_its_districts_afresh(monkeypatch, two_kommun_db):
    at = run_two(monkeypatch, two_kommun_db)
    at.selectbox(key="w_kommun").set_value("2409").run()
    assert not at.exception and not at.info
    assert (at.query_params["kommun"], at.query_params["district"]) == ("2409", "2409P02")
    assert chart(at, "participation_turnout")["data"][0]["y"] == ROBERTSFORS
    assert "Hela kommunen 81,5 %" in city_line(at)
    assert not [c.value for c in at.caption if "visas" in c.value and "2480P01" in c.value]


def test_a_district_link_without_a_kommun_opens_in_the_districts_own_kommun(monkeypatch,
                                                                           two_kommun_db):
    at = run_two(monkeypatch, two_kommun_db, district="2409P02")
    assert not at.info and at.selectbox(key="w_kommun").value == "2409"
    assert at.selectbox(key="w_district").value == "2409P02"
    assert chart(at, "participation_turnout")["data"][0]["y"] == ROBERTSFORS
