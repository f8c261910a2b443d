"""Compare sessions: how each criterion's agreed level moved across the sessions that rated it.

Trends are computed from the light list entries (:class:`~ilt_kit.review.entry.SessionEntry`), so
a district's 10,000 sessions compare without loading their records. :func:`trends` follows a rubric
across every session given (a district's, when they come from many schools); :func:`school_trends`
follows it in each school on its own.

A rubric (or survey) used in two or more sessions gets a :class:`RubricTrend`: for each of its
criteria, one :class:`TrendPoint` per session in date order — the agreed level and its label,
the median of the last revealed round, and the change in agreed level since the previous
session that agreed one. 'No evidence yet' (level 0) is a point but not a step on the scale, so
no change is computed to or from it.

Across a district, sessions of different schools are not steps of one series: "change since last
time" between two schools' sessions says nothing. :func:`district_trends` therefore pools by
**school-year term** (see :func:`period_of`: fall August–November, winter December–March, spring
April–July). For each criterion and term, each school counts once with its *school figure*: the
latest level it agreed that term (1 and up; 'no evidence yet' is not a step), or, when it agreed
none that term, the median of its latest revealed round. The district figure of the term is the
median of the school figures, with how many schools it covers; its change compares it with the
district figure of the criterion's previous term — district figure to district figure, never one
school's session to another's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable

from ilt_kit.review.entry import CriterionLevel, RatedSummary, SessionEntry, Step
from ilt_kit.review.order import by_school, primary
from ilt_kit.review.summary import label_of
from ilt_kit.session.stats import is_no_evidence, median_value


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
    result: CriterionLevel | None = None
    """The criterion as the session's list entry holds it (its first rounds: see
    :mod:`ilt_kit.review.calibration`)."""


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
        rated = [p.level for p in self.points if p.level is not None and not is_no_evidence(p.level)]
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
    (see :func:`~ilt_kit.review.copies.resolve_copies`) are left out: they are not another session.
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
                if level is not None and not is_no_evidence(level):
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
                        result=criterion,
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


@dataclass(frozen=True, order=True)
class Period:
    """A school-year term: the unit of a district trend."""

    start: date
    """Its first day (orders the terms)."""
    label: str
    """'2026-27 fall', '2026-27 winter', '2026-27 spring'."""


def period_of(day: date) -> Period:
    """The school-year term of ``day``: the school year starts on 1 August.

    Fall is August to November, winter December to March, spring April to July.
    """
    year = day.year if day.month >= 8 else day.year - 1
    if 8 <= day.month <= 11:
        term, start = "fall", date(year, 8, 1)
    elif day.month == 12 or day.month <= 3:
        term, start = "winter", date(year, 12, 1)
    else:
        term, start = "spring", date(year + 1, 4, 1)
    return Period(start, f"{year}-{(year + 1) % 100:02d} {term}")


@dataclass(frozen=True)
class DistrictPoint:
    """One criterion's district figure in one term."""

    period: Period
    value: float
    """The median of the school figures (see the module text)."""
    schools: int
    """How many schools have a figure this term."""
    agreed: int
    """How many of those figures are agreed levels (the rest: medians of ballots)."""
    change: float | None = None
    """This district figure minus the criterion's previous term's district figure."""


@dataclass
class DistrictCriterion:
    id: str
    title: str
    group: str
    points: list[DistrictPoint] = field(default_factory=list)

    @property
    def latest(self) -> DistrictPoint | None:
        return self.points[-1] if self.points else None

    @property
    def change(self) -> float | None:
        """The change since last time: the latest term's district figure against the term before."""
        latest = self.latest
        return latest.change if latest else None


@dataclass
class DistrictTrend:
    rubric_id: str
    rubric_title: str
    kind: str
    scale: list[Step]
    """The scale of the latest session (for labels)."""
    periods: list[Period]
    """The terms in which any school rated the rubric, in order."""
    criteria: list[DistrictCriterion]
    schools: list[str]
    """The schools that rated the rubric."""
    sessions: int
    """How many sessions rated it, all schools together."""

    def label(self, level: int) -> str:
        return label_of(self.scale, level) or str(level)

    @property
    def levels(self) -> list[int]:
        return [s.value for s in self.scale]


