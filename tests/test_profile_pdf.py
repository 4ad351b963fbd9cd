"""The printable district profile (indicators/views/profile_pdf.py) against the fixture database:
one or two A4 pages, the district's name and both goals' verdict words in the text, the table
whole, a first page that renders; in Swedish and English. Read with poppler's pdfinfo,
pdftotext and pdftoppm (Debian package poppler-utils), an independent reader of the file.

The data is gathered as pages/profile.py gathers it (headline, peers with the default k = 5 and
weights 1, the scorecard, the turnout and eligible-voter series), from the fixture store."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from indicators.data.catalogue import load_catalogue
from indicators.text import narratives
from indicators.text.i18n import translate
from indicators.views import profile, profile_pdf, profile_pdf_charts, profile_peers, profile_series
from tests.fixtures.dataset import HOSTILE_NAME

CATALOGUE = load_catalogue()
POPPLER = all(shutil.which(tool) for tool in ("pdfinfo", "pdftotext", "pdftoppm", "pdffonts"))
# Skipped locally without poppler, never in CI (.ci/run installs it; there a missing tool fails).
needs_poppler = pytest.mark.skipif(not POPPLER and not os.environ.get("CI"),
                                   reason="poppler-utils not installed")
URL = "http://127.0.0.1:8501/profile?district=2480P02&lang=sv&k=5"


def profile_report(store, code: str, lang: str, url: str = URL) -> profile_pdf.ProfileReport:
    """The report the profile page hands to the PDF builder, read from ``store``."""
    districts = store.areas("district")
    names = dict(zip(districts["area_id"], districts["name"], strict=True))
    area_id = f"district:{code}"
    name = names[area_id]
    turnout = CATALOGUE.indicator(profile.HEADLINE_INDICATOR)
    head = profile.headline(name, turnout, store.observations(turnout.id, area_id=area_id),
                            store.observations(turnout.id, level="kommun"), lang)
    change = None if not head.change_key else translate(
        f"profile_change_{head.change_key}", lang, start=head.previous_year, end=head.year)
    context = profile_peers.context_table(
        {v: store.observations(v, level="district") for v in profile.CONTEXT_VARIABLES.values()},
        list(districts["area_id"]))
    peers = profile_peers.find_peers(context, area_id, k=5,
                               weights={v: 1 for v in profile.CONTEXT_VARIABLES})
    indicators = [i for i in CATALOGUE.indicators if "district" in i.levels]
    rows = profile.scorecard(
        area_id, indicators,
        profile.stack([store.observations(i.id, level="district") for i in indicators]),
        profile.stack([store.observations(i.id, level="kommun") for i in indicators]),
        store.table("score"), list(peers.peers["area_id"]))
    charts = []
    for indicator_id in profile.TURNOUT_INDICATORS:
        indicator = CATALOGUE.indicator(indicator_id)
        own = store.observations(indicator_id, area_id=area_id)
        if len(own):
            series = profile_series.with_intervals(profile.stack(
                [own, store.observations(indicator_id, level="kommun")]))
            charts.append(profile_pdf.chart(indicator, series, name, lang))
    charts += profile_pdf.growth_chart(
        CATALOGUE, store.observations(profile.GROWTH_PROXY, level="district"), area_id, name,
        lang)
    return profile_pdf.report(
        lang=lang, district=name, headline=head, change=change, rows=rows, catalogue=CATALOGUE,
        tables={n: store.table(n) for n in profile_pdf.TABLES}, dataset=store.dataset(),
        charts=charts, url=url)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def verdict_words(store, lang: str) -> list[str]:
    verdicts = store.table("verdict").dropna(subset=["target_id"]).set_index("target_id")
    return [narratives.status_label(lang, verdicts.loc[t, "status"])
            for t in store.table("target")["target_id"]]


@pytest.fixture(scope="module")
def built(fixture_store, tmp_path_factory):
    """Ålidhem and the hostile-named district, in both languages, written once."""
    folder = tmp_path_factory.mktemp("profile_pdf")
    paths = {}
    for code in ("2480P02", "2480P04"):
        for lang in ("sv", "en"):
            path = folder / f"{code}_{lang}.pdf"
            path.write_bytes(profile_pdf.build(profile_report(fixture_store, code, lang)))
            paths[code, lang] = path
    return paths


@needs_poppler
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_one_page_with_name_verdicts_and_the_whole_table(built, fixture_store, lang):
    """Both goals' verdict words (the fixture's population and emissions verdicts, read from
    the published table), the district's name, every scorecard row and the live link."""
    path = built["2480P02", lang]
    assert pages(path) == 1
    text = pdf_text(path)
    words = re.sub(r"\s+", " ", text)
    assert "Ålidhem" in text
    for word in verdict_words(fixture_store, lang):
        assert word in words
    assert len(verdict_words(fixture_store, lang)) == 2
    report = profile_report(fixture_store, "2480P02", lang)
    first_column = report.table.iloc[:, 0]
    assert len(first_column) == len(report.table) > 0
    for indicator_name in first_column:
        assert indicator_name[:25] in words, indicator_name
    readings = report.table[translate("profile_col_reading", lang)]
    assert {"▼ Svaghet" if lang == "sv" else "▼ Weakness"} <= set(readings)
    for reading in readings:  # the strength/weakness column is not lost
        assert reading in words, reading
    turnout = "78,0 %" if lang == "sv" else "78.0%"
    assert turnout in words
    assert "district=2480P02" in words and ("Valmyndigheten" in words)
    assert "–" in text and ("å" in text if lang == "sv" else True)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "DejaVuSans" in fonts and " yes yes " in fonts  # embedded, subset


