"""The shared blocks pages show: banners, illustrative labels, chart + sentence + table,
downloads, metrics and the area panel."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from indicators.data.bilingual import Bilingual
from indicators.data.catalogue import Indicator
from indicators.data.store import StoreError
from ui.cache import _frozen, _memo, view
from ui.data import areas, catalogue, dataset, goal_verdicts, table
from ui.state import language, plain, t

log = logging.getLogger(__name__)

PLOTLY_CONFIG = {
    "displaylogo": False,
    "topojsonURL": "/app/static/topojson/",   # served locally: no CDN request (offline maps)
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "toImage"],
}

# --- shared blocks ----------------------------------------------------------------------------

def indicator_name(indicator: Indicator) -> str:
    return indicator.name(language())


def illustrative_label(indicator: Indicator | None = None) -> None:
    """The visible label every synthetic figure carries."""
    if indicator is None or indicator.illustrative:
        st.warning(t("illustrative_label"), icon="🧪")


def dataset_banner() -> None:
    """The dataset's name and version; nothing when there is no database (the page says so
    once, in words; the detail goes to the log)."""
    try:
        info = dataset()
    except StoreError:
        log.warning("dataset banner: database unavailable", exc_info=True)
        return
    st.caption(t("dataset") + ": " + plain(info["name"]) + " · " +
               t("dataset_version", version=info["version"],
                 built=pd.Timestamp(info["built_at"]).strftime("%Y-%m-%d %H:%M")))


def chart_block(figure: Any, frame: pd.DataFrame, sentence: str, *, key: str,
                on_select: str | None = None) -> Any:
    """The sentence (the chart's alt text) first, then the chart, then its table alternative."""
    st.markdown(plain(sentence))
    kwargs: dict[str, Any] = {"config": PLOTLY_CONFIG, "key": key, "width": "stretch"}
    if on_select:
        kwargs |= {"on_select": on_select, "selection_mode": "points"}
    event = st.plotly_chart(_frozen(figure), **kwargs)
    with st.expander(t("show_table")):
        st.dataframe(_shown_once(frame), hide_index=True, width="stretch")
    return event


def download_buttons(frame: pd.DataFrame | Callable[[], pd.DataFrame], file_stem: str, *,
                     key: str, decimals: dict[str, Any] | None = None,
                     unrounded: Sequence[str] = (),
                     source_ids: Sequence[str | None] | bool | None = None) -> None:
    """CSV and Excel buttons side by side for ``frame`` in this view's language (see
    indicators/views/downloads.py), with each row's licence and the dataset's date when
    ``source_ids`` (one per row) are given. ``frame`` may be a function returning the frame —
    or, with ``source_ids=True``, (frame, source ids) — so that even reading the data waits for
    a click. The files are written when a button is clicked (Streamlit runs the callable then,
    outside the script: nothing in it may call Streamlit), not on every rerun: an Excel file of
    100,000 rows takes seconds. A click does not rerun the page."""
    from indicators.views import downloads

    lang = language()
    sources = table("source") if source_ids is not None else None
    built_at = dataset()["built_at"]

    def final() -> pd.DataFrame:
        rows, ids = frame() if callable(frame) else frame, source_ids
        if source_ids is True:
            rows, ids = rows
        if ids is None or isinstance(ids, bool):
            return rows
        return downloads.with_provenance(rows, list(ids), sources, built_at, lang)

    left, right = st.columns(2)
    left.download_button(
        t("download_csv"),
        lambda: downloads.to_csv_bytes(final(), lang, decimals=decimals,
                                       unrounded=tuple(unrounded)),
        file_name=f"{file_stem}.csv", mime="text/csv", key=f"{key}_csv", on_click="ignore")
    right.download_button(
        t("download_excel"), lambda: downloads.to_excel_bytes(final(), file_stem,
                                                              decimals=decimals),
        file_name=f"{file_stem}.xlsx", key=f"{key}_xlsx", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def shown_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """A table's numbers written in the page's language ("103 970", "2,72"; the grid itself
    shows "103970"); years stay plain years. The downloads keep the raw numbers."""
    from indicators.text.formatting import format_number

    lang = language()
    shown = frame.copy()
    for column in shown.columns:
        values = shown[column]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            continue
        present = values.dropna()
        if column in {t("year"), t("first_year"), t("latest_year"), t("base_year")}:
            shown[column] = values.astype("Int64")
            continue
        biggest = float(present.abs().max()) if len(present) else 0.0
        decimals = 0 if biggest >= 100 or (present == present.round()).all() else 2
        shown[column] = ["" if pd.isna(v) else format_number(float(v), decimals, lang)
                         for v in values]
    return shown


def metric_label(indicator: Indicator, year: int) -> str:
    """A metric's label with its unit, so the value itself stays short enough to show whole."""
    unit = "" if indicator.unit in ("percent", "count", "category") else \
        f", {t('unit_' + indicator.unit)}"
    return f"{plain(indicator.name(language()))}{unit} ({year})"


def unit_words(indicator: Indicator) -> str:
    """", procent" / ", ton CO₂e per invånare": the unit for a chart's axis or colour bar
    ("" for counts and classes, whose name says what they count)."""
    return "" if indicator.unit in ("count", "category") else f", {t('unit_' + indicator.unit)}"


def area_panel(frame: pd.DataFrame, ranked: pd.DataFrame, chosen: str, indicator: Indicator,
               level: str, year: int) -> None:
    """Beside the map: the chosen area's value, rank and a link to its district's profile;
    with no area chosen, the highest and lowest three (a compact list, never every area)."""
    from indicators.text.formatting import format_value

    lang = language()

    def shown(value: float) -> str:
        return format_value(value, indicator.unit, indicator.decimals, lang)

    protected = int(frame["suppressed"].sum())
    if chosen:
        row = frame.set_index("area_id").loc[chosen]
        st.subheader(plain(row["name"]))
        if row["suppressed"]:
            st.markdown(t("hover_suppressed"))
        elif pd.isna(row["value"]):
            st.markdown(t("legend_no_data"))
        else:
            place = list(ranked["area_id"]).index(chosen) + 1
            st.markdown(f"**{shown(row['value'])}** ({year})")
            st.markdown(t("map_rank", place=place, count=len(ranked)))
        district = chosen if level == "district" else areas(level).set_index(
            "area_id")["parent_id"].get(chosen)
        if isinstance(district, str) and district.startswith("district:"):
            st.page_link("pages/profile.py", label=t("map_open_profile"), icon="📍",
                         query_params={"district": district.split(":", 1)[1], "lang": lang})
    elif len(ranked) > 6:    # best and worst three; the table under the map has them all
        st.markdown(f"**{t('map_best')}**")
        st.markdown("\n".join(f"1. {plain(r.name)}: {shown(r.value)}"
                               for r in ranked.head(3).itertuples()))
        st.markdown(f"**{t('map_worst')}**")
        st.markdown("\n".join(f"1. {plain(r.name)}: {shown(r.value)}"
                               for r in ranked.tail(3).iloc[::-1].itertuples()))
    elif len(ranked):        # few enough to rank them all, best first
        st.markdown(f"**{t('map_ranking')}**")
        st.markdown("\n".join(f"1. {plain(r.name)}: {shown(r.value)}"
                               for r in ranked.itertuples()))
    if protected:
        st.caption(t("map_protected", count=protected, total=len(frame)))


def delta_colour(indicator: Indicator) -> str:
    """st.metric's delta_color for the indicator's direction: a rise is green when higher is
    better ("normal") and red when lower is better ("inverse", e.g. emissions)."""
    return "normal" if indicator.direction > 0 else "inverse"


def metric_value(value: float, indicator: Indicator) -> str:
    from indicators.text.formatting import format_number, format_value

    if indicator.unit == "percent":
        return format_value(value, "percent", indicator.decimals, language())
    return format_number(value, indicator.decimals, language())


def goal_header(target_id: str, *, heading: Callable[[str], Any] = st.header):
    """A goal's verdict card (Overview, Growth, Climate): the goal's name as `heading`, verdict
    word and icon, base and latest year, R, the observed and required rates and the weather
    reading. Returns (target row, indicator, summary from goals.goal_summary)."""
    from indicators.views import goals

    lang = language()

    def build() -> tuple[Any, Indicator, str, Any]:   # once per dataset version and language
        target = table("target").set_index("target_id").loc[target_id]
        indicator = catalogue().indicator(target["indicator_id"])
        goal = Bilingual.of(target, "name").get(lang)
        return target, indicator, goal, goals.goal_summary(
            goal_verdicts().set_index("target_id").loc[target_id], goal, indicator.unit, 0,
            lang)

    target, indicator, goal, summary = view("goal_header", build, target_id, lang)
    heading(plain(goal))
    st.markdown(f"### {plain(summary.heading)}")
    first, second, third = st.columns(3)
    first.metric(t("base_year"), summary.base_year)
    second.metric(t("latest_year"), summary.latest_year)
    third.metric(t("ratio_r"), summary.ratio)
    st.markdown(plain(summary.rates))
    if summary.weather_text:
        st.markdown(plain(summary.weather_text))
    return target, indicator, summary


def change_text(difference: float, indicator: Indicator, *, unit: bool = True) -> str:
    """A signed change in the indicator's unit (percentage points for percentages); with
    `unit=False` the number alone (beside a label that names the unit) — except percentage
    points, which are not the label's per cent."""
    from indicators.text.formatting import format_number, format_percent_points, format_value

    if indicator.unit == "percent":
        return format_percent_points(difference, indicator.decimals, language())
    if not unit:
        text = format_number(difference, indicator.decimals, language())
        return text if text.startswith(("-", "−")) or difference == 0 else "+" + text
    return format_value(difference, indicator.unit, indicator.decimals, language(), signed=True)


def clicked_district(event: Any, level: str) -> str | None:
    """The district code of a clicked map area (a stadsdel opens its district), or None."""
    try:
        points = event.selection.points if event is not None else []
    except AttributeError:
        points = []
    if not points:
        return None
    area_id = points[0].get("location")
    if not isinstance(area_id, str):
        return None
    if level != "district":
        parents = areas(level).set_index("area_id")["parent_id"]
        area_id = parents.get(area_id)
    if not isinstance(area_id, str) or not area_id.startswith("district:"):
        return None
    return area_id.split(":", 1)[1]


def series_table(frame: pd.DataFrame, indicator: Indicator) -> pd.DataFrame:
    """The table alternative of a chart: area, year, sex, value, quality and source in words."""
    from indicators.views.tables import observation_frame

    table = observation_frame(frame, catalogue(), language())
    return table.dropna(axis="columns", how="all")


def _shown_once(frame: pd.DataFrame) -> pd.DataFrame:
    """`shown_numbers(frame)`, written once per table object and language: a table kept in a
    `view` is the same object on every rerun, so its numbers are not formatted again."""
    return _memo(frame, language(), lambda: shown_numbers(frame))
