"""The kiosk's pure logic: settings, the idle state machine (injected clock), the slide schedule,
slides and district cards from the fixture database, and the locked configuration.

Expected figures come from tests/fixtures/dataset.py by hand: population 135,273 in 2025 and
(200,000 − 135,273) / 25 = 2,589 more a year; emissions 365,009.5 t in 2024, 365,009.5 /
481,807.2 − 1 = −24 % since 1990, 481,807.2 / 40 = 12,045 t a year needed; turnout 2018 city
2661/2998 = 88.8 %, Centrum 92.0 % (+2.0 points since 2014), Ålidhem 78.0 %, Holmsund and the
fourth district suppressed; perceived safety 2024 Centrum 148/200 = 74.0 %, city
(4 × 148 + 10 × 6) / 800 = 81.5 %.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.data.catalogue import load_catalogue
from indicators.views import kiosk
from indicators.views.kiosk import ATTRACT, EXPLORE, WARNING, Settings, State
from kiosk import launch as kiosk_launch
from tests.fixtures.dataset import HOSTILE_NAME
from tests.fixtures.published import StoreData

ROOT = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def data(fixture_store) -> StoreData:
    return StoreData(fixture_store)


# --- settings ----------------------------------------------------------------------------------

def test_default_settings():
    assert kiosk.settings_from_env({}) == Settings(90.0, 30.0, 8.0, False)


def test_settings_from_the_environment():
    env = {"UMEA_KIOSK_IDLE_SECONDS": "120", "UMEA_KIOSK_WARNING_SECONDS": "45",
           "UMEA_KIOSK_SLIDE_SECONDS": "10"}
    assert kiosk.settings_from_env(env) == Settings(120.0, 45.0, 10.0, False)


def test_the_warning_is_never_shorter_than_20_seconds_in_production():
    env = {"UMEA_KIOSK_IDLE_SECONDS": "3", "UMEA_KIOSK_WARNING_SECONDS": "2",
           "UMEA_KIOSK_SLIDE_SECONDS": "1"}
    assert kiosk.settings_from_env(env) == Settings(10.0, 20.0, 3.0, False)
    assert kiosk.settings_from_env(env | {"UMEA_KIOSK_TEST": "0"}).warning_seconds == 20.0
    assert kiosk.settings_from_env(env | {"UMEA_KIOSK_TEST": "yes"}).warning_seconds == 20.0


def test_only_the_test_flag_allows_short_times():
    env = {"UMEA_KIOSK_IDLE_SECONDS": "3", "UMEA_KIOSK_WARNING_SECONDS": "2",
           "UMEA_KIOSK_SLIDE_SECONDS": "0.1", "UMEA_KIOSK_TEST": "1"}
    assert kiosk.settings_from_env(env) == Settings(3.0, 2.0, 1.0, True)


@pytest.mark.parametrize("raw", ["", "abc", "nan", "inf", "-inf", "1e999", "٣٠", "30s"])
def test_bad_values_fall_back(raw):
    # Unparsable, infinite or NaN: the default (Python reads "٣٠" as 30, which is fine).
    assert kiosk.settings_from_env({"UMEA_KIOSK_WARNING_SECONDS": raw}).warning_seconds == 30.0


# --- the idle state machine --------------------------------------------------------------------

SETTINGS = Settings(idle_seconds=90, warning_seconds=30, slide_seconds=8)


def test_attract_stays_attract_however_long():
    assert kiosk.tick(State(), 1e9, SETTINGS) == State()


def test_a_tap_starts_explore_and_restarts_the_idle_clock():
    state = kiosk.tap(State(), 100.0)
    assert state == State(EXPLORE, last_interaction=100.0)
    assert kiosk.tick(state, 189.9, SETTINGS) == state
    state = kiosk.tap(state, 150.0)
    assert kiosk.tick(state, 239.0, SETTINGS).phase == EXPLORE


def test_idle_time_brings_the_warning_then_the_reset():
    state = kiosk.tap(State(), 0.0)
    warned = kiosk.tick(state, 90.0, SETTINGS)
    assert warned == State(WARNING, last_interaction=0.0, warning_since=90.0)
    assert kiosk.seconds_left(warned, 90.0, SETTINGS) == 30
    assert kiosk.seconds_left(warned, 100.5, SETTINGS) == 20
    assert kiosk.tick(warned, 119.9, SETTINGS).phase == WARNING
    assert kiosk.tick(warned, 120.0, SETTINGS) == State()


def test_the_warning_lasts_its_full_time_even_when_noticed_late():
    """The check may run late (or the machine slept): the warning still lasts 30 s from the
    moment it appears, never a reset straight out of explore."""
    state = kiosk.tap(State(), 0.0)
    warned = kiosk.tick(state, 5000.0, SETTINGS)
    assert warned.phase == WARNING and warned.warning_since == 5000.0
    assert kiosk.tick(warned, 5029.0, SETTINGS).phase == WARNING
    assert kiosk.tick(warned, 5030.0, SETTINGS).phase == ATTRACT


def test_one_tap_during_the_warning_continues():
    warned = kiosk.tick(kiosk.tap(State(), 0.0), 95.0, SETTINGS)
    resumed = kiosk.tap(warned, 110.0)
    assert resumed == State(EXPLORE, last_interaction=110.0)
    assert kiosk.tick(resumed, 199.0, SETTINGS).phase == EXPLORE


def test_check_interval():
    assert kiosk.check_interval(State(WARNING, 0.0, 0.0), SETTINGS) == 1.0
    assert kiosk.check_interval(State(EXPLORE, 0.0), SETTINGS) == 5.0
    assert kiosk.check_interval(State(EXPLORE, 0.0), Settings(idle_seconds=3)) == 1.0
    assert kiosk.seconds_left(State(EXPLORE, 0.0), 10.0, SETTINGS) == 0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["tap", "tick"]),
                          st.floats(min_value=0, max_value=200, allow_nan=False)),
                max_size=60),
       st.floats(min_value=1, max_value=120), st.floats(min_value=20, max_value=60))
def test_no_reset_without_a_full_warning_and_no_warning_before_idle(events, idle, warning):
    config = Settings(idle_seconds=idle, warning_seconds=warning)
    state, now = State(), 0.0
    for event, step in events:
        now += step
        before = state
        state = kiosk.tap(state, now) if event == "tap" else kiosk.tick(state, now, config)
        if event == "tap":
            assert state.phase == EXPLORE
            continue
        if before.phase == EXPLORE and state.phase == WARNING:
            assert now - before.last_interaction >= idle
        if state.phase == ATTRACT and before.phase != ATTRACT:
            assert before.phase == WARNING                  # never straight from explore
            assert now - before.warning_since >= warning    # the warning lasted its full time
            assert state == State()


# --- the slide schedule ------------------------------------------------------------------------

def test_the_loop_turns_through_every_slide_and_district():
    shown = [kiosk.slide_at(counter, 3) for counter in range(13)]
    assert [kind for kind, _ in shown[:4]] == list(kiosk.SLIDES)
    assert [d for kind, d in shown if kind == "district"] == [0, 1, 2]
    assert shown[12] == ("population", 0)
    assert kiosk.slide_at(-5, 3) == ("population", 0)
    assert kiosk.slide_at(3, 0) == ("district", 0)


# --- slides from the fixture database ----------------------------------------------------------

def test_population_slide(data):
    slide = kiosk.build_slide(data, "sv", "population")
    assert slide.title == "200 000 invånare år 2050"
    assert (slide.status_icon, slide.status_word) == ("➚", "Framsteg, men ökad takt behövs")
    assert [(f.label, f.value) for f in slide.facts] == [
        ("Invånare 2025", f"135{NBSP}273"),
        ("Fler invånare som behövs per år till 2050", f"+2{NBSP}589"),
        ("Fler invånare per år 2020–2025", f"+1{NBSP}010")]
    assert slide.sentence.startswith(f"För att nå 200{NBSP}000 invånare år 2050")
    assert not slide.illustrative
    figure = slide.figure.to_plotly_json()
    assert figure["layout"]["dragmode"] is False
    assert figure["layout"]["xaxis"]["fixedrange"] and figure["layout"]["yaxis"]["fixedrange"]
    assert all(trace.get("hoverinfo") == "skip" for trace in figure["data"])


def test_population_slide_in_english(data):
    slide = kiosk.build_slide(data, "en", "population")
    assert slide.title == "200,000 inhabitants by 2050"
    assert slide.status_word == "Progress, but acceleration needed"
    assert slide.facts[0] == kiosk.Fact("Inhabitants in 2025", "135,273")


def test_climate_slide(data):
    slide = kiosk.build_slide(data, "sv", "climate")
    assert slide.title == "Klimatneutral kommun 2040"
    assert (slide.status_icon, slide.status_word) == ("→", "Begränsade framsteg")
    # Cut needed from 2024: (72,271 − 365,009.5) / (2040 − 2024) = −18,296.2 t a year;
    # observed since 1990: (365,009.5 − 481,807.2) / 34 = −3,435.2 t a year.
    assert [f.value for f in slide.facts] == [f"365{NBSP}010", f"−24{NBSP}%", f"18{NBSP}296"]
    assert f"målet, 72{NBSP}271{NBSP}t CO₂e år 2040" in slide.sentence
    assert f"minska med 18{NBSP}296{NBSP}t CO₂e per år" in slide.sentence
    assert f"i snitt minskat med 3{NBSP}435{NBSP}t CO₂e per år" in slide.sentence
    english = kiosk.build_slide(data, "en", "climate")
    assert "they must fall by 18,296" in english.sentence


def test_participation_slide(data):
    slide = kiosk.build_slide(data, "sv", "participation")
    assert slide.title == "Valdeltagande, riksdagsval 2018: hur många röstade?"
    assert [(f.label, f.value) for f in slide.facts] == [
        ("Hela Umeå", f"88,8{NBSP}%"), ("Högst: Centrum", f"92,0{NBSP}%"),
        ("Lägst: Ålidhem", f"78,0{NBSP}%")]
    assert slide.sentence == ("Valdeltagande, riksdagsval 2018: högst i Centrum (92,0\u00a0%), "
                              "lägst i Ålidhem (78,0\u00a0%).")
    figure = json.loads(slide.figure.to_json())
    assert figure["layout"]["dragmode"] is False
    # No hover-only information: every trace has its hover switched off.
    assert all(trace.get("hoverinfo") == "skip" for trace in figure["data"])
    located = {loc for trace in figure["data"] for loc in trace.get("locations", [])}
    assert located == {f"district:2480P0{i}" for i in range(1, 5)}
    names = [trace["name"] for trace in figure["data"]]
    assert "Skyddat, för få personer (..)" in names     # suppressed districts said in words


def test_district_slides_rotate_and_keep_names_as_text(data):
    titles = [kiosk.build_slide(data, "sv", "district", i).title for i in range(4)]
    assert titles == ["I fokus: Centrum", "I fokus: Holmsund", f"I fokus: {HOSTILE_NAME}",
                      "I fokus: Ålidhem"]
    slide = kiosk.build_slide(data, "sv", "district", 0)
    assert slide.area_id == "district:2480P01" and slide.area_name == "Centrum"
    assert len(slide.facts) == 3 and slide.illustrative
    assert slide.sentence == ("Centrum: valdeltagande, riksdagsval 92,0\u00a0% (2018), "
                              "+2,0\u00a0procentenheter sedan 2014; högre än staden "
                              "(88,8\u00a0%).")


def test_district_card_facts(data):
    area_id, name, facts = kiosk.district_card(data, "sv", "2480P01")
    assert (area_id, name) == ("district:2480P01", "Centrum")
    by_label = {f.label: f for f in facts}
    turnout = by_label["Valdeltagande, riksdagsval (2018)"]
    assert turnout.value == f"92,0{NBSP}%" and not turnout.illustrative
    income = by_label["Medianinkomst, disponibel (ekvivalerad) (2024)"]
    assert income.value == f"338{NBSP}tkr" and not income.illustrative
    safety = by_label["Känner sig trygg utomhus på kvällen (illustrativ) (2024)"]
    assert safety.illustrative and safety.value == f"74,0{NBSP}%"
    assert "lägre än staden (81,5\u00a0%) (illustrativa data)." in safety.sentence
    education = by_label["Eftergymnasial utbildning 25–65 år (2024)"]
    assert education.value == f"62,0{NBSP}%" and not education.illustrative
    # Indicators without data in the fixture are left out, never shown as 0.
    assert len(facts) == 4


def test_a_suppressed_figure_is_said_in_words(data):
    _, _, facts = kiosk.district_card(data, "en", "2480P03")
    turnout = facts[0]
    assert turnout.value == ".."
    assert turnout.sentence == ("Holmsund: voter turnout, Riksdag election is not shown (2018): "
                                "too few people to protect them.")


def test_an_unknown_district_is_a_key_error(data):
    with pytest.raises(KeyError):
        kiosk.district_card(data, "sv", "nope")
    with pytest.raises(ValueError):
        kiosk.build_slide(data, "sv", "nope")


def test_with_two_kommuner_the_kiosk_is_the_goals_kommun(two_kommun_db):
    """tests/fixtures/dataset.py two_kommun_tables: Robertsfors comes first by name, but the
    goals are Umeå's, so the kiosk shows Umeå's four districts and Umeå's 88.8 %."""
    from indicators.data.store import Store

    two = StoreData(Store(two_kommun_db))
    assert kiosk.kiosk_city(two).area_id == "kommun:2480"
    assert kiosk.districts(two)["code"].tolist() == ["2480P01", "2480P03", "2480P04",
                                                     "2480P02"]
    assert set(kiosk.district_geometry(two)["area_id"]) == {
        f"district:2480P0{i}" for i in range(1, 5)}
    slide = kiosk.build_slide(two, "sv", "participation")
    assert [(f.label, f.value) for f in slide.facts] == [
        ("Hela Umeå", f"88,8{NBSP}%"), ("Högst: Centrum", f"92,0{NBSP}%"),
        ("Lägst: Ålidhem", f"78,0{NBSP}%")]
    located = {loc for trace in json.loads(slide.figure.to_json())["data"]
               for loc in trace.get("locations", [])}
    assert located == {f"district:2480P0{i}" for i in range(1, 5)}
    _, _, facts = kiosk.district_card(two, "sv", "2480P01")
    assert facts[0].sentence.endswith(f"högre än staden (88,8{NBSP}%).")
    with pytest.raises(KeyError):   # another kommun's district is no kiosk district
        kiosk.district_card(two, "sv", "2409P01")


