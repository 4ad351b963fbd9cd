"""The Growth 2050 page's frames, figure and words (pure: no Streamlit).

The engine (`indicators.methods.growth`) computes the required path, recent pace, scenarios,
district shares and the what-if; this module shapes its results for the page: gaps kept as gaps,
display tables in the user's language, the outlook chart and the district proxy. The what-if
(planned homes, in the URL) is in `growth_what_if`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from indicators.methods import growth
from indicators.text import narratives
from indicators.text.formatting import format_number, format_value
from indicators.text.i18n import translate
from indicators.views.figures import BLACK, BLUE, GREEN, ORANGE, PURPLE, VERMILLION, layout
from indicators.views.tables import plain_strings, quality_label

SCENARIOS = ("low", "medium", "high")
SCENARIO_STYLE = {  # colour, dash, end-marker symbol: never colour alone
    "low": (PURPLE, "dot", "triangle-down"),
    "medium": (GREEN, "dashdot", "diamond"),
    "high": (ORANGE, "longdashdot", "triangle-up"),
}
TRENDS = ("none", *SCENARIOS)
# --- observed series -------------------------------------------------------------------------

def with_gaps(frame: pd.DataFrame, columns: Iterable[str] = ("value",)) -> pd.DataFrame:
    """One row per year from the first to the last observed year; missing years get empty values.

    Plotly breaks a line at an empty value (``connectgaps=False``), so a gap stays a gap and is
    never bridged: years 2015, 2018 → rows 2015, 2016 (empty), 2017 (empty), 2018. Other columns
    of an inserted row are empty too; ``observed`` says which rows are real.
    """
    if frame.empty:
        return frame.assign(observed=pd.Series(dtype=bool))
    ordered = frame.sort_values("year").drop_duplicates("year", keep="last")
    years = range(int(ordered["year"].min()), int(ordered["year"].max()) + 1)
    full = ordered.set_index(ordered["year"].astype(int)).reindex(years)
    full["observed"] = full["year"].notna()
    full["year"] = full.index
    for column in columns:
        full[column] = pd.to_numeric(full[column]).astype(float)
    return full.reset_index(drop=True)


def gap_values(values: Iterable[float]) -> list[float | None]:
    """Values as a plain list with None for missing ones: the figure's JSON then holds null, which
    plotly draws as a break in the line (``connectgaps=False``)."""
    return [None if pd.isna(v) else float(v) for v in values]


# --- outlook: required path, recent pace, scenarios ------------------------------------------

@dataclass(frozen=True)
class Outlook:
    """What the page needs from the engine for one population series."""

    latest_year: int
    latest_value: float
    required: growth.RequiredGrowth
    path: pd.DataFrame               # year, population (required compound path)
    recent_short: growth.RecentGrowth | None    # about 5 years
    recent_long: growth.RecentGrowth | None     # about 10 years
    scenarios: pd.DataFrame | None   # growth.scenarios (None: too few observations)
    paths: pd.DataFrame | None       # growth.scenario_paths


def outlook(series: pd.DataFrame, target_value: float = growth.DEFAULT_TARGET_VALUE,
            target_year: int = growth.DEFAULT_TARGET_YEAR,
            horizon: int = growth.DEFAULT_HORIZON) -> Outlook:
    """Required path from the latest observation, the 5- and 10-year pace and the scenarios.

    Fixture (2015 120,777 … 2020 130,224 … 2025 135,273): required 1.58 %/year, 2,589 persons a
    year on average; 5-year pace 2020–2025 +1,009.8 a year; 10-year pace 2015–2025 +1,449.6;
    scenarios low 0.76 % (reaches 200,000 in 2077), medium 0.87 % (2071), high 1.52 % (2051).
    A pace or the scenarios that the series cannot support are None (never guessed).
    """
    observed = series.dropna(subset=["value"]).sort_values("year")
    if observed.empty:
        raise ValueError("no population observations")
    years = observed["year"].astype(int).to_numpy()
    values = observed["value"].astype(float).to_numpy()
    latest_year, latest_value = int(years[-1]), float(values[-1])
    required = growth.required_growth(latest_year, latest_value, target_value, target_year)
    path = growth.required_path(latest_year, latest_value, target_value, target_year)

    def pace(window: int) -> growth.RecentGrowth | None:
        try:
            return growth.recent_growth(years, values, window)
        except ValueError:
            return None

    try:
        table = growth.scenarios(years, values, target_value=target_value,
                                 target_year=target_year, horizon=horizon)
        paths = growth.scenario_paths(years, values, horizon=horizon)
    except ValueError:
        table = paths = None
    return Outlook(latest_year, latest_value, required, path, pace(5), pace(10), table, paths)


def growth_sentence(view: Outlook, lang: str) -> str:
    """narratives.growth_sentence: the required pace against the ~5- and ~10-year pace."""
    if view.recent_short is None:
        return translate("growth_required_only", lang,
                         rate=format_value(view.required.rate_pct, "percent", 2, lang),
                         persons=format_value(view.required.persons_per_year_average,
                                              "persons", 0, lang),
                         target=format_number(view.required.target_value, 0, lang),
                         year=view.required.target_year)
    return narratives.growth_sentence(lang, view.required, view.recent_short,
                                      recent_long=view.recent_long)


def outlook_sentence(series: pd.DataFrame, view: Outlook, lang: str) -> str:
    """The chart's alt text: the observed trend, the gaps, and the required path's pace."""
    observed = series.dropna(subset=["value"]).sort_values("year")
    first, last = observed.iloc[0], observed.iloc[-1]
    area = str(last["area_name"]) if "area_name" in observed else translate("growth_city", lang)
    trend = narratives.trend_sentence(lang, area,
                                      translate("growth_population", lang).lower(),
                                      int(first["year"]), float(first["value"]),
                                      int(last["year"]), float(last["value"]), "persons", 0)
    missing = (int(last["year"]) - int(first["year"]) + 1) - observed["year"].nunique()
    return " ".join([trend, translate("growth_outlook_sentence", lang, missing=missing,
                                      rate=format_value(view.required.rate_pct, "percent", 2,
                                                        lang, signed=True),
                                      target=format_number(view.required.target_value, 0, lang),
                                      year=view.required.target_year)])


def scenario_name(name: str, lang: str) -> str:
    return translate(f"growth_scenario_{name}", lang)


def _reached_text(year: float | None, horizon: int, lang: str) -> str:
    if year is None or math.isnan(year):
        return translate("growth_not_by", lang, year=horizon)
    return str(int(year))


def scenario_table(view: Outlook, lang: str, horizon: int = growth.DEFAULT_HORIZON
                   ) -> pd.DataFrame:
    """Scenario, annual rate, population in the target year, year 200,000 is reached."""
    if view.scenarios is None:
        return pd.DataFrame()
    rows = view.scenarios
    target_year = view.required.target_year
    return pd.DataFrame({
        translate("growth_scenario", lang): [scenario_name(s, lang) for s in rows["scenario"]],
        translate("growth_rate_per_year", lang): [
            format_value(r, "percent", 2, lang, signed=True) for r in rows["rate_pct"]],
        translate("growth_population_in", lang, year=target_year): [
            format_value(v, "persons", 0, lang) for v in rows["population_target_year"]],
        translate("growth_year_reached", lang, target=format_number(
            view.required.target_value, 0, lang)): [
            _reached_text(y, horizon, lang) for y in rows["year_reached"]],
    })


def scenario_sentence(view: Outlook, lang: str, horizon: int = growth.DEFAULT_HORIZON) -> str:
    """In words: "Om takten fortsätter … låg takt (+0,76 % per år): år 2077; …"."""
    if view.scenarios is None:
        return translate("growth_no_scenarios", lang)
    parts = [
        translate("growth_scenario_part", lang, scenario=scenario_name(row.scenario, lang).lower(),
                  rate=format_value(row.rate_pct, "percent", 2, lang, signed=True),
                  when=_when(row.year_reached, horizon, lang))
        for row in view.scenarios.itertuples()
    ]
    return translate("growth_scenario_sentence", lang,
                     target=format_number(view.required.target_value, 0, lang),
                     window=growth.SCENARIO_WINDOW_YEARS, parts="; ".join(parts))


def _when(year: float | None, horizon: int, lang: str) -> str:
    if year is None or math.isnan(year):
        return translate("growth_not_by", lang, year=horizon)
    return translate("growth_in_year", lang, year=int(year))


def outlook_figure(series: pd.DataFrame, view: Outlook, lang: str, *,
                   until: int | None = None) -> go.Figure:
    """Observed (solid, markers; open markers for derived years; gaps left open), the required
    path (dashed) and the three scenarios (distinct dash styles, end labels) up to ``until``
    (default the target year), with the target as a star."""
    last = until or view.required.target_year
    gapped = with_gaps(series[["year", "value", "quality"]].dropna(subset=["value"]))
    hover = [
        "" if not real else f"{format_value(v, 'persons', 0, lang)} ({quality_label(q, lang)})"
        for v, q, real in zip(gapped["value"], gapped["quality"], gapped["observed"], strict=True)
    ]
    symbols = ["circle" if q == "official" else "circle-open" for q in gapped["quality"]]
    figure = go.Figure(go.Scatter(
        x=gapped["year"].tolist(), y=gap_values(gapped["value"]), name=translate("observed", lang),
        mode="lines+markers", connectgaps=False, line=dict(color=BLUE, width=3),
        marker=dict(size=8, symbol=symbols, line=dict(color=BLUE, width=2)), customdata=hover,
        hovertemplate="%{x}: %{customdata}<extra></extra>"))
    path = view.path[view.path["year"] <= last]
    figure.add_trace(go.Scatter(
        x=path["year"], y=path["population"], mode="lines",
        name=translate("growth_required_path_name", lang, rate=format_value(
            view.required.rate_pct, "percent", 2, lang, signed=True)),
        line=dict(color=VERMILLION, width=3, dash="dash"),
        customdata=[format_value(v, "persons", 0, lang) for v in path["population"]],
        hovertemplate="%{x}: %{customdata}<extra></extra>"))
    if view.paths is not None:
        for name in SCENARIOS:
            rows = view.paths[(view.paths["scenario"] == name) & (view.paths["year"] <= last)]
            colour, dash, symbol = SCENARIO_STYLE[name]
            label = f"{scenario_name(name, lang)} " + format_value(
                float(rows["rate_pct"].iloc[0]), "percent", 2, lang, signed=True)
            figure.add_trace(go.Scatter(
                x=rows["year"], y=rows["population"], mode="lines+markers+text", name=label,
                line=dict(color=colour, width=2, dash=dash),
                marker=dict(size=[0] * (len(rows) - 1) + [10], symbol=symbol, color=colour),
                text=[""] * (len(rows) - 1) + [scenario_name(name, lang)],
                textposition="middle right",
                customdata=[format_value(v, "persons", 0, lang) for v in rows["population"]],
                hovertemplate=f"{label} %{{x}}: %{{customdata}}<extra></extra>"))
    figure.add_trace(go.Scatter(
        x=[view.required.target_year], y=[view.required.target_value], mode="markers",
        name=translate("growth_target", lang), marker=dict(
            size=14, symbol="star", color=VERMILLION, line=dict(color=BLACK, width=1)),
        hovertemplate=f"{view.required.target_year}: "
                      + format_value(view.required.target_value, "persons", 0, lang)
                      + "<extra></extra>"))
    if (gapped["quality"].dropna() != "official").any():
        figure.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name=translate("growth_derived_marker", lang),
            marker=dict(size=8, symbol="circle-open", color=BLUE, line=dict(width=2)),
            hoverinfo="skip"))
    figure.update_xaxes(range=[int(gapped["year"].min()) - 1, last + 4])
    figure.update_yaxes(tickformat=",d")
    return layout(figure, height=460, lang=lang, y_title=translate("unit_persons", lang))


def outlook_table(series: pd.DataFrame, view: Outlook, lang: str) -> pd.DataFrame:
    """The chart's table alternative: per year observed (with quality), required, scenarios."""
    until = view.required.target_year
    table = pd.DataFrame({"year": range(int(series["year"].min()), until + 1)})
    observed = series.dropna(subset=["value"])[["year", "value", "quality"]]
    table = table.merge(observed, on="year", how="left")
    table = table.merge(view.path.rename(columns={"population": "required"}), on="year",
                        how="left")
    columns = {
        translate("year", lang): table["year"].astype(int),
        translate("observed", lang): [format_value(v, "persons", 0, lang) for v in table["value"]],
        translate("quality", lang): ["" if not isinstance(q, str) else quality_label(q, lang)
                                     for q in table["quality"]],
        translate("required_path", lang): [format_value(v, "persons", 0, lang)
                                           for v in table["required"]],
    }
    if view.paths is not None:
        for name in SCENARIOS:
            rows = view.paths[view.paths["scenario"] == name].set_index("year")["population"]
            columns[scenario_name(name, lang)] = [format_value(rows.get(y), "persons", 0, lang)
                                                  for y in table["year"]]
    return pd.DataFrame(columns)


