"""Loading new data safely: ``python -m indicators.ingest FILE... [--db PATH] [--dry-run]``.

Strategists add figures (CSV or XLSX in the long format of docs/ingest.md), indicator metadata
(YAML) and area boundaries (GeoJSON or GeoPackage) without a developer. Two steps, shared by the
command line and the import page:

1. `validate_files(inputs, db)` reads every file strictly and returns a `Report` of EVERY problem
   (file, line, column, value, rule) plus the `Staged` rows. Nothing is written. Files are
   refused before parsing when oversized, and XLSX zip or XML bombs before openpyxl sees them.
2. `publish_staged(staged, db)` (or `ingest(...)`, which does both under one lock) takes an
   exclusive lock on `<db>.lock` (a second ingest gets `IngestBusy`), exports the published
   tables, merges the new rows (same key → replaced, counted), recomputes derived tables when
   `indicators.methods.derive` exists, keeps the current file as `<db>.lkg` (last known good) and
   publishes through `store.publish` (new file + atomic replace). All valid or nothing.

Pure logic: no Streamlit, no DuckDB (that is `indicators.data.store`'s job).
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import csv
import fcntl
import hashlib
import importlib
import io
import json
import math
import os
import re
import shutil
import struct
import sys
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from indicators.data import bounded_input, store
from indicators.data.catalogue import validate_indicator_records
from indicators.data.config import database_path
from indicators.sources.rawdata import Problem

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

SEVERITIES = ("error", "warning", "note")
FileInput = Any   # a path, an `Upload`, a (name, bytes) pair, or an object with .name/.getvalue()
Progress = Callable[[float, str], None]


# --- errors ----------------------------------------------------------------------------------

class IngestError(RuntimeError):
    """An ingest could not run; the published database is unchanged."""


class IngestBusy(IngestError):
    """Another ingest holds the lock on this database."""


class IngestRefused(IngestError):
    """The files have errors; nothing is published. `report` lists every problem."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__(f"{len(report.errors)} error(s); nothing was published")


class IngestConflict(IngestError):
    """The database changed between checking the files and publishing them."""


class IngestFailed(IngestError):
    """Publishing failed part-way; the published database is unchanged."""


# --- report ----------------------------------------------------------------------------------

_HEADINGS = {
    "sv": {"error": "Fel", "warning": "Varningar", "note": "Noteringar", "files": "Filer",
           "counts": "Nya rader per tabell", "replaced": "Ersatta rader",
           "refused": "Inget publicerades: rätta felen och försök igen.",
           "valid": "Filerna är giltiga (inget publicerat ännu).",
           "published": "Publicerat", "line": "rad", "column": "kolumn", "value": "värde",
           "severity": "allvar", "file": "fil", "rule": "regel"},
    "en": {"error": "Errors", "warning": "Warnings", "note": "Notes", "files": "Files",
           "counts": "New rows per table", "replaced": "Replaced rows",
           "refused": "Nothing was published: fix the errors and try again.",
           "valid": "The files are valid (nothing published yet).",
           "published": "Published", "line": "line", "column": "column", "value": "value",
           "severity": "severity", "file": "file", "rule": "rule"},
}


@dataclass
class Report:
    """Every problem found in one ingest, before anything is published."""

    files: list[str] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)     # staged rows per table
    replaced: dict[str, int] = field(default_factory=dict)   # existing rows replaced per table
    published: bool = False
    content_hash: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def note(self, file: str, rule: str, value: str | None = None) -> None:
        self.notes.append(Problem(file, None, None, value, rule))

    def problems(self) -> Iterator[tuple[str, Problem]]:
        for severity, items in zip(SEVERITIES, (self.errors, self.warnings, self.notes)):
            for problem in items:
                yield severity, problem

    def to_frame(self, lang: str = "sv") -> pd.DataFrame:
        """One row per problem: severity, file, line, column, value, rule (for a table view)."""
        words = _HEADINGS.get(lang, _HEADINGS["en"])
        rows = [(severity, p.file, p.line, p.column, p.value, p.rule)
                for severity, p in self.problems()]
        frame = pd.DataFrame(rows, columns=["severity", "file", "line", "column", "value", "rule"])
        frame["line"] = frame["line"].astype("Int64")
        return frame.rename(columns={c: words[c] for c in frame.columns})

    def to_text(self, lang: str = "sv") -> str:
        words = _HEADINGS.get(lang, _HEADINGS["en"])
        lines = [f"{words['files']}: {', '.join(self.files) or '-'}"]
        for severity, items in zip(SEVERITIES, (self.errors, self.warnings, self.notes)):
            if items:
                lines.append(f"{words[severity]} ({len(items)}):")
                lines += [f"  - {p}" for p in items]
        if self.counts:
            lines.append(f"{words['counts']}: "
                         + ", ".join(f"{t} {n}" for t, n in sorted(self.counts.items())))
        if any(self.replaced.values()):
            lines.append(f"{words['replaced']}: "
                         + ", ".join(f"{t} {n}" for t, n in sorted(self.replaced.items())))
        if self.errors:
            lines.append(words["refused"])
        elif self.published:
            lines.append(f"{words['published']} ({(self.content_hash or '')[:12]}).")
        else:
            lines.append(words["valid"])
        return "\n".join(lines)


