"""The timer's figures: how much time a segment has left and how the whole session is going."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Phase = Literal["ok", "warning", "critical", "overtime"]

WARNING_SHARE = 0.20
CRITICAL_SHARE = 0.05
MIN_PLANNED = 60


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
    """Planned seconds with the minutes added or taken during the session (what the rows add up to)."""
    projected_total: float
    used: float
    projected_end: datetime
    scheduled_total: float
    """Planned seconds as the scenario scheduled them, before any minute was added or taken."""

    @property
    def behind(self) -> float:
        """Seconds the session is projected to run past its scheduled time (negative: ahead);
        minutes added to a segment make it later than scheduled."""
        return self.projected_total - self.scheduled_total


def phase_of(remaining: float, planned: float) -> Phase:
    """The countdown's colour band: under 20 % left a warning, under 5 % critical, then overtime."""
    if remaining <= 0:
        return "overtime"
    share = remaining / planned
    if share < CRITICAL_SHARE:
        return "critical"
    if share < WARNING_SHARE:
        return "warning"
    return "ok"
