"""The session engine: everything that happens during a facilitated session.

One :class:`Session` walks a scenario's segments and records what the team does in a
:class:`~ilt_kit.store.record.SessionRecord`. Every change is one method that checks its input
first — an impossible input raises :class:`DomainError` and changes nothing — then changes the
record and hands it to the ``saver`` (autosave), saying which parts of the record it changed.

Time is injected: ``clock`` is a monotonic ``() -> float`` in seconds, ``wall`` gives aware
datetimes for timestamps. A running timer keeps a deadline; the time left is always
``deadline - clock()``, never a count of ticks.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable, Iterable, Literal, Mapping

from ilt_kit.content.models import (
    ActionsSegment,
    BrainstormSegment,
    BriefingSegment,
    ForecastSegment,
    PrioritizeSegment,
    ReflectionSegment,
    Rubric,
    RubricSegment,
    Scenario,
    SurveySegment,
    Team,
    role_group,
)
from ilt_kit.literal import drop_controls
from ilt_kit.session.stats import RoundStats, compute
from ilt_kit.store.record import (
    NO_EVIDENCE,
    SCHEMA_VERSION,
    UNKNOWN,
    Action,
    ActionsResult,
    Ballot,
    BallotSource,
    BrainstormResult,
    BriefingResult,
    CriterionResult,
    Decision,
    Dot,
    ForecastEntry,
    ForecastResult,
    Idea,
    MergedIdea,
    PrioritizeResult,
    RatedBase,
    Rating,
    RecordMember,
    RecordTeam,
    ReflectionResult,
    Round,
    RubricResult,
    ScaleLevel,
    SegmentBase,
    SessionRecord,
    SurveyResult,
    TallyCount,
    TalkShare,
    session_time,
)

Clock = Callable[[], float]
Wall = Callable[[], datetime]
Part = tuple
"""Where a change is in the record, for the saver's journal: ``("segments", i)`` a whole segment,
``("segments", i, "head")`` its fields without its list, ``("segments", i, "criteria", j)`` one
criterion. The record's own fields and the current segment's head always go with a change."""
Saver = Callable[[SessionRecord, tuple[Part, ...]], None]
Phase = Literal["ok", "warning", "critical", "overtime"]

WARNING_SHARE = 0.20
CRITICAL_SHARE = 0.05
MIN_PLANNED = 60
TEAM = "team"
"""The member name used for an agreed forecast rating."""


class DomainError(ValueError):
    """An impossible request: nothing was changed."""


def _clean(text: str) -> str:
    """Typed or pasted text as it is recorded: trimmed, with no control characters (tab, newline kept)."""
    return drop_controls(text).strip()


def local_now() -> datetime:
    return datetime.now().astimezone()


@dataclass(frozen=True)
class TimerState:
    planned: float
    elapsed: float
    remaining: float
    running: bool
    phase: Phase
    status: str

    @property
    def share_left(self) -> float:
        return self.remaining / self.planned if self.planned else 0.0


@dataclass(frozen=True)
class Projection:
    planned_total: float
    projected_total: float
    used: float
    projected_end: datetime

    @property
    def behind(self) -> float:
        """Seconds the session is projected to run over plan (negative: ahead)."""
        return self.projected_total - self.planned_total


def _phase(remaining: float, planned: float) -> Phase:
    if remaining <= 0:
        return "overtime"
    share = remaining / planned
    if share < CRITICAL_SHARE:
        return "critical"
    if share < WARNING_SHARE:
        return "warning"
    return "ok"


# ----------------------------------------------------------------------------------- creation


def _scale_levels(rubric: Rubric) -> list[ScaleLevel]:
    levels = [ScaleLevel(value=level.value, label=level.label) for level in rubric.scale.levels]
    if rubric.scale.no_evidence:
        levels.insert(0, ScaleLevel(value=NO_EVIDENCE, label=rubric.scale.no_evidence))
    return levels


def _criteria(rubric: Rubric, subset: list[str], mode: str, statements: bool) -> list[dict]:
    """The criteria of a new rated segment, as data that its model validates in one pass (a
    rubric can have thousands of criteria: each is one dictionary look-up)."""
    wanted = subset or [c.id for c in rubric.criteria]
    return [
        {
            "id": cid,
            "title": rubric.criterion(cid).title,  # type: ignore[union-attr]
            "group": rubric.group_of(cid).title,
            "statement": rubric.criterion(cid).vision.strip() if statements else "",  # type: ignore[union-attr]
            "rounds": [{"number": 1, "mode": mode}],
        }
        for cid in wanted
    ]


def build_record(
    scenario: Scenario,
    rubrics: Mapping[str, Rubric],
    team: Team,
    title: str,
    facilitator: str,
    now: datetime,
    *,
    scenario_file: str = "",
    rubric_files: Mapping[str, str] | None = None,
) -> SessionRecord:
    """A fresh record for a session of ``scenario``: every segment pending, round 1 open.

    ``scenario_file`` and ``rubric_files`` (by rubric id) say where own content came from,
    relative to the session file's folder (see :meth:`Library.recorded_path`), so that resuming
    finds it again; built-in content needs neither.
    """
    if not _clean(title):
        raise DomainError("a session needs a title")
    if now.tzinfo is None:
        raise DomainError("timestamps must carry a time zone")
    now = session_time(now, now)
    rubric_files = rubric_files or {}
    segments = []
    for seg in scenario.segments:
        base = dict(id=seg.id, title=seg.title, status="pending", planned_seconds=seg.minutes * 60)
        if isinstance(seg, (RubricSegment, SurveySegment)):
            rubric_id = seg.rubric if isinstance(seg, RubricSegment) else seg.survey
            if rubric_id not in rubrics:
                raise DomainError(f"segment {seg.id!r} needs rubric {rubric_id!r}, which is not loaded")
            rubric = rubrics[rubric_id]
            rated = dict(
                base,
                rubric_id=rubric.id,
                rubric_title=rubric.title,
                rubric_file=rubric_files.get(rubric.id, ""),
                scale=_scale_levels(rubric),
                criteria=_criteria(rubric, seg.criteria, seg.mode, isinstance(seg, SurveySegment)),
            )
            if isinstance(seg, RubricSegment):
                segments.append(RubricResult(kind="rubric", **rated))
            else:
                segments.append(SurveyResult(kind="survey", split_by_role=seg.split_by_role, **rated))
        elif isinstance(seg, BrainstormSegment):
            segments.append(BrainstormResult(kind="brainstorm", **base))
        elif isinstance(seg, ForecastSegment):
            items = [ForecastEntry(id=i.id, title=i.title, description=i.description) for i in seg.items]
            segments.append(ForecastResult(kind="forecast", item_label=seg.item_label, items=items, **base))
        elif isinstance(seg, PrioritizeSegment):
            segments.append(PrioritizeResult(kind="prioritize", source=seg.source, budget=seg.dots, **base))
        elif isinstance(seg, ActionsSegment):
            segments.append(ActionsResult(kind="actions", **base))
        elif isinstance(seg, BriefingSegment):
            segments.append(BriefingResult(kind="briefing", **base))
        elif isinstance(seg, ReflectionSegment):
            segments.append(ReflectionResult(kind="reflection", **base))
        else:  # pragma: no cover - the union is closed
            raise DomainError(f"unknown segment kind {seg.kind!r}")
    return SessionRecord(
        schema_version=SCHEMA_VERSION,
        title=_clean(title),
        date=now.date(),
        status="in progress",
        scenario_id=scenario.id,
        scenario_title=scenario.title,
        scenario_file=scenario_file,
        framework=scenario.source.framework,
        facilitator=_clean(facilitator) or team.facilitator,
        created=now,
        updated=now,
        current=scenario.segments[0].id,
        agenda=[segment.id for segment in segments],
        team=RecordTeam(
            name=team.name,
            school=team.school.strip() or UNKNOWN,
            district=team.district.strip() or UNKNOWN,
            members=[RecordMember(name=m.name, role=m.role) for m in team.members],
        ),
        segments=segments,
    )


# -------------------------------------------------------------------------------------- engine


class Session:
    """A running session. Read state from the properties; change it only through the methods."""

    def __init__(
        self,
        record: SessionRecord,
        *,
        clock: Clock = time.monotonic,
        wall: Wall = local_now,
        saver: Saver | None = None,
    ) -> None:
        self.record = record
        self.clock = clock
        self.wall = wall
        self.saver = saver
        self._deadline: float | None = None
        self._speaker: str | None = None
        self._speaking_since = 0.0
        # the record keeps whole seconds; these keep the fractions, so pausing often loses nothing
        self._used: dict[str, float] = {}
        self._talked: dict[tuple[str, str], float] = {}
        self._index = _resume_index(record)
        if record.agenda is None:  # a file from before the agenda: its next save has one, so a cut shows
            record.agenda = [segment.id for segment in record.segments]
        # a resumed session comes back paused: nobody is timing it now
        for segment in record.segments:
            if segment.status == "running":
                segment.status = "paused"

    @classmethod
    def create(
        cls,
        scenario: Scenario,
        rubrics: Mapping[str, Rubric],
        team: Team,
        title: str,
        facilitator: str = "",
        *,
        clock: Clock = time.monotonic,
        wall: Wall = local_now,
        saver: Saver | None = None,
    ) -> Session:
        session = cls(build_record(scenario, rubrics, team, title, facilitator, wall()), clock=clock, wall=wall, saver=saver)
        session._save()
        return session

    # -- saving -------------------------------------------------------------------------------
    def now(self) -> datetime:
        """The wall-clock time as the record keeps it: the session's offset, whole seconds."""
        return session_time(self.wall(), self.record.created)

    def _save(self, *where: Part) -> None:
        """Hand the changed record to the saver; ``where`` (default: the whole current segment) says
        what changed besides the record's own fields and the current segment's head."""
        self.record.updated = self.now()
        self.record.current = "" if self.finished else self.segment.id
        if self._deadline is not None:
            self.segment.elapsed_seconds = round(self._live_elapsed())
        if self._speaker is not None:
            self._bank_talk()
        if self.saver is not None:
            self.saver(self.record, where or (("segments", self._index),))

    def _head(self, index: int | None = None) -> Part:
        return ("segments", self._index if index is None else index, "head")

    def _criterion_part(self, criterion: CriterionResult) -> Part:
        criteria = self._rated().criteria
        return ("segments", self._index, "criteria", next(j for j, c in enumerate(criteria) if c is criterion))

    def checkpoint(self) -> None:
        """Save the running timer's elapsed time and talk time (call it now and then)."""
        self._save(self._head())

    # -- team ---------------------------------------------------------------------------------
    @property
    def members(self) -> list[RecordMember]:
        return self.record.team.members

    @property
    def member_names(self) -> list[str]:
        return [m.name for m in self.record.team.members]

    def _member(self, name: str) -> str:
        for member in self.record.team.members:
            if member.name == name:
                return member.name
        raise DomainError(f"{name!r} is not on this team")

    # -- navigation ---------------------------------------------------------------------------
    @property
    def index(self) -> int:
        return self._index

    @property
    def segment(self) -> SegmentBase:
        return self.record.segments[self._index]

    @property
    def segments(self) -> list[SegmentBase]:
        return list(self.record.segments)

    @property
    def finished(self) -> bool:
        return self.record.status == "finished"

    def _leave(self, status: str) -> bool:
        """Stop the current segment's timer and talk; returns whether it was running."""
        was_running = self._deadline is not None
        self._stop_timer()
        self._stop_talk()
        segment = self.segment
        if status in ("done", "skipped"):
            segment.status = status  # type: ignore[assignment]
            segment.ended = self.now()
        return was_running

    def _enter(self, index: int, run: bool) -> None:
        self._index = index
        self.record.current = self.segment.id
        segment = self.segment
        if segment.status in ("done", "skipped"):
            segment.status = "paused" if segment.elapsed_seconds else "pending"
        if run:
            self._start_timer()

    def next(self) -> None:
        """Close this segment as done and move to the next; the timer keeps running if it was."""
        if self._index >= len(self.record.segments) - 1:
            raise DomainError("this is the last segment; finish the session instead")
        was_running = self._leave("done")
        self._enter(self._index + 1, was_running)
        self._save(self._head(self._index - 1), self._head())

    def skip(self) -> None:
        """Mark this segment skipped and move on."""
        if self._index >= len(self.record.segments) - 1:
            raise DomainError("this is the last segment; finish the session instead")
        was_running = self._leave("skipped")
        self._enter(self._index + 1, was_running)
        self._save(self._head(self._index - 1), self._head())

    def previous(self) -> None:
        """Go back one segment; it reopens paused with the time it had used."""
        if self._index == 0:
            raise DomainError("this is the first segment")
        self.goto(self._index - 1)

    def goto(self, index: int) -> None:
        if not 0 <= index < len(self.record.segments):
            raise DomainError(f"there is no segment {index + 1}")
        if index == self._index:
            return
        leaving, left = self.segment, self._index
        self._leave("paused")
        if leaving.status == "pending" and leaving.elapsed_seconds:
            leaving.status = "paused"
        self._enter(index, False)
        self._save(self._head(left), self._head())

    def finish(self) -> None:
        """End the session: the current segment is done and the record is marked finished."""
        if self.finished:
            raise DomainError("the session is already finished")
        self._leave("done")
        self.record.status = "finished"
        self.record.ended = self.now()
        self._save(self._head())

    def reopen(self) -> None:
        if not self.finished:
            raise DomainError("the session is not finished")
        self.record.status = "in progress"
        self.record.ended = None
        segment = self.segment
        segment.status = "paused"
        self._save(self._head())

    # -- timer --------------------------------------------------------------------------------
    def planned(self, segment: SegmentBase | None = None) -> int:
        segment = segment or self.segment
        return segment.planned_seconds + segment.extra_seconds

    def _spent(self, segment: SegmentBase) -> float:
        """Seconds used on a segment whose timer is not running (with the fraction the file drops)."""
        used = self._used.get(segment.id)
        return used if used is not None and round(used) == segment.elapsed_seconds else float(segment.elapsed_seconds)

    def _live_elapsed(self) -> float:
        if self._deadline is None:
            return self._spent(self.segment)
        return self.planned() - (self._deadline - self.clock())

    def _start_timer(self) -> None:
        segment = self.segment
        self._deadline = self.clock() + self.planned() - self._spent(segment)
        if segment.started is None:
            segment.started = self.now()
        segment.ended = None  # a segment left earlier (skipped, or done) runs again: it ends anew when left
        segment.status = "running"

    def _stop_timer(self) -> None:
        if self._deadline is None:
            return
        used = self._used[self.segment.id] = self._live_elapsed()
        self.segment.elapsed_seconds = round(used)
        self._deadline = None
        if self.segment.status == "running":
            self.segment.status = "paused"

    @property
    def running(self) -> bool:
        return self._deadline is not None

    def start(self) -> None:
        if self.finished:
            raise DomainError("the session is finished; reopen it to go on")
        if self.running:
            raise DomainError("the timer is already running")
        self._start_timer()
        self._save(self._head())

    def pause(self) -> None:
        if not self.running:
            raise DomainError("the timer is not running")
        self._stop_timer()
        self._save(self._head())

    def toggle(self) -> None:
        """Start or pause the timer (the space bar)."""
        if self.running:
            self.pause()
        else:
            self.start()

    def adjust(self, minutes: int) -> None:
        """Give the current segment more (positive) or less (negative) time."""
        if minutes == 0:
            raise DomainError("adjust by a whole number of minutes other than 0")
        if self.planned() + minutes * 60 < MIN_PLANNED:
            raise DomainError("a segment cannot be planned for less than one minute")
        self.segment.extra_seconds += minutes * 60
        if self._deadline is not None:
            self._deadline += minutes * 60
        self._save(self._head())

    def timer(self) -> TimerState:
        planned = float(self.planned())
        elapsed = self._live_elapsed()
        remaining = planned - elapsed
        if self._deadline is not None:
            remaining = self._deadline - self.clock()
        return TimerState(
            planned=planned,
            elapsed=elapsed,
            remaining=remaining,
            running=self.running,
            phase=_phase(remaining, planned),
            status=self.segment.status,
        )

    def elapsed_of(self, segment: SegmentBase) -> float:
        return self._live_elapsed() if segment is self.segment else self._spent(segment)

    def projection(self) -> Projection:
        """Actual time so far plus planned time remaining, against the plan."""
        planned_total = sum(s.planned_seconds for s in self.record.segments)
        used = 0.0
        to_come = 0.0
        for segment in self.record.segments:
            elapsed = self.elapsed_of(segment)
            used += elapsed
            if segment.status not in ("done", "skipped"):
                to_come += max(self.planned(segment) - elapsed, 0.0)
        return Projection(
            planned_total=float(planned_total),
            projected_total=used + to_come,
            used=used,
            projected_end=self.wall() + timedelta(seconds=to_come),
        )

    # -- notes and decisions --------------------------------------------------------------------
    def set_notes(self, text: str) -> None:
        self.segment.notes = _clean(text)
        self._save(self._head())

    def add_decision(self, text: str) -> None:
        """Record a decision, made in the current segment."""
        if not _clean(text):
            raise DomainError("a decision needs some words")
        self.record.decisions.append(Decision(text=_clean(text), segment=self.segment.id))
        self._save(self._head())

    def remove_decision(self, index: int) -> None:
        if not 0 <= index < len(self.record.decisions):
            raise DomainError(f"there is no decision {index + 1}")
        del self.record.decisions[index]
        self._save(self._head())

    # -- talk time ----------------------------------------------------------------------------
    @property
    def speaker(self) -> str | None:
        return self._speaker

    def _bank_talk(self) -> None:
        now = self.clock()
        spent = max(now - self._speaking_since, 0.0)
        self._speaking_since = now
        if self._speaker is None or spent == 0:
            return
        key = (self.segment.id, self._speaker)
        for share in self.segment.talk:
            if share.member == self._speaker:
                total = self._talked.get(key)
                total = (total if total is not None and round(total) == share.seconds else share.seconds) + spent
                self._talked[key] = total
                share.seconds = round(total)
                return
        self._talked[key] = spent
        self.segment.talk.append(TalkShare(member=self._speaker, seconds=round(spent)))

    def _stop_talk(self) -> None:
        if self._speaker is not None:
            self._bank_talk()
            self._speaker = None

    def speak(self, member: str | None) -> None:
        """Mark who is speaking now (None: nobody). Pressing the same member again stops them."""
        if member is not None:
            self._member(member)
        if self._speaker is not None:
            self._bank_talk()
        self._speaker = None if member == self._speaker else member
        self._speaking_since = self.clock()
        self._save(self._head())

    def talk_totals(self, segment: SegmentBase | None = None) -> dict[str, float]:
        segment = segment or self.segment
        totals: dict[str, float] = {}
        for share in segment.talk:
            exact = self._talked.get((segment.id, share.member))
            totals[share.member] = exact if exact is not None and round(exact) == share.seconds else float(share.seconds)
        if segment is self.segment and self._speaker is not None:
            totals[self._speaker] = totals.get(self._speaker, 0.0) + max(self.clock() - self._speaking_since, 0.0)
        return totals

    # -- rubric and survey scoring ------------------------------------------------------------
    def _rated(self) -> RatedBase:
        segment = self.segment
        if not isinstance(segment, RatedBase):
            raise DomainError(f"'{segment.title}' is a {segment.kind} segment: there is nothing to score here")
        return segment

    def criterion(self, criterion_id: str) -> CriterionResult:
        for criterion in self._rated().criteria:
            if criterion.id == criterion_id:
                return criterion
        raise DomainError(f"there is no criterion {criterion_id!r} in this segment")

    def scale_values(self) -> list[int]:
        return [level.value for level in self._rated().scale]

    def _check_level(self, level: int) -> None:
        values = self.scale_values()
        if level not in values:
            labels = ", ".join(str(v) for v in values)
            raise DomainError(f"{level} is not on this scale (choose {labels})")

    @staticmethod
    def current_round(criterion: CriterionResult) -> Round:
        return criterion.rounds[-1]

    def voted(self, criterion_id: str) -> set[str]:
        """Who has voted in the current round — never what they voted."""
        rnd = self.current_round(self.criterion(criterion_id))
        return {ballot.member for ballot in rnd.ballots}

    def cast(self, criterion_id: str, member: str, level: int, *, source: BallotSource = "keyboard") -> None:
        """Record (or change) a member's hidden ballot in the current round; ``source`` says where
        it was cast (the facilitator's keyboard or the member's own phone)."""
        criterion = self.criterion(criterion_id)
        rnd = self.current_round(criterion)
        name = self._member(member)
        self._check_level(level)
        if rnd.mode != "ballot":
            raise DomainError("this round counts a show of hands; switch it to ballots to vote by name")
        if rnd.revealed is not None:
            raise DomainError("the ballots are already revealed; open another round to vote again")
        for ballot in rnd.ballots:
            if ballot.member == name:
                ballot.level, ballot.source = level, source
                break
        else:
            rnd.ballots.append(Ballot(member=name, level=level, source=source))
        self._save(self._criterion_part(criterion))

    def withdraw(self, criterion_id: str, member: str) -> None:
        criterion = self.criterion(criterion_id)
        rnd = self.current_round(criterion)
        name = self._member(member)
        if rnd.revealed is not None:
            raise DomainError("the ballots are already revealed")
        if name not in {b.member for b in rnd.ballots}:
            raise DomainError(f"{name} has not voted in this round")
        rnd.ballots = [b for b in rnd.ballots if b.member != name]
        self._save(self._criterion_part(criterion))

    def set_mode(self, criterion_id: str, mode: str) -> None:
        """Switch the current round between named ballots and a tally (only while it is empty)."""
        if mode not in ("ballot", "tally"):
            raise DomainError("the mode is 'ballot' or 'tally'")
        criterion = self.criterion(criterion_id)
        rnd = self.current_round(criterion)
        if rnd.revealed is not None or rnd.ballots or any(t.count for t in rnd.tally):
            raise DomainError("this round already has votes; switch before anyone votes")
        rnd.mode = mode  # type: ignore[assignment]
        rnd.tally = []
        self._save(self._criterion_part(criterion))

    def set_tally(self, criterion_id: str, level: int, count: int, role: str = "") -> None:
        """Record how many hands went up for a level (optionally for one role group)."""
        criterion = self.criterion(criterion_id)
        rnd = self.current_round(criterion)
        self._check_level(level)
        if rnd.mode != "tally":
            raise DomainError("this round takes named ballots; switch it to a tally first")
        if rnd.revealed is not None:
            raise DomainError("this round is already revealed; open another round")
        if count < 0:
            raise DomainError("a count cannot be negative")
        if count > 999:
            raise DomainError("a count over 999 is surely a typing mistake")
        if role and role not in self.role_groups():
            raise DomainError(f"{role!r} is not a role group on this team ({', '.join(self.role_groups())})")
        for entry in rnd.tally:
            if entry.level == level and entry.role == role:
                entry.count = count
                break
        else:
            rnd.tally.append(TallyCount(level=level, count=count, role=role))
        rnd.tally = [t for t in rnd.tally if t.count] or []
        rnd.tally.sort(key=lambda t: (t.role, t.level))
        self._save(self._criterion_part(criterion))

    def reveal(self, criterion_id: str) -> RoundStats:
        criterion = self.criterion(criterion_id)
        rnd = self.current_round(criterion)
        if rnd.revealed is not None:
            raise DomainError("this round is already revealed")
        if not rnd.ballots and not any(t.count for t in rnd.tally):
            raise DomainError("nobody has voted yet")
        rnd.revealed = self.now()
        self._save(self._criterion_part(criterion))
        return self.stats(criterion_id)

    def stats(self, criterion_id: str, round_number: int | None = None) -> RoundStats:
        criterion = self.criterion(criterion_id)
        rnd = criterion.rounds[-1] if round_number is None else criterion.rounds[round_number - 1]
        if rnd.revealed is None:
            raise DomainError("the ballots are hidden until they are revealed")
        return compute(rnd, [v for v in self.scale_values() if v != NO_EVIDENCE])

    def new_round(self, criterion_id: str) -> None:
        """Vote again after discussion; earlier rounds are kept."""
        criterion = self.criterion(criterion_id)
        last = self.current_round(criterion)
        if last.revealed is None:
            raise DomainError("reveal this round before opening another")
        criterion.rounds.append(Round(number=last.number + 1, mode=last.mode))
        self._save(self._criterion_part(criterion))

    def agree(self, criterion_id: str, level: int, evidence: str = "") -> None:
        """Record the level the team agreed on and the evidence behind it."""
        criterion = self.criterion(criterion_id)
        self._check_level(level)
        criterion.agreed = level
        criterion.evidence = _clean(evidence)
        self._save(self._criterion_part(criterion))

    def set_evidence(self, criterion_id: str, evidence: str) -> None:
        criterion = self.criterion(criterion_id)
        criterion.evidence = _clean(evidence)
        self._save(self._criterion_part(criterion))

    def role_groups(self) -> list[str]:
        return sorted({role_group(m.role) for m in self.members})

    def results_by_role(self, criterion_id: str, by: str = "group") -> dict[str, Counter[int]]:
        """Revealed results of the current round split by role group ('group') or by each role ('role')."""
        criterion = self.criterion(criterion_id)
        rnd = self.current_round(criterion)
        if rnd.revealed is None:
            raise DomainError("the responses are hidden until they are revealed")
        return split_by_role(rnd, self.members, by)

    # -- forecast -----------------------------------------------------------------------------
    def _forecast(self) -> ForecastResult:
        segment = self.segment
        if not isinstance(segment, ForecastResult):
            raise DomainError(f"'{segment.title}' is a {segment.kind} segment, not a forecast")
        return segment

    def _item(self, item_id: str) -> ForecastEntry:
        for item in self._forecast().items:
            if item.id == item_id:
                return item
        raise DomainError(f"there is no item {item_id!r}")

    def add_item(self, title: str, description: str = "") -> str:
        forecast = self._forecast()
        if not _clean(title):
            raise DomainError("an item needs a title")
        from ilt_kit.store.files import slugify

        base = slugify(title, 40)
        taken = {item.id for item in forecast.items}
        item_id, n = base, 1
        while item_id in taken:
            n += 1
            item_id = f"{base}-{n}"
        forecast.items.append(ForecastEntry(id=item_id, title=_clean(title), description=_clean(description)))
        self._save()
        return item_id

    def rate(self, item_id: str, member: str, likelihood: int, impact: int) -> None:
        """A member's rating (or, with member 'team', the agreed rating) on 1-5 likelihood and impact."""
        item = self._item(item_id)
        for value, name in ((likelihood, "likelihood"), (impact, "impact")):
            if not 1 <= value <= 5:
                raise DomainError(f"{name} is rated 1 to 5, not {value}")
        if member == TEAM:
            item.likelihood, item.impact = likelihood, impact
        else:
            name = self._member(member)
            for rating in item.ratings:
                if rating.member == name:
                    rating.likelihood, rating.impact = likelihood, impact
                    break
            else:
                item.ratings.append(Rating(member=name, likelihood=likelihood, impact=impact))
        self._save()

    def remove_item(self, item_id: str) -> None:
        forecast = self._forecast()
        item = self._item(item_id)
        forecast.items.remove(item)
        self._save()

    # -- brainstorm ---------------------------------------------------------------------------
    def _brainstorm(self) -> BrainstormResult:
        segment = self.segment
        if not isinstance(segment, BrainstormResult):
            raise DomainError(f"'{segment.title}' is a {segment.kind} segment, not a brainstorm")
        return segment

    def _idea(self, idea_id: int) -> Idea:
        for idea in self._brainstorm().ideas:
            if idea.id == idea_id:
                return idea
        raise DomainError(f"there is no idea {idea_id}")

    def add_idea(self, text: str, author: str = "", theme: str = "") -> int:
        brainstorm = self._brainstorm()
        if not _clean(text):
            raise DomainError("an idea needs some words")
        if author:
            author = self._member(author)
        idea_id = max((i.id for i in [*brainstorm.ideas, *brainstorm.merged]), default=0) + 1
        brainstorm.ideas.append(Idea(id=idea_id, text=_clean(text), author=author, theme=_clean(theme)))
        self._save()
        return idea_id

    def edit_idea(self, idea_id: int, *, text: str | None = None, theme: str | None = None, author: str | None = None) -> None:
        idea = self._idea(idea_id)
        if text is not None and not _clean(text):
            raise DomainError("an idea needs some words")
        if author:
            author = self._member(author)
        if text is not None:
            idea.text = _clean(text)
        if theme is not None:
            idea.theme = _clean(theme)
        if author is not None:
            idea.author = author
        self._save()

    def _dots_on(self, brainstorm_id: str, idea_id: int) -> list[tuple[PrioritizeResult, Dot]]:
        found = []
        for segment in self.record.segments:
            if isinstance(segment, PrioritizeResult) and segment.source == brainstorm_id:
                found.extend((segment, dot) for dot in segment.dots if dot.idea == idea_id)
        return found

    def merge_ideas(self, keep: int, other: int) -> None:
        """Fold idea ``other`` into ``keep``: texts joined, dots moved, ``other`` moved to the
        brainstorm's ``merged`` list with ``merged_into = keep`` (so its number stays explained)."""
        if keep == other:
            raise DomainError("choose two different ideas to merge")
        brainstorm = self._brainstorm()
        kept, gone = self._idea(keep), self._idea(other)
        moved = self._dots_on(brainstorm.id, other)
        parts = {("segments", self._index)} | {
            ("segments", i) for i, s in enumerate(self.record.segments) if any(s is segment for segment, _ in moved)
        }
        for segment, dot in moved:
            segment.dots.remove(dot)
            for existing in segment.dots:
                if existing.member == dot.member and existing.idea == keep:
                    existing.count += dot.count
                    break
            else:
                segment.dots.append(Dot(member=dot.member, idea=keep, count=dot.count))
        kept.text = f"{kept.text} / {gone.text}"
        kept.theme = kept.theme or gone.theme
        brainstorm.ideas.remove(gone)
        brainstorm.merged.append(MergedIdea(**gone.model_dump(), merged_into=keep))
        self._save(*sorted(parts))

    def delete_idea(self, idea_id: int) -> None:
        brainstorm = self._brainstorm()
        idea = self._idea(idea_id)
        if self._dots_on(brainstorm.id, idea_id):
            raise DomainError("this idea already has dots; merge it into another instead of deleting it")
        brainstorm.ideas.remove(idea)
        self._save()

    def themes(self) -> dict[str, list[Idea]]:
        grouped: dict[str, list[Idea]] = defaultdict(list)
        for idea in self._brainstorm().ideas:
            grouped[idea.theme].append(idea)
        return dict(grouped)

    # -- prioritize ---------------------------------------------------------------------------
    def _prioritize(self) -> PrioritizeResult:
        segment = self.segment
        if not isinstance(segment, PrioritizeResult):
            raise DomainError(f"'{segment.title}' is a {segment.kind} segment, not dot voting")
        return segment

    def source_ideas(self, segment: PrioritizeResult | None = None) -> list[Idea]:
        segment = segment or self._prioritize()
        for other in self.record.segments:
            if other.id == segment.source and isinstance(other, BrainstormResult):
                return list(other.ideas)
        return []

    def dots_used(self, member: str) -> int:
        return sum(d.count for d in self._prioritize().dots if d.member == member)

    def dots_left(self, member: str) -> int:
        return self._prioritize().budget - self.dots_used(member)

    def place_dot(self, member: str, idea_id: int) -> None:
        prioritize = self._prioritize()
        name = self._member(member)
        if idea_id not in {i.id for i in self.source_ideas(prioritize)}:
            raise DomainError(f"there is no idea {idea_id} to vote on")
        if self.dots_used(name) >= prioritize.budget:
            raise DomainError(f"{name} has used all {prioritize.budget} dots")
        for dot in prioritize.dots:
            if dot.member == name and dot.idea == idea_id:
                dot.count += 1
                break
        else:
            prioritize.dots.append(Dot(member=name, idea=idea_id, count=1))
        self._save()

    def remove_dot(self, member: str, idea_id: int) -> None:
        prioritize = self._prioritize()
        name = self._member(member)
        for dot in prioritize.dots:
            if dot.member == name and dot.idea == idea_id:
                dot.count -= 1
                if dot.count == 0:
                    prioritize.dots.remove(dot)
                self._save()
                return
        raise DomainError(f"{name} has no dot on idea {idea_id}")

    def ranking(self, segment: PrioritizeResult | None = None) -> list[tuple[Idea, int]]:
        segment = segment or self._prioritize()
        return rank_ideas(self.source_ideas(segment), segment.dots)

    # -- actions ------------------------------------------------------------------------------
    def _actions(self) -> ActionsResult:
        segment = self.segment
        if not isinstance(segment, ActionsResult):
            raise DomainError(f"'{segment.title}' is a {segment.kind} segment; actions are planned in an actions segment")
        return segment

    def _action(self, action_id: int) -> Action:
        for action in self._actions().actions:
            if action.id == action_id:
                return action
        raise DomainError(f"there is no action {action_id}")

    def add_action(self, what: str, owner: str = "", due: date | None = None, link: str = "") -> int:
        actions = self._actions()
        if not _clean(what):
            raise DomainError("an action needs to say what will be done")
        action_id = max((a.id for a in actions.actions), default=0) + 1
        actions.actions.append(
            Action(id=action_id, what=_clean(what), owner=_clean(owner), due=due, link=_clean(link), status="open")
        )
        self._save()
        return action_id

    def update_action(
        self,
        action_id: int,
        *,
        what: str | None = None,
        owner: str | None = None,
        due: date | None | Literal["keep"] = "keep",
        link: str | None = None,
    ) -> None:
        action = self._action(action_id)
        if what is not None and not _clean(what):
            raise DomainError("an action needs to say what will be done")
        if what is not None:
            action.what = _clean(what)
        if owner is not None:
            action.owner = _clean(owner)
        if due != "keep":
            action.due = due  # type: ignore[assignment]
        if link is not None:
            action.link = _clean(link)
        self._save()

    def set_action_done(self, action_id: int, done: bool = True) -> None:
        action = self._action(action_id)
        action.status = "done" if done else "open"
        action.done_on = self.now().date() if done else None
        self._save()

    def delete_action(self, action_id: int) -> None:
        actions = self._actions()
        actions.actions.remove(self._action(action_id))
        self._save()

    # -- summary ------------------------------------------------------------------------------
    def all_actions(self) -> list[Action]:
        return [a for s in self.record.segments if isinstance(s, ActionsResult) for a in s.actions]


