"""The session record: what a session file holds, as pydantic models.

These models are the single source of truth for the session file format (``ilt-kit schema
session``). A record carries everything needed to read it without the content files — scenario
title, criterion titles, scale labels — so review still works after the content changes.

Field order is the order a leader reads the file in: title and date, the team, then segment by
segment. Defaults are left out of the file, so a record only shows what happened.

Version 2 (this one) writes every time in the session's own UTC offset (the offset of
``created``) to the whole second, and every duration as whole seconds; see :func:`session_time`.
Older files are brought up to it by :mod:`ilt_kit.store.migrate` before they are validated.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone
from importlib import import_module
from typing import Annotated, Any, Literal, Union

from pydantic import Field, ValidationInfo, model_validator

from ilt_kit.content.kinds import KINDS, SegmentKind
from ilt_kit.content.models import MIN_GROUP
from ilt_kit.store.results.base import (
    EARLIEST,
    LATEST,
    LOADED,
    MAX_ID,
    CONTENT_FILE,
    Loc,
    Rec,
    RecordContext,
    SegmentBase,
    Stamp,
    _duplicates,
    _refuse,
)

SCHEMA_VERSION = 2

def session_time(moment: datetime, created: datetime) -> datetime:
    """``moment`` as a session file writes it: in the offset of the session's ``created`` time,
    to the whole second (what a person reads on a clock; a TOML offset is whole minutes)."""
    offset = created.utcoffset()
    if offset is not None and not offset.total_seconds() % 60:
        moment = moment.astimezone(timezone(offset))
    return moment.replace(microsecond=0)


class RecordMember(Rec):
    name: str = Field(min_length=1)
    role: str = "other"


UNKNOWN = "unknown"
"""The school or district of a session whose team file did not name one (and of older files)."""


class RecordTeam(Rec):
    name: str = ""
    school: str = Field(UNKNOWN, description="The school, from the team file; absent in older files: 'unknown'.")
    district: str = Field(UNKNOWN, description="The district, from the team file; absent in older files: 'unknown'.")
    members: list[RecordMember] = Field(default_factory=list)


class Decision(Rec):
    text: str = Field(min_length=1)
    segment: str = Field("", description="The id of the segment it was made in; absent in files from before version 2.")


def _result_model(kind: SegmentKind) -> type[SegmentBase]:
    """The result model the registry names for a kind (``module:Class`` under ``ilt_kit.store.results``)."""
    module, _, name = kind.result.partition(":")
    return getattr(import_module(f"ilt_kit.store.results.{module}"), name)


RESULT_MODELS: dict[str, type[SegmentBase]] = {kind.id: _result_model(kind) for kind in KINDS.values()}
"""The result model of each segment kind, from its ``result`` in :data:`ilt_kit.content.kinds.KINDS`."""

SegmentResult = Annotated[Union[tuple(RESULT_MODELS.values())], Field(discriminator="kind")]  # type: ignore[valid-type]
"""A session record's segment: the result model of its kind."""

SessionStatus = Literal["in progress", "finished"]


class RecordEnd(Rec):
    """The file's last table, ``[end]``: a file whose header has an agenda must end with it, so a
    file cut short anywhere after its header is refused. It counts, never sums up, what precedes
    it, so a hand edit (a note reworded, an action marked done) keeps the file valid."""

    segments: int = Field(ge=1, le=MAX_ID, description="How many segments the file holds.")


def _last_key(data: Any) -> Loc:
    """The path of the last key of parsed TOML data, as the text spells it (a table's keys come in
    the order of the text, its tables after its values): where a file cut short stops."""
    loc: Loc = ()
    while True:
        if isinstance(data, dict) and data:
            key = next(reversed(data))
            loc, data = loc + (key,), data[key]
        elif isinstance(data, list) and data and isinstance(data[-1], dict):
            loc, data = loc + (len(data) - 1,), data[-1]
        else:
            return loc


def derived_session_id(created: datetime, scenario_id: str, team_name: str, title: str) -> str:
    """The id a new record gets, and the stable id of a file that has none (written before it existed).

    It depends on when the session was created, its scenario, its team and its title, so every
    copy of the file, reached through any folder, gets the same id, and two sessions differ in it
    unless they were started in the same second with the same scenario, team and title.
    """
    moment = created.astimezone(timezone.utc).replace(microsecond=0)
    digest = hashlib.sha1(f"{moment.isoformat()}|{scenario_id}|{team_name}|{title}".encode()).hexdigest()[:8]
    return f"{moment:%Y%m%dT%H%M%SZ}-{digest}"


