"""Every figure ilt-kit shows about votes: counts, medians, spreads, agreement and outliers.

The engine, review, trends and every renderer compute them here, with one rule for "no
evidence" ballots (level 0, when the scale has it): **they are counted in the distribution and
in the number of votes, and left out of the median, the range, the agreement, the modes, the
outliers and any average.** :func:`is_no_evidence` is the one test of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ilt_kit.store.results.rated import NO_EVIDENCE, RatedBase, Round



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

    @property
    def no_evidence(self) -> int:
        """Ballots (or hands) for 'no evidence'."""
        return self.total - self.rated


def no_evidence_note(stats: RoundStats) -> str:
    """The rule in words, for screens and reports, when a round has 'no evidence' ballots ("" if none)."""
    if not stats.no_evidence:
        return ""
    return f"{stats.no_evidence} 'no evidence': counted, left out of the median, range and agreement"


AGREE_LEVELS = (4, 5)
"""On an agree/disagree survey's five-level scale: agree and strongly agree."""


def share_agreeing(counts: Mapping[int, int]) -> float | None:
    """On a survey: the share of responses that agree or strongly agree (None: no responses).
    Not :attr:`RoundStats.agreement`, which is how closely a rubric's ballots agree with each other."""
    total = sum(counts.values())
    if not total:
        return None
    return sum(counts.get(level, 0) for level in AGREE_LEVELS) / total


def is_no_evidence(level: float | None) -> bool:
    """Whether a ballot's (or an agreed) level is 'no evidence'."""
    return level == NO_EVIDENCE


def rated_counts(counts: Mapping[int, int]) -> dict[int, int]:
    """``counts`` without 'no evidence' and without levels nobody chose."""
    return {level: n for level, n in counts.items() if n and not is_no_evidence(level)}


def vote_count(rnd: Round) -> int:
    """How many ballots or hands a round has, 'no evidence' included."""
    return sum(level_counts(rnd).values())


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


def median_value(values: Iterable[float]) -> float | None:
    """The median of some figures (as :func:`statistics.median` gives; None for none)."""
    return median_of(Counter(values))


def rated_median(rnd: Round) -> float | None:
    """The median of a round's ballots, 'no evidence' left out."""
    return median_of(rated_counts(level_counts(rnd)))


def mean_of(counts: Mapping[int, int]) -> float | None:
    """The average level of ``counts``, 'no evidence' left out (None when nothing is left)."""
    rated = rated_counts(counts)
    total = sum(rated.values())
    return sum(level * n for level, n in rated.items()) / total if total else None


def round_stats(segment: RatedBase, rnd: Round) -> RoundStats:
    """A revealed round's figures on its segment's scale: what the run screen, the review and
    every report show."""
    return compute(rnd, [level.value for level in segment.scale])


def compute(rnd: Round, scale_values: list[int]) -> RoundStats:
    by_level = level_counts(rnd)
    counts = {value: 0 for value in scale_values}
    for level, n in by_level.items():
        counts[level] = counts.get(level, 0) + n
    total = sum(by_level.values())
    rated_levels = rated_counts(by_level)
    rated = sum(rated_levels.values())
    mid = median_of(rated_levels)
    if mid is None:
        return RoundStats(counts, total, 0, None, [], None, None, None, [])
    top = max(rated_levels.values())
    modes = sorted(level for level, n in rated_levels.items() if n == top)
    within = sum(n for level, n in rated_levels.items() if abs(level - mid) <= 1)
    if rnd.mode == "tally":  # one entry per outlying level: the hands are anonymous
        outliers = [("", level) for level in sorted(rated_levels) if abs(level - mid) >= 2]
    else:
        outliers = [(b.member, b.level) for b in rnd.ballots if not is_no_evidence(b.level) and abs(b.level - mid) >= 2]
    return RoundStats(
        counts=counts,
        total=total,
        rated=rated,
        median=mid,
        modes=modes,
        low=min(rated_levels),
        high=max(rated_levels),
        agreement=within / rated,
        outliers=outliers,
    )


def talk_shares(totals: Mapping[str, float]) -> list[tuple[str, float, float]]:
    """(member, seconds, share of all talk) for each member, the longest talk first."""
    whole = sum(totals.values())
    ranked = sorted(totals.items(), key=lambda pair: -pair[1])
    return [(member, seconds, seconds / whole if whole else 0.0) for member, seconds in ranked]
