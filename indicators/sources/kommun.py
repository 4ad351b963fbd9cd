"""The kommun's own series, one reader per raw file (cleaning happens here; the raw files stay
as published): population and its components, emissions by sector, emissions per inhabitant,
cars.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from indicators.sources.observations import KOMMUN_ID, OBSERVATION_COLUMNS, observation_rows
from indicators.sources.rawdata import (
    Problem,
    RawDataError,
    integer,
    number,
    optional,
    read_csv_strict,
    text,
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
    parts = [observation_rows(population, indicator_id="population")]
    components = frame.assign(
        net_migration=frame["in_migration_total"] - frame["out_migration_total"]
    )
    for indicator_id, column in (("population_change", "population_change"),
                                 ("births", "births"), ("deaths", "deaths"),
                                 ("net_migration", "net_migration")):
        values = components[["year", column]].dropna().rename(columns={column: "value"})
        parts.append(observation_rows(values, indicator_id=indicator_id, quality="official"))
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
    return observation_rows(result, area_id=KOMMUN_ID, sex="total", source_id="smhi_emissions")


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
    return observation_rows(frame, indicator_id="ghg_per_capita", area_id=KOMMUN_ID, sex="total",
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
    return observation_rows(frame, area_id=KOMMUN_ID, sex="total", source_id="trafikanalys")
