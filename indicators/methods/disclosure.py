"""Small areas: disclosure control (METHODS.md §4).

``suppress`` hides small counts and rates on small denominators (primary suppression) and then
enough other cells that no hidden cell can be recomputed from a total and its other parts
(secondary suppression). The uncertainty of small-area rates (``wilson_interval``,
``change_reading``) is in `indicators.methods.uncertainty`, re-exported here.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from indicators.methods.uncertainty import CHANGE_READINGS, Z_95, change_reading, wilson_interval

__all__ = ["CHANGE_READINGS", "KINDS", "MEASURES", "MIN_COUNT", "MIN_DENOMINATOR", "Z_95",
           "Families", "Relation", "change_reading", "primary_mask", "sex_relations",
           "suppress", "sweep", "wilson_interval"]

MIN_COUNT = 5
MIN_DENOMINATOR = 50
KINDS = ("count", "rate")


class Relation(NamedTuple):
    """An additive family: ``total`` = Σ ``parts`` for the ``measures`` that add up.

    ``measures`` names what adds up: ``("value",)`` for counts; ``"denominator"`` and/or
    ``"numerator"`` for rates. None means every measure of the cells' kind. A plain
    ``(total, parts)`` tuple is read as ``Relation(total, parts)``.
    """

    total: Hashable
    parts: Sequence[Hashable]
    measures: tuple[str, ...] | None = None


MEASURES = {"count": ("value",), "rate": ("denominator", "numerator")}


def primary_mask(
    kinds: np.ndarray,
    main: np.ndarray,
    numerators: np.ndarray,
    *,
    min_count: int = MIN_COUNT,
    min_denominator: int | np.ndarray = MIN_DENOMINATOR,
    protect_numerator: bool = True,
) -> np.ndarray:
    """Primary suppression of cells, vectorised (step 1 of ``suppress``). Hidden are:

    - a count with value < ``min_count`` (default k = 5), **zero included**: METHODS says never
      publish a count of persons below 5, and a published 0 discloses something about everyone in
      the group ("none of the women in X …"). Drop structural zeros (e.g. an empty area) before
      calling if they need to be shown.
    - a rate whose denominator < ``min_denominator`` (default 50), or whose denominator is
      missing (it cannot be shown to be safe).
    - a rate with both a numerator and a denominator (taken to be counts of persons, as for
      turnout = voters / eligible) whose numerator or complement (denominator − numerator) is
      below ``min_count``: turnout 98 of 100 tells that only 2 did not vote, 3 of 100 that only 3
      did (unless ``protect_numerator`` is False).

    ``main`` is a count's value or a rate's denominator; ``numerators`` a rate's numerator (NaN
    where there is none or its rule does not apply); ``min_denominator`` may differ per cell.
    Cells whose ``main`` is missing are the caller's business (``suppress`` leaves counts with a
    missing value alone and hides rates with a missing denominator).
    """
    kinds = np.asarray(kinds)
    main = np.asarray(main, dtype=float)
    numerators = np.asarray(numerators, dtype=float)
    count, rate = kinds == "count", kinds == "rate"
    with np.errstate(invalid="ignore"):
        hide = (count & (main < min_count)) | (rate & ~(main >= min_denominator))
        if protect_numerator:
            both = rate & np.isfinite(main) & np.isfinite(numerators)
            hide |= both & ((numerators < min_count) | (main - numerators < min_count))
    return hide


class Families:
    """Relations as member positions (CSR) plus the running state of their hidden members.

    Relation r has the cells ``flat[start[r]:start[r + 1]]``, its total first. Per relation the
    state is: hidden members, whether the total is hidden, published parts, and the sums over
    hidden parts of the main measure (a count's value or a rate's denominator), the numerator
    and the complement; unknown terms count as 0, so an unknown hidden cell never makes a group
    look larger than it is. Built with numpy so it also serves national-scale data
    (`indicators.methods.derive_disclosure.apply_disclosure`).
    """

    def __init__(self, flat: np.ndarray, start: np.ndarray, *, main: np.ndarray,
                 numerators: np.ndarray, hidden: np.ndarray, main_threshold: np.ndarray,
                 check_main: np.ndarray, check_numerator: np.ndarray, min_count: float):
        self.flat = np.asarray(flat, dtype=np.int64)
        self.start = np.asarray(start, dtype=np.int64)
        n, cells = len(self.start) - 1, len(main)
        self.size = n
        self.main_threshold = np.asarray(main_threshold, dtype=float)
        self.check_main = np.asarray(check_main, dtype=bool)
        self.check_numerator = np.asarray(check_numerator, dtype=bool)
        self.min_count = float(min_count)
        main = np.asarray(main, dtype=float)
        numerators = np.asarray(numerators, dtype=float)
        self.order_value = main
        both = np.isfinite(main) & np.isfinite(numerators)
        self.measures = np.stack([np.nan_to_num(main), np.nan_to_num(numerators),
                                  np.where(both, np.nan_to_num(main - numerators), 0.0)], 1)
        self.cell_hidden = np.asarray(hidden, dtype=bool).copy()
        lengths = np.diff(self.start)
        owner = np.repeat(np.arange(n), lengths)
        is_total = np.zeros(len(self.flat), dtype=bool)
        is_total[self.start[:-1][lengths > 0]] = True
        member_hidden = self.cell_hidden[self.flat]
        self.hidden = np.bincount(owner, weights=member_hidden, minlength=n).astype(np.int64)
        self.total_hidden = member_hidden[self.start[:-1]] if n else np.zeros(0, dtype=bool)
        part = ~is_total
        self.visible_parts = np.bincount(owner[part], weights=~member_hidden[part],
                                         minlength=n).astype(np.int64)
        hidden_part = part & member_hidden
        self.sums = np.stack([np.bincount(owner[hidden_part],
                                          weights=self.measures[self.flat[hidden_part], k],
                                          minlength=n) for k in range(3)], 1) \
            if n else np.zeros((0, 3))
        # cell -> (relation, is total), CSR
        by_cell = np.argsort(self.flat, kind="stable")
        self.cell_start = np.searchsorted(self.flat[by_cell], np.arange(cells + 1))
        self.cell_relation = owner[by_cell]
        self.cell_is_total = is_total[by_cell]

    def group_fails(self, r: int) -> bool:
        """The published total less the published parts is the hidden parts' sum: too small?"""
        if self.total_hidden[r] or self.visible_parts[r] == 0 or self.hidden[r] == 0:
            return False
        main, numerator, complement = self.sums[r]
        if self.check_main[r] and main < self.main_threshold[r]:
            return True
        return bool(self.check_numerator[r]) and (
            numerator < self.min_count or (bool(self.check_main[r])
                                           and complement < self.min_count))

    def actionable(self, r: int) -> bool:
        """Relation r needs another hidden cell (rule 1 or 2 of ``sweep``)."""
        return self.hidden[r] == 1 or self.group_fails(r)

    def actionable_all(self) -> np.ndarray:
        """``actionable`` of every relation at once."""
        main, numerator, complement = self.sums.T
        group = (~self.total_hidden) & (self.visible_parts > 0) & (self.hidden > 0) & (
            (self.check_main & (main < self.main_threshold))
            | (self.check_numerator & ((numerator < self.min_count)
                                       | (self.check_main & (complement < self.min_count)))))
        return (self.hidden == 1) | group

    def choose(self, r: int) -> int:
        """Next cell to hide for relation r: with one hidden member, the smallest other published
        member (a lone hidden cell could be recomputed); otherwise the smallest published part
        (its group is too small). Smallest by value (counts) or denominator (rates); ties go to
        the earlier member (total first, then the parts in order)."""
        first = self.start[r] if self.hidden[r] == 1 else self.start[r] + 1
        cells = self.flat[first:self.start[r + 1]]
        order = np.where(self.cell_hidden[cells], np.inf, self.order_value[cells])
        return int(cells[int(np.argmin(order))])

    def hide(self, cell: int) -> np.ndarray:
        """Mark `cell` hidden and update every relation it belongs to; return those relations."""
        self.cell_hidden[cell] = True
        at = slice(self.cell_start[cell], self.cell_start[cell + 1])
        relations, is_total = self.cell_relation[at], self.cell_is_total[at]
        self.hidden[relations] += 1
        self.total_hidden[relations[is_total]] = True
        parts = relations[~is_total]
        self.visible_parts[parts] -= 1
        self.sums[parts] += self.measures[cell]
        return relations


