"""One cell at a time: text, numbers (decimal comma or point, spaces grouping thousands), years,
and the one decimal mark of a whole file (`detect_decimal`)."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from indicators.ingest.formats import YEAR_RANGE
from indicators.sources.rawdata import Problem

_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d{1,3})?")
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?")
_SPACES = str.maketrans("", "", " \u00a0\u202f")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def cell_text(cell: Any) -> str:
    """A cell as stripped text (Excel numbers like 2480.0 become '2480')."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return unicodedata.normalize("NFC", str(cell)).strip()


def parse_number(cell: Any, decimal: str | None) -> float:
    """A finite number from a cell. Text uses `decimal` (',' or '.'; None accepts either, used
    when the file is already refused for mixing them); spaces may group thousands."""
    if isinstance(cell, bool) or not isinstance(cell, (str, int, float)):
        raise ValueError("not a number")
    if isinstance(cell, (int, float)):
        number = float(cell)
    else:
        text = cell.strip().replace("\u2212", "-")
        if not (_PLAIN_NUMBER.fullmatch(text) or _GROUPED_NUMBER.fullmatch(text)):
            raise ValueError("not a number")
        text = text.translate(_SPACES)
        if decimal == "," and "." in text or decimal == "." and "," in text:
            raise ValueError(f"expected the decimal mark {decimal!r}")
        number = float(text.replace(",", "."))
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def parse_year(cell: Any) -> int:
    if isinstance(cell, bool):
        raise ValueError("not a year")
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, int):
        year = cell
    elif isinstance(cell, str) and re.fullmatch(r"\d{4}", cell.strip()):
        year = int(cell.strip())
    else:
        raise ValueError("not a year (four digits)")
    low, high = YEAR_RANGE
    if not low <= year <= high:
        raise ValueError(f"year outside {low}-{high}")
    return year


def detect_decimal(cells: Iterable[tuple[int, str, str]]) -> tuple[str | None, Problem | None,
                                                                      list[tuple[int, str, str]]]:
    """The file's decimal mark from its number cells given as (line, column, text).

    Returns (mark, mixing problem, cells with both marks). A cell with both a comma and a point
    ("1.234,5") is ambiguous on its own; a file with "12,5" in one cell and "12.5" in another
    mixes the two conventions and is refused with one message naming an example of each.
    """
    first: dict[str, tuple[int, str, str]] = {}
    both = []
    for line, column, text in cells:
        has_comma, has_point = "," in text, "." in text
        if has_comma and has_point:
            both.append((line, column, text))
        elif has_comma:
            first.setdefault(",", (line, column, text))
        elif has_point:
            first.setdefault(".", (line, column, text))
    if "," in first and "." in first:
        (cl, cc, ct), (pl, pc, pt) = first[","], first["."]
        rule = (f"mixes decimal commas (line {cl}, {cc} {ct!r}) and decimal points (line {pl}, "
                f"{pc} {pt!r}); use one decimal mark in the whole file")
        return None, Problem("", None, None, None, rule), both
    return (next(iter(first)) if first else "."), None, both
