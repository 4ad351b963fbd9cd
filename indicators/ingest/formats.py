"""What ingest accepts: the limits, the long format of observations, the file kinds.

The numbers and names docs/ingest.md documents; every other module of the package reads them
from here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

# --- limits ----------------------------------------------------------------------------------

MAX_BYTES = 50 * 1024 * 1024            # any input file, checked before it is read
XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024  # sum of the declared sizes of all zip members
XLSX_MAX_RATIO = 100                    # uncompressed : compressed, per member over 1 MiB
XLSX_RATIO_FLOOR = 1024 * 1024          # small members may compress well; they are bounded
XLSX_MAX_MEMBERS = 1000
XML_PROLOG_BYTES = 64 * 1024            # the root element must start within this many bytes
MAX_ROWS = 2_000_000                    # data rows per file
MAX_FEATURES = 100_000                  # areas per boundary file
MAX_PROBLEMS = 100_000                  # problems listed per file (then one "… more" line)

# --- the long format -------------------------------------------------------------------------

COLUMNS = ("indicator", "area", "level", "year", "sex", "value", "numerator", "denominator",
           "quality", "source")
REQUIRED_COLUMNS = ("indicator", "area", "level", "year", "value", "quality")
COLUMN_ALIASES = {  # Swedish headings are accepted too
    "indikator": "indicator", "område": "area", "omrade": "area", "nivå": "level",
    "niva": "level", "år": "year", "ar": "year", "kön": "sex", "kon": "sex", "värde": "value",
    "varde": "value", "täljare": "numerator", "taljare": "numerator", "nämnare": "denominator",
    "namnare": "denominator", "kvalitet": "quality", "källa": "source", "kalla": "source",
}
NUMBER_COLUMNS = ("value", "numerator", "denominator")
SEXES = ("total", "women", "men")
SEX_ALIASES = {"totalt": "total", "total": "total", "kvinnor": "women", "women": "women",
               "män": "men", "man": "men", "men": "men"}
QUALITIES = ("official", "derived", "provisional", "modelled", "synthetic")
YEAR_RANGE = (1900, 2100)
NO_VALUE = ("", "..")          # an empty cell, or SCB's "not available": the row is skipped
KEY = ["indicator_id", "area_id", "year", "sex"]
OBSERVATION_TABLE_COLUMNS = KEY + ["value", "numerator", "denominator", "quality", "source_id",
                                   "suppressed"]

# --- boundaries ------------------------------------------------------------------------------

SWEDEN_LONLAT = (10.0, 55.0, 24.5, 69.5)           # generous bounding box, degrees
SWEREF99TM_XY = (200_000, 6_000_000, 1_000_000, 7_800_000)  # plausible eastings/northings
AREA_CODE_MAX = 100

FileInput = Any   # a path, an `Upload`, a (name, bytes) pair, or an object with .name/.getvalue()
Progress = Callable[[float, str], None]

# --- file kinds, by suffix -------------------------------------------------------------------

KINDS = {".csv": "observations", ".txt": "observations", ".tsv": "observations",
         ".xlsx": "observations_xlsx", ".yaml": "indicators", ".yml": "indicators",
         ".geojson": "areas_geojson", ".json": "areas_geojson", ".gpkg": "areas_gpkg"}
REFUSED_SUFFIXES = {".xls": "the old Excel format", ".xlsm": "an Excel file with macros",
                    ".xlsb": "a binary Excel file", ".ods": "an OpenDocument spreadsheet"}
ORDER = {"areas_geojson": 0, "areas_gpkg": 0, "indicators": 1, "observations": 2,
         "observations_xlsx": 2}


def file_kind(name: str) -> tuple[str | None, str | None]:
    suffix = Path(name).suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        return None, f"{REFUSED_SUFFIXES[suffix]} is not accepted; save it as .xlsx or CSV UTF-8"
    if suffix not in KINDS:
        return None, ("unknown file type; accepted: .csv, .xlsx (observations), .yaml "
                      "(indicators), .geojson, .gpkg (areas)")
    return KINDS[suffix], None


def normalise_heading(text: str) -> str:
    heading = unicodedata.normalize("NFC", str(text)).strip().strip('"').strip().casefold()
    return COLUMN_ALIASES.get(heading, heading)


def key_index(frame: pd.DataFrame) -> pd.MultiIndex:
    keys = frame[KEY].astype({"year": "int64"})
    return pd.MultiIndex.from_frame(keys)


