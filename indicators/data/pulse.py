"""The citizen pulse: one question per period, answered with one tap at the kiosk, kept anonymous.

Storage is a small SQLite file (Python's sqlite3; DuckDB stays the read-only published store),
$UMEA_PULSE_DB or data/pulse/pulse.sqlite. The kiosk servers (several replicas behind a load
balancer) write it while they serve, so: WAL journal, ``synchronous=FULL`` and a commit per
answer (an answer acknowledged on screen survives a crash or power cut), ``busy_timeout`` so
concurrent taps wait instead of failing.

What is stored is a **count** per (question, district, answer, day): no row per person, no time of
day, no session, device or address; not even the order of answers survives. Results are shown
per district only from ``K_MIN`` = 5 answers up.

Abuse limits live in the same file, so every replica and every new connection sees them (a
limit in one process's memory reset with every new websocket, and one script could store
~43,000 answers a day for one district while every visitor saw "busy"). The rule, also in the
kiosk's privacy sentence and the README:

- **Device token.** A kiosk browser gets a random token from the server, kept in a cookie
  (``DEVICE_COOKIE``), signed with the store's secret salt; a forged, missing or unsigned token
  counts as the one shared device ``unverified``. New tokens are handed out at most
  ``Limits.tokens_per_hour`` times an hour, so a script cannot mint fresh devices.
- **Counted, per minute**: answers per device, per district, per (device, district) pair and in
  total, in table ``answer_rate`` as (minute, scope, n). A device appears only as a salted hash
  of its token (a district pair as a salted hash of both); rows are deleted after a day. No
  answer value, question, session or address is ever part of it.
- **Dropped** (the kiosk says "many answers right now"): a device over ``device_per_minute`` or
  ``device_per_day``; a district over ``district_per_minute`` or ``district_per_day``; the same
  device answering for the same district more than ``pair_per_hour`` times (an identical
  stream); an answer tapped less than ``min_seconds`` after the question was shown (faster than
  anyone reads it). Over ``all_per_minute`` in total, load is shed from the heavy sources
  only: an answer still counts when its device has not answered this minute and its district is
  light (under ``light_district``), up to the hard ceiling ``all_hard_per_minute``; so one
  busy script never turns every real visitor away.
- One answer per question per kiosk session (``SessionPulse``; the session ends at the idle
  reset, the next visitor starts a new one).

``pulse_observations`` turns the counts into the dashboard's observation format (indicator
``citizen_pulse_<question>``, quality ``citizen_pulse``): the share of positive answers per
district and year.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import re
import secrets
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from indicators.data import bounded_input

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]
QUESTIONS_FILE = ROOT / "data" / "pulse.yaml"
DEFAULT_DB = ROOT / "data" / "pulse" / "pulse.sqlite"
K_MIN = 5                      # fewer answers than this are never shown (k-anonymity)
BUSY_TIMEOUT_MS = 30_000
DEVICE_COOKIE = "umea_kiosk_device"
UNVERIFIED = "unverified"      # the one device of every request without a valid token
RATE_KEEP_MINUTES = 24 * 60    # rate rows older than a day are deleted
SOURCE_ID = "citizen_pulse"
QUALITY = "citizen_pulse"
TIME_ZONE = "Europe/Stockholm"

_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
_DISTRICT = re.compile(r"^[0-9A-Za-z_-]{1,20}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$")
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


@dataclass(frozen=True)
class Limits:
    """The abuse limits (see the module docstring for the rule). Per minute means per calendar
    minute of Unix time, shared by every replica through the store."""

    device_per_minute: int = 3
    device_per_day: int = 300         # a busy kiosk: one visitor every three minutes, 15 hours
    district_per_minute: int = 6
    district_per_day: int = 400
    pair_per_hour: int = 20           # one device, one district: more looks like a script
    all_per_minute: int = 30          # then only light sources are served …
    all_hard_per_minute: int = 60     # … up to this ceiling
    light_district: int = 2           # a district with fewer answers this minute is light
    min_seconds: float = 2.0          # nobody reads the question and taps faster than this
    tokens_per_hour: int = 6          # new kiosk devices a store accepts in an hour


LIMITS = Limits()


def current_limits() -> Limits:
    """LIMITS, with the reading time from $UMEA_PULSE_MIN_SECONDS when set (browser tests tap
    at machine speed; an operator may tune it)."""
    value = os.environ.get("UMEA_PULSE_MIN_SECONDS")
    if not value:
        return LIMITS
    try:
        seconds = float(value)
    except ValueError:
        log.warning("UMEA_PULSE_MIN_SECONDS=%r is not a number; using %s", value,
                    LIMITS.min_seconds)
        return LIMITS
    return replace(LIMITS, min_seconds=max(0.0, seconds))


class PulseError(ValueError):
    """A question file or an answer that breaks the rules; the message says which rule."""


# --- questions ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Answer:
    value: int
    emoji: str
    sv: str
    en: str

    def label(self, lang: str) -> str:
        return self.sv if lang == "sv" else self.en


@dataclass(frozen=True)
class Question:
    id: str
    start: date
    end: date
    text_sv: str
    text_en: str
    answers: tuple[Answer, ...]
    positive: frozenset[int]

    def text(self, lang: str) -> str:
        return self.text_sv if lang == "sv" else self.text_en

    @property
    def indicator_id(self) -> str:
        return f"citizen_pulse_{self.id}"

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(a.value for a in self.answers)

    def positive_labels(self, lang: str) -> list[str]:
        return [a.label(lang) for a in self.answers if a.value in self.positive]


def _question(record: dict, index: int) -> Question:
    where = f"question {index + 1}"
    if not isinstance(record, dict):
        raise PulseError(f"{where}: expected a mapping")
    missing = {"id", "start", "end", "text_sv", "text_en", "answers", "positive"} - set(record)
    if missing:
        raise PulseError(f"{where}: missing {', '.join(sorted(missing))}")
    qid = record["id"]
    if not isinstance(qid, str) or not _ID.match(qid):
        raise PulseError(f"{where}: id must match {_ID.pattern}, got {qid!r}")
    start, end = record["start"], record["end"]
    if not isinstance(start, date) or not isinstance(end, date) or end < start:
        raise PulseError(f"{qid}: start and end must be dates with start <= end")
    for key in ("text_sv", "text_en"):
        if not isinstance(record[key], str) or not record[key].strip():
            raise PulseError(f"{qid}: {key} must be non-empty text")
    raw_answers = record["answers"]
    if not isinstance(raw_answers, list) or not 3 <= len(raw_answers) <= 5:
        raise PulseError(f"{qid}: 3 to 5 answers are needed")
    answers = []
    for raw in raw_answers:
        if not isinstance(raw, dict) or not isinstance(raw.get("value"), int) or any(
                not isinstance(raw.get(k), str) or not raw[k].strip()
                for k in ("emoji", "sv", "en")):
            raise PulseError(f"{qid}: each answer needs an integer value, emoji, sv and en")
        answers.append(Answer(raw["value"], raw["emoji"], raw["sv"], raw["en"]))
    values = [a.value for a in answers]
    if len(set(values)) != len(values):
        raise PulseError(f"{qid}: answer values must be unique")
    positive = record["positive"]
    if (not isinstance(positive, list) or not positive
            or not set(positive) < set(values)):
        raise PulseError(f"{qid}: positive must be a non-empty proper subset of the answer values")
    return Question(qid, start, end, record["text_sv"].strip(), record["text_en"].strip(),
                    tuple(answers), frozenset(positive))


def load_questions(path: Path | str = QUESTIONS_FILE) -> tuple[Question, ...]:
    """The questions of `path`, validated: unique ids and periods that never overlap."""
    try:
        document, _ = bounded_input.load_yaml(Path(path).read_text("utf-8"))
    except bounded_input.InputLimitError as error:
        raise PulseError(f"{path}: {error}") from None
    document = document or {}
    records = document.get("questions") if isinstance(document, dict) else None
    if not isinstance(records, list):
        raise PulseError(f"{path}: expected a list under `questions`")
    questions = tuple(_question(r, i) for i, r in enumerate(records))
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise PulseError(f"{path}: question ids must be unique")
    ordered = sorted(questions, key=lambda q: q.start)
    for earlier, later in zip(ordered, ordered[1:]):
        if later.start <= earlier.end:
            raise PulseError(f"{path}: the periods of {earlier.id} and {later.id} overlap")
    return questions


def current_question(questions: Iterable[Question], today: date) -> Question | None:
    """The question open on `today` (start and end inclusive), or None."""
    return next((q for q in questions if q.start <= today <= q.end), None)


def local_today(now: datetime | None = None) -> date:
    """Today's date in Umeå (answers are dated by the local day, never by time)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone = ZoneInfo(TIME_ZONE)
    except ZoneInfoNotFoundError:  # no tz database: UTC is off by at most two hours
        from datetime import UTC as zone  # noqa: N811
    return (now or datetime.now(zone)).astimezone(zone).date()


