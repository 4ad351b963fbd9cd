"""Climate page (AppTest against the fixture database): what a user would notice.

Fixture values (tests/fixtures/dataset.py): ghg_total 1990 481,807.2 … 2024 365,009.5 with the
net-zero target of 2040 read as 15 % of 1990 = 72,271 t (rule cagr): observed
(365,009.5/481,807.2)^(1/34) − 1 = −0.81 % a year against (72,271/481,807.2)^(1/50) − 1 =
−3.72 % needed, R = 0.218, limited progress; the 2020–2024 trend rises: storm. From 2024 the
target needs on average (72,271 − 365,009.5)/16 = −18,296 t a year. The fixture has no
sectors, no per-inhabitant series and no cars, so a second database (the fixture plus three
sectors, per inhabitant and cars) checks those.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from indicators.data.store import publish
from indicators.methods.derive import derive
from tests.fixtures.dataset import EMISSIONS, POPULATION, fixture_tables

ROOT = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"
SECTORS = {  # 1990 and 2024, tonnes; hand-chosen so that they sum to the totals
    "ghg_transport": (193_123.6, 164_349.1),
    "ghg_electricity_heating": (79_576.6, 82_603.2),
    "ghg_industry": (209_107.0, 118_057.2),
}


@pytest.fixture(scope="module")
def climate_db(tmp_path_factory) -> Path:
    """The fixture plus three sectors (1990, 2024), per inhabitant (2015, 2020, 2024: total /
    population) and cars (2025 only)."""
    tables = fixture_tables()
    rows = []
    for indicator, values in SECTORS.items():
        for year, value in zip((1990, 2024), values, strict=True):
            rows.append((indicator, year, value, None, None, "official", "smhi_emissions"))
    for year in (2015, 2020):
        rows.append(("ghg_per_capita", year, EMISSIONS[year] / POPULATION[year], None, None,
                     "derived", "smhi_emissions"))
    rows.append(("ghg_per_capita", 2024, EMISSIONS[2024] / POPULATION[2024], None, None,
                 "derived", "smhi_emissions"))
    rows.append(("cars_per_1000", 2025, 431.0, None, None, "official", "trafikanalys"))
    rows.append(("electric_car_share", 2025, 100 * 4038 / 58378, 4038, 58378, "derived",
                 "trafikanalys"))
    extra = pd.DataFrame(rows, columns=["indicator_id", "year", "value", "numerator",
                                        "denominator", "quality", "source_id"])
    extra["area_id"], extra["sex"], extra["suppressed"] = "kommun:2480", "total", False
    tables["observation"] = pd.concat([tables["observation"], extra], ignore_index=True)
    path = tmp_path_factory.mktemp("climate") / "climate.duckdb"
    publish(derive(tables), path, name="Fixture with sectors")
    return path


@pytest.fixture(scope="module")
def open_page(fixture_db, climate_db):
    """`open_page(db, **params)`; caches cleared whenever the database changes."""
    current: dict[str, Path] = {}
    with pytest.MonkeyPatch.context() as patch:
        def run(database: str = "fixture", **params: str) -> AppTest:
            path = fixture_db if database == "fixture" else climate_db
            if current.get("db") != path:
                patch.setenv("UMEA_DB", str(path))
                st.cache_data.clear()
                st.cache_resource.clear()
                current["db"] = path
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
            for name, value in params.items():
                at.query_params[name] = value
            at.switch_page(str(ROOT / "pages/climate.py")).run()
            assert not at.exception, [e.value for e in at.exception]
            assert not at.error, [e.value for e in at.error]
            return at

        yield run


def text(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "header", "markdown", "info", "caption")
             for e in getattr(at, kind)]
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    return re.sub(r"\\(.)", r"\1", "\n".join(parts)).replace(NBSP, " ")


def metric(at: AppTest, label: str) -> str:
    found = [m.value for m in at.metric if m.label.startswith(label)]
    assert found, [m.label for m in at.metric]
    return found[0].replace(NBSP, " ")


def array(data) -> list:
    """A figure array as a list: plotly sends numeric arrays as base64 typed arrays."""
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(data)


def chart(at: AppTest, key: str) -> dict:
    for element in at.get("plotly_chart"):
        if element.proto.id.endswith(key):
            return json.loads(element.proto.spec)
    raise AssertionError(f"no chart {key}")


@pytest.mark.parametrize("lang, heading, storm, ratio, rates", [
    ("sv", "### → Begränsade framsteg", "⛈ Femårsprognos: Oväder: fel riktning", "0,22",
     "Faktisk takt 1990–2024: −0,81 % per år · Nödvändig takt 1990–2040: −3,72 % per år"),
    ("en", "### → Limited progress", "⛈ Five-year outlook: Storm: wrong direction", "0.22",
     "Observed rate 1990–2024: −0.81% a year · Required rate 1990–2040: −3.72% a year"),
])
def test_verdict_first_with_weather_and_the_net_zero_reading(open_page, lang, heading, storm, ratio,
                                                    rates):
    at = open_page(lang=lang)
    assert at.markdown[0].value == heading
    assert metric(at, "Basår" if lang == "sv" else "Base year") == "1990"
    assert metric(at, "Senaste år" if lang == "sv" else "Latest year") == "2024"
    assert metric(at, "Kvot R" if lang == "sv" else "Ratio R") == ratio
    words = text(at)
    assert storm in words and rates in words
    reading = ("minst 85 % lägre än 1990" if lang == "sv" else "at least 85 % below 1990")
    assert reading in words
    context = "Centrala Umeås mål 2030" if lang == "sv" else "Central Umeå's 2030 goal"
    assert context in words
    measurable = "projektets läsning av beslutet" if lang == "sv" else \
        "the project's reading of the decision"
    assert measurable in words


@pytest.mark.parametrize("lang, value", [
    ("sv", "−18 296 t CO₂e per år"), ("en", "−18,296 t CO₂e a year")])
def test_the_annual_cut_needed_now(open_page, lang, value):
    at = open_page(lang=lang)
    label = "Årlig förändring som krävs från 2024" if lang == "sv" else \
        "Annual change needed from 2024"
    assert metric(at, label) == value
    assert value in text(at)
    figure = chart(at, "climate_path")
    names = [trace["name"] for trace in figure["data"]]
    assert names[1:3] == (["Väg till målet från 1990", "Väg till målet från 2024"]
                          if lang == "sv" else
                          ["Path to the target from 1990", "Path to the target from 2024"])
    assert array(figure["data"][2]["x"]) == list(range(2024, 2041))
    assert array(figure["data"][2]["y"])[-1] == pytest.approx(72_271)


def test_sources_are_credited(open_page):
    assert "SMHI, Nationella emissionsdatabasen (RUS)" in text(open_page())


def test_missing_series_say_so_instead_of_failing(open_page):
    words = text(open_page())
    assert "Det finns inga utsläpp per sektor i datamängden." in words
    assert "Andel elbilar: inga uppgifter i datamängden." in words


def test_sector_chart_has_one_trace_per_sector(open_page):
    at = open_page("sectors")
    figure = chart(at, "climate_sectors")
    assert len(figure["data"]) == len(SECTORS)
    assert {trace["type"] for trace in figure["data"]} == {"bar"}
    assert [trace["name"] for trace in figure["data"]][0] == "Utsläpp från transporter"
    patterns = [trace["marker"]["pattern"].get("shape", "") for trace in figure["data"]]
    assert len(set(patterns)) == len(SECTORS)
    # 2024: transport 164,349.1 of 365,009.5 = 45.0 %; all sectors 481,807.2 → 365,009.5 = −24.2 %
    assert ("2024 var den största delen utsläpp från transporter: 164 349 t CO₂e (45,0 % av alla "
            "sektorer). Sedan 1990 har summan av alla sektorer ändrats med −24,2 %") in text(at)


def test_per_inhabitant_cars_and_one_year_note_in_english(open_page):
    at = open_page("sectors", lang="en")
    words = text(at)
    # 2015: 415,089.5 / 120,777 = 3.44 t; 2024: 365,009.5 / 134,249 = 2.72 t
    assert ("Umeå: greenhouse-gas emissions per inhabitant fell from 3.44 t CO₂e per person "
            "(2015) to 2.72 t CO₂e per person (2024)") in words
    assert metric(at, "Passenger cars in use per 1,000 inhabitants (2025)") == \
        "431 per 1,000 inhabitants"
    assert metric(at, "Share of electric cars (2025)") == "6.9%"
    assert "Only one year (2025) is in the dataset, so no trend over time can be shown." in words
    assert "Trafikanalys" in words
    series = chart(at, "climate_per_capita")["data"][0]
    assert array(series["x"]) == list(range(2015, 2025))  # every year: gaps stay empty
    y = array(series["y"])
    assert np.isnan(y[1]) and y[0] == pytest.approx(3.4368, abs=1e-4)


@pytest.mark.parametrize("value", ["xx", "' or 1=1 --", "<img src=x onerror=alert(1)>",
                                   "ä" * 10_000, "🙂"])
def test_bad_parameters_fall_back_with_a_notice(open_page, value):
    at = open_page(lang=value)
    assert any("standardvyn visas" in e.value for e in at.info)
    assert at.markdown[0].value == "### → Begränsade framsteg"
