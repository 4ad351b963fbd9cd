"""Carrying observations from child areas to their parents along a weighted mapping."""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.data.catalogue import Catalogue
from indicators.sources.observations import OBSERVATION_COLUMNS, observation_rows


def aggregate(cells: pd.DataFrame, mapping: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Carry observations from child areas to parent areas along `mapping`.

    `mapping`: from_area_id, to_area_id, weight (the share of the child that lies in the
    parent: 1 for a whole child) and optionally mean_weight (the weight of the child's value in a
    mean, e.g. share × population). By each indicator's `aggregation`:
    sum → Σ weight × value; ratio_of_sums → Σ weight × numerator / Σ weight × denominator (× 100
    for percent units); mean_weighted → Σ mean_weight × value / Σ mean_weight. Indicators with
    aggregation `none` are not carried. Results are `derived` unless every input is `synthetic`.
    """
    mapping = mapping.copy()
    if "mean_weight" not in mapping.columns:
        mapping["mean_weight"] = mapping["weight"]
    joined = cells.merge(mapping, left_on="area_id", right_on="from_area_id")
    results = []
    keys = ["indicator_id", "to_area_id", "year", "sex"]
    for indicator_id, group in joined.groupby("indicator_id"):
        indicator = catalogue.indicator(indicator_id)
        group = group.assign(w_value=group["value"] * group["weight"],
                             w_num=group["numerator"] * group["weight"],
                             w_den=group["denominator"] * group["weight"],
                             m_value=group["value"] * group["mean_weight"])
        if indicator.aggregation == "ratio_of_sums":
            frame = group.groupby(keys, as_index=False)[["w_num", "w_den"]].sum()
            frame = frame.rename(columns={"w_num": "numerator", "w_den": "denominator"})
            scale = 100.0 if indicator.unit == "percent" else 1.0
            frame["value"] = scale * frame["numerator"] / frame["denominator"]
        elif indicator.aggregation == "sum":
            frame = group.groupby(keys, as_index=False)["w_value"].sum()
            frame = frame.rename(columns={"w_value": "value"})
        elif indicator.aggregation == "mean_weighted":
            frame = group.groupby(keys, as_index=False)[["m_value", "mean_weight"]].sum()
            frame["value"] = frame["m_value"] / frame["mean_weight"]
        else:
            continue
        synthetic_only = group.groupby(keys)["quality"].agg(lambda q: (q == "synthetic").all())
        frame["quality"] = np.where(synthetic_only.reindex(
            pd.MultiIndex.from_frame(frame[keys])).to_numpy(), "synthetic", "derived")
        frame["source_id"] = group["source_id"].iloc[0]
        results.append(frame.rename(columns={"to_area_id": "area_id"}))
    if not results:
        return pd.DataFrame(columns=OBSERVATION_COLUMNS)
    return observation_rows(pd.concat(results, ignore_index=True))
