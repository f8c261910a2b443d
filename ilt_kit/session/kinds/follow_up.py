"""Follow-up segments: the team looks back at the actions it planned before and at its goals.

What there is to look back at is not in the scenario: the open actions of the team's earlier
sessions that were due by this session's date, and the goals' progress, are gathered when the
session is created by the layer that can read other sessions (the app, the command line; see
:func:`ilt_kit.review.followup.earlier_work`) and copied into the record by :func:`carry`, so the
file stands on its own and a resumed session reads no other file. The team then marks each action
done, carried over to a new date, or dropped with a reason, and writes what evidence of impact it
has; each change is saved at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from ilt_kit.content.models import Rubric
from ilt_kit.content.segments.follow_up import FollowUpSegment
from ilt_kit.session.core import DomainError, KindPart, clean
from ilt_kit.store.results.base import SegmentBase
from ilt_kit.store.results.follow_up import FollowedAction, FollowStatus, FollowUpResult, GoalLine

MAX_IMPACT = 500
"""The longest impact sentence, in characters (a phone may send no more either)."""


@dataclass(frozen=True)
class EarlierWork:
    """What a new session's follow-up segments copy in: the team's earlier open actions due by
    the session's date, its goals' progress, and how many earlier sessions were looked through."""

    actions: list[FollowedAction] = field(default_factory=list)
    goals: list[GoalLine] = field(default_factory=list)
    sessions: int = 0


class FollowUpPart(KindPart):
    """The earlier actions of the current follow-up segment."""

    name = "follow_up"

    def _follow_up(self) -> FollowUpResult:
        return self._current(FollowUpResult, "; earlier actions are followed up in a follow-up segment")

    def _followed(self, key: str) -> FollowedAction:
        for action in self._follow_up().actions:
            if action.key == key:
                return action
        raise DomainError(f"there is no earlier action {key!r} here")

    def mark(self, key: str, status: FollowStatus, *, carried_to: date | None = None, reason: str = "") -> None:
        """What the team made of earlier action ``key``: ``done``, ``carried`` to a new date (today
        or later), ``dropped`` with a reason, or back to ``open``. Setting what it already is changes nothing."""
        action = self._followed(key)
        if status not in ("open", "done", "carried", "dropped"):
            raise DomainError(f"an earlier action is open, done, carried or dropped, not {status!r}")
        today = self.now().date()
        if status == "carried":
            if carried_to is None:
                raise DomainError("an action carried over needs a new due date")
            if carried_to < today:
                raise DomainError(f"the new due date {carried_to.isoformat()} is before today ({today.isoformat()})")
        elif carried_to is not None:
            raise DomainError("only an action carried over gets a new due date")
        if status == "dropped" and not clean(reason):
            raise DomainError("an action dropped needs a reason")
        if len(reason) > MAX_IMPACT:
            raise DomainError(f"a reason is at most {MAX_IMPACT} characters: a sentence")
        if status != "dropped" and clean(reason):
            raise DomainError("only an action dropped gets a reason")
        new = (status, carried_to, clean(reason))
        if (action.status, action.carried_to, action.reason) == new:
            return
        action.status, action.carried_to, action.reason = new
        self._save()

    def set_impact(self, key: str, text: str) -> None:
        """The evidence of earlier action ``key``'s impact, in a sentence (empty: none yet)."""
        action = self._followed(key)
        if len(text) > MAX_IMPACT:
            raise DomainError(f"evidence of impact is at most {MAX_IMPACT} characters: a sentence")
        if action.impact == clean(text):
            return
        action.impact = clean(text)
        self._save()


PART = FollowUpPart
"""This kind's controller: ``session.follow_up`` (see :class:`ilt_kit.session.engine.Session`)."""


def carry(segment: FollowUpResult, earlier: EarlierWork) -> None:
    """Copy the earlier work into a new follow-up segment's record (once, when the session is created)."""
    segment.actions = [action.model_copy(deep=True) for action in earlier.actions]
    segment.goals = [goal.model_copy() for goal in earlier.goals]
    segment.earlier_sessions = earlier.sessions


def build(seg: FollowUpSegment, base: dict, rubrics: Mapping[str, Rubric], rubric_files: Mapping[str, str]) -> SegmentBase:
    """A new follow-up segment's record: empty until :func:`carry` fills it."""
    return FollowUpResult(kind="follow-up", **base)
