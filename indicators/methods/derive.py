"""Tables derived from the published observations, computed at build and ingest time so pages
never repeat the work: disclosure control, 0–100 scores, composites and progress verdicts.

`derive(tables)` takes the base tables (as `store.publish` takes them) and returns them with the
observation table's suppression applied and the derived tables (`score`, `composite`,
`verdict`) recomputed. It works on any dataset the build or an ingest accepts: everything it
needs comes from the `indicator`, `area`, `target` and `observation` tables.

This is the implementation the build, the ingest and the benchmarks use; it is vectorised so
that a national dataset (≈ 15 M observations) derives in tens of seconds.
`indicators.methods.derive_reference` holds the same rules written plainly, one indicator-year and one
series at a time: it is the oracle the tests compare this module with (tests/test_derive.py,
tests/test_bench_national.py: generated datasets and the built Umeå dataset).

- **Disclosure control.** The reference loops over every indicator-year, builds the additive
  families (women + men = total; the children of one level per parent, from `parent_id` and
  weight-1 crosswalk links) cell by cell and lets `disclosure.sweep` pass over them until
  nothing changes. Here every family of every indicator-year is built at once with numpy (same
  families, same measures, same order: per indicator-year the sex relations by first-seen
  area, then the families by first child and total), loaded into the same
  `disclosure.Families` state, and the sweep is replayed event by event: a relation is only
  looked at when it may need another hidden cell (one hidden member, or a published total
  whose hidden parts together are too small), in the order the sweep would reach it (this
  pass if it lies ahead, the next pass if it lies behind). Python work is proportional to the
  number of suppressed cells, not to the number of cells.
- **Verdicts.** The same `progress.progress_verdict` / `weather_verdict` calls per series as
  the reference, but the series are cut from one sorted array instead of a pandas groupby with
  per-group sorting and `.loc` lookups.
- **Scores** by one `scores.score` call per indicator instead of a merge and per-group writes.
- **Composites**: a dimension's illustrative flag from one groupby, not a scan of the
  components per row.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping

import numpy as np
import pandas as pd

from indicators.methods import disclosure, progress, scores

MIN_COUNT = disclosure.MIN_COUNT                # persons: never publish a count below 5
MIN_DENOMINATOR = disclosure.MIN_DENOMINATOR    # rates: never on fewer than 50 persons
PULSE_MIN_ANSWERS = 5                           # citizen pulse: per district from 5 answers
VERDICT_LEVELS = ("kommun", "district")
COMPOSITE_MIN_COVERAGE = 0.5
PERCENT_LIMIT = 100.0                           # natural limit of percent rates (factor C)


# --- disclosure control ---------------------------------------------------------------------

def area_levels(area: pd.DataFrame) -> dict[str, str]:
    """Level of every area: `level_id`, or the part of the id before the first ':'."""
    ids = area["area_id"].astype(str)
    levels = area["level_id"] if "level_id" in area.columns else ids.str.split(":").str[0]
    return dict(zip(ids, levels.astype(str)))


def family_links(area: pd.DataFrame, crosswalk: pd.DataFrame | None = None) -> dict[str, list[str]]:
    """The parents of each area that its numbers may add up to: `parent_id`, then every
    crosswalk target with weight 1 (an area wholly inside another), without repeats."""
    parents: dict[str, list[str]] = {}
    for child, parent in zip(area["area_id"], area["parent_id"]):
        if isinstance(parent, str):
            parents.setdefault(str(child), []).append(parent)
    if crosswalk is not None and len(crosswalk):
        whole = crosswalk[pd.to_numeric(crosswalk["weight"]) == 1.0]
        for child, parent in zip(whole["from_area_id"], whole["to_area_id"]):
            known = parents.setdefault(str(child), [])
            if parent not in known:
                known.append(str(parent))
    return parents


def _isclose(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6), element-wise."""
    return np.abs(a - b) <= np.maximum(1e-9 * np.maximum(np.abs(a), np.abs(b)), 1e-6)


