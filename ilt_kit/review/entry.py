"""What the review list knows of a session file: :class:`SessionEntry` for a session that loaded
(the light summary a list, the compare and the follow-up tabs show; the full record is read from the
file when it is asked for) and :class:`BadEntry` for a file that is not a usable session.

A list entry holds only what the list, compare and follow-up tabs show; the full record (about
120 KB in memory) is read again from its file when a session is opened or reported. Strings that
repeat across sessions (rubric and criterion titles, scale labels, school names) are interned,
so 10,000 entries share one copy of each.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable

from ilt_kit.diagnostics.problems import Problem
from ilt_kit.session.stats import is_no_evidence, rated_median
from ilt_kit.store.files import load_record
from ilt_kit.store.record import SessionRecord
from ilt_kit.store.results.actions import ActionsResult
from ilt_kit.store.results.brainstorm import BrainstormResult
from ilt_kit.store.results.rated import NO_EVIDENCE, CriterionResult, RatedBase


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
        elif segment.plans_actions:
            for action in segment.planned_actions():
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


@dataclass(frozen=True, slots=True)
class Step:
    """One level of a rated segment's scale (what :class:`~ilt_kit.store.record.ScaleLevel` holds)."""

    value: int
    label: str


@dataclass(frozen=True, slots=True)
class CriterionLevel:
    """A criterion or statement of a rated segment: its agreed level and the last revealed median,
    and what calibration needs of its first two rounds (levels only, never names)."""

    id: str
    title: str
    group: str
    agreed: int | None
    evidence: str
    median: float | None
    first_mode: str = ""
    """How round 1 was taken: 'ballot' or 'tally' (a show of hands); '' when it was never revealed."""
    first: tuple[int, ...] = ()
    """Round 1's ballot levels, 'no evidence' (0) included; empty unless round 1 is a revealed ballot round."""
    principal: int | None = None
    """The principal's round-1 level: None when no member has the role 'principal', 0 when the
    principal gave no rated round-1 ballot."""
    moves: tuple[tuple[int, int], ...] = ()
    """(round 1, round 2) levels of each other member with a rated ballot in both, when rounds 1 and 2
    are revealed ballot rounds (empty otherwise)."""


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
    goal: str = ""
    """The id of the goal it serves (see :mod:`ilt_kit.content.goals`); '' for none."""


@dataclass(frozen=True, slots=True)
class FollowUpOutcome:
    """What a follow-up segment of this session made of an earlier session's action (what
    :class:`~ilt_kit.store.results.follow_up.FollowedAction` holds, less what it copied in): the
    review's follow-up and goals tabs and the reports read a follow-up's outcomes from here."""

    source: str
    """The earlier session's file name, without '.toml'."""
    segment: str
    action: int
    status: str
    """open (not looked at), done, carried or dropped."""
    carried_to: date | None = None
    reason: str = ""
    impact: str = ""


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


PRINCIPAL = "principal"
"""The role (any case) that marks the principal in a team."""


def principal_of(record: SessionRecord) -> str | None:
    """The first member whose role is 'principal' (any case), or None when the team records none."""
    for member in record.team.members:
        if member.role.strip().casefold() == PRINCIPAL:
            return member.name
    return None


def _revealed_ballots(criterion: CriterionResult, number: int) -> dict[str, int] | None:
    """Round ``number``'s ballots by member when it is a revealed ballot round (else None)."""
    if len(criterion.rounds) < number:
        return None
    rnd = criterion.rounds[number - 1]
    if rnd.revealed is None or rnd.mode != "ballot":
        return None
    return {ballot.member: ballot.level for ballot in rnd.ballots}


def _level(criterion: CriterionResult, principal: str | None) -> CriterionLevel:
    """A criterion's list entry, with its first rounds for calibration."""
    first = _revealed_ballots(criterion, 1)
    mode = "" if not criterion.rounds or criterion.rounds[0].revealed is None else criterion.rounds[0].mode
    lead: int | None = None
    moves: tuple[tuple[int, int], ...] = ()
    if principal is not None:
        lead = first.get(principal, NO_EVIDENCE) if first is not None else NO_EVIDENCE
    second = _revealed_ballots(criterion, 2)
    if first is not None and second is not None:
        moves = tuple(
            (level, second[member])
            for member, level in first.items()
            if member != principal and member in second and not (is_no_evidence(level) or is_no_evidence(second[member]))
        )
    return CriterionLevel(
        _intern(criterion.id), _intern(criterion.title), _intern(criterion.group), criterion.agreed, criterion.evidence,
        last_revealed_median(criterion), _intern(mode), tuple(first.values()) if first is not None else (), lead, moves,
    )