class _Problems:
    """Problems of one file, capped at MAX_PROBLEMS with a closing "… more" line."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[Problem] = []
        self.dropped = 0

    def add(self, line: int | None, column: str | None, value: Any, rule: str) -> None:
        if len(self.items) >= MAX_PROBLEMS:
            self.dropped += 1
            return
        shown = None if value is None else _shorten(str(value))
        self.items.append(Problem(self.file, line, column, shown, rule))

    def done(self) -> list[Problem]:
        if self.dropped:
            self.items.append(Problem(self.file, None, None, None,
                                      f"… and {self.dropped} more problems not listed"))
        return self.items


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# --- inputs ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Upload:
    """A file given as bytes (e.g. from the import page)."""

    name: str
    data: bytes


@dataclass(frozen=True)
class FileRecord:
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


KINDS = {".csv": "observations", ".txt": "observations", ".tsv": "observations",
         ".xlsx": "observations_xlsx", ".yaml": "indicators", ".yml": "indicators",
         ".geojson": "areas_geojson", ".json": "areas_geojson", ".gpkg": "areas_gpkg"}
REFUSED_SUFFIXES = {".xls": "the old Excel format", ".xlsm": "an Excel file with macros",
                    ".xlsb": "a binary Excel file", ".ods": "an OpenDocument spreadsheet"}


def _safe_name(name: str) -> str:
    base = Path(str(name).replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    return _shorten(cleaned, 120) or "(unnamed)"


def _read_input(item: FileInput, max_bytes: int) -> tuple[str, bytes | None, Problem | None]:
    """(name, bytes, problem). The size is checked before any byte is read."""
    if isinstance(item, (str, Path)):
        path = Path(item)
        name = _safe_name(path.name)
        try:
            if not path.is_file():
                return name, None, Problem(name, None, None, None, "not a regular file")
            size = path.stat().st_size
            if size > max_bytes:
                return name, None, _too_big(name, size, max_bytes)
            with path.open("rb") as handle:
                data = handle.read(size + 1)  # a file that grew since stat is caught below
        except OSError as error:
            return name, None, Problem(name, None, None, None,
                                       f"cannot read: {error.strerror or error}")
    else:
        if isinstance(item, Upload):
            name, size, getter = item.name, len(item.data), lambda: item.data
        elif isinstance(item, tuple) and len(item) == 2:
            name, size, getter = item[0], len(item[1]), lambda: item[1]
        else:
            name = getattr(item, "name", "upload")
            size = getattr(item, "size", None)
            getter = item.getvalue if hasattr(item, "getvalue") else item.read
        name = _safe_name(name)
        if size is not None and size > max_bytes:
            return name, None, _too_big(name, size, max_bytes)
        data = bytes(getter())
    if len(data) > max_bytes:
        return name, None, _too_big(name, len(data), max_bytes)
    return name, data, None


def _too_big(name: str, size: int, limit: int) -> Problem:
    return Problem(name, None, None, f"{size} bytes",
                   f"larger than the limit of {limit} bytes; refused before reading")


# --- text: encodings, separators, decimal marks ----------------------------------------------

# UTF-8 read as Windows-1252 turns å ä ö into "Ã¥ Ã¤ Ã¶": "Ã" followed by one of the characters
# that the bytes 0x80-0xBF stand for in Windows-1252.
_MOJIBAKE = re.compile("Ã[\u00a0-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


def decode_text(data: bytes, name: str) -> tuple[str | None, str | None, list[Problem]]:
    """(text, encoding, problems). Strict UTF-8 first (BOM allowed), then Windows-1252 (a
    superset of latin-1's letters); anything else is refused, never guessed. Text is NFC."""
    problems: list[Problem] = []
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", data[len(codecs.BOM_UTF8):], "utf-8")]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", data, "utf-16")]
    elif b"\x00" in data[:65536]:
        return None, None, [Problem(name, None, None, None,
                                    "contains NUL bytes: not a text file (or UTF-16 without BOM)")]
    else:
        candidates = [("utf-8", data, "utf-8"), ("cp1252", data, "cp1252")]
    text = encoding = None
    for label, payload, codec in candidates:
        try:
            text, encoding = payload.decode(codec), label
            break
        except UnicodeDecodeError as error:
            reason = error
    if text is None:
        return None, None, [Problem(name, None, None, None,
                                    f"not UTF-8 nor Windows-1252 text ({reason.reason} at byte "
                                    f"{reason.start}); save it as CSV UTF-8")]
    text = unicodedata.normalize("NFC", text)
    match = _MOJIBAKE.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        problems.append(Problem(name, line, None, match.group(),
                                "looks mis-encoded (UTF-8 read as Windows-1252 before it was "
                                "saved, e.g. 'Ã¤' for 'ä'); export the file again"))
    return text, encoding, problems


def _normalise_heading(text: str) -> str:
    heading = unicodedata.normalize("NFC", str(text)).strip().strip('"').strip().casefold()
    return COLUMN_ALIASES.get(heading, heading)


def sniff_delimiter(text: str) -> str:
    """The separator (`;`, `,` or tab) that splits the header into the most known columns."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    best, best_score = ",", (-1, -1)
    for delimiter in (";", ",", "\t"):
        try:
            cells = next(bounded_input.csv_reader([header], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        known = sum(_normalise_heading(c) in COLUMNS for c in cells)
        score = (known, header.count(delimiter))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(text: str, delimiter: str, problems: _Problems) -> list[tuple[int, list[Any]]]:
    rows: list[tuple[int, list[Any]]] = []
    reader = bounded_input.csv_reader(io.StringIO(text, newline=""), delimiter=delimiter,
                                      strict=True)
    previous = 0
    try:
        for cells in reader:
            start, previous = previous + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                rows.append((start, cells))
            if len(rows) > MAX_ROWS + 1:
                problems.add(None, None, None, f"more than {MAX_ROWS} rows; split the file")
                break
    except csv.Error as error:
        problems.add(reader.line_num, None, None, f"CSV syntax error: {error}")
    return rows


# --- XLSX: bombs refused before openpyxl -----------------------------------------------------

def check_xlsx_archive(data: bytes, name: str) -> list[Problem]:
    """Problems with an XLSX file's zip container, found without decompressing it in full.

    Refuses: not a zip; more than XLSX_MAX_MEMBERS members; declared uncompressed total over
    XLSX_MAX_UNCOMPRESSED; a member over 1 MiB compressed more than XLSX_MAX_RATIO : 1; an XML
    part with a DOCTYPE or ENTITY declaration (billion laughs, external entities), not in
    UTF-8, or whose root element does not start within XML_PROLOG_BYTES. Python's zipfile
    stops at each member's declared size (CRC error), so a lying header cannot inflate more.
    """
    def refuse(rule: str, value: str | None = None) -> list[Problem]:
        return [Problem(name, None, None, value, rule)]

    if not data.startswith(b"PK\x03\x04"):
        return refuse("not an .xlsx file (no zip signature); save it as Excel workbook .xlsx")
    entries = _zip_entry_count(data)
    if entries is None:
        return refuse("damaged .xlsx (zip) file: no end of central directory")
    if entries > XLSX_MAX_MEMBERS:  # checked before zipfile builds one object per entry
        return refuse(f"the .xlsx holds {entries} parts (limit {XLSX_MAX_MEMBERS})")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        return refuse(f"damaged .xlsx (zip) file: {error}")
    with archive:
        members = archive.infolist()
        if len(members) > XLSX_MAX_MEMBERS:
            return refuse(f"the .xlsx holds {len(members)} parts (limit {XLSX_MAX_MEMBERS})")
        total = sum(m.file_size for m in members)
        if total > XLSX_MAX_UNCOMPRESSED:
            return refuse(f"unpacks to {total} bytes (limit {XLSX_MAX_UNCOMPRESSED}): "
                          "refused as a possible zip bomb")
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > XLSX_RATIO_FLOOR and ratio > XLSX_MAX_RATIO:
                return refuse(f"part compressed {ratio:.0f}:1 (limit {XLSX_MAX_RATIO}:1): "
                              "refused as a possible zip bomb", member.filename)
        problems = []
        for member in members:
            if not member.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            try:
                with archive.open(member) as handle:
                    head = handle.read(XML_PROLOG_BYTES)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError,
                    EOFError, zlib.error) as error:
                return refuse(f"damaged part: {error}", member.filename)
            reason = _xml_prolog_problem(head)
            if reason:
                problems.append(Problem(name, None, None, member.filename, reason))
        return problems


def _zip_entry_count(data: bytes) -> int | None:
    """An upper bound on a zip's entries from its end-of-central-directory record: the larger of
    the declared count (0xFFFF means ZIP64, more than a workbook ever has) and the directory's
    size divided by 512 bytes per entry (a lying count cannot hide a huge directory)."""
    position = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if position < 0 or position + 22 > len(data):
        return None
    count, directory_size = struct.unpack_from("<HI", data, position + 10)
    return max(count, directory_size // 512)


def _xml_prolog_problem(head: bytes) -> str | None:
    """Why an XML part's start is refused, or None. Only a declaration, comments, processing
    instructions and whitespace may precede the root element; a DOCTYPE never."""
    lowered = head.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        return "XML with a DOCTYPE or ENTITY declaration: refused (possible XML bomb)"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head[:512]:
        return "XML part not in UTF-8: refused"
    text = head.decode("latin-1")
    position = 0
    if text.startswith("\ufeff") or head.startswith(codecs.BOM_UTF8):
        position = len(codecs.BOM_UTF8)
    while True:
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        if text.startswith("<?", position):
            end = text.find("?>", position)
            position = end + 2 if end >= 0 else len(text)
        elif text.startswith("<!--", position):
            end = text.find("-->", position)
            position = end + 3 if end >= 0 else len(text)
        elif text.startswith("<!", position):
            return "XML with a declaration before the root element: refused"
        elif text.startswith("<", position) and position + 1 < len(text):
            return None
        else:
            return (f"XML root element does not start within {XML_PROLOG_BYTES} bytes: refused"
                    if position >= len(text) else "not well-formed XML: refused")


def _xlsx_rows(data: bytes, name: str, problems: _Problems) -> list[tuple[int, list[Any]]]:
    """Rows of the sheet named `observations` (any case) or else the first sheet, as cell
    values (numbers stay numbers). Call only after `check_xlsx_archive` found nothing."""
    import openpyxl  # imported here so the bomb checks above provably run first

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = {ws.title.strip().casefold(): ws for ws in workbook.worksheets}
        if not sheets:
            problems.add(None, None, None, "the workbook has no sheets")
            return []
        sheet = sheets.get("observations", workbook.worksheets[0])
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # never trust the declared size (A1:XFD1048576)
        rows = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = list(cells)
            while values and (values[-1] is None or str(values[-1]).strip() == ""):
                values.pop()
            if values:
                rows.append((number, values))
            if len(rows) > MAX_ROWS + 1:
                problems.add(None, None, None, f"more than {MAX_ROWS} rows; split the file")
                break
        return rows
    finally:
        workbook.close()


# --- cell parsing ----------------------------------------------------------------------------

_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d{1,3})?")
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?")
_SPACES = str.maketrans("", "", " \u00a0\u202f")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def cell_text(cell: Any) -> str:
    """A cell as stripped text (Excel numbers like 2480.0 become '2480')."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return unicodedata.normalize("NFC", str(cell)).strip()


