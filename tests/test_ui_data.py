"""ui/data.py: query results kept per dataset version and shared by every session, yet never
changed by what one page does with its copy."""

from __future__ import annotations

import pandas as pd

from ui import data


def test_a_kept_result_is_read_once_and_each_caller_gets_its_own_copy():
    kept = data._Kept(4)
    reads = []

    def read():
        reads.append(1)
        return pd.DataFrame({"value": [1.0, 2.0]})

    first = kept.get(("v1", "q"), read)
    first["value"] = [9.0, 9.0]             # one page changes its copy …
    first.loc[0, "value"] = 7.0
    first["extra"] = 1
    second = kept.get(("v1", "q"), read)
    assert len(reads) == 1                  # … the second caller did not read again
    assert second.columns.tolist() == ["value"] and second["value"].tolist() == [1.0, 2.0]
    assert kept.get(("v2", "q"), read) is not None and len(reads) == 2   # a new version reads


def test_the_least_recently_used_result_goes_first():
    kept = data._Kept(2)
    reads = []

    def read(name):
        return lambda: reads.append(name) or pd.DataFrame({"name": [name]})

    kept.get(("a",), read("a"))
    kept.get(("b",), read("b"))
    kept.get(("a",), read("a"))             # a used again: b is now the oldest
    kept.get(("c",), read("c"))
    kept.get(("a",), read("a"))
    kept.get(("b",), read("b"))
    assert reads == ["a", "b", "c", "b"]


def test_a_value_that_is_not_a_frame_is_returned_as_it_is():
    assert data._Kept(1).get(("years",), lambda: [2018, 2022]) == [2018, 2022]


def test_observations_from_the_database_stay_the_same_for_the_next_page(monkeypatch,
                                                                         fixture_db):
    monkeypatch.setenv("UMEA_DB", str(fixture_db))
    rows = data.observations("turnout_riksdag", level="district")
    expected = rows.copy()
    rows.loc[rows.index[0], "value"] = -1.0
    del rows["quality"]
    pd.testing.assert_frame_equal(data.observations("turnout_riksdag", level="district"),
                                  expected)


def test_years_at_a_level_come_from_one_query_and_match_the_store(monkeypatch, fixture_db,
                                                                   fixture_store):
    monkeypatch.setenv("UMEA_DB", str(fixture_db))
    asked = []
    real = data._query

    def counting(version, name, *args):
        asked.append(name)
        return real(version, name, *args)

    monkeypatch.setattr(data, "_query", counting)
    data._YEARS.clear()
    data._YEAR_LEVELS.clear()
    ids = ["turnout_riksdag", "perceived_safety", "income_median_disposable", "no_such"]
    for indicator in ids:
        assert data.years(indicator, "district") == fixture_store.years(indicator, "district")
    assert asked.count("level_years") == 1 and "years" not in asked
    assert data.years("turnout_riksdag") == fixture_store.years("turnout_riksdag")   # any level
