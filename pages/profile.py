"""District profile: the one page a politician prints or shares. Sentence first, then the
scorecard against the city and similar districts, the peers, time series with intervals and the
district's share of growth. Every choice (district, k, peer weights) lives in the URL."""

import streamlit as st

import ui
import ui.profile
from indicators.text import narratives
from indicators.views import profile as view
from indicators.views import profile_pdf, profile_peers, profile_series

lang = ui.language()
catalogue = ui.catalogue()

# Select: the district, and how peers are found (k and one weight per context variable). The
# title is written into a container above the selectors, so the profile reads name first.
top = st.container()
city = ui.city(linked="district")   # the kommun (a box only when the database holds several)
districts = ui.city_districts(city)
if districts.empty:
    st.info(ui.t("profile_no_districts"), icon="ℹ️")
    st.stop()
names = dict(zip(districts["area_id"], districts["name"], strict=True))
codes = list(districts["code"])
code = ui.choose(ui.t("profile_choose_district"), codes, name="district", default=codes[0],
                 format_func=lambda c: names[f"district:{c}"])
with st.expander(ui.t("profile_peer_settings")):
    cells = st.columns(len(view.CONTEXT_VARIABLES) + 1)
    k = ui.choose(ui.t("profile_k"), list(range(3, 11)), name="k", default=5, parse=int,
                  widget="select_slider", container=cells[0])
    weights = {variable: ui.choose(ui.t(f"profile_{weight}"), [0, 1, 2, 3], name=weight,
                                   default=1, parse=int, widget="select_slider", container=cell)
               for (weight, variable), cell in zip(view.CONTEXT_VARIABLES.items(), cells[1:],
                                                   strict=True)}
ui.show_notices()
area_id, name = f"district:{code}", names[f"district:{code}"]

# 1–2. Title and the narrative sentence first.
top.title(ui.plain(name), anchor=False)
head = ui.view("profile_headline", lambda: view.district_headline(
    ui, area_id, name, city.area_id, lang), code, city.area_id, lang)
st.markdown("#### " + ui.plain(head.sentence))
if change := view.change_text(head, lang):
    st.markdown(f"{narratives.status_icon(head.change_key)} " + change)
st.caption(ui.t("profile_share_hint"))
print_slot = st.container()  # the PDF button, filled once the charts' data is read below

# 3. Scorecard against the city and the peers (found first, on context variables), composites:
# built once per dataset version and selection (ui.view).
indicators = [i for i in catalogue.indicators if "district" in i.levels]
card = ui.view("profile_scorecard", lambda: profile_peers.scorecard_view(
    ui, list(districts["area_id"]), area_id, indicators, k, weights, catalogue, lang,
    city=city.area_id), code, city.area_id, k, tuple(weights.items()), lang)
context, peers, rows = card.context, card.peers, card.rows
st.header(ui.t("profile_scorecard_heading"))
if rows["illustrative"].any():
    ui.illustrative_label()
st.markdown(ui.t("profile_scorecard_intro"))
st.dataframe(card.table, hide_index=True, width="stretch")
ui.download_buttons(card.download, f"profile_{code}", key="profile", source_ids=rows["source_id"],
                    decimals=view.scorecard_decimals(rows, catalogue, lang),
                    unrounded=[ui.t("profile_col_district"), ui.t("profile_col_city")])
if len(card.composites):
    st.subheader(ui.t("profile_composites_heading"))
    st.dataframe(card.composites, hide_index=True, width="stretch")

# 4. Peers, and the strengths and weaknesses against them, in words.
st.header(ui.t("profile_peers_heading"))
if peers.weights_reset:
    st.info(ui.t("profile_weights_zero"), icon="ℹ️")
if peers.no_context:
    st.markdown(ui.t("profile_no_context", area=ui.plain(name)))
else:
    st.markdown(ui.t("profile_peers_intro", n=len(peers.peers)))
    st.dataframe(profile_peers.peer_table(peers, context, area_id, names, catalogue, lang),
                 hide_index=True, width="stretch")
for icon, label, listed in view.strengths_lines(rows, catalogue, lang):
    st.markdown(f"{icon} **{label}**: " + ui.plain(listed))

# 5. Time series: turnout with 95 % intervals, then one more indicator at a time (chosen).
st.header(ui.t("profile_series_heading"))
charts = ui.profile.series_section(area_id, name, indicators, lang,  # turnout: printed too
                                   city=city.area_id)

# 6. Its share of the city's growth (district population; a proxy, said so, where there is none).
st.header(ui.t("profile_growth_heading"))
growth = profile_series.district_growth(ui, area_id, city.area_id)
st.markdown(profile_series.growth_text(growth.share, ui.plain(name), growth.by_population, lang))
if not growth.by_population:
    st.warning(ui.t("profile_growth_proxy"), icon="⚠️")

# 7. The printable profile, built when its button is clicked: the PDF is the print view.
charts += profile_pdf.growth_chart(catalogue, growth.series, area_id, name, lang,
                                   growth.indicator_id)
report = profile_pdf.report(
    lang=lang, district=name, headline=head, change=change or None, rows=rows, charts=charts,
    catalogue=catalogue, tables={n: ui.table(n) for n in profile_pdf.TABLES}, dataset=ui.dataset(),
    url=profile_pdf.live_url(st.context.url, st.query_params.to_dict()))
ui.profile.print_button(print_slot, report, code, lang)
