"""What a report says about one session, computed once and shared by the md, csv and html writers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from ilt_kit.session.engine import item_position, quadrant, rank_ideas, split_by_role
from ilt_kit.session.stats import is_no_evidence, mean_of, round_stats
from ilt_kit.store.record import (
    BrainstormResult,
    CriterionResult,
    ForecastEntry,
    Idea,
    PrioritizeResult,
    Round,
    ScaleLevel,
    SegmentBase,
    SessionRecord,
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


def last_revealed(criterion: CriterionResult) -> Round | None:
    for rnd in reversed(criterion.rounds):
        if rnd.revealed is not None:
            return rnd
    return None


def median_text(scale: list[ScaleLevel], median: float | None) -> str:
    """'4 Agree' for a whole median; '3.5' (no label) between two levels."""
    if median is None:
        return "–"
    if float(median).is_integer():
        return f"{median:g} {label_of(scale, int(median))}"
    return f"{median:g}"


def voted(criterion: CriterionResult) -> bool:
    return any(r.revealed is not None for r in criterion.rounds)


@dataclass(frozen=True)
class RoleSplit:
    group: str
    counts: Counter[int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def role_splits(record: SessionRecord, rnd: Round) -> list[RoleSplit]:
    return [RoleSplit(group, counts) for group, counts in split_by_role(rnd, record.team.members, "group").items()]


def source_ideas(record: SessionRecord, prioritize: PrioritizeResult) -> list[Idea]:
    for segment in record.segments:
        if segment.id == prioritize.source and isinstance(segment, BrainstormResult):
            return list(segment.ideas)
    return []


def ranking(record: SessionRecord, prioritize: PrioritizeResult) -> list[tuple[Idea, int]]:
    return rank_ideas(source_ideas(record, prioritize), prioritize.dots)


def dotted_brainstorms(record: SessionRecord) -> set[str]:
    return {s.source for s in record.segments if isinstance(s, PrioritizeResult) and s.dots}


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


def planned_of(segment: SegmentBase) -> int:
    return segment.planned_seconds + segment.extra_seconds


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
class TimeUse:
    planned: int
    used: float
    rows: list[tuple[SegmentBase, int, float]]
    """(segment, planned seconds incl. adjustments, seconds used)."""

    @property
    def original_plan(self) -> int:
        return sum(s.planned_seconds for s, _, _ in self.rows)


def time_use(record: SessionRecord) -> TimeUse:
    rows = [(segment, planned_of(segment), segment.elapsed_seconds) for segment in record.segments]
    return TimeUse(planned=sum(s.planned_seconds for s, _, _ in rows), used=sum(u for _, _, u in rows), rows=rows)


def member_roles(record: SessionRecord) -> dict[str, str]:
    return {m.name: m.role for m in record.team.members}


def date_span(dates: list[date]) -> str:
    if not dates:
        return ""
    first, last = min(dates), max(dates)
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"


__all__ = [
    "Placed",
    "RoleSplit",
    "TimeUse",
    "clock_text",
    "date_span",
    "dotted_brainstorms",
    "label_of",
    "last_revealed",
    "level_text",
    "mean_of",
    "median_text",
    "member_roles",
    "placed_items",
    "ranking",
    "role_splits",
    "round_stats",
    "source_ideas",
    "time_use",
    "voted",
]