def parse_number(cell: Any, decimal: str | None) -> float:
    """A finite number from a cell. Text uses `decimal` (',' or '.'; None accepts either, used
    when the file is already refused for mixing them); spaces may group thousands."""
    if isinstance(cell, bool) or not isinstance(cell, (str, int, float)):
        raise ValueError("not a number")
    if isinstance(cell, (int, float)):
        number = float(cell)
    else:
        text = cell.strip().replace("\u2212", "-")
        if not (_PLAIN_NUMBER.fullmatch(text) or _GROUPED_NUMBER.fullmatch(text)):
            raise ValueError("not a number")
        text = text.translate(_SPACES)
        if decimal == "," and "." in text or decimal == "." and "," in text:
            raise ValueError(f"expected the decimal mark {decimal!r}")
        number = float(text.replace(",", "."))
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def parse_year(cell: Any) -> int:
    if isinstance(cell, bool):
        raise ValueError("not a year")
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, int):
        year = cell
    elif isinstance(cell, str) and re.fullmatch(r"\d{4}", cell.strip()):
        year = int(cell.strip())
    else:
        raise ValueError("not a year (four digits)")
    low, high = YEAR_RANGE
    if not low <= year <= high:
        raise ValueError(f"year outside {low}-{high}")
    return year


def detect_decimal(cells: Iterable[tuple[int, str, str]]) -> tuple[str | None, Problem | None,
                                                                      list[tuple[int, str, str]]]:
    """The file's decimal mark from its number cells given as (line, column, text).

    Returns (mark, mixing problem, cells with both marks). A cell with both a comma and a point
    ("1.234,5") is ambiguous on its own; a file with "12,5" in one cell and "12.5" in another
    mixes the two conventions and is refused with one message naming an example of each.
    """
    first: dict[str, tuple[int, str, str]] = {}
    both = []
    for line, column, text in cells:
        has_comma, has_point = "," in text, "." in text
        if has_comma and has_point:
            both.append((line, column, text))
        elif has_comma:
            first.setdefault(",", (line, column, text))
        elif has_point:
            first.setdefault(".", (line, column, text))
    if "," in first and "." in first:
        (cl, cc, ct), (pl, pc, pt) = first[","], first["."]
        rule = (f"mixes decimal commas (line {cl}, {cc} {ct!r}) and decimal points (line {pl}, "
                f"{pc} {pt!r}); use one decimal mark in the whole file")
        return None, Problem("", None, None, None, rule), both
    return (next(iter(first)) if first else "."), None, both


# --- the database as a lookup ----------------------------------------------------------------

def _norm_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


class _Lookup:
    """What validation needs from the database plus the rows staged so far in this ingest."""

    def __init__(self, tables: dict[str, pd.DataFrame]):
        self.sources = set(tables["source"]["source_id"])
        self.licence_of = dict(zip(tables["source"]["source_id"], tables["source"]["licence"]))
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

    def add_indicator(self, indicator_id, levels, sexes, unit, kind, source_id) -> None:
        split = (lambda v: tuple(v.split(",")) if isinstance(v, str) else tuple(v))
        self.indicators[indicator_id] = {"levels": split(levels), "sexes": split(sexes),
                                         "unit": unit, "kind": kind, "source": source_id}

    def add_area(self, area_id, level, code, name, vintage=None, parent=None) -> None:
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


def value_range(unit: str, kind: str) -> tuple[float | None, float | None]:
    """Plausible (low, high) for an indicator's values: percentages 0-100; counts (persons or
    things) and rates never negative. Levels (amounts, and balances such as net migration) and
    categories are not bounded here."""
    if unit == "percent":
        return 0.0, 100.0
    if kind in ("count", "rate"):
        return 0.0, None
    return None, None


# --- observations ----------------------------------------------------------------------------

def _observation_header(header: list[Any], line: int, problems: _Problems
                        ) -> dict[str, int] | None:
    """Column positions by canonical name; unknown, duplicate or missing columns are errors
    (the column whitelist is COLUMNS; trailing empty headings are ignored)."""
    cells = [cell_text(c) for c in header]
    while cells and not cells[-1]:
        cells.pop()
    positions: dict[str, int] = {}
    ok = True
    for position, heading in enumerate(cells):
        canonical = _normalise_heading(heading)
        if canonical not in COLUMNS:
            problems.add(line, heading or f"#{position + 1}", None,
                         f"unknown column; the columns are {', '.join(COLUMNS)}")
            ok = False
        elif canonical in positions:
            problems.add(line, heading, None, "the column appears twice")
            ok = False
        else:
            positions[canonical] = position
    for column in REQUIRED_COLUMNS:
        if column not in positions:
            problems.add(line, column, None, "required column is missing")
            ok = False
    return positions if ok else None


