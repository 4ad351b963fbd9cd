"""Downloads in a real browser. AppTest cannot run a download button's deferred callable (it
has no runtime), so only a browser shows that clicking builds the file on Streamlit's download
thread: the profile's one-page PDF with the live view's full address in it, and CSV and Excel
files that open as Swedish columns and numbers."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.browser.helpers import open_page

pytestmark = pytest.mark.browser


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_button_downloads_a_one_page_profile_linking_back(app_url, page, requests_log,
                                                                tmp_path):
    open_page(page, f"{app_url}/profile?district=2480P02&lang=sv")
    button = page.get_by_role("button", name="Ladda ner PDF (en sida)")
    with page.expect_download() as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename == "distriktsprofil_2480P02.pdf"
    path = tmp_path / "profile.pdf"
    download.save_as(path)
    assert path.read_bytes()[:5] == b"%PDF-"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(path), "-"],
                                              capture_output=True, text=True).stdout)
    assert "Ålidhem" in text and "Stadens två mål" in text
    # The link back is the address the browser used, query string included.
    assert f"{app_url}/profile?" in text and "district=2480P02" in text and "lang=sv" in text
    assert not requests_log.foreign()


def test_csv_and_excel_downloads_open_as_swedish_columns_and_numbers(app_url, page, tmp_path):
    """Written when clicked (deferred): Ålidhem's turnout 78,0 % as "78,0" in a `;` file, and
    as the number 78.0 formatted "0.0" in Excel."""
    import io

    import openpyxl
    import pandas as pd

    open_page(page, f"{app_url}/profile?district=2480P02&lang=sv")
    files = {}
    for label, name in (("Ladda ner CSV", "profile.csv"), ("Ladda ner Excel", "profile.xlsx")):
        with page.expect_download() as download_info:
            page.get_by_role("button", name=label).click()
        download_info.value.save_as(tmp_path / name)
        files[name] = (tmp_path / name).read_bytes()
    assert files["profile.csv"].startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(files["profile.csv"]), sep=";", decimal=",",
                        encoding="utf-8-sig").set_index("Indikator")
    assert table.loc["Valdeltagande, riksdagsval", "Distriktet"] == 78.0
    assert "Licens" in table.columns and "Datamängden byggd" in table.columns
    assert ";78,0;" in files["profile.csv"].decode("utf-8-sig")
    sheet = openpyxl.load_workbook(io.BytesIO(files["profile.xlsx"])).active
    header = [c.value for c in sheet[1]]
    turnout = next(r for r in sheet.iter_rows(min_row=2)
                   if r[0].value == "Valdeltagande, riksdagsval")
    district = turnout[header.index("Distriktet")]
    assert district.value == 78.0 and district.number_format == "0.0"


def test_data_and_methods_csv_has_rounded_values_licence_and_dataset_date(app_url, page,
                                                                          tmp_path):
    """Turnout 2018 for the city: 2661/2998 = 88.7591… shown and written 88,8, the unrounded
    value beside it; the source's licence and the dataset's build date on every row."""
    import pandas as pd

    open_page(page, f"{app_url}/data_methods?indicator=turnout_riksdag&lang=sv")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Ladda ner CSV").nth(1).click()
    path = tmp_path / "turnout.csv"
    download_info.value.save_as(path)
    assert download_info.value.suggested_filename == "turnout_riksdag.csv"
    table = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
    city = table[(table["Område"] == "Umeå") & (table["År"] == 2018)
                 & (table["Kön"] == "Totalt")].iloc[0]
    assert city["Värde"] == 88.8 and abs(city["Värde (oavrundat)"] - 2661 / 2998 * 100) < 1e-9
    assert city["Licens"].startswith("Allmän handling, fri att återanvända")
    assert table["Datamängden byggd"].str.match(r"^\d{4}-\d{2}-\d{2}$").all()
