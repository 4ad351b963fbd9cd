"""The Participation page's sections for one selection, assembled from `participation`'s pieces,
each a value the page keeps per dataset version (ui.view) and shows as it is. They read through
`data` (the Published protocol: the page passes ui), so they never open the store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from indicators.data.catalogue import Indicator
from indicators.text.formatting import format_value
from indicators.text.i18n import translate
from indicators.views import participation as parts
from indicators.views.figures import time_series
from indicators.views.published import Published

Chart = tuple[Any, pd.DataFrame, str]   # figure, table, sentence: ui.chart_block's arguments


@dataclass(frozen=True)
class Turnout:
    """Sections 1 and 2: turnout by district in `year`, the city figures, the change."""

    chart: Chart | None            # None: no published district value that year
    official_text: str | None      # the city computed like the districts beside the official
    first: int
    last: int
    change_text: str | None        # None with a single election
    changes_table: pd.DataFrame | None


def turnout_section(data: Published, turnout: Indicator, districts: pd.DataFrame, year: int,
                    election_years: Sequence[int], lang: str, *, city: str) -> Turnout:
    """Sections 1 and 2 for `districts` (the kommun's), its city line and official figure
    read from the kommun `city` (area_id)."""
    def of_districts(when: int) -> pd.DataFrame:   # the kommun's districts' rows that year
        return parts.turnout_frame(data.observations(turnout.id, level="district", year=when,
                                                     within=city or None), districts)

    frame = of_districts(year)
    city_value = parts.first_value(data.observations(turnout.id, area=city, year=year))
    chart = None
    if len(parts.published(frame)):
        label = translate("participation_city", lang,
                          value=format_value(city_value, "percent", 1, lang))
        chart = (parts.turnout_figure(frame, city_value=city_value, city_label=label, lang=lang),
                 parts.turnout_table(frame, lang),
                 parts.ranking_sentence(frame, turnout.name(lang), year, lang))
    official = data.observations(f"{turnout.id}_official", area=city, year=year)
    official_text = (parts.city_figures_text(city_value, parts.first_value(official), lang)
                     if len(official) else None)
    first, last = election_years[0], election_years[-1]
    if first == last:
        return Turnout(chart, official_text, first, last, None, None)
    changes = parts.turnout_changes(of_districts(first), of_districts(last))
    return Turnout(chart, official_text, first, last,
                   parts.changes_sentence(changes, first, last, lang),
                   parts.changes_table(changes, first, last, lang))


def sex_by_district(data: Published, indicator: Indicator, districts: pd.DataFrame, year: int,
                    lang: str) -> Chart:
    """Section 3, one indicator: women and men by district in its latest `year`."""
    rows = parts.sex_frame(
        data.observations(indicator.id, level="district", year=year, sex=None), districts)
    return (parts.sex_figure(rows, indicator, lang), parts.sex_table(rows, indicator, lang),
            parts.gap_sentence(rows, indicator, year, lang))


def sex_over_time(data: Published, indicator: Indicator, area_id: str, area_name: str,
                  lang: str) -> Chart | None:
    """Section 3, one indicator: the district's women and men over time (None: no rows)."""
    series = parts.sex_series(data.observations(indicator.id, area=area_id, sex=None), lang)
    if not len(series):
        return None
    return (time_series(series, name_column="series", unit=indicator.unit,
                        decimals=indicator.decimals, lang=lang,
                        styles=parts.series_styles(lang)),
            parts.sex_series_table(series, indicator, lang),
            parts.series_sentence(series, area_name, indicator, lang))
