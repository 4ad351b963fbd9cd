"""Tests for indicators.views.profile: the district profile's headline, scorecard, peers, intervals
and growth share, against values computed by hand (recipes in the docstrings)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from indicators.data.catalogue import SPI_COMPONENTS, load_catalogue
from indicators.text.i18n import STRINGS
from indicators.views import profile, profile_peers, profile_series
from indicators.views.downloads import to_csv_bytes

NBSP = "\u00a0"
CATALOGUE = load_catalogue(demo=True)
TURNOUT = CATALOGUE.indicator("turnout_riksdag")
SAFETY = CATALOGUE.indicator("perceived_safety")
ELIGIBLE = CATALOGUE.indicator("eligible_voters")


def obs(indicator_id, area_id, year, value, numerator=None, denominator=None, *,
        suppressed=False, quality="derived", sex="total", source="valmyndigheten"):
    return {"indicator_id": indicator_id, "area_id": area_id, "area_name": area_id.split(":")[-1],
            "year": year, "sex": sex, "value": math.nan if suppressed else value,
            "numerator": math.nan if suppressed else numerator,
            "denominator": math.nan if suppressed else denominator, "quality": quality,
            "source_id": source, "suppressed": suppressed}


def frame(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


# --- headline ---------------------------------------------------------------------------------

def test_sentence_name_lowers_only_ordinary_words():
    assert profile.sentence_name("Valdeltagande, riksdagsval") == "valdeltagande, riksdagsval"
    assert profile.sentence_name("RegSO-typ") == "RegSO-typ"
    assert profile.sentence_name("") == ""


def _alidhem():
    district = frame(obs("turnout_riksdag", "district:A", 2014, 75.0, 750, 1000),
                     obs("turnout_riksdag", "district:A", 2018, 78.0, 780, 1000))
    city = frame(obs("turnout_riksdag", "kommun:2480", 2014, 100 * 2545 / 2945, 2545, 2945),
                 obs("turnout_riksdag", "kommun:2480", 2018, 100 * 2661 / 2998, 2661, 2998))
    return district, city


def test_headline_is_the_narrative_sentence_with_a_clear_change():
    """78,0 % in 2018 against 75,0 % in 2014, n = 1000 each: Wilson 95 % intervals
    75,3–80,5 % and 72,2–77,6 % do not contain the other value → a clear increase.
    City 2018: 2661 / 2998 = 88,76 % → shown 88,8 %."""
    district, city = _alidhem()
    head = profile.headline("Ålidhem", TURNOUT, district, city, "sv")
    assert head.sentence == (f"Ålidhem: valdeltagande, riksdagsval 78,0{NBSP}% (2018), "
                             f"+3,0{NBSP}procentenheter sedan 2014; lägre än staden "
                             f"(88,8{NBSP}%).")
    assert (head.change_key, head.year, head.previous_year) == ("increase", 2018, 2014)
    english = profile.headline("Ålidhem", TURNOUT, district, city, "en").sentence
    assert "78.0% (2018)" in english and "lower than the city (88.8%)" in english


def test_headline_says_no_clear_change_when_intervals_overlap():
    """50/100 → 53/100: the 2014 interval (Wilson) is about 40,4–59,6 %, which holds 53 % →
    no clear change, said in the sentence."""
    district = frame(obs("turnout_riksdag", "district:A", 2014, 50.0, 50, 100),
                     obs("turnout_riksdag", "district:A", 2018, 53.0, 53, 100))
    head = profile.headline("A", TURNOUT, district, frame(), "sv")
    assert head.change_key == "no_clear_change"
    assert "ingen tydlig förändring sedan 2014" in head.sentence


def test_headline_of_a_suppressed_value_shows_no_number():
    district = frame(obs("turnout_riksdag", "district:D", 2014, 0, suppressed=True),
                     obs("turnout_riksdag", "district:D", 2018, 0, suppressed=True))
    head = profile.headline("Sävar <img src=x>", TURNOUT, district, frame(), "sv")
    assert head.suppressed and ".." in head.sentence
    assert not any(ch.isdigit() for ch in head.sentence.replace("2018", "").replace("x>", ""))


def test_change_between_needs_numerator_and_denominator():
    a = pd.Series({"value": 50.0, "numerator": None, "denominator": None})
    b = pd.Series({"value": 60.0, "numerator": 60, "denominator": 100})
    assert profile.change_between(a, b) is None


# --- scorecard --------------------------------------------------------------------------------

def _scorecard_inputs():
    """Districts A–D like the fixture: perceived safety 2024 A 79, B 74, C 84, D 89 (synthetic,
    no city value); turnout 2018 A 78, B 92, C and D suppressed; city 88,76 %; eligible voters
    2018 A 1000, B 1000, C 950, D 48 (context)."""
    rows = [obs("perceived_safety", f"district:{a}", 2024, v, quality="synthetic",
                source="synthetic_generator")
            for a, v in zip("ABCD", (79, 74, 84, 89), strict=True)]
    rows += [obs("perceived_safety", "district:A", 2023, 60, quality="synthetic",
                 source="synthetic_generator")]
    rows += [obs("turnout_riksdag", "district:A", 2018, 78.0, 780, 1000),
             obs("turnout_riksdag", "district:B", 2018, 92.0, 920, 1000),
             obs("turnout_riksdag", "district:C", 2018, 0, suppressed=True),
             obs("turnout_riksdag", "district:D", 2018, 0, suppressed=True)]
    rows += [obs("eligible_voters", f"district:{a}", 2018, v)
             for a, v in zip("ABCD", (1000, 1000, 950, 48), strict=True)]
    city = frame(obs("turnout_riksdag", "kommun:2480", 2018, 100 * 2661 / 2998, 2661, 2998),
                 obs("eligible_voters", "kommun:2480", 2018, 2998))
    scores = pd.DataFrame({"indicator_id": ["turnout_riksdag", "perceived_safety"],
                           "area_id": ["district:A", "district:A"], "year": [2018, 2024],
                           "sex": ["total", "total"], "score": [56.0, 65.0]})
    return frame(*rows), city, scores


def test_scorecard_by_hand():
    """A against peers B, C, D.
    Safety: peers 74, 84, 89 → median 84, MAD (10 + 0 + 5)/3 = 5; A − 84 = −5, not below −5 →
    similar. City: no kommun value → median of all districts (79 + 84)/2 = 81,5.
    Turnout: peers' published values only B (92) → 1 peer < 3 → insufficient data; city 88,76.
    Eligible voters: context, never judged; peer median 950."""
    districts, city, scores = _scorecard_inputs()
    rows = profile.scorecard("district:A", [TURNOUT, ELIGIBLE, SAFETY], districts, city, scores,
                             ["district:B", "district:C", "district:D"]).set_index("indicator_id")
    safety = rows.loc["perceived_safety"]
    assert (safety["year"], safety["value"], safety["status"]) == (2024, 79.0, "similar")
    assert safety["peer_median"] == 84.0 and safety["n_peers"] == 3
    assert safety["city_value"] == 81.5 and safety["city_basis"] == profile.DISTRICT_MEDIAN
    assert safety["score"] == 65.0 and safety["illustrative"]
    turnout = rows.loc["turnout_riksdag"]
    assert turnout["city_value"] == pytest.approx(88.759173)
    assert turnout["city_basis"] == profile.CITY
    assert (turnout["status"], turnout["peer_median"], turnout["n_peers"]) == (
        "insufficient_data", 92.0, 1)
    assert not turnout["illustrative"]
    eligible = rows.loc["eligible_voters"]
    assert eligible["status"] == profile.CONTEXT and eligible["peer_median"] == 950.0
    assert math.isnan(eligible["score"])


def test_scorecard_weakness_strength_suppressed_and_missing():
    """B (74) against A, C, D (79, 84, 89): median 84, MAD (5 + 0 + 5)/3 = 3,33; 74 − 84 = −10 →
    weakness. D (89) against A, B, C (79, 74, 84): median 79, MAD 3,33, +10 → strength.
    C's turnout is suppressed (value NaN, suppressed True); an absent district is 'no data'."""
    districts, city, scores = _scorecard_inputs()
    def status(area, peers):
        rows = profile.scorecard(area, [SAFETY], districts, city, scores, peers)
        return rows.iloc[0]["status"]
    assert status("district:B", ["district:A", "district:C", "district:D"]) == "weakness"
    assert status("district:D", ["district:A", "district:B", "district:C"]) == "strength"
    c = profile.scorecard("district:C", [TURNOUT], districts, city, scores, []).iloc[0]
    assert c["suppressed"] and math.isnan(c["value"])
    e = profile.scorecard("district:E", [TURNOUT], districts, city, scores, []).iloc[0]
    assert not e["suppressed"] and math.isnan(e["value"]) and pd.isna(e["quality"])


