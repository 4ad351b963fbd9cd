"""The Growth page's what-if (pages/growth.py calls it): planned homes per district, persons
per home and a trend, all in the URL, and what they give in the goal year. An st.fragment: a
change of any of them reruns only this section, not the verdict, charts and shares above.
What it shows comes from `indicators.views.growth_what_if` (pure); only the drawing is here."""

from __future__ import annotations

from typing import Any, cast

import pandas as pd
import streamlit as st

import ui
from indicators.text.formatting import format_number, format_value
from indicators.views import growth as view
from indicators.views import growth_what_if


@st.fragment
def what_if_section(base: pd.DataFrame, outlook: Any, target_year: int, target_value: float,
                    lang: str) -> None:
    """The choices, the editor of planned homes and the result for `base` (one row per
    district: code, name, today's population) from the outlook's latest year."""
    left, right = st.columns(2)
    pph = ui.choose(ui.t("growth_persons_per_home"), growth_what_if.PERSONS_PER_HOME_OPTIONS,
                    name="pph", default=growth_what_if.PERSONS_PER_HOME_DEFAULT, parse=float,
                    widget="select_slider", container=left,
                    format_func=lambda v: format_number(v, 1, lang))
    trend = ui.choose(ui.t("growth_trend"), view.TRENDS, name="trend", default="none",
                      widget="radio", container=right,
                      format_func=lambda k: ui.t(f"growth_trend_{k}"))
    plan: dict[str, int] = ui.param("homes", growth_what_if.HomesPlans(base["code"]), {},
                    parse=growth_what_if.parse_homes)
    homes_column = ui.t("growth_planned_homes")
    edited = cast(pd.DataFrame, st.data_editor(   # a frame in, a frame out
        growth_what_if.editor_frame(base, plan, lang), key="w_homes", hide_index=True,
        disabled=[ui.t("area"), ui.t("growth_population_today")],
        column_config={homes_column: st.column_config.NumberColumn(
            min_value=0, max_value=growth_what_if.MAX_HOMES, step=1, format="%d")}))
    plan = growth_what_if.homes_from_editor(edited[homes_column], base["code"])
    ui.set_params(homes=growth_what_if.encode_homes(plan))
    ui.show_notices()
    result = growth_what_if.what_if(base, plan, pph, outlook.latest_year,
                                    growth_what_if.scenario_rate(outlook, trend),
                                    target_year, target_value)
    x, y = st.columns(2)
    x.metric(ui.t("growth_city_in", year=result.target_year),
             format_value(result.total, "persons", 0, lang))
    y.markdown(f"### {growth_what_if.what_if_heading(result, lang)}")
    st.markdown(ui.plain(growth_what_if.what_if_sentence(result, sum(plan.values()), pph, lang)))
    st.dataframe(growth_what_if.what_if_table(result, base, lang), hide_index=True)
