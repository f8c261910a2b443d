"""Find and load every session file in a folder, for the review list and for reports.

``scan(folder)`` and ``scan_paths(paths)`` never raise for a file: each ``*.toml`` becomes either a
:class:`SessionEntry` (the light summary a list shows; the full record is read from the file when
it is asked for) or a :class:`BadEntry` (the path and the ``path:line:col: message`` problems that
``ilt-kit check`` would print). Dot-files (such as the ``.name.toml.123.tmp`` files an interrupted
save leaves) and hidden folders are ignored. Each session is listed once however many copies of
its file there are, and conflict copies are marked (:func:`resolve_copies`).

Loading a file is a TOML parse plus one pydantic validation; the parse dominates. With an index
(:mod:`ilt_kit.review.index`) an unchanged file is not read at all: its entry comes from the
index. See ``bench/bench_review.py``.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import sys
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from ilt_kit.content.sources import is_absent, is_folder
from ilt_kit.diagnostics.problems import FileProblems, Problem
from ilt_kit.diagnostics.toml import read_text, read_toml
from ilt_kit.session.stats import rated_median
from ilt_kit.store.files import load_record, validate_session_text
from ilt_kit.store.record import UNKNOWN, ActionsResult, BrainstormResult, CriterionResult, RatedBase, SessionRecord

if TYPE_CHECKING:
    from ilt_kit.review.index import Index

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called now and then while files load (and once at the end)."""

SORT_KEYS = ("date", "title", "scenario", "team", "school", "status", "path")


@dataclass(frozen=True, slots=True)
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


# ------------------------------------------------------------------------ the light list entry
#
# A list entry holds only what the list, compare and follow-up tabs show; the full record (about
# 120 KB in memory) is read again from its file when a session is opened or reported. Strings that
# repeat across sessions (rubric and criterion titles, scale labels, school names) are interned,
# so 10,000 entries share one copy of each.


@dataclass(frozen=True, slots=True)
class Step:
    """One level of a rated segment's scale (what :class:`~ilt_kit.store.record.ScaleLevel` holds)."""

    value: int
    label: str


@dataclass(frozen=True, slots=True)
class CriterionLevel:
    """A criterion or statement of a rated segment: its agreed level and the last revealed median."""

    id: str
    title: str
    group: str
    agreed: int | None
    evidence: str
    median: float | None


@dataclass(frozen=True, slots=True)
class RatedSummary:
    """A rubric or survey segment as the compare tab needs it."""

    segment_id: str
    rubric_id: str
    rubric_title: str
    kind: str
    scale: tuple[Step, ...]
    criteria: tuple[CriterionLevel, ...]


@dataclass(frozen=True, slots=True)
class ActionItem:
    """An action as the follow-up tab needs it (what :class:`~ilt_kit.store.record.Action` holds)."""

    id: int
    what: str
    owner: str
    due: date | None
    link: str
    status: str
    done_on: date | None


@dataclass(frozen=True, slots=True)
class ActionsSummary:
    segment_id: str
    segment_title: str
    actions: tuple[ActionItem, ...]


def last_revealed_median(criterion: CriterionResult) -> float | None:
    """Median of the last revealed round's rated ballots ('no evidence' left out); None if none."""
    for rnd in reversed(criterion.rounds):
        if rnd.revealed is not None:
            return rated_median(rnd)
    return None


_intern = sys.intern
_SCALES: dict[tuple[tuple[int, str], ...], tuple[Step, ...]] = {}


def shared_scale(pairs: Iterable[tuple[int, str]]) -> tuple[Step, ...]:
    """One tuple of :class:`Step` for each distinct scale, however many sessions use it."""
    key = tuple((value, label) for value, label in pairs)
    found = _SCALES.get(key)
    if found is None:
        found = _SCALES.setdefault(key, tuple(Step(value, _intern(label)) for value, label in key))
    return found


