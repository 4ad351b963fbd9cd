"""The district profile's similar districts: standardised context variables (METHODS §5), the
k nearest districts on them with the reader's weights, and the table that shows them. Pure."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.data.catalogue import Catalogue, Indicator
from indicators.methods.peers import nearest_peers
from indicators.text.formatting import format_value
from indicators.text.i18n import translate
from indicators.views import cells
from indicators.views.cells import shown_value
from indicators.views.profile import (
    CONTEXT_VARIABLES,
    composite_table,
    latest_year,
    scorecard,
    scorecard_table,
)
from indicators.views.published import Published

# --- peers ------------------------------------------------------------------------------------

def context_table(observations: Mapping[str, pd.DataFrame],
                  area_ids: Sequence[str]) -> pd.DataFrame:
    """Wide table of context variables: index ``area_ids``, one column per variable name.

    ``observations`` maps a variable name to its district observations; each variable is read in
    its latest year (total sex; suppressed cells count as missing). Variables without any value
    are dropped (there is nothing to compare on)."""
    columns = {}
    for name, frame in observations.items():
        data = frame[frame["sex"] == "total"] if "sex" in frame else frame
        year = latest_year(data)
        if year is None:
            continue
        values = cells.published(data[data["year"] == year]).set_index("area_id")["value"]
        column = pd.Series([values.get(a, np.nan) for a in area_ids], index=list(area_ids),
                           dtype=float)
        if column.notna().any():
            columns[name] = column
    table = pd.DataFrame(columns, index=pd.Index(list(area_ids), name="area_id"))
    return table.astype(float)


@dataclass(frozen=True)
class PeerResult:
    """The peers found, and why there may be none or why the weights were reset."""

    peers: pd.DataFrame                  # area_id, distance
    weights: dict[str, float]            # the weights used, per column
    weights_reset: bool                  # all chosen weights were 0: equal weights used instead
    no_context: bool                     # the district has no context value to compare on


def find_peers(context: pd.DataFrame, area_id: str, *, k: int,
               weights: Mapping[str, float]) -> PeerResult:
    """``peers.nearest_peers`` with the profile's guards.

    Weights of variables absent from ``context`` are ignored; when every remaining weight is 0,
    equal weights (1) are used and ``weights_reset`` says so. A district without any context
    value (or absent) gets no peers (``no_context``). Districts lacking some variables are
    compared on the variables both have, rescaled (see ``nearest_peers``)."""
    used = {c: float(weights.get(c, 1.0)) for c in context.columns}
    reset = False
    if used and sum(used.values()) <= 0:
        used, reset = {c: 1.0 for c in context.columns}, True
    empty = pd.DataFrame({"area_id": pd.Series(dtype=object), "distance": pd.Series(dtype=float)})
    if context.shape[1] == 0 or area_id not in context.index:
        return PeerResult(empty, used, reset, True)
    own = context.loc[area_id]
    if all(pd.isna(own[c]) or used[c] == 0 for c in context.columns):
        return PeerResult(empty, used, reset, True)
    peers = nearest_peers(context, area_id, k=k, weights=used)
    return PeerResult(peers, used, reset, False)


def peer_table(result: PeerResult, context: pd.DataFrame, area_id: str,
               names: Mapping[str, str], catalogue: Catalogue, lang: str) -> pd.DataFrame:
    """The district and its peers with distance and the context values compared on (the
    columns of ``context`` are indicator ids)."""
    rows = []
    for area, distance in [(area_id, math.nan), *zip(result.peers["area_id"],
                                                       result.peers["distance"], strict=True)]:
        entry = {
            translate("area", lang): names.get(area, area),
            translate("profile_col_distance", lang): (
                translate("profile_this_district", lang) if area == area_id
                else format_value(distance, "count", 2, lang)),
        }
        for column in context.columns:
            indicator = catalogue.indicator(column)
            value = context.loc[area, column] if area in context.index else math.nan
            entry[indicator.name(lang)] = shown_value(value, False, indicator, lang)
        rows.append(entry)
    return pd.DataFrame(rows)


def read_context(data: Published, area_ids: Sequence[str], within: str | None = None
                 ) -> pd.DataFrame:
    """`context_table` of the CONTEXT_VARIABLES, read from `data` for the districts (only
    those under the kommun `within`, when given: nationally a kommun's dozens, not 6,000)."""
    return context_table({v: data.observations(v, level="district", within=within)
                          for v in CONTEXT_VARIABLES.values()}, list(area_ids))


# --- the scorecard read from the published data ------------------------------------------

def district_scorecard(data: Published, area_id: str, indicators: Sequence[Indicator],
                       peer_ids: Sequence[str], city: str, district_ids: Sequence[str]
                       ) -> pd.DataFrame:
    """`scorecard` of the district on `indicators`, read from `data`: each indicator's latest
    year at district level (rows of `district_ids`, the kommun's districts), the kommun `city`
    in those years and the district's own scores (not every year of every area)."""
    ids = tuple(i.id for i in indicators)
    latest = data.latest_observations(ids, "district", city or None)   # one query each
    city_rows = data.area_observations(city, ids) if city else latest.iloc[0:0]
    return scorecard(area_id, indicators, latest[latest["area_id"].isin(list(district_ids))],
                     city_rows, data.area_scores(area_id), list(peer_ids))


@dataclass(frozen=True)
class ScorecardView:
    """The profile's peers and scorecard for one selection (kept per dataset version)."""

    context: pd.DataFrame
    peers: PeerResult
    rows: pd.DataFrame         # scorecard rows
    table: pd.DataFrame        # the scorecard for the screen
    download: pd.DataFrame     # the same with numbers as numbers
    composites: pd.DataFrame


def scorecard_view(data: Published, district_ids: Sequence[str], area_id: str,
                   indicators: Sequence[Indicator], k: int, weights: Mapping[str, float],
                   catalogue: Catalogue, lang: str, *, city: str) -> ScorecardView:
    """Peers found among `district_ids` (the kommun `city`'s districts) on the context
    variables, the scorecard against the city and the peers, and the composite scores: the
    profile's third part."""
    context = read_context(data, list(district_ids), city or None)
    peers = find_peers(context, area_id, k=k, weights=weights)
    rows = district_scorecard(data, area_id, indicators, list(peers.peers["area_id"]), city,
                              district_ids)
    return ScorecardView(context, peers, rows, scorecard_table(rows, catalogue, lang),
                         scorecard_table(rows, catalogue, lang, formatted=False),
                         composite_table(data.table("composite"), area_id, catalogue, lang))