def _random_scorecard_inputs(seed: int):
    """Observations of a few indicators (context ones too) for 12 districts over 4 years in
    three sexes, with suppressed cells, missing values, absent areas and repeated rows; city
    rows for some indicator-years; scores for some."""
    rng = np.random.default_rng(seed)
    indicators = [i for i in CATALOGUE.indicators if "district" in i.levels][:9]
    areas = [f"district:{n}" for n in range(12)]
    rows = []
    for indicator in indicators:
        last = 2020 + int(rng.integers(0, 4))
        for area in areas:
            for year in range(2017, last + 1):
                for sex in ("total", "women", "men"):
                    if rng.random() < 0.2:
                        continue
                    hidden = bool(rng.random() < 0.15)
                    value = None if hidden or rng.random() < 0.05 else float(rng.normal(50, 9))
                    rows.append(obs(indicator.id, area, year, value, suppressed=hidden,
                                    quality=str(rng.choice(["official", "synthetic"])), sex=sex))
                    if rng.random() < 0.03:
                        rows.append(rows[-1])
    districts = frame(*rows).sample(frac=1.0, random_state=seed).reset_index(drop=True)
    city = frame(*[obs(i.id, "kommun:2480", year, float(rng.normal(50, 9)), sex=sex,
                       suppressed=bool(rng.random() < 0.2))
                   for i in indicators for year in range(2017, 2024) for sex in ("total", "men")
                   if rng.random() < 0.6])
    scores = pd.DataFrame([{"indicator_id": i.id, "area_id": a, "year": y, "sex": "total",
                            "score": float(rng.uniform(0, 100))}
                           for i in indicators for a in areas[:4] for y in range(2017, 2024)
                           if rng.random() < 0.5])
    return indicators, areas, districts, city, scores