# --- storage -----------------------------------------------------------------------------------

def pulse_path() -> Path:
    """The write store: $UMEA_PULSE_DB, else data/pulse/pulse.sqlite."""
    return Path(os.environ.get("UMEA_PULSE_DB") or DEFAULT_DB)


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    connection.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("pragma synchronous = FULL")
    return connection


def open_store(path: Path | str) -> Path:
    """Create the folder, the file (WAL journal) and the table if missing; return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(_connect(path)) as connection:
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
    _check_answer(question, district_code, answer)
    with closing(_connect(_ready(path))) as connection:
        connection.execute("begin immediate")
        try:
            _add_answer(connection, question, district_code, answer, day)
            connection.execute("commit")
        except BaseException:
            if connection.in_transaction:
                connection.execute("rollback")
            raise


def _check_answer(question: Question, district_code: str, answer: int) -> None:
    if answer not in question.values or isinstance(answer, bool):
        raise PulseError(f"answer {answer!r} is not one of {question.values}")
    if not isinstance(district_code, str) or not _DISTRICT.match(district_code):
        raise PulseError(f"district code {district_code!r} is malformed")


_READY: set[Path] = set()   # stores this process has created or brought up to date


def _ready(path: Path | str) -> Path:
    """The store at `path`, created if missing and given any table it lacks (a store from
    before the abuse limits gains them), once per process."""
    path = Path(path)
    if path not in _READY or not path.exists():
        open_store(path)
        _READY.add(path)
    return path


def _add_answer(connection: sqlite3.Connection, question: Question, district_code: str,
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
    with closing(_connect(path)) as connection:
        rows = connection.execute(
            "select district_code, cast(substr(day, 1, 4) as integer), answer, sum(n) "
            "from answer_count where question_id = ? group by 1, 2, 3 order by 1, 2, 3",
            (question_id,)).fetchall()
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.astype(columns)


def district_results(counts: pd.DataFrame, question: Question, *, by_year: bool = False,
                     k: int = K_MIN) -> pd.DataFrame:
    """Per district (and year): answers, positive answers, their share in percent and the mean
    answer. Rows under `k` answers keep `n` but have `shown` False and no figures."""
    keys = ["district_code", "year"] if by_year else ["district_code"]
    if counts.empty:
        return pd.DataFrame(columns=[*keys, "n", "positive", "share_positive", "mean", "shown"])
    frame = counts.assign(positive=counts["answer"].isin(question.positive) * counts["n"],
                          total=counts["answer"] * counts["n"])
    grouped = frame.groupby(keys, as_index=False)[["n", "positive", "total"]].sum()
    grouped["shown"] = grouped["n"] >= k
    grouped["share_positive"] = (100.0 * grouped["positive"] / grouped["n"]).where(
        grouped["shown"])
    grouped["mean"] = (grouped["total"] / grouped["n"]).where(grouped["shown"])
    grouped["positive"] = grouped["positive"].where(grouped["shown"])
    return grouped[[*keys, "n", "positive", "share_positive", "mean", "shown"]]


def district_result(path: Path | str, question: Question, district_code: str,
                    k: int = K_MIN) -> dict[str, float | int | bool]:
    """One district's result over all days: n, and (when n >= k) share_positive and mean."""
    results = district_results(answer_counts(path, question.id), question, k=k)
    row = results[results["district_code"] == district_code]
    if row.empty:
        return {"n": 0, "shown": False, "share_positive": None, "mean": None}
    first = row.iloc[0]
    return {"n": int(first["n"]), "shown": bool(first["shown"]),
            "share_positive": None if not first["shown"] else float(first["share_positive"]),
            "mean": None if not first["shown"] else float(first["mean"])}


