"""Where a session goes in date order, from its entry or from a glance at its file's first lines."""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from pathlib import Path

from ilt_kit.diagnostics.problems import FileProblems
from ilt_kit.diagnostics.toml import read_text
from ilt_kit.review.entry import SessionEntry

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


__all__ = ["DateKey", "date_key", "peek_date_key"]
