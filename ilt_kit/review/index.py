"""An incremental index of session files: a second review of 10,000 unchanged files parses none.

The index is a SQLite file (standard library ``sqlite3``) that caches each session's list entry
(:class:`~ilt_kit.review.entry.SessionEntry`: its summary fields in columns of their own, its
rated and action segments as compact JSON) keyed by the file's absolute path,
size and modification time, and, for reports, each session's rendered part of a report. It is a
cache and never the source of truth: the TOML files are. A file whose size or modification time
changed is parsed again; a file that was changed within two seconds of being indexed (when a
second change could keep both its size and its time) is checked against the hash of its bytes
before its entry is used again.

Where: ``$XDG_CACHE_HOME/ilt-kit/review-index.sqlite3`` (``~/.cache/...`` when that is not set;
``%LOCALAPPDATA%`` on Windows), or the file given with ``--index FILE``; ``--no-index`` does without.
One index serves every folder: entries are keyed by absolute path.

It is rebuilt silently when it is missing, corrupt or written by another version of ilt-kit (the
format key in its ``meta`` table). Several processes may use it at once: it runs in WAL mode with
a busy timeout, every write is one short transaction, and a write that still cannot get the lock
is skipped (those files are simply parsed again next time). Any SQLite error makes the run go on
without the index, so a broken cache can never stop a review or a report.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
import time
import zlib
from datetime import date, datetime
from pathlib import Path
from functools import partial
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from ilt_kit import __version__

if TYPE_CHECKING:  # imported when first needed: `ilt-kit list` uses the index without the session models
    from ilt_kit.review.entry import ActionsSummary, FollowUpOutcome, RatedSummary, SessionEntry

INDEX_FORMAT = f"6:{__version__}"
"""Entries written by another format (or another version of ilt-kit, whose rendering may differ) are dropped."""
BUSY_SECONDS = 10.0
RACY_SECONDS = 2.0
_CHUNK = 500
_intern = sys.intern


def default_index_path() -> Path:
    """The index file in the user's cache folder."""
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "ilt-kit" / "review-index.sqlite3"


# -------------------------------------------------------------------------------- entry as JSON


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _json(value: object) -> str:
    # ensure_ascii=False keeps the text readable; JSON escapes a newline inside a string, so the
    # only newlines in an entry are the ones between its parts
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


Row = tuple
"""An entry as the index keeps it, one column a field (see :data:`COLUMNS`)."""

COLUMNS = (
    "session_id", "title", "day", "created", "scenario_id", "scenario_title", "team", "school", "district",
    "status", "counts", "digest", "rated", "actions", "outcomes",
)
"""The columns of an entry, after its key and file signature: the summary the list shows, each in
a column of its own (read with no decoding at all), then its parts: the rated and the action
segments and the follow-up outcomes as JSON, which :func:`decode` leaves undecoded until the
compare, follow-up or goals tab asks."""


