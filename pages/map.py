"""Map: level, indicator, year and sex; an offline choropleth as wide and tall as the screen
allows; an area chosen in the list (or the URL) is outlined and zoomed to, so the smallest areas
are reachable; a click opens the district profile."""

import streamlit as st

import ui
from indicators.views import map as view

lang = ui.language()
catalogue = ui.catalogue()
st.title(ui.t("page_map"))

# Select (every choice in the URL).
# level → indicator → years the map can draw, once per dataset version
choices = ui.view("map_choices", lambda: view.map_choices(ui.mapped_years(), catalogue.ids))
levels = list(choices) or ["district"]
cols = st.columns(4)
level = ui.choose(ui.t("level"), levels, name="level", default="district", container=cols[0],
                  format_func=lambda lv: ui.t(f"level_{lv}"))
options = list(choices.get(level, {})) or ["turnout_riksdag"]
indicator = catalogue.indicator(ui.choose(
    ui.t("indicator"), options, name="indicator", default="turnout_riksdag", container=cols[1],
    format_func=lambda i: catalogue.indicator(i).name(lang)))
years = choices.get(level, {}).get(indicator.id) or ui.years(indicator.id)
year = ui.choose(ui.t("year"), years, name="year", default=years[-1], parse=int,
                 container=cols[2])
sex = ui.choose(ui.t("sex"), list(indicator.sexes), name="sex", default="total",
                container=cols[3], format_func=lambda s: ui.t(f"sex_{s}"))
areas = ui.map_geometry(level)
names = dict(zip(areas["area_id"], areas["name"], strict=True))
notes = st.container()   # notices right under the choices, above the map
map_column, side = st.columns([5, 2])
chosen = ui.choose(ui.t("map_choose_area"), ["", *sorted(names, key=names.get)], name="area",
                   default="", container=side,
                   format_func=lambda a: names[a] if a else ui.t("map_whole_city"))
with notes:
    ui.show_notices()

# Get data and compute what each area shows: once per dataset version and selection (ui.view).
def build() -> view.MapView:
    geometry, extent = ui.map_source(level)   # the level's polygons by URL (static file)
    return view.map_view(
        areas, ui.observations(indicator.id, level=level, year=year, sex=sex), indicator, year,
        chosen, geometry, extent, f"{indicator.name(lang)}{ui.unit_words(indicator)} "
        f"({ui.t('direction_short_' + str(indicator.direction))})", lang)


shown = ui.view("map", build, level, indicator.id, year, sex, chosen, lang)
frame, ranked = shown.frame, shown.ranked

# Show: label, sentence, map (with the chosen area beside it), table.
if shown.illustrative:
    ui.illustrative_label()
with map_column:
    event = ui.chart_block(shown.figure, shown.table, shown.sentence, key="map",
                           on_select="rerun")
    st.caption(ui.t("map_click_hint"))
    if shown.note:
        st.caption(shown.note)
with side:
    ui.area_panel(frame, ranked, chosen, indicator, level, year)

# A click on an area opens its district's profile.
district = ui.clicked_district(event, level)
if district is not None:
    st.switch_page("pages/profile.py", query_params={"district": district, "lang": lang})
