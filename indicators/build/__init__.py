"""Build the published Umeå database from the raw files: ``python -m indicators.build``.

read → validate → stage (tidy frames) → publish into a NEW file → CHECKPOINT → atomic replace.
A failing build names the file and the problem and leaves the previous database untouched. The
same inputs give the same content (the content hash in the `dataset` table).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from indicators.sources import elections, geography, scb_areas, synthetic
from indicators.data.catalogue import Catalogue, CatalogueError, load_catalogue
from indicators.data.config import DATA_DIR, database_path
from indicators.methods.derive import derive
from indicators.sources.rawdata import (
    Problem, RawDataError, integer, number, optional, read_csv_strict, text,
)
from indicators.data.store import publish

KOMMUN_CODE = "2480"
KOMMUN_ID = f"kommun:{KOMMUN_CODE}"
OBSERVATION_COLUMNS = ["indicator_id", "area_id", "year", "sex", "value", "numerator",
                       "denominator", "quality", "source_id"]

AREA_LEVELS = pd.DataFrame(
    [
        ("kommun", "Kommun", "Municipality", None, 1),
        ("district", "Planeringsdistrikt", "Planning district", "kommun", 2),
        ("stadsdel", "Stadsdel", "City district (stadsdel)", "district", 3),
        ("valdistrikt", "Valdistrikt", "Voting district", "district", 4),
        ("regso", "RegSO-område", "RegSO area", "district", 5),
        ("deso", "DeSO-område", "DeSO area", "district", 6),
    ],
    columns=["level_id", "name_sv", "name_en", "parent_level", "sort_order"],
)

SECTOR_INDICATORS = {
    "Transporter": "ghg_transport",
    "El och fjärrvärme": "ghg_electricity_heating",
    "Industri (energi + processer)": "ghg_industry",
    "Arbetsmaskiner": "ghg_work_machinery",
    "Egen uppvärmning av bostäder och lokaler": "ghg_own_heating",
    "Jordbruk": "ghg_agriculture",
    "Avfall (inkl.avlopp)": "ghg_waste",
    "Produktanvändning (inkl. lösningsmedel)": "ghg_product_use",
    "Utrikes transporter": "ghg_international_transport",
}

def _observations(frame: pd.DataFrame, **constants) -> pd.DataFrame:
    """Observation rows; columns not given are left empty (the schema rejects empty keys)."""
    return frame.assign(**constants).reindex(columns=OBSERVATION_COLUMNS)


# --- readers: one per raw file (cleaning happens here, the raw files stay as published) -------

def read_population(raw: Path) -> pd.DataFrame:
    """Population on 31 Dec and its components; missing years that follow exactly are derived.

    population(t−1) = population(t) − population_change(t) whenever year t−1 is missing and
    year t has both numbers (quality `derived`). Other gaps stay gaps: never interpolated.
    """
    frame = read_csv_strict(raw / "umea_population_history.csv", {
        "year": integer, "population_dec31": integer,
        "population_change": optional(integer), "births": optional(integer),
        "deaths": optional(integer), "in_migration_total": optional(integer),
        "out_migration_total": optional(integer),
    })
    name = "umea_population_history.csv"
    problems = [Problem(name, int(r.line), "year", str(r.year), "duplicate year")
                for r in frame[frame["year"].duplicated()].itertuples()]
    problems += [Problem(name, int(r.line), "population_dec31", str(r.population_dec31),
                         "population must be positive")
                 for r in frame[frame["population_dec31"] <= 0].itertuples()]
    if problems:
        raise RawDataError(problems)
    frame = frame.sort_values("year")
    population = frame[["year", "population_dec31"]].rename(columns={"population_dec31": "value"})
    population["quality"] = "official"
    known = set(frame["year"])
    derived = [
        (int(r.year) - 1, float(r.population_dec31 - r.population_change), "derived")
        for r in frame.itertuples()
        if r.year - 1 not in known and pd.notna(r.population_change)
    ]
    population = pd.concat(
        [population, pd.DataFrame(derived, columns=["year", "value", "quality"])],
        ignore_index=True,
    )
    parts = [_observations(population, indicator_id="population")]
    components = frame.assign(
        net_migration=frame["in_migration_total"] - frame["out_migration_total"]
    )
    for indicator_id, column in (("population_change", "population_change"),
                                 ("births", "births"), ("deaths", "deaths"),
                                 ("net_migration", "net_migration")):
        values = components[["year", column]].dropna().rename(columns={column: "value"})
        parts.append(_observations(values, indicator_id=indicator_id, quality="official"))
    result = pd.concat(parts, ignore_index=True)
    return result.assign(area_id=KOMMUN_ID, sex="total", source_id="umea_population")[
        OBSERVATION_COLUMNS]


def read_emissions(raw: Path) -> pd.DataFrame:
    """Emissions per sector (official) and their sum per year (derived from the sectors)."""
    name = "umea_ghg_emissions_by_sector_smhi.csv"
    frame = read_csv_strict(raw / name, {
        "kommun_kod": text, "year": integer, "sector": text, "emissions_t_co2e": number("."),
    })
    problems = [Problem(name, int(r.line), "sector", r.sector, "unknown sector")
                for r in frame.itertuples() if r.sector not in SECTOR_INDICATORS]
    problems += [Problem(name, int(r.line), "emissions_t_co2e", str(r.emissions_t_co2e),
                         "emissions cannot be negative")
                 for r in frame.itertuples() if r.emissions_t_co2e < 0]
    duplicated = frame.duplicated(["year", "sector"])
    problems += [Problem(name, int(r.line), "sector", r.sector, "duplicate year and sector")
                 for r in frame[duplicated].itertuples()]
    if problems:
        raise RawDataError(problems)
    sectors = frame.assign(indicator_id=frame["sector"].map(SECTOR_INDICATORS),
                           value=frame["emissions_t_co2e"], quality="official")
    complete = sectors.groupby("year")["sector"].transform("nunique") == len(SECTOR_INDICATORS)
    totals = (sectors[complete].groupby("year", as_index=False)["value"].sum()
              .assign(indicator_id="ghg_total", quality="derived"))
    totals["value"] = totals["value"].round(2)
    result = pd.concat([sectors[["indicator_id", "year", "value", "quality"]], totals])
    return _observations(result, area_id=KOMMUN_ID, sex="total", source_id="smhi_emissions")


def per_capita_emissions(emissions: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Tonnes per inhabitant = total emissions / population, for years where both exist."""
    totals = emissions[emissions["indicator_id"] == "ghg_total"][["year", "value"]]
    people = population[population["indicator_id"] == "population"][["year", "value"]]
    joined = totals.merge(people, on="year", suffixes=("_t", "_p"))
    frame = pd.DataFrame({
        "year": joined["year"],
        "value": joined["value_t"] / joined["value_p"],
        "numerator": joined["value_t"],
        "denominator": joined["value_p"],
    })
    return _observations(frame, indicator_id="ghg_per_capita", area_id=KOMMUN_ID, sex="total",
                         quality="derived", source_id="smhi_emissions")


