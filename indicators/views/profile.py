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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from indicators.data.catalogue import SPI_COMPONENTS, Catalogue, Indicator
from indicators.methods.disclosure import change_reading, wilson_interval
from indicators.methods.peers import strength_reading
from indicators.text import narratives
from indicators.text.formatting import format_value
from indicators.text.i18n import translate
from indicators.views import cells
from indicators.views.cells import cell, shown_value
from indicators.views.published import Published

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
    return 100.0 * float(low), 100.0 * float(high)


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
    earlier = cells.published(rows[rows["year"] < year])
    previous = earlier.iloc[-1] if len(earlier) else None
    change_key = None if previous is None else change_between(previous, latest)
    city_rows = cells.published(city[city["year"] == year]) if len(city) else city
    city_value = float(city_rows["value"].iloc[0]) if len(city_rows) else None
    sentence = narratives.indicator_sentence(
        lang, area_name, name, float(latest["value"]), indicator.unit, indicator.decimals, year,
        previous_value=None if previous is None else float(previous["value"]),
        previous_year=None if previous is None else int(previous["year"]),
        city_value=city_value, direction=indicator.direction if indicator.direction else 1,
        change_key=change_key, synthetic=synthetic)
    return Headline(sentence, year, False, change_key,
                    None if previous is None else int(previous["year"]))


def district_headline(data: Published, area_id: str, name: str, city: str, lang: str
                      ) -> Headline:
    """`headline` of district `area_id` against kommun `city` on HEADLINE_INDICATOR."""
    indicator = data.catalogue().indicator(HEADLINE_INDICATOR)
    return headline(name, indicator, data.observations(indicator.id, area=area_id),
                    data.observations(indicator.id, area=city), lang)


def change_text(head: Headline, lang: str) -> str | None:
    """The headline's change in words ("Ökning 2014–2018" …), or None without a reading."""
    if not head.change_key:
        return None
    return translate(f"profile_change_{head.change_key}", lang, start=head.previous_year,
                     end=head.year)


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
    # Whole-frame steps, then one cheap pass per indicator: a pandas filter per indicator cost
    # most of a new district's profile (tests/fixtures/scorecard_reference.py is the oracle).
    latest, own, hidden, city_of, median_of, peers_of = _latest_year_parts(
        area_id, [i.id for i in indicators], districts, city, peer_ids)
    score_of = {}
    if len(scores):
        scored = scores[(scores["area_id"] == area_id) & (scores["sex"] == "total")]
        score_of = {(r.indicator_id, int(r.year)): float(r.score) for r in scored.itertuples()}
    rows = []
    for indicator in indicators:
        if indicator.id not in latest.index:
            continue
        year, row = int(latest[indicator.id]), own.get(indicator.id)
        suppressed = indicator.id in hidden
        value = float(row["value"]) if row is not None and not suppressed else math.nan
        quality = row["quality"] if row is not None else None
        if indicator.id in city_of:
            city_value, basis = float(city_of[indicator.id]), CITY
        elif indicator.id in median_of:
            city_value, basis = float(median_of[indicator.id]), DISTRICT_MEDIAN
        else:
            city_value, basis = math.nan, None
        status, median, n_peers = _peer_reading(indicator, value,
                                                peers_of.get(indicator.id, np.empty(0)))
        rows.append({
            "indicator_id": indicator.id, "year": year, "value": value, "suppressed": suppressed,
            "quality": quality, "source_id": row["source_id"] if row is not None else None,
            "city_value": city_value, "city_basis": basis, "peer_median": median,
            "n_peers": n_peers, "score": score_of.get((indicator.id, year), math.nan),
            "status": status, "illustrative": bool(indicator.illustrative
                                                   or quality == "synthetic"),
        })
    return pd.DataFrame(rows, columns=SCORECARD_COLUMNS)


def _latest_year_parts(area_id: str, ids: Sequence[str], districts: pd.DataFrame,
                       city: pd.DataFrame, peer_ids: Sequence[str]) -> tuple[Any, ...]:
    """For `scorecard`, per indicator id in its latest district year (total sex): that year,
    the district's row (a dict), whether it is suppressed, the city's published value, the
    districts' published median and the peers' published values."""
    data = districts[districts["indicator_id"].isin(ids)]
    if "sex" in data:
        data = data[data["sex"] == "total"]
    latest = data.groupby("indicator_id", sort=False)["year"].max()
    data = data[data["year"].to_numpy() == data["indicator_id"].map(latest).to_numpy()]
    shown = cells.published(data)
    mine = data[data["area_id"] == area_id]
    own = mine.drop_duplicates("indicator_id").set_index("indicator_id").to_dict("index")
    hidden = set(mine.loc[cells.suppressed(mine), "indicator_id"])
    city_rows = city[city["indicator_id"].isin(ids)]
    if "sex" in city_rows:
        city_rows = city_rows[city_rows["sex"] == "total"]
    city_rows = cells.published(city_rows)
    city_rows = city_rows[city_rows["year"].to_numpy()
                          == city_rows["indicator_id"].map(latest).to_numpy()]
    city_of = dict(city_rows.drop_duplicates("indicator_id")[["indicator_id", "value"]]
                   .itertuples(index=False, name=None))
    median_of = shown.groupby("indicator_id", sort=False)["value"].median().to_dict()
    peers_of = {key: group["value"].to_numpy(dtype=float) for key, group in
                shown[shown["area_id"].isin(set(peer_ids))].groupby("indicator_id", sort=False)}
    return latest, own, hidden, city_of, median_of, peers_of


def _peer_reading(indicator: Indicator, value: float, peer_values: np.ndarray
                  ) -> tuple[str, float, int]:
    """(status, peers' median, number of peers): peers.strength_reading, or "context" for a
    context indicator (direction 0), which is never judged."""
    if indicator.direction == 0:
        return (CONTEXT, float(np.median(peer_values)) if len(peer_values) else math.nan,
                int(len(peer_values)))
    reading = strength_reading(None if math.isnan(value) else value, peer_values,
                               indicator.direction)
    return (reading.status, math.nan if reading.median is None else reading.median,
            reading.n_peers)


def reading_text(status: str, lang: str) -> str:
    """Icon and words for a scorecard reading, e.g. "▲ Styrka"; context rows say so."""
    if status == CONTEXT:
        return translate("profile_reading_context", lang)
    return f"{narratives.status_icon(status)} {narratives.status_label(lang, status)}"


def strengths_and_weaknesses(rows: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Indicator ids read as a strength, and as a weakness, in scorecard order."""
    return (rows.loc[rows["status"] == "strength", "indicator_id"].tolist(),
            rows.loc[rows["status"] == "weakness", "indicator_id"].tolist())


def strengths_lines(rows: pd.DataFrame, catalogue: Catalogue, lang: str
                    ) -> list[tuple[str, str, str]]:
    """(icon, label, the indicators' names or "none") for the strengths, then the weaknesses."""
    lines = []
    for key, ids in zip(("strength", "weakness"), strengths_and_weaknesses(rows), strict=True):
        listed = ", ".join(catalogue.indicator(i).name(lang) for i in ids)
        lines.append((narratives.status_icon(key), translate(f"profile_{key}_list", lang),
                      listed or translate("profile_none", lang)))
    return lines


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
                     else cell(row.score, row.suppressed,
                               lambda s: format_value(s, "index", 0, lang),
                               missing=translate("legend_no_data", lang)))
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