def split_unit(text: str) -> tuple[str, str]:
    """"+1 010 personer per år" → ("+1 010", "personer per år"): the number for a big figure,
    the words for its label."""
    match = re.match(r"[+\-\u2212]?[\d\u00a0\u202f ,.]*\d", text)
    if match is None:
        return text, ""
    return match.group(0), text[match.end():].strip()


def pace_rows(view: Outlook, lang: str) -> list[tuple[str, str, str]]:
    """(label with period, persons a year, percent a year) for required, ~5 and ~10 years.

    Fixture: ("Nödvändig takt 2025–2050", "2 589 personer per år", "+1,58 % per år"),
    ("Senaste 5 åren 2020–2025", "+1 010 personer per år", "+0,76 % per år"),
    ("Senaste 10 åren 2015–2025", "+1 450 personer per år", "+1,14 % per år").
    """
    per_year = translate("per_year", lang)
    need = view.required
    rows = [(translate("growth_pace_required", lang, start=need.latest_year,
                       end=need.target_year),
             format_value(need.persons_per_year_average, "persons", 0, lang) + per_year,
             format_value(need.rate_pct, "percent", 2, lang, signed=True) + per_year)]
    for pace in (view.recent_short, view.recent_long):
        if pace is not None:
            rows.append((translate("growth_pace_recent", lang, years=pace.years,
                                   start=pace.start_year, end=pace.end_year),
                         format_value(pace.persons_per_year, "persons", 0, lang, signed=True)
                         + per_year,
                         format_value(pace.rate_pct, "percent", 2, lang, signed=True)
                         + per_year))
    return rows


