"""The kiosk without Streamlit: its settings, the idle state machine, the slide schedule, and the
content of every slide and district card built from published data as plain text and figures.

Idle reset (WCAG 2.2.1, timing adjustable): a kiosk session is a small state machine

    attract --tap--> explore --idle_seconds without a tap--> warning --warning_seconds--> attract
                        ^                                       |
                        +------------------tap------------------+

The warning lasts `warning_seconds` from the moment it is *entered* (never less, even when the
check runs late or the clock jumps), and one tap returns to explore. The clock is injected
(`now`, seconds, monotonic), so tests need no sleeping.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

import pandas as pd
import plotly.graph_objects as go
import shapely
from shapely.geometry import shape

from indicators.methods import growth
from indicators.text import narratives
from indicators.views import cells, figures, goals, map as maps
from indicators.data.bilingual import Bilingual
from indicators.data.catalogue import Catalogue, Indicator
from indicators.text.formatting import format_value, is_missing
from indicators.text.i18n import translate

log = logging.getLogger(__name__)

# --- settings ----------------------------------------------------------------------------------

DEFAULT_IDLE_SECONDS = 90.0
DEFAULT_WARNING_SECONDS = 30.0
DEFAULT_SLIDE_SECONDS = 8.0
MIN_WARNING_SECONDS = 20.0     # WCAG 2.2.1: at least 20 s to extend with one simple action
MIN_IDLE_SECONDS = 10.0
MIN_SLIDE_SECONDS = 3.0
TEST_MIN_SECONDS = 1.0         # the floor of every setting when UMEA_KIOSK_TEST=1


@dataclass(frozen=True)
class Screen:
    """The kiosk's screen in CSS pixels (UMEA_KIOSK_SCREEN=WIDTHxHEIGHT, default 1920x1080).

    A kiosk is one fixed screen, so it states its size: Streamlit tells the server nothing about
    the browser's viewport (its per-run context carries time zone, locale, URL and colour scheme
    only) and the app renders no HTML or scripts of its own that could measure it. The layout
    below turns the size into figure heights, so every slide fills the screen."""

    width: int = 1920
    height: int = 1080

    @property
    def portrait(self) -> bool:
        return self.height > self.width


MIN_SCREEN, MAX_SCREEN = 480, 8192
_SCREEN = re.compile(r"^\s*(\d{3,5})\s*[x×]\s*(\d{3,5})\s*$")


def parse_screen(raw: str | None) -> Screen | None:
    """"1080x1920" → Screen(1080, 1920); None when unset, malformed or outside 480–8192 px."""
    match = _SCREEN.match(raw or "")
    if match is None:
        return None
    width, height = int(match[1]), int(match[2])
    if not (MIN_SCREEN <= width <= MAX_SCREEN and MIN_SCREEN <= height <= MAX_SCREEN):
        return None
    return Screen(width, height)


@dataclass(frozen=True)
class Settings:
    idle_seconds: float = DEFAULT_IDLE_SECONDS
    warning_seconds: float = DEFAULT_WARNING_SECONDS
    slide_seconds: float = DEFAULT_SLIDE_SECONDS
    test_mode: bool = False
    screen: Screen = Screen()


def _seconds(env: Mapping[str, str], name: str, default: float, floor: float) -> float:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        log.warning("%s=%r is not a number; using %s", name, raw, default)
        return default
    if not math.isfinite(value):
        log.warning("%s=%r is not finite; using %s", name, raw, default)
        return default
    if value < floor:
        log.warning("%s=%s is below the minimum %s; using the minimum", name, value, floor)
        return floor
    return value


def settings_from_env(env: Mapping[str, str]) -> Settings:
    """UMEA_KIOSK_IDLE_SECONDS (default 90, at least 10), UMEA_KIOSK_WARNING_SECONDS (default 30,
    at least 20: WCAG 2.2.1) and UMEA_KIOSK_SLIDE_SECONDS (default 8, at least 3). Only with
    UMEA_KIOSK_TEST=1 (browser tests) may any of them go down to 1 s. Bad values fall back to
    the default, values under the minimum to the minimum; both are logged. UMEA_KIOSK_SCREEN
    (WIDTHxHEIGHT in CSS pixels, default 1920x1080) is the screen the layout fills."""
    test = env.get("UMEA_KIOSK_TEST", "").strip() == "1"
    screen = parse_screen(env.get("UMEA_KIOSK_SCREEN"))
    if screen is None:
        if env.get("UMEA_KIOSK_SCREEN", "").strip():
            log.warning("UMEA_KIOSK_SCREEN=%r is not WIDTHxHEIGHT (480-8192 px); using %sx%s",
                        env["UMEA_KIOSK_SCREEN"], Screen().width, Screen().height)
        screen = Screen()

    def floor(production: float) -> float:
        return TEST_MIN_SECONDS if test else production

    return Settings(
        idle_seconds=_seconds(env, "UMEA_KIOSK_IDLE_SECONDS", DEFAULT_IDLE_SECONDS,
                              floor(MIN_IDLE_SECONDS)),
        warning_seconds=_seconds(env, "UMEA_KIOSK_WARNING_SECONDS", DEFAULT_WARNING_SECONDS,
                                 floor(MIN_WARNING_SECONDS)),
        slide_seconds=_seconds(env, "UMEA_KIOSK_SLIDE_SECONDS", DEFAULT_SLIDE_SECONDS,
                               floor(MIN_SLIDE_SECONDS)),
        test_mode=test,
        screen=screen,
    )


# --- the idle state machine --------------------------------------------------------------------

ATTRACT, EXPLORE, WARNING = "attract", "explore", "warning"


@dataclass(frozen=True)
class State:
    phase: str = ATTRACT
    last_interaction: float | None = None
    warning_since: float | None = None


def tap(state: State, now: float) -> State:
    """Any interaction: the attract loop and the warning both give way to explore."""
    return State(EXPLORE, last_interaction=now)


def reset() -> State:
    return State()


def tick(state: State, now: float, settings: Settings) -> State:
    """The passing of time: explore → warning after `idle_seconds` without a tap, warning →
    attract `warning_seconds` after the warning appeared. Attract stays attract."""
    if state.phase == EXPLORE:
        last = state.last_interaction if state.last_interaction is not None else now
        if now - last >= settings.idle_seconds:
            return replace(state, phase=WARNING, warning_since=now)
        return state
    if state.phase == WARNING:
        since = state.warning_since if state.warning_since is not None else now
        if now - since >= settings.warning_seconds:
            return reset()
        return replace(state, warning_since=since)
    return state


def seconds_left(state: State, now: float, settings: Settings) -> int:
    """Whole seconds until the reset while warning (rounded up), else 0."""
    if state.phase != WARNING or state.warning_since is None:
        return 0
    return max(0, math.ceil(settings.warning_seconds - (now - state.warning_since)))


def check_interval(state: State, settings: Settings) -> float:
    """How often the page should look at the clock: every second while warning (a countdown),
    in explore often enough to warn within a tenth of the idle time (1–5 s)."""
    if state.phase == WARNING:
        return 1.0
    return min(5.0, max(1.0, settings.idle_seconds / 10))


# --- the attract loop --------------------------------------------------------------------------

SLIDES = ("population", "climate", "participation", "district")
GOAL_INDICATORS = {"population": "population", "climate": "ghg_total"}  # slide → goal's indicator
# The district card: the first of these that the served dataset has for districts (the default
# dataset: turnout and SCB figures; a demo dataset adds its illustrative ones, labelled so).
CARD_INDICATORS = ("turnout_riksdag", "income_median_disposable", "employment_rate",
                   "low_economic_standard", "post_secondary_education", "regso_area_type",
                   "perceived_safety", "association_membership")
FOCUS_INDICATORS = ("turnout_riksdag", "income_median_disposable", "low_economic_standard",
                    "regso_area_type", "perceived_safety")
FONT_SIZE = 24                 # chart text as large as the body text
SEPARATORS = Bilingual(", ", ".,")  # plotly's decimal and thousands marks on the kiosk
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


@dataclass(frozen=True)
class Fact:
    """One figure in words: a label, the value as shown, the sentence that reads it."""

    label: str
    value: str
    sentence: str = ""
    illustrative: bool = False
    note: str = ""


@dataclass(frozen=True)
class Slide:
    kind: str
    title: str
    sentence: str
    facts: tuple[Fact, ...] = ()
    status_icon: str = ""
    status_word: str = ""
    figure: go.Figure | None = None
    illustrative: bool = False
    area_id: str | None = None
    area_name: str = ""


# --- the layout: every slide fills the screen ---------------------------------------------------
# Streamlit's box model at the kiosk's base font (kiosk/config.toml: [theme] baseFontSize = 24 px,
# paddingTop 1 rem, paddingBottom 3 rem), measured in chromium at 1080×1920 and 1920×1080: the wide
# layout leaves 5 rem on each side, elements stand 1 rem apart, and each kind of text has a font
# size, a line height and padding of its own (rem). Text is wrapped word by word at CHAR_EM per
# character (Source Sans measures 0.45 em on average; rounded up), so an estimate errs on the side
# of a shorter chart, never of a screen that scrolls.
REM = 24
SIDE, TOP, BOTTOM, GAP = 5.0, 1.0, 3.0, 1.0
TEXT = {"title": (2.75, 3.3, 1.25), "status": (2.25, 2.7, 1.0), "body": (1.0, 1.6, 0.0),
        "value": (1.75, 2.1, 0.75), "caption": (0.875, 1.42, 0.0)}
BUTTON = 2.5            # a button with one line of text
NOTICE = 3.5            # the illustrative label, one line
CHAR_EM = 0.5
SAFETY = 1.0            # left free under the last element
MIN_CHART = 320         # px: below this a chart says too little (the screen then scrolls)


def _rem(value: float) -> float:
    return value * REM


def content_width(screen: Screen) -> float:
    return max(320.0, screen.width - 2 * _rem(SIDE))


def column_width(width: float, columns: int) -> float:
    return (width - (columns - 1) * _rem(GAP)) / columns


def text_height(kind: str, text: str, width: float) -> float:
    """Pixels that `text` takes as `kind` (title, status, body, value, caption) at `width`."""
    font, line, padding = TEXT[kind]
    lines = wrapped_lines(text, max(1, int(width // (_rem(font) * CHAR_EM))))
    return _rem(lines * line + padding) if lines else 0.0


def wrapped_lines(text: str, per_line: int) -> int:
    """Lines that `text` takes when wrapped at spaces, `per_line` characters a line (a longer
    word breaks over as many lines as it needs)."""
    lines, used = 0, per_line + 1
    for word in text.split():
        if used + 1 + len(word) <= per_line:
            used += 1 + len(word)
        else:
            lines += max(1, math.ceil(len(word) / per_line))
            used = len(word) - (math.ceil(len(word) / per_line) - 1) * per_line
    return lines


def notice_height(width: float) -> float:
    """The illustrative label: one line across the page, wrapped in a narrow column."""
    return _rem(NOTICE) * (1 if width >= 480 else 1.5)


def fact_height(fact: Fact, width: float) -> float:
    blocks = [text_height("body", fact.label, width), text_height("value", fact.value, width)]
    if fact.note:
        blocks.append(text_height("body", fact.note, width))
    if fact.illustrative:
        blocks.append(notice_height(width))
    return sum(blocks) + (len(blocks) - 1) * _rem(GAP)


def slide_words(slide: Slide, lang: str) -> list[tuple[str, str]]:
    """The slide's words in reading order as (element, text): its place in the loop (caption),
    title, verdict (header), the illustrative label, the sentence (markdown)."""
    position = _t(lang, "kiosk_slide_position", index=SLIDES.index(slide.kind) + 1,
                  count=len(SLIDES))
    words = [("caption", position), ("title", slide.title)]
    if slide.status_word:
        words.append(("header", f"{slide.status_icon} {slide.status_word}"))
    if slide.illustrative:
        words.append(("illustrative", ""))
    return words + [("markdown", slide.sentence)] if slide.sentence else words


WORD_KINDS = {"caption": "caption", "title": "title", "header": "status", "markdown": "body"}


def words_height(slide: Slide, width: float, lang: str) -> float:
    """The slide's words above (portrait) or beside (landscape) its chart, each block followed
    by its gap: `slide_words`, then the facts in a row."""
    blocks = [notice_height(width) if element == "illustrative" else
              text_height(WORD_KINDS[element], text, width)
              for element, text in slide_words(slide, lang)]
    if slide.facts:
        fact_width = column_width(width, len(slide.facts))
        blocks.append(max(fact_height(fact, fact_width) for fact in slide.facts))
    return sum(blocks) + len(blocks) * _rem(GAP)


@dataclass(frozen=True)
class SlideLayout:
    """Portrait: words, then the chart, across the screen. Landscape: words on the left half,
    the chart on the right half. `chart_height` fills what the words leave free."""

    side_by_side: bool
    chart_height: int


def slide_layout(slide: Slide, screen: Screen, lang: str) -> SlideLayout:
    free = screen.height - _rem(TOP + BOTTOM + SAFETY) - _rem(BUTTON + GAP)  # under the starts
    width = content_width(screen)
    open_button = _rem(BUTTON + GAP) if slide.area_id is not None else 0.0
    if screen.portrait:
        height = free - words_height(slide, width, lang) - open_button
        return SlideLayout(False, max(MIN_CHART, int(height)))
    return SlideLayout(True, max(MIN_CHART, int(free)))


def chooser_map_height(screen: Screen, heading: str, hint: str) -> int:
    """The map to choose a district on. Portrait: across the screen under the heading and hint,
    with the first row of name buttons still in sight. Landscape: the left half at full height
    (heading, hint and buttons on the right)."""
    free = screen.height - _rem(TOP + BOTTOM + SAFETY) - _rem(BUTTON + GAP)  # under the top row
    if screen.portrait:
        width = content_width(screen)
        free -= (text_height("title", heading, width) + text_height("body", hint, width)
                 + _rem(2 * GAP) + _rem(BUTTON + GAP))
    return max(MIN_CHART, int(free))


def card_map_height(screen: Screen) -> int:
    """The locator on a district's card: a large share of the screen, below the figures."""
    share = 0.45 if screen.portrait else 0.7
    return max(MIN_CHART, int(screen.height * share))


