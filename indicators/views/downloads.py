"""Downloads of the current view as CSV and Excel that people can open, safe in a spreadsheet.

- **CSV** is UTF-8 with a byte-order mark (Excel then reads Å, Ä, Ö right). In a Swedish view it
  is separated by `;` with decimal commas, which Swedish Excel opens as columns; in an English view
  by `,` with decimal points. Numbers are written rounded to the indicator's decimals, half up, as
  the screen shows them ("78,0", "8000", never "89.57414792756201" or "8000.0"); where rounding
  hides something (derived values) the unrounded value follows in its own column. Missing values
  are empty cells, never 0.
- **Excel** cells stay numbers: they hold the full value and are rounded on screen by their
  number format ("0.0" for one decimal), never by turning them into text. The unrounded column is
  therefore not repeated there (the cell itself is unrounded).
- Text cells that begin with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as
  formulas by Excel or LibreOffice ("CSV injection"); they are prefixed with `'`. Numbers are
  never touched, so negative values stay numbers.
- ``with_provenance`` adds the licence of each row's source and a date column from the published
  `source` table: its `retrieved` date when the table has one, otherwise the dataset's build date
  under a header that says so (the source metadata does not yet record retrieval dates).

Pure functions (no Streamlit); headers in the caller's language.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from indicators.text.i18n import translate

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = {"sv": (";", ","), "en": (",", ".")}  # (field separator, decimal mark)

# Per column: one number of decimals for every row, or one per row (None: as it comes).
Decimals = Mapping[str, "int | Sequence[int | None]"]


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


def _numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _per_row(decimals: int | Sequence[int | None] | None, rows: int) -> list[int | None]:
    if decimals is None or isinstance(decimals, int):
        return [decimals] * rows
    values = list(decimals)
    if len(values) != rows:
        raise ValueError(f"{len(values)} decimals given for {rows} rows")
    return values


def number_text(value: object, decimals: int | None, decimal_mark: str) -> str:
    """One number as CSV text: rounded half up to ``decimals`` ("78,0"), or without a trailing
    ".0" when no decimals are given and the value is whole ("8000"); "" when missing. No
    thousands separators (they would split or confuse the number when it is read back)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    number = float(value)  # type: ignore[arg-type]
    if not math.isfinite(number):
        return ""
    if decimals is None:
        text = str(int(number)) if number.is_integer() else repr(number)
    else:
        rounded = Decimal(repr(number)).quantize(Decimal(1).scaleb(-decimals),
                                                 rounding=ROUND_HALF_UP)
        text = f"{rounded:.{decimals}f}"
        if text.startswith("-") and Decimal(text) == 0:
            text = text[1:]
    return text.replace(".", decimal_mark)


def with_unrounded(frame: pd.DataFrame, columns: Sequence[str], lang: str) -> pd.DataFrame:
    """A copy with each of ``columns`` followed by "<column> (unrounded)" holding the same
    numbers (the CSV writer rounds only the first)."""
    out = frame.copy()
    for column in columns:
        position = list(out.columns).index(column) + 1
        out.insert(position, unrounded_name(column, lang), out[column].astype(float))
    return out


def unrounded_name(column: str, lang: str) -> str:
    return translate("download_unrounded", lang, column=column)


def to_csv_bytes(frame: pd.DataFrame, lang: str, *, decimals: Decimals | None = None,
                 unrounded: Sequence[str] = ()) -> bytes:
    """The CSV of ``frame`` for a view in ``lang`` (see the module docstring).

    ``decimals`` maps a numeric column to its decimals (one for all rows, or one per row);
    numeric columns not named are written as they are, whole numbers without ".0".
    ``unrounded`` names columns whose full value follows in its own column."""
    separator, mark = SEPARATORS[lang]
    decimals = dict(decimals or {})
    data = with_unrounded(frame, unrounded, lang) if unrounded else frame
    safe = neutralise(data)
    text = pd.DataFrame(index=safe.index)
    for original, column in zip(data.columns, safe.columns, strict=True):
        series = safe[column]
        if _numeric(series) or (series.dtype == object and series.map(
                lambda v: v is None or isinstance(v, (int, float)) and not isinstance(v, bool)
        ).all()):
            places = _per_row(decimals.get(original), len(series))
            text[column] = [number_text(v, d, mark) for v, d in zip(series, places, strict=True)]
        else:
            text[column] = series
    return text.to_csv(index=False, sep=separator).encode("utf-8-sig")


def number_format(decimals: int | None) -> str:
    """The Excel number format for ``decimals``: "0", "0.0", "0.00" … (Excel shows the reader's
    own decimal mark); "General" when unknown."""
    if decimals is None:
        return "General"
    return "0" + ("." + "0" * decimals if decimals else "")


def to_excel_bytes(frame: pd.DataFrame, sheet: str = "data", *,
                   decimals: Decimals | None = None) -> bytes:
    """One sheet; number cells stay numbers, formatted with ``decimals`` (see ``to_csv_bytes``);
    text neutralised; the header row frozen and the columns wide enough to read."""
    from openpyxl.utils import get_column_letter

    decimals = dict(decimals or {})
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
        worksheet = writer.sheets[sheet[:31]]
        worksheet.freeze_panes = "A2"
        for index, column in enumerate(frame.columns, start=1):
            letter = get_column_letter(index)
            width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
            worksheet.column_dimensions[letter].width = min(max(width + 2, 8), 60)
            if column not in decimals:
                continue
            places = _per_row(decimals[column], len(frame))
            for row, places_here in enumerate(places, start=2):
                worksheet.cell(row=row, column=index).number_format = number_format(places_here)
    return buffer.getvalue()


def with_provenance(frame: pd.DataFrame, source_ids: Sequence[str | None],
                    sources: pd.DataFrame, built_at: object, lang: str) -> pd.DataFrame:
    """A copy of ``frame`` with the licence of each row's source (``source_ids``, one per row,
    looked up in the published `source` table) and a date column: the source's `retrieved` date
    where the table carries one, else the dataset's build date under the header "Datamängden
    byggd" / "Dataset built" (honest: it is not the date the source was fetched). A licence
    column already in ``frame`` is kept as it is."""
    if len(source_ids) != len(frame):
        raise ValueError(f"{len(source_ids)} source ids for {len(frame)} rows")
    by_id = sources.set_index("source_id") if len(sources) else pd.DataFrame()
    out = frame.copy()

    def looked_up(source_id: str | None, column: str) -> object:
        if source_id is None or column not in by_id.columns or source_id not in by_id.index:
            return ""
        value = by_id.loc[source_id, column]
        return "" if pd.isna(value) else value

    ids = list(source_ids)

    def per_row(column: str, shown=lambda value: value) -> list[object]:
        """Looked up once per distinct source (a national download has 377,000 rows)."""
        once = {s: shown(looked_up(s, column)) for s in dict.fromkeys(ids)}
        return [once[s] for s in ids]

    if translate("licence", lang) not in out:  # a frame may carry its own (the catalogue's)
        out[translate("licence", lang)] = per_row("licence")
    if "retrieved" in by_id.columns:
        out[translate("download_retrieved", lang)] = per_row("retrieved", _date_text)
    else:
        out[translate("download_dataset_built", lang)] = _date_text(built_at)
    return out


def _date_text(value: object) -> str:
    """An ISO date ("2026-12-01"), "" when missing."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return ""
    return pd.Timestamp(value).strftime("%Y-%m-%d")
