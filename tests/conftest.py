"""Shared fixtures: the small fixture database, published through the real publish path."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators.derive import derive
from indicators.store import Store, publish
from tests.fixtures.dataset import fixture_tables

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fixture") / "fixture.duckdb"
    publish(derive(fixture_tables()), path, name="Fixture", seed=None, note="tests/fixtures/dataset.py")
    return path


@pytest.fixture(scope="session")
def fixture_store(fixture_db) -> Store:
    return Store(fixture_db)
