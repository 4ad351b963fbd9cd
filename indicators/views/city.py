"""Which kommun a page is about ("the city") and its districts. A national database holds every
kommun; the pages read "the city" as one chosen kommun and list only its districts (every
district's `parent_id` is its kommun's area_id). Pure functions over the published `areas`
frames (area_id, code, name, parent_id, …)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class City:
    """The kommun a page is about."""

    area_id: str     # e.g. "kommun:2480"
    code: str        # e.g. "2480"
    name: str        # e.g. "Umeå"


NO_CITY = City("", "", "")   # a database without a kommun: no city values, every district


def cities(kommuner: pd.DataFrame) -> list[City]:
    """The kommuner of `kommuner` (the published kommun areas) as City, by name (then code)."""
    rows = kommuner.sort_values(["name", "code"], kind="mergesort")
    return [City(str(a), str(c), str(n)) for a, c, n in
            zip(rows["area_id"], rows["code"], rows["name"], strict=True)]


def default_city(choices: list[City], goal_areas: Iterable[str]) -> City:
    """The kommun a page opens on: the first of `goal_areas` (the published targets' kommuner,
    as Climate reads its goal) that is one of `choices`, else the first by name; NO_CITY when
    there are no kommuner."""
    by_area = {c.area_id: c for c in choices}
    for area_id in goal_areas:
        if area_id in by_area:
            return by_area[area_id]
    return choices[0] if choices else NO_CITY


def districts_of(districts: pd.DataFrame, city: str) -> pd.DataFrame:
    """The districts of the kommun `city` (area_id): rows of `districts` whose parent is it, in
    their order, re-indexed from 0; every district for NO_CITY's empty area_id."""
    if not city:
        return districts
    return districts[districts["parent_id"] == city].reset_index(drop=True)