@pytest.mark.parametrize("seed", range(12))
def test_the_vectorised_scorecard_equals_the_reference(seed):
    """profile.scorecard (whole-frame steps) gives exactly what the plain per-indicator loop
    in tests/fixtures/scorecard_reference.py gives."""
    from tests.fixtures import scorecard_reference

    indicators, areas, districts, city, scores = _random_scorecard_inputs(seed)
    for area, peers in ((areas[0], areas[1:6]), (areas[7], areas[:3]), ("district:none", [])):
        pd.testing.assert_frame_equal(
            profile.scorecard(area, indicators, districts, city, scores, peers),
            scorecard_reference.scorecard(area, indicators, districts, city, scores, peers))
    by_hand = _scorecard_inputs()
    for area in ("district:A", "district:C", "district:E"):
        pd.testing.assert_frame_equal(
            profile.scorecard(area, [TURNOUT, ELIGIBLE, SAFETY], *by_hand, ["district:B"]),
            scorecard_reference.scorecard(area, [TURNOUT, ELIGIBLE, SAFETY], *by_hand,
                                          ["district:B"]))


def test_scorecard_leaves_out_indicators_without_district_data():
    districts, city, scores = _scorecard_inputs()
    municipal = CATALOGUE.indicator("turnout_municipal")
    rows = profile.scorecard("district:A", [municipal, SAFETY], districts, city, scores, [])
    assert rows["indicator_id"].tolist() == ["perceived_safety"]


