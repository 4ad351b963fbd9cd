"""Tests for indicators.text.formatting: Swedish and English numbers and units."""

from __future__ import annotations

import math

import pytest

from indicators.text.formatting import (
    format_number,
    format_percent_points,
    format_signed,
    format_value,
    round_half_up,
)

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "decimals", "sv", "en"),
    [
        (135273, 0, f"135{NBSP}273", "135,273"),
        (1234567.891, 2, f"1{NBSP}234{NBSP}567,89", "1,234,567.89"),
        (89.64, 1, "89,6", "89.6"),
        # half up on the shown decimal, not half to even
        (0.125, 2, "0,13", "0.13"),
        (2.5, 0, "3", "3"),
        (-3435.23, 0, f"−3{NBSP}435", "−3,435"),
        # rounds to zero: no minus sign
        (-0.04, 1, "0,0", "0.0"),
        (None, 1, "–", "–"),
        (math.nan, 0, "–", "–"),
    ],
)
def test_format_number(value, decimals, sv, en) -> None:
    assert format_number(value, decimals, "sv") == sv
    assert format_number(value, decimals, "en") == en


def test_format_signed() -> None:
    assert format_signed(1.54, 1, "sv") == "+1,5"
    assert format_signed(-1.54, 1, "en") == "−1.5"
    assert format_signed(0.01, 1, "sv") == "±0,0"
    assert format_signed(None, 1, "sv") == "–"


def test_format_percent_points() -> None:
    assert format_percent_points(3.2, 0, "sv") == f"+3{NBSP}procentenheter"
    assert format_percent_points(-1.0, 0, "sv") == f"−1{NBSP}procentenhet"
    assert format_percent_points(1.0, 0, "en") == f"+1{NBSP}percentage point"
    assert format_percent_points(-2.45, 1, "en") == f"−2.5{NBSP}percentage points"


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "sv", "en"),
    [
        (89.64, "percent", 1, f"89,6{NBSP}%", "89.6%"),
        (135273, "persons", 0, f"135{NBSP}273{NBSP}personer", f"135,273{NBSP}people"),
        (1, "persons", 0, f"1{NBSP}person", f"1{NBSP}person"),
        (365009.52, "tonnes", 0, f"365{NBSP}010{NBSP}t CO₂e", f"365,010{NBSP}t CO₂e"),
        (431, "per_1000", 0, f"431{NBSP}per 1{NBSP}000 invånare",
         f"431{NBSP}per 1,000 inhabitants"),
        (72.4, "index", 0, f"72{NBSP}av 100", f"72{NBSP}out of 100"),
        (25000, "sek", 0, f"25{NBSP}000{NBSP}kr", f"25,000{NBSP}SEK"),
        (12.5, "minutes", 1, f"12,5{NBSP}min", f"12.5{NBSP}min"),
        (350, "metres", 0, f"350{NBSP}m", f"350{NBSP}m"),
        (1234, "count", 0, f"1{NBSP}234", "1,234"),
        ("Stora utmaningar", "category", 0, "Stora utmaningar", "Stora utmaningar"),
        (4, "category", 0, "4", "4"),
        (None, "percent", 1, "–", "–"),
    ],
)
def test_format_value(value, unit, decimals, sv, en) -> None:
    assert format_value(value, unit, decimals, "sv") == sv
    assert format_value(value, unit, decimals, "en") == en


def test_format_value_signed() -> None:
    assert format_value(1009.8, "persons", 0, "sv", signed=True) == f"+1{NBSP}010{NBSP}personer"


@pytest.mark.parametrize(
    "call",
    [
        lambda: format_number(1.0, 1, "de"),
        lambda: format_number(1.0, -1, "sv"),
        lambda: format_number(float("inf"), 1, "sv"),
        lambda: format_value(1.0, "furlongs", 0, "sv"),
        lambda: format_value("many", "persons", 0, "sv"),
    ],
)
def test_rejects_nonsense(call) -> None:
    with pytest.raises(ValueError):
        call()


def test_round_half_up() -> None:
    assert round_half_up(0.125, 2) == 0.13
    assert round_half_up(-2.5, 0) == -3.0


def test_interval_text_one_way_in_both_languages():
    """The one interval text (map hovers, participation and profile tables): bounds joined by an
    en dash, the percent sign once, after the upper bound."""
    from indicators.text.formatting import interval_text

    assert interval_text(75.31, 80.46, 1, "sv") == f"75,3–80,5{NBSP}%"
    assert interval_text(75.31, 80.46, 1, "en") == "75.3–80.5%"
    assert interval_text(float("nan"), 80.0, 1, "sv") == "–"
    assert interval_text(None, 80.0, 1, "sv", missing="") == ""


def test_numbers_are_written_exactly_as_babel_writes_them():
    """The fast path (Python's grouping with the locale's marks) gives babel's text."""
    import random
    from decimal import Decimal

    from babel.numbers import format_decimal

    from indicators.text.formatting import LOCALES, _format_abs, _rounded

    generator = random.Random(11)
    values = [generator.uniform(-1, 1) * 10 ** generator.randint(0, 12) for _ in range(3000)]
    values += [0.0, 0.5, 999.5, 1000, 9999.995, 123456789.125, 1e15]
    for lang, locale in LOCALES.items():
        for value in values:
            for decimals in (0, 1, 2, 4):
                rounded = _rounded(value, decimals)
                pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
                assert _format_abs(rounded, decimals, lang) == format_decimal(
                    abs(rounded), format=pattern, locale=locale), (value, decimals, lang)
    assert _format_abs(Decimal("1234567.5"), 1, "sv") == "1\u00a0234\u00a0567,5"
