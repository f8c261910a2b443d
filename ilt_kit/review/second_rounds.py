"""The facilitator's private view of second rounds: after the reveal and the talk, did members'
ballots move toward the team's first-round median, or toward the principal's first ballot?

For the facilitator only. The review shows it in the compare tab behind a key of its own; the run
screen, the phones and the reports never show it (a report may be printed and passed around).

The principal is the first team member whose role is 'principal' (any case). For each rubric
criterion and each session whose rounds 1 and 2 were both revealed ballot rounds, every *other*
member with a rated ballot in both rounds gives one move (round-1 level → round-2 level):

- the **mean distance** of their round-2 ballots to the round-1 median, and to the principal's
  round-1 ballot (and the same for their round-1 ballots, as the baseline);
- how many **moved toward** each: their round-2 ballot is closer to it than their round-1 ballot
  was (a member can move toward both when the two lie on the same side).

A session where the principal's first ballot equals the median cannot tell the two apart: it is
counted, and left out of the figures. Sessions where the principal gave no rated first ballot,
and surveys, are left out. No figure names a member.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ilt_kit.review.trends import RubricTrend
from ilt_kit.session.stats import is_no_evidence, median_value

PRIVATE_TITLE = "Second rounds: toward the median or toward the principal?"
PRIVATE_NOTE = "For the facilitator only: never projected, never in a report."


@dataclass(frozen=True)
class SecondRounds:
    """One criterion's second rounds, over the sessions that had one."""

    id: str
    title: str
    sessions: int
    """Sessions whose moves are counted."""
    same: int
    """Sessions left out because the principal's first ballot was the median."""
    members: int
    """Moves counted (a member in a session)."""
    to_median: float
    """Mean distance of round-2 ballots to the round-1 median."""
    to_principal: float
    """Mean distance of round-2 ballots to the principal's round-1 ballot."""
    first_to_median: float
    first_to_principal: float
    toward_median: int
    toward_principal: int

    @property
    def leaning(self) -> str:
        """'the median', 'the principal' or 'neither more'."""
        if self.toward_median > self.toward_principal:
            return "the median"
        if self.toward_principal > self.toward_median:
            return "the principal"
        return "neither more"


@dataclass(frozen=True)
class PrivateView:
    principal: bool
    """Whether any session counted records a principal (by role)."""
    criteria: list[SecondRounds]
    absent: int = 0
    """Second rounds left out because the principal cast no rated first ballot (absent, or 'no evidence')."""

    @property
    def counted(self) -> list[SecondRounds]:
        """The criteria with moves counted (not only sessions whose principal was on the median)."""
        return [row for row in self.criteria if row.members]

    @property
    def totals(self) -> tuple[int, int, int]:
        """(moved toward the median, moved toward the principal, moves), every criterion together."""
        rows = self.counted
        return (sum(r.toward_median for r in rows), sum(r.toward_principal for r in rows), sum(r.members for r in rows))


def second_rounds(found: Iterable[RubricTrend]) -> PrivateView:
    """The private view of the rubrics in ``found`` (trends, see :func:`~ilt_kit.review.trends.trends`)."""
    principal = False
    absent = 0
    criteria: list[SecondRounds] = []
    for trend in found:
        if trend.kind != "rubric":
            continue
        for criterion in trend.criteria:
            sessions = same = 0
            moves: list[tuple[int, int, float, int]] = []  # round 1, round 2, median, principal
            for point in criterion.points:
                result = point.result
                if result is None or result.principal is None:
                    continue
                principal = True
                lead = result.principal
                mid = median_value([level for level in result.first if not is_no_evidence(level)])
                if is_no_evidence(lead) and result.moves:
                    absent += 1
                if is_no_evidence(lead) or mid is None or not result.moves:
                    continue
                if mid == lead:
                    same += 1
                    continue
                sessions += 1
                moves.extend((before, after, mid, lead) for before, after in result.moves)
            if not moves and not same:
                continue
            count = len(moves)

            def mean(values: list[float]) -> float:
                return sum(values) / count if count else 0.0

            criteria.append(
                SecondRounds(
                    id=criterion.id,
                    title=criterion.title,
                    sessions=sessions,
                    same=same,
                    members=count,
                    to_median=mean([abs(after - mid) for _, after, mid, _ in moves]),
                    to_principal=mean([abs(after - lead) for _, after, _, lead in moves]),
                    first_to_median=mean([abs(before - mid) for before, _, mid, _ in moves]),
                    first_to_principal=mean([abs(before - lead) for before, _, _, lead in moves]),
                    toward_median=sum(1 for b, a, mid, _ in moves if abs(a - mid) < abs(b - mid)),
                    toward_principal=sum(1 for b, a, _, lead in moves if abs(a - lead) < abs(b - lead)),
                )
            )
    return PrivateView(principal, criteria, absent)


__all__ = ["PRIVATE_NOTE", "PRIVATE_TITLE", "PrivateView", "SecondRounds", "second_rounds"]
