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
    growth = profile_series.district_growth(data, ALIDHEM, UMEA)
    assert growth.indicator_id in ("population", profile.GROWTH_PROXY)
    assert growth.by_population == (growth.indicator_id == "population")
    assert growth.share is not None


# --- several kommuner (tests/fixtures/dataset.py two_kommun_tables) -----------------------------

@pytest.fixture(scope="module")
def two(two_kommun_db) -> StoreData:
    from indicators.data.store import Store

    return StoreData(Store(two_kommun_db))


def test_the_city_is_the_kommun_asked_for_not_the_first_one(two):
    """Robertsfors (kommun:2409) comes first by name; Ålidhem is measured against Umeå."""
    head = profile.district_headline(two, ALIDHEM, "Ålidhem", UMEA, "sv")
    assert head.sentence.endswith(f"lägre än staden (88,8{NBSP}%).")
    (_, own, series), *_ = profile_series.turnout_series(two, "district:2409P02", "kommun:2409")
    assert set(series["area_id"]) == {"district:2409P02", "kommun:2409"}
    assert series.loc[series["area_id"] == "kommun:2409", "value"].tolist() == [80.0, 81.5]


def test_growth_share_is_among_the_kommuns_districts(two):
    """Eligible voters 2014 → 2018: Bygdeå +20 of Robertsfors's districts' +70; Holmsund +50
    of Umeå's +53 as in the one-kommun fixture."""
    bygdea = profile_series.district_growth(two, "district:2409P02", "kommun:2409")
    assert set(bygdea.series["area_id"]) == {"district:2409P01", "district:2409P02"}
    assert (bygdea.share.change, bygdea.share.total_change) == (20.0, 70.0)
    holmsund = profile_series.district_growth(two, "district:2480P03", UMEA)
    assert (holmsund.share.change, holmsund.share.total_change) == (50.0, 53.0)


def test_scorecard_peers_and_median_stay_in_the_kommun(two):
    catalogue = two.catalogue()
    indicators = [i for i in catalogue.indicators if "district" in i.levels]
    own = ["district:2409P01", "district:2409P02"]
    card = profile_peers.scorecard_view(two, own, "district:2409P02", indicators, 5, {},
                                        catalogue, "sv", city="kommun:2409")
    assert card.peers.peers["area_id"].tolist() == ["district:2409P01"]
    rows = card.rows.set_index("indicator_id")
    assert rows.loc["turnout_riksdag", "city_value"] == 81.5
    # No kommun value for the synthetic indicator: the median of the kommun's two districts
    # in 2024 (totals 132/200 = 66 % and 152/200 = 76 %) → 71 % (all six districts: 77.5 %).
    assert rows.loc["perceived_safety", "city_value"] == 71.0
    assert rows.loc["perceived_safety", "city_basis"] == profile.DISTRICT_MEDIAN
