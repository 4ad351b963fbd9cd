"""Completeness checks for the planning-district crosswalks in data/crosswalks/."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
RAW = DATA / "raw"
CROSSWALKS = DATA / "crosswalks"

UPPSAMLING = "Uppsamlingsdistrikt"

# election -> (raw file, (län, kommun, district) code columns, name column)
ELECTIONS = {
    "riksdag_2014": ("umea_valdistrikt_riksdagsval_2014.csv", ("LAN", "KOM", "VALDIST"), "Valdistrikt"),
    "kommun_2014": (
        "umea_valdistrikt_kommunval_2014.csv",
        ("LÄNSKOD", "KOMMUNKOD", "VALDISTRIKTSKOD"),
        "VALDISTRIKTSNAMN",
    ),
    "riksdag_2018": (
        "umea_valdistrikt_riksdagsval_2018.csv",
        ("LÄNSKOD", "KOMMUNKOD", "VALDISTRIKTSKOD"),
        "VALDISTRIKTSNAMN",
    ),
}


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
def test_every_valdistrikt_exactly_once(election, district_codes):
    file_name, (lan, kommun, district), name_column = ELECTIONS[election]
    raw = pd.read_csv(RAW / file_name, dtype=str)
    raw_codes = raw[lan].str.zfill(2) + raw[kommun].str.zfill(2) + raw[district].str.zfill(4)
    assert raw_codes.is_unique

    crosswalk = read_crosswalk("valdistrikt_district.csv")
    rows = crosswalk[crosswalk.election == election]
    assert rows.valdistrikt_code.is_unique
    assert dict(zip(rows.valdistrikt_code, rows.valdistrikt_name)) == dict(zip(raw_codes, raw[name_column]))

    uppsamling = rows.valdistrikt_name == UPPSAMLING
    assert uppsamling.sum() == 2
    assert (rows.district_code[uppsamling] == "").all()
    assert rows.district_code[~uppsamling].isin(district_codes).all()


def test_valdistrikt_crosswalk_has_only_the_three_elections():
    assert set(read_crosswalk("valdistrikt_district.csv").election) == set(ELECTIONS)


def test_every_regso_exactly_once(district_codes):
    raw = pd.read_csv(RAW / "umea_deso2018_regso2020_socioekonomiskt_index_2022.csv", dtype=str)
    expected = dict(zip(raw.regso_2020_kod, raw.regso_2020_namn))
    crosswalk = read_crosswalk("regso_district.csv")
    assert len(expected) == 42
    assert crosswalk.regso_code.is_unique
    assert dict(zip(crosswalk.regso_code, crosswalk.regso_name)) == expected
    assert crosswalk.district_code.isin(district_codes).all()


@pytest.mark.parametrize(
    "file_name", ["districts.csv", "stadsdel_district.csv", "valdistrikt_district.csv", "regso_district.csv"]
)
def test_every_row_has_a_reason(file_name):
    assert (read_crosswalk(file_name).reason.str.strip() != "").all()
