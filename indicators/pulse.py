"""The citizen pulse: one question per period, answered with one tap at the kiosk, kept anonymous.

Storage is a small SQLite file (Python's sqlite3; DuckDB stays the read-only published store),
$UMEA_PULSE_DB or data/pulse/pulse.sqlite. The kiosk server writes it while it serves, so:
WAL journal, ``synchronous=FULL`` and a commit per answer (an answer acknowledged on screen
survives a crash or power cut), ``busy_timeout`` so concurrent taps wait instead of failing.

What is stored is a **count** per (question, district, answer, day): no row per person, no time of
day, no session, device or address; not even the order of answers survives. Results are shown
per district only from ``K_MIN`` = 5 answers up. Abuse is bounded in memory, never in the file:
one answer per question per session and a per-minute cap per session and per server
(``SlidingWindow``).

``pulse_observations`` turns the counts into the dashboard's observation format (indicator
``citizen_pulse_<question>``, quality ``citizen_pulse``): the share of positive answers per
district and year.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
from collections import deque
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from indicators import bounded_input

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[1]
QUESTIONS_FILE = ROOT / "data" / "pulse.yaml"
DEFAULT_DB = ROOT / "data" / "pulse" / "pulse.sqlite"
K_MIN = 5                      # fewer answers than this are never shown (k-anonymity)
SESSION_PER_MINUTE = 3         # answers one session may give in a minute (all questions)
SERVER_PER_MINUTE = 30         # answers the whole kiosk server accepts in a minute
BUSY_TIMEOUT_MS = 30_000
SOURCE_ID = "citizen_pulse"
QUALITY = "citizen_pulse"
TIME_ZONE = "Europe/Stockholm"

_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
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
"""


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
        connection.execute(SCHEMA)
    return path


def record_answer(path: Path | str, question: Question, district_code: str, answer: int,
                  day: date) -> None:
    """Add one answer and commit it (durable when this returns). Raises PulseError for an
    answer the question does not offer or a malformed district code."""
    if answer not in question.values or isinstance(answer, bool):
        raise PulseError(f"answer {answer!r} is not one of {question.values}")
    if not isinstance(district_code, str) or not _DISTRICT.match(district_code):
        raise PulseError(f"district code {district_code!r} is malformed")
    path = Path(path)
    if not path.exists():
        open_store(path)
    with closing(_connect(path)) as connection:
        connection.execute("begin immediate")
        try:
            connection.execute(
                "insert into answer_count (question_id, district_code, answer, day, n) "
                "values (?, ?, ?, ?, 1) "
                "on conflict (question_id, district_code, answer, day) do update set n = n + 1",
                (question.id, district_code, int(answer), day.isoformat()))
            connection.execute("commit")
        except BaseException:
            if connection.in_transaction:
                connection.execute("rollback")
            raise


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


# --- rate limits (in memory only) ---------------------------------------------------------------

class SlidingWindow:
    """At most `limit` events in any `seconds`-long window; thread-safe; the clock is injected."""

    def __init__(self, limit: int, seconds: float = 60.0):
        if limit < 1 or seconds <= 0:
            raise ValueError("limit must be >= 1 and seconds > 0")
        self.limit, self.seconds = limit, seconds
        self._events: deque[float] = deque()
        self._lock = threading.Lock()

    def allow(self, now: float) -> bool:
        """Record an event at `now` and return True, or return False if the window is full."""
        with self._lock:
            while self._events and self._events[0] <= now - self.seconds:
                self._events.popleft()
            if len(self._events) >= self.limit:
                return False
            self._events.append(now)
            return True


@dataclass
class SessionPulse:
    """What one kiosk session has answered (kept in its session state, never stored)."""

    answered: set[str] = field(default_factory=set)
    window: SlidingWindow = field(
        default_factory=lambda: SlidingWindow(SESSION_PER_MINUTE, 60.0))

    def may_answer(self, question_id: str) -> bool:
        return question_id not in self.answered


SERVER_WINDOW = SlidingWindow(SERVER_PER_MINUTE, 60.0)   # this server process, all sessions


def submit(path: Path | str, question: Question, district_code: str, answer: int, day: date,
           now: float, session: SessionPulse, server: SlidingWindow | None = None) -> str:
    """Apply the limits, then store. Returns "stored", "already_answered", "busy" or "error"
    (the store could not be written; the details go to the log, never to the screen)."""
    if not session.may_answer(question.id):
        return "already_answered"
    if not session.window.allow(now) or (server is not None and not server.allow(now)):
        return "busy"
    try:
        record_answer(path, question, district_code, answer, day)
    except (OSError, sqlite3.Error, PulseError):
        log.exception("pulse answer not stored")
        return "error"
    session.answered.add(question.id)
    return "stored"


def open_question(today: date, path: Path | str = QUESTIONS_FILE) -> Question | None:
    """The question the kiosk asks on `today` (the file is tiny: read on every call, so an
    edited question file needs no restart)."""
    return current_question(load_questions(path), today)


def counts_total(path: Path | str, question_ids: Sequence[str]) -> int:
    """All answers stored for the given questions (for tests and the office pages)."""
    return int(sum(answer_counts(path, q)["n"].sum() for q in question_ids))
