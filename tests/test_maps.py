"""What the map can offer, from one query: levels, indicators and years of drawn areas."""

from __future__ import annotations

import pandas as pd

from indicators import maps
from indicators.i18n import translate


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


def _values(rows):
    return pd.DataFrame(rows, columns=["area_id", "value", "numerator", "denominator",
                                       "quality", "suppressed", "year"])


def test_map_frame_hovers_say_value_interval_suppression_and_no_data():
    from indicators.catalogue import load_catalogue
    from indicators.maps import interval_text, map_frame

    catalogue = load_catalogue()
    turnout = catalogue.indicator("turnout_riksdag")
    areas = pd.DataFrame({"area_id": ["a", "b", "c", "d"], "name": ["A", "B", "C", "D"]})
    values = _values([("a", 80.0, 800, 1000, "official", False, 2022),
                      ("b", None, None, None, "official", True, 2022),
                      ("c", 70.0, None, None, "derived", False, 2022)])
    frame = map_frame(areas, values, turnout, "sv")
    assert list(frame["suppressed"]) == [False, True, False, False]
    hovers = dict(zip(frame["area_id"], frame["hover"]))
    assert hovers["a"].endswith(interval_text(800, 1000, turnout.decimals, "sv"))
    assert hovers["a"].startswith("80,0") and "2022" in hovers["a"]
    assert hovers["b"] == translate("hover_suppressed", "sv")
    assert hovers["c"].count("<br>") == 2           # no numerator: no interval line
    assert hovers["d"] == translate("legend_no_data", "sv")


def test_map_frame_of_a_level_indicator_has_no_interval():
    """Not a rate: no interval, even where numerator and denominator are present."""
    from indicators.catalogue import load_catalogue
    from indicators.maps import map_frame

    income = load_catalogue().indicator("income_median_disposable")
    assert income.kind != "rate" or income.unit != "percent"
    areas = pd.DataFrame({"area_id": ["a", "b"], "name": ["A", "B"]})
    frame = map_frame(areas, _values([("a", 250000.0, 5.0, 10.0, "official", False, 2022)]),
                      income, "en")
    assert frame["hover"].iloc[0].count("<br>") == 2
    assert frame["hover"].iloc[1] == translate("legend_no_data", "en")
