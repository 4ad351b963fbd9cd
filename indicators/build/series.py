"""Step 4, the kommun's own series; step 5 (the demo dataset only), the generated indicators."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from indicators.data.catalogue import Catalogue
from indicators.sources import synthetic
from indicators.sources.kommun import (
    per_capita_emissions,
    read_emissions,
    read_population,
    read_vehicles,
)
from indicators.sources.observations import KOMMUN_ID


def city_series_step(raw: Path) -> list[pd.DataFrame]:
    """Kommun-wide real series: population, emissions by sector, per inhabitant, cars."""
    population = read_population(raw)
    emissions = read_emissions(raw)
    return [population, emissions, per_capita_emissions(emissions, population),
            read_vehicles(raw)]


def demo_step(stadsdel_areas: pd.DataFrame, district_areas: pd.DataFrame,
              observations: pd.DataFrame, catalogue: Catalogue, seed: int) -> pd.DataFrame:
    """The demo dataset's generated indicators (quality synthetic), never in the default one."""
    typed = observations[observations["indicator_id"].str.match(r"area_type_\d_population")
                         & observations["area_id"].str.startswith("district:")]
    typed = typed.assign(kind=typed["indicator_id"].str[10].astype(int))
    mean_type = (typed["kind"] * typed["value"]).groupby(typed["area_id"]).sum() / 100.0
    rural_names = ("omland", "Holmön", "Norrbyskär")
    rural = (stadsdel_areas.groupby("parent_id")["name"]
             .agg(lambda names: np.mean([any(k in n for k in rural_names) for n in names]) > 0.5))
    districts = pd.DataFrame({"area_id": district_areas["area_id"]})
    districts["area_type"] = districts["area_id"].map(mean_type)
    districts["rural"] = districts["area_id"].map(rural).fillna(False)
    people = observations[(observations["indicator_id"] == "population")
                          & (observations["area_id"] == KOMMUN_ID)].sort_values("year")
    return synthetic.generate(
        stadsdel_areas.rename(columns={"parent_id": "district_area_id"}), districts,
        sexes_of={i.id: i.sexes for i in catalogue.indicators if i.illustrative},
        real_population=float(people["value"].iloc[-1]), seed=seed)
