"""The Participation page's women-and-men series of one district (pages/participation.py calls
it inside the open indicator's tab): the district box and the series. An st.fragment: choosing
another district reruns only this, not the turnout charts and tables above it, which do not
depend on the district. What it shows comes from `indicators.views.participation_sections`
(pure); only the drawing is here."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

import ui
from indicators.data.catalogue import Indicator
from indicators.views import participation_sections as sections


@st.fragment
def district_series(indicator: Indicator, districts: pd.DataFrame, lang: str) -> None:
    """The box of `districts` (`?district=`, default the first) and the chosen district's
    women and men over time for `indicator`, kept per dataset version and choice (ui.view)."""
    codes = list(districts["code"])
    names = dict(zip(districts["code"], districts["name"], strict=True))
    district = ui.choose(ui.t("participation_district"), codes, name="district",
                         default=codes[0], format_func=lambda c: names[c])
    ui.show_notices()   # a link's unusable ?district= is said here, beside its box
    series = ui.view("participation_series", partial(
        sections.sex_over_time, ui, indicator, f"district:{district}", names[district], lang),
        indicator.id, district, lang)
    if series is not None:
        ui.chart_block(*series, key=f"participation_series_{indicator.id}")
