"""The Data & methods page's tables, from the fixture database's catalogue and summary."""

from __future__ import annotations

import pytest

from indicators.views import data_methods as view
from tests.fixtures.published import StoreData


@pytest.fixture(scope="module")
def frame(fixture_store):
    catalogue = StoreData(fixture_store).catalogue()
    return view.catalogue_frame(catalogue, fixture_store.indicator_summary(), "sv")


def test_catalogue_row_has_the_indicator_quality_and_latest_year(frame):
    row = view.catalogue_row(frame, "turnout_riksdag")
    assert row["Indikator"] == "Valdeltagande, riksdagsval"
    assert int(row["Senaste år"]) == 2018


def test_filter_catalogue_by_text(frame):
    shown = view.filter_catalogue(frame, "valdeltagande", None, "sv")
    assert "turnout_riksdag" in set(shown["id"]) and len(shown) < len(frame)