def test_scorecard_table_words_and_download_numbers():
    districts, city, scores = _scorecard_inputs()
    rows = profile.scorecard("district:C", [TURNOUT, SAFETY], districts, city, scores,
                             ["district:A", "district:B", "district:D"])
    shown = profile.scorecard_table(rows, CATALOGUE, "sv")
    assert shown["Distriktet"].tolist() == ["..", f"84,0{NBSP}%"]
    assert shown["Staden"].tolist()[1] == f"81,5{NBSP}% (median av distrikten)"
    assert shown["Poäng 0–100"].tolist()[0] == ".."
    assert shown["Jämfört med liknande"].tolist()[0] == "? Otillräckliga data"
    assert shown["Kvalitet"].tolist() == ["härledd", "syntetisk (illustrativ)"]
    # District E has no row for either indicator; D has safety but suppressed turnout: the
    # quality column mixes text and missing values (as the real data's area types do).
    mixed = districts[~(districts["area_id"] == "district:E")]
    missing = profile.scorecard_table(profile.scorecard(
        "district:E", [TURNOUT, SAFETY], mixed, city, scores, []), CATALOGUE, "en")
    assert missing["District"].tolist() == ["No data", "No data"]
    assert missing["Quality"].tolist() == ["", ""] and missing["Source"].tolist() == ["", ""]
    partly = profile.scorecard_table(profile.scorecard(
        "district:A", [TURNOUT, SAFETY, CATALOGUE.indicator("regso_area_type")],
        pd.concat([districts, frame(obs("regso_area_type", "district:B", 2022, 4.0))]), city,
        scores, []), CATALOGUE, "sv")
    assert partly["Kvalitet"].tolist() == ["härledd", "syntetisk (illustrativ)", ""]
    assert partly["Distriktet"].tolist()[2] == "Inga data"
    download = profile.scorecard_table(rows, CATALOGUE, "en", formatted=False)
    assert math.isnan(download["District"].iloc[0]) and download["Note"].iloc[0] == "suppressed"
    assert download["District"].iloc[1] == 84.0
    assert {"Quality", "Source", "Unit"} <= set(download.columns)
    assert b"Valmyndigheten" in to_csv_bytes(download, "en")


def test_strengths_and_weaknesses_lists():
    rows = pd.DataFrame({"indicator_id": ["a", "b", "c", "d"],
                         "status": ["strength", "weakness", "similar", "strength"]})
    assert profile.strengths_and_weaknesses(rows) == (["a", "d"], ["b"])


def test_reading_text_has_icon_and_words():
    assert profile.reading_text("strength", "sv") == "▲ Styrka"
    assert profile.reading_text("weakness", "en") == "▼ Weakness"
    assert "Context" in profile.reading_text(profile.CONTEXT, "en")


def test_shown_value_never_zero_for_missing():
    assert profile.shown_value(math.nan, False, TURNOUT, "sv") == "Inga data"
    assert profile.shown_value(math.nan, True, TURNOUT, "sv") == ".."
    assert profile.shown_value(0.0, False, TURNOUT, "en") == "0.0%"
    area_type = CATALOGUE.indicator("regso_area_type")
    assert profile.shown_value(4.25, False, area_type, "sv") == "4"  # a class: no decimals


# --- composites -------------------------------------------------------------------------------

def test_composite_table_coverage_and_order():
    composites = pd.DataFrame({
        "area_id": ["district:A"] * 3 + ["district:B"],
        "kind": ["component", "index", "dimension", "index"],
        "group_id": ["Personal Safety", "index", "Opportunity", "index"],
        "score": [65.0, 52.75, None, 70.0], "coverage": [1.0, 1.0, 0.25, 1.0],
        "n_available": [1, 2, 1, 2], "n_expected": [1, 2, 4, 2],
        "illustrative": [True, True, False, True]})
    table = profile.composite_table(composites, "district:A", CATALOGUE, "sv")
    assert table["Sammanvägning"].tolist() == ["Socialt framstegsindex", "Möjligheter",
                                              "Personlig trygghet"]
    assert table["Poäng 0–100"].tolist() == [f"53{NBSP}av 100", "ingen poäng (för få indikatorer)",
                                            f"65{NBSP}av 100"]
    assert table["Täckning"].tolist()[1] == f"1 av 4 (25{NBSP}%)"
    assert table["Bygger på illustrativa data"].tolist() == ["ja", "", "ja"]


