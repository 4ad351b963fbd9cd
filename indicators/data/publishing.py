"""Publishing files safely: the publish lock, temporaries, the last known good copy, the swap.

Every writer of a published database (the build command, the app's first-start build, an
ingest, the citizen-pulse publish) follows the same file-level rules; they live here, in one
place. Writing the database itself is `store.publish` (the only DuckDB module); it names its
new file with `new_temporary`, and ends with `replace_atomically` or `discard_temporary`. This
module touches files only: no DuckDB, nothing above `indicators.data`.

Decisions:

- **One writer at a time.** `publish_lock(db)` takes an exclusive `flock` on `<db>.lock` for
  the whole write. A second writer gets `PublishBusy` at once (or, with `wait=True`, blocks:
  the app's first start waits for another replica's build). The kernel releases the lock when
  its holder dies, even by kill -9, so a crash never leaves the database locked; no lock file
  is ever deleted or trusted by its content.
- **Temporaries are named, and cleaned only under the lock.** A new database is written to
  `.<db>.<pid>.tmp` (DuckDB may add `.wal`), the last known good copy to `.<db>.lkg.<pid>.tmp`.
  `remove_stale_temporaries` deletes every such file, but only while this process holds the
  lock: then no other writer exists, so any such file is a leftover of a writer that died,
  whatever its process id (ids are reused within minutes, so no liveness guess is made). The
  names and the pattern that cleans them are defined side by side here.
- **Last known good.** Before a publish replaces a healthy live file, `keep_last_known_good`
  copies it to `<db>.lkg` (temporary copy, fsync, atomic replace), so a later corrupt file can
  be served from the copy (`store.open_published`) and the next ingest can build on it. The
  caller checks the live file first (`store.check_published`): a damaged file must never
  become the last known good copy.
- **All or nothing.** The new file is complete and checked before `replace_atomically` moves
  it over the live one with `os.replace` (readers keep their open old file) and fsyncs the
  folder so the rename survives a power cut. On any failure the temporary is discarded and the
  live file is untouched.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


class PublishError(RuntimeError):
    """Publishing could not run or failed; the published database is unchanged."""


class PublishBusy(PublishError):
    """Another writer holds the publish lock on this database."""


# --- the publish lock ------------------------------------------------------------------------

_HELD: set[Path] = set()   # databases whose publish lock this process holds now


def lock_path(db: Path) -> Path:
    return db.with_name(f"{db.name}.lock")


@contextlib.contextmanager
def publish_lock(db: Path | str, *, wait: bool = False) -> Iterator[None]:
    """An exclusive lock on `<db>.lock` for the whole write; `PublishBusy` when another writer
    holds it (or, with `wait`, block until it is free). The kernel releases it when the holder
    dies (even by kill -9). Every writer of the database's temporaries holds it: ingest,
    publish_pulse, the build command and the app's first-start build."""
    db = Path(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(lock_path(db), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(descriptor)
        raise PublishBusy(f"another ingest into {db.name} is running; try again when it has "
                          "finished (nothing was changed)") from None
    held = db.resolve()
    try:
        _HELD.add(held)
        yield
    finally:
        _HELD.discard(held)
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        os.close(descriptor)


# The names the build, the app's first start, the import page and the tests have always used.
IngestBusy = PublishBusy
ingest_lock = publish_lock


# --- temporaries -----------------------------------------------------------------------------

_TEMPORARY = re.compile(r"^(lkg\.)?[0-9]+\.tmp(\.wal)?$")   # after the prefix `.<db>.`


def new_temporary(path: Path) -> Path:
    """`.<path>.<pid>.tmp` next to `path`, its folder created and any file of that name gone."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    return temporary


def discard_temporary(temporary: Path) -> None:
    """Remove a temporary database and the write-ahead log DuckDB may have left beside it."""
    temporary.unlink(missing_ok=True)
    Path(f"{temporary}.wal").unlink(missing_ok=True)


def replace_atomically(temporary: Path, path: Path) -> None:
    """Move the finished `temporary` over `path` (atomic) and fsync the folder."""
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def write_text_atomically(path: Path, text: str) -> None:
    """`text` into `path` through a uniquely named temporary beside it, moved into place with
    `replace_atomically`: a reader (another replica, a browser) sees the old file or the whole
    new one, never half. For small files the app writes (the map's geometry); databases go
    through `new_temporary` and the publish lock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".tmp-{path.name}.")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        temporary.chmod(0o644)
        replace_atomically(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def keep_newest(directory: Path, pattern: str, keep: int) -> list[Path]:
    """Remove all but the `keep` most recently modified files in `directory` whose names match
    `pattern` (a glob); returns what was removed. For the files the app writes for browsers
    (the map's geometry, one per content): the newest few stay, so a page loaded before a
    publish, or a replica not yet on the new dataset, still finds its file. A file another
    process removed first is not an error; a missing directory holds nothing to remove."""
    if not directory.is_dir():
        return []
    found = []
    for path in directory.glob(pattern):
        try:
            found.append((path.stat().st_mtime_ns, path))
        except FileNotFoundError:
            continue
    removed = []
    for _, path in sorted(found, reverse=True)[keep:]:
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def remove_stale_temporaries(db: Path | str) -> list[Path]:
    """Delete every `.<db>.<pid>.tmp` file (and its `.wal`) and `.<db>.lkg.<pid>.tmp` copy.

    Only under `publish_lock`: every writer of these files holds that lock, so when this process
    holds it, any such file is a leftover of a writer that died (kill -9, power cut) — whatever
    its process id, which the system may since have given to another process. No liveness
    guess is made. Returns what was removed; raises RuntimeError without the lock."""
    db = Path(db)
    if db.resolve() not in _HELD:
        raise RuntimeError("remove_stale_temporaries needs the ingest lock on " + db.name)
    prefix = f".{db.name}."
    removed: list[Path] = []
    if not db.parent.is_dir():
        return removed
    for candidate in db.parent.iterdir():
        name = candidate.name
        if name.startswith(prefix) and _TEMPORARY.match(name[len(prefix):]):
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


# --- last known good -------------------------------------------------------------------------

def last_known_good(path: Path | str) -> Path:
    """Where a publish keeps the previous published file: `<path>.lkg`."""
    path = Path(path)
    return path.with_name(f"{path.name}.lkg")


def keep_last_known_good(db: Path) -> Path:
    """Copy the live file to `<db>.lkg` (temporary copy, fsync, atomic replace). The caller has
    checked that the live file is healthy."""
    backup = last_known_good(db)
    temporary = db.with_name(f".{db.name}.lkg.{os.getpid()}.tmp")
    try:
        shutil.copy2(db, temporary)
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, backup)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return backup
