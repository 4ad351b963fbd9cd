"""The one helper module for Streamlit pages: language, URL state, data access with caching,
notices, and the shared blocks every page uses (chart + sentence + table, illustrative labels).

Everything else in `indicators/` is UI-free. Pages stay thin: they call these helpers and the
domain functions, and render.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from indicators import pulse
from indicators.catalogue import Catalogue, Indicator, catalogue_from_tables
from indicators.config import DEFAULT_DB, ROOT, app_mode, database_path
from indicators.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from indicators.store import OpenResult, Store, StoreError, open_published

log = logging.getLogger(__name__)
T = TypeVar("T")

PLOTLY_CONFIG = {
    "displaylogo": False,
    "topojsonURL": "/app/static/topojson/",   # served locally: no CDN request (offline maps)
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "toImage"],
}
_NOTICES = "_url_notices"
_MOVES = "_url_moves"
_WRITTEN = "_url_written"
_PAGE_PATH = re.compile(r"[A-Za-z0-9_.\-~%åäöÅÄÖ]{1,200}")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")
# What markdown escapes cannot stop: GFM's autolinks are found in the text after escapes are
# resolved (https://…, www.…, name@host), and Streamlit reads :colour[…] directives and
# :shortcodes: in labels. An invisible WORD JOINER after the scheme, "www", "@" and a colon
# before a letter breaks each pattern and changes nothing a reader sees.
_UNLINK = re.compile(r"(?i)(?:https?|ftp|mailto|xmpp|tel)(?=:)|www(?=\.)|@|:(?=[a-z])")
WORD_JOINER = "\u2060"


# --- language ---------------------------------------------------------------------------------

def language() -> str:
    """The language of this view: `?lang=` when valid, else Swedish."""
    value = st.query_params.get("lang", DEFAULT_LANGUAGE)
    if value not in LANGUAGES:
        _notice("lang")
        return DEFAULT_LANGUAGE
    return value


def sync_language() -> None:
    """Carry a just-changed language switch into the URL before anything is labelled."""
    value = st.session_state.get("w_lang")
    if value in LANGUAGES and st.query_params.get("lang") != value:
        st.query_params["lang"] = value


def t(key: str, **values: object) -> str:
    return translate(key, language(), **values)


def plain(text: object) -> str:
    """Data or user text made safe for every place Streamlit reads markdown (st.markdown,
    captions, headings, alerts, and the labels of buttons, metrics, checkboxes, expanders and
    radio options): markdown and HTML characters escaped, autolinks and directives broken with
    an invisible word joiner. Shown literally, with no link, colour, markup or visible
    backslash (tests/browser/test_plain_text.py). Not for places that show text as it is
    (selectbox and multiselect options, tables, charts): there the raw text is right."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _UNLINK.sub(lambda m: m.group() + WORD_JOINER,
                                                        str(text)))


# --- URL state --------------------------------------------------------------------------------

def _notice(name: str) -> None:
    notices = st.session_state.setdefault(_NOTICES, [])
    if name not in notices:
        notices.append(name)


def _written() -> dict[str, str]:
    """What this session last wrote to the URL, per parameter (set_params keeps it)."""
    return st.session_state.setdefault(_WRITTEN, {})


def _own_echo(name: str, raw: str | None) -> bool:
    """True when `?name=` still holds the value this session wrote itself: the URL then only
    echoes an earlier choice, and a value that no longer fits (options changed with another
    choice) is not a faulty link. A different value came from a link, a hand edit or history."""
    return raw is not None and _written().get(name) == raw


def _moved(label: str, old: str, new: str) -> None:
    moves = st.session_state.setdefault(_MOVES, [])
    moves.append((label, old, new))


