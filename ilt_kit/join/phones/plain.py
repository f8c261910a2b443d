"""A segment without answers from phones (a briefing, a reflection): the phone says to look at the screen."""

from __future__ import annotations

from typing import Any

from ilt_kit.join.phones.base import Refused

IDEAS = False


def task(room: Any, segment: Any, member: str, sent: dict) -> dict[str, Any]:  # noqa: ARG001
    return {"kind": "screen"}


def answer(room: Any, segment: Any, member: str, data: dict[str, Any], sent: dict) -> None:  # noqa: ARG001
    raise Refused("nothing to answer here: look at the screen")


def public(room: Any, segment: Any) -> tuple:  # noqa: ARG001
    return ()


def answers(room: Any, segment: Any, mine: dict[str, tuple]) -> None:  # noqa: ARG001
    return None


def full(segment: Any, member: str, cap: int) -> bool:  # noqa: ARG001
    return False
