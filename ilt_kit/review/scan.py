"""Find and load every session file in a folder, for the review list and for reports.

``scan(folder)`` never raises for a file: each ``*.toml`` becomes either a :class:`SessionEntry`
(the loaded record plus the summary a list shows) or a :class:`BadEntry` (the path and the
``path:line:col: message`` problems that ``ilt-kit check`` would print). Dot-files (such as the
``.name.toml.123.tmp`` files an interrupted save leaves) and hidden folders are ignored.

Loading is a TOML parse plus one pydantic validation per file. The parse dominates (the
validation costs well under a tenth of it), so a folder of 10,000 sessions loads in little more
than the time ``tomllib`` alone needs; see ``bench/bench_review.py``.
"""

from __future__ import annotations

import gc
import os
import re
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from ilt_kit.content.errors import FileProblems, Problem
from ilt_kit.content.loader import is_folder, read_text
from ilt_kit.store.files import load_record
from ilt_kit.store.record import ActionsResult, BrainstormResult, RatedBase, SessionRecord

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called now and then while files load (and once at the end)."""

SORT_KEYS = ("date", "title", "scenario", "team", "status", "path")


@dataclass(frozen=True)
class Counts:
    """What a review list shows about a session at a glance."""

    segments: int
    segments_done: int
    criteria: int
    """Criteria and statements in rubric and survey segments."""
    agreed: int
    """Criteria with an agreed level."""
    ideas: int
    actions_open: int
    actions_done: int
    decisions: int


def count(record: SessionRecord) -> Counts:
    criteria = agreed = ideas = open_ = done = finished_segments = 0
    for segment in record.segments:
        if segment.status in ("done", "skipped"):
            finished_segments += 1
        if isinstance(segment, RatedBase):
            criteria += len(segment.criteria)
            agreed += sum(1 for c in segment.criteria if c.agreed is not None)
        elif isinstance(segment, BrainstormResult):
            ideas += len(segment.ideas)
        elif isinstance(segment, ActionsResult):
            for action in segment.actions:
                if action.status == "open":
                    open_ += 1
                else:
                    done += 1
    return Counts(
        segments=len(record.segments),
        segments_done=finished_segments,
        criteria=criteria,
        agreed=agreed,
        ideas=ideas,
        actions_open=open_,
        actions_done=done,
        decisions=len(record.decisions),
    )


@dataclass(frozen=True, eq=False)
class SessionEntry:
    """A session file that loaded: its path, its record and the summary fields of the list."""

    path: Path
    record: SessionRecord
    counts: Counts

    @property
    def date(self) -> date:
        return self.record.date

    @property
    def title(self) -> str:
        return self.record.title

    @property
    def scenario_id(self) -> str:
        return self.record.scenario_id

    @property
    def scenario_title(self) -> str:
        return self.record.scenario_title

    @property
    def team_name(self) -> str:
        return self.record.team.name

    @property
    def status(self) -> str:
        return self.record.status

    @property
    def finished(self) -> bool:
        return self.record.status == "finished"

    @property
    def rubric_ids(self) -> list[str]:
        """The rubrics and surveys this session rated, in order, each once."""
        seen: dict[str, None] = {}
        for segment in self.record.segments:
            if isinstance(segment, RatedBase):
                seen.setdefault(segment.rubric_id, None)
        return list(seen)


@dataclass(frozen=True, eq=False)
class BadEntry:
    """A ``*.toml`` file that is not a usable session: why, with positions."""

    path: Path
    problems: tuple[Problem, ...]

    @property
    def reason(self) -> str:
        """One line for a list: the first problem (``line:col: message``), and how many more."""
        if not self.problems:
            return "unusable file"
        first = self.problems[0]
        more = len(self.problems) - 1
        text = f"{first.line}:{first.col}: {first.message}"
        return text + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")

    def lines(self) -> list[str]:
        """Every problem as ``path:line:col: message``."""
        return [str(p) for p in self.problems] or [f"{self.path}:1:1: unusable file"]


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


# ------------------------------------------------------------------------------------ listing


def session_files(folder: Path) -> list[Path]:
    """Every ``*.toml`` under ``folder`` (sub-folders included), skipping dot-files and hidden folders."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(root)
        found.extend(base / name for name in files if name.endswith(".toml") and not name.startswith("."))
    found.sort()
    return found


