"""The kiosk's presenter, without Streamlit: the slide schedule, assembling slides and district
cards from the published data, fitting a slide to the screen, and the citizen pulse in words.

The pieces live beside it: `kiosk_state` (settings and the idle state machine), `kiosk_slides`
(each slide's and card's content), `kiosk_layout` (heights on a screen). Their public names are
re-exported here, so the page and the tests use `indicators.views.kiosk` alone.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from indicators.text.formatting import format_value
from indicators.text.i18n import translate
from indicators.views.city import City, cities, default_city, districts_of
from indicators.views.kiosk_layout import (
    BOTTOM,
    BUTTON,
    GAP,
    REM,
    TOP,
    SlideLayout,
    card_map_height,
    chooser_map_height,
    content_width,
    slide_layout,
    slide_words,
    words_height,
    wrapped_lines,
)
from indicators.views.kiosk_slides import (
    CARD_INDICATORS,
    CHOOSER_COLOURS,
    FOCUS_INDICATORS,
    GOAL_INDICATORS,
    SLIDES,
    Fact,
    Slide,
    city_value,
    district_colours,
    district_facts,
    district_slide,
    goal_slide,
    locator_map,
    neighbours,
    participation_slide,
)
from indicators.views.kiosk_state import (
    ATTRACT,
    EXPLORE,
    WARNING,
    Screen,
    Settings,
    State,
    check_interval,
    parse_screen,
    reset,
    seconds_left,
    settings_from_env,
    tap,
    tick,
)
from indicators.views.published import Published

__all__ = [  # the pieces' names the page and the tests read through this module
    "ATTRACT", "BOTTOM", "BUTTON", "CHOOSER_COLOURS", "EXPLORE", "GAP", "REM", "SLIDES", "TOP",
    "WARNING", "Fact", "Screen", "Settings", "Slide", "State", "card_map_height",
    "check_interval", "chooser_map_height", "city_value", "content_width", "district_colours",
    "locator_map", "neighbours", "parse_screen", "reset", "seconds_left", "settings_from_env",
    "slide_words", "tap", "tick", "words_height", "wrapped_lines",
]

log = logging.getLogger(__name__)

# --- the attract loop --------------------------------------------------------------------------

# Added to ui.PLOTLY_CONFIG on the kiosk: no mode bar (its buttons are far under 44 px), no zoom.
PLOTLY_OVERRIDES: dict[str, Any] = {"staticPlot": False, "scrollZoom": False,
                                    "displayModeBar": False, "doubleClick": False,
                                    "showTips": False}


def slide_at(counter: int, n_districts: int) -> tuple[str, int]:
    """The slide shown at step `counter` of the loop and, for the district slide, which
    district (the next one each round)."""
    counter = max(0, int(counter))
    kind = SLIDES[counter % len(SLIDES)]
    district = (counter // len(SLIDES)) % n_districts if n_districts > 0 else 0
    return kind, district


# --- assembling slides and cards from the published data --------------------------------------

Data = Published  # `ui` (cached) satisfies it; tests adapt a Store


def kiosk_city(data: Data) -> City:
    """The kiosk's city: the goals' kommun (the kiosk has no kommun box; a national database
    holds every kommun), else the first kommun by name."""
    return default_city(cities(data.areas("kommun")),
                        [target.area for target in data.catalogue().targets])


def districts(data: Data) -> pd.DataFrame:
    """The city's districts in alphabetical order (area_id, code, name)."""
    own = districts_of(data.areas("district"), kiosk_city(data).area_id)
    return own.sort_values("name").reset_index(drop=True)


def district_geometry(data: Data) -> pd.DataFrame:
    """The map geometry of the city's districts (the locator map's)."""
    geometry = data.map_geometry("district")
    return geometry[geometry["area_id"].isin(districts(data)["area_id"])].reset_index(drop=True)


def district_card(data: Data, lang: str, code: str,
                  indicator_ids: Sequence[str] = CARD_INDICATORS) -> tuple[str, str, list[Fact]]:
    """(area_id, name, facts) of the city's district with `code` (KeyError when unknown),
    against the city's districts and the city."""
    catalogue = data.catalogue()
    own = districts(data)
    row = own.set_index("code").loc[code]
    city = kiosk_city(data).area_id
    indicators = [catalogue.indicator(i) for i in indicator_ids if i in catalogue]
    frames = {i.id: data.observations(i.id, level="district", within=city or None)
              for i in indicators}
    kommun = {i.id: data.observations(i.id, area=city) for i in indicators}
    return row["area_id"], row["name"], district_facts(lang, row["area_id"], row["name"],
                                                       indicators, frames, kommun)


