"""Crash-safe file writes.

A process killed at any instant leaves either the old complete file or the new complete file:
the data goes to a temporary file in the same folder, is flushed and fsynced, then renamed over
the target with ``os.replace`` (atomic on POSIX and Windows), and the folder is fsynced so that
the rename itself survives a power cut.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable


class TargetExists(FileExistsError):
    """An exclusive write found a file already there; nothing was written."""


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some platforms cannot open folders; the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# What an ordinary new file gets (rw for all, less the umask); mkstemp alone would give 0600.
# The umask can only be read by setting it, so it is read once, at import, before any thread.
_UMASK = os.umask(0o022)
os.umask(_UMASK)
NEW_FILE_MODE = 0o666 & ~_UMASK


def atomic_write(path: Path, data: bytes | Callable[[BinaryIO], None], *, exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` atomically.

    ``data`` is the bytes, or a function that writes them to the open temporary file (so that a
    large output, such as a report of thousands of sessions, never has to sit in memory whole);
    if it raises, nothing is written and the temporary file is removed.
    With ``exclusive=True`` the write fails with :class:`TargetExists` if ``path`` already exists
    (checked atomically with a hard link, so two writers cannot both win); otherwise an existing
    file is replaced and keeps its permission bits.
    """
    folder = path.parent
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if callable(data):
                data(handle)
            else:
                handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if exclusive:
            os.chmod(temp, NEW_FILE_MODE)
            try:
                os.link(temp, path)
            except FileExistsError:
                raise TargetExists(path) from None
            except OSError:
                # no hard links here (FAT/exFAT sticks, some network shares): claim the name
                # exclusively, then fill it atomically
                try:
                    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
                except FileExistsError:
                    raise TargetExists(path) from None
                os.replace(temp, path)
            else:
                temp.unlink()
        else:
            try:
                os.chmod(temp, stat.S_IMODE(path.stat().st_mode))
            except FileNotFoundError:
                os.chmod(temp, NEW_FILE_MODE)
            os.replace(temp, path)
        _fsync_dir(folder)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
