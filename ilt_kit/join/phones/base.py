"""What every kind's phone part shares: the refusal a phone is shown, and reading a number."""

from __future__ import annotations


class Refused(Exception):
    """A request the room or the engine does not accept: the message is shown on the phone."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def whole(value: object, name: str) -> int:
    """A whole number a page sent (not a boolean, not a float); :class:`Refused` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise Refused(f"{name} must be a whole number")
    return value
