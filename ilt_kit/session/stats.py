"""What the team sees when ballots are revealed: the spread, the centre, agreement and outliers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from statistics import median as _median

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


def round_levels(rnd: Round) -> list[tuple[str, int]]:
    """(member, level) pairs of a round; a tally expands to anonymous entries."""
    if rnd.mode == "tally":
        return [("", t.level) for t in rnd.tally for _ in range(t.count)]
    return [(b.member, b.level) for b in rnd.ballots]


def compute(rnd: Round, scale_values: list[int]) -> RoundStats:
    entries = round_levels(rnd)
    counts = {value: 0 for value in scale_values}
    for _, level in entries:
        counts[level] = counts.get(level, 0) + 1
    rated = [level for _, level in entries if level != NO_EVIDENCE]
    if not rated:
        return RoundStats(counts, len(entries), 0, None, [], None, None, None, [])
    mid = float(_median(rated))
    tally = Counter(rated)
    top = max(tally.values())
    modes = sorted(level for level, n in tally.items() if n == top)
    within = sum(1 for level in rated if abs(level - mid) <= 1)
    outliers = [(member, level) for member, level in entries if level != NO_EVIDENCE and abs(level - mid) >= 2]
    return RoundStats(
        counts=counts,
        total=len(entries),
        rated=len(rated),
        median=mid,
        modes=modes,
        low=min(rated),
        high=max(rated),
        agreement=within / len(rated),
        outliers=outliers,
    )
