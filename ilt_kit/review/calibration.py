"""Calibration over time: does the team read the rubric alike, before it talks?

For each rubric criterion scored in two or more sessions, each session's **first round** (the
ballots cast before any discussion) gives three figures:

- the **median** of its rated ballots;
- **exact agreement**: the share of rated ballots equal to the median. When the median falls
  halfway between two levels (an even number of ballots split down the middle, e.g. 2 2 3 3),
  no ballot equals it: a ballot on either of the two levels beside it then counts as half an
  exact match (2 2 3 3 gives 50 %, 1 2 3 4 gives 25 %), so exact agreement never depends on
  picking one of the two;
- **adjacent agreement**: the share of rated ballots within one level of the median (the same
  figure as a round's "within one level" in the reports).

Only rounds taken as named ballots count: a show of hands (tally) is counted by level, and its
hands are those of a room that has already seen each other's hands go up, so its first round is
left out (and counted, so a report can say so). A round never revealed is left out too.
'No evidence' ballots are left out of every figure, as everywhere (see
:mod:`ilt_kit.session.stats`). Surveys are left out: their statements ask what members think,
where differing is the point, not how they read a rubric.

The **direction** compares the latest session with the first: the mean of exact and adjacent
agreement rose by at least :data:`STEADY_BAND` (converging), fell by at least that much
(diverging), or neither (steady).

Everything comes from the trends (:func:`ilt_kit.review.trends.trends`), so the sessions, their
order and which segment counts when a session scored a criterion twice are the ones the movement
tables use. No figure names a member.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Iterable

from ilt_kit.review.trends import CriterionTrend, RubricTrend
from ilt_kit.session.stats import is_no_evidence, median_value

STEADY_BAND = 0.15
"""How far the mean of exact and adjacent agreement must move, first session to latest, to be a direction."""


@dataclass(frozen=True)
class FirstRound:
    """One session's first round of a criterion."""

    day: date
    title: str
    school: str
    ballots: int
    """Rated ballots ('no evidence' left out)."""
    median: float
    exact: float
    """Share of the rated ballots equal to the median (0-1; see the module text for a half median)."""
    adjacent: float
    """Share of the rated ballots within one level of the median (0-1)."""

    @property
    def score(self) -> float:
        return (self.exact + self.adjacent) / 2


@dataclass
class CriterionCalibration:
    id: str
    title: str
    group: str
    rounds: list[FirstRound] = field(default_factory=list)
    """One per session whose first round was a revealed ballot round, in date order."""
    left_out: int = 0
    """Sessions that scored the criterion but whose first round was a show of hands."""
    unrated: int = 0
    """Sessions whose first round of ballots held only 'no evidence' (no figure to give)."""

    @property
    def direction(self) -> str:
        """'converging', 'steady' or 'diverging': the latest first round against the first one."""
        change = self.rounds[-1].score - self.rounds[0].score
        if change >= STEADY_BAND - 1e-9:
            return "converging"
        if change <= -STEADY_BAND + 1e-9:
            return "diverging"
        return "steady"


@dataclass
class RubricCalibration:
    rubric_id: str
    rubric_title: str
    criteria: list[CriterionCalibration]
    """Criteria with a first round of ballots in two or more sessions (others are not shown)."""

    @property
    def left_out(self) -> int:
        """First rounds left out (shows of hands), all criteria together."""
        return sum(c.left_out for c in self.criteria)

    @property
    def unrated(self) -> int:
        """First rounds of only 'no evidence' ballots left out, all criteria together."""
        return sum(c.unrated for c in self.criteria)


def agreement(levels: Iterable[int]) -> tuple[float, float, float] | None:
    """(median, exact, adjacent) of some ballots' levels, 'no evidence' left out; None when none is rated."""
    rated = [level for level in levels if not is_no_evidence(level)]
    mid = median_value(rated)
    if mid is None:
        return None
    exact = sum(1.0 if level == mid else 0.5 if abs(level - mid) == 0.5 else 0.0 for level in rated)
    adjacent = sum(1 for level in rated if abs(level - mid) <= 1)
    return mid, exact / len(rated), adjacent / len(rated)


