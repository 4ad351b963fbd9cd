"""Publishing staged rows: `publish_staged`, and `ingest` (validate and publish under one lock).

Under the publish lock (`indicators.data.publishing`): remove stale temporaries, check the
database is still the version the files were checked against, merge the staged rows into the
published tables (`merge_tables`), recompute the derived tables (`indicators.methods.derive`),
keep the live file as the last known good copy, and publish a new file atomically
(`store.publish`). All or nothing: every failure leaves the published database unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from indicators.data import store
from indicators.data.config import database_path
from indicators.data.publishing import keep_last_known_good, publish_lock, remove_stale_temporaries
from indicators.ingest.formats import MAX_BYTES, FileInput, Progress, key_index
from indicators.ingest.report import (
    IngestConflict,
    IngestError,
    IngestFailed,
    IngestRefused,
    Report,
    shorten,
)
from indicators.ingest.staging import Staged, open_base, validate_files
from indicators.methods.derive import derive


def merge_tables(staged: Staged) -> dict[str, pd.DataFrame]:
    """The published tables with the staged rows merged in: same observation key or area id →
    the new row replaces the old; new indicators appended; the files listed in `raw_file`."""
    tables = dict(staged.base_tables)
    if not staged.observations.empty:
        old = tables["observation"]
        keep = old[~key_index(old).isin(key_index(staged.observations))]
        tables["observation"] = pd.concat([keep, staged.observations], ignore_index=True)
    if not staged.indicators.empty:
        tables["indicator"] = pd.concat([tables["indicator"], staged.indicators],
                                        ignore_index=True)
    if not staged.areas.empty:
        old = tables["area"]
        keep = old[~old["area_id"].isin(staged.areas["area_id"])]
        tables["area"] = pd.concat([keep, staged.areas.reindex(columns=old.columns)],
                                   ignore_index=True)
    manifest = pd.DataFrame([{"path": f"ingest/{f.name}", "sha256": f.sha256, "bytes": f.bytes}
                             for f in staged.files])
    if not manifest.empty:
        old = tables["raw_file"]
        tables["raw_file"] = pd.concat([old[~old["path"].isin(manifest["path"])], manifest],
                                       ignore_index=True)
    return tables


def _note(staged: Staged) -> str:
    """The new dataset note: when and what was ingested, then the earlier note."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    note = f"ingest {stamp}: {', '.join(f.name for f in staged.files)}"
    earlier = staged.dataset.get("note")
    if isinstance(earlier, str) and earlier:
        note += f" | earlier: {shorten(earlier, 400)}"
    return note


def publish_staged(staged: Staged, db: Path | str | None = None, *,
                   progress: Progress | None = None) -> Report:
    """Publish validated rows: lock, check the database is still the one validated against,
    merge, derive, keep the last known good copy, publish atomically. Returns the report with
    `published` and `content_hash` set. Raises IngestBusy, IngestRefused, IngestConflict or
    IngestFailed; in every case the published database is unchanged (or fully replaced)."""
    db = Path(db) if db is not None else (staged.db or database_path())
    with publish_lock(db):
        return _publish_locked(staged, db, progress)


def _publish_locked(staged: Staged, db: Path, progress: Progress | None) -> Report:
    """`publish_staged`'s steps; the caller holds the publish lock on `db`."""
    report = staged.report
    step = progress or (lambda fraction, message: None)
    if not staged.ok:
        raise IngestRefused(report)
    remove_stale_temporaries(db)
    step(0.1, "checking the database")
    base, problem, _ = open_base(db)
    if base is None:
        raise IngestFailed(f"cannot open the database: {problem}")
    if store.Store(base).dataset()["content_hash"] != staged.base_hash:
        raise IngestConflict("the database changed after these files were checked (another "
                             "ingest?); check the files again")
    live_ok = base == db
    try:
        step(0.3, "merging")
        tables = merge_tables(staged)
        step(0.5, "recomputing derived tables")
        tables = derive(tables)
        report.note(db.name, "derived tables recomputed")
        if live_ok:
            step(0.6, "keeping the last known good copy")
            keep_last_known_good(db)
        step(0.7, "publishing")
        digest = store.publish(tables, db, name=str(staged.dataset.get("name") or db.stem),
                               seed=seed_of(staged.dataset.get("generator_seed")),
                               note=_note(staged))
    except IngestError:
        raise
    except Exception as error:
        raise IngestFailed(f"publishing failed; the published database is unchanged "
                           f"({type(error).__name__}: {shorten(str(error), 500)})") from error
    report.published, report.content_hash = True, digest
    step(1.0, "published")
    return report


def seed_of(value: Any) -> int | None:
    """A dataset's generator seed as an int, or None (the default dataset has none)."""
    return None if value is None or pd.isna(value) else int(value)


def ingest(inputs: Sequence[FileInput], db: Path | str | None = None, *, dry_run: bool = False,
           max_bytes: int = MAX_BYTES, progress: Progress | None = None) -> Report:
    """Validate and (unless `dry_run` or there are errors) publish, holding the lock for the
    whole ingest. Returns the report; raises IngestBusy when another ingest runs."""
    db = Path(db) if db is not None else database_path()
    if dry_run:
        report, _ = validate_files(inputs, db, max_bytes=max_bytes)
        return report
    with publish_lock(db):
        remove_stale_temporaries(db)
        report, staged = validate_files(inputs, db, max_bytes=max_bytes)
        if not report.ok:
            return report
        return _publish_locked(staged, db, progress)