def apply_disclosure(observation: pd.DataFrame, indicator: pd.DataFrame,
                     area: pd.DataFrame, crosswalk: pd.DataFrame | None = None) -> pd.DataFrame:
    """Primary, secondary and group suppression (METHODS §4) on counts of persons and on rates,
    per indicator and year, with the result of `disclosure.suppress` (vectorised: see the
    module docstring; `derive_reference.apply_disclosure` is the
    plain version).

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
    indicator_codes, indicator_names = _codes(frame["indicator_id"])
    is_count = np.isin(indicator_names, list(counts))[indicator_codes]
    is_rate = np.isin(indicator_names, list(rates))[indicator_codes]
    rows = np.flatnonzero(is_count | is_rate)
    hide = frame["suppressed"].to_numpy().copy()
    if len(rows):
        suppressed = _suppress(frame, rows, indicator_codes, is_count, hide.copy(), area,
                               crosswalk)
        hide[rows] |= suppressed
    frame.loc[hide, ["value", "numerator", "denominator"]] = np.nan
    frame["suppressed"] = hide
    return frame


def _codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes and the distinct values (as text) of a column, categorical or not."""
    codes, uniques = pd.factorize(column)
    return codes, np.asarray([str(u) for u in uniques], dtype=object)


def _adds_up(totals: np.ndarray, sums: np.ndarray, unknown: np.ndarray) -> np.ndarray:
    """Per relation: a member unknown, or total = Σ parts within rounding."""
    with np.errstate(invalid="ignore"):
        return unknown | _isclose(totals, sums)