def suppress(
    cells: pd.DataFrame,
    *,
    relations: Sequence[Relation | tuple] = (),
    min_count: int = MIN_COUNT,
    min_denominator: int = MIN_DENOMINATOR,
    protect_numerator: bool = True,
) -> pd.DataFrame:
    """Primary, secondary and group suppression of a table of cells (METHODS.md §4).

    ``cells`` is indexed by a unique key (any hashable, e.g. (area, sex) tuples) with columns
    ``value``, ``kind`` ('count' or 'rate') and optionally ``numerator``, ``denominator``.
    Each relation ``(total_key, part_keys[, measures])`` states total = Σ parts for its measures
    (the caller declares only relations that hold).

    1. Primary (reason 'primary'): ``primary_mask`` states the rule (k = ``min_count``,
       ``min_denominator``; ``protect_numerator=False`` turns the numerator and complement
       checks off, for rates whose numerator is not a count of persons). Cells whose value is
       missing are not suppressed (nothing to hide) but count as hidden, with unknown numbers.
    2. Secondary and group (reason 'secondary'): ``sweep`` states the rule, over the relations
       in order until nothing changes.

    Returns a copy with ``suppressed`` (bool) and ``reason`` ('primary', 'secondary' or None);
    value, numerator and denominator of suppressed cells are set to NaN.
    Raises ``ValueError`` on a duplicated index, unknown kinds, missing columns, relations that
    name unknown keys, mix kinds or name unknown measures, or thresholds below 1.
    """
    _check_cells(cells, min_count, min_denominator)
    kinds = cells["kind"].to_numpy()
    values = pd.to_numeric(cells["value"], errors="raise").astype(float).to_numpy()
    denominators, numerators = _column(cells, "denominator"), _column(cells, "numerator")
    is_rate = kinds == "rate"
    missing = np.isnan(values)
    main = np.where(is_rate, np.where(missing, np.nan, denominators), values)
    nums = np.where(is_rate & ~missing, numerators, np.nan)
    primary = ~missing & primary_mask(kinds, main, nums, min_count=min_count,
                                      min_denominator=min_denominator,
                                      protect_numerator=protect_numerator)
    families = _relation_families(
        relations, {key: i for i, key in enumerate(cells.index)}, kinds, main=main, nums=nums,
        hidden=primary | missing, min_count=min_count, min_denominator=min_denominator,
        protect_numerator=protect_numerator)
    sweep(families)
    return _suppressed(cells, primary, families.cell_hidden & ~missing)


