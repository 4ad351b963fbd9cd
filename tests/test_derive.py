"""Derived tables: disclosure control on published cells, scores, composites, verdicts."""

from __future__ import annotations

import pandas as pd
import pytest

from indicators.methods.derive import apply_disclosure, derive
from tests.fixtures.dataset import fixture_tables


@pytest.fixture(scope="module")
def derived():
    return derive(fixture_tables())


def cell(frame, indicator, area, year, sex="total"):
    rows = frame[(frame["indicator_id"] == indicator) & (frame["area_id"] == area)
                 & (frame["year"] == year) & (frame["sex"] == sex)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_rate_on_a_small_denominator_is_suppressed(derived):
    row = cell(derived["observation"], "turnout_riksdag", "district:2480P04", 2018)
    assert row["suppressed"] and pd.isna(row["value"]) and pd.isna(row["denominator"])


def test_secondary_suppression_protects_the_small_district(derived):
    """The city's eligible voters (2,998) equal the four districts' sum, so with the fourth
    (48) hidden it would follow as 2,998 − 1,000 − 1,000 − 950. The smallest other district
    (Holmsund, 950) is hidden too; the others stay published."""
    turnout = derived["observation"]
    year = turnout[(turnout["indicator_id"] == "turnout_riksdag") & (turnout["year"] == 2018)]
    hidden = sorted(year[year["suppressed"]]["area_id"])
    assert hidden == ["district:2480P03", "district:2480P04"]


def test_published_rates_never_rest_on_fewer_than_50(derived):
    obs = derived["observation"]
    rates = obs[obs["indicator_id"].isin(["turnout_riksdag", "perceived_safety"])]
    published = rates[~rates["suppressed"]]
    assert (published["denominator"] >= 50).all()


def test_scores_follow_the_fixed_anchors(derived):
    """Turnout anchors: best 100, worst 50. Ålidhem 2018: 78 % → 100 × (78 − 50)/50 = 56."""
    score = derived["score"]
    row = score[(score["indicator_id"] == "turnout_riksdag")
                & (score["area_id"] == "district:2480P02") & (score["year"] == 2018)]
    assert row["score"].iloc[0] == pytest.approx(56.0)
    assert score["score"].between(0, 100).all()


def test_composites_carry_coverage_and_the_illustrative_flag(derived):
    composite = derived["composite"]
    assert composite["coverage"].between(0, 1).all()
    safety = composite[(composite["group_id"] == "Personal Safety")]
    assert safety["illustrative"].all()
    assert (composite.loc[composite["score"].isna(), "coverage"] < 0.5).all()


def test_goal_verdicts_on_fixture_series(derived):
    """Population 2015 → 2025: 120,777 → 135,273, CAGR_obs = 1.1398 %; required from 2015 to
    200,000 in 2050: (200000/120777)^(1/35) − 1 = 1.4516 %; R = 0.785 → acceleration needed.
    Emissions 1990 → 2024 linear: −3,435 t/yr against −12,045 t/yr needed, R = 0.285 → limited."""
    verdict = derived["verdict"].set_index("target_id")
    population = verdict.loc["population_2050"]
    assert population["status"] == "acceleration_needed"
    assert population["ratio"] == pytest.approx(0.785, abs=0.001)
    # Net zero 2040 = 15 % of 1990 (72,271 t): CAGR (365,009.5/481,807.2)^(1/34) − 1 = −0.813 %
    # against (72,271/481,807.2)^(1/50) − 1 = −3.723 % → R = 0.218.
    climate = verdict.loc["climate_neutral_2040"]
    assert climate["status"] == "limited_progress" and climate["method"] == "cagr"
    assert climate["ratio"] == pytest.approx(0.218, abs=0.001)
    assert climate["weather_status"] == "storm"


def test_counts_below_five_are_suppressed():
    obs = pd.DataFrame({
        "indicator_id": ["eligible_voters"] * 3, "area_id": ["kommun:2480", "district:a",
                                                             "district:b"],
        "year": 2018, "sex": "total", "value": [103.0, 3.0, 100.0], "numerator": None,
        "denominator": None, "quality": "official", "source_id": "valmyndigheten",
        "suppressed": False})
    indicator = pd.DataFrame({"indicator_id": ["eligible_voters"], "kind": ["count"],
                              "unit": ["persons"]})
    area = pd.DataFrame({"area_id": ["kommun:2480", "district:a", "district:b"],
                         "parent_id": [None, "kommun:2480", "kommun:2480"]})
    result = apply_disclosure(obs, indicator, area).set_index("area_id")
    assert result.loc["district:a", "suppressed"]
    assert result.loc["district:b", "suppressed"]   # else 103 − 100 reveals 3
    assert not result.loc["kommun:2480", "suppressed"]


# --- group protection through the derive step (METHODS §4) ---------------------------------

def _families(observation: pd.DataFrame, area: pd.DataFrame, crosswalk: pd.DataFrame | None):
    """Every candidate additive family of the raw observations (row positions), found
    independently of derive: per indicator and year, women + men = total, and each parent =
    Σ its children of one level (parent_id and weight-1 crosswalk links)."""
    links = set(zip(area["area_id"], area["parent_id"], strict=True))
    if crosswalk is not None and len(crosswalk):
        whole = crosswalk[crosswalk["weight"] == 1.0]
        links |= set(zip(whole["from_area_id"], whole["to_area_id"], strict=True))
    parents: dict[str, set[str]] = {}
    for child, parent in links:
        parents.setdefault(child, set()).add(parent)
    keys = zip(observation["indicator_id"], observation["year"], observation["area_id"],
               observation["sex"], strict=True)
    row_of = {key: i for i, key in enumerate(keys)}
    families = []
    for (indicator, year, area_id, sex), row in row_of.items():
        if sex == "total":
            parts = [row_of.get((indicator, year, area_id, s)) for s in ("women", "men")]
            if None not in parts:
                families.append((row, parts))
    children: dict[tuple, list[int]] = {}
    for (indicator, year, area_id, sex), row in row_of.items():
        for parent in parents.get(area_id, ()):
            if (indicator, year, parent, sex) in row_of:
                level = area_id.split(":")[0]
                children.setdefault((indicator, year, parent, sex, level), []).append(row)
    families += [(row_of[key[:4]], rows) for key, rows in children.items()]
    return families


def _attack(raw: pd.DataFrame, published: pd.DataFrame, indicator: pd.DataFrame,
            area: pd.DataFrame, crosswalk=None) -> list:
    """Subtraction attack: for every family with a published total whose raw numbers add up,
    total − published members (the hidden members' combined numbers) must not fall below 5
    persons (counts; numerator and complement of rates) or 50 (denominators); and no family
    has a single hidden member."""
    kind = indicator.set_index("indicator_id")
    persons = set(kind.index[(kind["kind"] == "count") & (kind["unit"] == "persons")])
    rates = set(kind.index[kind["kind"] == "rate"])
    ids = raw["indicator_id"].astype(str).to_numpy()
    numbers = {m: raw[m].to_numpy(float) for m in ("value", "numerator", "denominator")}
    hidden = published["suppressed"].to_numpy(bool)
    found = []
    for total, parts in _families(raw, area, crosswalk):
        if ids[total] not in persons | rates:
            continue
        measures = ["value"] if ids[total] in persons else ["denominator", "numerator"]
        adds = {m: abs(numbers[m][total] - numbers[m][parts].sum()) < 1e-6 for m in measures}
        if not any(adds.values()):
            continue
        if hidden[[total, *parts]].sum() == 1:
            found.append(("one hidden", total))
        shown = [p for p in parts if not hidden[p]]
        if hidden[total] or not shown or len(shown) == len(parts):
            continue
        combined = {m: numbers[m][total] - numbers[m][shown].sum() for m in measures}
        limits = {"value": 5, "denominator": 50, "numerator": 5}
        found += [(m, total, combined[m]) for m in measures if adds[m] and combined[m] < limits[m]]
        if all(adds.values()) and "numerator" in adds and \
                combined["denominator"] - combined["numerator"] < 5:
            found.append(("complement", total, combined))
    return found


def test_subtraction_attack_on_the_fixture_finds_nothing():
    tables = fixture_tables()
    published = derive(tables)["observation"]
    assert _attack(tables["observation"], published, tables["indicator"], tables["area"],
                   tables["area_crosswalk"]) == []


@pytest.mark.parametrize("seed", [4])
def test_subtraction_attack_on_generated_national_data_finds_nothing(seed):
    from bench import national

    tables = national.tables(areas=40, kommuner=4, indicators=6, years=3, seed=seed)
    published = derive(tables)["observation"]
    assert published["suppressed"].any()
    assert _attack(tables["observation"], published, tables["indicator"], tables["area"]) == []


def test_the_fixture_hides_a_small_complement_and_its_sex_partner(derived):
    """Perceived safety 2024 in the fourth district: men 96 of 100 (only 4 do not feel safe:
    complement < 5, primary), so women 82 of 100 is hidden too (else 200 − 100 gives the men
    back); the total 178 of 200 = 89 % stays."""
    obs = derived["observation"]
    district = "district:2480P04"
    assert cell(obs, "perceived_safety", district, 2024, "men")["suppressed"]
    assert cell(obs, "perceived_safety", district, 2024, "women")["suppressed"]
    total = cell(obs, "perceived_safety", district, 2024)
    assert not total["suppressed"] and total["value"] == pytest.approx(89.0)
    assert not cell(obs, "perceived_safety", district, 2023, "men")["suppressed"]   # 95 of 100


def _small_areas(values: dict, kind: str = "count"):
    """A kommun, one district, its stadsdelar (parent_id) and two DeSO linked only by the
    crosswalk; values {area: value or (numerator, denominator)}."""
    rows = []
    for area_id, value in values.items():
        num, den = value if kind == "rate" else (None, None)
        rows.append({"indicator_id": "x", "area_id": area_id, "year": 2024, "sex": "total",
                     "value": 100 * num / den if kind == "rate" else float(value),
                     "numerator": num, "denominator": den, "quality": "official",
                     "source_id": "s", "suppressed": False})
    area = pd.DataFrame({
        "area_id": ["kommun:k", "district:d", "stadsdel:a", "stadsdel:b", "stadsdel:c",
                    "deso:1", "deso:2"],
        "level_id": ["kommun", "district", "stadsdel", "stadsdel", "stadsdel", "deso", "deso"],
        "parent_id": [None, "kommun:k", "district:d", "district:d", "district:d", None, None]})
    crosswalk = pd.DataFrame({"from_area_id": ["deso:1", "deso:2"],
                              "to_area_id": ["district:d", "district:d"], "weight": [1.0, 1.0]})
    indicator = pd.DataFrame({"indicator_id": ["x"], "kind": [kind],
                              "unit": ["persons" if kind == "count" else "percent"]})
    observation = pd.DataFrame(rows)
    result = apply_disclosure(observation, indicator, area, crosswalk)
    return dict(zip(result["area_id"], result["suppressed"], strict=True))


def test_children_of_each_level_are_a_family_of_their_own():
    """District 40 = stadsdelar 2 + 3 + 35 = DeSO 12 + 28. Stadsdelar a and b are primary;
    together they are 5 (≥ 5), so c stays. The DeSO family (from the crosswalk alone) has no
    hidden member. Summed over both levels the children would be 80 ≠ 40, no family at all."""
    hidden = _small_areas({"kommun:k": 40, "district:d": 40, "stadsdel:a": 2, "stadsdel:b": 3,
                           "stadsdel:c": 35, "deso:1": 12, "deso:2": 28})
    assert [k for k, v in hidden.items() if v] == ["stadsdel:a", "stadsdel:b"]
    # a and b 1 + 3 = 4 < 5: the smallest published stadsdel, c, is hidden too
    hidden = _small_areas({"kommun:k": 40, "district:d": 40, "stadsdel:a": 1, "stadsdel:b": 3,
                           "stadsdel:c": 36, "deso:1": 12, "deso:2": 28})
    assert [k for k, v in hidden.items() if v] == ["stadsdel:a", "stadsdel:b", "stadsdel:c"]


def test_a_crosswalk_family_protects_a_rate_group():
    """District 700 of 1,000 = DeSO 1: 14 of 20 (primary, 20 < 50) + DeSO 2: 686 of 980. One
    hidden member: DeSO 2 is hidden too (1,000 − 980 would give DeSO 1 back)."""
    hidden = _small_areas({"district:d": (700, 1000), "deso:1": (14, 20),
                           "deso:2": (686, 980)}, kind="rate")
    assert hidden == {"district:d": False, "deso:1": True, "deso:2": True}


def test_citizen_pulse_keeps_its_own_rule():
    """Kiosk answers: shown from 5 answers; 5 of 5 positive is shown (no complement rule for
    anonymous answers), 4 answers are not."""
    obs = pd.DataFrame({
        "indicator_id": "citizen_pulse_q", "area_id": ["district:a", "district:b"],
        "year": 2025, "sex": "total", "value": [100.0, 50.0], "numerator": [5.0, 2.0],
        "denominator": [5.0, 4.0], "quality": "citizen_pulse", "source_id": "citizen_pulse",
        "suppressed": False})
    indicator = pd.DataFrame({"indicator_id": ["citizen_pulse_q"], "kind": ["rate"],
                              "unit": ["percent"]})
    area = pd.DataFrame({"area_id": ["district:a", "district:b"], "parent_id": [None, None]})
    result = apply_disclosure(obs, indicator, area)
    assert result["suppressed"].tolist() == [False, True]


def test_subtraction_attack_on_the_built_dataset_finds_nothing():
    """The attack of issue 14 on the default dataset as the build assembles it (whatever its
    indicators): parents minus published children never reveal a small group."""
    from indicators import build

    tables = build.assemble(build.DATA_DIR / "raw", build.DATA_DIR)
    published = derive(tables)["observation"]
    assert _attack(tables["observation"], published, tables["indicator"], tables["area"],
                   tables["area_crosswalk"]) == []


def test_direction_verdicts_of_percent_rates_use_the_natural_limit(derived):
    """Centrum's perceived safety (percent, higher is better, no target) 2019 → 2024: 69 → 74,
    CAGR = (74/69)^(1/5) − 1 = 1.409 %. C = 1 − 0.69^4.44 = 1 − 0.19252 = 0.80748, so on
    track from 1.5 % × 0.80748 = 1.211 %: on track (it would need 1.5 % without C)."""
    verdict = derived["verdict"]
    row = verdict[(verdict["indicator_id"] == "perceived_safety")
                  & (verdict["area_id"] == "district:2480P01")].iloc[0]
    assert row["observed_rate"] == pytest.approx(0.014090, abs=1e-6)
    assert row["required_rate"] == pytest.approx(0.015 * 0.80748, abs=1e-6)
    assert row["status"] == "on_track" and "C = 0.807" in row["note"]
    population = verdict[verdict["indicator_id"] == "population"].iloc[0]   # a count: no C
    assert population["status"] == "acceleration_needed"