def stage_observations(
    name: str, rows: list[tuple[int, list[Any]]], lookup: _Lookup, seen: dict[tuple, str],
    report: Report, *, pad: bool = False,
) -> pd.DataFrame:
    """Validate rows of the long format; add problems to `report`; return the observation rows
    (empty when the file has any error). `seen` maps keys staged by earlier files to where.
    `pad`: short rows are filled with empty cells (a spreadsheet does not store trailing
    empty cells); otherwise a short row is ragged."""
    problems = _Problems(name)
    empty = pd.DataFrame(columns=OBSERVATION_TABLE_COLUMNS)
    if not rows:
        problems.add(None, None, None, "the file is empty")
        report.errors += problems.done()
        return empty
    header_line, header = rows[0]
    positions = _observation_header(header, header_line, problems)
    if positions is None:
        report.errors += problems.done()
        return empty
    width = max(positions.values()) + 1
    header_width = len([c for c in header if cell_text(c)]) or width
    width = max(width, header_width)

    def cell(cells: list[Any], column: str) -> Any:
        position = positions.get(column)
        return cells[position] if position is not None and position < len(cells) else None

    body = rows[1:]
    if not body:
        problems.add(None, None, None, "the file has no data rows")
    number_cells = [(line, column, c.strip()) for line, cells in body for column in NUMBER_COLUMNS
                    if isinstance(c := cell(cells, column), str) and c.strip() not in NO_VALUE]
    decimal, mixed, both = detect_decimal(number_cells)
    if mixed is not None:
        problems.add(None, None, None, mixed.rule)
    ambiguous = {(line, column) for line, column, _ in both}
    for line, column, text in both:
        problems.add(line, column, text, "has both a comma and a point; write numbers without "
                                         "thousands separators (12500,5 or 12500.5)")

    records = []
    keys: dict[tuple, int] = {}
    covered: dict[tuple[str, str, int, str], set[str]] = {}
    skipped = 0
    for line, cells in body:
        if pad and len(cells) < width:
            cells = cells + [None] * (width - len(cells))
        extra = [c for c in cells[width:] if cell_text(c)]
        if len(cells) < width or extra:
            problems.add(line, None, None,
                         f"has {len([c for c in cells if c is not None])} fields, the header "
                         f"has {width}")
            continue
        failures: list[tuple[str, Any, str]] = []

        def bad(column: str, value: Any, rule: str, failures=failures) -> None:
            failures.append((column, value, rule))

        def get(column: str, cells=cells) -> Any:
            return cell(cells, column)

        keyed = _check_keys(get, lookup, bad)
        numbers = _check_numbers(get, keyed["indicator"], decimal,
                                 {c for c in NUMBER_COLUMNS if (line, c) in ambiguous}, bad)
        for column, value, rule in failures:
            problems.add(line, column, value, rule)
        if failures or any((line, c) in ambiguous for c in NUMBER_COLUMNS):
            continue
        indicator_id, area_id, year, sex = (keyed[k] for k in ("indicator_id", "area_id",
                                                                "year", "sex"))
        level, area_text, indicator = keyed["level"], keyed["area_text"], keyed["indicator"]
        num, den, no_value = numbers["numerator"], numbers["denominator"], numbers["no_value"]
        key = (indicator_id, area_id, year, sex)
        if key in keys:
            problems.add(line, "area", area_text,
                         f"duplicate key (indicator, area, year, sex); first on line {keys[key]}")
            continue
        if key in seen:
            problems.add(line, "area", area_text,
                         f"duplicate key (indicator, area, year, sex); also in {seen[key]}")
            continue
        keys[key] = line
        covered.setdefault((indicator_id, level, year, sex), set()).add(area_id)
        if no_value:
            skipped += 1
            report.warnings.append(Problem(name, line, "value", cell_text(cell(cells, "value")),
                                           "no value: the row is skipped and shows as no data"))
            continue
        records.append((indicator_id, area_id, year, sex, numbers["value"], num, den,
                        keyed["quality"], keyed["source"] or indicator["source"], False))

    errors = problems.done()
    if errors:
        report.errors += errors
        return empty
    for key, line in keys.items():
        seen[key] = f"{name} line {line}"
    report.warnings += _missing_areas(name, covered, lookup)
    if skipped:
        report.note(name, f"{skipped} row(s) without a value skipped")
    rates = {i for i, info in lookup.indicators.items() if info["kind"] == "rate"}
    no_denominator = sum(1 for r in records if r[0] in rates and r[6] is None)
    if no_denominator:
        report.warnings.append(Problem(
            name, None, "denominator", None,
            f"{no_denominator} row(s) of rates have no denominator, so small-count disclosure "
            "control cannot check them"))
    frame = pd.DataFrame.from_records(records, columns=OBSERVATION_TABLE_COLUMNS)
    return frame.astype({"year": "int64", "value": "float64", "numerator": "float64",
                         "denominator": "float64", "suppressed": "bool"})


def _check_keys(get: Callable[[str], Any], lookup: _Lookup,
                bad: Callable[[str, Any, str], None]) -> dict[str, Any]:
    """The key and label cells of one row, checked; problems go to `bad(column, value, rule)`."""
    indicator_id = cell_text(get("indicator"))
    area_text = cell_text(get("area"))
    level = cell_text(get("level"))
    indicator = None
    if not indicator_id:
        bad("indicator", None, "empty key: the indicator is required")
    elif indicator_id not in lookup.indicators:
        bad("indicator", indicator_id, "unknown indicator (add its metadata in a YAML file in "
                                       "the same ingest)")
    else:
        indicator = lookup.indicators[indicator_id]
    if not area_text:
        bad("area", None, "empty key: the area is required")
    level_ok = not level or level in lookup.levels
    if not level_ok:
        bad("level", level, f"unknown level; the levels are {', '.join(sorted(lookup.levels))}")
    year = None
    if cell_text(get("year")) == "":
        bad("year", None, "empty key: the year is required")
    else:
        try:
            year = parse_year(get("year"))
        except ValueError as error:
            bad("year", cell_text(get("year")), str(error))
    sex_text = cell_text(get("sex")) or "total"
    sex = SEX_ALIASES.get(sex_text.casefold())
    if sex is None:
        bad("sex", sex_text, f"unknown sex; use {', '.join(SEXES)}")
    quality = cell_text(get("quality")).casefold()
    if not quality:
        bad("quality", None, f"the quality is required: {', '.join(QUALITIES)}")
    elif quality not in QUALITIES:
        bad("quality", cell_text(get("quality")), f"unknown quality; use {', '.join(QUALITIES)}")
    source = cell_text(get("source"))
    if source and source not in lookup.sources:
        bad("source", source, "unknown source id")
    area_id = None
    if area_text and level_ok:
        area_id, reason = lookup.resolve_area(area_text, level, year)
        if area_id is None:
            bad("area", area_text, reason)
        else:
            level = lookup.areas[area_id]["level"]
    if indicator is not None and area_id is not None and level not in indicator["levels"]:
        bad("level", level, f"indicator {indicator_id} is published at "
                            f"{', '.join(indicator['levels'])} only")
    if indicator is not None and sex is not None and sex not in indicator["sexes"]:
        bad("sex", sex_text, f"indicator {indicator_id} has sexes "
                             f"{', '.join(indicator['sexes'])} only")
    return {"indicator_id": indicator_id, "indicator": indicator, "area_text": area_text,
            "area_id": area_id, "level": level, "year": year, "sex": sex, "quality": quality,
            "source": source}


