"""A dot vote on the phone: the ideas, with a dot to add or take back on each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ilt_kit.join.phones.base import Refused, whole
from ilt_kit.join.phones.plain import full
from ilt_kit.store.results.prioritize import PrioritizeResult

if TYPE_CHECKING:
    from ilt_kit.join.room import JoinRoom

IDEAS = False
__all__ = ["IDEAS", "answer", "answers", "dots_of", "full", "public", "task"]


def dots_of(segment: PrioritizeResult, member: str) -> dict[int, int]:
    """A member's dots on each idea, wherever they were placed."""
    placed: dict[int, int] = {}
    for dot in segment.dots:
        if dot.member == member:
            placed[dot.idea] = placed.get(dot.idea, 0) + dot.count
    return placed


def public(room: JoinRoom, segment: PrioritizeResult) -> tuple:
    return (tuple((i.id, i.text) for i in room.session.dots.source_ideas(segment)), segment.revealed)


def answers(room: JoinRoom, segment: PrioritizeResult, mine: dict[str, tuple]) -> None:  # noqa: ARG001
    for dot in segment.dots:
        mine[dot.member] = mine.get(dot.member, ()) + ((dot.idea, dot.count),)


def task(room: JoinRoom, segment: PrioritizeResult, member: str, sent: dict[tuple, Any]) -> dict[str, Any]:
    placed = dots_of(segment, member)
    mine = {idea: min(count, sent.get((segment.id, idea), 0)) for idea, count in placed.items()}
    used = sum(placed.values())  # the projected screen shows each member's dots used and left
    task: dict[str, Any] = {
        "kind": "prioritize",
        "budget": segment.budget,
        "left": segment.budget - used,
        "elsewhere": used - sum(mine.values()),
        "revealed": segment.revealed is not None,
        "ideas": [
            {"id": idea.id, "text": idea.text, "theme": idea.theme, "mine": mine.get(idea.id, 0)}
            for idea in room.session.dots.source_ideas(segment)
        ],
    }
    if segment.revealed is not None:  # the dots no longer move: the ranking the room sees
        task["ranking"] = [{"id": idea.id, "text": idea.text, "dots": dots} for idea, dots in room.session.dots.ranking(segment)]
    return task


def answer(room: JoinRoom, segment: PrioritizeResult, member: str, data: dict[str, Any], sent: dict[tuple, Any]) -> None:
    idea = whole(data.get("idea"), "idea")
    key = (segment.id, idea)
    own = min(dots_of(segment, member).get(idea, 0), sent.get(key, 0))
    if data.get("remove"):
        if not own:  # a dot placed elsewhere is not this device's to see, nor to move
            raise Refused("no dot from this device is on that idea; the facilitator can take back the others")
        room.session.dots.remove(member, idea, source="phone")
        sent[key] = own - 1
    else:
        room.session.dots.place(member, idea, source="phone")
        sent[key] = own + 1