def read_vehicles(raw: Path) -> pd.DataFrame:
    """Cars per 1,000 inhabitants (official) and the share of electric cars (derived)."""
    name = "umea_vehicles_trafa_2025.csv"
    frame = read_csv_strict(raw / name, {"year": integer, "indicator": text, "value": number(".")})
    values = {(int(r.year), r.indicator): r.value for r in frame.itertuples()}
    needed = ("passenger_cars_per_1000_inhabitants_total", "passenger_cars_in_use_fuel_electric",
              "passenger_cars_in_use_total")
    years = sorted({year for year, _ in values})
    problems = [Problem(name, None, "indicator", key, f"missing for {year}")
                for year in years for key in needed if (year, key) not in values]
    if problems:
        raise RawDataError(problems)
    rows = []
    for year in years:
        rows.append(("cars_per_1000", year, values[(year, needed[0])], np.nan, np.nan, "official"))
        electric, total = values[(year, needed[1])], values[(year, needed[2])]
        rows.append(("electric_car_share", year, 100.0 * electric / total, electric, total,
                     "derived"))
    frame = pd.DataFrame(rows, columns=["indicator_id", "year", "value", "numerator",
                                        "denominator", "quality"])
    return _observations(frame, area_id=KOMMUN_ID, sex="total", source_id="trafikanalys")


def read_crosswalk(path: Path, key_columns: list[str]) -> pd.DataFrame:
    """A crosswalk CSV (data, not code): every row needs its keys and a reason."""
    columns = {c: optional(text) for c in key_columns} | {"reason": text}
    frame = read_csv_strict(path, columns)
    duplicated = frame.duplicated([c for c in key_columns if c != "district_code"])
    problems = [Problem(path.name, int(r.line), None, None, "duplicate row")
                for r in frame[duplicated].itertuples()]
    if problems:
        raise RawDataError(problems)
    return frame


# --- aggregation -----------------------------------------------------------------------------


