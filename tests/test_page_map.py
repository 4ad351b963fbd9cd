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


def _info_texts(at) -> list[str]:
    return [i.value for i in at.info]


def test_changing_the_indicator_keeps_year_box_map_and_url_on_one_year(monkeypatch, fixture_db):
    """Turnout has 2014 and 2018; perceived safety 2019–2024. Moving from turnout 2018 to
    perceived safety is a normal choice: the year moves to the nearest year that exists (2019)
    with a quiet note, never the "link held values" notice, and the year box, the map's values
    and the URL all say 2019."""
    at = run_page(monkeypatch, fixture_db, "map")
    assert at.query_params["year"] == "2018"
    at.selectbox(key="w_indicator").select("perceived_safety").run()
    assert not at.exception
    assert not any("Länken" in text for text in _info_texts(at))
    assert at.selectbox(key="w_year").value == 2019
    assert at.query_params["year"] == "2019" and at.query_params["indicator"] == "perceived_safety"
    assert "2019:" in texts(at)  # the sentence describes the year the box shows
    assert any("2018 finns inte" in c.value and "2019 visas" in c.value for c in at.caption)
    # A later ordinary rerun keeps the choice and says nothing more.
    at.selectbox(key="w_sex").select("women").run()
    assert at.selectbox(key="w_year").value == 2019 and at.query_params["year"] == "2019"
    assert not any("finns inte" in c.value for c in at.caption)
    assert not _info_texts(at)


def test_a_year_the_user_chose_survives_an_indicator_round_trip(monkeypatch, fixture_db):
    at = run_page(monkeypatch, fixture_db, "map", indicator="perceived_safety", year="2021")
    at.selectbox(key="w_indicator").select("turnout_riksdag").run()
    assert at.selectbox(key="w_year").value == 2018          # nearest to 2021
    at.selectbox(key="w_year").select(2014).run()
    assert at.query_params["year"] == "2014"
    at.selectbox(key="w_indicator").select("perceived_safety").run()
    assert at.selectbox(key="w_year").value == 2019          # nearest to 2014
    assert not _info_texts(at)


def test_a_hand_edited_link_still_brings_the_notice(monkeypatch, fixture_db):
    at = run_page(monkeypatch, fixture_db, "map", indicator="perceived_safety", year="2018")
    assert _info_texts(at) and "Länken" in _info_texts(at)[0]
    assert at.selectbox(key="w_year").value == 2024          # the default view's year
    assert at.query_params["year"] == "2024"


def test_a_chosen_area_is_outlined_zoomed_to_and_described_beside_the_map(monkeypatch,
                                                                           fixture_db):
    at = run_page(monkeypatch, fixture_db, "map", area="district:2480P02")
    figure = figures(at)[0]
    outlined = [t for t in figure["data"] if t.get("name") == "Valt område"]
    assert outlined and outlined[0]["locations"] == ["district:2480P02"]
    geo = figure["layout"]["geo"]
    assert geo["fitbounds"] is False
    west, east = geo["lonaxis"]["range"]
    assert west < east and east - west < 0.5     # a few km around Ålidhem, not the whole city
    assert at.selectbox(key="w_area").value == "district:2480P02"
    assert "Plats 2 av 2 (1 = bäst)" in texts(at)   # 78,0 % below Centrum's 92,0 %
    # With no area chosen the view holds every area (the four squares span 16 km, about
    # 0.33 degrees of longitude), and no area is outlined.
    at.selectbox(key="w_area").select("").run()
    figure = figures(at)[0]
    west, east = figure["layout"]["geo"]["lonaxis"]["range"]
    assert east - west > 0.3
    assert not [t for t in figure["data"] if t.get("name") == "Valt område"]


def test_the_colour_bar_carries_the_unit_under_the_map(monkeypatch, fixture_db):
    colorbar = traces(run_page(monkeypatch, fixture_db, "map"))["Värde"]["colorbar"]
    assert colorbar["orientation"] == "h"
    # wrapped into lines plotly can show on a phone (it never wraps a title itself)
    assert colorbar["title"]["text"] == "Valdeltagande, riksdagsval, procent<br>(högre är bättre)"


def test_beside_the_map_a_short_ranking_never_lists_an_area_twice(monkeypatch, fixture_db):
    """Four districts with perceived safety: one list best first, not "best three" and
    "worst three" sharing two districts."""
    at = run_page(monkeypatch, fixture_db, "map", indicator="perceived_safety", year="2019")
    shown = texts(at)
    assert "Från bäst till sämst" in shown and "Bäst tre" not in shown
    ranking = next(m.value for m in at.markdown if m.value.startswith("1. "))
    assert [line.split(":")[0][3:] for line in ranking.splitlines()][-1] == "Centrum"
    assert len(ranking.splitlines()) == 4