def nearest(value: Any, options: Sequence[T], fallback: T) -> T:
    """The option nearest to `value`: the closest number (the later one on a tie) for numeric
    options such as years, else `fallback`."""
    numbers = [o for o in options if isinstance(o, (int, float)) and not isinstance(o, bool)]
    if isinstance(value, (int, float)) and not isinstance(value, bool) and numbers \
            and len(numbers) == len(options):
        return min(numbers, key=lambda o: (abs(o - value), -o))
    return fallback


def param(name: str, allowed: Sequence[T], default: T, parse: Callable[[str], T] = str) -> T:
    """The value of `?name=` if it parses to one of `allowed`, else `default`.

    A bad value that came from outside (a link, a hand-edited URL) brings the "link held values
    that could not be used" notice; a value this session wrote itself falls back quietly (it
    only stopped fitting because another choice changed the options)."""
    raw = st.query_params.get(name)
    if raw is None:
        return default
    try:
        value = parse(raw)
    except (TypeError, ValueError):
        value = None
    if value in allowed:
        return value
    if not _own_echo(name, raw):
        _notice(name)
    return default


def param_list(name: str, allowed: Sequence[str], default: Sequence[str]) -> list[str]:
    """A comma-separated list parameter; unknown members are dropped (with a notice when the
    list came from outside, quietly when it is this session's own earlier choice)."""
    raw = st.query_params.get(name)
    if raw is None:
        return list(default)
    members = [m for m in raw.split(",") if m]
    kept = [m for m in members if m in allowed]
    if (len(kept) != len(members) or not kept) and not _own_echo(name, raw):
        _notice(name)
    return kept or list(default)


def set_params(**values: object) -> None:
    """Write the current selections to the URL (None removes a key)."""
    written = _written()
    for name, value in values.items():
        if value is None or value == []:
            if name in st.query_params:
                del st.query_params[name]
            written.pop(name, None)
            continue
        text = ",".join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value)
        st.query_params[name] = text
        written[name] = text


def _formatted(format_func: Callable[[T], str], value: Any) -> str:
    try:
        return str(format_func(value))
    except Exception:  # noqa: BLE001 - an option that no longer exists may not format
        return str(value)


def choose(
    label: str,
    options: Sequence[T],
    *,
    name: str,
    default: T,
    format_func: Callable[[T], str] = str,
    parse: Callable[[str], T] = str,
    widget: str = "selectbox",
    container: Any = None,
) -> T:
    """A single-choice widget whose value lives in the URL under `name`.

    Where the value comes from, in order:
    - the URL, when it holds something this session did not write (a deep link, a hand edit,
      back/forward) or nothing (a page opened from the menu): a value that is no option falls
      back to `default` with the link notice;
    - else the widget's own state (the user's latest choice) or the URL's echo of it: when
      another choice changed the options and it is no longer one of them, it moves to the
      nearest option (the nearest year) with a quiet note, never the link notice.
    The widget is then given that value through session state, so what the box shows, what the
    page computes and what the URL says are always the same value.
    """
    options = list(options)
    if not options:
        return default
    fallback = default if default in options else options[0]
    key = f"w_{name}"
    raw = st.query_params.get(name)
    if _own_echo(name, raw):
        previous = st.session_state.get(key)
        if key not in st.session_state:
            try:
                previous = parse(raw)
            except (TypeError, ValueError):
                previous = None
        current = previous if previous in options else nearest(previous, options, fallback)
        if previous is not None and current != previous:
            _moved(label, _formatted(format_func, previous), _formatted(format_func, current))
    else:
        current = param(name, options, fallback, parse)
    st.session_state[key] = current
    target = container or st
    common = dict(format_func=format_func, key=key)
    if widget == "radio":  # radio options are markdown: data text in them must be plain()
        common["format_func"] = lambda option: plain(format_func(option))
        value = target.radio(label, options, horizontal=True, **common)
    elif widget == "select_slider":
        value = target.select_slider(label, options, **common)
    else:
        value = target.selectbox(label, options, **common)
    set_params(**{name: value})
    return value


