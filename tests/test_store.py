"""The data-access module: read-only, hardened, bound parameters, atomic publish, reopen."""

from __future__ import annotations

import os
import re
import threading

import duckdb
import pandas as pd
import pytest

from indicators.data.store import CHECKED_KEYS, TABLES, Store, StoreError, publish
from indicators.methods.derive import derive
from tests.fixtures.dataset import fixture_tables


def test_fixture_turnout_reads_back(fixture_store):
    frame = fixture_store.observations("turnout_riksdag", level="district", year=2018)
    values = dict(zip(frame["area_name"], frame["value"].round(1), strict=True))
    assert values["Ålidhem"] == 78.0
    assert values["Centrum"] == 92.0


def test_dataset_row_has_version_and_hash(fixture_store):
    dataset = fixture_store.dataset()
    assert dataset["name"] == "Fixture"
    assert len(dataset["content_hash"]) == 64
    assert dataset["version"] == dataset["content_hash"][:12]


def test_connection_is_read_only(fixture_store):
    with pytest.raises(duckdb.Error):
        fixture_store.query("delete from observation")
    assert len(fixture_store.table("observation")) > 0


def test_sql_cannot_read_other_files(fixture_store):
    with pytest.raises(duckdb.Error, match="(?i)permission|disabled|external"):
        fixture_store.query("select * from read_csv('/etc/passwd')")


@pytest.mark.parametrize("template", [
    "select content from read_blob('{path}')",
    "select content from read_text('{path}')",
    "select * from read_csv('{path}')",
    "select * from glob('{folder}/*')",
    "attach '{folder}/other.duckdb' as other",
])
@pytest.mark.parametrize("target", ["database", "/etc/passwd"])
def test_sql_cannot_read_any_file_not_even_the_database_itself(fixture_store, template, target):
    path = fixture_store.path if target == "database" else target
    sql = template.format(path=path, folder=os.path.dirname(path))
    with pytest.raises(duckdb.Error, match="(?i)permission|disabled"):
        fixture_store.query(sql)


def test_sql_cannot_write_anywhere(tmp_path):
    path = tmp_path / "live.duckdb"
    publish(derive(fixture_tables()), path, name="Fixture")
    store = Store(path)
    for target in (tmp_path / "out.csv", path.with_suffix(".wal")):
        with pytest.raises(duckdb.Error, match="(?i)permission|disabled"):
            store.query(f"copy (select * from area) to '{target}'")
    settings = store.query(
        "select current_setting('temp_directory') as temp, "
        "current_setting('allowed_directories') as allowed, "
        "current_setting('max_temp_directory_size') as spill").iloc[0]
    assert settings["temp"] == "" and list(settings["allowed"]) == []   # nowhere to spill
    assert settings["spill"].startswith("0")
    with pytest.raises(duckdb.Error):
        store.query(f"set temp_directory = '{tmp_path}'")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live.duckdb"]
    assert len(store.table("observation")) > 0  # reading the published tables still works


def test_configuration_is_locked(fixture_store):
    with pytest.raises(duckdb.Error):
        fixture_store.query("set enable_external_access = true")


def test_values_are_bound_not_interpreted(fixture_store):
    hostile = "' or 1=1 --"
    assert fixture_store.observations(hostile).empty
    frame = fixture_store.observations("turnout_riksdag", area_id=hostile, sex=None)
    assert frame.empty


def test_table_names_come_from_a_whitelist(fixture_store):
    with pytest.raises(ValueError, match="unknown table"):
        fixture_store.table("observation; drop table area")
    assert len(fixture_store.table("area")) > 0


def test_hostile_area_name_is_kept_as_data(fixture_store):
    names = set(fixture_store.areas("district")["name"])
    assert "Sävar <img src=x onerror=alert(1)>" in names


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no database"):
        Store(tmp_path / "absent.duckdb").query("select 1")


