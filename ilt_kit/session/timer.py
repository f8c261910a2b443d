"""A session's timer: the current segment's deadline, its time used, and the plan against the clock.

Part of :class:`~ilt_kit.session.core.SessionCore` (its base), which holds the state the timer reads:
the record, the injected ``clock`` and ``wall``, the deadline and the seconds used. A running timer
keeps a deadline; the time left is always ``deadline - clock()``, never a count of ticks.
"""

from __future__ import annotations

from datetime import timedelta
from ilt_kit.session.clock import MIN_PLANNED, Projection, TimerState, phase_of
from ilt_kit.session.errors import DomainError
from ilt_kit.store.results.base import SegmentBase, planned_time, total_planned_time


class SessionTimer:
    """The timer methods of a session (mixed into :class:`~ilt_kit.session.core.SessionCore`)."""

    def planned(self, segment: SegmentBase | None = None) -> int:
        return planned_time(segment or self.segment)

    def _spent(self, segment: SegmentBase) -> float:
        """Seconds used on a segment whose timer is not running (with the fraction the file drops)."""
        used = self._used.get(segment.id)
        return used if used is not None and round(used) == segment.elapsed_seconds else float(segment.elapsed_seconds)

    def _live_elapsed(self) -> float:
        if self._deadline is None:
            return self._spent(self.segment)
        return self.planned() - (self._deadline - self.clock())

    def _start_timer(self) -> None:
        segment = self.segment
        self._deadline = self.clock() + self.planned() - self._spent(segment)
        if segment.started is None:
            segment.started = self.now()
        segment.ended = None  # a segment left earlier (skipped, or done) runs again: it ends anew when left
        segment.status = "running"

    def _stop_timer(self) -> None:
        if self._deadline is None:
            return
        used = self._used[self.segment.id] = self._live_elapsed()
        self.segment.elapsed_seconds = round(used)
        self._deadline = None
        if self.segment.status == "running":
            self.segment.status = "paused"

    @property
    def running(self) -> bool:
        return self._deadline is not None

    def start(self) -> None:
        if self.finished:
            raise DomainError("the session is finished; reopen it to go on")
        if self.running:
            raise DomainError("the timer is already running")
        self._start_timer()
        self._save(self._head())

    def pause(self) -> None:
        if not self.running:
            raise DomainError("the timer is not running")
        self._stop_timer()
        self._save(self._head())

    def toggle(self) -> None:
        """Start or pause the timer (the space bar)."""
        if self.running:
            self.pause()
        else:
            self.start()

    def adjust(self, minutes: int) -> None:
        """Give the current segment more (positive) or less (negative) time."""
        if minutes == 0:
            raise DomainError("adjust by a whole number of minutes other than 0")
        if self.planned() + minutes * 60 < MIN_PLANNED:
            raise DomainError("a segment cannot be planned for less than one minute")
        self.segment.extra_seconds += minutes * 60
        if self._deadline is not None:
            self._deadline += minutes * 60
        self._save(self._head())

    def timer(self) -> TimerState:
        planned = float(self.planned())
        elapsed = self._live_elapsed()
        remaining = planned - elapsed
        if self._deadline is not None:
            remaining = self._deadline - self.clock()
        return TimerState(
            planned=planned,
            elapsed=elapsed,
            remaining=remaining,
            running=self.running,
            phase=phase_of(remaining, planned),
            status=self.segment.status,
        )

    def elapsed_of(self, segment: SegmentBase) -> float:
        return self._live_elapsed() if segment is self.segment else self._spent(segment)

    def projection(self) -> Projection:
        """Actual time so far plus planned time remaining, against the plan."""
        planned_total = total_planned_time(self.record.segments)
        scheduled = sum(s.planned_seconds for s in self.record.segments)
        used = 0.0
        to_come = 0.0
        for segment in self.record.segments:
            elapsed = self.elapsed_of(segment)
            used += elapsed
            if segment.status not in ("done", "skipped"):
                to_come += max(self.planned(segment) - elapsed, 0.0)
        return Projection(
            planned_total=float(planned_total),
            scheduled_total=float(scheduled),
            projected_total=used + to_come,
            used=used,
            projected_end=self.wall() + timedelta(seconds=to_come),
        )
