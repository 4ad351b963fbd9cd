"""Climate: the verdict on net zero by 2040, emissions by sector, per inhabitant, the straight
path to zero and the cut needed now, cars and electric cars; sources under the charts."""

from types import SimpleNamespace

import streamlit as st

from indicators import climate_view, figures, goal_view, growth_view, narratives, ui
from indicators.formatting import format_value

lang = ui.language()
catalogue = ui.catalogue()
st.title(ui.t("page_climate"))
ui.show_notices()


def credit(*indicator_ids: str) -> None:
    """The producers behind a chart, credited under it."""
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


def build():   # the charts, tables and sentences, once per dataset version and language
    sectors = climate_view.sector_indicators(catalogue.indicators)
    frame, order = climate_view.sector_frame([ui.observations(s.id, area=city) for s in sectors],
                                             {s.id: s.name(lang) for s in sectors})
    sector_chart = order and (
        figures.stacked_area(frame, series_column="series", unit="tonnes", decimals=0,
                             lang=lang, order=order),
        climate_view.sector_table(frame, order, lang),
        climate_view.sector_sentence(climate_view.sector_reading(frame, order), lang))
    series = ui.observations(per_capita.id, area=city).dropna(subset=["value"])
    per_capita_chart = None
    if len(series):
        first, last = series.iloc[0], series.iloc[-1]
        lines = growth_view.with_gaps(series[["year", "value", "area_name"]])
        lines["area_name"] = last["area_name"]
        per_capita_chart = (
            figures.time_series(lines, name_column="area_name", unit=per_capita.unit,
                                decimals=per_capita.decimals, lang=lang),
            ui.series_table(series, per_capita),
            narratives.trend_sentence(lang, last["area_name"], per_capita.name(lang).lower(),
                                      int(first["year"]), first["value"], int(last["year"]),
                                      last["value"], per_capita.unit, per_capita.decimals))
    totals = ui.observations(total.id, area=target["area_id"])
    path = climate_view.neutrality(totals, base_year, int(target["target_year"]),
                                   float(target["target_value"]), str(target["rule"]))
    path_chart = (climate_view.neutrality_figure(totals, path, base_year, lang),
                  climate_view.neutrality_table(totals, path, base_year, lang),
                  climate_view.neutrality_sentence(path, base_year, lang))
    cars = {i: ui.observations(i, area=city).dropna(subset=["value"])
            for i in ("cars_per_1000", "electric_car_share")}
    return SimpleNamespace(**locals())


per_capita = catalogue.indicator("ghg_per_capita")
base_year = int(summary.verdict.base_year or target["base_year"])
v = ui.view("climate", build, lang)

# 2. Emissions by sector, stacked per year (patterns and colours; largest sector at the bottom).
st.header(ui.t("climate_sectors_heading"))
if v.sector_chart:
    ui.chart_block(*v.sector_chart, key="climate_sectors")
    credit(*(s.id for s in v.sectors))
else:
    st.info(ui.t("climate_no_sectors"))

# 3. Emissions per inhabitant.
st.header(ui.t("climate_per_capita_heading"))
if v.per_capita_chart:
    ui.chart_block(*v.per_capita_chart, key="climate_per_capita")
    credit(per_capita.id, "population")
else:
    st.info(ui.t("climate_no_data", indicator=ui.plain(per_capita.name(lang))))

# 4. The path to neutrality: the line from the base year and the cut needed from now.
st.header(ui.t("climate_path_heading"))
st.metric(ui.t("climate_cut_needed", year=v.path.latest_year),
          climate_view.per_year(v.path.cut_needed, total.unit, 0, lang))
ui.chart_block(*v.path_chart, key="climate_path")
credit(total.id)

# 5. Cars per 1,000 inhabitants and the share of electric cars (one year only: no trend).
st.header(ui.t("climate_cars_heading"))
for cell, (indicator_id, values) in zip(st.columns(2), v.cars.items()):
    indicator = catalogue.indicator(indicator_id)
    if values.empty:
        cell.info(ui.t("climate_no_data", indicator=ui.plain(indicator.name(lang))))
        continue
    latest = values.iloc[-1]
    cell.metric(f"{ui.plain(indicator.name(lang))} ({int(latest['year'])})",
                format_value(latest["value"], indicator.unit, indicator.decimals, lang))
    year = climate_view.single_year_note(values)
    if year is not None:
        cell.caption(ui.t("climate_one_year", year=year))
credit("cars_per_1000", "electric_car_share")
