"""Map: the number of areas drawn, what a deep link selects, the legend in words, and bad
parameters falling back with a notice."""

from __future__ import annotations

import pytest

from tests.pages import figures, run_page, texts


def traces(at):
    return {trace["name"]: trace for trace in figures(at)[0]["data"]}


def test_default_map_draws_every_district(monkeypatch, fixture_db):
    at = run_page(monkeypatch, fixture_db, "map")
    drawn = traces(at)
    located = sum(len(t.get("locations", [])) for t in drawn.values())
    assert located == 4
    assert "Skyddat, för få personer (..)" in drawn   # fourth district and Holmsund
    assert "högst i Centrum (92,0\u00a0%), lägst i Ålidhem (78,0\u00a0%)" in texts(at)


def test_suppressed_districts_are_never_coloured_as_values(monkeypatch, fixture_db):
    at = run_page(monkeypatch, fixture_db, "map", lang="en")
    drawn = traces(at)
    assert sorted(drawn["Suppressed, too few people (..)"]["locations"]) == [
        "district:2480P03", "district:2480P04"]
    assert sorted(drawn["Value"]["locations"]) == ["district:2480P01", "district:2480P02"]


def test_deep_link_selects_indicator_year_and_sex(monkeypatch, fixture_db):
    at = run_page(monkeypatch, fixture_db, "map", indicator="perceived_safety", year="2020",
                  sex="women", lang="en")
    values = {s.key: s.value for s in at.selectbox}
    assert values["w_indicator"] == "perceived_safety"
    assert values["w_year"] == 2020 and values["w_sex"] == "women"
    assert any("Illustrative data" in w.value for w in at.warning)
    assert "Illustrative values (generated)" in traces(at)


@pytest.mark.parametrize("params", [
    {"indicator": "x'; drop table area; --"}, {"year": "1066"}, {"level": "<img src=x>"},
    {"sex": "other"}, {"indicator": "a" * 10_000},
])
def test_bad_parameters_fall_back_with_a_notice(monkeypatch, fixture_db, params):
    at = run_page(monkeypatch, fixture_db, "map", **params)
    assert [t.value for t in at.title] == ["Karta"]
    assert at.info and "standardvyn" in at.info[0].value
    assert len(figures(at)) == 1
