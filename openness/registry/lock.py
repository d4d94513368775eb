"""A lock file next to a registry entry, so two writers never interleave a read-modify-write.

`fcntl.flock` rather than an O_EXCL lock file with a stale timeout: the kernel releases a flock when
its holder dies (even by SIGKILL), so a crashed pull can never block the registry or be mistaken
for a live one, and no process ever has to guess whether to break someone else's lock.

The lock file is removed on release. To stay correct with that, a holder checks after locking that
the file it locked is still the one at the path (a waiter may have opened it just before it was
unlinked); otherwise it starts again. Needs a POSIX system (fcntl).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from openness.errors import EXIT_NO_VERDICT, OpennessError

WAIT_SECONDS = 30.0


class LockBusy(OpennessError):
    """Another writer held the entry for longer than we were willing to wait (exit 3: nothing written)."""

    exit_code = EXIT_NO_VERDICT


def lock_path_for(path: Path) -> Path:
    # Hidden, and not ending in .yaml, so the registry loader never mistakes it for an entry.
    return path.with_name(f".{path.name}.lock")


def _try_lock(lock: Path) -> int | None:
    """An fd holding the flock on the file currently at `lock`, or None if someone else holds it."""
    fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    try:
        same = os.fstat(fd).st_ino == os.stat(lock).st_ino
    except FileNotFoundError:
        same = False
    if not same:  # the holder before us unlinked it after we opened it: lock the new one instead
        os.close(fd)
        return None
    return fd


@contextmanager
def entry_lock(path: Path, wait: float = WAIT_SECONDS) -> Iterator[Path]:
    """Hold the lock of the entry at `path` for the duration of the block; wait up to `wait` seconds."""
    lock = lock_path_for(path)
    deadline = time.monotonic() + wait
    delay = 0.005
    while (fd := _try_lock(lock)) is None:
        if time.monotonic() >= deadline:
            raise LockBusy(f"{path.name} is being written by another openness process; try again later")
        time.sleep(delay)
        delay = min(delay * 2, 0.1)
    try:
        yield lock
    finally:
        try:
            os.unlink(lock)
        finally:
            os.close(fd)
