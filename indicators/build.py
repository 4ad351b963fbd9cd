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

from indicators import geography, synthetic
from indicators.catalogue import Catalogue, CatalogueError, load_catalogue
from indicators.config import DATA_DIR, database_path
from indicators.derive import derive
from indicators.rawdata import (
    Problem, RawDataError, integer, number, optional, read_csv_strict, text,
)
from indicators.store import publish

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

ELECTIONS = {
    # election key: (file, code columns, name column, voters, eligible, decimal mark, indicator)
    "riksdag_2018": ("umea_valdistrikt_riksdagsval_2018.csv",
                     ("LÄNSKOD", "KOMMUNKOD", "VALDISTRIKTSKOD"), "VALDISTRIKTSNAMN",
                     "RÖSTANDE", "RÖSTBERÄTTIGADE", "VALDELTAGANDE", ".", "turnout_riksdag"),
    "riksdag_2014": ("umea_valdistrikt_riksdagsval_2014.csv", ("LAN", "KOM", "VALDIST"),
                     "Valdistrikt", "Rostande", "Rostb", "VDT", ".", "turnout_riksdag"),
    "kommun_2014": ("umea_valdistrikt_kommunval_2014.csv",
                    ("LÄNSKOD", "KOMMUNKOD", "VALDISTRIKTSKOD"), "VALDISTRIKTSNAMN",
                    "Rostande", "Rostb", "VDT", ",", "turnout_municipal"),
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


def read_election(raw: Path, election: str) -> pd.DataFrame:
    """One election per valdistrikt: code, name, voters, eligible, collection-district flag.

    The published turnout % must agree with voters/eligible (to its rounding); a disagreement
    refuses the file. Uppsamlingsdistrikt have eligible 0 or empty.
    """
    file, code_columns, name_column, voters, eligible, turnout, decimal, _ = ELECTIONS[election]
    columns = {c: integer for c in code_columns}
    columns |= {name_column: text, voters: integer, eligible: optional(integer),
                turnout: optional(number(decimal))}
    frame = read_csv_strict(raw / file, columns)
    lan, kom, district = code_columns
    frame["code"] = [f"{a:02d}{b:02d}{c:04d}" for a, b, c in
                     zip(frame[lan], frame[kom], frame[district])]
    frame = frame.rename(columns={name_column: "name", voters: "voters",
                                  eligible: "eligible", turnout: "turnout_pct"})
    frame["eligible"] = frame["eligible"].fillna(0).astype(int)
    frame["collection"] = frame["name"].str.startswith("Uppsamlingsdistrikt")
    problems = [Problem(file, int(r.line), district, r.code, "duplicate valdistrikt code")
                for r in frame[frame["code"].duplicated()].itertuples()]
    for r in frame.itertuples():
        if r.voters < 0 or r.eligible < 0 or (r.eligible and r.voters > r.eligible):
            problems.append(Problem(file, int(r.line), voters, str(r.voters),
                                    f"voters must lie between 0 and eligible ({r.eligible})"))
        elif r.eligible and r.turnout_pct is not None and pd.notna(r.turnout_pct):
            if abs(100.0 * r.voters / r.eligible - r.turnout_pct) > 0.01 + 1e-9:
                problems.append(Problem(file, int(r.line), turnout, str(r.turnout_pct),
                                        "turnout disagrees with voters / eligible"))
        if not r.collection and r.eligible == 0:
            problems.append(Problem(file, int(r.line), eligible, "0",
                                    "a valdistrikt with geography needs eligible voters"))
    if problems:
        raise RawDataError(problems)
    return frame[["line", "code", "name", "voters", "eligible", "collection"]]


def read_regso(raw: Path) -> pd.DataFrame:
    """RegSO areas with their 2022 socio-economic area type and number of DeSO."""
    name = "umea_deso2018_regso2020_socioekonomiskt_index_2022.csv"
    frame = read_csv_strict(raw / name, {
        "deso_2018": text, "regso_2020_namn": text, "regso_2020_kod": text,
        "regso_socioekonomiskt_index_2022": integer,
    })
    problems = [Problem(name, int(r.line), "regso_socioekonomiskt_index_2022",
                        str(r.regso_socioekonomiskt_index_2022), "area type must be 1–5")
                for r in frame.itertuples() if not 1 <= r.regso_socioekonomiskt_index_2022 <= 5]
    problems += [Problem(name, int(r.line), "deso_2018", r.deso_2018, "duplicate DeSO")
                 for r in frame[frame["deso_2018"].duplicated()].itertuples()]
    if problems:
        raise RawDataError(problems)
    grouped = frame.groupby(["regso_2020_kod", "regso_2020_namn"], as_index=False).agg(
        area_type=("regso_socioekonomiskt_index_2022", "first"),
        types=("regso_socioekonomiskt_index_2022", "nunique"),
        deso_count=("deso_2018", "count"),
    )
    inconsistent = grouped[grouped["types"] > 1]
    if len(inconsistent):
        raise RawDataError([Problem(name, None, "regso_socioekonomiskt_index_2022", r, "one "
                                    "RegSO has several area types")
                            for r in inconsistent["regso_2020_kod"]])
    return grouped.rename(columns={"regso_2020_kod": "code", "regso_2020_namn": "name"})


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
    """Aggregate observations from child areas to parent areas along `mapping`.

    `mapping`: from_area_id, to_area_id, weight. By each indicator's `aggregation`:
    ratio_of_sums → Σ numerator / Σ denominator (× 100 for percent units); sum → Σ value;
    mean_weighted → Σ(value × weight) / Σ weight. Results are `derived` unless every input is
    `synthetic` (then still `synthetic`).
    """
    joined = cells.merge(mapping, left_on="area_id", right_on="from_area_id")
    results = []
    keys = ["indicator_id", "to_area_id", "year", "sex"]
    for indicator_id, group in joined.groupby("indicator_id"):
        indicator = catalogue.indicator(indicator_id)
        if indicator.aggregation == "ratio_of_sums":
            frame = group.groupby(keys, as_index=False)[["numerator", "denominator"]].sum()
            scale = 100.0 if indicator.unit == "percent" else 1.0
            frame["value"] = scale * frame["numerator"] / frame["denominator"]
        elif indicator.aggregation == "sum":
            frame = group.groupby(keys, as_index=False)["value"].sum()
        elif indicator.aggregation == "mean_weighted":
            weighted = group.assign(product=group["value"] * group["weight"])
            frame = weighted.groupby(keys, as_index=False)[["product", "weight"]].sum()
            frame["value"] = frame["product"] / frame["weight"]
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


# --- assembly --------------------------------------------------------------------------------

def _slug_check(names: pd.Series, known: set[str], file: str, column: str) -> list[Problem]:
    return [Problem(file, None, column, n, "not found in the crosswalk")
            for n in sorted(set(names) - known)]


def assemble(raw: Path, data_dir: Path, seed: int = synthetic.SEED) -> dict[str, pd.DataFrame]:
    """Every published table, from the raw files, crosswalks and metadata."""
    catalogue = load_catalogue(data_dir)
    crosswalks = data_dir / "crosswalks"
    districts = read_crosswalk(crosswalks / "districts.csv",
                               ["district_code", "name_sv", "name_en"])
    stadsdel_map = read_crosswalk(crosswalks / "stadsdel_district.csv",
                                  ["stadsdel_name", "district_code"])
    valdistrikt_map = read_crosswalk(crosswalks / "valdistrikt_district.csv",
                                     ["election", "valdistrikt_code", "valdistrikt_name",
                                      "district_code"])
    regso_map = read_crosswalk(crosswalks / "regso_district.csv",
                               ["regso_code", "regso_name", "district_code"])
    district_codes = set(districts["district_code"])
    problems = []
    for frame, file in ((stadsdel_map, "stadsdel_district.csv"),
                        (valdistrikt_map, "valdistrikt_district.csv"),
                        (regso_map, "regso_district.csv")):
        problems += [Problem(file, int(r.line), "district_code", r.district_code,
                             "unknown district code")
                     for r in frame.itertuples()
                     if pd.notna(r.district_code) and r.district_code not in district_codes]

    # Geography: stadsdelar (merged duplicates), districts as their unions, the kommun outline.
    stadsdelar = geography.read_stadsdelar(raw / "umea_stadsdelar_epsg3006.json")
    problems += _slug_check(stadsdelar["name"], set(stadsdel_map["stadsdel_name"]),
                            "stadsdel_district.csv", "stadsdel_name")
    if problems:
        raise RawDataError(problems)
    district_of = stadsdel_map.set_index("stadsdel_name")["district_code"]
    stadsdelar["district_code"] = stadsdelar["name"].map(district_of)
    district_shapes = geography.dissolve(stadsdelar, stadsdelar["district_code"])
    kommun_shape = geography.read_boundary(raw / "umea_kommun_boundary_wgs84.geojson")

    def area_rows(level, codes, names, parents, shapes, on_map=None):
        summary = geography.summary_columns(shapes.geometry)
        geojson = geography.map_geometry(shapes.geometry)
        frame = pd.DataFrame({
            "area_id": [f"{level}:{c}" for c in codes], "level_id": level, "code": list(codes),
            "name": list(names), "parent_id": list(parents), "vintage": pd.NA,
            "geometry_wkb": geography.to_wkb(shapes.geometry), "map_geojson": geojson,
        })
        frame = pd.concat([frame, summary], axis=1)
        frame["on_map"] = [g is not None for g in geojson] if on_map is None else on_map
        return frame

    district_names = districts.set_index("district_code")["name_sv"]
    areas = [
        area_rows("kommun", [KOMMUN_CODE], ["Umeå"], [None], kommun_shape, on_map=[False]),
        area_rows("district", district_shapes["key"], district_shapes["key"].map(district_names),
                  [KOMMUN_ID] * len(district_shapes), district_shapes),
        area_rows("stadsdel", stadsdelar["name"], stadsdelar["name"],
                  "district:" + stadsdelar["district_code"], stadsdelar),
    ]
    stadsdel_areas = areas[2]

    # Elections: valdistrikt areas per vintage, observations per valdistrikt, then upward.
    observations, crosswalk_rows = [], []
    valdistrikt_rows = {}
    election_cells = []
    for election, spec in ELECTIONS.items():
        file, indicator_id, vintage = spec[0], spec[-1], int(election[-4:])
        votes = read_election(raw, election)
        keyed = valdistrikt_map[valdistrikt_map["election"] == election]
        missing = sorted(set(votes["code"]) - set(keyed["valdistrikt_code"]))
        if missing:
            raise RawDataError([Problem("valdistrikt_district.csv", None, "valdistrikt_code", c,
                                        f"valdistrikt of {file} missing from the crosswalk")
                                for c in missing])
        votes = votes.merge(keyed[["valdistrikt_code", "district_code", "reason"]],
                            left_on="code", right_on="valdistrikt_code")
        votes["area_id"] = f"valdistrikt:{vintage}:" + votes["code"]
        for r in votes.itertuples():
            placed = pd.notna(r.district_code)
            parent = f"district:{r.district_code}" if placed else KOMMUN_ID
            earlier = valdistrikt_rows.get(r.area_id)
            if earlier is not None and earlier[3] != parent:
                raise RawDataError([Problem("valdistrikt_district.csv", None, "district_code",
                                            r.code, f"placed in {earlier[3]} and {parent} for "
                                            f"two elections of {vintage}")])
            if earlier is None and placed:
                crosswalk_rows.append((r.area_id, parent, 1.0, "judgement", r.reason))
            valdistrikt_rows[r.area_id] = (r.area_id, r.code, r.name, parent, vintage)
        turnout = votes[votes["eligible"] > 0]
        election_cells.append(_observations(
            pd.DataFrame({"area_id": turnout["area_id"], "numerator": turnout["voters"],
                          "denominator": turnout["eligible"],
                          "value": 100.0 * turnout["voters"] / turnout["eligible"]}),
            indicator_id=indicator_id, year=vintage, sex="total", quality="official",
            source_id="valmyndigheten"))
        if election.startswith("riksdag"):
            for counted, column in (("voters_riksdag", "voters"), ("eligible_voters", "eligible")):
                rows = votes if column == "voters" else turnout
                election_cells.append(_observations(
                    pd.DataFrame({"area_id": rows["area_id"], "value": rows[column]}),
                    indicator_id=counted, year=vintage, sex="total", quality="official",
                    source_id="valmyndigheten"))
        # City totals count the collection districts' voters: Σ voters / Σ eligible.
        city_voters, city_eligible = votes["voters"].sum(), votes["eligible"].sum()
        observations.append(_observations(pd.DataFrame({
            "area_id": [KOMMUN_ID], "numerator": [city_voters], "denominator": [city_eligible],
            "value": [100.0 * city_voters / city_eligible]}),
            indicator_id=indicator_id, year=vintage, sex="total", quality="derived",
            source_id="valmyndigheten"))
        if election.startswith("riksdag"):
            observations.append(_observations(pd.DataFrame({
                "area_id": [KOMMUN_ID, KOMMUN_ID], "value": [city_voters, city_eligible],
                "indicator_id": ["voters_riksdag", "eligible_voters"]}),
                year=vintage, sex="total", quality="derived", source_id="valmyndigheten"))
    preliminary = read_csv_strict(raw / "umea_valdistrikt_riksdagsval_2022_preliminar.csv",
                                  {"rostande_preliminart": integer})
    observations.append(_observations(pd.DataFrame({
        "area_id": [KOMMUN_ID], "value": [float(preliminary["rostande_preliminart"].sum())]}),
        indicator_id="voters_riksdag", year=2022, sex="total", quality="provisional",
        source_id="valmyndigheten"))
    valdistrikt_frame = pd.DataFrame(list(valdistrikt_rows.values()),
                                     columns=["area_id", "code", "name", "parent_id", "vintage"])
    areas.append(valdistrikt_frame.assign(level_id="valdistrikt", on_map=False))
    election_cells = pd.concat(election_cells, ignore_index=True)
    observations.append(election_cells)

    # RegSO: official area type per RegSO; districts get the DeSO-weighted mean (derived).
    regso = read_regso(raw)
    missing = sorted(set(regso["code"]) - set(regso_map["regso_code"]))
    if missing:
        raise RawDataError([Problem("regso_district.csv", None, "regso_code", c,
                                    "RegSO missing from the crosswalk") for c in missing])
    regso = regso.merge(regso_map[["regso_code", "district_code", "reason"]],
                        left_on="code", right_on="regso_code")
    regso["area_id"] = "regso:" + regso["code"]
    areas.append(pd.DataFrame({
        "area_id": regso["area_id"], "level_id": "regso", "code": regso["code"],
        "name": regso["name"], "parent_id": "district:" + regso["district_code"],
        "on_map": False}))
    regso_cells = _observations(
        pd.DataFrame({"area_id": regso["area_id"], "value": regso["area_type"].astype(float)}),
        indicator_id="regso_area_type", year=2022, sex="total", quality="official",
        source_id="scb_regso")
    observations.append(regso_cells)
    crosswalk_rows += [(r.area_id, f"district:{r.district_code}", float(r.deso_count),
                        "judgement", f"{r.reason} (weight: {r.deso_count} DeSO)")
                       for r in regso.itertuples()]
    crosswalk_rows += [(f"stadsdel:{r.stadsdel_name}", f"district:{r.district_code}", 1.0,
                        "union", r.reason) for r in stadsdel_map.itertuples()]
    crosswalk = pd.DataFrame(crosswalk_rows, columns=["from_area_id", "to_area_id", "weight",
                                                      "method", "reason"])

    # City-wide real series.
    population = read_population(raw)
    emissions = read_emissions(raw)
    observations += [population, emissions, per_capita_emissions(emissions, population),
                     read_vehicles(raw)]

    # Illustrative district data, labelled synthetic.
    district_types = aggregate(regso_cells, crosswalk, catalogue)
    observations.append(district_types)
    type_of = district_types.set_index("area_id")["value"]
    rural_names = ("omland", "Holmön", "Norrbyskär")
    rural = (stadsdel_areas.groupby("parent_id")["name"]
             .agg(lambda names: np.mean([any(k in n for k in rural_names) for n in names]) > 0.5))
    district_frame = pd.DataFrame({"area_id": areas[1]["area_id"]})
    district_frame["area_type"] = district_frame["area_id"].map(type_of)
    district_frame["rural"] = district_frame["area_id"].map(rural).fillna(False)
    real_population = population.query("indicator_id == 'population'").sort_values("year")
    observations.append(synthetic.generate(
        stadsdel_areas.rename(columns={"parent_id": "district_area_id"}),
        district_frame,
        sexes_of={i.id: i.sexes for i in catalogue.indicators if i.illustrative},
        real_population=float(real_population["value"].iloc[-1]),
        seed=seed,
    ))
    district_elections = aggregate(
        election_cells, crosswalk[crosswalk["from_area_id"].str.startswith("valdistrikt:")],
        catalogue)
    observations.append(district_elections)

    areas_frame = pd.concat(areas, ignore_index=True)
    areas_frame["vintage"] = areas_frame["vintage"].astype("Int64")
    observation_frame = pd.concat(observations, ignore_index=True)
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


def build(db: Path, raw: Path | None = None, data_dir: Path = DATA_DIR,
          seed: int = synthetic.SEED) -> str:
    """Assemble, derive and publish; returns the content hash."""
    raw = raw or data_dir / "raw"
    tables = derive(assemble(raw, data_dir, seed))
    return publish(tables, db, name="Umeå (standarddata)", seed=seed,
                   note="Real Umeå sources with illustrative synthetic district indicators")


def ingested_files(db: Path) -> list[str]:
    """Files an ingest added to the published database at `db` (empty if none or unreadable)."""
    from indicators.store import Store, StoreError

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
    parser.add_argument("--seed", type=int, default=synthetic.SEED,
                        help="seed of the synthetic generator")
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
            from indicators.store import check_published

            if db.exists() and check_published(db) is None:
                keep_last_known_good(db)
            digest = build(db, args.raw, seed=args.seed)
    except IngestBusy as error:
        print(f"Build not started: {error}", file=sys.stderr)
        return 3
    except (RawDataError, CatalogueError) as error:
        print(f"Build failed; the previous database {db} is unchanged.\n{error}", file=sys.stderr)
        return 1
    print(f"Published {db} (content hash {digest[:12]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
