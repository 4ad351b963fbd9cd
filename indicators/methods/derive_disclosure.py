"""Disclosure control of the whole observation table (METHODS §4), vectorised for `derive`.

The rules are `indicators.methods.disclosure`'s; `derive_reference.apply_disclosure` applies
them plainly, one indicator-year at a time, and is the oracle this module is tested against.
Here every family of every indicator-year is built at once with numpy, in named steps:

1. `_cells`: the cells to check in indicator-year order, their protected measures (a count's
   value, a rate's denominator and, where it is protected, its numerator) and the primary rule;
2. `_CellIndex`: the position of a cell by (indicator-year, area, sex);
3. `_sex_relations`: (area, total) = (area, women) + (area, men), areas in first-seen order;
4. `_families`: (parent, sex) = Σ (child, sex) over the children of one level, by first child
   and total (the parents from `family_links`);
5. `_visiting_order`: all relations in the reference's order (per indicator-year the sex
   relations, then the families);
6. `_measures_that_add_up`: per relation, whether the main measure and the numerator add up;
7. `disclosure.Families` holds the relations kept, and `_replay` runs the sweep event by event.

At national scale (≈ 15 M observations) every array is that long: each step returns only what
the next ones need, so intermediates are freed when the step returns.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.methods import disclosure

MIN_COUNT = disclosure.MIN_COUNT                # persons: never publish a count below 5
MIN_DENOMINATOR = disclosure.MIN_DENOMINATOR    # rates: never on fewer than 50 persons
PULSE_MIN_ANSWERS = 5                           # citizen pulse: per district from 5 answers
SEX_INDEX = {"total": 0, "women": 1, "men": 2}  # any other sex: 3 (in no sex relation)


def area_levels(area: pd.DataFrame) -> dict[str, str]:
    """Level of every area: `level_id`, or the part of the id before the first ':'."""
    ids = area["area_id"].astype(str)
    levels = area["level_id"] if "level_id" in area.columns else ids.str.split(":").str[0]
    return dict(zip(ids, levels.astype(str), strict=True))


def family_links(area: pd.DataFrame, crosswalk: pd.DataFrame | None = None) -> dict[str, list[str]]:
    """The parents of each area that its numbers may add up to: `parent_id`, then every
    crosswalk target with weight 1 (an area wholly inside another), without repeats."""
    parents: dict[str, list[str]] = {}
    for child, parent in zip(area["area_id"], area["parent_id"], strict=True):
        if isinstance(parent, str):
            parents.setdefault(str(child), []).append(parent)
    if crosswalk is not None and len(crosswalk):
        whole = crosswalk[pd.to_numeric(crosswalk["weight"]) == 1.0]
        for child, parent in zip(whole["from_area_id"], whole["to_area_id"], strict=True):
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
    indicator_codes, indicator_names = factor_codes(frame["indicator_id"])
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


def factor_codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
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
    cells = _cells(frame, rows, indicator_codes, is_count, presuppressed)
    index = _CellIndex(frame, rows, cells)
    sex_relations = _sex_relations(cells.group, index)
    families = _families(area, crosswalk, cells.group, index)
    del index
    flat, lengths = _visiting_order(cells.group, sex_relations, families)
    del sex_relations, families
    check_main, check_numerator = _measures_that_add_up(flat, lengths, cells)
    keep = check_main | check_numerator
    flat = flat[np.repeat(keep, lengths)]
    kept_starts = np.r_[0, np.cumsum(lengths[keep])].astype(np.int64)
    threshold = np.where(cells.count_cell, MIN_COUNT, cells.min_denominator).astype(float)
    state = disclosure.Families(
        flat, kept_starts, main=cells.main,
        numerators=np.where(cells.missing, np.nan, cells.numerator),
        hidden=cells.primary | cells.missing, main_threshold=threshold[flat[kept_starts[:-1]]],
        check_main=check_main[keep], check_numerator=check_numerator[keep],
        min_count=MIN_COUNT)
    _replay(state)
    result = np.zeros(len(cells.order), dtype=bool)
    result[cells.order] = state.cell_hidden & ~cells.missing
    return result


@dataclass
class _Cells:
    """The cells to check, sorted by indicator-year (`order`: their positions in `rows`)."""

    order: np.ndarray
    group: np.ndarray            # the indicator-year of each cell
    main: np.ndarray             # a count's value or a rate's denominator; nan if unknown
    numerator: np.ndarray        # a rate's numerator where the numerator rule applies, else nan
    count_cell: np.ndarray
    protect: np.ndarray          # the numerator rule applies (a rate, not citizen pulse)
    min_denominator: np.ndarray  # MIN_DENOMINATOR, or PULSE_MIN_ANSWERS for citizen pulse
    missing: np.ndarray          # no main measure (unknown, or suppressed beforehand)
    primary: np.ndarray          # hidden by the primary rule


def _cells(frame: pd.DataFrame, rows: np.ndarray, indicator_codes: np.ndarray,
           is_count: np.ndarray, presuppressed: np.ndarray) -> _Cells:
    """Step 1: the cells in indicator-year order, their measures and the primary rule."""
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
    count_cell = counted[order]
    n = len(order)
    # Citizen pulse: an indicator-year of pulse rows only is shown from PULSE_MIN_ANSWERS
    # answers and has no numerator rule.
    quality_codes, qualities = factor_codes(frame["quality"])
    quality = (qualities == "citizen_pulse")[quality_codes[rows][order]]
    starts_g = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if n else np.zeros(0, int)
    pulse_group = np.logical_and.reduceat(quality, starts_g) if n else np.zeros(0, bool)
    pulse = np.repeat(pulse_group, np.diff(np.r_[starts_g, n]))
    protect = ~count_cell & ~pulse
    numerator = np.where(protect, numerator_all[order], np.nan)
    min_denominator = np.where(pulse, PULSE_MIN_ANSWERS, MIN_DENOMINATOR)
    missing = np.isnan(main)
    primary = ~missing & disclosure.primary_mask(
        np.where(count_cell, "count", "rate"), main, numerator, min_count=MIN_COUNT,
        min_denominator=min_denominator)
    return _Cells(order=order, group=group, main=main, numerator=numerator,
                  count_cell=count_cell, protect=protect, min_denominator=min_denominator,
                  missing=missing, primary=primary)


class _CellIndex:
    """Step 2: each cell's area and sex as codes, and a cell's position by (indicator-year,
    area, sex)."""

    def __init__(self, frame: pd.DataFrame, rows: np.ndarray, cells: _Cells):
        area_all, self.area_names = factor_codes(frame["area_id"])
        self.area_codes = area_all[rows][cells.order]
        sex_all, sex_values = factor_codes(frame["sex"])
        self.sex_codes = np.array([SEX_INDEX.get(x, 3) for x in sex_values], dtype=np.int64)[
            sex_all[rows][cells.order]]
        self.n_areas = max(len(self.area_names), 1)
        self.size = len(cells.order)
        cell_keys = self._key(cells.group, self.area_codes, self.sex_codes)
        self.key_order = np.argsort(cell_keys, kind="stable")
        self.sorted_keys = cell_keys[self.key_order]

    def _key(self, groups: np.ndarray, areas: np.ndarray, sexes: np.ndarray) -> np.ndarray:
        return (groups.astype(np.int64) * self.n_areas + areas) * 4 + sexes

    def lookup(self, groups: np.ndarray, areas: np.ndarray, sexes: np.ndarray) -> np.ndarray:
        """Cell position of (group, area, sex), -1 when absent."""
        n = self.size
        wanted = self._key(groups, areas, sexes)
        at = np.minimum(np.searchsorted(self.sorted_keys, wanted), max(n - 1, 0))
        found = (self.sorted_keys[at] == wanted) if n else np.zeros(len(wanted), bool)
        return np.where(found, self.key_order[at] if n else -1, -1)


def _sex_relations(group: np.ndarray, index: _CellIndex) -> tuple[np.ndarray, np.ndarray]:
    """Step 3: (area, total) = (area, women) + (area, men) where all three exist, as rows of
    (total, women, men) cells, with the position of the area's first cell (its sort key)."""
    first = pd.DataFrame({"g": group, "a": index.area_codes, "p": np.arange(len(group))})
    first_seen = first.groupby(["g", "a"], sort=False)["p"].min()
    g_keys = first_seen.index.get_level_values(0).to_numpy()
    a_keys = first_seen.index.get_level_values(1).to_numpy()
    cells = [index.lookup(g_keys, a_keys, np.full(len(g_keys), s)) for s in (0, 1, 2)]
    complete = (cells[0] >= 0) & (cells[1] >= 0) & (cells[2] >= 0)
    triple = np.stack([c[complete] for c in cells], axis=1)
    return triple, first_seen.to_numpy()[complete]


