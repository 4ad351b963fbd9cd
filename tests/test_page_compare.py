"""The Compare page (AppTest against the fixture database): deep links select districts and
indicators, bars carry the right values (suppressed never drawn), the scatter animates over the
common years, and bad links fall back with a notice."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.fixtures.dataset import HOSTILE_NAME
from tests.pages import run_page

ROOT = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"
ALL = ["2480P01", "2480P02", "2480P03", "2480P04"]


@pytest.fixture(scope="module")
def open_compare(fixture_db):
    patch = pytest.MonkeyPatch()
    patch.setenv("UMEA_DB", str(fixture_db))
    st.cache_data.clear()
    st.cache_resource.clear()

    def run(**params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for name, value in params.items():
            at.query_params[name] = value
        at.switch_page(str(ROOT / "pages/compare.py")).run()
        assert not at.exception, at.exception
        assert not at.error, [e.value for e in at.error]
        return at

    yield run
    patch.undo()


def decoded(values) -> list:
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def bars(figure: dict) -> list[tuple[str, float]]:
    trace = next(t for t in figure["data"] if t["type"] == "bar")
    return list(zip(trace["y"], decoded(trace["x"]), strict=True))


def scatter(at: AppTest) -> dict:
    return next(f for f in figures(at) if f["data"] and f["data"][0]["type"] == "scatter")


def texts(at: AppTest) -> list[str]:
    found = []
    for kind in ("markdown", "caption", "info", "warning", "subheader"):
        found += [re.sub(r"\\(.)", r"\1", str(e.value)) for e in at.get(kind)]
    return found


def notices(at: AppTest) -> str:
    return " ".join(str(e.value) for e in at.info)


def test_default_view(open_compare):
    """Default: the 5 largest districts by eligible voters (the fixture has 4), turnout and the
    first illustrative indicator, the latest turnout year 2018. Turnout 2018: Centrum 92,0 %,
    Ålidhem 78,0 %; Holmsund and the fourth district are suppressed: 2 bars, never 0."""
    at = open_compare()
    assert at.multiselect(key="w_districts").value == ALL
    assert at.multiselect(key="w_indicators").value == ["turnout_riksdag", "perceived_safety"]
    assert at.selectbox(key="w_year").value == 2018
    turnout, safety = [f for f in figures(at) if f["data"][0]["type"] == "bar"]
    assert bars(turnout) == [("Centrum", 92.0), ("Ålidhem", 78.0)]
    # the city line: 2661 / 2998 = 88,76 %
    assert turnout["layout"]["shapes"][0]["x0"] == pytest.approx(88.759173)
    # perceived safety has no 2018: the nearest year, 2019, is used and said
    assert [name for name, _ in bars(safety)][0] == "Sävar &lt;img src=x onerror=alert(1)&gt;"
    shown = texts(at)
    assert f"Valdeltagande, riksdagsval 2018: högst i Centrum (92,0{NBSP}%), lägst i Ålidhem " \
           f"(78,0{NBSP}%)." in shown
    assert any("närmaste år med värden, 2019" in t for t in shown)
    assert "Illustrativa data (påhittade)" in [w.value for w in at.warning]
    table = at.dataframe[0].value  # the first bars' table alternative
    assert table["Värde"].tolist() == [f"92,0{NBSP}%", f"78,0{NBSP}%", "..", ".."]
    assert table["Område"].tolist()[3] == HOSTILE_NAME


def test_deep_link_selects_districts_and_indicators(open_compare):
    at = open_compare(districts="2480P02,2480P03", indicators="perceived_safety",
                      year="2021", sex="women", lang="en")
    assert at.multiselect(key="w_districts").value == ["2480P02", "2480P03"]
    assert at.multiselect(key="w_indicators").value == ["perceived_safety"]
    assert at.selectbox(key="w_sex").value == "women"
    (safety,) = [f for f in figures(at) if f["data"][0]["type"] == "bar"]
    # women 2021: 70 + 5·offset − 8 + 2 → Ålidhem (offset 1) 69, Holmsund (offset 2) 74
    assert bars(safety) == [("Holmsund", 74.0), ("Ålidhem", 69.0)]
    wide = at.dataframe[-1].value  # districts × indicators, in the order chosen
    assert list(wide.columns) == ["Area", "Feels safe outdoors in the evening (illustrative) "
                                  "(2021)", "Quality"]
    assert wide.iloc[:, 1].tolist() == ["69.0%", "74.0%"]


def test_scatter_animates_over_each_common_year(open_compare):
    """Perceived safety against itself by sex: 2019–2024 (6 common years, 6 frames, 4 districts
    each); turnout against eligible voters: 2014 and 2018."""
    at = open_compare(indicators="perceived_safety", x="perceived_safety", y="perceived_safety")
    figure = scatter(at)
    assert [frame["name"] for frame in figure["frames"]] == [str(y) for y in range(2019, 2025)]
    assert all(len(frame["data"]) == 4 for frame in figure["frames"])
    assert figure["layout"]["sliders"][0]["steps"][-1]["label"] == "2024"
    assert {t["mode"] for t in figure["data"]} == {"markers+text"}
    assert any("starkt positivt samband" in t and "(r = 1,00)" in t for t in texts(at))
    pair = scatter(open_compare(x="turnout_riksdag", y="eligible_voters"))
    assert [frame["name"] for frame in pair["frames"]] == ["2014", "2018"]
    # only Centrum and Ålidhem have published turnout: suppressed districts are not drawn
    assert all(len(frame["data"]) == 2 for frame in pair["frames"])


def test_scatter_without_common_years_says_so(open_compare):
    at = open_compare(x="turnout_riksdag", y="perceived_safety")
    assert not any(f["data"] and f["data"][0]["type"] == "scatter" and "frames" in f
                   for f in figures(at))
    assert any("inget gemensamt år" in t for t in texts(at))


def test_english_number_format(open_compare):
    at = open_compare(districts="2480P01,2480P02", indicators="turnout_riksdag", lang="en")
    shown = texts(at)
    assert "Voter turnout, Riksdag election 2018: highest in Centrum (92.0%), lowest in " \
           "Ålidhem (78.0%)." in shown
    assert [b.label for b in at.download_button] == ["Download CSV", "Download Excel"]


def test_emptied_selection_asks_for_a_choice(open_compare):
    at = open_compare()
    at.multiselect(key="w_indicators").set_value([]).run()
    assert not at.exception
    assert any("Välj minst ett distrikt och minst en indikator" in t for t in texts(at))


@pytest.mark.parametrize(("params", "names"), [
    ({"districts": "xx,<script>"}, ["districts"]),
    ({"indicators": "' or 1=1"}, ["indicators"]),
    ({"year": "99999"}, ["year"]),
    ({"year": "2018; drop table observation"}, ["year"]),
    ({"x": "a" * 50_000, "y": "<img src=x onerror=alert(1)>"}, ["x", "y"]),
    ({"sex": "女"}, ["sex"]),
    ({"districts": "2480P01,nope", "indicators": "turnout_riksdag,read_csv('/etc/passwd')"},
     ["districts", "indicators"]),
    ({"districts": ",,,"}, ["districts"]),
])
def test_bad_parameters_fall_back_with_a_notice(open_compare, params, names):
    at = open_compare(**params)
    notice = notices(at)
    assert "Länken innehöll värden som inte kunde användas" in notice
    for name in names:
        assert name in notice
    if "districts" in names:
        expected = ["2480P01"] if "2480P01" in params["districts"] else ALL
        assert at.multiselect(key="w_districts").value == expected
    if "indicators" in names:
        expected = (["turnout_riksdag"] if "turnout_riksdag" in params["indicators"]
                    else ["turnout_riksdag", "perceived_safety"])
        assert at.multiselect(key="w_indicators").value == expected
    if "year" in names:
        assert at.selectbox(key="w_year").value == 2018
    if "x" in names:
        assert (at.selectbox(key="w_x").value, at.selectbox(key="w_y").value) == (
            "turnout_riksdag", "eligible_voters")
    assert len(figures(at)) >= 2


def test_removing_the_indicator_that_set_the_years_moves_the_year_quietly(open_compare):
    """Issue 12: the year's options come from the first chosen indicator. Removing turnout
    (2014, 2018) leaves perceived safety (2019–2024): 2018 is no longer an option, so the year
    moves to the nearest one, 2019, with a quiet note and no "link held values" notice; the
    districts chosen stay chosen."""
    at = open_compare(districts="2480P01,2480P02")
    assert at.selectbox(key="w_year").value == 2018
    at.multiselect(key="w_indicators").unselect("turnout_riksdag").run()
    assert not at.exception
    assert not [i.value for i in at.info if "Länken" in i.value]
    assert at.selectbox(key="w_year").value == 2019 and at.query_params["year"] == "2019"
    assert any("2018 finns inte" in c.value for c in at.caption)
    assert at.multiselect(key="w_districts").value == ["2480P01", "2480P02"]
    assert at.query_params["indicators"] == "perceived_safety"


# --- several kommuner (tests/fixtures/dataset.py two_kommun_tables) -----------------------------
# Robertsfors (kommun:2409) beside Umeå: turnout 2018 Bygdeå 90.0 %, Robertsfors centrum 70.0 %
# (the larger, 1,000 eligible against 600), kommun 81.5 %.

def test_one_kommun_shows_no_kommun_box(open_compare):
    at = open_compare()
    assert "Kommun" not in [box.label for box in at.selectbox]
    assert "kommun" not in at.query_params


def test_with_two_kommuner_the_choices_are_the_goals_kommuns_districts(monkeypatch,
                                                                      two_kommun_db):
    at = run_page(monkeypatch, two_kommun_db, "compare")
    assert at.selectbox(key="w_kommun").value == "2480"
    districts = at.multiselect(key="w_districts")
    assert districts.options == ["Centrum", "Holmsund", HOSTILE_NAME, "Ålidhem"]
    assert districts.value == ALL
    turnout = next(f for f in figures(at) if f["data"][0]["type"] == "bar")
    assert bars(turnout) == [("Centrum", 92.0), ("Ålidhem", 78.0)]
    assert turnout["layout"]["shapes"][0]["x0"] == pytest.approx(88.759173)


def test_a_kommun_link_compares_its_districts_against_it(monkeypatch, two_kommun_db):
    at = run_page(monkeypatch, two_kommun_db, "compare", kommun="2409")
    assert not at.info
    districts = at.multiselect(key="w_districts")
    assert districts.options == ["Bygdeå", "Robertsfors centrum"]
    assert districts.value == ["2409P01", "2409P02"]   # the largest first
    turnout = next(f for f in figures(at) if f["data"][0]["type"] == "bar")
    assert bars(turnout) == [("Bygdeå", 90.0), ("Robertsfors centrum", 70.0)]
    assert turnout["layout"]["shapes"][0]["x0"] == pytest.approx(81.5)
    assert at.dataframe[-1].value["Område"].tolist() == ["Robertsfors centrum", "Bygdeå"]


def test_districts_of_another_kommun_fall_back_with_the_notice(monkeypatch, two_kommun_db):
    at = run_page(monkeypatch, two_kommun_db, "compare", kommun="2409", districts="2480P01")
    assert "districts" in notices(at)
    assert at.multiselect(key="w_districts").value == ["2409P01", "2409P02"]


def test_choosing_another_kommun_selects_its_largest_districts(monkeypatch, two_kommun_db):
    at = run_page(monkeypatch, two_kommun_db, "compare")
    at.selectbox(key="w_kommun").set_value("2409").run()
    assert not at.exception and not at.info
    assert at.multiselect(key="w_districts").value == ["2409P01", "2409P02"]
    assert at.query_params["districts"] == "2409P01,2409P02"