def _check_cells(cells: pd.DataFrame, min_count: int, min_denominator: int) -> None:
    if "value" not in cells.columns or "kind" not in cells.columns:
        raise ValueError("cells needs columns 'value' and 'kind'")
    if cells.index.has_duplicates:
        raise ValueError("cells index (the keys) must be unique")
    if min_count < 1 or min_denominator < 1:
        raise ValueError("min_count and min_denominator must be at least 1")
    bad_kinds = sorted(set(cells["kind"]) - set(KINDS), key=str)
    if bad_kinds:
        raise ValueError(f"unknown kinds {bad_kinds}; use 'count' or 'rate'")


def _column(cells: pd.DataFrame, name: str) -> np.ndarray:
    if name in cells.columns:
        return pd.to_numeric(cells[name]).astype(float).to_numpy()
    return np.full(len(cells), np.nan)


def _relation_families(relations: Sequence[Relation | tuple], position: dict[Hashable, int],
                       kinds: np.ndarray, *, main: np.ndarray, nums: np.ndarray,
                       hidden: np.ndarray, min_count: int, min_denominator: int,
                       protect_numerator: bool) -> Families:
    """The declared relations, checked, as `Families` (with the primary cells hidden)."""
    members: list[list[int]] = []
    check_main, check_numerator, thresholds = [], [], []
    for relation in relations:
        total_key, part_keys, *rest = relation
        measures = rest[0] if rest else None
        cells_keys = [total_key, *part_keys]
        unknown = [key for key in cells_keys if key not in position]
        if unknown:
            raise ValueError(f"relation names keys not in cells: {unknown}")
        if len(part_keys) < 1:
            raise ValueError(f"relation for {total_key!r} has no parts")
        indices = [position[key] for key in cells_keys]
        kind = kinds[indices[0]]
        if any(kinds[i] != kind for i in indices):
            raise ValueError(f"relation for {total_key!r} must relate count cells only or "
                             "rate cells only")
        measures = MEASURES[kind] if measures is None else tuple(measures)
        if not measures or set(measures) - set(MEASURES[kind]):
            raise ValueError(f"relation for {total_key!r}: measures {measures!r} must be "
                             f"some of {MEASURES[kind]}")
        members.append(indices)
        check_main.append(MEASURES[kind][0] in measures)
        check_numerator.append(protect_numerator and "numerator" in measures)
        thresholds.append(min_count if kind == "count" else min_denominator)
    lengths = [len(m) for m in members]
    return Families(
        np.asarray([i for m in members for i in m], dtype=np.int64),
        np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)]),
        main=main, numerators=nums, hidden=hidden, main_threshold=np.asarray(thresholds),
        check_main=np.asarray(check_main, dtype=bool),
        check_numerator=np.asarray(check_numerator, dtype=bool), min_count=min_count)


