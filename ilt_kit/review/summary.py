"""What a summary of one session shows, computed once from its record.

:func:`summarize` gives the :class:`SessionSummary` that the md and html reports, the review's
session view (:mod:`ilt_kit.review.detail`) and the summary screen at the end of a session only
format: minutes planned (extra minutes included) and used per segment and in all, agreed levels,
each round's statistics and the split by role, forecast positions, every idea with its dots,
actions, decisions, notes and talk-time shares. The helpers above it format levels and times
the same way for every writer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterator, Literal

from ilt_kit.session.kinds.forecast import item_position, quadrant
from ilt_kit.session.kinds.prioritize import rank_ideas
from ilt_kit.session.kinds.rated import split_by_role
from ilt_kit.session.stats import RoundStats, is_no_evidence, mean_of, round_stats, talk_shares, vote_count
from ilt_kit.store.record import (
    Action,
    ActionsResult,
    BrainstormResult,
    CriterionResult,
    ForecastEntry,
    ForecastResult,
    Idea,
    PrioritizeResult,
    RatedBase,
    Round,
    ScaleLevel,
    SegmentBase,
    SessionRecord,
    SurveyResult,
    planned_time,
    total_planned_time,
)


def label_of(scale: list[ScaleLevel], level: int | None) -> str:
    if level is None:
        return ""
    for step in scale:
        if step.value == level:
            return step.label
    return str(level)


def level_text(scale: list[ScaleLevel], level: int | None) -> str:
    """'3 Established'; 'No evidence yet' for level 0 (its label alone)."""
    if level is None:
        return "not agreed"
    label = label_of(scale, level)
    return label if is_no_evidence(level) else f"{level} {label}"


def median_text(scale: list[ScaleLevel], median: float | None) -> str:
    """'4 Agree' for a whole median; '3.5' (no label) between two levels."""
    if median is None:
        return "–"
    if float(median).is_integer():
        return f"{median:g} {label_of(scale, int(median))}"
    return f"{median:g}"




def figure(value: float) -> str:
    """A mean or a median as a person reads it: '4.2', '3.5', '4' (never '4.16667')."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def idea_number(idea: Idea) -> str:
    """'#3': an idea's number as the brainstorm gave it, the one numbering every screen and report
    uses (a dot vote's rank is never a number of its own)."""
    return f"#{idea.id}"


def minutes_added(seconds: int) -> str:
    """'+2 min', '-7 min' for minutes added or taken during the session; '' for none."""
    return f"{seconds // 60:+d} min" if seconds else ""


def range_text(stats: RoundStats) -> str:
    return "–" if stats.low is None else f"{stats.low}–{stats.high}"


def agreement_text(stats: RoundStats) -> str:
    return "–" if stats.agreement is None else f"{stats.agreement:.0%}"


