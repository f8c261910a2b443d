"""Drive the real session engine with a clock that moves only when told: the tests, the
benchmarks and the example generator all start their sessions here.

The engine takes its clocks as arguments (a monotonic one for countdowns, a wall clock for the
times it records), so a session driven with :class:`ScriptedClock` is the one a facilitator
would make by pressing the same keys at those moments.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from ilt_kit.content.library import Library
from ilt_kit.content.models import Team
from ilt_kit.session.engine import EarlierWork, Session, build_record
from ilt_kit.store.files import SessionFile


class ScriptedClock:
    """A monotonic clock and a wall clock that move only when the driver says so.

    ``now`` starts at ``origin``; the wall clock reads ``start`` then, and moves with ``now``
    (to the whole second with ``whole_seconds``)."""

    def __init__(self, start: datetime, origin: float = 0.0, whole_seconds: bool = False) -> None:
        self.start = start
        self.origin = origin
        self.now = origin
        self.whole_seconds = whole_seconds

    def __call__(self) -> float:
        return self.now

    def wall(self) -> datetime:
        passed = self.now - self.origin
        return self.start + timedelta(seconds=round(passed) if self.whole_seconds else passed)

    def advance(self, seconds: float) -> None:
        """Move both clocks on by ``seconds`` (never back)."""
        self.now += max(0.0, seconds)


def start_session(
    library: Library,
    scenario_id: str,
    team: Team,
    title: str,
    clock: ScriptedClock,
    facilitator: str | None = None,
    folder: Path | None = None,
    earlier: EarlierWork | None = None,
) -> tuple[Session, SessionFile | None]:
    """A new session of a scenario of ``library``, started at ``clock``'s wall time, saved as a
    new file in ``folder`` after every change (or kept in memory without one); ``earlier``: the
    team's earlier work its follow-up segments copy in."""
    scenario = library.scenario(scenario_id)
    rubrics = {key: loaded.item for key, loaded in library.rubrics.items()}
    who = team.facilitator if facilitator is None else facilitator
    record = build_record(scenario, rubrics, team, title, who, clock.wall(), earlier=earlier)
    handle = SessionFile.create(folder, record) if folder is not None else None
    session = Session(record, clock=clock, wall=clock.wall, saver=handle.save if handle else None)
    return session, handle


__all__ = ["ScriptedClock", "start_session"]
