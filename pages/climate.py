"""Climate: the verdict on net zero by 2040, emissions by sector, per inhabitant, the straight
path to zero and the cut needed now, cars and electric cars; sources under the charts."""

import streamlit as st

import ui
from indicators.text.formatting import format_value
from indicators.views import climate as view
from indicators.views import figures

lang = ui.language()
catalogue = ui.catalogue()
st.title(ui.t("page_climate"))
ui.show_notices()


def credit(*indicator_ids: str) -> None:   # the producers behind a chart, credited under it
    sources = dict.fromkeys(catalogue.source(catalogue.indicator(i).source) for i in indicator_ids)
    st.caption(ui.t("sources") + ": " + "; ".join(
        ui.plain(f"{s.producer} – {s.title(lang)}") for s in sources))


# 1. The verdict first: word and icon, base and latest year, R, annual changes, weather.
target, total, summary = ui.goal_header("climate_neutral_2040")
city = target["area_id"]   # the goal's kommun (a national dataset holds every kommun)
st.markdown(ui.plain(summary.sentence))
st.caption(ui.t("climate_method_note"))
with st.expander(ui.t("stated_and_measured"), expanded=True):
    st.markdown(ui.plain(target[f"stated_{lang}"]))
    st.markdown(ui.plain(target[f"measurable_{lang}"]))

# 2. Emissions by sector, stacked per year (patterns and colours; largest sector at the bottom).
st.header(ui.t("climate_sectors_heading"))
sectors = view.sector_indicators(catalogue.indicators)


def sector_chart():   # figure, table and sentence: once per dataset version and language
    frame, order = view.sector_frame([ui.observations(s.id, area=city) for s in sectors],
                                     {s.id: s.name(lang) for s in sectors})
    return order and (figures.stacked_area(frame, series_column="series", unit="tonnes",
                                           decimals=0, lang=lang, order=order),
                      view.sector_table(frame, order, lang),
                      view.sector_sentence(view.sector_reading(frame, order), lang))


if chart := ui.view("climate_sectors", sector_chart, lang):
    ui.chart_block(*chart, key="climate_sectors")
    credit(*(s.id for s in sectors))
else:
    st.info(ui.t("climate_no_sectors"))

# 3. Emissions per inhabitant.
st.header(ui.t("climate_per_capita_heading"))
indicator = catalogue.indicator("ghg_per_capita")
per_capita = view.per_capita(ui.observations(indicator.id, area=city), indicator, lang)
if per_capita is not None:
    ui.chart_block(
        figures.time_series(per_capita.lines, name_column="area_name", unit=indicator.unit,
                            decimals=indicator.decimals, lang=lang),
        ui.series_table(per_capita.series, indicator), per_capita.sentence,
        key="climate_per_capita")
    credit(indicator.id, "population")
else:
    st.info(ui.t("climate_no_data", indicator=ui.plain(indicator.name(lang))))

# 4. The path to neutrality: the line from the base year and the cut needed from now.
st.header(ui.t("climate_path_heading"))
base_year = int(summary.verdict.base_year or target["base_year"])


def path_chart():   # the path, its figure, table and sentence: once per version and language
    totals = ui.observations(total.id, area=city)
    path = view.neutrality(totals, base_year, int(target["target_year"]),
                           float(target["target_value"]), str(target["rule"]))
    return path, (view.neutrality_figure(totals, path, base_year, lang),
                  view.neutrality_table(totals, path, base_year, lang),
                  view.neutrality_sentence(path, base_year, lang))


path, chart = ui.view("climate_path", path_chart, lang)
st.metric(ui.t("climate_cut_needed", year=path.latest_year),
          view.per_year(path.cut_needed, total.unit, 0, lang))
ui.chart_block(*chart, key="climate_path")
credit(total.id)

# 5. Cars per 1,000 inhabitants and the share of electric cars (one year only: no trend).
st.header(ui.t("climate_cars_heading"))
for cell, indicator_id in zip(st.columns(2), ("cars_per_1000", "electric_car_share"), strict=True):
    indicator = catalogue.indicator(indicator_id)
    values = ui.observations(indicator_id, area=city)
    latest = view.latest_published(values)
    if latest is None:
        cell.info(ui.t("climate_no_data", indicator=ui.plain(indicator.name(lang))))
        continue
    cell.metric(f"{ui.plain(indicator.name(lang))} ({int(latest['year'])})",
                format_value(latest["value"], indicator.unit, indicator.decimals, lang))
    year = view.single_year_note(values)
    if year is not None:
        cell.caption(ui.t("climate_one_year", year=year))
credit("cars_per_1000", "electric_car_share")
