"""The district profile's computations: headline sentence, scorecard against the city and the
peers, peers on context variables, turnout intervals and the district's share of growth.

Pure functions (no Streamlit). Inputs are the published tables as DataFrames (observations with
``indicator_id, area_id, year, sex, value, numerator, denominator, quality, source_id,
suppressed``); outputs are DataFrames or small frozen dataclasses the page renders as they are.
Suppressed cells stay suppressed (shown "..") and missing cells stay missing ("no data"); nothing
is ever filled with 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators import narratives
from indicators.catalogue import SPI_COMPONENTS, Catalogue, Indicator
from indicators.disclosure import change_reading, wilson_interval
from indicators.formatting import format_number, format_value
from indicators.growth import growth_shares
from indicators.i18n import translate
from indicators.peers import nearest_peers, strength_reading

# Context variables for "similar districts" (METHODS §5): URL weight name → indicator id.
CONTEXT_VARIABLES: dict[str, str] = {
    "w_income": "income_median_disposable",
    "w_age65": "share_65_plus",
    "w_under20": "share_under_20",
    "w_size": "eligible_voters",
}
HEADLINE_INDICATOR = "turnout_riksdag"
TURNOUT_INDICATORS = ("turnout_riksdag", "turnout_municipal")
GROWTH_PROXY = "eligible_voters"
CITY = "city"
DISTRICT_MEDIAN = "district_median"
CONTEXT = "context"  # reading of a context indicator (direction 0): never judged
COMPOSITE_ORDER = ("index", "dimension", "component", "theme")
SCORECARD_COLUMNS = [
    "indicator_id", "year", "value", "suppressed", "quality", "source_id", "city_value",
    "city_basis", "peer_median", "n_peers", "score", "status", "illustrative",
]


# --- small shared bits ------------------------------------------------------------------------

def sentence_name(name: str) -> str:
    """An indicator name as it reads inside a sentence: "Valdeltagande, …" → "valdeltagande, …".

    Only the first letter is lowered, and only when the rest of the first word has no capital
    (acronyms and names such as "RegSO" stay)."""
    word = name.split(" ", 1)[0].rstrip(",")
    if len(word) > 1 and word[0].isupper() and not any(c.isupper() for c in word[1:]):
        return name[0].lower() + name[1:]
    return name


def _published(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with a value that may be shown (not suppressed, not missing)."""
    suppressed = frame["suppressed"].fillna(False).astype(bool) if "suppressed" in frame else False
    return frame[~suppressed & frame["value"].notna()]


