"""What every segment of a session record has, whatever its kind, and the parts every record model
shares (see :mod:`ilt_kit.store.results`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Annotated, Any, ClassVar, Iterable, Literal, Mapping, Union

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from ilt_kit.diagnostics.problems import Rule, RuleErrors
from ilt_kit.literal import CONTROL_CHARS, drop_controls, name_key

YEAR_SECONDS = 366 * 24 * 3600
"""No duration in a session is longer than a year (planned, added, used, talk time)."""

MAX_ID = 2**63 - 1
"""The largest number a file may hold as an id: TOML's (and most TOML tools') 64-bit integers."""

MIN_PLANNED_SECONDS = 60
"""A segment is never planned for less than a minute (its plan plus the minutes added or taken)."""

EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(9000, 1, 1, tzinfo=timezone.utc)
"""A session's times lie between these: far from the ends of what a date-time can hold, so that
adding a year to one, or moving it to another offset, never overflows."""

Loc = tuple[Union[str, int], ...]

BallotSource = Literal["keyboard", "phone"]
"""Where an answer that counts was given: the facilitator's keyboard or the member's own phone."""


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


class TalkShare(Rec):
    member: str
    seconds: int = Field(ge=0, le=YEAR_SECONDS, description="Whole seconds.")


CONTENT_FILE = (
    "Where the content file was when the session started, relative to the session file's folder; "
    "absent for built-in content."
)


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

    plans_actions: ClassVar[bool] = False
    """Whether the team plans actions in a segment of this kind (see :meth:`planned_actions`)."""

    def focus_items(self) -> list[str]:
        """The ids of what members answer one at a time here (criteria, statements, forecast
        items), which the session's focus may name; none for other kinds."""
        return []

    def planned_actions(self) -> list[Any]:
        """The actions the team planned here (:class:`~ilt_kit.store.results.actions.Action`); none for most kinds."""
        return []

    def followed_actions(self) -> list[Any]:
        """Earlier actions the team followed up here
        (:class:`~ilt_kit.store.results.follow_up.FollowedAction`); none for most kinds."""
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

    def check(self, context: RecordContext) -> list[tuple[Loc, str]]:
        """The rules of this kind of segment against the rest of its record (members, other
        segments), each at its key under the segment; see :meth:`SessionRecord._whole_record`."""
        return []

    def times(self) -> list[tuple[Loc, datetime | None]]:
        """Every moment the segment records, at its key: each must lie within the session."""
        return [(("started",), self.started), (("ended",), self.ended)]

    def content_file(self) -> tuple[str, str] | None:
        """(the rubric's id, its recorded path) of own content this segment was made from; None for most kinds."""
        return None


def planned_time(segment: SegmentBase) -> int:
    """A segment's planned seconds as they stand: the scenario's plan plus the minutes added (or
    taken) during the session. Every figure of planned time (agenda, summary, reports) uses it."""
    return segment.planned_seconds + segment.extra_seconds


def total_planned_time(segments: Iterable[SegmentBase]) -> int:
    """The session's planned seconds as they stand: the sum of :func:`planned_time` over its segments."""
    return sum(planned_time(segment) for segment in segments)


@dataclass(frozen=True)
class RecordContext:
    """What a segment's own rules read of the rest of its record (see :meth:`SegmentBase.check`)."""

    members: frozenset[str]
    """The team members' names."""
    known: str
    """How a name that is not among them is reported: 'not a member of the team (...)'."""
    team_size: int
    segments: Mapping[str, SegmentBase]
    """Every segment of the record, by id."""
    first_day: date | None
    """The first day a date in the record may name (a day before ``created``); None when the
    record's own times are out of order (reported on their own)."""
