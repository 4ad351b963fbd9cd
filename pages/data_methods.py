"""Data & methods: the indicator catalogue, one indicator's definition, methods, sources and
downloads."""

from pathlib import Path

import streamlit as st

import ui
from indicators.views import data_methods as view
from indicators.views import tables

lang = ui.language()
catalogue = ui.catalogue()
st.title(ui.t("page_data"))

# Select: search text, theme, one indicator (all in the URL).
st.header(ui.t("catalogue_heading"))
summary = ui.indicator_summary()
frame = view.catalogue_frame(catalogue, summary, lang)
left, right = st.columns([2, 1])
text = left.text_input(ui.t("search"), value=st.query_params.get("q", "")[:80], key="w_q")
ui.set_params(q=text or None)
themes = [None] + [t.id for t in catalogue.themes]
theme = ui.choose(ui.t("theme"), themes, name="theme", default=None, container=right,
                  format_func=lambda t: ui.t("all_themes") if t is None else
                  catalogue.theme(t).name(lang))
ui.show_notices()
shown = view.filter_catalogue(frame, text, None if theme is None else
                                catalogue.theme(theme).name(lang), lang)
st.dataframe(shown.drop(columns=["id"]), hide_index=True, width="stretch")
ui.download_buttons(shown, ui.t("catalogue_file"), key="catalogue",
                    source_ids=[catalogue.indicator(i).source for i in shown["id"]])

# One indicator: definition, source, licence, quality, last update, its data.
ids = list(shown["id"]) or list(catalogue.ids)
indicator = catalogue.indicator(ui.choose(ui.t("choose_indicator"), ids, name="indicator",
                                          default=ids[0],
                                          format_func=lambda i: catalogue.indicator(i).name(lang)))
ui.show_notices()
st.subheader(ui.plain(indicator.name(lang)))
if indicator.illustrative:
    st.warning(ui.t("illustrative_indicator"), icon="🧪")
source = catalogue.source(indicator.source)
row = view.catalogue_row(frame, indicator.id)
st.markdown("\n".join([
    f"- **{ui.t('definition')}:** {ui.plain(indicator.description(lang))}",
    f"- **{ui.t('unit')}:** {ui.t('unit_' + indicator.unit)}",
    f"- **{ui.t('direction')}:** {ui.t(f'direction_{indicator.direction}')}",
    f"- **{ui.t('levels')}:** {', '.join(ui.t('level_' + lv) for lv in indicator.levels)}",
    f"- **{ui.t('source')}:** {ui.plain(source.producer)} — {ui.plain(source.title(lang))}",
    f"- **{ui.t('licence')}:** {ui.plain(indicator.licence)}",
    f"- **{ui.t('quality')}:** {ui.plain(row[ui.t('quality')])}",
    f"- **{ui.t('latest_year')}:** {row[ui.t('latest_year')]}",
] + ([f"- **{ui.t('anchors')}:** {indicator.best:g} / {indicator.worst:g}"]
     if indicator.scored else [])))
store = ui.store()   # its data is read when a download button is clicked, not on every run


def indicator_rows():
    rows = store.observations(indicator.id, sex=None)
    return tables.observation_frame(rows, catalogue, lang), rows["source_id"]


ui.download_buttons(indicator_rows, indicator.id, key="data", source_ids=True,
                    decimals={ui.t("value"): indicator.decimals}, unrounded=[ui.t("value")])

# Methods in plain words.
st.header(ui.t("methods_heading"))
st.markdown((Path(__file__).parents[1] / "docs" / f"methods.{lang}.md").read_text("utf-8"))

# Dataset version and sources.
st.header(ui.t("dataset_heading"))
info = ui.dataset()
st.markdown(f"- **{ui.t('dataset')}:** {ui.plain(info['name'])}\n"
            f"- **{ui.t('content_hash')}:** `{info['content_hash']}`")
st.dataframe(view.sources_frame(ui.table("source"), lang), hide_index=True, width="stretch")
st.dataframe(view.quality_frame(ui.quality_counts(), lang), hide_index=True)