def _rated(segment: RatedBase) -> RatedSummary:
    return RatedSummary(
        segment_id=_intern(segment.id),
        rubric_id=_intern(segment.rubric_id),
        rubric_title=_intern(segment.rubric_title),
        kind=_intern(segment.kind),
        scale=shared_scale((step.value, step.label) for step in segment.scale),
        criteria=tuple(
            CriterionLevel(_intern(c.id), _intern(c.title), _intern(c.group), c.agreed, c.evidence, last_revealed_median(c))
            for c in segment.criteria
        ),
    )


def _actions(segment: ActionsResult) -> ActionsSummary:
    return ActionsSummary(
        segment_id=_intern(segment.id),
        segment_title=_intern(segment.title),
        actions=tuple(
            ActionItem(a.id, a.what, _intern(a.owner), a.due, a.link, _intern(a.status), a.done_on) for a in segment.actions
        ),
    )


class Detail:
    """An entry's rated segments and action segments: what the compare and follow-up tabs need.

    Built from a record, or kept as the index's JSON texts and each decoded only when first asked
    for, so a district's list shows without decoding ten thousand sessions' criteria and actions.
    The texts themselves may be left in the index until then (``fetch``): a list of ten thousand
    sessions then reads none of their 20 MB.
    """

    __slots__ = ("_rated", "_actions", "_decode", "_path", "_fetch")

    def __init__(
        self,
        rated: tuple[RatedSummary, ...] | str | None = (),
        actions: tuple[ActionsSummary, ...] | str | None = (),
        decode: Callable[[str, str], tuple] | None = None,
        path: Path | None = None,
        fetch: Callable[[], tuple[str, str] | None] | None = None,
    ) -> None:
        self._rated = rated
        self._actions = actions
        self._decode = decode
        """``decode(part, text)`` for a part given as JSON text (``part`` is "rated" or "actions")."""
        self._path = path
        """The session file, read instead if a text does not decode (a damaged index)."""
        self._fetch = fetch
        """``fetch()``: both parts' JSON texts, or None when they can no longer be had (the file is read
        then); asked once, the first time either part is needed, when ``rated`` and ``actions`` are None."""

    def _fetched(self) -> None:
        texts = self._fetch() if self._fetch is not None else None
        self._fetch = None
        # an empty text does not decode: the part is read from the session file instead
        self._rated, self._actions = texts if texts is not None else ("", "")

    def _part(self, part: str, text: str) -> tuple:
        assert self._decode is not None
        try:
            return self._decode(part, text)
        except (ValueError, TypeError):
            if self._path is None:
                raise
            fresh = entry_from_record(self._path, load_record(self._path))
            return fresh.rated if part == "rated" else fresh.action_segments

    @property
    def rated(self) -> tuple[RatedSummary, ...]:
        if self._rated is None:
            self._fetched()
        if isinstance(self._rated, str):
            self._rated = self._part("rated", self._rated)
        return self._rated  # type: ignore[return-value]

    @property
    def actions(self) -> tuple[ActionsSummary, ...]:
        if self._actions is None:
            self._fetched()
        if isinstance(self._actions, str):
            self._actions = self._part("actions", self._actions)
        return self._actions  # type: ignore[return-value]


