"""The published tables that do not come from observations: the area levels, the tables straight
from the metadata, and the manifest of the raw files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from indicators.data.catalogue import Catalogue

AREA_LEVELS = pd.DataFrame(
    [
        ("kommun", "Kommun", "Municipality", None, 1),
        ("district", "Planeringsdistrikt", "Planning district", "kommun", 2),
        ("stadsdel", "Stadsdel", "City district (stadsdel)", "district", 3),
        ("valdistrikt", "Valdistrikt", "Voting district", "district", 4),
        ("regso", "RegSO-område", "RegSO area", "district", 5),
        ("deso", "DeSO-område", "DeSO area", "district", 6),
    ],
    columns=["level_id", "name_sv", "name_en", "parent_level", "sort_order"],
)


def catalogue_tables(catalogue: Catalogue) -> dict[str, pd.DataFrame]:
    """The published tables that come straight from the metadata: source, theme, indicator,
    target (shared by the build, the test fixture and the national-scale generator)."""
    return {
        "source": pd.DataFrame([
            {"source_id": s.id, "producer": s.producer, "title_sv": s.title_sv,
             "title_en": s.title_en, "url": s.url, "licence": s.licence, "via": s.via}
            for s in catalogue.sources]),
        "theme": pd.DataFrame([{"theme_id": t.id, "name_sv": t.name_sv, "name_en": t.name_en}
                               for t in catalogue.themes]),
        "indicator": indicator_table(catalogue),
        "target": pd.DataFrame([
            {"target_id": t.id, "indicator_id": t.indicator, "area_id": t.area,
             "base_year": t.base_year, "target_year": t.target_year,
             "target_value": t.target_value, "rule": t.rule, "name_sv": t.name_sv,
             "name_en": t.name_en, "stated_sv": t.stated_sv, "stated_en": t.stated_en,
             "measurable_sv": t.measurable_sv, "measurable_en": t.measurable_en}
            for t in catalogue.targets]),
    }


def indicator_table(catalogue: Catalogue) -> pd.DataFrame:
    """The indicator table: one row per indicator of the catalogue."""
    return pd.DataFrame([{
        "indicator_id": i.id, "theme_id": i.theme, "name_sv": i.name_sv, "name_en": i.name_en,
        "description_sv": i.description_sv, "description_en": i.description_en,
        "unit": i.unit, "direction": i.direction, "decimals": i.decimals, "best": i.best,
        "worst": i.worst, "kind": i.kind, "aggregation": i.aggregation,
        "levels": ",".join(i.levels), "sexes": ",".join(i.sexes), "weight": i.weight,
        "limit_factor": i.limit_factor, "illustrative": i.illustrative, "part_of": i.part_of,
        "spi_dimension": i.spi_dimension, "spi_component": i.spi_component,
        "source_id": i.source, "licence": i.licence,
    } for i in catalogue.indicators])


def raw_manifest(raw: Path) -> pd.DataFrame:
    """Every raw file by name, with its SHA-256 and size (what the build read)."""
    files = sorted(p for p in raw.iterdir() if p.is_file())
    return pd.DataFrame([{"path": p.name, "sha256": hashlib.sha256(p.read_bytes()).hexdigest(),
                          "bytes": p.stat().st_size} for p in files])
