"""Compare sessions: how each criterion's agreed level moved across the sessions that rated it.

Trends are computed from the light list entries (:class:`~ilt_kit.review.scan.SessionEntry`), so
a district's 10,000 sessions compare without loading their records. :func:`trends` follows a rubric
across every session given (a district's, when they come from many schools); :func:`school_trends`
follows it in each school on its own.

A rubric (or survey) used in two or more sessions gets a :class:`RubricTrend`: for each of its
criteria, one :class:`TrendPoint` per session in date order — the agreed level and its label,
the median of the last revealed round, and the change in agreed level since the previous
session that agreed one. 'No evidence yet' (level 0) is a point but not a step on the scale, so
no change is computed to or from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable

from ilt_kit.review.scan import CriterionLevel, RatedSummary, SessionEntry, Step, by_school, primary
from ilt_kit.review.summary import label_of
from ilt_kit.store.record import NO_EVIDENCE


@dataclass(frozen=True)
class TrendPoint:
    date: date
    title: str
    """The session's title."""
    path: Path
    level: int | None
    """The agreed level; None when the team did not agree one in that session."""
    label: str
    """The level's label on that session's scale ('' when no level was agreed)."""
    evidence: str = ""
    median: float | None = None
    """Median of the last revealed round's rated ballots (surveys rarely agree a level)."""
    change: int | None = None
    """Agreed level minus the previous rated agreed level (0 'no evidence' and None are skipped over)."""
    median_change: float | None = None
    """Median minus the previous session's median (both known); how surveys move."""
    school: str = ""
    """The school of the session (a district trend mixes schools' sessions)."""


@dataclass
class CriterionTrend:
    id: str
    title: str
    group: str
    points: list[TrendPoint] = field(default_factory=list)

    @property
    def agreed_points(self) -> list[TrendPoint]:
        return [p for p in self.points if p.level is not None]

    @property
    def latest(self) -> TrendPoint | None:
        agreed = self.agreed_points
        return agreed[-1] if agreed else None

    @property
    def change(self) -> int | None:
        """The change since last time: the latest agreed level against the one before it."""
        latest = self.latest
        return latest.change if latest else None

    @property
    def median_points(self) -> list[TrendPoint]:
        return [p for p in self.points if p.median is not None]

    @property
    def latest_median(self) -> TrendPoint | None:
        points = self.median_points
        return points[-1] if points else None

    @property
    def median_change(self) -> float | None:
        latest = self.latest_median
        return latest.median_change if latest else None

    @property
    def uses_agreed(self) -> bool:
        """Whether the team agreed a level in any session (else: follow the medians)."""
        return any(p.level is not None for p in self.points)

    @property
    def overall(self) -> int | None:
        """First rated agreed level to the latest one."""
        rated = [p.level for p in self.points if p.level not in (None, NO_EVIDENCE)]
        return rated[-1] - rated[0] if len(rated) >= 2 else None  # type: ignore[operator]


@dataclass
class RubricTrend:
    rubric_id: str
    rubric_title: str
    kind: str
    """'rubric' or 'survey'."""
    scale: list[Step]
    """The scale of the latest session (for axis labels)."""
    sessions: list[tuple[date, str, Path]]
    criteria: list[CriterionTrend]
    schools: list[str] = field(default_factory=list)
    """The schools whose sessions are in this trend (one, or a district's)."""

    def label(self, level: int) -> str:
        for step in self.scale:
            if step.value == level:
                return step.label
        return str(level)

    @property
    def levels(self) -> list[int]:
        return [s.value for s in self.scale]


def trends(entries: Iterable[SessionEntry], min_sessions: int = 2) -> list[RubricTrend]:
    """Every rubric or survey rated in at least ``min_sessions`` sessions, with its criteria over time.

    Sessions are ordered by date (then creation time). When one session rates a criterion in more
    than one segment, the last agreed level counts. Rubrics come sorted by title. Conflict copies
    (see :func:`~ilt_kit.review.scan.resolve_copies`) are left out: they are not another session.
    """
    ordered = sorted(primary(entries), key=lambda e: (e.date, e.created, str(e.path)))
    # rubric id -> list of (entry, {criterion id: (criterion, scale)}, last segment)
    by_rubric: dict[str, list[tuple[SessionEntry, dict[str, tuple[CriterionLevel, tuple[Step, ...]]], RatedSummary]]] = {}
    for entry in ordered:
        per_session: dict[str, tuple[dict[str, tuple[CriterionLevel, tuple[Step, ...]]], RatedSummary]] = {}
        for segment in entry.rated:
            found, _ = per_session.setdefault(segment.rubric_id, ({}, segment))
            per_session[segment.rubric_id] = (found, segment)
            for criterion in segment.criteria:
                previous = found.get(criterion.id)
                if previous is None or criterion.agreed is not None or previous[0].agreed is None:
                    found[criterion.id] = (criterion, segment.scale)
        for rubric_id, (found, segment) in per_session.items():
            by_rubric.setdefault(rubric_id, []).append((entry, found, segment))

    result: list[RubricTrend] = []
    for rubric_id, runs in by_rubric.items():
        if len(runs) < min_sessions:
            continue
        last_segment = runs[-1][2]
        # criteria in first-seen order, titles from the latest session that has them
        order: dict[str, tuple[str, str]] = {}
        for _, found, _ in runs:
            for cid, (criterion, _) in found.items():
                order[cid] = (criterion.title, criterion.group)
        criteria: list[CriterionTrend] = []
        for cid, (title, group) in order.items():
            trend = CriterionTrend(cid, title, group)
            previous: int | None = None
            previous_median: float | None = None
            for entry, found, _ in runs:
                if cid not in found:
                    continue
                criterion, scale = found[cid]
                level = criterion.agreed
                change = None
                if level is not None and level != NO_EVIDENCE:
                    if previous is not None:
                        change = level - previous
                    previous = level
                mid = criterion.median
                median_change = None
                if mid is not None:
                    if previous_median is not None:
                        median_change = mid - previous_median
                    previous_median = mid
                trend.points.append(
                    TrendPoint(
                        date=entry.date,
                        title=entry.title,
                        path=entry.path,
                        level=level,
                        label=label_of(scale, level),
                        evidence=criterion.evidence,
                        median=mid,
                        change=change,
                        median_change=median_change,
                        school=entry.school,
                    )
                )
            criteria.append(trend)
        result.append(
            RubricTrend(
                rubric_id=rubric_id,
                rubric_title=last_segment.rubric_title,
                kind=last_segment.kind,
                scale=list(last_segment.scale),
                sessions=[(e.date, e.title, e.path) for e, _, _ in runs],
                criteria=criteria,
                schools=sorted({e.school for e, _, _ in runs}),
            )
        )
    result.sort(key=lambda t: (t.rubric_title.casefold(), t.rubric_id))
    return result


def school_trends(entries: Iterable[SessionEntry], min_sessions: int = 2) -> dict[str, list[RubricTrend]]:
    """:func:`trends` for each school on its own (schools A to Z, 'unknown' last)."""
    return {school: trends(group, min_sessions) for school, group in by_school(primary(entries)).items()}


__all__ = ["CriterionTrend", "RubricTrend", "TrendPoint", "school_trends", "trends"]
