"""A city goal's verdict as the Growth and Climate pages show it: word and icon, base and latest
year, R, observed against required pace, the five-year weather reading and the sentence.

Pure (no Streamlit): the pages render the strings this module returns. The verdict itself is
precomputed at build time (table `verdict`); this module only puts it into words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from indicators import goals, narratives
from indicators.formatting import format_number, format_value
from indicators.i18n import translate
from indicators.progress import Verdict, Weather


@dataclass(frozen=True)
class GoalSummary:
    """Everything the verdict block shows, already in words (never the badge alone)."""

    verdict: Verdict
    weather: Weather | None
    heading: str            # icon + word, e.g. "➚ Framsteg, men ökad takt behövs"
    base_year: str
    latest_year: str
    ratio: str              # "0,79" (two decimals) or "–"
    rates: str              # "Faktisk takt: … · Nödvändig takt: …"
    weather_text: str | None  # icon + reading, or None when there is no weather reading
    sentence: str           # narratives.verdict_sentence


def rates_text(verdict, unit: str, decimals: int, lang: str) -> str:
    """Observed and required pace, each with the years it runs over, so that a page showing
    another required pace (from the latest year) never leaves the reader guessing which base
    each uses: "Faktisk takt 2015–2025: +1,14 % per år · Nödvändig takt 2015–2050: …"."""
    observed, required = translate("observed_rate", lang), translate("required_rate", lang)
    if verdict.base_year is not None:
        observed += f" {verdict.base_year}–{verdict.latest_year}"
        required += f" {verdict.base_year}–{verdict.target_year}"
    return (f"{observed}: {goals.rate_text(verdict, 'observed', unit, decimals, lang)} · "
            f"{required}: {goals.rate_text(verdict, 'required', unit, decimals, lang)}")


def goal_summary(verdict_row: Mapping[str, Any], goal_name: str, unit: str, decimals: int,
                 lang: str) -> GoalSummary:
    """The words of one published verdict row.

    Rates: CAGR verdicts in percent a year ("+1,14 % per år"), linear verdicts in the unit a year
    ("−3 435 t CO₂e per år"); the weather line: "⛈ Femårsprognos: Oväder: fel riktning. Med
    takten 2020–2024 når vi 417 943 t CO₂e år 2030." (common key ``weather_reading``).
    """
    verdict = goals.verdict_from_row(verdict_row)
    weather = goals.weather_from_row(verdict_row)
    heading = (f"{narratives.status_icon(verdict.status)} "
               f"{narratives.status_label(lang, verdict.status)}")
    rates = rates_text(verdict, unit, decimals, lang)
    weather_text = None
    if weather is not None and weather.status in narratives.STATUS_LABELS:
        label = narratives.status_label(lang, weather.status)
        if weather.projected_value is not None and verdict.target_year is not None:
            weather_text = f"{narratives.status_icon(weather.status)} " + translate(
                "weather_reading", lang, label=label,
                window=f"{weather.window_start}–{weather.window_end}",
                projected=format_value(weather.projected_value, unit, decimals, lang),
                year=verdict.target_year)
        else:
            weather_text = f"{narratives.status_icon(weather.status)} {label}"
    return GoalSummary(
        verdict=verdict,
        weather=weather,
        heading=heading,
        base_year="–" if verdict.base_year is None else str(verdict.base_year),
        latest_year="–" if verdict.latest_year is None else str(verdict.latest_year),
        ratio=format_number(verdict.ratio, 2, lang),
        rates=rates,
        weather_text=weather_text,
        sentence=narratives.verdict_sentence(lang, goal_name, verdict, unit=unit,
                                             decimals=decimals),
    )
