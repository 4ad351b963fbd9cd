"""Step 2, votes: turnout per valdistrikt for ten elections, the valdistrikt areas, and what the
votes give districts and the kommun."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from indicators.build.aggregate import aggregate
from indicators.build.places import area_rows
from indicators.data.catalogue import Catalogue
from indicators.sources import elections, geography
from indicators.sources.elections import Election
from indicators.sources.observations import KOMMUN_ID, observation_rows

CITY_COLUMNS = ["indicator_id", "year", "value", "numerator", "denominator", "quality"]
LINK_COLUMNS = ["from_area_id", "to_area_id", "weight", "method", "reason"]


def election_step(raw: Path, crosswalks: dict[str, pd.DataFrame]) -> dict:
    """Turnout per valdistrikt for ten elections, their districts, and the two city figures.

    Valdistrikt areas are per division (vintage 2010, 2018, 2022); the 2010 division has
    Valmyndigheten's polygons and is a map layer. Districts get Σ voters / Σ eligible of their
    valdistrikt; the kommun gets the same computed over all valdistrikt (collection districts left
    out) and, as `turnout_<kind>_official`, the official figure with every voter counted.
    """
    cells: list[pd.DataFrame] = []
    city: list[tuple] = []
    areas: dict[str, tuple] = {}
    crosswalk: list[tuple] = []
    for election in elections.ELECTIONS.values():
        votes = elections.placed(elections.read_election(raw, election.key),
                                 crosswalks["valdistrikt"], election)
        mapped = votes[~votes["collection"]].copy()
        mapped["area_id"] = f"valdistrikt:{election.division}:" + mapped["code"]
        _add_valdistrikt(mapped, election.division, areas, crosswalk)
        cells += _valdistrikt_cells(mapped, election)
        city += _city_figures(mapped, votes, election)
    city += [(f"turnout_{r.kind}_official", 2026, 100.0 * r.voters / r.eligible, r.voters,
              r.eligible, "official") for r in elections.read_kommun_2026(raw).itertuples()]
    return {
        "areas": _valdistrikt_areas(raw, list(areas.values())),
        "crosswalk": crosswalk,
        "cells": pd.concat(cells, ignore_index=True),
        "city": observation_rows(pd.DataFrame(city, columns=CITY_COLUMNS), area_id=KOMMUN_ID,
                                 sex="total", source_id="valmyndigheten"),
    }


def election_values(votes: dict, catalogue: Catalogue) -> list[pd.DataFrame]:
    """The valdistrikt cells, the city figures, and the cells carried to the districts."""
    links = pd.DataFrame(votes["crosswalk"], columns=LINK_COLUMNS)
    return [votes["cells"], votes["city"], aggregate(votes["cells"], links, catalogue)]


def _add_valdistrikt(mapped: pd.DataFrame, division: int, areas: dict[str, tuple],
                     crosswalk: list[tuple]) -> None:
    """Each valdistrikt once per division: its area row and its link to its district."""
    for r in mapped.itertuples():
        if r.area_id not in areas:
            areas[r.area_id] = (r.area_id, r.code, r.name, f"district:{r.district_code}",
                                division)
            crosswalk.append((r.area_id, f"district:{r.district_code}", 1.0, "judgement",
                              r.reason))


def _valdistrikt_cells(mapped: pd.DataFrame, election: Election) -> list[pd.DataFrame]:
    """Turnout per valdistrikt; for the Riksdag also its voters and eligible voters."""
    official = {"year": election.year, "sex": "total", "quality": "official",
                "source_id": "valmyndigheten"}
    cells = [observation_rows(pd.DataFrame({
        "area_id": mapped["area_id"], "numerator": mapped["voters"],
        "denominator": mapped["eligible"],
        "value": 100.0 * mapped["voters"] / mapped["eligible"]}),
        indicator_id=election.indicator, **official)]
    if election.kind == "riksdag":
        for indicator_id, column in (("voters_riksdag", "voters"),
                                     ("eligible_voters", "eligible")):
            cells.append(observation_rows(
                pd.DataFrame({"area_id": mapped["area_id"], "value": mapped[column]}),
                indicator_id=indicator_id, **official))
    return cells


def _city_figures(mapped: pd.DataFrame, votes: pd.DataFrame, election: Election) -> list[tuple]:
    """The kommun's turnout over the valdistrikt (derived) and with every voter (official)."""
    year = election.year
    voters, eligible = mapped["voters"].sum(), mapped["eligible"].sum()
    all_voters, all_eligible = votes["voters"].sum(), votes["eligible"].sum()
    city = [(election.indicator, year, 100.0 * voters / eligible, voters, eligible, "derived"),
            (f"{election.indicator}_official", year, 100.0 * all_voters / all_eligible,
             all_voters, all_eligible, "official")]
    if election.kind == "riksdag":
        city += [("voters_riksdag", year, float(all_voters), None, None, "official"),
                 ("eligible_voters", year, float(all_eligible), None, None, "official")]
    return city


def _valdistrikt_areas(raw: Path, rows: list[tuple]) -> list[pd.DataFrame]:
    """Area rows: the 2010 division with Valmyndigheten's polygons (a map layer), the later
    divisions without geometry."""
    polygons = gpd.read_file(raw / "umea_valdistrikt_2010_wgs84.geojson").to_crs(
        geography.SWEREF99TM).set_index("LKFV")
    frame = pd.DataFrame(rows, columns=["area_id", "code", "name", "parent_id", "vintage"])
    frame["level_id"] = "valdistrikt"
    on_map = frame["vintage"] == 2010
    shapes = gpd.GeoSeries(polygons.geometry.reindex(frame.loc[on_map, "code"]).to_numpy(),
                           crs=geography.SWEREF99TM)
    mapped_rows = area_rows("valdistrikt", frame.loc[on_map, "code"],
                            frame.loc[on_map, "name"], frame.loc[on_map, "parent_id"],
                            gpd.GeoDataFrame(geometry=shapes), vintage=2010)
    mapped_rows["area_id"] = frame.loc[on_map, "area_id"].to_numpy()
    return [mapped_rows, frame[~on_map].assign(on_map=False)]
