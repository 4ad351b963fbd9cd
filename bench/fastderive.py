"""A vectorised `indicators.derive.derive` for national-scale data (≈15 M observations).

Same inputs, same outputs (tests/test_bench_national.py compares the two on generated and real
data), different bookkeeping:

- **Disclosure control.** `derive.apply_disclosure` loops in Python over every indicator-year,
  builds the additive relations with one pandas lookup per cell and rescans every relation
  until nothing changes. Here every relation of every indicator-year is built at once with
  numpy (same relations, same order: per indicator-year the sex relations total = women + men
  by first-seen area, then parent = Σ children by first child), and the secondary suppression
  replays the reference's sequential scan event by event: a relation is only looked at when
  its count of hidden members becomes exactly one, in the order the reference's scan would
  reach it (this pass if it lies ahead, the next pass if it lies behind). Python work is
  proportional to the number of suppressed cells, not to the number of cells.
- **Verdicts.** The same `progress.progress_verdict` / `weather_verdict` calls per series, but
  the series are cut from one sorted array instead of a pandas groupby with per-group sorting
  and `.loc` lookups.
- Scores and composites reuse `indicators.derive` unchanged (already vectorised enough).
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping

import numpy as np
import pandas as pd

from indicators import derive as reference
from indicators import progress

MIN_COUNT = reference.MIN_COUNT
MIN_DENOMINATOR = reference.MIN_DENOMINATOR


def _isclose(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6), element-wise."""
    return np.abs(a - b) <= np.maximum(1e-9 * np.maximum(np.abs(a), np.abs(b)), 1e-6)


def apply_disclosure(observation: pd.DataFrame, indicator: pd.DataFrame,
                     area: pd.DataFrame) -> pd.DataFrame:
    """`indicators.derive.apply_disclosure`, vectorised (see the module docstring)."""
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
        secondary = _suppress(frame, rows, indicator_codes, is_count, hide.copy(), area)
        hide[rows] |= secondary
    frame.loc[hide, ["value", "numerator", "denominator"]] = np.nan
    frame["suppressed"] = hide
    return frame


