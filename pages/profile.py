"""District profile: the one page a politician prints or shares. Sentence first, then the
scorecard against the city and similar districts, the peers, time series with intervals and the
district's share of growth. Every choice (district, k, peer weights) lives in the URL."""

from dataclasses import replace
from types import SimpleNamespace

import streamlit as st

from indicators import narratives, profile, profile_pdf, ui

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


def build():   # what the page shows, built once per dataset version and selection (ui.view)
    first = catalogue.indicator(profile.HEADLINE_INDICATOR)
    head = profile.headline(name, first, ui.observations(first.id, area=area_id),
                            ui.observations(first.id, level="kommun"), lang)
    change = head.change_key and ui.t(f"profile_change_{head.change_key}",
                                      start=head.previous_year, end=head.year)
    context = profile.context_table({v: ui.observations(v, level="district") for v in
                                     profile.CONTEXT_VARIABLES.values()}, list(names))
    peers = profile.find_peers(context, area_id, k=k, weights=weights)
    indicators = [i for i in catalogue.indicators if "district" in i.levels]
    latest = profile.stack([ui.latest_observations(i.id, "district") for i in indicators])
    city = profile.stack([ui.observations(i, level="kommun", year=y) for i, y in dict(zip(
        latest["indicator_id"], latest["year"])).items()])   # the city in those same years
    rows = profile.scorecard(area_id, indicators, latest, city, ui.area_scores(area_id),
                             list(peers.peers["area_id"]))
    scorecard = profile.scorecard_table(rows, catalogue, lang)
    download = profile.scorecard_table(rows, catalogue, lang, formatted=False)
    composites = profile.composite_table(ui.table("composite"), area_id, catalogue, lang)
    peer_table = None if peers.no_context else profile.peer_table(
        peers, context, area_id, names, catalogue, lang)
    listed = {key: ", ".join(catalogue.indicator(i).name(lang) for i in ids) for key, ids
              in zip(("strength", "weakness"), profile.strengths_and_weaknesses(rows))}
    def chart(indicator, series, own, **style):
        return profile.series_chart(indicator, series, own, name, catalogue, lang, **style)
    charts, turnout = [], []   # charts: the printed profile's small charts
    for indicator in [catalogue.indicator(i) for i in profile.TURNOUT_INDICATORS
                      if i in catalogue]:
        own = ui.observations(indicator.id, area=area_id)
        if len(own):
            series = profile.with_intervals(profile.stack(
                [own, ui.observations(indicator.id, level="kommun")]))
            charts.append(profile_pdf.chart(indicator, series, name, lang))
            turnout.append(chart(indicator, series, own, low="low", high="high"))
    generated = [i for i in indicators if i.illustrative and i.id not in
                 profile.TURNOUT_INDICATORS and len(ui.years(i.id, "district")) > 1]
    synthetic = [chart(i, *[ui.observations(i.id, area=area_id)] * 2) for i in generated]
    for _, figure, _, _ in synthetic:
        figure.update_layout(height=240, showlegend=False)
    population = ui.observations("population", level="district")
    growth_id = profile.growth_indicator(population)
    by_population = growth_id == "population"
    series = population if by_population else ui.observations(growth_id, level="district")
    growth = profile.growth_text(profile.growth_share(series, area_id), ui.plain(name),
                                 by_population, lang)
    charts += profile_pdf.growth_chart(catalogue, series, area_id, name, lang, growth_id)
    report = profile_pdf.report(
        lang=lang, district=name, headline=head, change=change or None, rows=rows,
        charts=charts, catalogue=catalogue, tables={n: ui.table(n) for n in profile_pdf.TABLES},
        dataset=ui.dataset(), url="")
    return SimpleNamespace(**locals())


v = ui.view("profile", build, code, k, tuple(weights.items()), lang)

# 1–2. Title and the narrative sentence first.
top.title(ui.plain(name), anchor=False)
st.markdown("#### " + ui.plain(v.head.sentence))
if v.change:
    st.markdown(f"{narratives.status_icon(v.head.change_key)} " + v.change)
st.caption(ui.t("profile_share_hint"))
# 7. The printable profile, built when its button is clicked: the PDF is the print view.
url = profile_pdf.live_url(st.context.url, st.query_params.to_dict())
st.download_button(ui.t("download_pdf"), lambda: profile_pdf.build(replace(v.report, url=url)),
                   key="pdf", file_name=profile_pdf.file_name(code, lang),
                   mime="application/pdf", on_click="ignore")
st.caption(ui.t("profile_print_note"))

# 3. Scorecard against the city and the peers, then the composite scores.
st.header(ui.t("profile_scorecard_heading"))
if v.rows["illustrative"].any():
    ui.illustrative_label()
st.markdown(ui.t("profile_scorecard_intro"))
st.dataframe(v.scorecard, hide_index=True, width="stretch")
ui.download_buttons(v.download, f"profile_{code}", key="profile", source_ids=v.rows["source_id"],
                    decimals=profile.scorecard_decimals(v.rows, catalogue, lang),
                    unrounded=[ui.t("profile_col_district"), ui.t("profile_col_city")])
if len(v.composites):
    st.subheader(ui.t("profile_composites_heading"))
    st.dataframe(v.composites, hide_index=True, width="stretch")

# 4. Peers, and the strengths and weaknesses against them, in words.
st.header(ui.t("profile_peers_heading"))
if v.peers.weights_reset:
    st.info(ui.t("profile_weights_zero"), icon="ℹ️")
if v.peer_table is None:
    st.markdown(ui.t("profile_no_context", area=ui.plain(name)))
else:
    st.markdown(ui.t("profile_peers_intro", n=len(v.peers.peers)))
    st.dataframe(v.peer_table, hide_index=True, width="stretch")
for key, listed in v.listed.items():
    st.markdown(f"{narratives.status_icon(key)} **{ui.t(f'profile_{key}_list')}**: "
                + ui.plain(listed or ui.t("profile_none")))

# 5. Time series: turnout with 95 % intervals, then each illustrative indicator's series.
st.header(ui.t("profile_series_heading"))
for indicator, figure, table, sentence in v.turnout:
    st.subheader(ui.plain(indicator.name(lang)))
    ui.chart_block(figure, table, sentence, key=f"series_{indicator.id}")
    st.caption(ui.t("profile_interval_note"))
if v.synthetic:
    st.subheader(ui.t("profile_illustrative_series"))
    ui.illustrative_label()
    cells = st.columns(2)
    for index, (indicator, figure, table, sentence) in enumerate(v.synthetic):
        with cells[index % 2]:
            st.markdown(f"**{ui.plain(indicator.name(lang))}**")
            ui.chart_block(figure, table, sentence, key=f"series_{indicator.id}")

# 6. Its share of the city's growth (a proxy, said so, where there is no population).
st.header(ui.t("profile_growth_heading"))
st.markdown(v.growth)
if not v.by_population:
    st.warning(ui.t("profile_growth_proxy"), icon="⚠️")
