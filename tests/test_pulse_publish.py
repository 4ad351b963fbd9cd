"""Kiosk answers reach the office pages as an indicator with quality `citizen_pulse`."""

from __future__ import annotations

import shutil
from datetime import date

from indicators.data import pulse
from indicators.data.store import Store
from indicators.ingest import main, publish_pulse


def test_pulse_is_published_per_district_from_five_answers(tmp_path, fixture_db):
    db = tmp_path / "live.duckdb"
    shutil.copy(fixture_db, db)
    answers = tmp_path / "pulse.sqlite"
    question = next(q for q in pulse.load_questions() if q.id == "area_wellbeing")
    for value in (5, 4, 4, 4, 2, 1):                    # Centrum: 4 positive of 6
        pulse.record_answer(answers, question, "2480P01", value, date(2026, 5, 1))
    for value in (5, 5, 3):                             # Ålidhem: only 3 answers
        pulse.record_answer(answers, question, "2480P02", value, date(2026, 5, 2))
    report = publish_pulse(db, answers)
    assert report.published
    frame = Store(db).observations("citizen_pulse_area_wellbeing", sex=None).set_index("area_id")
    centrum = frame.loc["district:2480P01"]
    assert (centrum["numerator"], centrum["denominator"]) == (4, 6)
    assert round(centrum["value"], 1) == 66.7 and centrum["quality"] == "citizen_pulse"
    assert not centrum["suppressed"]
    alidhem = frame.loc["district:2480P02"]
    assert alidhem["suppressed"] and alidhem.isna()[["value", "numerator", "denominator"]].all()
    assert (tmp_path / "live.duckdb.lkg").exists()


def test_pulse_command(tmp_path, fixture_db, capsys):
    db = tmp_path / "live.duckdb"
    shutil.copy(fixture_db, db)
    assert main(["--pulse", "--db", str(db), "--pulse-db", str(tmp_path / "empty.sqlite")]) == 0
    assert "citizen pulse" in capsys.readouterr().out.lower()
