"""Checking files against the database: `validate_files`, which writes nothing.

It opens the published database (or, when that is damaged, its last known good copy), reads
one consistent snapshot of its tables, reads every file strictly, stages them in ORDER (areas,
then indicators, then observations) against a lookup that learns each file's rows, and returns
the `Report` of every problem with the `Staged` rows that `publish_staged` will publish.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from indicators.data import store
from indicators.data.config import database_path
from indicators.ingest.areas import stage_areas
from indicators.ingest.formats import (
    MAX_BYTES,
    OBSERVATION_TABLE_COLUMNS,
    ORDER,
    FileInput,
    file_kind,
    key_index,
)
from indicators.ingest.lookup import Lookup
from indicators.ingest.metadata import stage_indicators
from indicators.ingest.observations import stage_observations
from indicators.ingest.readers import observation_rows, read_input
from indicators.ingest.report import IngestConflict, Report, shorten
from indicators.sources.rawdata import Problem


@dataclass(frozen=True)
class FileRecord:
    """One staged file, as `raw_file` records it."""

    name: str
    kind: str
    sha256: str
    bytes: int


@dataclass
class Staged:
    """Validated rows, ready to publish, and the report about them.

    `observations`, `indicators` and `areas` hold the new rows in the published tables' columns
    (the import page can preview them). Publishing checks that the database still has
    `base_hash`; otherwise the files must be checked again.
    """

    report: Report
    db: Path | None = None
    base_path: Path | None = None
    base_hash: str | None = None
    files: list[FileRecord] = field(default_factory=list)
    observations: pd.DataFrame = field(default_factory=pd.DataFrame)
    indicators: pd.DataFrame = field(default_factory=pd.DataFrame)
    areas: pd.DataFrame = field(default_factory=pd.DataFrame)
    base_tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    dataset: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.report.ok and self.base_hash is not None


def validate_files(
    inputs: Sequence[FileInput], db: Path | str | None = None, *, max_bytes: int = MAX_BYTES,
) -> tuple[Report, Staged]:
    """Check every file against the database; return the report and the staged rows.

    Nothing is written. Areas are staged first, then indicator metadata, then observations, so a
    file of observations may use areas and indicators added in the same ingest.

    Steps: open the database (or its last known good copy) and read one consistent snapshot,
    read the files (`_load`), stage each (`_stage_files`), gather the rows (`_gather`) and count
    what they add and replace (`_count`).
    """
    db = Path(db) if db is not None else database_path()
    report = Report()
    staged = Staged(report=report, db=db)
    base, problem, notice = open_base(db)
    if base is None:
        report.errors.append(Problem(db.name, None, None, None,
                                     f"cannot open the database: {problem}"))
        return report, staged
    if notice:
        report.warnings.append(Problem(db.name, None, None, None, notice))
    tables, dataset = _snapshot(base)
    staged.base_path, staged.base_tables, staged.dataset = base, tables, dataset
    loaded = _load(inputs, max_bytes, report)
    frames = _stage_files(loaded, Lookup(tables), staged)
    _gather(staged, frames, tables)
    _count(staged, tables, db)
    staged.base_hash = dataset["content_hash"] if report.ok else None
    return report, staged


def open_base(db: Path) -> tuple[Path | None, str | None, str | None]:
    """(path to read, its problem if unusable, a fallback notice)."""
    problem = store.check_published(db)
    if problem is None:
        return db, None, None
    backup = store.last_known_good(db)
    if store.check_published(backup) is None:
        return backup, None, (f"the published database cannot be read ({problem}); checked "
                              f"against the last known good copy {backup.name}")
    return None, problem, None


def _snapshot(base: Path, attempts: int = 5) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """The published tables and the dataset row of one and the same version (a publish between
    reading the two is detected by the content hash and the read repeated)."""
    reader = store.Store(base)
    for _ in range(attempts):
        before = reader.dataset()
        tables = store.export_tables(base)
        after = reader.dataset()
        if before["content_hash"] == after["content_hash"]:
            return tables, after
    raise IngestConflict("the database keeps changing while it is read; try again")


def _load(inputs: Sequence[FileInput], max_bytes: int, report: Report
          ) -> list[tuple[int, int, str, str, bytes]]:
    """(order of its kind, position, name, kind, bytes) of every readable file of a known kind;
    the others, and a file name given twice, are errors."""
    loaded: list[tuple[int, int, str, str, bytes]] = []
    for item in inputs:
        name, data, problem = read_input(item, max_bytes)
        report.files.append(name)
        kind, reason = file_kind(name)
        if problem is None and reason:
            problem = Problem(name, None, None, None, reason)
        if problem is not None:
            report.errors.append(problem)
        elif kind is not None and data is not None:   # always so when there is no problem
            loaded.append((ORDER[kind], len(loaded), name, kind, data))
    names = [entry[2] for entry in loaded]
    for duplicate in sorted({n for n in names if names.count(n) > 1}):
        report.errors.append(Problem(duplicate, None, None, None, "the same file name twice"))
    return loaded


def _stage_files(loaded: list[tuple[int, int, str, str, bytes]], lookup: Lookup,
                 staged: Staged) -> dict[str, list[pd.DataFrame]]:
    """Stage the files in ORDER (areas, indicators, observations); the new rows per table. A
    file that cannot be read is an error in the report, never an exception."""
    report = staged.report
    seen: dict[tuple, str] = {}
    frames: dict[str, list[pd.DataFrame]] = {"observation": [], "indicator": [], "area": []}
    for _, _, name, kind, data in sorted(loaded):
        staged.files.append(FileRecord(name, kind, hashlib.sha256(data).hexdigest(), len(data)))
        try:
            if kind == "indicators":
                frames["indicator"].append(stage_indicators(name, data, lookup, report))
            elif kind.startswith("areas"):
                frames["area"].append(stage_areas(name, data, kind, lookup, report))
            else:
                rows = observation_rows(name, data, kind, report)
                if rows is not None:
                    frames["observation"].append(stage_observations(
                        name, rows, lookup, seen, report, pad=kind == "observations_xlsx"))
        except Exception as error:  # report, never crash the page or the CLI
            report.errors.append(Problem(name, None, None, None,
                                         f"could not be read ({type(error).__name__}: "
                                         f"{shorten(str(error))})"))
    return frames


def _gather(staged: Staged, frames: dict[str, list[pd.DataFrame]],
            tables: dict[str, pd.DataFrame]) -> None:
    """The staged rows per table, in the published tables' columns; an area in two boundary
    files is an error."""
    staged.observations = _concat(frames["observation"], OBSERVATION_TABLE_COLUMNS)
    staged.indicators = _concat(frames["indicator"], list(tables["indicator"].columns))
    staged.areas = _concat(frames["area"], list(tables["area"].columns))
    duplicated_areas = staged.areas["area_id"][staged.areas["area_id"].duplicated()]
    for area_id in duplicated_areas:
        staged.report.errors.append(Problem(", ".join(f.name for f in staged.files
                                                      if f.kind.startswith("areas")),
                                            None, "code", area_id,
                                            "the area is in two boundary files"))


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)


def _count(staged: Staged, tables: dict[str, pd.DataFrame], db: Path) -> None:
    """New rows per table, and the existing rows they replace (a note for observations, a
    warning for areas, whose boundaries and names change)."""
    report = staged.report
    report.counts = {"observation": len(staged.observations),
                     "indicator": len(staged.indicators), "area": len(staged.areas)}
    existing_areas = set(tables["area"]["area_id"])
    report.replaced = {
        "observation": _count_replaced(tables["observation"], staged.observations),
        "area": int(staged.areas["area_id"].isin(existing_areas).sum()),
    }
    if report.replaced["observation"]:
        report.note(db.name, f"{report.replaced['observation']} existing observation(s) have "
                             "the same key (indicator, area, year, sex) and will be replaced")
    if report.replaced["area"]:
        report.warnings.append(Problem(db.name, None, "area", None,
                                       f"{report.replaced['area']} existing area(s) get new "
                                       "boundaries and names from the file"))


def _count_replaced(existing: pd.DataFrame, new: pd.DataFrame) -> int:
    if new.empty or existing.empty:
        return 0
    return int(key_index(existing).isin(key_index(new)).sum())
