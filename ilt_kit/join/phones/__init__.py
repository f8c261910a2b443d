"""Each segment kind's phone part: the task a phone shows and the answers it takes, one module per
kind, named after the kind's engine module (``ilt_kit.session.kinds``).

Which module serves which kind is the kind's ``phone`` in :data:`ilt_kit.content.kinds.KINDS`;
:class:`~ilt_kit.join.room.JoinRoom` reaches a kind's part only through :data:`PHONES`. A module
has (see ``plain.py`` for the simplest):

``task(room, segment, member, sent) -> dict``
    what the member's device shows (``sent``: what this device itself sent, see ``Claim.sent``);
``answer(room, segment, member, data, sent) -> None``
    one answer, as the engine call a key press makes (:class:`Refused` or ``DomainError`` if not);
``public(room, segment) -> tuple``
    what every device's view depends on in the segment, besides the segment itself (no answer);
``answers(room, segment, mine) -> None``
    each member's own answers, added to ``mine`` by member (never sent: it tells the server
    whose view changed);
``IDEAS: bool``
    whether its answers are ideas (their own rate and cap; see ``JoinRoom._slow_down``);
``full(segment, member, cap) -> bool``
    whether the member has sent ``cap`` answers here already (only where ``IDEAS``).
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from ilt_kit.content.kinds import KINDS

PARTS = ("task", "answer", "public", "answers", "IDEAS", "full")
"""What every phone module has."""

PHONES: dict[str, ModuleType] = {kind.id: import_module(f"{__name__}.{kind.phone}") for kind in KINDS.values() if kind.phone}
"""The phone module of each segment kind (every kind has one: ``tests/unit/test_phone_parts.py``)."""
