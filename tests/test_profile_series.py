"""The district profile's reads through the Published protocol (fixture database): headline,
scorecard, peers' context, turnout series with intervals, charts and growth share."""

from __future__ import annotations

import pytest

from indicators.views import profile, profile_peers, profile_series
from tests.fixtures.published import StoreData

NBSP = "\u00a0"
ALIDHEM = "district:2480P02"
UMEA = "kommun:2480"


@pytest.fixture(scope="module")
def data(fixture_store) -> StoreData:
    return StoreData(fixture_store)


def test_district_headline_and_its_change_in_words(data):
    """Ålidhem 2018 78,0 % against 75,0 % in 2014, intervals apart: a clear increase."""
    head = profile.district_headline(data, ALIDHEM, "Ålidhem", UMEA, "sv")
    assert head.sentence.startswith(f"Ålidhem: valdeltagande, riksdagsval 78,0{NBSP}% (2018)")
    assert profile.change_text(head, "sv").startswith("Tydlig ökning 2014–2018")
    assert profile.change_text(profile.Headline("x", 2018, False, None, None), "sv") is None


def test_district_scorecard_and_strengths_lines(data):
    catalogue = data.catalogue()
    indicators = [i for i in catalogue.indicators if "district" in i.levels]
    districts = list(data.areas("district")["area_id"])
    rows = profile_peers.district_scorecard(data, ALIDHEM, indicators, ["district:2480P01"],
                                            UMEA, districts)
    assert "turnout_riksdag" in set(rows["indicator_id"])
    lines = profile.strengths_lines(rows, catalogue, "en")
    assert [icon for icon, _, _ in lines] == ["▲", "▼"]
    assert lines[0][1].startswith("Strengths") and lines[1][1].startswith("Weaknesses")
    assert all(listed for _, _, listed in lines)   # names, or the word for none


def test_read_context_has_a_row_per_district(data):
    districts = list(data.areas("district")["area_id"])
    context = profile_peers.read_context(data, districts)
    assert set(context.index) == set(districts)


def test_turnout_series_with_intervals_and_its_chart(data):
    catalogue = data.catalogue()
    (indicator, own, series), *_ = profile_series.turnout_series(data, ALIDHEM, UMEA)
    assert indicator.id == "turnout_riksdag" and set(own["area_id"]) == {ALIDHEM}
    assert {"low", "high"} <= set(series.columns) and len(series) > len(own)
    figure, table, sentence = profile_series.series_chart(series, own, indicator, catalogue,
                                                          "Ålidhem", "sv")
    assert table["95 % konfidensintervall"].tolist()[1] == f"75,3–80,5{NBSP}%"
    assert sentence.startswith("Ålidhem: valdeltagande")
    small, _, _ = profile_series.series_chart(own, own, indicator, catalogue, "Ålidhem", "sv",
                                              small=True)
    assert small.layout.height == 240 and small.layout.showlegend is False


def test_district_growth_on_population_or_the_proxy(data):
    growth = profile_series.district_growth(data, ALIDHEM, UMEA)
    assert growth.indicator_id in ("population", profile.GROWTH_PROXY)
    assert growth.by_population == (growth.indicator_id == "population")
    assert growth.share is not None
