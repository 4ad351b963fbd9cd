"""The abuse limits, kept in the answer store so every replica shares them: device tokens,
counts per minute, and `submit`, which applies the limits and stores an answer in one
transaction (the rule is in the package docstring)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import re
import secrets
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from indicators.data.pulse.answers import add_answer, check_answer, connect, ready
from indicators.data.pulse.questions import PulseError, Question

log = logging.getLogger(__name__)
DEVICE_COOKIE = "umea_kiosk_device"
UNVERIFIED = "unverified"      # the one device of every request without a valid token
RATE_KEEP_MINUTES = 24 * 60    # rate rows older than a day are deleted

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$")


@dataclass(frozen=True)
class Limits:
    """The abuse limits (see the module docstring for the rule). Per minute means per calendar
    minute of Unix time, shared by every replica through the store."""

    device_per_minute: int = 3
    device_per_day: int = 300         # a busy kiosk: one visitor every three minutes, 15 hours
    district_per_minute: int = 6
    district_per_day: int = 400
    pair_per_hour: int = 20           # one device, one district: more looks like a script
    all_per_minute: int = 30          # then only light sources are served …
    all_hard_per_minute: int = 60     # … up to this ceiling
    light_district: int = 2           # a district with fewer answers this minute is light
    min_seconds: float = 2.0          # nobody reads the question and taps faster than this
    tokens_per_hour: int = 6          # new kiosk devices a store accepts in an hour


LIMITS = Limits()


def current_limits() -> Limits:
    """LIMITS, with the reading time from $UMEA_PULSE_MIN_SECONDS when set (browser tests tap
    at machine speed; an operator may tune it)."""
    value = os.environ.get("UMEA_PULSE_MIN_SECONDS")
    if not value:
        return LIMITS
    try:
        seconds = float(value)
    except ValueError:
        log.warning("UMEA_PULSE_MIN_SECONDS=%r is not a number; using %s", value,
                    LIMITS.min_seconds)
        return LIMITS
    return replace(LIMITS, min_seconds=max(0.0, seconds))


def _salt(connection: sqlite3.Connection) -> bytes:
    row = connection.execute("select salt from store_secret where id = 1").fetchone()
    if row is None:  # a store made before the limits: add its secret once
        connection.execute("insert or ignore into store_secret (id, salt) values (1, ?)",
                           (secrets.token_bytes(32),))
        row = connection.execute("select salt from store_secret where id = 1").fetchone()
    return bytes(row[0])


def _mac(salt: bytes, purpose: str, text: str, size: int = 16) -> bytes:
    return hmac.new(salt, f"{purpose}\x00{text}".encode(), hashlib.sha256).digest()[:size]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _device_key(salt: bytes, token: str | None) -> str:
    """The salted hash that stands for a device in the rate table; UNVERIFIED for a missing,
    malformed or forged token (its signature is checked in constant time)."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return UNVERIFIED
    nonce, signature = token.split(".")
    if not hmac.compare_digest(signature, _b64(_mac(salt, "token", nonce))):
        return UNVERIFIED
    return "device:" + _mac(salt, "device", nonce).hex()


def is_token_shaped(token: object) -> bool:
    """Whether `token` has the form of a device token (base64url nonce . signature)."""
    return isinstance(token, str) and bool(_TOKEN.match(token))


def device_key(path: Path | str, token: str | None) -> str:
    """The rate-table name of the device holding `token` (UNVERIFIED unless the token was
    issued by this store). Reading never creates the store."""
    path = Path(path)
    if not path.exists() or token is None:
        return UNVERIFIED
    try:
        with closing(connect(path)) as connection:
            return _device_key(_salt(connection), token)
    except (OSError, sqlite3.Error):
        log.exception("pulse store unreadable: device counts as unverified")
        return UNVERIFIED


