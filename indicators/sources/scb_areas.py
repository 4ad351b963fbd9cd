"""Statistics Sweden's small areas: DeSO 2025 (72 polygons and their statistics) and RegSO 2020
(42 named areas, 2020–2023), and how their figures reach stadsdelar, districts and the kommun.

How a DeSO reaches a district (`deso_district_shares`): the DeSO polygon is overlaid on the
stadsdel polygons (each stadsdel lies in one district); its share in a district is the share of
its land area there. Shares under MIN_SHARE (slivers from the simplified boundaries) are dropped
and the rest rescaled to 1. A DeSO wholly inside one district has share 1.

How a RegSO reaches a district (`regso_district_shares`): through its DeSO, weighted by their
2025 population: share(RegSO → district) = Σ pop(DeSO) × share(DeSO → district) / Σ pop(DeSO).
RegSO 2020 is keyed to DeSO 2018; DeSO 2018 codes equal DeSO 2025 codes except where SCB split
an area (2480C1090 → 2480C1091–C1093): a 2018 code missing in 2025 maps to the 2025 codes that
extend it by one digit.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from indicators.sources.geography import SWEREF99TM
from indicators.sources.rawdata import (
    Problem,
    RawDataError,
    integer,
    number,
    optional,
    read_csv_strict,
    text,
)

DESO_GEOMETRY = "umea_deso2025_wgs84.geojson"
DESO_STATISTICS = "umea_deso2025_scb_statistik.jsonl"
REGSO_KEY = "umea_deso2018_regso2020_socioekonomiskt_index_2022.csv"
REGSO_POPULATION = "umea_regso_befolkning_fodelseregion_2020_2023.csv"
REGSO_TENURE = "umea_regso_bostader_upplatelseform_2020_2023.csv"
REGSO_WAGES = "umea_regso_medel_loneinkomst_tkr_2020_2023.csv"
VACCINATION = "umea_deso_vaccination_coverage_fohm_2021_2022.csv"
MIN_SHARE = 0.02
# The measure is called "2 doser %" until October 2021 and "Minst 2 doser %" after (a third dose
# appears); both mean at least two doses.
TWO_DOSES = ("2 doser %", "Minst 2 doser %")
MAX_JSONL_BYTES = 2_000_000
AGE_BANDS = 17                                    # 0–4, 5–9, …, 75–79, 80+
UNDER_20 = slice(0, 4)
AGED_65_PLUS = slice(13, 17)
# DeSO statistics: record key → indicator (SCB percent or kronor; `hist` holds 2024 and 2025).
DESO_RATES = {
    "income_med": "income_median_disposable",
    "income": "income_mean_net",
    "low_econ": "low_economic_standard",
    "employment": "employment_rate",
    "unemp": "unemployment_rate",
    "higher_ed": "post_secondary_education",
    "foreign": "foreign_background",
    "single": "one_person_households",
}
SEX_KEYS = {"f": "women", "m": "men"}


def _problem(file: str, rule: str, value: str | None = None, line: int | None = None) -> Problem:
    return Problem(file, line, None, value, rule)


# --- DeSO --------------------------------------------------------------------------------------

def read_deso_geometry(raw: Path) -> gpd.GeoDataFrame:
    """The 72 DeSO polygons in EPSG:3006: columns code, regso_2025, geometry.

    Self-intersections are repaired (`make_valid`). The source stores outer rings only, so a DeSO
    lying inside another's outer ring (the two Sävar DeSO inside 2480A0050) is cut out of it.
    """
    path = raw / DESO_GEOMETRY
    try:
        frame = gpd.read_file(path)
    except Exception as error:  # noqa: BLE001 - pyogrio raises several types
        raise RawDataError([_problem(path.name, f"cannot read: {error}")]) from None
    missing = {"deso", "regso"} - set(frame.columns)
    if frame.crs is None or missing:
        raise RawDataError([_problem(path.name, "needs a CRS and the properties deso, regso")])
    frame = frame.to_crs(SWEREF99TM)
    frame["geometry"] = [shapely.make_valid(g) for g in frame.geometry]
    frame = frame.rename(columns={"deso": "code", "regso": "regso_2025"})
    if frame["code"].duplicated().any():
        raise RawDataError([_problem(path.name, "duplicate DeSO code",
                                     ", ".join(frame.loc[frame["code"].duplicated(), "code"]))])
    geometries = list(frame.geometry)
    for i, outer in enumerate(geometries):
        inside = [g for j, g in enumerate(geometries) if j != i and outer.contains(g)]
        if inside:
            geometries[i] = outer.difference(shapely.union_all(inside))
    frame["geometry"] = geometries
    return frame[["code", "regso_2025", "geometry"]].sort_values("code").reset_index(drop=True)


def read_deso_statistics(raw: Path) -> list[dict]:
    """The DeSO records (one JSON object per line), checked for shape before use."""
    path = raw / DESO_STATISTICS
    if path.stat().st_size > MAX_JSONL_BYTES:
        raise RawDataError([_problem(path.name, f"larger than {MAX_JSONL_BYTES} bytes")])
    records, problems = [], []
    for line, row in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not row.strip():
            continue
        try:
            record = json.loads(row)
        except json.JSONDecodeError as error:
            problems.append(_problem(path.name, f"not JSON: {error.msg}", line=line))
            continue
        age = record.get("dist", {}).get("age", {})
        if not isinstance(record.get("name"), str) or not isinstance(record.get("pop"), int):
            problems.append(_problem(path.name, "needs name and a whole-number pop", line=line))
        elif any(len(age.get(k, [])) != AGE_BANDS for k in SEX_KEYS):
            problems.append(_problem(path.name, f"dist.age needs {AGE_BANDS} bands per sex",
                                     record["name"], line))
        else:
            records.append(record | {"line": line})
    if problems:
        raise RawDataError(problems)
    return records


def deso_observations(records: list[dict]) -> pd.DataFrame:
    """Observations per DeSO (quality official, source scb_deso): population 2025 (total from SCB,
    women and men as the sums of their age bands: SCB's cell-key noise means they need not add up
    to the total, and they are not forced to), the shares under 20 and 65+ by sex from the age
    bands (numerator and denominator kept), the renters' share of dwellings 2025 from the tenure
    counts, and SCB's published percentages and incomes for 2024 and 2025."""
    rows = []

    def add(indicator, code, year, value, sex="total", numerator=None, denominator=None):
        rows.append((indicator, f"deso:{code}", year, sex, float(value), numerator, denominator))

    for record in records:
        code = record["name"]
        add("population", code, 2025, record["pop"])
        ages = record["dist"]["age"]
        bands = {sex: np.array(ages[key], dtype=float) for key, sex in SEX_KEYS.items()}
        bands["total"] = bands["women"] + bands["men"]
        for sex, counts in bands.items():
            if sex != "total":
                add("population", code, 2025, counts.sum(), sex)
            for indicator, part in (("share_under_20", UNDER_20), ("share_65_plus", AGED_65_PLUS)):
                numerator, denominator = counts[part].sum(), counts.sum()
                if denominator > 0:
                    add(indicator, code, 2025, 100 * numerator / denominator, sex,
                        numerator, denominator)
        tenure = record["dist"].get("tenure")
        if tenure and sum(tenure) > 0:
            add("renters_share", code, 2025, 100 * tenure[0] / sum(tenure), "total",
                float(tenure[0]), float(sum(tenure)))
        for key, indicator in DESO_RATES.items():
            for year, value in record.get("hist", {}).get(key, {}).items():
                if value is not None:
                    add(indicator, code, int(year), value)
    frame = pd.DataFrame(rows, columns=["indicator_id", "area_id", "year", "sex", "value",
                                        "numerator", "denominator"])
    return frame.assign(quality="official", source_id="scb_deso")