def criterion_calibration(criterion: CriterionTrend) -> CriterionCalibration:
    """A criterion's first rounds over its trend's sessions."""
    found = CriterionCalibration(criterion.id, criterion.title, criterion.group)
    for point in criterion.points:
        result = point.result
        if result is None or not result.first_mode:
            continue  # round 1 never revealed: nobody saw it
        if result.first_mode != "ballot":
            found.left_out += 1
            continue
        figures = agreement(result.first)
        if figures is None:
            found.unrated += 1
            continue
        mid, exact, adjacent = figures
        rated = sum(1 for level in result.first if not is_no_evidence(level))
        found.rounds.append(FirstRound(point.date, point.title, point.school, rated, mid, exact, adjacent))
    return found


def calibrated(found: Iterable[RubricTrend], min_sessions: int = 2) -> tuple[list[RubricCalibration], list[tuple[str, str]]]:
    """What a calibration section shows, from trends (:func:`~ilt_kit.review.trends.trends`;
    surveys left out), in one pass over each rubric's criteria:

    - each rubric's criteria with a first round of ballots in ``min_sessions`` or more sessions;
    - (rubric title, why) for each rubric scored in that many sessions of which no criterion has
      that many first rounds of ballots (shows of hands, only 'no evidence'), so that it is named
      with the reason instead of left out without a word."""
    shown: list[RubricCalibration] = []
    unshown: list[tuple[str, str]] = []
    for trend in found:
        if trend.kind != "rubric":
            continue
        every = [criterion_calibration(c) for c in trend.criteria]
        criteria = [c for c in every if len(c.rounds) >= min_sessions]
        if criteria:
            shown.append(RubricCalibration(trend.rubric_id, trend.rubric_title, criteria))
            continue
        scored = [c for c in every if len(c.rounds) + c.left_out + c.unrated >= min_sessions]
        if scored:
            why = left_out_text(RubricCalibration(trend.rubric_id, trend.rubric_title, scored))
            sessions = {2: "two", 3: "three"}.get(min_sessions, str(min_sessions))
            unshown.append((trend.rubric_title, f"No criterion has a first round of single ballots in {sessions} "
                                                f"sessions yet, so there is nothing to compare. {why}"))
    return shown, unshown


def calibration(found: Iterable[RubricTrend], min_sessions: int = 2) -> list[RubricCalibration]:
    """Each rubric's criteria with a first round of ballots in ``min_sessions`` or more sessions
    (see :func:`calibrated`)."""
    return calibrated(found, min_sessions)[0]


def not_compared(found: Iterable[RubricTrend], min_sessions: int = 2) -> list[tuple[str, str]]:
    """(rubric title, why) for each rubric with nothing to compare yet (see :func:`calibrated`)."""
    return calibrated(found, min_sessions)[1]


def school_calibration(per_school: dict[str, list[RubricTrend]]) -> dict[str, list[RubricCalibration]]:
    """:func:`calibration` of each school on its own (the district view: schools, never members)."""
    return {school: found for school, found in ((s, calibration(t)) for s, t in per_school.items()) if found}


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def first_round_text(first: FirstRound) -> str:
    """'exact 50% · adjacent 100% (n=6)'."""
    return f"exact {percent(first.exact)} · adjacent {percent(first.adjacent)} (n={first.ballots})"


def series_text(shares: Iterable[float]) -> str:
    """'25% → 50% → 75%': a figure session by session."""
    return " → ".join(percent(share) for share in shares)


@dataclass(frozen=True)
class CalibrationRow:
    """One criterion as every table shows it (the review, the Markdown and the HTML report)."""

    title: str
    sessions: int
    exact: str
    adjacent: str
    direction: str
    where: str = ""
    """The school (district rows), else ''."""


def rows(rubric: RubricCalibration) -> list[CalibrationRow]:
    """Each criterion's first rounds, session by session."""
    return [
        CalibrationRow(
            c.title, len(c.rounds), series_text(r.exact for r in c.rounds), series_text(r.adjacent for r in c.rounds), c.direction
        )
        for c in rubric.criteria
    ]


