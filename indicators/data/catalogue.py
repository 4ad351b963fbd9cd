"""The indicator catalogue: YAML metadata validated and loaded into frozen dataclasses.

The files live in ``data/`` (``indicators.yaml``, ``sources.yaml``, ``targets.yaml``). Validation
is a JSON schema per record plus cross-record rules (unique ids, known themes and sources, anchors
ordered by direction, targets on known indicators). The rest of the code only sees the
dataclasses, never the raw dicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd

from indicators.data.bilingual import pair
from indicators.data.bounded_input import InputLimitError, load_yaml

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

QUALITIES = ("official", "derived", "provisional", "modelled", "synthetic", "citizen_pulse")
SEXES = ("total", "women", "men")
LEVELS = ("kommun", "district", "stadsdel", "valdistrikt", "regso", "deso")
UNITS = (
    "percent", "persons", "tonnes", "tonnes_per_person", "per_1000", "category", "sek_thousands",
    "metres", "index", "count",
)
KINDS = ("rate", "count", "level", "category")
AGGREGATIONS = ("ratio_of_sums", "sum", "mean_weighted", "none")
SPI_COMPONENTS = {
    "Basic Human Needs": (
        "Nutrition and Basic Medical Care", "Water and Sanitation", "Shelter", "Personal Safety",
    ),
    "Foundations of Wellbeing": (
        "Access to Basic Knowledge", "Access to Information and Communications",
        "Health and Wellness", "Environmental Quality",
    ),
    "Opportunity": (
        "Personal Rights", "Personal Freedom and Choice", "Inclusiveness",
        "Access to Advanced Education",
    ),
}

_TEXT = {"type": "string", "minLength": 1}
_INDICATOR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "id", "theme", "name_sv", "name_en", "description_sv", "description_en", "unit",
        "direction", "decimals", "kind", "aggregation", "levels", "source",
    ],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]{1,62}$"},
        "theme": _TEXT,
        "name_sv": _TEXT, "name_en": _TEXT, "description_sv": _TEXT, "description_en": _TEXT,
        "unit": {"enum": list(UNITS)},
        "direction": {"enum": [-1, 0, 1]},
        "decimals": {"type": "integer", "minimum": 0, "maximum": 4},
        "best": {"type": "number"},
        "worst": {"type": "number"},
        "kind": {"enum": list(KINDS)},
        "aggregation": {"enum": list(AGGREGATIONS)},
        "levels": {"type": "array", "minItems": 1, "uniqueItems": True,
                   "items": {"enum": list(LEVELS)}},
        "sexes": {"type": "array", "minItems": 1, "uniqueItems": True,
                  "items": {"enum": list(SEXES)}},
        "source": _TEXT,
        "licence": _TEXT,
        "weight": {"type": "number", "exclusiveMinimum": 0},
        "limit_factor": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        "illustrative": {"type": "boolean"},
        "part_of": {"type": ["string", "null"]},
        "spi_dimension": {"enum": [None, *SPI_COMPONENTS]},
        "spi_component": {"type": ["string", "null"]},
    },
}
_SOURCE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "producer", "title_sv", "title_en", "url", "licence"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]{1,62}$"},
        "producer": _TEXT, "title_sv": _TEXT, "title_en": _TEXT, "url": _TEXT, "licence": _TEXT,
        "via": {"type": "string"},
        "files": {"type": "array", "items": {"type": "string"}},
    },
}
_TARGET_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "id", "indicator", "area", "base_year", "target_year", "target_value", "rule",
        "name_sv", "name_en", "stated_sv", "stated_en", "measurable_sv", "measurable_en",
    ],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]{1,62}$"},
        "indicator": _TEXT, "area": _TEXT,
        "base_year": {"type": "integer", "minimum": 1900, "maximum": 2100},
        "target_year": {"type": "integer", "minimum": 1900, "maximum": 2200},
        "target_value": {"type": "number"},
        "rule": {"enum": ["cagr", "linear"]},
        "name_sv": _TEXT, "name_en": _TEXT, "stated_sv": _TEXT, "stated_en": _TEXT,
        "measurable_sv": _TEXT, "measurable_en": _TEXT,
    },
}


class CatalogueError(ValueError):
    """Metadata that breaks the schema or a cross-record rule; the message names file and record."""


@dataclass(frozen=True)
class Theme:
    id: str
    name_sv: str
    name_en: str

    name = pair("name")


@dataclass(frozen=True)
class Source:
    id: str
    producer: str
    title_sv: str
    title_en: str
    url: str
    licence: str
    via: str = ""
    files: tuple[str, ...] = ()

    title = pair("title")


@dataclass(frozen=True)
class Indicator:
    id: str
    theme: str
    name_sv: str
    name_en: str
    description_sv: str
    description_en: str
    unit: str
    direction: int
    decimals: int
    kind: str
    aggregation: str
    levels: tuple[str, ...]
    source: str
    licence: str
    sexes: tuple[str, ...] = ("total",)
    best: float | None = None
    worst: float | None = None
    weight: float = 1.0
    limit_factor: float = 1.0
    illustrative: bool = False
    part_of: str | None = None
    spi_dimension: str | None = None
    spi_component: str | None = None

    @property
    def scored(self) -> bool:
        """Has fixed anchors, so a 0-100 score exists (context indicators have none)."""
        return self.best is not None and self.worst is not None

    name = pair("name")

    description = pair("description")


@dataclass(frozen=True)
class Target:
    id: str
    indicator: str
    area: str
    base_year: int
    target_year: int
    target_value: float
    rule: str
    name_sv: str
    name_en: str
    stated_sv: str
    stated_en: str
    measurable_sv: str
    measurable_en: str

    name = pair("name")

    stated = pair("stated")

    measurable = pair("measurable")


@dataclass(frozen=True)
class Catalogue:
    themes: tuple[Theme, ...]
    sources: tuple[Source, ...]
    indicators: tuple[Indicator, ...]
    targets: tuple[Target, ...]
    _by_id: Mapping[str, Indicator] = field(default_factory=dict, repr=False, compare=False)

    def indicator(self, indicator_id: str) -> Indicator:
        try:
            return self._by_id[indicator_id]
        except KeyError:
            raise KeyError(f"unknown indicator {indicator_id!r}") from None

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self._by_id

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.indicators)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def theme(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)

    def target(self, target_id: str) -> Target:
        return next(t for t in self.targets if t.id == target_id)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:  # bounded: size, depth and aliases checked before anything is composed
        document, _ = load_yaml(path.read_text(encoding="utf-8"))
    except InputLimitError as error:
        where = (f" line {error.line}, column {error.column}" if error.line and error.column
                 else f" line {error.line}" if error.line else "")
        raise CatalogueError(f"{path.name}{where}: {error.message}") from None
    if not isinstance(document, dict):
        raise CatalogueError(f"{path.name}: expected a mapping at the top level")
    return document


def _check(records: list[Any], schema: dict[str, Any], file: str, what: str) -> list[str]:
    errors = []
    validator = jsonschema.Draft202012Validator(schema)
    for number, record in enumerate(records, start=1):
        name = record.get("id", f"#{number}") if isinstance(record, dict) else f"#{number}"
        for error in sorted(validator.iter_errors(record), key=lambda e: list(e.path)):
            field_name = ".".join(str(p) for p in error.path) or "(record)"
            errors.append(f"{file}: {what} {name}: {field_name}: {error.message}")
    return errors


def validate_indicator_records(
    records: list[dict[str, Any]], *, file: str, themes: set[str], sources: set[str],
    known_ids: AbstractSet[str] = frozenset(),
) -> list[str]:
    """Every problem with indicator records (schema and cross-record rules), as messages."""
    errors = _check(records, _INDICATOR_SCHEMA, file, "indicator")
    if errors:
        return errors
    seen: set[str] = set(known_ids)
    ids = known_ids | {r["id"] for r in records}
    for record in records:
        rid = record["id"]
        prefix = f"{file}: indicator {rid}"
        if rid in seen:
            errors.append(f"{prefix}: duplicate id")
        seen.add(rid)
        if record["theme"] not in themes:
            errors.append(f"{prefix}: theme {record['theme']!r} is not one of {sorted(themes)}")
        if record["source"] not in sources:
            errors.append(f"{prefix}: source {record['source']!r} is not in sources.yaml")
        has_best, has_worst = "best" in record, "worst" in record
        if has_best != has_worst:
            errors.append(f"{prefix}: give both best and worst anchors or neither")
        if record["direction"] == 0 and (has_best or has_worst):
            errors.append(f"{prefix}: a context indicator (direction 0) has no anchors")
        if has_best and has_worst and record["direction"] != 0:
            best, worst = record["best"], record["worst"]
            if best == worst:
                errors.append(f"{prefix}: best and worst anchors are equal")
            elif (best > worst) != (record["direction"] == 1):
                errors.append(f"{prefix}: anchors are not ordered by direction "
                              f"{record['direction']} (best {best}, worst {worst})")
        part_of = record.get("part_of")
        if part_of is not None and part_of not in ids:
            errors.append(f"{prefix}: part_of {part_of!r} is not a known indicator")
        dimension, component = record.get("spi_dimension"), record.get("spi_component")
        if (dimension is None) != (component is None):
            errors.append(f"{prefix}: give spi_dimension and spi_component together")
        elif dimension is not None and component not in SPI_COMPONENTS[dimension]:
            errors.append(f"{prefix}: SPI component {component!r} is not in {dimension!r}")
        if record.get("illustrative") and record["source"] != "synthetic_generator":
            errors.append(f"{prefix}: illustrative indicators come from synthetic_generator")
    return errors


DEMO_FILE = Path("demo") / "indicators.yaml"


def load_catalogue(data_dir: Path = DATA_DIR, *, demo: bool = False) -> Catalogue:
    """Read and validate ``indicators.yaml``, ``sources.yaml`` and ``targets.yaml``; with
    ``demo`` also ``demo/indicators.yaml`` (the demo dataset's generated indicators and their
    source, never part of the default dataset).

    Raises CatalogueError listing every problem found, each naming its file and record.
    """
    ind_doc = _read_yaml(data_dir / "indicators.yaml")
    src_doc = _read_yaml(data_dir / "sources.yaml")
    tgt_doc = _read_yaml(data_dir / "targets.yaml")
    demo_doc = _read_yaml(data_dir / DEMO_FILE) if demo else {}

    errors: list[str] = []
    source_records = (src_doc.get("sources") or []) + (demo_doc.get("sources") or [])
    errors += _check(source_records, _SOURCE_SCHEMA, "sources.yaml", "source")
    theme_records = ind_doc.get("themes") or []
    defaults = ind_doc.get("defaults") or {}
    records = [{**defaults, **r} for r in (ind_doc.get("indicators") or [])
               + (demo_doc.get("indicators") or [])]
    source_ids = {s["id"] for s in source_records
                  if isinstance(s, dict) and isinstance(s.get("id"), str)}
    theme_ids = {t["id"] for t in theme_records
                 if isinstance(t, dict) and isinstance(t.get("id"), str)}
    errors += validate_indicator_records(
        records, file="indicators.yaml", themes=theme_ids, sources=source_ids
    )
    target_records = tgt_doc.get("targets") or []
    errors += _check(target_records, _TARGET_SCHEMA, "targets.yaml", "target")
    indicator_ids = {r.get("id") for r in records}
    for target in target_records:
        if isinstance(target, dict) and target.get("indicator") not in indicator_ids:
            errors.append(f"targets.yaml: target {target.get('id')}: unknown indicator "
                          f"{target.get('indicator')!r}")
        if isinstance(target, dict) and target.get("base_year", 0) >= target.get("target_year", 0):
            errors.append(f"targets.yaml: target {target.get('id')}: base year must precede "
                          "the target year")
    if errors:
        raise CatalogueError("\n".join(errors))

    sources = tuple(
        Source(**{**s, "files": tuple(s.get("files") or ())}) for s in source_records
    )
    licence_of = {s.id: s.licence for s in sources}
    indicators = tuple(
        Indicator(**{
            **r,
            "levels": tuple(r["levels"]),
            "sexes": tuple(r.get("sexes") or ("total",)),
            "licence": r.get("licence") or licence_of[r["source"]],
        })
        for r in records
    )
    return Catalogue(
        themes=tuple(Theme(**t) for t in theme_records),
        sources=sources,
        indicators=indicators,
        targets=tuple(Target(**t) for t in target_records),
        _by_id={i.id: i for i in indicators},
    )


def _optional(value: Any) -> Any:
    """A database cell as Python: a missing cell (None, NaN, NA) becomes None."""
    return None if pd.isna(value) else value


def catalogue_from_tables(tables: Mapping[str, Any]) -> Catalogue:
    """The catalogue as published in a database (tables theme, source, indicator, target as
    DataFrames), so that every page reads one source of truth — an indicator added by an
    ingest appears everywhere without a change to the YAML files."""
    themes = tuple(Theme(r["theme_id"], r["name_sv"], r["name_en"])
                   for r in tables["theme"].to_dict("records"))
    sources = tuple(Source(r["source_id"], r["producer"], r["title_sv"], r["title_en"], r["url"],
                           r["licence"], r["via"]) for r in tables["source"].to_dict("records"))
    indicators: list[Indicator] = []
    for r in tables["indicator"].to_dict("records"):
        best, worst = _optional(r["best"]), _optional(r["worst"])
        indicators.append(Indicator(
            id=r["indicator_id"], theme=r["theme_id"], name_sv=r["name_sv"],
            name_en=r["name_en"], description_sv=r["description_sv"],
            description_en=r["description_en"], unit=r["unit"], direction=int(r["direction"]),
            decimals=int(r["decimals"]), kind=r["kind"], aggregation=r["aggregation"],
            levels=tuple(str(r["levels"]).split(",")), source=r["source_id"],
            licence=r["licence"], sexes=tuple(str(r["sexes"]).split(",")),
            best=None if best is None else float(best),
            worst=None if worst is None else float(worst), weight=float(r["weight"]),
            limit_factor=float(r["limit_factor"]), illustrative=bool(r["illustrative"]),
            part_of=_optional(r["part_of"]), spi_dimension=_optional(r["spi_dimension"]),
            spi_component=_optional(r["spi_component"])))
    targets = tuple(Target(
        id=r["target_id"], indicator=r["indicator_id"], area=r["area_id"],
        base_year=int(r["base_year"]), target_year=int(r["target_year"]),
        target_value=float(r["target_value"]), rule=r["rule"], name_sv=r["name_sv"],
        name_en=r["name_en"], stated_sv=r["stated_sv"], stated_en=r["stated_en"],
        measurable_sv=r["measurable_sv"], measurable_en=r["measurable_en"])
        for r in tables["target"].to_dict("records"))
    return Catalogue(themes=themes, sources=sources, indicators=tuple(indicators),
                     targets=targets, _by_id={i.id: i for i in indicators})
