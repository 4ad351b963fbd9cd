"""Step 3, small areas: DeSO 2025 and RegSO 2020 areas, their observations, and the shares that
carry them to districts and the kommun (see indicators/sources/scb_areas.py for the method)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from indicators.build.aggregate import aggregate
from indicators.build.places import area_rows
from indicators.data.catalogue import Catalogue
from indicators.sources import scb_areas
from indicators.sources.observations import KOMMUN_ID, observation_rows
from indicators.sources.rawdata import Problem, RawDataError


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
    regso_names = key.drop_duplicates("code").set_index("code")
    areas = _small_areas(deso, deso_names(deso["code"], key, deso_2025), regso_members,
                         regso_names, to_district, regso_to_district)
    crosswalk = _small_area_links(to_district, to_stadsdel, regso_to_district)
    regso_cells = _regso_cells(raw, regso_names)
    typed = _area_type_population(key, deso_2025, population)
    vaccination = scb_areas.vaccination_observations(raw, deso_2025)
    return {"areas": areas, "crosswalk": crosswalk, "deso_cells": deso_cells,
            "deso_codes": set("deso:" + deso["code"]),
            "regso_cells": regso_cells, "typed": typed, "vaccination": vaccination,
            **_small_area_weights(to_district, regso_to_district, population, regso_cells),
            "vaccination_weights": scb_areas.deso_2018_weights(deso_2025, to_district,
                                                               population)}


def _main_parent(shares: pd.DataFrame) -> pd.Series:
    """Each child's parent with the largest share (the area's parent in the area table)."""
    return (shares.sort_values(["child", "share"], ascending=[True, False])
            .drop_duplicates("child").set_index("child")["parent"])


def _small_areas(deso: gpd.GeoDataFrame, names: list[str], regso_members: pd.DataFrame,
                 regso_names: pd.DataFrame, to_district: pd.DataFrame,
                 regso_to_district: pd.DataFrame) -> list[pd.DataFrame]:
    """Area rows of the DeSO and the RegSO (each RegSO the union of its DeSO 2025 parts)."""
    regso_shapes = deso.merge(regso_members, left_on="code", right_on="deso").dissolve(
        "regso", as_index=False, sort=True)
    return [
        area_rows("deso", deso["code"], names,
                  "district:" + deso["code"].map(_main_parent(to_district)), deso),
        area_rows("regso", regso_shapes["regso"], regso_shapes["regso"].map(regso_names["name"]),
                  "district:" + regso_shapes["regso"].map(_main_parent(regso_to_district)),
                  regso_shapes),
    ]


def _pct(share: float) -> str:
    return f"{100 * share:.1f}".replace(".", ",") + " %"


def _small_area_links(to_district: pd.DataFrame, to_stadsdel: pd.DataFrame,
                      regso_to_district: pd.DataFrame) -> list[tuple]:
    """Crosswalk rows: DeSO → district and stadsdel by land area, RegSO → district by
    population."""
    crosswalk = [(f"deso:{r.child}", f"district:{r.parent}", float(r.share), "area_share",
                  f"{_pct(r.share)} of the DeSO's land area lies in the district's stadsdelar")
                 for r in to_district.itertuples()]
    crosswalk += [(f"deso:{r.child}", f"stadsdel:{r.parent}", float(r.share), "area_share",
                   f"{_pct(r.share)} of the DeSO's land area lies in the stadsdel")
                  for r in to_stadsdel.itertuples()]
    crosswalk += [(f"regso:{r.child}", f"district:{r.parent}", float(r.share),
                   "population_share", f"{_pct(r.share)} of the RegSO's population (DeSO 2025) "
                   "lives in the district") for r in regso_to_district.itertuples()]
    return crosswalk


def _regso_cells(raw: Path, regso_names: pd.DataFrame) -> pd.DataFrame:
    """RegSO observations (2020–2023) and each RegSO's area type (2022)."""
    regso_cells = scb_areas.regso_observations(raw, dict(zip(regso_names["name"],
                                                             regso_names.index, strict=True)))
    types = pd.DataFrame({"area_id": "regso:" + regso_names.index, "value":
                          regso_names["area_type"].astype(float).to_numpy()})
    return pd.concat([regso_cells, observation_rows(
        types, indicator_id="regso_area_type", year=2022, sex="total", quality="official",
        source_id="scb_regso")], ignore_index=True)


def _area_type_population(key: pd.DataFrame, deso_2025: dict[str, list[str]],
                          population: dict[str, float]) -> pd.DataFrame:
    """Population by area type: each DeSO 2025 takes its RegSO's type (through DeSO 2018), as
    a level (100 or 0) that, averaged with the DeSO population as weight, is exactly the
    population share."""
    type_of = {part: int(r.area_type) for r in key.itertuples() for part in deso_2025[r.deso]}
    typed = [(f"area_type_{k}_population", f"deso:{code}", 2025, 100.0 * (type_of[code] == k))
             for code in population for k in range(1, 6)]
    return observation_rows(pd.DataFrame(typed, columns=["indicator_id", "area_id", "year",
                                                         "value"]),
                            sex="total", quality="derived", source_id="scb_regso")


def _small_area_weights(to_district: pd.DataFrame, regso_to_district: pd.DataFrame,
                        population: dict[str, float],
                        regso_cells: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The mappings `aggregate` carries the small areas' cells along: DeSO → district and
    kommun (mean weight: share × DeSO population), RegSO → district (with the RegSO populations
    the means are weighted by per year)."""
    deso_weights = pd.DataFrame({
        "from_area_id": "deso:" + to_district["child"], "to_area_id": "district:" +
        to_district["parent"], "weight": to_district["share"],
        "mean_weight": to_district["share"] * to_district["child"].map(population)})
    kommun_weights = pd.DataFrame({"from_area_id": "deso:" + pd.Series(list(population)),
                                   "to_area_id": KOMMUN_ID, "weight": 1.0,
                                   "mean_weight": list(population.values())})
    regso_weights = regso_to_district.assign(
        from_area_id="regso:" + regso_to_district["child"],
        to_area_id="district:" + regso_to_district["parent"], weight=regso_to_district["share"])
    return {"deso_weights": deso_weights, "kommun_weights": kommun_weights,
            "regso_weights": regso_weights,
            "regso_population": regso_cells[regso_cells["indicator_id"] == "population"]}


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
    parts = [observation_rows(step["deso_cells"]), step["typed"], observation_rows(regso)]
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