def district_trends(entries: Iterable[SessionEntry], min_sessions: int = 2) -> list[DistrictTrend]:
    """Each rubric or survey rated in at least ``min_sessions`` sessions (all schools), per term.

    Built from :func:`school_trends`, so a school's figure comes from the same points as its own
    trend. Rubrics come sorted by title.
    """
    return _pooled(school_trends(entries, min_sessions=1), min_sessions)


def _pooled(per_school_trends: dict[str, list[RubricTrend]], min_sessions: int) -> list[DistrictTrend]:
    """The district trends from each school's trends (those kept with ``min_sessions=1``)."""
    # rubric id -> [(school, that school's trend)]
    rubrics: dict[str, list[tuple[str, RubricTrend]]] = {}
    for school, found in per_school_trends.items():
        for trend in found:
            rubrics.setdefault(trend.rubric_id, []).append((school, trend))
    result: list[DistrictTrend] = []
    for rubric_id, per_school in rubrics.items():
        sessions = sum(len(trend.sessions) for _, trend in per_school)
        if sessions < min_sessions:
            continue
        latest = max(per_school, key=lambda item: item[1].sessions[-1][0])[1]
        order: dict[str, tuple[str, str]] = {}
        # criterion id -> {term: {school: (school figure, whether it is an agreed level)}}
        figures: dict[str, dict[Period, dict[str, tuple[float, bool]]]] = {}
        for school, trend in per_school:
            for criterion in trend.criteria:
                order.setdefault(criterion.id, (criterion.title, criterion.group))
                terms = figures.setdefault(criterion.id, {})
                for point in criterion.points:  # in date order: the latest of a term wins
                    mine = terms.setdefault(period_of(point.date), {})
                    if point.level is not None and not is_no_evidence(point.level):
                        mine[school] = (float(point.level), True)
                    elif point.median is not None and not mine.get(school, (0.0, False))[1]:
                        mine[school] = (point.median, False)
        for cid in order:  # titles from the latest session that has them
            for criterion in latest.criteria:
                if criterion.id == cid:
                    order[cid] = (criterion.title, criterion.group)
        criteria: list[DistrictCriterion] = []
        periods: set[Period] = set()
        for cid, (title, group) in order.items():
            district = DistrictCriterion(cid, title, group)
            previous: float | None = None
            for period, by_school_figure in sorted(figures.get(cid, {}).items()):
                if not by_school_figure:
                    continue
                values = [value for value, _ in by_school_figure.values()]
                value = median_value(values)
                assert value is not None  # the term has figures
                district.points.append(
                    DistrictPoint(
                        period=period,
                        value=value,
                        schools=len(values),
                        agreed=sum(1 for _, agreed in by_school_figure.values() if agreed),
                        change=None if previous is None else value - previous,
                    )
                )
                periods.add(period)
                previous = value
            criteria.append(district)
        result.append(
            DistrictTrend(
                rubric_id=rubric_id,
                rubric_title=latest.rubric_title,
                kind=latest.kind,
                scale=list(latest.scale),
                periods=sorted(periods),
                criteria=criteria,
                schools=[school for school, _ in per_school],
                sessions=sessions,
            )
        )
    result.sort(key=lambda t: (t.rubric_title.casefold(), t.rubric_id))
    return result


@dataclass(frozen=True)
class Movement:
    """What the reports and the review show of movement, computed once from the list entries."""

    district: list[DistrictTrend]
    """Pooled per term (empty when the sessions are of one school)."""
    schools: dict[str, list[RubricTrend]]
    """Each school's own trends (rubrics rated in two or more of its sessions), in school order."""


def movement(entries: Iterable[SessionEntry]) -> Movement:
    """District trends and each school's trends, from one walk over the entries."""
    per_school = school_trends(entries, min_sessions=1)
    district = _pooled(per_school, 2) if len(per_school) > 1 else []
    return Movement(district, {school: [t for t in found if len(t.sessions) >= 2] for school, found in per_school.items()})


__all__ = [
    "CriterionTrend",
    "Movement",
    "DistrictCriterion",
    "DistrictPoint",
    "DistrictTrend",
    "Period",
    "RubricTrend",
    "TrendPoint",
    "district_trends",
    "movement",
    "period_of",
    "school_trends",
    "trends",
]
