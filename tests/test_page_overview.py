"""Overview: both goals first with verdict word, icon, base/latest year and R; headline figures;
the index map labelled illustrative."""

from __future__ import annotations

import pytest

from tests.pages import figures, run_page, texts


@pytest.mark.parametrize(("lang", "population", "climate", "turnout"), [
    ("sv", "Framsteg, men ökad takt behövs", "Begränsade framsteg", "88,8\u00a0%"),
    ("en", "Progress, but acceleration needed", "Limited progress", "88.8%"),
])
def test_goals_first_with_verdict_words_and_r(monkeypatch, fixture_db, lang, population,
                                             climate, turnout):
    at = run_page(monkeypatch, fixture_db, "overview", lang=lang)
    shown = texts(at)
    assert population in shown and climate in shown
    metrics = {(m.label, m.value) for m in at.metric}
    base, latest, ratio = ("Basår", "Senaste år", "Kvot R") if lang == "sv" else (
        "Base year", "Latest year", "Ratio R")
    assert (base, "2015") in metrics and (latest, "2025") in metrics and (base, "1990") in metrics
    assert (ratio, "0,79" if lang == "sv" else "0.79") in metrics
    # Net zero 2040: CAGR 1990→2024 −0.813 %/yr against −3.722 %/yr needed → R = 0.22.
    assert (ratio, "0,22" if lang == "sv" else "0.22") in metrics
    assert turnout in {m.value for m in at.metric}   # 2661/2998 = 88.76 %


def test_icons_accompany_words(monkeypatch, fixture_db):
    at = run_page(monkeypatch, fixture_db, "overview")
    headings = [m.value for m in at.markdown if m.value.startswith("###")]
    assert any("➚" in h and "ökad takt" in h for h in headings)


def test_index_map_is_labelled_illustrative(monkeypatch, fixture_db):
    at = run_page(monkeypatch, fixture_db, "overview")
    assert any("Illustrativa data" in w.value for w in at.warning)
    index_map = figures(at)[-1]
    locations = [loc for trace in index_map["data"] for loc in trace.get("locations", [])]
    assert len(locations) == 4


def test_goal_charts_have_sentences_and_tables(monkeypatch, fixture_db):
    at = run_page(monkeypatch, fixture_db, "overview", lang="en")
    shown = texts(at)
    assert "(R = 0.79)" in shown and "(R = 0.22)" in shown
    assert "at least 85 % below 1990" in shown
    assert len(figures(at)) == 3 and len(at.expander) >= 3


def test_bad_language_falls_back_to_swedish_with_a_notice(monkeypatch, fixture_db):
    at = run_page(monkeypatch, fixture_db, "overview", lang="<script>alert(1)</script>")
    assert [t.value for t in at.title] == ["Översikt"]
    assert any("lang" in i.value for i in at.info)
