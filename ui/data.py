"""Data access for pages, cached per published file version: the store, the catalogue, the
dataset row, observations and the named queries."""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd
import streamlit as st

from indicators.data.catalogue import Catalogue, catalogue_from_tables
from indicators.data.config import DEFAULT_DB, database_path
from indicators.data.store import OpenResult, Store, open_published
from ui.state import t

log = logging.getLogger(__name__)

# --- data -------------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False, max_entries=4)
def _open(path: str, identity: tuple[int, int, int]) -> OpenResult:
    """Open the published file (or its last known good copy); cached per file version."""
    return open_published(path)


def _identity(path) -> tuple[int, int, int]:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return (0, 0, 0)
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def _ensure_database() -> None:
    """On first start with the default path, build the embedded dataset from data/raw."""
    path = database_path()
    if path.exists() or path != DEFAULT_DB:
        return
    from indicators.build import build
    from indicators.data.publishing import publish_lock

    with st.spinner(t("building_database")), publish_lock(path, wait=True):
        if not path.exists():  # another replica may have built it while this one waited
            build(path)


def _opened() -> OpenResult:
    _ensure_database()
    path = database_path()
    return _open(str(path), _identity(path))


def store() -> Store:
    """The store to read: the published file, or its last known good copy if it is broken."""
    return _opened().store


def demo_notice() -> None:
    """On every screen of a demo dataset (one built with the generator's seed): say that parts
    of it are generated. The default dataset has no seed and shows nothing."""
    if not pd.isna(dataset().get("generator_seed")):
        st.warning(t("illustrative_banner"), icon="🧪")


def fallback_notice() -> None:
    """Say visibly when the app serves the last known good copy of a broken database."""
    if _opened().fallback:
        st.warning(t("fallback_notice"), icon="⚠️")


@st.cache_resource(show_spinner=False, max_entries=4)
def _catalogue(version: str) -> Catalogue:
    tables = {name: store().table(name) for name in ("theme", "source", "indicator", "target")}
    return catalogue_from_tables(tables)


def catalogue() -> Catalogue:
    """The indicator catalogue as published in the served database (one source of truth: an
    indicator added by an ingest appears on every page), built once per dataset version."""
    return _catalogue(dataset()["version"])


@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset_row(path: str, identity: tuple[int, int, int], fallback: bool) -> dict[str, Any]:
    return dict(_opened().store.dataset())


def dataset() -> dict[str, Any]:
    """The served dataset's row (name, version, hash), read once per file version: every cached
    query is keyed by its version, so asking the database each time cost ~30 ms a page run."""
    opened = _opened()
    path = database_path()
    return dict(_dataset_row(str(path), _identity(path), opened.fallback))


@st.cache_data(ttl=3600, max_entries=512, show_spinner=False)
def _observations(version: str, indicator: str, level: str | None, year: int | None,
                  sex: str | None, area: str | None) -> pd.DataFrame:
    return store().observations(indicator, level=level, year=year, sex=sex, area_id=area)


def observations(indicator: str, *, level: str | None = None, year: int | None = None,
                 sex: str | None = "total", area: str | None = None) -> pd.DataFrame:
    """Cached per dataset version: a new publish is picked up without a restart."""
    return _observations(dataset()["version"], indicator, level, year, sex, area)


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _query(version: str, name: str, *args: Any) -> pd.DataFrame:
    return getattr(store(), name)(*args)


def areas(level: str) -> pd.DataFrame:
    return _query(dataset()["version"], "areas", level)


def map_geometry(level: str) -> pd.DataFrame:
    return _query(dataset()["version"], "map_geometry", level)


def table(name: str) -> pd.DataFrame:
    return _query(dataset()["version"], "table", name)


def years(indicator: str, level: str | None = None) -> list[int]:
    return _query(dataset()["version"], "years", indicator, level)


def mapped_years() -> pd.DataFrame:
    """(indicator_id, level_id, year) of every value on a drawn area, read once per version."""
    return _query(dataset()["version"], "mapped_years")