def build_slide(data: Data, lang: str, kind: str, index: int = 0) -> Slide:
    """The slide `kind` (one of SLIDES); `index` picks the district in focus."""
    catalogue = data.catalogue()
    if kind in GOAL_INDICATORS:
        indicator = catalogue.indicator(GOAL_INDICATORS[kind])
        target = data.table("target").set_index("indicator_id").loc[indicator.id]
        verdict = data.table("verdict").set_index("target_id").loc[target["target_id"]]
        series = data.observations(indicator.id, area=target["area_id"])
        return goal_slide(lang, target, verdict, series, indicator)
    if kind == "participation":
        indicator = catalogue.indicator("turnout_riksdag")
        city = kiosk_city(data).area_id
        return participation_slide(
            lang, district_geometry(data),
            data.observations(indicator.id, level="district", within=city or None),
            data.observations(indicator.id, area=city), indicator)
    if kind != "district":
        raise ValueError(f"unknown slide {kind!r}")
    code = districts(data)["code"].iloc[index]
    area_id, name, facts = district_card(data, lang, code, FOCUS_INDICATORS)
    return district_slide(lang, area_id, name, facts,
                          locator_map(district_geometry(data), area_id, lang))


def fit_slide(slide: Slide, screen: Screen, lang: str) -> SlideLayout:
    """The slide's layout on `screen`; its chart (built for this run) gets the height that fills
    the screen."""
    layout = slide_layout(slide, screen, lang)
    if slide.figure is not None:
        slide.figure.update_layout(height=layout.chart_height)
    return layout


# --- the pulse in words ------------------------------------------------------------------------

# What the pulse says after an answer was given (or refused), by the status `pulse.submit` gave.
PULSE_MESSAGES = {"stored": "kiosk_pulse_thanks", "already_answered": "kiosk_pulse_already",
                  "busy": "kiosk_pulse_busy", "error": "error_friendly"}


@dataclass(frozen=True)
class PulseView:
    """The pulse block of a district card, in words: before an answer the question and its
    answer buttons (label, value), after it a message; always the district's result (k ≥ 5)."""

    heading: str
    before: tuple[str, ...]
    answers: tuple[tuple[str, int], ...]
    after: tuple[str, ...]
    message: str = ""
    failed: bool = False


def pulse_view(lang: str, question: Any, status: str | None, result: Mapping[str, Any],
               area_name: str, k: int) -> PulseView:
    """`question` is a pulse.Question, `status` what pulse.submit said in this session (None
    before any answer), `result` pulse.district_result for the district."""
    heading = f"{translate('kiosk_pulse_heading', lang)} {question.text(lang)}"
    summary = pulse_result_text(lang, area_name, result, question.positive_labels(lang), k)
    if status is None:
        return PulseView(heading, (translate("kiosk_pulse_about", lang, area=area_name),),
                         tuple((f"{a.emoji} {a.label(lang)}", a.value) for a in question.answers),
                         (translate("kiosk_pulse_anonymous", lang), summary))
    return PulseView(heading, (), (), (summary,), translate(PULSE_MESSAGES[status], lang),
                     failed=status == "error")


def pulse_result_text(lang: str, area_name: str, result: Mapping[str, Any], positive_labels:
                      Sequence[str], k: int) -> str:
    """"Centrum: 12 svar hittills; 75 % svarade ”Ganska bra” eller ”Mycket bra”." or, under k
    answers, that there are too few answers to show (never the figures)."""
    if not result.get("shown"):
        return translate("kiosk_pulse_too_few", lang, area=area_name, k=k)
    joined = f" {translate('kiosk_or', lang)} ".join(f"”{label}”" for label in positive_labels)
    return translate("kiosk_pulse_result", lang, area=area_name,
              n=format_value(result["n"], "count", 0, lang),
              share=format_value(result["share_positive"], "percent", 0, lang),
              positive=joined)


def button_column(index: int, count: int, columns: int) -> int:
    """The column of the `index`-th of `count` buttons filled column by column (alphabetical
    order reads down each column): 7 in 2 columns → 0, 0, 0, 0, 1, 1, 1."""
    return index // -(-count // columns)


def after_clock(before: State, now: float, settings: Settings, start_over: bool
                ) -> tuple[State, bool]:
    """The state after the clock's tick, and whether the session must be cleared: on a
    "start over" tap, and whenever the kiosk has just fallen back to the attract loop."""
    current = tick(before, now, settings)
    if start_over or (current.phase == ATTRACT and before.phase != ATTRACT):
        return reset(), True
    return current, False
