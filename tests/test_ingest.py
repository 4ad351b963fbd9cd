"""Loading new data safely (issue 6): every ingest row of docs/RELIABILITY.md.

The input files are checked in under tests/fixtures/ingest/ (made by make_fixtures.py there, in
the encodings and separators Swedish exports use). Each test ingests into a copy of the fixture
database, never into the shared one.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import time
import tracemalloc
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators import ingest
from indicators.data.store import (
    Store,
    StoreError,
    check_published,
    last_known_good,
    open_published,
)
from indicators.ingest import (
    IngestBusy,
    IngestConflict,
    IngestRefused,
    Report,
    Upload,
    areas,
    cells,
    formats,
    ingest_lock,
    main,
    publish_staged,
    readers,
    validate_files,
)
from indicators.ingest.lookup import Lookup
from indicators.ingest.observations import stage_observations
from indicators.sources.rawdata import Problem

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SAME_CONTENT = ["obs_utf8.csv", "obs_utf8_bom.csv", "obs_cp1252.csv", "obs_latin1.tsv",
                "obs.xlsx"]


@pytest.fixture
def db(fixture_db, tmp_path) -> Path:
    target = tmp_path / "umea.duckdb"
    shutil.copy2(fixture_db, target)
    return target


def fingerprint(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_ino, stat.st_mtime_ns


def table_count(path: Path) -> int:
    frame = Store(path).query("select count(*) as n from information_schema.tables")
    return int(frame["n"][0])


def where(report: Report) -> set[tuple[int | None, str | None]]:
    return {(p.line, p.column) for p in report.errors}


# --- CSV dialects, encodings and decimal marks -----------------------------------------------

def test_semicolon_and_decimal_comma_become_numbers(db):
    report, staged = validate_files([FIXTURES / "obs_cp1252.csv"], db)
    assert report.ok, report.to_text("en")
    data_lines = (FIXTURES / "obs_cp1252.csv").read_bytes().decode("cp1252").splitlines()[1:]
    assert len(staged.observations) == len(data_lines) == 8          # 0 rows lost
    values = staged.observations.set_index(["indicator_id", "area_id", "sex"])["value"]
    assert values[("turnout_riksdag", "district:2480P02", "total")] == 12.5      # "12,5"
    assert values[("perceived_safety", "district:2480P01", "men")] == 80.25       # "80,25"
    assert staged.observations["numerator"].max() == 925.0


@pytest.mark.parametrize("name", SAME_CONTENT[1:])
def test_encodings_separators_and_xlsx_give_identical_frames(db, name):
    _, reference = validate_files([FIXTURES / SAME_CONTENT[0]], db)
    report, staged = validate_files([FIXTURES / name], db)
    assert report.ok, report.to_text("en")
    pd.testing.assert_frame_equal(staged.observations, reference.observations)
    # Å Ä Ö survived: Ålidhem and the fourth district ("Sävar …") were found by name.
    assert {"district:2480P02", "district:2480P04"} <= set(staged.observations["area_id"])
    text = staged.observations.astype(str).to_csv()
    assert "Ã" not in text and "Ã" not in report.to_text("sv")


@pytest.mark.parametrize("name, encoding", [
    ("obs_utf8.csv", "utf-8"), ("obs_utf8_bom.csv", "utf-8-sig"), ("obs_cp1252.csv", "cp1252"),
    ("obs_latin1.tsv", "cp1252"),
])
def test_encoding_detected_and_letters_round_trip(name, encoding):
    text, detected, problems = readers.decode_text((FIXTURES / name).read_bytes(), name)
    assert detected == encoding and problems == []
    assert "Ålidhem" in text and "Sävar" in text and "Ã" not in text
    if encoding != "utf-8":
        assert "KÖN" in text and "VÄRDE" in text and "NIVÅ" in text and "män" in text


def test_utf8_read_as_cp1252_upstream_is_refused_not_published(db):
    mojibake = "Ålidhem".encode().decode("cp1252")  # 'Ã…lidhem'
    data = ("indicator,area,level,year,value,quality\n"
            f"turnout_riksdag,{mojibake},district,2022,50,official\n").encode()
    report, _ = validate_files([Upload("mojibake.csv", data)], db)
    assert not report.ok
    assert "mis-encoded" in report.errors[0].rule and report.errors[0].line == 2


def test_bytes_that_are_neither_utf8_nor_cp1252_are_refused_not_guessed(db):
    data = b"indicator,area,level,year,value,quality\nturnout_riksdag,\x81\x8d,district,2022,5,o\n"
    report, _ = validate_files([Upload("odd.csv", data)], db)
    assert not report.ok and "not UTF-8 nor Windows-1252" in report.errors[0].rule


def test_mixed_decimal_marks_are_refused_with_a_clear_message(db):
    report, _ = validate_files([FIXTURES / "obs_mixed_decimals.csv"], db)
    assert len(report.errors) == 1
    rule = report.errors[0].rule
    assert "mixes decimal commas (line 2" in rule and "decimal points (line 3" in rule


def test_thousands_separators_and_both_marks():
    assert cells.parse_number("1 234,5", ",") == 1234.5
    assert cells.parse_number("1\u00a0234", ",") == 1234.0
    assert cells.parse_number("\u22123", ".") == -3.0
    for bad in ("12 5", "nan", "inf", "1_000", "1e999", "' or 1=1", "5 %"):
        with pytest.raises(ValueError):
            cells.parse_number(bad, ".")
    mark, mixed, both = cells.detect_decimal([(2, "value", "1.234,5")])
    assert both == [(2, "value", "1.234,5")] and mixed is None


# --- every error, with line and column; nothing published ------------------------------------

BAD_FILE_ERRORS = {
    (3, None),                          # ragged row
    (4, "year"), (4, "value"),          # wrong types
    (5, "value"), (6, "value"),         # -3 % and 130 %
    (7, "indicator"), (8, "area"), (8, "year"),   # empty keys
    (9, "area"),                        # duplicate key
    (10, "area"),                       # unknown district
    (11, "indicator"),                  # an indicator name carrying SQL
    (12, "value"),                      # a value carrying SQL
    (13, "level"), (14, "sex"), (14, "quality"),
    (15, "value"),                      # a negative count
    (16, "year"), (16, "source"),       # year outside 1900-2100, unknown source
}


def test_bad_file_is_refused_whole_with_every_error_listed(db):
    before, tables = fingerprint(db), table_count(db)
    report = ingest.ingest([FIXTURES / "obs_bad.csv"], db)
    assert where(report) == BAD_FILE_ERRORS
    assert all(p.file == "obs_bad.csv" and p.line is not None for p in report.errors)
    assert not report.published
    assert fingerprint(db) == before and table_count(db) == tables
    assert not last_known_good(db).exists()


def test_error_messages_name_the_rule(db):
    report, _ = validate_files([FIXTURES / "obs_bad.csv"], db)
    rules = {(p.line, p.column): p.rule for p in report.errors}
    assert "fields" in rules[(3, None)]
    assert "between 0 and 100" in rules[(5, "value")] and "between 0 and 100" in rules[(6, "value")]
    assert "first on line 2" in rules[(9, "area")]
    assert "unknown area" in rules[(10, "area")]
    assert "unknown indicator" in rules[(11, "indicator")]
    assert rules[(12, "value")] == "not a number"
    assert "1900-2100" in rules[(16, "year")]


def test_cli_refuses_with_exit_code_1_and_lists_lines(db, capsys):
    before = fingerprint(db)
    assert main([str(FIXTURES / "obs_bad.csv"), "--db", str(db), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "line 10, column 'area'" in out and "Nothing was published" in out
    assert fingerprint(db) == before


def test_one_bad_file_refuses_the_whole_ingest(db):
    before = fingerprint(db)
    report = ingest.ingest([FIXTURES / "obs_utf8.csv", FIXTURES / "obs_bad.csv"], db)
    assert not report.ok and not report.published and fingerprint(db) == before


def test_same_key_in_two_files_is_an_error(db):
    report, _ = validate_files([FIXTURES / "obs_utf8.csv", FIXTURES / "obs_cp1252.csv"], db)
    assert not report.ok
    assert all("also in obs_utf8.csv" in p.rule for p in report.errors)
    assert len(report.errors) == 8


# --- SQL in names and values -----------------------------------------------------------------

def test_column_name_carrying_sql_is_rejected_by_the_whitelist(db):
    before, tables = fingerprint(db), table_count(db)
    report = ingest.ingest([FIXTURES / "obs_sql_column.csv"], db)
    assert [(p.line, p.column) for p in report.errors] == [(1, "x'); drop table area; --")]
    assert "unknown column" in report.errors[0].rule
    assert fingerprint(db) == before and table_count(db) == tables


def test_indicator_id_carrying_sql_in_metadata_is_rejected(db):
    tables = table_count(db)
    report = ingest.ingest([FIXTURES / "indicators_bad.yaml"], db)
    assert not report.published and table_count(db) == tables
    by_line = {(p.line, p.value): p.rule for p in report.errors}
    assert "does not match" in by_line[(2, "x'; drop table area; --")]
    assert "exists in the database" in by_line[(15, "turnout_riksdag")]
    rules = [p.rule for p in report.errors if p.line == 28]
    assert any("happiness" in r for r in rules) and any("nowhere" in r for r in rules)


def test_value_carrying_sql_adds_no_rows(db):
    rows = len(Store(db).table("observation"))
    data = (b"indicator,area,level,year,value,quality\n"
            b"turnout_riksdag,Centrum,district,2022,' or 1=1,official\n"
            b"turnout_riksdag,' or 1=1 --,district,2022,50,official\n")
    report = ingest.ingest([Upload("sql.csv", data)], db)
    assert where(report) == {(2, "value"), (3, "area")}
    assert len(Store(db).table("observation")) == rows


def test_hostile_area_name_is_matched_as_data(db):
    report = ingest.ingest([FIXTURES / "obs_utf8.csv"], db)
    assert report.published
    frame = Store(db).observations("turnout_riksdag", level="district", year=2022)
    assert "Sävar <img src=x onerror=alert(1)>" in set(frame["area_name"])


# --- a district missing from a file ----------------------------------------------------------

def test_missing_district_is_a_warning_and_stays_no_data(db):
    report = ingest.ingest([FIXTURES / "obs_missing_district.csv"], db)
    assert report.ok and report.published
    warned = [p for p in report.warnings if "Holmsund" in p.rule]
    assert len(warned) == 1
    assert "no data" in warned[0].rule and "never as 0" in warned[0].rule
    frame = Store(db).observations("turnout_riksdag", level="district", year=2022)
    assert "district:2480P03" not in set(frame["area_id"])               # no row, not 0
    assert len(frame) == 3


def test_row_without_value_is_skipped_with_a_warning(db):
    data = ("indicator;area;level;year;value;quality\n"
            "turnout_riksdag;Centrum;district;2022;..;official\n"
            "turnout_riksdag;Ålidhem;district;2022;12,5;official\n").encode("cp1252")
    report, staged = validate_files([Upload("scb.csv", data)], db)
    assert report.ok and len(staged.observations) == 1
    assert any(p.line == 2 and "skipped" in p.rule for p in report.warnings)


# --- publish: merge, replace, derive, last known good ----------------------------------------

def test_publish_merges_replaces_and_keeps_last_known_good(db):
    original = fingerprint(db)[0]
    old = Store(db).dataset()
    data = (b"indicator,area,level,year,value,numerator,denominator,quality\n"
            b"turnout_riksdag,Centrum,district,2018,93.0,930,1000,official\n")
    report = ingest.ingest([Upload("fix.csv", data)], db)
    assert report.published and report.replaced["observation"] == 1
    assert any("will be replaced" in p.rule for p in report.notes)
    store = Store(db)
    dataset = store.dataset()
    assert dataset["name"] == old["name"] and dataset["content_hash"] == report.content_hash
    assert "fix.csv" in dataset["note"]
    frame = store.observations("turnout_riksdag", area_id="district:2480P01", year=2018)
    assert list(frame["value"]) == [93.0]
    assert "ingest/fix.csv" in set(store.table("raw_file")["path"])
    assert hashlib.sha256(last_known_good(db).read_bytes()).hexdigest() == original
    assert check_published(last_known_good(db)) is None
    assert not list(db.parent.glob(".*.tmp"))


def test_new_indicator_and_its_data_in_one_ingest(db):
    data = ("indicator,area,level,year,value,quality,source\n"
            "library_visits,Umeå,kommun,2024,\"4,5\",official,\n").encode()
    report = ingest.ingest([Upload("visits.csv", data), FIXTURES / "indicators_new.yaml"], db)
    assert report.published, report.to_text("en")
    assert report.counts == {"observation": 1, "indicator": 1, "area": 0}
    store = Store(db)
    assert "library_visits" in set(store.table("indicator")["indicator_id"])
    frame = store.observations("library_visits")
    assert list(frame["value"]) == [4.5] and list(frame["source_id"]) == ["umea_population"]


def test_yaml_aliases_are_refused(db):
    text = (b"defaults: &d {weight: 1.0}\nindicators:\n  - <<: *d\n    id: x\n")
    report, _ = validate_files([Upload("alias.yaml", text)], db)
    assert not report.ok and "aliases" in report.errors[0].rule


def test_broken_yaml_names_its_line(db):
    report, _ = validate_files([Upload("broken.yaml", b"indicators:\n  - id: [x\n")], db)
    assert not report.ok and report.errors[0].line is not None
    assert "not valid YAML" in report.errors[0].rule


# --- parsers bounded before they work -------------------------------------------------------
# A 10 kB file nested 5,000 levels deep cost a minute of CPU and then a RecursionError. Each
# hostile file must be refused by the cheap scan, before anything is composed or parsed: the
# composers are replaced by tripwires, and the CPU time (not wall-clock) of the refusal is
# bounded far above what the scan needs.

DEEP = 5_000
HOSTILE_YAML = {
    "flow_sequences": "indicators: " + "[" * DEEP + "]" * DEEP + "\n",
    "flow_mappings": "indicators: " + "{a: " * DEEP + "1" + "}" * DEEP + "\n",
    "block_mappings": "".join(" " * i + f"k{i}:\n" for i in range(400)) + " " * 400 + "x\n",
    "billion_laughs": "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a]\n"
                      "indicators: [*b, *b, *b, *b, *b, *b, *b, *b]\n",
}


@pytest.fixture
def tripwires(monkeypatch):
    """Fail loudly if a parser gets to compose, construct or decode a hostile file."""
    import yaml

    def tripped(*args, **kwargs):
        raise AssertionError("parsed before the limits were checked")

    monkeypatch.setattr(yaml, "compose", tripped)
    monkeypatch.setattr(yaml.constructor.SafeConstructor, "construct_document", tripped)
    monkeypatch.setattr(areas, "json", SimpleNamespace(loads=tripped,
                                                        JSONDecodeError=json.JSONDecodeError))
    monkeypatch.setattr("pyogrio.raw.read", tripped)


@pytest.mark.parametrize("kind", sorted(HOSTILE_YAML))
def test_hostile_yaml_is_refused_before_composing_with_its_line(db, tripwires, kind):
    started = time.process_time()
    report, _ = validate_files([Upload("deep.yaml", HOSTILE_YAML[kind].encode())], db)
    assert time.process_time() - started < 1.0            # CPU seconds, not wall-clock
    assert not report.ok and len(report.errors) == 1
    problem = report.errors[0]
    assert problem.file == "deep.yaml" and problem.line is not None
    assert "nested deeper than" in problem.rule or "aliases" in problem.rule
    assert "column" in problem.rule


def test_deep_geojson_is_refused_before_parsing_with_line_and_column(db, tripwires):
    text = '{"type": "FeatureCollection",\n "features": ' + "[" * DEEP + "]" * DEEP + "}"
    started = time.process_time()
    report, _ = validate_files([Upload("deep.geojson", text.encode())], db)
    assert time.process_time() - started < 1.0
    assert not report.ok
    problem = report.errors[0]
    assert (problem.file, problem.line) == ("deep.geojson", 2), report.errors
    assert "nested deeper than 64" in problem.rule and "column 77" in problem.rule


def test_brackets_inside_json_strings_do_not_count_as_nesting():
    from indicators.data.bounded_input import check_json_depth

    check_json_depth('{"name": "' + "[" * 500 + '", "x": [[1, 2]]}')


def test_an_oversized_csv_field_is_refused_with_its_line(db):
    text = "indicator_id;area_id;year;value\n" + f"x;y;2020;{'9' * 50_000}\n"
    report, _ = validate_files([Upload("huge.csv", text.encode())], db)
    assert not report.ok
    assert [(e.line, "field larger than field limit" in e.rule) for e in report.errors][:1] == [
        (2, True)]


def test_the_catalogue_loader_is_bounded_too(tmp_path, tripwires):
    from indicators.data.catalogue import CatalogueError, load_catalogue

    (tmp_path / "indicators.yaml").write_text(HOSTILE_YAML["flow_sequences"], "utf-8")
    with pytest.raises(CatalogueError, match=r"indicators.yaml line 1, column \d+: YAML nested"):
        load_catalogue(tmp_path)


def test_derived_tables_are_recomputed(db):
    before = Store(db).table("score")
    ingest.ingest([FIXTURES / "obs_utf8.csv"], db)
    after = Store(db).table("score")
    new = after[(after["indicator_id"] == "turnout_riksdag") & (after["year"] == 2022)]
    assert len(new) > 0 and len(after) > len(before)


def test_reader_sees_old_then_new_without_restart(db):
    store = Store(db)
    old = store.dataset()["version"]
    assert store.years("turnout_riksdag", level="district") == [2014, 2018]
    report = ingest.ingest([FIXTURES / "obs_utf8.csv"], db)
    assert store.dataset()["version"] == report.content_hash[:12] != old
    assert store.years("turnout_riksdag", level="district") == [2014, 2018, 2022]


def test_progress_is_reported_in_order(db):
    report, staged = validate_files([FIXTURES / "obs_utf8.csv"], db)
    steps = []
    publish_staged(staged, db, progress=lambda fraction, message: steps.append(fraction))
    assert steps == sorted(steps) and steps[-1] == 1.0 and len(steps) >= 4


def test_publish_staged_refuses_invalid_staging(db):
    _, staged = validate_files([FIXTURES / "obs_bad.csv"], db)
    with pytest.raises(IngestRefused) as error:
        publish_staged(staged, db)
    assert error.value.report is staged.report


def test_publish_after_the_database_changed_is_a_conflict(db):
    before_other = validate_files([FIXTURES / "obs_missing_district.csv"], db)[1]
    ingest.ingest([FIXTURES / "obs_utf8.csv"], db)
    published = fingerprint(db)
    with pytest.raises(IngestConflict):
        publish_staged(before_other, db)
    assert fingerprint(db) == published


def test_dry_run_publishes_nothing(db, capsys):
    before = fingerprint(db)
    assert main([str(FIXTURES / "obs_utf8.csv"), "--db", str(db), "--dry-run"]) == 0
    assert "Filerna är giltiga" in capsys.readouterr().out
    assert fingerprint(db) == before


def test_uploads_like_streamlit_are_accepted(db):
    class Uploaded:  # the shape of streamlit's UploadedFile
        def __init__(self, path: Path):
            self.name, self._data = path.name, path.read_bytes()
            self.size = len(self._data)

        def getvalue(self) -> bytes:
            return self._data

    report, staged = validate_files([Uploaded(FIXTURES / "obs.xlsx")], db)
    assert report.ok and len(staged.observations) == 8


def test_report_as_frame_and_text(db):
    report, _ = validate_files([FIXTURES / "obs_bad.csv"], db)
    frame = report.to_frame("en")
    assert list(frame.columns) == ["severity", "file", "line", "column", "value", "rule"]
    assert (frame["severity"] == "error").sum() == len(BAD_FILE_ERRORS)
    assert list(report.to_frame("sv").columns)[:3] == ["allvar", "fil", "rad"]
    assert "Fel (18)" in report.to_text("sv") and "Errors (18)" in report.to_text("en")


# --- boundaries ------------------------------------------------------------------------------

def test_sweref_geojson_without_crs_is_detected_and_reprojected(db):
    report = ingest.ingest([FIXTURES / "areas_sweref_nocrs.geojson"], db)
    assert report.published, report.to_text("en")
    assert any("SWEREF 99 TM" in p.rule for p in report.notes)
    areas = Store(db).areas("district").set_index("area_id")
    new = areas.loc[["district:2480P05", "district:2480P06"]]
    assert new["centroid_lon"].between(20.0, 21.5).all()          # around Umeå, in degrees
    assert new["centroid_lat"].between(63.5, 64.2).all()
    assert list(new["name"]) == ["Tavleliden", "Östteg"]
    shapes = Store(db).map_geometry("district").set_index("area_id")
    coordinates = json.loads(shapes.loc["district:2480P06", "map_geojson"])["coordinates"]
    lon, lat = coordinates[0][0]
    assert 20.0 < lon < 21.5 and 63.5 < lat < 64.2


def test_geopackage_is_read(db):
    report, staged = validate_files([FIXTURES / "areas.gpkg"], db)
    assert report.ok, report.to_text("en")
    assert list(staged.areas["area_id"]) == ["district:2480P05"]
    assert staged.areas["parent_id"].iloc[0] == "kommun:2480"


def test_new_areas_and_their_data_in_one_ingest(db):
    data = (b"indicator,area,level,year,value,quality\n"
            b"perceived_safety,Tavleliden,district,2024,71,synthetic\n")
    report = ingest.ingest([Upload("new.csv", data), FIXTURES / "areas_sweref_nocrs.geojson"], db)
    assert report.published, report.to_text("en")
    frame = Store(db).observations("perceived_safety", area_id="district:2480P05")
    assert list(frame["value"]) == [71.0]


@pytest.mark.parametrize("name, words", [
    ("areas_outside_sweden.geojson", "outside Sweden"),
    ("areas_null.geojson", "no geometry (null)"),
    ("areas_broken.geojson", "broken JSON"),
])
def test_bad_boundaries_are_refused_with_a_message(db, name, words):
    before = fingerprint(db)
    report = ingest.ingest([FIXTURES / name], db)
    assert not report.ok and any(words in p.rule for p in report.errors)
    assert fingerprint(db) == before


def test_broken_json_names_line_and_column(db):
    report, _ = validate_files([FIXTURES / "areas_broken.geojson"], db)
    assert report.errors[0].line > 1 and "column" in report.errors[0].rule


@pytest.mark.parametrize("name, words", [
    ("areas_bowtie.geojson", "repaired with make_valid"),
    ("areas_unclosed.geojson", "not closed"),
])
def test_invalid_geometry_is_repaired_with_a_note(db, name, words):
    import shapely

    report, staged = validate_files([FIXTURES / name], db)
    assert report.ok and any(words in p.rule for p in report.notes)
    geometry = shapely.from_wkb(bytes(staged.areas["geometry_wkb"].iloc[0]))
    assert geometry.is_valid and geometry.area > 1_000_000


def _collection(features: list[dict]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _feature(code, geometry, level="district", name="X") -> dict:
    return {"type": "Feature", "properties": {"code": code, "name": name, "level": level},
            "geometry": geometry}


def test_unrepairable_geometry_unknown_crs_and_duplicate_codes_are_refused(db):
    line = {"type": "Polygon", "coordinates": [[[773000, 7085000], [775000, 7085000],
                                                [773000, 7085000]]]}
    report, _ = validate_files([Upload("flat.geojson", _collection([_feature("A", line)]))], db)
    assert "cannot be repaired" in report.errors[0].rule
    rt90 = {"type": "Polygon", "coordinates": [[[1_720_000, 7_080_000], [1_722_000, 7_080_000],
                                                [1_722_000, 7_082_000], [1_720_000, 7_080_000]]]}
    report, _ = validate_files([Upload("rt90.geojson", _collection([_feature("A", rt90)]))], db)
    assert "cannot tell the coordinate system" in report.errors[0].rule
    square = {"type": "Polygon", "coordinates": [[[773000, 7085000], [775000, 7085000],
                                                  [775000, 7087000], [773000, 7085000]]]}
    twice = _collection([_feature("A", square), _feature("A", square), _feature("B", square,
                                                                                 level="moon")])
    report, _ = validate_files([Upload("twice.geojson", twice)], db)
    rules = [p.rule for p in report.errors]
    assert any("duplicate code" in r for r in rules) and any("unknown level" in r for r in rules)


# --- oversized files, zip bombs, XML bombs: refused before parsing ---------------------------

@pytest.fixture
def no_parsing(monkeypatch):
    """Every parser fails loudly if called: a refusal must come before any of them."""
    import openpyxl
    import pyogrio.raw

    def called(*args, **kwargs):
        raise AssertionError("a parser was called")

    monkeypatch.setattr(openpyxl, "load_workbook", called)
    monkeypatch.setattr(pyogrio.raw, "read", called)
    monkeypatch.setattr(readers, "decode_text", called)


def test_oversized_file_is_refused_before_reading(db, tmp_path, no_parsing):
    big = tmp_path / "huge.csv"
    with big.open("wb") as handle:          # a sparse 60 MB file: nothing is really written
        handle.truncate(60 * 1024 * 1024)
    start = time.process_time()            # CPU seconds: the machine's load does not count
    report, _ = validate_files([big], db)
    assert time.process_time() - start < 2  # and no parser ran (no_parsing)
    assert "larger than the limit" in report.errors[0].rule
    small = Upload("small.csv", b"x" * 2000)
    report, _ = validate_files([small], db, max_bytes=1000)
    assert "larger than the limit" in report.errors[0].rule


def test_cli_max_bytes(db, capsys):
    code = main([str(FIXTURES / "obs_utf8.csv"), "--db", str(db), "--max-bytes", "100"])
    assert code == 1 and "larger than the limit of 100 bytes" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["bomb_zip.xlsx", "bomb_xml.xlsx"])
def test_xlsx_bombs_are_refused_before_openpyxl(db, no_parsing, name):
    tracemalloc.start()
    start = time.monotonic()
    report, _ = validate_files([FIXTURES / name], db)
    elapsed = time.monotonic() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert not report.ok and "refused" in report.errors[0].rule
    assert elapsed < 2 and peak < 50 * 1024 * 1024


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_compression_ratio_and_member_count_limits(db, no_parsing):
    ratio = _zip({"xl/worksheets/sheet1.xml": b"\0" * (5 * 1024 * 1024)})
    report, _ = validate_files([Upload("ratio.xlsx", ratio)], db)
    assert "compressed" in report.errors[0].rule
    many = _zip({f"xl/media/{n}.bin": b"x" for n in range(formats.XLSX_MAX_MEMBERS + 1)})
    report, _ = validate_files([Upload("many.xlsx", many)], db)
    assert "parts" in report.errors[0].rule
    report, _ = validate_files([Upload("fake.xlsx", b"not a zip at all")], db)
    assert "no zip signature" in report.errors[0].rule


@pytest.mark.parametrize("head, refused", [
    (b'<?xml version="1.0"?><worksheet/>', False),
    (b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c --><worksheet/>', False),
    (b'<?xml version="1.0"?>' + b"<!--" + b"x" * 70_000 + b"-->", True),   # root too late
    (b'<?xml version="1.0"?><!-- a --><!DOCTYPE x [<!ENTITY a "b">]><x/>', True),
    (b'<?xml version="1.0"?><!doctype x SYSTEM "file:///etc/passwd"><x/>', True),
    ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x><x/>'.encode("utf-16"), True),
])
def test_xml_prolog_check(head, refused):
    assert (readers.xml_prolog_problem(head[: formats.XML_PROLOG_BYTES]) is not None) is refused


@pytest.mark.parametrize("name", ["old.xls", "macro.xlsm", "notes.docx", "noext"])
def test_unaccepted_file_types_are_refused(db, name):
    report, _ = validate_files([Upload(name, b"whatever")], db)
    assert not report.ok and len(report.errors) == 1


def test_a_directory_or_device_is_not_read(db, tmp_path):
    report, _ = validate_files([tmp_path, Path("/dev/zero")], db)
    assert [p.rule for p in report.errors] == ["not a regular file"] * 2


# --- locks, stale files, corrupt databases ---------------------------------------------------

def test_second_ingest_while_one_runs_is_busy(db, capsys):
    before = fingerprint(db)
    with ingest_lock(db):
        with pytest.raises(IngestBusy, match="another ingest"):
            ingest.ingest([FIXTURES / "obs_utf8.csv"], db)
        assert main([str(FIXTURES / "obs_utf8.csv"), "--db", str(db)]) == 3
    assert "another ingest" in capsys.readouterr().err
    assert fingerprint(db) == before
    assert ingest.ingest([FIXTURES / "obs_utf8.csv"], db).published   # free again


def test_temporaries_are_cleaned_under_the_lock_whatever_their_process_id(db):
    """Under the lock no other writer exists, so every leftover goes, even one whose process id
    now belongs to a live process (pid 1, this test's own): ids are reused within minutes."""
    leftovers = [db.with_name(f".{db.name}.{pid}.{suffix}") for pid in (1, os.getpid(), 4_000_000)
                 for suffix in ("tmp", "tmp.wal")] + [db.with_name(f".{db.name}.lkg.1.tmp")]
    unrelated = [db.with_name(f".{db.name}.notes.tmp"), db.with_name(".other.duckdb.1.tmp")]
    for path in [*leftovers, *unrelated]:
        path.write_bytes(b"partial")
    assert ingest.ingest([FIXTURES / "obs_utf8.csv"], db).published
    assert [path.name for path in leftovers if path.exists()] == []
    assert all(path.exists() for path in unrelated)


def test_cleanup_refuses_to_run_without_the_lock(db):
    leftover = db.with_name(f".{db.name}.1.tmp")
    leftover.write_bytes(b"partial")
    with pytest.raises(RuntimeError, match="ingest lock"):
        ingest.remove_stale_temporaries(db)
    assert leftover.exists()
    with ingest_lock(db):
        assert ingest.remove_stale_temporaries(db) == [leftover]


def _corrupt(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif how == "torn":
        path.write_bytes(data[: len(data) // 2])
    else:
        path.write_bytes(b"")


@pytest.mark.parametrize("how", ["garbage", "torn", "empty"])
def test_corrupt_database_falls_back_to_last_known_good(db, how):
    shutil.copy2(db, last_known_good(db))
    version = Store(db).dataset()["version"]
    _corrupt(db, how)
    result = open_published(db)
    assert result.fallback and result.problem
    assert "last known good" in result.notice
    assert result.store.dataset()["version"] == version
    assert len(result.store.table("observation")) > 0


def test_healthy_database_opens_without_notice(db):
    result = open_published(db)
    assert not result.fallback and result.notice is None and result.store.path == db


def test_no_usable_database_raises_once(db):
    _corrupt(db, "garbage")
    with pytest.raises(StoreError, match="last known good"):
        open_published(db)


def test_ingest_into_a_corrupt_database_builds_on_the_last_known_good(db):
    shutil.copy2(db, last_known_good(db))
    good = fingerprint(last_known_good(db))[0]
    _corrupt(db, "garbage")
    report = ingest.ingest([FIXTURES / "obs_utf8.csv"], db)
    assert report.published and any("last known good" in p.rule for p in report.warnings)
    assert check_published(db) is None
    assert fingerprint(last_known_good(db))[0] == good        # the garbage never became the LKG


# --- never an uncaught exception -------------------------------------------------------------

@pytest.fixture(scope="module")
def lookup_tables(fixture_db):
    from indicators.data.store import export_tables

    return export_tables(fixture_db)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_any_bytes_as_csv_or_geojson_give_a_report_not_an_exception(lookup_tables, data):
    header = b"indicator;area;level;year;value;quality\n"
    for name, payload in (("f.csv", data), ("g.csv", header + data), ("h.geojson", data)):
        report = Report()
        lookup = Lookup(lookup_tables)
        kind, _ = formats.file_kind(name)
        if kind == "areas_geojson":
            areas.stage_areas(name, payload, kind, lookup, report)
        else:
            rows = readers.observation_rows(name, payload, kind, report)
            if rows is not None:
                stage_observations(name, rows, lookup, {}, report)
        assert all(isinstance(p, Problem) for p in report.errors)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.one_of(st.text(max_size=12), st.sampled_from(
    ["turnout_riksdag", "Centrum", "district", "2022", "12,5", "12.5", "official", "..", "-3",
     "130", "total", "män", "' or 1=1"])), max_size=8), max_size=6))
def test_generated_rows_never_raise(lookup_tables, cells):
    header = ["indicator", "area", "level", "year", "value", "quality", "sex"]
    rows = [(1, header)] + [(n, row) for n, row in enumerate(cells, start=2)]
    report = Report()
    frame = stage_observations("gen.csv", rows, Lookup(lookup_tables), {}, report)
    if report.ok:
        assert frame["value"].notna().all()
        assert frame["year"].between(1900, 2100).all()


# --- the documented interface ----------------------------------------------------------------

DOCS = Path(__file__).resolve().parents[1] / "docs" / "ingest.md"


def test_documented_example_is_accepted(db):
    example = DOCS.read_text(encoding="utf-8").split("```\nindikator;")[1].split("```")[0]
    data = ("indikator;" + example).encode("cp1252")
    report, staged = validate_files([Upload("valdeltagande_2022.csv", data)], db)
    assert report.ok, report.to_text("en")
    assert len(staged.observations) == 4


def test_documented_columns_match_the_code():
    text = DOCS.read_text(encoding="utf-8")
    for column in ingest.COLUMNS:
        assert f"| `{column}` |" in text
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |"):
        assert code in text


def test_make_ingest_target():
    import subprocess

    result = subprocess.run(["make", "-n", "ingest", "FILES=a.csv b.yaml", "DB=x.duckdb"],
                            cwd=DOCS.parents[1], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "-m indicators.ingest a.csv b.yaml --db x.duckdb" in result.stdout


def test_replacing_existing_boundaries_is_a_warning(db):
    assert ingest.ingest([FIXTURES / "areas.gpkg"], db).published
    report = ingest.ingest([FIXTURES / "areas_sweref_nocrs.geojson"], db)
    assert report.published and report.replaced["area"] == 1
    assert any("new boundaries" in p.rule for p in report.warnings)
    assert len(Store(db).areas("district")) == 6
