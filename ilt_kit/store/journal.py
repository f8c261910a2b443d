"""The journal: every change on disk before the screen shows it.

Writing the whole TOML file takes tens of milliseconds for a large session, so the app writes it
from a thread, a moment after the change. To lose nothing in between, each engine call first
appends one line to an append-only journal beside the session file (``.NAME.journal``), in the
call itself, so before the screen can show the change: from then on the change survives the
process being killed or crashing (the kernel holds the line). The journal's own thread fsyncs
the line at once (the fsync would double a key's latency on the thread that repaints), and from
then on it survives a power cut too. A line is JSON: ``{"n": N, "ops": [...]}``, where each op
sets one part of the record's plain data (in the file's form: defaults left out):

``["head", PATH, VALUE, KEEP]``  the dict at PATH becomes VALUE, keeping its keys in KEEP
                                 (the record's own fields, or a segment's without its list);
``["put", PATH, VALUE]``         PATH becomes VALUE (a whole segment, one criterion or one round
                                 of it, the team);
``["ext", PATH, BEFORE, AFTER]`` a change another program made to the file (see ``merge.py``),
                                 taken in the three-way way; ``{"$missing": true}`` is "absent"
                                 and ``{"$key": [FIELDS, VALUES]}`` a list item by its identity.

Dates and times are written ``{"$date": "2026-11-22"}`` and ``{"$datetime": "..."}`` so that
they come back as the same values.

Replaying the lines in order over the TOML file gives exactly the record the screen showed: every
op writes the part's value at that moment, so a line the file already holds changes nothing. The
writer thread empties the journal after a write of the file that holds every line so far; resume
(``SessionFile.open``) replays a journal left by a crash into the file and removes it. A last
line cut short by a crash was never shown and is dropped. While a session runs its journal is
locked (``flock``), which is how another ilt-kit knows the session is open.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any, Callable, Iterable

from datetime import date, datetime

from pydantic import BaseModel, ValidationError

from ilt_kit.diagnostics.problems import FileProblems
from ilt_kit.diagnostics.toml import MAX_NESTING, fault_column, may_hold_faults, read_text, shape_faults
from ilt_kit.store.atomic import NotRegularFile, open_regular
from ilt_kit.store.lock import try_hold
from ilt_kit.store.merge import MISSING, Change, Key, merge
from ilt_kit.store.record import SessionRecord
from ilt_kit.store.results.base import LOADED, SegmentBase

FLAGS = dict(mode="python", exclude_none=True, exclude_defaults=True, by_alias=True)


def _tag(value: Any) -> Any:
    """Dates and times keep their type through JSON (a session file's values are TOML's)."""
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if value is MISSING:
        return {"$missing": True}
    if isinstance(value, Key):
        return {"$key": [list(value.fields), list(value.values)]}
    raise TypeError(f"cannot journal {type(value).__name__}")


def _untag(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        if "$datetime" in obj:
            return datetime.fromisoformat(obj["$datetime"])
        if "$date" in obj:
            return date.fromisoformat(obj["$date"])
        if "$missing" in obj:
            return MISSING
        if "$key" in obj:
            fields, values = obj["$key"]
            return Key(tuple(fields), tuple(values))
    return obj


def _json(value: Any) -> str:
    return json.dumps(value, default=_tag, ensure_ascii=False, separators=(",", ":"))


def _dump(model: BaseModel, exclude: set[str] | None = None) -> str:
    return _json(model.model_dump(exclude=exclude, **FLAGS))


class SessionInUse(RuntimeError):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} is open in another ilt-kit right now; close it there first")


def journal_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.journal")


def _body(kind_class: type) -> tuple[str, ...]:
    """A segment's own lists (criteria, ideas, ...): left out of its head."""
    return tuple(name for name in kind_class.model_fields if name not in SegmentBase.model_fields)


_BODIES: dict[type, tuple[str, ...]] = {}


def body_of(segment: SegmentBase) -> tuple[str, ...]:
    kind = type(segment)
    if kind not in _BODIES:
        _BODIES[kind] = _body(kind)
    return _BODIES[kind]


