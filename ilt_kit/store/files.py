"""Session files: TOML text <-> :class:`SessionRecord`, names, and the autosaving file handle."""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

import tomli_w
from pydantic import ValidationError

from ilt_kit import __version__
from ilt_kit.content.errors import FileProblems
from ilt_kit.content.loader import problems_from_validation, read_toml
from ilt_kit.store.atomic import TargetExists, atomic_write
from ilt_kit.store.migrate import upgrade
from ilt_kit.store.record import LOADED, SCHEMA_VERSION, SessionRecord

HEADER = (
    "# ilt-kit session record. Saved after every change; safe to read while a session runs.\n"
    "# If you edit it by hand, run `ilt-kit check` on it afterwards.\n"
)


def record_to_data(record: SessionRecord) -> dict[str, Any]:
    """The record as plain data in reading order; defaults and absent values are left out."""
    data = record.model_dump(mode="python", exclude_none=True, exclude_defaults=True, by_alias=True)
    segments = []
    for segment in data["segments"]:
        head = {key: segment.pop(key) for key in ("id", "title", "kind")}
        segments.append(head | segment)
    data["segments"] = segments
    return data


def dumps(record: SessionRecord) -> str:
    return HEADER + tomli_w.dumps(record_to_data(record), multiline_strings=True)


def _check_version(path: Path, data: dict[str, Any], text: str) -> None:
    version = data.get("schema_version")
    if version is None:
        if "segments" in data or "title" in data:
            raise FileProblems.single(path, "not an ilt-kit session: missing 'schema_version'")
        raise FileProblems.single(path, "not an ilt-kit session file (no 'schema_version', 'title' or 'segments')")
    if isinstance(version, bool) or not isinstance(version, int):
        line = next((n for n, l in enumerate(text.splitlines(), 1) if l.startswith("schema_version")), 1)
        raise FileProblems.single(path, f"schema_version must be a whole number, not {version!r}", line)
    if version > SCHEMA_VERSION:
        line = next((n for n, l in enumerate(text.splitlines(), 1) if l.startswith("schema_version")), 1)
        raise FileProblems.single(
            path,
            f"written by a newer ilt-kit (schema_version {version}; this ilt-kit {__version__} reads up to "
            f"{SCHEMA_VERSION}); upgrade ilt-kit to open it",
            line,
        )


def validate_session_text(path: Path, text: str, data: dict[str, Any]) -> SessionRecord:
    """A session file's parsed data as a record; an older version is upgraded first (not on disk)."""
    _check_version(path, data, text)
    if data["schema_version"] < SCHEMA_VERSION:
        upgrade(data)
    try:
        return SessionRecord.model_validate(data, context=LOADED)
    except ValidationError as error:
        raise FileProblems(problems_from_validation(path, text, data, error)) from None


def load_record(path: Path) -> SessionRecord:
    """Read a session file. Raises :class:`FileProblems` naming the file (and line) if it is unusable."""
    text, data = read_toml(path)
    return validate_session_text(path, text, data)


# ------------------------------------------------------------------------------------------ names

def slugify(text: str, limit: int = 60) -> str:
    """A safe file-name part: ASCII letters, digits and single dashes; never empty, never a path."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:limit].rstrip("-")
    return slug or "session"


def session_filename(day: date, title: str, n: int = 1) -> str:
    suffix = "" if n == 1 else f"-{n}"
    return f"{day.isoformat()}-{slugify(title)}{suffix}.toml"


# ----------------------------------------------------------------------------------- file handle


@dataclass
class _Signature:
    size: int
    mtime_ns: int
    inode: int


def _signature(path: Path) -> _Signature | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return _Signature(st.st_size, st.st_mtime_ns, st.st_ino)


class ChangedOnDisk(RuntimeError):
    def __init__(self, path: Path, saved_to: Path) -> None:
        self.path = path
        self.saved_to = saved_to
        super().__init__(f"{path} was changed by someone else; this session now saves to {saved_to}")


class SessionFile:
    """The file one running session autosaves to.

    Created exclusively (an existing file is never overwritten). Before each later save it checks
    the file is still the one it wrote; if another program changed it meanwhile, that version is
    left alone and the session continues in a new file beside it (:class:`ChangedOnDisk` says so).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._last = _signature(path)

    @classmethod
    def create(cls, folder: Path, record: SessionRecord) -> SessionFile:
        folder.mkdir(parents=True, exist_ok=True)
        path = _write_new(folder, record.date, record.title, dumps(record).encode("utf-8"))
        return cls(path)

    @classmethod
    def open(cls, path: Path) -> tuple[SessionFile, SessionRecord]:
        record = load_record(path)
        return cls(path), record

    def save(self, record: SessionRecord) -> None:
        self.save_text(dumps(record), record.date, record.title)

    def save_text(self, text: str, day: date, title: str) -> None:
        """Write already-dumped text (see :class:`BackgroundSaver`)."""
        data = text.encode("utf-8")
        if _signature(self.path) != self._last:
            old = self.path
            self.path = _write_new(old.parent, day, title, data)
            self._last = _signature(self.path)
            raise ChangedOnDisk(old, self.path)
        atomic_write(self.path, data)
        self._last = _signature(self.path)


