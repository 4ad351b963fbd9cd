"""Overview's presenter: the headline figures chosen and the index map's frame and words."""

from __future__ import annotations

import pandas as pd

from indicators.views import overview as view

NBSP = "\u00a0"
DISTRICTS = pd.DataFrame({"area_id": ["district:A", "district:B", "district:C"],
                          "name": ["Alfa", "Beta", "Gamma"]})


def composite(rows):
    return pd.DataFrame(rows, columns=["area_id", "kind", "score", "illustrative"])


def test_headline_turnout_is_the_official_count_where_the_city_has_one():
    ids = {"turnout_riksdag_official", "turnout_riksdag", "population", "cars_per_1000"}
    assert view.headline_indicators(ids, lambda i: True) == [
        "turnout_riksdag_official", "population", "cars_per_1000"]
    assert view.headline_indicators(ids, lambda i: i != "turnout_riksdag_official")[0] == \
        "turnout_riksdag"


def test_index_map_ranks_scored_districts_and_keeps_the_rest_blank():
    """A 70, B 45.4, C no score, a stadsdel and a non-index row ignored."""
    rows = composite([("district:A", "index", 70.0, False), ("district:B", "index", 45.4, True),
                      ("district:C", "index", None, False), ("stadsdel:x", "index", 99.0, False),
                      ("district:C", "dimension", 10.0, False)])
    index = view.index_map(rows, DISTRICTS, "sv")
    assert list(index.frame["area_id"]) == ["district:A", "district:B", "district:C"]
    assert index.frame["suppressed"].tolist() == [False] * 3
    assert list(index.ranked["name"]) == ["Alfa", "Beta"] and index.illustrative
    assert index.frame["hover"].tolist()[:2] == [f"70{NBSP}av 100", f"45{NBSP}av 100"]
    sentence = view.index_map_sentence(index, "en")
    assert "Alfa" in sentence and "Beta" in sentence and "70" in sentence
    assert list(view.index_map_table(index, "sv").columns) == ["Område", "Värde"]


def test_no_index_map_without_scores():
    rows = composite([("district:A", "index", None, False)])
    assert view.index_map(rows, DISTRICTS, "sv") is None
