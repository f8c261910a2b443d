"""The session engine: everything that happens during a facilitated session, behind one class.

:class:`Session` is the one way to run a session. It is
:class:`~ilt_kit.session.core.SessionCore` (agenda, clock, talk time, notes and decisions) with one
controller per kind of segment, each its engine module's ``PART`` under ``ilt_kit.session.kinds``
(:data:`ilt_kit.session.kinds.PARTS`, from the kinds registry) and reached by the part's ``name``:
``session.rated`` (rubric and survey scoring), ``session.forecast``, ``session.brainstorm``
(ideas), ``session.dots`` (dot voting), ``session.actions`` and ``session.follow_up``. Each controller reaches the current
segment through the core's one accessor, which refuses a segment of another kind, so
``session.rated.cast(...)`` on a forecast segment is a :class:`DomainError`. A new kind's
controller needs no edit here.

The names below are the engine's public surface; import them from here.
"""

from __future__ import annotations

import time
from typing import Mapping

from ilt_kit.content.models import Rubric, Scenario, Team
from ilt_kit.session.build import build_record
from ilt_kit.session.clock import CRITICAL_SHARE, MIN_PLANNED, WARNING_SHARE, Phase, Projection, TimerState
from ilt_kit.content.kinds import KINDS
from ilt_kit.session.core import Clock, DomainError, Focus, KindPart, Listener, Part, Saver, SessionCore, Wall, local_now
from ilt_kit.session.kinds import PARTS
from ilt_kit.session.kinds.actions import ActionsPart, all_actions
from ilt_kit.session.kinds.brainstorm import BrainstormPart
from ilt_kit.session.kinds.follow_up import EarlierWork, FollowUpPart
from ilt_kit.session.kinds.forecast import TEAM, ForecastPart, item_position, quadrant
from ilt_kit.session.kinds.prioritize import PrioritizePart, rank_ideas
from ilt_kit.session.kinds.rated import RatedPart, in_progress, split_by_role
from ilt_kit.store.record import SessionRecord
from ilt_kit.store.results.actions import Action
from ilt_kit.store.results.base import SegmentBase

__all__ = [
    "CRITICAL_SHARE",
    "MIN_PLANNED",
    "TEAM",
    "WARNING_SHARE",
    "Clock",
    "DomainError",
    "EarlierWork",
    "Focus",
    "KindPart",
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


class Session(SessionCore):
    """A running session. Read state from the properties; change it only through the methods, the
    core's (agenda, timer, talk, notes) and each kind's controller's."""

    # the built-in kinds' controllers, named for readers and type checkers; every controller in
    # PARTS (a new kind's too) is set up by __init__ under its part's ``name``
    rated: RatedPart
    forecast: ForecastPart
    brainstorm: BrainstormPart
    dots: PrioritizePart
    actions: ActionsPart
    follow_up: FollowUpPart

    def __init__(
        self,
        record: SessionRecord,
        *,
        clock: Clock = time.monotonic,
        wall: Wall = local_now,
        saver: Saver | None = None,
    ) -> None:
        self._parts: dict[str, KindPart] = {}
        for engine, part_class in PARTS.items():
            part = part_class(self)
            self._parts[engine] = part
            setattr(self, part_class.name, part)
        super().__init__(record, clock=clock, wall=wall, saver=saver)

    def part(self, kind: str) -> KindPart | None:
        """The controller of a segment kind (None: a kind without one, like a briefing)."""
        known = KINDS.get(kind)
        return self._parts.get(known.engine) if known is not None else None

    def _part_of(self, segment: SegmentBase) -> KindPart | None:
        return self.part(segment.kind)

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