def issue_device_token(path: Path | str, now: float, limits: Limits | None = None) -> str | None:
    """A new signed device token for a kiosk browser, or None when `tokens_per_hour` new
    devices were already accepted in the last hour (so a script cannot mint devices)."""
    limits = limits or LIMITS
    try:
        return _issue(Path(path), int(now // 60), limits)
    except (OSError, sqlite3.Error):  # the answer itself will say "error"; no token meanwhile
        log.exception("pulse store unwritable: no device token issued")
        return None


def _issue(path: Path, minute: int, limits: Limits) -> str | None:
    with closing(connect(ready(path))) as connection:
        connection.execute("begin immediate")
        try:
            issued = connection.execute(
                "select coalesce(sum(n), 0) from answer_rate where scope = 'tokens' "
                "and minute > ?", (minute - 60,)).fetchone()[0]
            if issued >= limits.tokens_per_hour:
                connection.execute("rollback")
                return None
            _count(connection, minute, ["tokens"])
            nonce = _b64(secrets.token_bytes(16))
            token = f"{nonce}.{_b64(_mac(_salt(connection), 'token', nonce))}"
            connection.execute("commit")
        except BaseException:
            if connection.in_transaction:
                connection.execute("rollback")
            raise
    return token


def _count(connection: sqlite3.Connection, minute: int, scopes: Iterable[str]) -> None:
    for scope in scopes:
        connection.execute(
            "insert into answer_rate (minute, scope, n) values (?, ?, 1) "
            "on conflict (minute, scope) do update set n = n + 1", (minute, scope))


def _sum(connection: sqlite3.Connection, scope: str, minute: int, minutes: int) -> int:
    return int(connection.execute(
        "select coalesce(sum(n), 0) from answer_rate where scope = ? and minute > ? "
        "and minute <= ?", (scope, minute - minutes, minute)).fetchone()[0])


def _refusal(connection: sqlite3.Connection, minute: int, device: str, district: str,
             pair: str, limits: Limits) -> str | None:
    """Why this answer is dropped (a word for the log), or None when it may be stored."""
    device_now = _sum(connection, device, minute, 1)
    district_now = _sum(connection, district, minute, 1)
    checks = (
        ("device_minute", device_now, limits.device_per_minute),
        ("district_minute", district_now, limits.district_per_minute),
        ("repeated_district", _sum(connection, pair, minute, 60), limits.pair_per_hour),
        ("device_day", _sum(connection, device, minute, RATE_KEEP_MINUTES),
         limits.device_per_day),
        ("district_day", _sum(connection, district, minute, RATE_KEEP_MINUTES),
         limits.district_per_day),
    )
    for reason, count, limit in checks:
        if count >= limit:
            return reason
    total = _sum(connection, "all", minute, 1)
    if total >= limits.all_hard_per_minute:
        return "all_hard"
    if total >= limits.all_per_minute and (device_now > 0
                                           or district_now >= limits.light_district):
        return "all_heavy_source"   # shed the heavy sources; light ones are still served
    return None


@dataclass
class SessionPulse:
    """What one kiosk session has answered (kept in its session state, never stored)."""

    answered: set[str] = field(default_factory=set)

    def may_answer(self, question_id: str) -> bool:
        return question_id not in self.answered


def submit(path: Path | str, question: Question, district_code: str, answer: int, day: date,
           now: float, session: SessionPulse, *, device_token: str | None = None,
           shown_at: float | None = None, limits: Limits | None = None) -> str:
    """Apply the limits, then store, in one transaction (so replicas cannot both pass a limit).
    `now` and `shown_at` are Unix seconds (when the tap arrived, when this session first showed
    the question). Returns "stored", "already_answered", "busy" (dropped by a limit; the reason
    goes to the log) or "error" (the store could not be written; details in the log)."""
    limits = limits or current_limits()
    if not session.may_answer(question.id):
        return "already_answered"
    if shown_at is not None and now - shown_at < limits.min_seconds:
        log.info("pulse answer dropped: too_fast")
        return "busy"
    minute = int(now // 60)
    try:
        check_answer(question, district_code, answer)
        with closing(connect(ready(path))) as connection:
            connection.execute("begin immediate")
            try:
                salt = _salt(connection)
                device = _device_key(salt, device_token)
                district = f"district:{district_code}"
                pair = "pair:" + _mac(salt, "pair", f"{device}\x00{district_code}").hex()
                connection.execute("delete from answer_rate where minute <= ?",
                                   (minute - RATE_KEEP_MINUTES,))
                reason = _refusal(connection, minute, device, district, pair, limits)
                if reason is None:
                    add_answer(connection, question, district_code, answer, day)
                    _count(connection, minute, ("all", device, district, pair))
                connection.execute("commit")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("rollback")
                raise
    except (OSError, sqlite3.Error, PulseError):
        log.exception("pulse answer not stored")
        return "error"
    if reason is not None:
        log.info("pulse answer dropped: %s", reason)
        return "busy"
    session.answered.add(question.id)
    return "stored"

