"""Downloads: formula-like text neutralised, numbers untouched, Swedish letters intact; CSV that
Swedish Excel opens as columns (`;`, decimal comma, BOM), values as the screen rounds them with
the unrounded value beside, Excel cells numeric with a number format, licence and date columns."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from indicators.views.downloads import (
    neutralise,
    number_format,
    number_text,
    to_csv_bytes,
    to_excel_bytes,
    with_provenance,
)

FRAME = pd.DataFrame({
    "area": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "\ry", "Ålidhem"],
    "value": [-3.5, 1.0, 2.0, 3.0, 4.0, 5.0, 78.0],
})
# What the downloads complained about: raw floats and "8000.0". Turnout has one decimal,
# eligible voters none; the last row is missing (never 0).
VIEW = pd.DataFrame({
    "Område": ["Ålidhem", "Holmsund", "Centrum", "Sävar"],
    "Indikator": ["Valdeltagande", "Röstberättigade", "Valdeltagande", "Valdeltagande"],
    "År": [2018, 2018, 2018, 2018],
    "Värde": [89.57414792756201, 8000.0, -0.04, float("nan")],
    "Täljare": [780.0, None, 920.0, None],
})
DECIMALS = {"Värde": [1, 0, 1, 1]}


@pytest.mark.parametrize("risky", ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx",
                                   "\ry"])
def test_formula_like_text_is_prefixed(risky):
    safe = neutralise(FRAME)
    assert ("'" + risky) in set(safe["area"])


def test_numbers_and_plain_text_are_untouched():
    safe = neutralise(FRAME)
    assert safe["value"].tolist() == FRAME["value"].tolist()
    assert "Ålidhem" in set(safe["area"])


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_csv_has_bom_and_keeps_letters(lang):
    data = to_csv_bytes(FRAME, lang)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "Ålidhem" in text and "'=HYPERLINK" in text
    assert ("-3,5" if lang == "sv" else "-3.5") in text  # a negative number, not prefixed
    assert "'-3" not in text


def test_swedish_csv_opens_as_columns_with_the_displayed_values():
    """pandas reads it as Swedish Excel does (`;`, decimal comma): 89,57… shows as 89,6, 8000.0
    as 8000, −0,04 as 0,0; the unrounded value follows in its own column."""
    data = to_csv_bytes(VIEW, "sv", decimals=DECIMALS, unrounded=["Värde"])
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "Område;Indikator;År;Värde;Värde (oavrundat);Täljare"
    assert "89,6;89,57414792756201;780" in text and ";8000;8000;" in text
    assert "89.57" not in text and "8000.0" not in text and "8000,0" not in text
    read = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(read.columns) == ["Område", "Indikator", "År", "Värde", "Värde (oavrundat)",
                                  "Täljare"]
    assert read["Område"].tolist() == ["Ålidhem", "Holmsund", "Centrum", "Sävar"]
    assert read["Värde"].tolist()[:3] == [89.6, 8000.0, 0.0]
    assert pd.isna(read["Värde"].iloc[3])  # missing stays missing
    assert read["Värde (oavrundat)"].iloc[0] == 89.57414792756201
    assert read["År"].tolist() == [2018] * 4 and read["Täljare"].iloc[0] == 780


def test_english_csv_reads_with_defaults():
    data = to_csv_bytes(VIEW.rename(columns={"Värde": "Value"}), "en",
                        decimals={"Value": [1, 0, 1, 1]}, unrounded=["Value"])
    read = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert read["Value"].tolist()[:3] == [89.6, 8000.0, 0.0]
    assert read["Value (unrounded)"].iloc[0] == 89.57414792756201
    assert read["Område"].iloc[0] == "Ålidhem"


def test_text_with_separators_stays_one_cell():
    frame = pd.DataFrame({"name": ["a;b", "c,d"], "value": [1.25, 2.0]})
    for lang, separator, mark in (("sv", ";", ","), ("en", ",", ".")):
        read = pd.read_csv(io.BytesIO(to_csv_bytes(frame, lang, decimals={"value": 1})),
                           sep=separator, decimal=mark, encoding="utf-8-sig")
        assert read["name"].tolist() == ["a;b", "c,d"] and read["value"].tolist() == [1.3, 2.0]


def test_number_text_rounds_half_up():
    assert number_text(0.125, 2, ",") == "0,13" and number_text(2.5, 0, ".") == "3"
    assert number_text(8000.0, None, ",") == "8000" and number_text(None, 1, ",") == ""
    assert number_text(-0.04, 1, ",") == "0,0"


def test_excel_cells_are_text_not_formulas():
    book = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(FRAME)))
    cells = [row[0].value for row in book.active.iter_rows(min_row=2)]
    assert cells[0].startswith("'=")
    assert book.active.cell(row=2, column=2).value == -3.5


def test_excel_numbers_are_numbers_rounded_by_their_format():
    sheet = openpyxl.load_workbook(io.BytesIO(
        to_excel_bytes(VIEW, "profil", decimals=DECIMALS))).active
    assert sheet.title == "profil"
    value = [sheet.cell(row=r, column=4) for r in range(2, 6)]
    assert value[0].value == 89.57414792756201 and value[0].data_type == "n"
    assert [c.number_format for c in value] == ["0.0", "0", "0.0", "0.0"]
    assert value[1].value == 8000 and value[3].value is None
    assert sheet.cell(row=2, column=3).value == 2018
    assert sheet.freeze_panes == "A2"
    assert number_format(2) == "0.00" and number_format(None) == "General"


def test_provenance_adds_licence_and_the_dataset_build_date():
    sources = pd.DataFrame({"source_id": ["valmyndigheten"], "producer": ["Valmyndigheten"],
                            "licence": ["Public sector information"]})
    out = with_provenance(VIEW[["Område"]].head(2), ["valmyndigheten", None], sources,
                          pd.Timestamp("2026-12-01 21:40"), "sv")
    assert out["Licens"].tolist() == ["Public sector information", ""]
    assert out["Datamängden byggd"].tolist() == ["2026-12-01"] * 2
    assert "Hämtad" not in out  # no retrieval date is published yet: not pretended


def test_provenance_keeps_a_licence_column_the_frame_has():
    sources = pd.DataFrame({"source_id": ["scb"], "producer": ["SCB"], "licence": ["CC0"]})
    frame = pd.DataFrame({"Indicator": ["Income"], "Licence": ["CC BY 4.0"]})
    out = with_provenance(frame, ["scb"], sources, "2026-12-01", "en")
    assert out["Licence"].tolist() == ["CC BY 4.0"] and list(out.columns).count("Licence") == 1
    assert out["Dataset built"].tolist() == ["2026-12-01"]


def test_provenance_uses_the_retrieval_date_when_the_source_table_has_one():
    sources = pd.DataFrame({"source_id": ["scb"], "producer": ["SCB"], "licence": ["CC0"],
                            "retrieved": ["2026-11-20"]})
    out = with_provenance(VIEW[["Område"]].head(1), ["scb"], sources, "2026-12-01", "en")
    assert out["Retrieved"].tolist() == ["2026-11-20"] and "Dataset built" not in out
