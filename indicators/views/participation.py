"""The Participation & equality page's frames, figures and words (pure: no Streamlit).

Turnout by district with 95 % Wilson intervals (suppressed districts shown as ".." and never
drawn), the change between two elections read with ``disclosure.change_reading`` ("no clear
change" when the intervals overlap), and every indicator with a sex breakdown as women against
men by district and over time.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from indicators.data.catalogue import Indicator
from indicators.methods import disclosure
from indicators.text import narratives
from indicators.text.formatting import (
    format_number,
    format_percent_points,
    format_value,
    interval_text,
    round_half_up,
)
from indicators.text.i18n import translate
from indicators.views.cells import SUPPRESSED, cell, published, suppressed
from indicators.views.figures import BLACK, BLUE, GREY, VERMILLION, layout, unit_title
from indicators.views.tables import quality_label

ELECTIONS = {"riksdag": "turnout_riksdag", "region": "turnout_region",
             "municipal": "turnout_municipal", "eu": "turnout_eu"}
SEX_STYLE = {"women": (VERMILLION, "circle"), "men": (BLUE, "diamond")}


# --- turnout with intervals -------------------------------------------------------------------

def turnout_frame(observations: pd.DataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    """One row per district: value, numerator, denominator, 95 % Wilson interval in percent,
    suppressed, quality; ranked by value (highest first), then suppressed, then no data.

    Fixture 2018: Centrum 920/1000 = 92.0 % (interval 90.2–93.5 %), Ålidhem 780/1000 = 78.0 %
    (75.3–80.5 %); Holmsund and the fourth district suppressed.
    """
    frame = districts[["area_id", "name"]].merge(
        observations[["area_id", "value", "numerator", "denominator", "suppressed", "quality"]],
        on="area_id", how="left")
    frame["suppressed"] = suppressed(frame)
    low, high = disclosure.wilson_interval(frame["numerator"].astype(float).to_numpy(),
                                           frame["denominator"].astype(float).to_numpy())
    frame["low"], frame["high"] = 100 * np.asarray(low), 100 * np.asarray(high)
    frame["rank_group"] = np.where(frame["value"].notna(), 0, np.where(frame["suppressed"], 1, 2))
    frame = frame.sort_values(["rank_group", "value", "name"], ascending=[True, False, True])
    return frame.drop(columns="rank_group").reset_index(drop=True)


def city_figures_text(same_way: float | None, official: float | None, lang: str) -> str:
    """The two city figures, both named: computed like the districts, and the official one."""
    return translate("participation_city_figures", lang,
                     same_way=format_value(same_way, "percent", 1, lang),
                     official=format_value(official, "percent", 1, lang))


def turnout_figure(frame: pd.DataFrame, *, city_value: float | None, city_label: str,
                   lang: str) -> go.Figure:
    """Horizontal bars of the published districts (highest first) with 95 % intervals as error
    bars and the city's value as a dotted line; suppressed districts are not drawn."""
    rows = published(frame)
    labels = [format_value(v, "percent", 1, lang) for v in rows["value"]]
    hover = [f"{v} (" + translate("interval", lang, interval=interval_text(lo, hi, 1, lang))
             + ")" for v, lo, hi in zip(labels, rows["low"], rows["high"], strict=True)]
    figure = go.Figure(go.Bar(
        x=rows["value"], y=rows["name"], orientation="h", marker_color=BLUE, text=labels,
        textposition="inside", insidetextanchor="start", textfont=dict(color="white"),
        error_x=dict(type="data", symmetric=False, array=(rows["high"] - rows["value"]).tolist(),
                     arrayminus=(rows["value"] - rows["low"]).tolist(), color=BLACK,
                     thickness=1.5, width=6),
        customdata=hover, hovertemplate="%{y}: %{customdata}<extra></extra>",
        name=translate("participation_turnout", lang)))
    if city_value is not None and not pd.isna(city_value):
        figure.add_vline(x=city_value, line=dict(color=BLACK, dash="dot", width=2),
                         annotation_text=city_label, annotation_position="top")
    figure.update_xaxes(range=[0, 100], ticksuffix=" %")  # bars start at zero: no exaggeration
    figure.update_yaxes(autorange="reversed")
    figure = layout(figure, height=max(260, 30 * len(rows) + 90), lang=lang)
    return figure.update_layout(margin=dict(t=50))  # room for the city line's label


