"""The district profile's Streamlit sections that draw many charts (pages/profile.py calls
them): the time series, and the printable profile's button. What they show comes from
`indicators.views.profile*` (pure); only the drawing is here."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import streamlit as st

import ui
from indicators.data.catalogue import Indicator
from indicators.views import profile_pdf, profile_series
from indicators.views.profile import TURNOUT_INDICATORS


def series_section(area_id: str, name: str, indicators: Sequence[Indicator], lang: str, *,
                   city: str) -> list[profile_pdf.Chart]:
    """Turnout with 95 % intervals (each with its note; the city line is the kommun `city`),
    then every illustrative indicator's series two to a row; returns the printed profile's
    charts (the turnout ones)."""
    catalogue = ui.catalogue()

    def turnout() -> list[tuple[Any, Any, tuple[Any, Any, str]]]:   # once per version, district
        return [(indicator, profile_pdf.chart(indicator, series, name, lang),
                 profile_series.series_chart(series, own, indicator, catalogue, name, lang))
                for indicator, own, series in profile_series.turnout_series(ui, area_id, city)]

    def generated() -> list[tuple[Any, tuple[Any, Any, str]]]:
        # Turnout is drawn above even where it is generated (a national demo): never twice.
        shown = [i for i in indicators if i.illustrative and i.id not in TURNOUT_INDICATORS
                 and len(ui.years(i.id, "district")) > 1]
        return [(i, profile_series.series_chart(own, own, i, catalogue, name, lang, small=True))
                for i in shown for own in [ui.observations(i.id, area=area_id)]]

    charts = []
    for indicator, printed, chart in ui.view("profile_turnout", turnout, area_id, city, lang):
        charts.append(printed)
        st.subheader(ui.plain(indicator.name(lang)))
        ui.chart_block(*chart, key=f"series_{indicator.id}")
        st.caption(ui.t("profile_interval_note"))
    if synthetic := ui.view("profile_generated", generated, area_id, lang):
        st.subheader(ui.t("profile_illustrative_series"))
        ui.illustrative_label()
        cells = st.columns(2)
        for index, (indicator, chart) in enumerate(synthetic):
            with cells[index % 2]:
                st.markdown(f"**{ui.plain(indicator.name(lang))}**")
                ui.chart_block(*chart, key=f"series_{indicator.id}")
    return charts


def print_button(slot: Any, report: profile_pdf.ProfileReport, code: str, lang: str) -> None:
    """The PDF download in `slot`, built only when clicked: the PDF is the print view."""
    slot.download_button(ui.t("download_pdf"), partial(profile_pdf.build, report), key="pdf",
                         file_name=profile_pdf.file_name(code, lang), mime="application/pdf",
                         on_click="ignore")
    slot.caption(ui.t("profile_print_note"))