def _check_numbers(get: Callable[[str], Any], indicator: dict[str, Any] | None,
                   decimal: str | None, skip: set[str],
                   bad: Callable[[str, Any, str], None]) -> dict[str, Any]:
    """value, numerator and denominator of one row as floats (None when empty), checked against
    the indicator's range; `no_value` when the value cell is empty or `..`."""
    low, high = (value_range(indicator["unit"], indicator["kind"]) if indicator is not None
                 else (None, None))
    numbers: dict[str, Any] = {"no_value": False}
    for column in NUMBER_COLUMNS:
        raw = get(column)
        text = cell_text(raw)
        numbers[column] = None
        if column in skip:
            continue
        if text in NO_VALUE:
            numbers["no_value"] = numbers["no_value"] or column == "value"
            continue
        try:
            number = parse_number(raw, decimal)
        except ValueError as error:
            bad(column, text, str(error))
            continue
        numbers[column] = number
        if column == "value":
            if (low is not None and number < low) or (high is not None and number > high):
                bad(column, text, "a percentage must lie between 0 and 100"
                    if indicator["unit"] == "percent" else "cannot be negative for this indicator")
        elif number < 0:
            bad(column, text, f"the {column} cannot be negative")
        elif column == "denominator" and number == 0:
            bad(column, text, "the denominator must be positive")
    num, den = numbers["numerator"], numbers["denominator"]
    if (indicator is not None and indicator["unit"] == "percent" and num is not None
            and den is not None and 0 <= den < num):
        bad("numerator", cell_text(get("numerator")),
            "the numerator exceeds the denominator of a percentage")
    return numbers


def _missing_areas(name: str, covered: dict[tuple[str, str, int, str], set[str]],
                   lookup: _Lookup) -> list[Problem]:
    """One warning per indicator and area of a level the file covers but the area is missing
    from (for some year and sex)."""
    gaps: dict[tuple[str, str], list[str]] = {}
    for (indicator_id, level, year, sex), areas in sorted(covered.items()):
        for area_id in lookup.areas_of_level(level, year):
            if area_id not in areas:
                when = str(year) if sex == "total" else f"{year} ({sex})"
                gaps.setdefault((indicator_id, area_id), []).append(when)
    return [
        Problem(name, None, "area", lookup.areas[area_id]["name"],
                f"no data for {lookup.areas[area_id]['name']} ({area_id}) on {indicator_id} "
                f"in {', '.join(years)}; it will show as no data, never as 0")
        for (indicator_id, area_id), years in gaps.items()
    ]


# --- indicator metadata (YAML) ---------------------------------------------------------------

INDICATOR_FIELDS = ("id", "theme", "name_sv", "name_en", "description_sv", "description_en",
                    "unit", "direction", "decimals", "best", "worst", "kind", "aggregation",
                    "levels", "sexes", "source", "licence", "weight", "limit_factor",
                    "illustrative", "part_of", "spi_dimension", "spi_component", "(record)")
INDICATOR_DEFAULTS = {"sexes": ["total"], "weight": 1.0, "limit_factor": 1.0,
                      "illustrative": False, "part_of": None, "spi_dimension": None,
                      "spi_component": None}


