"""The one suppressed-cell rule: ".." before anything else, never a number, never 0."""

from __future__ import annotations

import math

import pandas as pd

from indicators.data.catalogue import Indicator
from indicators.views import cells

TURNOUT = Indicator(id="turnout", theme="democracy", name_sv="Valdeltagande", name_en="Turnout",
                    description_sv="d", description_en="d", unit="percent", direction=1,
                    decimals=1, kind="rate", aggregation="ratio_of_sums", levels=("district",),
                    source="s", licence="CC0")


def test_a_missing_flag_is_not_suppressed():
    assert cells.is_suppressed(True) and not cells.is_suppressed(False)
    assert not cells.is_suppressed(None) and not cells.is_suppressed(pd.NA)
    frame = pd.DataFrame({"value": [1.0, 2.0, math.nan, 4.0],
                          "suppressed": pd.array([True, None, False, False], dtype="boolean")})
    assert cells.suppressed(frame).tolist() == [True, False, False, False]
    assert cells.published(frame)["value"].tolist() == [2.0, 4.0]
    assert cells.suppressed(frame[["value"]]).tolist() == [False] * 4


def test_cell_text_suppressed_first_then_missing_then_value():
    text = str
    assert cells.cell(5.0, True, text, missing="–") == cells.SUPPRESSED == ".."
    assert cells.cell(math.nan, False, text, missing="–") == "–"
    assert cells.cell(5.0, False, text, missing="–") == "5.0"
    assert cells.shown_value(0.0, False, TURNOUT, "en") == "0.0%"
    assert cells.shown_value(None, False, TURNOUT, "sv") == "Inga data"