def for_kiosk(figure: go.Figure, *, height: int, lang: str, hover: bool = False) -> go.Figure:
    """Large type, numbers in the language's own style, no zoom or pan; without hover when
    nothing may hide behind it (everything a hover would say must be on screen anyway)."""
    figure.update_layout(height=height, font=dict(size=FONT_SIZE), dragmode=False,
                         hoverlabel=dict(font_size=FONT_SIZE + 2),
                         legend=dict(font=dict(size=FONT_SIZE), itemclick=False,
                                     itemdoubleclick=False),  # a tap never hides a trace
                         separators=SEPARATORS(lang))
    figure.update_xaxes(fixedrange=True, automargin=True)
    figure.update_yaxes(fixedrange=True, automargin=True, tickformat=",d")
    if not hover:
        figure.update_traces(hoverinfo="skip", hovertemplate=None)
    return figure


def _t(lang: str, key: str, **values: object) -> str:
    return translate(key, lang, **values)


def _verdict_parts(lang: str, status: str) -> tuple[str, str]:
    return narratives.status_icon(status), narratives.status_label(lang, status)


def goal_slide(lang: str, target: Mapping[str, Any], verdict_row: Mapping[str, Any],
               series: pd.DataFrame, indicator: Indicator) -> Slide:
    """The population or the climate goal: verdict word and icon, three figures, one sentence,
    the observed series against the path needed (from the published verdict row)."""
    verdict = goals.verdict_from_row(verdict_row)
    icon, word = _verdict_parts(lang, verdict.status)
    title = Bilingual.of(target, "name")(lang)
    series = series.dropna(subset=["value"]).sort_values("year")
    figure = None
    if verdict.base_year is not None and verdict.base_value is not None:
        path = goals.target_path(str(target["rule"]), verdict.base_year, verdict.base_value,
                                 int(target["target_year"]), float(target["target_value"]))
        figure = for_kiosk(figures.goal_chart(
            series, path, observed_name=_t(lang, "observed"),
            path_name=_t(lang, "required_path"), unit=indicator.unit, decimals=0, lang=lang,
            target_year=int(target["target_year"]),
            target_value=float(target["target_value"])), height=380, lang=lang)
    if indicator.id == GOAL_INDICATORS["population"]:
        facts, sentence = _population_facts(lang, verdict, series, target)
        kind = "population"
    else:
        facts, sentence = _climate_facts(lang, verdict, indicator, target)
        kind = "climate"
    if not sentence:
        sentence = narratives.verdict_sentence(lang, title, verdict, unit=indicator.unit)
    return Slide(kind, title, sentence, tuple(facts), icon, word, figure)


