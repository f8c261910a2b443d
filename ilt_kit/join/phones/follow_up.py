"""A follow-up on the phone: the earlier actions the team looks back at, the one on the screen to answer.

Every earlier action is listed with what the team has made of it so far (an outcome is the team's,
not a member's: the projected screen shows it to everyone as it is set). The action the screen is
on (the engine's focus) can be answered from any member's phone exactly as with the keys: mark it
done, carry it over to a new date, drop it with a reason, or write the evidence of its impact. An
answer names the action it was shown; one for another action is refused as moved on (409).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ilt_kit.join.phones.base import Refused
from ilt_kit.join.phones.plain import full
from ilt_kit.review.sections.follow_up import goal_line, outcome, source_of
from ilt_kit.session.kinds.follow_up import MAX_IMPACT
from ilt_kit.store.results.follow_up import FollowUpResult

if TYPE_CHECKING:
    from ilt_kit.join.room import JoinRoom

IDEAS = False
STATUSES = ("open", "done", "carried", "dropped")
__all__ = ["IDEAS", "answer", "answers", "full", "public", "task"]


def public(room: JoinRoom, segment: FollowUpResult) -> tuple:  # noqa: ARG001
    """What every phone sees: the action the screen is on, each action's outcome and impact (the team's, shown to all)."""
    return (room.focus(),) + tuple((a.key, a.status, a.carried_to, a.reason, a.impact) for a in segment.actions)


def answers(room: JoinRoom, segment: FollowUpResult, mine: dict[str, tuple]) -> None:  # noqa: ARG001
    """Nothing a member answers for themselves here: the outcomes are the team's (see :func:`public`)."""


def task(room: JoinRoom, segment: FollowUpResult, member: str, sent: dict[tuple, Any]) -> dict[str, Any]:  # noqa: ARG001
    focus = room.focus()
    content = next((s for s in room.scenario.segments if s.id == segment.id), None) if room.scenario else None
    return {
        "kind": "follow-up",
        "item": focus,
        "today": room.session.now().date().isoformat(),
        "question": getattr(content, "impact_prompt", ""),
        "earlier": segment.earlier_sessions,
        "actions": [
            {
                "id": action.key,
                "what": action.what,
                "owner": action.owner,
                "due": action.due.isoformat() if action.due else "",
                "from": source_of(action),
                "status": action.status,
                "outcome": outcome(action),
                "carried_to": action.carried_to.isoformat() if action.carried_to else "",
                "reason": action.reason,
                "impact": action.impact,
            }
            for action in segment.actions
        ],
        "goals": [goal_line(goal, short=True) for goal in segment.goals],
    }


def _text(value: object, name: str, limit: int) -> str:
    if not isinstance(value, str):
        raise Refused(f"send the {name} as text")
    if len(value) > limit:
        raise Refused(f"the {name} is at most {limit} characters")
    return value


def answer(room: JoinRoom, segment: FollowUpResult, member: str, data: dict[str, Any], sent: dict[tuple, Any]) -> None:  # noqa: ARG001
    """An outcome (``status``, with ``carried_to`` or ``reason``) and/or the ``impact`` sentence of
    the action the screen is on, if it still is; otherwise moved on (409)."""
    from ilt_kit.join.room import MOVED_ON

    key = room.focus()
    if key is None or data.get("item") != key:
        raise Refused(MOVED_ON, 409)
    if "status" not in data and "impact" not in data:
        raise Refused("send a status or the evidence of impact")
    if "status" in data:
        status = data["status"]
        if status not in STATUSES:
            raise Refused(f"status is one of {', '.join(STATUSES)}")
        carried_to = None
        if status == "carried":
            try:
                carried_to = date.fromisoformat(_text(data.get("carried_to"), "new due date", 10))
            except ValueError:
                raise Refused("the new due date is a date: YYYY-MM-DD") from None
        reason = _text(data.get("reason", ""), "reason", MAX_IMPACT) if status == "dropped" else ""
        room.session.follow_up.mark(key, status, carried_to=carried_to, reason=reason)
    if "impact" in data:
        room.session.follow_up.set_impact(key, _text(data["impact"], "evidence of impact", MAX_IMPACT))