def _suppress(frame: pd.DataFrame, rows: np.ndarray, indicator_codes: np.ndarray,
              is_count: np.ndarray, presuppressed: np.ndarray, area: pd.DataFrame,
              crosswalk: pd.DataFrame | None) -> np.ndarray:
    """Suppressed flags (primary, secondary or group) of `rows`, in their order."""
    counted = is_count[rows]
    known = ~presuppressed[rows]
    main_all = np.where(counted, frame["value"].to_numpy(float)[rows],
                        frame["denominator"].to_numpy(float)[rows])
    main_all = np.where(known, main_all, np.nan)
    numerator_all = np.where(counted | ~known, np.nan, frame["numerator"].to_numpy(float)[rows])
    # One group per indicator-year (the reference's groupby); groups never share a cell, so
    # only the row order within a group matters, not the order of the groups.
    years = frame["year"].to_numpy()[rows].astype(np.int64)
    group_codes = indicator_codes[rows].astype(np.int64) * (years.max() - years.min() + 1) \
        + (years - years.min())
    order = np.argsort(group_codes, kind="stable")
    group = group_codes[order]
    main = main_all[order]
    numerator = numerator_all[order]
    count_cell = counted[order]
    n = len(order)
    # At national scale every array here is 15 M long: intermediates are dropped as soon as
    # they are used, so the peak stays a few arrays above the observation table.
    del main_all, numerator_all, group_codes, years, counted, known
    position = np.arange(n)
    # Citizen pulse: an indicator-year of pulse rows only is shown from PULSE_MIN_ANSWERS
    # answers and has no numerator rule.
    quality_codes, qualities = _codes(frame["quality"])
    quality = (qualities == "citizen_pulse")[quality_codes[rows][order]]
    starts_g = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if n else np.zeros(0, int)
    pulse_group = np.logical_and.reduceat(quality, starts_g) if n else np.zeros(0, bool)
    pulse = np.repeat(pulse_group, np.diff(np.r_[starts_g, n]))
    protect = ~count_cell & ~pulse
    numerator = np.where(protect, numerator, np.nan)
    min_denominator = np.where(pulse, PULSE_MIN_ANSWERS, MIN_DENOMINATOR)

    missing = np.isnan(main)
    primary = ~missing & disclosure.primary_mask(
        np.where(count_cell, "count", "rate"), main, numerator, min_count=MIN_COUNT,
        min_denominator=min_denominator)
    del quality_codes, quality, starts_g, pulse_group

    area_all, area_names = _codes(frame["area_id"])
    area_codes = area_all[rows][order]
    sex_all, sex_values = _codes(frame["sex"])
    sex_index = {"total": 0, "women": 1, "men": 2}
    sex_codes = np.array([sex_index.get(x, 3) for x in sex_values], dtype=np.int64)[
        sex_all[rows][order]]
    n_areas = max(len(area_names), 1)

    def key(groups, areas, sexes):
        return (groups.astype(np.int64) * n_areas + areas) * 4 + sexes

    cell_keys = key(group, area_codes, sex_codes)
    key_order = np.argsort(cell_keys, kind="stable")
    sorted_keys = cell_keys[key_order]

    def lookup(groups, areas, sexes):
        """Cell position of (group, area, sex), -1 when absent."""
        wanted = key(groups, areas, sexes)
        at = np.minimum(np.searchsorted(sorted_keys, wanted), max(n - 1, 0))
        found = (sorted_keys[at] == wanted) if n else np.zeros(len(wanted), bool)
        return np.where(found, key_order[at] if n else -1, -1)

    # Candidate relations as (sort key, members). Sex relations: (area, total) =
    # (area, women) + (area, men) where all three exist, areas in first-seen order.
    first = pd.DataFrame({"g": group, "a": area_codes, "p": position})
    first_seen = first.groupby(["g", "a"], sort=False)["p"].min()
    g_keys = first_seen.index.get_level_values(0).to_numpy()
    a_keys = first_seen.index.get_level_values(1).to_numpy()
    cells = [lookup(g_keys, a_keys, np.full(len(g_keys), s)) for s in (0, 1, 2)]
    complete = (cells[0] >= 0) & (cells[1] >= 0) & (cells[2] >= 0)
    triple = np.stack([c[complete] for c in cells], axis=1)
    sex_first = first_seen.to_numpy()[complete]
    del first, first_seen, g_keys, a_keys, cells, complete

    # Families: (parent, sex) = Σ (child, sex) over the children of one level, for each parent
    # of family_links; ordered by first child, then total; children in cell order.
    links = family_links(area, crosswalk)
    level_of = area_levels(area)
    name_index = pd.Index(area_names)
    pairs = [(child, parent) for child, parents in links.items() for parent in parents]
    link_child = name_index.get_indexer([c for c, _ in pairs]) if pairs else np.zeros(0, int)
    link_parent = name_index.get_indexer([p for _, p in pairs]) if pairs else np.zeros(0, int)
    present = (link_child >= 0) & (link_parent >= 0)
    link_child, link_parent = link_child[present], link_parent[present]
    link_child = np.asarray(link_child, dtype=np.int64)
    link_parent = np.asarray(link_parent, dtype=np.int64)
    by_child = np.argsort(link_child, kind="stable")
    link_child, link_parent = link_child[by_child], link_parent[by_child]
    link_start = np.searchsorted(link_child, np.arange(len(area_names) + 1))
    per_cell = np.diff(link_start)[area_codes]
    child = np.repeat(position, per_cell)
    offsets = np.arange(len(child)) - np.repeat(np.cumsum(per_cell) - per_cell, per_cell)
    parent = link_parent[link_start[area_codes[child]] + offsets] if len(child) else \
        np.zeros(0, dtype=np.int64)
    total = lookup(group[child], parent, sex_codes[child]) if len(child) else \
        np.zeros(0, dtype=np.int64)
    child, total = child[total >= 0], total[total >= 0]
    levels, level_names = pd.factorize(pd.Series(
        [level_of.get(str(a)) for a in area_names], dtype=object), use_na_sentinel=False)
    level = np.asarray(levels, dtype=np.int64)[area_codes[child]]
    by_family = np.lexsort((child, level, total))
    child, total, level = child[by_family], total[by_family], level[by_family]
    new_family = np.r_[True, (total[1:] != total[:-1]) | (level[1:] != level[:-1])] \
        if len(child) else np.zeros(0, dtype=bool)
    family_starts = np.flatnonzero(new_family)
    family_total = total[family_starts]
    family_first = child[family_starts]
    family_lengths = np.diff(np.r_[family_starts, len(child)]) + 1
    family_members = np.insert(child, family_starts, family_total)
    del per_cell, child, offsets, parent, total, level, by_family, new_family, family_starts
    del cell_keys, key_order, sorted_keys, area_codes, sex_codes, position

    # All candidates in the reference's visiting order: indicator-year, the sex relations by
    # first-seen area, then the families by first child and total.
    lengths = np.r_[np.full(len(triple), 3), family_lengths].astype(np.int64)
    pool = np.r_[triple.reshape(-1), family_members].astype(np.int64)
    offsets = np.r_[0, np.cumsum(lengths)[:-1]]
    rank = np.lexsort((np.r_[np.zeros(len(triple)), family_total],
                       np.r_[sex_first, family_first],
                       np.r_[np.zeros(len(triple)), np.ones(len(family_total))],
                       np.r_[group[triple[:, 0]] if len(triple) else np.zeros(0),
                             group[family_total]]))
    lengths, offsets = lengths[rank], offsets[rank]
    starts = np.r_[0, np.cumsum(lengths)]
    gather = (np.repeat(offsets - starts[:-1], lengths)
              + np.arange(int(starts[-1]), dtype=np.int64))
    flat = pool[gather]
    del pool, gather, rank, offsets, group, triple, family_members

    # Which measures add up (as in `derive_reference._relations`): the main measure; the
    # numerator where every member with a known main measure has one.
    owner = np.repeat(np.arange(len(lengths)), lengths)
    is_total = np.zeros(len(flat), dtype=bool)
    is_total[starts[:-1]] = True

    def adds_up(measure: np.ndarray) -> np.ndarray:
        values = measure[flat]
        unknown = np.bincount(owner, weights=np.isnan(values), minlength=len(lengths)) > 0
        part_sums = np.bincount(owner[~is_total], weights=np.nan_to_num(values[~is_total]),
                                minlength=len(lengths))
        return _adds_up(values[is_total], part_sums, unknown)

    check_main = adds_up(main)
    lacking = ~np.isnan(main[flat]) & np.isnan(numerator[flat])
    has_numerator = (np.bincount(owner, weights=lacking, minlength=len(lengths)) == 0) \
        & protect[flat[is_total]]
    check_numerator = has_numerator & adds_up(numerator)
    keep = check_main | check_numerator
    kept_lengths = lengths[keep]
    del owner, is_total, lacking, has_numerator
    flat = flat[np.repeat(keep, lengths)]
    kept_starts = np.r_[0, np.cumsum(kept_lengths)].astype(np.int64)
    threshold = np.where(count_cell, MIN_COUNT, min_denominator).astype(float)
    families = disclosure.Families(
        flat, kept_starts, main=main, numerators=np.where(missing, np.nan, numerator),
        hidden=primary | missing, main_threshold=threshold[flat[kept_starts[:-1]]],
        check_main=check_main[keep], check_numerator=check_numerator[keep],
        min_count=MIN_COUNT)
    _replay(families)
    suppressed = families.cell_hidden & ~missing
    result = np.zeros(n, dtype=bool)
    result[order] = suppressed
    return result


