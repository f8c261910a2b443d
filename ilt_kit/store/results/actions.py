"""Action planning's record: each action, its owner, due date and status."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from ilt_kit.store.results.base import MAX_ID, LATEST, Loc, RecordContext, Rec, SegmentBase, _duplicates, _refuse


class Action(Rec):
    id: int = Field(ge=1, le=MAX_ID)
    what: str = Field(min_length=1)
    owner: str = ""
    due: date | None = None
    link: str = Field("", description="A criterion or idea this action follows from.")
    goal: str = Field("", description="The id of the goal (in the team's goals.toml) this action serves; empty: none.")
    status: Literal["open", "done"]
    done_on: date | None = None

    @model_validator(mode="after")
    def _done_date_only_when_done(self) -> Action:
        if self.status == "open" and self.done_on is not None:
            _refuse([(("done_on",), f"action {self.id} is open but has a done date ({self.done_on}); remove one")])
        return self


class ActionsResult(SegmentBase):
    kind: Literal["actions"]
    actions: list[Action] = Field(default_factory=list)

    plans_actions: ClassVar[bool] = True

    def planned_actions(self) -> list[Action]:
        return self.actions

    def _rules(self) -> list[tuple[Loc, str]]:
        return [(loc + ("id",), m) for loc, m in _duplicates([a.id for a in self.actions], "actions", "action id")]

    def check(self, context: RecordContext) -> list[tuple[Loc, str]]:
        found: list[tuple[Loc, str]] = []
        if context.first_day is None:
            return found
        for a_index, action in enumerate(self.actions):
            if action.done_on is not None and not context.first_day <= action.done_on < LATEST.date():
                found.append(
                    (("actions", a_index, "done_on"),
                     f"action {action.id} was done on {action.done_on}, outside the session's day and the years after it")
                )
        return found
