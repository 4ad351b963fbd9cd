"""The indicator catalogue: every record valid, cross-record rules enforced, loaded frozen."""

from __future__ import annotations

import dataclasses
import shutil

import pytest
import yaml

from indicators.data.catalogue import (
    SPI_COMPONENTS,
    CatalogueError,
    load_catalogue,
    validate_indicator_records,
)
from tests.conftest import ROOT

CATALOGUE = load_catalogue()


def test_catalogue_has_at_least_twenty_indicators_in_four_themes():
    assert len(CATALOGUE.indicators) >= 20
    assert {i.theme for i in CATALOGUE.indicators} == {
        "participation", "social", "climate", "growth"}


@pytest.mark.parametrize("indicator", CATALOGUE.indicators, ids=lambda i: i.id)
def test_every_indicator_is_documented_in_both_languages(indicator):
    for text in (indicator.name_sv, indicator.name_en, indicator.description_sv,
                 indicator.description_en, indicator.licence):
        assert text.strip()
    assert indicator.name_sv != indicator.description_sv


@pytest.mark.parametrize("indicator", CATALOGUE.indicators, ids=lambda i: i.id)
def test_scored_indicators_have_anchors_ordered_by_direction(indicator):
    if indicator.direction == 0:
        assert not indicator.scored
        return
    if indicator.scored:
        assert (indicator.best > indicator.worst) == (indicator.direction == 1)


@pytest.mark.parametrize("indicator", CATALOGUE.indicators, ids=lambda i: i.id)
def test_spi_tags_are_real_spi_components(indicator):
    if indicator.spi_dimension:
        assert indicator.spi_component in SPI_COMPONENTS[indicator.spi_dimension]


def test_the_default_catalogue_has_no_illustrative_indicator():
    assert not [i.id for i in CATALOGUE.indicators if i.illustrative]
    assert "synthetic_generator" not in {s.id for s in CATALOGUE.sources}


def test_the_demo_catalogue_adds_only_illustrative_indicators_that_say_so():
    demo = load_catalogue(demo=True)
    added = [i for i in demo.indicators if i.id not in CATALOGUE]
    assert {i.id for i in added} == {"association_membership", "perceived_safety",
                                     "transit_distance"}
    for indicator in added:
        assert indicator.illustrative and indicator.source == "synthetic_generator"
        assert "illustrativ" in indicator.name_sv and "illustrative" in indicator.name_en


def test_metadata_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        CATALOGUE.indicators[0].decimals = 3


def test_targets_name_where_they_are_stated():
    ids = {t.id: t for t in CATALOGUE.targets}
    assert ids["population_2050"].target_value == 200_000
    assert ids["population_2050"].target_year == 2050
    # Net zero as Sweden's framework reads it: territorial emissions 85 % below 1990 by 2040.
    assert ids["climate_neutral_2040"].target_year == 2040
    assert ids["climate_neutral_2040"].target_value == round(0.15 * 481_807.2)
    assert ids["climate_neutral_2040"].rule == "cagr"
    assert "kommunfullmäktige" in ids["climate_neutral_2040"].stated_sv.lower()
    for target in CATALOGUE.targets:
        assert target.stated_sv and target.stated_en and target.measurable_en


def _record(**changes):
    base = {
        "id": "example", "theme": "social", "name_sv": "Exempel", "name_en": "Example",
        "description_sv": "Beskrivning", "description_en": "Description", "unit": "percent",
        "direction": 1, "decimals": 1, "best": 100, "worst": 0, "kind": "rate",
        "aggregation": "ratio_of_sums", "levels": ["district"], "source": "valmyndigheten",
    }
    return {**base, **changes}


@pytest.mark.parametrize(("changes", "message"), [
    ({"direction": 2}, "direction"),
    ({"best": 0, "worst": 100}, "not ordered by direction"),
    ({"theme": "economy"}, "theme 'economy'"),
    ({"source": "nowhere"}, "source 'nowhere'"),
    ({"unit": "furlongs"}, "unit"),
    ({"id": "Bad Id; drop table"}, "id"),
    ({"spi_dimension": "Opportunity", "spi_component": "Shelter"}, "SPI component"),
    ({"direction": 0}, "context indicator"),
])
def test_bad_records_are_rejected_with_a_message(changes, message):
    errors = validate_indicator_records([_record(**changes)], file="x.yaml",
                                        themes={"social"}, sources={"valmyndigheten"})
    assert errors and any(message in e for e in errors), errors


def test_duplicate_ids_are_rejected():
    errors = validate_indicator_records([_record(), _record()], file="x.yaml",
                                        themes={"social"}, sources={"valmyndigheten"})
    assert any("duplicate id" in e for e in errors)


def test_broken_yaml_names_file_and_line(tmp_path):
    for name in ("indicators.yaml", "sources.yaml", "targets.yaml"):
        shutil.copy(ROOT / "data" / name, tmp_path / name)
    (tmp_path / "indicators.yaml").write_text("indicators:\n  - id: [unclosed\n",
                                              encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"indicators.yaml line \d+, column \d+"):
        load_catalogue(tmp_path)


def test_every_problem_is_listed_at_once(tmp_path):
    for name in ("sources.yaml", "targets.yaml"):
        shutil.copy(ROOT / "data" / name, tmp_path / name)
    document = yaml.safe_load((ROOT / "data" / "indicators.yaml").read_text(encoding="utf-8"))
    document["indicators"][0]["direction"] = 5
    document["indicators"][1]["unit"] = "parsecs"
    (tmp_path / "indicators.yaml").write_text(yaml.safe_dump(document, allow_unicode=True),
                                              encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        load_catalogue(tmp_path)
    assert "turnout_riksdag: direction" in str(error.value)
    assert "turnout_riksdag_official: unit" in str(error.value)
