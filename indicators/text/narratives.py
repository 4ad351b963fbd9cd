"""Generated sentences in Swedish (sv) and English (en) for charts, profiles and verdicts.

Each sentence is a chart's alt text, the kiosk caption and the first line of a printed profile
(METHODS.md §6). Functions are pure and take names already localised by the caller; numbers go
through ``indicators.text.formatting`` (decimal comma and non-breaking spaces in Swedish).
"""

from __future__ import annotations

from indicators.text.formatting import (
    format_number,
    format_percent_points,
    format_value,
    is_missing,
    round_half_up,
)
from indicators.methods.growth import RecentGrowth, RequiredGrowth
from indicators.methods.progress import Verdict

LANGS = ("sv", "en")

STATUS_LABELS: dict[str, dict[str, str]] = {
    # progress_verdict
    "target_achieved": {"sv": "Målet nått", "en": "Target achieved"},
    "on_track": {"sv": "I fas", "en": "On track"},
    "acceleration_needed": {
        "sv": "Framsteg, men ökad takt behövs",
        "en": "Progress, but acceleration needed",
    },
    "limited_progress": {"sv": "Begränsade framsteg", "en": "Limited progress"},
    "deterioration": {"sv": "Försämring", "en": "Deterioration"},
    "insufficient_data": {"sv": "Otillräckliga data", "en": "Insufficient data"},
    # weather_verdict
    "sun": {"sv": "Sol: målet nås", "en": "Sun: target will be met"},
    "light_clouds": {"sv": "Lätta moln: nära målet", "en": "Light clouds: close to the target"},
    "clouds": {
        "sv": "Moln: rätt riktning men långt från målet",
        "en": "Clouds: right direction, far from the target",
    },
    "storm": {"sv": "Oväder: fel riktning", "en": "Storm: wrong direction"},
    # strength_reading
    "strength": {"sv": "Styrka", "en": "Strength"},
    "weakness": {"sv": "Svaghet", "en": "Weakness"},
    "similar": {"sv": "Som liknande områden", "en": "Similar to peers"},
    # change_reading
    "increase": {"sv": "Ökning", "en": "Increase"},
    "decrease": {"sv": "Minskning", "en": "Decrease"},
    "no_clear_change": {"sv": "Ingen tydlig förändring", "en": "No clear change"},
    # what_if
    "target_reached": {"sv": "Målet nås", "en": "Target reached"},
    "target_missed": {"sv": "Målet nås inte", "en": "Target missed"},
}

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

