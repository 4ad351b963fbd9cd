"""Participation & equality: turnout by district with 95 % intervals, its change between two
elections ("no clear change" when intervals overlap), and every indicator by sex."""

from functools import partial

import streamlit as st

import ui
import ui.participation
from indicators.views import participation as view
from indicators.views import participation_sections as sections

lang = ui.language()
catalogue = ui.catalogue()
st.title(ui.t("page_participation"))

# Select: the kommun (a box only when the database holds several), election and year (in the
# URL); the district whose women/men series is shown is chosen beside that series (section 3).
city = ui.city(linked="district")
districts = ui.city_districts(city)
elections = [e for e, i in view.ELECTIONS.items() if i in catalogue and ui.years(i, "district")]
cols = st.columns(2)
election = ui.choose(ui.t("participation_election"), elections, name="election",
                     default="riksdag", container=cols[0],
                     format_func=lambda e: catalogue.indicator(view.ELECTIONS[e]).name(lang))
turnout = catalogue.indicator(view.ELECTIONS[election])
election_years = ui.years(turnout.id, "district")
all_years = sorted({y for e in elections for y in ui.years(view.ELECTIONS[e], "district")})
year = ui.choose(ui.t("year"), all_years, name="year", default=election_years[-1], parse=int,
                 container=cols[1])
ui.show_notices()

# 1. Turnout by district for the chosen election and year, with intervals and the city line;
# every section built once per dataset version and selection (ui.view).
st.header(ui.t("participation_turnout_heading", election=ui.plain(turnout.name(lang)),
               year=year))
shown = ui.view("participation", lambda: sections.turnout_section(
    ui, turnout, districts, year, election_years, lang, city=city.area_id), election, year,
    city.area_id, lang)
if shown.chart is not None:
    ui.chart_block(*shown.chart, key="participation_turnout")
else:
    st.info(ui.t("participation_no_values", indicator=ui.plain(turnout.name(lang)), year=year))
if shown.official_text is not None:
    st.markdown(ui.plain(shown.official_text))
st.caption(ui.t("participation_collection_note") + " " + ui.t("participation_interval_note"))

# 2. The change between the first and last election, with "no clear change" where it applies.
if shown.change_text is None:
    st.header(ui.t("participation_change_heading_single"))
    st.info(ui.t("participation_one_year", election=ui.plain(turnout.name(lang)),
                 year=shown.first))
else:
    st.header(ui.t("participation_change_heading", first=shown.first, last=shown.last))
    st.markdown(ui.plain(shown.change_text))
    st.dataframe(shown.changes_table, hide_index=True)

# 3. Every indicator with a sex breakdown: women and men by district, then over time; one tab
# per indicator, and only the open tab's charts are sent (a tab switch reruns the page from the
# kept views: with dozens of indicators by sex the hidden tabs were megabytes on every load).
st.header(ui.t("participation_sex_heading"))
by_sex_indicators = [i for i in view.sex_indicators(catalogue.indicators)
                     if ui.years(i.id, "district")]
tabs = st.tabs([ui.plain(i.name(lang)) for i in by_sex_indicators], key="w_sex_tab",
               on_change="rerun") if by_sex_indicators else []
for tab, indicator in zip(tabs, by_sex_indicators, strict=True):
    if tab.open is False:
        continue
    latest = ui.years(indicator.id, "district")[-1]
    with tab:   # the tab's label names the indicator
        ui.illustrative_label(indicator)
        ui.chart_block(*ui.view("participation_sex", partial(
            sections.sex_by_district, ui, indicator, districts, latest, lang),
            indicator.id, city.area_id, lang), key=f"participation_sex_{indicator.id}")
        ui.participation.district_series(indicator, districts, lang)   # a fragment