@dataclass(frozen=True, eq=False, slots=True)
class SessionEntry:
    """A session file that loaded: what the review list, compare and follow-up tabs show.

    ``record`` reads the whole record from the file when it is first asked for (opening a session,
    a report) and keeps it until :meth:`release`; a list of entries holds only the summary fields.
    """

    path: Path
    session_id: str
    title: str
    date: date
    created: datetime
    scenario_id: str
    scenario_title: str
    team_name: str
    school: str
    district: str
    status: str
    counts: Counts
    detail: Detail
    """The rated and action segments (see :attr:`rated`, :attr:`action_segments`)."""
    digest: str
    """A hash of the file's bytes: two files with the same digest are the same copy of a session."""
    conflict_of: Path | None = None
    """Set on a conflict copy (same session, different content): the file it is a copy of."""
    copies: tuple[Path, ...] = ()
    """Other files with exactly the same content (listed once, here)."""
    _record: list = field(default_factory=list, repr=False)

    @property
    def record(self) -> SessionRecord:
        """The full record, read from the file (once, until :meth:`release`); raises FileProblems."""
        if not self._record:
            self._record.append(load_record(self.path))
        return self._record[0]

    def release(self) -> None:
        """Let go of the full record (it is read again if asked for)."""
        self._record.clear()

    @property
    def rated(self) -> tuple[RatedSummary, ...]:
        return self.detail.rated

    @property
    def action_segments(self) -> tuple[ActionsSummary, ...]:
        return self.detail.actions

    @property
    def team_label(self) -> str:
        return self.team_name

    @property
    def scenario(self) -> str:
        return self.scenario_title

    @property
    def finished(self) -> bool:
        return self.status == "finished"

    @property
    def is_conflict(self) -> bool:
        return self.conflict_of is not None

    @property
    def rubric_ids(self) -> list[str]:
        """The rubrics and surveys this session rated, in order, each once."""
        return list(dict.fromkeys(segment.rubric_id for segment in self.rated))


def entry_from_record(path: Path, record: SessionRecord, digest: str = "", keep: bool = False) -> SessionEntry:
    """The list entry of a loaded record (``keep``: hold on to the record too)."""
    team = record.team
    return SessionEntry(
        path=path,
        session_id=record.session_id,
        title=record.title,
        date=record.date,
        created=record.created,
        scenario_id=_intern(record.scenario_id),
        scenario_title=_intern(record.scenario_title),
        team_name=_intern(team.name),
        school=_intern(team.school),
        district=_intern(team.district),
        status=_intern(record.status),
        counts=count(record),
        detail=Detail(
            tuple(_rated(s) for s in record.segments if isinstance(s, RatedBase)),
            tuple(_actions(s) for s in record.segments if isinstance(s, ActionsResult)),
        ),
        digest=digest,
        _record=[record] if keep else [],
    )


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
    """Every ``*.toml`` under ``folder`` (sub-folders included), skipping dot-files and hidden folders,
    in path order (as :class:`~pathlib.Path` objects sort)."""
    found: list[tuple[str, str]] = []  # (folder, file name)

    def unreadable(error: OSError) -> None:  # listed, so that it is reported as "cannot read"
        if isinstance(error, PermissionError) and error.filename:
            found.append(os.path.split(os.fspath(error.filename)))

    join = os.path.join
    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend((root, name) for name in files if name.endswith(".toml") and not name.startswith("."))
    # sorted as strings split into their parts, which is how paths compare (and much cheaper than
    # sorting the Path objects of a district's ten thousand files); each file's Path is made from
    # its folder's, which costs less than parsing the whole path again
    found.sort(key=lambda pair: _path_parts(join(*pair)))
    folders: dict[str, Path] = {}
    paths = []
    for root, name in found:
        parent = folders.get(root)
        if parent is None:
            parent = folders[root] = Path(root)
        paths.append(parent / name)
    return paths


if sys.platform == "win32":  # paths compare without case there

    def _path_parts(name: str) -> list[str]:
        return name.replace("/", "\\").lower().split("\\")

else:

    def _path_parts(name: str) -> list[str]:
        return name.split("/")


# ------------------------------------------------------------------------------------ loading


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


def list_paths(
    paths: Iterable[Path], stats: dict[Path, os.stat_result] | None = None
) -> tuple[list[Path], list[BadEntry]]:
    """The session files named by ``paths`` (files, and the ``*.toml`` in folders), each file once,
    and a :class:`BadEntry` ("no such file or folder") for each path that does not exist.

    ``stats``: filled with the files' ``stat`` results where they were needed to tell copies apart
    (several paths), so a scan does not ask for them twice."""
    files, infos, missing = _listed(paths)
    if stats is not None:
        stats.update((file, info) for file, info in zip(files, infos) if info is not None)
    return files, missing


