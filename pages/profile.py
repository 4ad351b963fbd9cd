"""District profile: the one page a politician prints or shares. Sentence first, then the
scorecard against the city and similar districts, the peers, time series with intervals and the
district's share of growth. Every choice (district, k, peer weights) lives in the URL."""

from functools import partial

import streamlit as st

import ui
from indicators.text import narratives
from indicators.views import figures, profile, profile_pdf
from indicators.text.formatting import format_value

lang = ui.language()
catalogue = ui.catalogue()

# Select: the district, and how peers are found (k and one weight per context variable). The
# title is written into a container above the selectors, so the profile reads name first.
top = st.container()
districts = ui.areas("district")
if districts.empty:
    st.info(ui.t("profile_no_districts"), icon="ℹ️")
    st.stop()
names = dict(zip(districts["area_id"], districts["name"]))
codes = list(districts["code"])
code = ui.choose(ui.t("profile_choose_district"), codes, name="district", default=codes[0],
                 format_func=lambda c: names[f"district:{c}"])
with st.expander(ui.t("profile_peer_settings")):
    cells = st.columns(len(profile.CONTEXT_VARIABLES) + 1)
    k = ui.choose(ui.t("profile_k"), list(range(3, 11)), name="k", default=5, parse=int,
                  widget="select_slider", container=cells[0])
    weights = {variable: ui.choose(ui.t(f"profile_{weight}"), [0, 1, 2, 3], name=weight,
                                   default=1, parse=int, widget="select_slider", container=cell)
               for (weight, variable), cell in zip(profile.CONTEXT_VARIABLES.items(), cells[1:])}
ui.show_notices()
area_id, name = f"district:{code}", names[f"district:{code}"]

# 1–2. Title and the narrative sentence first.
top.title(ui.plain(name), anchor=False)
headline_indicator = catalogue.indicator(profile.HEADLINE_INDICATOR)
head = profile.headline(name, headline_indicator, ui.observations(
    headline_indicator.id, area=area_id), ui.observations(headline_indicator.id, level="kommun"),
    lang)
st.markdown("#### " + ui.plain(head.sentence))
change = head.change_key and ui.t(f"profile_change_{head.change_key}", start=head.previous_year,
                                  end=head.year)
if change:
    st.markdown(f"{narratives.status_icon(head.change_key)} " + change)
st.caption(ui.t("profile_share_hint"))
print_slot = st.container()  # the PDF button, filled once the charts' data is read below

# 4 (computed first: the scorecard needs them). Peers on standardised context variables.
context = profile.context_table({v: ui.observations(v, level="district")
                                 for v in profile.CONTEXT_VARIABLES.values()},
                                list(districts["area_id"]))
peers = profile.find_peers(context, area_id, k=k, weights=weights)

# 3. Scorecard against the city and the peers, then the composite scores.
st.header(ui.t("profile_scorecard_heading"))
indicators = [i for i in catalogue.indicators if "district" in i.levels]
frames = [ui.observations(i.id, level="district") for i in indicators]
city_frames = [ui.observations(i.id, level="kommun") for i in indicators]
rows = profile.scorecard(area_id, indicators, profile.stack(frames), profile.stack(city_frames),
                         ui.table("score"), list(peers.peers["area_id"]))
if rows["illustrative"].any():
    ui.illustrative_label()
st.markdown(ui.t("profile_scorecard_intro"))
st.dataframe(profile.scorecard_table(rows, catalogue, lang), hide_index=True, width="stretch")
ui.download_buttons(profile.scorecard_table(rows, catalogue, lang, formatted=False),
                    f"profile_{code}", key="profile", source_ids=rows["source_id"],
                    decimals=profile.scorecard_decimals(rows, catalogue, lang),
                    unrounded=[ui.t("profile_col_district"), ui.t("profile_col_city")])
composites = profile.composite_table(ui.table("composite"), area_id, catalogue, lang)
if len(composites):
    st.subheader(ui.t("profile_composites_heading"))
    st.dataframe(composites, hide_index=True, width="stretch")