# --- district contributions (eligible voters as a proxy) -------------------------------------

def district_shares(eligible: pd.DataFrame, districts: pd.DataFrame) -> tuple[pd.DataFrame,
                                                                              int, int]:
    """Each district's share of the change in eligible voters between the first and last year.

    share = change_d / Σ change (growth.growth_shares). Returns (frame, start_year, end_year);
    the frame holds area_id, code, name, start, end, change, share (fraction), sorted by share
    descending (districts missing a year last). Fixture 2014 → 2018: Holmsund 900 → 950
    (+50 of +53: 94.3 %), the fourth district 45 → 48 (+3: 5.7 %), Centrum and Ålidhem ±0.
    Raises ValueError when fewer than two years exist.
    """
    published = eligible.dropna(subset=["value"])
    years = sorted(int(y) for y in published["year"].unique())
    if len(years) < 2:
        raise ValueError("district shares need two years of eligible voters")
    start, end = years[0], years[-1]
    shares = growth.growth_shares(published[["area_id", "year", "value"]], start, end)
    wide = published.pivot(index="area_id", columns="year", values="value")
    frame = districts[["area_id", "code", "name"]].merge(shares, on="area_id", how="inner")
    frame["start"] = frame["area_id"].map(wide[start])
    frame["end"] = frame["area_id"].map(wide[end])
    frame = frame.sort_values(["share", "name"], ascending=[False, True], na_position="last")
    return frame.reset_index(drop=True), start, end


