"""The content of the kiosk's slides and district cards, built from published data as plain
text, facts and figures (the goal slides, turnout by district, a district's facts, the locator
map). Pure: the data comes in as frames."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import shapely
from shapely.geometry import shape

from indicators.data.bilingual import Bilingual
from indicators.data.catalogue import Indicator
from indicators.methods import growth
from indicators.text import narratives
from indicators.text.formatting import format_value, is_missing
from indicators.text.i18n import translate
from indicators.views import cells, figures, goals
from indicators.views.map import legend_words, map_frame

log = logging.getLogger(__name__)

# --- the slides ------------------------------------------------------------------------------

SLIDES = ("population", "climate", "participation", "district")
GOAL_INDICATORS = {"population": "population", "climate": "ghg_total"}  # slide → goal's indicator
# The district card: the first of these that the served dataset has for districts (the default
# dataset: turnout and SCB figures; a demo dataset adds its illustrative ones, labelled so).
CARD_INDICATORS = ("turnout_riksdag", "income_median_disposable", "employment_rate",
                   "low_economic_standard", "post_secondary_education", "regso_area_type",
                   "perceived_safety", "association_membership")
FOCUS_INDICATORS = ("turnout_riksdag", "income_median_disposable", "low_economic_standard",
                    "regso_area_type", "perceived_safety")
FONT_SIZE = 24                 # chart text as large as the body text
SEPARATORS = Bilingual(", ", ".,")  # plotly's decimal and thousands marks on the kiosk


@dataclass(frozen=True)
class Fact:
    """One figure in words: a label, the value as shown, the sentence that reads it."""

    label: str
    value: str
    sentence: str = ""
    illustrative: bool = False
    note: str = ""


@dataclass(frozen=True)
class Slide:
    kind: str
    title: str
    sentence: str
    facts: tuple[Fact, ...] = ()
    status_icon: str = ""
    status_word: str = ""
    figure: go.Figure | None = None
    illustrative: bool = False
    area_id: str | None = None
    area_name: str = ""


def for_kiosk(figure: go.Figure, *, height: int, lang: str, hover: bool = False) -> go.Figure:
    """Large type, numbers in the language's own style, no zoom or pan; without hover when
    nothing may hide behind it (everything a hover would say must be on screen anyway)."""
    figure.update_layout(height=height, font=dict(size=FONT_SIZE), dragmode=False,
                         hoverlabel=dict(font_size=FONT_SIZE + 2),
                         legend=dict(font=dict(size=FONT_SIZE), itemclick=False,
                                     itemdoubleclick=False),  # a tap never hides a trace
                         separators=SEPARATORS(lang))
    figure.update_xaxes(fixedrange=True, automargin=True)
    figure.update_yaxes(fixedrange=True, automargin=True, tickformat=",d")
    if not hover:
        figure.update_traces(hoverinfo="skip", hovertemplate=None)
    return figure


def _t(lang: str, key: str, **values: object) -> str:
    return translate(key, lang, **values)


def _verdict_parts(lang: str, status: str) -> tuple[str, str]:
    return narratives.status_icon(status), narratives.status_label(lang, status)


def goal_slide(lang: str, target: Mapping[str, Any], verdict_row: Mapping[str, Any],
               series: pd.DataFrame, indicator: Indicator) -> Slide:
    """The population or the climate goal: verdict word and icon, three figures, one sentence,
    the observed series against the path needed (from the published verdict row)."""
    verdict = goals.verdict_from_row(verdict_row)
    icon, word = _verdict_parts(lang, verdict.status)
    title = Bilingual.of(target, "name")(lang)
    series = series.dropna(subset=["value"]).sort_values("year")
    figure = None
    if verdict.base_year is not None and verdict.base_value is not None:
        path = goals.target_path(str(target["rule"]), verdict.base_year, verdict.base_value,
                                 int(target["target_year"]), float(target["target_value"]))
        figure = for_kiosk(figures.goal_chart(
            series, path, observed_name=_t(lang, "observed"),
            path_name=_t(lang, "required_path"), unit=indicator.unit, decimals=0, lang=lang,
            target_year=int(target["target_year"]),
            target_value=float(target["target_value"])), height=380, lang=lang)
    if indicator.id == GOAL_INDICATORS["population"]:
        facts, sentence = _population_facts(lang, verdict, series, target)
        kind = "population"
    else:
        facts, sentence = _climate_facts(lang, verdict, indicator, target)
        kind = "climate"
    if not sentence:
        sentence = narratives.verdict_sentence(lang, title, verdict, unit=indicator.unit)
    return Slide(kind, title, sentence, tuple(facts), icon, word, figure)


def _population_facts(lang: str, verdict, series: pd.DataFrame,
                      target: Mapping[str, Any]) -> tuple[list[Fact], str]:
    if series.empty:
        return [], ""
    latest = series.iloc[-1]
    facts = [Fact(_t(lang, "kiosk_population_now", year=int(latest["year"])),
                  format_value(latest["value"], "count", 0, lang))]
    try:
        need = growth.required_growth(int(latest["year"]), float(latest["value"]),
                                      float(target["target_value"]), int(target["target_year"]))
        recent = growth.recent_growth(series["year"].to_numpy(), series["value"].to_numpy(), 5)
    except ValueError:
        return facts, ""
    facts += [
        Fact(_t(lang, "kiosk_population_needed", year=need.target_year),
             format_value(need.persons_per_year_average, "count", 0, lang, signed=True)),
        Fact(_t(lang, "kiosk_population_recent", start=recent.start_year, end=recent.end_year),
             format_value(recent.persons_per_year, "count", 0, lang, signed=True)),
    ]
    return facts, narratives.growth_sentence(lang, need, recent)


def _climate_facts(lang: str, verdict, indicator: Indicator,
                   target: Mapping[str, Any]) -> tuple[list[Fact], str]:
    """Emissions now, their change since the base year, and in tonnes a year the average cut
    needed from the latest year to the target against the average change since the base year:
    (y_T − y_t) / (T − t) and (y_t − y_0) / (t − t_0), whatever rule the verdict uses."""
    if verdict.latest_value is None or verdict.base_value is None:
        return [], ""
    unit = indicator.unit  # the unit is in the labels; values stay short enough for big type
    change = 100.0 * (verdict.latest_value / verdict.base_value - 1) if verdict.base_value else None
    facts = [
        Fact(_t(lang, "kiosk_emissions_now", year=verdict.latest_year),
             format_value(verdict.latest_value, "count", 0, lang)),
        Fact(_t(lang, "kiosk_emissions_change", year=verdict.base_year),
             format_value(change, "percent", 0, lang, signed=True)),
    ]
    target_year, target_value = int(target["target_year"]), float(target["target_value"])
    if verdict.latest_year is None or verdict.base_year is None \
            or not verdict.base_year < verdict.latest_year < target_year:
        return facts, ""
    required = (target_value - verdict.latest_value) / (target_year - verdict.latest_year)
    observed = (verdict.latest_value - verdict.base_value) / (verdict.latest_year
                                                              - verdict.base_year)
    facts.append(Fact(_t(lang, "kiosk_emissions_needed", year=target_year),
                      format_value(abs(required), "count", 0, lang)))
    sentence = _t(
        lang, "kiosk_climate_sentence" if observed <= 0 else
        "kiosk_climate_sentence_rising", target=format_value(target_value, unit, 0, lang),
        latest=format_value(verdict.latest_value, unit, 0, lang), year=verdict.latest_year,
        change=format_value(change, "percent", 0, lang, signed=True), base_year=verdict.base_year,
        target_year=verdict.target_year,
        required=format_value(abs(required), unit, 0, lang),
        observed=format_value(abs(observed), unit, 0, lang))
    return facts, sentence


def participation_slide(lang: str, geometry: pd.DataFrame, district_values: pd.DataFrame,
                        city_values: pd.DataFrame, indicator: Indicator) -> Slide:
    """Turnout by district on the map (latest year), with the city, highest and lowest in words.

    `district_values`/`city_values`: observations (any years) at district and kommun level."""
    year = int(district_values["year"].max())
    values = district_values[district_values["year"] == year]
    frame = map_frame(geometry, values, indicator, lang)
    name = indicator.name(lang)
    title = _t(lang, "kiosk_participation_title", indicator=name, year=year)
    shown = cells.published(frame).sort_values("value", ascending=False)
    city = city_values[city_values["year"] == year]["value"].dropna()
    facts: list[Fact] = []
    if len(city):
        facts.append(Fact(_t(lang, "kiosk_city"), format_value(city.iloc[0], indicator.unit,
                                                               indicator.decimals, lang)))
    sentence = ""
    if len(shown):
        top, bottom = shown.iloc[0], shown.iloc[-1]
        facts += [
            Fact(_t(lang, "kiosk_highest", name=top["name"]),
                 format_value(top["value"], indicator.unit, indicator.decimals, lang)),
            Fact(_t(lang, "kiosk_lowest", name=bottom["name"]),
                 format_value(bottom["value"], indicator.unit, indicator.decimals, lang)),
        ]
        sentence = narratives.ranking_sentence(
            lang, name, top["name"], top["value"], bottom["name"], bottom["value"],
            indicator.unit, indicator.decimals, year)
    illustrative = indicator.illustrative or bool((frame["quality"] == "synthetic").any())
    figure = for_kiosk(fill_frame(figures.choropleth(
        figures.feature_collection(geometry), frame,
        colour_title=f"{name} {year}", direction=indicator.direction or 1,
        legend=legend_words(lang), lang=lang, unit=indicator.unit,
        decimals=indicator.decimals, illustrative=illustrative), geometry), height=560,
        lang=lang)
    return Slide("participation", title, sentence, tuple(facts), figure=figure,
                 illustrative=illustrative)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def city_value(indicator: Indicator, year: int, district_rows: pd.DataFrame,
               city_rows: pd.DataFrame) -> float | None:
    """The city's value in `year`: the published kommun value, else (for ratio-of-sums rates
    with every district's numerator and denominator present) 100 × Σ numerator / Σ denominator
    for percentages, Σ numerator / Σ denominator otherwise; else None."""
    city = city_rows[(city_rows["year"] == year)]["value"].dropna()
    if len(city):
        return float(city.iloc[0])
    if indicator.aggregation != "ratio_of_sums":
        return None
    rows = district_rows[district_rows["year"] == year]
    if rows.empty or rows["numerator"].isna().any() or rows["denominator"].isna().any():
        return None
    denominator = float(rows["denominator"].sum())
    if denominator <= 0:
        return None
    scale = 100.0 if indicator.unit == "percent" else 1.0
    return scale * float(rows["numerator"].sum()) / denominator


def district_facts(lang: str, area_id: str, area_name: str, indicators: Sequence[Indicator],
                   district_frames: Mapping[str, pd.DataFrame],
                   city_frames: Mapping[str, pd.DataFrame]) -> list[Fact]:
    """One fact per indicator for one district: latest value, its sentence (change since the
    year before, compared with the city in words), an illustrative mark where the data is
    generated, and for the area type what the scale means."""
    facts = []
    for indicator in indicators:
        rows = district_frames.get(indicator.id, pd.DataFrame())
        if rows.empty:
            continue
        own = rows[rows["area_id"] == area_id].sort_values("year")
        year = int(own["year"].max()) if len(own) else int(rows["year"].max())
        latest = own[own["year"] == year]
        synthetic = indicator.illustrative or bool((rows["quality"] == "synthetic").any())
        label = f"{indicator.name(lang)} ({year})"
        note = _t(lang, "kiosk_area_type_scale") if indicator.unit == "category" else ""
        if latest.empty or cells.is_suppressed(latest["suppressed"].iloc[0]) or is_missing(
                latest["value"].iloc[0]):
            suppressed = not latest.empty and cells.is_suppressed(latest["suppressed"].iloc[0])
            sentence = _t(lang, "kiosk_suppressed" if suppressed else "kiosk_no_data",
                          area=area_name, indicator=_lower_first(indicator.name(lang)),
                          year=year)
            facts.append(Fact(label, cells.SUPPRESSED, sentence, synthetic, note) if suppressed else
                         Fact(label, "–", sentence, synthetic, note))
            continue
        value = float(latest["value"].iloc[0])
        earlier = own[(own["year"] < year) & own["value"].notna()]
        previous = earlier.iloc[-1] if len(earlier) else None
        city = city_value(indicator, year, rows, city_frames.get(indicator.id, pd.DataFrame(
            columns=["year", "value"])))
        sentence = narratives.indicator_sentence(
            lang, area_name, _lower_first(indicator.name(lang)), value, indicator.unit,
            indicator.decimals, year,
            previous_value=None if previous is None else float(previous["value"]),
            previous_year=None if previous is None else int(previous["year"]),
            city_value=city, direction=indicator.direction or 1, synthetic=synthetic)
        shown = format_value(value, indicator.unit, indicator.decimals, lang)
        if indicator.unit == "category":
            shown = _t(lang, "kiosk_area_type_value", value=shown)
        facts.append(Fact(label, shown, sentence, synthetic, note))
    return facts


def district_slide(lang: str, area_id: str, area_name: str, facts: Sequence[Fact],
                   figure: go.Figure | None = None) -> Slide:
    """One district in focus: its name, the first fact's sentence, up to three figures and
    (`figure`) where it lies."""
    shown = tuple(facts[:3])
    return Slide("district", _t(lang, "kiosk_focus_title", name=area_name),
                 shown[0].sentence if shown else "", shown, figure=figure,
                 illustrative=any(f.illustrative for f in shown), area_id=area_id,
                 area_name=area_name)


# Light fills for the map to choose on: neighbours never share one, the border (figures.BORDER)
# stands out against each (≥ 3:1), and the colours mean nothing but "another district" (names are
# on the buttons and in the hover), so no legend is needed.
CHOOSER_COLOURS = ("#9ecae1", "#fdd0a2", "#a1d99b", "#dadaeb", "#fcbba1", "#fff2ae", "#c7e9c0")
OTHER_COLOUR = "#f2f2f2"


def fill_frame(figure: go.Figure, geometry: pd.DataFrame, margin: float = 0.02) -> go.Figure:
    """Let the map take the whole figure: plotly's `fitbounds` keeps a square geo frame (a tall
    municipality then fills barely half of a wide or tall figure); explicit longitude and
    latitude ranges around the districts give the frame the map's own shape."""
    if geometry.empty:
        return figure
    minx, miny, maxx, maxy = shapely.total_bounds(
        [shape(json.loads(text)) for text in geometry["map_geojson"]])
    dx, dy = (maxx - minx) * margin, (maxy - miny) * margin
    figure.update_geos(fitbounds=False, lonaxis_range=[minx - dx, maxx + dx],
                       lataxis_range=[miny - dy, maxy + dy])
    return figure


