"""The citizen pulse store: questions, durable anonymous counts, k-anonymity and rate limits.

Concurrency and durability are tested for real (threads and a second process on a temporary
SQLite file); the rate limits with an injected clock.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from indicators import kiosk, pulse

ROOT = Path(__file__).resolve().parents[1]
DAY = date(2026, 5, 4)


@pytest.fixture(scope="module")
def question() -> pulse.Question:
    return pulse.current_question(pulse.load_questions(), DAY)


@pytest.fixture()
def db(tmp_path) -> Path:
    return tmp_path / "pulse" / "pulse.sqlite"


# --- questions ---------------------------------------------------------------------------------

def test_the_shipped_question_file_is_valid_and_open_now(question):
    assert question.id == "area_wellbeing"
    assert question.indicator_id == "citizen_pulse_area_wellbeing"
    assert question.text("sv") == "Hur trivs du i ditt område?"
    assert question.text("en") == "How do you like living in your area?"
    assert question.values == (1, 2, 3, 4, 5)
    assert question.positive == {4, 5}
    assert all(a.emoji and a.sv and a.en for a in question.answers)  # words, not emoji alone


def test_current_question_respects_the_period(question):
    questions = pulse.load_questions()
    assert pulse.current_question(questions, question.start) == question
    assert pulse.current_question(questions, question.end) == question
    assert pulse.current_question(questions, date(2020, 1, 1)) is None


GOOD = """
questions:
  - id: {id}
    start: {start}
    end: {end}
    text_sv: Fråga?
    text_en: Question?
    positive: {positive}
    answers:
      - {{value: 1, emoji: "🙁", sv: Nej, en: "No"}}
      - {{value: 2, emoji: "😐", sv: Kanske, en: Maybe}}
      - {{value: 3, emoji: "🙂", sv: Ja, en: "Yes"}}
