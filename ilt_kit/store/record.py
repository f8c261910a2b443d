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
from typing import Annotated, Any, Iterable, Literal, Union, get_args

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from ilt_kit.content.models import MIN_GROUP
from ilt_kit.diagnostics.problems import Rule, RuleErrors
from ilt_kit.literal import CONTROL_CHARS, drop_controls, name_key

SCHEMA_VERSION = 2

NO_EVIDENCE = 0
"""The level recorded for a 'no evidence' ballot; the record's scale names it."""

YEAR_SECONDS = 366 * 24 * 3600
"""No duration in a session is longer than a year (planned, added, used, talk time)."""

MAX_TALLY = 10_000
"""No show of hands counts more than this many hands for one level."""

MAX_ID = 2**63 - 1
"""The largest number a file may hold as an id: TOML's (and most TOML tools') 64-bit integers."""

MIN_PLANNED_SECONDS = 60
"""A segment is never planned for less than a minute (its plan plus the minutes added or taken)."""

EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(9000, 1, 1, tzinfo=timezone.utc)
"""A session's times lie between these: far from the ends of what a date-time can hold, so that
adding a year to one, or moving it to another offset, never overflows."""

Loc = tuple[Union[str, int], ...]


def _refuse(found: list[tuple[Loc, str]]) -> None:
    """Raise every rule a record breaks at once, each at its own key (see :class:`RuleErrors`)."""
    RuleErrors.check([Rule(loc, message) for loc, message in found])


def _duplicates(values: list[Any], where: str, what: str) -> list[tuple[Loc, str]]:
    """A problem for each item whose key was already used earlier in the same list."""
    seen: set[Any] = set()
    found: list[tuple[Loc, str]] = []
    for index, value in enumerate(values):
        key = name_key(value) if isinstance(value, str) else value
        if key in seen:
            found.append(((where, index), f"{what} {value!r} is used twice"))
        seen.add(key)
    return found


Stamp = Annotated[AwareDatetime, Field(strict=True)]
"""A moment with its UTC offset; a TOML date-time, never a number (``2`` is not 1970)."""

LOADED: dict[str, bool] = {"from_toml": True}
"""Validation context for data read from a TOML file: it holds nothing TOML cannot hold."""


def _fit_for_toml(value: Any) -> Any:
    """Values a session file may hold: newlines as '\n', no other control characters, UTC offsets
    in whole minutes."""
    if isinstance(value, str):
        return drop_controls(value) if CONTROL_CHARS.search(value) else value
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
    # strict: a file that says level = "3" or level = 3.0 is refused, never quietly converted
    model_config = ConfigDict(extra="forbid", validate_assignment=False, strict=True, allow_inf_nan=False)

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


BallotSource = Literal["keyboard", "phone"]


class Ballot(Rec):
    member: str
    level: int = Field(ge=0, le=9)
    source: BallotSource = Field(
        "keyboard",
        description="Where the ballot was cast: 'keyboard' (the facilitator's keys; absent in the file, and in "
        "files from before phones could join) or 'phone' (the member's own device).",
    )


class TallyCount(Rec):
    level: int = Field(ge=0, le=9)
    count: int = Field(ge=0, le=MAX_TALLY)
    role: str = Field("", description="The role group, when a survey tally is split by role.")


VoteMode = Literal["ballot", "tally"]


class Round(Rec):
    number: int = Field(ge=1, le=MAX_ID)
    mode: VoteMode = "ballot"
    revealed: Stamp | None = Field(None, description="When the ballots were shown; absent: still hidden.")
    ballots: list[Ballot] = Field(default_factory=list)
    tally: list[TallyCount] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_ballot_each(self) -> Round:
        found = [(loc + ("member",), m) for loc, m in _duplicates([b.member for b in self.ballots], "ballots", "a ballot from")]
        if self.mode == "tally" and self.ballots:
            found.append((("ballots",), f"round {self.number} is a show of hands (mode = \"tally\") but holds named ballots"))
        if self.mode == "ballot" and self.tally:
            found.append((("tally",), f"round {self.number} takes named ballots (mode = \"ballot\") but holds a tally"))
        _refuse(found)
        return self


