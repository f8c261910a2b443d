"""Session files: TOML text <-> :class:`SessionRecord`, names, and the autosaving file handle."""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, NoReturn

from pydantic import ValidationError

from ilt_kit import __version__
from ilt_kit.diagnostics.problems import FileProblems
from ilt_kit.diagnostics.toml import read_toml
from ilt_kit.diagnostics.validation import problems_from_validation
from ilt_kit.store.atomic import NotRegularFile, TargetExists, atomic_write, open_regular, write_target
from ilt_kit.store.journal import Journal, SessionInUse, external_op, held_elsewhere, journal_path, part_ops, read_lines, replay
from ilt_kit.store.lock import file_lock, lock_path
from ilt_kit.store.merge import Change, absorb, diff, merge, unmergeable
from ilt_kit.store.migrate import upgrade
from ilt_kit.store.record import SCHEMA_VERSION, SessionRecord
from ilt_kit.store.results.base import LOADED
from ilt_kit.store.toml_text import toml_text

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


def data_text(data: dict[str, Any]) -> str:
    """The file's text for record data: what ``tomli_w`` writes, each segment's part kept for the next save."""
    return HEADER + toml_text(data)


def dumps(record: SessionRecord) -> str:
    return data_text(record_to_data(record))


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
    """Another program changed the file in a way a running session cannot take in (it no longer
    loads, or its segments are not this session's): that version was left alone and the session
    now saves to a new file beside it."""

    def __init__(self, path: Path, saved_to: Path, reason: str = "was changed by someone else") -> None:
        self.path = path
        self.saved_to = saved_to
        self.reason = reason
        super().__init__(f"{path} {reason}; this session now saves to {saved_to}")


Taken = Callable[[list[Change]], None]


class SessionFile:
    """The file one running session autosaves to.

    Created exclusively (an existing file is never overwritten). Each save holds the file's lock
    (``lock.py``) while it checks that the file is still the one it wrote and replaces it. If
    another program changed it meanwhile - review marked an action done, someone edited it - the
    change is read and merged (``merge.py``): it is kept in the file, handed to ``taken`` to be
    taken into the live record, and nothing forks. Only a change that cannot be merged (the file
    no longer loads, or holds other segments) leaves that version alone and moves the session to
    a new file beside it (:class:`ChangedOnDisk` says so).
    """

    def __init__(self, path: Path, base: dict[str, Any] | None = None) -> None:
        self.path = path
        self._last = _signature(path)
        self._base = base  # the data last written or read: what another program's change is measured from

    @classmethod
    def create(cls, folder: Path, record: SessionRecord) -> SessionFile:
        folder.mkdir(parents=True, exist_ok=True)
        data = record_to_data(record)
        path = _write_new(folder, record.date, record.title, data_text(data).encode("utf-8"))
        return cls(path, data)

    @classmethod
    def open(cls, path: Path) -> tuple[SessionFile, SessionRecord]:
        """Load a session to continue it: a journal left by a crash is replayed into the file first.

        Raises :class:`~ilt_kit.store.journal.SessionInUse` if it is running in another ilt-kit. A
        session file that is a symbolic link is continued in its target (the link stays); one
        that is not a regular file is refused (:class:`FileProblems`).
        """
        path = session_target(path)
        if os.path.lexists(lock_path(path)):  # one planted as a link is refused now, not at the first save
            try:
                os.close(open_regular(lock_path(path), os.O_RDONLY))
            except NotRegularFile as error:
                raise FileProblems.single(lock_path(path), str(error.strerror)) from None
        if held_elsewhere(path):
            raise SessionInUse(path)
        if os.path.lexists(journal_path(path)):
            with file_lock(path):
                record = _fold_journal(path)
        else:
            record = load_record(path)
        return cls(path, record_to_data(record)), record

    def save(self, record: SessionRecord, where: object = ()) -> None:
        """Save ``record`` now (on the thread that changes it: another program's change is taken
        into ``record`` itself)."""
        self.save_data(record_to_data(record), record.date, record.title, lambda changes: absorb(record, changes))

    def save_data(
        self, data: dict[str, Any], day: date, title: str, taken: Taken | None = None, pending: list[Change] = ()
    ) -> list[tuple]:
        """Write plain record data (see :class:`BackgroundSaver`), merged with another program's
        changes: those found now (handed to ``taken`` before the write) and ``pending`` ones found
        earlier that ``data`` may not hold yet. Returns the conflicts (kept as in ``data``)."""
        with file_lock(self.path):
            changes = list(pending)
            found = self._their_changes(data, day, title)
            if found:
                if taken is not None:
                    taken(found)
                changes += found
            conflicts = merge(data, changes) if changes else []
            atomic_write(self.path, data_text(data).encode("utf-8"))
            self._last = _signature(self.path)
            self._base = data
        return conflicts

    def check(self, taken: Taken) -> None:
        """Look for another program's change without writing; hand it to ``taken`` if there is one."""
        if _signature(self.path) == self._last:
            return
        with file_lock(self.path):
            current = _signature(self.path)
            if current is None or current == self._last:
                return
            try:
                theirs = record_to_data(load_record(self.path))
            except FileProblems:
                return  # the next save deals with it
            found = list(diff(self._base, theirs)) if self._base is not None else []
            if unmergeable(found):
                return
            self._last, self._base = current, theirs
            if found:
                taken(found)

    def _their_changes(self, data: dict[str, Any], day: date, title: str) -> list[Change]:
        """Another program's changes since our last write (under the lock); forks if they cannot merge."""
        current = _signature(self.path)
        if current == self._last or current is None:  # ours, or deleted: written again below
            return []
        try:
            theirs = record_to_data(load_record(self.path))
        except FileProblems as error:
            self._fork(data, day, title, f"was changed by someone else and no longer loads ({error.problems[0].message})")
        found = list(diff(self._base, theirs)) if self._base is not None else []
        reason = unmergeable(found) if self._base is not None else "was replaced by someone else"
        if reason:
            self._fork(data, day, title, f"was changed by someone else: {reason}")
        self._last, self._base = current, theirs
        return found

    def _fork(self, data: dict[str, Any], day: date, title: str, reason: str) -> NoReturn:
        old = self.path
        self.path = _write_new(old.parent, day, title, data_text(data).encode("utf-8"))
        self._last = _signature(self.path)
        self._base = data
        raise ChangedOnDisk(old, self.path, reason)


