"""Metadata comes from the published database: an indicator added by an ingest (its YAML record
and its district values in one upload) appears on the Data & methods page and on the map without
any change to data/indicators.yaml."""

from __future__ import annotations

import shutil

import pytest

from indicators import ingest
from indicators.ingest import Upload
from tests.conftest import ROOT
from tests.pages import figures, run_page, texts

NEW = ROOT / "tests" / "fixtures" / "ingest" / "indicators_new.yaml"


@pytest.fixture(scope="module")
def imported_db(fixture_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("imported") / "imported.duckdb"
    shutil.copy2(fixture_db, db)
    rows = "".join(f"library_visits,{code},district,2024,\"{value}\",official,\n"
                   for code, value in (("2480P01", "6,5"), ("2480P02", "3,0"),
                                       ("2480P03", "4,5"), ("2480P04", "5,0")))
    data = ("indicator,area,level,year,value,quality,source\n" + rows).encode()
    report = ingest.ingest([Upload("visits.csv", data), NEW], db)
    assert report.published, report.to_text("en")
    return db


def test_the_imported_indicator_is_in_the_data_page_catalogue(monkeypatch, imported_db):
    at = run_page(monkeypatch, imported_db, "data_methods", lang="en")
    listed = set(at.dataframe[0].value["Indicator"])
    assert "Library visits per inhabitant" in listed


def test_the_imported_indicator_can_be_mapped(monkeypatch, imported_db):
    at = run_page(monkeypatch, imported_db, "map", indicator="library_visits", lang="en")
    assert {s.key: s.value for s in at.selectbox}["w_indicator"] == "library_visits"
    located = {loc for trace in figures(at)[0]["data"] for loc in trace.get("locations", [])}
    assert located == {f"district:2480P0{i}" for i in range(1, 5)}
    assert "highest in Centrum (6.5" in texts(at) and "lowest in Ålidhem (3.0" in texts(at)
