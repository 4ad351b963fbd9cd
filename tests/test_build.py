"""The build from the real raw files: known real values, determinism, refusal of broken input."""

from __future__ import annotations

import shutil

import pytest

from indicators.build import build, main
from indicators.data.store import Store
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


def test_official_city_turnout_counts_early_votes(umea):
    row = value(umea, "turnout_riksdag_official", "kommun:2480", 2018)
    assert (row["numerator"], row["denominator"]) == (85_125, 95_033)
    assert round(row["value"], 1) == 89.6
    row = value(umea, "turnout_riksdag_official", "kommun:2480", 2022)
    assert (row["numerator"], row["denominator"]) == (86_791, 99_226)
    assert round(row["value"], 2) == 87.47
    assert value(umea, "turnout_riksdag_official", "kommun:2480", 2026)["denominator"] == 103_674


def test_city_turnout_computed_like_the_districts_leaves_early_votes_out(umea):
    # 2022: 86,791 voters minus the 1,320 + 729 early votes no valdistrikt holds.
    row = value(umea, "turnout_riksdag", "kommun:2480", 2022)
    assert (row["numerator"], row["denominator"]) == (86_791 - 1_320 - 729, 99_226)
    assert row["quality"] == "derived"


def test_collection_districts_are_counted_but_not_mapped(umea):
    areas = umea.areas("valdistrikt")
    assert not areas["name"].str.contains("Uppsamling|Onsdag|Förtidsröster").any()
    voters = umea.observations("voters_riksdag", level="valdistrikt", year=2018)
    assert voters["value"].sum() == 85_125 - 1_695 - 878
    assert value(umea, "voters_riksdag", "kommun:2480", 2018)["value"] == 85_125


def test_ten_elections_reach_every_district(umea):
    elections = {"turnout_riksdag": {2010, 2014, 2018, 2022}, "turnout_region": {2018, 2022},
                 "turnout_municipal": {2014, 2022}, "turnout_eu": {2014, 2019}}
    districts = set(umea.areas("district")["area_id"])
    for indicator, years in elections.items():
        frame = umea.observations(indicator, level="district")
        assert set(frame["year"]) == years
        for year in years:
            assert set(frame.loc[frame["year"] == year, "area_id"]) == districts


def test_a_district_2022_turnout_is_its_valdistrikt_recomputed_by_hand(umea):
    """Holmsund (2480P17) holds valdistrikt 24800660–662 in 2022; from the raw file:
    Σ voters / Σ eligible of those three rows."""
    import csv

    with (RAW / "umea_valdistrikt_riksdagsval_2022_slutligt.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f)
                if r["VALDISTRIKTSKOD"] in ("24800660", "24800661", "24800662")]
    voters = sum(int(r["ANTAL RÖSTANDE"]) for r in rows)
    eligible = sum(int(r["ANTAL RÖSTBERÄTTIGADE"]) for r in rows)
    row = value(umea, "turnout_riksdag", "district:2480P17", 2022)
    assert (row["numerator"], row["denominator"]) == (voters, eligible)
    assert row["value"] == pytest.approx(100 * voters / eligible)


def test_valdistrikt_2010_polygons_are_a_map_layer_for_2010_and_2014(umea):
    mapped = umea.map_geometry("valdistrikt")
    assert len(mapped) == 64
    assert mapped["area_id"].str.startswith("valdistrikt:2010:").all()
    turnout = umea.observations("turnout_riksdag", level="valdistrikt", year=2014)
    assert set(mapped["area_id"]) <= set(turnout["area_id"])


@pytest.mark.parametrize(("year", "expected"), [(2020, 130_224), (2022, 132_235),
                                                (2023, 133_091)])
def test_regso_population_sums_to_the_kommun(umea, year, expected):
    frame = umea.observations("population", level="regso", year=year)
    assert len(frame) == 42 and frame["value"].sum() == expected


def test_deso_2025_population_is_within_cell_key_noise_of_the_kommun(umea):
    frame = umea.observations("population", level="deso", year=2025)
    assert len(frame) == 72
    assert abs(frame["value"].sum() - 135_273) <= 5
    # Allocated to districts by land-area share, the total is kept exactly.
    districts = umea.observations("population", level="district", year=2025)
    assert districts["value"].sum() == pytest.approx(frame["value"].sum())


def test_every_district_is_reached_by_deso_and_regso_figures(umea):
    districts = set(umea.areas("district")["area_id"])
    for indicator, year in (("income_median_disposable", 2024), ("population", 2023),
                            ("share_65_plus", 2025), ("vaccination_coverage", 2022)):
        frame = umea.observations(indicator, level="district", year=year)
        assert set(frame["area_id"]) == districts, indicator