def session_target(path: Path) -> Path:
    """The file to read and write for session file ``path``: the target of a symbolic link (so a
    shared file is updated through it and its journal and lock sit beside it), else ``path``;
    anything but a regular file is refused (:class:`FileProblems`)."""
    try:
        return write_target(path, through_link=True)
    except NotRegularFile as error:
        raise FileProblems.single(path, str(error.strerror)) from None


def _fold_journal(path: Path) -> SessionRecord:
    """(Under the file's lock.) The record in ``path`` with a journal left by a crash replayed into
    the file, which is written first; the journal is then removed."""
    record = load_record(path)
    lines = read_lines(path)
    if lines:
        record = replay(path, record, lines)
        atomic_write(path, dumps(record).encode("utf-8"))
    journal_path(path).unlink(missing_ok=True)
    return record


class BackgroundSaver:
    """Autosave without making the facilitator wait, and durable before the screen shows it.

    Each change is first appended to the session's journal (``journal.py``) on the thread that
    changes the record, in the engine call, so before the screen shows it; the journal's thread
    fsyncs it at once, or with ``after_repaint(fn)`` (an app's "after the next refresh") as soon
    as the frame that shows it is drawn, so the two do not compete (:meth:`wait_durable` waits
    for the fsync). The record is then copied to
    plain data on that thread and written as TOML by one writer thread, which empties the journal
    once the file holds every line.

    Writes happen in order and a burst of changes collapses into the newest one, so the file is
    always a complete record, behind the screen only for ``delay`` plus the moment it takes to
    write (the journal covers that moment). A write that fails is handed to ``on_error`` (from the
    writer thread) and tried again every ``retry`` seconds until it succeeds (``on_saved``) or
    the saver is closed; ``unsaved`` tells whether the file is behind because of a failure.
    Another program's change to the file (review marked an action done) is merged by the file
    handle; the writer hands it to ``on_external`` and it is taken into the live record at the
    next change or at :meth:`take_external`, whichever comes first.

    Without ``schedule`` the copy is made at once, in the call, and the writer waits ``delay``
    before writing. With ``schedule(delay, fn)`` (an app's timer: ``fn`` must run on the thread
    that changes the record) the call only notes the record and the copy is made ``delay`` later,
    so a key's repaint never waits for it; the writer then writes at once. ``flush()``,
    ``close()`` and ``take_external()`` make any copy still due, so they must be called on that
    same thread.
    """

    def __init__(
        self,
        handle: SessionFile,
        on_error: Callable[[BaseException], None] | None = None,
        delay: float = 0.05,
        schedule: Callable[[float, Callable[[], None]], object] | None = None,
        *,
        record: SessionRecord | None = None,
        on_saved: Callable[[], None] | None = None,
        on_external: Callable[[list[Change]], None] | None = None,
        journal: bool = True,
        after_repaint: Callable[[Callable[[], None]], object] | None = None,
        retry: float = 2.0,
        poll: float = 1.0,
    ) -> None:
        self.handle = handle
        self.on_error = on_error
        self.on_saved = on_saved
        self.on_external = on_external
        self.delay = delay
        self.schedule = schedule
        self.retry = retry
        self.poll = poll
        self.record = record  # the live record (the one the engine changes)
        self.after_repaint = after_repaint
        self.problem: BaseException | None = None  # the last write failed (the file is behind)
        self.conflicts: list[tuple] = []  # fields changed both here and by another program (ours kept)
        self._external: list[tuple[int, list[Change]]] = []  # (generation, changes) found by the writer
        self._generation = 0  # of the newest changes found
        self._absorbed = 0  # the newest generation the live record holds
        self._changed: SessionRecord | None = None  # noted, not copied yet (with schedule)
        self._scheduled = False
        self._pending: tuple[dict[str, Any], date, str, int, int] | None = None
        self._lock = threading.Condition()
        self._busy = False
        self._closed = False
        self._check_error = ""  # the last unforeseen error of the idle look (told once)
        # SessionInUse if it runs elsewhere
        self.journal = Journal(handle.path, on_error=self._failed) if journal else None
        self._thread = threading.Thread(target=self._run, name="ilt-kit-saver", daemon=True)
        self._thread.start()

    @property
    def unsaved(self) -> bool:
        return self.problem is not None

    @property
    def journal_holds_all(self) -> bool:
        """Every change handed over is in the journal (its writes have not failed)."""
        return self.journal is not None and self.journal.error is None

    def __call__(self, record: SessionRecord, where: Iterable[tuple] = ()) -> None:
        self.record = record
        self._journal(record, where)
        if self.schedule is None:
            self._hand_over(record)
            return
        self._changed = record
        if not self._scheduled:
            self._scheduled = True
            self.schedule(self.delay, self.copy_due)

    def _journal(self, record: SessionRecord, where: Iterable[tuple]) -> None:
        """Take in other programs' changes found so far, then append the change to the journal."""
        if self.journal is None:
            return
        with self.journal.lock:
            parts = set(where)
            fresh = [changes for generation, changes in self._external if generation > self._absorbed]
            if fresh:
                for changes in fresh:
                    touched, conflicts = absorb(record, changes)
                    self.conflicts.extend(conflicts)
                    parts |= {part if part else ("team",) for part in touched}  # the record's own fields always go
                self._absorbed = self._generation
            try:
                self.journal.write(part_ops(record, parts), sync=self.after_repaint is None)
            except OSError as error:
                self._failed(error)
                return
        if self.after_repaint is not None:  # the fsync waits for the frame, not the frame for it
            self.after_repaint(self.journal.sync)

    def wait_durable(self, timeout: float = 5.0) -> bool:
        """Wait until every change handed over so far is on disk, in the file or the journal
        (call it before showing a change)."""
        return self.journal.wait_durable(timeout) if self.journal is not None else True

    def take_external(self) -> bool:
        """Take other programs' changes into the live record now (on the thread that changes it);
        True if there were any."""
        if self.record is None or self.journal is None:
            return False
        with self.journal.lock:
            if not any(generation > self._absorbed for generation, _ in self._external):
                return False
        self(self.record)
        return True

    def copy_due(self) -> None:
        """Copy a noted change and hand it to the writer (on the thread that changes the record)."""
        self._scheduled = False
        record, self._changed = self._changed, None
        if record is not None:
            self._hand_over(record)

    def _hand_over(self, record: SessionRecord) -> None:
        data = record_to_data(record)
        seq = self.journal.seq if self.journal is not None else 0
        with self._lock:
            self._pending = (data, record.date, record.title, seq, self._absorbed)
            self._lock.notify_all()

    def _taken(self, changes: list[Change]) -> None:
        """(Writer thread, under the file's lock, before the write.) Another program's changes: into
        the journal first, so that a crash cannot lose them, then waiting for the live record."""
        if self.journal is not None:
            with self.journal.lock:
                try:
                    self.journal.write([external_op(change) for change in changes])
                except OSError as error:
                    self._failed(error)
                self._generation += 1
                self._external.append((self._generation, changes))
        if self.on_external is not None:
            self.on_external(changes)

    def _failed(self, error: BaseException) -> None:
        first = self.problem is None
        self.problem = error
        if self.on_error is not None and (first or not isinstance(error, OSError)):
            self.on_error(error)

    def _run(self) -> None:
        while True:
            with self._lock:
                if self._pending is None and not self._closed:
                    self._lock.wait(self.poll)
                item, self._pending = self._pending, None
                if item is None and self._closed:
                    return
                self._busy = item is not None
            if item is None:  # idle: has another program changed the file?
                self._check_external()
                continue
            if self.delay and self.schedule is None and not self._closed:
                # let the screen repaint first (writing holds the GIL), and fold a burst of keys into
                # one write; closing ends the wait, so quitting never waits for it
                with self._lock:
                    self._lock.wait_for(lambda: self._closed, self.delay)
                    if self._pending is not None:
                        item, self._pending = self._pending, None
            saved = False
            try:
                saved = self._write(item)
            finally:
                with self._lock:
                    if not saved and self._pending is None and not self._closed:
                        self._pending = item  # tried again after a pause, or at close
                    self._busy = False
                    self._lock.notify_all()
                    if not saved and not self._closed:
                        self._lock.wait(self.retry)

    def _check_external(self) -> None:
        if self.journal is None or self.on_external is None:
            return
        try:
            self.handle.check(self._taken)
        except OSError:
            pass  # the next save reports it
        except Exception as error:  # never the end of the writer: told once, looked again later
            said = f"{type(error).__name__}: {error}"
            if said != self._check_error and self.on_error is not None:
                self.on_error(error)
            self._check_error = said
        else:
            self._check_error = ""

    def _write(self, item: tuple[dict[str, Any], date, str, int, int]) -> bool:
        data, day, title, seq, absorbed = item
        pending: list[Change] = []
        if self.journal is not None:
            with self.journal.lock:
                pending = [c for generation, changes in self._external if generation > absorbed for c in changes]
        try:
            self.conflicts.extend(self.handle.save_data(data, day, title, self._taken, pending))
        except ChangedOnDisk as error:  # saved, to a new file beside the other version
            if self.journal is not None:
                with self.journal.lock:
                    self.journal.move(self.handle.path)
            if self.on_error is not None:
                self.on_error(error)
        except BaseException as error:  # reported, never lost silently: tried again later
            self._failed(error)
            return False
        if self.journal is not None:
            with self.journal.lock:
                try:
                    self.journal.folded(seq)
                except OSError:
                    pass  # kept: replaying lines the file already holds changes nothing
                self._external = [(g, c) for g, c in self._external if g > absorbed]
        if self.problem is not None:
            self.problem = None
            if self.on_saved is not None:
                self.on_saved()
        return True

    def close(self, timeout: float = 10.0) -> bool:
        """Write what is pending, then stop the writer thread (the journal goes if the file holds it all)."""
        self.copy_due()
        with self._lock:
            self._closed = True
            self._lock.notify_all()
        self._thread.join(timeout)
        if self.journal is not None:
            with self.journal.lock:
                self.journal.close()
        return not self._thread.is_alive()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every change handed over so far is on disk (or its write has failed). False if
        it took too long."""
        self.copy_due()
        with self._lock:
            return self._lock.wait_for(
                lambda: (self._pending is None or self.problem is not None) and not self._busy, timeout
            )


def _write_new(folder: Path, day: date, title: str, data: bytes) -> Path:
    for n in range(1, 10_000):
        path = folder / session_filename(day, title, n)
        if path.exists() or any(os.path.lexists(p) for p in (journal_path(path), lock_path(path))):
            continue  # taken, or its journal or lock name is (a leftover, or a planted link)
        try:
            atomic_write(path, data, exclusive=True)
            return path
        except TargetExists:
            continue
    raise FileExistsError(f"no free file name for {title!r} in {folder}")


def update_locked(path: Path, change) -> SessionRecord:  # noqa: ANN001
    """Load a record, apply ``change(record)`` and write it back atomically, for a caller that holds
    the file's lock (review). A journal left by a crashed session is folded in first; a running
    session's journal is its own, and that session takes the change in."""
    record = load_record(path) if held_elsewhere(path) else _fold_journal(path)
    change(record)
    atomic_write(path, dumps(record).encode("utf-8"))
    return record


def fold_crashed_journal(path: Path) -> bool:
    """(Under the file's lock.) Replay a journal left by a crashed session into its file; True if
    there was one. A running session's journal is left to it."""
    if held_elsewhere(path) or not read_lines(path):
        return False
    _fold_journal(path)
    return True


def save_copy(record: SessionRecord, path: Path) -> None:
    """Write the record to a new file ``path`` (never over an existing one): somewhere else to save
    a session whose own file cannot be written."""
    atomic_write(path, dumps(record).encode("utf-8"), exclusive=True)


__all__ = [
    "BackgroundSaver",
    "ChangedOnDisk",
    "SessionFile",
    "SessionInUse",
    "dumps",
    "fold_crashed_journal",
    "save_copy",
    "load_record",
    "session_filename",
    "session_target",
    "slugify",
    "update_locked",
    "validate_session_text",
]
