"""Generated sentences in Swedish (sv) and English (en) for charts, profiles and verdicts.

Each sentence is a chart's alt text, the kiosk caption and the first line of a printed profile
(METHODS.md §6). Functions are pure and take names already localised by the caller; numbers go
through ``indicators.text.formatting`` (decimal comma and non-breaking spaces in Swedish).
"""

from __future__ import annotations

from indicators.methods.growth import RecentGrowth, RequiredGrowth
from indicators.methods.progress import Verdict
from indicators.text.formatting import (
    format_number,
    format_percent_points,
    format_value,
    is_missing,
    round_half_up,
)
from indicators.text.i18n import STRINGS, translate

LANGS = ("sv", "en")

STATUS_ICONS: dict[str, str] = {
    "target_achieved": "✔",
    "on_track": "⬆",
    "acceleration_needed": "➚",
    "limited_progress": "→",
    "deterioration": "✖",
    "insufficient_data": "?",
    "sun": "☀",
    "light_clouds": "⛅",
    "clouds": "☁",
    "storm": "⛈",
    "strength": "▲",
    "weakness": "▼",
    "similar": "≈",
    "increase": "↑",
    "decrease": "↓",
    "no_clear_change": "≈",
    "target_reached": "✔",
    "target_missed": "✖",
}

STATUS_LABELS: dict[str, dict[str, str]] = {  # the words of each status, from the i18n catalogue
    key: STRINGS[f"status_{key}"] for key in STATUS_ICONS}