def test_city_value_from_ratio_of_sums_only_when_complete():
    catalogue = load_catalogue(demo=True)
    rows = pd.DataFrame({"year": [2024, 2024], "value": [50.0, 100.0],
                         "numerator": [1.0, 3.0], "denominator": [2.0, 3.0]})
    empty = pd.DataFrame({"year": [], "value": []})
    safety = catalogue.indicator("perceived_safety")
    assert kiosk.city_value(safety, 2024, rows, empty) == pytest.approx(80.0)
    assert kiosk.city_value(safety, 2024, rows.assign(numerator=[1.0, None]), empty) is None
    assert kiosk.city_value(safety, 2023, rows, empty) is None
    transit = catalogue.indicator("transit_distance")  # aggregation none: no city value
    assert kiosk.city_value(transit, 2024, rows, empty) is None
    city = pd.DataFrame({"year": [2024], "value": [42.0]})
    assert kiosk.city_value(safety, 2024, rows, city) == 42.0


def test_locator_map(data):
    geometry = data.map_geometry("district")
    figure = kiosk.locator_map(geometry, "district:2480P02", "sv").to_plotly_json()
    traces = {trace["name"]: trace for trace in figure["data"]}
    assert list(traces["Valt område"]["locations"]) == ["district:2480P02"]
    assert len(traces["Andra områden"]["locations"]) == 3
    # The hover says only the name, which the list of buttons shows too.
    assert traces["Valt område"]["hovertemplate"] == "%{customdata}<extra></extra>"
    assert figure["layout"]["dragmode"] is False
    assert figure["layout"]["legend"]["itemclick"] is False    # a tap never hides the map
    nothing = kiosk.locator_map(geometry, None, "en").to_plotly_json()
    assert {t["name"] for t in nothing["data"]} == {"Other areas"}
    assert not any(t["showlegend"] for t in nothing["data"])   # colours only tell areas apart


