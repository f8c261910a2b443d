"""What the team sees when ballots are revealed: the spread, the centre, agreement and outliers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ilt_kit.store.record import NO_EVIDENCE, Round


@dataclass(frozen=True)
class RoundStats:
    counts: dict[int, int]
    """Ballots per level value (levels with no ballot included as 0); 0 is 'no evidence'."""
    total: int
    """All ballots, 'no evidence' included."""
    rated: int
    """Ballots that chose a level (not 'no evidence')."""
    median: float | None
    modes: list[int]
    low: int | None
    high: int | None
    agreement: float | None
    """Share of rated ballots within one level of the median (0-1)."""
    outliers: list[tuple[str, int]] = field(default_factory=list)
    """(member, level) for each ballot two or more levels from the median; in tally mode member is ''."""

    @property
    def spread(self) -> int | None:
        return None if self.low is None or self.high is None else self.high - self.low


def level_counts(rnd: Round) -> dict[int, int]:
    """How many ballots or hands each level got in a round (levels with none left out).

    A tally is read as its counts, never expanded into one entry per hand, so the work is the
    same for a show of 10 hands or 10,000.
    """
    counts: dict[int, int] = {}
    if rnd.mode == "tally":
        for entry in rnd.tally:
            if entry.count:
                counts[entry.level] = counts.get(entry.level, 0) + entry.count
    else:
        for ballot in rnd.ballots:
            counts[ballot.level] = counts.get(ballot.level, 0) + 1
    return counts


def median_of(counts: Mapping[int, int]) -> float | None:
    """The median of the levels counted in ``counts`` (as :func:`statistics.median` of the
    expanded list would give), walking the levels once."""
    total = sum(counts.values())
    if not total:
        return None
    lower_at, upper_at = (total - 1) // 2, total // 2  # the middle position(s), 0-based
    lower = upper = None
    seen = 0
    for level in sorted(counts):
        seen += counts[level]
        if lower is None and seen > lower_at:
            lower = level
        if seen > upper_at:
            upper = level
            break
    assert lower is not None and upper is not None
    return (lower + upper) / 2


def compute(rnd: Round, scale_values: list[int]) -> RoundStats:
    by_level = level_counts(rnd)
    counts = {value: 0 for value in scale_values}
    for level, n in by_level.items():
        counts[level] = counts.get(level, 0) + n
    total = sum(by_level.values())
    rated_counts = {level: n for level, n in by_level.items() if level != NO_EVIDENCE}
    rated = sum(rated_counts.values())
    mid = median_of(rated_counts)
    if mid is None:
        return RoundStats(counts, total, 0, None, [], None, None, None, [])
    top = max(rated_counts.values())
    modes = sorted(level for level, n in rated_counts.items() if n == top)
    within = sum(n for level, n in rated_counts.items() if abs(level - mid) <= 1)
    if rnd.mode == "tally":  # one entry per outlying level: the hands are anonymous
        outliers = [("", level) for level in sorted(rated_counts) if abs(level - mid) >= 2]
    else:
        outliers = [(b.member, b.level) for b in rnd.ballots if b.level != NO_EVIDENCE and abs(b.level - mid) >= 2]
    return RoundStats(
        counts=counts,
        total=total,
        rated=rated,
        median=mid,
        modes=modes,
        low=min(rated_counts),
        high=max(rated_counts),
        agreement=within / rated,
        outliers=outliers,
    )
