"""Locale-aware number formatting for Swedish (sv) and English (en) text.

Swedish: decimal comma and a non-breaking space between thousands ("135 273", "89,6 %");
English (en_GB): decimal point and comma thousands ("135,273", "89.6%"). Negative numbers get a
real minus sign "−" (U+2212) in both languages. Rounding is half up on the decimal shown
(0.125 → 0.13, 2.5 → 3), as readers expect, not Python's half to even. Missing values
(None/NaN) render as an en dash "–"; wording for "no data" belongs to the caller.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.numbers import get_decimal_symbol, get_group_symbol

LOCALES = {"sv": "sv_SE", "en": "en_GB"}
MISSING = "–"
MINUS = "−"
NBSP = "\u00a0"

# Text after the number, per unit and language, with a leading non-breaking space where wanted.
UNIT_SUFFIXES: dict[str, dict[str, str]] = {
    "percent": {"sv": NBSP + "%", "en": "%"},
    "persons": {"sv": NBSP + "personer", "en": NBSP + "people"},
    "tonnes": {"sv": NBSP + "t CO₂e", "en": NBSP + "t CO₂e"},
    "tonnes_per_person": {"sv": NBSP + "t CO₂e per invånare", "en": NBSP + "t CO₂e per person"},
    "per_1000": {
        "sv": NBSP + "per 1" + NBSP + "000 invånare",
        "en": NBSP + "per 1,000 inhabitants",
    },
    "index": {"sv": NBSP + "av 100", "en": NBSP + "out of 100"},
    "sek": {"sv": NBSP + "kr", "en": NBSP + "SEK"},
    "sek_thousands": {"sv": NBSP + "tkr", "en": NBSP + "thousand SEK"},
    "minutes": {"sv": NBSP + "min", "en": NBSP + "min"},
    "metres": {"sv": NBSP + "m", "en": NBSP + "m"},
    "count": {"sv": "", "en": ""},
    "category": {"sv": "", "en": ""},
}
SINGULAR_SUFFIXES: dict[str, dict[str, str]] = {
    "persons": {"sv": NBSP + "person", "en": NBSP + "person"},
}
PERCENT_POINTS = {
    "sv": ("procentenhet", "procentenheter"),
    "en": ("percentage point", "percentage points"),
}


def _locale(lang: str) -> str:
    try:
        return LOCALES[lang]
    except KeyError:
        raise ValueError(f"lang must be one of {sorted(LOCALES)}, got {lang!r}") from None


def _decimals(decimals: int) -> int:
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 10:
        raise ValueError(f"decimals must be a whole number 0–10, got {decimals!r}")
    return decimals


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas' missing markers."""
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _rounded(value: float, decimals: int) -> Decimal:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"cannot format an infinite value: {value!r}")
    return Decimal(repr(number)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def round_half_up(value: float, decimals: int) -> float:
    """``value`` rounded half up to ``decimals`` places, as it will be displayed."""
    return float(_rounded(value, _decimals(decimals)))


@lru_cache(maxsize=8)
def _symbols(lang: str) -> tuple[str, str]:
    """The locale's (group, decimal) marks, looked up once: babel per number cost ~100 µs, and
    a national map formats tens of thousands of numbers per run."""
    locale = _locale(lang)
    return get_group_symbol(locale), get_decimal_symbol(locale)


def _format_abs(rounded: Decimal, decimals: int, lang: str) -> str:
    """babel's ``format_decimal(abs(rounded), "#,##0.00…", locale)``, written by Python's own
    grouping with the locale's marks swapped in (the same text; tests/test_formatting.py)."""
    group, point = _symbols(lang)
    text = f"{abs(rounded):,.{decimals}f}"
    return text.translate({ord(","): group, ord("."): point})


def format_number(value: float | None, decimals: int, lang: str) -> str:
    """Format a number with fixed decimals: sv "1 234,5" (NBSP thousands), en "1,234.5".

    Half-up rounding; "−" for negatives; a value that rounds to zero has no sign; None/NaN → "–".
    """
    places = _decimals(decimals)
    _locale(lang)
    if is_missing(value):
        return MISSING
    rounded = _rounded(value, places)  # type: ignore[arg-type]
    text = _format_abs(rounded, places, lang)
    return MINUS + text if rounded < 0 else text


def format_signed(value: float | None, decimals: int, lang: str) -> str:
    """Like ``format_number`` but always signed: "+1,5", "−1,5"; zero (after rounding) is "±0"."""
    places = _decimals(decimals)
    _locale(lang)
    if is_missing(value):
        return MISSING
    rounded = _rounded(value, places)  # type: ignore[arg-type]
    text = _format_abs(rounded, places, lang)
    if rounded > 0:
        return "+" + text
    if rounded < 0:
        return MINUS + text
    return "±" + text


def format_percent_points(value: float | None, decimals: int, lang: str) -> str:
    """A signed change in percentage points: sv "+3 procentenheter", en "−1.5 percentage points".

    Singular when the shown number is exactly 1 ("+1 procentenhet").
    """
    text = format_signed(value, decimals, lang)
    if text == MISSING:
        return MISSING
    singular, plural = PERCENT_POINTS[lang]
    word = singular if text[1:] == "1" else plural
    return f"{text}{NBSP}{word}"


def unit_suffix(unit: str, lang: str, value: float | None = None, decimals: int = 0) -> str:
    """The text after a number in ``unit`` (with its leading non-breaking space, if any)."""
    _locale(lang)
    if unit not in UNIT_SUFFIXES:
        raise ValueError(f"unknown unit {unit!r}; known: {sorted(UNIT_SUFFIXES)}")
    if unit in SINGULAR_SUFFIXES and not is_missing(value):
        if abs(_rounded(value, decimals)) == 1:  # type: ignore[arg-type]
            return SINGULAR_SUFFIXES[unit][lang]
    return UNIT_SUFFIXES[unit][lang]


def format_value(
    value: float | str | None, unit: str, decimals: int, lang: str, *, signed: bool = False
) -> str:
    """A number with its unit: percent "89,6 %" / "89.6%", tonnes "365 010 t CO₂e", etc.

    Units: percent, persons, tonnes, tonnes_per_person, per_1000, index (0–100 "72 av 100"), sek,
    sek_thousands, minutes, metres, count (no suffix), category (the label as given, or a number
    without decimals). ``signed=True`` uses ``format_signed``. Missing → "–" (no unit).
    """
    suffix_check = unit_suffix(unit, lang)  # validates unit and lang
    if is_missing(value):
        return MISSING
    if unit == "category":
        if isinstance(value, str):
            return value
        return format_number(value, 0, lang)
    if isinstance(value, str):
        raise ValueError(f"a {unit} value must be a number, got {value!r}")
    number = (format_signed if signed else format_number)(value, decimals, lang)
    suffix = unit_suffix(unit, lang, value, decimals) if unit in SINGULAR_SUFFIXES else suffix_check
    return number + suffix


def interval_text(low: float | None, high: float | None, decimals: int, lang: str, *,
                  missing: str = MISSING) -> str:
    """A 95 % interval's bounds in percent, an en dash between them: "75,3–80,5 %" /
    "75.3–80.5%"; `missing` when either bound is unknown."""
    if is_missing(low) or is_missing(high):
        return missing
    return (format_number(low, decimals, lang) + "–"
            + format_value(high, "percent", decimals, lang))