def stage_indicators(name: str, data: bytes, lookup: _Lookup, report: Report) -> pd.DataFrame:
    """New indicator records from a YAML file shaped like data/indicators.yaml (`indicators:`
    and optional `defaults:`), validated with the catalogue's schema and rules against the
    database's themes and sources; an id that already exists is a clash."""
    empty = pd.DataFrame()
    text, _, problems = decode_text(data, name)
    if text is None or problems:
        report.errors += problems
        return empty
    try:  # size, depth, anchors and aliases checked on the event stream before composing
        document, root = bounded_input.load_yaml(text)
    except bounded_input.InputLimitError as error:
        report.errors.append(Problem(name, error.line, None, None, error.message
                                     + (f" (column {error.column})" if error.column else "")))
        return empty
    if not isinstance(document, dict) or not isinstance(document.get("indicators"), list):
        report.errors.append(Problem(name, 1, None, None,
                                     "expected a mapping with an `indicators:` list"))
        return empty
    unknown = sorted(set(document) - {"indicators", "defaults"})
    if unknown:
        report.errors.append(Problem(name, 1, None, ", ".join(map(str, unknown)),
                                     "unknown top-level keys; allowed: indicators, defaults"))
        return empty
    defaults = {**INDICATOR_DEFAULTS, **(document.get("defaults") or {})}
    records = [{**defaults, **r} if isinstance(r, dict) else r for r in document["indicators"]]
    lines = {}
    for mapping_key, value_node in root.value:
        if mapping_key.value == "indicators":
            lines = {n: item.start_mark.line + 1 for n, item in enumerate(value_node.value)}
    existing = set(lookup.indicators)
    messages = []
    for number, record in enumerate(records):
        # One record at a time, so every record's schema errors and rule breaks are listed
        # (the catalogue stops at schema errors); the others' ids count as known for clashes.
        others = {r.get("id") for j, r in enumerate(records)
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
    report.errors += messages
    if messages:
        return empty
    rows = []
    for record in records:
        rows.append({
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
        })
        lookup.add_indicator(record["id"], record["levels"], record.get("sexes") or ["total"],
                             record["unit"], record["kind"], record["source"])
    return pd.DataFrame(rows)


# --- areas (GeoJSON, GeoPackage) -------------------------------------------------------------

def _geojson_crs_given(data: bytes, name: str) -> tuple[bool | None, Problem | None]:
    """(whether a `crs` member is present, problem). GDAL reads GeoJSON without `crs` as WGS84
    silently, so this is what tells a real WGS84 file from SWEREF 99 TM numbers."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, Problem(name, None, None, None, f"GeoJSON must be UTF-8 ({error.reason})")
    try:
        bounded_input.check_json_depth(text)   # before json.loads and GDAL recurse into it
        document = json.loads(text)
    except bounded_input.InputLimitError as error:
        return None, Problem(name, error.line, None, None,
                             f"{error.message} (column {error.column}): refused")
    except json.JSONDecodeError as error:
        return None, Problem(name, error.lineno, None, None,
                             f"broken JSON: {error.msg} (column {error.colno})")
    except RecursionError:
        return None, Problem(name, None, None, None, "JSON nested too deeply: refused")
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        return None, Problem(name, 1, None, None, "expected a GeoJSON FeatureCollection")
    if not isinstance(document.get("features"), list):
        return None, Problem(name, 1, None, None, "the FeatureCollection has no features list")
    return "crs" in document, None


def _detect_crs(bounds: Sequence[float], declared: str | None) -> tuple[str | None, str]:
    """(CRS to read the coordinates in, note). A declared projected CRS is trusted (the Sweden
    check follows); no CRS or a geographic one is checked against the numbers: degrees inside
    Sweden → WGS84, SWEREF 99 TM-sized numbers → EPSG:3006, anything else → None (refused)."""
    from pyproj import CRS

    minx, miny, maxx, maxy = bounds
    if declared:
        crs = CRS.from_user_input(declared)
        if not crs.is_geographic:
            return declared, ""
    in_degrees = -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
    if in_degrees:
        return (declared or "EPSG:4326"), ""
    x0, y0, x1, y1 = SWEREF99TM_XY
    if x0 <= minx <= maxx <= x1 and y0 <= miny <= maxy <= y1:
        return "EPSG:3006", ("no usable coordinate system in the file, and the coordinates are "
                             "metres, not degrees: read as SWEREF 99 TM (EPSG:3006)")
    return None, ""


def _read_geo(name: str, data: bytes, kind: str, report: Report) -> tuple[dict | None, list]:
    """(meta, [(feature number, properties, wkb)]) via pyogrio, or (None, []) after an error."""
    from pyogrio import list_layers
    from pyogrio.raw import read

    crs_given = None
    layer = None
    if kind == "areas_geojson":
        crs_given, problem = _geojson_crs_given(data, name)
        if problem:
            report.errors.append(problem)
            return None, []
    else:
        if not data.startswith(b"SQLite format 3\x00"):
            report.errors.append(Problem(name, None, None, None, "not a GeoPackage file"))
            return None, []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if kind == "areas_gpkg":
                layers = [str(row[0]) for row in list_layers(io.BytesIO(data))]
                if not layers:
                    report.errors.append(Problem(name, None, None, None, "no layers"))
                    return None, []
                layer = next((lay for lay in layers if lay.casefold() == "areas"), layers[0])
            meta, _, geometries, fields = read(io.BytesIO(data), layer=layer,
                                               max_features=MAX_FEATURES + 1)
    except Exception as error:  # pyogrio raises several types for unreadable data
        report.errors.append(Problem(name, None, None, None,
                                     f"cannot read the boundaries: {_shorten(str(error))}"))
        return None, []
    if crs_given is False:
        meta["crs"] = None
    names = [str(n).casefold() for n in meta["fields"]]
    features = []
    for number, wkb in enumerate(geometries, start=1):
        properties = {names[i]: fields[i][number - 1] for i in range(len(names))}
        features.append((number, properties, wkb))
    return meta, features


def stage_areas(name: str, data: bytes, kind: str, lookup: _Lookup, report: Report
                ) -> pd.DataFrame:
    """New or replaced areas with full geometry (WKB, EPSG:3006), map-ready GeoJSON and summary
    columns. Invalid geometry is repaired (`make_valid`, polygon parts kept) with a note, or
    refused; null geometry, unknown levels, duplicate codes and coordinates outside Sweden are
    refused."""
    import geopandas as gpd
    import shapely

    from indicators.sources import geography

    empty = pd.DataFrame()
    meta, features = _read_geo(name, data, kind, report)
    if meta is None:
        return empty
    problems = _Problems(name)
    fields = {str(f).casefold() for f in meta["fields"]}
    for required in ("code", "name", "level"):
        if required not in fields:
            problems.add(None, required, None, "required property is missing")
    if not features:
        problems.add(None, None, None, "the file has no features")
    if len(features) > MAX_FEATURES:
        problems.add(None, None, None, f"more than {MAX_FEATURES} features; split the file")
    if problems.items:
        report.errors += problems.done()
        return empty

    staged, geometries, ids = [], [], {}
    for number, properties, wkb in features:
        where = f"feature {number}"
        code = cell_text(properties.get("code"))
        area_name = cell_text(properties.get("name"))
        level = cell_text(properties.get("level"))
        label = f"{where} ({code or 'no code'})"
        ok = True
        for column, value in (("code", code), ("name", area_name)):
            if not value:
                problems.add(None, column, None, f"{where}: empty {column}")
                ok = False
            elif len(value) > AREA_CODE_MAX or _CONTROL.search(value):
                problems.add(None, column, value, f"{where}: too long or has control characters")
                ok = False
        if level not in lookup.levels:
            known = ", ".join(sorted(lookup.levels))
            problems.add(None, "level", level, f"{label}: unknown level; the levels are {known}")
            ok = False
        vintage = None
        raw_vintage = properties.get("vintage")
        if cell_text(raw_vintage):
            try:
                vintage = parse_year(raw_vintage)
            except ValueError as error:
                problems.add(None, "vintage", cell_text(raw_vintage), f"{label}: {error}")
                ok = False
        area_id = f"{level}:{vintage}:{code}" if vintage else f"{level}:{code}"
        if ok and area_id in ids:
            problems.add(None, "code", code, f"{label}: duplicate code; first in feature "
                                             f"{ids[area_id]}")
            ok = False
        ids.setdefault(area_id, number)
        geometry = None
        if wkb is None:
            problems.add(None, "geometry", None, f"{label}: no geometry (null); refused")
            ok = False
        else:
            try:
                geometry = shapely.from_wkb(wkb)
            except shapely.errors.GEOSException:
                geometry = shapely.from_wkb(wkb, on_invalid="fix")
                if geometry is not None:
                    report.notes.append(Problem(name, None, "geometry", code,
                                                f"{label}: a ring was not closed; closed it"))
            if geometry is None or geometry.is_empty:
                problems.add(None, "geometry", None, f"{label}: empty or unreadable geometry")
                ok, geometry = False, None
            elif geometry.geom_type not in ("Polygon", "MultiPolygon", "GeometryCollection"):
                problems.add(None, "geometry", geometry.geom_type,
                             f"{label}: not a polygon; areas need polygons")
                ok, geometry = False, None
            elif not geometry.is_valid:
                reason = shapely.is_valid_reason(geometry)
                repaired = shapely.make_valid(geometry)
                parts = [p for p in shapely.get_parts(repaired)
                         if p.geom_type in ("Polygon", "MultiPolygon") and not p.is_empty]
                if not parts:
                    problems.add(None, "geometry", None,
                                 f"{label}: invalid geometry ({reason}) cannot be repaired")
                    ok, geometry = False, None
                else:
                    geometry = shapely.union_all(parts)
                    report.notes.append(Problem(name, None, "geometry", code,
                                                f"{label}: invalid geometry ({reason}) repaired "
                                                "with make_valid; check it on the map"))
        if ok:
            staged.append({"number": number, "area_id": area_id, "level_id": level, "code": code,
                           "name": area_name, "vintage": vintage,
                           "parent": cell_text(properties.get("parent"))})
            geometries.append(geometry)
    if problems.items:
        report.errors += problems.done()
        return empty

    bounds = shapely.total_bounds(geometries)
    crs, note = _detect_crs(bounds, meta.get("crs"))
    if crs is None:
        report.errors.append(Problem(
            name, None, "geometry", ", ".join(f"{b:.6g}" for b in bounds),
            "cannot tell the coordinate system: the numbers are neither degrees nor SWEREF 99 "
            "TM metres; save the file with its coordinate system (e.g. EPSG:3006)"))
        return empty
    if note:
        report.notes.append(Problem(name, None, "geometry", crs, note))
    series = gpd.GeoSeries(geometries, crs=crs)
    try:
        lonlat = series.to_crs(geography.WGS84).total_bounds
    except Exception as error:  # pyproj errors for impossible transformations
        report.errors.append(Problem(name, None, "geometry", crs,
                                     f"cannot reproject: {_shorten(str(error))}"))
        return empty
    west, south, east, north = SWEDEN_LONLAT
    if not (west <= lonlat[0] and lonlat[2] <= east and south <= lonlat[1] and lonlat[3] <= north):
        report.errors.append(Problem(
            name, None, "geometry", ", ".join(f"{b:.4f}" for b in lonlat),
            "the areas lie outside Sweden (longitude/latitude bounds shown); check the "
            "coordinate system"))
        return empty
    projected = series.to_crs(geography.SWEREF99TM)

    rows = []
    for item in staged:
        parent, reason = _resolve_parent(item, staged, lookup)
        if reason:
            problems.add(None, "parent", item["parent"], f"feature {item['number']}: {reason}")
        rows.append((item, parent))
    if problems.items:
        report.errors += problems.done()
        return empty
    geojson = geography.map_geometry(projected)
    summary = geography.summary_columns(projected)
    frame = pd.DataFrame({
        "area_id": [i["area_id"] for i, _ in rows], "level_id": [i["level_id"] for i, _ in rows],
        "code": [i["code"] for i, _ in rows], "name": [i["name"] for i, _ in rows],
        "parent_id": [p for _, p in rows],
        "vintage": pd.array([i["vintage"] for i, _ in rows], dtype="Int64"),
        "on_map": [g is not None for g in geojson],
        "geometry_wkb": geography.to_wkb(projected), "map_geojson": geojson,
    })
    frame = pd.concat([frame, summary], axis=1)
    for item, parent in rows:
        lookup.add_area(item["area_id"], item["level_id"], item["code"], item["name"],
                        item["vintage"], parent)
    return frame


def _resolve_parent(item: dict, staged: list[dict], lookup: _Lookup) -> tuple[str | None, str]:
    """(parent area id, '') or (None, reason). `parent` is an area id or a code/name at the
    level above; empty keeps an existing area's parent, or takes the only area above."""
    text, level = item["parent"], item["level_id"]
    parent_level = lookup.parent_level.get(level)
    if not text:
        existing = lookup.areas.get(item["area_id"])
        if existing is not None:
            return existing["parent"], ""
        above = [a for a, info in lookup.areas.items() if info["level"] == parent_level]
        return (above[0] if len(above) == 1 else None), ""
    batch = {i["area_id"] for i in staged}
    if ":" in text:
        return (text, "") if text in lookup.areas or text in batch else (None, "unknown parent")
    if parent_level is None:
        return None, f"level {level!r} has no parent level"
    candidate = f"{parent_level}:{text}"
    if candidate in lookup.areas or candidate in batch:
        return candidate, ""
    area_id, reason = lookup.resolve_area(text, parent_level, None)
    return (area_id, "") if area_id else (None, f"parent: {reason}")


# --- validate --------------------------------------------------------------------------------

ORDER = {"areas_geojson": 0, "areas_gpkg": 0, "indicators": 1, "observations": 2,
         "observations_xlsx": 2}


def _kind(name: str) -> tuple[str | None, str | None]:
    suffix = Path(name).suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        return None, f"{REFUSED_SUFFIXES[suffix]} is not accepted; save it as .xlsx or CSV UTF-8"
    if suffix not in KINDS:
        return None, ("unknown file type; accepted: .csv, .xlsx (observations), .yaml "
                      "(indicators), .geojson, .gpkg (areas)")
    return KINDS[suffix], None


def _open_base(db: Path) -> tuple[Path | None, str | None, str | None]:
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


def validate_files(
    inputs: Sequence[FileInput], db: Path | str | None = None, *, max_bytes: int = MAX_BYTES,
) -> tuple[Report, Staged]:
    """Check every file against the database; return the report and the staged rows.

    Nothing is written. Areas are staged first, then indicator metadata, then observations, so a
    file of observations may use areas and indicators added in the same ingest.
    """
    db = Path(db) if db is not None else database_path()
    report = Report()
    staged = Staged(report=report, db=db)
    base, problem, notice = _open_base(db)
    if base is None:
        report.errors.append(Problem(db.name, None, None, None,
                                     f"cannot open the database: {problem}"))
        return report, staged
    if notice:
        report.warnings.append(Problem(db.name, None, None, None, notice))
    tables, dataset = _snapshot(base)
    staged.base_path, staged.base_tables, staged.dataset = base, tables, dataset
    lookup = _Lookup(tables)

    loaded = []
    for item in inputs:
        name, data, problem = _read_input(item, max_bytes)
        report.files.append(name)
        kind, reason = _kind(name)
        if problem is None and reason:
            problem = Problem(name, None, None, None, reason)
        if problem is not None:
            report.errors.append(problem)
            continue
        loaded.append((ORDER[kind], len(loaded), name, kind, data))
    names = [entry[2] for entry in loaded]
    for duplicate in sorted({n for n in names if names.count(n) > 1}):
        report.errors.append(Problem(duplicate, None, None, None, "the same file name twice"))

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
                rows = _observation_rows(name, data, kind, report)
                if rows is not None:
                    frames["observation"].append(stage_observations(
                        name, rows, lookup, seen, report, pad=kind == "observations_xlsx"))
        except Exception as error:  # report, never crash the page or the CLI
            report.errors.append(Problem(name, None, None, None,
                                         f"could not be read ({type(error).__name__}: "
                                         f"{_shorten(str(error))})"))
    staged.observations = _concat(frames["observation"], OBSERVATION_TABLE_COLUMNS)
    staged.indicators = _concat(frames["indicator"], list(tables["indicator"].columns))
    staged.areas = _concat(frames["area"], list(tables["area"].columns))
    duplicated_areas = staged.areas["area_id"][staged.areas["area_id"].duplicated()]
    for area_id in duplicated_areas:
        report.errors.append(Problem(", ".join(f.name for f in staged.files
                                               if f.kind.startswith("areas")),
                                     None, "code", area_id, "the area is in two boundary files"))
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
    staged.base_hash = dataset["content_hash"] if report.ok else None
    return report, staged


def _observation_rows(name: str, data: bytes, kind: str, report: Report
                      ) -> list[tuple[int, list[Any]]] | None:
    problems = _Problems(name)
    if kind == "observations_xlsx":
        archive_problems = check_xlsx_archive(data, name)
        if archive_problems:
            report.errors += archive_problems
            return None
        rows = _xlsx_rows(data, name, problems)
    else:
        text, encoding, decode_problems = decode_text(data, name)
        if text is None or decode_problems:
            report.errors += decode_problems
            return None
        delimiter = sniff_delimiter(text)
        report.note(name, f"read as {encoding}, separator {delimiter!r}")
        rows = _csv_rows(text, delimiter, problems)
    if problems.items:
        report.errors += problems.done()
        return None
    return rows


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)


