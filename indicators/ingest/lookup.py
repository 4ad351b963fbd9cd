"""The database as a lookup: what validation needs to know of the published tables (sources,
themes, levels, indicators, areas by id, code or name), extended by the rows staged so far in
the same ingest, so a file may use an area or indicator added by an earlier file."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

import pandas as pd


def _norm_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


class Lookup:
    """What validation needs from the database plus the rows staged so far in this ingest."""

    def __init__(self, tables: dict[str, pd.DataFrame]):
        self.sources = set(tables["source"]["source_id"])
        self.licence_of = dict(zip(tables["source"]["source_id"], tables["source"]["licence"],
                                   strict=True))
        self.themes = set(tables["theme"]["theme_id"])
        levels = tables["area_level"]
        self.levels = set(levels["level_id"])
        self.parent_level = {r.level_id: (r.parent_level if isinstance(r.parent_level, str)
                                          else None) for r in levels.itertuples()}
        self.indicators: dict[str, dict[str, Any]] = {}
        for row in tables["indicator"].itertuples():
            self.add_indicator(row.indicator_id, row.levels, row.sexes, row.unit, row.kind,
                               row.source_id)
        self.areas: dict[str, dict[str, Any]] = {}
        self.by_key: dict[tuple[str, str], set[str]] = {}
        area = tables["area"]
        for row in area.itertuples():
            vintage = None if pd.isna(row.vintage) else int(row.vintage)
            parent = row.parent_id if isinstance(row.parent_id, str) else None
            self.add_area(row.area_id, row.level_id, row.code, row.name, vintage, parent)

    def add_indicator(self, indicator_id: str, levels: str | Sequence[str],
                      sexes: str | Sequence[str], unit: str, kind: str, source_id: str) -> None:
        """Levels and sexes as the table stores them ("a,b") or as a list (from YAML)."""
        def split(value: str | Sequence[str]) -> tuple[str, ...]:
            return tuple(value.split(",")) if isinstance(value, str) else tuple(value)

        self.indicators[indicator_id] = {"levels": split(levels), "sexes": split(sexes),
                                         "unit": unit, "kind": kind, "source": source_id}

    def add_area(self, area_id: str, level: str, code: Any, name: Any,
                 vintage: int | None = None, parent: str | None = None) -> None:
        self.areas[area_id] = {"level": level, "code": str(code), "name": str(name),
                               "vintage": vintage, "parent": parent}
        for key in (str(code), str(name)):
            self.by_key.setdefault((level, _norm_key(key)), set()).add(area_id)

    def areas_of_level(self, level: str, year: int) -> list[str]:
        return [a for a, info in self.areas.items()
                if info["level"] == level and info["vintage"] in (None, year)]

    def resolve_area(self, text: str, level: str, year: int | None) -> tuple[str | None, str]:
        """(area id, '') or (None, reason)."""
        if text in self.areas and (not level or self.areas[text]["level"] == level):
            return text, ""
        if text in self.areas:
            return None, f"area {text} is at level {self.areas[text]['level']!r}, not {level!r}"
        if not level:
            return None, "give the level, or the full area id (e.g. district:2480P01)"
        candidates = self.by_key.get((level, _norm_key(text)), set())
        if len(candidates) > 1 and year is not None:
            candidates = {a for a in candidates if self.areas[a]["vintage"] in (None, year)}
        if len(candidates) == 1:
            return next(iter(candidates)), ""
        if candidates:
            return None, (f"ambiguous area at level {level!r}: "
                          f"{', '.join(sorted(candidates)[:5])}; use the area id")
        return None, f"unknown area at level {level!r}"