class _Text:
    """The sentence templates of one language (``narrative_*`` in the i18n catalogue)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __getitem__(self, key: str) -> str:
        return translate(f"narrative_{key}", self.lang)


def _lang(lang: str) -> _Text:
    if lang not in LANGS:
        raise ValueError(f"lang must be 'sv' or 'en', got {lang!r}")
    return _Text(lang)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _period(sentence: str, synthetic: bool, text: _Text) -> str:
    return sentence + (text["synthetic"] if synthetic else "") + "."


def _change(difference: float, unit: str, decimals: int, lang: str) -> str:
    if unit == "percent":
        return format_percent_points(difference, decimals, lang)
    return format_value(difference, unit, decimals, lang, signed=True)


def status_label(lang: str, status_key: str) -> str:
    """The word(s) for a status key of progress, weather, peer, change or what-if readings."""
    _lang(lang)
    if status_key not in STATUS_LABELS:
        raise ValueError(f"unknown status key {status_key!r}")
    return translate(f"status_{status_key}", lang)


def status_icon(status_key: str) -> str:
    """A Unicode symbol for a status key; always show it together with ``status_label``."""
    try:
        return STATUS_ICONS[status_key]
    except KeyError:
        raise ValueError(f"unknown status key {status_key!r}") from None


def indicator_sentence(
    lang: str,
    area_name: str,
    indicator_name: str,
    value: float | None,
    unit: str,
    decimals: int,
    year: int,
    *,
    previous_value: float | None = None,
    previous_year: int | None = None,
    city_value: float | None = None,
    direction: int = 1,
    change_key: str | None = None,
    synthetic: bool = False,
) -> str:
    """One sentence for an area's indicator value, e.g.

    "Ålidhem: valdeltagande 78 % (2018), +3 procentenheter sedan 2014; lägre än staden (87 %)."

    Change since ``previous_year`` (percentage points for percent units; "ingen tydlig
    förändring" / "no clear change" when ``change_key == 'no_clear_change'``) and a comparison
    with the city in neutral words (higher/lower/same, judged on the values as displayed, i.e.
    rounded to ``decimals``). ``direction`` is validated but the wording stays neutral: better or
    worse is what the verdicts say. ``synthetic=True`` ends with "(illustrativa data)" /
    "(illustrative data)". Category units get neither change nor comparison.
    """
    text = _lang(lang)
    if direction not in (1, -1):
        raise ValueError(f"direction must be 1 or -1, got {direction!r}")
    if change_key not in (None, "increase", "decrease", "no_clear_change"):
        raise ValueError(f"unknown change_key {change_key!r}")
    if (previous_value is not None) and previous_year is None:
        raise ValueError("previous_value needs previous_year")
    if is_missing(value):
        sentence = text["no_data"].format(area=area_name, indicator=indicator_name, year=year)
        return _period(sentence, synthetic, text)

    shown = format_value(value, unit, decimals, lang)
    sentence = f"{area_name}: {indicator_name} {shown} ({year})"
    if unit != "category" and previous_year is not None and not is_missing(previous_value):
        difference = float(value) - float(previous_value)  # type: ignore[arg-type]
        change = _change(difference, unit, decimals, lang)
        key = "no_clear_change" if change_key == "no_clear_change" else "since"
        sentence += ", " + text[key].format(change=change, year=previous_year)
    if unit != "category" and not is_missing(city_value):
        here_number = round_half_up(value, decimals)  # type: ignore[arg-type]
        city_number = round_half_up(city_value, decimals)  # type: ignore[arg-type]
        key = "same" if here_number == city_number else (
            "higher" if here_number > city_number else "lower"
        )
        sentence += "; " + text[key].format(city=format_value(city_value, unit, decimals, lang))
    return _period(sentence, synthetic, text)


def verdict_sentence(
    lang: str,
    goal_name: str,
    verdict: Verdict,
    *,
    unit: str | None = None,
    decimals: int = 0,
) -> str:
    """One sentence for a progress verdict, e.g.

    "Befolkningen: framsteg, men ökad takt behövs — 1,1 % per år 2015–2025 mot 1,5 % per år
    som krävs för att nå 200 000 år 2050 (R = 0,79)."

    Always names the base and latest years, the observed and required rates and R (CAGR rates
    in percent with one decimal, R with two). The linear form gives annual changes in ``unit``
    (with ``decimals``) and says why it was used; insufficient data says what is missing.
    ``unit``/``decimals`` also format the target value.
    """
    text = _lang(lang)
    status = _lower_first(status_label(lang, verdict.status))
    goal = goal_name
    if verdict.status == "insufficient_data":
        return _insufficient_sentence(text, goal, status, verdict)

    def rate(value: float | None) -> str:
        if verdict.method == "linear":
            return format_value(value, unit or "count", decimals, lang)
        return format_value(None if value is None else 100.0 * value, "percent", 1, lang)

    common = {
        "goal": goal,
        "status": status,
        "observed": rate(verdict.observed_rate),
        "required": rate(verdict.required_rate),
        "t0": verdict.base_year,
        "t": verdict.latest_year,
    }
    if verdict.method == "cagr_no_target":
        return text["verdict_no_target"].format(**common) + "."

    ratio = (
        text["ratio_undefined"]
        if verdict.ratio is None
        else "R = " + format_number(verdict.ratio, 2, lang)
    )
    target = format_value(verdict.target_value, unit or "count", decimals, lang)
    sentence = text["verdict_target"].format(
        **common, target=target, target_year=verdict.target_year, ratio=ratio,
        extra=_verdict_notes(text, verdict)
    )
    return sentence + "."


def _insufficient_sentence(text: _Text, goal: str, status: str, verdict: Verdict) -> str:
    """What an insufficient-data verdict lacks: rates undefined for values ≤ 0, or too few
    observations (how many there are, over which years)."""
    if verdict.n_observations >= 3 and verdict.method == "cagr_no_target":
        sentence = text["verdict_undefined"].format(
            goal=goal, status=status, t0=verdict.base_year, t=verdict.latest_year
        )
        return sentence + "."
    if verdict.n_observations == 0:
        have = text["none"]
    elif verdict.base_year == verdict.latest_year:
        have = f"{verdict.n_observations} ({verdict.base_year})"
    else:
        have = f"{verdict.n_observations} ({verdict.base_year}–{verdict.latest_year})"
    return text["verdict_insufficient"].format(goal=goal, status=status, have=have) + "."


def _verdict_notes(text: _Text, verdict: Verdict) -> str:
    """The notes after R: why the linear form was used, and that the target year has passed."""
    extra = ""
    if verdict.method == "linear":
        extra += text["linear_zero"] if verdict.target_value == 0 else text["linear_nonpositive"]
    if (
        verdict.status != "target_achieved"
        and verdict.latest_year is not None
        and verdict.target_year is not None
        and verdict.latest_year >= verdict.target_year
    ):
        extra += text["year_passed"]
    return extra


def growth_sentence(
    lang: str,
    required: RequiredGrowth,
    recent: RecentGrowth,
    *,
    recent_long: RecentGrowth | None = None,
) -> str:
    """Required pace against the recent pace, e.g.

    "För att nå 200 000 invånare år 2050 behövs en ökning med 1,58 % per år, i snitt 2 589
    personer per år; 2020–2025 var förändringen i snitt +1 010 personer per år (+0,76 % per år)."

    Rates with two decimals, persons as whole numbers; the recent change is signed.
    ``recent_long`` (e.g. the 10-year pace) is appended when given.
    """
    text = _lang(lang)

    def pace(growth: RecentGrowth, key: str) -> str:
        return text[key].format(
            start=growth.start_year,
            end=growth.end_year,
            persons=format_value(growth.persons_per_year, "persons", 0, lang, signed=True),
            rate=format_value(growth.rate_pct, "percent", 2, lang, signed=True),
        )

    recent_text = pace(recent, "recent")
    if recent_long is not None:
        recent_text += pace(recent_long, "recent_more")
    sentence = text["growth"].format(
        target=format_number(required.target_value, 0, lang),
        target_year=required.target_year,
        rate=format_value(required.rate_pct, "percent", 2, lang),
        persons=format_value(required.persons_per_year_average, "persons", 0, lang),
        recent=recent_text,
    )
    return sentence + "."


def ranking_sentence(
    lang: str,
    indicator_name: str,
    top_name: str,
    top_value: float,
    bottom_name: str,
    bottom_value: float,
    unit: str,
    decimals: int,
    year: int,
    *,
    synthetic: bool = False,
) -> str:
    """Alt text for a bar chart: "Valdeltagande 2018: högst i X (92,7 %), lägst i Y (78,0 %)."."""
    text = _lang(lang)
    sentence = text["ranking"].format(
        indicator=_capitalised(indicator_name),
        year=year,
        top=top_name,
        top_value=format_value(top_value, unit, decimals, lang),
        bottom=bottom_name,
        bottom_value=format_value(bottom_value, unit, decimals, lang),
    )
    return _period(sentence, synthetic, text)


def trend_sentence(
    lang: str,
    area_name: str,
    indicator_name: str,
    first_year: int,
    first_value: float | None,
    last_year: int,
    last_value: float | None,
    unit: str,
    decimals: int,
    *,
    synthetic: bool = False,
) -> str:
    """Alt text for a time series, e.g.

    "Umeå: befolkning ökade från 104 512 personer (2000) till 135 273 personer (2025),
    +30 761 personer."  Equal displayed values: "… 87 % både 2014 och 2018.".
    """
    text = _lang(lang)
    fields = {"area": area_name, "indicator": indicator_name, "y0": first_year, "y1": last_year}
    if is_missing(first_value) or is_missing(last_value):
        return _period(text["trend_missing"].format(**fields), synthetic, text)
    first = format_value(first_value, unit, decimals, lang)
    last = format_value(last_value, unit, decimals, lang)
    difference = float(last_value) - float(first_value)  # type: ignore[arg-type]
    change = _change(difference, unit, decimals, lang)
    if change[0] == "±" or first == last:
        key = "trend_same"
    else:
        key = "trend_up" if difference > 0 else "trend_down"
    sentence = text[key].format(**fields, first=first, last=last, change=change)
    return _period(sentence, synthetic, text)