class BackgroundSaver:
    """Autosave without making the facilitator wait: the record is copied to plain data on the
    thread that changes it, then written as TOML by one writer thread.

    Writes happen in order and a burst of changes collapses into the newest one, so the file is
    always a complete record, behind the screen only for ``delay`` plus the moment it takes to
    write. A write that fails is handed to ``on_error`` (from the writer thread).

    Without ``schedule`` the copy is made at once, in the call, and the writer waits ``delay``
    before writing. With ``schedule(delay, fn)`` (an app's timer: ``fn`` must run on the thread
    that changes the record) the call only notes the record and the copy is made ``delay`` later,
    so a key's repaint never waits for it; the writer then writes at once. ``flush()`` and
    ``close()`` make any copy still due, so they must be called on that same thread.
    """

    def __init__(
        self,
        handle: SessionFile,
        on_error: Callable[[BaseException], None] | None = None,
        delay: float = 0.05,
        schedule: Callable[[float, Callable[[], None]], object] | None = None,
    ) -> None:
        self.handle = handle
        self.on_error = on_error
        self.delay = delay
        self.schedule = schedule
        self._changed: SessionRecord | None = None  # noted, not copied yet (with schedule)
        self._scheduled = False
        self._pending: tuple[dict[str, Any], date, str] | None = None
        self._lock = threading.Condition()
        self._busy = False
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="ilt-kit-saver", daemon=True)
        self._thread.start()

    def __call__(self, record: SessionRecord) -> None:
        if self.schedule is None:
            self._hand_over(record)
            return
        self._changed = record
        if not self._scheduled:
            self._scheduled = True
            self.schedule(self.delay, self.copy_due)

    def copy_due(self) -> None:
        """Copy a noted change and hand it to the writer (on the thread that changes the record)."""
        self._scheduled = False
        record, self._changed = self._changed, None
        if record is not None:
            self._hand_over(record)

    def _hand_over(self, record: SessionRecord) -> None:
        data = record_to_data(record)
        with self._lock:
            self._pending = (data, record.date, record.title)
            self._lock.notify_all()

    def _run(self) -> None:
        while True:
            with self._lock:
                while self._pending is None and not self._closed:
                    self._lock.wait()
                if self._pending is None:  # closed, and nothing left to write
                    return
                self._busy = True
            if self.delay and self.schedule is None and not self._closed:
                # let the screen repaint first (writing holds the GIL), and fold a burst of keys into one write
                time.sleep(self.delay)
            with self._lock:
                data, day, title = self._pending  # type: ignore[misc]
                self._pending = None
                self._busy = True
            try:
                self.handle.save_text(HEADER + tomli_w.dumps(data, multiline_strings=True), day, title)
            except BaseException as error:  # reported, never lost silently
                if self.on_error is not None:
                    self.on_error(error)
            finally:
                with self._lock:
                    self._busy = False
                    self._lock.notify_all()

    def close(self, timeout: float = 10.0) -> bool:
        """Write what is pending, then stop the writer thread."""
        self.copy_due()
        with self._lock:
            self._closed = True
            self._lock.notify_all()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every change handed over so far is on disk. False if it took too long."""
        self.copy_due()
        with self._lock:
            return self._lock.wait_for(lambda: self._pending is None and not self._busy, timeout)


def _write_new(folder: Path, day: date, title: str, data: bytes) -> Path:
    for n in range(1, 10_000):
        path = folder / session_filename(day, title, n)
        if path.exists():
            continue
        try:
            atomic_write(path, data, exclusive=True)
            return path
        except TargetExists:
            continue
    raise FileExistsError(f"no free file name for {title!r} in {folder}")


def update_record_file(path: Path, change) -> SessionRecord:  # noqa: ANN001
    """Load a record, apply ``change(record)``, and write it back atomically (used by review)."""
    record = load_record(path)
    change(record)
    atomic_write(path, dumps(record).encode("utf-8"))
    return record


__all__ = [
    "BackgroundSaver",
    "ChangedOnDisk",
    "SessionFile",
    "dumps",
    "load_record",
    "session_filename",
    "slugify",
    "update_record_file",
    "validate_session_text",
]