# ------------------------------------------------------------------------------------ loading


def _problems_of(path: Path, error: BaseException) -> tuple[Problem, ...]:
    if isinstance(error, FileProblems):
        return tuple(error.problems)
    return (Problem(str(path), 1, 1, f"cannot read: {error}"),)


def load_entry(path: Path) -> SessionEntry | BadEntry:
    """Load one session file. Never raises: a problem makes a :class:`BadEntry`."""
    try:
        record = load_record(path)  # problems worded exactly as `ilt-kit check` words them
        return SessionEntry(path, record, count(record))
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


def _load_all(files: Sequence[Path], result: ScanResult, progress: Progress | None) -> ScanResult:
    total = len(files)
    step = max(1, total // 100)
    with paused_gc():
        for index, path in enumerate(files, 1):
            loaded = load_entry(path)
            if isinstance(loaded, SessionEntry):
                result.entries.append(loaded)
            else:
                result.bad.append(loaded)
            if progress is not None and (index % step == 0 or index == total):
                progress(index, total)
    if progress is not None and total == 0:
        progress(0, 0)
    return result


def scan(folder: Path, progress: Progress | None = None) -> ScanResult:
    """Load every session file in ``folder`` and its sub-folders (a file path loads just that file).

    Entries come in path order; use :func:`sort_entries` / :func:`filter_entries` for a list.
    A folder that does not exist gives an empty result with ``missing=True``.
    """
    folder = Path(folder)
    if not is_folder(folder) and os.path.lexists(folder):  # a file (or a FIFO, a device: refused with a reason)
        return _load_all([folder], ScanResult(folder), progress)
    if not is_folder(folder):
        result = ScanResult(folder, missing=True)
        if progress is not None:
            progress(0, 0)
        return result
    return _load_all(session_files(folder), ScanResult(folder), progress)


def list_paths(paths: Iterable[Path]) -> tuple[list[Path], list[BadEntry]]:
    """The session files named by ``paths`` (files, and the ``*.toml`` in folders), each file once,
    and a :class:`BadEntry` ("no such file or folder") for each path that does not exist."""
    paths = [Path(p) for p in paths]
    files: list[Path] = []
    missing: list[BadEntry] = []
    for path in paths:
        if is_folder(path):
            files.extend(session_files(path))
        elif os.path.lexists(path):
            files.append(path)
        else:
            missing.append(BadEntry(path, (Problem(str(path), 1, 1, "no such file or folder"),)))
    if len(paths) > 1:  # the same file named twice, or a file inside a folder also named
        seen: set[tuple[int, int]] = set()
        unique = []
        for file in files:
            try:
                info = file.stat()
                key = (info.st_dev, info.st_ino)
            except OSError:
                unique.append(file)
                continue
            if key not in seen:
                seen.add(key)
                unique.append(file)
        files = unique
    return files, missing


def scan_paths(paths: Iterable[Path], progress: Progress | None = None) -> ScanResult:
    """Load sessions from several files and folders (as ``ilt-kit report`` gets them); each file once.

    A path that does not exist becomes a :class:`BadEntry` ("no such file or folder").
    """
    paths = [Path(p) for p in paths]
    files, missing = list_paths(paths)
    result = ScanResult(paths[0] if len(paths) == 1 else Path("."), bad=missing)
    return _load_all(files, result, progress)


# The first table header of a TOML file ends its top-level keys.
_TABLE_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)

DateKey = tuple[date, datetime, str, str]


def date_key(entry: SessionEntry) -> DateKey:
    """Where a session goes in date order: date, then creation time, title and path."""
    record = entry.record
    return (record.date, record.created, record.title.casefold(), str(entry.path))