def test_cursor_per_query_is_safe_across_threads(fixture_store):
    errors, results = [], []

    def work(year):
        try:
            for _ in range(20):
                frame = fixture_store.observations("turnout_riksdag", level="district", year=year)
                results.append(set(frame["year"]) == {year})
        except Exception as error:  # noqa: BLE001 - the test counts every failure
            errors.append(error)

    threads = [threading.Thread(target=work, args=(y,)) for y in (2014, 2018) * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert all(results) and len(results) == 160


def test_publish_is_deterministic(tmp_path):
    first = publish(derive(fixture_tables()), tmp_path / "a.duckdb", name="Fixture")
    second = publish(derive(fixture_tables()), tmp_path / "b.duckdb", name="Fixture")
    assert first == second


def test_content_hash_follows_the_content_not_the_row_order(tmp_path):
    """The hash names the published content: one changed value, one changed geometry or one
    missing row gives another hash; the same rows in another order, or a float differing only
    beyond its 10th significant digit, give the same one."""
    tables = derive(fixture_tables())
    digest = publish(tables, tmp_path / "base.duckdb", name="Fixture")

    def variant(name: str, change) -> str:
        changed = {k: v.copy() for k, v in tables.items()}
        changed[name] = change(changed[name])
        return publish(changed, tmp_path / f"{len(os.listdir(tmp_path))}.duckdb", name="Fixture")

    shuffled = variant("observation", lambda f: f.sample(frac=1.0, random_state=1))
    assert shuffled == digest
    row = tables["observation"]["value"].first_valid_index()
    value = float(tables["observation"].loc[row, "value"])

    def nudge(f, by):
        f.loc[row, "value"] = value * (1 + by)
        return f

    assert variant("observation", lambda f: nudge(f, 1e-13)) == digest
    assert variant("observation", lambda f: nudge(f, 1e-3)) != digest
    assert variant("observation", lambda f: f.drop(index=f.index[-1])) != digest
    assert variant("area", lambda f: f.assign(
        geometry_wkb=[bytes(g) + b"\x00" if i == 0 else g
                      for i, g in enumerate(f["geometry_wkb"])])) != digest
    assert variant("indicator", lambda f: f.assign(
        name_en=[n + "." if i == 0 else n for i, n in enumerate(f["name_en"])])) != digest


def test_failed_publish_keeps_the_previous_database(tmp_path):
    path = tmp_path / "live.duckdb"
    digest = publish(derive(fixture_tables()), path, name="Fixture")
    broken = derive(fixture_tables())
    broken["observation"].loc[0, "area_id"] = "district:does-not-exist"
    with pytest.raises(duckdb.Error):
        publish(broken, path, name="Fixture")
    assert Store(path).dataset()["content_hash"] == digest
    assert [p.name for p in tmp_path.iterdir()] == ["live.duckdb"]


def test_checked_keys_name_published_tables_and_their_columns(fixture_store):
    for table, (key, references) in CHECKED_KEYS.items():
        columns = set(fixture_store.table(table).columns)
        assert table in TABLES and set(key) <= columns
        for column, parent in references:
            assert column in columns and column in set(fixture_store.table(parent).columns)


@pytest.mark.parametrize(("table", "spoil", "message"), [
    ("observation", lambda f: pd.concat([f, f.iloc[[0]]]), "observation: duplicate key"),
    ("observation", lambda f: f.assign(source_id=["nowhere"] + list(f["source_id"][1:])),
     "observation: source_id 'nowhere' is not in table source"),
    ("observation", lambda f: f.assign(indicator_id=["x"] + list(f["indicator_id"][1:])),
     "observation: indicator_id 'x' is not in table indicator"),
    ("score", lambda f: pd.concat([f.iloc[[-1]], f]), "score: duplicate key"),
    ("score", lambda f: f.assign(area_id=list(f["area_id"][:-1]) + ["kommun:0000"]),
     "score: area_id 'kommun:0000' is not in table area"),
])
def test_a_repeated_or_orphan_key_refuses_the_whole_publish(tmp_path, table, spoil, message):
    """observation and score declare no keys (an index on millions of rows cost most of a
    national publish); publish checks the same keys itself and keeps the live file."""
    path = tmp_path / "live.duckdb"
    digest = publish(derive(fixture_tables()), path, name="Fixture")
    broken = derive(fixture_tables())
    broken[table] = spoil(broken[table].reset_index(drop=True))
    with pytest.raises(duckdb.ConstraintException, match=re.escape(message)):
        publish(broken, path, name="Fixture")
    assert Store(path).dataset()["content_hash"] == digest
    assert [p.name for p in tmp_path.iterdir()] == ["live.duckdb"]


def test_reader_sees_new_data_after_a_publish(tmp_path):
    path = tmp_path / "live.duckdb"
    publish(derive(fixture_tables()), path, name="First")
    store = Store(path)
    assert store.dataset()["name"] == "First"
    publish(derive(fixture_tables()), path, name="Second")
    assert store.dataset()["name"] == "Second"


def test_publish_requires_every_table(tmp_path):
    tables = derive(fixture_tables())
    del tables["target"]
    with pytest.raises(ValueError, match="target"):
        publish(tables, tmp_path / "x.duckdb", name="x")
    assert not os.listdir(tmp_path)


def test_every_table_is_published(fixture_store):
    for table in TABLES:
        assert len(fixture_store.table(table)) > 0, table


def test_observations_within_an_area_are_its_children_only(fixture_store):
    """`within`: the areas whose parent is that area (a kommun's districts), bound as a value."""
    every = fixture_store.observations("turnout_riksdag", level="district")
    under = fixture_store.observations("turnout_riksdag", level="district", within="kommun:2480")
    assert len(under) == len(every) > 0
    assert fixture_store.observations("turnout_riksdag", within="kommun:0000").empty
    assert fixture_store.observations("turnout_riksdag", within="' or 1=1 --").empty
    assert fixture_store.observations("turnout_riksdag", level="kommun",
                                      within="kommun:2480").empty   # the kommun itself is not


def test_latest_and_area_observations_are_one_query_each(fixture_store):
    """What the scorecard reads in one query: each indicator's total rows in its latest year
    (in the order asked), and one area's rows of several indicators — the same rows as the
    per-indicator reads."""
    ids = ("post_secondary_education", "turnout_riksdag", "perceived_safety")
    latest = fixture_store.latest_observations(ids, "district")
    assert list(dict.fromkeys(latest["indicator_id"])) == list(ids)
    for indicator in ids:
        year = max(fixture_store.years(indicator, "district"))
        expected = fixture_store.observations(indicator, level="district", year=year)
        got = latest[latest["indicator_id"] == indicator].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, expected)
    assert fixture_store.latest_observations(ids, "district", within="kommun:0000").empty
    city = fixture_store.area_observations("kommun:2480", ids)
    pd.testing.assert_frame_equal(
        city.reset_index(drop=True),
        fixture_store.observations("turnout_riksdag", area_id="kommun:2480"))


def test_goal_verdicts_are_the_verdict_rows_of_the_goals(fixture_store):
    every = fixture_store.table("verdict")
    goals = fixture_store.goal_verdicts()
    assert len(goals) == every["target_id"].notna().sum() > 0
    assert set(goals["target_id"]) == set(fixture_store.table("target")["target_id"])
