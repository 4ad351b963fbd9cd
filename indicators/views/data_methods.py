"""The Data & methods page's tables: the searchable indicator catalogue, the sources and the
quality counts, in the reader's language. Pure."""

from __future__ import annotations

import pandas as pd

from indicators.data.catalogue import Catalogue
from indicators.text.i18n import translate
from indicators.views.tables import quality_label


def catalogue_frame(catalogue: Catalogue, summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per indicator: name, theme, unit, source, licence, years and qualities."""
    by_id = summary.set_index("indicator_id") if len(summary) else pd.DataFrame()
    rows = []
    for indicator in catalogue.indicators:
        info = by_id.loc[indicator.id] if indicator.id in by_id.index else None
        qualities = "" if info is None else ", ".join(
            quality_label(q, lang) for q in str(info["qualities"]).split(", "))
        rows.append({
            "id": indicator.id,
            translate("indicator", lang): indicator.name(lang),
            translate("theme", lang): catalogue.theme(indicator.theme).name(lang),
            translate("unit", lang): translate(f"unit_{indicator.unit}", lang),
            translate("source", lang): catalogue.source(indicator.source).producer,
            translate("licence", lang): indicator.licence,
            translate("first_year", lang): None if info is None else int(info["first_year"]),
            translate("latest_year", lang): None if info is None else int(info["latest_year"]),
            translate("quality", lang): qualities,
        })
    frame = pd.DataFrame(rows)
    for column in (translate("first_year", lang), translate("latest_year", lang)):
        frame[column] = frame[column].astype("Int64")   # "2018", never "2018.0"
    return frame


def filter_catalogue(frame: pd.DataFrame, text: str, theme_name: str | None,
                     lang: str) -> pd.DataFrame:
    """Rows whose name or id contains `text` (case-insensitive), within a theme if given."""
    mask = pd.Series(True, index=frame.index)
    needle = text.strip().casefold()
    if needle:
        name = frame[translate("indicator", lang)].str.casefold()
        mask &= name.str.contains(needle, regex=False) | frame["id"].str.contains(
            needle, regex=False)
    if theme_name:
        mask &= frame[translate("theme", lang)] == theme_name
    return frame[mask]


def sources_frame(sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        translate("producer", lang): sources["producer"],
        translate("title", lang): sources[f"title_{lang}"],
        translate("licence", lang): sources["licence"],
        translate("address", lang): sources["url"],
        translate("via", lang): sources["via"],
    })


def quality_frame(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        translate("quality", lang): counts["quality"].map(lambda q: quality_label(q, lang)),
        translate("observations", lang): counts["observations"].astype(int),
    })


def catalogue_row(frame: pd.DataFrame, indicator_id: str) -> pd.Series:
    """One indicator's row of `catalogue_frame` (its quality and latest year in words)."""
    return frame.set_index("id").loc[indicator_id]