def choose_many(label: str, options: Sequence[str], *, name: str, default: Sequence[str],
                format_func: Callable[[str], str] = str, max_selections: int | None = None,
                container: Any = None) -> list[str]:
    """A multi-choice widget whose values live in the URL as a comma-separated list (the same
    order of authority as `choose`; members that stop being options are dropped quietly)."""
    options = list(options)
    key = f"w_{name}"
    raw = st.query_params.get(name)
    if _own_echo(name, raw) and key in st.session_state:
        current = [v for v in st.session_state[key] if v in options]
    else:
        current = param_list(name, options, [d for d in default if d in options])
    if max_selections is not None:
        current = current[:max_selections]
    st.session_state[key] = current
    target = container or st
    values = target.multiselect(label, options, format_func=format_func, key=key,
                                max_selections=max_selections)
    set_params(**{name: values})
    return values


def show_notices() -> None:
    """Say once that a link carried values that could not be used (never a traceback), and,
    quietly, which choice moved to the nearest one that exists after another choice changed."""
    names = st.session_state.pop(_NOTICES, [])
    if names:
        st.info(t("invalid_link", names=", ".join(plain(n) for n in names)), icon="ℹ️")
    for label, old, new in st.session_state.pop(_MOVES, []):
        st.caption(t("choice_moved", label=plain(label), old=plain(old), new=plain(new)))


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
    from indicators.ingest import ingest_lock

    with st.spinner(t("building_database")), ingest_lock(path, wait=True):
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


def area_scores(area_id: str) -> pd.DataFrame:
    """The published 0–100 scores of one area (every indicator, year and sex)."""
    return _query(dataset()["version"], "area_scores", area_id)


def latest_observations(indicator_id: str, level: str) -> pd.DataFrame:
    """The indicator's total-sex rows at `level` in the latest year that has any (empty when
    none): one year instead of every year of every area."""
    for year in reversed(years(indicator_id, level)):
        rows = observations(indicator_id, level=level, year=year)
        if len(rows):
            return rows
    return observations(indicator_id, level=level, year=-1)


def table(name: str) -> pd.DataFrame:
    return _query(dataset()["version"], "table", name)


_YEARS: dict[tuple[str, str, str | None], tuple[int, ...]] = {}   # (version/hash, …) → years


def years(indicator: str, level: str | None = None) -> list[int]:
    """The indicator's years (at `level`), asked once per dataset version and kept in a plain
    dict: pages ask for them dozens of times a run, and a Streamlit cache lookup costs more
    than the answer."""
    info = dataset()
    key = (f"{info['version']}/{info.get('content_hash')}", indicator, level)
    found = _YEARS.get(key)
    if found is None:
        found = tuple(_query(info["version"], "years", indicator, level))
        if len(_YEARS) > 4096:
            _YEARS.clear()
        _YEARS[key] = found
    return list(found)


def indicator_summary() -> pd.DataFrame:
    """Per indicator its first and latest year, count and qualities (a whole-table aggregate:
    read once per dataset version)."""
    return _query(dataset()["version"], "indicator_summary")


def quality_counts() -> pd.DataFrame:
    return _query(dataset()["version"], "quality_counts")


GEO_DIR = ROOT / "static" / "geo"     # Streamlit serves static/ at /app/static/ (config.toml)
GEO_URL = "/app/static/geo/"