def pulse_observations(pulse_db: Path | str, question: Question | str,
                       k: int = K_MIN) -> pd.DataFrame:
    """The answers of `question` as observations of ``citizen_pulse_<id>``: per district and
    calendar year, value = share of positive answers in percent, numerator = positive answers,
    denominator = all answers, quality and source ``citizen_pulse``. Cells under `k` answers are
    marked suppressed with no value, numerator or denominator."""
    if isinstance(question, str):
        matches = [q for q in load_questions() if q.id == question]
        if not matches:
            raise PulseError(f"unknown question {question!r}")
        question = matches[0]
    results = district_results(answer_counts(pulse_db, question.id), question, by_year=True,
                               k=k)
    shown = results["shown"].astype(bool) if len(results) else pd.Series(dtype=bool)
    frame = pd.DataFrame({
        "indicator_id": question.indicator_id,
        "area_id": "district:" + results["district_code"].astype(str),
        "year": results["year"].astype("int64"),
        "sex": "total",
        "value": results["share_positive"].astype("float64"),
        "numerator": results["positive"].astype("float64"),
        "denominator": results["n"].astype("float64").where(shown),
        "quality": QUALITY,
        "source_id": SOURCE_ID,
        "suppressed": ~shown,
    })
    return frame.reset_index(drop=True)


