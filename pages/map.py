"""Map: level, indicator, year and sex; an offline choropleth as wide and tall as the screen
allows; an area chosen in the list (or the URL) is outlined and zoomed to, so the smallest areas
are reachable; a click opens the district profile."""

import streamlit as st

from indicators import figures, maps, narratives, ui
from indicators.formatting import format_value

lang = ui.language()
catalogue = ui.catalogue()
st.title(ui.t("page_map"))

# Select (every choice in the URL).
# level → indicator → years the map can draw, once per dataset version
choices = ui.view("map_choices", lambda: maps.map_choices(ui.mapped_years(), catalogue.ids))
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
names = dict(zip(areas["area_id"], areas["name"]))
notes = st.container()   # notices right under the choices, above the map
map_column, side = st.columns([5, 2])
chosen = ui.choose(ui.t("map_choose_area"), ["", *sorted(names, key=names.get)], name="area",
                   default="", container=side,
                   format_func=lambda a: names[a] if a else ui.t("map_whole_city"))
with notes:
    ui.show_notices()


def build():   # what the map shows, built once per dataset version and selection (ui.view)
    values = ui.observations(indicator.id, level=level, year=year, sex=sex)
    frame = maps.map_frame(areas, values, indicator, lang)
    illustrative = bool(indicator.illustrative or (frame["quality"] == "synthetic").any())
    ranked = frame[frame["value"].notna() & ~frame["suppressed"]].sort_values(
        "value", ascending=indicator.direction < 0)
    name = indicator.name(lang)
    geometry = areas.set_index("area_id")["map_geojson"]
    focus = maps.focus_ranges(geometry[chosen]) if chosen else None
    if len(ranked):
        sentence = narratives.ranking_sentence(
            lang, name, ranked.iloc[0]["name"], ranked.iloc[0]["value"], ranked.iloc[-1]["name"],
            ranked.iloc[-1]["value"], indicator.unit, indicator.decimals, year,
            synthetic=illustrative)
    else:
        sentence = ui.t("map_no_values", indicator=name, year=year)
    source, extent = ui.map_source(level)
    figure = figures.choropleth(
        source, frame, extent=extent, colour_title=f"{name}{ui.unit_words(indicator)} "
        f"({ui.t('direction_short_' + str(indicator.direction))})",
        direction=indicator.direction, legend=maps.legend_words(lang), lang=lang,
        unit=indicator.unit, decimals=indicator.decimals, illustrative=illustrative,
        height=720, selected=chosen or None, focus=focus)
    table = frame.assign(shown=[
        ".." if s else format_value(v, indicator.unit, indicator.decimals, lang)
        for v, s in zip(frame["value"], frame["suppressed"])])[["name", "shown", "quality"]]
    table.columns = [ui.t("area"), ui.t("value"), ui.t("quality")]
    return (frame, ranked, illustrative, sentence, figure, table,
            maps.method_note(indicator, frame, lang))


frame, ranked, illustrative, sentence, figure, table, note = ui.view(
    "map", build, level, indicator.id, year, sex, chosen, lang)

# Show: label, sentence, map (with the chosen area beside it), table.
if illustrative:
    ui.illustrative_label()
with map_column:
    event = ui.chart_block(figure, table, sentence, key="map", on_select="rerun")
    st.caption(ui.t("map_click_hint"))
    if note:
        st.caption(note)
with side:
    ui.area_panel(frame, ranked, chosen, indicator, level, year)

# A click on an area opens its district's profile.
district = ui.clicked_district(event, level)
if district is not None:
    st.switch_page("pages/profile.py", query_params={"district": district, "lang": lang})