class CriterionResult(Rec):
    id: str
    title: str
    group: str = ""
    statement: str = Field("", description="Survey only: the full wording of the statement put to the team.")
    agreed: int | None = Field(None, ge=0, le=9, description="The level the team agreed on.")
    evidence: str = Field("", description="The evidence behind the agreed level.")
    rounds: list[Round] = Field(
        default_factory=list, description="At least one: round 1 first, each numbered one more than the one before."
    )

    @model_validator(mode="after")
    def _rounds_in_order(self) -> CriterionResult:
        if not self.rounds:
            _refuse([(("rounds",), f"criterion {self.id!r} has no rounds; it needs at least round 1")])
        _refuse(
            [
                (("rounds", index, "number"), f"round {rnd.number} is out of order: expected round {index + 1}")
                for index, rnd in enumerate(self.rounds)
                if rnd.number != index + 1
            ]
            + [
                (("rounds", index + 1, "number"), f"round {index + 2} follows round {index + 1}, which was never revealed")
                for index, rnd in enumerate(self.rounds[:-1])
                if rnd.revealed is None
            ]
        )
        return self


class Idea(Rec):
    id: int = Field(ge=1, le=MAX_ID)
    text: str = Field(min_length=1)
    author: str = ""
    theme: str = ""


class MergedIdea(Idea):
    """An idea folded into another one: kept so that its number, words and author stay on record."""

    merged_into: int = Field(ge=1, le=MAX_ID, description="The number of the idea it was merged into.")


class Dot(Rec):
    member: str
    idea: int = Field(ge=1, le=MAX_ID)
    count: int = Field(ge=1)
    source: BallotSource = Field(
        "keyboard", description="Where this member's dots on the idea were last placed or taken back (see Ballot.source)."
    )


class Rating(Rec):
    member: str
    likelihood: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)
    source: BallotSource = Field("keyboard", description="Where the rating that counts was given (see Ballot.source).")


class ForecastEntry(Rec):
    id: str
    title: str
    description: str = ""
    likelihood: int | None = Field(None, ge=1, le=5, description="Agreed likelihood (1-5).")
    impact: int | None = Field(None, ge=1, le=5, description="Agreed impact (1-5).")
    ratings: list[Rating] = Field(default_factory=list)


class Action(Rec):
    id: int = Field(ge=1, le=MAX_ID)
    what: str = Field(min_length=1)
    owner: str = ""
    due: date | None = None
    link: str = Field("", description="A criterion or idea this action follows from.")
    status: Literal["open", "done"]
    done_on: date | None = None

    @model_validator(mode="after")
    def _done_date_only_when_done(self) -> Action:
        if self.status == "open" and self.done_on is not None:
            _refuse([(("done_on",), f"action {self.id} is open but has a done date ({self.done_on}); remove one")])
        return self


