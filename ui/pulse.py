"""The kiosk's device token (the citizen pulse's abuse limits; see indicators/data/pulse.py)
and the pulse's answers from a kiosk screen."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from typing import Any

import streamlit as st

from indicators.data import pulse

log = logging.getLogger(__name__)

# --- the kiosk's device token (the citizen pulse's abuse limits; see indicators/data/pulse.py) ---

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
