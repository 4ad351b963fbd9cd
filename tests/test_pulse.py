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

from indicators.data import pulse
from indicators.views import kiosk

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
        "import os, sys; from datetime import date; from indicators.data import pulse\n"
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


# --- abuse limits (in the store: every connection and every replica sees them) ----------------
# Clocks are injected Unix seconds; T is the start of a calendar minute.

T = 1_800_000_000.0 - 1_800_000_000.0 % 60


def _token(db, now=T) -> str:
    token = pulse.issue_device_token(db, now)
    assert token is not None
    return token


def test_one_answer_per_question_per_session(db, question):
    session = pulse.SessionPulse()
    assert pulse.submit(db, question, "2480P01", 4, DAY, T, session) == "stored"
    for offset in range(1, 200):
        assert pulse.submit(db, question, "2480P02", 1, DAY, T + offset * 7.0,
                            session) == "already_answered"
    assert pulse.counts_total(db, [question.id]) == 1


def test_600_sessions_of_one_client_add_a_few_answers_and_a_real_visitor_is_served(db, question):
    """The attack of issue 14: a fresh websocket per answer. Whether the script keeps its token,
    sends none or forges new ones, it is one device; another kiosk is served meanwhile."""
    script, kiosk = _token(db), _token(db)
    forged = [f"{'A' * 22}.{i:022d}" for i in range(600)]
    for tokens in ([script] * 600, [None] * 600, forged):
        before = pulse.counts_total(db, [question.id])
        results = [pulse.submit(db, question, "2480P01", 5, DAY, T + i * 0.05,
                                pulse.SessionPulse(), device_token=token)
                   for i, token in enumerate(tokens)]
        added = pulse.counts_total(db, [question.id]) - before
        assert added == results.count("stored") <= pulse.LIMITS.device_per_minute
        assert results.count("busy") == 600 - added
    assert pulse.submit(db, question, "2480P03", 4, DAY, T + 30.0, pulse.SessionPulse(),
                        device_token=kiosk) == "stored"


def test_a_day_of_one_script_stays_within_the_daily_limits(db, question):
    token = _token(db)
    stored = sum(pulse.submit(db, question, "2480P01", 5, DAY, T + minute * 60.0 + second,
                              pulse.SessionPulse(), device_token=token) == "stored"
                 for minute in range(0, 24 * 60, 7) for second in (0.0, 20.0, 40.0))
    assert stored <= pulse.LIMITS.pair_per_hour * 24       # was ~43,000 before the limits
    assert stored <= pulse.LIMITS.device_per_day


def test_a_script_cannot_mint_devices(db):
    tokens = [pulse.issue_device_token(db, T + i) for i in range(600)]
    issued = [t for t in tokens if t is not None]
    assert len(issued) == pulse.LIMITS.tokens_per_hour
    assert pulse.issue_device_token(db, T + 3601.0) is not None      # the next hour
    keys = {pulse.device_key(db, t) for t in issued}
    assert len(keys) == len(issued) and pulse.UNVERIFIED not in keys
    assert pulse.device_key(db, issued[0][:-1] + "x") == pulse.UNVERIFIED   # tampered
    assert pulse.device_key(db, "not a token") == pulse.UNVERIFIED


def test_a_flood_of_one_district_does_not_lock_out_the_others(db, question):
    """Over the total cap only heavy sources are shed: a device that has not answered this
    minute, for a light district, is still served."""
    devices = [_token(db, T - 7200.0 * i) for i in range(1, 7)]   # six kiosks, older tokens
    flood = [pulse.submit(db, question, "2480P01", 5, DAY, T + i * 0.1, pulse.SessionPulse(),
                          device_token=devices[i % 5]) for i in range(100)]
    assert flood.count("stored") == pulse.LIMITS.district_per_minute   # one district: capped
    assert pulse.submit(db, question, "2480P02", 2, DAY, T + 30.0, pulse.SessionPulse(),
                        device_token=devices[5]) == "stored"