class TalkShare(Rec):
    member: str
    seconds: int = Field(ge=0, le=YEAR_SECONDS, description="Whole seconds.")


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
    planned_seconds: int = Field(gt=0, le=YEAR_SECONDS)
    extra_seconds: int = Field(
        0, ge=-YEAR_SECONDS, le=YEAR_SECONDS, description="Minutes added (or taken) during the session, in seconds."
    )
    elapsed_seconds: int = Field(0, ge=0, le=YEAR_SECONDS, description="Whole seconds the timer ran on this segment.")
    started: Stamp | None = None
    ended: Stamp | None = None
    notes: str = ""
    talk: list[TalkShare] = Field(default_factory=list)
    focus: str = Field(
        "",
        description="The criterion, statement or forecast item being answered in this segment (a resumed session "
        "opens there); absent in a segment without them and in files from before it was added.",
    )

    def focus_items(self) -> list[str]:
        """The ids of what members answer one at a time here (criteria, statements, forecast
        items), which the session's focus may name; none for other kinds."""
        return []

    @model_validator(mode="after")
    def _segment_rules(self) -> SegmentBase:
        found: list[tuple[Loc, str]] = []
        if self.started is not None and self.ended is not None and self.ended < self.started:
            found.append((("ended",), f"segment {self.id!r} ended ({self.ended}) before it started ({self.started})"))
        if self.planned_seconds + self.extra_seconds < MIN_PLANNED_SECONDS:
            found.append(
                (("extra_seconds",), f"segment {self.id!r} is planned for {self.planned_seconds + self.extra_seconds} "
                 "seconds with the time added or taken; a segment is planned for at least a minute")
            )
        found += _duplicates([share.member for share in self.talk], "talk", "talk time of")

        found += self._rules()
        _refuse(found)
        return self

    def _rules(self) -> list[tuple[Loc, str]]:
        """The rules of one kind of segment (its own lists), besides those every segment has."""
        return []


def planned_time(segment: SegmentBase) -> int:
    """A segment's planned seconds as they stand: the scenario's plan plus the minutes added (or
    taken) during the session. Every figure of planned time (agenda, summary, reports) uses it."""
    return segment.planned_seconds + segment.extra_seconds


def total_planned_time(segments: Iterable[SegmentBase]) -> int:
    """The session's planned seconds as they stand: the sum of :func:`planned_time` over its segments."""
    return sum(planned_time(segment) for segment in segments)


class BriefingResult(SegmentBase):
    kind: Literal["briefing"]


class ReflectionResult(SegmentBase):
    kind: Literal["reflection"]


class BrainstormResult(SegmentBase):
    kind: Literal["brainstorm"]
    ideas: list[Idea] = Field(default_factory=list)
    merged: list[MergedIdea] = Field(default_factory=list, description="Ideas merged into others, in merge order.")

    def _rules(self) -> list[tuple[Loc, str]]:
        found = [(loc + ("id",), m) for loc, m in _duplicates([idea.id for idea in self.ideas], "ideas", "idea id")]
        ideas = {idea.id for idea in self.ideas}
        found += [
            (("merged", index, "id"), f"merged idea {idea.id} has the number of an idea still on the list")
            for index, idea in enumerate(self.merged)
            if idea.id in ideas
        ]
        found += [(loc + ("id",), m) for loc, m in _duplicates([idea.id for idea in self.merged], "merged", "merged idea id")]
        known = ideas | {idea.id for idea in self.merged}
        for index, idea in enumerate(self.merged):
            if idea.merged_into == idea.id:
                found.append((("merged", index, "merged_into"), f"idea {idea.id} is merged into itself"))
            elif idea.merged_into not in known:
                found.append(
                    (("merged", index, "merged_into"), f"idea {idea.id} is merged into idea {idea.merged_into}, which is not in the segment")
                )
        return found


