"""Staging observations: rows of the long format (docs/ingest.md) checked cell by cell against
the database, every problem listed with its line and column.

`stage_observations` reads top to bottom: the header, the file's one decimal mark, then each
row (its width, its keys and labels, its numbers against the indicator's range, its key not
seen before), then the warnings about the whole file (areas without data, rows without a
value, rates without a denominator).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from indicators.ingest.cells import cell_text, detect_decimal, parse_number, parse_year
from indicators.ingest.formats import (
    COLUMNS,
    NO_VALUE,
    NUMBER_COLUMNS,
    OBSERVATION_TABLE_COLUMNS,
    QUALITIES,
    REQUIRED_COLUMNS,
    SEX_ALIASES,
    SEXES,
    normalise_heading,
)
from indicators.ingest.lookup import Lookup
from indicators.ingest.readers import Rows
from indicators.ingest.report import Problems, Report
from indicators.sources.rawdata import Problem


def stage_observations(
    name: str, rows: Rows, lookup: Lookup, seen: dict[tuple, str], report: Report, *,
    pad: bool = False,
) -> pd.DataFrame:
    """Validate rows of the long format; add problems to `report`; return the observation rows
    (empty when the file has any error). `seen` maps keys staged by earlier files to where.
    `pad`: short rows are filled with empty cells (a spreadsheet does not store trailing
    empty cells); otherwise a short row is ragged.

    Steps: the header (`_columns`), the file's decimal mark (`_decimal_mark`), then per row its
    width (`_fit`), its cells (`_check_row`) and its key (`_Accepted.add`); last the file-wide
    warnings and the frame (`_finish`)."""
    problems = Problems(name)
    columns = _columns(rows, problems)
    if columns is None:
        report.errors += problems.done()
        return pd.DataFrame(columns=OBSERVATION_TABLE_COLUMNS)
    body = rows[1:]
    if not body:
        problems.add(None, None, None, "the file has no data rows")
    decimal, ambiguous = _decimal_mark(body, columns, problems)
    accepted = _Accepted()
    for line, cells in body:
        fitted = _fit(line, cells, columns.width, pad, problems)
        row = None if fitted is None else _check_row(line, fitted, columns, lookup, decimal,
                                                     ambiguous, problems)
        if row is not None:
            accepted.add(name, line, row, seen, problems, report)
    errors = problems.done()
    if errors:
        report.errors += errors
        return pd.DataFrame(columns=OBSERVATION_TABLE_COLUMNS)
    return _finish(name, accepted, lookup, seen, report)


@dataclass
class _Columns:
    """Where each known column is in a row, and how many cells a row has."""

    positions: dict[str, int]
    width: int

    def cell(self, cells: list[Any], column: str) -> Any:
        position = self.positions.get(column)
        return cells[position] if position is not None and position < len(cells) else None


def _columns(rows: Rows, problems: Problems) -> _Columns | None:
    """The header's columns, or None (problems added) when the file is empty or the header
    is wrong. A row is as wide as the header's non-empty headings."""
    if not rows:
        problems.add(None, None, None, "the file is empty")
        return None
    header_line, header = rows[0]
    positions = _observation_header(header, header_line, problems)
    if positions is None:
        return None
    width = max(positions.values()) + 1
    header_width = len([c for c in header if cell_text(c)]) or width
    return _Columns(positions, max(width, header_width))


def _observation_header(header: list[Any], line: int, problems: Problems
                        ) -> dict[str, int] | None:
    """Column positions by canonical name; unknown, duplicate or missing columns are errors
    (the column whitelist is COLUMNS; trailing empty headings are ignored)."""
    cells = [cell_text(c) for c in header]
    while cells and not cells[-1]:
        cells.pop()
    positions: dict[str, int] = {}
    ok = True
    for position, heading in enumerate(cells):
        canonical = normalise_heading(heading)
        if canonical not in COLUMNS:
            problems.add(line, heading or f"#{position + 1}", None,
                         f"unknown column; the columns are {', '.join(COLUMNS)}")
            ok = False
        elif canonical in positions:
            problems.add(line, heading, None, "the column appears twice")
            ok = False
        else:
            positions[canonical] = position
    for column in REQUIRED_COLUMNS:
        if column not in positions:
            problems.add(line, column, None, "required column is missing")
            ok = False
    return positions if ok else None


def _decimal_mark(body: Rows, columns: _Columns, problems: Problems
                  ) -> tuple[str | None, set[tuple[int, str]]]:
    """The file's decimal mark and the (line, column) of cells with both a comma and a point;
    a file mixing the two marks, and each such cell, is a problem."""
    number_cells = [(line, column, c.strip()) for line, cells in body for column in NUMBER_COLUMNS
                    if isinstance(c := columns.cell(cells, column), str)
                    and c.strip() not in NO_VALUE]
    decimal, mixed, both = detect_decimal(number_cells)
    if mixed is not None:
        problems.add(None, None, None, mixed.rule)
    for line, column, text in both:
        problems.add(line, column, text, "has both a comma and a point; write numbers without "
                                         "thousands separators (12500,5 or 12500.5)")
    return decimal, {(line, column) for line, column, _ in both}


