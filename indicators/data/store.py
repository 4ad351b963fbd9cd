"""The one module that talks to DuckDB.

Reading: `Store` opens the published file read-only and hardened (no file or network access
from SQL, no extensions, configuration locked), hands out a cursor per query (a DuckDB
connection must never be shared between threads), binds every value, and reopens when the file
has been replaced by a new publish (old connections keep seeing the old data).

Writing: `publish` writes a complete dataset into a NEW file next to the live one, checks it,
CHECKPOINTs, and moves it over the live file with an atomic `os.replace`. A failure at any step
leaves the live file untouched. The file-level rules (temporary names, the swap, the publish
lock, the last known good copy `last_known_good(path)`) are `indicators.data.publishing`'s.

Long module: store is the one module that talks to DuckDB, so the reading side, the content
hash and publishing with its key checks all live here rather than put SQL in a second module.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from indicators.data import publishing
from indicators.data.catalogue import Catalogue, catalogue_from_tables
from indicators.data.publishing import last_known_good

SCHEMA_SQL = Path(__file__).with_name("sql") / "schema.sql"

# Insert order respects foreign keys. The dataset table is written last (it holds the hash).
TABLES = ("raw_file", "source", "theme", "indicator", "area_level", "area", "area_crosswalk",
          "observation", "target", "score", "composite", "verdict")

# The published file is ATTACHed read-only to a fresh in-memory instance rather than opened with
# duckdb.connect(path): DuckDB caches instances by path within a process, so a second connect to
# a replaced file would keep serving the old data. After the ATTACH, external access (files,
# network, extensions) is switched off and the configuration locked.
#
# `enable_external_access = false` alone still lets SQL read the attached file itself (DuckDB adds
# it and its .wal to `allowed_paths`, so `read_blob('<db file>')` works) and keeps a temp
# directory in `allowed_directories`. So: no temp directory at all (`temp_directory = ''`, size
# 0 bytes: a query that would spill fails for memory instead of writing), and after the ATTACH
# the local file system is disabled outright. The open database keeps its file handle, so
# reading tables still works; no SQL function can open, list or write any path (read_blob,
# read_text, read_csv, glob, COPY ... TO, ATTACH), not even the database's own file.
INSTANCE_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoload_known_extensions": False, "autoinstall_known_extensions": False,
    "temp_directory": "", "max_temp_directory_size": "0B"}
HARDENING = ("set enable_external_access = false", "set disabled_filesystems = 'LocalFileSystem'",
             "set lock_configuration = true")
CATALOG = "published"

# The observation columns the app reads, with the area's name and level (a constant, formatted
# into the observation queries; their filters are bound values).
OBSERVATIONS = """
            select o.indicator_id, o.area_id, a.name as area_name, a.level_id, o.year, o.sex,
                   o.value, o.numerator, o.denominator, o.quality, o.source_id, o.suppressed
            from observation o join area a using (area_id)"""

# Keys the schema does not declare on its two largest tables (see schema.sql), checked by
# `_check_keys` after the insert: the key columns, then (column, the table it must exist in).
CHECKED_KEYS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "observation": (("indicator_id", "area_id", "year", "sex"),
                    (("indicator_id", "indicator"), ("area_id", "area"), ("source_id", "source"))),
    "score": (("indicator_id", "area_id", "year", "sex"),
              (("indicator_id", "indicator"), ("area_id", "area"))),
}


class StoreError(RuntimeError):
    """The database cannot be opened or read."""


def _open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(":memory:", config=INSTANCE_CONFIG)
    try:
        connection.execute(f"attach ? as {CATALOG} (read_only)", [str(path)])
        connection.execute(f"use {CATALOG}")
        for statement in HARDENING:
            connection.execute(statement)
    except duckdb.Error as error:
        connection.close()
        raise StoreError(f"cannot open {path.name}: {error}") from None
    return connection


class Store:
    """Read-only access to one published database file, safe to share between sessions."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._identity: tuple[int, int, int] | None = None

    def _file_identity(self) -> tuple[int, int, int]:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            raise StoreError(f"no database at {self.path}") from None
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The shared read-only connection, reopened when the file has been replaced."""
        identity = self._file_identity()
        with self._lock:
            if self._connection is None or identity != self._identity:
                self._connection = _open_read_only(self.path)
                self._identity = identity
            return self._connection

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> pd.DataFrame:
        """Run one statement with bound parameters on a fresh cursor; return a DataFrame."""
        cursor = self.connection().cursor()
        try:
            cursor.execute(f"use {CATALOG}")
            return cursor.execute(sql, params).df()
        finally:
            cursor.close()

    # --- the queries the app uses (values always bound; no identifiers from callers) ---------

    def dataset(self) -> dict[str, Any]:
        frame = self.query("select name, version, built_at, content_hash, generator_seed, note "
                           "from dataset")
        return frame.iloc[0].to_dict()

    def table(self, name: str) -> pd.DataFrame:
        """A whole published table, by a name from the whitelist `TABLES`."""
        if name not in TABLES:
            raise ValueError(f"unknown table {name!r}")
        columns = "* exclude (geometry_wkb)" if name == "area" else "*"
        return self.query(f"select {columns} from {name}")  # name checked against TABLES

    def catalogue(self) -> Catalogue:
        """The catalogue as this database publishes it (themes, sources, indicators, targets)."""
        return catalogue_from_tables({name: self.table(name) for name in
                                      ("theme", "source", "indicator", "target")})

    def goal_verdicts(self) -> pd.DataFrame:
        """The `verdict` rows of the published goals (the whole table has one row per
        indicator and area: hundreds of thousands nationally)."""
        return self.query("select * from verdict where target_id is not null")

    def area_scores(self, area_id: str) -> pd.DataFrame:
        """The `score` rows of one area (the whole table has millions at national scale)."""
        return self.query("select * from score where area_id = $area", {"area": area_id})

    def areas(self, level: str) -> pd.DataFrame:
        return self.query(
            "select area_id, code, name, parent_id, vintage, on_map, area_km2, centroid_lon, "
            "centroid_lat from area where level_id = ? order by name", [level])

    def map_geometry(self, level: str) -> pd.DataFrame:
        return self.query(
            "select area_id, name, map_geojson from area "
            "where level_id = ? and on_map and map_geojson is not null order by area_id", [level])

    def observations(self, indicator_id: str, *, level: str | None = None,
                     year: int | None = None, sex: str | None = "total",
                     area_id: str | None = None, within: str | None = None) -> pd.DataFrame:
        """Observations of one indicator, optionally filtered (`within`: areas whose parent is
        that area, e.g. a kommun's districts); joined with area names."""
        return self.query(
            f"""{OBSERVATIONS}
            where o.indicator_id = $indicator
              and ($level is null or a.level_id = $level)
              and ($year is null or o.year = $year)
              and ($sex is null or o.sex = $sex)
              and ($area is null or o.area_id = $area)
              and ($within is null or a.parent_id = $within)
            order by a.name, o.year, o.sex
            """,
            {"indicator": indicator_id, "level": level, "year": year, "sex": sex,
             "area": area_id, "within": within},
        )

    def latest_observations(self, indicator_ids: Sequence[str], level: str,
                            within: str | None = None) -> pd.DataFrame:
        """The total-sex observations of each indicator at `level` (under `within`, when
        given) in its latest year with any such row, in one query (as `observations` per
        indicator and year would give them, in `indicator_ids` order)."""
        return self.query(
            f"""{OBSERVATIONS}
            where list_contains($ids, o.indicator_id) and a.level_id = $level
              and o.sex = 'total' and ($within is null or a.parent_id = $within)
            qualify o.year = max(o.year) over (partition by o.indicator_id)
            order by list_position($ids, o.indicator_id), a.name
            """, {"ids": list(indicator_ids), "level": level, "within": within})

    def area_observations(self, area_id: str, indicator_ids: Sequence[str]) -> pd.DataFrame:
        """Every year's total-sex observations of one area for `indicator_ids`, in one query."""
        return self.query(
            f"""{OBSERVATIONS}
            where o.area_id = $area and list_contains($ids, o.indicator_id) and o.sex = 'total'
            order by list_position($ids, o.indicator_id), o.year
            """, {"area": area_id, "ids": list(indicator_ids)})

    def level_years(self, level: str) -> pd.DataFrame:
        """(indicator_id, year) of every indicator with observations at `level`, sorted."""
        return self.query(
            "select distinct o.indicator_id, o.year from observation o join area a "
            "using (area_id) where a.level_id = $level order by 1, 2", {"level": level})

    def years(self, indicator_id: str, level: str | None = None) -> list[int]:
        frame = self.query(
            "select distinct o.year from observation o join area a using (area_id) "
            "where o.indicator_id = $indicator and ($level is null or a.level_id = $level) "
            "order by o.year", {"indicator": indicator_id, "level": level})
        return [int(y) for y in frame["year"]]

    def mapped_years(self) -> pd.DataFrame:
        """Every (indicator_id, level_id, year) with a value on an area drawn on the map: what
        the map can offer, in one query instead of one per indicator and level."""
        return self.query(
            "select distinct o.indicator_id, a.level_id, o.year from observation o "
            "join area a using (area_id) where a.on_map and a.map_geojson is not null "
            "order by o.indicator_id, a.level_id, o.year")

    def indicator_summary(self) -> pd.DataFrame:
        """Per indicator: first and latest year, number of observations, qualities present."""
        return self.query(
            "select indicator_id, min(year) as first_year, max(year) as latest_year, "
            "count(*) as observations, string_agg(distinct quality, ', ' order by quality) "
            "as qualities from observation group by indicator_id order by indicator_id")

    def quality_counts(self) -> pd.DataFrame:
        return self.query(
            "select quality, count(*) as observations from observation group by quality "
            "order by quality")


# --- publishing ------------------------------------------------------------------------------

# Canonical text of one value in the content hash, by the column's DuckDB type: floats with a
# fixed precision (10 significant digits, as `%.10g`), so that a last-bit difference does not
# change the hash; blobs (map geometry) by their md5; everything else as DuckDB's text of it.
_FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")
_FLOAT_TEXT = "printf('%.10g', {})"
_BLOB_TEXT = "md5({})"
_OTHER_TEXT = "cast({} as varchar)"


def _row_text(columns: Sequence[tuple[str, str]]) -> str:
    """A SQL expression giving one row's canonical text from (column name, DuckDB type) pairs.

    Fields are joined by `|`, NULL is written `-`. Text fields are written `<length>:<text>`,
    so a `|` inside a value cannot make two different rows look alike; numbers, booleans,
    timestamps and md5 digests never contain `|` and are never exactly `-`, so they need no
    prefix. The names come from the schema's own information_schema (see `_table_digest`),
    never from a caller."""
    fields = []
    for name, data_type in columns:
        quoted = '"' + name.replace('"', '""') + '"'
        kind = data_type.upper()
        if kind in _FLOAT_TYPES:
            text = _FLOAT_TEXT.format(quoted)
        elif kind == "BLOB":
            text = _BLOB_TEXT.format(quoted)
        else:
            text = _OTHER_TEXT.format(quoted)
        if kind == "VARCHAR":
            text = f"cast(length({text}) as varchar) || ':' || {text}"
        fields.append(f"coalesce({text}, '-')")
    return " || '|' || ".join(fields) if fields else "''"


def _table_digest(connection: duckdb.DuckDBPyConnection, table: str) -> bytes:
    """sha256 of a table's content, computed inside DuckDB in one streaming pass.

    Per row the md5 of its canonical text (`_row_text`) as a 128-bit number; over the rows
    the sums of its upper and lower 64 bits (exact, as HUGEINT) and the row count. A sum does
    not depend on the order of the rows (a table is a multiset; the old version sorted
    instead), needs no sort, no pandas frame and no CSV text, and md5 is a fixed algorithm,
    unlike DuckDB's `hash()`, which is not promised to stay the same across versions. Column
    names and types go into the digest as well. A checksum for "same content", not a defence
    against someone forging a collision."""
    columns = connection.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_name = ? order by ordinal_position", [table]).fetchall()
    row = _row_text(columns)  # names and types read back from the schema for a TABLES member
    [(count, upper, lower)] = connection.execute(
        f"select count(*), coalesce(sum(cast(h >> 64 as hugeint)), 0), "
        f"coalesce(sum(cast(h & 18446744073709551615::uhugeint as hugeint)), 0) "
        f"from (select md5_number({row}) as h from {table})"  # table from TABLES
    ).fetchall()
    digest = hashlib.sha256()
    for name, data_type in columns:
        digest.update(f"{name}:{data_type};".encode())
    digest.update(f"{count}:{upper}:{lower}".encode())
    return digest.digest()


def content_hash(connection: duckdb.DuckDBPyConnection) -> str:
    """sha256 over every published table except `dataset`: same content, same hash (whatever
    the order the rows were inserted in); any changed value changes it."""
    digest = hashlib.sha256()
    for table in TABLES:
        digest.update(table.encode())
        digest.update(_table_digest(connection, table))
    return digest.hexdigest()


def publish(tables: Mapping[str, pd.DataFrame], path: Path, *, name: str,
            seed: int | None = None, note: str | None = None) -> str:
    """Write `tables` into a new database and atomically replace `path` with it.

    Steps: create `.<path>.<pid>.tmp` → schema → insert every table (constraints checked by
    DuckDB, CHECKED_KEYS by `_check_keys`) → `_seal` (content hash, dataset row, CHECKPOINT)
    → close → `_check_written` (reopened read-only) → `publishing.replace_atomically` onto
    `path`. Returns the content hash. On any failure the temporary file is removed and
    `path` is untouched.
    """
    path = Path(path)
    missing = [t for t in TABLES if t not in tables]
    if missing:
        raise ValueError(f"tables missing from the dataset: {missing}")
    temporary = publishing.new_temporary(path)
    try:
        connection = duckdb.connect(str(temporary))
        try:
            connection.execute("set enable_progress_bar = false")  # no bar in build logs
            connection.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
            for table in TABLES:
                frame = tables[table]
                columns = [row[0] for row in connection.execute(
                    "select column_name from information_schema.columns "
                    "where table_name = ? order by ordinal_position", [table]).fetchall()]
                unknown = sorted(set(frame.columns) - set(columns))
                if unknown:
                    raise ValueError(f"table {table}: unknown columns {unknown}")
                present = [c for c in columns if c in frame.columns]
                # The frame itself is registered (no copy of its columns); the insert reads
                # only the columns the schema has, straight from its arrays.
                connection.register("incoming", frame)
                column_list = ", ".join(present)  # names checked against the schema above
                connection.execute(
                    f"insert into {table} ({column_list}) select {column_list} from incoming")
                connection.unregister("incoming")
                _check_keys(connection, table)
            digest = _seal(connection, name=name, seed=seed, note=note)
        finally:
            connection.close()
        _check_written(temporary)
        publishing.replace_atomically(temporary, path)
        return digest
    except BaseException:
        publishing.discard_temporary(temporary)
        raise


def _check_keys(connection: duckdb.DuckDBPyConnection, table: str) -> None:
    """A table of CHECKED_KEYS has no repeated key and no value missing from the table it
    refers to, or duckdb.ConstraintException naming the first one (as a declared key would)."""
    if table not in CHECKED_KEYS:
        return
    key, references = CHECKED_KEYS[table]
    columns = ", ".join(key)   # names from CHECKED_KEYS, never from a caller
    repeated = connection.execute(f"select {columns}, count(*) from {table} group by all "
                                  f"having count(*) > 1 limit 1").fetchone()
    if repeated:
        raise duckdb.ConstraintException(
            f"{table}: duplicate key ({columns}) = {tuple(repeated[:-1])!r}, "
            f"{repeated[-1]} rows")
    for column, parent in references:
        orphan = connection.execute(f"select {column} from {table} anti join {parent} "
                                    f"using ({column}) limit 1").fetchone()
        if orphan:
            raise duckdb.ConstraintException(
                f"{table}: {column} {orphan[0]!r} is not in table {parent}")


def _seal(connection: duckdb.DuckDBPyConnection, *, name: str, seed: int | None,
          note: str | None) -> str:
    """Hash the written tables, add the dataset row that carries the hash, CHECKPOINT."""
    digest = content_hash(connection)
    connection.execute(
        "insert into dataset values (?, ?, ?, ?, ?, ?)",
        [name, digest[:12], datetime.now(UTC).replace(tzinfo=None), digest, seed, note],
    )
    connection.execute("checkpoint")
    return digest


def _check_written(temporary: Path) -> None:
    """The new file opens read-only and has observations, or ValueError."""
    check = duckdb.connect(str(temporary), read_only=True)
    try:
        [(count,)] = check.execute("select count(*) from observation").fetchall()
        if count == 0:
            raise ValueError("the new database has no observations")
    finally:
        check.close()


def export_tables(path: Path) -> dict[str, pd.DataFrame]:
    """Every published table of `path` in full (geometry included), e.g. to extend it in an
    ingest. Opened read-only and hardened like the app's connection."""
    connection = _open_read_only(Path(path))
    try:
        tables = {}
        for table in TABLES:
            cursor = connection.cursor()
            try:
                cursor.execute(f"use {CATALOG}")
                tables[table] = cursor.execute(f"select * from {table}").df()  # from TABLES
            finally:
                cursor.close()
        return tables
    finally:
        connection.close()


# --- opening the published file with a fallback to the last known good copy ------------------

def check_published(path: Path | str) -> str | None:
    """None when `path` opens read-only, has one `dataset` row and every table reads in full;
    otherwise a short technical description of the problem.

    Every column of every table is read (a hash aggregate), so a torn or partly overwritten
    file is caught here (DuckDB checks block checksums as it reads), not in the middle of a page.
    """
    try:
        connection = _open_read_only(Path(path)) if Path(path).exists() else None
    except StoreError as error:
        return str(error)
    if connection is None:
        return f"no database at {Path(path).name}"
    try:
        [(rows,)] = connection.execute("select count(*) from dataset").fetchall()
        if rows != 1:
            return f"{Path(path).name}: the dataset table has {rows} rows, expected 1"
        for table in TABLES:
            connection.execute(f"select count(*), bit_xor(hash(t)) from {table} t").fetchone()
        return None
    except duckdb.Error as error:
        return f"{Path(path).name}: {error}"
    finally:
        connection.close()


@dataclass(frozen=True)
class OpenResult:
    """The store to serve; `fallback` is True when it is the last known good copy, and
    `problem` then says (in English, technically) what is wrong with the live file."""

    store: Store
    fallback: bool = False
    problem: str | None = None

    @property
    def notice(self) -> str | None:
        return (f"The published database could not be opened ({self.problem}); showing the "
                "last known good copy.") if self.fallback else None


def open_published(path: Path | str) -> OpenResult:
    """A Store on `path` if it is healthy, else on `<path>.lkg` with `fallback=True`.

    Never repairs or writes anything (the app is read-only). Raises StoreError only when neither
    file is usable, with both problems in the message; callers show it once (no retry loop).
    """
    path = Path(path)
    problem = check_published(path)
    if problem is None:
        return OpenResult(Store(path))
    backup = last_known_good(path)
    backup_problem = check_published(backup)
    if backup_problem is None:
        return OpenResult(Store(backup), fallback=True, problem=problem)
    raise StoreError(f"{problem}; last known good copy: {backup_problem}")