def part_ops(record: SessionRecord, where: Iterable[tuple]) -> list[str]:
    """The ops (JSON text) that set the record's own fields, the current segment's head and ``where``.

    ``where`` holds ``("segments", i)`` for a whole segment, ``("segments", i, "head")`` for its
    fields without its list, ``("segments", i, "criteria", j)`` for one criterion,
    ``("segments", i, "criteria", j, "rounds", k)`` for one round of it, ``("team",)`` for the team.
    """
    parts = set(where)
    ops = ['["head",[],' + _dump(record, {"segments", "team"}) + ',["segments","team"]]']
    if ("team",) in parts:  # the engine never changes the team; another program's edit may
        parts.discard(("team",))
        ops.append('["put",["team"],' + _dump(record.team) + "]")
    ids = [segment.id for segment in record.segments]
    if record.current in ids:
        current = ids.index(record.current)
        if ("segments", current) not in parts:
            parts.add(("segments", current, "head"))
    whole = {part[1] for part in parts if len(part) == 2}
    for part in sorted(parts, key=lambda p: (p[1], len(p), p[2:] and str(p[2:]))):
        index = part[1]
        segment = record.segments[index]
        if len(part) == 2:
            ops.append(f'["put",["segments",{index}],' + _dump(segment) + "]")
        elif index in whole:
            continue
        elif part[2] == "head":
            body = body_of(segment)
            ops.append(
                f'["head",["segments",{index}],'
                + _dump(segment, set(body))
                + "," + json.dumps(list(body)) + "]"
            )
        elif part[:4] in parts and len(part) > 4:
            continue  # a round of a criterion that goes whole
        else:  # ("segments", i, "criteria", j) or ("segments", i, "criteria", j, "rounds", k)
            item: Any = segment
            for name, at in zip(part[2::2], part[3::2]):
                item = getattr(item, name)[at]
            ops.append('["put",' + json.dumps(list(part)) + "," + _dump(item) + "]")
    return ops


def external_op(change: Change) -> str:
    path, before, after = change
    return _json(["ext", list(path), before, after])


class Journal:
    """The journal of one running session. Lines are appended on the thread that changes the
    record (hold ``lock`` around :meth:`write`, :meth:`folded`, :meth:`move`, :meth:`close`) and
    fsynced at once by the journal's own thread; :meth:`wait_durable` returns once every line
    written so far is fsynced. ``on_error`` hears of an fsync that failed (from that thread)."""

    def __init__(self, session_path: Path, on_error: Callable[[OSError], None] | None = None) -> None:
        self.path = journal_path(session_path)
        self.lock = threading.RLock()
        self.on_error = on_error
        self.seq = 0  # lines given to write() since the journal was opened
        self.error: OSError | None = None  # a write failed: nothing more is appended until emptied
        self._tail: list[bytes] = []  # the lines in the file now
        self._fd = self._open(self.path)
        self._fd_lock = threading.Lock()
        """Held while the descriptor is swapped or closed, and while the fsync thread copies it: that
        thread never waits for ``lock``, which the caller of :meth:`close` may hold."""
        self._synced = threading.Condition()
        self._written = 0  # the newest line in the file (maybe only in the page cache)
        self._requested = 0  # the newest line the journal's thread is asked to fsync
        self._durable = 0  # the newest line fsynced
        self._closing = False
        self._syncer = threading.Thread(target=self._sync_loop, name="ilt-kit-journal", daemon=True)
        self._syncer.start()

    @staticmethod
    def _open(path: Path) -> int:
        fd = open_regular(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)  # never through a planted link
        if not try_hold(fd):
            os.close(fd)
            raise SessionInUse(path.with_name(path.name[1 : -len(".journal")]))
        return fd

    def write(self, ops: list[str], sync: bool = True) -> None:
        """Append one line, and have the journal's thread fsync it at once (with ``sync=False``:
        at the next :meth:`sync`). Raises OSError, and stops appending, if the write fails."""
        self.seq += 1
        if self.error is not None:
            raise self.error
        line = ('{"n":%d,"ops":[' % self.seq + ",".join(ops) + "]}\n").encode("utf-8")
        try:
            written = os.write(self._fd, line)
            if written != len(line):
                raise OSError(28, "No space left on device (journal line cut short)")
        except OSError as error:
            self.error = error
            raise
        self._tail.append(line)
        self._written = self.seq
        if sync:
            self.sync()

    def sync(self) -> None:
        """Have the journal's thread fsync every line written so far."""
        with self._synced:
            self._requested = self._written
            self._synced.notify_all()

    def _sync_loop(self) -> None:
        """The journal's thread: it never ends on an error (it would leave every later line
        unsynced); an error is kept in :attr:`error` and told to ``on_error``, and the next line is
        fsynced as usual."""
        while True:
            with self._synced:
                self._synced.wait_for(lambda: self._durable < self._requested or self._closing)
                if self._durable >= self._requested:
                    return
                target = self._requested
            try:
                self._fsync()
            except BaseException as error:  # noqa: BLE001 - reported, and the thread goes on
                if isinstance(error, OSError):
                    self.error = error
                self._report(error)
            finally:
                with self._synced:
                    self._durable = max(self._durable, target)
                    self._synced.notify_all()

    def _report(self, error: BaseException) -> None:
        if self.on_error is None:
            return
        try:
            self.on_error(error)  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001 - the screen could not be told (the app is closing): the thread goes on
            pass

    def _fsync(self) -> None:
        """fsync a copy of the descriptor (the file may be moved meanwhile); when no copy can be
        made (every descriptor in use), the descriptor itself, holding it meanwhile."""
        with self._fd_lock:
            if self._fd < 0:
                return
            try:
                fd = os.dup(self._fd)
            except OSError:
                os.fsync(self._fd)
                return
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def wait_durable(self, timeout: float = 5.0) -> bool:
        """Wait until every line written so far is fsynced (or its fsync failed)."""
        self.sync()
        with self._synced:
            return self._synced.wait_for(lambda: self._durable >= self._written, timeout)

    def folded(self, seq: int) -> None:
        """The session file now holds every line up to ``seq``: empty the journal if nothing came after."""
        if seq != self.seq or (not self._tail and self.error is None):
            return
        os.ftruncate(self._fd, 0)
        os.fsync(self._fd)
        self._tail.clear()
        self.error = None

    def move(self, session_path: Path) -> None:
        """The session now saves to another file: carry the lines over to a journal beside it."""
        old = self.path
        self.path = journal_path(session_path)
        fd = self._open(self.path)
        for line in self._tail:
            os.write(fd, line)
        os.fsync(fd)
        with self._fd_lock:
            os.close(self._fd)
            self._fd = fd
        old.unlink(missing_ok=True)

    def close(self) -> None:
        """Stop; the journal file is removed if the session file holds everything."""
        if self._fd < 0:
            return
        with self._synced:
            self._requested = self._written
            self._closing = True
            self._synced.notify_all()
        self._syncer.join(10)
        if not self._tail and self.error is None:
            self.path.unlink(missing_ok=True)
        with self._fd_lock:
            os.close(self._fd)
            self._fd = -1


