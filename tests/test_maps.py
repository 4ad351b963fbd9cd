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


def test_ranked_rows_table_and_sentence():
    """Best first by direction; suppressed and empty areas are ranked nowhere and shown as ".."
    and "–" in the table; the sentence names the best and the worst."""
    from indicators.data.catalogue import load_catalogue

    turnout = load_catalogue().indicator("turnout_riksdag")
    frame = pd.DataFrame({"area_id": ["a", "b", "c", "d"], "name": ["A", "B", "C", "D"],
                          "value": [78.0, 92.0, None, None],
                          "suppressed": [False, False, True, False],
                          "quality": ["official"] * 4})
    ranked = maps.ranked(frame, turnout)
    assert ranked["name"].tolist() == ["B", "A"]
    table = maps.value_table(frame, turnout, "sv")
    assert table["Värde"].tolist() == ["78,0\u00a0%", "92,0\u00a0%", "..", "–"]
    assert maps.ranking_sentence(ranked, turnout, 2018, "sv", synthetic=False) == (
        "Valdeltagande, riksdagsval 2018: högst i B (92,0\u00a0%), lägst i A (78,0\u00a0%).")
    assert "2018" in maps.ranking_sentence(ranked.iloc[0:0], turnout, 2018, "en", synthetic=False)
