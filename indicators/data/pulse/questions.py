"""The pulse's questions and their periods: data/pulse.yaml, one question open at a time."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from itertools import pairwise
from pathlib import Path

from indicators.data import bounded_input
from indicators.data.bilingual import Bilingual

ROOT = Path(__file__).resolve().parents[3]
QUESTIONS_FILE = ROOT / "data" / "pulse.yaml"
TIME_ZONE = "Europe/Stockholm"

_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")


class PulseError(ValueError):
    """A question file or an answer that breaks the rules; the message says which rule."""


@dataclass(frozen=True)
class Answer:
    value: int
    emoji: str
    sv: str
    en: str

    def label(self, lang: str) -> str:
        return Bilingual(self.sv, self.en).get(lang)


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
        return Bilingual.of(self, "text").get(lang)

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
    for earlier, later in pairwise(ordered):
        if later.start <= earlier.end:
            raise PulseError(f"{path}: the periods of {earlier.id} and {later.id} overlap")
    return questions


def current_question(questions: Iterable[Question], today: date) -> Question | None:
    """The question open on `today` (start and end inclusive), or None."""
    return next((q for q in questions if q.start <= today <= q.end), None)


def open_question(today: date, path: Path | str = QUESTIONS_FILE) -> Question | None:
    """The question the kiosk asks on `today` (the file is tiny: read on every call, so an
    edited question file needs no restart)."""
    return current_question(load_questions(path), today)


def local_today(now: datetime | None = None) -> date:
    """Today's date in Umeå (answers are dated by the local day, never by time)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    zone: tzinfo
    try:
        zone = ZoneInfo(TIME_ZONE)
    except ZoneInfoNotFoundError:  # no tz database: UTC is off by at most two hours
        zone = UTC
    return (now or datetime.now(zone)).astimezone(zone).date()