def _population_facts(lang: str, verdict, series: pd.DataFrame,
                      target: Mapping[str, Any]) -> tuple[list[Fact], str]:
    if series.empty:
        return [], ""
    latest = series.iloc[-1]
    facts = [Fact(_t(lang, "kiosk_population_now", year=int(latest["year"])),
                  format_value(latest["value"], "count", 0, lang))]
    try:
        need = growth.required_growth(int(latest["year"]), float(latest["value"]),
                                      float(target["target_value"]), int(target["target_year"]))
        recent = growth.recent_growth(series["year"].to_numpy(), series["value"].to_numpy(), 5)
    except ValueError:
        return facts, ""
    facts += [
        Fact(_t(lang, "kiosk_population_needed", year=need.target_year),
             format_value(need.persons_per_year_average, "count", 0, lang, signed=True)),
        Fact(_t(lang, "kiosk_population_recent", start=recent.start_year, end=recent.end_year),
             format_value(recent.persons_per_year, "count", 0, lang, signed=True)),
    ]
    return facts, narratives.growth_sentence(lang, need, recent)


def _climate_facts(lang: str, verdict, indicator: Indicator,
                   target: Mapping[str, Any]) -> tuple[list[Fact], str]:
    """Emissions now, their change since the base year, and in tonnes a year the average cut
    needed from the latest year to the target against the average change since the base year:
    (y_T − y_t) / (T − t) and (y_t − y_0) / (t − t_0), whatever rule the verdict uses."""
    if verdict.latest_value is None or verdict.base_value is None:
        return [], ""
    unit = indicator.unit  # the unit is in the labels; values stay short enough for big type
    change = 100.0 * (verdict.latest_value / verdict.base_value - 1) if verdict.base_value else None
    facts = [
        Fact(_t(lang, "kiosk_emissions_now", year=verdict.latest_year),
             format_value(verdict.latest_value, "count", 0, lang)),
        Fact(_t(lang, "kiosk_emissions_change", year=verdict.base_year),
             format_value(change, "percent", 0, lang, signed=True)),
    ]
    target_year, target_value = int(target["target_year"]), float(target["target_value"])
    if verdict.latest_year is None or verdict.base_year is None \
            or not verdict.base_year < verdict.latest_year < target_year:
        return facts, ""
    required = (target_value - verdict.latest_value) / (target_year - verdict.latest_year)
    observed = (verdict.latest_value - verdict.base_value) / (verdict.latest_year
                                                              - verdict.base_year)
    facts.append(Fact(_t(lang, "kiosk_emissions_needed", year=target_year),
                      format_value(abs(required), "count", 0, lang)))
    sentence = _t(
        lang, "kiosk_climate_sentence" if observed <= 0 else
        "kiosk_climate_sentence_rising", target=format_value(target_value, unit, 0, lang),
        latest=format_value(verdict.latest_value, unit, 0, lang), year=verdict.latest_year,
        change=format_value(change, "percent", 0, lang, signed=True), base_year=verdict.base_year,
        target_year=verdict.target_year,
        required=format_value(abs(required), unit, 0, lang),
        observed=format_value(abs(observed), unit, 0, lang))
    return facts, sentence


