"""Disk full or read-only: a failing save is never taken for a saved one.

The writer keeps the state "the file is behind" (``BackgroundSaver.problem``) from the first
failure until a write succeeds, tries again meanwhile, and loses nothing once the disk has room.
Where this runs as root and may mount, a real small tmpfs is filled up and a read-only view of a
folder is mounted; the failure is also injected at the write call, which runs everywhere.
"""

from __future__ import annotations

import errno
import os
import subprocess
import time
from pathlib import Path

import pytest

from ilt_kit.store import files
from ilt_kit.store.files import BackgroundSaver, SessionFile, load_record
from tests.forked import run_ilt


def _mount(*args: str) -> bool:
    if os.name != "posix" or os.geteuid() != 0:
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path):  # noqa: ANN201
    """A 512 KiB tmpfs (root only; skipped where it cannot be mounted)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=512k", "tmpfs", str(disk)):
        pytest.skip("cannot mount a tmpfs here")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 512)
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def wait_saved(saver: BackgroundSaver, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while saver.unsaved and time.monotonic() < deadline:
        time.sleep(0.02)


def test_an_injected_disk_full_error_is_kept_until_a_write_works(make_session, monkeypatch) -> None:
    session, handle = make_session()
    errors: list[BaseException] = []
    saved: list[bool] = []
    saver = BackgroundSaver(handle, errors.append, record=session.record, on_saved=lambda: saved.append(True), retry=0.05)
    session.saver = saver

    def full(path, data, **kwargs):  # noqa: ANN001, ANN003
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "atomic_write", full)
    session.add_decision("while the disk is full")
    assert saver.flush()
    assert saver.unsaved and isinstance(saver.problem, OSError) and saver.problem.errno == errno.ENOSPC
    session.add_decision("still full")
    assert saver.flush() and saver.unsaved
    assert len(errors) == 1  # reported once, then shown by the state; not a toast per attempt
    assert [d.text for d in load_record(handle.path).decisions] == []
    monkeypatch.undo()  # room again: the next attempt writes everything
    wait_saved(saver)
    assert not saver.unsaved and saved == [True]
    assert [d.text for d in load_record(handle.path).decisions] == ["while the disk is full", "still full"]
    assert saver.close()


def test_a_full_tmpfs_fails_the_save_and_loses_nothing_once_there_is_room(make_session, small_disk: Path) -> None:
    session, _ = make_session()
    handle = SessionFile.create(small_disk, session.record)
    saver = BackgroundSaver(handle, record=session.record, retry=0.05)
    session.saver = saver
    filler = fill(small_disk)
    for n in range(30):
        session.add_decision(f"decision {n} " + "x" * 200)
    assert saver.flush()
    assert saver.unsaved, "a save on a full disk must not pass for a saved one"
    assert [d.text for d in load_record(handle.path).decisions] == []  # the old file is intact
    filler.unlink()
    wait_saved(saver)
    assert not saver.unsaved
    assert len(load_record(handle.path).decisions) == 30
    assert saver.close()
    assert sorted(p.name for p in small_disk.iterdir() if not p.name.startswith(".")) == [handle.path.name]


def test_resume_from_a_read_only_folder_is_refused_cleanly(make_session, tmp_path: Path) -> None:
    """A read-only folder (a read-only bind mount as root, permissions otherwise)."""
    _, handle = make_session()
    folder = handle.path.parent
    view = tmp_path / "read-only"
    view.mkdir()
    if _mount("--bind", str(folder), str(view)):
        if not _mount("-o", "remount,bind,ro", str(view)):
            subprocess.run(["umount", str(view)], capture_output=True)
            pytest.skip("cannot remount read-only here")
    elif os.name == "posix" and os.geteuid() != 0:
        view.rmdir()
        view = folder
        folder.chmod(0o555)
    else:
        pytest.skip("no way to make a read-only folder here")
    try:
        before = handle.path.read_bytes()
        result = run_ilt(["resume", str(view / handle.path.name)])  # stdin: /dev/null
        assert result.returncode == 1, result
        assert "cannot resume" in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert handle.path.read_bytes() == before
    finally:
        if view != folder:
            subprocess.run(["umount", str(view)], capture_output=True)
        else:
            folder.chmod(0o755)