def aggregate(cells: pd.DataFrame, mapping: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Carry observations from child areas to parent areas along `mapping`.

    `mapping`: from_area_id, to_area_id, weight (the share of the child that lies in the
    parent: 1 for a whole child) and optionally mean_weight (the weight of the child's value in a
    mean, e.g. share × population). By each indicator's `aggregation`:
    sum → Σ weight × value; ratio_of_sums → Σ weight × numerator / Σ weight × denominator (× 100
    for percent units); mean_weighted → Σ mean_weight × value / Σ mean_weight. Indicators with
    aggregation `none` are not carried. Results are `derived` unless every input is `synthetic`.
    """
    mapping = mapping.copy()
    if "mean_weight" not in mapping.columns:
        mapping["mean_weight"] = mapping["weight"]
    joined = cells.merge(mapping, left_on="area_id", right_on="from_area_id")
    results = []
    keys = ["indicator_id", "to_area_id", "year", "sex"]
    for indicator_id, group in joined.groupby("indicator_id"):
        indicator = catalogue.indicator(indicator_id)
        group = group.assign(w_value=group["value"] * group["weight"],
                             w_num=group["numerator"] * group["weight"],
                             w_den=group["denominator"] * group["weight"],
                             m_value=group["value"] * group["mean_weight"])
        if indicator.aggregation == "ratio_of_sums":
            frame = group.groupby(keys, as_index=False)[["w_num", "w_den"]].sum()
            frame = frame.rename(columns={"w_num": "numerator", "w_den": "denominator"})
            scale = 100.0 if indicator.unit == "percent" else 1.0
            frame["value"] = scale * frame["numerator"] / frame["denominator"]
        elif indicator.aggregation == "sum":
            frame = group.groupby(keys, as_index=False)["w_value"].sum()
            frame = frame.rename(columns={"w_value": "value"})
        elif indicator.aggregation == "mean_weighted":
            frame = group.groupby(keys, as_index=False)[["m_value", "mean_weight"]].sum()
            frame["value"] = frame["m_value"] / frame["mean_weight"]
        else:
            continue
        synthetic_only = group.groupby(keys)["quality"].agg(lambda q: (q == "synthetic").all())
        frame["quality"] = np.where(synthetic_only.reindex(
            pd.MultiIndex.from_frame(frame[keys])).to_numpy(), "synthetic", "derived")
        frame["source_id"] = group["source_id"].iloc[0]
        results.append(frame.rename(columns={"to_area_id": "area_id"}))
    if not results:
        return pd.DataFrame(columns=OBSERVATION_COLUMNS)
    return _observations(pd.concat(results, ignore_index=True))


# --- assembly, in named steps ------------------------------------------------------------------

def _slug_check(names: pd.Series, known: set[str], file: str, column: str) -> list[Problem]:
    return [Problem(file, None, column, n, "not found in the crosswalk")
            for n in sorted(set(names) - known)]


def _area_rows(level, codes, names, parents, shapes, on_map=None, vintage=pd.NA) -> pd.DataFrame:
    """Area rows with full and map-ready geometry for one level."""
    summary = geography.summary_columns(shapes.geometry)
    geojson = geography.map_geometry(shapes.geometry)
    frame = pd.DataFrame({
        "area_id": [f"{level}:{c}" for c in codes], "level_id": level, "code": list(codes),
        "name": list(names), "parent_id": list(parents), "vintage": vintage,
        "geometry_wkb": geography.to_wkb(shapes.geometry), "map_geojson": geojson,
    })
    frame = pd.concat([frame, summary], axis=1)
    frame["on_map"] = [g is not None for g in geojson] if on_map is None else on_map
    return frame


def read_crosswalks(data_dir: Path) -> dict[str, pd.DataFrame]:
    """The project's crosswalk files, every district code checked."""
    folder = data_dir / "crosswalks"
    tables = {
        "districts": read_crosswalk(folder / "districts.csv",
                                    ["district_code", "name_sv", "name_en"]),
        "stadsdel": read_crosswalk(folder / "stadsdel_district.csv",
                                   ["stadsdel_name", "district_code"]),
        "valdistrikt": read_crosswalk(folder / "valdistrikt_district.csv",
                                      ["division", "valdistrikt_code", "valdistrikt_name",
                                       "district_code"]),
    }
    codes = set(tables["districts"]["district_code"])
    problems = [Problem(file, int(r.line), "district_code", r.district_code,
                        "unknown district code")
                for key, file in (("stadsdel", "stadsdel_district.csv"),
                                  ("valdistrikt", "valdistrikt_district.csv"))
                for r in tables[key].itertuples()
                if pd.notna(r.district_code) and r.district_code not in codes]
    if problems:
        raise RawDataError(problems)
    return tables


def geography_step(raw: Path, crosswalks: dict[str, pd.DataFrame]) -> dict:
    """Stadsdelar (merged duplicates), districts as their unions, the kommun outline."""
    stadsdel_map = crosswalks["stadsdel"]
    stadsdelar = geography.read_stadsdelar(raw / "umea_stadsdelar_epsg3006.json")
    problems = _slug_check(stadsdelar["name"], set(stadsdel_map["stadsdel_name"]),
                           "stadsdel_district.csv", "stadsdel_name")
    if problems:
        raise RawDataError(problems)
    stadsdelar["district_code"] = stadsdelar["name"].map(
        stadsdel_map.set_index("stadsdel_name")["district_code"])
    district_shapes = geography.dissolve(stadsdelar, stadsdelar["district_code"])
    names = crosswalks["districts"].set_index("district_code")["name_sv"]
    areas = [
        _area_rows("kommun", [KOMMUN_CODE], ["Umeå"], [None],
                   geography.read_boundary(raw / "umea_kommun_boundary_wgs84.geojson"),
                   on_map=[False]),
        _area_rows("district", district_shapes["key"], district_shapes["key"].map(names),
                   [KOMMUN_ID] * len(district_shapes), district_shapes),
        _area_rows("stadsdel", stadsdelar["name"], stadsdelar["name"],
                   "district:" + stadsdelar["district_code"], stadsdelar),
    ]
    crosswalk = [(f"stadsdel:{r.stadsdel_name}", f"district:{r.district_code}", 1.0, "union",
                  r.reason) for r in stadsdel_map.itertuples()]
    return {"areas": areas, "crosswalk": crosswalk, "stadsdelar": stadsdelar,
            "districts": district_shapes.rename(columns={"key": "code"})}


def election_step(raw: Path, crosswalks: dict[str, pd.DataFrame]) -> dict:
    """Turnout per valdistrikt for ten elections, their districts, and the two city figures.

    Valdistrikt areas are per division (vintage 2010, 2018, 2022); the 2010 division has
    Valmyndigheten's polygons and is a map layer. Districts get Σ voters / Σ eligible of their
    valdistrikt; the kommun gets the same computed over all valdistrikt (collection districts left
    out) and, as `turnout_<kind>_official`, the official figure with every voter counted.
    """
    valdistrikt_map = crosswalks["valdistrikt"]
    polygons = gpd.read_file(raw / "umea_valdistrikt_2010_wgs84.geojson").to_crs(
        geography.SWEREF99TM).set_index("LKFV")
    cells, city, areas, crosswalk = [], [], {}, []
    for election in elections.ELECTIONS.values():
        votes = elections.placed(elections.read_election(raw, election.key), valdistrikt_map,
                                 election)
        mapped = votes[~votes["collection"]].copy()
        mapped["area_id"] = f"valdistrikt:{election.division}:" + mapped["code"]
        for r in mapped.itertuples():
            if r.area_id not in areas:
                areas[r.area_id] = (r.area_id, r.code, r.name, f"district:{r.district_code}",
                                    election.division)
                crosswalk.append((r.area_id, f"district:{r.district_code}", 1.0, "judgement",
                                  r.reason))
        year = election.year
        cells.append(_observations(pd.DataFrame({
            "area_id": mapped["area_id"], "numerator": mapped["voters"],
            "denominator": mapped["eligible"],
            "value": 100.0 * mapped["voters"] / mapped["eligible"]}),
            indicator_id=election.indicator, year=year, sex="total", quality="official",
            source_id="valmyndigheten"))
        voters, eligible = mapped["voters"].sum(), mapped["eligible"].sum()
        city.append((election.indicator, year, 100.0 * voters / eligible, voters, eligible,
                     "derived"))
        all_voters, all_eligible = votes["voters"].sum(), votes["eligible"].sum()
        city.append((f"{election.indicator}_official", year, 100.0 * all_voters / all_eligible,
                     all_voters, all_eligible, "official"))
        if election.kind == "riksdag":
            for indicator_id, column in (("voters_riksdag", "voters"),
                                         ("eligible_voters", "eligible")):
                cells.append(_observations(
                    pd.DataFrame({"area_id": mapped["area_id"], "value": mapped[column]}),
                    indicator_id=indicator_id, year=year, sex="total", quality="official",
                    source_id="valmyndigheten"))
            city.append(("voters_riksdag", year, float(all_voters), None, None, "official"))
            city.append(("eligible_voters", year, float(all_eligible), None, None, "official"))
    for r in elections.read_kommun_2026(raw).itertuples():
        city.append((f"turnout_{r.kind}_official", 2026, 100.0 * r.voters / r.eligible,
                     r.voters, r.eligible, "official"))
    frame = pd.DataFrame(list(areas.values()),
                         columns=["area_id", "code", "name", "parent_id", "vintage"])
    frame["level_id"] = "valdistrikt"
    on_map = frame["vintage"] == 2010
    shapes = gpd.GeoSeries(polygons.geometry.reindex(frame.loc[on_map, "code"]).to_numpy(),
                           crs=geography.SWEREF99TM)
    mapped_rows = _area_rows("valdistrikt", frame.loc[on_map, "code"],
                             frame.loc[on_map, "name"], frame.loc[on_map, "parent_id"],
                             gpd.GeoDataFrame(geometry=shapes), vintage=2010)
    mapped_rows["area_id"] = frame.loc[on_map, "area_id"].to_numpy()
    unmapped = frame[~on_map].assign(on_map=False)
    city_frame = pd.DataFrame(city, columns=["indicator_id", "year", "value", "numerator",
                                             "denominator", "quality"])
    return {
        "areas": [mapped_rows, unmapped],
        "crosswalk": crosswalk,
        "cells": pd.concat(cells, ignore_index=True),
        "city": _observations(city_frame, area_id=KOMMUN_ID, sex="total",
                              source_id="valmyndigheten"),
    }


def small_area_step(raw: Path, stadsdelar: gpd.GeoDataFrame, districts: gpd.GeoDataFrame) -> dict:
    """DeSO 2025 and RegSO 2020 areas, their observations, and the shares that carry them to
    districts and the kommun (see indicators/sources/scb_areas.py for the method)."""
    deso = scb_areas.read_deso_geometry(raw)
    records = scb_areas.read_deso_statistics(raw)
    deso_cells = scb_areas.deso_observations(records)
    population = {r["name"]: float(r["pop"]) for r in records}
    missing = sorted(set(deso["code"]) ^ set(population))
    if missing:
        raise RawDataError([Problem(scb_areas.DESO_STATISTICS, None, "name", c,
                                    "DeSO without both polygon and statistics") for c in missing])
    to_district = scb_areas.overlap_shares(deso, districts)
    to_stadsdel = scb_areas.overlap_shares(deso, stadsdelar.rename(columns={"name": "code"}))
    key = scb_areas.read_regso_key(raw)
    deso_2025 = scb_areas.deso_2018_to_2025(list(key["deso"]), list(deso["code"]))
    regso_members = pd.DataFrame([(r.code, part) for r in key.itertuples()
                                  for part in deso_2025[r.deso]], columns=["regso", "deso"])
    regso_to_district = scb_areas.regso_district_shares(regso_members, to_district,
                                                        pd.Series(population))
    main_district = (to_district.sort_values(["child", "share"], ascending=[True, False])
                     .drop_duplicates("child").set_index("child")["parent"])
    main_regso_district = (regso_to_district.sort_values(["child", "share"],
                                                         ascending=[True, False])
                           .drop_duplicates("child").set_index("child")["parent"])
    regso_names = key.drop_duplicates("code").set_index("code")
    regso_shapes = deso.merge(regso_members, left_on="code", right_on="deso").dissolve(
        "regso", as_index=False, sort=True)
    areas = [
        _area_rows("deso", deso["code"], deso_names(deso["code"], key, deso_2025),
                   "district:" + deso["code"].map(main_district), deso),
        _area_rows("regso", regso_shapes["regso"], regso_shapes["regso"].map(regso_names["name"]),
                   "district:" + regso_shapes["regso"].map(main_regso_district), regso_shapes),
    ]

    def pct(share: float) -> str:
        return f"{100 * share:.1f}".replace(".", ",") + " %"

    crosswalk = [(f"deso:{r.child}", f"district:{r.parent}", float(r.share), "area_share",
                  f"{pct(r.share)} of the DeSO's land area lies in the district's stadsdelar")
                 for r in to_district.itertuples()]
    crosswalk += [(f"deso:{r.child}", f"stadsdel:{r.parent}", float(r.share), "area_share",
                   f"{pct(r.share)} of the DeSO's land area lies in the stadsdel")
                  for r in to_stadsdel.itertuples()]
    crosswalk += [(f"regso:{r.child}", f"district:{r.parent}", float(r.share),
                   "population_share", f"{pct(r.share)} of the RegSO's population (DeSO 2025) "
                   "lives in the district") for r in regso_to_district.itertuples()]

    regso_cells = scb_areas.regso_observations(raw, dict(zip(regso_names["name"],
                                                             regso_names.index)))
    types = pd.DataFrame({"area_id": "regso:" + regso_names.index, "value":
                          regso_names["area_type"].astype(float).to_numpy()})
    regso_cells = pd.concat([regso_cells, _observations(
        types, indicator_id="regso_area_type", year=2022, sex="total", quality="official",
        source_id="scb_regso")], ignore_index=True)
    # Population by area type: each DeSO 2025 takes its RegSO's type (through DeSO 2018).
    type_of = {part: int(r.area_type) for r in key.itertuples() for part in deso_2025[r.deso]}
    # (a level, averaged with the DeSO population as weight: exactly the population share).
    typed = [(f"area_type_{k}_population", f"deso:{code}", 2025, 100.0 * (type_of[code] == k))
             for code in population for k in range(1, 6)]
    typed = _observations(pd.DataFrame(typed, columns=["indicator_id", "area_id", "year",
                                                       "value"]),
                          sex="total", quality="derived", source_id="scb_regso")
    vaccination = scb_areas.vaccination_observations(raw, deso_2025)
    deso_weights = pd.DataFrame({
        "from_area_id": "deso:" + to_district["child"], "to_area_id": "district:" +
        to_district["parent"], "weight": to_district["share"],
        "mean_weight": to_district["share"] * to_district["child"].map(population)})
    kommun_weights = pd.DataFrame({"from_area_id": "deso:" + pd.Series(list(population)),
                                   "to_area_id": KOMMUN_ID, "weight": 1.0,
                                   "mean_weight": list(population.values())})
    regso_population = regso_cells[(regso_cells["indicator_id"] == "population")]
    regso_weights = regso_to_district.assign(
        from_area_id="regso:" + regso_to_district["child"],
        to_area_id="district:" + regso_to_district["parent"], weight=regso_to_district["share"])
    return {"areas": areas, "crosswalk": crosswalk, "deso_cells": deso_cells,
            "deso_codes": set("deso:" + deso["code"]),
            "regso_cells": regso_cells, "typed": typed, "vaccination": vaccination,
            "deso_weights": deso_weights, "kommun_weights": kommun_weights,
            "regso_weights": regso_weights, "regso_population": regso_population,
            "vaccination_weights": scb_areas.deso_2018_weights(deso_2025, to_district,
                                                               population)}


def deso_names(codes: pd.Series, key: pd.DataFrame,
               deso_2025: dict[str, list[str]]) -> list[str]:
    """DeSO have codes, not names: each is shown as its RegSO's name with the code, e.g.
    "Ersboda centrala-Ersboda sydöstra (2480C1510)", so a reader can place it."""
    regso_of = {part: r.name for r in key.itertuples() for part in deso_2025[r.deso]}
    return [f"{regso_of[c]} ({c})" if c in regso_of else c for c in codes]


def _regso_mean_weights(weights: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """RegSO → parent rows per year, with mean_weight = share × the RegSO's population."""
    frame = weights.merge(population[["area_id", "year", "value"]], left_on="from_area_id",
                          right_on="area_id")
    return frame.assign(mean_weight=frame["weight"] * frame["value"])


def small_area_values(step: dict, catalogue: Catalogue) -> list[pd.DataFrame]:
    """DeSO and RegSO observations, and what they give districts and the kommun."""
    deso_cells = pd.concat([step["deso_cells"], step["typed"]], ignore_index=True)
    regso = step["regso_cells"]
    parts = [_observations(step["deso_cells"]), step["typed"], _observations(regso)]
    for weights in (step["deso_weights"], step["kommun_weights"]):
        parts.append(aggregate(deso_cells, weights, catalogue))
    parts.append(aggregate(step["vaccination"], step["vaccination_weights"], catalogue))
    parts.append(aggregate(step["vaccination"], step["vaccination_weights"].assign(
        to_area_id=KOMMUN_ID).groupby(["from_area_id", "to_area_id"], as_index=False)[
        ["weight", "mean_weight"]].sum().assign(weight=1.0), catalogue))
    # RegSO years (2020–2023): means weighted by that year's RegSO population. For the kommun
    # a RegSO's weight is its whole population: the sum of its shares' weights.
    for year, cells in regso[regso["indicator_id"] != "regso_area_type"].groupby("year"):
        population = step["regso_population"][step["regso_population"]["year"] == year]
        weights = _regso_mean_weights(step["regso_weights"], population)[
            ["from_area_id", "to_area_id", "weight", "mean_weight"]]
        kommun = weights.groupby("from_area_id", as_index=False)["mean_weight"].sum()
        kommun = kommun.assign(to_area_id=KOMMUN_ID, weight=1.0)
        parts += [aggregate(cells, weights, catalogue), aggregate(cells, kommun, catalogue)]
    # DeSO 2025 areas unchanged since 2018 show their own vaccination figure.
    own = step["vaccination"].assign(area_id=step["vaccination"]["area_id"].str.replace(
        "deso2018:", "deso:", regex=False))
    parts.append(own[own["area_id"].isin(step["deso_codes"])])
    # The kommun's population is its own official series (SCB's small-area sums carry
    # cell-key noise and are not forced to match it): drop the summed totals.
    frame = pd.concat([p for p in parts if len(p)], ignore_index=True)
    summed = ((frame["indicator_id"] == "population") & (frame["area_id"] == KOMMUN_ID)
              & (frame["sex"] == "total"))
    return [frame[~summed]]


def city_series_step(raw: Path) -> list[pd.DataFrame]:
    """Kommun-wide real series: population, emissions by sector, per inhabitant, cars."""
    population = read_population(raw)
    emissions = read_emissions(raw)
    return [population, emissions, per_capita_emissions(emissions, population),
            read_vehicles(raw)]


def demo_step(stadsdel_areas: pd.DataFrame, district_areas: pd.DataFrame,
              observations: pd.DataFrame, catalogue: Catalogue, seed: int) -> pd.DataFrame:
    """The demo dataset's generated indicators (quality synthetic), never in the default one."""
    typed = observations[observations["indicator_id"].str.match(r"area_type_\d_population")
                         & observations["area_id"].str.startswith("district:")]
    typed = typed.assign(kind=typed["indicator_id"].str[10].astype(int))
    mean_type = (typed["kind"] * typed["value"]).groupby(typed["area_id"]).sum() / 100.0
    rural_names = ("omland", "Holmön", "Norrbyskär")
    rural = (stadsdel_areas.groupby("parent_id")["name"]
             .agg(lambda names: np.mean([any(k in n for k in rural_names) for n in names]) > 0.5))
    districts = pd.DataFrame({"area_id": district_areas["area_id"]})
    districts["area_type"] = districts["area_id"].map(mean_type)
    districts["rural"] = districts["area_id"].map(rural).fillna(False)
    people = observations[(observations["indicator_id"] == "population")
                          & (observations["area_id"] == KOMMUN_ID)].sort_values("year")
    return synthetic.generate(
        stadsdel_areas.rename(columns={"parent_id": "district_area_id"}), districts,
        sexes_of={i.id: i.sexes for i in catalogue.indicators if i.illustrative},
        real_population=float(people["value"].iloc[-1]), seed=seed)


def assemble(raw: Path, data_dir: Path, seed: int | None = None) -> dict[str, pd.DataFrame]:
    """Every published table, from the raw files, crosswalks and metadata. With a `seed` the
    demo dataset's generated indicators are added (quality synthetic); without, none."""
    catalogue = load_catalogue(data_dir, demo=seed is not None)
    crosswalks = read_crosswalks(data_dir)
    places = geography_step(raw, crosswalks)
    votes = election_step(raw, crosswalks)
    small = small_area_step(raw, places["stadsdelar"], places["districts"])
    election_cells = votes["cells"]
    valdistrikt_links = pd.DataFrame(votes["crosswalk"], columns=[
        "from_area_id", "to_area_id", "weight", "method", "reason"])
    observations = [election_cells, votes["city"],
                    aggregate(election_cells, valdistrikt_links, catalogue),
                    *small_area_values(small, catalogue), *city_series_step(raw)]
    areas = [*places["areas"], *votes["areas"], *small["areas"]]
    if seed is not None:
        observations.append(demo_step(places["areas"][2], places["areas"][1],
                                      pd.concat(observations, ignore_index=True), catalogue,
                                      seed))
    crosswalk = pd.DataFrame(places["crosswalk"] + votes["crosswalk"] + small["crosswalk"],
                             columns=["from_area_id", "to_area_id", "weight", "method", "reason"])
    areas_frame = pd.concat(areas, ignore_index=True)
    areas_frame["vintage"] = areas_frame["vintage"].astype("Int64")
    observation_frame = pd.concat([o for o in observations if len(o)], ignore_index=True)
    observation_frame["year"] = observation_frame["year"].astype(int)
    observation_frame["suppressed"] = False
    return {
        "raw_file": raw_manifest(raw),
        **catalogue_tables(catalogue),
        "area_level": AREA_LEVELS,
        "area": areas_frame,
        "area_crosswalk": crosswalk,
        "observation": observation_frame.sort_values(
            ["indicator_id", "area_id", "year", "sex"]).reset_index(drop=True),
    }


def catalogue_tables(catalogue: Catalogue) -> dict[str, pd.DataFrame]:
    """The published tables that come straight from the metadata: source, theme, indicator,
    target (shared by the build, the test fixture and the national-scale generator)."""
    return {
        "source": pd.DataFrame([
            {"source_id": s.id, "producer": s.producer, "title_sv": s.title_sv,
             "title_en": s.title_en, "url": s.url, "licence": s.licence, "via": s.via}
            for s in catalogue.sources]),
        "theme": pd.DataFrame([{"theme_id": t.id, "name_sv": t.name_sv, "name_en": t.name_en}
                               for t in catalogue.themes]),
        "indicator": indicator_table(catalogue),
        "target": pd.DataFrame([
            {"target_id": t.id, "indicator_id": t.indicator, "area_id": t.area,
             "base_year": t.base_year, "target_year": t.target_year,
             "target_value": t.target_value, "rule": t.rule, "name_sv": t.name_sv,
             "name_en": t.name_en, "stated_sv": t.stated_sv, "stated_en": t.stated_en,
             "measurable_sv": t.measurable_sv, "measurable_en": t.measurable_en}
            for t in catalogue.targets]),
    }


def indicator_table(catalogue: Catalogue) -> pd.DataFrame:
    return pd.DataFrame([{
        "indicator_id": i.id, "theme_id": i.theme, "name_sv": i.name_sv, "name_en": i.name_en,
        "description_sv": i.description_sv, "description_en": i.description_en,
        "unit": i.unit, "direction": i.direction, "decimals": i.decimals, "best": i.best,
        "worst": i.worst, "kind": i.kind, "aggregation": i.aggregation,
        "levels": ",".join(i.levels), "sexes": ",".join(i.sexes), "weight": i.weight,
        "limit_factor": i.limit_factor, "illustrative": i.illustrative, "part_of": i.part_of,
        "spi_dimension": i.spi_dimension, "spi_component": i.spi_component,
        "source_id": i.source, "licence": i.licence,
    } for i in catalogue.indicators])


def raw_manifest(raw: Path) -> pd.DataFrame:
    files = sorted(p for p in raw.iterdir() if p.is_file())
    return pd.DataFrame([{"path": p.name, "sha256": hashlib.sha256(p.read_bytes()).hexdigest(),
                          "bytes": p.stat().st_size} for p in files])


DEFAULT_NAME = "Umeå (standarddata)"
DEMO_NAME = "Umeå DEMO – med påhittade illustrativa data"


def build(db: Path, raw: Path | None = None, data_dir: Path = DATA_DIR,
          seed: int | None = None) -> str:
    """Assemble, derive and publish; returns the content hash.

    Without a seed: the default dataset, official and derived figures only. With a seed: the
    demo dataset, which adds the seeded generator's illustrative indicators (quality synthetic).
    """
    raw = raw or data_dir / "raw"
    tables = derive(assemble(raw, data_dir, seed))
    if seed is None:
        return publish(tables, db, name=DEFAULT_NAME, seed=None,
                       note="Official and derived figures only (Valmyndigheten, SCB, SMHI, "
                            "Trafikanalys, Folkhälsomyndigheten, Umeå kommun)")
    return publish(tables, db, name=DEMO_NAME, seed=seed,
                   note="DEMO: real sources plus illustrative generated district indicators")


def ingested_files(db: Path) -> list[str]:
    """Files an ingest added to the published database at `db` (empty if none or unreadable)."""
    from indicators.data.store import Store, StoreError

    if not db.exists():
        return []
    try:
        frame = Store(db).query("select path from raw_file where path like 'ingest/%'")
    except (StoreError, Exception):  # noqa: BLE001 - an unreadable file is rebuilt
        return []
    return list(frame["path"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None,
                        help="database to publish (default: $UMEA_DB or data/umea.duckdb)")
    parser.add_argument("--raw", type=Path, default=None, help="raw folder (default data/raw)")
    parser.add_argument("--demo", action="store_true",
                        help="build the DEMO dataset: adds generated illustrative indicators")
    parser.add_argument("--seed", type=int, default=synthetic.SEED,
                        help="seed of the demo dataset's generator (with --demo)")
    parser.add_argument("--force", action="store_true",
                        help="rebuild even if the database holds data added by an ingest")
    args = parser.parse_args(argv)
    db = args.db or database_path()
    from indicators.ingest import IngestBusy, ingest_lock, keep_last_known_good

    added = ingested_files(db)
    if added and not args.force:
        print(f"Kept {db}: it holds data added by an ingest ({', '.join(added[:3])}"
              f"{' …' if len(added) > 3 else ''}). Rebuilding from data/raw would drop it; "
              "use --force to rebuild anyway (the current file is kept as last known good).")
        return 0
    try:
        with ingest_lock(db):
            from indicators.data.store import check_published

            if db.exists() and check_published(db) is None:
                keep_last_known_good(db)
            digest = build(db, args.raw, seed=args.seed if args.demo else None)
    except IngestBusy as error:
        print(f"Build not started: {error}", file=sys.stderr)
        return 3
    except (RawDataError, CatalogueError) as error:
        print(f"Build failed; the previous database {db} is unchanged.\n{error}", file=sys.stderr)
        return 1
    print(f"Published {db} (content hash {digest[:12]})")
    return 0