# 4. Peers, and the strengths and weaknesses against them, in words.
st.header(ui.t("profile_peers_heading"))
if peers.weights_reset:
    st.info(ui.t("profile_weights_zero"), icon="ℹ️")
if peers.no_context:
    st.markdown(ui.t("profile_no_context", area=ui.plain(name)))
else:
    st.markdown(ui.t("profile_peers_intro", n=len(peers.peers)))
    st.dataframe(profile.peer_table(peers, context, area_id, names, catalogue, lang),
                 hide_index=True, width="stretch")
strengths, weaknesses = profile.strengths_and_weaknesses(rows)
for key, ids in (("strength", strengths), ("weakness", weaknesses)):
    listed = ", ".join(catalogue.indicator(i).name(lang) for i in ids) or ui.t("profile_none")
    st.markdown(f"{narratives.status_icon(key)} **{ui.t(f'profile_{key}_list')}**: "
                + ui.plain(listed))

# 5. Time series: turnout with 95 % intervals, then each illustrative indicator's series.
st.header(ui.t("profile_series_heading"))
charts = []  # the printed profile's small charts: turnout, then the growth proxy
for indicator in [catalogue.indicator(i) for i in profile.TURNOUT_INDICATORS if i in catalogue]:
    own = ui.observations(indicator.id, area=area_id)
    if own.empty:
        continue
    series = profile.with_intervals(profile.stack(
        [own, ui.observations(indicator.id, level="kommun")]))
    charts.append(profile_pdf.chart(indicator, series, name, lang))
    st.subheader(ui.plain(indicator.name(lang)))
    ui.chart_block(
        figures.time_series(series, name_column="area_name", unit=indicator.unit,
                            decimals=indicator.decimals, lang=lang, low="low", high="high"),
        profile.series_table(series, indicator, catalogue, lang),
        profile.series_sentence(name, indicator, own, lang), key=f"series_{indicator.id}")
    st.caption(ui.t("profile_interval_note"))
synthetic = [i for i in indicators if i.illustrative and len(ui.years(i.id, "district")) > 1]
if synthetic:
    st.subheader(ui.t("profile_illustrative_series"))
    ui.illustrative_label()
    cells = st.columns(2)
    for index, indicator in enumerate(synthetic):
        own = ui.observations(indicator.id, area=area_id)
        with cells[index % 2]:
            st.markdown(f"**{ui.plain(indicator.name(lang))}**")
            figure = figures.time_series(own, name_column="area_name", unit=indicator.unit,
                                         decimals=indicator.decimals, lang=lang)
            ui.chart_block(figure.update_layout(height=240, showlegend=False),
                           profile.series_table(own, indicator, catalogue, lang),
                           profile.series_sentence(name, indicator, own, lang),
                           key=f"series_{indicator.id}")

# 6. Its share of the city's growth (district population; a proxy, said so, where there is none).
st.header(ui.t("profile_growth_heading"))
population = ui.observations("population", level="district")
growth_id = profile.growth_indicator(population)
by_population = growth_id == "population"
series = population if by_population else ui.observations(growth_id, level="district")
share = profile.growth_share(series, area_id)
st.markdown(profile.growth_text(share, ui.plain(name), by_population, lang))
if not by_population:
    st.warning(ui.t("profile_growth_proxy"), icon="⚠️")

# 7. The printable profile, built when its button is clicked: the PDF is the print view.
charts += profile_pdf.growth_chart(catalogue, series, area_id, name, lang, growth_id)
report = profile_pdf.report(
    lang=lang, district=name, headline=head, change=change or None, rows=rows, charts=charts,
    catalogue=catalogue, tables={n: ui.table(n) for n in profile_pdf.TABLES}, dataset=ui.dataset(),
    url=profile_pdf.live_url(st.context.url, st.query_params.to_dict()))
print_slot.download_button(ui.t("download_pdf"), partial(profile_pdf.build, report), key="pdf",
                           file_name=profile_pdf.file_name(code, lang), mime="application/pdf",
                           on_click="ignore")
print_slot.caption(ui.t("profile_print_note"))
