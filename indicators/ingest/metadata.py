"""Staging indicator metadata: a YAML file shaped like data/indicators.yaml (`indicators:` and
optional `defaults:`), validated with the catalogue's own schema and rules.

`stage_indicators` reads the document (bounded before it is composed), checks each record
against the database's themes, sources and indicator ids, and turns the records into rows of
the `indicator` table; the lookup learns the new indicators so observations in the same ingest
may use them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import yaml

from indicators.data import bounded_input
from indicators.data.catalogue import validate_indicator_records
from indicators.ingest import readers
from indicators.ingest.lookup import Lookup
from indicators.ingest.report import Report
from indicators.sources.rawdata import Problem

INDICATOR_FIELDS = ("id", "theme", "name_sv", "name_en", "description_sv", "description_en",
                    "unit", "direction", "decimals", "best", "worst", "kind", "aggregation",
                    "levels", "sexes", "source", "licence", "weight", "limit_factor",
                    "illustrative", "part_of", "spi_dimension", "spi_component", "(record)")
INDICATOR_DEFAULTS = {"sexes": ["total"], "weight": 1.0, "limit_factor": 1.0,
                      "illustrative": False, "part_of": None, "spi_dimension": None,
                      "spi_component": None}


def stage_indicators(name: str, data: bytes, lookup: Lookup, report: Report) -> pd.DataFrame:
    """New indicator records from a YAML file shaped like data/indicators.yaml (`indicators:`
    and optional `defaults:`), validated with the catalogue's schema and rules against the
    database's themes and sources; an id that already exists is a clash."""
    loaded = _read_document(name, data, report)
    if loaded is None:
        return pd.DataFrame()
    document, root = loaded
    defaults = {**INDICATOR_DEFAULTS, **(document.get("defaults") or {})}
    records = [{**defaults, **r} if isinstance(r, dict) else r for r in document["indicators"]]
    messages = _record_problems(name, records, _record_lines(root), lookup)
    report.errors += messages
    if messages:
        return pd.DataFrame()
    rows = []
    for record in records:
        rows.append(_indicator_row(record, lookup))
        lookup.add_indicator(record["id"], record["levels"], record.get("sexes") or ["total"],
                             record["unit"], record["kind"], record["source"])
    return pd.DataFrame(rows)


def _read_document(name: str, data: bytes, report: Report
                   ) -> tuple[dict[str, Any], yaml.Node | None] | None:
    """(document, root node) of a YAML file with an `indicators:` list and nothing but
    `defaults:` beside it; None after adding the problem to `report`."""
    text, _, problems = readers.decode_text(data, name)
    if text is None or problems:
        report.errors += problems
        return None
    try:  # size, depth, anchors and aliases checked on the event stream before composing
        document, root = bounded_input.load_yaml(text)
    except bounded_input.InputLimitError as error:
        report.errors.append(Problem(name, error.line, None, None, error.message
                                     + (f" (column {error.column})" if error.column else "")))
        return None
    if not isinstance(document, dict) or not isinstance(document.get("indicators"), list):
        report.errors.append(Problem(name, 1, None, None,
                                     "expected a mapping with an `indicators:` list"))
        return None
    unknown = sorted(set(document) - {"indicators", "defaults"})
    if unknown:
        report.errors.append(Problem(name, 1, None, ", ".join(map(str, unknown)),
                                     "unknown top-level keys; allowed: indicators, defaults"))
        return None
    return document, root


def _record_lines(root: yaml.Node | None) -> dict[int, int]:
    """The line each record of the `indicators:` list starts on, by its position."""
    lines: dict[int, int] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    for mapping_key, value_node in root.value:
        if mapping_key.value == "indicators":
            lines = {n: item.start_mark.line + 1 for n, item in enumerate(value_node.value)}
    return lines


def _record_problems(name: str, records: list[Any], lines: dict[int, int], lookup: Lookup
                     ) -> list[Problem]:
    """Every record's schema errors and rule breaks, with its line, field and id."""
    existing = set(lookup.indicators)
    messages = []
    for number, record in enumerate(records):
        # One record at a time, so every record's schema errors and rule breaks are listed
        # (the catalogue stops at schema errors); the others' ids count as known for clashes.
        others: set[str] = {r["id"] for j, r in enumerate(records)
                            if j != number and isinstance(r, dict) and isinstance(r.get("id"), str)}
        for message in validate_indicator_records(
                [record], file=name, themes=lookup.themes, sources=lookup.sources,
                known_ids=existing | others):
            record_id = record.get("id") if isinstance(record, dict) else None
            label = record_id if record_id is not None else "#1"
            rule = message.removeprefix(f"{name}: indicator {label}: ")
            if rule == "duplicate id" and record_id in existing:
                rule = "duplicate id: an indicator with this id exists in the database"
            head = rule.split(":", 1)[0]
            field_name = head if head in INDICATOR_FIELDS else None
            messages.append(Problem(name, lines.get(number), field_name,
                                    None if record_id is None else str(record_id), rule))
    return messages


def _indicator_row(record: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
    """A valid record in the `indicator` table's columns (the source's licence by default)."""
    return {
        "indicator_id": record["id"], "theme_id": record["theme"],
        "name_sv": record["name_sv"], "name_en": record["name_en"],
        "description_sv": record["description_sv"],
        "description_en": record["description_en"], "unit": record["unit"],
        "direction": record["direction"], "decimals": record["decimals"],
        "best": record.get("best"), "worst": record.get("worst"), "kind": record["kind"],
        "aggregation": record["aggregation"], "levels": ",".join(record["levels"]),
        "sexes": ",".join(record.get("sexes") or ["total"]),
        "weight": float(record["weight"]), "limit_factor": float(record["limit_factor"]),
        "illustrative": bool(record["illustrative"]), "part_of": record.get("part_of"),
        "spi_dimension": record.get("spi_dimension"),
        "spi_component": record.get("spi_component"), "source_id": record["source"],
        "licence": record.get("licence") or lookup.licence_of[record["source"]],
    }