def peek_date_key(path: Path) -> DateKey | None:
    """:func:`date_key` of a session file from its top-level keys alone, without loading it.

    A report streams thousands of sessions in date order without holding them all: it sorts the
    files by this key first, then loads them one at a time. Only the lines before the first table
    header are parsed (a few dozen of the file's hundreds). If the header cut falls inside a
    multi-line string or array, that prefix does not parse; then, or when a key is missing or of
    the wrong type, this returns None and the caller loads the whole file to place it.
    """
    try:
        data = read_text(path)
        header = _TABLE_HEADER.search(data)
        top = tomllib.loads(data[: header.start()] if header else data)
    except (FileProblems, ValueError, RecursionError):
        return None
    day, created, title = top.get("date"), top.get("created"), top.get("title")
    if (
        type(day) is not date
        or not isinstance(created, datetime)
        or created.tzinfo is None
        or not isinstance(title, str)
    ):
        return None
    return (day, created, title.casefold(), str(path))


# ---------------------------------------------------------------------------- sort and filter


def _sort_key(by: str) -> Callable[[SessionEntry], tuple]:
    when = date_key
    keys: dict[str, Callable[[SessionEntry], tuple]] = {
        "date": when,
        "title": lambda e: (e.record.title.casefold(),) + when(e),
        "scenario": lambda e: (e.record.scenario_title.casefold(),) + when(e),
        "team": lambda e: (e.record.team.name.casefold(),) + when(e),
        "status": lambda e: (e.record.status,) + when(e),
        "path": lambda e: (str(e.path),),
    }
    if by not in keys:
        raise ValueError(f"cannot sort by {by!r}; choose one of {', '.join(SORT_KEYS)}")
    return keys[by]


def sort_entries(entries: Iterable[SessionEntry], by: str = "date", reverse: bool | None = None) -> list[SessionEntry]:
    """Sort for a list. ``by``: date, title, scenario, team, status or path.

    The natural order (``reverse=None``) is newest first for ``date`` and A to Z for the others;
    ``reverse=True``/``False`` forces descending/ascending. Ties fall back to date, then path.
    """
    if reverse is None:
        reverse = by == "date"
    return sorted(entries, key=_sort_key(by), reverse=reverse)


def filter_entries(
    entries: Iterable[SessionEntry],
    *,
    text: str = "",
    scenario: str | None = None,
    finished: bool | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[SessionEntry]:
    """Keep the entries that match every given condition.

    ``text``: words that must all appear (any case) in the title, the scenario title or the team
    name. ``scenario``: a scenario id. ``finished``: True for finished, False for in progress.
    ``since``/``until``: inclusive dates.
    """
    words = text.casefold().split()
    kept = []
    for entry in entries:
        record = entry.record
        if scenario is not None and record.scenario_id != scenario:
            continue
        if finished is not None and (record.status == "finished") != finished:
            continue
        if since is not None and record.date < since:
            continue
        if until is not None and record.date > until:
            continue
        if words:
            haystack = f"{record.title} {record.scenario_title} {record.team.name}".casefold()
            if not all(word in haystack for word in words):
                continue
        kept.append(entry)
    return kept


def scenarios_in(entries: Iterable[SessionEntry]) -> list[tuple[str, str]]:
    """(scenario id, title) pairs found, sorted by title: the choices of a scenario filter."""
    found: dict[str, str] = {}
    for entry in entries:
        found.setdefault(entry.record.scenario_id, entry.record.scenario_title)
    return sorted(found.items(), key=lambda pair: (pair[1].casefold(), pair[0]))


__all__ = [
    "BadEntry",
    "Counts",
    "ScanResult",
    "SessionEntry",
    "count",
    "date_key",
    "filter_entries",
    "list_paths",
    "load_entry",
    "paused_gc",
    "peek_date_key",
    "scan",
    "scan_paths",
    "scenarios_in",
    "session_files",
    "sort_entries",
]
