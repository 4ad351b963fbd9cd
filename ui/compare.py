"""The Compare page's scatter section (pages/compare.py calls it): the two axes and the
animated scatter of the chosen districts. An st.fragment: choosing another axis reruns only
this section, not the bars and the table around it, which do not depend on the axes. What it
shows comes from `indicators.views.compare_scatter` (pure); only the drawing is here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

import ui
from indicators.views import compare_scatter


@st.fragment
def scatter_section(areas: Sequence[str], names: Mapping[str, str], sex: str,
                    available: Sequence[str], axes: tuple[str, str] | None, lang: str) -> None:
    """The x and y boxes (`?x=`, `?y=`; defaults `axes`, else the first and last of
    `available`, which is never empty here) over `available` indicators, then the scatter of
    `areas` for `sex`, kept per dataset version and selection (ui.view)."""
    catalogue = ui.catalogue()
    first, second = axes or (available[0], available[-1])
    left, right = st.columns(2)
    x_id = ui.choose(ui.t("compare_axis_x"), available, name="x", default=first,
                     format_func=lambda i: catalogue.indicator(i).name(lang), container=left)
    y_id = ui.choose(ui.t("compare_axis_y"), available, name="y", default=second,
                     format_func=lambda i: catalogue.indicator(i).name(lang), container=right)
    ui.show_notices()   # a link's unusable ?x= or ?y= is said here, beside its box
    illustrative, sentence, scatter = ui.view(
        "compare_scatter", lambda: compare_scatter.scatter_view(
            ui, catalogue.indicator(x_id), catalogue.indicator(y_id), sex, list(areas),
            dict(names), lang), tuple(areas), x_id, y_id, sex, lang)
    if illustrative:
        ui.illustrative_label()
    if scatter is None:
        st.markdown(ui.plain(sentence))
    else:
        ui.chart_block(*scatter, key="scatter")
        st.caption(ui.t("compare_scatter_note"))
