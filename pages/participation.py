"""Participation & equality: turnout by district with 95 % intervals, its change between two
elections ("no clear change" when intervals overlap), and every indicator by sex."""

import streamlit as st

import ui
from indicators.text.formatting import format_value
from indicators.views import figures
from indicators.views import participation as view

lang = ui.language()
catalogue = ui.catalogue()
st.title(ui.t("page_participation"))

# Select: election, year, and the district whose women/men series is shown (all in the URL).
districts = ui.areas("district")
elections = [e for e, i in view.ELECTIONS.items() if i in catalogue and ui.years(i, "district")]
cols = st.columns(3)
election = ui.choose(ui.t("participation_election"), elections, name="election",
                     default="riksdag", container=cols[0],
                     format_func=lambda e: catalogue.indicator(view.ELECTIONS[e]).name(lang))
turnout = catalogue.indicator(view.ELECTIONS[election])
election_years = ui.years(turnout.id, "district")
all_years = sorted({y for e in elections for y in ui.years(view.ELECTIONS[e], "district")})
year = ui.choose(ui.t("year"), all_years, name="year", default=election_years[-1], parse=int,
                 container=cols[1])
codes = list(districts["code"])
names = dict(zip(districts["code"], districts["name"], strict=True))
district = ui.choose(ui.t("participation_district"), codes, name="district", default=codes[0],
                     container=cols[2], format_func=lambda c: names[c])
ui.show_notices()

# 1. Turnout by district for the chosen election and year, with intervals and the city line.
st.header(ui.t("participation_turnout_heading", election=ui.plain(turnout.name(lang)),
               year=year))
frame = view.turnout_frame(ui.observations(turnout.id, level="district", year=year), districts)
city = ui.observations(turnout.id, level="kommun", year=year)
city_value = view.first_value(city)
changes, first, last = None, election_years[0], election_years[-1]
if first != last:
    changes = view.turnout_changes(
        view.turnout_frame(ui.observations(turnout.id, level="district", year=first), districts),
        view.turnout_frame(ui.observations(turnout.id, level="district", year=last), districts))
if len(view.published(frame)):
    sentence = view.ranking_sentence(frame, turnout.name(lang), year, lang)  # changes: section 2
    city_label = ui.t("participation_city", value=format_value(city_value, "percent", 1, lang))
    ui.chart_block(view.turnout_figure(frame, city_value=city_value, city_label=city_label,
                                     lang=lang),
                   view.turnout_table(frame, lang), sentence, key="participation_turnout")
else:
    st.info(ui.t("participation_no_values", indicator=ui.plain(turnout.name(lang)), year=year))
official = ui.observations(f"{turnout.id}_official", level="kommun", year=year)
if len(official):
    st.markdown(ui.plain(view.city_figures_text(city_value, view.first_value(official), lang)))
st.caption(ui.t("participation_collection_note") + " " + ui.t("participation_interval_note"))

# 2. The change between the first and last election, with "no clear change" where it applies.
if changes is None:
    st.header(ui.t("participation_change_heading_single"))
    st.info(ui.t("participation_one_year", election=ui.plain(turnout.name(lang)), year=first))
else:
    st.header(ui.t("participation_change_heading", first=first, last=last))
    st.markdown(ui.plain(view.changes_sentence(changes, first, last, lang)))
    st.dataframe(view.changes_table(changes, first, last, lang), hide_index=True)

# 3. Every indicator with a sex breakdown: women and men by district, then over time; one tab
# per indicator, so the page stays a few screens long however many indicators there are.
st.header(ui.t("participation_sex_heading"))
by_sex_indicators = [i for i in view.sex_indicators(catalogue.indicators)
                     if ui.years(i.id, "district")]
tabs = st.tabs([ui.plain(i.name(lang)) for i in by_sex_indicators]) if by_sex_indicators else []
for tab, indicator in zip(tabs, by_sex_indicators, strict=True):
    years = ui.years(indicator.id, "district")
    with tab:   # the tab's label names the indicator
        ui.illustrative_label(indicator)
        by_sex = view.sex_frame(ui.observations(indicator.id, level="district", year=years[-1],
                                              sex=None), districts)
        ui.chart_block(view.sex_figure(by_sex, indicator, lang),
                       view.sex_table(by_sex, indicator, lang),
                       view.gap_sentence(by_sex, indicator, years[-1], lang),
                       key=f"participation_sex_{indicator.id}")
        series = view.sex_series(
            ui.observations(indicator.id, area=f"district:{district}", sex=None), lang)
        if len(series):
            ui.chart_block(figures.time_series(series, name_column="series", unit=indicator.unit,
                                               decimals=indicator.decimals, lang=lang,
                                               styles=view.series_styles(lang)),
                           view.sex_series_table(series, indicator, lang),
                           view.series_sentence(series, names[district], indicator, lang),
                           key=f"participation_series_{indicator.id}")
