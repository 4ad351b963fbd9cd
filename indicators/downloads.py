"""Downloads of the current view as CSV and Excel, safe to open in a spreadsheet.

Text cells that begin with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as
formulas by Excel or LibreOffice ("CSV injection"); they are prefixed with `'`. Numbers are
never touched, so negative values stay numbers.
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every risky text cell prefixed by an apostrophe; numbers unchanged."""
    safe = frame.copy()
    for column in safe.columns:
        series = safe[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        safe[column] = series.map(
            lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v
        )
    safe.columns = [
        "'" + c if isinstance(c, str) and c.startswith(FORMULA_STARTS) else c
        for c in safe.columns
    ]
    return safe


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (Excel then reads Å, Ä, Ö right), comma-separated, decimal point."""
    return neutralise(frame).to_csv(index=False).encode("utf-8-sig")


def to_excel_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()