_intern = sys.intern
_SCALES: dict[tuple[tuple[int, str], ...], tuple[Step, ...]] = {}


def shared_scale(pairs: Iterable[tuple[int, str]]) -> tuple[Step, ...]:
    """One tuple of :class:`Step` for each distinct scale, however many sessions use it."""
    key = tuple((value, label) for value, label in pairs)
    found = _SCALES.get(key)
    if found is None:
        found = _SCALES.setdefault(key, tuple(Step(value, _intern(label)) for value, label in key))
    return found


def _rated(segment: RatedBase, principal: str | None = None) -> RatedSummary:
    return RatedSummary(
        segment_id=_intern(segment.id),
        rubric_id=_intern(segment.rubric_id),
        rubric_title=_intern(segment.rubric_title),
        kind=_intern(segment.kind),
        scale=shared_scale((step.value, step.label) for step in segment.scale),
        criteria=tuple(_level(c, principal) for c in segment.criteria),
    )


def _actions(segment: ActionsResult) -> ActionsSummary:
    return ActionsSummary(
        segment_id=_intern(segment.id),
        segment_title=_intern(segment.title),
        actions=tuple(
            ActionItem(a.id, a.what, _intern(a.owner), a.due, a.link, _intern(a.status), a.done_on, _intern(a.goal))
            for a in segment.actions
        ),
    )


class Detail:
    """An entry's rated segments, action segments and follow-up outcomes: what the compare,
    follow-up and goals tabs need.

    Built from a record, or kept as the index's JSON texts and each decoded only when first asked
    for, so a district's list shows without decoding ten thousand sessions' criteria and actions.
    The texts themselves may be left in the index until then (``fetch``): a list of ten thousand
    sessions then reads none of their 20 MB.
    """

    __slots__ = ("_rated", "_actions", "_outcomes", "_decode", "_path", "_fetch")

    def __init__(
        self,
        rated: tuple[RatedSummary, ...] | str | None = (),
        actions: tuple[ActionsSummary, ...] | str | None = (),
        decode: Callable[[str, str], tuple] | None = None,
        path: Path | None = None,
        fetch: Callable[[], tuple[str, str, str] | None] | None = None,
        outcomes: tuple[FollowUpOutcome, ...] | str | None = (),
    ) -> None:
        self._rated = rated
        self._actions = actions
        self._outcomes = outcomes
        self._decode = decode
        """``decode(part, text)`` for a part given as JSON text (``part`` is "rated", "actions" or "outcomes")."""
        self._path = path
        """The session file, read instead if a text does not decode (a damaged index)."""
        self._fetch = fetch
        """``fetch()``: the three parts' JSON texts, or None when they can no longer be had (the file is
        read then); asked once, the first time a part is needed, when the parts are None."""

    def _fetched(self) -> None:
        texts = self._fetch() if self._fetch is not None else None
        self._fetch = None
        # an empty text does not decode: the part is read from the session file instead
        self._rated, self._actions, self._outcomes = texts if texts is not None else ("", "", "")

    def _part(self, part: str, text: str) -> tuple:
        assert self._decode is not None
        try:
            return self._decode(part, text)
        except (ValueError, TypeError):
            if self._path is None:
                raise
            fresh = entry_from_record(self._path, load_record(self._path)).detail
            return fresh.rated if part == "rated" else fresh.actions if part == "actions" else fresh.outcomes

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

    @property
    def outcomes(self) -> tuple[FollowUpOutcome, ...]:
        """What this session's follow-up segments made of earlier actions, in file order."""
        if self._outcomes is None:
            self._fetched()
        if isinstance(self._outcomes, str):
            self._outcomes = self._part("outcomes", self._outcomes)
        return self._outcomes  # type: ignore[return-value]


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
    """The rated and action segments and follow-up outcomes (see :attr:`rated`, :attr:`action_segments`,
    :attr:`outcomes`)."""
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
    def outcomes(self) -> tuple[FollowUpOutcome, ...]:
        return self.detail.outcomes

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
            tuple(_rated(s, principal_of(record)) for s in record.segments if isinstance(s, RatedBase)),
            tuple(_actions(s) for s in record.segments if s.plans_actions),
            outcomes=tuple(
                FollowUpOutcome(_intern(f.source), _intern(f.segment), f.action, _intern(f.status), f.carried_to,
                                f.reason, f.impact)
                for s in record.segments for f in s.followed_actions()
            ),
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


__all__ = [
    "ActionItem",
    "ActionsSummary",
    "BadEntry",
    "Counts",
    "CriterionLevel",
    "Detail",
    "FollowUpOutcome",
    "RatedSummary",
    "SessionEntry",
    "Step",
    "count",
    "entry_from_record",
    "last_revealed_median",
    "principal_of",
    "shared_scale",
]
