"""The Growth 2050 page's what-if: planned homes per district (kept in the URL as
`homes=2480P05:500,2480P09:300`), persons per home and a trend, against the target. Pure."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

import pandas as pd

from indicators.methods import growth
from indicators.text import narratives
from indicators.text.formatting import format_number, format_value
from indicators.text.i18n import translate
from indicators.views.growth import Outlook
from indicators.views.tables import plain_strings

MAX_HOMES = 20_000


PERSONS_PER_HOME_DEFAULT = 2.1


PERSONS_PER_HOME_OPTIONS = tuple(round(1.0 + step / 10, 1) for step in range(26))  # 1.0–3.5


MAX_HOMES_PARAM_LENGTH = 2_000


_HOMES_ITEM = re.compile(r"^([0-9A-Za-z]{1,20}):([0-9]{1,6})$")


def base_population(eligible_latest: pd.DataFrame, districts: pd.DataFrame,
                    city_population: float) -> pd.DataFrame:
    """A modelled population per district: the city's population shared out in proportion to
    each district's eligible voters (population per district is not in the data).

    population_d = P_city × E_d / Σ E. Fixture: 135,273 × 1,000 / 2,998 = 45,121.1 for Centrum.
    Districts without eligible voters get 0. Columns area_id, code, name, eligible, population.
    """
    values = eligible_latest.dropna(subset=["value"]).set_index("area_id")["value"]
    frame = districts[["area_id", "code", "name"]].copy()
    frame["eligible"] = frame["area_id"].map(values).fillna(0.0).astype(float)
    total = frame["eligible"].sum()
    if total <= 0:
        raise ValueError("no eligible voters to share the population by")
    frame["population"] = float(city_population) * frame["eligible"] / total
    return frame.reset_index(drop=True)


def parse_homes(text: str) -> dict[str, int]:
    """``"2480P05:500,2480P09:300"`` → {"2480P05": 500, "2480P09": 300}; "" → {}.

    Syntax only (codes are checked by ``HomesPlans``): comma-separated ``code:whole number``,
    each code once, at most 2,000 characters. Raises ValueError otherwise.
    """
    if not isinstance(text, str) or len(text) > MAX_HOMES_PARAM_LENGTH:
        raise ValueError("homes parameter too long or not text")
    plan: dict[str, int] = {}
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        match = _HOMES_ITEM.match(item)
        if match is None:
            raise ValueError(f"not code:number: {item[:40]!r}")
        code, count = match.group(1), int(match.group(2))
        if code in plan:
            raise ValueError(f"district {code} given twice")
        plan[code] = count
    return plan


def encode_homes(plan: Mapping[str, int]) -> str | None:
    """The compact URL form, districts in code order, zero entries left out; None when empty."""
    items = [f"{code}:{int(count)}" for code, count in sorted(plan.items()) if int(count) > 0]
    return ",".join(items) or None


class HomesPlans:
    """The set of valid plans: known district codes, whole numbers 0 … 20,000 homes each.

    Used as the ``allowed`` of ``ui.param``: ``plan in HomesPlans(codes)`` checks a parsed plan.
    """

    def __init__(self, codes: Iterable[str], maximum: int = MAX_HOMES):
        self.codes = frozenset(codes)
        self.maximum = maximum

    def __contains__(self, plan: object) -> bool:
        if not isinstance(plan, dict):
            return False
        return all(code in self.codes and isinstance(count, int) and 0 <= count <= self.maximum
                   for code, count in plan.items())


def homes_from_editor(values: Iterable[object], codes: Iterable[str],
                      maximum: int = MAX_HOMES) -> dict[str, int]:
    """Edited home counts (one per code, in order) as a plan: empty, negative or non-numbers
    count as 0, fractions are rounded down, values above ``maximum`` are capped."""
    plan: dict[str, int] = {}
    for code, value in zip(codes, values, strict=True):
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if not math.isfinite(number) or number <= 0:
            continue
        plan[code] = min(int(number), maximum)
    return plan


def scenario_rate(view: Outlook, trend: str) -> float:
    """The what-if's trend as a fraction a year: 0 for "none", else the scenario's rate."""
    if trend == "none" or view.scenarios is None:
        return 0.0
    rates = view.scenarios.set_index("scenario")["rate_pct"]
    return float(rates[trend]) / 100.0


def what_if(base: pd.DataFrame, plan: Mapping[str, int], persons_per_home: float,
            base_year: int, trend_rate: float = 0.0,
            target_year: int = growth.DEFAULT_TARGET_YEAR,
            target_value: float = growth.DEFAULT_TARGET_VALUE) -> growth.WhatIf:
    """growth.what_if on the modelled district base, with homes given by district code.

    city 2050 = Σ_d base_d (1 + trend)^(2050 − base_year) + Σ_d homes_d × persons per home.
    Fixture, no trend: 135,273 with no homes; 1,000 homes in Centrum at 2 persons → 137,273.
    """
    by_code = dict(zip(base["code"], base["area_id"], strict=True))
    homes = {by_code[code]: count for code, count in plan.items() if code in by_code}
    return growth.what_if(base[["area_id", "population"]], homes, persons_per_home,
                          base_year=base_year, target_year=target_year,
                          target_value=target_value, trend_rate=trend_rate)


def editor_frame(base: pd.DataFrame, plan: Mapping[str, int], lang: str) -> pd.DataFrame:
    """The what-if input table: district, modelled population today, planned homes."""
    return plain_strings(pd.DataFrame({
        translate("area", lang): base["name"],
        translate("growth_population_today", lang): [  # text: an editor shows "13033"
            format_number(v, 0, lang) for v in base["population"]],
        translate("growth_planned_homes", lang): [int(plan.get(c, 0)) for c in base["code"]],
    }))


def what_if_table(result: growth.WhatIf, base: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per district: modelled today, trend, added by homes, 2050; a last row for the city."""
    areas = base[["area_id", "name"]].merge(result.areas, on="area_id")
    year = result.target_year
    rows = pd.DataFrame({
        translate("area", lang): list(areas["name"]) + [translate("growth_city", lang)],
        translate("growth_population_today", lang): [
            format_value(v, "persons", 0, lang)
            for v in [*areas["base_population"], areas["base_population"].sum()]],
        translate("growth_added_by_homes", lang): [
            format_value(v, "persons", 0, lang, signed=True)
            for v in [*areas["added_population"], areas["added_population"].sum()]],
        translate("growth_population_in", lang, year=year): [
            format_value(v, "persons", 0, lang) for v in [*areas["population"], result.total]],
    })
    return plain_strings(rows)


def what_if_heading(result: growth.WhatIf, lang: str) -> str:
    """Icon and word of the what-if verdict: "✔ Målet nås" / "✖ Målet nås inte"."""
    status = result.verdict
    return f"{narratives.status_icon(status)} {narratives.status_label(lang, status)}"


def what_if_sentence(result: growth.WhatIf, homes: int, persons_per_home: float,
                     lang: str) -> str:
    """"Med 1 000 planerade bostäder à 2,0 personer: 137 273 invånare år 2050; målet nås inte
    (62 727 personer kvar till 200 000)."""
    key = "growth_what_if_reached" if result.verdict == "target_reached" else \
        "growth_what_if_missed"
    return translate(key, lang, homes=format_number(homes, 0, lang),
                     pph=format_number(persons_per_home, 1, lang),
                     total=format_value(result.total, "persons", 0, lang),
                     year=result.target_year,
                     gap=format_value(abs(result.gap), "persons", 0, lang),
                     target=format_number(result.target_value, 0, lang))
