"""The build as a pipeline: `assemble` runs the named steps, `build` derives and publishes,
`main` is the command line (``python -m indicators.build``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from indicators.build.places import geography_step
from indicators.build.series import city_series_step, demo_step
from indicators.build.small_areas import small_area_step, small_area_values
from indicators.build.tables import AREA_LEVELS, catalogue_tables, raw_manifest
from indicators.build.votes import LINK_COLUMNS, election_step, election_values
from indicators.data.catalogue import CatalogueError, load_catalogue
from indicators.data.config import DATA_DIR, database_path
from indicators.data.publishing import PublishBusy, keep_last_known_good, publish_lock
from indicators.data.store import check_published, publish
from indicators.methods.derive import derive
from indicators.sources import synthetic
from indicators.sources.crosswalks import read_crosswalks
from indicators.sources.rawdata import RawDataError

DESCRIPTION = ("Build the published Umeå database from the raw files: "
               "``python -m indicators.build``.")
DEFAULT_NAME = "Umeå (standarddata)"
DEMO_NAME = "Umeå DEMO – med påhittade illustrativa data"


def assemble(raw: Path, data_dir: Path, seed: int | None = None) -> dict[str, pd.DataFrame]:
    """Every published table, from the raw files, crosswalks and metadata. With a `seed` the
    demo dataset's generated indicators are added (quality synthetic); without, none."""
    catalogue = load_catalogue(data_dir, demo=seed is not None)
    crosswalks = read_crosswalks(data_dir)
    places = geography_step(raw, crosswalks)
    votes = election_step(raw, crosswalks)
    small = small_area_step(raw, places["stadsdelar"], places["districts"])
    observations = [*election_values(votes, catalogue), *small_area_values(small, catalogue),
                    *city_series_step(raw)]
    if seed is not None:
        observations.append(demo_step(places["areas"][2], places["areas"][1],
                                      pd.concat(observations, ignore_index=True), catalogue,
                                      seed))
    return {
        "raw_file": raw_manifest(raw),
        **catalogue_tables(catalogue),
        "area_level": AREA_LEVELS,
        "area": _areas([*places["areas"], *votes["areas"], *small["areas"]]),
        "area_crosswalk": pd.DataFrame(
            places["crosswalk"] + votes["crosswalk"] + small["crosswalk"], columns=LINK_COLUMNS),
        "observation": _observations(observations),
    }


def _areas(parts: list[pd.DataFrame]) -> pd.DataFrame:
    frame = pd.concat(parts, ignore_index=True)
    frame["vintage"] = frame["vintage"].astype("Int64")
    return frame


def _observations(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """All observation rows, none suppressed yet (derive applies the disclosure rules)."""
    frame = pd.concat([o for o in parts if len(o)], ignore_index=True)
    frame["year"] = frame["year"].astype(int)
    frame["suppressed"] = False
    return frame.sort_values(["indicator_id", "area_id", "year", "sex"]).reset_index(drop=True)


def build(db: Path, raw: Path | None = None, data_dir: Path = DATA_DIR,
          seed: int | None = None) -> str:
    """Assemble, derive and publish; returns the content hash.

    Without a seed: the default dataset, official and derived figures only. With a seed: the
    demo dataset, which adds the seeded generator's illustrative indicators (quality synthetic).
    """
    raw = raw or data_dir / "raw"
    tables = derive(assemble(raw, data_dir, seed))
    if seed is None:
        return publish(tables, db, name=DEFAULT_NAME, seed=None,
                       note="Official and derived figures only (Valmyndigheten, SCB, SMHI, "
                            "Trafikanalys, Folkhälsomyndigheten, Umeå kommun)")
    return publish(tables, db, name=DEMO_NAME, seed=seed,
                   note="DEMO: real sources plus illustrative generated district indicators")


def ingested_files(db: Path) -> list[str]:
    """Files an ingest added to the published database at `db` (empty if none or unreadable)."""
    from indicators.data.store import Store, StoreError

    if not db.exists():
        return []
    try:
        frame = Store(db).query("select path from raw_file where path like 'ingest/%'")
    except (StoreError, Exception):  # noqa: BLE001 - an unreadable file is rebuilt
        return []
    return list(frame["path"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    parser.add_argument("--db", type=Path, default=None,
                        help="database to publish (default: $UMEA_DB or data/umea.duckdb)")
    parser.add_argument("--raw", type=Path, default=None, help="raw folder (default data/raw)")
    parser.add_argument("--demo", action="store_true",
                        help="build the DEMO dataset: adds generated illustrative indicators")
    parser.add_argument("--seed", type=int, default=synthetic.SEED,
                        help="seed of the demo dataset's generator (with --demo)")
    parser.add_argument("--force", action="store_true",
                        help="rebuild even if the database holds data added by an ingest")
    args = parser.parse_args(argv)
    db = args.db or database_path()
    added = ingested_files(db)
    if added and not args.force:
        print(f"Kept {db}: it holds data added by an ingest ({', '.join(added[:3])}"
              f"{' …' if len(added) > 3 else ''}). Rebuilding from data/raw would drop it; "
              "use --force to rebuild anyway (the current file is kept as last known good).")
        return 0
    try:
        with publish_lock(db):
            if db.exists() and check_published(db) is None:
                keep_last_known_good(db)
            digest = build(db, args.raw, seed=args.seed if args.demo else None)
    except PublishBusy as error:
        print(f"Build not started: {error}", file=sys.stderr)
        return 3
    except (RawDataError, CatalogueError) as error:
        print(f"Build failed; the previous database {db} is unchanged.\n{error}", file=sys.stderr)
        return 1
    print(f"Published {db} (content hash {digest[:12]})")
    return 0