def test_the_map_to_choose_on_colours_every_neighbour_differently(data):
    """The fixture's four districts lie side by side west to east, each touching the next."""
    geometry = data.map_geometry("district").sort_values("area_id")
    touching = kiosk.neighbours(geometry)
    assert sum(len(n) for n in touching.values()) == 2 * 3      # a chain of four: three borders
    colours = kiosk.district_colours(geometry)
    assert set(colours) == set(geometry["area_id"])
    assert all(colours[a] != colours[b] for a in touching for b in touching[a])
    assert set(colours.values()) <= set(kiosk.CHOOSER_COLOURS)
    figure = kiosk.locator_map(geometry, None, "sv", height=900).to_plotly_json()
    drawn = {area: trace["colorscale"][0][1] for trace in figure["data"]
             for area in trace["locations"]}
    assert drawn == colours
    assert figure["layout"]["height"] == 900
    # The frame takes the districts' own shape (plotly's fitbounds would keep it square).
    geo = figure["layout"]["geo"]
    assert geo["fitbounds"] is False
    assert geo["lonaxis"]["range"][0] < geo["lonaxis"]["range"][1]
    assert geo["lataxis"]["range"][0] < geo["lataxis"]["range"][1]


# --- the screen and the layout -----------------------------------------------------------------

