"""Overview: the two goals first (verdict, base and latest year, R), headline figures, index map."""

import streamlit as st

from indicators import figures, goal_view, goals, maps, narratives, ui
from indicators.formatting import format_value

lang = ui.language()
catalogue = ui.catalogue()
st.title(ui.t("page_overview"))
ui.show_notices()


def build():   # the charts, tables and sentences, once per dataset version and language
    verdicts = ui.table("verdict").set_index("target_id", drop=False)
    goals_shown = []
    for target in ui.table("target").itertuples():
        indicator = catalogue.indicator(target.indicator_id)
        verdict = goals.verdict_from_row(verdicts.loc[target.target_id])
        name = target.name_sv if lang == "sv" else target.name_en
        series = ui.observations(indicator.id, area=target.area_id)
        path = goals.target_path(target.rule, verdict.base_year, verdict.base_value,
                                 target.target_year, target.target_value)
        figure = figures.goal_chart(
            series, path, observed_name=ui.t("observed"), path_name=ui.t("required_path"),
            unit=indicator.unit, decimals=0, lang=lang, target_year=target.target_year,
            target_value=target.target_value)
        goals_shown.append((target, indicator, verdict, goals.weather_from_row(
            verdicts.loc[target.target_id]), name, figure, ui.series_table(series, indicator),
            narratives.verdict_sentence(lang, name, verdict, unit=indicator.unit, decimals=0)))
    turnout = next((i for i in ("turnout_riksdag_official", "turnout_riksdag")
                    if i in catalogue and ui.years(i, "kommun")), "turnout_riksdag")
    headline = [(catalogue.indicator(i), *goals.latest_and_previous(
        ui.observations(i, level="kommun"))) if i in catalogue else (None, None, None)
        for i in (turnout, "population", "ghg_per_capita", "cars_per_1000")]
    index = ui.table("composite").query("kind == 'index'")
    districts = ui.areas("district")
    index = index[index["area_id"].isin(districts["area_id"]) & index["score"].notna()]
    if not len(index):
        return goals_shown, headline, None
    frame = districts[["area_id", "name"]].merge(index[["area_id", "score"]], on="area_id",
                                                 how="left").rename(columns={"score": "value"})
    frame["suppressed"] = False
    frame["hover"] = [format_value(v, "index", 0, lang) for v in frame["value"]]
    ranked = frame.dropna(subset=["value"]).sort_values("value", ascending=False)
    source, extent = ui.map_source("district")
    illustrative = bool(index["illustrative"].any())
    figure = figures.choropleth(
        source, frame, extent=extent, colour_title=ui.t("index_colour_title"), direction=1,
        legend=maps.legend_words(lang), lang=lang, unit="index", decimals=0,
        illustrative=illustrative, height=420)
    sentence = ui.t("index_map_sentence", top=ranked.iloc[0]["name"],
                    top_value=format_value(ranked.iloc[0]["value"], "index", 0, lang),
                    bottom=ranked.iloc[-1]["name"],
                    bottom_value=format_value(ranked.iloc[-1]["value"], "index", 0, lang))
    table = ranked[["name", "value"]].rename(columns={"name": ui.t("area"),
                                                      "value": ui.t("value")})
    return goals_shown, headline, (illustrative, figure, table, sentence)


goals_shown, headline, index_map = ui.view("overview", build, lang)

# The two goals: verdict word + icon, base/latest year, R, then the chart with its table.
st.header(ui.t("goals_heading"))
for column, (target, indicator, verdict, weather, name, figure, table, sentence) in zip(
        st.columns(2), goals_shown):
    with column.container(border=True):
        st.subheader(ui.plain(name))
        st.markdown(f"### {narratives.status_icon(verdict.status)} "
                    f"{narratives.status_label(lang, verdict.status)}")
        a, b, c = st.columns(3)
        a.metric(ui.t("base_year"), verdict.base_year)
        b.metric(ui.t("latest_year"), verdict.latest_year)
        c.metric(ui.t("ratio_r"), format_value(verdict.ratio, "count", 2, lang))
        st.markdown(ui.plain(goal_view.rates_text(verdict, indicator.unit, 0, lang)))
        if weather is not None and weather.projected_value is not None:
            st.markdown(f"{narratives.status_icon(weather.status)} " + ui.t(
                "weather_reading", label=narratives.status_label(lang, weather.status),
                window=f"{weather.window_start}–{weather.window_end}",
                projected=format_value(weather.projected_value, indicator.unit, 0, lang),
                year=verdict.target_year))
        st.caption(ui.plain(goals.first_sentence(getattr(target, f"measurable_{lang}"))))
        ui.chart_block(figure, table, sentence, key=f"goal_{target.target_id}")
        with st.expander(ui.t("stated_and_measured")):
            st.markdown(ui.plain(target.stated_sv if lang == "sv" else target.stated_en))
            st.markdown(ui.plain(target.measurable_sv if lang == "sv" else target.measurable_en))

# Headline participation, social and climate figures for the whole city.
st.header(ui.t("headline_figures"))
for cell, (indicator, latest, previous) in zip(st.columns(4), headline):
    if latest is None:
        continue
    delta = None
    if previous is not None:
        delta = ui.t("change_since", year=int(previous["year"]), change=ui.change_text(
            latest["value"] - previous["value"], indicator, unit=False))
    label = ui.metric_label(indicator, int(latest["year"]))
    cell.markdown(f"**{ui.plain(label)}**")    # the long name wraps; a metric label would clip
    cell.metric(label, ui.metric_value(latest["value"], indicator), delta=delta,
                delta_color=ui.delta_colour(indicator), label_visibility="collapsed")

# A small map of the index (illustrative when any input is synthetic).
st.header(ui.t("index_map_heading"))
if index_map is not None:
    illustrative, figure, table, sentence = index_map
    if illustrative:
        ui.illustrative_label()
    ui.chart_block(figure, table, sentence, key="index_map")
