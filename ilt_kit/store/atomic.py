"""Crash-safe file writes.

A process killed at any instant leaves either the old complete file or the new complete file:
the data goes to a temporary file in the same folder, is flushed and fsynced, then renamed over
the target with ``os.replace`` (atomic on POSIX and Windows), and the folder is fsynced so that
the rename itself survives a power cut.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

from ilt_kit.diagnostics.toml import file_kind


class TargetExists(FileExistsError):
    """An exclusive write found a file already there; nothing was written."""


class NotRegularFile(OSError):
    """A file ilt-kit would write or open is a link, a FIFO, a device or a folder: refused."""

    def __init__(self, path: Path, mode: int, what: str = "") -> None:
        super().__init__(errno.EINVAL, f"not a regular file but {what or file_kind(mode)}; refused", str(path))

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def open_regular(path: Path, flags: int) -> int:
    """``os.open`` for a file ilt-kit keeps beside a session (journal, lock): never through a
    symbolic link (``O_NOFOLLOW``), never blocking on a FIFO, and only a regular file
    (:class:`NotRegularFile` otherwise). A new file gets :data:`NEW_FILE_MODE`."""
    try:
        fd = os.open(path, flags | _NOFOLLOW | _NONBLOCK | getattr(os, "O_CLOEXEC", 0), NEW_FILE_MODE)
    except OSError as error:
        if error.errno == errno.ELOOP or (error.errno == errno.EMLINK and _NOFOLLOW):  # BSDs say EMLINK
            raise NotRegularFile(path, stat.S_IFLNK) from None
        if error.errno == errno.ENXIO:  # a FIFO opened for writing that nothing reads
            raise NotRegularFile(path, stat.S_IFIFO) from None
        raise
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotRegularFile(path, mode)
    if _NONBLOCK:
        os.set_blocking(fd, True)
    return fd


def write_target(path: Path, *, through_link: bool = False) -> Path:
    """The file a write of ``path`` replaces: ``path`` itself if it is a regular file or absent;
    with ``through_link`` the target of a symbolic link to a regular file (the shared file is
    updated, the link kept). Anything else - a link (without ``through_link``), a FIFO, a
    device, a folder - is refused with :class:`NotRegularFile`."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return path
    if stat.S_ISREG(info.st_mode):
        return path
    if stat.S_ISLNK(info.st_mode) and through_link:
        try:
            target = Path(os.path.realpath(path, strict=True))
            mode = os.stat(target).st_mode
        except (OSError, RuntimeError):
            raise NotRegularFile(path, info.st_mode, "a symbolic link that leads to no file") from None
        if stat.S_ISREG(mode):
            return target
        raise NotRegularFile(path, mode, f"a symbolic link to {file_kind(mode)}")
    raise NotRegularFile(path, info.st_mode)


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


def atomic_write(
    path: Path, data: bytes | Callable[[BinaryIO], None], *, exclusive: bool = False, mode: int | None = None
) -> None:
    """Write ``data`` to ``path`` atomically.

    ``data`` is the bytes, or a function that writes them to the open temporary file (so that a
    large output, such as a report of thousands of sessions, never has to sit in memory whole);
    if it raises, nothing is written and the temporary file is removed.
    With ``exclusive=True`` the write fails with :class:`TargetExists` if ``path`` already exists
    (checked atomically with a hard link, so two writers cannot both win); otherwise an existing
    regular file is replaced and keeps its permission bits, and anything else there (a symbolic
    link, a FIFO, a device) is refused with :class:`NotRegularFile` (see :func:`write_target`).
    ``mode``: the file's permission bits whatever they were (a file only its owner may read).
    """
    if not exclusive:
        path = write_target(path)
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
        if mode is not None:
            os.chmod(temp, mode)
        if exclusive:
            if mode is None:
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
            if mode is None:
                try:
                    os.chmod(temp, stat.S_IMODE(path.stat().st_mode))
                except FileNotFoundError:
                    os.chmod(temp, NEW_FILE_MODE)
            os.replace(temp, path)
        _fsync_dir(folder)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