@pytest.mark.parametrize("raw, screen", [
    ("1080x1920", kiosk.Screen(1080, 1920)), (" 1920 × 1080 ", kiosk.Screen(1920, 1080)),
    (None, None), ("", None), ("portrait", None), ("100x100", None), ("1080x99999", None),
    ("1080x1920x3", None), ("-1080x1920", None)])
def test_parse_screen(raw, screen):
    assert kiosk.parse_screen(raw) == screen


def test_the_screen_comes_from_the_environment():
    assert kiosk.settings_from_env({}).screen == kiosk.Screen(1920, 1080)
    assert not kiosk.settings_from_env({}).screen.portrait
    portrait = kiosk.settings_from_env({"UMEA_KIOSK_SCREEN": "1080x1920"}).screen
    assert portrait == kiosk.Screen(1080, 1920) and portrait.portrait
    assert kiosk.settings_from_env({"UMEA_KIOSK_SCREEN": "huge"}).screen == kiosk.Screen()


def test_the_layout_model_matches_the_kiosk_theme():
    theme = kiosk_launch.load_config()["theme"]
    assert theme["baseFontSize"] == kiosk.REM
    assert theme["paddingTop"] == f"{kiosk.TOP:g}rem"
    assert theme["paddingBottom"] == f"{kiosk.BOTTOM:g}rem"


