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
import re
from datetime import date, datetime, timezone
from typing import Annotated, Any, Literal, Union

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationInfo, model_validator

SCHEMA_VERSION = 2

NO_EVIDENCE = 0
"""The level recorded for a 'no evidence' ballot; the record's scale names it."""


Stamp = Annotated[AwareDatetime, Field(strict=True)]
"""A moment with its UTC offset; a TOML date-time, never a number (``2`` is not 1970)."""

LOADED: dict[str, bool] = {"from_toml": True}
"""Validation context for data read from a TOML file: it holds nothing TOML cannot hold."""

_CARRIAGE_RETURN = re.compile(r"\r\n?")


def _fit_for_toml(value: Any) -> Any:
    """Values a TOML file can hold exactly: newlines as '\n', UTC offsets in whole minutes."""
    if isinstance(value, str):
        return _CARRIAGE_RETURN.sub("\n", value) if "\r" in value else value
    if isinstance(value, datetime):
        offset = value.utcoffset()
        if offset is not None and offset.total_seconds() % 60:
            return value.astimezone(timezone.utc)  # TOML offsets are HH:MM
        return value
    if isinstance(value, list) and value and isinstance(value[0], str):
        return [_fit_for_toml(item) for item in value]
    return value


def session_time(moment: datetime, created: datetime) -> datetime:
    """``moment`` as a session file writes it: in the offset of the session's ``created`` time,
    to the whole second (what a person reads on a clock; a TOML offset is whole minutes)."""
    offset = created.utcoffset()
    if offset is not None and not offset.total_seconds() % 60:
        moment = moment.astimezone(timezone(offset))
    return moment.replace(microsecond=0)


class Rec(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    @model_validator(mode="before")
    @classmethod
    def _toml_safe(cls, data: Any, info: ValidationInfo) -> Any:
        # data just parsed from a TOML file already fits (see ``LOADED``): skip the work there
        if isinstance(data, dict) and info.context is not LOADED:
            return {key: _fit_for_toml(value) for key, value in data.items()}
        return data


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


class ScaleLevel(Rec):
    value: int = Field(ge=0, le=9, description="0 is the 'no evidence' choice where the scale has one.")
    label: str


class Ballot(Rec):
    member: str
    level: int = Field(ge=0, le=9)


class TallyCount(Rec):
    level: int = Field(ge=0, le=9)
    count: int = Field(ge=0)
    role: str = Field("", description="The role group, when a survey tally is split by role.")


VoteMode = Literal["ballot", "tally"]


class Round(Rec):
    number: int = Field(ge=1)
    mode: VoteMode = "ballot"
    revealed: Stamp | None = Field(None, description="When the ballots were shown; absent: still hidden.")
    ballots: list[Ballot] = Field(default_factory=list)
    tally: list[TallyCount] = Field(default_factory=list)


class CriterionResult(Rec):
    id: str
    title: str
    group: str = ""
    statement: str = Field("", description="Survey only: the full wording of the statement put to the team.")
    agreed: int | None = Field(None, ge=0, le=9, description="The level the team agreed on.")
    evidence: str = Field("", description="The evidence behind the agreed level.")
    rounds: list[Round] = Field(default_factory=list)


class Idea(Rec):
    id: int = Field(ge=1)
    text: str = Field(min_length=1)
    author: str = ""
    theme: str = ""


class MergedIdea(Idea):
    """An idea folded into another one: kept so that its number, words and author stay on record."""

    merged_into: int = Field(ge=1, description="The number of the idea it was merged into.")


class Dot(Rec):
    member: str
    idea: int
    count: int = Field(ge=1)


class Rating(Rec):
    member: str
    likelihood: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)


class ForecastEntry(Rec):
    id: str
    title: str
    description: str = ""
    likelihood: int | None = Field(None, ge=1, le=5, description="Agreed likelihood (1-5).")
    impact: int | None = Field(None, ge=1, le=5, description="Agreed impact (1-5).")
    ratings: list[Rating] = Field(default_factory=list)