_TEXT = {
    "sv": {
        "no_data": "{area}: inga data för {indicator} ({year})",
        "since": "{change} sedan {year}",
        "no_clear_change": "ingen tydlig förändring sedan {year} ({change})",
        "higher": "högre än staden ({city})",
        "lower": "lägre än staden ({city})",
        "same": "samma som staden ({city})",
        "synthetic": " (illustrativa data)",
        "per_year": "per år",
        "verdict_target": (
            "{goal}: {status} — {observed} per år {t0}–{t} mot {required} per år som krävs "
            "för att nå {target} år {target_year} ({ratio}{extra})"
        ),
        "verdict_no_target": (
            "{goal}: {status} — {observed} per år {t0}–{t} mot {required} per år som räknas "
            "som i fas (inget siffersatt mål)"
        ),
        "verdict_insufficient": (
            "{goal}: {status} — minst 3 observationer under minst 4 år behövs, finns {have}"
        ),
        "verdict_undefined": (
            "{goal}: {status} — utan siffersatt mål kan tillväxttakten inte beräknas "
            "för värden ≤ 0 ({t0}–{t})"
        ),
        "none": "inga",
        "ratio_undefined": "R ej definierat",
        "linear_zero": "; linjär form eftersom målet är noll",
        "linear_nonpositive": (
            "; linjär form eftersom tillväxttakten inte är definierad för värden ≤ 0"
        ),
        "year_passed": "; målåret har passerats",
        "growth": (
            "För att nå {target} invånare år {target_year} behövs en ökning med {rate} per år, "
            "i snitt {persons} per år; {recent}"
        ),
        "recent": "{start}–{end} var förändringen i snitt {persons} per år ({rate} per år)",
        "recent_more": " och {start}–{end} {persons} per år ({rate} per år)",
        "ranking": (
            "{indicator} {year}: högst i {top} ({top_value}), lägst i {bottom} ({bottom_value})"
        ),
        "trend_up": "{area}: {indicator} ökade från {first} ({y0}) till {last} ({y1}), {change}",
        "trend_down": (
            "{area}: {indicator} minskade från {first} ({y0}) till {last} ({y1}), {change}"
        ),
        "trend_same": "{area}: {indicator} {last} både {y0} och {y1}",
        "trend_missing": "{area}: {indicator}: data saknas för {y0} eller {y1}",
    },
    "en": {
        "no_data": "{area}: no data for {indicator} ({year})",
        "since": "{change} since {year}",
        "no_clear_change": "no clear change since {year} ({change})",
        "higher": "higher than the city ({city})",
        "lower": "lower than the city ({city})",
        "same": "the same as the city ({city})",
        "synthetic": " (illustrative data)",
        "per_year": "a year",
        "verdict_target": (
            "{goal}: {status} — {observed} a year {t0}–{t} against {required} a year required "
            "to reach {target} by {target_year} ({ratio}{extra})"
        ),
        "verdict_no_target": (
            "{goal}: {status} — {observed} a year {t0}–{t} against {required} a year that counts "
            "as on track (no numeric target)"
        ),
        "verdict_insufficient": (
            "{goal}: {status} — at least 3 observations over at least 4 years are needed, "
            "there are {have}"
        ),
        "verdict_undefined": (
            "{goal}: {status} — without a numeric target the growth rate cannot be computed "
            "for values ≤ 0 ({t0}–{t})"
        ),
        "none": "none",
        "ratio_undefined": "R undefined",
        "linear_zero": "; linear form because the target is zero",
        "linear_nonpositive": "; linear form because a growth rate is undefined for values ≤ 0",
        "year_passed": "; the target year has passed",
        "growth": (
            "Reaching {target} inhabitants by {target_year} takes growth of {rate} a year, "
            "on average {persons} a year; {recent}"
        ),
        "recent": "{start}–{end} the average change was {persons} a year ({rate} a year)",
        "recent_more": " and {start}–{end} {persons} a year ({rate} a year)",
        "ranking": (
            "{indicator} {year}: highest in {top} ({top_value}), "
            "lowest in {bottom} ({bottom_value})"
        ),
        "trend_up": "{area}: {indicator} rose from {first} ({y0}) to {last} ({y1}), {change}",
        "trend_down": "{area}: {indicator} fell from {first} ({y0}) to {last} ({y1}), {change}",
        "trend_same": "{area}: {indicator} {last} in both {y0} and {y1}",
        "trend_missing": "{area}: {indicator}: no data for {y0} or {y1}",
    },
}


def _lang(lang: str) -> dict[str, str]:
    if lang not in LANGS:
        raise ValueError(f"lang must be 'sv' or 'en', got {lang!r}")
    return _TEXT[lang]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _period(sentence: str, synthetic: bool, text: dict[str, str]) -> str:
    return sentence + (text["synthetic"] if synthetic else "") + "."


def _change(difference: float, unit: str, decimals: int, lang: str) -> str:
    if unit == "percent":
        return format_percent_points(difference, decimals, lang)
    return format_value(difference, unit, decimals, lang, signed=True)


def status_label(lang: str, status_key: str) -> str:
    """The word(s) for a status key of progress, weather, peer, change or what-if readings."""
    _lang(lang)
    try:
        return STATUS_LABELS[status_key][lang]
    except KeyError:
        raise ValueError(f"unknown status key {status_key!r}") from None


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
    target = format_value(verdict.target_value, unit or "count", decimals, lang)
    sentence = text["verdict_target"].format(
        **common, target=target, target_year=verdict.target_year, ratio=ratio, extra=extra
    )
    return sentence + "."


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