def test_wrapped_lines():
    assert kiosk.wrapped_lines("", 10) == 0
    assert kiosk.wrapped_lines("one two", 10) == 1
    assert kiosk.wrapped_lines("one two three", 10) == 2
    assert kiosk.wrapped_lines("abcdefghijklmnopqrstuvwxy", 10) == 3   # a long word breaks


@pytest.mark.parametrize("kind", kiosk.SLIDES)
def test_each_slide_fills_the_screen_in_both_orientations(data, kind):
    """Estimated words plus the chart take at least 80 % of the screen and never more than the
    screen (the browser test measures the real thing)."""
    for screen in (kiosk.Screen(1080, 1920), kiosk.Screen(1920, 1080)):
        slide = kiosk.build_slide(data, "sv", kind, 0)
        layout = kiosk.fit_slide(slide, screen, "sv")
        assert slide.figure is not None and slide.figure.layout.height == layout.chart_height
        top = kiosk.REM * (kiosk.TOP + kiosk.BUTTON + kiosk.GAP)
        if screen.portrait:
            assert not layout.side_by_side
            width = kiosk.content_width(screen)
            words = kiosk.words_height(slide, width, "sv")
            used = top + words + layout.chart_height + (
                kiosk.REM * (kiosk.BUTTON + kiosk.GAP) if slide.area_id else 0)
        else:
            assert layout.side_by_side
            used = top + layout.chart_height
        assert 0.8 * screen.height <= used <= screen.height - kiosk.REM * kiosk.BOTTOM


def test_kiosk_plotly_config_has_no_zoom_and_no_mode_bar():
    assert kiosk.PLOTLY_OVERRIDES["scrollZoom"] is False
    assert kiosk.PLOTLY_OVERRIDES["staticPlot"] is False
    assert kiosk.PLOTLY_OVERRIDES["displayModeBar"] is False


# --- the locked configuration ------------------------------------------------------------------

POLICY = {
    ("client", "toolbarMode"): {"minimal", "viewer"},
    ("client", "showErrorDetails"): {"none"},
    ("client", "showSidebarNavigation"): {False},
    ("browser", "gatherUsageStats"): {False},
    ("server", "fileWatcherType"): {"none"},
    ("server", "runOnSave"): {False},
    ("server", "enableXsrfProtection"): {True},
    ("server", "enableCORS"): {True},
    ("server", "headless"): {True},
}


