"""Find and load every session file in a folder, for the review list and for reports.

``scan(folder)`` and ``scan_paths(paths)`` never raise for a file: each ``*.toml`` becomes either a
:class:`~ilt_kit.review.entry.SessionEntry` (the light summary a list shows; the full record is read
from the file when it is asked for) or a :class:`~ilt_kit.review.entry.BadEntry` (the path and the
``path:line:col: message`` problems that ``ilt-kit check`` would print). Which files are read:
:mod:`ilt_kit.review.walk`. Each session is listed once however many copies of its file there are,
and conflict copies are marked (:mod:`ilt_kit.review.copies`).

Loading a file is a TOML parse plus one pydantic validation; the parse dominates. With an index
(:mod:`ilt_kit.review.index`) an unchanged file is not read at all: its entry comes from the
index. See ``bench/bench_review.py``.
"""

from __future__ import annotations

import gc
import hashlib
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from ilt_kit.content.sources import is_folder
from ilt_kit.diagnostics.problems import FileProblems, Problem
from ilt_kit.diagnostics.toml import read_toml
from ilt_kit.review.copies import resolve_copies
from ilt_kit.review.entry import BadEntry, SessionEntry, entry_from_record
from ilt_kit.review.order import sort_entries
from ilt_kit.review.walk import list_paths, session_files
from ilt_kit.store.files import validate_session_text

if TYPE_CHECKING:
    from ilt_kit.review.index import Index

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called now and then while files load (and once at the end)."""


@dataclass
class ScanResult:
    folder: Path
    entries: list[SessionEntry] = field(default_factory=list)
    bad: list[BadEntry] = field(default_factory=list)
    missing: bool = False
    """The folder does not exist (nothing was saved there yet)."""

    @property
    def total(self) -> int:
        return len(self.entries) + len(self.bad)

    def sorted(self, by: str = "date", reverse: bool | None = None) -> list[SessionEntry]:
        return sort_entries(self.entries, by, reverse)


def _problems_of(path: Path, error: BaseException) -> tuple[Problem, ...]:
    if isinstance(error, FileProblems):
        return tuple(error.problems)
    return (Problem(str(path), 1, 1, f"cannot read: {error}"),)


def digest_of(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=10).hexdigest()


def load_entry(path: Path, keep_record: bool = False) -> SessionEntry | BadEntry:
    """Load one session file. Never raises: a problem makes a :class:`BadEntry`.

    The entry keeps the full record only with ``keep_record`` (its ``record`` reads it again otherwise).
    """
    try:
        # one safe reader (regular files only, capped in size, nesting and numbers), worded as `ilt-kit check` words it
        text, data = read_toml(path)
        record = validate_session_text(path, text, data)
        return entry_from_record(path, record, digest_of(text.encode("utf-8")), keep=keep_record)
    except (FileProblems, Exception) as error:  # noqa: BLE001 - a review list must survive any file
        return BadEntry(path, _problems_of(path, error))


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while records pile up.

    Every loaded record is kept, and each is hundreds of small objects; with the collector on,
    its passes re-walk everything kept so far, which made loading 10,000 files about 1.5x slower
    than parsing them (and worse than linear). Records hold no reference cycles, so nothing is
    lost: plain reference counting still frees garbage, and collection resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


OnParsed = Callable[[SessionEntry], None]
"""``on_parsed(entry)``: called for each file that was parsed (not served by the index), while its
``entry.record`` is still held (a report renders its part of that session then, once)."""


def _load_all(
    files: Sequence[Path],
    result: ScanResult,
    progress: Progress | None,
    index: Index | None,
    roots: Sequence[Path] = (),
    on_parsed: OnParsed | None = None,
    keep_records: bool = False,
    infos: Sequence[os.stat_result | None] | None = None,
) -> ScanResult:
    """Load ``files`` into ``result``: from the index where a file is unchanged, else by parsing it
    (``infos``: the files' ``stat`` results already asked for, in the same order, see :func:`list_paths`)."""
    total = len(files)
    step = max(1, total // 100)
    keys: list[str] = []
    known: dict = {}
    if index is not None:
        from ilt_kit.review.index import index_key

        keys = [index_key(path) for path in files]
        known = index.known(files, keys, roots)
    fresh: list[tuple[SessionEntry, os.stat_result]] = []
    entries: list[SessionEntry] = []
    stat = os.stat
    with paused_gc():
        for number, path in enumerate(files, 1):
            loaded: SessionEntry | BadEntry | None = None
            info = infos[number - 1] if infos is not None else None
            if info is None:
                try:
                    info = stat(path)
                except OSError:
                    info = None
            if index is not None and info is not None:
                loaded = index.entry(known, path, info, keys[number - 1])
            if loaded is None:
                loaded = load_entry(path, keep_record=keep_records or on_parsed is not None)
                if isinstance(loaded, SessionEntry):
                    if info is not None:
                        fresh.append((loaded, info))
                    if on_parsed is not None:
                        on_parsed(loaded)
                        if not keep_records:
                            loaded.release()
            if isinstance(loaded, SessionEntry):
                entries.append(loaded)
            else:
                result.bad.append(loaded)
            if progress is not None and (number % step == 0 or number == total):
                progress(number, total)
    if index is not None:
        index.update(fresh, files, roots, keys)
    result.entries = resolve_copies(entries)
    if progress is not None and total == 0:
        progress(0, 0)
    return result


def scan(folder: Path, progress: Progress | None = None, *, index: Index | None = None) -> ScanResult:
    """Load every session file in ``folder`` and its sub-folders (a file path loads just that file).

    Entries come in path order, each session once (see :func:`resolve_copies`); use
    :func:`sort_entries` / :func:`filter_entries` for a list. A folder that does not exist gives an
    empty result with ``missing=True``. With an ``index`` (:mod:`ilt_kit.review.index`), unchanged
    files are not parsed again.
    """
    folder = Path(folder)
    if not is_folder(folder) and os.path.lexists(folder):  # a file (or a FIFO, a device: refused with a reason)
        return _load_all([folder], ScanResult(folder), progress, index)
    if not is_folder(folder):
        result = ScanResult(folder, missing=True)
        if progress is not None:
            progress(0, 0)
        return result
    return _load_all(session_files(folder), ScanResult(folder), progress, index, [folder])


def scan_paths(
    paths: Iterable[Path],
    progress: Progress | None = None,
    *,
    index: Index | None = None,
    on_parsed: OnParsed | None = None,
    keep_records: bool = False,
) -> ScanResult:
    """Load sessions from several files and folders (``ilt-kit review`` and ``report`` get them); each
    file once, each session once (see :func:`resolve_copies`).

    A path that does not exist becomes a :class:`BadEntry` ("no such file or folder"); when every
    path is missing, the result says ``missing``. ``keep_records``: each parsed entry keeps its
    full record (a report that needs them all); ``on_parsed``: see :data:`OnParsed`.
    """
    paths = [Path(p) for p in paths]
    stats: dict[Path, os.stat_result] = {}
    files, missing = list_paths(paths, stats)
    infos = [stats.get(file) for file in files]
    result = ScanResult(paths[0] if len(paths) == 1 else Path("."), bad=missing)
    result.missing = bool(paths) and len(missing) == len(paths)
    return _load_all(files, result, progress, index, [p for p in paths if is_folder(p)], on_parsed, keep_records, infos)


__all__ = ["OnParsed", "Progress", "ScanResult", "digest_of", "load_entry", "paused_gc", "scan", "scan_paths"]