def _fit(line: int, cells: list[Any], width: int, pad: bool, problems: Problems
         ) -> list[Any] | None:
    """The row's cells (padded to the header's width when `pad`), or None (a problem) when the
    row has fewer or more cells than the header."""
    if pad and len(cells) < width:
        cells = cells + [None] * (width - len(cells))
    extra = [c for c in cells[width:] if cell_text(c)]
    if len(cells) < width or extra:
        problems.add(line, None, None,
                     f"has {len([c for c in cells if c is not None])} fields, the header "
                     f"has {width}")
        return None
    return cells


def _check_row(line: int, cells: list[Any], columns: _Columns, lookup: Lookup,
               decimal: str | None, ambiguous: set[tuple[int, str]], problems: Problems
               ) -> dict[str, Any] | None:
    """One row's keys and numbers, checked; None (its problems added) when any cell is wrong
    or a number is ambiguous."""
    failures: list[tuple[str, Any, str]] = []

    def bad(column: str, value: Any, rule: str) -> None:
        failures.append((column, value, rule))

    def get(column: str) -> Any:
        return columns.cell(cells, column)

    keyed = _check_keys(get, lookup, bad)
    skip = {c for c in NUMBER_COLUMNS if (line, c) in ambiguous}
    numbers = _check_numbers(get, keyed["indicator"], decimal, skip, bad)
    for column, value, rule in failures:
        problems.add(line, column, value, rule)
    if failures or skip:
        return None
    return {**keyed, **numbers, "value_text": cell_text(get("value"))}


def _check_keys(get: Callable[[str], Any], lookup: Lookup,
                bad: Callable[[str, Any, str], None]) -> dict[str, Any]:
    """The key and label cells of one row, checked; problems go to `bad(column, value, rule)`."""
    indicator_id = cell_text(get("indicator"))
    area_text = cell_text(get("area"))
    level = cell_text(get("level"))
    indicator = None
    if not indicator_id:
        bad("indicator", None, "empty key: the indicator is required")
    elif indicator_id not in lookup.indicators:
        bad("indicator", indicator_id, "unknown indicator (add its metadata in a YAML file in "
                                       "the same ingest)")
    else:
        indicator = lookup.indicators[indicator_id]
    if not area_text:
        bad("area", None, "empty key: the area is required")
    level_ok = not level or level in lookup.levels
    if not level_ok:
        bad("level", level, f"unknown level; the levels are {', '.join(sorted(lookup.levels))}")
    year = None
    if cell_text(get("year")) == "":
        bad("year", None, "empty key: the year is required")
    else:
        try:
            year = parse_year(get("year"))
        except ValueError as error:
            bad("year", cell_text(get("year")), str(error))
    sex_text = cell_text(get("sex")) or "total"
    sex = SEX_ALIASES.get(sex_text.casefold())
    if sex is None:
        bad("sex", sex_text, f"unknown sex; use {', '.join(SEXES)}")
    quality = cell_text(get("quality")).casefold()
    if not quality:
        bad("quality", None, f"the quality is required: {', '.join(QUALITIES)}")
    elif quality not in QUALITIES:
        bad("quality", cell_text(get("quality")), f"unknown quality; use {', '.join(QUALITIES)}")
    source = cell_text(get("source"))
    if source and source not in lookup.sources:
        bad("source", source, "unknown source id")
    area_id = None
    if area_text and level_ok:
        area_id, reason = lookup.resolve_area(area_text, level, year)
        if area_id is None:
            bad("area", area_text, reason)
        else:
            level = lookup.areas[area_id]["level"]
    if indicator is not None and area_id is not None and level not in indicator["levels"]:
        bad("level", level, f"indicator {indicator_id} is published at "
                            f"{', '.join(indicator['levels'])} only")
    if indicator is not None and sex is not None and sex not in indicator["sexes"]:
        bad("sex", sex_text, f"indicator {indicator_id} has sexes "
                             f"{', '.join(indicator['sexes'])} only")
    return {"indicator_id": indicator_id, "indicator": indicator, "area_text": area_text,
            "area_id": area_id, "level": level, "year": year, "sex": sex, "quality": quality,
            "source": source}


