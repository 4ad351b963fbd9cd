"""The kiosk's Streamlit widgets (pages/kiosk.py draws its three screens with them): buttons that
count as activity, facts, the locator map whose districts are buttons too, one slide of the
attract loop, the pulse block and the district chooser. What they show comes from
`indicators.views.kiosk` (pure); only the drawing is here."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import streamlit as st

import ui
from indicators.data import pulse
from indicators.text.i18n import translate
from indicators.views import kiosk as view

S = st.session_state
CONFIG = {**ui.PLOTLY_CONFIG, **view.PLOTLY_OVERRIDES}
WRITE: dict[str, Callable[..., Any]] = {
    "caption": st.caption, "markdown": st.markdown, "illustrative": ui.illustrative_label,
    "title": partial(st.title, anchor=False), "header": partial(st.header, anchor=False)}


def tap(**changes: Any) -> None:
    """Every widget's callback: activity (the idle clock restarts), then the widget's change."""
    S["kiosk_state"] = view.tap(S.get("kiosk_state", view.State()), time.monotonic())
    S.update(changes)


def button(place: Any, label: str, key: str, primary: bool = False, **kwargs: Any) -> bool:
    kwargs.setdefault("on_click", tap)
    return place.button(label, key=key, type="primary" if primary else "secondary",
                        width="stretch", wrap=True, **kwargs)


def show_facts(facts: Sequence[view.Fact], *, sentences: bool) -> None:
    """Facts in columns (a slide) or one under the other with their sentences (a card)."""
    places: list[Any] = [st] * len(facts) if sentences else list(st.columns(len(facts)))
    for fact, place in zip(facts, places, strict=True):
        with place.container():
            st.markdown(f"**{ui.plain(fact.label)}**")
            st.subheader(ui.plain(fact.value), anchor=False)
            for text in filter(None, (fact.sentence if sentences else "", fact.note)):
                st.markdown(ui.plain(text))
            if fact.illustrative:
                ui.illustrative_label()


def show_map(place: Any, selected: str | None, height: int, lang: str) -> None:
    """The locator map; a tap on a district opens its card."""
    key = f"kiosk_map_{S.get('kiosk_picks', 0)}"

    def pick() -> None:
        if (code := ui.clicked_district(S.get(key), "district")) is not None:
            tap(kiosk_district=code, kiosk_picks=S.get("kiosk_picks", 0) + 1)

    place.plotly_chart(view.locator_map(view.district_geometry(ui), selected, lang, height),
                       theme=None, config=CONFIG, key=key, on_select=pick, selection_mode="points")


def slide(counter: int, lang: str, settings: view.Settings) -> None:
    """Step `counter` of the attract loop, its chart filling the screen."""
    t = partial(translate, lang=lang)
    current = view.build_slide(ui, lang, *view.slide_at(counter, len(view.districts(ui))))
    layout = view.fit_slide(current, settings.screen, lang)
    words, chart = st.columns(2) if layout.side_by_side else (st.container(),) * 2
    with words:
        for element, text in view.slide_words(current, lang):
            WRITE[element](*[ui.plain(text)] if text else [])
        show_facts(current.facts, sentences=False)
    if current.figure is not None:
        chart.plotly_chart(current.figure, config=CONFIG, theme=None, key=f"kiosk_{current.kind}")
    if current.area_id is not None and button(
            words, t("kiosk_open_district", name=ui.plain(current.area_name)), "kiosk_open",
            kwargs={"kiosk_district": current.area_id.split(":", 1)[1], "kiosk_lang": lang}):
        st.rerun()


def pulse_block(lang: str, code: str, name: str) -> None:
    """The citizen pulse on a district card: one question, one tap, the district's result."""
    question = pulse.open_question(pulse.local_today())
    if question is None:
        return
    shown_at = ui.pulse_shown_at(f"kiosk_pulse_shown_{code}")  # and the device token
    words = view.pulse_view(lang, question, S.get("kiosk_pulse_status"),
                            pulse.district_result(pulse.pulse_path(), question, code), name,
                            pulse.K_MIN)
    st.header(ui.plain(words.heading), anchor=False)
    if words.message:
        (st.error if words.failed else st.success)(words.message)
    st.markdown("\n\n".join(ui.plain(text) for text in words.before))
    for place, (label, value) in zip(st.columns(len(words.answers) or 1), words.answers,
                                     strict=False):  # no answers: one empty column
        button(place, label, f"kiosk_answer_{value}",
               kwargs={"kiosk_answer": (question, code, value, shown_at)})
    st.markdown("\n\n".join(ui.plain(text) for text in words.after))


def chooser(lang: str, settings: view.Settings) -> None:
    """A coloured map to tap and every district as a button (the map left in landscape)."""
    t = partial(translate, lang=lang)
    districts = view.districts(ui)
    heading, hint = t("kiosk_choose_heading"), t("kiosk_choose_hint", count=len(districts))
    where, words = (st.container(),) * 2 if settings.screen.portrait else st.columns([3, 2])
    words.title(heading, anchor=False)
    words.markdown(hint)
    show_map(where, None, view.chooser_map_height(settings.screen, heading, hint), lang)
    places = words.columns(3 if settings.screen.portrait else 2)
    for index, row in enumerate(districts.itertuples()):  # alphabetical, column by column
        button(places[view.button_column(index, len(districts), len(places))],
               ui.plain(row.name), f"kiosk_pick_{row.code}", kwargs={"kiosk_district": row.code})
