"""A brainstorm on the phone: a box for one idea at a time, and the member's own ideas."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ilt_kit.join.phones.base import Refused
from ilt_kit.store.results.brainstorm import BrainstormResult

if TYPE_CHECKING:
    from ilt_kit.join.room import JoinRoom

IDEAS = True
MAX_IDEA = 500
"""The longest idea a phone may send, in characters."""


def public(room: JoinRoom, segment: BrainstormResult) -> tuple:  # noqa: ARG001
    return ()


def answers(room: JoinRoom, segment: BrainstormResult, mine: dict[str, tuple]) -> None:  # noqa: ARG001
    for idea in segment.ideas:
        if idea.author:
            mine[idea.author] = mine.get(idea.author, ()) + ((idea.id, idea.text),)


def task(room: JoinRoom, segment: BrainstormResult, member: str, sent: dict[tuple, Any]) -> dict[str, Any]:  # noqa: ARG001
    # ideas are not hidden: the projected screen lists every idea, with its author, as it comes in
    return {"kind": "brainstorm", "mine": [idea.text for idea in segment.ideas if idea.author == member]}


def full(segment: BrainstormResult, member: str, cap: int) -> bool:
    """Whether ``member`` has ``cap`` ideas here already."""
    return sum(idea.author == member for idea in segment.ideas) >= cap


def answer(room: JoinRoom, segment: BrainstormResult, member: str, data: dict[str, Any], sent: dict[tuple, Any]) -> None:  # noqa: ARG001
    text = data.get("text")
    if not isinstance(text, str):
        raise Refused("send the idea as text")
    if len(text) > MAX_IDEA:
        raise Refused(f"an idea is at most {MAX_IDEA} characters")
    room.session.brainstorm.add(text, author=member)