def participation_slide(lang: str, geometry: pd.DataFrame, district_values: pd.DataFrame,
                        city_values: pd.DataFrame, indicator: Indicator) -> Slide:
    """Turnout by district on the map (latest year), with the city, highest and lowest in words.

    `district_values`/`city_values`: observations (any years) at district and kommun level."""
    year = int(district_values["year"].max())
    values = district_values[district_values["year"] == year]
    frame = maps.map_frame(geometry, values, indicator, lang)
    name = indicator.name(lang)
    title = _t(lang, "kiosk_participation_title", indicator=name, year=year)
    shown = cells.published(frame).sort_values("value", ascending=False)
    city = city_values[city_values["year"] == year]["value"].dropna()
    facts: list[Fact] = []
    if len(city):
        facts.append(Fact(_t(lang, "kiosk_city"), format_value(city.iloc[0], indicator.unit,
                                                               indicator.decimals, lang)))
    sentence = ""
    if len(shown):
        top, bottom = shown.iloc[0], shown.iloc[-1]
        facts += [
            Fact(_t(lang, "kiosk_highest", name=top["name"]),
                 format_value(top["value"], indicator.unit, indicator.decimals, lang)),
            Fact(_t(lang, "kiosk_lowest", name=bottom["name"]),
                 format_value(bottom["value"], indicator.unit, indicator.decimals, lang)),
        ]
        sentence = narratives.ranking_sentence(
            lang, name, top["name"], top["value"], bottom["name"], bottom["value"],
            indicator.unit, indicator.decimals, year)
    illustrative = indicator.illustrative or bool((frame["quality"] == "synthetic").any())
    figure = for_kiosk(fill_frame(figures.choropleth(
        figures.feature_collection(geometry), frame,
        colour_title=f"{name} {year}", direction=indicator.direction or 1,
        legend=maps.legend_words(lang), lang=lang, unit=indicator.unit,
        decimals=indicator.decimals, illustrative=illustrative), geometry), height=560,
        lang=lang)
    return Slide("participation", title, sentence, tuple(facts), figure=figure,
                 illustrative=illustrative)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def city_value(indicator: Indicator, year: int, district_rows: pd.DataFrame,
               city_rows: pd.DataFrame) -> float | None:
    """The city's value in `year`: the published kommun value, else (for ratio-of-sums rates
    with every district's numerator and denominator present) 100 × Σ numerator / Σ denominator
    for percentages, Σ numerator / Σ denominator otherwise; else None."""
    city = city_rows[(city_rows["year"] == year)]["value"].dropna()
    if len(city):
        return float(city.iloc[0])
    if indicator.aggregation != "ratio_of_sums":
        return None
    rows = district_rows[district_rows["year"] == year]
    if rows.empty or rows["numerator"].isna().any() or rows["denominator"].isna().any():
        return None
    denominator = float(rows["denominator"].sum())
    if denominator <= 0:
        return None
    scale = 100.0 if indicator.unit == "percent" else 1.0
    return scale * float(rows["numerator"].sum()) / denominator