def _replay(families: disclosure.Families) -> None:
    """`disclosure.sweep`, replayed event by event: a relation is only looked at when it may
    need another hidden cell, in the order the sweep would reach it (this pass if it lies
    ahead, the next pass if it lies behind)."""
    pending = np.flatnonzero(families.actionable_all()).tolist()
    while pending:
        heap = list(pending)
        queued = set(heap)
        later: set[int] = set()
        while heap:
            r = heapq.heappop(heap)
            queued.discard(r)
            while families.actionable(r):
                for other in families.hide(families.choose(r)).tolist():
                    if other == r or not families.actionable(other):
                        continue
                    if other > r:
                        if other not in queued:
                            heapq.heappush(heap, other)
                            queued.add(other)
                    else:
                        later.add(other)
        pending = sorted(r for r in later if families.actionable(r))

# --- scores and composites ------------------------------------------------------------------

def score_table(observation: pd.DataFrame, indicator: pd.DataFrame) -> pd.DataFrame:
    """score = 100 × (x − worst)/(best − worst), clipped, for every published value of a scored
    indicator (fixed anchors from the metadata; direction is carried by the anchors).

    One `scores.score` call per indicator on the rows picked by integer codes, without the
    merge and per-group `.loc` writes of `derive_reference.score_table` (at 15 M observations
    those held several copies of the table at once)."""
    columns = ["indicator_id", "area_id", "year", "sex", "score"]
    scored = indicator[indicator["best"].notna() & indicator["worst"].notna()]
    anchors = {str(row.indicator_id): (float(row.best), float(row.worst))
               for row in scored.itertuples()}
    codes, names = _codes(observation["indicator_id"])
    is_scored = np.array([name in anchors for name in names], dtype=bool)
    published = (~observation["suppressed"].fillna(False).to_numpy(bool)
                 & observation["value"].notna().to_numpy())
    rows = np.flatnonzero(published & is_scored[codes]) if len(names) else np.zeros(0, int)
    if not len(rows):
        return pd.DataFrame(columns=columns)
    values = observation["value"].to_numpy(float)[rows]
    row_codes = codes[rows]
    result = np.full(len(rows), np.nan)
    for code in np.unique(row_codes):
        best, worst = anchors[names[code]]
        at = row_codes == code
        result[at] = scores.score(values[at], best, worst)
    frame = observation[columns[:-1]].iloc[rows].reset_index(drop=True)
    frame["score"] = result
    return frame


