"""The kiosk's settings (from the environment) and its idle state machine, without Streamlit.

Idle reset (WCAG 2.2.1, timing adjustable): a kiosk session is a small state machine

    attract --tap--> explore --idle_seconds without a tap--> warning --warning_seconds--> attract
                        ^                                       |
                        +------------------tap------------------+

The warning lasts `warning_seconds` from the moment it is *entered* (never less, even when the
check runs late or the clock jumps), and one tap returns to explore. The clock is injected
(`now`, seconds, monotonic), so tests need no sleeping.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

log = logging.getLogger(__name__)

# --- settings ----------------------------------------------------------------------------------

DEFAULT_IDLE_SECONDS = 90.0
DEFAULT_WARNING_SECONDS = 30.0
DEFAULT_SLIDE_SECONDS = 8.0
MIN_WARNING_SECONDS = 20.0     # WCAG 2.2.1: at least 20 s to extend with one simple action
MIN_IDLE_SECONDS = 10.0
MIN_SLIDE_SECONDS = 3.0
TEST_MIN_SECONDS = 1.0         # the floor of every setting when UMEA_KIOSK_TEST=1


@dataclass(frozen=True)
class Screen:
    """The kiosk's screen in CSS pixels (UMEA_KIOSK_SCREEN=WIDTHxHEIGHT, default 1920x1080).

    A kiosk is one fixed screen, so it states its size: Streamlit tells the server nothing about
    the browser's viewport (its per-run context carries time zone, locale, URL and colour scheme
    only) and the app renders no HTML or scripts of its own that could measure it. The layout
    below turns the size into figure heights, so every slide fills the screen."""

    width: int = 1920
    height: int = 1080

    @property
    def portrait(self) -> bool:
        return self.height > self.width


MIN_SCREEN, MAX_SCREEN = 480, 8192
_SCREEN = re.compile(r"^\s*(\d{3,5})\s*[x×]\s*(\d{3,5})\s*$")


def parse_screen(raw: str | None) -> Screen | None:
    """"1080x1920" → Screen(1080, 1920); None when unset, malformed or outside 480–8192 px."""
    match = _SCREEN.match(raw or "")
    if match is None:
        return None
    width, height = int(match[1]), int(match[2])
    if not (MIN_SCREEN <= width <= MAX_SCREEN and MIN_SCREEN <= height <= MAX_SCREEN):
        return None
    return Screen(width, height)


@dataclass(frozen=True)
class Settings:
    idle_seconds: float = DEFAULT_IDLE_SECONDS
    warning_seconds: float = DEFAULT_WARNING_SECONDS
    slide_seconds: float = DEFAULT_SLIDE_SECONDS
    test_mode: bool = False
    screen: Screen = Screen()


def _seconds(env: Mapping[str, str], name: str, default: float, floor: float) -> float:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        log.warning("%s=%r is not a number; using %s", name, raw, default)
        return default
    if not math.isfinite(value):
        log.warning("%s=%r is not finite; using %s", name, raw, default)
        return default
    if value < floor:
        log.warning("%s=%s is below the minimum %s; using the minimum", name, value, floor)
        return floor
    return value


def settings_from_env(env: Mapping[str, str]) -> Settings:
    """UMEA_KIOSK_IDLE_SECONDS (default 90, at least 10), UMEA_KIOSK_WARNING_SECONDS (default 30,
    at least 20: WCAG 2.2.1) and UMEA_KIOSK_SLIDE_SECONDS (default 8, at least 3). Only with
    UMEA_KIOSK_TEST=1 (browser tests) may any of them go down to 1 s. Bad values fall back to
    the default, values under the minimum to the minimum; both are logged. UMEA_KIOSK_SCREEN
    (WIDTHxHEIGHT in CSS pixels, default 1920x1080) is the screen the layout fills."""
    test = env.get("UMEA_KIOSK_TEST", "").strip() == "1"
    screen = parse_screen(env.get("UMEA_KIOSK_SCREEN"))
    if screen is None:
        if env.get("UMEA_KIOSK_SCREEN", "").strip():
            log.warning("UMEA_KIOSK_SCREEN=%r is not WIDTHxHEIGHT (480-8192 px); using %sx%s",
                        env["UMEA_KIOSK_SCREEN"], Screen().width, Screen().height)
        screen = Screen()

    def floor(production: float) -> float:
        return TEST_MIN_SECONDS if test else production

    return Settings(
        idle_seconds=_seconds(env, "UMEA_KIOSK_IDLE_SECONDS", DEFAULT_IDLE_SECONDS,
                              floor(MIN_IDLE_SECONDS)),
        warning_seconds=_seconds(env, "UMEA_KIOSK_WARNING_SECONDS", DEFAULT_WARNING_SECONDS,
                                 floor(MIN_WARNING_SECONDS)),
        slide_seconds=_seconds(env, "UMEA_KIOSK_SLIDE_SECONDS", DEFAULT_SLIDE_SECONDS,
                               floor(MIN_SLIDE_SECONDS)),
        test_mode=test,
        screen=screen,
    )


# --- the idle state machine --------------------------------------------------------------------

ATTRACT, EXPLORE, WARNING = "attract", "explore", "warning"


@dataclass(frozen=True)
class State:
    phase: str = ATTRACT
    last_interaction: float | None = None
    warning_since: float | None = None


def tap(state: State, now: float) -> State:
    """Any interaction: the attract loop and the warning both give way to explore."""
    return State(EXPLORE, last_interaction=now)


def reset() -> State:
    return State()


def tick(state: State, now: float, settings: Settings) -> State:
    """The passing of time: explore → warning after `idle_seconds` without a tap, warning →
    attract `warning_seconds` after the warning appeared. Attract stays attract."""
    if state.phase == EXPLORE:
        last = state.last_interaction if state.last_interaction is not None else now
        if now - last >= settings.idle_seconds:
            return replace(state, phase=WARNING, warning_since=now)
        return state
    if state.phase == WARNING:
        since = state.warning_since if state.warning_since is not None else now
        if now - since >= settings.warning_seconds:
            return reset()
        return replace(state, warning_since=since)
    return state


def seconds_left(state: State, now: float, settings: Settings) -> int:
    """Whole seconds until the reset while warning (rounded up), else 0."""
    if state.phase != WARNING or state.warning_since is None:
        return 0
    return max(0, math.ceil(settings.warning_seconds - (now - state.warning_since)))


def check_interval(state: State, settings: Settings) -> float:
    """How often the page should look at the clock: every second while warning (a countdown),
    in explore often enough to warn within a tenth of the idle time (1–5 s)."""
    if state.phase == WARNING:
        return 1.0
    return min(5.0, max(1.0, settings.idle_seconds / 10))
