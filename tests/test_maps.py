"""What the map can offer, from one query: levels, indicators and years of drawn areas."""

from __future__ import annotations

import pandas as pd

from indicators.text.i18n import translate
from indicators.views import map as maps


def test_map_choices_keep_level_and_catalogue_order_and_drop_empty_levels():
    mapped = pd.DataFrame({
        "indicator_id": ["turnout_riksdag", "turnout_riksdag", "income", "turnout_riksdag",
                         "unknown"],
        "level_id": ["valdistrikt", "district", "deso", "district", "deso"],
        "year": [2014, 2018, 2024, 2014, 2025]})
    choices = maps.map_choices(mapped, ["turnout_riksdag", "income"])
    assert list(choices) == ["district", "deso", "valdistrikt"]     # LEVEL_ORDER, none empty
    assert choices["district"] == {"turnout_riksdag": [2014, 2018]}
    assert choices["deso"] == {"income": [2024]}                     # not in the catalogue: out


def test_the_real_map_offers_only_drawn_years(fixture_store):
    choices = maps.map_choices(fixture_store.mapped_years(),
                               list(fixture_store.table("indicator")["indicator_id"]))
    assert choices["district"]["turnout_riksdag"] == [2014, 2018]
    assert "kommun" not in choices       # the kommun outline is not drawn


def test_ranked_rows_table_and_sentence():
    """Best first by direction; suppressed and empty areas are ranked nowhere and shown as ".."
    and "–" in the table; the sentence names the best and the worst."""
    from indicators.data.catalogue import load_catalogue

    turnout = load_catalogue().indicator("turnout_riksdag")
    frame = pd.DataFrame({"area_id": ["a", "b", "c", "d"], "name": ["A", "B", "C", "D"],
                          "value": [78.0, 92.0, None, None],
                          "suppressed": [False, False, True, False],
                          "quality": ["official", "derived", "official", None]})
    ranked = maps.ranked(frame, turnout)
    assert ranked["name"].tolist() == ["B", "A"]
    table = maps.value_table(frame, turnout, "sv")
    assert table["Värde"].tolist() == ["78,0\u00a0%", "92,0\u00a0%", "..", "–"]
    assert table["Kvalitet"].tolist() == ["officiell", "härledd", "officiell", ""]   # words
    assert maps.value_table(frame, turnout, "en")["Quality"].tolist()[:2] == ["official",
                                                                              "derived"]
    # Python strings, sent as Arrow string: pandas' large_string costs 4 bytes more a cell
    assert all(pd.api.types.is_object_dtype(dtype) for dtype in table.dtypes)
    assert maps.ranking_sentence(ranked, turnout, 2018, "sv", synthetic=False) == (
        "Valdeltagande, riksdagsval 2018: högst i B (92,0\u00a0%), lägst i A (78,0\u00a0%).")
    assert "2018" in maps.ranking_sentence(ranked.iloc[0:0], turnout, 2018, "en", synthetic=False)


def _values(rows):
    return pd.DataFrame(rows, columns=["area_id", "value", "numerator", "denominator",
                                       "quality", "suppressed", "year"])


def test_map_frame_hovers_say_value_interval_suppression_and_no_data():
    from indicators.data.catalogue import load_catalogue
    from indicators.methods.disclosure import wilson_interval
    from indicators.views.map import interval_words, map_frame

    catalogue = load_catalogue()
    turnout = catalogue.indicator("turnout_riksdag")
    areas = pd.DataFrame({"area_id": ["a", "b", "c", "d"], "name": ["A", "B", "C", "D"]})
    values = _values([("a", 80.0, 800, 1000, "official", False, 2022),
                      ("b", None, None, None, "official", True, 2022),
                      ("c", 70.0, None, None, "derived", False, 2022)])
    frame = map_frame(areas, values, turnout, "sv")
    assert list(frame["suppressed"]) == [False, True, False, False]
    hovers = dict(zip(frame["area_id"], frame["hover"], strict=True))
    assert hovers["a"].endswith(interval_words(*wilson_interval(800, 1000), turnout.decimals, "sv"))
    assert hovers["a"].startswith("80,0") and "2022" in hovers["a"]
    assert hovers["b"] == translate("hover_suppressed", "sv")
    assert hovers["c"].count("<br>") == 2           # no numerator: no interval line
    assert hovers["d"] == translate("legend_no_data", "sv")


def test_map_frame_of_a_level_indicator_has_no_interval():
    """Not a rate: no interval, even where numerator and denominator are present."""
    from indicators.data.catalogue import load_catalogue
    from indicators.views.map import map_frame

    income = load_catalogue().indicator("income_median_disposable")
    assert income.kind != "rate" or income.unit != "percent"
    areas = pd.DataFrame({"area_id": ["a", "b"], "name": ["A", "B"]})
    frame = map_frame(areas, _values([("a", 250000.0, 5.0, 10.0, "official", False, 2022)]),
                      income, "en")
    assert frame["hover"].iloc[0].count("<br>") == 2
    assert frame["hover"].iloc[1] == translate("legend_no_data", "en")
