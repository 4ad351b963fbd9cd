"""Kiosk (kiosk mode only, no typing): attract loop, district explorer, one-tap pulse, idle
reset. The widgets are in ui/kiosk.py, what they show in indicators/views/kiosk.py."""

import os
import time
from functools import partial

import streamlit as st

import ui
import ui.kiosk
from indicators.data import pulse
from indicators.text.i18n import translate
from indicators.views import kiosk as view

S = st.session_state
settings = view.settings_from_env(os.environ)
button = ui.kiosk.button

# The clock first: idle may warn or reset; a reset or "start over" (a flag) clears the session.
current, clear = view.after_clock(S.get("kiosk_state", view.State()), time.monotonic(), settings,
                                  bool(S.get("kiosk_clear")))
if clear:
    for key in list(S.keys()):  # not S.clear(): it stops at the first key it cannot read
        S.pop(key, None)
S["kiosk_state"] = current
if pending := S.pop("kiosk_answer", None):  # a tap: (question, district, value, shown at)
    S["kiosk_pulse_status"] = ui.submit_pulse(*pending, S.setdefault("kiosk_pulse",
                                                                     pulse.SessionPulse()))
lang = S.get("kiosk_lang", "sv")
if st.query_params.to_dict() != {"lang": lang}:  # the URL carries nothing but the language
    st.query_params.from_dict({"lang": lang})
t = partial(translate, lang=lang)


@st.fragment(run_every=view.check_interval(current, settings))
def watch() -> None:  # the clock between taps; a change of phase redraws the whole page
    now = S.get("kiosk_state", view.State())
    if view.tick(now, time.monotonic(), settings).phase != now.phase:
        st.rerun()
    if now.phase == view.WARNING:
        st.subheader(t("kiosk_warning_countdown", seconds=view.seconds_left(
            now, time.monotonic(), settings)), anchor=False)


@st.fragment(run_every=settings.slide_seconds)
def slides() -> None:  # only the slide redraws as the loop turns; the first is drawn at once
    counter = S["kiosk_slide"] = S.get("kiosk_slide", 0) + 1
    with ui.friendly_errors():
        ui.kiosk.slide(counter - 1, lang, settings)


# One of three screens; after any failure the clock still watches, so the loop always returns.
with ui.friendly_errors():
    if current.phase == view.ATTRACT:
        for place, code in zip(st.columns(2), ("sv", "en"), strict=True):
            button(place, translate("kiosk_start", code), f"kiosk_start_{code}", primary=True,
                   kwargs={"kiosk_lang": code})
        slides()
    elif current.phase == view.WARNING:
        st.title(t("kiosk_warning_heading"), anchor=False)
        button(st, t("kiosk_warning_button"), "kiosk_continue", primary=True)
    else:
        home, swedish, english = st.columns(3)
        button(home, t("kiosk_home"), "kiosk_home", kwargs={"kiosk_clear": True})
        for place, code in ((swedish, "sv"), (english, "en")):
            button(place, ("✓ " if code == lang else "") + translate("kiosk_language_name", code),
                   f"kiosk_lang_{code}", primary=code == lang, kwargs={"kiosk_lang": code})
        if (code := S.get("kiosk_district")) in set(view.districts(ui)["code"]):
            button(st, t("kiosk_back"), "kiosk_back", kwargs={"kiosk_district": None})
            area_id, name, facts = view.district_card(ui, lang, code)
            st.title(ui.plain(name), anchor=False)
            with ui.friendly_errors():  # the pulse: one question, one tap
                ui.kiosk.pulse_block(lang, code, name)
            st.header(t("kiosk_card_facts"), anchor=False)
            ui.kiosk.show_facts(facts, sentences=True)
            ui.kiosk.show_map(st, area_id, view.card_map_height(settings.screen), lang)
        else:
            ui.kiosk.chooser(lang, settings)
if current.phase != view.ATTRACT:
    watch()