def turnout_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Area, turnout, voters, eligible, interval, quality; ".." for suppressed cells."""
    def column(values: pd.Series, text) -> list[str]:
        return [cell(v, s, text, missing="–")
                for v, s in zip(values, frame["suppressed"], strict=True)]

    return pd.DataFrame({
        translate("area", lang): frame["name"],
        translate("value", lang): column(frame["value"],
                                         lambda v: format_value(v, "percent", 1, lang)),
        translate("numerator", lang): column(frame["numerator"],
                                             lambda v: format_number(v, 0, lang)),
        translate("denominator", lang): column(frame["denominator"],
                                               lambda v: format_number(v, 0, lang)),
        translate("participation_interval", lang): [
            SUPPRESSED if s else interval_text(lo, hi, 1, lang)
            for lo, hi, s in zip(frame["low"], frame["high"], frame["suppressed"], strict=True)],
        translate("quality", lang): [quality_label(q, lang) if isinstance(q, str) else "–"
                                     for q in frame["quality"]],
    })


def first_value(observations: pd.DataFrame) -> float | None:
    """The value of a one-row frame (the city's turnout), or None when it has no row."""
    return observations["value"].iloc[0] if len(observations) else None


def ranking_sentence(frame: pd.DataFrame, indicator_name: str, year: int, lang: str) -> str:
    """narratives.ranking_sentence over the published districts, plus how many are suppressed."""
    rows = published(frame)
    if rows.empty:
        return translate("participation_no_values", lang, indicator=indicator_name, year=year)
    sentence = narratives.ranking_sentence(
        lang, indicator_name, rows.iloc[0]["name"], rows.iloc[0]["value"],
        rows.iloc[-1]["name"], rows.iloc[-1]["value"], "percent", 1, year)
    hidden = int(frame["suppressed"].sum())
    if hidden:
        sentence += " " + translate("participation_suppressed_count", lang, count=hidden)
    return sentence


# --- change between two elections -------------------------------------------------------------

def turnout_changes(first: pd.DataFrame, last: pd.DataFrame) -> pd.DataFrame:
    """Per district (frames from ``turnout_frame``): change in percentage points and its reading.

    reading = disclosure.change_reading on the two 95 % intervals: ``no_clear_change`` when
    either value lies inside the other's interval, else increase/decrease; None when a value is
    missing or suppressed (then ``suppressed`` says which). Fixture 2014 → 2018: Centrum
    90.0 → 92.0 (+2.0 points; 92.0 lies above 2014's 88.0–91.7 and 90.0 below 2018's
    90.2–93.5: increase), Ålidhem 75.0 → 78.0 (+3.0: increase).
    """
    a = first.set_index("area_id")
    b = last.set_index("area_id")
    rows = []
    for area_id in b.index.union(a.index, sort=False):
        name = (b if area_id in b.index else a).loc[area_id, "name"]
        va, vb = a["value"].get(area_id, np.nan), b["value"].get(area_id, np.nan)
        hidden = bool(a["suppressed"].get(area_id, False)) or bool(
            b["suppressed"].get(area_id, False))
        reading = None
        if not (pd.isna(va) or pd.isna(vb) or hidden):
            reading = disclosure.change_reading(
                (a.loc[area_id, "low"], a.loc[area_id, "high"]),
                (b.loc[area_id, "low"], b.loc[area_id, "high"]), va, vb)
        rows.append({"area_id": area_id, "name": name, "first": va, "last": vb,
                     "change": vb - va if reading else np.nan, "reading": reading,
                     "suppressed": hidden})
    frame = pd.DataFrame(rows)
    return frame.sort_values(["change", "name"], ascending=[False, True],
                             na_position="last").reset_index(drop=True)


def reading_text(reading: str | None, suppressed: bool, lang: str) -> str:
    if not isinstance(reading, str):
        return SUPPRESSED if suppressed else "–"
    return f"{narratives.status_icon(reading)} {narratives.status_label(lang, reading)}"


def changes_table(changes: pd.DataFrame, first_year: int, last_year: int,
                  lang: str) -> pd.DataFrame:
    def value(v: float, suppressed: bool) -> str:
        if pd.isna(v):
            return SUPPRESSED if suppressed else "–"
        return format_value(v, "percent", 1, lang)

    return pd.DataFrame({
        translate("area", lang): changes["name"],
        str(first_year): [value(v, s) for v, s in
                          zip(changes["first"], changes["suppressed"], strict=True)],
        str(last_year): [value(v, s) for v, s in
                         zip(changes["last"], changes["suppressed"], strict=True)],
        translate("participation_change", lang): [
            SUPPRESSED if s and pd.isna(c) else format_percent_points(c, 1, lang)
            for c, s in zip(changes["change"], changes["suppressed"], strict=True)],
        translate("participation_reading", lang): [
            reading_text(r, s, lang)
            for r, s in zip(changes["reading"], changes["suppressed"], strict=True)],
    })


NAMES_SHOWN = 3   # a sentence names at most three districts per group; the table has them all


def changes_sentence(changes: pd.DataFrame, first_year: int, last_year: int, lang: str) -> str:
    """At most NAMES_SHOWN districts per group (the largest changes), then "and N more":
    "2014–2018: Ökning: Centrum (+2,0 procentenheter), …; Ingen tydlig förändring
    (överlappande 95 %-intervall): …; skyddade (..): Holmsund, …"."""
    parts = []
    for reading in ("increase", "no_clear_change", "decrease"):
        rows = changes[changes["reading"] == reading]
        if rows.empty:
            continue
        shown = rows.reindex(rows["change"].abs().sort_values(ascending=False).index) \
            if len(rows) > NAMES_SHOWN else rows
        names = ", ".join(f"{n} ({format_percent_points(c, 1, lang)})"
                          for n, c in zip(shown["name"][:NAMES_SHOWN],
                                          shown["change"][:NAMES_SHOWN], strict=True))
        if len(rows) > NAMES_SHOWN:
            names += " " + translate("participation_more", lang, count=len(rows) - NAMES_SHOWN)
        label = narratives.status_label(lang, reading)
        if reading == "no_clear_change":
            label += " " + translate("participation_overlap", lang)
        parts.append(f"{label}: {names}")
    hidden = changes[changes["reading"].isna() & changes["suppressed"]]
    if len(hidden):
        names = ", ".join(hidden["name"][:NAMES_SHOWN])
        if len(hidden) > NAMES_SHOWN:
            names += " " + translate("participation_more", lang,
                                     count=len(hidden) - NAMES_SHOWN)
        parts.append(translate("participation_suppressed_names", lang, names=names))
    if not parts:
        return translate("participation_no_change_data", lang, first=first_year, last=last_year)
    return f"{first_year}–{last_year}: " + "; ".join(parts) + "."


# --- indicators by sex ------------------------------------------------------------------------

def sex_indicators(indicators: Iterable[Indicator]) -> list[Indicator]:
    """Every indicator whose catalogue sexes include women and men."""
    return [i for i in indicators if {"women", "men"} <= set(i.sexes)]


def difference_text(value: float, indicator: Indicator, lang: str) -> str:
    if indicator.unit == "percent":
        return format_percent_points(value, indicator.decimals, lang)
    return format_value(value, indicator.unit, indicator.decimals, lang, signed=True)


def sex_frame(observations: pd.DataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    """One row per district: women, men (NaN when missing or suppressed), their suppressed
    flags and gap = women − men (NaN unless both are published). Ordered by name as given."""
    frame = districts[["area_id", "name"]].copy()
    for sex in ("women", "men"):
        rows = observations[observations["sex"] == sex].set_index("area_id")
        hidden = suppressed(rows)
        frame[sex] = frame["area_id"].map(rows["value"].where(~hidden)).astype(float)
        frame[f"{sex}_suppressed"] = frame["area_id"].map(hidden).fillna(False).astype(bool)
    frame["gap"] = frame["women"] - frame["men"]
    return frame.reset_index(drop=True)


def sex_figure(frame: pd.DataFrame, indicator: Indicator, lang: str) -> go.Figure:
    """A dot plot: women (circles) and men (diamonds) per district, joined by a grey line;
    suppressed or missing cells are not drawn."""
    figure = go.Figure()
    xs, ys = [], []
    for row in frame.itertuples():
        if not (pd.isna(row.women) or pd.isna(row.men)):
            xs += [row.women, row.men, None]
            ys += [row.name, row.name, None]
    figure.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color=GREY, width=2),
                                hoverinfo="skip", showlegend=False))
    for sex, (colour, symbol) in SEX_STYLE.items():
        rows = frame[frame[sex].notna()]
        labels = [format_value(v, indicator.unit, indicator.decimals, lang) for v in rows[sex]]
        name = translate(f"sex_{sex}", lang)
        figure.add_trace(go.Scatter(
            x=rows[sex], y=rows["name"], mode="markers", name=name,
            marker=dict(color=colour, symbol=symbol, size=12, line=dict(color=BLACK, width=1)),
            customdata=labels, hovertemplate=f"%{{y}} – {name}: %{{customdata}}<extra></extra>"))
    figure.update_yaxes(autorange="reversed", type="category")
    if indicator.unit == "percent":
        figure.update_xaxes(ticksuffix=" %")
    return layout(figure, height=max(260, 28 * len(frame) + 90), lang=lang,
                  x_title=None if indicator.unit == "percent" else unit_title(indicator.unit,
                                                                             lang))


