"""Data access for pages, cached per published file version: the store, the catalogue, the
dataset row, observations and the named queries."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from indicators.data.catalogue import Catalogue
from indicators.data.config import DEFAULT_DB, ROOT, database_path
from indicators.data.publishing import keep_newest, write_text_atomically
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
    return store().catalogue()


def catalogue() -> Catalogue:
    """The indicator catalogue as published in the served database (one source of truth: an
    indicator added by an ingest appears on every page), built once per dataset version."""
    return _catalogue(dataset()["version"])


@st.cache_resource(show_spinner=False, max_entries=4)
def _dataset_row(path: str, identity: tuple[int, int, int], fallback: bool) -> dict[str, Any]:
    return dict(_opened().store.dataset())


_ROWS: dict[tuple[str, tuple[int, int, int]], dict[str, Any]] = {}   # file version → row


def dataset() -> dict[str, Any]:
    """The served dataset's row (name, version, hash), read once per file version: every cached
    query is keyed by its version, so asking the database each time cost ~30 ms a page run.
    A known file version costs one `stat` (no Streamlit cache lookup: pages ask for the
    version with every query, 20–60 times a run)."""
    path = database_path()
    key = (str(path), _identity(path))
    row = _ROWS.get(key)
    if row is None:
        opened = _opened()
        row = _dataset_row(key[0], key[1], opened.fallback)
        if len(_ROWS) > 16:
            _ROWS.clear()
        _ROWS[key] = row
    return dict(row)


class _Kept:
    """Query results kept in a small LRU shared by every session, keyed by the dataset version
    and the query: a hit is a dict lookup and a shallow copy (pandas' copy-on-write: a change
    to the copy never reaches the kept frame). st.cache_data hashed the arguments, inspected
    the function's signature and unpickled a whole copy of the frame on every call, 20–60
    times a page run (at national scale the map's 6,000 polygons on every rerun)."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.lock = threading.Lock()
        self.frames: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    def get(self, key: tuple[Any, ...], read: Callable[[], Any]) -> Any:
        with self.lock:
            frame = self.frames.get(key)
            if frame is not None:
                self.frames.move_to_end(key)
        if frame is None:
            frame = read()   # outside the lock: other sessions' hits go on meanwhile
            with self.lock:
                self.frames[key] = frame
                while len(self.frames) > self.keep:
                    self.frames.popitem(last=False)
        return frame.copy(deep=False) if isinstance(frame, pd.DataFrame) else frame


_KEPT_OBSERVATIONS = _Kept(512)
_KEPT_QUERIES = _Kept(64)


def _observations(version: str, indicator: str, level: str | None, year: int | None,
                  sex: str | None, area: str | None, within: str | None) -> pd.DataFrame:
    return _KEPT_OBSERVATIONS.get(
        (version, indicator, level, year, sex, area, within),
        lambda: store().observations(indicator, level=level, year=year, sex=sex, area_id=area,
                                     within=within))


def observations(indicator: str, *, level: str | None = None, year: int | None = None,
                 sex: str | None = "total", area: str | None = None,
                 within: str | None = None) -> pd.DataFrame:
    """Cached per dataset version: a new publish is picked up without a restart. `within`:
    only areas whose parent is that area (a kommun's districts)."""
    return _observations(dataset()["version"], indicator, level, year, sex, area, within)


def _query(version: str, name: str, *args: Any) -> pd.DataFrame:
    return _KEPT_QUERIES.get((version, name, *args), lambda: getattr(store(), name)(*args))


def areas(level: str) -> pd.DataFrame:
    return _query(dataset()["version"], "areas", level)


def map_geometry(level: str) -> pd.DataFrame:
    return _query(dataset()["version"], "map_geometry", level)


def table(name: str) -> pd.DataFrame:
    return _query(dataset()["version"], "table", name)


_YEAR_LEVELS: set[tuple[str, str]] = set()   # (version/hash, level) whose years were all read
_YEARS: dict[tuple[str, str, str | None], tuple[int, ...]] = {}   # (version/hash, …) → years


def years(indicator: str, level: str | None = None) -> list[int]:
    """The indicator's years (at `level`), asked once per dataset version and kept in a plain
    dict: pages ask for them dozens of times a run, and a Streamlit cache lookup costs more
    than the answer. The first question about a level reads every indicator's years at that
    level in one query (a page asks for dozens: one query each was half a second nationally)."""
    info = dataset()
    version = f"{info['version']}/{info.get('content_hash')}"
    found = _YEARS.get((version, indicator, level))
    if found is None:
        if len(_YEARS) > 4096:
            _YEARS.clear()
            _YEAR_LEVELS.clear()
        if level is None:
            found = tuple(_query(info["version"], "years", indicator, level))
        elif (version, level) in _YEAR_LEVELS:   # the level was read: no years there
            found = ()
        else:
            rows = _query(info["version"], "level_years", level)
            for key, group in rows.groupby("indicator_id", sort=False):
                _YEARS[(version, key, level)] = tuple(int(y) for y in group["year"])
            _YEAR_LEVELS.add((version, level))
            found = _YEARS.get((version, indicator, level), ())
        _YEARS[(version, indicator, level)] = found
    return list(found)


def mapped_years() -> pd.DataFrame:
    """(indicator_id, level_id, year) of every value on a drawn area, read once per version."""
    return _query(dataset()["version"], "mapped_years")


def goal_verdicts() -> pd.DataFrame:
    """The verdict rows of the published goals (target_id set), read once per version."""
    return _query(dataset()["version"], "goal_verdicts")


def latest_observations(indicators: tuple[str, ...], level: str,
                        within: str | None = None) -> pd.DataFrame:
    """Each indicator's total-sex rows at `level` in its latest year, in one query (Store)."""
    return _query(dataset()["version"], "latest_observations", tuple(indicators), level, within)


def area_observations(area_id: str, indicators: tuple[str, ...]) -> pd.DataFrame:
    """One area's total-sex rows of `indicators`, every year, in one query (Store)."""
    return _query(dataset()["version"], "area_observations", area_id, tuple(indicators))


def area_scores(area_id: str) -> pd.DataFrame:
    """The published 0–100 scores of one area (every indicator, year and sex)."""
    return _query(dataset()["version"], "area_scores", area_id)


def indicator_summary() -> pd.DataFrame:
    """Per indicator its first and latest year, count and qualities (a whole-table aggregate:
    read once per dataset version)."""
    return _query(dataset()["version"], "indicator_summary")


def quality_counts() -> pd.DataFrame:
    return _query(dataset()["version"], "quality_counts")


GEO_DIR = ROOT / "static" / "geo"     # Streamlit serves static/ at /app/static/ (config.toml)
GEO_URL = "/app/static/geo/"
GEO_KEEP = 3   # geometry files kept per level: this version's and the two used before it


@st.cache_resource(show_spinner=False, max_entries=16)
def _map_source(version: str, level: str) -> tuple[Any, Any]:
    """(what the map's figures draw on: the URL of the level's geometry, or the geometry itself
    when it cannot be written; the bounds of every area). The file is the published geometry
    as a FeatureCollection, named by its content's hash (a new dataset version with other
    geometry gets another name; the same geometry keeps its name, so caches stay valid),
    written once per process and version, atomically (a temporary file renamed into place), so
    no replica ever serves half a file."""
    from indicators.views.figures import bounds, feature_collection_text

    geometry = map_geometry(level)
    text = feature_collection_text(geometry)
    extent = bounds([json.loads(g) for g in geometry["map_geojson"]])
    name = f"{level}-{hashlib.sha256(text.encode()).hexdigest()[:20]}.geojson"
    try:
        if (GEO_DIR / name).exists():
            os.utime(GEO_DIR / name)   # in use again: among the newest, which are kept
        else:
            write_text_atomically(GEO_DIR / name, text)
        keep_newest(GEO_DIR, f"{level}-*.geojson", GEO_KEEP)
    except OSError:   # a read-only installation: the figures carry the polygons themselves
        log.warning("map geometry not written to %s; embedding it", GEO_DIR, exc_info=True)
        return json.loads(text), extent
    return GEO_URL + name, extent


def map_source(level: str) -> tuple[Any, Any]:
    """(geometry for figures.choropleth: a URL on this server, bounds of every area)."""
    return _map_source(dataset()["version"], level)

