"""Accessibility statement: published in both languages, with a working way to report."""

from __future__ import annotations

import json

from tests.pages import run_page, texts


def test_statement_in_swedish_and_english(monkeypatch, fixture_db, tmp_path):
    monkeypatch.setenv("UMEA_FEEDBACK", str(tmp_path / "reports.jsonl"))
    sv = texts(run_page(monkeypatch, fixture_db, "accessibility"))
    en = texts(run_page(monkeypatch, fixture_db, "accessibility", lang="en"))
    assert "delvis förenlig" in sv and "DIGG" in sv
    assert "partially compliant" in en and "WCAG 2.2" in en


def test_a_report_is_stored_as_plain_data(monkeypatch, fixture_db, tmp_path):
    path = tmp_path / "reports.jsonl"
    monkeypatch.setenv("UMEA_FEEDBACK", str(path))
    at = run_page(monkeypatch, fixture_db, "accessibility", lang="en")
    at.text_area[0].input("The map <script>alert(1)</script> has no keyboard access")
    at.button[0].click().run()
    assert any("Thank you" in s.value for s in at.success)
    record = json.loads(path.read_text("utf-8").splitlines()[0])
    assert record["text"].startswith("The map <script>")
    assert set(record) == {"day", "page", "text"}


def test_empty_report_is_refused(monkeypatch, fixture_db, tmp_path):
    path = tmp_path / "reports.jsonl"
    monkeypatch.setenv("UMEA_FEEDBACK", str(path))
    at = run_page(monkeypatch, fixture_db, "accessibility")
    at.button[0].click().run()
    assert at.warning and not path.exists()
