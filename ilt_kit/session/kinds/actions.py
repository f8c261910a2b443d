"""Action-planning segments: what will be done, by whom, by when, and whether it is done."""

from __future__ import annotations

from datetime import date
from typing import Literal, Mapping

from ilt_kit.content.goals import Goal
from ilt_kit.content.models import Rubric
from ilt_kit.content.segments.actions import ActionsSegment
from ilt_kit.session.core import DomainError, KindPart, clean, find_by_id
from ilt_kit.store.record import SessionRecord
from ilt_kit.store.results.actions import Action, ActionsResult
from ilt_kit.store.results.base import SegmentBase


class ActionsPart(KindPart):
    """The actions of the current action-planning segment, each of which may serve one of the
    team's goals (``goals``: those of the goals file beside the session's file, if it has one)."""

    name = "actions"

    goals: tuple[Goal, ...] = ()

    def set_goals(self, goals: tuple[Goal, ...] | list[Goal]) -> None:
        """The team's goals an action may serve (none: actions serve no goal)."""
        self.goals = tuple(goals)

    def goal(self, goal_id: str) -> Goal | None:
        return next((goal for goal in self.goals if goal.id == goal_id), None)

    def _goal_id(self, goal: str) -> str:
        goal = clean(goal)
        if goal and self.goal(goal) is None:
            known = ", ".join(g.id for g in self.goals) or "none: there is no goals file beside the session"
            raise DomainError(f"there is no goal {goal!r} (the team's goals: {known})")
        return goal

    def _actions(self) -> ActionsResult:
        return self._current(ActionsResult, "; actions are planned in an actions segment")

    def _action(self, action_id: int) -> Action:
        return find_by_id(self._actions().actions, action_id, f"there is no action {action_id}")

    def add(self, what: str, owner: str = "", due: date | None = None, link: str = "", goal: str = "") -> int:
        actions = self._actions()
        if not clean(what):
            raise DomainError("an action needs to say what will be done")
        goal = self._goal_id(goal)
        action_id = max((a.id for a in actions.actions), default=0) + 1
        actions.actions.append(
            Action(id=action_id, what=clean(what), owner=clean(owner), due=due, link=clean(link), goal=goal, status="open")
        )
        self._save()
        return action_id

    def update(
        self,
        action_id: int,
        *,
        what: str | None = None,
        owner: str | None = None,
        due: date | None | Literal["keep"] = "keep",
        link: str | None = None,
        goal: str | None = None,
    ) -> None:
        action = self._action(action_id)
        if what is not None and not clean(what):
            raise DomainError("an action needs to say what will be done")
        if goal is not None:
            goal = self._goal_id(goal)
        if what is not None:
            action.what = clean(what)
        if owner is not None:
            action.owner = clean(owner)
        if due != "keep":
            action.due = due  # type: ignore[assignment]
        if link is not None:
            action.link = clean(link)
        if goal is not None:
            action.goal = goal
        self._save()

    def cycle_goal(self, action_id: int) -> str:
        """Tie the action to the next of the team's goals (after the last: to none); the goal's id."""
        action = self._action(action_id)
        if not self.goals:
            raise DomainError("the team has no goals file beside its sessions (goals.toml, see docs/cycle.md)")
        order = ["", *(goal.id for goal in self.goals)]
        now = order.index(action.goal) if action.goal in order else 0
        action.goal = order[(now + 1) % len(order)]
        self._save()
        return action.goal

    def set_done(self, action_id: int, done: bool = True) -> None:
        action = self._action(action_id)
        action.status = "done" if done else "open"
        action.done_on = self.now().date() if done else None
        self._save()

    def delete(self, action_id: int) -> None:
        actions = self._actions()
        actions.actions.remove(self._action(action_id))
        self._save()


def all_actions(record: SessionRecord) -> list[Action]:
    """Every action planned in the session, in agenda order."""
    return [a for s in record.segments if isinstance(s, ActionsResult) for a in s.actions]


def build(seg: ActionsSegment, base: dict, rubrics: Mapping[str, Rubric], rubric_files: Mapping[str, str]) -> SegmentBase:
    """A new action-planning segment's record: no actions yet."""
    return ActionsResult(kind="actions", **base)


PART = ActionsPart
"""This kind's controller: ``session.actions`` (see :class:`ilt_kit.session.engine.Session`)."""