def deso_2018_to_2025(codes_2018: list[str], codes_2025: list[str]) -> dict[str, list[str]]:
    """Each DeSO 2018 code → the DeSO 2025 codes that cover it (itself, or its split parts)."""
    current = set(codes_2025)
    mapping, problems = {}, []
    for code in codes_2018:
        if code in current:
            mapping[code] = [code]
            continue
        parts = sorted(c for c in current if len(c) == len(code) and c[:-1] == code[:-1]
                       and c != code)
        if not parts:
            problems.append(_problem(REGSO_KEY, "DeSO 2018 code with no DeSO 2025 area", code))
        mapping[code] = parts
    if problems:
        raise RawDataError(problems)
    return mapping


# --- shares ------------------------------------------------------------------------------------

def overlap_shares(children: gpd.GeoDataFrame, parents: gpd.GeoDataFrame,
                   min_share: float = MIN_SHARE) -> pd.DataFrame:
    """child code → parent code with the share of the child's area inside the parent.

    Shares below `min_share` are dropped and the rest rescaled so each child's shares sum to 1.
    Both frames need columns code and geometry in the same projected CRS.
    """
    pieces = gpd.overlay(children[["code", "geometry"]].rename(columns={"code": "child"}),
                         parents[["code", "geometry"]].rename(columns={"code": "parent"}),
                         how="intersection", keep_geom_type=True)
    pieces["area"] = pieces.area
    shares = pieces.groupby(["child", "parent"], as_index=False)["area"].sum()
    shares["share"] = shares["area"] / shares.groupby("child")["area"].transform("sum")
    shares = shares[shares["share"] >= min_share].copy()
    shares["share"] = shares["share"] / shares.groupby("child")["share"].transform("sum")
    missing = sorted(set(children["code"]) - set(shares["child"]))
    if missing:
        raise RawDataError([_problem("crosswalk", "area lies outside every parent", c)
                            for c in missing])
    return shares[["child", "parent", "share"]].reset_index(drop=True)


