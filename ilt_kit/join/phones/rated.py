"""A rubric or survey on the phone: the criterion or statement being answered (the engine's
focus), a button per level, and after the reveal what the room sees."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ilt_kit.join.phones.base import Refused, whole
from ilt_kit.join.phones.plain import full
from ilt_kit.store.results.rated import CriterionResult, RatedBase

if TYPE_CHECKING:
    from ilt_kit.join.room import JoinRoom

IDEAS = False
__all__ = ["IDEAS", "answer", "answers", "criterion", "full", "public", "task"]


def criterion(room: JoinRoom, segment: RatedBase) -> CriterionResult:
    """The criterion or statement being answered: the engine's focus."""
    wanted = room.focus()
    return next((c for c in segment.criteria if c.id == wanted), segment.criteria[0])


def public(room: JoinRoom, segment: RatedBase) -> tuple:
    shown = criterion(room, segment)
    rnd = shown.rounds[-1]
    key: tuple = (shown.id, len(shown.rounds), rnd.mode, rnd.revealed, shown.agreed)
    if rnd.revealed is not None:  # from now on everyone sees the counts
        key += (len(rnd.ballots),)
    return key


def answers(room: JoinRoom, segment: RatedBase, mine: dict[str, tuple]) -> None:
    for ballot in criterion(room, segment).rounds[-1].ballots:
        mine[ballot.member] = (ballot.level, ballot.source)


def task(room: JoinRoom, segment: RatedBase, member: str, sent: dict[tuple, Any]) -> dict[str, Any]:
    shown = criterion(room, segment)
    rnd = shown.rounds[-1]
    rubric = room.rubric_for(segment.rubric_id)
    content = rubric.criterion(shown.id) if rubric is not None else None
    general = {level.value: level.descriptor for level in rubric.scale.levels} if rubric is not None else {}
    levels = [
        {
            "value": level.value,
            "label": level.label,
            "descriptor": (content.descriptors.get(level.value, "") if content is not None else "")
            or general.get(level.value, ""),
        }
        for level in segment.scale
    ]
    view: dict[str, Any] = {
        "kind": segment.kind,
        "criterion": {
            "id": shown.id,
            "title": shown.title,
            "group": shown.group,
            "statement": shown.statement,
            "vision": (content.vision.strip() if content is not None and segment.kind == "rubric" else ""),
        },
        "position": [segment.criteria.index(shown) + 1, len(segment.criteria)],
        "round": rnd.number,
        "mode": rnd.mode,
        "levels": levels,
        "revealed": rnd.revealed is not None,
        "mine": None,
        "answered": False,
    }
    ballot = next((b for b in rnd.ballots if b.member == member), None)
    if ballot is not None:
        view["answered"] = True
        own = ballot.source == "phone" and sent.get((segment.id, shown.id, rnd.number)) == ballot.level
        if own or rnd.revealed is not None:  # after the reveal every device sees the member's ballot
            view["mine"] = ballot.level
    if rnd.revealed is not None:
        stats = room.session.rated.stats(shown.id)
        view["result"] = {
            "counts": [{"value": value, "count": count} for value, count in sorted(stats.counts.items())],
            "total": stats.total,
            "median": stats.median,
            "agreement": stats.agreement,
            "agreed": shown.agreed,
        }
    return view


def answer(room: JoinRoom, segment: RatedBase, member: str, data: dict[str, Any], sent: dict[tuple, Any]) -> None:
    """A ballot (or ``"withdraw"``) for the criterion and round the page showed, if they are still
    the ones being answered; otherwise :data:`~ilt_kit.join.room.MOVED_ON` (409)."""
    from ilt_kit.join.room import MOVED_ON

    shown = criterion(room, segment)
    number = shown.rounds[-1].number
    if data.get("item", data.get("criterion")) != shown.id or data.get("round", number) != number:
        raise Refused(MOVED_ON, 409)
    level = data.get("level")
    key = (segment.id, shown.id, number)
    if level == "withdraw":
        room.session.rated.withdraw(shown.id, member)
        sent.pop(key, None)
    else:
        room.session.rated.cast(shown.id, member, whole(level, "level"), source="phone")
        sent[key] = level