@needs_poppler
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_first_page_renders_to_png(built, tmp_path, lang):
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
                    str(built["2480P02", lang]), str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


@needs_poppler
def test_hostile_name_is_printed_as_text_and_suppressed_values_as_dots(built):
    """The fourth district's turnout 44/48 and 40/45 are suppressed: neither 91,7 nor 88,9
    may appear in its PDF; its name is printed literally."""
    text = re.sub(r"\s+", " ", pdf_text(built["2480P04", "sv"]))
    assert HOSTILE_NAME in text
    assert ".." in text
    for number in ("91,7", "91.7", "88,9", "88.9"):
        assert number not in text


@needs_poppler
def test_a_long_table_is_never_cut(fixture_store, tmp_path):
    """The browser's print cut the table at ~10 rows: 32 rows (the default catalogue has 14
    district indicators) flow onto a second page, every row printed, never a third page."""
    report = profile_report(fixture_store, "2480P02", "sv")
    table = pd.concat([report.table] * 8, ignore_index=True)
    table.iloc[:, 0] = [f"Rad {i:02d} {name}" for i, name in enumerate(table.iloc[:, 0])]
    path = tmp_path / "long.pdf"
    path.write_bytes(profile_pdf.build(dataclasses.replace(report, table=table)))
    assert pages(path) == 2
    words = re.sub(r"\s+", " ", pdf_text(path))
    assert "Ålidhem · Distriktsprofil · sida 2 av 2" in words  # page 2 says whose it is
    assert all(f"Rad {i:02d} " in words for i in range(len(table)))


@needs_poppler
def test_a_profile_with_little_data_still_prints(fixture_store, tmp_path):
    """No goals, no series, an empty scorecard: one page that says so, no crash."""
    report = profile_report(fixture_store, "2480P02", "en")
    path = tmp_path / "empty.pdf"
    path.write_bytes(profile_pdf.build(dataclasses.replace(
        report, goals=(), charts=(), table=report.table.iloc[0:0], sources=(), quality=())))
    assert pages(path) == 1
    assert "No time series for the district." in pdf_text(path)


@pytest.mark.parametrize("name", [r"$\frac{1}{$ Sävar", "_nolegend_", "a $x^2$ b"])
def test_chart_shows_any_district_name_literally(name):
    """Names reach matplotlib as text: no mathtext (a broken formula would raise), no hidden
    legend entry."""
    import pandas as pd

    series = pd.DataFrame({"area_name": [name, name], "year": [2014, 2018],
                           "value": [1.0, 2.0]})
    png = profile_pdf_charts.chart_png(profile_pdf.Chart("T", series, name), "sv")
    assert png[:4] == b"\x89PNG"


def test_live_url_keeps_the_query_string():
    assert profile_pdf.live_url("https://dash.example/profile", {"district": "2480P02",
                                                                  "lang": "en"}) == (
        "https://dash.example/profile?district=2480P02&lang=en")
    assert profile_pdf.live_url(None, {"k": "5"}) == "/profile?k=5"
    assert profile_pdf.live_url(None, {"k": "5", "zzz": "x" * 20_000}) == "/profile?k=5"


@needs_poppler
def test_an_address_too_long_for_a_qr_code_is_printed_as_text(fixture_store, tmp_path):
    url = "https://dash.example/profile?district=2480P02&x=" + "y" * 5000
    path = tmp_path / "long_url.pdf"
    path.write_bytes(profile_pdf.build(profile_report(fixture_store, "2480P02", "sv", url=url)))
    assert pages(path) <= 2 and "dash.example" in pdf_text(path)


def test_verdicts_are_read_from_the_published_table(fixture_store):
    goals = profile_pdf.goals(fixture_store.table("target"), fixture_store.table("verdict"),
                              CATALOGUE, "sv")
    assert [g.word for g in goals] == verdict_words(fixture_store, "sv")
    assert all(g.years.startswith("Basår ") and " R = " in g.years for g in goals)
    assert all(not g.weather or g.weather[0] not in narratives.STATUS_ICONS.values()
               for g in goals)


@needs_poppler
def test_without_dejavu_the_pdf_falls_back_to_helvetica(fixture_store, tmp_path):
    path = tmp_path / "fallback.pdf"
    path.write_bytes(profile_pdf.build(profile_report(fixture_store, "2480P02", "sv"),
                                       fonts_dir=tmp_path / "no-fonts"))
    assert pages(path) <= 2
    text = pdf_text(path)
    assert "Ålidhem" in text and "Helvetica" in subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True).stdout