def _key_index(frame: pd.DataFrame) -> pd.MultiIndex:
    keys = frame[KEY].astype({"year": "int64"})
    return pd.MultiIndex.from_frame(keys)


def _count_replaced(existing: pd.DataFrame, new: pd.DataFrame) -> int:
    if new.empty or existing.empty:
        return 0
    return int(_key_index(existing).isin(_key_index(new)).sum())


# --- publish ---------------------------------------------------------------------------------

def _lock_path(db: Path) -> Path:
    return db.with_name(f"{db.name}.lock")


_HELD: set[Path] = set()   # databases whose ingest lock this process holds now


@contextlib.contextmanager
def ingest_lock(db: Path | str, *, wait: bool = False) -> Iterator[None]:
    """An exclusive lock on `<db>.lock` for the whole ingest; `IngestBusy` when another ingest
    holds it (or, with `wait`, block until it is free). The kernel releases it when the holder
    dies (even by kill -9). Every writer of the database's temporaries holds it: ingest,
    publish_pulse, the build command and the app's first-start build."""
    db = Path(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(_lock_path(db), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(descriptor)
        raise IngestBusy(f"another ingest into {db.name} is running; try again when it has "
                         "finished (nothing was changed)") from None
    held = db.resolve()
    try:
        _HELD.add(held)
        yield
    finally:
        _HELD.discard(held)
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        os.close(descriptor)


_TEMPORARY = re.compile(r"^(lkg\.)?[0-9]+\.tmp(\.wal)?$")


def remove_stale_temporaries(db: Path | str) -> list[Path]:
    """Delete every `.<db>.<pid>.tmp` file (and its `.wal`) and `.<db>.lkg.<pid>.tmp` copy.

    Only under `ingest_lock`: every writer of these files holds that lock, so when this process
    holds it, any such file is a leftover of a writer that died (kill -9, power cut) — whatever
    its process id, which the system may since have given to another process. No liveness
    guess is made. Returns what was removed; raises RuntimeError without the lock."""
    db = Path(db)
    if db.resolve() not in _HELD:
        raise RuntimeError("remove_stale_temporaries needs the ingest lock on " + db.name)
    prefix = f".{db.name}."
    removed = []
    if not db.parent.is_dir():
        return removed
    for candidate in db.parent.iterdir():
        name = candidate.name
        if name.startswith(prefix) and _TEMPORARY.match(name[len(prefix):]):
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


def keep_last_known_good(db: Path) -> Path:
    """Copy the live file to `<db>.lkg` (temporary copy, fsync, atomic replace)."""
    backup = store.last_known_good(db)
    temporary = db.with_name(f".{db.name}.lkg.{os.getpid()}.tmp")
    try:
        shutil.copy2(db, temporary)
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, backup)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return backup


def merge_tables(staged: Staged) -> dict[str, pd.DataFrame]:
    """The published tables with the staged rows merged in: same observation key or area id →
    the new row replaces the old; new indicators appended; the files listed in `raw_file`."""
    tables = dict(staged.base_tables)
    if not staged.observations.empty:
        old = tables["observation"]
        keep = old[~_key_index(old).isin(_key_index(staged.observations))]
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


def _derive(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], bool]:
    """Recompute derived tables with `indicators.methods.derive.derive` when that module exists."""
    try:
        module = importlib.import_module("indicators.methods.derive")
    except ModuleNotFoundError as error:
        if error.name == "indicators.methods.derive":
            return tables, False
        raise
    result = module.derive(tables)
    return (tables if result is None else dict(result)), True