def shares_table(frame: pd.DataFrame, start: int, end: int, lang: str) -> pd.DataFrame:
    return plain_strings(pd.DataFrame({
        translate("area", lang): frame["name"],
        translate("growth_eligible_in", lang, year=start): [
            format_value(v, "persons", 0, lang) for v in frame["start"]],
        translate("growth_eligible_in", lang, year=end): [
            format_value(v, "persons", 0, lang) for v in frame["end"]],
        translate("growth_change", lang): [format_value(v, "persons", 0, lang, signed=True)
                                           for v in frame["change"]],
        translate("growth_share", lang): [format_value(None if pd.isna(v) else 100 * v,
                                                       "percent", 1, lang)
                                          for v in frame["share"]],
    }))


def shares_sentence(frame: pd.DataFrame, start: int, end: int, lang: str) -> str:
    """The largest contributor and the proxy caveat in one sentence."""
    ranked = frame.dropna(subset=["share"])
    if ranked.empty:
        return translate("growth_shares_none", lang, start=start, end=end)
    top = ranked.iloc[0]
    total = ranked["change"].sum()
    return translate("growth_shares_sentence", lang, start=start, end=end,
                     total=format_value(total, "persons", 0, lang, signed=True),
                     top=top["name"], share=format_value(100 * top["share"], "percent", 1, lang),
                     change=format_value(top["change"], "persons", 0, lang, signed=True))


def share_bars(frame: pd.DataFrame) -> pd.DataFrame:
    """What the shares' bars draw: districts with a share, as percent (`value`)."""
    return frame.dropna(subset=["share"]).assign(value=lambda f: 100 * f["share"])


def has_values(observations: pd.DataFrame) -> bool:
    """Whether any row of `observations` has a value (a dataset may publish none)."""
    return not observations.dropna(subset=["value"]).empty


def latest_rows(observations: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows of one year."""
    return observations[observations["year"] == year]
