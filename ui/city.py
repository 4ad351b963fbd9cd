"""The kommun a page is about ("the city") and its districts: no widget when the database holds
one kommun (the Umeå dataset), a "Kommun" selectbox whose choice lives in the URL (`?kommun=`)
when it holds several (a national dataset)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from indicators.views import city as city_view
from indicators.views.city import City
from ui.cache import view
from ui.data import areas, catalogue
from ui.state import choose, forget_choices, t

DISTRICT_CHOICES = ("district", "districts")   # the pages' URL names of district choices
_SHOWN = "_city_shown"                          # the kommun this session showed last


def _cities() -> tuple[list[City], City]:   # once per dataset version
    choices = city_view.cities(areas("kommun"))
    return choices, city_view.default_city(choices, [g.area for g in catalogue().targets])


def city(*, container: Any = None, linked: str | None = None) -> City:
    """The kommun the page is about: the only one, or the one chosen in the "Kommun" box
    (default: the kommun of the district a link names in `?<linked>=` when the link names no
    kommun — a profile link written before kommuner were in the URL —, else the published
    goals' kommun if the database has it, else the first by name; a bad `?kommun=` falls back
    to it with the link notice). NO_CITY without any kommun.
    When the kommun changes, this session's district choices start again from the new
    kommun's defaults (a district of the old kommun is no choice there)."""
    choices, default = view("cities", _cities)
    if len(choices) <= 1:
        return default
    by_code = {c.code: c for c in choices}
    if linked and "kommun" not in st.query_params and linked in st.query_params:
        default = _linked_kommun(str(st.query_params[linked]), by_code, default)
    code = choose(t("kommun"), list(by_code), name="kommun", default=default.code,
                  format_func=lambda c: by_code[c].name, container=container)
    if st.session_state.get(_SHOWN, code) != code:
        forget_choices(*DISTRICT_CHOICES)   # another kommun: its districts start from defaults
    st.session_state[_SHOWN] = code
    return by_code.get(code, default)


def _linked_kommun(code: str, by_code: dict[str, City], default: City) -> City:
    """The kommun of the district `code` (a link's value: unknown codes keep `default`)."""
    def build() -> dict[str, str]:   # district code → its kommun's area_id, once per version
        districts = areas("district")
        return dict(zip(districts["code"], districts["parent_id"], strict=True))

    parent = view("district_parents", build).get(code)
    return next((c for c in by_code.values() if c.area_id == parent), default)


def city_districts(chosen: City | str) -> pd.DataFrame:
    """The districts of `chosen` (a City, or a kommun's area_id such as a goal's) as `ui.areas`
    gives them (area_id, code, name, parent_id, …), kept per dataset version and kommun: never
    change the frame."""
    area_id = chosen.area_id if isinstance(chosen, City) else chosen
    return view("city_districts", lambda: city_view.districts_of(areas("district"), area_id),
                area_id)