def encode(entry: SessionEntry) -> Row:
    """A list entry as the index's columns (the path is the key, so it is not in here)."""
    counts = entry.counts
    rated = [
        [r.segment_id, r.rubric_id, r.rubric_title, r.kind, [[s.value, s.label] for s in r.scale],
         [[c.id, c.title, c.group, c.agreed, c.evidence, c.median, c.first_mode, c.first, c.principal,
           c.moves] for c in r.criteria]]
        for r in entry.rated
    ]
    actions = [
        [a.segment_id, a.segment_title,
         [[i.id, i.what, i.owner, _day(i.due), i.link, i.status, _day(i.done_on), i.goal] for i in a.actions]]
        for a in entry.action_segments
    ]
    outcomes = [[o.source, o.segment, o.action, o.status, _day(o.carried_to), o.reason, o.impact] for o in entry.outcomes]
    return (
        entry.session_id,
        entry.title,
        entry.date.isoformat(),
        entry.created.isoformat(),
        entry.scenario_id,
        entry.scenario_title,
        entry.team_name,
        entry.school,
        entry.district,
        entry.status,
        ",".join(str(n) for n in (counts.segments, counts.segments_done, counts.criteria, counts.agreed, counts.ideas,
                                  counts.actions_open, counts.actions_done, counts.decisions)),
        entry.digest,
        _json(rated),
        _json(actions),
        _json(outcomes),
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value is not None else None


def decode_part(part: str, text: str) -> tuple[RatedSummary, ...] | tuple[ActionsSummary, ...] | tuple[FollowUpOutcome, ...]:
    """The rated segments (``part`` "rated"), the action segments ("actions") or the follow-up
    outcomes ("outcomes") of :func:`encode`'s JSON."""
    from ilt_kit.review.entry import ActionItem, ActionsSummary, CriterionLevel, FollowUpOutcome, RatedSummary, shared_scale

    if part == "rated":
        return tuple(
            RatedSummary(
                _intern(seg), _intern(rid), _intern(rtitle), _intern(kind), shared_scale(map(tuple, scale)),
                tuple(
                    CriterionLevel(_intern(c), _intern(t), _intern(g), a, e, m, _intern(fm), tuple(f), p, tuple(map(tuple, mv)))
                    for c, t, g, a, e, m, fm, f, p, mv in criteria
                ),
            )
            for seg, rid, rtitle, kind, scale, criteria in json.loads(text)
        )
    if part == "outcomes":
        return tuple(
            FollowUpOutcome(_intern(src), _intern(seg), a, _intern(st), _date(to), r, im)
            for src, seg, a, st, to, r, im in json.loads(text)
        )
    return tuple(
        ActionsSummary(
            _intern(seg), _intern(stitle),
            tuple(
                ActionItem(i, w, _intern(o), _date(d), ln, _intern(st), _date(do), _intern(gl))
                for i, w, o, d, ln, st, do, gl in items
            ),
        )
        for seg, stitle, items in json.loads(text)
    )


_COUNTS: dict[str, object] = {}


def _counts(text: str) -> object:
    """One :class:`~ilt_kit.review.entry.Counts` for each distinct set of counts (they are frozen)."""
    found = _COUNTS.get(text)
    if found is None:
        from ilt_kit.review.entry import Counts

        values = [int(n) for n in text.split(",")]
        if len(values) != 8:
            raise ValueError("not the counts of this index format")
        if len(_COUNTS) > 50_000:
            _COUNTS.clear()
        found = _COUNTS[text] = Counts(*values)
    return found


_HEAD = len(COLUMNS) - 3
"""The summary columns, before the three parts."""


def decode(path: Path, row: Row, fetch: Callable[[], tuple[str, str, str] | None] | None = None) -> SessionEntry:
    """The list entry of ``path`` from :func:`encode`'s columns (its segments decoded when first used).

    ``row`` may stop after the summary columns: the parts are then asked of ``fetch`` when first
    needed (see :class:`~ilt_kit.review.entry.Detail`). Raises ValueError or TypeError for columns
    this version did not write (a damaged index)."""
    from ilt_kit.review.entry import Detail, SessionEntry

    if len(row) == len(COLUMNS):
        head, (rated, actions, outcomes) = row[:_HEAD], row[_HEAD:]
    elif len(row) == _HEAD and fetch is not None:
        head, rated, actions, outcomes = row, None, None, None
    else:
        raise ValueError("not an entry of this index format")
    for text in row:
        if type(text) is not str:
            raise TypeError("not an entry of this index format")
    (session_id, title, day, created, scenario_id, scenario_title, team, school, district, status, counts, digest) = head
    return SessionEntry(
        path,
        session_id,
        title,
        date.fromisoformat(day),
        datetime.fromisoformat(created),
        _intern(scenario_id),
        _intern(scenario_title),
        _intern(team),
        _intern(school),
        _intern(district),
        _intern(status),
        _counts(counts),
        Detail(rated, actions, decode_part, path, fetch, outcomes),
        digest,
    )


class _Parts:
    """The parts (rated and action segments, follow-up outcomes) of the entries one run served from
    the index, read from it all at once the first time the compare, follow-up or goals tab asks for any of them (the list needs
    none: leaving them in the index is most of what makes a second opening of a district fast).

    Each part is used only if the index still holds it for the same bytes of the file (the same
    digest) as the entry that was served; otherwise, or if the index cannot be read any more, the
    session file is read instead."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.served: dict[str, str] = {}
        """Key -> digest of each entry served."""
        self._found: dict[str, tuple] | None = None
        self._lock = threading.Lock()

    def fetcher(self, key: str, digest: str) -> Callable[[], tuple[str, str, str] | None]:
        self.served[key] = digest
        return partial(self.get, key)

    def get(self, key: str) -> tuple[str, str, str] | None:
        with self._lock:  # the compare and follow-up tabs are worked out in threads of their own
            if self._found is None:
                self._found = self._read()
        return self._found.get(key)

    def _read(self) -> dict[str, tuple]:
        found: dict[str, tuple] = {}
        try:
            db = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_SECONDS, check_same_thread=False
            )
        except (sqlite3.Error, ValueError):
            return found
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if row is None or row[0] != INDEX_FORMAT:
                return found
            keys = list(self.served)
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(f"SELECT path, digest, {', '.join(COLUMNS[_HEAD:])} FROM entries WHERE path IN ({marks})", chunk)
                for key, digest, *parts in rows:
                    if digest == self.served[key] and all(type(text) is str for text in parts):
                        found[key] = tuple(parts)
        except sqlite3.Error:
            return found
        finally:
            db.close()
        return found


# ------------------------------------------------------------------------------------ the index

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS entries (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    racy INTEGER NOT NULL,
    {", ".join(f"{column} TEXT NOT NULL" for column in COLUMNS)}
);
CREATE TABLE IF NOT EXISTS kept (
    key TEXT PRIMARY KEY,
    signature TEXT NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS fragments (
    path TEXT NOT NULL,
    kind TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (path, kind)
);
"""

Known = dict[str, tuple]
"""Absolute path -> its row (path, size, mtime_ns, racy, then the summary :data:`COLUMNS`), as :meth:`Index.known` found them."""

_KNOWN = f"SELECT path, size, mtime_ns, racy, {', '.join(COLUMNS[:_HEAD])} FROM entries"
"""What :meth:`Index.known` reads of each entry: not its parts (see :class:`_Parts`)."""


def index_key(path: Path) -> str:
    """The key of a file's entries: its absolute path."""
    return os.path.abspath(path)


_key = index_key


def _under(root: Path) -> tuple[str, str]:
    """The range of keys of the files under the folder ``root``: ``low <= key < high``."""
    prefix = os.path.join(_key(root), "")
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


class Index:
    """An open index. Use :func:`open_index`; every method survives a broken cache (it then does nothing)."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = db
        self._signatures: dict[str, tuple[int, int]] = {}
        self._fragments: list[tuple[str, str, int, int, str]] = []
        self._under: dict[tuple[str, str], list[str]] = {}
        """The keys held under each root folder's range when :meth:`known` read them."""
        self._parts = _Parts(path)
        self.hits = 0
        """Entries served from the index in this run (files not parsed)."""
        self.parsed = 0
        """Files that had to be parsed in this run."""

    # -- list entries -------------------------------------------------------------------------
    def known(self, files: Sequence[Path], keys: Sequence[str] | None = None, roots: Sequence[Path] = ()) -> Known:
        """What the index holds for ``files`` (``keys``: their :func:`index_key`, if already made).

        ``roots``: the folders the files were listed from; what the index holds under them is read
        in one pass, and remembered so that :meth:`update` knows which files are gone without
        asking again (only files outside them are looked up one by one)."""
        if self._db is None:
            return {}
        if keys is None:
            keys = [_key(path) for path in files]
        found: Known = {}
        self._under = {}
        try:
            for root in roots:
                low, high = _under(root)
                rows = self._db.execute(f"{_KNOWN} WHERE path >= ? AND path < ?", (low, high)).fetchall()
                found.update((row[0], row) for row in rows)
                self._under[(low, high)] = [row[0] for row in rows]
            rest = [key for key in keys if key not in found] if roots else list(keys)
            if roots:  # a file outside every root (named on its own), or not indexed yet
                rest = [key for key in rest if not any(low <= key < high for low, high in self._under)]
            for start in range(0, len(rest), _CHUNK):
                chunk = rest[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"{_KNOWN} WHERE path IN ({marks})", chunk)
                found.update((row[0], row) for row in rows)
        except sqlite3.DatabaseError:
            self._broken()
            return {}
        return found

    def entry(self, known: Known, path: Path, info: os.stat_result, key: str | None = None) -> SessionEntry | None:
        """The indexed entry of ``path`` if the file is unchanged, else None (parse it).
        ``key``: its :func:`index_key`, if already made."""
        if key is None:
            key = _key(path)
        self._signatures[key] = (info.st_size, info.st_mtime_ns)
        row = known.get(key)
        if row is None or row[1] != info.st_size or row[2] != info.st_mtime_ns:
            self.parsed += 1
            return None
        try:
            entry = decode(path, row[4:], self._parts.fetcher(key, row[4 + _HEAD - 1]))
        except (ValueError, TypeError):  # not what this version wrote: parse the file
            self.parsed += 1
            return None
        if row[3]:  # indexed just after a change: make sure the bytes are the same
            from ilt_kit.review.scan import digest_of

            try:
                same = digest_of(path.read_bytes()) == entry.digest
            except OSError:
                same = False
            if not same:
                self.parsed += 1
                return None
        self.hits += 1
        return entry

    def update(
        self,
        fresh: Iterable[tuple[SessionEntry, os.stat_result]],
        files: Sequence[Path],
        roots: Sequence[Path],
        keys: Sequence[str] | None = None,
    ) -> None:
        """Keep the entries just parsed, and forget files that are gone from the ``roots`` folders
        (``keys``: the files' :func:`index_key`, if already made)."""
        if self._db is None:
            return
        now = time.time_ns()
        rows = [
            (_key(entry.path), info.st_size, info.st_mtime_ns, int(now - info.st_mtime_ns < RACY_SECONDS * 1e9), *encode(entry))
            for entry, info in fresh
        ]
        present = set(keys) if keys is not None else {_key(path) for path in files}
        try:
            gone: list[tuple[str]] = []
            for root in roots:
                low, high = _under(root)
                held = self._under.get((low, high))  # what :meth:`known` found there a moment ago
                if held is None:
                    held = [path for (path,) in self._db.execute("SELECT path FROM entries WHERE path >= ? AND path < ?", (low, high))]
                gone.extend((path,) for path in held if path not in present)
            if not rows and not gone:
                return
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(f"INSERT OR REPLACE INTO entries VALUES ({','.join('?' * (4 + len(COLUMNS)))})", rows)
                self._db.executemany("DELETE FROM entries WHERE path = ?", gone)
                self._db.executemany("DELETE FROM fragments WHERE path = ?", gone)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError:  # still locked after the busy timeout: parsed again next time
            return
        except sqlite3.DatabaseError:
            self._broken()

    # -- report parts -------------------------------------------------------------------------
    def _signature(self, path: Path) -> tuple[str, int, int] | None:
        key = _key(path)
        signature = self._signatures.get(key)
        if signature is None:
            try:
                info = path.stat()
            except OSError:
                return None
            signature = self._signatures[key] = (info.st_size, info.st_mtime_ns)
        return key, *signature

    def fragment(self, path: Path, kind: str) -> str | None:
        """The part of a report (``kind``, e.g. 'csv') rendered from ``path`` as it is now, if kept."""
        signature = self._signature(path)
        if self._db is None or signature is None:
            return None
        key, size, mtime_ns = signature
        if time.time_ns() - mtime_ns < RACY_SECONDS * 1e9:
            return None  # changed a moment ago: a second change could keep its size and time
        try:
            row = self._db.execute(
                "SELECT data FROM fragments WHERE path = ? AND kind = ? AND size = ? AND mtime_ns = ?",
                (key, kind, size, mtime_ns),
            ).fetchone()
            return zlib.decompress(row[0]).decode("utf-8") if row else None
        except (sqlite3.DatabaseError, zlib.error):
            self._broken()
            return None

    def keep_fragment(self, path: Path, kind: str, text: str) -> None:
        """Remember a rendered part, compressed (written in batches; :meth:`flush` writes the rest)."""
        signature = self._signature(path)
        if self._db is None or signature is None:
            return
        key, size, mtime_ns = signature
        self._fragments.append((key, kind, size, mtime_ns, zlib.compress(text.encode("utf-8"), 1)))
        if len(self._fragments) >= 200:
            self.flush()

    def flush(self) -> None:
        """Write the parts kept so far."""
        rows, self._fragments = self._fragments, []
        if self._db is None or not rows:
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("INSERT OR REPLACE INTO fragments VALUES (?, ?, ?, ?, ?)", rows)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError:
            return
        except sqlite3.DatabaseError:
            self._broken()

    # -- anything else worth keeping --------------------------------------------------------------
    def cached(self, key: str, signature: str) -> str | None:
        """The text kept under ``key`` if it was kept with the same ``signature`` (say, of the files it came from)."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT data FROM kept WHERE key = ? AND signature = ?", (key, signature)).fetchone()
            return zlib.decompress(row[0]).decode("utf-8") if row else None
        except (sqlite3.DatabaseError, zlib.error):
            self._broken()
            return None

    def keep(self, key: str, signature: str, text: str) -> None:
        if self._db is None:
            return
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO kept VALUES (?, ?, ?)", (key, signature, zlib.compress(text.encode("utf-8"), 1))
            )
        except sqlite3.OperationalError:
            return
        except sqlite3.DatabaseError:
            self._broken()

    # -- life ---------------------------------------------------------------------------------
    def _broken(self) -> None:
        """A corrupt cache: go on without it; it is made anew next time."""
        db, self._db = self._db, None
        if db is not None:
            try:
                db.close()
            except sqlite3.Error:
                pass
        _discard(self.path)

    def close(self) -> None:
        self.flush()
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _discard(path: Path) -> None:
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        try:
            name.unlink()
        except OSError:
            pass


def _prepare(db: sqlite3.Connection) -> None:
    db.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if row is None or row[0] != INDEX_FORMAT:  # new, or of another version: start again
            db.execute("DROP TABLE IF EXISTS entries")
            db.execute("DROP TABLE IF EXISTS fragments")
            db.execute("DROP TABLE IF EXISTS kept")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (INDEX_FORMAT,))
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def open_index(path: Path | None = None) -> Index | None:
    """Open (or make) the index; None when it cannot be had (no cache folder, a locked or broken file).

    A file that is not an index (corrupt, or something else) is removed and made anew.
    """
    path = Path(path) if path is not None else default_index_path()
    for attempt in range(2):
        db = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
            _prepare(db)
            return Index(path, db)
        except sqlite3.OperationalError as error:
            if db is not None:
                db.close()
            if "locked" in str(error) or "busy" in str(error) or attempt:
                return None
            _discard(path)
        except sqlite3.DatabaseError:  # "file is not a database", a damaged page: start again
            if db is not None:
                db.close()
            if attempt:
                return None
            _discard(path)
        except OSError:
            return None
    return None


__all__ = ["INDEX_FORMAT", "Index", "decode", "default_index_path", "encode", "index_key", "open_index"]
