"""The app frame: dataset banner, language, and the last-known-good fallback notice."""

from __future__ import annotations

import shutil

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def run_app(monkeypatch, db, **params):
    monkeypatch.setenv("UMEA_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_dataset_version_in_the_sidebar(monkeypatch, fixture_db, fixture_store):
    at = run_app(monkeypatch, fixture_db)
    version = fixture_store.dataset()["version"]
    assert any(version in c.value for c in at.sidebar.caption)
    assert not at.exception


def test_corrupt_database_falls_back_to_last_known_good(monkeypatch, tmp_path, fixture_db):
    live = tmp_path / "umea.duckdb"
    shutil.copy(fixture_db, live)
    shutil.copy(fixture_db, tmp_path / "umea.duckdb.lkg")
    data = bytearray(live.read_bytes())
    data[4096:8192] = b"\x00garbage" * 512
    live.write_bytes(bytes(data))
    at = run_app(monkeypatch, live)
    assert not at.exception
    assert any("senaste fungerande" in w.value for w in at.warning)
    assert [t.value for t in at.title] == ["Översikt"]


@pytest.mark.parametrize("mode", ["public", "kiosk"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_missing_database_says_the_service_is_being_updated_once(monkeypatch, tmp_path, mode,
                                                                  lang):
    """No command, path or internal name on a public or kiosk screen: one sentence in the
    screen's language; the detail (the missing path) goes to the log."""
    import logging

    from indicators.text.i18n import translate

    logged: list[str] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = lambda record: logged.append(record.getMessage() + str(record.exc_info))
    logger, parent = logging.getLogger("ui"), logging.getLogger("indicators")
    levels = logger.level, parent.level            # another test may have raised them
    logger.addHandler(handler)
    logger.setLevel(logging.ERROR)
    monkeypatch.setenv("UMEA_MODE", mode)
    absent = tmp_path / "absent.duckdb"
    try:
        at = run_app(monkeypatch, absent, lang=lang)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(levels[0])
        parent.setLevel(levels[1])
    assert not at.exception
    shown = lang if mode == "public" else "sv"  # the kiosk always opens in Swedish
    assert [e.value for e in at.error] == [translate("no_database", shown)]
    everything = " ".join(str(getattr(e, "value", "")) for kind in (
        "error", "warning", "info", "markdown", "caption", "text", "title", "header",
        "subheader", "button") for e in getattr(at, kind))
    for internal in ("make", "python", "`", "duckdb", str(tmp_path), "indicators"):
        assert internal not in everything
    assert any("absent.duckdb" in line for line in logged)  # the detail, for the operator


def test_every_url_path_is_its_file_name():
    """A page's address names its file (/data_methods → pages/data_methods.py), so a link, a
    test's switch_page and the file never disagree."""
    from tests.app_pages import PAGES

    assert [p.slug for p in PAGES] == [p.stem for p in PAGES]


def test_a_page_runs_inside_the_frame(monkeypatch, fixture_db):
    """Page tests run through app.py (see conftest): the menu and language switch are there."""
    monkeypatch.setenv("UMEA_DB", str(fixture_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(str(ROOT / "pages" / "data_methods.py")).run()
    assert [t.value for t in at.title] == ["Data och metoder"]
    assert "Karta" in [link.label for link in at.sidebar.get("page_link")]


def test_a_demo_dataset_says_so_on_every_page(monkeypatch, tmp_path, fixture_db):
    """A database built with the generator's seed (the demo) carries the illustrative banner on
    every page; the fixture (no seed, like the default dataset) shows none."""
    from indicators.data.store import publish
    from indicators.methods.derive import derive
    from tests.fixtures.dataset import fixture_tables
    from tests.pages import run_page

    demo = tmp_path / "demo.duckdb"
    publish(derive(fixture_tables()), demo, name="Demo", seed=2050, note="demo")
    for page in ("overview", "map", "growth"):
        at = run_page(monkeypatch, demo, page)
        assert any(w.value.startswith("Demodata: delar av innehållet är illustrativa")
                   for w in at.warning), page
    plain = run_page(monkeypatch, fixture_db, "overview")
    assert not any(w.value.startswith("Demodata") for w in plain.warning)


def test_a_missing_page_file_stops_the_router_loudly(monkeypatch, tmp_path, fixture_db):
    """A deployment without one of its page files shows no partial menu: the screen says that
    something went wrong (no path), the log names the missing file."""
    import logging

    from indicators.text.i18n import translate

    shutil.copytree(ROOT / "pages", tmp_path / "pages")
    shutil.copy(ROOT / "app.py", tmp_path / "app.py")
    (tmp_path / "pages" / "growth.py").unlink()
    logged: list[str] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = lambda record: logged.append(record.getMessage())
    logger = logging.getLogger("ui")
    logger.addHandler(handler)
    monkeypatch.setenv("UMEA_DB", str(fixture_db))
    try:
        at = AppTest.from_file(str(tmp_path / "app.py"), default_timeout=60).run()
    finally:
        logger.removeHandler(handler)
    assert not at.exception
    assert [e.value for e in at.error] == [translate("error_friendly", "sv")]
    assert "pages/growth.py" not in " ".join(str(e.value) for e in at.error)
    assert any("pages/growth.py" in line for line in logged)
    assert not at.sidebar.radio   # no menu, no language switch: nothing half-drawn
