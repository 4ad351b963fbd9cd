"""Data & methods: the catalogue with search and theme filter, one indicator's definition,
source and licence, the dataset version, downloads."""

from __future__ import annotations

from indicators.data.catalogue import load_catalogue
from tests.pages import run_page, texts


def test_catalogue_lists_every_indicator(monkeypatch, fixture_db):
    at = run_page(monkeypatch, fixture_db, "data_methods")
    assert len(at.dataframe[0].value) == len(load_catalogue(demo=True).indicators)


def test_theme_filter_from_a_link(monkeypatch, fixture_db):
    at = run_page(monkeypatch, fixture_db, "data_methods", theme="climate", lang="en")
    names = set(at.dataframe[0].value["Indicator"])
    assert "Greenhouse-gas emissions, total" in names
    assert "Voter turnout, Riksdag election" not in names


def test_indicator_definition_source_and_licence(monkeypatch, fixture_db):
    at = run_page(monkeypatch, fixture_db, "data_methods", indicator="perceived_safety")
    shown = texts(at)
    assert "Illustrativ indikator" in " ".join(w.value for w in at.warning)
    assert "This project (seeded generator" in shown and "MIT" in shown


def test_dataset_version_and_downloads(monkeypatch, fixture_store, fixture_db):
    at = run_page(monkeypatch, fixture_db, "data_methods", lang="en")
    assert fixture_store.dataset()["content_hash"] in texts(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("Download CSV") == 2 and labels.count("Download Excel") == 2


def test_bad_theme_and_indicator_fall_back(monkeypatch, fixture_db):
    at = run_page(monkeypatch, fixture_db, "data_methods", theme="'; drop", indicator="<b>")
    assert at.info and len(at.dataframe[0].value) == len(load_catalogue(demo=True).indicators)
