"""Compare: chosen districts on chosen indicators (ranked bars), two indicators against each
other over the years (an animated scatter) and the table behind it all, with downloads. Every
choice lives in the URL: districts, indicators, year, sex, x and y."""

import streamlit as st

import ui
import ui.compare
from indicators.views import compare as view

lang = ui.language()
catalogue = ui.catalogue()
st.title(ui.t("page_compare"))

# Select (every choice in the URL): the kommun (a box only when the database holds several),
# its districts, the indicators, year and sex; the scatter's axes are chosen in its section.
city = ui.city()
districts = ui.city_districts(city)
names = dict(zip(districts["area_id"], districts["name"], strict=True))
code_of = dict(zip(districts["area_id"], districts["code"], strict=True))
available = [i.id for i in catalogue.indicators if "district" in i.levels
             and ui.years(i.id, "district")]
years_of = {i: ui.years(i, "district") for i in available}
largest = view.largest_areas(ui.observations("eligible_voters", level="district"),
                             within=list(districts["area_id"]))
codes = ui.choose_many(
    ui.t("compare_districts"), list(districts["code"]), name="districts",
    default=[code_of[a] for a in largest] or list(districts["code"][:view.DEFAULT_DISTRICTS]),
    format_func=lambda c: names[f"district:{c}"])
default_ids = dict.fromkeys(["turnout_riksdag", view.default_synthetic(  # once each, even
    catalogue.indicators, available) or "income_median_disposable"])   # if turnout is generated
chosen = [catalogue.indicator(i) for i in ui.choose_many(
    ui.t("compare_indicators"), available, name="indicators",
    default=[i for i in default_ids if i in available],
    format_func=lambda i: catalogue.indicator(i).name(lang))]
cells = st.columns(2)
first_years = years_of[chosen[0].id] if chosen else []
year = ui.choose(ui.t("year"), first_years, name="year",
                 default=first_years[-1] if first_years else None, parse=int, container=cells[0])
sex = ui.choose(ui.t("sex"), view.shared_sexes(chosen), name="sex", default="total",
                format_func=lambda s: ui.t(f"sex_{s}"), container=cells[1])
ui.show_notices()
areas = [f"district:{c}" for c in codes]
if any(i.illustrative for i in chosen):
    ui.illustrative_label()

if not areas or not chosen:
    st.info(ui.t("compare_choose_something"), icon="ℹ️")
else:   # what the page shows, built once per dataset version and selection (ui.view)
    bars, wide, long = ui.view(
        "compare", lambda: view.bars_view(ui, chosen, years_of, year, sex, areas, names,
                                          catalogue, ui.t("compare_city_line"), lang,
                                          city=city.area_id),
        tuple(areas), tuple(i.id for i in chosen), year, sex, city.area_id, lang)
    # 1. Ranked bars per indicator, best first; suppressed cells only in the table ("..").
    st.header(ui.t("compare_bars_heading"))
    for indicator, used, chart in bars:
        st.subheader(ui.plain(f"{indicator.name(lang)} ({used})"), anchor=False)
        if used != year:
            st.caption(ui.t("compare_year_note", used=used, wanted=year))
        ui.chart_block(*chart, key=f"bars_{indicator.id}")

    # 2. Two indicators against each other, one animation frame per common year.
    st.header(ui.t("compare_scatter_heading"))   # its axes: a fragment, reruns alone
    ui.compare.scatter_section(areas, names, sex, available, view.default_axes(
        [i.id for i in chosen], available, years_of), lang)

    # 3. The table of districts × indicators, with downloads.
    st.header(ui.t("compare_table_heading"))
    st.dataframe(wide, hide_index=True, width="stretch")
    ui.download_buttons(long, "compare", key="compare", decimals={ui.t("value"): [
        indicator.decimals for indicator in chosen for _ in areas]})  # long's row order
