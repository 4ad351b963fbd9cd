"""Results kept per dataset version: a page's views (figures, frames, sentences for one
selection) built once and shared by every session, and the finished forms of what
st.plotly_chart and st.dataframe are handed (a figure's dict, a table's formatted numbers), made
once per object."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from plotly.basedatatypes import BaseFigure

from ui.data import dataset

T = TypeVar("T")

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


class _FrozenFigure(BaseFigure):
    """A figure's finished dict behind the one method st.plotly_chart calls on a figure."""

    _spec: dict

    @classmethod
    def of(cls, spec: dict) -> _FrozenFigure:
        frozen = object.__new__(cls)   # no plotly __init__: nothing to validate again
        frozen._spec = spec
        return frozen

    def to_dict(self) -> dict:
        spec = dict(self._spec)
        spec["data"] = [dict(trace) for trace in spec.get("data", [])]
        return spec


def _frozen(figure: Any) -> Any:
    """`figure` for st.plotly_chart with its `to_dict()` done once per figure object: plotly
    deep-copies the whole figure and re-encodes its arrays on every call (at national scale
    most of a rerun), and a figure kept in a `view` is the same object on every rerun. What
    st.plotly_chart receives is a plotly figure whose to_dict() returns that dict (each time a
    copy of its top level and traces, which plotly's JSON writer edits)."""
    if not isinstance(figure, BaseFigure) or isinstance(figure, _FrozenFigure):
        return figure
    return _memo(figure, "", lambda: _FrozenFigure.of(figure.to_dict()))


_SHOWN: dict[int, tuple[Any, str, Any]] = {}   # id(object) → (weakref, variant, made)

_SHOWN_KEEP = 512

_SHOWN_LOCK = threading.Lock()


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
        def forget(_: Any, key: int = key) -> None:
            _SHOWN.pop(key, None)

        _SHOWN[key] = (weakref.ref(source, forget), variant, made)
        while len(_SHOWN) > _SHOWN_KEEP:
            try:
                _SHOWN.pop(next(iter(_SHOWN)), None)
            except (RuntimeError, StopIteration):   # changed meanwhile by a callback
                break
    return made