def stack(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Observation frames one under the other (empty ones skipped); an empty frame with the
    store's columns when there is nothing."""
    present = [f for f in frames if len(f)]
    if not present:
        return pd.DataFrame(columns=["indicator_id", "area_id", "area_name", "year", "sex",
                                     "value", "numerator", "denominator", "quality", "source_id",
                                     "suppressed"])
    return pd.concat(present, ignore_index=True)


def latest_year(frame: pd.DataFrame) -> int | None:
    """The latest year with any row (published or suppressed) in ``frame``."""
    return None if frame.empty else int(frame["year"].max())


# --- headline ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Headline:
    """The profile's first sentence and what it rests on."""

    sentence: str
    year: int | None
    suppressed: bool
    change_key: str | None          # increase / decrease / no_clear_change, None if unknown
    previous_year: int | None


def _interval_pct(row: pd.Series) -> tuple[float, float] | None:
    numerator, denominator = row.get("numerator"), row.get("denominator")
    if pd.isna(numerator) or pd.isna(denominator) or not denominator:
        return None
    low, high = wilson_interval(float(numerator), float(denominator))
    return 100.0 * low, 100.0 * high


def change_between(earlier: pd.Series, later: pd.Series) -> str | None:
    """``disclosure.change_reading`` on the two rows' 95 % Wilson intervals (in percent);
    None when either row lacks a numerator and denominator."""
    first, last = _interval_pct(earlier), _interval_pct(later)
    if first is None or last is None:
        return None
    return change_reading(first, last, float(earlier["value"]), float(later["value"]))


def headline(area_name: str, indicator: Indicator, district: pd.DataFrame, city: pd.DataFrame,
             lang: str) -> Headline:
    """The narrative sentence for a district's headline indicator (total sex), e.g.

    "Ålidhem: valdeltagande, riksdagsval 78,0 % (2018), +3,0 procentenheter sedan 2014; lägre
    än staden (88,8 %)."

    The latest year is the latest with a row for the district; the change is against the
    previous published year and read on Wilson intervals (``no_clear_change`` when they overlap);
    the city value is the kommun row of the same year. A suppressed latest value gives a
    sentence saying it is suppressed (".."), never a number.
    """
    name = sentence_name(indicator.name(lang))
    synthetic = indicator.illustrative
    if district.empty:
        return Headline(translate("profile_headline_no_data", lang, area=area_name,
                                  indicator=name), None, False, None, None)
    rows = district.sort_values("year")
    latest = rows.iloc[-1]
    year = int(latest["year"])
    if bool(latest.get("suppressed", False)) or pd.isna(latest["value"]):
        key = "profile_headline_suppressed" if bool(latest.get("suppressed", False)) else (
            "profile_headline_missing")
        return Headline(translate(key, lang, area=area_name, indicator=name, year=year),
                        year, bool(latest.get("suppressed", False)), None, None)
    earlier = _published(rows[rows["year"] < year])
    previous = earlier.iloc[-1] if len(earlier) else None
    change_key = None if previous is None else change_between(previous, latest)
    city_rows = _published(city[city["year"] == year]) if len(city) else city
    city_value = float(city_rows["value"].iloc[0]) if len(city_rows) else None
    sentence = narratives.indicator_sentence(
        lang, area_name, name, float(latest["value"]), indicator.unit, indicator.decimals, year,
        previous_value=None if previous is None else float(previous["value"]),
        previous_year=None if previous is None else int(previous["year"]),
        city_value=city_value, direction=indicator.direction if indicator.direction else 1,
        change_key=change_key, synthetic=synthetic)
    return Headline(sentence, year, False, change_key,
                    None if previous is None else int(previous["year"]))


# --- scorecard --------------------------------------------------------------------------------

def scorecard(area_id: str, indicators: Sequence[Indicator], districts: pd.DataFrame,
              city: pd.DataFrame, scores: pd.DataFrame, peer_ids: Sequence[str]) -> pd.DataFrame:
    """One row per indicator with district data: the district against the city and its peers.

    - ``districts``: observations at district level (total sex) of the indicators, all years.
      Each indicator is read in its latest year at district level; the district's row that year
      gives ``value`` (NaN when suppressed or absent), ``suppressed``, ``quality``, ``source_id``.
    - ``city_value``: the kommun observation of that year (``city_basis = 'city'``); when there
      is none (e.g. synthetic indicators), the median of all districts' published values that
      year (``city_basis = 'district_median'``); when there are none either, NaN and None.
    - ``peer_median``/``n_peers``/``status`` from ``peers.strength_reading`` on the published
      values of ``peer_ids`` that year: strength / weakness / similar / insufficient_data;
      ``status = 'context'`` for context indicators (direction 0), which are never judged.
    - ``score``: the published 0–100 score of the district that year (NaN when none).
    - ``illustrative``: the indicator is illustrative or the row's quality is synthetic.
    Indicators without any district row are left out. Order: the order of ``indicators``.
    """
    rows = []
    peers = set(peer_ids)
    score_of = {}
    if len(scores):
        own = scores[(scores["area_id"] == area_id) & (scores["sex"] == "total")]
        score_of = {(r.indicator_id, int(r.year)): float(r.score) for r in own.itertuples()}
    # Split once by indicator (one boolean filter of the whole stack per indicator cost most of
    # the profile's first view of a district); each group keeps the stack's row order.
    by_indicator = {key: group for key, group in districts.groupby("indicator_id", sort=False)}
    city_by_indicator = {key: group for key, group in city.groupby("indicator_id", sort=False)}
    for indicator in indicators:
        data = by_indicator.get(indicator.id, districts.iloc[0:0])
        if "sex" in data:
            data = data[data["sex"] == "total"]
        year = latest_year(data)
        if year is None:
            continue
        that_year = data[data["year"] == year]
        mine = that_year[that_year["area_id"] == area_id]
        suppressed = bool(mine["suppressed"].fillna(False).any()) if len(mine) else False
        value = float(mine["value"].iloc[0]) if len(mine) and not suppressed else math.nan
        quality = mine["quality"].iloc[0] if len(mine) else None
        source = mine["source_id"].iloc[0] if len(mine) else None
        published = _published(that_year)
        city_rows = city_by_indicator.get(indicator.id, city.iloc[0:0])
        city_rows = city_rows[city_rows["year"] == year]
        if "sex" in city_rows:
            city_rows = city_rows[city_rows["sex"] == "total"]
        city_rows = _published(city_rows)
        if len(city_rows):
            city_value, basis = float(city_rows["value"].iloc[0]), CITY
        elif len(published):
            city_value, basis = float(published["value"].median()), DISTRICT_MEDIAN
        else:
            city_value, basis = math.nan, None
        peer_values = published.loc[published["area_id"].isin(peers), "value"].astype(float)
        if indicator.direction == 0:
            status = CONTEXT
            median = float(peer_values.median()) if len(peer_values) else math.nan
            n_peers = int(len(peer_values))
        else:
            reading = strength_reading(None if math.isnan(value) else value,
                                       peer_values.to_numpy(), indicator.direction)
            status, n_peers = reading.status, reading.n_peers
            median = math.nan if reading.median is None else reading.median
        rows.append({
            "indicator_id": indicator.id, "year": year, "value": value, "suppressed": suppressed,
            "quality": quality, "source_id": source, "city_value": city_value,
            "city_basis": basis, "peer_median": median, "n_peers": n_peers,
            "score": score_of.get((indicator.id, year), math.nan), "status": status,
            "illustrative": bool(indicator.illustrative or quality == "synthetic"),
        })
    return pd.DataFrame(rows, columns=SCORECARD_COLUMNS)


def reading_text(status: str, lang: str) -> str:
    """Icon and words for a scorecard reading, e.g. "▲ Styrka"; context rows say so."""
    if status == CONTEXT:
        return translate("profile_reading_context", lang)
    return f"{narratives.status_icon(status)} {narratives.status_label(lang, status)}"


def strengths_and_weaknesses(rows: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Indicator ids read as a strength, and as a weakness, in scorecard order."""
    return (rows.loc[rows["status"] == "strength", "indicator_id"].tolist(),
            rows.loc[rows["status"] == "weakness", "indicator_id"].tolist())


def shown_value(value: float, suppressed: bool, indicator: Indicator, lang: str) -> str:
    """".." when suppressed, "no data" when missing (never 0), else the formatted value."""
    if suppressed:
        return ".."
    if value is None or pd.isna(value):
        return translate("legend_no_data", lang)
    if indicator.unit == "category":  # district values are means of classes: keep decimals
        return format_number(value, indicator.decimals, lang)
    return format_value(value, indicator.unit, indicator.decimals, lang)


def scorecard_table(rows: pd.DataFrame, catalogue: Catalogue, lang: str, *,
                    formatted: bool = True) -> pd.DataFrame:
    """The scorecard with headers in ``lang``, source and quality in words.

    ``formatted=True`` gives text cells for the screen ("..", "no data", "78,0 %");
    ``formatted=False`` keeps numbers as numbers for downloads (NaN where suppressed or missing,
    with a column saying which)."""
    producers = {s.id: s.producer for s in catalogue.sources}
    out = []
    for row in rows.itertuples():
        indicator = catalogue.indicator(row.indicator_id)
        basis = ("" if row.city_basis != DISTRICT_MEDIAN
                 else " " + translate("profile_city_median_note", lang))
        if formatted:
            value = shown_value(row.value, row.suppressed, indicator, lang)
            city = (shown_value(row.city_value, False, indicator, lang) + basis)
            peers = shown_value(row.peer_median, False, indicator, lang)
            score = (translate("profile_not_scored", lang) if not indicator.scored
                     else ".." if row.suppressed
                     else translate("legend_no_data", lang) if pd.isna(row.score)
                     else format_value(row.score, "index", 0, lang))
        else:
            value, city, peers, score = row.value, row.city_value, row.peer_median, row.score
        entry = {
            translate("indicator", lang): indicator.name(lang)
            + (" " + translate("profile_illustrative_mark", lang)
               if row.illustrative and not indicator.illustrative else ""),
            translate("year", lang): int(row.year),
            translate("profile_col_district", lang): value,
            translate("profile_col_city", lang): city,
            translate("profile_col_peers", lang): peers,
            translate("profile_col_score", lang): score,
            translate("profile_col_reading", lang): reading_text(row.status, lang),
        }
        if not formatted:
            entry[translate("profile_col_status", lang)] = (
                "suppressed" if row.suppressed else "no_data" if pd.isna(row.value) else "")
            entry[translate("profile_col_city_basis", lang)] = (
                translate("profile_city_median_note", lang) if row.city_basis == DISTRICT_MEDIAN
                else translate("level_kommun", lang) if row.city_basis == CITY else "")
            entry[translate("unit", lang)] = translate(f"unit_{indicator.unit}", lang)
        entry[translate("quality", lang)] = (
            "" if pd.isna(row.quality) else translate(f"quality_{row.quality}", lang))
        entry[translate("source", lang)] = ("" if pd.isna(row.source_id)
                                            else producers.get(row.source_id, ""))
        out.append(entry)
    return pd.DataFrame(out)


def scorecard_decimals(rows: pd.DataFrame, catalogue: Catalogue,
                       lang: str) -> dict[str, list[int] | int]:
    """How the download of ``scorecard_table(..., formatted=False)`` rounds: each row's values
    to its indicator's decimals, the score to whole points (as on screen)."""
    places = [catalogue.indicator(i).decimals for i in rows["indicator_id"]]
    return {translate("profile_col_district", lang): places,
            translate("profile_col_city", lang): places,
            translate("profile_col_peers", lang): places,
            translate("profile_col_score", lang): 0}


# --- composites -------------------------------------------------------------------------------

def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text.lower()).strip("_")


def group_name(kind: str, group_id: str, catalogue: Catalogue, lang: str) -> str:
    """The name of a composite in ``lang``: the index, an SPI dimension or component, a theme."""
    if kind == "index":
        return translate("profile_index_name", lang)
    if kind == "theme":
        try:
            return catalogue.theme(group_id).name(lang)
        except StopIteration:
            return str(group_id)
    known = set(SPI_COMPONENTS) | {c for cs in SPI_COMPONENTS.values() for c in cs}
    if group_id in known:
        return translate(f"profile_spi_{_slug(group_id)}", lang)
    return str(group_id)


def composite_table(composites: pd.DataFrame, area_id: str, catalogue: Catalogue,
                    lang: str) -> pd.DataFrame:
    """The district's composites (index, dimensions, components, themes) with coverage beside
    each score: "2 av 4 (50 %)". A composite below the coverage rule has no score and says so."""
    own = composites[composites["area_id"] == area_id].copy()
    if own.empty:
        return pd.DataFrame()
    own["_order"] = own["kind"].map({k: i for i, k in enumerate(COMPOSITE_ORDER)})
    own = own.sort_values(["_order", "group_id"], kind="mergesort")
    rows = []
    for row in own.itertuples():
        score = (translate("profile_below_coverage", lang) if pd.isna(row.score)
                 else format_value(row.score, "index", 0, lang))
        rows.append({
            translate("profile_col_kind", lang): translate(f"profile_kind_{row.kind}", lang),
            translate("profile_col_group", lang): group_name(row.kind, row.group_id, catalogue,
                                                             lang),
            translate("profile_col_score", lang): score,
            translate("profile_col_coverage", lang): translate(
                "profile_coverage", lang, available=int(row.n_available),
                expected=int(row.n_expected),
                share=format_value(100 * float(row.coverage), "percent", 0, lang)),
            translate("profile_col_illustrative", lang): (
                translate("profile_yes", lang) if bool(row.illustrative) else ""),
        })
    return pd.DataFrame(rows)


# --- peers ------------------------------------------------------------------------------------

def context_table(observations: Mapping[str, pd.DataFrame],
                  area_ids: Sequence[str]) -> pd.DataFrame:
    """Wide table of context variables: index ``area_ids``, one column per variable name.

    ``observations`` maps a variable name to its district observations; each variable is read in
    its latest year (total sex; suppressed cells count as missing). Variables without any value
    are dropped (there is nothing to compare on)."""
    columns = {}
    for name, frame in observations.items():
        data = frame[frame["sex"] == "total"] if "sex" in frame else frame
        year = latest_year(data)
        if year is None:
            continue
        values = _published(data[data["year"] == year]).set_index("area_id")["value"]
        column = pd.Series([values.get(a, np.nan) for a in area_ids], index=list(area_ids),
                           dtype=float)
        if column.notna().any():
            columns[name] = column
    table = pd.DataFrame(columns, index=pd.Index(list(area_ids), name="area_id"))
    return table.astype(float)


@dataclass(frozen=True)
class PeerResult:
    """The peers found, and why there may be none or why the weights were reset."""

    peers: pd.DataFrame                  # area_id, distance
    weights: dict[str, float]            # the weights used, per column
    weights_reset: bool                  # all chosen weights were 0: equal weights used instead
    no_context: bool                     # the district has no context value to compare on


def find_peers(context: pd.DataFrame, area_id: str, *, k: int,
               weights: Mapping[str, float]) -> PeerResult:
    """``peers.nearest_peers`` with the profile's guards.

    Weights of variables absent from ``context`` are ignored; when every remaining weight is 0,
    equal weights (1) are used and ``weights_reset`` says so. A district without any context
    value (or absent) gets no peers (``no_context``). Districts lacking some variables are
    compared on the variables both have, rescaled (see ``nearest_peers``)."""
    used = {c: float(weights.get(c, 1.0)) for c in context.columns}
    reset = False
    if used and sum(used.values()) <= 0:
        used, reset = {c: 1.0 for c in context.columns}, True
    empty = pd.DataFrame({"area_id": pd.Series(dtype=object), "distance": pd.Series(dtype=float)})
    if context.shape[1] == 0 or area_id not in context.index:
        return PeerResult(empty, used, reset, True)
    own = context.loc[area_id]
    if all(pd.isna(own[c]) or used[c] == 0 for c in context.columns):
        return PeerResult(empty, used, reset, True)
    peers = nearest_peers(context, area_id, k=k, weights=used)
    return PeerResult(peers, used, reset, False)


# --- time series ------------------------------------------------------------------------------

def with_intervals(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with ``low``/``high``: the 95 % Wilson interval in percent where the numerator and
    denominator are published, NaN elsewhere (suppressed rows have neither)."""
    result = frame.copy()
    numerator = pd.to_numeric(result["numerator"], errors="coerce").astype(float)
    denominator = pd.to_numeric(result["denominator"], errors="coerce").astype(float)
    known = numerator.notna() & denominator.notna() & (denominator > 0)
    low = np.full(len(result), np.nan)
    high = np.full(len(result), np.nan)
    if known.any():
        lo, hi = wilson_interval(numerator[known].to_numpy(), denominator[known].to_numpy())
        low[known.to_numpy()] = 100.0 * np.asarray(lo)
        high[known.to_numpy()] = 100.0 * np.asarray(hi)
    result["low"], result["high"] = low, high
    return result


def first_and_last(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series] | None:
    """The first and the last published rows of a one-area series, or None with fewer than 2."""
    published = _published(frame).sort_values("year")
    if len(published) < 2:
        return None
    return published.iloc[0], published.iloc[-1]


# --- growth -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class GrowthShare:
    """A district's change of the proxy between two years and its share of the districts'
    total change (the city's change as far as it is spread over districts)."""

    start_year: int
    end_year: int
    change: float
    share: float          # fraction; NaN when the total change is 0 or the district lacks a year
    total_change: float

    @property
    def has_share(self) -> bool:
        return not math.isnan(self.share)


def growth_text(share: GrowthShare | None, area: str, by_population: bool, lang: str) -> str:
    """The district's share of the city's growth in words (`area` already made safe for
    markdown by the caller); on the population or, where a dataset has none, on the proxy."""
    if share is None:
        return translate("profile_growth_none", lang, area=area)
    key = ("profile_growth_sentence_population" if by_population else "profile_growth_sentence") \
        if share.has_share else "profile_growth_no_total"
    return translate(key, lang, area=area, start=share.start_year, end=share.end_year,
                     change=format_value(share.change, "persons", 0, lang, signed=True),
                     share=format_value(100 * share.share, "percent", 1, lang),
                     total=format_value(share.total_change, "persons", 0, lang, signed=True))


def growth_indicator(population: pd.DataFrame) -> str:
    """The series a district's share of growth is measured on: district population where the
    dataset has it (SCB RegSO/DeSO carried to districts), else the eligible-voter proxy."""
    return "population" if population["value"].notna().any() else GROWTH_PROXY


def growth_share(frame: pd.DataFrame, area_id: str) -> GrowthShare | None:
    """``growth.growth_shares`` between the first and the last year of ``frame`` (district rows
    of the proxy, total sex, suppressed cells dropped), for one district; None when there are
    fewer than two years or the district has no row."""
    data = _published(frame[frame["sex"] == "total"] if "sex" in frame else frame)
    years = sorted(int(y) for y in data["year"].unique())
    if len(years) < 2:
        return None
    start, end = years[0], years[-1]
    shares = growth_shares(data[["area_id", "year", "value"]], start, end).set_index("area_id")
    if area_id not in shares.index or pd.isna(shares.loc[area_id, "change"]):
        return None
    return GrowthShare(start, end, float(shares.loc[area_id, "change"]),
                       float(shares.loc[area_id, "share"]),
                       float(shares["change"].sum(skipna=True)))


# --- display helpers --------------------------------------------------------------------------

def interval_text(low: float, high: float, decimals: int, lang: str) -> str:
    """"75,3–80,5 %" (an en dash between the bounds), or "" when unknown."""
    if pd.isna(low) or pd.isna(high):
        return ""
    return (format_value(low, "count", decimals, lang) + "–"
            + format_value(high, "percent", decimals, lang))


def series_table(frame: pd.DataFrame, indicator: Indicator, catalogue: Catalogue,
                 lang: str) -> pd.DataFrame:
    """A time series' table alternative: area, year, value as shown (".." when suppressed), the
    95 % interval where ``frame`` has ``low``/``high``, quality and source in words."""
    producers = {s.id: s.producer for s in catalogue.sources}
    table = pd.DataFrame({
        translate("area", lang): frame["area_name"].astype(str),
        translate("year", lang): frame["year"].astype(int),
        translate("value", lang): [shown_value(v, bool(s), indicator, lang) for v, s in
                                   zip(frame["value"], frame["suppressed"])],
    })
    if "low" in frame and frame["low"].notna().any():
        table[translate("profile_col_interval", lang)] = [
            interval_text(lo, hi, indicator.decimals, lang)
            for lo, hi in zip(frame["low"], frame["high"])]
    table[translate("quality", lang)] = [translate(f"quality_{q}", lang) for q in frame["quality"]]
    table[translate("source", lang)] = [producers.get(s, "") for s in frame["source_id"]]
    return table


def series_sentence(area_name: str, indicator: Indicator, frame: pd.DataFrame,
                    lang: str) -> str:
    """``narratives.trend_sentence`` from the first to the last published year of a one-area
    series; a series with fewer than two published values says what there is instead."""
    name = sentence_name(indicator.name(lang))
    ends = first_and_last(frame)
    if ends is not None:
        first, last = ends
        return narratives.trend_sentence(
            lang, area_name, name, int(first["year"]), float(first["value"]), int(last["year"]),
            float(last["value"]), indicator.unit, indicator.decimals,
            synthetic=indicator.illustrative)
    published = _published(frame)
    if len(published) == 1:
        row = published.iloc[0]
        return narratives.indicator_sentence(
            lang, area_name, name, float(row["value"]), indicator.unit, indicator.decimals,
            int(row["year"]), synthetic=indicator.illustrative)
    if len(frame) and frame["suppressed"].fillna(False).astype(bool).any():
        return translate("profile_series_suppressed", lang, area=area_name, indicator=name)
    return translate("profile_series_short", lang, area=area_name, indicator=name)


def series_chart(indicator: Indicator, series: pd.DataFrame, own: pd.DataFrame, area_name: str,
                 catalogue: Catalogue, lang: str, **style: object):
    """(indicator, time-series figure of ``series``, its table, the sentence on ``own`` — the
    district's own rows): one chart of the profile, ready to show."""
    from indicators.figures import time_series

    figure = time_series(series, name_column="area_name", unit=indicator.unit,
                         decimals=indicator.decimals, lang=lang, **style)
    return (indicator, figure, series_table(series, indicator, catalogue, lang),
            series_sentence(area_name, indicator, own, lang))


def peer_table(result: PeerResult, context: pd.DataFrame, area_id: str,
               names: Mapping[str, str], catalogue: Catalogue, lang: str) -> pd.DataFrame:
    """The district and its peers with distance and the context values compared on (the
    columns of ``context`` are indicator ids)."""
    rows = []
    for area, distance in [(area_id, math.nan), *zip(result.peers["area_id"],
                                                       result.peers["distance"])]:
        entry = {
            translate("area", lang): names.get(area, area),
            translate("profile_col_distance", lang): (
                translate("profile_this_district", lang) if area == area_id
                else format_value(distance, "count", 2, lang)),
        }
        for column in context.columns:
            indicator = catalogue.indicator(column)
            value = context.loc[area, column] if area in context.index else math.nan
            entry[indicator.name(lang)] = shown_value(value, False, indicator, lang)
        rows.append(entry)
    return pd.DataFrame(rows)
