"""The session engine: everything that happens during a facilitated session, behind one class.

:class:`Session` is the one way to run a session. It is put together from
:class:`~ilt_kit.session.core.SessionCore` (agenda, clock, talk time, notes and decisions) and one
part per kind of segment, each in its own module under ``ilt_kit.session.kinds``: scoring
(rubric and survey), forecast, brainstorm ideas, dot voting and actions. Each part reaches the
current segment through the core's one accessor, which refuses a segment of another kind.

The names below are the engine's public surface; import them from here.
"""

from __future__ import annotations

import time
from typing import Mapping

from ilt_kit.content.models import Rubric, Scenario, Team
from ilt_kit.session.build import build_record
from ilt_kit.session.clock import CRITICAL_SHARE, MIN_PLANNED, WARNING_SHARE, Phase, Projection, TimerState
from ilt_kit.session.core import Clock, DomainError, Focus, Listener, Part, Saver, SessionCore, Wall, local_now
from ilt_kit.session.kinds.actions import ActionsPart, all_actions
from ilt_kit.session.kinds.brainstorm import BrainstormPart
from ilt_kit.session.kinds.follow_up import EarlierWork, FollowUpPart
from ilt_kit.session.kinds.forecast import TEAM, ForecastPart, item_position, quadrant
from ilt_kit.session.kinds.prioritize import PrioritizePart, rank_ideas
from ilt_kit.session.kinds.rated import RatedPart, in_progress, split_by_role
from ilt_kit.store.record import Action

__all__ = [
    "CRITICAL_SHARE",
    "MIN_PLANNED",
    "TEAM",
    "WARNING_SHARE",
    "Clock",
    "DomainError",
    "EarlierWork",
    "Focus",
    "Listener",
    "Part",
    "Phase",
    "Projection",
    "Saver",
    "Session",
    "SessionCore",
    "TimerState",
    "Wall",
    "build_record",
    "in_progress",
    "item_position",
    "local_now",
    "quadrant",
    "rank_ideas",
    "split_by_role",
]


class Session(RatedPart, ForecastPart, BrainstormPart, PrioritizePart, ActionsPart, FollowUpPart, SessionCore):
    """A running session. Read state from the properties; change it only through the methods."""

    @classmethod
    def create(
        cls,
        scenario: Scenario,
        rubrics: Mapping[str, Rubric],
        team: Team,
        title: str,
        facilitator: str = "",
        *,
        clock: Clock = time.monotonic,
        wall: Wall = local_now,
        saver: Saver | None = None,
        earlier: EarlierWork | None = None,
    ) -> Session:
        record = build_record(scenario, rubrics, team, title, facilitator, wall(), earlier=earlier)
        session = cls(record, clock=clock, wall=wall, saver=saver)
        session._save()
        return session

    def all_actions(self) -> list[Action]:
        return all_actions(self.record)
