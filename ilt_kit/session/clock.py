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
    projected_total: float
    used: float
    projected_end: datetime

    @property
    def behind(self) -> float:
        """Seconds the session is projected to run over plan (negative: ahead)."""
        return self.projected_total - self.planned_total


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