def district_facts(lang: str, area_id: str, area_name: str, indicators: Sequence[Indicator],
                   district_frames: Mapping[str, pd.DataFrame],
                   city_frames: Mapping[str, pd.DataFrame]) -> list[Fact]:
    """One fact per indicator for one district: latest value, its sentence (change since the
    year before, compared with the city in words), an illustrative mark where the data is
    generated, and for the area type what the scale means."""
    facts = []
    for indicator in indicators:
        rows = district_frames.get(indicator.id, pd.DataFrame())
        if rows.empty:
            continue
        own = rows[rows["area_id"] == area_id].sort_values("year")
        year = int(own["year"].max()) if len(own) else int(rows["year"].max())
        latest = own[own["year"] == year]
        synthetic = indicator.illustrative or bool((rows["quality"] == "synthetic").any())
        label = f"{indicator.name(lang)} ({year})"
        note = _t(lang, "kiosk_area_type_scale") if indicator.unit == "category" else ""
        if latest.empty or cells.is_suppressed(latest["suppressed"].iloc[0]) or is_missing(
                latest["value"].iloc[0]):
            suppressed = not latest.empty and cells.is_suppressed(latest["suppressed"].iloc[0])
            sentence = _t(lang, "kiosk_suppressed" if suppressed else "kiosk_no_data",
                          area=area_name, indicator=_lower_first(indicator.name(lang)),
                          year=year)
            facts.append(Fact(label, cells.SUPPRESSED, sentence, synthetic, note) if suppressed else
                         Fact(label, "–", sentence, synthetic, note))
            continue
        value = float(latest["value"].iloc[0])
        earlier = own[(own["year"] < year) & own["value"].notna()]
        previous = earlier.iloc[-1] if len(earlier) else None
        city = city_value(indicator, year, rows, city_frames.get(indicator.id, pd.DataFrame(
            columns=["year", "value"])))
        sentence = narratives.indicator_sentence(
            lang, area_name, _lower_first(indicator.name(lang)), value, indicator.unit,
            indicator.decimals, year,
            previous_value=None if previous is None else float(previous["value"]),
            previous_year=None if previous is None else int(previous["year"]),
            city_value=city, direction=indicator.direction or 1, synthetic=synthetic)
        shown = format_value(value, indicator.unit, indicator.decimals, lang)
        if indicator.unit == "category":
            shown = _t(lang, "kiosk_area_type_value", value=shown)
        facts.append(Fact(label, shown, sentence, synthetic, note))
    return facts


