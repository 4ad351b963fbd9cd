"""Language and URL state: the page's language, `t`, plain text for markdown, and the
widgets whose choices live in the URL (choose, choose_many, param) with their notices."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Container, Sequence
from typing import Any, TypeVar

import streamlit as st

from indicators.text.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate

log = logging.getLogger(__name__)

T = TypeVar("T")

_NOTICES = "_url_notices"
_MOVES = "_url_moves"
_WRITTEN = "_url_written"
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


def param(name: str, allowed: Container[Any], default: T, parse: Callable[[str], Any] = str
          ) -> T:
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


def forget_choices(*names: str) -> None:
    """Start the choices `names` again from their defaults: drop this session's own choice
    (the widget's state, the URL value it wrote). A value in the URL that this session did
    not write (a link, history) is kept: it is read as usual."""
    written = _written()
    for name in names:
        raw = st.query_params.get(name)
        if raw is not None and not _own_echo(name, raw):
            continue
        st.session_state.pop(f"w_{name}", None)
        written.pop(name, None)
        if raw is not None:
            del st.query_params[name]


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
    parse: Callable[[str], Any] = str,
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
                previous = parse(raw) if raw is not None else None
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