# --- abuse limits (in the store, shared by every replica) ---------------------------------------

def _salt(connection: sqlite3.Connection) -> bytes:
    row = connection.execute("select salt from store_secret where id = 1").fetchone()
    if row is None:  # a store made before the limits: add its secret once
        connection.execute("insert or ignore into store_secret (id, salt) values (1, ?)",
                           (secrets.token_bytes(32),))
        row = connection.execute("select salt from store_secret where id = 1").fetchone()
    return bytes(row[0])


def _mac(salt: bytes, purpose: str, text: str, size: int = 16) -> bytes:
    return hmac.new(salt, f"{purpose}\x00{text}".encode(), hashlib.sha256).digest()[:size]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _device_key(salt: bytes, token: str | None) -> str:
    """The salted hash that stands for a device in the rate table; UNVERIFIED for a missing,
    malformed or forged token (its signature is checked in constant time)."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return UNVERIFIED
    nonce, signature = token.split(".")
    if not hmac.compare_digest(signature, _b64(_mac(salt, "token", nonce))):
        return UNVERIFIED
    return "device:" + _mac(salt, "device", nonce).hex()


def is_token_shaped(token: object) -> bool:
    """Whether `token` has the form of a device token (base64url nonce . signature)."""
    return isinstance(token, str) and bool(_TOKEN.match(token))


def device_key(path: Path | str, token: str | None) -> str:
    """The rate-table name of the device holding `token` (UNVERIFIED unless the token was
    issued by this store). Reading never creates the store."""
    path = Path(path)
    if not path.exists() or token is None:
        return UNVERIFIED
    try:
        with closing(_connect(path)) as connection:
            return _device_key(_salt(connection), token)
    except (OSError, sqlite3.Error):
        log.exception("pulse store unreadable: device counts as unverified")
        return UNVERIFIED


def issue_device_token(path: Path | str, now: float, limits: Limits | None = None) -> str | None:
    """A new signed device token for a kiosk browser, or None when `tokens_per_hour` new
    devices were already accepted in the last hour (so a script cannot mint devices)."""
    limits = limits or LIMITS
    try:
        return _issue(Path(path), int(now // 60), limits)
    except (OSError, sqlite3.Error):  # the answer itself will say "error"; no token meanwhile
        log.exception("pulse store unwritable: no device token issued")
        return None


def _issue(path: Path, minute: int, limits: Limits) -> str | None:
    with closing(_connect(_ready(path))) as connection:
        connection.execute("begin immediate")
        try:
            issued = connection.execute(
                "select coalesce(sum(n), 0) from answer_rate where scope = 'tokens' "
                "and minute > ?", (minute - 60,)).fetchone()[0]
            if issued >= limits.tokens_per_hour:
                connection.execute("rollback")
                return None
            _count(connection, minute, ["tokens"])
            nonce = _b64(secrets.token_bytes(16))
            token = f"{nonce}.{_b64(_mac(_salt(connection), 'token', nonce))}"
            connection.execute("commit")
        except BaseException:
            if connection.in_transaction:
                connection.execute("rollback")
            raise
    return token


def _count(connection: sqlite3.Connection, minute: int, scopes: Iterable[str]) -> None:
    for scope in scopes:
        connection.execute(
            "insert into answer_rate (minute, scope, n) values (?, ?, 1) "
            "on conflict (minute, scope) do update set n = n + 1", (minute, scope))


def _sum(connection: sqlite3.Connection, scope: str, minute: int, minutes: int) -> int:
    return int(connection.execute(
        "select coalesce(sum(n), 0) from answer_rate where scope = ? and minute > ? "
        "and minute <= ?", (scope, minute - minutes, minute)).fetchone()[0])


def _refusal(connection: sqlite3.Connection, minute: int, device: str, district: str,
             pair: str, limits: Limits) -> str | None:
    """Why this answer is dropped (a word for the log), or None when it may be stored."""
    device_now = _sum(connection, device, minute, 1)
    district_now = _sum(connection, district, minute, 1)
    checks = (
        ("device_minute", device_now, limits.device_per_minute),
        ("district_minute", district_now, limits.district_per_minute),
        ("repeated_district", _sum(connection, pair, minute, 60), limits.pair_per_hour),
        ("device_day", _sum(connection, device, minute, RATE_KEEP_MINUTES),
         limits.device_per_day),
        ("district_day", _sum(connection, district, minute, RATE_KEEP_MINUTES),
         limits.district_per_day),
    )
    for reason, count, limit in checks:
        if count >= limit:
            return reason
    total = _sum(connection, "all", minute, 1)
    if total >= limits.all_hard_per_minute:
        return "all_hard"
    if total >= limits.all_per_minute and (device_now > 0
                                           or district_now >= limits.light_district):
        return "all_heavy_source"   # shed the heavy sources; light ones are still served
    return None


@dataclass
class SessionPulse:
    """What one kiosk session has answered (kept in its session state, never stored)."""

    answered: set[str] = field(default_factory=set)

    def may_answer(self, question_id: str) -> bool:
        return question_id not in self.answered


def submit(path: Path | str, question: Question, district_code: str, answer: int, day: date,
           now: float, session: SessionPulse, *, device_token: str | None = None,
           shown_at: float | None = None, limits: Limits | None = None) -> str:
    """Apply the limits, then store, in one transaction (so replicas cannot both pass a limit).
    `now` and `shown_at` are Unix seconds (when the tap arrived, when this session first showed
    the question). Returns "stored", "already_answered", "busy" (dropped by a limit; the reason
    goes to the log) or "error" (the store could not be written; details in the log)."""
    limits = limits or current_limits()
    if not session.may_answer(question.id):
        return "already_answered"
    if shown_at is not None and now - shown_at < limits.min_seconds:
        log.info("pulse answer dropped: too_fast")
        return "busy"
    minute = int(now // 60)
    try:
        _check_answer(question, district_code, answer)
        with closing(_connect(_ready(path))) as connection:
            connection.execute("begin immediate")
            try:
                salt = _salt(connection)
                device = _device_key(salt, device_token)
                district = f"district:{district_code}"
                pair = "pair:" + _mac(salt, "pair", f"{device}\x00{district_code}").hex()
                connection.execute("delete from answer_rate where minute <= ?",
                                   (minute - RATE_KEEP_MINUTES,))
                reason = _refusal(connection, minute, device, district, pair, limits)
                if reason is None:
                    _add_answer(connection, question, district_code, answer, day)
                    _count(connection, minute, ("all", device, district, pair))
                connection.execute("commit")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("rollback")
                raise
    except (OSError, sqlite3.Error, PulseError):
        log.exception("pulse answer not stored")
        return "error"
    if reason is not None:
        log.info("pulse answer dropped: %s", reason)
        return "busy"
    session.answered.add(question.id)
    return "stored"


def rate_rows(path: Path | str) -> list[tuple[int, str, int]]:
    """Everything the limits keep: (minute, scope, n) rows (for tests and the privacy note)."""
    path = Path(path)
    if not path.exists():
        return []
    with closing(_connect(path)) as connection:
        return connection.execute(
            "select minute, scope, n from answer_rate order by minute, scope").fetchall()


def open_question(today: date, path: Path | str = QUESTIONS_FILE) -> Question | None:
    """The question the kiosk asks on `today` (the file is tiny: read on every call, so an
    edited question file needs no restart)."""
    return current_question(load_questions(path), today)


def counts_total(path: Path | str, question_ids: Sequence[str]) -> int:
    """All answers stored for the given questions (for tests and the office pages)."""
    return int(sum(answer_counts(path, q)["n"].sum() for q in question_ids))