def test_derived_values_name_their_method_under_the_map(monkeypatch, fixture_db):
    """District turnout is derived from valdistrikt (Σ voters / Σ eligible): the map says so."""
    at = run_page(monkeypatch, fixture_db, "map", lang="en")
    assert "How the derived values are made: the sum of the smaller areas' numerators" in texts(at)
    sv = run_page(monkeypatch, fixture_db, "map")
    assert "Metod för de härledda värdena: summan av de mindre områdenas täljare" in texts(sv)


def test_the_map_draws_on_the_published_geometry_served_by_url(monkeypatch, fixture_db,
                                                              fixture_store, tmp_path):
    """The figure names the geometry's URL instead of carrying every polygon; the file behind
    that URL (in Streamlit's static folder) is the published geometry of the level."""
    import json
    import tomllib

    import ui
    from indicators.views import figures as builders
    from tests.pages import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["enableStaticServing"] is True     # static/ is served at /app/static/
    assert ui.data.GEO_DIR == ROOT / "static" / "geo" and ui.data.GEO_URL == "/app/static/geo/"
    monkeypatch.setattr(ui.data, "GEO_DIR", tmp_path / "geo")
    at = run_page(monkeypatch, fixture_db, "map")
    figure = figures(at)[0]
    urls = {t["geojson"] for t in figure["data"] if "geojson" in t}
    assert len(urls) == 1
    url = urls.pop()
    assert url.startswith(ui.data.GEO_URL) and url.endswith(".geojson")
    served = json.loads((tmp_path / "geo" / url.removeprefix(ui.data.GEO_URL)).read_text("utf-8"))
    assert served == builders.feature_collection(fixture_store.map_geometry("district"))
    assert "coordinates" not in json.dumps(figure["data"])   # no polygon in the figure
    geo = figure["layout"]["geo"]                              # the view still fits the city
    assert geo["lonaxis"]["range"][0] < geo["lonaxis"]["range"][1]
    assert not [p for p in (tmp_path / "geo").iterdir() if p.name.startswith(".tmp")]


def test_old_geometry_files_are_pruned_to_the_newest_few(monkeypatch, fixture_db, tmp_path):
    """Each dataset version with other geometry writes a new file; only the newest few per
    level stay (a page loaded before a publish still finds its file), the rest go."""
    import os

    import ui

    geo = tmp_path / "geo"
    geo.mkdir()
    for age in range(5):
        old = geo / f"district-old{age}.geojson"
        old.write_text("{}")
        os.utime(old, ns=(10**18 - age * 10**9,) * 2)
    monkeypatch.setattr(ui.data, "GEO_DIR", geo)
    run_page(monkeypatch, fixture_db, "map")
    kept = sorted(p.name for p in geo.iterdir())
    assert len(kept) == ui.data.GEO_KEEP == 3
    assert "district-old0.geojson" in kept and "district-old1.geojson" in kept


def test_the_map_carries_its_geometry_when_it_cannot_be_written(monkeypatch, fixture_db,
                                                               tmp_path):
    import ui

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setattr(ui.data, "GEO_DIR", blocker / "geo")
    at = run_page(monkeypatch, fixture_db, "map")
    drawn = traces(at)
    assert all(isinstance(t["geojson"], dict) for t in drawn.values() if "geojson" in t)
    assert sum(len(t.get("locations", [])) for t in drawn.values()) == 4


def test_a_rerun_with_the_same_choices_does_not_build_the_map_again(monkeypatch, fixture_db):
    import ui

    at = run_page(monkeypatch, fixture_db, "map")
    built = ui.VIEW_BUILDS.get("map", 0)
    at.run()
    assert not at.exception
    assert ui.VIEW_BUILDS.get("map", 0) == built     # the same figure, from the view cache
    at.selectbox(key="w_year").set_value(at.selectbox(key="w_year").options[0]).run()
    assert ui.VIEW_BUILDS.get("map", 0) == built + 1


def test_the_hover_says_value_year_quality_and_interval_in_the_page_language(monkeypatch,
                                                                            fixture_db):
    """Each area's hover, as plotly fills it in: name, value with unit, year, quality and the
    95 % interval, in the page's words and number marks; the words shared by every area are
    written once (in the template), not once per area."""
    from tests.pages import hover_texts

    for lang, words in (("sv", ("92,0\u00a0%", "År 2018", "Kvalitet: ",
                                "95 % konfidensintervall ")),
                        ("en", ("92.0%", "Year 2018", "Quality: ", "95% confidence interval "))):
        value = traces(run_page(monkeypatch, fixture_db, "map", lang=lang))[
            "Värde" if lang == "sv" else "Value"]
        shown = dict(zip(value["locations"], hover_texts(value), strict=True))
        centrum = shown["district:2480P01"]
        assert centrum.startswith("<b>Centrum</b><br>" + words[0])
        assert all(word in centrum for word in words)
        assert value["hovertemplate"].count(words[1]) == 1
        assert not any(words[1] in cell for row in value["customdata"] for cell in row)