@dataclass(frozen=True)
class RoleSplit:
    group: str
    counts: Counter[int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def mean(self) -> float | None:
        """The group's average level, 'no evidence' left out (None without a rated answer)."""
        return mean_of(self.counts)


def role_splits(record: SessionRecord, rnd: Round) -> list[RoleSplit]:
    return [RoleSplit(group, counts) for group, counts in split_by_role(rnd, record.team.members, "group").items()]


def source_ideas(record: SessionRecord, prioritize: PrioritizeResult) -> list[Idea]:
    for segment in record.segments:
        if segment.id == prioritize.source and isinstance(segment, BrainstormResult):
            return list(segment.ideas)
    return []


def ranking(record: SessionRecord, prioritize: PrioritizeResult) -> list[tuple[Idea, int]]:
    return rank_ideas(source_ideas(record, prioritize), prioritize.dots)


@dataclass(frozen=True)
class Placed:
    number: int
    item: ForecastEntry
    likelihood: float
    impact: float
    agreed: bool
    quadrant: str

    @property
    def basis(self) -> str:
        if self.agreed:
            return "agreed"
        n = len(self.item.ratings)
        return f"mean of {n} rating{'s' if n != 1 else ''}"


def placed_items(items: list[ForecastEntry]) -> list[Placed]:
    """Forecast items that have a position (agreed, else members' mean), numbered for a chart."""
    placed = []
    for item in items:
        position = item_position(item)
        if position is None:
            continue
        likelihood, impact = position
        agreed = item.likelihood is not None and item.impact is not None
        placed.append(Placed(len(placed) + 1, item, likelihood, impact, agreed, quadrant(likelihood, impact)))
    return placed


def clock_text(seconds: float) -> str:
    """'12 min' for whole-ish minutes, '1 h 05 min' past the hour; under a minute: '40 s'."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return f"{round(seconds)} s"
    minutes = round(seconds / 60)
    if minutes >= 60:
        return f"{minutes // 60} h {minutes % 60:02d} min"
    return f"{minutes} min"


@dataclass(frozen=True)
class TimeRow:
    segment: SegmentBase
    planned: int
    """Planned seconds with the minutes added or taken during the session (:func:`planned_time`)."""
    used: float

    @property
    def extra(self) -> int:
        return self.segment.extra_seconds

    @property
    def note(self) -> str:
        """'skipped', 'not reached' or ''."""
        if self.segment.status == "skipped":
            return "skipped"
        return "not reached" if self.segment.status == "pending" and not self.used else ""

    @property
    def over(self) -> bool:
        """More than half a minute past its planned time."""
        return self.used > self.planned + 30


@dataclass(frozen=True)
class TimeUse:
    rows: list[TimeRow]
    planned: int
    """The rows' planned seconds added up: extra minutes included."""
    used: float
    scheduled: int
    """Planned seconds as the scenario scheduled them, before any minute was added or taken."""


def time_use(record: SessionRecord) -> TimeUse:
    rows = [TimeRow(segment, planned_time(segment), segment.elapsed_seconds) for segment in record.segments]
    return TimeUse(
        rows=rows,
        planned=total_planned_time(record.segments),
        used=sum(row.used for row in rows),
        scheduled=sum(s.planned_seconds for s in record.segments),
    )


@dataclass(frozen=True)
class TalkLine:
    member: str
    seconds: int
    share: float
    """Of the segment's talk time (0-1)."""


def talk_text(lines: list[TalkLine]) -> str:
    """'Dana Whitfield 44% (4 min), Priya Raman 56% (5 min)'."""
    return ", ".join(f"{t.member} {t.share:.0%} ({clock_text(t.seconds)})" for t in lines)


def talk_lines(segment: SegmentBase) -> list[TalkLine]:
    """Who spoke how long in a segment, the longest first."""
    shares = talk_shares({share.member: share.seconds for share in segment.talk})
    return [TalkLine(member, int(seconds), share) for member, seconds, share in shares]


@dataclass(frozen=True)
class RoundSummary:
    round: Round
    stats: RoundStats | None
    """None while the round is not revealed."""
    splits: list[RoleSplit]
    """The split by role of a revealed survey round asked for it; else empty."""

    @property
    def voters(self) -> int:
        """Ballots cast, or hands counted, so far."""
        return vote_count(self.round)

    @property
    def text(self) -> str:
        """'round 1: median 3, range 2–4, 75% within one level' (what every report says of a round)."""
        stats = self.stats
        if stats is None:
            return f"round {self.round.number}: not revealed ({self.voters} voted)"
        if stats.median is None:
            return f"round {self.round.number}: no rated ballots"
        return (
            f"round {self.round.number}: median {stats.median:g}, range {range_text(stats)}, "
            f"{agreement_text(stats)} within one level"
        )


@dataclass(frozen=True)
class CriterionSummary:
    criterion: CriterionResult
    agreed: str | None
    """The agreed level as text ('3 Established'), None when no level was agreed."""
    rounds: list[RoundSummary]
    """Every round with a ballot, a hand or a reveal, in order."""

    @property
    def last(self) -> RoundSummary | None:
        """The last revealed round."""
        return next((r for r in reversed(self.rounds) if r.stats is not None), None)

    @property
    def revealed_rounds(self) -> int:
        return sum(1 for r in self.rounds if r.stats is not None)

    @property
    def scored(self) -> bool:
        return self.agreed is not None or self.last is not None

    @property
    def revealed(self) -> list[RoundSummary]:
        """The revealed rounds, in order."""
        return [r for r in self.rounds if r.stats is not None]

    @property
    def movement(self) -> str:
        """How the team moved from its first revealed round to its last ('range 1–4 → 2–2, within
        one level 50% → 100%'); '' with fewer than two revealed rounds with a rated ballot."""
        rated = [r.stats for r in self.revealed if r.stats is not None and r.stats.median is not None]
        if len(rated) < 2:
            return ""
        first, last = rated[0], rated[-1]
        parts = []
        if first.median != last.median:
            parts.append(f"median {first.median:g} → {last.median:g}")
        parts.append(f"range {range_text(first)} → {range_text(last)}")
        parts.append(f"within one level {agreement_text(first)} → {agreement_text(last)}")
        return ", ".join(parts)


@dataclass(frozen=True)
class RatedSummary:
    segment: RatedBase
    criteria: list[CriterionSummary]

    @property
    def survey(self) -> bool:
        return isinstance(self.segment, SurveyResult)

    @property
    def scored(self) -> list[CriterionSummary]:
        return [c for c in self.criteria if c.scored]

    @property
    def not_scored(self) -> list[str]:
        return [c.criterion.title for c in self.criteria if not c.scored]

    @property
    def groups(self) -> list[str]:
        """Every role group of the split by role of the criteria's last revealed rounds, sorted."""
        return sorted({split.group for c in self.criteria if c.last is not None for split in c.last.splits})


def rated_summary(record: SessionRecord, segment: RatedBase) -> RatedSummary:
    split = isinstance(segment, SurveyResult) and segment.split_by_role
    criteria = []
    for criterion in segment.criteria:
        rounds = []
        for rnd in criterion.rounds:
            if rnd.revealed is None and not rnd.ballots and not rnd.tally:
                continue
            stats = round_stats(segment, rnd) if rnd.revealed is not None else None
            splits = role_splits(record, rnd) if split and stats is not None else []
            rounds.append(RoundSummary(rnd, stats, splits))
        agreed = None if criterion.agreed is None else level_text(segment.scale, criterion.agreed)
        criteria.append(CriterionSummary(criterion, agreed, rounds))
    return RatedSummary(segment, criteria)


@dataclass(frozen=True)
class IdeaList:
    segment: PrioritizeResult | BrainstormResult
    ranked: list[tuple[Idea, int]]
    """A dot vote: every idea it is about with its dots, most first. A brainstorm: its ideas in
    order, with the dots of the vote on them if there was one."""

    @property
    def dot_vote(self) -> bool:
        return isinstance(self.segment, PrioritizeResult)

    @property
    def dotted(self) -> list[tuple[Idea, int]]:
        return [(idea, n) for idea, n in self.ranked if n]

    @property
    def undotted(self) -> list[Idea]:
        return [idea for idea, n in self.ranked if not n]

    @property
    def top(self) -> list[tuple[Idea, int]]:
        return self.dotted[:TOP_IDEAS]

    def voters(self, idea: Idea) -> list[tuple[str, int]]:
        """(member, dots) of each member who put dots on ``idea``, as placed."""
        if not isinstance(self.segment, PrioritizeResult):
            return []
        return [(dot.member, dot.count) for dot in self.segment.dots if dot.idea == idea.id]


TOP_IDEAS = 5
"""How many of a dot vote's ideas a summary names first."""


@dataclass(frozen=True)
class SegmentSummary:
    number: int
    segment: SegmentBase
    time: TimeRow
    talk: list[TalkLine]
    rated: RatedSummary | None = None
    forecast: list[Placed] | None = None
    ideas: IdeaList | None = None
    actions: list[Action] = field(default_factory=list)


@dataclass(frozen=True)
class DecisionLine:
    text: str
    where: str
    """The title of the segment it was made in ('' when unknown)."""


@dataclass(frozen=True)
class AgreedLevel:
    segment: str
    criterion: str
    level: str
    evidence: str


@dataclass(frozen=True)
class SessionSummary:
    """Every figure a summary of one session shows, computed once from its record.

    The md and html reports, the review's session view and the summary screen at the end of a
    session only format it; a figure added here is seen by all four.
    """

    record: SessionRecord
    segments: list[SegmentSummary]
    decisions: list[DecisionLine]
    time: TimeUse

    @property
    def results(self) -> list[SegmentSummary]:
        """Rubrics and surveys with something scored, and forecasts with an item placed, in agenda order."""
        return [s for s in self.segments if (s.rated is not None and s.rated.scored) or s.forecast]

    @property
    def rated(self) -> list[RatedSummary]:
        return [s.rated for s in self.segments if s.rated is not None]

    @property
    def idea_lists(self) -> list[IdeaList]:
        """What a summary shows of the ideas: each dot vote with dots placed, and each brainstorm no
        dot vote was about."""
        voted_on = {s.segment.source for s in self.segments if isinstance(s.segment, PrioritizeResult) and s.ideas and s.ideas.dotted}
        shown = []
        for s in self.segments:
            if s.ideas is None or not s.ideas.ranked:
                continue
            if s.ideas.dot_vote and s.ideas.dotted or not s.ideas.dot_vote and s.segment.id not in voted_on:
                shown.append(s.ideas)
        return shown

    @property
    def actions(self) -> list[Action]:
        return [action for s in self.segments for action in s.actions]

    @property
    def agreed_levels(self) -> list[AgreedLevel]:
        return [
            AgreedLevel(rated.segment.title, c.criterion.title, c.agreed, c.criterion.evidence)
            for rated in self.rated
            if not rated.survey
            for c in rated.criteria
            if c.agreed is not None
        ]

    @property
    def notes(self) -> list[tuple[str, str]]:
        return [(s.segment.title, s.segment.notes) for s in self.segments if s.segment.notes]

    @property
    def talk(self) -> list[tuple[str, list[TalkLine]]]:
        """(segment title, who spoke how long) of each segment whose talk time was tracked."""
        return [(s.segment.title, s.talk) for s in self.segments if s.talk]


    def sections(self) -> Iterator[tuple[Section, Any]]:
        """What a report of the session shows after its heading, in order, each part once:
        ``("decisions", [DecisionLine])``, ``("rated", RatedSummary)`` and ``("forecast",
        SegmentSummary)`` in agenda order, ``("ideas", IdeaList)``, ``("actions", [Action])``,
        ``("notes", [(title, text)])``, ``("talk", [(title, [TalkLine])])``, ``("time", TimeUse)``;
        empty parts left out (time is left out while no time was used)."""
        if self.decisions:
            yield "decisions", self.decisions
        for result in self.results:
            yield ("rated", result.rated) if result.rated is not None else ("forecast", result)
        for ideas in self.idea_lists:
            yield "ideas", ideas
        if self.actions:
            yield "actions", self.actions
        if self.notes:
            yield "notes", self.notes
        if self.talk:
            yield "talk", self.talk
        if self.time.used:
            yield "time", self.time


Section = Literal["decisions", "rated", "forecast", "ideas", "actions", "notes", "talk", "time"]


def summarize(record: SessionRecord) -> SessionSummary:
    """The summary of one session's record."""
    use = time_use(record)
    segments = []
    for number, (segment, row) in enumerate(zip(record.segments, use.rows), start=1):
        extra: dict = {}
        if isinstance(segment, RatedBase):
            extra["rated"] = rated_summary(record, segment)
        elif isinstance(segment, ForecastResult):
            extra["forecast"] = placed_items(segment.items)
        elif isinstance(segment, PrioritizeResult):
            extra["ideas"] = IdeaList(segment, ranking(record, segment))
        elif isinstance(segment, BrainstormResult):
            extra["ideas"] = IdeaList(segment, [(idea, 0) for idea in segment.ideas])
        elif isinstance(segment, ActionsResult):
            extra["actions"] = list(segment.actions)
        segments.append(SegmentSummary(number, segment, row, talk_lines(segment), **extra))
    decisions = [DecisionLine(d.text, record.segment_title(d.segment)) for d in record.decisions]
    return SessionSummary(record, segments, decisions, use)


def member_roles(record: SessionRecord) -> dict[str, str]:
    return {m.name: m.role for m in record.team.members}


def date_span(dates: list[date]) -> str:
    if not dates:
        return ""
    first, last = min(dates), max(dates)
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"


__all__ = [
    "TOP_IDEAS",
    "AgreedLevel",
    "CriterionSummary",
    "DecisionLine",
    "IdeaList",
    "Placed",
    "RatedSummary",
    "RoleSplit",
    "RoundSummary",
    "Section",
    "SegmentSummary",
    "SessionSummary",
    "TalkLine",
    "TimeRow",
    "TimeUse",
    "agreement_text",
    "clock_text",
    "date_span",
    "figure",
    "idea_number",
    "label_of",
    "level_text",
    "mean_of",
    "median_text",
    "member_roles",
    "minutes_added",
    "placed_items",
    "range_text",
    "ranking",
    "role_splits",
    "round_stats",
    "source_ideas",
    "summarize",
    "talk_lines",
    "talk_text",
    "time_use",
]