def test_every_spi_group_and_theme_has_a_name():
    for dimension, components in SPI_COMPONENTS.items():
        for group in (dimension, *components):
            for lang in ("sv", "en"):
                assert profile.group_name("component", group, CATALOGUE, lang) != group or (
                    lang == "en")
            assert f"profile_spi_{profile._slug(group)}" in STRINGS
    assert profile.group_name("theme", "climate", CATALOGUE, "sv") == "Klimat"


# --- peers ------------------------------------------------------------------------------------

def test_context_table_latest_year_and_suppressed_as_missing():
    area_type = frame(obs("regso_area_type", "district:A", 2022, 2.0),
                      obs("regso_area_type", "district:B", 2022, 4.0),
                      obs("regso_area_type", "district:B", 2021, 1.0))
    size = frame(obs("eligible_voters", "district:A", 2018, 1000),
                 obs("eligible_voters", "district:B", 2018, 0, suppressed=True))
    empty = frame(obs("share_65_plus", "district:A", 2024, 0, suppressed=True))
    table = profile_peers.context_table({"regso_area_type": area_type, "eligible_voters": size,
                                   "share_65_plus": empty, "share_under_20": frame()},
                                  ["district:A", "district:B", "district:C"])
    assert list(table.columns) == ["regso_area_type", "eligible_voters"]
    assert table["regso_area_type"].tolist()[:2] == [2.0, 4.0]
    assert math.isnan(table.loc["district:C", "regso_area_type"])
    assert math.isnan(table.loc["district:B", "eligible_voters"])


def test_find_peers_by_hand_and_guards():
    """x = 0, 1, 3: mean 4/3, population sd √(42/27) = 1.2472191; from A: B 1/1.2472191 =
    0.8017837, C 3/1.2472191 = 2.4053512 (weight 1; the weight of an absent column is ignored)."""
    context = pd.DataFrame({"x": [0.0, 1.0, 3.0], "y": [math.nan] * 3},
                           index=["A", "B", "C"]).drop(columns="y")
    result = profile_peers.find_peers(context, "A", k=5, weights={"x": 1, "absent": 3})
    assert result.peers["area_id"].tolist() == ["B", "C"]
    assert result.peers["distance"].tolist() == pytest.approx([0.8017837, 2.4053512])
    assert not result.weights_reset and not result.no_context
    reset = profile_peers.find_peers(context, "A", k=5, weights={"x": 0})
    assert reset.weights_reset and reset.weights == {"x": 1.0} and len(reset.peers) == 2
    lonely = pd.DataFrame({"x": [math.nan, 1.0, 3.0]}, index=["A", "B", "C"])
    assert profile_peers.find_peers(lonely, "A", k=5, weights={}).no_context
    assert profile_peers.find_peers(context, "Z", k=5, weights={}).no_context
    assert profile_peers.find_peers(context.iloc[:, :0], "A", k=5, weights={}).no_context


def test_find_peers_weights_change_the_order():
    """Fixture-like: Centrum type 4, size 1000; Ålidhem 2, 1000; Holmsund 4.5, 950; Sävar 5, 48.
    On type only Centrum's nearest is Holmsund (0.5 apart); on size only Ålidhem (equal size)."""
    context = pd.DataFrame({"type": [4.0, 2.0, 4.5, 5.0], "size": [1000.0, 1000.0, 950.0, 48.0]},
                           index=["C", "A", "H", "S"])
    by_type = profile_peers.find_peers(context, "C", k=3, weights={"type": 3, "size": 0})
    by_size = profile_peers.find_peers(context, "C", k=3, weights={"type": 0, "size": 3})
    assert by_type.peers["area_id"].tolist() == ["H", "S", "A"]
    assert by_size.peers["area_id"].tolist() == ["A", "H", "S"]