def regso_district_shares(deso_of_regso: pd.DataFrame, deso_shares: pd.DataFrame,
                          deso_population: pd.Series) -> pd.DataFrame:
    """RegSO code → district code, weighted by the 2025 population of the RegSO's DeSO.

    deso_of_regso: columns regso, deso (2025 codes); deso_shares: child (DeSO), parent
    (district), share; deso_population: DeSO code → population."""
    joined = deso_of_regso.merge(deso_shares, left_on="deso", right_on="child")
    joined["people"] = joined["deso"].map(deso_population) * joined["share"]
    shares = joined.groupby(["regso", "parent"], as_index=False)["people"].sum()
    shares["share"] = shares["people"] / shares.groupby("regso")["people"].transform("sum")
    return shares.rename(columns={"regso": "child"})[["child", "parent", "share"]]


# --- RegSO -------------------------------------------------------------------------------------

def read_regso_key(raw: Path) -> pd.DataFrame:
    """DeSO 2018 → RegSO 2020 (code and name) with the RegSO's 2022 socio-economic area type."""
    frame = read_csv_strict(raw / REGSO_KEY, {
        "deso_2018": text, "regso_2020_namn": text, "regso_2020_kod": text,
        "regso_socioekonomiskt_index_2022": integer,
    })
    problems = [Problem(REGSO_KEY, int(r.line), "regso_socioekonomiskt_index_2022",
                        str(r.regso_socioekonomiskt_index_2022), "area type must be 1–5")
                for r in frame.itertuples() if not 1 <= r.regso_socioekonomiskt_index_2022 <= 5]
    problems += [Problem(REGSO_KEY, int(r.line), "deso_2018", r.deso_2018, "duplicate DeSO")
                 for r in frame[frame["deso_2018"].duplicated()].itertuples()]
    types = frame.groupby("regso_2020_kod")["regso_socioekonomiskt_index_2022"].nunique()
    problems += [Problem(REGSO_KEY, None, "regso_socioekonomiskt_index_2022", code,
                         "one RegSO has several area types") for code in types[types > 1].index]
    if problems:
        raise RawDataError(problems)
    return frame.rename(columns={"deso_2018": "deso", "regso_2020_kod": "code",
                                 "regso_2020_namn": "name",
                                 "regso_socioekonomiskt_index_2022": "area_type"})


def _regso_years(frame: pd.DataFrame, prefix: str) -> dict[int, str]:
    return {int(c[-4:]): c for c in frame.columns if c.startswith(prefix) and c[-4:].isdigit()}


def _regso_table(raw: Path, file: str, key_column: str, prefix: str) -> pd.DataFrame:
    """A RegSO table: name, its key column, sex where present, and the yearly value columns."""
    header = pd.read_csv(raw / file, nrows=0).columns
    parsers = {"regso_namn": text, key_column: text}
    parsers |= {c: optional(number(".")) for c in header if c.startswith(prefix)}
    if "kön" in header:
        parsers["kön"] = text
    return read_csv_strict(raw / file, parsers)