def series_styles(lang: str) -> dict[str, tuple[str, str]]:
    """Women and men drawn alike in every chart of the page (figures.time_series `styles`)."""
    return {translate(f"sex_{sex}", lang): style for sex, style in SEX_STYLE.items()}


def sex_table(frame: pd.DataFrame, indicator: Indicator, lang: str) -> pd.DataFrame:
    def shown(value: float, hidden: bool) -> str:
        return cell(value, hidden, lambda v: format_value(v, indicator.unit, indicator.decimals,
                                                          lang), missing="–")

    return pd.DataFrame({
        translate("area", lang): frame["name"],
        translate("sex_women", lang): [shown(v, s) for v, s in
                                       zip(frame["women"], frame["women_suppressed"], strict=True)],
        translate("sex_men", lang): [shown(v, s) for v, s in
                                     zip(frame["men"], frame["men_suppressed"], strict=True)],
        translate("participation_gap", lang): [
            (SUPPRESSED if (ws or ms) else "–") if pd.isna(g) else
            difference_text(g, indicator, lang)
            for g, ws, ms in zip(frame["gap"], frame["women_suppressed"],
                                 frame["men_suppressed"], strict=True)],
    })


def gap_sentence(frame: pd.DataFrame, indicator: Indicator, year: int, lang: str) -> str:
    """Women against men in words: in how many districts women are lower, higher or equal,
    and where the gap (women − men) is largest and smallest; ends "(illustrativa data)" for
    synthetic indicators. Fixture 2024 (perceived safety): women 14 points lower in all four."""
    both = frame.dropna(subset=["gap"])
    name = indicator.name(lang)
    if both.empty:
        text = translate("participation_gap_none", lang, indicator=name, year=year)
    else:
        shown = [round_half_up(g, indicator.decimals) for g in both["gap"]]  # as displayed
        lower = sum(g < 0 for g in shown)
        higher = sum(g > 0 for g in shown)
        ordered = both.assign(size=both["gap"].abs()).sort_values(["size", "name"],
                                                                  ascending=[False, True])
        largest_gap = difference_text(ordered.iloc[0]["gap"], indicator, lang)
        smallest_gap = difference_text(ordered.iloc[-1]["gap"], indicator, lang)
        key = "participation_gap_sentence" if largest_gap != smallest_gap else \
            "participation_gap_sentence_same"
        text = translate(
            key, lang, indicator=name, year=year, lower=lower,
            higher=higher, equal=len(shown) - lower - higher, count=len(shown),
            largest=ordered.iloc[0]["name"],
            largest_gap=largest_gap, smallest=ordered.iloc[-1]["name"], smallest_gap=smallest_gap)
    hidden = int(frame["women_suppressed"].sum() + frame["men_suppressed"].sum())
    if hidden:
        text += " " + translate("participation_suppressed_count", lang, count=hidden)
    if indicator.illustrative:
        text += " " + translate("participation_illustrative_tail", lang)
    return text


