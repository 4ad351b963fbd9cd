"""indicators.data.publishing's small-file writer (the lock, temporaries and last known good are
exercised through the ingest and build tests: tests/test_ingest.py, tests/test_build.py)."""

from __future__ import annotations

import os

import pytest

from indicators.data import publishing


def test_a_small_file_is_replaced_whole_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "geo" / "district-abc.geojson"
    publishing.write_text_atomically(target, '{"type":"FeatureCollection","features":[]}')
    publishing.write_text_atomically(target, "second")
    assert target.read_text("utf-8") == "second"
    assert [p.name for p in target.parent.iterdir()] == ["district-abc.geojson"]
    assert target.stat().st_mode & 0o777 == 0o644      # the web server may read it


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "map.geojson"
    publishing.write_text_atomically(target, "old")

    def broken(temporary, path):
        raise OSError("disk full")

    monkeypatch.setattr(publishing, "replace_atomically", broken)
    with pytest.raises(OSError):
        publishing.write_text_atomically(target, "new")
    assert target.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.geojson"]


def test_keep_newest_removes_only_the_older_files_of_that_pattern(tmp_path):
    """The map's geometry files: the newest few of a level stay, older ones go, other levels
    and other files are untouched, and a missing folder is no error."""
    from indicators.data.publishing import keep_newest

    for age, name in enumerate(["district-e.geojson", "district-d.geojson", "district-c.geojson",
                                "district-b.geojson", "district-a.geojson"]):
        (tmp_path / name).write_text(name)
        os.utime(tmp_path / name, ns=(10**18 - age * 10**9, 10**18 - age * 10**9))
    (tmp_path / "stadsdel-x.geojson").write_text("old")
    os.utime(tmp_path / "stadsdel-x.geojson", ns=(1, 1))
    removed = keep_newest(tmp_path, "district-*.geojson", 3)
    assert sorted(p.name for p in removed) == ["district-a.geojson", "district-b.geojson"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "district-c.geojson", "district-d.geojson", "district-e.geojson", "stadsdel-x.geojson"]
    assert keep_newest(tmp_path / "missing", "*", 1) == []
