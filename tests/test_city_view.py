"""Tests for indicators.views.city: the kommuner as choices, the one a page opens on, and a
kommun's districts."""

from __future__ import annotations

import pandas as pd

from indicators.views import city

KOMMUNER = pd.DataFrame({"area_id": ["kommun:2480", "kommun:2409", "kommun:0114"],
                         "code": ["2480", "2409", "0114"],
                         "name": ["Umeå", "Robertsfors", "Upplands Väsby"]})
DISTRICTS = pd.DataFrame({
    "area_id": ["district:2480P01", "district:2409P02", "district:2480P02", "district:2409P01"],
    "code": ["2480P01", "2409P02", "2480P02", "2409P01"],
    "name": ["Centrum", "Bygdeå", "Ålidhem", "Robertsfors centrum"],
    "parent_id": ["kommun:2480", "kommun:2409", "kommun:2480", "kommun:2409"],
})


def test_cities_are_ordered_by_name():
    assert [c.name for c in city.cities(KOMMUNER)] == ["Robertsfors", "Umeå", "Upplands Väsby"]
    assert city.cities(KOMMUNER)[1] == city.City("kommun:2480", "2480", "Umeå")
    assert city.cities(KOMMUNER.iloc[0:0]) == []


def test_the_default_is_the_goals_kommun_when_the_database_has_it():
    choices = city.cities(KOMMUNER)
    assert city.default_city(choices, ["kommun:2480", "kommun:2480"]).code == "2480"
    assert city.default_city(choices, ["kommun:9999", "kommun:0114"]).code == "0114"


def test_without_the_goals_kommun_the_default_is_the_first_by_name():
    choices = city.cities(KOMMUNER)
    assert city.default_city(choices, ["kommun:9999"]).name == "Robertsfors"
    assert city.default_city(choices, []).name == "Robertsfors"
    assert city.default_city([], ["kommun:2480"]) == city.NO_CITY


def test_districts_of_a_kommun_keep_their_order():
    own = city.districts_of(DISTRICTS, "kommun:2409")
    assert own["name"].tolist() == ["Bygdeå", "Robertsfors centrum"]
    assert own.index.tolist() == [0, 1]
    assert city.districts_of(DISTRICTS, "kommun:0114").empty
    assert len(city.districts_of(DISTRICTS, city.NO_CITY.area_id)) == len(DISTRICTS)
