"""Action-planning segments: what will be done, by whom, by when, and whether it is done."""

from __future__ import annotations

from datetime import date
from typing import Literal, Mapping

from ilt_kit.content.models import Rubric
from ilt_kit.content.segments.actions import ActionsSegment
from ilt_kit.session.core import DomainError, SessionCore, clean, find_by_id
from ilt_kit.store.record import SessionRecord
from ilt_kit.store.results.actions import Action, ActionsResult
from ilt_kit.store.results.base import SegmentBase


class ActionsPart(SessionCore):
    """The actions of the current action-planning segment."""

    def _actions(self) -> ActionsResult:
        return self._current(ActionsResult, "; actions are planned in an actions segment")

    def _action(self, action_id: int) -> Action:
        return find_by_id(self._actions().actions, action_id, f"there is no action {action_id}")

    def add_action(self, what: str, owner: str = "", due: date | None = None, link: str = "") -> int:
        actions = self._actions()
        if not clean(what):
            raise DomainError("an action needs to say what will be done")
        action_id = max((a.id for a in actions.actions), default=0) + 1
        actions.actions.append(
            Action(id=action_id, what=clean(what), owner=clean(owner), due=due, link=clean(link), status="open")
        )
        self._save()
        return action_id

    def update_action(
        self,
        action_id: int,
        *,
        what: str | None = None,
        owner: str | None = None,
        due: date | None | Literal["keep"] = "keep",
        link: str | None = None,
    ) -> None:
        action = self._action(action_id)
        if what is not None and not clean(what):
            raise DomainError("an action needs to say what will be done")
        if what is not None:
            action.what = clean(what)
        if owner is not None:
            action.owner = clean(owner)
        if due != "keep":
            action.due = due  # type: ignore[assignment]
        if link is not None:
            action.link = clean(link)
        self._save()

    def set_action_done(self, action_id: int, done: bool = True) -> None:
        action = self._action(action_id)
        action.status = "done" if done else "open"
        action.done_on = self.now().date() if done else None
        self._save()

    def delete_action(self, action_id: int) -> None:
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
"""The session methods of this kind (mixed into :class:`ilt_kit.session.engine.Session`)."""
