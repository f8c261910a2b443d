"""``ilt-kit report``: reads files and folders, names every unreadable file on stderr as
``path:line:col: message`` and still reports the good ones, in md (:mod:`ilt_kit.review.report_md`),
csv (:mod:`ilt_kit.review.report_csv`) or html (:mod:`ilt_kit.review.render_html`); the csv and
html renderers are imported only when their format is asked for.

Exit codes: 0 at least one session reported; 1 no session could be read, or the output file
exists or cannot be written; 2 a usage problem (unknown format, a path that does not exist).

With an index (:mod:`ilt_kit.review.index`) each session's part of a csv or md report is kept,
compressed, beside its list entry, so a second report over unchanged files parses none of them.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterable, Iterator, Sequence

from ilt_kit.diagnostics.problems import FileProblems
from ilt_kit.literal import plural as _plural, visible
from ilt_kit.review.report_md import chronological, report_md, session_md
from ilt_kit.review.dates import DateKey, date_key, peek_date_key
from ilt_kit.review.entry import BadEntry, SessionEntry
from ilt_kit.review.scan import Progress, load_entry, paused_gc, scan_paths
from ilt_kit.review.walk import list_paths

if TYPE_CHECKING:
    from ilt_kit.review.index import Index

FORMATS = ("md", "csv", "html")


# ------------------------------------------------------------------------------------- command


_live: list = []
"""The console of the progress bar while it is on screen: stderr lines go above it (as text)."""


def _say(line: str) -> None:
    """One line on stderr; above the progress bar while there is one."""
    if _live:
        from rich.text import Text

        _live[0].print(Text(line), soft_wrap=True)  # Text: a file's words are never markup
    else:
        print(line, file=sys.stderr)


def _err(message: str) -> None:
    _say(f"ilt-kit: {visible(message)}")


def _stdout_write(text: str) -> None:
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:  # a console that cannot show every character: send UTF-8 bytes
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))


def _exists(output: Path) -> int:
    _err(f"{output} already exists; choose another name, or give --force to replace it")
    return 1


def _print_bad(bad: BadEntry) -> None:
    for line in bad.lines():
        _say(line)


def _nothing_read(paths: list[Path], bad: int) -> int:
    if bad:
        _err(f"no session could be read ({_plural(bad, 'file')} with problems)")
    else:
        _err(f"no session files (*.toml) found in {', '.join(str(p) for p in paths)}")
    return 1


def run_report(
    paths: list[Path],
    fmt: str,
    output: Path | None,
    force: bool = False,
    *,
    index: Index | None = None,
    schools: Sequence[str] = (),
) -> int:
    """``ilt-kit report PATH... [--format md|csv|html] [-o FILE [--force]] [--school NAME]``; returns the exit code.

    An existing output file is refused, unless ``force``: then it is replaced atomically (a
    reader sees the old report or the new one, never half of it, and a failed run keeps the old).
    Each session is reported once (copies of one file fold into one; conflict copies are reported
    as such). ``schools``: only the sessions of these schools. ``index``: see :mod:`ilt_kit.review.index`.
    """
    if fmt not in FORMATS:
        _err(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return 2
    if not paths:
        _err("name at least one session file or folder")
        return 2
    from ilt_kit.content.sources import is_absent

    missing = [p for p in paths if is_absent(Path(p))]
    if missing:
        for path in missing:
            _err(f"{path}: no such file or folder")
        return 2
    if output is not None and output.is_dir():
        _err(f"{output} is a folder; -o names the report file")
        return 1
    if output is not None and not force and (output.exists() or output.is_symlink()):
        return _exists(output)

    with paused_gc():  # a short-lived command making many small objects: see scan.paused_gc
        if fmt == "csv":
            return _report_csv(paths, output, force, index, schools)
        return _report(paths, fmt, output, force, index, schools)


@contextmanager
def progress_bar(wanted: bool) -> Iterator[Progress | None]:
    """A Rich progress bar on stderr while sessions load, only when ``wanted`` and stderr is a
    terminal (never in a pipe or a log file); gone again when loading ends. Yields the
    ``progress(done, total)`` callback, or None."""
    if not wanted or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("reading sessions"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
        transient=True,
        redirect_stdout=False,  # the report itself goes to stdout untouched
        redirect_stderr=False,
    )
    task = bar.add_task("sessions", total=None)
    with bar:
        _live.append(bar.console)
        try:
            yield lambda done, total: bar.update(task, completed=done, total=total)
        finally:
            _live.clear()


def _write_output(output: Path, data: bytes | Callable[[BinaryIO], None], force: bool) -> int:
    """Write the output file atomically, never over an existing one unless ``force`` (then it is
    replaced in one step); 0, or 1 with the reason said."""
    from ilt_kit.store.atomic import atomic_write

    try:
        atomic_write(output, data, exclusive=not force)
    except FileExistsError:
        return _exists(output)
    except OSError as error:
        _err(f"cannot write {output}: {error.strerror or error}")
        return 1
    return 0


def _wrote(output: Path, sessions: int) -> None:
    print(f"wrote {output} ({_plural(sessions, 'session')})", file=sys.stderr)


def _skipped(bad: int, good: int) -> None:
    if bad:
        _err(f"skipped {_plural(bad, 'unreadable file')}; reported {_plural(good, 'session')}")


class _Parts:
    """Each session's part of a report, rendered once: while its file is parsed anyway (the list
    entry needs it), or read back from the index, or (last) rendered from the file read again."""

    def __init__(self, fmt: str, render: Callable[[SessionEntry], str], index: Index | None, keep: bool) -> None:
        self.fmt = fmt
        self.render = render
        self.index = index
        self.kept: dict[Path, str] | None = {} if keep else None

    def _kind(self, entry: SessionEntry) -> str:
        return f"{self.fmt}:{entry.path}"  # the text names the path as given: another spelling, another part

    def parsed(self, entry: SessionEntry) -> None:
        """:data:`~ilt_kit.review.scan.OnParsed`: render from the record just loaded."""
        text = self.render(entry)
        if self.kept is not None:
            self.kept[entry.path] = text
        if self.index is not None:
            self.index.keep_fragment(entry.path, self._kind(entry), text)

    def __call__(self, entry: SessionEntry) -> str:
        if self.kept is not None and entry.path in self.kept:
            return self.kept.pop(entry.path)
        if self.index is not None:
            text = self.index.fragment(entry.path, self._kind(entry))
            if text is not None:
                return text
        try:
            text = self.render(entry)
        finally:
            entry.release()
        if self.index is not None:
            self.index.keep_fragment(entry.path, self._kind(entry), text)
        return text


def _chosen(entries: list[SessionEntry], schools: Sequence[str]) -> list[SessionEntry]:
    if not schools:
        return entries
    wanted = {school.casefold() for school in schools}
    return [entry for entry in entries if entry.school.casefold() in wanted]


def _none_chosen(schools: Sequence[str], found: list[SessionEntry]) -> int:
    there = sorted({entry.school for entry in found})
    _err(f"no session of {', '.join(schools)} here; the schools found are: {', '.join(there) or 'none'}")
    return 1


def _goals(paths: list[Path], entries: list[SessionEntry]):  # noqa: ANN202 - a GoalsReport
    """The goals files of the sessions reported (a goals file with problems is named on stderr too)."""
    from datetime import date

    from ilt_kit.review.goals import goals_report

    found = goals_report(paths, entries, today=date.today())
    for team in found.teams:
        for problem in team.problems:
            _say(str(problem))
    return found


def _report(
    paths: list[Path], fmt: str, output: Path | None, force: bool = False, index: Index | None = None, schools: Sequence[str] = ()
) -> int:
    parts = _Parts(fmt, session_md, index, keep=True) if fmt == "md" else None
    with progress_bar(True) as progress:  # the report is written after the bar has gone
        result = scan_paths(
            paths, progress, index=index, on_parsed=parts.parsed if parts else None, keep_records=parts is None
        )
    if index is not None:
        index.flush()
    for bad in result.bad:
        _print_bad(bad)
    if not result.entries:
        return _nothing_read(paths, len(result.bad))
    entries = _chosen(result.entries, schools)
    if not entries:
        return _none_chosen(schools, result.entries)
    _skipped(len(result.bad), len(entries))
    goals = _goals(paths, entries)
    if parts is not None:
        text = report_md(entries, parts, goals)
    else:
        from ilt_kit.review.render_html import report_html

        text = report_html(entries, goals)
    if output is None:
        _stdout_write(text)
        sys.stdout.flush()
        return 0
    code = _write_output(output, text.encode("utf-8"), force)
    if not code:
        _wrote(output, len(entries))
    return code


def stream_csv(
    paths: Iterable[Path],
    write: Callable[[str], None],
    on_bad: Callable[[BadEntry], None],
    progress: Progress | None = None,
    index: Index | None = None,
    schools: Sequence[str] = (),
) -> tuple[int, int]:
    """Write the csv report of every session under ``paths`` through ``write``, in date order,
    holding one session at a time; returns (sessions reported, unreadable files).

    Thousands of sessions make a csv of hundreds of megabytes and their records take gigabytes,
    so neither is kept. With an ``index``, the light list entries are scanned (each parsed file's
    csv part rendered then, and kept in the index, compressed), then the parts are written in
    date order. Without one, the files are first put in date order from their top-level keys alone
    (:func:`~ilt_kit.review.dates.peek_date_key`), then each is loaded, written and let go. The
    header is written before the first good session, so a folder of bad files writes nothing.
    Output is the same as :func:`~ilt_kit.review.report_csv.report_csv` of the loaded entries (a test checks it).
    """
    from ilt_kit.review import report_csv

    if index is not None or schools:
        return _stream_listed(list(paths), write, on_bad, progress, index, schools)
    files, missing = list_paths(paths)
    bad = 0
    for entry in missing:
        on_bad(entry)
        bad += 1
    order: list[tuple[DateKey, Path, SessionEntry | None]] = []
    for path in files:
        key = peek_date_key(path)
        if key is not None:
            order.append((key, path, None))
            continue
        loaded = load_entry(path)  # an unusual top (or a broken file): load it to place it
        if isinstance(loaded, BadEntry):
            on_bad(loaded)
            bad += 1
        else:
            order.append((date_key(loaded), path, loaded))
    order.sort(key=lambda item: item[0])
    good = 0
    seen: set[str] = set()
    total = len(order)
    step = max(1, total // 100)
    for number, (_, path, entry) in enumerate(order, 1):
        if progress is not None and (number % step == 0 or number == total):
            progress(number, total)
        loaded = entry or load_entry(path, keep_record=True)
        if isinstance(loaded, BadEntry):
            on_bad(loaded)
            bad += 1
            continue
        if loaded.digest in seen:  # an exact copy of a file already reported
            continue
        seen.add(loaded.digest)
        if not good:
            write(report_csv.CSV_HEADER)
        write(report_csv.session_csv(loaded))
        loaded.release()
        good += 1
    return good, bad


def _stream_listed(
    paths: list[Path],
    write: Callable[[str], None],
    on_bad: Callable[[BadEntry], None],
    progress: Progress | None,
    index: Index | None,
    schools: Sequence[str],
) -> tuple[int, int]:
    from ilt_kit.review import report_csv

    parts = _Parts("csv", report_csv.session_csv, index, keep=False)
    result = scan_paths(paths, progress, index=index, on_parsed=parts.parsed if index is not None else None)
    if index is not None:
        index.flush()
    for entry in result.bad:
        on_bad(entry)
    good = 0
    for entry in chronological(_chosen(result.entries, schools)):
        try:
            text = parts(entry)
        except FileProblems as error:  # changed into a broken file since it was listed
            on_bad(BadEntry(entry.path, tuple(error.problems)))
            continue
        if not good:
            write(report_csv.CSV_HEADER)
        write(text)
        good += 1
    return good, len(result.bad)


def _report_csv(
    paths: list[Path], output: Path | None, force: bool = False, index: Index | None = None, schools: Sequence[str] = ()
) -> int:
    good = bad = 0
    if output is None:
        # rows stream to stdout as they are made: no bar when they go to the same terminal
        with progress_bar(not sys.stdout.isatty()) as progress:
            good, bad = stream_csv(paths, _stdout_write, _print_bad, progress, index, schools)
        sys.stdout.flush()
    else:

        def fill(handle: BinaryIO) -> None:
            nonlocal good, bad
            with progress_bar(True) as progress:
                good, bad = stream_csv(
                    paths, lambda text: handle.write(text.encode("utf-8")), _print_bad, progress, index, schools
                )
            if not good:
                raise _NothingRead  # make no file

        try:
            if code := _write_output(output, fill, force):
                return code
        except _NothingRead:
            pass
    if not good:
        return _nothing_read(paths, bad)
    _skipped(bad, good)
    if output is not None:
        _wrote(output, good)
    return 0


class _NothingRead(Exception):
    """No session could be read: the output file is not made."""


__all__ = ["FORMATS", "progress_bar", "run_report", "stream_csv"]