def _suppressed(cells: pd.DataFrame, primary: np.ndarray, is_suppressed: np.ndarray
                ) -> pd.DataFrame:
    """`cells` with ``suppressed`` and ``reason``, the suppressed cells' numbers emptied."""
    reason = np.where(primary, "primary", np.where(is_suppressed, "secondary", ""))
    result = cells.copy()
    result["suppressed"] = is_suppressed
    result["reason"] = pd.Series([str(r) if r else None for r in reason], index=cells.index,
                                 dtype=object)
    for name in ("value", "numerator", "denominator"):
        if name in result.columns:
            result[name] = pd.to_numeric(result[name]).astype(float)
            result.loc[is_suppressed, name] = np.nan
    return result


def sweep(families: Families) -> None:
    """Secondary suppression (step 2 of ``suppress``), in the reference order: pass over the
    relations in order, settle each relation that needs it before moving on, and pass again
    until a whole pass changes nothing (`indicators.methods.derive_disclosure` replays exactly
    this order). A relation needs another hidden cell when:

    1. it has exactly one hidden member, which could be recomputed: the smallest published
       other member is suppressed too (ties: the first in the order total, parts…);
    2. its total is published and it has hidden and published parts, so it reveals the hidden
       parts' **sum** (total − published parts). That group must pass the thresholds too:
       combined value ≥ ``min_count`` (counts); combined denominator ≥ ``min_denominator``,
       combined numerator ≥ ``min_count`` and combined complement ≥ ``min_count`` (rates, for
       the measures that add up; unknown cells count as 0). Otherwise the smallest published
       part is suppressed (ties: the first part), until it passes; with every part hidden the
       sum is the published total itself.

    Smallest means by value (counts) or denominator (rates). Relations are treated as exact even
    under Statistics Sweden's cell-key noise (conservative). A relation whose total is hidden
    reveals only a difference (total − hidden parts), which rule 1 already keeps from being a
    single cell.
    """
    changed = True
    while changed:
        changed = False
        for r in range(families.size):
            while families.actionable(r):
                families.hide(families.choose(r))
                changed = True


def sex_relations(
    keys: Iterable[tuple[Hashable, Hashable]],
    *,
    total: Hashable = "total",
    parts: Sequence[Hashable] = ("women", "men"),
) -> list[tuple[tuple[Hashable, Hashable], list[tuple[Hashable, Hashable]]]]:
    """Relations (area, 'total') = (area, 'women') + (area, 'men') for every area with all three.

    ``keys`` are (area, sex) tuples; areas lacking any of the three cells get no relation.
    Areas appear in first-seen order.
    """
    present: dict[Hashable, set[Hashable]] = {}
    for key in keys:
        if not (isinstance(key, tuple) and len(key) == 2):
            raise ValueError(f"keys must be (area, sex) tuples, got {key!r}")
        present.setdefault(key[0], set()).add(key[1])
    needed = {total, *parts}
    return [
        ((area, total), [(area, part) for part in parts])
        for area, sexes in present.items()
        if needed <= sexes
    ]


