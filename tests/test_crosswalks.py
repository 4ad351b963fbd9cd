"""Completeness checks for the planning-district crosswalks in data/crosswalks/."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from indicators.sources.elections import COLLECTION_NAMES, DIVISIONS, ELECTIONS, read_election

DATA = Path(__file__).resolve().parents[1] / "data"
RAW = DATA / "raw"
CROSSWALKS = DATA / "crosswalks"


def read_crosswalk(name: str) -> pd.DataFrame:
    return pd.read_csv(CROSSWALKS / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def district_codes() -> set[str]:
    return set(read_crosswalk("districts.csv").district_code)


def test_districts_are_25_to_40_with_unique_codes_and_names():
    districts = read_crosswalk("districts.csv")
    assert 25 <= len(districts) <= 40
    assert districts.district_code.str.fullmatch(r"2480P\d{2}").all()
    assert districts.district_code.is_unique
    assert districts.name_sv.is_unique
    assert districts.name_en.is_unique


def test_every_stadsdel_exactly_once_and_every_district_has_one(district_codes):
    raw_names = set(gpd.read_file(RAW / "umea_stadsdelar_epsg3006.json").STADSDEL)
    crosswalk = read_crosswalk("stadsdel_district.csv")
    assert len(raw_names) == 145
    assert crosswalk.stadsdel_name.is_unique
    assert set(crosswalk.stadsdel_name) == raw_names
    assert set(crosswalk.district_code) == district_codes


@pytest.mark.parametrize("election", ELECTIONS)
def test_every_valdistrikt_of_every_election_is_in_its_division_once(election, district_codes):
    spec = ELECTIONS[election]
    votes = read_election(RAW, election)
    crosswalk = read_crosswalk("valdistrikt_district.csv")
    rows = crosswalk[crosswalk.division == str(spec.division)]
    assert rows.valdistrikt_code.is_unique
    named = dict(zip(rows.valdistrikt_code, rows.valdistrikt_name, strict=True))
    mapped = votes[~votes.collection]
    assert dict(zip(mapped.code, mapped.name, strict=True)) == {c: named[c] for c in mapped.code}
    assert set(rows.valdistrikt_code) - set(votes.code) <= {"24800001", "24800002"}
    collection = rows.valdistrikt_name.isin(COLLECTION_NAMES)
    assert (rows.district_code[collection] == "").all()
    assert rows.district_code[~collection].isin(district_codes).all()


def test_divisions_follow_valmyndighetens_redrawings():
    crosswalk = read_crosswalk("valdistrikt_district.csv")
    assert tuple(sorted(int(d) for d in set(crosswalk.division))) == DIVISIONS == (2010, 2018, 2022)
    real = crosswalk[crosswalk.district_code != ""]
    assert real.groupby("division").size().to_dict() == {"2010": 64, "2018": 67, "2022": 72}


def test_2022_uses_the_comparability_key_where_it_says_comparable():
    key = pd.read_csv(RAW / "umea_valdistrikt_jamforbarhet_2018_2022.csv", dtype=str,
                      keep_default_na=False)
    crosswalk = read_crosswalk("valdistrikt_district.csv")
    district = {(r.division, r.valdistrikt_code): r.district_code for r in crosswalk.itertuples()}
    reason = {(r.division, r.valdistrikt_code): r.reason for r in crosswalk.itertuples()}
    comparable = key[key.jamforbart_med_2018 == "ja"]
    assert len(comparable) == 19
    for r in comparable.itertuples():
        assert (district[("2022", r.valdistrikt_kod_2022)]
                == district[("2018", r.valdistrikt_kod_2018)])
        assert "comparability key" in reason[("2022", r.valdistrikt_kod_2022)]


def test_every_district_has_a_valdistrikt_in_every_division(district_codes):
    crosswalk = read_crosswalk("valdistrikt_district.csv")
    for division, rows in crosswalk.groupby("division"):
        assert set(rows.district_code) - {""} == district_codes, division


@pytest.mark.parametrize(
    "file_name", ["districts.csv", "stadsdel_district.csv", "valdistrikt_district.csv"]
)
def test_every_row_has_a_reason(file_name):
    assert (read_crosswalk(file_name).reason.str.strip() != "").all()