class Action(Rec):
    id: int = Field(ge=1)
    what: str = Field(min_length=1)
    owner: str = ""
    due: date | None = None
    link: str = Field("", description="A criterion or idea this action follows from.")
    status: Literal["open", "done"]
    done_on: date | None = None


class TalkShare(Rec):
    member: str
    seconds: int = Field(ge=0, description="Whole seconds.")


CONTENT_FILE = (
    "Where the content file was when the session started, relative to the session file's folder; "
    "absent for built-in content."
)


class Decision(Rec):
    text: str = Field(min_length=1)
    segment: str = Field("", description="The id of the segment it was made in; absent in files from before version 2.")


SegmentStatus = Literal["pending", "running", "paused", "done", "skipped"]


class SegmentBase(Rec):
    id: str
    title: str
    status: SegmentStatus
    planned_seconds: int = Field(gt=0)
    extra_seconds: int = Field(0, description="Minutes added (or taken) during the session, in seconds.")
    elapsed_seconds: int = Field(0, ge=0, description="Whole seconds the timer ran on this segment.")
    started: Stamp | None = None
    ended: Stamp | None = None
    notes: str = ""
    talk: list[TalkShare] = Field(default_factory=list)


class BriefingResult(SegmentBase):
    kind: Literal["briefing"]


class ReflectionResult(SegmentBase):
    kind: Literal["reflection"]


class BrainstormResult(SegmentBase):
    kind: Literal["brainstorm"]
    ideas: list[Idea] = Field(default_factory=list)
    merged: list[MergedIdea] = Field(default_factory=list, description="Ideas merged into others, in merge order.")


class RatedBase(SegmentBase):
    rubric_id: str
    rubric_title: str
    rubric_file: str = Field("", description=CONTENT_FILE)
    scale: list[ScaleLevel]
    criteria: list[CriterionResult] = Field(default_factory=list)


class RubricResult(RatedBase):
    kind: Literal["rubric"]


class SurveyResult(RatedBase):
    kind: Literal["survey"]
    split_by_role: bool = False


class ForecastResult(SegmentBase):
    kind: Literal["forecast"]
    item_label: str = "force"
    items: list[ForecastEntry] = Field(default_factory=list)


class PrioritizeResult(SegmentBase):
    kind: Literal["prioritize"]
    source: str = Field(description="The brainstorm segment whose ideas get dots.")
    budget: int = Field(ge=1, description="Dots per member.")
    dots: list[Dot] = Field(default_factory=list)


class ActionsResult(SegmentBase):
    kind: Literal["actions"]
    actions: list[Action] = Field(default_factory=list)


SegmentResult = Annotated[
    Union[
        BriefingResult,
        BrainstormResult,
        RubricResult,
        SurveyResult,
        ForecastResult,
        PrioritizeResult,
        ActionsResult,
        ReflectionResult,
    ],
    Field(discriminator="kind"),
]

SessionStatus = Literal["in progress", "finished"]


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
        ge=1, strict=True, description=f"The file format version; this ilt-kit writes {SCHEMA_VERSION}."
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
    created: Stamp
    updated: Stamp
    ended: Stamp | None = Field(None, description="When the session was finished; absent while it is not.")
    current: str = Field(
        "", description="The id of the segment the facilitator is on; absent once the session is finished."
    )
    decisions: list[Decision] = Field(default_factory=list)
    team: RecordTeam
    segments: list[SegmentResult] = Field(min_length=1)

    @model_validator(mode="after")
    def _stable_id(self) -> SessionRecord:
        if not self.session_id:
            self.session_id = derived_session_id(self.created, self.scenario_id, self.team.name, self.title)
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
            if isinstance(segment, RatedBase) and segment.rubric_file:
                found.setdefault(("rubric", segment.rubric_id), segment.rubric_file)
        return [(kind, item_id, path) for (kind, item_id), path in found.items()]
