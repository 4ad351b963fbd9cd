"""The one rule for what a table cell or a figure shows of an observation: suppressed, missing,
or its value.

A suppressed cell (too few people behind it: disclosure control, METHODS.md) is shown as ".."
and never as a number, never as 0, and it is never drawn; a cell without a value is "no data"
(or the table's own word for it); a suppressed flag that is itself missing (NA) means not
suppressed. Every page's tables, hovers and kiosk facts go through these functions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from indicators.data.catalogue import Indicator
from indicators.text.formatting import format_number, format_value
from indicators.text.i18n import translate

SUPPRESSED = ".."


def absent(value: object) -> bool:
    """No value: None, NaN or a pandas missing marker (NA, NaT)."""
    return value is None or bool(pd.api.types.is_scalar(value) and pd.isna(value))


def is_suppressed(flag: object) -> bool:
    """One row's suppressed flag as a bool (None and NA: not suppressed)."""
    return not absent(flag) and bool(flag)


def suppressed(frame: pd.DataFrame) -> pd.Series:
    """Which rows are suppressed (a frame without the column has none)."""
    if "suppressed" not in frame:
        return pd.Series(False, index=frame.index)
    return frame["suppressed"].astype("boolean").fillna(False).astype(bool)


def published(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows with a value that may be shown: not suppressed, not missing."""
    return frame[~suppressed(frame) & frame["value"].notna()]


def cell(value: Any, hidden: bool, text: Callable[[Any], str], *, missing: str) -> str:
    """A cell's text: ".." when suppressed (before anything else), `missing` without a value,
    else `text(value)`."""
    if hidden:
        return SUPPRESSED
    return missing if absent(value) else text(value)


def shown_value(value: float | None, hidden: bool, indicator: Indicator, lang: str) -> str:
    """".." when suppressed, "no data" when missing (never 0), else the formatted value."""
    def text(number: float) -> str:
        if indicator.unit == "category":  # district values are means of classes: keep decimals
            return format_number(number, indicator.decimals, lang)
        return format_value(number, indicator.unit, indicator.decimals, lang)

    return cell(value, hidden, text, missing=translate("legend_no_data", lang))
