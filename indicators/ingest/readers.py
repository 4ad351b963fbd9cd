"""Reading files strictly, before any cell is looked at: the inputs, text, CSV and XLSX.

- Inputs: a path, an `Upload` or an uploaded-file object; the size is checked before any byte
  is read (`read_input`).
- Text: strict UTF-8 (BOM allowed) or Windows-1252, never guessed; mis-encoded text refused
  (`decode_text`); the separator sniffed from the header (`sniff_delimiter`).
- XLSX: zip and XML bombs refused from the zip directory and each XML part's first bytes
  (`check_xlsx_archive`) before openpyxl sees the file (`xlsx_rows`).

`observation_rows` puts them together for a file of observations. Every reader returns rows as
(line number, cells) and reports problems; none raises for bad data.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import struct
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indicators.data import bounded_input
from indicators.ingest.formats import (
    COLUMNS,
    MAX_ROWS,
    XLSX_MAX_MEMBERS,
    XLSX_MAX_RATIO,
    XLSX_MAX_UNCOMPRESSED,
    XLSX_RATIO_FLOOR,
    XML_PROLOG_BYTES,
    FileInput,
    normalise_heading,
)
from indicators.ingest.report import Problems, Report, shorten
from indicators.sources.rawdata import Problem

Rows = list[tuple[int, list[Any]]]   # (line or row number, cells) per non-empty row

# --- inputs ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Upload:
    """A file given as bytes (e.g. from the import page)."""

    name: str
    data: bytes


def _safe_name(name: str) -> str:
    base = Path(str(name).replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    return shorten(cleaned, 120) or "(unnamed)"


def read_input(item: FileInput, max_bytes: int) -> tuple[str, bytes | None, Problem | None]:
    """(name, bytes, problem). The size is checked before any byte is read."""
    if isinstance(item, (str, Path)):
        name, data, problem = _read_path(Path(item), max_bytes)
    else:
        name, data, problem = _read_upload(item, max_bytes)
    if problem is None and data is not None and len(data) > max_bytes:
        return name, None, _too_big(name, len(data), max_bytes)
    return name, data, problem


def _read_path(path: Path, max_bytes: int) -> tuple[str, bytes | None, Problem | None]:
    name = _safe_name(path.name)
    try:
        if not path.is_file():
            return name, None, Problem(name, None, None, None, "not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            return name, None, _too_big(name, size, max_bytes)
        with path.open("rb") as handle:
            return name, handle.read(size + 1), None   # a file that grew since stat: too big
    except OSError as error:
        return name, None, Problem(name, None, None, None,
                                   f"cannot read: {error.strerror or error}")


def _read_upload(item: FileInput, max_bytes: int) -> tuple[str, bytes | None, Problem | None]:
    """An `Upload`, a (name, bytes) pair or an uploaded-file object (.name, .size, .getvalue)."""
    size: int | None
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
    return name, bytes(getter()), None


def _too_big(name: str, size: int, limit: int) -> Problem:
    return Problem(name, None, None, f"{size} bytes",
                   f"larger than the limit of {limit} bytes; refused before reading")


# --- text: encodings and separators ---------------------------------------------------------

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


def sniff_delimiter(text: str) -> str:
    """The separator (`;`, `,` or tab) that splits the header into the most known columns."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    best, best_score = ",", (-1, -1)
    for delimiter in (";", ",", "\t"):
        try:
            cells = next(bounded_input.csv_reader([header], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        known = sum(normalise_heading(c) in COLUMNS for c in cells)
        score = (known, header.count(delimiter))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def csv_rows(text: str, delimiter: str, problems: Problems) -> Rows:
    rows: Rows = []
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
            reason = xml_prolog_problem(head)
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


def xml_prolog_problem(head: bytes) -> str | None:
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


def xlsx_rows(data: bytes, name: str, problems: Problems) -> Rows:
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


# --- a file of observations as rows ---------------------------------------------------------

def observation_rows(name: str, data: bytes, kind: str, report: Report) -> Rows | None:
    """The rows of a CSV or XLSX file of observations, or None after adding its problems to
    `report` (a zip or XML bomb, an encoding refused, broken CSV, too many rows)."""
    problems = Problems(name)
    if kind == "observations_xlsx":
        archive_problems = check_xlsx_archive(data, name)
        if archive_problems:
            report.errors += archive_problems
            return None
        rows = xlsx_rows(data, name, problems)
    else:
        text, encoding, decode_problems = decode_text(data, name)
        if text is None or decode_problems:
            report.errors += decode_problems
            return None
        delimiter = sniff_delimiter(text)
        report.note(name, f"read as {encoding}, separator {delimiter!r}")
        rows = csv_rows(text, delimiter, problems)
    if problems.items:
        report.errors += problems.done()
        return None
    return rows
