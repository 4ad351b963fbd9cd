"""Illustrative district data that the real sources lack — generated, never measured.

Everything here is made up by a seeded random generator so that the dashboard can show what
district-level social indicators would look like. Every observation it returns carries quality
`synthetic`, and the app labels it as illustrative wherever it appears. Real users replace it by
loading real data through the import path.

How the numbers are made (the same seed gives the same numbers):
- **Residents per stadsdel** (only as denominators, never published as population): a log-normal
  draw whose median depends on the kind of area named (``omland`` = rural hinterland ~150,
  ``industri`` ~20, other ~2,500), scaled so that the stadsdelar sum to the real population of
  the latest real year (`real_population`). Stadsdelar without a usable boundary get few.
- **Conditions** follow the district's real socio-economic area type (SCB RegSO type 1–5,
  mean of the district's RegSO; 4 where a district has none): better types give higher
  employment, education, income, membership and perceived safety.
- **Rates** (employment, post-secondary education, shares aged 65+ and under 20, association
  membership, perceived safety) are drawn per stadsdel, year and — where the catalogue lists
  women and men — sex, as numerator and denominator; districts are the sum of their stadsdelar
  (ratio of sums). Women report lower perceived safety than men (a pattern seen in Swedish
  crime surveys); rural areas are older.
- **Levels** (median income, distance to frequent public transport) are drawn per district.
- **Years** 2019–2024, with a small trend and noise so time series and verdicts have something
  to show.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SEED = 2050
YEARS = tuple(range(2019, 2025))
SOURCE_ID = "synthetic_generator"

# Rate indicators: (share of residents in the denominator, mean % at type 1, gain per type step)
_RATE_MODEL = {
    "employment_rate": (0.58, 62.0, 6.0),
    "post_secondary_education": (0.52, 22.0, 9.0),
    "share_65_plus": (1.00, 12.0, 2.0),
    "share_under_20": (1.00, 27.0, -1.0),
    "association_membership": (0.83, 48.0, 6.0),
    "perceived_safety": (0.06, 58.0, 7.0),     # survey respondents, not all residents
}
_SEX_SHIFT = {  # percentage points added for women / men (total = sum of both)
    "employment_rate": (-2.0, 2.0),
    "association_membership": (1.0, -1.0),
    "perceived_safety": (-9.0, 9.0),
}


def _residents(stadsdelar: pd.DataFrame, real_population: float, rng: np.random.Generator):
    names = stadsdelar["name"].str.lower()
    median = np.where(names.str.contains("omland"), 150.0,
                      np.where(names.str.contains("industr"), 20.0, 2500.0))
    median = np.where(stadsdelar["on_map"].to_numpy(), median, 10.0)
    draw = median * rng.lognormal(0.0, 0.6, len(stadsdelar))
    scaled = draw / draw.sum() * real_population
    return np.maximum(np.round(scaled), 1.0)


def generate(
    stadsdelar: pd.DataFrame,
    districts: pd.DataFrame,
    *,
    sexes_of: dict[str, tuple[str, ...]],
    real_population: float,
    seed: int = SEED,
) -> pd.DataFrame:
    """Synthetic observations for stadsdelar and districts.

    `stadsdelar`: columns area_id, name, district_area_id, on_map.
    `districts`: columns area_id, area_type (1–5, may be NaN), rural (bool).
    `sexes_of`: the sexes the catalogue lists for each synthetic indicator.
    Returns observation rows (indicator_id, area_id, year, sex, value, numerator, denominator,
    quality='synthetic', source_id).
    """
    rng = np.random.default_rng(seed)   # one generator, drawn in this order: same seed, same data
    residents = _residents(stadsdelar, real_population, rng)
    area_type = districts.set_index("area_id")["area_type"].fillna(4.0)
    rural = districts.set_index("area_id")["rural"]
    cells = _rate_cells(stadsdelar, residents, area_type, rural, sexes_of, rng)
    cells = _with_sums(cells, stadsdelar.set_index("area_id")["district_area_id"])
    levels = _level_cells(districts["area_id"], area_type, rural, sexes_of, rng)
    frame = pd.concat([cells, levels], ignore_index=True)
    frame["quality"] = "synthetic"
    frame["source_id"] = SOURCE_ID
    return frame[["indicator_id", "area_id", "year", "sex", "value", "numerator", "denominator",
                  "quality", "source_id"]]


def _rate_cells(stadsdelar: pd.DataFrame, residents: np.ndarray, area_type: pd.Series,
                rural: pd.Series, sexes_of: dict[str, tuple[str, ...]],
                rng: np.random.Generator) -> pd.DataFrame:
    """Rates per stadsdel, year and sex (women and men where the catalogue lists them, else the
    total), as numerator and denominator."""
    cell_type = stadsdelar["district_area_id"].map(area_type).to_numpy()
    cell_rural = stadsdelar["district_area_id"].map(rural).fillna(False).to_numpy(dtype=bool)
    rows = []
    for indicator_id, (share, base, gain) in _RATE_MODEL.items():
        if indicator_id not in sexes_of:   # only what the catalogue asks for
            continue
        sexes = [s for s in sexes_of.get(indicator_id, ("total",)) if s != "total"]
        parts = sexes or ["total"]
        area_effect = rng.normal(0.0, 3.0, len(stadsdelar))
        trend = rng.normal(0.3, 0.25)
        for position, year in enumerate(YEARS):
            mean = base + gain * (cell_type - 1.0) + area_effect + trend * position
            if indicator_id == "share_65_plus":
                mean = mean + np.where(cell_rural, 8.0, 0.0)
            for sex in parts:
                shift = _SEX_SHIFT.get(indicator_id, (0.0, 0.0))
                pct = mean + (shift[0] if sex == "women" else shift[1] if sex == "men" else 0.0)
                pct = np.clip(pct + rng.normal(0.0, 1.2, len(stadsdelar)), 1.0, 99.0)
                denominator = np.round(residents * share / len(parts))
                denominator = np.maximum(denominator, 0.0)
                numerator = np.round(denominator * pct / 100.0)
                for area_id, num, den in zip(stadsdelar["area_id"], numerator, denominator,
                                             strict=True):
                    rows.append((indicator_id, area_id, year, sex, num, den))
    return pd.DataFrame(rows, columns=["indicator_id", "area_id", "year", "sex", "numerator",
                                       "denominator"])


def _with_sums(cells: pd.DataFrame, parent: pd.Series) -> pd.DataFrame:
    """The cells with their sums: totals of women + men, districts as the ratio of sums of
    their stadsdelar (`parent`: each stadsdel's district)."""
    by_sex = cells[cells["sex"] != "total"]
    totals = (by_sex.groupby(["indicator_id", "area_id", "year"], as_index=False)
              [["numerator", "denominator"]].sum().assign(sex="total"))
    cells = pd.concat([cells, totals], ignore_index=True)
    district_cells = (cells.assign(area_id=cells["area_id"].map(parent))
                      .groupby(["indicator_id", "area_id", "year", "sex"], as_index=False)
                      [["numerator", "denominator"]].sum())
    cells = pd.concat([cells, district_cells], ignore_index=True)
    cells = cells[cells["denominator"] > 0].copy()
    cells["value"] = 100.0 * cells["numerator"] / cells["denominator"]
    return cells


def _level_cells(district_ids: pd.Series, area_type: pd.Series, rural: pd.Series,
                 sexes_of: dict[str, tuple[str, ...]],
                 rng: np.random.Generator) -> pd.DataFrame:
    """Levels per district and year: median income and distance to frequent public transport."""
    level_rows = []
    for position, year in enumerate(YEARS):
        for area_id in district_ids:
            kind = area_type[area_id]
            is_rural = bool(rural[area_id])
            income = (190.0 + 38.0 * (kind - 1.0)) * (1.025 ** position)
            income *= 1.0 + rng.normal(0.0, 0.03)
            distance = (1800.0 if is_rural else 380.0) * rng.lognormal(0.0, 0.25)
            distance *= 0.99 ** position
            for indicator_id, value in (("median_income", round(income, 1)),
                                        ("transit_distance", round(distance))):
                if indicator_id in sexes_of:
                    level_rows.append((indicator_id, area_id, year, "total", value))
    return pd.DataFrame(level_rows, columns=["indicator_id", "area_id", "year", "sex", "value"])