def sex_series(observations: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Women and men over the years for one area, for figures.time_series (name column
    ``series``); suppressed values are empty, so the line breaks there."""
    rows = observations[observations["sex"].isin(["women", "men"])].copy()
    rows["value"] = rows["value"].where(~suppressed(rows))
    rows["series"] = rows["sex"].map(lambda s: translate(f"sex_{s}", lang))
    rows["order"] = rows["sex"].map({"women": 0, "men": 1})
    return rows.sort_values(["order", "year"])[["series", "sex", "year", "value",
                                                "suppressed"]].reset_index(drop=True)


def sex_series_table(series: pd.DataFrame, indicator: Indicator, lang: str) -> pd.DataFrame:
    """Years as rows, women and men as columns; ".." for suppressed."""
    table = {translate("year", lang): sorted(series["year"].astype(int).unique())}
    for sex in ("women", "men"):
        rows = series[series["sex"] == sex].set_index("year")
        table[translate(f"sex_{sex}", lang)] = [
            SUPPRESSED if bool(rows["suppressed"].get(y, False)) else
            format_value(rows["value"].get(y), indicator.unit, indicator.decimals, lang)
            for y in table[translate("year", lang)]]
    return pd.DataFrame(table)


def series_sentence(series: pd.DataFrame, area_name: str, indicator: Indicator,
                    lang: str) -> str:
    """"Centrum: kvinnor 67,0 %, män 81,0 % (2024); skillnad −14,0 procentenheter
    (2019: −14,0 procentenheter)." with the illustrative tail when synthetic."""
    wide = series.pivot(index="year", columns="sex", values="value").dropna()
    if wide.empty or not {"women", "men"} <= set(wide.columns):
        text = translate("participation_series_none", lang, area=area_name,
                         indicator=indicator.name(lang))
    else:
        first, last = wide.index.min(), wide.index.max()
        text = translate(
            "participation_series_sentence", lang, area=area_name,
            indicator=indicator.name(lang), year=int(last),
            women=format_value(wide.loc[last, "women"], indicator.unit, indicator.decimals, lang),
            men=format_value(wide.loc[last, "men"], indicator.unit, indicator.decimals, lang),
            gap=difference_text(wide.loc[last, "women"] - wide.loc[last, "men"], indicator,
                                lang),
            first=int(first),
            first_gap=difference_text(wide.loc[first, "women"] - wide.loc[first, "men"],
                                      indicator, lang))
    if indicator.illustrative:
        text += " " + translate("participation_illustrative_tail", lang)
    return text

