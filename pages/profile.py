"""District profile: the one page a politician prints or shares. Sentence first, then the
scorecard against the city and similar districts, the peers, time series with intervals and the
district's share of growth. Every choice (district, k, peer weights) lives in the URL."""

import streamlit as st

from indicators import downloads, figures, narratives, profile, ui
from indicators.formatting import format_value

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
if head.change_key:
    st.markdown(f"{narratives.status_icon(head.change_key)} " + ui.t(
        f"profile_change_{head.change_key}", start=head.previous_year, end=head.year))
st.caption(ui.t("profile_share_hint"))

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
download = profile.scorecard_table(rows, catalogue, lang, formatted=False)
left, right = st.columns(2)
left.download_button(ui.t("download_csv"), downloads.to_csv_bytes(download),
                     file_name=f"profile_{code}.csv", mime="text/csv")
right.download_button(ui.t("download_excel"), downloads.to_excel_bytes(download, "profile"),
                      file_name=f"profile_{code}.xlsx")
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
for indicator in [catalogue.indicator(i) for i in profile.TURNOUT_INDICATORS if i in catalogue]:
    own = ui.observations(indicator.id, area=area_id)
    if own.empty:
        continue
    series = profile.with_intervals(profile.stack(
        [own, ui.observations(indicator.id, level="kommun")]))
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

# 6. Its share of the city's growth, on a proxy said in words.
st.header(ui.t("profile_growth_heading"))
share = profile.growth_share(ui.observations(profile.GROWTH_PROXY, level="district"), area_id)
if share is None:
    st.markdown(ui.t("profile_growth_none", area=ui.plain(name)))
else:
    st.markdown(ui.t(
        "profile_growth_sentence" if share.has_share else "profile_growth_no_total",
        area=ui.plain(name), start=share.start_year, end=share.end_year,
        change=format_value(share.change, "persons", 0, lang, signed=True),
        share=format_value(100 * share.share, "percent", 1, lang),
        total=format_value(share.total_change, "persons", 0, lang, signed=True)))
st.warning(ui.t("profile_growth_proxy"), icon="⚠️")