@dataclass
class _FamilyRelations:
    """Families in CSR form: each family's cells, its total first, then its children."""

    members: np.ndarray
    lengths: np.ndarray
    total: np.ndarray            # the total's cell of each family
    first: np.ndarray            # its first child's cell (the sort key)


def _links(area: pd.DataFrame, crosswalk: pd.DataFrame | None,
           area_names: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (child, parent) links of `family_links` as area codes, sorted by child, and where
    each child's links start."""
    links = family_links(area, crosswalk)
    name_index = pd.Index(area_names)
    pairs = [(child, parent) for child, parents in links.items() for parent in parents]
    link_child = name_index.get_indexer([c for c, _ in pairs]) if pairs else np.zeros(0, int)
    link_parent = name_index.get_indexer([p for _, p in pairs]) if pairs else np.zeros(0, int)
    present = (link_child >= 0) & (link_parent >= 0)
    link_child = np.asarray(link_child[present], dtype=np.int64)
    link_parent = np.asarray(link_parent[present], dtype=np.int64)
    by_child = np.argsort(link_child, kind="stable")
    link_child, link_parent = link_child[by_child], link_parent[by_child]
    return link_parent, np.searchsorted(link_child, np.arange(len(area_names) + 1))


def _families(area: pd.DataFrame, crosswalk: pd.DataFrame | None, group: np.ndarray,
              index: _CellIndex) -> _FamilyRelations:
    """Step 4: (parent, sex) = Σ (child, sex) over the children of one level, for each parent
    of `family_links`; ordered by first child, then total; children in cell order."""
    area_codes, area_names = index.area_codes, index.area_names
    link_parent, link_start = _links(area, crosswalk, area_names)
    per_cell = np.diff(link_start)[area_codes]
    child = np.repeat(np.arange(len(group)), per_cell)
    offsets = np.arange(len(child)) - np.repeat(np.cumsum(per_cell) - per_cell, per_cell)
    parent = link_parent[link_start[area_codes[child]] + offsets] if len(child) else \
        np.zeros(0, dtype=np.int64)
    total = index.lookup(group[child], parent, index.sex_codes[child]) if len(child) else \
        np.zeros(0, dtype=np.int64)
    child, total = child[total >= 0], total[total >= 0]
    level_of = area_levels(area)
    levels, _ = pd.factorize(pd.Series(
        [level_of.get(str(a)) for a in area_names], dtype=object), use_na_sentinel=False)
    level = np.asarray(levels, dtype=np.int64)[area_codes[child]]
    by_family = np.lexsort((child, level, total))
    child, total, level = child[by_family], total[by_family], level[by_family]
    new_family = np.r_[True, (total[1:] != total[:-1]) | (level[1:] != level[:-1])] \
        if len(child) else np.zeros(0, dtype=bool)
    starts = np.flatnonzero(new_family)
    return _FamilyRelations(members=np.insert(child, starts, total[starts]),
                            lengths=np.diff(np.r_[starts, len(child)]) + 1,
                            total=total[starts], first=child[starts])


def _visiting_order(group: np.ndarray, sex_relations: tuple[np.ndarray, np.ndarray],
                    families: _FamilyRelations) -> tuple[np.ndarray, np.ndarray]:
    """Step 5: all relations in the reference's visiting order (indicator-year, the sex
    relations by first-seen area, then the families by first child and total), as the flat
    member cells and each relation's length."""
    triple, sex_first = sex_relations
    lengths = np.r_[np.full(len(triple), 3), families.lengths].astype(np.int64)
    pool = np.r_[triple.reshape(-1), families.members].astype(np.int64)
    offsets = np.r_[0, np.cumsum(lengths)[:-1]]
    rank = np.lexsort((np.r_[np.zeros(len(triple)), families.total],
                       np.r_[sex_first, families.first],
                       np.r_[np.zeros(len(triple)), np.ones(len(families.total))],
                       np.r_[group[triple[:, 0]] if len(triple) else np.zeros(0),
                             group[families.total]]))
    lengths, offsets = lengths[rank], offsets[rank]
    starts = np.r_[0, np.cumsum(lengths)]
    gather = (np.repeat(offsets - starts[:-1], lengths)
              + np.arange(int(starts[-1]), dtype=np.int64))
    return pool[gather], lengths


def _measures_that_add_up(flat: np.ndarray, lengths: np.ndarray,
                          cells: _Cells) -> tuple[np.ndarray, np.ndarray]:
    """Step 6 (as in `derive_reference._relations`): per relation, whether the main measure
    adds up, and whether the numerator does where every member with a known main measure has
    one."""
    owner = np.repeat(np.arange(len(lengths)), lengths)
    is_total = np.zeros(len(flat), dtype=bool)
    is_total[np.r_[0, np.cumsum(lengths)][:-1]] = True

    def adds_up(measure: np.ndarray) -> np.ndarray:
        values = measure[flat]
        unknown = np.bincount(owner, weights=np.isnan(values), minlength=len(lengths)) > 0
        part_sums = np.bincount(owner[~is_total], weights=np.nan_to_num(values[~is_total]),
                                minlength=len(lengths))
        return _adds_up(values[is_total], part_sums, unknown)

    check_main = adds_up(cells.main)
    lacking = ~np.isnan(cells.main[flat]) & np.isnan(cells.numerator[flat])
    has_numerator = (np.bincount(owner, weights=lacking, minlength=len(lengths)) == 0) \
        & cells.protect[flat[is_total]]
    return check_main, has_numerator & adds_up(cells.numerator)


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
