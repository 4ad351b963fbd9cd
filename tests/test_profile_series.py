"""The district profile's reads through the Published protocol (fixture database): headline,
scorecard, peers' context, turnout series with intervals, charts and growth share."""

from __future__ import annotations

import pytest

from indicators.views import profile, profile_peers, profile_series
from tests.fixtures.published import StoreData

NBSP = "\u00a0"
ALIDHEM = "district:2480P02"


@pytest.fixture(scope="module")
def data(fixture_store) -> StoreData:
    return StoreData(fixture_store)


def test_district_headline_and_its_change_in_words(data):
    """Ålidhem 2018 78,0 % against 75,0 % in 2014, intervals apart: a clear increase."""
    head = profile.district_headline(data, ALIDHEM, "Ålidhem", "sv")
    assert head.sentence.startswith(f"Ålidhem: valdeltagande, riksdagsval 78,0{NBSP}% (2018)")
    assert profile.change_text(head, "sv").startswith("Tydlig ökning 2014–2018")
    assert profile.change_text(profile.Headline("x", 2018, False, None, None), "sv") is None


def test_district_scorecard_and_strengths_lines(data):
    catalogue = data.catalogue()
    indicators = [i for i in catalogue.indicators if "district" in i.levels]
    rows = profile.district_scorecard(data, ALIDHEM, indicators, ["district:2480P01"])
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
    (indicator, own, series), *_ = profile_series.turnout_series(data, ALIDHEM)
    assert indicator.id == "turnout_riksdag" and set(own["area_id"]) == {ALIDHEM}
    assert {"low", "high"} <= set(series.columns) and len(series) > len(own)
    figure, table, sentence = profile_series.series_chart(series, own, indicator, catalogue,
                                                          "Ålidhem", "sv")
    assert table["95 % konfidensintervall"].tolist()[1] == f"75,3–80,5{NBSP}%"
    assert sentence.startswith("Ålidhem: valdeltagande")


def test_more_series_offers_indicators_with_several_district_years_published_first(data):
    indicators = [i for i in data.catalogue().indicators if "district" in i.levels]
    offered = [i.id for i in profile_series.series_choices(
        indicators, lambda i: data.years(i, "district"))]
    assert "turnout_riksdag" not in offered            # drawn above, with its intervals
    assert "income_median_disposable" not in offered   # one year: no series to show
    assert offered.index("eligible_voters") < offered.index("perceived_safety")  # real first
    assert all(len(data.years(i, "district")) > 1 for i in offered)


def test_a_more_series_chart_is_the_district_against_its_own_kommun(data):
    indicator = data.catalogue().indicator("eligible_voters")
    own, series = profile_series.indicator_series(data, indicator, ALIDHEM, "kommun:2480")
    assert set(own["area_id"]) == {ALIDHEM}
    assert set(series["area_id"]) == {ALIDHEM, "kommun:2480"}
    figure, table, sentence = profile_series.series_chart(
        series, own, indicator, data.catalogue(), "Ålidhem", "sv")
    assert [t.name for t in figure.data] == ["Ålidhem", "Umeå"]
    assert set(table["Område"]) == {"Ålidhem", "Umeå"} and sentence.startswith("Ålidhem: ")
    alone = profile_series.indicator_series(data, indicator, ALIDHEM, None)[1]
    assert set(alone["area_id"]) == {ALIDHEM}          # no kommun known: no city line


def test_district_growth_on_population_or_the_proxy(data):
    growth = profile_series.district_growth(data, ALIDHEM)
    assert growth.indicator_id in ("population", profile.GROWTH_PROXY)
    assert growth.by_population == (growth.indicator_id == "population")
    assert growth.share is not None
