"""Growth 2050: the verdict, observed population against the required path and three scenarios,
the pace needed, each district's share of recent growth (a proxy) and a what-if of planned homes."""

import streamlit as st

import ui
import ui.growth
from indicators.text.formatting import format_value
from indicators.views import figures, growth_what_if
from indicators.views import growth as view

lang = ui.language()
catalogue = ui.catalogue()
st.title(ui.t("page_growth"))
ui.show_notices()

# 1. The verdict first: word and icon, base and latest year, R, pace, weather, sentence.
target, indicator, summary = ui.goal_header("population_2050")
series = ui.observations(indicator.id, area=target["area_id"])
outlook = view.outlook(series, target["target_value"], int(target["target_year"]))
st.markdown(ui.plain(view.growth_sentence(outlook, lang)))

# 2. Observed population (gaps left open), the required path and the scenarios.
st.header(ui.t("growth_outlook_heading"))
ui.chart_block(*ui.view("growth_outlook", lambda: (   # once per dataset version and language
    view.outlook_figure(series, outlook, lang), view.outlook_table(series, outlook, lang),
    view.outlook_sentence(series, outlook, lang)), lang), key="growth_outlook")
st.markdown(ui.plain(view.scenario_sentence(outlook, lang)))
st.dataframe(view.scenario_table(outlook, lang), hide_index=True)
st.caption(ui.t("growth_scenario_method"))

# 3. The pace needed beside the recent pace.
st.header(ui.t("growth_pace_heading"))
for column, (label, persons, rate) in zip(st.columns(3), view.pace_rows(outlook, lang),
                                          strict=True):
    # The unit goes with the label above (it wraps): "+1 010 personer per år" clipped at 1440 px.
    number, unit = view.split_unit(persons)
    column.markdown(f"**{ui.plain(label)}**, {ui.plain(unit)}")
    column.metric(f"{label}, {unit}", number, delta=rate, delta_color="off", delta_arrow="off",
                  label_visibility="collapsed")

# 4. District contributions from district population (SCB RegSO/DeSO carried to districts);
# a dataset without district population falls back to eligible voters, a proxy said in words.
st.header(ui.t("growth_districts_heading"))
districts = ui.city_districts(target["area_id"])   # the goal's kommun's districts
eligible = ui.observations("population", level="district", within=target["area_id"])
proxy = not view.has_values(eligible)
if proxy:
    eligible = ui.observations("eligible_voters", level="district", within=target["area_id"])
    st.info(ui.t("growth_proxy_note"), icon="ℹ️")
else:
    st.caption(ui.t("growth_population_note"))
shares, start, end = view.district_shares(eligible, districts)
ui.chart_block(*ui.view("growth_shares", lambda: (
    figures.ranked_bars(view.share_bars(shares), unit="percent", decimals=1, lang=lang),
    view.shares_table(shares, start, end, lang), view.shares_sentence(shares, start, end, lang)),
    lang), key="growth_shares")

# 5. What-if: planned homes per district and persons per home (all in the URL).
st.header(ui.t("growth_what_if_heading"))
base = growth_what_if.base_population(view.latest_rows(eligible, end), districts,
                                      outlook.latest_value)
base_note = "growth_base_note" if proxy else "growth_base_note_population"
st.info(ui.t(base_note, year=outlook.latest_year, eligible_year=end,
             population=format_value(outlook.latest_value, "persons", 0, lang)), icon="🧮")
ui.growth.what_if_section(base, outlook, int(target["target_year"]),
                         float(target["target_value"]), lang)   # a fragment: reruns alone
st.caption(ui.t("sources") + ": " + ui.plain(catalogue.source(indicator.source).producer)
           + "; " + ui.plain(catalogue.source("valmyndigheten").producer))
