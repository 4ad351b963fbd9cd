"""Tests for indicators.text.narratives: exact Swedish and English sentences (METHODS.md §6)."""

from __future__ import annotations

import pytest

from indicators.methods.growth import recent_growth, required_growth
from indicators.methods.peers import PEER_STATUSES
from indicators.methods.progress import STATUSES, WEATHER_STATUSES, Verdict, progress_verdict
from indicators.text.narratives import (
    STATUS_ICONS,
    STATUS_LABELS,
    growth_sentence,
    indicator_sentence,
    ranking_sentence,
    status_icon,
    status_label,
    trend_sentence,
    verdict_sentence,
)

S = "\u00a0"  # the non-breaking space between a number and its unit / thousands in Swedish


def test_indicator_sentence_methods_example() -> None:
    """The METHODS.md §6 example: 78 % in 2018, 75 % in 2014 (+3), city 87 %."""
    kwargs = {"previous_value": 75.0, "previous_year": 2014, "city_value": 87.0}
    assert indicator_sentence("sv", "Ålidhem", "valdeltagande", 78.0, "percent", 0, 2018,
                              **kwargs) == (
        f"Ålidhem: valdeltagande 78{S}% (2018), +3{S}procentenheter sedan 2014; "
        f"lägre än staden (87{S}%)."
    )
    assert indicator_sentence("en", "Ålidhem", "voter turnout", 78.0, "percent", 0, 2018,
                              **kwargs) == (
        f"Ålidhem: voter turnout 78% (2018), +3{S}percentage points since 2014; "
        "lower than the city (87%)."
    )


def test_indicator_sentence_decimals_no_clear_change_and_synthetic() -> None:
    """89.64 vs 88.91 → 89,6 % and +0,7 procentenheter; city 89.60 displays as 89,6 → same."""
    kwargs = {
        "previous_value": 88.91, "previous_year": 2014, "city_value": 89.6,
        "change_key": "no_clear_change", "synthetic": True,
    }
    assert indicator_sentence("sv", "Berghem", "valdeltagande", 89.64, "percent", 1, 2018,
                              **kwargs) == (
        f"Berghem: valdeltagande 89,6{S}% (2018), ingen tydlig förändring sedan 2014 "
        f"(+0,7{S}procentenheter); samma som staden (89,6{S}%) (illustrativa data)."
    )
    assert indicator_sentence("en", "Berghem", "voter turnout", 89.64, "percent", 1, 2018,
                              **kwargs) == (
        f"Berghem: voter turnout 89.6% (2018), no clear change since 2014 "
        f"(+0.7{S}percentage points); the same as the city (89.6%) (illustrative data)."
    )


def test_indicator_sentence_counts_and_missing() -> None:
    assert indicator_sentence("sv", "Umeå", "folkmängd", 135_273, "persons", 0, 2025,
                              previous_value=134_249, previous_year=2024) == (
        f"Umeå: folkmängd 135{S}273{S}personer (2025), +1{S}024{S}personer sedan 2024."
    )
    assert indicator_sentence("en", "Ersboda", "voter turnout", None, "percent", 0, 2018) == (
        "Ersboda: no data for voter turnout (2018)."
    )


def _population_verdict() -> Verdict:
    """Base 2015 → 2025 with the real values at the ends (see test_progress for the series)."""
    return progress_verdict(
        [2015, 2018, 2020, 2025], [120_777, 127_119, 130_224, 135_273], direction=1,
        target_value=200_000, target_year=2050,
    )


def test_verdict_sentence_population() -> None:
    """CAGR 1.14 % → "1,1 %", required 1.45 % → "1,5 %", R = 0.7854 → "0,79"."""
    verdict = _population_verdict()
    assert verdict_sentence("sv", "Befolkningen", verdict, unit="persons") == (
        f"Befolkningen: framsteg, men ökad takt behövs — 1,1{S}% per år 2015–2025 mot "
        f"1,5{S}% per år som krävs för att nå 200{S}000{S}personer år 2050 (R = 0,79)."
    )
    assert verdict_sentence("en", "Population", verdict, unit="persons") == (
        "Population: progress, but acceleration needed — 1.1% a year 2015–2025 against "
        f"1.5% a year required to reach 200,000{S}people by 2050 (R = 0.79)."
    )


def test_verdict_sentence_linear_zero_target() -> None:
    """Emissions 481,807.23 (1990) → 365,009.52 (2024), target 0 in 2030: −3,435 vs −12,045 t/yr,
    R = 0.2852 → "0,29"."""
    verdict = progress_verdict(
        [1990, 2000, 2010, 2024], [481_807.23, 460_700.03, 450_675.40, 365_009.52],
        direction=-1, target_value=0, target_year=2030,
    )
    assert verdict_sentence("sv", "Utsläppen", verdict, unit="tonnes") == (
        f"Utsläppen: begränsade framsteg — −3{S}435{S}t CO₂e per år 1990–2024 mot "
        f"−12{S}045{S}t CO₂e per år som krävs för att nå 0{S}t CO₂e år 2030 "
        "(R = 0,29; linjär form eftersom målet är noll)."
    )
    assert verdict_sentence("en", "Emissions", verdict, unit="tonnes") == (
        f"Emissions: limited progress — −3,435{S}t CO₂e a year 1990–2024 against "
        f"−12,045{S}t CO₂e a year required to reach 0{S}t CO₂e by 2030 "
        "(R = 0.29; linear form because the target is zero)."
    )