def _listed(paths: Iterable[Path]) -> tuple[list[Path], list[os.stat_result | None], list[BadEntry]]:
    """:func:`list_paths`, with the files' ``stat`` results in the same order (None where not asked for)."""
    paths = [Path(p) for p in paths]
    files: list[Path] = []
    missing: list[BadEntry] = []
    for path in paths:
        if is_folder(path):
            files.extend(session_files(path))
        elif not is_absent(path):  # a file, or a path that cannot be looked at: the read says why
            files.append(path)
        else:
            missing.append(BadEntry(path, (Problem(str(path), 1, 1, "no such file or folder"),)))
    infos: list[os.stat_result | None] = [None] * len(files)
    if len(paths) > 1:  # the same file named twice, or a file inside a folder also named
        seen: set[tuple[int, int]] = set()
        unique: list[Path] = []
        infos = []
        stat = os.stat
        for file in files:
            try:
                info = stat(file)
            except OSError:
                unique.append(file)
                infos.append(None)
                continue
            key = (info.st_dev, info.st_ino)
            if key not in seen:
                seen.add(key)
                unique.append(file)
                infos.append(info)
        files = unique
    return files, infos, missing


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
    files, infos, missing = _listed(paths)
    result = ScanResult(paths[0] if len(paths) == 1 else Path("."), bad=missing)
    result.missing = bool(paths) and len(missing) == len(paths)
    return _load_all(files, result, progress, index, [p for p in paths if is_folder(p)], on_parsed, keep_records, infos)


# ------------------------------------------------------------------------- copies and conflicts

# Names that sync tools give the second version of a file they could not merge:
# Dropbox "x (conflicted copy 2026-11-22).toml", "x (Dana's conflicted copy 2026-11-22).toml";
# Syncthing "x.sync-conflict-20261122-091500-ABCDEFG.toml"; Google Drive and OneDrive "x (1).toml".
_SYNC_CONFLICT = re.compile(r"( \([^()]*conflicted copy[^()]*\)| \(\d+\)|\.sync-conflict-[0-9A-Za-z-]+)$")
# Our own: a session that found its file changed by another program goes on in "x-2.toml" (-3, ...).
_OWN_SUFFIX = re.compile(r"-\d+$")


def conflict_origin(path: Path) -> Path | None:
    """The file a sync tool's conflict copy was made from (by its name), or None if it is not one."""
    name = path.name
    if "(" not in name and ".sync-conflict-" not in name:  # most files: no need to look closer
        return None
    match = _SYNC_CONFLICT.search(path.stem)
    return path.with_name(path.stem[: match.start()] + path.suffix) if match else None


def _originality(entry: SessionEntry) -> tuple[int, int, str]:
    """Which of one session's differing files is the original: a plain name, then the shorter path."""
    name = entry.path.stem
    marked = conflict_origin(entry.path) is not None or bool(_OWN_SUFFIX.search(name))
    return (int(marked), len(str(entry.path)), str(entry.path))