def test_over_the_total_cap_light_sources_are_still_served(db, question):
    limits = pulse.Limits(all_per_minute=4, all_hard_per_minute=6, tokens_per_hour=100)
    devices = [pulse.issue_device_token(db, T - 10.0, limits) for _ in range(10)]

    def answer(device: int, district: int, second: float) -> str:
        return pulse.submit(db, question, f"2480P0{district}", 3, DAY, T + second,
                            pulse.SessionPulse(), device_token=devices[device], limits=limits)

    assert [answer(0, 1, 1), answer(0, 2, 2), answer(1, 1, 3), answer(2, 3, 4)] == ["stored"] * 4
    assert answer(0, 4, 5) == "busy"      # over the cap: a device that answered this minute …
    assert answer(3, 1, 6) == "busy"      # … or a district that is not light is shed,
    assert answer(4, 5, 7) == "stored"    # a fresh device for a light district is served
    assert answer(5, 6, 8) == "stored"
    assert answer(6, 7, 9) == "busy"      # up to the hard ceiling
    assert answer(0, 4, 61) == "stored"   # a new minute


def test_the_same_device_and_district_over_and_over_is_dropped(db, question):
    token = _token(db)
    results = [pulse.submit(db, question, "2480P01", 4, DAY, T + 30.0 * i,
                            pulse.SessionPulse(), device_token=token) for i in range(100)]
    assert results.count("stored") == pulse.LIMITS.pair_per_hour
    assert pulse.submit(db, question, "2480P02", 4, DAY, T + 3000.0, pulse.SessionPulse(),
                        device_token=token) == "stored"                # another district


def test_an_answer_faster_than_reading_is_dropped(db, question):
    session = pulse.SessionPulse()
    assert pulse.submit(db, question, "2480P01", 4, DAY, T + 0.3, session, shown_at=T) == "busy"
    assert pulse.counts_total(db, [question.id]) == 0 and session.may_answer(question.id)
    assert pulse.submit(db, question, "2480P01", 4, DAY, T + 2.5, session,
                        shown_at=T) == "stored"


def test_the_limits_are_shared_by_processes_like_replicas(db, question):
    token = _token(db)
    script = (
        "import sys; from datetime import date; from indicators.data import pulse\n"
        "q = pulse.current_question(pulse.load_questions(), date(2026, 5, 4))\n"
        "print(sum(pulse.submit(sys.argv[1], q, '2480P01', 5, date(2026, 5, 4), float(sys.argv[2]),"
        " pulse.SessionPulse(), device_token=sys.argv[3]) == 'stored' for _ in range(50)))\n")
    other = subprocess.run([sys.executable, "-c", script, str(db), str(T), token], cwd=ROOT,
                           capture_output=True, text=True, timeout=120, check=True)
    here = sum(pulse.submit(db, question, "2480P01", 5, DAY, T + 1.0, pulse.SessionPulse(),
                            device_token=token) == "stored" for _ in range(50))
    assert int(other.stdout) + here == pulse.LIMITS.device_per_minute


def test_what_the_limits_keep_is_anonymous_and_pruned_after_a_day(db, question):
    token = _token(db)
    pulse.submit(db, question, "2480P01", 4, DAY, T, pulse.SessionPulse(), device_token=token)
    rows = pulse.rate_rows(db)
    scopes = {scope.split(":")[0] for _, scope, _ in rows}
    assert scopes == {"all", "tokens", "device", "district", "pair"}
    text = repr(rows)
    assert token not in text and token.split(".")[0] not in text   # only salted hashes
    assert "4" not in {scope for _, scope, _ in rows} and question.id not in text
    with sqlite3.connect(db) as connection:
        columns = {row[1] for row in connection.execute("pragma table_info(answer_rate)")}
    assert columns == {"minute", "scope", "n"}                     # no time of day, no answer
    pulse.submit(db, question, "2480P02", 4, DAY, T + 86_400.0 + 60, pulse.SessionPulse())
    assert {m for m, _, _ in pulse.rate_rows(db)} == {int((T + 86_460.0) // 60)}


def test_a_store_from_before_the_limits_gains_their_tables(db, question):
    db.parent.mkdir(parents=True)
    with sqlite3.connect(db) as connection:
        connection.execute(pulse.SCHEMA.split(";")[0])
    assert pulse.submit(db, question, "2480P01", 4, DAY, T, pulse.SessionPulse()) == "stored"


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
    status = pulse.submit(blocker / "pulse.sqlite", question, "2480P01", 3, DAY, T, session)
    assert status == "error"
    assert session.may_answer(question.id)            # nothing was stored: may try again


def test_open_question_reads_the_shipped_file(question):
    assert pulse.open_question(DAY) == question
    assert question.positive_labels("sv") == ["Ganska bra", "Mycket bra"]
    assert question.positive_labels("en") == ["Quite well", "Very well"]
