"""What the map can offer, from one query: levels, indicators and years of drawn areas."""

from __future__ import annotations

import pandas as pd

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
