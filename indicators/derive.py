"""Tables derived from the published observations, computed at build and ingest time so pages
never repeat the work: disclosure control, 0–100 scores, composites and progress verdicts.

`derive(tables)` takes the base tables (as `store.publish` takes them) and returns them with the
observation table's suppression applied and the derived tables (`score`, `composite`,
`verdict`) recomputed. It works on any dataset the build or an ingest accepts: everything it
needs comes from the `indicator`, `area`, `target` and `observation` tables.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from indicators import disclosure, progress, scores

MIN_COUNT = disclosure.MIN_COUNT                # persons: never publish a count below 5
MIN_DENOMINATOR = disclosure.MIN_DENOMINATOR    # rates: never on fewer than 50 persons
PULSE_MIN_ANSWERS = 5                           # citizen pulse: per district from 5 answers
VERDICT_LEVELS = ("kommun", "district")
COMPOSITE_MIN_COVERAGE = 0.5


# --- disclosure control ---------------------------------------------------------------------

def _relations(cells: pd.DataFrame, parent_of: Mapping[str, str]) -> list:
    """Additive relations that really hold in `cells` (indexed by (area_id, sex), column value):
    total = women + men, and parent = Σ children for each sex. A relation is only declared when
    the numbers add up, so the rule never invents a constraint the data does not satisfy."""
    values = cells["value"]
    relations = []
    for relation in disclosure.sex_relations(list(cells.index)):
        total, parts = relation
        known = [values[k] for k in [total, *parts]]
        if all(not math.isnan(v) for v in known) and math.isclose(
                known[0], sum(known[1:]), rel_tol=1e-9, abs_tol=1e-6):
            relations.append(relation)
        elif any(math.isnan(v) for v in known):
            relations.append(relation)  # a hidden member: keep protecting it
    children: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for area, sex in cells.index:
        parent = parent_of.get(area)
        if parent is not None and (parent, sex) in values.index:
            children.setdefault((parent, sex), []).append((area, sex))
    for total, parts in children.items():
        known = values[[total, *parts]]
        if known.isna().any():
            relations.append((total, parts))
        elif math.isclose(known.iloc[0], known.iloc[1:].sum(), rel_tol=1e-9, abs_tol=1e-6):
            relations.append((total, parts))
    return relations


def apply_disclosure(observation: pd.DataFrame, indicator: pd.DataFrame,
                     area: pd.DataFrame) -> pd.DataFrame:
    """Primary and secondary suppression (METHODS §4) on counts of persons and on rates.

    Counts (unit persons) below MIN_COUNT and rates whose denominator is below MIN_DENOMINATOR
    are suppressed; then, per indicator and year, further cells are suppressed so that no hidden
    cell follows from a total and its other parts (women + men = total; children sum to their
    parent area). For rates the protected quantity is the denominator (and with it the
    numerator). Suppressed cells keep their row with value, numerator and denominator empty and
    `suppressed = true`, so the interface can say ".." rather than "no data".
    """
    frame = observation.copy()
    frame["suppressed"] = frame["suppressed"].fillna(False).astype(bool)
    meta = indicator.set_index("indicator_id")
    counts = set(meta.index[(meta["kind"] == "count") & (meta["unit"] == "persons")])
    rates = set(meta.index[meta["kind"] == "rate"])
    parent_of = dict(zip(area["area_id"], area["parent_id"]))
    hide = np.zeros(len(frame), dtype=bool)
    for (indicator_id, _year), group in frame.groupby(["indicator_id", "year"], sort=True):
        if indicator_id in counts:
            measure, threshold = group["value"], MIN_COUNT
        elif indicator_id in rates:
            measure, threshold = group["denominator"], MIN_DENOMINATOR
            if (group["quality"] == "citizen_pulse").all():
                threshold = PULSE_MIN_ANSWERS   # kiosk answers: shown from 5 (METHODS §4)
        else:
            continue
        measure = measure.where(~group["suppressed"])
        cells = pd.DataFrame({"value": measure.astype(float).to_numpy(), "kind": "count"},
                             index=pd.MultiIndex.from_arrays([group["area_id"], group["sex"]]))
        result = disclosure.suppress(cells, relations=_relations(cells, parent_of),
                                     min_count=threshold)
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
    for indicator_id, group in frame.groupby("indicator_id"):
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
    level_of = dict(zip(area["area_id"], area["level_id"]))
    latest["level"] = latest["area_id"].map(level_of)
    synthetic = set(observation.loc[observation["quality"] == "synthetic", "indicator_id"])
    meta = indicator[indicator["best"].notna()].set_index("indicator_id")
    weights = meta["weight"].to_dict()
    parts = []
    for level, frame in latest.groupby("level"):
        members = meta[meta["levels"].str.split(",").map(lambda levels: level in levels)]
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
                dims["illustrative"] = dims["parent_id"].map(lambda d: any(
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


# --- verdicts -------------------------------------------------------------------------------

def verdict_row(indicator_id: str, area_id: str, goal, verdict: progress.Verdict,
                weather: progress.Weather | None, illustrative: bool) -> dict:
    """One row of the published `verdict` table (shared with bench/fastderive.py)."""
    return {
        "indicator_id": indicator_id, "area_id": area_id,
        "target_id": None if goal is None else goal.target_id,
        "status": verdict.status, "method": verdict.method,
        "base_year": verdict.base_year, "latest_year": verdict.latest_year,
        "base_value": verdict.base_value, "latest_value": verdict.latest_value,
        "observed_rate": verdict.observed_rate, "required_rate": verdict.required_rate,
        "ratio": verdict.ratio, "target_value": verdict.target_value,
        "target_year": verdict.target_year, "n_observations": verdict.n_observations,
        "note": verdict.note,
        "weather_status": None if weather is None else weather.status,
        "weather_projected": None if weather is None else weather.projected_value,
        "weather_gap_pct": None if weather is None else weather.gap_pct,
        "weather_window_start": None if weather is None else weather.window_start,
        "weather_window_end": None if weather is None else weather.window_end,
        "weather_annual_change": None if weather is None else weather.annual_change,
        "illustrative": illustrative,
    }


def verdict_table(observation: pd.DataFrame, indicator: pd.DataFrame, area: pd.DataFrame,
                  target: pd.DataFrame) -> pd.DataFrame:
    """A progress verdict (and weather reading) per target, and per indicator with a direction
    at each kommun and district area (no target: judged on the direction, METHODS §2)."""
    level_of = dict(zip(area["area_id"], area["level_id"]))
    meta = indicator.set_index("indicator_id")
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
            limit_factor=float(meta.loc[indicator_id, "limit_factor"]))
        weather = None
        if goal is not None:
            weather = progress.weather_verdict(
                years, values, direction=direction, target_value=float(goal.target_value),
                target_year=int(goal.target_year))
        rows.append(verdict_row(indicator_id, area_id, goal, verdict, weather,
                                bool(synthetic.get((indicator_id, area_id), False))))
    return pd.DataFrame(rows)


def derive(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables with disclosure control applied and every derived table recomputed."""
    result = dict(tables)
    observation = apply_disclosure(tables["observation"], tables["indicator"], tables["area"])
    result["observation"] = observation
    result["score"] = score_table(observation, tables["indicator"])
    result["composite"] = composite_table(result["score"], observation, tables["indicator"],
                                          tables["area"])
    result["verdict"] = verdict_table(observation, tables["indicator"], tables["area"],
                                      tables["target"])
    return result
