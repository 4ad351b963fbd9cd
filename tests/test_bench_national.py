"""The national-scale generator (bench/national.py), the product's vectorised derive
(indicators/methods/derive.py) against its plain reference
(indicators/methods/derive_reference.py), and a smoke test of the benchmark's websocket client
against a short-lived server."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json

import duckdb
import numpy as np
import pandas as pd
import pytest
import shapely

from bench import national
from bench.client import Session, write_frames
from bench.server import Server
from indicators.data.catalogue import load_catalogue
from indicators.data.store import Store
from indicators.methods import derive, derive_reference
from tests.conftest import ROOT
from tests.fixtures.dataset import fixture_tables

AREAS, KOMMUNER, INDICATORS, YEARS = 30, 3, 3, 3


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    path = tmp_path_factory.mktemp("national") / "tiny.duckdb"
    result = national.build(path, areas=AREAS, kommuner=KOMMUNER, indicators=INDICATORS,
                            years=YEARS, seed=11)
    return path, result


def _columns(path) -> list[tuple]:
    connection = duckdb.connect(str(path), read_only=True)
    try:
        return connection.execute(
            "select table_name, column_name, data_type, ordinal_position "
            "from information_schema.columns order by table_name, ordinal_position").fetchall()
    finally:
        connection.close()


def test_tiny_database_opens_with_the_expected_rows(tiny):
    path, result = tiny
    store = Store(path)
    areas = store.table("area")
    assert (areas["level_id"] == "district").sum() == AREAS
    assert (areas["level_id"] == "kommun").sum() == KOMMUNER
    assert set(areas.loc[areas["level_id"] == "district", "parent_id"]) <= set(
        areas.loc[areas["level_id"] == "kommun", "area_id"])
    umea = areas[areas["area_id"] == "kommun:2480"]
    assert list(umea["name"]) == ["Umeå"]
    observation = store.table("observation")
    assert len(observation) == (AREAS + KOMMUNER) * INDICATORS * YEARS * 3 == \
        result["observations"]
    assert set(observation["quality"]) == {"synthetic"}
    assert set(observation["sex"]) == {"total", "women", "men"}
    assert observation["year"].nunique() == YEARS
    assert len(store.table("indicator")) == INDICATORS
    assert store.table("indicator")["illustrative"].all()
    assert store.dataset()["name"].startswith("Nationell")
    # The map of the app's default view reads.
    assert len(store.map_geometry("district")) == AREAS
    first = store.table("indicator")["indicator_id"].iloc[0]
    assert len(store.observations(first, level="district", year=national.FIRST_YEAR)) == AREAS


def test_tiny_database_has_the_published_schema(tiny, fixture_db):
    path, _ = tiny
    assert _columns(path) == _columns(fixture_db)


def test_map_geometry_is_valid_clockwise_and_in_sweden(tiny):
    path, _ = tiny
    geometry = Store(path).map_geometry("district")
    shapes = [shapely.from_geojson(text) for text in geometry["map_geojson"]]
    for shape in shapes:
        assert shape.is_valid and not shape.is_empty
        for polygon in shapely.get_parts(shape):
            assert not polygon.exterior.is_ccw           # plotly geo needs clockwise exteriors
        lon_min, lat_min, lon_max, lat_max = shape.bounds
        assert 10.0 < lon_min and lon_max < 25.0 and 55.0 < lat_min and lat_max < 70.0
    full = Store(path).query("select geometry_wkb from area where level_id = 'district'")
    counts = shapely.get_num_coordinates(
        shapely.from_wkb(np.array([bytes(b) for b in full["geometry_wkb"]], dtype=object)))
    assert np.median(counts) >= 20                        # tens of vertices per area


def test_metadata_next_to_the_database_loads_as_a_catalogue(tiny):
    path, result = tiny
    catalogue = load_catalogue(national.metadata_folder(path))
    assert len(catalogue.indicators) == INDICATORS
    assert all(i.illustrative and i.source == "synthetic_generator"
               for i in catalogue.indicators)
    assert result["metadata"] == str(national.metadata_folder(path))


def test_indicator_records_fill_up_with_generated_ones():
    records = national.indicator_records(40)
    assert len(records) == 40 == len({r["id"] for r in records})
    assert sum(r["id"].startswith("national_") for r in records) == max(0, 40 - len(
        load_catalogue().indicators))


def _same(expected: dict, actual: dict) -> None:
    for name in ("observation", "score", "composite", "verdict"):
        left, right = expected[name], actual[name]
        if left.empty and right.empty:
            continue
        key = [c for c in ("indicator_id", "area_id", "year", "sex", "kind", "group_id")
               if c in left.columns]
        left = left.astype({c: str for c in key}).sort_values(key).reset_index(drop=True)
        right = right[list(left.columns)].astype({c: str for c in key}).sort_values(
            key).reset_index(drop=True)
        for frame in (left, right):
            for column in frame.columns:
                if isinstance(frame[column].dtype, pd.CategoricalDtype):
                    frame[column] = frame[column].astype(str)
        pd.testing.assert_frame_equal(left, right, check_dtype=False)


def test_product_derive_equals_the_reference_on_the_fixture():
    tables = fixture_tables()
    _same(derive_reference.derive(tables), derive.derive(tables))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_product_derive_equals_the_reference_on_generated_data(seed):
    tables = national.tables(areas=40, kommuner=4, indicators=6, years=4, seed=seed)
    expected = derive_reference.derive(tables)
    assert expected["observation"]["suppressed"].sum() > 0   # secondary suppression exercised
    _same(expected, derive.derive(tables))


def test_product_derive_equals_the_reference_on_the_built_dataset():
    """The default dataset as the build assembles it: stadsdelar, valdistrikt and RegSO under
    districts, crosswalk links, many small groups (the group rule at work), rates with
    numerators; some cells hidden at the source and one indicator-year of kiosk answers."""
    from indicators import build

    tables = build.assemble(build.DATA_DIR / "raw", build.DATA_DIR)
    observation = tables["observation"].copy()
    observation.loc[::97, "suppressed"] = True
    pulse = observation["indicator_id"] == "turnout_municipal"
    observation.loc[pulse, "quality"] = "citizen_pulse"
    tables = {**tables, "observation": observation}
    expected = derive_reference.derive(tables)
    # the rules hide cells of their own, beyond those hidden at the source (tens of cells in
    # the default dataset; the share depends on which indicators it holds)
    by_rules = expected["observation"]["suppressed"] & ~observation["suppressed"].astype(bool)
    assert by_rules.sum() > 20
    _same(expected, derive.derive(tables))


def test_product_derive_keeps_presuppressed_cells_hidden():
    tables = national.tables(areas=30, kommuner=3, indicators=4, years=3, seed=9)
    observation = tables["observation"].copy()
    observation.loc[::50, "suppressed"] = True
    tables = {**tables, "observation": observation}
    _same(derive_reference.derive(tables), derive.derive(tables))


# --- the websocket client against a real server -----------------------------------------------

def test_client_drives_the_app_and_the_floor_replays_it(fixture_db, tmp_path):
    """A short-lived `streamlit run app.py` on 127.0.0.1: open the map, change the indicator
    through its widget, then replay the recorded run on the floor app (same elements)."""
    server = Server(ROOT / "app.py", env={"UMEA_DB": str(fixture_db), "UMEA_MODE": "public"},
                    log=tmp_path / "app.log")
    server.start(timeout=60)

    async def drive():
        async with Session(server.port, timeout=60, record=True) as session:
            first = await session.load("", "lang=en")
            page = await session.load("map", "lang=en")
            options = session.widget("indicator").options
            changed = await session.change("indicator", index=1 if len(options) > 1 else 0)
            return first, page, changed, session.query_string

    try:
        # A thread of its own: the session's Playwright fixture may keep an event loop running
        # in this thread, where asyncio.run refuses to start.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            first, page, changed, query = pool.submit(asyncio.run, drive()).result()
    finally:
        server.stop()
    assert first.ok and page.ok and changed.ok, (first, page, changed)
    assert page.elements["plotly_chart"] == 1 and page.plotly_specs[0] > 1000
    assert "indicator=" in query and "lang=en" in query
    assert changed.bytes > 0 and changed.recorded

    write_frames(tmp_path / "case.bin", changed.recorded)
    floor = Server(ROOT / "bench" / "floor_app.py", env={"BENCH_FLOOR_DIR": str(tmp_path)},
                   log=tmp_path / "floor.log")
    floor.start(timeout=60)

    async def replay():
        async with Session(floor.port, timeout=60) as session:
            return await session.rerun(query_string="case=case")

    try:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            replayed = pool.submit(asyncio.run, replay()).result()
    finally:
        floor.stop()
    assert replayed.ok
    assert replayed.elements == changed.elements
    assert json.loads(json.dumps(replayed.plotly_specs)) == changed.plotly_specs
