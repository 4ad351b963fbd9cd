"""The citizen pulse: one question per period, answered with one tap at the kiosk, kept anonymous.

Storage is a small SQLite file (Python's sqlite3; DuckDB stays the read-only published store),
$UMEA_PULSE_DB or data/pulse/pulse.sqlite. The kiosk servers (several replicas behind a load
balancer) write it while they serve, so: WAL journal, ``synchronous=FULL`` and a commit per
answer (an answer acknowledged on screen survives a crash or power cut), ``busy_timeout`` so
concurrent taps wait instead of failing.

What is stored is a **count** per (question, district, answer, day): no row per person, no time of
day, no session, device or address; not even the order of answers survives. Results are shown
per district only from ``K_MIN`` = 5 answers up.

Abuse limits live in the same file, so every replica and every new connection sees them (a
limit in one process's memory reset with every new websocket, and one script could store
~43,000 answers a day for one district while every visitor saw "busy"). The rule, also in the
kiosk's privacy sentence and the README:

- **Device token.** A kiosk browser gets a random token from the server, kept in a cookie
  (``DEVICE_COOKIE``), signed with the store's secret salt; a forged, missing or unsigned token
  counts as the one shared device ``unverified``. New tokens are handed out at most
  ``Limits.tokens_per_hour`` times an hour, so a script cannot mint fresh devices.
- **Counted, per minute**: answers per device, per district, per (device, district) pair and in
  total, in table ``answer_rate`` as (minute, scope, n). A device appears only as a salted hash
  of its token (a district pair as a salted hash of both); rows are deleted after a day. No
  answer value, question, session or address is ever part of it.
- **Dropped** (the kiosk says "many answers right now"): a device over ``device_per_minute`` or
  ``device_per_day``; a district over ``district_per_minute`` or ``district_per_day``; the same
  device answering for the same district more than ``pair_per_hour`` times (an identical
  stream); an answer tapped less than ``min_seconds`` after the question was shown (faster than
  anyone reads it). Over ``all_per_minute`` in total, load is shed from the heavy sources
  only: an answer still counts when its device has not answered this minute and its district is
  light (under ``light_district``), up to the hard ceiling ``all_hard_per_minute``; so one
  busy script never turns every real visitor away.
- One answer per question per kiosk session (``SessionPulse``; the session ends at the idle
  reset, the next visitor starts a new one).

``pulse_observations`` turns the counts into the dashboard's observation format (indicator
``citizen_pulse_<question>``, quality ``citizen_pulse``): the share of positive answers per
district and year.

The package, by concern: `questions` (the question file and its periods), `answers` (the
SQLite store of counts), `limits` (the abuse limits and `submit`), `results` (per-district
results and the observations the ingest publishes). Callers use the names re-exported here.
"""

from indicators.data.pulse.answers import (
    BUSY_TIMEOUT_MS,
    DEFAULT_DB,
    SCHEMA,
    answer_counts,
    counts_total,
    open_store,
    pulse_path,
    rate_rows,
    record_answer,
)
from indicators.data.pulse.limits import (
    DEVICE_COOKIE,
    LIMITS,
    RATE_KEEP_MINUTES,
    UNVERIFIED,
    Limits,
    SessionPulse,
    current_limits,
    device_key,
    is_token_shaped,
    issue_device_token,
    submit,
)
from indicators.data.pulse.questions import (
    QUESTIONS_FILE,
    TIME_ZONE,
    Answer,
    PulseError,
    Question,
    current_question,
    load_questions,
    local_today,
    open_question,
)
from indicators.data.pulse.results import (
    K_MIN,
    QUALITY,
    SOURCE_ID,
    district_result,
    district_results,
    pulse_observations,
)

__all__ = [
    "BUSY_TIMEOUT_MS", "DEFAULT_DB", "DEVICE_COOKIE", "K_MIN", "LIMITS", "QUALITY",
    "QUESTIONS_FILE", "RATE_KEEP_MINUTES", "SCHEMA", "SOURCE_ID", "TIME_ZONE", "UNVERIFIED",
    "Answer", "Limits", "PulseError", "Question", "SessionPulse", "answer_counts",
    "counts_total", "current_limits", "current_question", "device_key", "district_result",
    "district_results", "is_token_shaped", "issue_device_token", "load_questions",
    "local_today", "open_question", "open_store", "pulse_path", "pulse_observations",
    "rate_rows", "record_answer", "submit",
]