def resolve_copies(entries: Iterable[SessionEntry]) -> list[SessionEntry]:
    """Each session once: exact copies folded into one entry, conflict copies marked, never merged.

    Files with the same ``session_id`` and the same bytes are one session reached twice (two
    roots, a copied folder, two clones of one repository): the first in path order is kept and
    names the others in ``copies``. Files with the same ``session_id`` but different bytes are
    versions that a sync tool (or a session that found its file changed) kept side by side: the
    original is the one with a plain name, and each other one is kept as an entry of its own with
    ``conflict_of`` naming it. A file whose name says it is a sync tool's conflict copy is marked
    so even when its original is not there.
    """
    ordered = sorted(entries, key=lambda e: str(e.path))
    groups: dict[str, list[SessionEntry]] = {}
    for entry in ordered:
        groups.setdefault(entry.session_id, []).append(entry)
    kept: list[SessionEntry] = []
    for group in groups.values():
        if len(group) == 1:  # most sessions: one file, nothing to fold
            only = group[0]
            origin = conflict_origin(only.path)
            kept.append(replace(only, conflict_of=origin) if origin is not None else only)
            continue
        versions: dict[str, list[SessionEntry]] = {}
        for entry in group:
            versions.setdefault(entry.digest, []).append(entry)
        firsts = []
        for same in versions.values():
            first = same[0]
            if len(same) > 1:
                first = replace(first, copies=tuple(e.path for e in same[1:]))
            firsts.append(first)
        firsts.sort(key=_originality)
        original = firsts[0]
        origin = conflict_origin(original.path)
        kept.append(replace(original, conflict_of=origin) if origin is not None else original)
        kept.extend(replace(other, conflict_of=original.path) for other in firsts[1:])
    kept.sort(key=lambda e: str(e.path))  # already in path order but for a group's conflict copies
    return kept


# The first table header of a TOML file ends its top-level keys.
_TABLE_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)
# The lines of the top-level keys that place a session in date order.
_DATE_KEY_LINES = re.compile(r"^(?:date|created|title)[ \t]*=.*$", re.MULTILINE)

DateKey = tuple[date, float, str, str]


def date_key(entry: SessionEntry) -> DateKey:
    """Where a session goes in date order: date, then creation time, title and path.

    The creation time as a timestamp: it is always timezone-aware, so it orders the same, and two
    floats compare many times faster than two datetimes in different offsets (a district's list)."""
    return (entry.date, entry.created.timestamp(), entry.title.casefold(), str(entry.path))


def peek_date_key(path: Path) -> DateKey | None:
    """:func:`date_key` of a session file from its top-level keys alone, without loading it.

    A report streams thousands of sessions in date order without holding them all: it sorts the
    files by this key first, then loads them one at a time. Only the lines before the first table
    header are looked at (a few dozen of the file's hundreds). If the header cut falls inside a
    multi-line string or array, that prefix does not parse; then, or when a key is missing or of
    the wrong type, this returns None and the caller loads the whole file to place it.

    Of those lines, only the ``date``, ``created`` and ``title`` ones are parsed, a fifth of the
    work. A line that only looks like one of them (inside a multi-line string) makes that key
    appear twice, which does not parse either: the file is then loaded whole, never misplaced.
    """
    try:
        data = read_text(path)
        header = _TABLE_HEADER.search(data)
        top = tomllib.loads("\n".join(_DATE_KEY_LINES.findall(data, 0, header.start() if header else len(data))))
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
    return (day, created.timestamp(), title.casefold(), str(path))


# ---------------------------------------------------------------------------- sort and filter


def _sort_key(by: str) -> Callable[[SessionEntry], tuple]:
    when = date_key
    keys: dict[str, Callable[[SessionEntry], tuple]] = {
        "date": when,
        "title": lambda e: (e.title.casefold(),) + when(e),
        "scenario": lambda e: (e.scenario_title.casefold(),) + when(e),
        "team": lambda e: (e.team_name.casefold(),) + when(e),
        "school": lambda e: (e.school.casefold(),) + when(e),
        "status": lambda e: (e.status,) + when(e),
        "path": lambda e: (str(e.path),),
    }
    if by not in keys:
        raise ValueError(f"cannot sort by {by!r}; choose one of {', '.join(SORT_KEYS)}")
    return keys[by]