def _codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes and the distinct values (as text) of a column, categorical or not."""
    codes, uniques = pd.factorize(column)
    return codes, np.asarray([str(u) for u in uniques], dtype=object)


def _suppress(frame: pd.DataFrame, rows: np.ndarray, indicator_codes: np.ndarray,
              is_count: np.ndarray, presuppressed: np.ndarray,
              area: pd.DataFrame) -> np.ndarray:
    """Suppressed flags (primary or secondary) of `rows`, in their order."""
    counted = is_count[rows]
    measure = np.where(counted, frame["value"].to_numpy(float)[rows],
                       frame["denominator"].to_numpy(float)[rows])
    measure = np.where(presuppressed[rows], np.nan, measure)
    threshold = np.where(counted, MIN_COUNT, MIN_DENOMINATOR)
    # One group per indicator-year (the reference's groupby); groups never share a cell, so
    # only the row order within a group matters, not the order of the groups.
    years = frame["year"].to_numpy()[rows].astype(np.int64)
    group_codes = indicator_codes[rows].astype(np.int64) * (years.max() - years.min() + 1) \
        + (years - years.min())
    order = np.argsort(group_codes, kind="stable")
    group = group_codes[order]
    values = measure[order]
    limit = threshold[order]
    area_all, area_names = _codes(frame["area_id"])
    area_codes = area_all[rows][order]
    sex_all, sex_values = _codes(frame["sex"])
    n = len(order)
    position = np.arange(n)

    primary = ~np.isnan(values) & (values < limit)
    hidden = primary | np.isnan(values)

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

    # Sex relations: (area, total) = (area, women) + (area, men) where all three exist,
    # areas in first-seen order within their indicator-year.
    first = pd.DataFrame({"g": group, "a": area_codes, "p": position})
    first_seen = first.groupby(["g", "a"], sort=False)["p"].min()
    g_keys = first_seen.index.get_level_values(0).to_numpy()
    a_keys = first_seen.index.get_level_values(1).to_numpy()
    cells = [lookup(g_keys, a_keys, np.full(len(g_keys), s)) for s in (0, 1, 2)]
    complete = (cells[0] >= 0) & (cells[1] >= 0) & (cells[2] >= 0)
    triple = np.stack([c[complete] for c in cells], axis=1)
    known = values[triple]
    keep = np.isnan(known).any(1) | _isclose(known[:, 0], known[:, 1] + known[:, 2])
    triple = triple[keep]
    sex_first = first_seen.to_numpy()[complete][keep]
    sex_groups = g_keys[complete][keep]

    # Parent relations: (parent, sex) = Σ (child, sex) over the children present, in the
    # order of each relation's first child; the children in cell order.
    parent_of = dict(zip(area["area_id"].astype(str), area["parent_id"]))
    parents = [parent_of.get(name) for name in area_names]
    has_parent = np.array([isinstance(p, str) for p in parents], dtype=bool)
    parent_code = np.full(len(area_names), -1)
    if has_parent.any():
        parent_code[has_parent] = pd.Index(area_names).get_indexer(
            [p for p in parents if isinstance(p, str)])
    child_parent = parent_code[area_codes]
    candidate = np.flatnonzero(child_parent >= 0)
    total_cell = np.full(n, -1)
    total_cell[candidate] = lookup(group[candidate], child_parent[candidate],
                                   sex_codes[candidate])
    is_child = np.flatnonzero(total_cell >= 0)
    by_total = np.lexsort((is_child, total_cell[is_child]))
    totals = total_cell[is_child][by_total]
    child_positions = is_child[by_total]
    starts = np.flatnonzero(np.r_[True, totals[1:] != totals[:-1]]) if len(totals) else \
        np.zeros(0, dtype=int)
    parent_totals = totals[starts]
    parent_first = child_positions[starts]
    if len(starts):
        child_sums = np.add.reduceat(np.nan_to_num(values[child_positions]), starts)
        child_nan = np.add.reduceat(np.isnan(values[child_positions]).astype(int), starts) > 0
    else:
        child_sums, child_nan = np.zeros(0), np.zeros(0, bool)
    parent_keep = (np.isnan(values[parent_totals]) | child_nan
                   | _isclose(values[parent_totals], child_sums))
    parent_members = np.insert(child_positions, starts, parent_totals)
    parent_lengths = np.diff(np.r_[starts, len(child_positions)]) + 1
    parent_offsets = np.r_[0, np.cumsum(parent_lengths)[:-1]]
    kept = np.flatnonzero(parent_keep)

    # Every relation as (members, sort key); sorted into the reference's visiting order:
    # indicator-year, then the sex relations, then the parent relations, by first-seen cell.
    lengths = np.r_[np.full(len(triple), 3), parent_lengths[kept]].astype(np.int64)
    offsets = np.r_[np.arange(len(triple)) * 3, 3 * len(triple) + parent_offsets[kept]]
    pool = np.r_[triple.reshape(-1), parent_members].astype(np.int64)
    rank = np.lexsort((np.r_[sex_first, parent_first[kept]],
                       np.r_[np.zeros(len(triple)), np.ones(len(kept))],
                       np.r_[sex_groups, group[parent_totals[kept]]]))
    lengths, offsets = lengths[rank], offsets[rank]
    relation_start = np.r_[0, np.cumsum(lengths)]
    total_members = int(relation_start[-1])
    gather = (np.repeat(offsets - relation_start[:-1], lengths)
              + np.arange(total_members, dtype=np.int64))
    flat = pool[gather]
    relations = len(lengths)

    # Cell -> relations (CSR), hidden counts per relation.
    owner = np.repeat(np.arange(relations), lengths)
    by_cell = np.argsort(flat, kind="stable")
    cell_start = np.searchsorted(flat[by_cell], np.arange(n + 1))
    cell_relations = owner[by_cell]
    count = np.bincount(owner, weights=hidden[flat].astype(float),
                        minlength=relations).astype(int)

    # The reference's sequential passes, replayed event by event.
    pending = sorted(np.flatnonzero(count == 1).tolist())
    while pending:
        heap = list(pending)
        queued = set(heap)
        later: set[int] = set()
        while heap:
            r = heapq.heappop(heap)
            queued.discard(r)
            if count[r] != 1:
                continue
            cells_r = flat[relation_start[r]:relation_start[r + 1]]
            visible = cells_r[~hidden[cells_r]]
            chosen = int(visible[np.argmin(values[visible])])
            hidden[chosen] = True
            for other in cell_relations[cell_start[chosen]:cell_start[chosen + 1]]:
                other = int(other)
                count[other] += 1
                if count[other] == 1:
                    if other > r and other not in queued:
                        heapq.heappush(heap, other)
                        queued.add(other)
                    elif other <= r:
                        later.add(other)
        pending = sorted(r for r in later if count[r] == 1)

    suppressed = hidden & ~np.isnan(values) | primary
    result = np.zeros(n, dtype=bool)
    result[order] = suppressed
    return result


def verdict_table(observation: pd.DataFrame, indicator: pd.DataFrame, area: pd.DataFrame,
                  target: pd.DataFrame) -> pd.DataFrame:
    """`indicators.derive.verdict_table` with the series cut from one sorted array."""
    level_of = dict(zip(area["area_id"], area["level_id"]))
    meta = indicator.set_index("indicator_id")
    direction_of = meta["direction"].astype(int).to_dict()
    limit_of = meta["limit_factor"].astype(float).to_dict()
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
    series = observation[keep]
    ids = indicator_names[indicator_codes[keep]]
    areas = area_names[area_codes[keep]]
    years = series["year"].to_numpy()
    values = series["value"].to_numpy(float)
    order = np.lexsort((years, areas, ids))
    ids, areas, years, values = ids[order], areas[order], years[order], values[order]
    if len(ids) == 0:
        return pd.DataFrame()
    change = np.r_[True, (ids[1:] != ids[:-1]) | (areas[1:] != areas[:-1])]
    starts = np.flatnonzero(change)
    ends = np.r_[starts[1:], len(ids)]
    targets = {(t.indicator_id, t.area_id): t for t in target.itertuples()}
    verdict_levels = set(reference.VERDICT_LEVELS)
    rows = []
    for start, end in zip(starts, ends):
        indicator_id, area_id = ids[start], areas[start]
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
            limit_factor=limit_of[indicator_id])
        weather = None
        if goal is not None:
            weather = progress.weather_verdict(
                ys, vs, direction=direction, target_value=float(goal.target_value),
                target_year=int(goal.target_year))
        rows.append(reference.verdict_row(indicator_id, area_id, goal, verdict, weather,
                                       (indicator_id, area_id) in synthetic))
    return pd.DataFrame(rows)


def derive(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """`indicators.derive.derive` with the vectorised disclosure and verdict steps."""
    result = dict(tables)
    observation = apply_disclosure(tables["observation"], tables["indicator"], tables["area"])
    result["observation"] = observation
    result["score"] = reference.score_table(observation, tables["indicator"])
    result["composite"] = reference.composite_table(result["score"], observation,
                                                    tables["indicator"], tables["area"])
    result["verdict"] = verdict_table(observation, tables["indicator"], tables["area"],
                                      tables["target"])
    return result