def district_slide(lang: str, area_id: str, area_name: str, facts: Sequence[Fact],
                   figure: go.Figure | None = None) -> Slide:
    """One district in focus: its name, the first fact's sentence, up to three figures and
    (`figure`) where it lies."""
    shown = tuple(facts[:3])
    return Slide("district", _t(lang, "kiosk_focus_title", name=area_name),
                 shown[0].sentence if shown else "", shown, figure=figure,
                 illustrative=any(f.illustrative for f in shown), area_id=area_id,
                 area_name=area_name)


# Light fills for the map to choose on: neighbours never share one, the border (figures.BORDER)
# stands out against each (≥ 3:1), and the colours mean nothing but "another district" (names are
# on the buttons and in the hover), so no legend is needed.
CHOOSER_COLOURS = ("#9ecae1", "#fdd0a2", "#a1d99b", "#dadaeb", "#fcbba1", "#fff2ae", "#c7e9c0")
OTHER_COLOUR = "#f2f2f2"


def fill_frame(figure: go.Figure, geometry: pd.DataFrame, margin: float = 0.02) -> go.Figure:
    """Let the map take the whole figure: plotly's `fitbounds` keeps a square geo frame (a tall
    municipality then fills barely half of a wide or tall figure); explicit longitude and
    latitude ranges around the districts give the frame the map's own shape."""
    if geometry.empty:
        return figure
    minx, miny, maxx, maxy = shapely.total_bounds(
        [shape(json.loads(text)) for text in geometry["map_geojson"]])
    dx, dy = (maxx - minx) * margin, (maxy - miny) * margin
    figure.update_geos(fitbounds=False, lonaxis_range=[minx - dx, maxx + dx],
                       lataxis_range=[miny - dy, maxy + dy])
    return figure


