"""Ingest with other processes around: readers while publishing, two ingests at once, kill -9.

Child processes are small Python scripts run with the project's interpreter. A child pauses
inside the publish step by wrapping `os.replace` in the child only (no hook in production
code): when the replace targets the watched path it writes a `ready` file and waits for a
`go` file (at most 30 s). Every loop here is bounded by count and time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indicators import ingest
from indicators.data.store import Store, check_published, last_known_good

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
TIMEOUT = 60

PAUSED_INGEST = """
import os, sys, time
from pathlib import Path
watched, ready, go = (Path(p).resolve() for p in sys.argv[1:4])
real_replace = os.replace

def paused_replace(source, target):
    if Path(target).resolve() == watched:
        ready.write_text(str(source))
        deadline = time.monotonic() + 30
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
    return real_replace(source, target)

os.replace = paused_replace
from indicators.ingest import main
sys.exit(main(sys.argv[4:]))
"""

READER = """
import json, sys, time
from pathlib import Path
from indicators.data.store import Store
db, ready, stop = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
store = Store(db)
seen, errors, reads = [], [], 0
deadline = time.monotonic() + 45
stopping_at = None
while reads < 100_000 and time.monotonic() < deadline:
    try:
        version = store.dataset()["version"]
        rows = int(store.query("select count(*) as n from observation")["n"][0])
        store.observations("turnout_riksdag", level="district")
        if not seen or seen[-1][0] != version:
            seen.append((version, rows))
    except Exception as error:
        errors.append(f"{type(error).__name__}: {error}")
    reads += 1
    if reads == 1:
        ready.write_text("reading")
    if stopping_at is None and stop.exists():
        stopping_at = reads
    if stopping_at is not None and reads >= stopping_at + 5:
        break
print(json.dumps({"seen": seen, "errors": errors, "reads": reads}))
"""


@pytest.fixture
def db(fixture_db, tmp_path) -> Path:
    target = tmp_path / "umea.duckdb"
    shutil.copy2(fixture_db, target)
    return target


def python(script: str, *args: object) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(path: Path, process: subprocess.Popen, seconds: float = TIMEOUT) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(f"child exited early: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"timed out waiting for {path.name}")
        time.sleep(0.02)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def row_counts(path: Path) -> dict[str, int]:
    store = Store(path)
    return {t: len(store.table(t)) for t in ("observation", "area", "indicator")}


def test_readers_see_old_then_new_with_zero_errors(db, tmp_path):
    old = Store(db).dataset()["version"]
    ready, stop = tmp_path / "ready", tmp_path / "stop"
    reader = python(READER, db, ready, stop)
    try:
        wait_for(ready, reader)
        first = ingest.ingest([FIXTURES / "obs_missing_district.csv"], db)
        time.sleep(0.3)
        second = ingest.ingest([FIXTURES / "obs_utf8.csv"], db)
        time.sleep(0.3)
        stop.write_text("stop")
        out, err = reader.communicate(timeout=TIMEOUT)
    finally:
        reader.kill()
    assert first.published and second.published
    result = json.loads(out)
    assert result["errors"] == [], err
    versions = [version for version, _ in result["seen"]]
    expected = [old, first.content_hash[:12], second.content_hash[:12]]
    assert versions[0] == old and versions[-1] == expected[-1]
    assert versions == [v for v in expected if v in versions]      # in order, nothing else
    rows = [count for _, count in result["seen"]]
    assert rows == sorted(rows)


def test_two_ingests_at_once_one_publishes_the_other_is_busy(db, tmp_path):
    original = digest(db)
    ready, go = tmp_path / "ready", tmp_path / "go"
    first = python(PAUSED_INGEST, db, ready, go, FIXTURES / "obs_utf8.csv", "--db", db)
    try:
        wait_for(ready, first)                     # the first holds the lock, mid-publish
        second = subprocess.run(
            [sys.executable, "-m", "indicators.ingest", str(FIXTURES / "obs_missing_district.csv"),
             "--db", str(db)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True, text=True, timeout=TIMEOUT)
        assert second.returncode == ingest.EXIT_BUSY
        assert "another ingest" in second.stderr
        assert digest(db) == original              # nothing published yet
        go.write_text("go")
        out, err = first.communicate(timeout=TIMEOUT)
    finally:
        first.kill()
    assert first.returncode == 0, err
    dataset = Store(db).dataset()
    assert "obs_utf8.csv" in dataset["note"] and "obs_missing_district" not in dataset["note"]
    assert digest(last_known_good(db)) == original  # exactly one publish replaced the original


@pytest.mark.parametrize("pause_at", ["publish", "last_known_good"])
def test_kill_9_during_an_ingest_leaves_the_published_database_untouched(db, tmp_path, pause_at):
    before_digest, before_rows = digest(db), row_counts(db)
    before_hash = Store(db).dataset()["content_hash"]
    watched = db if pause_at == "publish" else last_known_good(db)
    ready, go = tmp_path / "ready", tmp_path / "go"
    child = python(PAUSED_INGEST, watched, ready, go, FIXTURES / "obs_utf8.csv", "--db", db)
    try:
        wait_for(ready, child)
        temporary = Path(ready.read_text())
        assert temporary.exists()                  # the new file is written, not yet in place
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=TIMEOUT)
    finally:
        child.kill()
    assert child.returncode == -signal.SIGKILL
    assert digest(db) == before_digest and check_published(db) is None
    assert Store(db).dataset()["content_hash"] == before_hash
    assert row_counts(db) == before_rows
    assert temporary.exists()                      # left behind by the dead process …
    # … under a process id the system has since given to a live process (here: pid 1), as
    # happens within minutes on a busy machine: the cleanup must not trust ids
    reused = temporary.with_name(re.sub(r"\.[0-9]+\.tmp$", ".1.tmp", temporary.name))
    assert reused != temporary
    temporary = temporary.rename(reused)
    report = ingest.ingest([FIXTURES / "obs_utf8.csv"], db)
    assert report.published                        # … the lock died with it, and
    assert not temporary.exists()                  # the next ingest cleans up
    assert row_counts(db)["observation"] > before_rows["observation"]