@st.cache_resource(show_spinner=False, max_entries=16)
def _map_source(version: str, level: str) -> tuple[Any, Any]:
    """(what the map's figures draw on: the URL of the level's geometry, or the geometry itself
    when it cannot be written; the bounds of every area). The file is the published geometry
    as a FeatureCollection, named by its content's hash (a new dataset version with other
    geometry gets another name; the same geometry keeps its name, so caches stay valid),
    written once per process and version, atomically (a temporary file renamed into place), so
    no replica ever serves half a file."""
    import hashlib
    import json
    import os
    import tempfile

    from indicators.figures import bounds, feature_collection_text

    geometry = map_geometry(level)
    text = feature_collection_text(geometry)
    extent = bounds([json.loads(g) for g in geometry["map_geojson"]])
    name = f"{level}-{hashlib.sha256(text.encode()).hexdigest()[:20]}.geojson"
    target = GEO_DIR / name
    try:
        if not target.exists():
            GEO_DIR.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=GEO_DIR, prefix=".tmp-", suffix=".geojson")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    file.write(text)
                os.chmod(temporary, 0o644)
                os.replace(temporary, target)
            finally:
                if os.path.exists(temporary):
                    os.remove(temporary)
    except OSError:   # a read-only installation: the figures carry the polygons themselves
        log.warning("map geometry not written to %s; embedding it", GEO_DIR, exc_info=True)
        return json.loads(text), extent
    return GEO_URL + name, extent


def map_source(level: str) -> tuple[Any, Any]:
    """(geometry for figures.choropleth: a URL on this server, bounds of every area)."""
    return _map_source(dataset()["version"], level)


def mapped_years() -> pd.DataFrame:
    """(indicator_id, level_id, year) of every value on a drawn area, read once per version."""
    return _query(dataset()["version"], "mapped_years")


# --- views built once per dataset version and selection --------------------------------------

VIEW_KEEP = 32   # views kept per name and dataset version (least recently used dropped first)
VIEW_BUILDS: dict[str, int] = {}   # name → times built (tests: a repeated selection builds none)