def apply_line(data: dict[str, Any], ops: list) -> None:
    for op in ops:
        kind, path = op[0], tuple(op[1])
        if kind == "head":
            target = data
            for key in path:
                target = target[key]
            kept = {key: target[key] for key in op[3] if key in target}
            target.clear()
            target.update(op[2])
            target.update(kept)
        elif kind == "put":
            parent = data
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = op[2]
        elif kind == "ext":
            merge(data, [(path, op[2], op[3])])
        else:
            raise ValueError(f"unknown journal op {kind!r}")


MAX_JOURNAL_BYTES = 16 * 1024 * 1024
"""The largest journal read back (16 MiB): the writer empties it after every save, so a real
one holds the few changes of the last moments; anything bigger is refused before it is read."""


def read_lines(path: Path) -> list[list]:
    """The ops of each whole line of the journal beside session file ``path`` (none if there is none).

    The journal is read with the session file's reader and limits (``diagnostics.toml``): a
    regular file, never through a link, at most :data:`MAX_JOURNAL_BYTES`; a line nested deeper
    than :data:`~ilt_kit.diagnostics.toml.MAX_NESTING` or holding a control character was not
    written by ilt-kit and is refused (:class:`FileProblems` at its line and column). A line
    that is not JSON ends what can be trusted (a write cut short by a crash)."""
    journal = journal_path(path)
    if not os.path.lexists(journal):
        return []
    text = read_text(journal, MAX_JOURNAL_BYTES, follow_links=False)
    lines = []
    for number, line in enumerate(text.split("\n")[:-1], 1):  # a last line without its newline was cut short
        try:
            ops = json.loads(line, object_hook=_untag)["ops"]
        except RecursionError:
            faults = [((), f"nested too deeply (more than {MAX_NESTING} levels)")]
        except (ValueError, KeyError, TypeError):
            break  # a damaged line ends what can be trusted
        else:
            faults = shape_faults(ops) if may_hold_faults(line) else []
        if faults:
            message = faults[0][1]
            raise FileProblems.single(
                journal,
                f"journal line {number} was not written by ilt-kit: {message} "
                f"(move the journal away to open the session as its file holds it)",
                number,
                fault_column(line, message),
            )
        lines.append(ops)
    return lines


def replay(path: Path, record: SessionRecord, lines: list[list]) -> SessionRecord:
    """The record with the journal's lines applied in order."""
    data = record.model_dump(**FLAGS)
    try:
        for ops in lines:
            apply_line(data, ops)
        return SessionRecord.model_validate(data, context=LOADED)
    except (ValueError, KeyError, IndexError, TypeError, ValidationError) as error:
        raise FileProblems.single(journal_path(path), f"cannot replay the journal: {error}") from None


def held_elsewhere(path: Path) -> bool:
    """Whether another process holds the journal of session file ``path`` (the session is running).
    A journal that is not a regular file (a link, a FIFO) is refused (:class:`FileProblems`)."""
    try:
        fd = open_regular(journal_path(path), os.O_RDONLY)
    except FileNotFoundError:
        return False
    except NotRegularFile as error:
        raise FileProblems.single(journal_path(path), str(error.strerror)) from None
    try:
        return not try_hold(fd)
    finally:
        os.close(fd)


__all__ = ["Journal", "SessionInUse", "external_op", "held_elsewhere", "journal_path", "part_ops", "read_lines", "replay"]