def district_rows(pooled: dict[str, list[RubricCalibration]]) -> list[tuple[str, list[CalibrationRow]]]:
    """The district view: for each rubric (by title), each criterion's rows, first session to latest:
    with two schools or more, first the schools pooled (the mean of their first sessions' figures
    and of their latest), then one row a school (schools only: no member is named)."""
    rubrics: dict[str, tuple[str, dict[str, list[tuple[str, CriterionCalibration]]]]] = {}
    for school, found in pooled.items():
        for rubric in found:
            title, criteria = rubrics.setdefault(rubric.rubric_id, (rubric.rubric_title, {}))
            for c in rubric.criteria:
                criteria.setdefault(c.title, []).append((school, c))
    ordered = sorted(rubrics.values(), key=lambda item: item[0].casefold())
    return [(title, [row for schools in criteria.values() for row in _criterion_rows(schools)]) for title, criteria in ordered]


def _criterion_rows(schools: list[tuple[str, CriterionCalibration]]) -> list[CalibrationRow]:
    """One criterion across the district: the schools pooled (two or more), then each school."""
    def row(c: CriterionCalibration, where: str) -> CalibrationRow:
        first, last = c.rounds[0], c.rounds[-1]
        return CalibrationRow(
            c.title, len(c.rounds), series_text((first.exact, last.exact)), series_text((first.adjacent, last.adjacent)),
            c.direction, where,
        )

    found = [row(c, school) for school, c in schools]
    if len(schools) < 2:
        return found
    n = len(schools)

    def mean(pick) -> float:  # noqa: ANN001 - a figure of a school's criterion
        return sum(pick(c) for _, c in schools) / n

    district = CriterionCalibration(schools[0][1].id, schools[0][1].title, schools[0][1].group)
    for pick in (lambda c: c.rounds[0], lambda c: c.rounds[-1]):  # the mean first session, the mean latest
        district.rounds.append(FirstRound(
            min(pick(c).day for _, c in schools), "", "", sum(pick(c).ballots for _, c in schools),
            mean(lambda c: pick(c).median), mean(lambda c: pick(c).exact), mean(lambda c: pick(c).adjacent),
        ))
    pooled = row(district, "Both schools" if n == 2 else f"All {n} schools")
    return [replace(pooled, sessions=sum(len(c.rounds) for _, c in schools)), *found]


CALIBRATION_NOTE = (
    "How alike the team reads the rubric before it talks: of each session's first-round ballots, the share equal "
    "to the median (exact) and within one level of it (adjacent), session by session. When the median falls "
    "between two levels, a ballot on either of them counts as half. 'No evidence' ballots, surveys and first "
    "rounds taken as a show of hands are left out. Converging or diverging: exact and adjacent together moved "
    "15 points or more (on average) from the first session to the latest."
)

DISTRICT_CALIBRATION_NOTE = (
    "Each school's first-round agreement on its own, first session to latest (only schools, never members, "
    "are named). With two schools or more, a criterion's first row pools them: the mean of the schools' first "
    "sessions and of their latest."
)


def left_out_text(rubric: RubricCalibration) -> str:
    """'1 first round taken as a show of hands is left out.', and how many held only 'no evidence'
    ('' when none is)."""
    parts = []
    n = rubric.left_out
    if n:
        parts.append(f"{n} first round{'s' if n != 1 else ''} taken as a show of hands {'are' if n != 1 else 'is'} "
                     "left out (no single ballots).")
    n = rubric.unrated
    if n:
        parts.append(f"{n} first round{'s' if n != 1 else ''} with only 'no evidence' ballots {'are' if n != 1 else 'is'} left out.")
    return " ".join(parts)


__all__ = [
    "CALIBRATION_NOTE",
    "CalibrationRow",
    "DISTRICT_CALIBRATION_NOTE",
    "district_rows",
    "rows",
    "series_text",
    "CriterionCalibration",
    "FirstRound",
    "RubricCalibration",
    "STEADY_BAND",
    "agreement",
    "calibrated",
    "calibration",
    "criterion_calibration",
    "first_round_text",
    "left_out_text",
    "not_compared",
    "percent",
    "school_calibration",
]