class _Views:
    """The views of one dataset version: name → LRU of key → view, shared by every session."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_name: dict[str, OrderedDict] = {}


@st.cache_resource(show_spinner=False, max_entries=4)
def _views(version: str, content_hash: str) -> _Views:
    return _Views()


def view(name: str, build: Callable[[], T], *key: Any) -> T:
    """What `build()` returns (figures, frames, sentences: a page's data and computation for
    one selection), built once per dataset version, name and `key` (the selection and the
    language, hashable) and then shared by every session and rerun. The result is never
    copied, so nothing may change it after it is built (figures are passed to st.plotly_chart,
    which only reads them)."""
    info = dataset()
    views = _views(str(info["version"]), str(info.get("content_hash")))
    with views.lock:
        kept = views.by_name.setdefault(name, OrderedDict())
        if key in kept:
            kept.move_to_end(key)
            return kept[key]
    value = build()   # outside the lock: another session's build of another view goes on
    with views.lock:
        VIEW_BUILDS[name] = VIEW_BUILDS.get(name, 0) + 1
        kept[key] = value
        while len(kept) > VIEW_KEEP:
            kept.popitem(last=False)
    return value


# --- shared blocks ----------------------------------------------------------------------------

def indicator_name(indicator: Indicator) -> str:
    return indicator.name(language())


def illustrative_label(indicator: Indicator | None = None) -> None:
    """The visible label every synthetic figure carries."""
    if indicator is None or indicator.illustrative:
        st.warning(t("illustrative_label"), icon="🧪")


def dataset_banner() -> None:
    """The dataset's name and version; nothing when there is no database (the page says so
    once, in words; the detail goes to the log)."""
    try:
        info = dataset()
    except StoreError:
        log.warning("dataset banner: database unavailable", exc_info=True)
        return
    st.caption(t("dataset") + ": " + plain(info["name"]) + " · " +
               t("dataset_version", version=info["version"],
                 built=pd.Timestamp(info["built_at"]).strftime("%Y-%m-%d %H:%M")))


def chart_block(figure: Any, frame: pd.DataFrame, sentence: str, *, key: str,
                on_select: str | None = None) -> Any:
    """The sentence (the chart's alt text) first, then the chart, then its table alternative."""
    st.markdown(plain(sentence))
    kwargs: dict[str, Any] = {"config": PLOTLY_CONFIG, "key": key, "width": "stretch"}
    if on_select:
        kwargs |= {"on_select": on_select, "selection_mode": "points"}
    event = st.plotly_chart(_frozen(figure), **kwargs)
    with st.expander(t("show_table")):
        st.dataframe(_shown_once(frame), hide_index=True, width="stretch")
    return event


def _frozen(figure: Any) -> Any:
    """`figure` for st.plotly_chart with its `to_dict()` done once per figure object: plotly
    deep-copies the whole figure and re-encodes its arrays on every call (at national scale
    most of a rerun), and a figure kept in a `view` is the same object on every rerun. What
    st.plotly_chart receives is a plotly figure whose to_dict() returns that dict (each time a
    copy of its top level and traces, which plotly's JSON writer edits)."""
    from plotly.basedatatypes import BaseFigure

    if not isinstance(figure, BaseFigure) or isinstance(figure, _FrozenFigure):
        return figure
    return _memo(figure, "", lambda: _FrozenFigure.of(figure.to_dict()))


def _make_frozen_figure():
    from plotly.basedatatypes import BaseFigure

    class FrozenFigure(BaseFigure):
        """A figure's finished dict behind the one method st.plotly_chart calls on a figure."""

        @classmethod
        def of(cls, spec: dict) -> FrozenFigure:
            frozen = object.__new__(cls)   # no plotly __init__: nothing to validate again
            frozen._spec = spec
            return frozen

        def to_dict(self) -> dict:
            spec = dict(self._spec)
            spec["data"] = [dict(trace) for trace in spec.get("data", [])]
            return spec

    return FrozenFigure


_FrozenFigure = _make_frozen_figure()


_SHOWN: dict[int, tuple[Any, str, Any]] = {}   # id(object) → (weakref, variant, made)
_SHOWN_KEEP = 512
_SHOWN_LOCK = threading.Lock()


def _shown_once(frame: pd.DataFrame) -> pd.DataFrame:
    """`shown_numbers(frame)`, written once per table object and language: a table kept in a
    `view` is the same object on every rerun, so its numbers are not formatted again."""
    return _memo(frame, language(), lambda: shown_numbers(frame))


def _memo(source: Any, variant: str, make: Callable[[], T]) -> T:
    """What `make()` gives for the object `source` (and `variant`), made once while that very
    object lives (its id, checked through a weak reference, so a new object that happens to
    get a dead one's id is not mistaken for it)."""
    import weakref

    key = id(source)
    kept = _SHOWN.get(key)
    if kept is not None and kept[0]() is source and kept[1] == variant:
        return kept[2]
    made = make()
    with _SHOWN_LOCK:   # an entry goes when its object does (the weak reference's callback)
        _SHOWN[key] = (weakref.ref(source, lambda _, key=key: _SHOWN.pop(key, None)), variant,
                       made)
        while len(_SHOWN) > _SHOWN_KEEP:
            try:
                _SHOWN.pop(next(iter(_SHOWN)), None)
            except (RuntimeError, StopIteration):   # changed meanwhile by a callback
                break
    return made


def download_buttons(frame: pd.DataFrame | Callable[[], pd.DataFrame], file_stem: str, *,
                     key: str, decimals: dict[str, Any] | None = None,
                     unrounded: Sequence[str] = (),
                     source_ids: Sequence[str | None] | bool | None = None) -> None:
    """CSV and Excel buttons side by side for ``frame`` in this view's language (see
    indicators/downloads.py), with each row's licence and the dataset's date when
    ``source_ids`` (one per row) are given. ``frame`` may be a function returning the frame —
    or, with ``source_ids=True``, (frame, source ids) — so that even reading the data waits for
    a click. The files are written when a button is clicked (Streamlit runs the callable then,
    outside the script: nothing in it may call Streamlit), not on every rerun: an Excel file of
    100,000 rows takes seconds. A click does not rerun the page."""
    from indicators import downloads

    lang = language()
    sources = table("source") if source_ids is not None else None
    built_at = dataset()["built_at"]

    def final() -> pd.DataFrame:
        rows, ids = frame() if callable(frame) else frame, source_ids
        if source_ids is True:
            rows, ids = rows
        if ids is None:
            return rows
        return downloads.with_provenance(rows, list(ids), sources, built_at, lang)

    left, right = st.columns(2)
    left.download_button(
        t("download_csv"),
        lambda: downloads.to_csv_bytes(final(), lang, decimals=decimals,
                                       unrounded=tuple(unrounded)),
        file_name=f"{file_stem}.csv", mime="text/csv", key=f"{key}_csv", on_click="ignore")
    right.download_button(
        t("download_excel"), lambda: downloads.to_excel_bytes(final(), file_stem,
                                                              decimals=decimals),
        file_name=f"{file_stem}.xlsx", key=f"{key}_xlsx", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def shown_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """A table's numbers written in the page's language ("103 970", "2,72"; the grid itself
    shows "103970"); years stay plain years. The downloads keep the raw numbers."""
    from indicators.formatting import format_number

    lang = language()
    shown = frame.copy()
    for column in shown.columns:
        values = shown[column]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            continue
        present = values.dropna()
        if column in {t("year"), t("first_year"), t("latest_year"), t("base_year")}:
            shown[column] = values.astype("Int64")
            continue
        biggest = float(present.abs().max()) if len(present) else 0.0
        decimals = 0 if biggest >= 100 or (present == present.round()).all() else 2
        shown[column] = ["" if pd.isna(v) else format_number(float(v), decimals, lang)
                         for v in values]
    return shown


def metric_label(indicator: Indicator, year: int) -> str:
    """A metric's label with its unit, so the value itself stays short enough to show whole."""
    unit = "" if indicator.unit in ("percent", "count", "category") else \
        f", {t('unit_' + indicator.unit)}"
    return f"{plain(indicator.name(language()))}{unit} ({year})"


def unit_words(indicator: Indicator) -> str:
    """", procent" / ", ton CO₂e per invånare": the unit for a chart's axis or colour bar
    ("" for counts and classes, whose name says what they count)."""
    return "" if indicator.unit in ("count", "category") else f", {t('unit_' + indicator.unit)}"


def area_panel(frame: pd.DataFrame, ranked: pd.DataFrame, chosen: str, indicator: Indicator,
               level: str, year: int) -> None:
    """Beside the map: the chosen area's value, rank and a link to its district's profile;
    with no area chosen, the highest and lowest three (a compact list, never every area)."""
    from indicators.formatting import format_value

    lang = language()

    def shown(value: float) -> str:
        return format_value(value, indicator.unit, indicator.decimals, lang)

    protected = int(frame["suppressed"].sum())
    if chosen:
        row = frame.set_index("area_id").loc[chosen]
        st.subheader(plain(row["name"]))
        if row["suppressed"]:
            st.markdown(t("hover_suppressed"))
        elif pd.isna(row["value"]):
            st.markdown(t("legend_no_data"))
        else:
            place = list(ranked["area_id"]).index(chosen) + 1
            st.markdown(f"**{shown(row['value'])}** ({year})")
            st.markdown(t("map_rank", place=place, count=len(ranked)))
        district = chosen if level == "district" else areas(level).set_index(
            "area_id")["parent_id"].get(chosen)
        if isinstance(district, str) and district.startswith("district:"):
            st.page_link("pages/profile.py", label=t("map_open_profile"), icon="📍",
                         query_params={"district": district.split(":", 1)[1], "lang": lang})
    elif len(ranked) > 6:    # best and worst three; the table under the map has them all
        st.markdown(f"**{t('map_best')}**")
        st.markdown("\n".join(f"1. {plain(r.name)}: {shown(r.value)}"
                               for r in ranked.head(3).itertuples()))
        st.markdown(f"**{t('map_worst')}**")
        st.markdown("\n".join(f"1. {plain(r.name)}: {shown(r.value)}"
                               for r in ranked.tail(3).iloc[::-1].itertuples()))
    elif len(ranked):        # few enough to rank them all, best first
        st.markdown(f"**{t('map_ranking')}**")
        st.markdown("\n".join(f"1. {plain(r.name)}: {shown(r.value)}"
                               for r in ranked.itertuples()))
    if protected:
        st.caption(t("map_protected", count=protected, total=len(frame)))


def delta_colour(indicator: Indicator) -> str:
    """st.metric's delta_color for the indicator's direction: a rise is green when higher is
    better ("normal") and red when lower is better ("inverse", e.g. emissions)."""
    return "normal" if indicator.direction > 0 else "inverse"


def metric_value(value: float, indicator: Indicator) -> str:
    from indicators.formatting import format_number, format_value

    if indicator.unit == "percent":
        return format_value(value, "percent", indicator.decimals, language())
    return format_number(value, indicator.decimals, language())


def goal_header(target_id: str):
    """A goal's verdict first: heading, verdict word and icon, base and latest year, R, the
    observed and required rates and the weather reading. Returns (target row, indicator, summary
    from goal_view.goal_summary) for the rest of the page."""
    from indicators import goal_view

    lang = language()

    def build():
        target = table("target").set_index("target_id").loc[target_id]
        indicator = catalogue().indicator(target["indicator_id"])
        goal = target["name_sv"] if lang == "sv" else target["name_en"]
        return target, indicator, goal, goal_view.goal_summary(
            table("verdict").set_index("target_id").loc[target_id], goal, indicator.unit, 0,
            lang)

    target, indicator, goal, summary = view("goal_header", build, target_id, lang)
    st.header(plain(goal))
    st.markdown(f"### {plain(summary.heading)}")
    first, second, third = st.columns(3)
    first.metric(t("base_year"), summary.base_year)
    second.metric(t("latest_year"), summary.latest_year)
    third.metric(t("ratio_r"), summary.ratio)
    st.markdown(plain(summary.rates))
    if summary.weather_text:
        st.markdown(plain(summary.weather_text))
    return target, indicator, summary


def change_text(difference: float, indicator: Indicator, *, unit: bool = True) -> str:
    """A signed change in the indicator's unit (percentage points for percentages); with
    `unit=False` the number alone (beside a label that names the unit) — except percentage
    points, which are not the label's per cent."""
    from indicators.formatting import format_number, format_percent_points, format_value

    if indicator.unit == "percent":
        return format_percent_points(difference, indicator.decimals, language())
    if not unit:
        text = format_number(difference, indicator.decimals, language())
        return text if text.startswith(("-", "−")) or difference == 0 else "+" + text
    return format_value(difference, indicator.unit, indicator.decimals, language(), signed=True)


def clicked_district(event: Any, level: str) -> str | None:
    """The district code of a clicked map area (a stadsdel opens its district), or None."""
    try:
        points = event.selection.points if event is not None else []
    except AttributeError:
        points = []
    if not points:
        return None
    area_id = points[0].get("location")
    if not isinstance(area_id, str):
        return None
    if level != "district":
        parents = areas(level).set_index("area_id")["parent_id"]
        area_id = parents.get(area_id)
    if not isinstance(area_id, str) or not area_id.startswith("district:"):
        return None
    return area_id.split(":", 1)[1]


def series_table(frame: pd.DataFrame, indicator: Indicator) -> pd.DataFrame:
    """The table alternative of a chart: area, year, sex, value, quality and source in words."""
    from indicators.tables import observation_frame

    table = observation_frame(frame, catalogue(), language())
    return table.dropna(axis="columns", how="all")


@contextmanager
def friendly_errors():
    """Any exception becomes a friendly message in the user's language; details go to the log."""
    try:
        yield
    except StoreError:  # the path and reason go to the log; the screen says "being updated"
        log.exception("database unavailable")
        st.error(t("no_database"))
    except Exception:  # noqa: BLE001 - nothing may reach a public screen as a traceback
        log.exception("page failed")
        st.error(t("error_friendly"))


def requested_page() -> str:
    """The page path the browser asked for ("" for the root; "" when it asked by page hash, as
    the menu's links do). Streamlit-internal (`PagesManager.intended_page_name`, pinned with
    streamlit 1.67); tests/browser/test_not_found.py fails loudly if an upgrade changes it.
    Only a name that can be a page's URL path is returned: anything else is answered by the
    default page."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    manager = getattr(context, "pages_manager", None)
    if manager is None or manager.intended_page_script_hash:
        return ""
    name = (manager.intended_page_name or "").strip().strip("/")
    return name if _PAGE_PATH.fullmatch(name) else ""


def not_found_view(home: Any) -> Callable[[], None]:
    """Our own view of an address that is no page: Swedish and English, with a link `home`."""

    def not_found() -> None:
        lang = language()
        first, second = ("sv", "en") if lang == "sv" else ("en", "sv")
        st.title(translate("not_found_title", first))
        st.markdown(translate("not_found_text", first))
        st.subheader(translate("not_found_title", second))
        st.markdown(translate("not_found_text", second))
        st.page_link(home, label=t("not_found_home"), icon="🏠", query_params={"lang": lang})

    return not_found


def mode() -> str:
    return app_mode()


# --- the kiosk's device token (the citizen pulse's abuse limits; see indicators/pulse.py) -----

_ISSUED_TOKENS: OrderedDict[str, str] = OrderedDict()   # connection → token handed out in it
_ISSUED_KEEP = 10_000


def _connection_id() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    return context.session_id if context is not None else ""


def kiosk_device_token() -> str | None:
    """This kiosk browser's device token: its cookie, else the one handed out earlier in this
    connection (a cookie set now only arrives with the next connection)."""
    cookie = st.context.cookies.get(pulse.DEVICE_COOKIE)
    return cookie if isinstance(cookie, str) else _ISSUED_TOKENS.get(_connection_id())


def keep_kiosk_device(path: Any) -> None:
    """Give this browser a signed device token if it has no valid one, kept in a cookie for a
    year (a constant script in the page: Streamlit cannot set cookies itself; the token is
    server-made base64url, checked again here, never data text). When the store's new devices
    for the hour are used up, the browser counts as the shared unverified device."""
    slot = st.empty()  # always one element here, so the elements after it keep their places
    if pulse.device_key(path, kiosk_device_token()) != pulse.UNVERIFIED:
        return
    token = pulse.issue_device_token(path, time.time())
    if token is None or not pulse.is_token_shaped(token):
        return
    _ISSUED_TOKENS[_connection_id()] = token
    while len(_ISSUED_TOKENS) > _ISSUED_KEEP:
        _ISSUED_TOKENS.popitem(last=False)
    slot.html(f"<script>document.cookie = '{pulse.DEVICE_COOKIE}={token}; Max-Age=31536000; "
            "Path=/; SameSite=Strict' + (location.protocol === 'https:' ? '; Secure' : '');"
            "</script>", unsafe_allow_javascript=True)


def pulse_shown_at(key: str) -> float:
    """When this session first showed the pulse question (Unix seconds, kept under `key`; a tap
    sooner than the reading time after it is dropped). Makes sure the browser has its token."""
    keep_kiosk_device(pulse.pulse_path())
    return st.session_state.setdefault(key, time.time())


def submit_pulse(question: Any, district_code: str, answer: int, shown_at: float | None,
                 session: pulse.SessionPulse) -> str:
    """pulse.submit for a tap on this kiosk: today, now, this browser's device token."""
    return pulse.submit(pulse.pulse_path(), question, district_code, answer, pulse.local_today(),
                        time.time(), session, device_token=kiosk_device_token(),
                        shown_at=shown_at)