def _note(staged: Staged) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    note = f"ingest {stamp}: {', '.join(f.name for f in staged.files)}"
    earlier = staged.dataset.get("note")
    if isinstance(earlier, str) and earlier:
        note += f" | earlier: {_shorten(earlier, 400)}"
    return note


def publish_staged(staged: Staged, db: Path | str | None = None, *,
                   progress: Progress | None = None) -> Report:
    """Publish validated rows: lock, check the database is still the one validated against,
    merge, derive, keep the last known good copy, publish atomically. Returns the report with
    `published` and `content_hash` set. Raises IngestBusy, IngestRefused, IngestConflict or
    IngestFailed; in every case the published database is unchanged (or fully replaced)."""
    db = Path(db) if db is not None else (staged.db or database_path())
    with ingest_lock(db):
        return _publish_locked(staged, db, progress)


def _publish_locked(staged: Staged, db: Path, progress: Progress | None) -> Report:
    report = staged.report
    step = progress or (lambda fraction, message: None)
    if not staged.ok:
        raise IngestRefused(report)
    remove_stale_temporaries(db)
    step(0.1, "checking the database")
    base, problem, _ = _open_base(db)
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
        tables, derived = _derive(tables)
        report.note(db.name, "derived tables recomputed" if derived
                    else "no derive step available; derived tables unchanged")
        if live_ok:
            step(0.6, "keeping the last known good copy")
            keep_last_known_good(db)
        step(0.7, "publishing")
        digest = store.publish(tables, db, name=str(staged.dataset.get("name") or db.stem),
                               seed=_seed(staged.dataset.get("generator_seed")),
                               note=_note(staged))
    except IngestError:
        raise
    except Exception as error:
        raise IngestFailed(f"publishing failed; the published database is unchanged "
                           f"({type(error).__name__}: {_shorten(str(error), 500)})") from error
    report.published, report.content_hash = True, digest
    step(1.0, "published")
    return report


def _seed(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def ingest(inputs: Sequence[FileInput], db: Path | str | None = None, *, dry_run: bool = False,
           max_bytes: int = MAX_BYTES, progress: Progress | None = None) -> Report:
    """Validate and (unless `dry_run` or there are errors) publish, holding the lock for the
    whole ingest. Returns the report; raises IngestBusy when another ingest runs."""
    db = Path(db) if db is not None else database_path()
    if dry_run:
        report, _ = validate_files(inputs, db, max_bytes=max_bytes)
        return report
    with ingest_lock(db):
        remove_stale_temporaries(db)
        report, staged = validate_files(inputs, db, max_bytes=max_bytes)
        if not report.ok:
            return report
        return _publish_locked(staged, db, progress)


# --- command line ----------------------------------------------------------------------------

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_BUSY, EXIT_FAILED = 0, 1, 2, 3, 4


def publish_pulse(db: Path | str | None = None, pulse_db: Path | str | None = None,
                  question: str = "area_wellbeing") -> Report:
    """Publish the kiosk's citizen-pulse answers as the indicator `citizen_pulse_<question>`
    (quality `citizen_pulse`, per district and year, shown from 5 answers), through the same
    lock, last-known-good copy, derive and atomic publish as every ingest. The indicator's
    earlier rows are replaced; nothing else changes."""
    from indicators.data import pulse

    db = Path(db) if db is not None else database_path()
    report = Report(files=[f"pulse:{question}"])
    frame = pulse.pulse_observations(pulse_db or pulse.pulse_path(), question)
    indicator_id = f"citizen_pulse_{question}"
    with ingest_lock(db):
        remove_stale_temporaries(db)
        tables = store.export_tables(db)
        if indicator_id not in set(tables["indicator"]["indicator_id"]):
            raise IngestFailed(f"the database has no indicator {indicator_id}; rebuild it from "
                               "data/indicators.yaml first")
        known = set(tables["area"]["area_id"])
        frame = frame[frame["area_id"].isin(known)]
        kept = tables["observation"][tables["observation"]["indicator_id"] != indicator_id]
        tables["observation"] = pd.concat([kept, frame[kept.columns]], ignore_index=True)
        tables, _ = _derive(tables)
        if store.check_published(db) is None:
            keep_last_known_good(db)
        dataset = store.Store(db).dataset()
        report.content_hash = store.publish(
            tables, db, name=dataset["name"], seed=_seed(dataset.get("generator_seed")),
            note=f"{dataset.get('note') or ''}; citizen pulse {question}".strip("; "))
        report.published = True
        report.counts = {"observation": len(frame)}
    return report


def main(argv: list[str] | None = None) -> int:
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
    args = parser.parse_args(argv)
    db = args.db or database_path()
    if not args.files and not args.pulse:
        parser.error("name files to ingest, or --pulse")
    if args.pulse:
        try:
            result = publish_pulse(db, args.pulse_db)
        except IngestBusy as error:
            print(str(error), file=sys.stderr)
            return EXIT_BUSY
        except IngestError as error:
            print(str(error), file=sys.stderr)
            return EXIT_FAILED
        print(f"Published the citizen pulse into {db}: {result.counts['observation']} district "
              f"cells (content hash {(result.content_hash or '')[:12]})")
        if not args.files:
            return EXIT_OK

    def progress(fraction: float, message: str) -> None:
        print(f"[{fraction:4.0%}] {message}", file=sys.stderr)

    try:
        report = ingest(args.files, db, dry_run=args.dry_run, max_bytes=args.max_bytes,
                        progress=progress)
    except IngestBusy as error:
        print(str(error), file=sys.stderr)
        return EXIT_BUSY
    except IngestError as error:
        print(str(error), file=sys.stderr)
        return EXIT_FAILED
    print(report.to_text(args.lang))
    return EXIT_OK if report.ok else EXIT_REFUSED
