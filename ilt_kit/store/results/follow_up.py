"""The record of a follow-up segment: the earlier work the team looked back at, and what it made of it.

When the session starts, the open actions of the team's earlier sessions that were due by its
date, and each goal's criterion from its baseline to the latest agreed level, are copied in
(:class:`FollowedAction`, :class:`GoalLine`), each with where it came from: the file stands on its
own, and resuming it reads no other session. The team then marks each action done, carried over
to a new date, or dropped with a reason, and says in a sentence what evidence of impact it has.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from ilt_kit.store.results.base import MAX_ID, Loc, Rec, SegmentBase, _duplicates

FollowStatus = Literal["open", "done", "carried", "dropped"]
"""What the team made of an earlier action: not yet looked at ('open'), done, carried over to a new
date, or dropped."""


class FollowedAction(Rec):
    """An open action of an earlier session, as it stood when this session started, and what the team made of it."""

    source: str = Field(min_length=1, description="The earlier session file's name, without '.toml'.")
    session_title: str = ""
    session_date: date | None = Field(None, description="The date of the earlier session.")
    segment: str = Field(min_length=1, description="The id of the action-planning segment it was planned in.")
    action: int = Field(ge=1, le=MAX_ID, description="Its number in that segment.")
    what: str = Field(min_length=1)
    owner: str = ""
    due: date | None = Field(None, description="When it was due (the latest date it was carried over to).")
    status: FollowStatus = "open"
    carried_to: date | None = Field(None, description="The new due date of an action carried over.")
    reason: str = Field("", description="Why an action was dropped.")
    impact: str = Field("", description="Evidence of its impact, in a sentence.")

    @property
    def key(self) -> str:
        """What names it in the segment (the focus item): the file, the segment and the action."""
        return f"{self.source}/{self.segment}/{self.action}"


class GoalLine(Rec):
    """A goal's criterion from its baseline to the latest agreed level, as it stood when the session started."""

    goal: str = Field(min_length=1, description="The goal's title.")
    criterion: str = Field("", description="The criterion or survey statement it is measured by.")
    baseline: str = Field("", description="Where it started: the level (and its label).")
    baseline_on: date | None = Field(None, description="The date of the baseline.")
    latest: str = Field("", description="The latest level the team agreed on (and its label); empty: none since.")
    latest_on: date | None = Field(None, description="The date of the session that agreed it.")
    target: str = Field("", description="The level the team aims for (and its label).")
    target_by: date | None = Field(None, description="The date it aims for.")


class FollowUpResult(SegmentBase):
    kind: Literal["follow-up"]
    earlier_sessions: int = Field(
        0, ge=0, le=MAX_ID, description="How many earlier sessions of the team were looked through when it started."
    )
    actions: list[FollowedAction] = Field(default_factory=list)
    goals: list[GoalLine] = Field(default_factory=list)

    def focus_items(self) -> list[str]:
        return [action.key for action in self.actions]

    def followed_actions(self) -> list[FollowedAction]:
        return self.actions

    def _rules(self) -> list[tuple[Loc, str]]:
        found = [(loc, m) for loc, m in _duplicates([a.key for a in self.actions], "actions", "earlier action")]
        for index, action in enumerate(self.actions):
            here: Loc = ("actions", index)
            if action.status == "carried" and action.carried_to is None:
                found.append((here + ("status",), f"action {action.key} is carried over but has no new date (carried_to)"))
            if action.status != "carried" and action.carried_to is not None:
                found.append((here + ("carried_to",), f"action {action.key} is {action.status} but has a new date; remove one"))
            if action.status == "dropped" and not action.reason.strip():
                found.append((here + ("status",), f"action {action.key} is dropped but says no reason"))
            if action.status != "dropped" and action.reason:
                found.append((here + ("reason",), f"action {action.key} is {action.status} but has a reason for dropping it"))
        return found