def test_verdict_sentence_insufficient_and_no_target() -> None:
    few = progress_verdict([2018, 2022], [1.0, 2.0], direction=1)
    assert verdict_sentence("sv", "Föreningsliv", few) == (
        "Föreningsliv: otillräckliga data — minst 3 observationer under minst 4 år behövs, "
        "finns 2 (2018–2022)."
    )
    assert verdict_sentence("en", "Associations", few) == (
        "Associations: insufficient data — at least 3 observations over at least 4 years are "
        "needed, there are 2 (2018–2022)."
    )
    # (1.0615)^(1/4) − 1 = 1.503 % ≥ 1.5 % → on track; shown as 1,5 %
    open_ended = progress_verdict([2020, 2022, 2024], [100, 103, 106.15], direction=1)
    assert verdict_sentence("sv", "Andel", open_ended) == (
        f"Andel: i fas — 1,5{S}% per år 2020–2024 mot 1,5{S}% per år som räknas som i fas "
        "(inget siffersatt mål)."
    )


def test_growth_sentence() -> None:
    """Required 1.576 % (2,589.08 a year on average); recent 2020–2025 +1,009.8 a year (0.764 %)."""
    need = required_growth(2025, 135_273)
    recent = recent_growth([2020, 2025], [130_224, 135_273], 5)
    assert growth_sentence("sv", need, recent) == (
        f"För att nå 200{S}000 invånare år 2050 behövs en ökning med 1,58{S}% per år, i snitt "
        f"2{S}589{S}personer per år; 2020–2025 var förändringen i snitt +1{S}010{S}personer "
        f"per år (+0,76{S}% per år)."
    )
    assert growth_sentence("en", need, recent) == (
        "Reaching 200,000 inhabitants by 2050 takes growth of 1.58% a year, on average "
        f"2,589{S}people a year; 2020–2025 the average change was +1,010{S}people a year "
        "(+0.76% a year)."
    )


def test_ranking_and_trend_sentences() -> None:
    assert ranking_sentence("sv", "valdeltagande", "Sandåkern", 92.71, "Ålidhem", 78.0,
                            "percent", 1, 2018) == (
        f"Valdeltagande 2018: högst i Sandåkern (92,7{S}%), lägst i Ålidhem (78,0{S}%)."
    )
    assert ranking_sentence("en", "voter turnout", "Sandåkern", 92.71, "Ålidhem", 78.0,
                            "percent", 1, 2018, synthetic=True) == (
        "Voter turnout 2018: highest in Sandåkern (92.7%), lowest in Ålidhem (78.0%) "
        "(illustrative data)."
    )
    assert trend_sentence("sv", "Umeå", "befolkningen", 2000, 104_512, 2025, 135_273,
                          "persons", 0) == (
        f"Umeå: befolkningen ökade från 104{S}512{S}personer (2000) till "
        f"135{S}273{S}personer (2025), +30{S}761{S}personer."
    )
    assert trend_sentence("en", "Umeå", "emissions", 1990, 481_807.23, 2024, 365_009.52,
                          "tonnes", 0) == (
        f"Umeå: emissions fell from 481,807{S}t CO₂e (1990) to 365,010{S}t CO₂e (2024), "
        f"−116,798{S}t CO₂e."
    )
    assert trend_sentence("en", "Berghem", "voter turnout", 2014, 87.0, 2018, 87.2,
                          "percent", 0) == "Berghem: voter turnout 87% in both 2014 and 2018."


def test_every_status_has_words_in_both_languages_and_an_icon() -> None:
    keys = set(STATUSES) | set(WEATHER_STATUSES) | set(PEER_STATUSES) | {
        "increase", "decrease", "no_clear_change", "target_reached", "target_missed",
    }
    assert keys <= set(STATUS_LABELS) and keys <= set(STATUS_ICONS)
    for key in keys:
        assert status_label("sv", key) and status_label("en", key) and status_icon(key)
    assert status_label("sv", "acceleration_needed") == "Framsteg, men ökad takt behövs"
    assert status_label("sv", "target_achieved") == "Målet nått"
    assert status_label("en", "on_track") == "On track"
    assert status_icon("sun") == "☀" and status_icon("storm") == "⛈"


def test_unknown_keys_and_languages_are_rejected() -> None:
    with pytest.raises(ValueError):
        status_label("sv", "great")
    with pytest.raises(ValueError):
        status_icon("great")
    with pytest.raises(ValueError):
        status_label("fi", "on_track")
    with pytest.raises(ValueError):
        indicator_sentence("sv", "A", "x", 1.0, "percent", 0, 2018, change_key="up")