class SessionRecord(Rec):
    """One facilitated session, as saved under ``sessions/``."""

    schema_version: int = Field(
        ge=1, le=MAX_ID, strict=True, description=f"The file format version; this ilt-kit writes {SCHEMA_VERSION}."
    )
    session_id: str = Field(
        "",
        description="A stable id, the same in every copy of the file; absent in older files (then derived from "
        "'created', 'scenario_id', the team's name and the title).",
    )
    title: str = Field(min_length=1)
    date: date
    status: SessionStatus
    scenario_id: str
    scenario_title: str
    scenario_file: str = Field("", description=CONTENT_FILE)
    framework: str = ""
    facilitator: str = ""
    min_group_size: int = Field(
        MIN_GROUP,
        ge=1,
        le=100,
        description="The scenario's smallest role group shown on its own, copied when the session was created so "
        "that a report made later applies the same rule; absent in older files (then 3).",
    )
    created: Stamp
    updated: Stamp
    ended: Stamp | None = Field(None, description="When the session was finished; absent while it is not.")
    current: str = Field(
        "", description="The id of the segment the facilitator is on; absent once the session is finished."
    )
    agenda: list[str] | None = Field(
        None,
        description="The segment ids in order, written in the header so that a file cut short is detected; "
        "absent in files from before it was added.",
    )
    decisions: list[Decision] = Field(default_factory=list)
    team: RecordTeam
    segments: list[SegmentResult] = Field(min_length=1)
    end: RecordEnd | None = Field(
        None,
        description="The file's last table: required in a file whose header has 'agenda', so that a file cut "
        "short is refused; ilt-kit always writes it (absent in files from before it was added).",
    )

    @model_validator(mode="before")
    @classmethod
    def _not_cut_short(cls, data: Any, info: ValidationInfo) -> Any:
        """A file with an agenda ends with ``[end]``: without it (or its count) the file was cut short.

        Checked first, on the data as read, so that the cut is the one thing reported, at the line
        where the file stops, not the keys the missing part would have held."""
        if info.context is LOADED and isinstance(data, dict) and "agenda" in data:
            end = data.get("end")
            if not (isinstance(end, dict) and "segments" in end):
                what = "the 'segments' count of its [end] table" if isinstance(end, dict) else "the [end] table"
                _refuse([(_last_key(data), f"the file was cut short: it stops here, without {what} that ilt-kit "
                          "always writes last (restore it from a copy or a backup)")])
        return data

    @model_validator(mode="after")
    def _whole_record(self) -> SessionRecord:
        """The rules that tie the parts of a record together (see docs/session-format.md)."""
        found: list[tuple[Loc, str]] = []
        ids = [segment.id for segment in self.segments]
        if self.end is not None and self.end.segments != len(ids):
            found.append(
                (("end", "segments"), f"[end] counts {self.end.segments} segment(s) but the file holds {len(ids)} "
                 "(was it cut short, or a segment removed?)")
            )
        found += [(loc + ("id",), m) for loc, m in _duplicates(ids, "segments", "segment id")]
        found += self._times()
        running = [index for index, segment in enumerate(self.segments) if segment.status == "running"]
        found += [
            (("segments", index, "status"), f"segment {self.segments[index].id!r} runs while {self.segments[running[0]].id!r} "
             "runs too: only one segment's timer runs at a time")
            for index in running[1:]
        ]
        if self.current not in ids and not (self.current == "" and self.status == "finished"):
            found.append((("current",), f"current names segment {self.current!r}, which is not in the file"))
        for d_index, decision in enumerate(self.decisions):
            if decision.segment and decision.segment not in ids:
                found.append((("decisions", d_index, "segment"), f"decision made in segment {decision.segment!r}, which is not in the file"))
        for s_index, segment in enumerate(self.segments):
            if segment.focus and segment.focus not in segment.focus_items():
                found.append((("segments", s_index, "focus"), f"focus names {segment.focus!r}, which is not an item of segment {segment.id!r}"))
        if self.agenda is not None:
            missing = [segment_id for segment_id in self.agenda if segment_id not in ids]
            if missing:
                found.append(
                    (("agenda",), f"the file is incomplete: agenda segment(s) {', '.join(map(repr, missing))} are missing "
                     "(was it cut short?)")
                )
            elif self.agenda != ids:
                found.append((("agenda",), f"the segments are {ids}, not the agenda {self.agenda}"))
        names = [member.name for member in self.team.members]
        found += [(("team",) + loc + ("name",), m) for loc, m in _duplicates(names, "members", "member name")]
        members = set(names)
        known = f"not a member of the team ({', '.join(names) or 'no members'})"
        context = RecordContext(
            members=frozenset(members),
            known=known,
            team_size=len(names),
            segments={segment.id: segment for segment in self.segments},
            first_day=self._first_day(),
        )
        for s_index, segment in enumerate(self.segments):
            here: Loc = ("segments", s_index)
            for t_index, share in enumerate(segment.talk):
                if share.member not in members:
                    found.append((here + ("talk", t_index, "member"), f"talk time of {share.member!r}: {known}"))
            found += [(here + loc, message) for loc, message in segment.check(context)]
        _refuse(found)
        return self

    def _times(self) -> list[tuple[Loc, str]]:
        """Every time lies within the session: from ``created`` to ``updated`` (the engine stamps
        ``updated`` at every change, after everything else), and those two within
        :data:`EARLIEST` - :data:`LATEST`; a ``done_on`` from the session's day on (review may mark
        an action done much later)."""
        found: list[tuple[Loc, str]] = []
        for key, moment in (("created", self.created), ("updated", self.updated)):
            if not EARLIEST <= moment < LATEST:
                found.append(((key,), f"'{key}' is {moment}, outside the years 1970-8999 that a session is held in"))
        if found:
            return found
        if self.updated < self.created:
            return [(("updated",), f"'updated' ({self.updated}) is before the session was created ({self.created})")]
        stamps: list[tuple[Loc, datetime | None]] = [(("ended",), self.ended)]
        for s_index, segment in enumerate(self.segments):
            stamps += [(("segments", s_index) + loc, moment) for loc, moment in segment.times()]
        for loc, moment in stamps:
            if moment is None:
                continue
            what = f"'{'.'.join(str(part) for part in loc if isinstance(part, str))}' ({moment})"
            if moment < self.created:
                found.append((loc, f"{what} is before the session was created ({self.created})"))
            elif moment > self.updated:
                found.append((loc, f"{what} is after the session was last updated ({self.updated})"))
        # talk time is counted whether the timer runs or not (one speaker at a time), so a
        # segment's talk fits in the time the session lasted (each share rounded on its own)
        lasted = (self.updated - self.created).total_seconds()
        for s_index, segment in enumerate(self.segments):
            talked = sum(share.seconds for share in segment.talk)
            if talked > lasted + len(segment.talk):
                found.append(
                    (("segments", s_index, "talk"), f"segment {segment.id!r} has {talked} seconds of talk time, longer "
                     f"than the session lasted ({int(lasted)} seconds from 'created' to 'updated')")
                )
        return found

    def _first_day(self) -> date | None:
        """The first day a ``done_on`` may name: the session's day on (the reviewer's day may be
        behind by an offset); None while the record's own times are out of range or order."""
        if not (EARLIEST <= self.created < LATEST and EARLIEST <= self.updated < LATEST) or self.updated < self.created:
            return None
        return (self.created - timedelta(days=1)).date()

    @model_validator(mode="after")
    def _derived(self) -> SessionRecord:
        """The id (when the file has none) and the [end] count, derived from the rest."""
        if not self.session_id:
            self.session_id = derived_session_id(self.created, self.scenario_id, self.team.name, self.title)
        self.end = RecordEnd(segments=len(self.segments))  # what every file is written with, last
        return self

    def segment_title(self, segment_id: str) -> str:
        """The title of the segment with that id ("" if there is none, as for a decision from a version-1 file)."""
        return next((s.title for s in self.segments if s.id == segment_id), "")

    def content_files(self) -> list[tuple[Literal["rubric", "scenario"], str, str]]:
        """(kind, id, recorded path) of the own content this session was made from, each once."""
        found: dict[tuple[Literal["rubric", "scenario"], str], str] = {}
        if self.scenario_file:
            found[("scenario", self.scenario_id)] = self.scenario_file
        for segment in self.segments:
            if (content := segment.content_file()) is not None:
                found.setdefault(("rubric", content[0]), content[1])
        return [(kind, item_id, path) for (kind, item_id), path in found.items()]
