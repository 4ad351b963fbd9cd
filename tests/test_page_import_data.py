"""The import page: office mode only, the same validation report as the command, publish."""

from __future__ import annotations

import shutil

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from indicators.data.store import Store
from tests.conftest import ROOT

INGEST = ROOT / "tests" / "fixtures" / "ingest"


@pytest.fixture
def office(monkeypatch, tmp_path, fixture_db):
    db = tmp_path / "live.duckdb"
    shutil.copy(fixture_db, db)
    monkeypatch.setenv("UMEA_DB", str(db))
    monkeypatch.setenv("UMEA_MODE", "office")
    st.cache_data.clear()
    st.cache_resource.clear()
    yield db
    st.cache_data.clear()
    st.cache_resource.clear()


def open_import(lang="sv"):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    return at.switch_page(str(ROOT / "pages/import_data.py")).run()


def test_valid_file_previews_and_publishes(office):
    before = Store(office).dataset()["content_hash"]
    at = open_import()
    data = (INGEST / "obs_utf8.csv").read_bytes()
    at.file_uploader[0].set_value(("obs_utf8.csv", data, "text/csv")).run()
    assert not at.exception
    assert any("giltiga" in s.value for s in at.success)
    publish = next(b for b in at.button if b.label == "Publicera")
    assert not publish.disabled
    publish.click().run()
    assert any("Publicerat" in s.value for s in at.success)
    assert Store(office).dataset()["content_hash"] != before


def test_invalid_file_shows_every_problem_and_cannot_publish(office):
    before = Store(office).dataset()["content_hash"]
    at = open_import("en")
    data = (INGEST / "obs_bad.csv").read_bytes()
    at.file_uploader[0].set_value(("obs_bad.csv", data, "text/csv")).run()
    assert not at.exception
    assert any("cannot be published" in e.value for e in at.error)
    report = at.dataframe[0].value
    assert len(report) >= 3 and {"line", "column"} <= {c.lower() for c in report.columns}
    assert next(b for b in at.button if b.label == "Publish").disabled
    assert Store(office).dataset()["content_hash"] == before


def test_import_page_is_absent_in_public_mode(monkeypatch, fixture_db):
    monkeypatch.setenv("UMEA_DB", str(fixture_db))
    monkeypatch.setenv("UMEA_MODE", "public")
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    labels = [link.label for link in at.sidebar.get("page_link")]
    assert "Ladda in data" not in labels and "Översikt" in labels


def test_citizen_pulse_is_published_from_the_office_page(office, monkeypatch, tmp_path):
    from datetime import date

    from indicators.data import pulse

    answers = tmp_path / "pulse.sqlite"
    monkeypatch.setenv("UMEA_PULSE_DB", str(answers))
    question = pulse.load_questions()[0]
    for value in (5, 5, 4, 2, 1):
        pulse.record_answer(answers, question, "2480P01", value, date(2026, 5, 1))
    at = open_import()
    assert any("5 anonyma svar" in m.value for m in at.markdown)
    next(b for b in at.button if b.label == "Publicera medborgarpulsen").click().run()
    assert any("Publicerat" in s.value for s in at.success)
    row = Store(office).observations("citizen_pulse_area_wellbeing", area_id="district:2480P01")
    assert row.iloc[0]["value"] == 60.0 and row.iloc[0]["quality"] == "citizen_pulse"