def neighbours(geometry: pd.DataFrame) -> dict[str, set[str]]:
    """Districts whose outlines touch (within ~1 ‰ of the map's extent, for simplified edges)."""
    shapes = [shape(json.loads(text)) for text in geometry["map_geojson"]]
    ids = list(geometry["area_id"])
    if not shapes:
        return {}
    minx, miny, maxx, maxy = shapely.total_bounds(shapes)
    tolerance = 1e-3 * max(maxx - minx, maxy - miny, 1e-9)
    tree = shapely.STRtree(shapes)
    touching: dict[str, set[str]] = {area: set() for area in ids}
    for i, j in zip(*tree.query(shapes, predicate="dwithin", distance=tolerance)):
        if i != j:
            touching[ids[i]].add(ids[j])
    return touching


def district_colours(geometry: pd.DataFrame) -> dict[str, str]:
    """A light colour per district, different from every neighbour's (greedy, most-connected
    first, ties by id, so the same map always gets the same colours)."""
    touching = neighbours(geometry)
    colours: dict[str, str] = {}
    for area in sorted(touching, key=lambda a: (-len(touching[a]), a)):
        used = {colours[n] for n in touching[area] if n in colours}
        colours[area] = next((c for c in CHOOSER_COLOURS if c not in used),
                             CHOOSER_COLOURS[len(colours) % len(CHOOSER_COLOURS)])
    return colours


def locator_map(geometry: pd.DataFrame, selected: str | None, lang: str,
                height: int = 460) -> go.Figure:
    """Every district drawn to be tapped. Without a choice each district has a light colour of
    its own; with one, the chosen district is dark blue (and named on screen, so the colour is
    never the only clue) among light grey ones. The hover shows only the name, which the list
    shows too."""
    collection = figures.feature_collection(geometry)
    features = {f["id"]: f for f in collection["features"]}
    if selected is None:
        colours = district_colours(geometry)
        groups = [(geometry["area_id"].map(colours) == c, c, _t(lang, "kiosk_legend_other"),
                   False) for c in dict.fromkeys(geometry["area_id"].map(colours))]
    else:
        chosen = geometry["area_id"] == selected
        groups = [(~chosen, OTHER_COLOUR, _t(lang, "kiosk_legend_other"), True),
                  (chosen, figures.BLUE, _t(lang, "kiosk_legend_selected"), True)]
    traces = []
    for mask, colour, label, legend in groups:
        rows = geometry[mask]
        if rows.empty:
            continue
        traces.append(go.Choropleth(
            geojson={"type": "FeatureCollection",
                     "features": [features[a] for a in rows["area_id"]]},
            featureidkey="id", locations=rows["area_id"], z=[0] * len(rows),
            colorscale=[[0, colour], [1, colour]], showscale=False, showlegend=legend,
            name=label, customdata=rows["name"], hovertemplate="%{customdata}<extra></extra>",
            marker=dict(line=dict(color=figures.BORDER, width=1.2))))
    figure = go.Figure(traces)
    figure.update_geos(visible=False, projection_type="mercator")
    figure.update_layout(margin=dict(l=0, r=0, t=10, b=0), clickmode="event+select",
                         legend=dict(orientation="h", yanchor="bottom", y=0.0, x=0.0,
                                     bgcolor="rgba(255,255,255,0.85)"))
    return for_kiosk(fill_frame(figure, geometry), height=height, lang=lang, hover=True)


