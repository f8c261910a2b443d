"""The CSV report: every recorded value of saved sessions as a row, for a spreadsheet.

Columns (one row per recorded value; see docs/review.md):
``session, file, date, school, segment, kind, item, item_title, member, role, round, value, label,
source`` (``source``: where a member's own answer came from, ``phone`` or ``keyboard``, on the rows
of ballots, forecast ratings and dots; empty on every other row).
The rows of the whole session (decisions, time used, notes, talk time) are written here, each
segment kind's rows by its summary section (:mod:`ilt_kit.review.sections`, its ``csv``).
"""

from __future__ import annotations

import re
from typing import Sequence

from ilt_kit.literal import visible
from ilt_kit.review.report_md import chronological
from ilt_kit.review.entry import SessionEntry
from ilt_kit.review.sections import section_of
from ilt_kit.review.summary import member_roles
from ilt_kit.store.record import SessionRecord
from ilt_kit.store.results.base import planned_time

CSV_COLUMNS = (
    "session",
    "file",
    "date",
    "school",
    "segment",
    "kind",
    "item",
    "item_title",
    "member",
    "role",
    "round",
    "value",
    "label",
    "source",
)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def csv_cell(text: str) -> str:
    """A text as a spreadsheet shows it and never runs it: one that would start a formula
    (``=``, ``+``, ``-``, ``@``, a tab or a carriage return) and is not a number gets a leading
    apostrophe, as OWASP recommends against CSV injection; control characters are made visible."""
    text = visible(text)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


class _Quoted(dict):
    """Field text -> its csv form, each distinct text quoted once (as :mod:`csv` QUOTE_MINIMAL does),
    after :func:`csv_cell` has made it inert."""

    def __missing__(self, original: str) -> str:
        text = csv_cell(original)
        if "," in text or '"' in text or "\n" in text or "\r" in text:
            quoted = '"' + text.replace('"', '""') + '"'
        else:
            quoted = text
        self[original] = quoted
        return quoted


class CsvRows:
    """The rows of one session's csv as they are made: what a kind's section (its ``csv``) writes with.

    ``q[text]`` is a text's csv form (quoted once); ``add`` appends a ready line; ``row`` joins
    fields after a prefix; ``person(name)`` is 'name,role' ready to join."""

    def __init__(self, record: SessionRecord) -> None:
        self.q = _Quoted()
        self.record = record
        self.roles = member_roles(record)
        self.lines: list[str] = []
        self.add = self.lines.append
        self._who = {name: f"{self.q[name]},{self.q[role]}" for name, role in self.roles.items()}

    def row(self, prefix: str, *fields: str, source: str = "") -> None:
        """A line of ``fields`` after ``prefix``, the last column ``source`` (a member's own answer)."""
        self.add(prefix + "," + ",".join([self.q[f] for f in fields]) + "," + source + "\n")

    def person(self, name: str) -> str:
        """'name,role' ready to join (a name not on the team has no role)."""
        found = self._who.get(name)
        if found is None:
            found = self._who[name] = f"{self.q[name]},"
        return found


def session_csv(entry: SessionEntry) -> str:
    """The csv lines (no header) of one session: one line per recorded value.

    Written by hand rather than with :mod:`csv` because a large folder makes millions of rows:
    each distinct text is quoted once, and a ballot row is a join of four ready-made parts.
    The result is exactly what ``csv.writer(lineterminator="\\n")`` writes (a test checks it).
    """
    record = entry.record
    rows = CsvRows(record)
    q, add = rows.q, rows.add
    head = f"{q[record.title]},{q[str(entry.path)]},{record.date.isoformat()},{q[entry.school]}"
    kinds = {segment.id: segment.kind for segment in record.segments}
    for number, decision in enumerate(record.decisions, 1):
        add(f"{head},{q[decision.segment]},{q[kinds.get(decision.segment, '')]},{number},{q[decision.text]},,,,,decision,\n")
    for segment in record.segments:
        seg = f"{head},{q[segment.id]},{q[segment.kind]}"
        add(f"{seg},,time used,,,,{segment.elapsed_seconds},seconds;planned={planned_time(segment)};status={segment.status},\n")
        if segment.notes:
            add(f"{seg},,notes,,,,{q[segment.notes]},notes,\n")
        section_of(segment.kind).csv(segment, seg, rows)
        for share in segment.talk:
            add(f"{seg},,talk time,{rows.person(share.member)},,{share.seconds},seconds,\n")
    return "".join(rows.lines)


CSV_HEADER = ",".join(CSV_COLUMNS) + "\n"


def report_csv(entries: Sequence[SessionEntry]) -> str:
    """Every recorded value as a csv row (header first), sessions in date order; parses back with :mod:`csv`."""
    return CSV_HEADER + "".join(session_csv(entry) for entry in chronological(entries))


__all__ = ["CSV_COLUMNS", "CSV_HEADER", "CsvRows", "csv_cell", "report_csv", "session_csv"]