class RatedBase(SegmentBase):
    rubric_id: str
    rubric_title: str
    rubric_file: str = Field("", description=CONTENT_FILE)
    scale: list[ScaleLevel] = Field(description="At least one level, values rising, each value once.")
    criteria: list[CriterionResult] = Field(min_length=1, description="At least one: a rubric or survey without criteria cannot be run.")

    def focus_items(self) -> list[str]:
        return [criterion.id for criterion in self.criteria]

    def _rules(self) -> list[tuple[Loc, str]]:
        found: list[tuple[Loc, str]] = []
        if not self.scale:
            found.append((("scale",), "the scale is empty: it needs at least one level"))
        for index in range(1, len(self.scale)):
            before, level = self.scale[index - 1].value, self.scale[index].value
            if level <= before:
                word = "is used twice" if level == before else f"comes after {before}: values must rise"
                found.append((("scale", index, "value"), f"scale level {level} {word}"))
        found += [(loc + ("id",), m) for loc, m in _duplicates([c.id for c in self.criteria], "criteria", "criterion id")]
        values = {level.value for level in self.scale}
        on_scale = f"not on the scale ({', '.join(str(v) for v in sorted(values))})"
        for c_index, criterion in enumerate(self.criteria):
            here: Loc = ("criteria", c_index)
            if criterion.agreed is not None and criterion.agreed not in values:
                found.append((here + ("agreed",), f"agreed level {criterion.agreed} is {on_scale}"))
            for r_index, rnd in enumerate(criterion.rounds):
                for b_index, ballot in enumerate(rnd.ballots):
                    if ballot.level not in values:
                        where = here + ("rounds", r_index, "ballots", b_index, "level")
                        found.append((where, f"level {ballot.level} is {on_scale}"))
                for t_index, tally in enumerate(rnd.tally):
                    if tally.level not in values:
                        where = here + ("rounds", r_index, "tally", t_index, "level")
                        found.append((where, f"level {tally.level} is {on_scale}"))
        return found


class RubricResult(RatedBase):
    kind: Literal["rubric"]


class SurveyResult(RatedBase):
    kind: Literal["survey"]
    split_by_role: bool = False


class ForecastResult(SegmentBase):
    kind: Literal["forecast"]
    item_label: str = "force"
    hidden: bool = Field(
        False,
        description="Members' ratings are hidden until 'revealed' (every new forecast); absent in files from "
        "before ratings were hidden, whose ratings count as revealed.",
    )
    revealed: Stamp | None = Field(None, description="When the members' ratings were shown; absent: still hidden.")
    items: list[ForecastEntry] = Field(default_factory=list)

    @property
    def shown(self) -> bool:
        """The members' ratings may be shown: revealed, or never hidden (a file from before hidden ratings)."""
        return not self.hidden or self.revealed is not None

    def focus_items(self) -> list[str]:
        return [item.id for item in self.items]

    def _rules(self) -> list[tuple[Loc, str]]:
        found = [(loc + ("id",), m) for loc, m in _duplicates([item.id for item in self.items], "items", "item id")]
        for index, item in enumerate(self.items):
            found += [
                (("items", index) + loc + ("member",), m)
                for loc, m in _duplicates([r.member for r in item.ratings], "ratings", "a rating from")
            ]
        return found


class PrioritizeResult(SegmentBase):
    kind: Literal["prioritize"]
    source: str = Field(description="The brainstorm segment whose ideas get dots.")
    budget: int = Field(ge=1, le=100, description="Dots per member.")
    hidden: bool = Field(
        False, description="The dots on each idea are hidden until 'revealed'; absent in files from before hidden dots."
    )
    revealed: Stamp | None = Field(None, description="When the dots were shown; absent: still hidden.")
    dots: list[Dot] = Field(default_factory=list)

    @property
    def shown(self) -> bool:
        """The dots on each idea may be shown: revealed, or never hidden."""
        return not self.hidden or self.revealed is not None

    def _rules(self) -> list[tuple[Loc, str]]:
        found: list[tuple[Loc, str]] = []
        used: dict[str, int] = {}
        for index, dot in enumerate(self.dots):
            used[dot.member] = used.get(dot.member, 0) + dot.count
            if used[dot.member] > self.budget:
                found.append(
                    (("dots", index, "count"), f"{dot.member!r} has placed {used[dot.member]} dots; the budget is {self.budget}")
                )
        return found


