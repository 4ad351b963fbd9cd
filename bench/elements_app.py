"""The map page drawn by Streamlit alone, from finished values: the same elements as
pages/map.py (sidebar with language and page links, four choice boxes, the area box, the
sentence, the choropleth with selection, its table in an expander, the ranking beside it)
built through the public st.* calls from a pickle bench/elements_floor.py wrote, with no
database, no views, no app caches. What a run costs here is what Streamlit needs to BUILD
those elements (Arrow conversion, plotly JSON, widget registration) and deliver them, the part
bench/floor_app.py (which replays finished messages) leaves out."""

import os
import pickle
from pathlib import Path

import streamlit as st


@st.cache_resource(show_spinner=False)
def finished(path: str) -> dict:
    return pickle.loads(Path(path).read_bytes())   # written by bench/elements_floor.py


views = finished(os.environ["BENCH_ELEMENTS"])
years = list(views)
with st.sidebar:
    st.markdown("### Umeå")
    st.radio("Språk", ["sv", "en"], horizontal=True, key="w_lang")
    for number in range(11):
        st.markdown(f"[Sida {number}](/)")
    st.divider()
    st.caption("Dataset")
st.title("Karta")
cells = st.columns(4)
cells[0].selectbox("Nivå", ["district", "stadsdel"], key="w_level")
cells[1].selectbox("Indikator", ["a", "b", "c"], key="w_indicator")
year = cells[2].selectbox("År", years, index=len(years) - 1, key="w_year")
cells[3].selectbox("Kön", ["total"], key="w_sex")
left, side = st.columns([5, 2])
figure, table, sentence, best, worst, areas = views[year]
side.selectbox("Område", ["", *areas], key="w_area")
with left:
    st.markdown(sentence)
    st.plotly_chart(figure, key="map", on_select="rerun", selection_mode="points",
                    width="stretch")
    with st.expander("Visa tabell"):
        st.dataframe(table, hide_index=True, width="stretch")
    st.caption("Klicka på ett område")
with side:
    st.markdown("**Högst**")
    st.markdown(best)
    st.markdown("**Lägst**")
    st.markdown(worst)
