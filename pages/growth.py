"""Growth 2050: the verdict, observed population against the required path and three scenarios,
the pace needed, each district's share of recent growth (a proxy) and a what-if of planned homes."""

from types import SimpleNamespace

import streamlit as st

from indicators import figures, goal_view, growth_view, ui
from indicators.formatting import format_number, format_value

lang = ui.language()
catalogue = ui.catalogue()
st.title(ui.t("page_growth"))
ui.show_notices()


def build():   # the outlook and the districts' shares, once per dataset version and language
    series = ui.observations(indicator.id, area=target["area_id"])
    view = growth_view.outlook(series, target["target_value"], int(target["target_year"]))
    outlook = (growth_view.outlook_figure(series, view, lang),
               growth_view.outlook_table(series, view, lang),
               growth_view.outlook_sentence(series, view, lang))
    eligible = ui.observations("population", level="district")
    proxy = eligible.dropna(subset=["value"]).empty
    if proxy:
        eligible = ui.observations("eligible_voters", level="district")
    shares, start, end = growth_view.district_shares(eligible, districts)
    bars = shares.dropna(subset=["share"]).assign(value=lambda f: 100 * f["share"])
    shares_chart = (figures.ranked_bars(bars, unit="percent", decimals=1, lang=lang),
                    growth_view.shares_table(shares, start, end, lang),
                    growth_view.shares_sentence(shares, start, end, lang))
    base = growth_view.base_population(eligible[eligible["year"] == end], districts,
                                       view.latest_value)
    return SimpleNamespace(**locals())


# 1. The verdict first: word and icon, base and latest year, R, pace, weather, sentence.
target, indicator, summary = ui.goal_header("population_2050")
districts = ui.areas("district")
v = ui.view("growth", build, lang)
view = v.view
st.markdown(ui.plain(growth_view.growth_sentence(view, lang)))

# 2. Observed population (gaps left open), the required path and the scenarios.
st.header(ui.t("growth_outlook_heading"))
ui.chart_block(*v.outlook, key="growth_outlook")
st.markdown(ui.plain(growth_view.scenario_sentence(view, lang)))
st.dataframe(growth_view.scenario_table(view, lang), hide_index=True)
st.caption(ui.t("growth_scenario_method"))

# 3. The pace needed beside the recent pace.
st.header(ui.t("growth_pace_heading"))
for column, (label, persons, rate) in zip(st.columns(3), growth_view.pace_rows(view, lang)):
    # The unit goes with the label above (it wraps): "+1 010 personer per år" clipped at 1440 px.
    number, unit = growth_view.split_unit(persons)
    column.markdown(f"**{ui.plain(label)}**, {ui.plain(unit)}")
    column.metric(f"{label}, {unit}", number, delta=rate, delta_color="off", delta_arrow="off",
                  label_visibility="collapsed")

# 4. District contributions from district population (SCB RegSO/DeSO carried to districts);
# a dataset without district population falls back to eligible voters, a proxy said in words.
st.header(ui.t("growth_districts_heading"))
proxy, end, base = v.proxy, v.end, v.base
if proxy:
    st.info(ui.t("growth_proxy_note"), icon="ℹ️")
else:
    st.caption(ui.t("growth_population_note"))
ui.chart_block(*v.shares_chart, key="growth_shares")

# 5. What-if: planned homes per district and persons per home (all in the URL).
st.header(ui.t("growth_what_if_heading"))
base_note = "growth_base_note" if proxy else "growth_base_note_population"
st.info(ui.t(base_note, year=view.latest_year, eligible_year=end,
             population=format_value(view.latest_value, "persons", 0, lang)), icon="🧮")
left, right = st.columns(2)
pph = ui.choose(ui.t("growth_persons_per_home"), growth_view.PERSONS_PER_HOME_OPTIONS,
                name="pph", default=growth_view.PERSONS_PER_HOME_DEFAULT, parse=float,
                widget="select_slider", container=left,
                format_func=lambda v: format_number(v, 1, lang))
trend = ui.choose(ui.t("growth_trend"), growth_view.TRENDS, name="trend", default="none",
                  widget="radio", container=right,
                  format_func=lambda k: ui.t(f"growth_trend_{k}"))
plan = ui.param("homes", growth_view.HomesPlans(base["code"]), {},
                parse=growth_view.parse_homes)
homes_column = ui.t("growth_planned_homes")
edited = st.data_editor(
    growth_view.editor_frame(base, plan, lang), key="w_homes", hide_index=True,
    disabled=[ui.t("area"), ui.t("growth_population_today")],
    column_config={homes_column: st.column_config.NumberColumn(
        min_value=0, max_value=growth_view.MAX_HOMES, step=1, format="%d")})
plan = growth_view.homes_from_editor(edited[homes_column], base["code"])
ui.set_params(homes=growth_view.encode_homes(plan))
ui.show_notices()


def what_if():   # the what-if's result and table, once per plan, pace, trend and language
    result = growth_view.what_if(base, plan, pph, view.latest_year,
                                 growth_view.scenario_rate(view, trend),
                                 int(target["target_year"]), float(target["target_value"]))
    return result, growth_view.what_if_table(result, base, lang)


result, result_table = ui.view("growth_what_if", what_if, pph, trend,
                               tuple(sorted(plan.items())), lang)
x, y = st.columns(2)
x.metric(ui.t("growth_city_in", year=result.target_year),
         format_value(result.total, "persons", 0, lang))
y.markdown(f"### {growth_view.what_if_heading(result, lang)}")
st.markdown(ui.plain(growth_view.what_if_sentence(result, sum(plan.values()), pph, lang)))
st.dataframe(result_table, hide_index=True)
st.caption(ui.t("sources") + ": " + ui.plain(catalogue.source(indicator.source).producer)
           + "; " + ui.plain(catalogue.source("valmyndigheten").producer))