class ActionsResult(SegmentBase):
    kind: Literal["actions"]
    actions: list[Action] = Field(default_factory=list)

    def _rules(self) -> list[tuple[Loc, str]]:
        return [(loc + ("id",), m) for loc, m in _duplicates([a.id for a in self.actions], "actions", "action id")]


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
RESULT_MODELS: dict[str, type[SegmentBase]] = {
    get_args(model.model_fields["kind"].annotation)[0]: model for model in get_args(get_args(SegmentResult)[0])
}
"""The result model of each segment kind (the kinds of ``ilt_kit.content.kinds``: a test checks it)."""

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
        by_id = {segment.id: segment for segment in self.segments}
        for s_index, segment in enumerate(self.segments):
            here: Loc = ("segments", s_index)
            if isinstance(segment, RatedBase):
                for c_index, criterion in enumerate(segment.criteria):
                    for r_index, rnd in enumerate(criterion.rounds):
                        hands = sum(tally.count for tally in rnd.tally)
                        if hands > len(names):
                            where = here + ("criteria", c_index, "rounds", r_index, "tally")
                            found.append((where, f"round {rnd.number} counts {hands} hands; the team has {len(names)} members"))
            for t_index, share in enumerate(segment.talk):
                if share.member not in members:
                    found.append((here + ("talk", t_index, "member"), f"talk time of {share.member!r}: {known}"))
            if isinstance(segment, RatedBase):
                for c_index, criterion in enumerate(segment.criteria):
                    for r_index, rnd in enumerate(criterion.rounds):
                        for b_index, ballot in enumerate(rnd.ballots):
                            if ballot.member not in members:
                                where = here + ("criteria", c_index, "rounds", r_index, "ballots", b_index, "member")
                                found.append((where, f"a ballot from {ballot.member!r}: {known}"))
            elif isinstance(segment, ForecastResult):
                for i_index, item in enumerate(segment.items):
                    for r_index, rating in enumerate(item.ratings):
                        if rating.member not in members:
                            where = here + ("items", i_index, "ratings", r_index, "member")
                            found.append((where, f"a rating from {rating.member!r}: {known}"))
            elif isinstance(segment, PrioritizeResult):
                source = by_id.get(segment.source)
                if not isinstance(source, BrainstormResult):
                    what = "is not in the file" if source is None else f"is a {source.kind}, not a brainstorm"
                    found.append((here + ("source",), f"the dots are on the ideas of {segment.source!r}, which {what}"))
                ideas = {idea.id for idea in source.ideas} if isinstance(source, BrainstormResult) else set()
                for d_index, dot in enumerate(segment.dots):
                    if dot.member not in members:
                        found.append((here + ("dots", d_index, "member"), f"dots from {dot.member!r}: {known}"))
                    if isinstance(source, BrainstormResult) and dot.idea not in ideas:
                        found.append((here + ("dots", d_index, "idea"), f"a dot on idea {dot.idea}, which {segment.source!r} does not have"))
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
            stamps += [(("segments", s_index, "started"), segment.started), (("segments", s_index, "ended"), segment.ended)]
            if isinstance(segment, RatedBase):
                for c_index, criterion in enumerate(segment.criteria):
                    stamps += [
                        (("segments", s_index, "criteria", c_index, "rounds", r_index, "revealed"), rnd.revealed)
                        for r_index, rnd in enumerate(criterion.rounds)
                    ]
            elif "revealed" in type(segment).model_fields:  # a forecast, a dot vote
                stamps.append((("segments", s_index, "revealed"), segment.revealed))  # type: ignore[attr-defined]
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
        first_day = (self.created - timedelta(days=1)).date()  # the reviewer's day may be behind by an offset
        for s_index, segment in enumerate(self.segments):
            if isinstance(segment, ActionsResult):
                for a_index, action in enumerate(segment.actions):
                    if action.done_on is not None and not first_day <= action.done_on < LATEST.date():
                        found.append(
                            (("segments", s_index, "actions", a_index, "done_on"),
                             f"action {action.id} was done on {action.done_on}, outside the session's day and the years after it")
                        )
        return found

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
            if isinstance(segment, RatedBase) and segment.rubric_file:
                found.setdefault(("rubric", segment.rubric_id), segment.rubric_file)
        return [(kind, item_id, path) for (kind, item_id), path in found.items()]
