"""Accessibility problem reports from the public, appended to a JSON-lines file.

Only what the person writes, the page it concerns and the day are stored (no address, no
identifiers). Text is length-limited and stored as data; it is never rendered as HTML.
"""

from __future__ import annotations

import fcntl
import json
import os
from datetime import UTC, datetime
from pathlib import Path

MAX_CHARS = 2000


def feedback_path() -> Path:
    from indicators.data.config import DATA_DIR

    return Path(os.environ.get("UMEA_FEEDBACK") or DATA_DIR / "feedback" / "reports.jsonl")


def append_report(path: Path, page: str, text: str) -> dict[str, str]:
    """Store one report; raises ValueError for empty or over-long text."""
    text = text.strip()
    if not text:
        raise ValueError("empty report")
    if len(text) > MAX_CHARS:
        raise ValueError(f"report longer than {MAX_CHARS} characters")
    record = {"day": datetime.now(UTC).date().isoformat(), "page": page[:80], "text": text}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return record
