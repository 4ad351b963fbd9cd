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


def series_section(area_id: str, name: str, indicators: Sequence[Indicator], lang: str, *,
                   city: str) -> list[profile_pdf.Chart]:
    """Turnout with 95 % intervals (each with its note; the city line is the kommun `city`),
    then one more indicator's series at a time, the district against the same city, chosen in
    a box (`?series=` in the URL): one chart per rerun however many indicators a dataset has.
    Returns the printed profile's charts (the turnout ones)."""
    catalogue = ui.catalogue()

    def turnout() -> list[tuple[Any, Any, tuple[Any, Any, str]]]:   # once per version, district
        return [(indicator, profile_pdf.chart(indicator, series, name, lang),
                 profile_series.series_chart(series, own, indicator, catalogue, name, lang))
                for indicator, own, series in profile_series.turnout_series(ui, area_id, city)]

    charts = []
    for indicator, printed, chart in ui.view("profile_turnout", turnout, area_id, city, lang):
        charts.append(printed)
        st.subheader(ui.plain(indicator.name(lang)))
        ui.chart_block(*chart, key=f"series_{indicator.id}")
        st.caption(ui.t("profile_interval_note"))
    offered = profile_series.series_choices(indicators, lambda i: ui.years(i, "district"))
    if offered:
        st.subheader(ui.t("profile_more_series"))
        more_series(area_id, name, city, [i.id for i in offered], lang)
    return charts


@st.fragment
def more_series(area_id: str, name: str, city: str, offered: list[str], lang: str) -> None:
    """The box and the chart of one more indicator: an st.fragment, so choosing another
    indicator reruns only this, not the profile around it."""
    catalogue = ui.catalogue()
    chosen = catalogue.indicator(ui.choose(
        ui.t("profile_choose_series"), offered, name="series", default=offered[0],
        format_func=lambda i: catalogue.indicator(i).name(lang)))
    ui.show_notices()   # a link's unusable ?series= is said here, beside its box
    ui.illustrative_label(chosen)

    def more() -> tuple[Any, Any, str]:   # once per version, district and indicator
        own, series = profile_series.indicator_series(ui, chosen, area_id, city)
        return profile_series.series_chart(series, own, chosen, catalogue, name, lang)

    ui.chart_block(*ui.view("profile_series", more, area_id, chosen.id, city, lang),
                   key="series_more")


def print_button(slot: Any, report: profile_pdf.ProfileReport, code: str, lang: str) -> None:
    """The PDF download in `slot`, built only when clicked: the PDF is the print view."""
    slot.download_button(ui.t("download_pdf"), partial(profile_pdf.build, report), key="pdf",
                         file_name=profile_pdf.file_name(code, lang), mime="application/pdf",
                         on_click="ignore")
    slot.caption(ui.t("profile_print_note"))