def test_the_kiosk_config_holds_the_policy():
    config = kiosk_launch.load_config()
    for (section, key), allowed in POLICY.items():
        assert config[section][key] in allowed, (section, key)
    assert config["server"]["maxUploadSize"] <= 1
    assert config["theme"]["baseFontSize"] >= 24          # body text at least 24 px


def test_the_launcher_passes_every_key_and_the_kiosk_mode():
    config = kiosk_launch.load_config()
    command = kiosk_launch.streamlit_command(port=8765)
    assert command[1] == str(ROOT / "serve.py")       # pages/ discovery off
    assert command[2] == str(ROOT / "kiosk" / "asgi.py")   # app.py; every URL shows the kiosk
    flags = command[3:]
    for section, values in config.items():
        for key in values:
            assert sum(f.startswith(f"--{section}.{key}=") for f in flags) == 1, key
    assert "--client.showErrorDetails=none" in flags
    assert "--browser.gatherUsageStats=false" in flags
    assert flags[-2:] == ["--server.address=127.0.0.1", "--server.port=8765"]
    assert kiosk_launch.kiosk_environment({"UMEA_MODE": "public"})["UMEA_MODE"] == "kiosk"


def test_make_kiosk_uses_the_launcher_and_the_database():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    rule = re.search(r"^kiosk: (.*)\n\t(.*)$", makefile, re.MULTILINE)
    assert rule is not None
    assert "$(DB)" in rule.group(1)
    assert "kiosk.launch" in rule.group(2) and "UMEA_DB=$(DB)" in rule.group(2)


def test_the_kiosk_page_never_renders_html():
    source = (ROOT / "pages" / "kiosk.py").read_text("utf-8")
    assert "unsafe_allow_html" not in source and "st.html" not in source
    assert "text_input" not in source and "text_area" not in source  # no typing anywhere


# --- the pulse block in words ------------------------------------------------------------------

def test_pulse_view_before_and_after_an_answer():
    from datetime import date

    from indicators.data import pulse

    question = pulse.current_question(pulse.load_questions(), date(2026, 5, 4))
    few = {"n": 2, "shown": False}
    before = kiosk.pulse_view("sv", question, None, few, "Centrum", 5)
    assert before.heading == "Tyck till! Hur trivs du i ditt område?"
    assert before.before == ("Om Centrum:",)
    assert before.answers == (("😞 Inte alls", 1), ("🙁 Inte så bra", 2), ("😐 Sådär", 3),
                              ("🙂 Ganska bra", 4), ("😄 Mycket bra", 5))
    assert before.after[1] == "Centrum: för få svar för att visa ännu (resultat visas från 5 svar)."
    assert not before.message
    after = kiosk.pulse_view("en", question, "stored", {"n": 7, "shown": True,
                                                       "share_positive": 100 * 4 / 7}, "Centrum", 5)
    assert after.answers == () and after.message == "Thank you for your answer!"
    assert after.after == ("Centrum: 7 answers so far; 57% answered ”Quite well” or ”Very well”.",)
    failed = kiosk.pulse_view("sv", question, "error", few, "Centrum", 5)
    assert failed.failed and failed.answers == ()
    assert kiosk.pulse_view("sv", question, "busy", few, "Centrum", 5).message == (
        "Många svar just nu. Försök igen om en minut.")


def test_district_buttons_fill_column_by_column():
    """7 districts in 2 columns: 4 in the first, 3 in the second; 9 in 3 columns: 3 each."""
    assert [kiosk.button_column(i, 7, 2) for i in range(7)] == [0, 0, 0, 0, 1, 1, 1]
    assert [kiosk.button_column(i, 9, 3) for i in range(9)] == [0, 0, 0, 1, 1, 1, 2, 2, 2]


def test_after_clock_clears_the_session_on_start_over_and_on_the_fall_back_to_attract():
    settings = kiosk.settings_from_env({})
    exploring = kiosk.tap(State(), 0.0)
    assert kiosk.after_clock(exploring, 1.0, settings, False) == (exploring, False)
    assert kiosk.after_clock(exploring, 1.0, settings, True) == (State(), True)
    warning = kiosk.tick(exploring, settings.idle_seconds, settings)
    assert warning.phase == WARNING
    assert kiosk.after_clock(warning, settings.idle_seconds + settings.warning_seconds, settings,
                             False) == (State(), True)
    assert kiosk.after_clock(State(), 5.0, settings, False) == (State(), False)