# --- intervals and series ---------------------------------------------------------------------

def test_with_intervals_wilson_in_percent():
    """780/1000, z = 1.959964, z² = 3.841459: centre (0.78 + z²/2000)/(1 + z²/1000) =
    0.78192073/1.0038415 = 0.7789285, half-width z/(1 + z²/1000) × √(0.78·0.22/1000 + z²/4e6)
    = 1.952464 × 0.0131362 = 0.0256477 → 75.328–80.458 %."""
    series = frame(obs("turnout_riksdag", "district:A", 2018, 78.0, 780, 1000),
                   obs("turnout_riksdag", "district:B", 2018, 0, suppressed=True))
    result = profile_series.with_intervals(series)
    assert result["low"].iloc[0] == pytest.approx(75.328, abs=1e-3)
    assert result["high"].iloc[0] == pytest.approx(80.458, abs=1e-3)
    assert math.isnan(result["low"].iloc[1]) and math.isnan(result["high"].iloc[1])
    table = profile_series.series_table(result, TURNOUT, CATALOGUE, "sv")
    assert table["Värde"].tolist() == [f"78,0{NBSP}%", ".."]
    assert table["95 % konfidensintervall"].tolist() == [f"75,3–80,5{NBSP}%", ""]


def test_series_sentence_cases():
    two = frame(obs("turnout_riksdag", "district:A", 2014, 75.0, 750, 1000),
                obs("turnout_riksdag", "district:A", 2018, 78.0, 780, 1000))
    assert profile_series.series_sentence("A", TURNOUT, two, "en") == (
        f"A: voter turnout, Riksdag election rose from 75.0% (2014) to 78.0% (2018), "
        f"+3.0{NBSP}percentage points.")
    one = two.iloc[:1]
    assert profile_series.series_sentence("A", TURNOUT, one, "en").startswith(
        "A: voter turnout, Riksdag election 75.0% (2014)")
    hidden = frame(obs("turnout_riksdag", "district:D", 2018, 0, suppressed=True))
    assert ".." in profile_series.series_sentence("D", TURNOUT, hidden, "sv")
    safety = frame(obs("perceived_safety", "district:A", 2019, 70.0, quality="synthetic"),
                   obs("perceived_safety", "district:A", 2024, 75.0, quality="synthetic"))
    assert profile_series.series_sentence("A", SAFETY, safety, "sv").endswith(
        "(illustrativa data).")


# --- growth -----------------------------------------------------------------------------------

def _eligible():
    """Fixture eligible voters: 2014 → 2018: A 1000 → 1000, B 1000 → 1000, C 900 → 950,
    D 45 → 48; changes 0, 0, +50, +3; total +53."""
    rows = []
    pairs = ((1000, 1000), (1000, 1000), (900, 950), (45, 48))
    for area, (a, b) in zip("ABCD", pairs, strict=True):
        rows += [obs("eligible_voters", f"district:{area}", 2014, a),
                 obs("eligible_voters", f"district:{area}", 2018, b)]
    return frame(*rows)


def test_growth_share_by_hand():
    """C: +50 of +53 = 0.943396; A: 0 of +53 = 0."""
    c = profile_series.growth_share(_eligible(), "district:C")
    assert (c.start_year, c.end_year, c.change, c.total_change) == (2014, 2018, 50.0, 53.0)
    assert c.share == pytest.approx(50 / 53) and c.has_share
    a = profile_series.growth_share(_eligible(), "district:A")
    assert a.change == 0.0 and a.share == 0.0


def test_growth_share_without_data():
    assert profile_series.growth_share(_eligible(), "district:Z") is None
    single = _eligible()
    assert profile_series.growth_share(single[single["year"] == 2018], "district:A") is None
    flat = frame(obs("eligible_voters", "district:A", 2014, 10), obs("eligible_voters",
                 "district:A", 2018, 10))
    share = profile_series.growth_share(flat, "district:A")
    assert share is not None and not share.has_share
