"""Shared fixtures: the small fixture database, published through the real publish path."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators.data.store import Store, publish
from indicators.methods.derive import derive
from tests.fixtures.dataset import fixture_tables, two_kommun_tables

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fixture") / "fixture.duckdb"
    publish(derive(fixture_tables()), path, name="Fixture", seed=None,
            note="tests/fixtures/dataset.py")
    return path


@pytest.fixture(scope="session")
def two_kommun_db(tmp_path_factory) -> Path:
    """The fixture with a second kommun (Robertsfors, two districts): tests/fixtures/dataset.py
    `two_kommun_tables`."""
    path = tmp_path_factory.mktemp("two_kommuner") / "two_kommuner.duckdb"
    publish(derive(two_kommun_tables()), path, name="Fixture, two kommuner", seed=None,
            note="tests/fixtures/dataset.py two_kommun_tables")
    return path


@pytest.fixture(scope="session")
def fixture_store(fixture_db) -> Store:
    return Store(fixture_db)


class _RouterPagesManager:
    """Streamlit's legacy `pages/` discovery runs a page on its own until app.py has called
    st.navigation once in the process; AppTest resets that flag on every run. The app is served
    with the discovery off (serve.py), so page tests turn it off too: every page then
    runs inside app.py's frame (menu, language, friendly errors) exactly as users see it."""


@pytest.fixture(autouse=True)
def pages_through_the_router(monkeypatch):
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    class RouterPagesManager(PagesManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    RouterPagesManager.__doc__ = _RouterPagesManager.__doc__
    monkeypatch.setattr(app_test, "PagesManager", RouterPagesManager)
    yield