def regso_observations(raw: Path, names_to_codes: dict[str, str]) -> pd.DataFrame:
    """Observations per RegSO 2020, 2020–2023 (quality official, source scb_regso_statistics):
    population, the share born abroad (total − born in Sweden, over total), the renters' share of
    dwellings (hyresrätt over all tenures) and mean wage income (tkr)."""
    rows: list[tuple[str, str | None, int, float, float | None, float | None]] = []
    problems: list[Problem] = []

    def code_of(name: str, file: str, line: int) -> str | None:
        if name not in names_to_codes:
            problems.append(Problem(file, line, "regso_namn", name, "unknown RegSO name"))
        return names_to_codes.get(name)

    births = _regso_table(raw, REGSO_POPULATION, "födelseregion", "Antal ")
    years = _regso_years(births, "Antal ")
    for name, group in births[births["kön"] == "totalt"].groupby("regso_namn"):
        code = code_of(name, REGSO_POPULATION, int(group["line"].iloc[0]))
        by_region = group.set_index("födelseregion")
        for year, column in years.items():
            total, sweden = by_region.at["totalt", column], by_region.at["Sverige", column]
            rows.append(("population", code, year, total, None, None))
            rows.append(("foreign_born", code, year, 100 * (total - sweden) / total,
                         total - sweden, total))
    tenure = _regso_table(raw, REGSO_TENURE, "upplåtelseform", "Antal ")
    years = _regso_years(tenure, "Antal ")
    for name, group in tenure.groupby("regso_namn"):
        code = code_of(name, REGSO_TENURE, int(group["line"].iloc[0]))
        by_form = group.set_index("upplåtelseform")
        for year, column in years.items():
            dwellings = by_form[column].sum()
            renters = by_form.at["hyresrätt", column] if "hyresrätt" in by_form.index else 0.0
            if dwellings > 0:
                rows.append(("renters_share", code, year, 100 * renters / dwellings, renters,
                             dwellings))
    wages = _regso_table(raw, REGSO_WAGES, "inkomstkomponent", "Medelvärde")
    years = _regso_years(wages, "Medelvärde")
    for record in wages[wages["kön"] == "totalt"].to_dict("records"):
        code = code_of(record["regso_namn"], REGSO_WAGES, int(record["line"]))
        for year, column in years.items():
            if pd.notna(record[column]):
                rows.append(("wage_income_mean", code, year, record[column], None, None))
    if problems:
        raise RawDataError(problems)
    frame = pd.DataFrame(rows, columns=["indicator_id", "code", "year", "value", "numerator",
                                        "denominator"])
    frame["area_id"] = "regso:" + frame.pop("code")
    return frame.assign(sex="total", quality="official", source_id="scb_regso_statistics")


# --- vaccination (Folkhälsomyndigheten, DeSO 2018) ----------------------------------------------

def vaccination_observations(raw: Path, deso_2025: dict[str, list[str]]) -> pd.DataFrame:
    """Two-dose coverage, ages 16+, per DeSO 2018 (sheet "Per DeSO"), the latest snapshot of each
    year; quality official, on the DeSO 2018 code as area `deso2018:<code>` (carried to districts
    by `deso_2018_weights`, never shown as a DeSO 2025 figure)."""
    frame = read_csv_strict(raw / VACCINATION, {
        "snapshot": text, "sheet": text, "deso": text, "age": text, "sex": text,
        "measure": text, "value": optional(text),
    })
    frame = frame[(frame["sheet"] == "Per DeSO") & (frame["age"] == "16+")
                  & (frame["sex"] == "total")
                  & frame["measure"].isin(TWO_DOSES)].copy()
    problems = [Problem(VACCINATION, int(r.line), "deso", r.deso, "unknown DeSO 2018 code")
                for r in frame.itertuples() if r.deso not in deso_2025]
    frame = frame[frame["value"].notna()]            # empty cells: not published by the producer
    values = pd.to_numeric(frame["value"], errors="coerce")
    problems += [Problem(VACCINATION, int(r.line), "value", r.value, "coverage must be 0–100")
                 for r, v in zip(frame.itertuples(), values, strict=True) if not 0 <= v <= 100]
    if problems:
        raise RawDataError(problems)
    frame["value"] = values.astype(float)
    frame["year"] = frame["snapshot"].str[:4].astype(int)
    latest = frame[frame["snapshot"] == frame.groupby("year")["snapshot"].transform("max")]
    return pd.DataFrame({
        "indicator_id": "vaccination_coverage", "area_id": "deso2018:" + latest["deso"],
        "year": latest["year"], "sex": "total", "value": latest["value"], "numerator": np.nan,
        "denominator": np.nan, "quality": "official", "source_id": "folkhalsomyndigheten",
    }).reset_index(drop=True)


def deso_2018_weights(deso_2025: dict[str, list[str]], to_district: pd.DataFrame,
                      population: dict[str, float]) -> pd.DataFrame:
    """DeSO 2018 → district rows for means: mean_weight = the 2025 population of the DeSO 2018
    area's parts times their shares in the district (a split area counts as its parts)."""
    rows = []
    for code, parts in deso_2025.items():
        for part in parts:
            for r in to_district[to_district["child"] == part].itertuples():
                rows.append((f"deso2018:{code}", f"district:{r.parent}", r.share,
                             r.share * population[part]))
    frame = pd.DataFrame(rows, columns=["from_area_id", "to_area_id", "weight", "mean_weight"])
    return frame.groupby(["from_area_id", "to_area_id"], as_index=False).sum()
