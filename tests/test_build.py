"""The build from the real raw files: known real values, determinism, refusal of broken input."""

from __future__ import annotations

import shutil

import pytest

from indicators.build import build, main
from indicators.store import Store
from tests.conftest import ROOT

RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def umea(tmp_path_factory) -> Store:
    path = tmp_path_factory.mktemp("umea") / "umea.duckdb"
    build(path)
    return Store(path)


def value(store: Store, indicator: str, area: str, year: int, sex: str = "total"):
    frame = store.observations(indicator, area_id=area, year=year, sex=sex)
    assert len(frame) == 1, (indicator, area, year)
    return frame.iloc[0]


def test_city_turnout_2018_counts_early_votes(umea):
    row = value(umea, "turnout_riksdag", "kommun:2480", 2018)
    assert (row["numerator"], row["denominator"]) == (85_125, 95_033)
    assert round(row["value"], 1) == 89.6


def test_collection_districts_are_counted_but_not_mapped(umea):
    areas = umea.areas("valdistrikt")
    collection = areas[areas["name"].str.startswith("Uppsamlingsdistrikt")]
    assert len(collection) == 4  # two per election year, 2014 and 2018
    assert not collection["on_map"].any()
    assert set(collection["parent_id"]) == {"kommun:2480"}
    voters = umea.observations("voters_riksdag", level="valdistrikt", year=2018)
    assert voters["value"].sum() == 85_125


@pytest.mark.parametrize(("year", "expected", "quality"), [
    (2018, 127_119, "derived"), (2022, 132_235, "derived"), (2019, 128_901, "official"),
    (2025, 135_273, "official"),
])
def test_population_known_values(umea, year, expected, quality):
    row = value(umea, "population", "kommun:2480", year)
    assert row["value"] == expected
    assert row["quality"] == quality


def test_population_gaps_are_never_interpolated(umea):
    years = set(umea.years("population"))
    for missing in (2009, 2012, 2013, 2016, 2017, 2021):
        assert missing not in years
    assert {2000, 2002, 2018, 2022, 2025} <= years


@pytest.mark.parametrize(("year", "expected"), [(1990, 481_807), (2024, 365_010)])
def test_emission_totals(umea, year, expected):
    assert round(value(umea, "ghg_total", "kommun:2480", year)["value"]) == expected


def test_emissions_per_inhabitant_only_where_population_exists(umea):
    years = umea.years("ghg_per_capita")
    assert 2021 not in years and 1990 not in years
    row = value(umea, "ghg_per_capita", "kommun:2480", 2024)
    assert row["value"] == pytest.approx(365_009.52 / 134_249, rel=1e-6)


def test_cars_per_1000_is_the_official_figure(umea):
    assert value(umea, "cars_per_1000", "kommun:2480", 2025)["value"] == 431


def test_geography_levels(umea):
    stadsdelar = umea.areas("stadsdel")
    assert len(stadsdelar) == 145
    assert (stadsdelar["name"] == "Hamptjärnsliden").sum() == 1
    districts = umea.areas("district")
    assert 25 <= len(districts) <= 40
    assert districts["on_map"].all()
    assert len(umea.areas("regso")) == 42


def test_map_geometry_is_small_and_clockwise(umea):
    import shapely

    frame = umea.map_geometry("district")
    assert frame["map_geojson"].str.len().sum() < 150_000
    for text in frame["map_geojson"]:
        geometry = shapely.from_geojson(text)
        assert geometry.is_valid
        for polygon in shapely.get_parts(geometry):
            ring = polygon.exterior
            assert not ring.is_ccw
        west, south, east, north = geometry.bounds  # WGS84 degrees around Umeå
        assert 19 < west < east < 21.5 and 63.2 < south < north < 64.6


def test_district_turnout_is_ratio_of_sums(umea):
    districts = umea.observations("turnout_riksdag", level="district", year=2018)
    assert (districts["quality"] == "derived").all()
    row = districts.iloc[0]
    assert row["value"] == pytest.approx(100 * row["numerator"] / row["denominator"])
    # Districts add up to the city minus the early votes of the collection districts.
    city = value(umea, "turnout_riksdag", "kommun:2480", 2018)
    assert districts["denominator"].sum() == city["denominator"]
    assert districts["numerator"].sum() < city["numerator"]


def test_every_synthetic_observation_carries_its_flag(umea):
    frame = umea.query(
        "select i.illustrative, o.quality, o.source_id, count(*) as n from observation o "
        "join indicator i using (indicator_id) group by all"
    )
    synthetic = frame[frame["illustrative"]]
    assert set(synthetic["quality"]) == {"synthetic"}
    assert set(synthetic["source_id"]) == {"synthetic_generator"}
    assert "synthetic" not in set(frame[~frame["illustrative"]]["quality"])


def test_sexes_add_up_in_synthetic_rates(umea):
    frame = umea.observations("perceived_safety", area_id="district:2480P01", year=2024,
                              sex=None)
    by_sex = frame.set_index("sex")
    assert by_sex.loc["total", "denominator"] == (
        by_sex.loc["women", "denominator"] + by_sex.loc["men", "denominator"])


def test_build_is_deterministic(tmp_path):
    first = build(tmp_path / "a.duckdb")
    second = build(tmp_path / "b.duckdb")
    assert first == second


def test_broken_raw_file_fails_and_keeps_the_previous_database(tmp_path, capsys):
    db = tmp_path / "umea.duckdb"
    digest = build(db)
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    path = raw / "umea_population_history.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("107917", "107 9x7", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["--db", str(db), "--raw", str(raw)]) == 1
    message = capsys.readouterr().err
    assert "umea_population_history.csv, line 4, column 'population_dec31'" in message
    assert "unchanged" in message
    assert Store(db).dataset()["content_hash"] == digest


def test_ragged_election_row_is_refused(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    path = raw / "umea_valdistrikt_riksdagsval_2018.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5] + ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["--db", str(tmp_path / "x.duckdb"), "--raw", str(raw)]) == 1
    assert "umea_valdistrikt_riksdagsval_2018.csv, line 6" in capsys.readouterr().err
    assert not (tmp_path / "x.duckdb").exists()


def test_turnout_that_disagrees_with_counts_is_refused(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    path = raw / "umea_valdistrikt_riksdagsval_2018.csv"
    text = path.read_text(encoding="utf-8").replace(",1012,1104,91.67", ",1012,1104,97.67")
    path.write_text(text, encoding="utf-8")
    assert main(["--db", str(tmp_path / "x.duckdb"), "--raw", str(raw)]) == 1
    assert "turnout disagrees" in capsys.readouterr().err


def test_build_keeps_a_database_with_ingested_data(tmp_path, capsys):
    from indicators.ingest import ingest

    db = tmp_path / "umea.duckdb"
    assert main(["--db", str(db)]) == 0
    upload = tmp_path / "new.csv"
    upload.write_text("indicator,area,level,year,value,quality\n"
                      "turnout_riksdag,2480P05,district,2022,84.5,provisional\n",
                      encoding="utf-8")
    assert ingest([upload], db).published
    digest = Store(db).dataset()["content_hash"]
    assert main(["--db", str(db)]) == 0
    assert "Kept" in capsys.readouterr().out
    assert Store(db).dataset()["content_hash"] == digest
    assert main(["--db", str(db), "--force"]) == 0
    assert Store(db).dataset()["content_hash"] != digest
    assert (tmp_path / "umea.duckdb.lkg").exists()