def composite_table(score: pd.DataFrame, observation: pd.DataFrame, indicator: pd.DataFrame,
                    area: pd.DataFrame) -> pd.DataFrame:
    """SPI components → dimensions → index, and one score per theme, per area.

    Each indicator enters with its latest year at that area (total sex). Members expected at an
    area are the scored indicators whose levels include the area's level; a composite needs at
    least half of them (COMPOSITE_MIN_COVERAGE), never imputed. `illustrative` is true when any
    member is synthetic. (`derive_reference.composite_table` is the same with the
    illustrative flags looked up row by row.)
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
                # a dimension is illustrative when any of its components is, anywhere
                component_illustrative = result.groupby("parent_id")["illustrative"].any()
                illustrative_dims = {dim for c, dim in dimension_of.items()
                                     if bool(component_illustrative.get(c, False))}
                dims["illustrative"] = dims["parent_id"].isin(illustrative_dims)
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
    """One row of the published `verdict` table (shared with indicators.methods.derive_reference)."""
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


def natural_limits(indicator: pd.DataFrame) -> dict[str, float | None]:
    """The natural limit of each indicator for Open SDG's factor C (METHODS §2): 100 for
    percent rates that should rise (turnout, employment, coverage) and have no limit_factor of
    their own (1.0); None otherwise."""
    limits = {}
    for row in indicator.itertuples():
        near_limit = (row.kind == "rate" and row.unit == "percent" and int(row.direction) == 1
                      and float(row.limit_factor) == 1.0)
        limits[row.indicator_id] = PERCENT_LIMIT if near_limit else None
    return limits


def verdict_table(observation: pd.DataFrame, indicator: pd.DataFrame, area: pd.DataFrame,
                  target: pd.DataFrame) -> pd.DataFrame:
    """A progress verdict (and weather reading) per target, and per indicator with a direction
    at each kommun and district area (no target: judged on the direction, METHODS §2, with
    Open SDG's natural-limit factor C for percent rates that should rise). The series are cut
    from one sorted array (`derive_reference.verdict_table` is the plain groupby)."""
    level_of = dict(zip(area["area_id"], area["level_id"]))
    meta = indicator.set_index("indicator_id")
    direction_of = meta["direction"].astype(int).to_dict()
    limit_of = meta["limit_factor"].astype(float).to_dict()
    natural_limit_of = natural_limits(indicator)
    quality_codes, qualities = _codes(observation["quality"])
    indicator_codes, indicator_names = _codes(observation["indicator_id"])
    area_codes, area_names = _codes(observation["area_id"])
    is_synthetic = (qualities == "synthetic")[quality_codes]
    pair = indicator_codes.astype(np.int64) * max(len(area_names), 1) + area_codes
    synthetic_pairs = np.unique(pair[is_synthetic])
    synthetic = {(indicator_names[p // max(len(area_names), 1)],
                  area_names[p % max(len(area_names), 1)]) for p in synthetic_pairs}
    sex_codes, sexes = _codes(observation["sex"])
    keep = (sexes == "total")[sex_codes] & observation["value"].notna().to_numpy()
    ids = indicator_codes[keep]
    areas = area_codes[keep]
    years = observation["year"].to_numpy()[keep]
    values = observation["value"].to_numpy(float)[keep]
    # Sorted by indicator id, area id (as text) and year, through the ranks of the codes'
    # names: the order of sorting the texts themselves, without 15 M string comparisons.
    indicator_rank = np.argsort(np.argsort(indicator_names, kind="stable"), kind="stable")
    area_rank = np.argsort(np.argsort(area_names, kind="stable"), kind="stable")
    order = np.lexsort((years, area_rank[areas], indicator_rank[ids]))
    ids, areas, years, values = ids[order], areas[order], years[order], values[order]
    if len(ids) == 0:
        return pd.DataFrame()
    change = np.r_[True, (ids[1:] != ids[:-1]) | (areas[1:] != areas[:-1])]
    starts = np.flatnonzero(change)
    ends = np.r_[starts[1:], len(ids)]
    targets = {(t.indicator_id, t.area_id): t for t in target.itertuples()}
    verdict_levels = set(VERDICT_LEVELS)
    rows = []
    for start, end in zip(starts, ends):
        indicator_id, area_id = indicator_names[ids[start]], area_names[areas[start]]
        direction = direction_of[indicator_id]
        goal = targets.get((indicator_id, area_id))
        if goal is None and (direction == 0 or level_of.get(area_id) not in verdict_levels):
            continue
        ys, vs = years[start:end], values[start:end]
        verdict = progress.progress_verdict(
            ys, vs, direction=direction,
            target_value=None if goal is None else float(goal.target_value),
            target_year=None if goal is None else int(goal.target_year),
            base_year=None if goal is None else int(goal.base_year),
            limit_factor=limit_of[indicator_id], natural_limit=natural_limit_of[indicator_id])
        weather = None
        if goal is not None:
            weather = progress.weather_verdict(
                ys, vs, direction=direction, target_value=float(goal.target_value),
                target_year=int(goal.target_year))
        rows.append(verdict_row(indicator_id, area_id, goal, verdict, weather,
                                (indicator_id, area_id) in synthetic))
    return pd.DataFrame(rows)


def derive(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables with disclosure control applied and every derived table recomputed."""
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
