"""Loading new data safely: ``python -m indicators.ingest FILE... [--db PATH] [--dry-run]``.

Strategists add figures (CSV or XLSX in the long format of docs/ingest.md), indicator metadata
(YAML) and area boundaries (GeoJSON or GeoPackage) without a developer. Two steps, shared by the
command line and the import page:

1. `validate_files(inputs, db)` reads every file strictly and returns a `Report` of EVERY problem
   (file, line, column, value, rule) plus the `Staged` rows. Nothing is written. Files are
   refused before parsing when oversized, and XLSX zip or XML bombs before openpyxl sees them.
2. `publish_staged(staged, db)` (or `ingest(...)`, which does both under one lock) takes the
   publish lock on `<db>.lock` (a second ingest gets `IngestBusy`), merges the new rows into the
   published tables (same key → replaced, counted), recomputes the derived tables
   (`indicators.methods.derive`), keeps the current file as `<db>.lkg` (last known good) and
   publishes through `store.publish` (new file + atomic replace). All valid or nothing.

The modules, in the order an ingest uses them (each imports only those before it):

- `formats`: the limits, the long format's columns and values, the accepted file kinds;
- `report`: the `Report` of problems and the errors an ingest raises;
- `readers`: inputs, text encodings and separators, CSV, XLSX (bombs refused first);
- `cells`: one cell as text, number or year; a file's decimal mark;
- `lookup`: the database as a lookup, extended by what the same ingest stages;
- `observations`, `metadata`, `areas`: staging each kind of file;
- `staging`: `validate_files`, every file against one snapshot of the database;
- `publish`: `merge_tables`, `publish_staged`, `ingest`;
- `cli`: `main` (the command line) and `publish_pulse` (the kiosks' citizen pulse).

The lock, the temporaries, the last known good copy and the atomic swap are
`indicators.data.publishing`'s, shared with the build. Pure logic: no Streamlit, no DuckDB
(that is `indicators.data.store`'s job).
"""

from indicators.data.publishing import (
    ingest_lock,
    keep_last_known_good,
    publish_lock,
    remove_stale_temporaries,
)
from indicators.ingest.cli import (
    EXIT_BUSY,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    main,
    publish_pulse,
)
from indicators.ingest.formats import COLUMNS, MAX_BYTES
from indicators.ingest.publish import ingest, merge_tables, publish_staged
from indicators.ingest.readers import Upload
from indicators.ingest.report import (
    IngestBusy,
    IngestConflict,
    IngestError,
    IngestFailed,
    IngestRefused,
    Report,
)
from indicators.ingest.staging import Staged, validate_files

__all__ = [
    "COLUMNS", "EXIT_BUSY", "EXIT_FAILED", "EXIT_OK", "EXIT_REFUSED", "EXIT_USAGE", "MAX_BYTES",
    "IngestBusy", "IngestConflict", "IngestError", "IngestFailed", "IngestRefused", "Report",
    "Staged", "Upload", "ingest", "ingest_lock", "keep_last_known_good", "main",
    "merge_tables", "publish_lock", "publish_pulse", "publish_staged",
    "remove_stale_temporaries", "validate_files",
]