def neighbours(geometry: pd.DataFrame) -> dict[str, set[str]]:
    """Districts whose outlines touch (within ~1 ‰ of the map's extent, for simplified edges)."""
    shapes = [shape(json.loads(text)) for text in geometry["map_geojson"]]
    ids = list(geometry["area_id"])
    if not shapes:
        return {}
    minx, miny, maxx, maxy = shapely.total_bounds(shapes)
    tolerance = 1e-3 * max(maxx - minx, maxy - miny, 1e-9)
    tree = shapely.STRtree(shapes)
    touching: dict[str, set[str]] = {area: set() for area in ids}
    for i, j in zip(*tree.query(shapes, predicate="dwithin", distance=tolerance), strict=True):
        if i != j:
            touching[ids[i]].add(ids[j])
    return touching


def district_colours(geometry: pd.DataFrame) -> dict[str, str]:
    """A light colour per district, different from every neighbour's (greedy, most-connected
    first, ties by id, so the same map always gets the same colours)."""
    touching = neighbours(geometry)
    colours: dict[str, str] = {}
    for area in sorted(touching, key=lambda a: (-len(touching[a]), a)):
        used = {colours[n] for n in touching[area] if n in colours}
        colours[area] = next((c for c in CHOOSER_COLOURS if c not in used),
                             CHOOSER_COLOURS[len(colours) % len(CHOOSER_COLOURS)])
    return colours


