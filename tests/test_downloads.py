"""Downloads: formula-like text neutralised, numbers untouched, Swedish letters intact."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from indicators.downloads import neutralise, to_csv_bytes, to_excel_bytes

FRAME = pd.DataFrame({
    "area": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "\ry", "Ålidhem"],
    "value": [-3.5, 1.0, 2.0, 3.0, 4.0, 5.0, 78.0],
})


@pytest.mark.parametrize("risky", ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx",
                                   "\ry"])
def test_formula_like_text_is_prefixed(risky):
    safe = neutralise(FRAME)
    assert ("'" + risky) in set(safe["area"])


def test_numbers_and_plain_text_are_untouched():
    safe = neutralise(FRAME)
    assert safe["value"].tolist() == FRAME["value"].tolist()
    assert "Ålidhem" in set(safe["area"])


def test_csv_has_bom_and_keeps_letters():
    data = to_csv_bytes(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "Ålidhem" in text and "'=HYPERLINK" in text and "-3.5" in text


def test_excel_cells_are_text_not_formulas():
    book = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(FRAME)))
    cells = [row[0].value for row in book.active.iter_rows(min_row=2)]
    assert cells[0].startswith("'=")
    assert book.active.cell(row=2, column=2).value == -3.5