def _check_numbers(get: Callable[[str], Any], indicator: dict[str, Any] | None,
                   decimal: str | None, skip: set[str],
                   bad: Callable[[str, Any, str], None]) -> dict[str, Any]:
    """value, numerator and denominator of one row as floats (None when empty), checked against
    the indicator's range; `no_value` when the value cell is empty or `..`."""
    unit = indicator["unit"] if indicator is not None else None
    low, high = (value_range(indicator["unit"], indicator["kind"]) if indicator is not None
                 else (None, None))
    numbers: dict[str, Any] = {"no_value": False}
    for column in NUMBER_COLUMNS:
        raw = get(column)
        text = cell_text(raw)
        numbers[column] = None
        if column in skip:
            continue
        if text in NO_VALUE:
            numbers["no_value"] = numbers["no_value"] or column == "value"
            continue
        try:
            number = parse_number(raw, decimal)
        except ValueError as error:
            bad(column, text, str(error))
            continue
        numbers[column] = number
        if column == "value":
            if (low is not None and number < low) or (high is not None and number > high):
                bad(column, text, "a percentage must lie between 0 and 100"
                    if unit == "percent" else "cannot be negative for this indicator")
        elif number < 0:
            bad(column, text, f"the {column} cannot be negative")
        elif column == "denominator" and number == 0:
            bad(column, text, "the denominator must be positive")
    num, den = numbers["numerator"], numbers["denominator"]
    if unit == "percent" and num is not None and den is not None and 0 <= den < num:
        bad("numerator", cell_text(get("numerator")),
            "the numerator exceeds the denominator of a percentage")
    return numbers


def value_range(unit: str, kind: str) -> tuple[float | None, float | None]:
    """Plausible (low, high) for an indicator's values: percentages 0-100; counts (persons or
    things) and rates never negative. Levels (amounts, and balances such as net migration) and
    categories are not bounded here."""
    if unit == "percent":
        return 0.0, 100.0
    if kind in ("count", "rate"):
        return 0.0, None
    return None, None


@dataclass
class _Accepted:
    """The rows of one file that passed every check, and what they cover."""

    records: list[tuple[Any, ...]] = field(default_factory=list)
    keys: dict[tuple[Any, ...], int] = field(default_factory=dict)   # key → its line
    covered: dict[tuple[str, str, int, str], set[str]] = field(default_factory=dict)
    skipped: int = 0

    def add(self, name: str, line: int, row: dict[str, Any], seen: dict[tuple, str],
            problems: Problems, report: Report) -> None:
        """Accept one checked row unless its key is taken (in this file or an earlier one);
        a row without a value is counted, warned about and left out."""
        key = (row["indicator_id"], row["area_id"], row["year"], row["sex"])
        if key in self.keys:
            problems.add(line, "area", row["area_text"],
                         f"duplicate key (indicator, area, year, sex); first on line "
                         f"{self.keys[key]}")
            return
        if key in seen:
            problems.add(line, "area", row["area_text"],
                         f"duplicate key (indicator, area, year, sex); also in {seen[key]}")
            return
        self.keys[key] = line
        self.covered.setdefault((row["indicator_id"], row["level"], row["year"], row["sex"]),
                                set()).add(row["area_id"])
        if row["no_value"]:
            self.skipped += 1
            report.warnings.append(Problem(name, line, "value", row["value_text"],
                                           "no value: the row is skipped and shows as no data"))
            return
        self.records.append((*key, row["value"], row["numerator"], row["denominator"],
                             row["quality"], row["source"] or row["indicator"]["source"], False))


def _finish(name: str, accepted: _Accepted, lookup: Lookup, seen: dict[tuple, str],
            report: Report) -> pd.DataFrame:
    """Record the file's keys in `seen`, add the file-wide warnings and notes (missing areas,
    skipped rows, rates without a denominator), and return the observation rows."""
    for key, line in accepted.keys.items():
        seen[key] = f"{name} line {line}"
    report.warnings += _missing_areas(name, accepted.covered, lookup)
    if accepted.skipped:
        report.note(name, f"{accepted.skipped} row(s) without a value skipped")
    rates = {i for i, info in lookup.indicators.items() if info["kind"] == "rate"}
    no_denominator = sum(1 for r in accepted.records if r[0] in rates and r[6] is None)
    if no_denominator:
        report.warnings.append(Problem(
            name, None, "denominator", None,
            f"{no_denominator} row(s) of rates have no denominator, so small-count disclosure "
            "control cannot check them"))
    frame = pd.DataFrame.from_records(accepted.records, columns=OBSERVATION_TABLE_COLUMNS)
    return frame.astype({"year": "int64", "value": "float64", "numerator": "float64",
                         "denominator": "float64", "suppressed": "bool"})


def _missing_areas(name: str, covered: dict[tuple[str, str, int, str], set[str]],
                   lookup: Lookup) -> list[Problem]:
    """One warning per indicator and area of a level the file covers but the area is missing
    from (for some year and sex)."""
    gaps: dict[tuple[str, str], list[str]] = {}
    for (indicator_id, level, year, sex), areas in sorted(covered.items()):
        for area_id in lookup.areas_of_level(level, year):
            if area_id not in areas:
                when = str(year) if sex == "total" else f"{year} ({sex})"
                gaps.setdefault((indicator_id, area_id), []).append(when)
    return [
        Problem(name, None, "area", lookup.areas[area_id]["name"],
                f"no data for {lookup.areas[area_id]['name']} ({area_id}) on {indicator_id} "
                f"in {', '.join(years)}; it will show as no data, never as 0")
        for (indicator_id, area_id), years in gaps.items()
    ]
