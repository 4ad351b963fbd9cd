"""The derived tables written plainly: the oracle `indicators.methods.derive` is tested against.

`indicators.methods.derive` (the one the build, the ingest and the benchmarks use) is vectorised for
national scale. This module holds the same rules the readable way — disclosure control one
indicator-year at a time through `disclosure.suppress`, verdicts one pandas group at a time —
so a reader can check the rules against METHODS.md here, and the tests check that both give
the same tables (tests/test_bench_national.py: the fixture, generated datasets, the built Umeå
dataset). Nothing in the product imports it. The family links, natural limits and verdict
rows are shared: they come from `indicators.methods.derive`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from indicators.methods import disclosure, progress, scores
from indicators.methods.derive import (
    COMPOSITE_MIN_COVERAGE,
    MIN_COUNT,
    MIN_DENOMINATOR,
    PULSE_MIN_ANSWERS,
    VERDICT_LEVELS,
    area_levels,
    family_links,
    natural_limits,
    verdict_row,
)

__all__ = ["apply_disclosure", "derive", "score_table", "verdict_table", "area_levels",
           "family_links", "composite_table"]


# --- disclosure control ---------------------------------------------------------------------

def _adds_up(values: np.ndarray) -> bool:
    """values[0] = Σ values[1:] (within rounding), or a member is unknown (NaN): then the
    relation is kept, conservatively, to go on protecting the hidden member."""
    if np.isnan(values).any():
        return True
    return math.isclose(values[0], values[1:].sum(), rel_tol=1e-9, abs_tol=1e-6)


def _relations(cells: pd.DataFrame, main: str, links: Mapping[str, list[str]],
               level_of: Mapping[str, str]) -> list[disclosure.Relation]:
    """Additive relations that really hold in `cells` (indexed by (area_id, sex); the column
    `main` — a count's value or a rate's denominator — and, for rates, `numerator`):

    1. total = women + men per area (areas in first-seen order);
    2. parent = Σ children of one level, per sex, for each parent of `links` (stadsdel →
       district, district → kommun, valdistrikt → district, DeSO/RegSO → district …), in the
       order of each family's first child, then its total.

    A relation is only declared for the measures whose numbers add up (or that have an unknown
    member), so the rule never invents a constraint the data does not satisfy. The numerator
    is a measure only when every member with a known main measure has one."""
    mains = cells[main].to_numpy(float)
    numerators = cells["numerator"].to_numpy(float) if "numerator" in cells.columns else None
    keys = list(cells.index)
    position = {key: i for i, key in enumerate(keys)}

    candidates = [[position[total], *(position[p] for p in parts)]
                  for total, parts in disclosure.sex_relations(keys)]
    families: dict[tuple, list[int]] = {}
    for i, (area, sex) in enumerate(keys):
        for parent in links.get(area, ()):
            total = position.get((parent, sex))
            if total is not None:
                families.setdefault((total, level_of.get(area)), [total]).append(i)
    candidates += sorted(families.values(), key=lambda members: (members[1], members[0]))

    relations = []
    for indices in candidates:
        measures = [main] if _adds_up(mains[indices]) else []
        if numerators is not None:
            nums = numerators[indices]
            if not np.isnan(nums[~np.isnan(mains[indices])]).any() and _adds_up(nums):
                measures.append("numerator")
        if measures:
            relations.append(disclosure.Relation(keys[indices[0]], [keys[i] for i in indices[1:]],
                                                 tuple(measures)))
    return relations


def apply_disclosure(observation: pd.DataFrame, indicator: pd.DataFrame,
                     area: pd.DataFrame, crosswalk: pd.DataFrame | None = None) -> pd.DataFrame:
    """Primary, secondary and group suppression (METHODS §4) on counts of persons and on rates,
    per indicator and year, by `disclosure.suppress`.

    Primary: counts (unit persons) below MIN_COUNT; rates whose denominator is below
    MIN_DENOMINATOR; rates with both numerator and denominator whose numerator or complement
    (denominator − numerator) is below MIN_COUNT (turnout 98 of 100: only 2 did not vote). Then
    further cells, so that no hidden cell follows from a total and its other parts, and no
    group of hidden cells falls below those thresholds as total − published parts, in every
    additive family that holds (women + men = total; the children of one level sum to their
    parent area, from `parent_id` and weight-1 crosswalk links). For rates the protected
    quantities are the denominator and, where it adds up, the numerator.

    Citizen-pulse rates (quality `citizen_pulse`) are shown from PULSE_MIN_ANSWERS answers and
    get no numerator or complement rule: they are anonymous kiosk answers, not registers of
    persons. A rate without a denominator cannot be checked and stays as it is (unknown in its
    relations). Suppressed cells keep their row with value, numerator and denominator empty and
    `suppressed = true`, so the interface can say ".." rather than "no data".
    """
    frame = observation.copy()
    frame["suppressed"] = frame["suppressed"].fillna(False).astype(bool)
    meta = indicator.set_index("indicator_id")
    counts = set(meta.index[(meta["kind"] == "count") & (meta["unit"] == "persons")])
    rates = set(meta.index[meta["kind"] == "rate"])
    links = family_links(area, crosswalk)
    level_of = area_levels(area)
    hide = np.zeros(len(frame), dtype=bool)
    for (indicator_id, _year), group in frame.groupby(["indicator_id", "year"], sort=True):
        known = ~group["suppressed"]
        index = pd.MultiIndex.from_arrays([group["area_id"].astype(str),
                                           group["sex"].astype(str)])
        if indicator_id in counts:
            value = group["value"].where(known).astype(float).to_numpy()
            cells = pd.DataFrame({"value": value, "kind": "count"}, index=index)
            main, protect_numerator, min_denominator = "value", True, MIN_DENOMINATOR
        elif indicator_id in rates:
            pulse = bool((group["quality"] == "citizen_pulse").all())
            denominator = group["denominator"].where(known).astype(float).to_numpy()
            # a rate's value only tells suppress whether the cell is there: its denominator does
            cells = pd.DataFrame({"value": denominator, "kind": "rate",
                                  "denominator": denominator}, index=index)
            if not pulse:
                cells["numerator"] = group["numerator"].where(known).astype(float).to_numpy()
            main, protect_numerator = "denominator", not pulse
            min_denominator = PULSE_MIN_ANSWERS if pulse else MIN_DENOMINATOR
        else:
            continue
        result = disclosure.suppress(cells, relations=_relations(cells, main, links, level_of),
                                     min_count=MIN_COUNT, min_denominator=min_denominator,
                                     protect_numerator=protect_numerator)
        hide[frame.index.get_indexer(group.index)] = result["suppressed"].to_numpy()
    hide |= frame["suppressed"].to_numpy()
    frame.loc[hide, ["value", "numerator", "denominator"]] = np.nan
    frame["suppressed"] = hide
    return frame


# --- scores and composites ------------------------------------------------------------------

def score_table(observation: pd.DataFrame, indicator: pd.DataFrame) -> pd.DataFrame:
    """score = 100 × (x − worst)/(best − worst), clipped, for every published value of a scored
    indicator (fixed anchors from the metadata; direction is carried by the anchors)."""
    scored = indicator[indicator["best"].notna() & indicator["worst"].notna()]
    frame = observation[~observation["suppressed"] & observation["value"].notna()].merge(
        scored[["indicator_id", "best", "worst"]], on="indicator_id")
    if frame.empty:
        return pd.DataFrame(columns=["indicator_id", "area_id", "year", "sex", "score"])
    frame["score"] = np.nan
    for _indicator_id, group in frame.groupby("indicator_id"):
        best, worst = float(group["best"].iloc[0]), float(group["worst"].iloc[0])
        frame.loc[group.index, "score"] = scores.score(group["value"].to_numpy(float), best, worst)
    return frame[["indicator_id", "area_id", "year", "sex", "score"]].reset_index(drop=True)


def composite_table(score: pd.DataFrame, observation: pd.DataFrame, indicator: pd.DataFrame,
                    area: pd.DataFrame) -> pd.DataFrame:
    """SPI components → dimensions → index, and one score per theme, per area.

    Each indicator enters with its latest year at that area (total sex). Members expected at an
    area are the scored indicators whose levels include the area's level; a composite needs at
    least half of them (COMPOSITE_MIN_COVERAGE), never imputed. `illustrative` is true when any
    member is synthetic.
    """
    columns = ["area_id", "kind", "group_id", "score", "coverage", "n_available",
               "n_expected", "illustrative"]
    latest = (score[score["sex"] == "total"].sort_values("year")
              .groupby(["area_id", "indicator_id"], as_index=False).last())
    if latest.empty:
        return pd.DataFrame(columns=columns)
    level_of = dict(zip(area["area_id"], area["level_id"], strict=True))
    latest["level"] = latest["area_id"].map(level_of)
    synthetic = set(observation.loc[observation["quality"] == "synthetic", "indicator_id"])
    meta = indicator[indicator["best"].notna()].set_index("indicator_id")
    weights = meta["weight"].to_dict()
    parts = []
    for level, frame in latest.groupby("level"):
        members = meta[meta["levels"].str.split(",").map(
            lambda levels, level=level: level in levels)]
        groupings = {
            "component": members["spi_component"].dropna().to_dict(),
            "theme": members["theme_id"].to_dict(),
        }
        for kind, parent_of in groupings.items():
            if not parent_of:
                continue
            rows = frame[frame["indicator_id"].isin(parent_of)]
            if rows.empty:
                continue
            result = scores.composite(rows, parent_of, weights, min_coverage=COMPOSITE_MIN_COVERAGE)
            result["kind"] = kind
            result["illustrative"] = result["parent_id"].map(
                lambda g, p=parent_of: any(i in synthetic for i, grp in p.items() if grp == g))
            parts.append(result)
            if kind == "component":
                dimension_of = members.dropna(subset=["spi_component"]).set_index(
                    "spi_component")["spi_dimension"].to_dict()
                up = result.rename(columns={"parent_id": "indicator_id"})
                dims = scores.composite(up, dimension_of, min_coverage=COMPOSITE_MIN_COVERAGE)
                dims["kind"] = "dimension"
                dims["illustrative"] = dims["parent_id"].map(
                    lambda d, result=result, dimension_of=dimension_of: any(
                    result.loc[result["parent_id"] == c, "illustrative"].any()
                    for c, dim in dimension_of.items() if dim == d))
                index = scores.composite(dims.rename(columns={"parent_id": "indicator_id"}),
                                         {d: "index" for d in set(dimension_of.values())},
                                         min_coverage=COMPOSITE_MIN_COVERAGE)
                index["kind"] = "index"
                index["illustrative"] = bool(dims["illustrative"].any())
                parts += [dims, index]
    if not parts:
        return pd.DataFrame(columns=columns)
    table = pd.concat(parts, ignore_index=True).rename(columns={"parent_id": "group_id"})
    return table[columns]


# --- verdicts ---------------------------------------------------------------------------------

def verdict_table(observation: pd.DataFrame, indicator: pd.DataFrame, area: pd.DataFrame,
                  target: pd.DataFrame) -> pd.DataFrame:
    """A progress verdict (and weather reading) per target, and per indicator with a direction
    at each kommun and district area (no target: judged on the direction, METHODS §2, with
    Open SDG's natural-limit factor C for percent rates that should rise)."""
    level_of = dict(zip(area["area_id"], area["level_id"], strict=True))
    meta = indicator.set_index("indicator_id")
    limit_of = natural_limits(indicator)
    synthetic = observation.groupby(["indicator_id", "area_id"])["quality"].agg(
        lambda q: (q == "synthetic").any())
    series = observation[(observation["sex"] == "total") & observation["value"].notna()]
    targets = {(t.indicator_id, t.area_id): t for t in target.itertuples()}
    rows = []
    for (indicator_id, area_id), group in series.groupby(["indicator_id", "area_id"]):
        direction = int(meta.loc[indicator_id, "direction"])
        goal = targets.get((indicator_id, area_id))
        if goal is None and (direction == 0 or level_of.get(area_id) not in VERDICT_LEVELS):
            continue
        group = group.sort_values("year")
        years, values = group["year"].to_numpy(int), group["value"].to_numpy(float)
        verdict = progress.progress_verdict(
            years, values, direction=direction,
            target_value=None if goal is None else float(goal.target_value),
            target_year=None if goal is None else int(goal.target_year),
            base_year=None if goal is None else int(goal.base_year),
            limit_factor=float(meta.loc[indicator_id, "limit_factor"]),
            natural_limit=limit_of[indicator_id])
        weather = None
        if goal is not None:
            weather = progress.weather_verdict(
                years, values, direction=direction, target_value=float(goal.target_value),
                target_year=int(goal.target_year))
        rows.append(verdict_row(indicator_id, area_id, goal, verdict, weather,
                                bool(synthetic.get((indicator_id, area_id), False))))
    return pd.DataFrame(rows)


def derive(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """`indicators.methods.derive.derive`, the plain way."""
    result = dict(tables)
    observation = apply_disclosure(tables["observation"], tables["indicator"], tables["area"],
                                   tables.get("area_crosswalk"))
    result["observation"] = observation
    result["score"] = score_table(observation, tables["indicator"])
    result["composite"] = composite_table(result["score"], observation, tables["indicator"],
                                          tables["area"])
    result["verdict"] = verdict_table(observation, tables["indicator"], tables["area"],
                                      tables["target"])
    return result
