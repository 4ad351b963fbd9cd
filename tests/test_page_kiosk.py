"""The kiosk page (UMEA_MODE=kiosk) against the fixture database: the attract loop's content,
a tap opening a district, the citizen pulse, the idle warning and reset, bad links, errors.

AppTest has no timer: each `run()` is a full rerun, so the loop advances one slide per run and the
idle clock is moved by writing an old timestamp into the session's kiosk state. Expected figures
are those of tests/fixtures/dataset.py (see tests/test_kiosk.py).
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import ui
from indicators.data import pulse
from indicators.text.i18n import translate
from indicators.views import kiosk
from indicators.views.kiosk import EXPLORE, WARNING, State
from tests.fixtures.dataset import HOSTILE_NAME

ROOT = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"
TOO_FEW = ui.plain("Centrum: för få svar för att visa ännu (resultat visas från 5 svar).")


@pytest.fixture()
def pulse_db(tmp_path) -> Path:
    return tmp_path / "pulse" / "pulse.sqlite"


@pytest.fixture()
def app(monkeypatch, fixture_db, pulse_db) -> AppTest:
    monkeypatch.setenv("UMEA_MODE", "kiosk")
    monkeypatch.setenv("UMEA_DB", str(fixture_db))
    monkeypatch.setenv("UMEA_PULSE_DB", str(pulse_db))
    for name in ("UMEA_KIOSK_IDLE_SECONDS", "UMEA_KIOSK_WARNING_SECONDS",
                 "UMEA_KIOSK_SLIDE_SECONDS", "UMEA_KIOSK_TEST"):
        monkeypatch.delenv(name, raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    # AppTest taps within milliseconds of drawing; the pulse drops such answers as automated
    # (test_a_tap_faster_than_reading_is_dropped), so the other tests give it no reading time.
    monkeypatch.setattr(pulse.limits, "LIMITS", dataclasses.replace(pulse.LIMITS, min_seconds=0.0))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def texts(at: AppTest) -> list[str]:
    return [e.value for kind in ("title", "header", "subheader", "markdown", "caption")
            for e in getattr(at, kind)]


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_district(at: AppTest, code: str = "2480P01", lang: str = "sv") -> AppTest:
    ok(at.run())
    ok(at.button(key=f"kiosk_start_{lang}").click().run())
    return ok(at.button(key=f"kiosk_pick_{code}").click().run())


def question() -> pulse.Question:
    return pulse.current_question(pulse.load_questions(), pulse.local_today())


# --- the attract loop --------------------------------------------------------------------------

def test_the_loop_starts_with_the_population_goal_and_no_chrome(app):
    at = ok(app.run())
    assert at.title[0].value == "200 000 invånare år 2050"
    assert at.header[0].value == "➚ Framsteg, men ökad takt behövs"
    assert f"135{NBSP}273" in [s.value for s in at.subheader]
    assert [b.label for b in at.button] == ["▶ Tryck för att börja", "▶ Tap to start (English)"]
    assert at.caption[0].value == "Bild 1 av 4"
    assert not at.sidebar.children                      # no sidebar, page links or banner
    assert at.query_params == {"lang": ["sv"]} or dict(at.query_params) == {"lang": "sv"}


def test_the_loop_advances_one_slide_per_turn(app):
    titles = [ok(app.run()).title[0].value for _ in range(5)]
    assert titles == ["200 000 invånare år 2050", "Klimatneutral kommun 2040",
                      "Valdeltagande, riksdagsval 2018: hur många röstade?", "I fokus: Centrum",
                      "200 000 invånare år 2050"]


def test_the_participation_slide_shows_the_map_without_zoom(app):
    for _ in range(3):
        at = ok(app.run())
    assert [s.value for s in at.subheader] == [f"88,8{NBSP}%", f"92,0{NBSP}%", f"78,0{NBSP}%"]
    chart = at.get("plotly_chart")[0].proto
    figure = json.loads(chart.spec)
    config = json.loads(chart.config)
    assert figure["layout"]["dragmode"] is False
    assert config["scrollZoom"] is False and config["displayModeBar"] is False
    assert config["topojsonURL"] == "/app/static/topojson/"      # no CDN: works offline


def test_the_district_slide_opens_its_district(app):
    for _ in range(4):
        at = ok(app.run())
    assert at.title[0].value == "I fokus: Centrum"
    assert "Illustrativa data (påhittade)" in [w.value for w in at.warning]
    at = ok(at.button(key="kiosk_open").click().run())
    assert at.title[0].value == "Centrum"
    assert at.session_state["kiosk_state"].phase == EXPLORE


def test_a_hostile_district_name_stays_text(app):
    for _ in range(12):                                  # the third district slide
        at = ok(app.run())
    assert at.title[0].value == ui.plain(f"I fokus: {HOSTILE_NAME}")
    shown = texts(at) + [b.label for b in at.button]
    assert sum("img" in text for text in shown) == 3       # title, sentence, button
    assert all(re.search(r"(?<!\\)[<>]", text) is None for text in shown)  # every < escaped


# --- explore -----------------------------------------------------------------------------------

def test_a_tap_opens_the_chooser_then_a_district_card(app):
    ok(app.run())
    at = ok(app.button(key="kiosk_start_sv").click().run())
    assert at.title[0].value == "Välj ditt område"
    picks = [b for b in at.button if b.key.startswith("kiosk_pick_")]
    assert [b.label for b in picks] == ["Centrum", "Holmsund", ui.plain(HOSTILE_NAME), "Ålidhem"]
    at = ok(at.button(key="kiosk_pick_2480P01").click().run())
    assert at.title[0].value == "Centrum"
    shown = texts(at)
    assert ("Centrum: valdeltagande, riksdagsval 92,0\u00a0% \\(2018\\), \\+2,0\u00a0"
            "procentenheter sedan 2014; högre än staden \\(88,8\u00a0%\\)\\.") in shown
    assert "338\u00a0tkr" in [s.value for s in at.subheader]
    assert "Illustrativa data (påhittade)" in [w.value for w in at.warning]
    assert at.header[0].value == ui.plain("Tyck till! Hur trivs du i ditt område?")
    answers = [b.label for b in at.button if b.key.startswith("kiosk_answer_")]
    assert answers == ["😞 Inte alls", "🙁 Inte så bra", "😐 Sådär", "🙂 Ganska bra",
                       "😄 Mycket bra"]
    assert not at.text_input and not at.text_area           # no typing anywhere
    at = ok(at.button(key="kiosk_back").click().run())
    assert at.title[0].value == "Välj ditt område"


def test_english_from_the_start_button(app):
    at = open_district(app, "2480P02", "en")
    assert at.title[0].value == "Ålidhem"
    assert ui.plain("Ålidhem: voter turnout, Riksdag election 78.0% (2018), +3.0\u00a0percentage "
                    "points since 2014; lower than the city (88.8%).") in texts(at)
    assert at.header[0].value == ui.plain("Have your say! How do you like living in your area?")
    assert dict(at.query_params) in ({"lang": "en"}, {"lang": ["en"]})


def test_the_language_toggle(app):
    at = open_district(app)
    assert at.button(key="kiosk_lang_sv").label == "✓ Svenska"
    at = ok(at.button(key="kiosk_lang_en").click().run())
    assert at.button(key="kiosk_lang_en").label == "✓ English"
    assert at.header[0].value.startswith(ui.plain("Have your say!"))


# --- the citizen pulse -------------------------------------------------------------------------

def test_an_answer_is_stored_and_thanked(app, pulse_db):
    at = open_district(app)
    assert TOO_FEW in "\n\n".join(texts(at))
    at = ok(at.button(key="kiosk_answer_4").click().run())
    assert [s.value for s in at.success] == ["Tack för ditt svar!"]
    assert not [b for b in at.button if b.key.startswith("kiosk_answer_")]
    counts = pulse.answer_counts(pulse_db, question().id)
    assert list(counts[["district_code", "answer", "n"]].itertuples(index=False, name=None)) == [
        ("2480P01", 4, 1)]


def test_results_appear_from_five_answers(app, pulse_db):
    for value in (5, 4, 1, 2):
        pulse.record_answer(pulse_db, question(), "2480P01", value, pulse.local_today())
    at = open_district(app)
    assert TOO_FEW in "\n\n".join(texts(at))
    at = ok(at.button(key="kiosk_answer_5").click().run())
    assert ui.plain("Centrum: 5 svar hittills; 60\u00a0% svarade ”Ganska bra” eller "
                    "”Mycket bra”.") in "\n\n".join(texts(at))


def test_one_answer_per_question_per_session(app, pulse_db):
    at = open_district(app)
    at = ok(at.button(key="kiosk_answer_1").click().run())
    at = ok(at.button(key="kiosk_back").click().run())
    at = ok(at.button(key="kiosk_pick_2480P02").click().run())
    assert not [b for b in at.button if b.key.startswith("kiosk_answer_")]
    assert pulse.counts_total(pulse_db, [question().id]) == 1


def test_a_tap_faster_than_reading_is_dropped(app, pulse_db, monkeypatch):
    monkeypatch.setattr(pulse.limits, "LIMITS", dataclasses.replace(pulse.LIMITS, min_seconds=60.0))
    at = open_district(app)
    at = ok(at.button(key="kiosk_answer_4").click().run())
    assert [s.value for s in at.success] == [translate("kiosk_pulse_busy", "sv")]
    assert pulse.counts_total(pulse_db, [question().id]) == 0


def test_the_kiosk_browser_gets_a_device_token_and_answers_as_that_device(app, pulse_db):
    """A fresh kiosk browser is handed a signed token (kept in a cookie by a script in the page);
    its answers count for that device, not for the shared unverified one."""
    at = open_district(app)
    scripts = [h.proto.body for h in at.get("html")]
    assert any(pulse.DEVICE_COOKIE in body and "<script>" in body for body in scripts)
    token = next(ui.pulse._ISSUED_TOKENS[k] for k in reversed(ui.pulse._ISSUED_TOKENS))
    assert pulse.device_key(pulse_db, token) != pulse.UNVERIFIED
    at = ok(at.button(key="kiosk_answer_4").click().run())
    assert [s.value for s in at.success] == ["Tack för ditt svar!"]
    device = pulse.device_key(pulse_db, token)
    assert any(scope == device for _, scope, _ in pulse.rate_rows(pulse_db))


def test_a_pulse_store_failure_is_a_friendly_message(app, monkeypatch, tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    monkeypatch.setenv("UMEA_PULSE_DB", str(blocker / "pulse.sqlite"))
    at = open_district(app)
    at = ok(at.button(key="kiosk_answer_3").click().run())
    assert [e.value for e in at.error] == [translate("error_friendly", "sv")]
    assert at.title[0].value == "Centrum"                  # the rest of the card still shows


# --- idle warning and reset --------------------------------------------------------------------

def test_idle_brings_a_warning_and_one_tap_continues(app):
    at = open_district(app)
    state = at.session_state["kiosk_state"]
    at.session_state["kiosk_state"] = State(EXPLORE, time.monotonic() - 1000)
    at = ok(at.run())
    assert at.title[0].value == "Är du kvar?"
    assert [b.label for b in at.button] == ["Tryck för att fortsätta"]
    assert "Annars börjar skärmen om om 30 sekunder." in texts(at)
    assert at.session_state["kiosk_state"].phase == WARNING
    at = ok(at.button(key="kiosk_continue").click().run())
    assert at.title[0].value == "Centrum"                  # the visitor's view is kept
    assert at.session_state["kiosk_state"].last_interaction > state.last_interaction


def test_after_the_warning_everything_is_cleared(app, pulse_db):
    at = open_district(app, "2480P02", "en")
    at = ok(at.button(key="kiosk_answer_5").click().run())
    at.session_state["kiosk_state"] = State(WARNING, time.monotonic() - 2000,
                                            time.monotonic() - 1000)
    at = ok(at.run())
    assert at.title[0].value == "200 000 invånare år 2050"   # the loop, in Swedish again
    assert at.caption[0].value == "Bild 1 av 4"
    for key in ("kiosk_district", "kiosk_lang", "kiosk_pulse", "kiosk_pulse_status"):
        assert key not in at.session_state
    assert dict(at.query_params) in ({"lang": "sv"}, {"lang": ["sv"]})
    assert pulse.counts_total(pulse_db, [question().id]) == 1   # the answer itself is kept


def test_start_over(app):
    at = open_district(app, "2480P02", "en")
    at = ok(at.button(key="kiosk_home").click().run())
    assert at.title[0].value == "200 000 invånare år 2050"
    assert "kiosk_district" not in at.session_state


# --- links, other pages, errors ----------------------------------------------------------------

def test_other_pages_are_not_registered_in_kiosk_mode(app):
    ok(app.run())
    for page in ("pages/map.py", "pages/overview.py", "pages/data_methods.py"):
        with pytest.raises(ValueError):
            app.switch_page(page)


BAD = ["", "x" * 5000, "' or 1=1 --", "<script>alert(1)</script>", "ÅÄÖ💥", "../../etc/passwd",
       "%00", "null"]


@pytest.mark.parametrize("value", BAD)
def test_bad_query_parameters_change_nothing(app, value):
    for name in ("lang", "district", "page", "kiosk"):
        app.query_params[name] = value
    at = ok(app.run())
    assert at.title[0].value == "200 000 invånare år 2050"
    assert dict(at.query_params) in ({"lang": "sv"}, {"lang": ["sv"]})


def test_an_error_shows_a_friendly_message_and_the_loop_goes_on(app, monkeypatch):
    real = kiosk.build_slide
    calls = []

    def failing(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            raise RuntimeError("/secret/path.py line 3: boom")
        return real(*args, **kwargs)

    monkeypatch.setattr(kiosk, "build_slide", failing)
    at = ok(app.run())
    assert [e.value for e in at.error] == [translate("error_friendly", "sv")]
    assert all("secret" not in text and "boom" not in text for text in texts(at))
    assert [b.key for b in at.button] == ["kiosk_start_sv", "kiosk_start_en"]
    at = ok(at.run())
    assert at.title[0].value == "Klimatneutral kommun 2040" and not at.error