# ---------------------------------------------------------------------------- shared helpers


def _resume_index(record: SessionRecord) -> int:
    """The segment a loaded record continues on: ``current``; for a finished session (which names
    none), the segment it was finished on — the last one closed."""
    ids = [s.id for s in record.segments]
    if record.current in ids:
        return ids.index(record.current)
    closed = [(s.ended, i) for i, s in enumerate(record.segments) if s.ended is not None]
    return max(closed)[1] if closed and record.status == "finished" else 0


def rank_ideas(ideas: Iterable[Idea], dots: Iterable[Dot]) -> list[tuple[Idea, int]]:
    totals: Counter[int] = Counter()
    for dot in dots:
        totals[dot.idea] += dot.count
    ranked = [(idea, totals.get(idea.id, 0)) for idea in ideas]
    ranked.sort(key=lambda pair: (-pair[1], pair[0].id))
    return ranked


def split_by_role(rnd: Round, members: Iterable[RecordMember], by: str = "group") -> dict[str, Counter[int]]:
    """Counts per level for each role group ('central office' / 'building') or each role."""
    roles = {m.name: (role_group(m.role) if by == "group" else m.role) for m in members}
    result: dict[str, Counter[int]] = defaultdict(Counter)
    if rnd.mode == "tally":
        for entry in rnd.tally:
            result[entry.role or "everyone"][entry.level] += entry.count
    else:
        for ballot in rnd.ballots:
            result[roles.get(ballot.member, "other")][ballot.level] += 1
    return dict(sorted(result.items()))


def quadrant(likelihood: float, impact: float) -> str:
    """Where a forecast item falls on the 2x2 (1-5 scales; 3.5 and up counts as high)."""
    high_l, high_i = likelihood >= 3.5, impact >= 3.5
    if high_l and high_i:
        return "plan for it"
    if high_i:
        return "prepare a response"
    if high_l:
        return "keep an eye on it"
    return "set aside"


def item_position(item: ForecastEntry) -> tuple[float, float] | None:
    """The agreed rating if there is one, else the mean of members' ratings, else None."""
    if item.likelihood is not None and item.impact is not None:
        return float(item.likelihood), float(item.impact)
    if item.ratings:
        n = len(item.ratings)
        return sum(r.likelihood for r in item.ratings) / n, sum(r.impact for r in item.ratings) / n
    return None