"""


def _questions(tmp_path, text: str) -> tuple[pulse.Question, ...]:
    path = tmp_path / "pulse.yaml"
    path.write_text(text, "utf-8")
    return pulse.load_questions(path)


def test_a_valid_file_loads(tmp_path):
    loaded = _questions(tmp_path, GOOD.format(id="q_one", start="2026-01-01", end="2026-06-30",
                                              positive="[3]"))
    assert [q.id for q in loaded] == ["q_one"]


@pytest.mark.parametrize(("text", "message"), [
    (GOOD.format(id="Bad-Id", start="2026-01-01", end="2026-02-01", positive="[3]"), "id must"),
    (GOOD.format(id="q'; drop", start="2026-01-01", end="2026-02-01", positive="[3]"),
     "id must"),
    (GOOD.format(id="q_one", start="2026-03-01", end="2026-02-01", positive="[3]"), "start"),
    (GOOD.format(id="q_one", start="2026-01-01", end="2026-02-01", positive="[9]"), "positive"),
    (GOOD.format(id="q_one", start="2026-01-01", end="2026-02-01", positive="[1, 2, 3]"),
     "positive"),
    (GOOD.format(id="q_one", start="2026-01-01", end="2026-02-01", positive="[3]")
     + GOOD.format(id="q_two", start="2026-01-15", end="2026-03-01", positive="[3]").split(
        "questions:")[1], "overlap"),
    (GOOD.format(id="q_one", start="2026-01-01", end="2026-02-01", positive="[3]").replace(
        "      - {value: 3, emoji: \"🙂\", sv: Ja, en: \"Yes\"}\n", ""), "3 to 5"),
    (GOOD.format(id="q_one", start="2026-01-01", end="2026-02-01", positive="[3]").replace(
        "value: 2", "value: 1"), "unique"),
    ("questions: 7\n", "expected a list"),
    ("questions: " + "[" * 5000 + "]" * 5000 + "\n", r"nested deeper than 32 levels \(line 1"),
    ("a: &x [1]\nquestions: *x\n", "aliases are not allowed"),
])
def test_a_broken_file_is_refused_with_the_rule_named(tmp_path, text, message):
    with pytest.raises(pulse.PulseError, match=message):
        _questions(tmp_path, text)


# --- storage -----------------------------------------------------------------------------------

def test_an_answer_is_stored_as_a_count_with_no_identifiers(db, question):
    pulse.record_answer(db, question, "2480P01", 4, DAY)
    pulse.record_answer(db, question, "2480P01", 4, DAY)
    pulse.record_answer(db, question, "2480P02", 1, DAY)
    with sqlite3.connect(db) as connection:
        assert connection.execute("pragma journal_mode").fetchone()[0] == "wal"
        columns = [r[1] for r in connection.execute("pragma table_info(answer_count)")]
        rows = connection.execute("select * from answer_count order by 2, 3").fetchall()
    assert columns == ["question_id", "district_code", "answer", "day", "n"]
    assert rows == [("area_wellbeing", "2480P01", 4, "2026-05-04", 2),
                    ("area_wellbeing", "2480P02", 1, "2026-05-04", 1)]


def test_reading_a_missing_store_is_empty_and_creates_nothing(db, question):
    assert pulse.answer_counts(db, question.id).empty
    assert not db.exists()
    assert pulse.district_result(db, question, "2480P01") == {
        "n": 0, "shown": False, "share_positive": None, "mean": None}


@pytest.mark.parametrize("answer", [0, 6, "4", 4.5, True, None])
def test_an_answer_the_question_does_not_offer_is_refused(db, question, answer):
    with pytest.raises(pulse.PulseError):
        pulse.record_answer(db, question, "2480P01", answer, DAY)
    assert pulse.answer_counts(db, question.id).empty


@pytest.mark.parametrize("code", ["", "2480P01'; drop table answer_count; --",
                                  "<img src=x onerror=alert(1)>", "x" * 50, None, "ÅÄÖ"])
def test_a_malformed_district_code_is_refused(db, question, code):
    with pytest.raises(pulse.PulseError):
        pulse.record_answer(db, question, code, 3, DAY)
    assert pulse.answer_counts(db, question.id).empty


def test_concurrent_taps_from_many_threads_lose_nothing(db, question):
    threads, per_thread = 20, 25
    pulse.open_store(db)
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        barrier.wait()
        try:
            for j in range(per_thread):
                pulse.record_answer(db, question, f"2480P0{index % 4 + 1}", j % 5 + 1, DAY)
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert errors == []
    counts = pulse.answer_counts(db, question.id)
    assert counts["n"].sum() == threads * per_thread
    # 5 threads per district, each giving every answer 5 times.
    assert set(counts.groupby("district_code")["n"].sum()) == {5 * per_thread}
    assert set(counts["n"]) == {25}


def test_answers_survive_a_restart(db, question):
    """A separate process stores two answers and dies without any clean-up (os._exit right after
    the commit); a fresh reader sees both."""
    script = (
        "import os, sys; from datetime import date; from indicators import pulse\n"
        "q = pulse.current_question(pulse.load_questions(), date(2026, 5, 4))\n"
        "pulse.record_answer(sys.argv[1], q, '2480P03', 5, date(2026, 5, 4))\n"
        "pulse.record_answer(sys.argv[1], q, '2480P03', 2, date(2026, 5, 4))\n"
        "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", script, str(db)], cwd=ROOT, check=True, timeout=60)
    counts = pulse.answer_counts(db, question.id)
    assert list(counts.itertuples(index=False, name=None)) == [
        ("2480P03", 2026, 2, 1), ("2480P03", 2026, 5, 1)]
    pulse.record_answer(db, question, "2480P03", 5, DAY)  # and the store keeps working
    assert pulse.counts_total(db, [question.id]) == 3


# --- k-anonymity -------------------------------------------------------------------------------

def _answers(db, question, district: str, answers: list[int], day: date = DAY) -> None:
    for value in answers:
        pulse.record_answer(db, question, district, value, day)


def test_fewer_than_five_answers_are_never_shown(db, question):
    _answers(db, question, "2480P01", [5, 5, 4, 1])
    result = pulse.district_result(db, question, "2480P01")
    assert result == {"n": 4, "shown": False, "share_positive": None, "mean": None}
    text = kiosk.pulse_result_text("sv", "Centrum", result, ["Ganska bra", "Mycket bra"], 5)
    assert text == ("Centrum: för få svar för att visa ännu (resultat visas från 5 svar).")
    assert "%" not in text and "4" not in text


def test_five_answers_are_shown(db, question):
    _answers(db, question, "2480P01", [5, 5, 4, 1, 3])
    result = pulse.district_result(db, question, "2480P01")
    assert result["n"] == 5 and result["shown"]
    assert result["share_positive"] == pytest.approx(60.0)
    assert result["mean"] == pytest.approx(3.6)
    assert kiosk.pulse_result_text("sv", "Centrum", result, ["Ganska bra", "Mycket bra"], 5) == (
        "Centrum: 5 svar hittills; 60\u00a0% svarade ”Ganska bra” eller ”Mycket bra”.")
    assert kiosk.pulse_result_text("en", "Centrum", result, ["Quite well", "Very well"], 5) == (
        "Centrum: 5 answers so far; 60% answered ”Quite well” or ”Very well”.")


def test_pulse_observations_are_in_the_observation_format(db, question):
    _answers(db, question, "2480P01", [5, 5, 4, 1, 3, 2])                 # 2026: 6 answers
    _answers(db, question, "2480P01", [4, 4, 4, 4, 1], date(2025, 12, 31))  # 2025: 5 answers
    _answers(db, question, "2480P02", [5, 5, 5])                          # 3: suppressed
    frame = pulse.pulse_observations(db, question)
    assert list(frame.columns) == ["indicator_id", "area_id", "year", "sex", "value",
                                   "numerator", "denominator", "quality", "source_id",
                                   "suppressed"]
    assert set(frame["indicator_id"]) == {"citizen_pulse_area_wellbeing"}
    assert set(frame["quality"]) == {"citizen_pulse"} and set(frame["source_id"]) == {
        "citizen_pulse"}
    assert set(frame["sex"]) == {"total"}
    rows = {(r.area_id, r.year): r for r in frame.itertuples()}
    centre_2026 = rows[("district:2480P01", 2026)]
    assert (centre_2026.value, centre_2026.numerator, centre_2026.denominator) == (
        pytest.approx(50.0), 3, 6)
    assert not centre_2026.suppressed
    centre_2025 = rows[("district:2480P01", 2025)]
    assert centre_2025.value == pytest.approx(80.0) and centre_2025.denominator == 5
    small = rows[("district:2480P02", 2026)]
    assert small.suppressed
    assert pd.isna(small.value) and pd.isna(small.numerator) and pd.isna(small.denominator)
    # The same through the question's id (looked up in data/pulse.yaml).
    pd.testing.assert_frame_equal(pulse.pulse_observations(db, "area_wellbeing"), frame)
    with pytest.raises(pulse.PulseError):
        pulse.pulse_observations(db, "no_such_question")


def test_pulse_observations_of_an_empty_store(db, question):
    frame = pulse.pulse_observations(db, question)
    assert frame.empty and "value" in frame.columns


# --- rate limits -------------------------------------------------------------------------------

def test_one_answer_per_question_per_session(db, question):
    session = pulse.SessionPulse()
    assert pulse.submit(db, question, "2480P01", 4, DAY, 0.0, session) == "stored"
    for offset in range(1, 200):
        assert pulse.submit(db, question, "2480P02", 1, DAY, offset * 7.0,
                            session) == "already_answered"
    assert pulse.counts_total(db, [question.id]) == 1


def test_at_most_n_answers_a_minute_per_session(db, question):
    others = [pulse.Question(f"q{i}x", question.start, question.end, "?", "?",
                             question.answers, question.positive) for i in range(6)]
    session = pulse.SessionPulse()
    results = [pulse.submit(db, q, "2480P01", 3, DAY, 10.0 + i, session)
               for i, q in enumerate(others[:4])]
    assert results == ["stored"] * pulse.SESSION_PER_MINUTE + ["busy"]
    assert pulse.submit(db, others[4], "2480P01", 3, DAY, 75.0, session) == "stored"


def test_the_server_wide_limit_holds_across_sessions(db, question):
    server = pulse.SlidingWindow(3, 60.0)
    results = [pulse.submit(db, question, "2480P01", 5, DAY, 100.0, pulse.SessionPulse(), server)
               for _ in range(10)]
    assert results == ["stored"] * 3 + ["busy"] * 7
    assert pulse.counts_total(db, [question.id]) == 3


def test_sliding_window_with_an_injected_clock():
    window = pulse.SlidingWindow(2, 60.0)
    assert [window.allow(t) for t in (0.0, 1.0, 2.0, 59.9, 60.0, 61.0, 61.5)] == [
        True, True, False, False, True, True, False]
    with pytest.raises(ValueError):
        pulse.SlidingWindow(0)


def test_the_sliding_window_is_thread_safe():
    window = pulse.SlidingWindow(100, 60.0)
    allowed: list[bool] = []
    lock = threading.Lock()

    def worker() -> None:
        mine = [window.allow(1.0) for _ in range(50)]
        with lock:
            allowed.extend(mine)

    pool = [threading.Thread(target=worker) for _ in range(8)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert sum(allowed) == 100


def test_pulse_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("UMEA_PULSE_DB", str(tmp_path / "x.sqlite"))
    assert pulse.pulse_path() == tmp_path / "x.sqlite"
    monkeypatch.delenv("UMEA_PULSE_DB")
    assert pulse.pulse_path() == ROOT / "data" / "pulse" / "pulse.sqlite"


def test_the_local_day_is_umeas():
    from datetime import UTC, datetime

    # 23:30 UTC on 31 December is already 1 January in Umeå.
    assert pulse.local_today(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == date(2027, 1, 1)


def test_a_store_that_cannot_be_written_is_an_error_status_not_an_exception(tmp_path, question):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    session = pulse.SessionPulse()
    status = pulse.submit(blocker / "pulse.sqlite", question, "2480P01", 3, DAY, 0.0, session)
    assert status == "error"
    assert session.may_answer(question.id)            # nothing was stored: may try again


def test_open_question_reads_the_shipped_file(question):
    assert pulse.open_question(DAY) == question
    assert question.positive_labels("sv") == ["Ganska bra", "Mycket bra"]
    assert question.positive_labels("en") == ["Quite well", "Very well"]
