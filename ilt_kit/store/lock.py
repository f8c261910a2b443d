"""The advisory lock of a session file, held for each check-and-replace of it.

Every writer of a session file - the running session's autosave, review's "mark done" - takes an
exclusive ``fcntl.flock`` on a lock file beside it (``.NAME.lock``) for the time between looking
at the file and replacing it, so that no save can land between the two steps. The lock file stays
(removing it would let two writers lock two different files); it holds nothing. Where ``fcntl``
does not exist (Windows) the lock is a no-op and the check-then-replace keeps its small window.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold the lock of session file ``path`` (blocking until the other holder lets go)."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    from ilt_kit.store.atomic import open_regular

    fd = open_regular(lock_path(path), os.O_RDWR | os.O_CREAT)  # never through a planted link
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing lets go of the lock


def try_hold(fd: int) -> bool:
    """Take an exclusive lock on an open file without waiting; False if another process holds it."""
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
