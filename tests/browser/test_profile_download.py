"""The district profile's downloads in a real browser. AppTest cannot run a download button's
deferred callable (it has no runtime), so only a browser shows that clicking "Ladda ner PDF"
builds the PDF on Streamlit's download thread, with the live view's full address in it."""

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


def test_csv_download_opens_as_swedish_columns(app_url, page, tmp_path):
    open_page(page, f"{app_url}/profile?district=2480P02&lang=sv")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Ladda ner CSV").click()
    path = tmp_path / "profile.csv"
    download_info.value.save_as(path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    header = data.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[:3] == ["Indikator", "År", "Distriktet"] and "Licens" in header