def test_shares_by_sex_come_from_the_age_bands_with_counts(umea):
    frame = umea.observations("share_65_plus", area_id="deso:2480A0010", year=2025, sex=None)
    women = frame.set_index("sex").loc["women"]
    # DeSO 2480A0010, women: bands 65–69 … 80+ are 88, 79, 66, 60 (= 293) of 1,010 in all
    # 17 bands (hand sums from the raw record).
    assert (women["numerator"], women["denominator"]) == (293, 1_010)
    assert women["value"] == pytest.approx(29.01, abs=0.01)


def test_area_type_is_a_class_never_averaged_or_scored(umea):
    regso = umea.observations("regso_area_type", level="regso")
    assert len(regso) == 42 and set(regso["value"]) <= {1.0, 2.0, 3.0, 4.0, 5.0}
    assert umea.observations("regso_area_type", level="district").empty
    scores = umea.query("select count(*) as n from score where indicator_id = 'regso_area_type'")
    assert scores["n"].iloc[0] == 0
    shares = umea.query(
        "select area_id, sum(value) as total from observation where indicator_id like "
        "'area_type_%_population' and area_id like 'district:%' group by area_id")
    assert shares["total"].round(6).eq(100).all()


def test_default_dataset_holds_official_or_derived_figures_only(umea):
    qualities = umea.query("select distinct quality from observation")["quality"]
    assert set(qualities) <= {"official", "derived"}
    assert umea.query("select count(*) as n from indicator where illustrative")["n"][0] == 0
    missing = umea.query("select count(*) as n from observation o left join source s "
                         "using (source_id) where s.source_id is null")
    assert missing["n"][0] == 0


def test_climate_verdict_is_net_zero_by_2040(umea):
    verdict = umea.query("select * from verdict where target_id = 'climate_neutral_2040'")
    row = verdict.iloc[0]
    assert (row["base_year"], row["latest_year"], row["target_year"]) == (1990, 2024, 2040)
    assert row["target_value"] == 72_271
    # R = CAGR observed / CAGR required: (365,010/481,807)^(1/34) − 1 = −0.813 %,
    # (72,271/481,807)^(1/50) − 1 = −3.722 %: R = 0.218, limited progress.
    assert row["ratio"] == pytest.approx(0.2184, abs=5e-4)
    assert row["status"] == "limited_progress"


@pytest.mark.parametrize(("year", "expected", "quality"), [
    (2018, 127_119, "derived"), (2022, 132_235, "derived"), (2019, 128_901, "official"),
    (2025, 135_273, "official"),
])
def test_population_known_values(umea, year, expected, quality):
    row = value(umea, "population", "kommun:2480", year)
    assert row["value"] == expected
    assert row["quality"] == quality


def test_population_gaps_are_never_interpolated(umea):
    years = set(umea.years("population", "kommun"))
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
    # Districts add up to the city computed the same way; the official figure has more voters.
    city = value(umea, "turnout_riksdag", "kommun:2480", 2018)
    assert districts["denominator"].sum() == city["denominator"]
    assert districts["numerator"].sum() == city["numerator"]
    official = value(umea, "turnout_riksdag_official", "kommun:2480", 2018)
    assert city["numerator"] < official["numerator"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Store:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build(path, seed=2050)
    return Store(path)


def test_demo_dataset_labels_every_generated_observation(demo):
    assert "DEMO" in demo.dataset()["name"]
    frame = demo.query(
        "select i.illustrative, o.quality, o.source_id, count(*) as n from observation o "
        "join indicator i using (indicator_id) group by all"
    )
    synthetic = frame[frame["illustrative"]]
    assert set(synthetic["quality"]) == {"synthetic"}
    assert set(synthetic["source_id"]) == {"synthetic_generator"}
    assert "synthetic" not in set(frame[~frame["illustrative"]]["quality"])


def test_sexes_add_up_in_synthetic_rates(demo):
    frame = demo.observations("perceived_safety", level="district", year=2024, sex=None)
    published = frame.groupby("area_id")["value"].transform(lambda v: v.notna().all())
    largest = frame[published].sort_values("denominator").iloc[-1]["area_id"]
    by_sex = frame[frame["area_id"] == largest].set_index("sex")
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


def test_kommun_mean_of_regso_values_weighs_each_regso_by_its_whole_population(umea):
    """Mean wage income 2023 for the kommun = Σ population × value / Σ population over the 42
    RegSO (recomputed here from the published RegSO rows)."""
    wages = umea.observations("wage_income_mean", level="regso", year=2023).set_index("area_id")
    people = umea.observations("population", level="regso", year=2023).set_index("area_id")
    expected = (wages["value"] * people["value"]).sum() / people["value"].sum()
    kommun = value(umea, "wage_income_mean", "kommun:2480", 2023)
    assert kommun["value"] == pytest.approx(expected)