# --- assembling slides and cards from the published data --------------------------------------

class Data(Protocol):
    """Read access to the published data: `ui` (cached) satisfies it, and tests
    adapt a Store. Kept abstract so this module never imports Streamlit."""

    def catalogue(self) -> Catalogue: ...
    def observations(self, indicator: str, *, level: str | None = None,
                     area: str | None = None) -> pd.DataFrame: ...
    def areas(self, level: str) -> pd.DataFrame: ...
    def table(self, name: str) -> pd.DataFrame: ...
    def map_geometry(self, level: str) -> pd.DataFrame: ...


def districts(data: Data) -> pd.DataFrame:
    """The districts in alphabetical order (area_id, code, name)."""
    return data.areas("district").sort_values("name").reset_index(drop=True)


def district_card(data: Data, lang: str, code: str,
                  indicator_ids: Sequence[str] = CARD_INDICATORS) -> tuple[str, str, list[Fact]]:
    """(area_id, name, facts) of the district with `code` (KeyError when unknown)."""
    catalogue = data.catalogue()
    row = data.areas("district").set_index("code").loc[code]
    indicators = [catalogue.indicator(i) for i in indicator_ids if i in catalogue]
    frames = {i.id: data.observations(i.id, level="district") for i in indicators}
    cities = {i.id: data.observations(i.id, level="kommun") for i in indicators}
    return row["area_id"], row["name"], district_facts(lang, row["area_id"], row["name"],
                                                       indicators, frames, cities)


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
        return participation_slide(
            lang, data.map_geometry("district"), data.observations(indicator.id, level="district"),
            data.observations(indicator.id, level="kommun"), indicator)
    if kind != "district":
        raise ValueError(f"unknown slide {kind!r}")
    code = districts(data)["code"].iloc[index]
    area_id, name, facts = district_card(data, lang, code, FOCUS_INDICATORS)
    return district_slide(lang, area_id, name, facts,
                          locator_map(data.map_geometry("district"), area_id, lang))


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
    heading = f"{_t(lang, 'kiosk_pulse_heading')} {question.text(lang)}"
    summary = pulse_result_text(lang, area_name, result, question.positive_labels(lang), k)
    if status is None:
        return PulseView(heading, (_t(lang, "kiosk_pulse_about", area=area_name),),
                         tuple((f"{a.emoji} {a.label(lang)}", a.value) for a in question.answers),
                         (_t(lang, "kiosk_pulse_anonymous"), summary))
    return PulseView(heading, (), (), (summary,), _t(lang, PULSE_MESSAGES[status]),
                     failed=status == "error")


def pulse_result_text(lang: str, area_name: str, result: Mapping[str, Any], positive_labels:
                      Sequence[str], k: int) -> str:
    """"Centrum: 12 svar hittills; 75 % svarade ”Ganska bra” eller ”Mycket bra”." or, under k
    answers, that there are too few answers to show (never the figures)."""
    if not result.get("shown"):
        return _t(lang, "kiosk_pulse_too_few", area=area_name, k=k)
    joined = f" {_t(lang, 'kiosk_or')} ".join(f"”{label}”" for label in positive_labels)
    return _t(lang, "kiosk_pulse_result", area=area_name,
              n=format_value(result["n"], "count", 0, lang),
              share=format_value(result["share_positive"], "percent", 0, lang),
              positive=joined)