def sort_entries(entries: Iterable[SessionEntry], by: str = "date", reverse: bool | None = None) -> list[SessionEntry]:
    """Sort for a list. ``by``: date, title, scenario, team, school, status or path.

    The natural order (``reverse=None``) is newest first for ``date`` and A to Z for the others;
    ``reverse=True``/``False`` forces descending/ascending. Ties fall back to date, then path.
    A conflict copy comes right after its original (when that is in the list).
    """
    if reverse is None:
        reverse = by == "date"
    ordered = sorted(entries, key=_sort_key(by), reverse=reverse)
    conflicts: dict[Path, list[SessionEntry]] = {}
    for entry in ordered:
        if entry.conflict_of is not None:
            conflicts.setdefault(entry.conflict_of, []).append(entry)
    if not conflicts:
        return ordered
    present = {entry.path for entry in ordered if entry.conflict_of is None}
    result: list[SessionEntry] = []
    for entry in ordered:
        if entry.conflict_of is not None and entry.conflict_of in present:
            continue  # placed after its original
        result.append(entry)
        if entry.conflict_of is None:
            result.extend(conflicts.get(entry.path, ()))
    return result


def filter_entries(
    entries: Iterable[SessionEntry],
    *,
    text: str = "",
    scenario: str | None = None,
    school: str | None = None,
    finished: bool | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[SessionEntry]:
    """Keep the entries that match every given condition.

    ``text``: words that must all appear (any case) in the title, the scenario title, the team
    name or the school. ``scenario``: a scenario id. ``school``: a school's name, exactly as
    :func:`schools_in` gives it. ``finished``: True for finished, False for in progress.
    ``since``/``until``: inclusive dates.
    """
    words = text.casefold().split()
    kept = []
    for entry in entries:
        if scenario is not None and entry.scenario_id != scenario:
            continue
        if school is not None and entry.school != school:
            continue
        if finished is not None and (entry.status == "finished") != finished:
            continue
        if since is not None and entry.date < since:
            continue
        if until is not None and entry.date > until:
            continue
        if words:
            haystack = f"{entry.title} {entry.scenario_title} {entry.team_name} {entry.school}".casefold()
            if not all(word in haystack for word in words):
                continue
        kept.append(entry)
    return kept


def scenarios_in(entries: Iterable[SessionEntry]) -> list[tuple[str, str]]:
    """(scenario id, title) pairs found, sorted by title: the choices of a scenario filter."""
    found: dict[str, str] = {}
    for entry in entries:
        found.setdefault(entry.scenario_id, entry.scenario_title)
    return sorted(found.items(), key=lambda pair: (pair[1].casefold(), pair[0]))


def schools_in(entries: Iterable[SessionEntry]) -> list[str]:
    """The schools found, A to Z ('unknown' last): the choices of a school filter."""
    return sorted({entry.school for entry in entries}, key=_school_order)


def _school_order(school: str) -> tuple[bool, str]:
    return (school == UNKNOWN, school.casefold())


def by_school(entries: Iterable[SessionEntry]) -> dict[str, list[SessionEntry]]:
    """Entries grouped by school, in :func:`schools_in` order."""
    groups: dict[str, list[SessionEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.school, []).append(entry)
    return {school: groups[school] for school in sorted(groups, key=_school_order)}


def primary(entries: Iterable[SessionEntry]) -> list[SessionEntry]:
    """The entries that count in compare and follow-up: every one but the conflict copies."""
    return [entry for entry in entries if entry.conflict_of is None]


__all__ = [
    "ActionItem",
    "ActionsSummary",
    "BadEntry",
    "Counts",
    "CriterionLevel",
    "RatedSummary",
    "ScanResult",
    "SessionEntry",
    "Step",
    "by_school",
    "conflict_origin",
    "count",
    "date_key",
    "digest_of",
    "entry_from_record",
    "filter_entries",
    "last_revealed_median",
    "list_paths",
    "load_entry",
    "paused_gc",
    "peek_date_key",
    "primary",
    "resolve_copies",
    "scan",
    "scan_paths",
    "scenarios_in",
    "schools_in",
    "session_files",
    "shared_scale",
    "sort_entries",
]
