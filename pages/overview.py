"""Overview: the two goals first (verdict, base and latest year, R), headline figures, index map."""

from functools import partial

import streamlit as st

import ui
from indicators.views import figures, goals
from indicators.views import overview as view
from indicators.views.map import legend_words

lang = ui.language()
catalogue = ui.catalogue()
st.title(ui.t("page_overview"))
city = ui.city()   # the headline figures' kommun (a box only when the database holds several)
ui.show_notices()

def goal_chart(target, indicator, verdict):   # figure and table, once per version and language
    series = ui.observations(indicator.id, area=target.area)
    path = goals.target_path(target.rule, verdict.base_year, verdict.base_value,
                             target.target_year, target.target_value)
    return figures.goal_chart(
        series, path, observed_name=ui.t("observed"), path_name=ui.t("required_path"),
        unit=indicator.unit, decimals=0, lang=lang, target_year=target.target_year,
        target_value=target.target_value), ui.series_table(series, indicator)


def index_map(index):   # the figure on the districts' geometry by URL, once per version
    geometry, extent = ui.map_source("district")
    return figures.choropleth(
        geometry, index.frame, extent=extent, colour_title=ui.t("index_colour_title"),
        direction=1, legend=legend_words(lang), lang=lang, unit="index", decimals=0,
        illustrative=index.illustrative, height=420)


# The two goals: the verdict card (as on Growth and Climate), then the chart with its table.
st.header(ui.t("goals_heading"))
for column, target in zip(st.columns(2), catalogue.targets, strict=False):
    with column.container(border=True):
        _, indicator, summary = ui.goal_header(target.id, heading=st.subheader)
        verdict = summary.verdict
        st.caption(ui.plain(goals.first_sentence(target.measurable(lang))))
        figure, table = ui.view("overview_goal", partial(goal_chart, target, indicator, verdict),
                                target.id, lang)
        ui.chart_block(figure, table, summary.sentence, key=f"goal_{target.id}")
        with st.expander(ui.t("stated_and_measured")):
            st.markdown(ui.plain(target.stated(lang)))
            st.markdown(ui.plain(target.measurable(lang)))

# Headline participation, social and climate figures for the whole city (the chosen kommun).
st.header(ui.t("headline_figures"))
for cell, indicator_id in zip(st.columns(4), view.headline_indicators(
        catalogue, lambda i: len(ui.observations(i, area=city.area_id)) > 0), strict=False):
    indicator = catalogue.indicator(indicator_id)
    latest, previous = goals.latest_and_previous(ui.observations(indicator_id, area=city.area_id))
    if latest is None:
        continue
    delta = None if previous is None else ui.t(
        "change_since", year=int(previous["year"]), change=ui.change_text(
            latest["value"] - previous["value"], indicator, unit=False))
    label = ui.metric_label(indicator, int(latest["year"]))
    cell.markdown(f"**{ui.plain(label)}**")    # the long name wraps; a metric label would clip
    cell.metric(label, ui.metric_value(latest["value"], indicator), delta=delta,
                delta_color=ui.delta_colour(indicator), label_visibility="collapsed")

# A small map of the index (illustrative when any input is synthetic).
st.header(ui.t("index_map_heading"))
index = ui.view("overview_index", lambda: view.index_map(
    ui.table("composite"), ui.city_districts(city), lang), city.area_id, lang)
if index is not None:
    if index.illustrative:
        ui.illustrative_label()
    ui.chart_block(ui.view("overview_index_map", partial(index_map, index), city.area_id, lang),
                   view.index_map_table(index, lang), view.index_map_sentence(index, lang),
                   key="index_map")
