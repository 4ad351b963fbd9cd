"""Overview: both goals first with verdict word, icon, base/latest year and R; headline figures;
the index map labelled illustrative."""

from __future__ import annotations

import pytest
from streamlit.proto.Metric_pb2 import Metric

from tests.pages import figures, run_page, texts


@pytest.mark.parametrize(("lang", "population", "climate", "turnout"), [
    ("sv", "Framsteg, men ökad takt behövs", "Begränsade framsteg", "88,8\u00a0%"),
    ("en", "Progress, but acceleration needed", "Limited progress", "88.8%"),
])
def test_goals_first_with_verdict_words_and_r(monkeypatch, fixture_db, lang, population,
                                             climate, turnout):
    at = run_page(monkeypatch, fixture_db, "overview", lang=lang)
    shown = texts(at)
    assert population in shown and climate in shown
    metrics = {(m.label, m.value) for m in at.metric}
    base, latest, ratio = ("Basår", "Senaste år", "Kvot R") if lang == "sv" else (
        "Base year", "Latest year", "Ratio R")
    assert (base, "2015") in metrics and (latest, "2025") in metrics and (base, "1990") in metrics
    assert (ratio, "0,79" if lang == "sv" else "0.79") in metrics
    # Net zero 2040: CAGR 1990→2024 −0.813 %/yr against −3.722 %/yr needed → R = 0.22.
    assert (ratio, "0,22" if lang == "sv" else "0.22") in metrics
    assert turnout in {m.value for m in at.metric}   # 2661/2998 = 88.76 %


def test_icons_accompany_words(monkeypatch, fixture_db):
    at = run_page(monkeypatch, fixture_db, "overview")
    headings = [m.value for m in at.markdown if m.value.startswith("###")]
    assert any("➚" in h and "ökad takt" in h for h in headings)


def test_index_map_is_labelled_illustrative(monkeypatch, fixture_db):
    at = run_page(monkeypatch, fixture_db, "overview")
    assert any("Illustrativa data" in w.value for w in at.warning)
    index_map = figures(at)[-1]
    locations = [loc for trace in index_map["data"] for loc in trace.get("locations", [])]
    assert len(locations) == 4


def test_goal_charts_have_sentences_and_tables(monkeypatch, fixture_db):
    at = run_page(monkeypatch, fixture_db, "overview", lang="en")
    shown = texts(at)
    assert "(R = 0.79)" in shown and "(R = 0.22)" in shown
    assert "at least 85 % below 1990" in shown
    assert len(figures(at)) == 3 and len(at.expander) >= 3


def test_bad_language_falls_back_to_swedish_with_a_notice(monkeypatch, fixture_db):
    at = run_page(monkeypatch, fixture_db, "overview", lang="<script>alert(1)</script>")
    assert [t.value for t in at.title] == ["Översikt"]
    assert any("lang" in i.value for i in at.info)


@pytest.mark.parametrize(("lang", "population", "change"), [
    ("sv", "120\u00a0777", "+1\u00a0024 sedan 2024"),
    ("en", "120,777", "+1,024 since 2024"),
])
def test_numbers_in_tables_and_deltas_are_written_in_the_language(monkeypatch, fixture_db, lang,
                                                                    population, change):
    """Issue 12: a table's grid showed "120777"; the population delta repeated the unit the
    label already names ("+1 024 personer sedan 2024" was clipped at 1440 px)."""
    at = run_page(monkeypatch, fixture_db, "overview", lang=lang)
    cells = {str(v) for frame in at.dataframe for column in frame.value.columns
             for v in frame.value[column]}
    assert population in cells and "120777" not in cells and "2015" in cells
    deltas = {m.label: (m.delta, m.proto.color) for m in at.metric if m.delta}
    assert any(delta == change for delta, _ in deltas.values()), deltas
    # Colours follow the indicator's direction (they were all grey): a growing population
    # (higher is better) is green; lower-is-better indicators use delta_color="inverse".
    green = [colour for delta, colour in deltas.values() if delta == change]
    assert green == [Metric.MetricColor.GREEN]


# --- several kommuner (tests/fixtures/dataset.py two_kommun_tables) -----------------------------
# Robertsfors (kommun:2409, first by name) beside Umeå: turnout 2018 81.5 %, no population.

def headline_values(at) -> dict[str, str]:
    """The headline figures' values by their (collapsed) labels."""
    return {m.label: m.value for m in at.metric if m.label not in (
        "Basår", "Senaste år", "Kvot R", "Base year", "Latest year", "Ratio R")}


def test_one_kommun_shows_no_kommun_box(monkeypatch, fixture_db):
    at = run_page(monkeypatch, fixture_db, "overview")
    assert not at.selectbox and "kommun" not in at.query_params


def test_with_two_kommuner_the_headline_figures_are_the_goals_kommuns(monkeypatch,
                                                                      two_kommun_db):
    at = run_page(monkeypatch, two_kommun_db, "overview")
    assert at.selectbox(key="w_kommun").value == "2480"
    values = headline_values(at)
    assert values["Valdeltagande, riksdagsval (2018)"] == "88,8\u00a0%"
    assert values["Folkmängd, personer (2025)"] == "135\u00a0273"
    index_map = figures(at)[-1]
    assert {loc for trace in index_map["data"] for loc in trace.get("locations", [])} == {
        f"district:2480P0{i}" for i in range(1, 5)}


def test_a_kommun_link_shows_its_headline_figures_and_districts(monkeypatch, two_kommun_db):
    at = run_page(monkeypatch, two_kommun_db, "overview", kommun="2409")
    assert not at.info
    assert headline_values(at) == {"Valdeltagande, riksdagsval (2018)": "81,5\u00a0%"}
    assert ("(R = 0,79)" in texts(at)) and ("(R = 0,22)" in texts(at))   # the goals stay Umeå's
    index_table = at.dataframe[-1].value
    assert set(index_table["Område"]) == {"Bygdeå", "Robertsfors centrum"}


def test_a_bad_kommun_falls_back_with_the_notice(monkeypatch, two_kommun_db):
    at = run_page(monkeypatch, two_kommun_db, "overview", kommun="2480' or 1=1")
    assert any("kommun" in i.value and "standardvyn" in i.value for i in at.info)
    assert headline_values(at)["Valdeltagande, riksdagsval (2018)"] == "88,8\u00a0%"
