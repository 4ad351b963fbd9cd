"""The command line, `python -m indicators.ingest`, and the citizen-pulse publish it offers.

Exit codes (docs/ingest.md): 0 published (or valid with --dry-run), 1 refused, 2 usage, 3 busy,
4 publishing failed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from indicators.data import pulse, store
from indicators.data.config import database_path
from indicators.data.publishing import keep_last_known_good, publish_lock, remove_stale_temporaries
from indicators.ingest.formats import MAX_BYTES
from indicators.ingest.publish import ingest, seed_of
from indicators.ingest.report import IngestBusy, IngestError, IngestFailed, Report
from indicators.methods.derive import derive

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_BUSY, EXIT_FAILED = 0, 1, 2, 3, 4


def publish_pulse(db: Path | str | None = None, pulse_db: Path | str | None = None,
                  question: str = "area_wellbeing") -> Report:
    """Publish the kiosk's citizen-pulse answers as the indicator `citizen_pulse_<question>`
    (quality `citizen_pulse`, per district and year, shown from 5 answers), through the same
    lock, last-known-good copy, derive and atomic publish as every ingest. The indicator's
    earlier rows are replaced; nothing else changes."""
    db = Path(db) if db is not None else database_path()
    report = Report(files=[f"pulse:{question}"])
    frame = pulse.pulse_observations(pulse_db or pulse.pulse_path(), question)
    indicator_id = f"citizen_pulse_{question}"
    with publish_lock(db):
        remove_stale_temporaries(db)
        tables = store.export_tables(db)
        if indicator_id not in set(tables["indicator"]["indicator_id"]):
            raise IngestFailed(f"the database has no indicator {indicator_id}; rebuild it from "
                               "data/indicators.yaml first")
        known = set(tables["area"]["area_id"])
        frame = frame[frame["area_id"].isin(known)]
        kept = tables["observation"][tables["observation"]["indicator_id"] != indicator_id]
        tables["observation"] = pd.concat([kept, frame[kept.columns]], ignore_index=True)
        tables = derive(tables)
        if store.check_published(db) is None:
            keep_last_known_good(db)
        dataset = store.Store(db).dataset()
        report.content_hash = store.publish(
            tables, db, name=dataset["name"], seed=seed_of(dataset.get("generator_seed")),
            note=f"{dataset.get('note') or ''}; citizen pulse {question}".strip("; "))
        report.published = True
        report.counts = {"observation": len(frame)}
    return report


def main(argv: list[str] | None = None) -> int:
    """`python -m indicators.ingest`: returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    db = args.db or database_path()
    if not args.files and not args.pulse:
        parser.error("name files to ingest, or --pulse")
    if args.pulse:
        code = _publish_pulse_command(db, args.pulse_db)
        if code != EXIT_OK or not args.files:
            return code
    try:
        report = ingest(args.files, db, dry_run=args.dry_run, max_bytes=args.max_bytes,
                        progress=_progress)
    except IngestBusy as error:
        print(str(error), file=sys.stderr)
        return EXIT_BUSY
    except IngestError as error:
        print(str(error), file=sys.stderr)
        return EXIT_FAILED
    print(report.to_text(args.lang))
    return EXIT_OK if report.ok else EXIT_REFUSED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m indicators.ingest",
        description="Check files and add them to the published database, all or nothing. "
                    "Exit codes: 0 published (or valid with --dry-run), 1 refused (every "
                    "problem listed), 2 usage, 3 busy (another ingest runs), 4 publishing "
                    "failed (database unchanged).")
    parser.add_argument("files", nargs="*", type=Path,
                        help=".csv/.xlsx observations, .yaml indicators, .geojson/.gpkg areas")
    parser.add_argument("--pulse", action="store_true",
                        help="publish the kiosk's citizen-pulse answers (see data/pulse.yaml)")
    parser.add_argument("--pulse-db", type=Path, default=None,
                        help="pulse answers (default: $UMEA_PULSE_DB or data/pulse/pulse.sqlite)")
    parser.add_argument("--db", type=Path, default=None,
                        help="database (default: $UMEA_DB or data/umea.duckdb)")
    parser.add_argument("--dry-run", action="store_true", help="check only; publish nothing")
    parser.add_argument("--lang", choices=("sv", "en"), default="sv", help="report headings")
    parser.add_argument("--max-bytes", type=int, default=MAX_BYTES,
                        help=f"largest accepted file (default {MAX_BYTES})")
    return parser


def _publish_pulse_command(db: Path, pulse_db: Path | None) -> int:
    """`--pulse`: publish the citizen pulse and say so; the exit code."""
    try:
        result = publish_pulse(db, pulse_db)
    except IngestBusy as error:
        print(str(error), file=sys.stderr)
        return EXIT_BUSY
    except IngestError as error:
        print(str(error), file=sys.stderr)
        return EXIT_FAILED
    print(f"Published the citizen pulse into {db}: {result.counts['observation']} district "
          f"cells (content hash {(result.content_hash or '')[:12]})")
    return EXIT_OK


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr)
