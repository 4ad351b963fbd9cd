"""Reading raw CSV files strictly: every problem is reported with file, line, column and value.

A file with any problem is refused as a whole (`RawDataError` lists all of them); nothing is
returned half-read. Parsers are small callables that turn a cell's text into a value or raise
ValueError with the rule that failed.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

Parser = Callable[[str], Any]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        value = f" (value {self.value!r})" if self.value is not None else ""
        return f"{', '.join(where)}: {self.rule}{value}"


class RawDataError(ValueError):
    """One or more problems in an input; the whole input is refused."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = f"\n  … and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(f"{len(self.problems)} problem(s):\n{shown}{more}")


def integer(text: str) -> int:
    try:
        return int(text.strip().replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        raise ValueError("not a whole number") from None


def number(decimal: str = ".") -> Parser:
    """A parser for decimal numbers written with `decimal` as the decimal mark."""

    def parse(text: str) -> float:
        cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
        if decimal == ",":
            if "." in cleaned:
                raise ValueError("expected a decimal comma, found a point")
            cleaned = cleaned.replace(",", ".")
        try:
            return float(cleaned)
        except ValueError:
            raise ValueError("not a number") from None

    return parse


def text(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise ValueError("empty text")
    return stripped


def optional(parser: Parser) -> Parser:
    """Empty cells become None; others go through `parser`."""

    def parse(value: str) -> Any:
        return None if value.strip() == "" else parser(value)

    return parse


def read_csv_strict(
    path: Path,
    columns: Mapping[str, Parser],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> pd.DataFrame:
    """Read `path`, keeping only `columns`, each parsed by its parser.

    Returns a DataFrame with the parsed columns plus `line` (the 1-based line number in the
    file, header = line 1). Raises RawDataError with every problem: missing columns, ragged rows,
    cells that fail their parser.
    """
    name = path.name
    try:
        raw = path.read_text(encoding=encoding)
    except UnicodeDecodeError as error:
        raise RawDataError([Problem(name, None, None, None, f"not valid {encoding}: {error}")]
                           ) from error
    except OSError as error:
        raise RawDataError([Problem(name, None, None, None, f"cannot read: {error.strerror}")]
                           ) from error
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    rows = list(csv.reader(raw.splitlines(), delimiter=delimiter))
    if not rows:
        raise RawDataError([Problem(name, 1, None, None, "the file is empty")])
    header = [h.strip() for h in rows[0]]
    problems = [
        Problem(name, 1, column, None, "required column is missing")
        for column in columns if column not in header
    ]
    if problems:
        raise RawDataError(problems)
    index = {column: header.index(column) for column in columns}
    records = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(Problem(name, line, None, None,
                                    f"has {len(row)} fields, the header has {len(header)}"))
            continue
        record: dict[str, Any] = {"line": line}
        for column, parser in columns.items():
            cell = row[index[column]]
            try:
                record[column] = parser(cell)
            except ValueError as error:
                problems.append(Problem(name, line, column, cell, str(error)))
        records.append(record)
    if problems:
        raise RawDataError(problems)
    if not records:
        raise RawDataError([Problem(name, None, None, None, "the file has no data rows")])
    return pd.DataFrame.from_records(records)