def locator_map(geometry: pd.DataFrame, selected: str | None, lang: str,
                height: int = 460) -> go.Figure:
    """Every district drawn to be tapped. Without a choice each district has a light colour of
    its own; with one, the chosen district is dark blue (and named on screen, so the colour is
    never the only clue) among light grey ones. The hover shows only the name, which the list
    shows too."""
    collection = figures.feature_collection(geometry)
    features = {f["id"]: f for f in collection["features"]}
    if selected is None:
        colours = district_colours(geometry)
        groups = [(geometry["area_id"].map(colours) == c, c, _t(lang, "kiosk_legend_other"),
                   False) for c in dict.fromkeys(geometry["area_id"].map(colours))]
    else:
        chosen = geometry["area_id"] == selected
        groups = [(~chosen, OTHER_COLOUR, _t(lang, "kiosk_legend_other"), True),
                  (chosen, figures.BLUE, _t(lang, "kiosk_legend_selected"), True)]
    traces = []
    for mask, colour, label, legend in groups:
        rows = geometry[mask]
        if rows.empty:
            continue
        traces.append(go.Choropleth(
            geojson={"type": "FeatureCollection",
                     "features": [features[a] for a in rows["area_id"]]},
            featureidkey="id", locations=rows["area_id"], z=[0] * len(rows),
            colorscale=[[0, colour], [1, colour]], showscale=False, showlegend=legend,
            name=label, customdata=rows["name"], hovertemplate="%{customdata}<extra></extra>",
            marker=dict(line=dict(color=figures.BORDER, width=1.2))))
    figure = go.Figure(traces)
    figure.update_geos(visible=False, projection_type="mercator")
    figure.update_layout(margin=dict(l=0, r=0, t=10, b=0), clickmode="event+select",
                         legend=dict(orientation="h", yanchor="bottom", y=0.0, x=0.0,
                                     bgcolor="rgba(255,255,255,0.85)"))
    return for_kiosk(fill_frame(figure, geometry), height=height, lang=lang, hover=True)
