"""Participation & equality: turnout by district with 95 % intervals, its change between two
elections ("no clear change" when intervals overlap), and every indicator by sex."""

from types import SimpleNamespace

import streamlit as st

from indicators import figures, ui
from indicators import participation_view as pv
from indicators.formatting import format_value

lang = ui.language()
catalogue = ui.catalogue()
st.title(ui.t("page_participation"))

# Select: election, year, and the district whose women/men series is shown (all in the URL).
districts = ui.areas("district")
elections = [e for e, i in pv.ELECTIONS.items() if i in catalogue and ui.years(i, "district")]
cols = st.columns(3)
election = ui.choose(ui.t("participation_election"), elections, name="election",
                     default="riksdag", container=cols[0],
                     format_func=lambda e: catalogue.indicator(pv.ELECTIONS[e]).name(lang))
turnout = catalogue.indicator(pv.ELECTIONS[election])
election_years = ui.years(turnout.id, "district")
all_years = sorted({y for e in elections for y in ui.years(pv.ELECTIONS[e], "district")})
year = ui.choose(ui.t("year"), all_years, name="year", default=election_years[-1], parse=int,
                 container=cols[1])
codes = list(districts["code"])
names = dict(zip(districts["code"], districts["name"]))
district = ui.choose(ui.t("participation_district"), codes, name="district", default=codes[0],
                     container=cols[2], format_func=lambda c: names[c])
ui.show_notices()


def build():   # the charts, tables and sentences, once per dataset version and selection
    frame = pv.turnout_frame(ui.observations(turnout.id, level="district", year=year), districts)
    city = ui.observations(turnout.id, level="kommun", year=year)
    city_value = city["value"].iloc[0] if len(city) else None
    changes, first, last = None, election_years[0], election_years[-1]
    if first != last:
        changes = pv.turnout_changes(*(pv.turnout_frame(ui.observations(
            turnout.id, level="district", year=y), districts) for y in (first, last)))
    chart = None
    if len(pv.published(frame)):
        city_label = ui.t("participation_city", value=format_value(city_value, "percent", 1,
                                                                    lang))
        chart = (pv.turnout_figure(frame, city_value=city_value, city_label=city_label,
                                   lang=lang), pv.turnout_table(frame, lang),
                 pv.ranking_sentence(frame, turnout.name(lang), year, lang))
    official = ui.observations(f"{turnout.id}_official", level="kommun", year=year)
    official_text = pv.city_figures_text(city_value, official["value"].iloc[0], lang) \
        if len(official) else None
    change_text = changes_table = None
    if changes is not None:
        change_text = pv.changes_sentence(changes, first, last, lang)
        changes_table = pv.changes_table(changes, first, last, lang)
    by_sex = []   # per indicator with a sex breakdown: its women/men chart by district
    for indicator in sex_indicators:
        latest = ui.years(indicator.id, "district")[-1]
        rows = pv.sex_frame(ui.observations(indicator.id, level="district", year=latest,
                                            sex=None), districts)
        by_sex.append((indicator, (
            pv.sex_figure(rows, indicator, lang), pv.sex_table(rows, indicator, lang),
            pv.gap_sentence(rows, indicator, latest, lang))))
    return SimpleNamespace(**locals())


def district_series():   # the chosen district's women/men series, once per district
    charts = []
    for indicator in sex_indicators:
        series = pv.sex_series(
            ui.observations(indicator.id, area=f"district:{district}", sex=None), lang)
        charts.append((figures.time_series(
            series, name_column="series", unit=indicator.unit, decimals=indicator.decimals,
            lang=lang, styles=pv.series_styles(lang)), pv.sex_series_table(
            series, indicator, lang), pv.series_sentence(series, names[district], indicator,
                                                         lang)) if len(series) else None)
    return charts


sex_indicators = [i for i in pv.sex_indicators(catalogue.indicators)
                  if ui.years(i.id, "district")]
v = ui.view("participation", build, election, year, lang)
over_time = ui.view("participation_series", district_series, district, lang)

# 1. Turnout by district for the chosen election and year, with intervals and the city line.
st.header(ui.t("participation_turnout_heading", election=ui.plain(turnout.name(lang)),
               year=year))
if v.chart is not None:
    ui.chart_block(*v.chart, key="participation_turnout")
else:
    st.info(ui.t("participation_no_values", indicator=ui.plain(turnout.name(lang)), year=year))
if v.official_text is not None:
    st.markdown(ui.plain(v.official_text))
st.caption(ui.t("participation_collection_note") + " " + ui.t("participation_interval_note"))

# 2. The change between the first and last election, with "no clear change" where it applies.
if v.changes is None:
    st.header(ui.t("participation_change_heading_single"))
    st.info(ui.t("participation_one_year", election=ui.plain(turnout.name(lang)), year=v.first))
else:
    st.header(ui.t("participation_change_heading", first=v.first, last=v.last))
    st.markdown(ui.plain(v.change_text))
    st.dataframe(v.changes_table, hide_index=True)

# 3. Every indicator with a sex breakdown: women and men by district, then over time; one tab
# per indicator, so the page stays a few screens long however many indicators there are.
st.header(ui.t("participation_sex_heading"))
# Only the open tab's charts are sent (a tab switch reruns the page from the kept views): with
# dozens of indicators by sex the hidden tabs were megabytes on every load.
tabs = st.tabs([ui.plain(i.name(lang)) for i, _ in v.by_sex], key="w_sex_tab",
               on_change="rerun") if v.by_sex else []
for tab, (indicator, by_district), series in zip(tabs, v.by_sex, over_time):
    if tab.open is False:
        continue
    with tab:   # the tab's label names the indicator
        ui.illustrative_label(indicator)
        ui.chart_block(*by_district, key=f"participation_sex_{indicator.id}")
        if series is not None:
            ui.chart_block(*series, key=f"participation_series_{indicator.id}")
