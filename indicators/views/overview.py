"""Overview's presenter: which headline figures the page shows, and the small index map's frame,
ranking, sentence and table. Pure functions (the page reads the tables and draws)."""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass

import pandas as pd

from indicators.text.formatting import format_value
from indicators.text.i18n import translate

TURNOUT_CHOICES = ("turnout_riksdag_official", "turnout_riksdag")  # the official figure first
HEADLINE_REST = ("population", "ghg_per_capita", "cars_per_1000")


def headline_indicators(catalogue: Container[str], has_city_years: Callable[[str], bool]
                        ) -> list[str]:
    """The headline figures' indicators in order: turnout (the official count where the city has
    one), population, emissions per inhabitant and cars; those the catalogue lacks are left out."""
    turnout = next((i for i in TURNOUT_CHOICES if i in catalogue and has_city_years(i)),
                   TURNOUT_CHOICES[-1])
    return [i for i in (turnout, *HEADLINE_REST) if i in catalogue]


@dataclass(frozen=True)
class IndexMap:
    """The composite index by district, ready for the choropleth."""

    frame: pd.DataFrame    # every district: area_id, name, value, suppressed, hover
    ranked: pd.DataFrame   # the districts with a score, highest first
    illustrative: bool     # any input synthetic: the map is labelled illustrative


def index_map(composite: pd.DataFrame, districts: pd.DataFrame, lang: str) -> IndexMap | None:
    """The published index (`composite` rows of kind "index") on the districts; None when no
    district has a score."""
    index = composite.query("kind == 'index'")
    index = index[index["area_id"].isin(districts["area_id"]) & index["score"].notna()]
    if index.empty:
        return None
    frame = districts[["area_id", "name"]].merge(index[["area_id", "score"]], on="area_id",
                                                 how="left").rename(columns={"score": "value"})
    frame["suppressed"] = False
    frame["hover"] = [format_value(v, "index", 0, lang) for v in frame["value"]]
    ranked = frame.dropna(subset=["value"]).sort_values("value", ascending=False)
    return IndexMap(frame, ranked, bool(index["illustrative"].any()))


def index_map_sentence(view: IndexMap, lang: str) -> str:
    """The highest and the lowest district in words."""
    top, bottom = view.ranked.iloc[0], view.ranked.iloc[-1]
    return translate("index_map_sentence", lang, top=top["name"],
                     top_value=format_value(top["value"], "index", 0, lang), bottom=bottom["name"],
                     bottom_value=format_value(bottom["value"], "index", 0, lang))


def index_map_table(view: IndexMap, lang: str) -> pd.DataFrame:
    """The map's table alternative: district and index, highest first."""
    return view.ranked[["name", "value"]].rename(
        columns={"name": translate("area", lang), "value": translate("value", lang)})
