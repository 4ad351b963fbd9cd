"""Kiosk (kiosk mode only, no typing): attract loop, district explorer, one-tap pulse, idle reset."""

import os
import time
from functools import partial

import streamlit as st

import ui
from indicators.data import pulse
from indicators.text.i18n import translate
from indicators.views import kiosk

S = st.session_state
settings = kiosk.settings_from_env(os.environ)
CONFIG = {**ui.PLOTLY_CONFIG, **kiosk.PLOTLY_OVERRIDES}
WRITE = {"caption": st.caption, "markdown": st.markdown, "illustrative": ui.illustrative_label,
         "title": partial(st.title, anchor=False), "header": partial(st.header, anchor=False)}

# The clock first: idle may warn or reset; a reset or "start over" (a flag) clears the session.
before = S.get("kiosk_state", kiosk.State())
current = kiosk.tick(before, time.monotonic(), settings)
if S.get("kiosk_clear") or (current.phase == kiosk.ATTRACT and before.phase != kiosk.ATTRACT):
    current = kiosk.reset()
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


def tap(**changes) -> None:  # every widget's callback: activity, then the widget's change
    S["kiosk_state"] = kiosk.tap(S.get("kiosk_state", kiosk.State()), time.monotonic())
    S.update(changes)


def button(place, label: str, key: str, primary: bool = False, **kwargs) -> bool:
    kwargs.setdefault("on_click", tap)
    return place.button(label, key=key, type="primary" if primary else "secondary",
                        width="stretch", wrap=True, **kwargs)


@st.fragment(run_every=kiosk.check_interval(current, settings))
def watch() -> None:  # the clock between taps; a change of phase redraws the whole page
    now = S.get("kiosk_state", kiosk.State())
    if kiosk.tick(now, time.monotonic(), settings).phase != now.phase:
        st.rerun()
    if now.phase == kiosk.WARNING:
        st.subheader(t("kiosk_warning_countdown", seconds=kiosk.seconds_left(
            now, time.monotonic(), settings)), anchor=False)


def show_facts(facts, *, sentences: bool) -> None:
    for fact, place in zip(facts, [st] * len(facts) if sentences else st.columns(len(facts))):
        with place.container():
            st.markdown(f"**{ui.plain(fact.label)}**")
            st.subheader(ui.plain(fact.value), anchor=False)
            for text in filter(None, (fact.sentence if sentences else "", fact.note)):
                st.markdown(ui.plain(text))
            if fact.illustrative:
                ui.illustrative_label()


def show_map(place, selected: str | None, height: int) -> None:  # the districts are buttons too
    key = f"kiosk_map_{S.get('kiosk_picks', 0)}"

    def pick() -> None:
        if (code := ui.clicked_district(S.get(key), "district")) is not None:
            tap(kiosk_district=code, kiosk_picks=S.get("kiosk_picks", 0) + 1)

    place.plotly_chart(kiosk.locator_map(ui.map_geometry("district"), selected, lang, height),
                       theme=None, config=CONFIG, key=key, on_select=pick, selection_mode="points")


@st.fragment(run_every=settings.slide_seconds)
def slides() -> None:  # only the slide redraws as the loop turns; the first is drawn at once
    counter = S["kiosk_slide"] = S.get("kiosk_slide", 0) + 1
    with ui.friendly_errors():
        slide = kiosk.build_slide(ui, lang, *kiosk.slide_at(counter - 1, len(kiosk.districts(ui))))
        layout = kiosk.fit_slide(slide, settings.screen, lang)  # the chart fills the screen
        words, chart = st.columns(2) if layout.side_by_side else (st.container(),) * 2
        with words:
            for element, text in kiosk.slide_words(slide, lang):
                WRITE[element](*[ui.plain(text)] if text else [])
            show_facts(slide.facts, sentences=False)
        if slide.figure is not None:
            chart.plotly_chart(slide.figure, config=CONFIG, theme=None, key=f"kiosk_{slide.kind}")
        if slide.area_id is not None and button(
                words, t("kiosk_open_district", name=ui.plain(slide.area_name)), "kiosk_open",
                kwargs={"kiosk_district": slide.area_id.split(":", 1)[1], "kiosk_lang": lang}):
            st.rerun()


# One of three screens; after any failure the clock still watches, so the loop always returns.
with ui.friendly_errors():
    if current.phase == kiosk.ATTRACT:
        for place, code in zip(st.columns(2), ("sv", "en")):
            button(place, translate("kiosk_start", code), f"kiosk_start_{code}", primary=True,
                   kwargs={"kiosk_lang": code})
        slides()
    elif current.phase == kiosk.WARNING:
        st.title(t("kiosk_warning_heading"), anchor=False)
        button(st, t("kiosk_warning_button"), "kiosk_continue", primary=True)
    else:
        home, swedish, english = st.columns(3)
        button(home, t("kiosk_home"), "kiosk_home", kwargs={"kiosk_clear": True})
        for place, code in ((swedish, "sv"), (english, "en")):
            button(place, ("✓ " if code == lang else "") + translate("kiosk_language_name", code),
                   f"kiosk_lang_{code}", primary=code == lang, kwargs={"kiosk_lang": code})
        districts = kiosk.districts(ui)
        if (code := S.get("kiosk_district")) in set(districts["code"]):
            button(st, t("kiosk_back"), "kiosk_back", kwargs={"kiosk_district": None})
            area_id, name, facts = kiosk.district_card(ui, lang, code)
            st.title(ui.plain(name), anchor=False)
            with ui.friendly_errors():  # the pulse: one question, one tap
                if (question := pulse.open_question(pulse.local_today())) is not None:
                    shown_at = ui.pulse_shown_at(f"kiosk_pulse_shown_{code}")  # + device token
                    view = kiosk.pulse_view(lang, question, S.get("kiosk_pulse_status"),
                                            pulse.district_result(pulse.pulse_path(), question,
                                                                  code), name, pulse.K_MIN)
                    st.header(ui.plain(view.heading), anchor=False)
                    if view.message:
                        (st.error if view.failed else st.success)(view.message)
                    st.markdown("\n\n".join(ui.plain(text) for text in view.before))
                    for place, (label, value) in zip(st.columns(len(view.answers) or 1),
                                                     view.answers):
                        button(place, label, f"kiosk_answer_{value}",
                               kwargs={"kiosk_answer": (question, code, value, shown_at)})
                    st.markdown("\n\n".join(ui.plain(text) for text in view.after))
            st.header(t("kiosk_card_facts"), anchor=False)
            show_facts(facts, sentences=True)
            show_map(st, area_id, kiosk.card_map_height(settings.screen))
        else:  # a coloured map to tap and every district as a button (the map left in landscape)
            heading, hint = t("kiosk_choose_heading"), t("kiosk_choose_hint", count=len(districts))
            where, words = (st.container(),) * 2 if settings.screen.portrait else st.columns([3, 2])
            words.title(heading, anchor=False)
            words.markdown(hint)
            show_map(where, None, kiosk.chooser_map_height(settings.screen, heading, hint))
            places = words.columns(3 if settings.screen.portrait else 2)
            for index, row in enumerate(districts.itertuples()):  # alphabetical, column by column
                button(places[index // -(-len(districts) // len(places))], ui.plain(row.name),
                       f"kiosk_pick_{row.code}", kwargs={"kiosk_district": row.code})
if current.phase != kiosk.ATTRACT:
    watch()
