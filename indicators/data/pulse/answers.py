"""The answer store: a small SQLite file of counts per (question, district, answer, day), with
the abuse limits' tables beside them (see the package docstring for what is kept and why)."""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from datetime import date
from pathlib import Path

import pandas as pd

from indicators.data.pulse.questions import ROOT, PulseError, Question

DEFAULT_DB = ROOT / "data" / "pulse" / "pulse.sqlite"
BUSY_TIMEOUT_MS = 30_000

_DISTRICT = re.compile(r"^[0-9A-Za-z_-]{1,20}$")
SCHEMA = """
create table if not exists answer_count (
    question_id    text    not null,
    district_code  text    not null,
    answer         integer not null,
    day            text    not null,      -- ISO date in Europe/Stockholm, no time of day
    n              integer not null check (n > 0),
    primary key (question_id, district_code, answer, day)
) without rowid;
create table if not exists answer_rate (      -- abuse limits: counts per minute, kept one day
    minute  integer not null,                 -- Unix time // 60
    scope   text    not null,   -- all | tokens | device:<hash> | district:<code> | pair:<hash>
    n       integer not null check (n > 0),
    primary key (minute, scope)
) without rowid;
create table if not exists store_secret (     -- the salt of device hashes and token signatures
    id    integer primary key check (id = 1),
    salt  blob    not null
);
"""


def pulse_path() -> Path:
    """The write store: $UMEA_PULSE_DB, else data/pulse/pulse.sqlite."""
    return Path(os.environ.get("UMEA_PULSE_DB") or DEFAULT_DB)


def connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    connection.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("pragma synchronous = FULL")
    return connection


def open_store(path: Path | str) -> Path:
    """Create the folder, the file (WAL journal) and the table if missing; return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(connect(path)) as connection:
        mode = connection.execute("pragma journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise PulseError(f"{path}: could not switch to WAL journal (got {mode})")
        connection.executescript(SCHEMA)
        connection.execute("insert or ignore into store_secret (id, salt) values (1, ?)",
                           (secrets.token_bytes(32),))
    return path


def record_answer(path: Path | str, question: Question, district_code: str, answer: int,
                  day: date) -> None:
    """Add one answer and commit it (durable when this returns). Raises PulseError for an
    answer the question does not offer or a malformed district code."""
    check_answer(question, district_code, answer)
    with closing(connect(ready(path))) as connection:
        connection.execute("begin immediate")
        try:
            add_answer(connection, question, district_code, answer, day)
            connection.execute("commit")
        except BaseException:
            if connection.in_transaction:
                connection.execute("rollback")
            raise


def check_answer(question: Question, district_code: str, answer: int) -> None:
    if answer not in question.values or isinstance(answer, bool):
        raise PulseError(f"answer {answer!r} is not one of {question.values}")
    if not isinstance(district_code, str) or not _DISTRICT.match(district_code):
        raise PulseError(f"district code {district_code!r} is malformed")


_READY: set[Path] = set()   # stores this process has created or brought up to date


def ready(path: Path | str) -> Path:
    """The store at `path`, created if missing and given any table it lacks (a store from
    before the abuse limits gains them), once per process."""
    path = Path(path)
    if path not in _READY or not path.exists():
        open_store(path)
        _READY.add(path)
    return path


def add_answer(connection: sqlite3.Connection, question: Question, district_code: str,
                answer: int, day: date) -> None:
    connection.execute(
        "insert into answer_count (question_id, district_code, answer, day, n) "
        "values (?, ?, ?, ?, 1) "
        "on conflict (question_id, district_code, answer, day) do update set n = n + 1",
        (question.id, district_code, int(answer), day.isoformat()))


def answer_counts(path: Path | str, question_id: str) -> pd.DataFrame:
    """Counts of one question: district_code, year, answer, n (summed over days). A missing
    file means no answers yet (reading never creates it)."""
    columns = {"district_code": "str", "year": "int64", "answer": "int64", "n": "int64"}
    path = Path(path)
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
    with closing(connect(path)) as connection:
        rows = connection.execute(
            "select district_code, cast(substr(day, 1, 4) as integer), answer, sum(n) "
            "from answer_count where question_id = ? group by 1, 2, 3 order by 1, 2, 3",
            (question_id,)).fetchall()
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.astype(columns)


def counts_total(path: Path | str, question_ids: Sequence[str]) -> int:
    """All answers stored for the given questions (for tests and the office pages)."""
    return int(sum(answer_counts(path, q)["n"].sum() for q in question_ids))


def rate_rows(path: Path | str) -> list[tuple[int, str, int]]:
    """Everything the limits keep: (minute, scope, n) rows (for tests and the privacy note)."""
    path = Path(path)
    if not path.exists():
        return []
    with closing(connect(path)) as connection:
        return connection.execute(
            "select minute, scope, n from answer_rate order by minute, scope").fetchall()

