"""A forecast on the phone: every item, each rated 1-5 for likelihood and impact."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ilt_kit.join.phones.base import whole
from ilt_kit.join.phones.plain import full
from ilt_kit.session.kinds.forecast import item_position, quadrant
from ilt_kit.store.results.forecast import ForecastResult

if TYPE_CHECKING:
    from ilt_kit.join.room import JoinRoom

IDEAS = False
__all__ = ["IDEAS", "answer", "answers", "full", "public", "task"]


def public(room: JoinRoom, segment: ForecastResult) -> tuple:  # noqa: ARG001
    """What every phone sees: the items, how many rated each and, once shown, where each falls."""
    return (segment.shown, tuple((i.id, i.title, len(i.ratings), item_position(i, segment.shown)) for i in segment.items))


def answers(room: JoinRoom, segment: ForecastResult, mine: dict[str, tuple]) -> None:  # noqa: ARG001
    for item in segment.items:
        for rating in item.ratings:
            mine[rating.member] = mine.get(rating.member, ()) + ((item.id, rating.likelihood, rating.impact),)


def task(room: JoinRoom, segment: ForecastResult, member: str, sent: dict[tuple, Any]) -> dict[str, Any]:  # noqa: ARG001
    items = []
    for item in segment.items:
        rating = next((r for r in item.ratings if r.member == member), None)
        own = rating is not None and sent.get((segment.id, item.id)) == (rating.likelihood, rating.impact)
        position = item_position(item, segment.shown)  # while hidden: only an agreed rating
        items.append({
            "id": item.id,
            "title": item.title,
            "description": item.description,
            "mine": {"likelihood": rating.likelihood, "impact": rating.impact} if own else None,
            "answered": rating is not None,
            "rated": len(item.ratings),
            "of": len(room.session.members),
            "position": None if position is None else
            {"likelihood": round(position[0], 1), "impact": round(position[1], 1), "quadrant": quadrant(*position)},
        })
    return {"kind": "forecast", "label": segment.item_label, "revealed": segment.shown, "items": items}


def answer(room: JoinRoom, segment: ForecastResult, member: str, data: dict[str, Any], sent: dict[tuple, Any]) -> None:
    """A rating of one item of the segment (every item is on the page: any may be rated)."""
    item = str(data.get("item", ""))
    likelihood, impact = whole(data.get("likelihood"), "likelihood"), whole(data.get("impact"), "impact")
    room.session.forecast.rate(item, member, likelihood, impact, source="phone")
    sent[(segment.id, item)] = (likelihood, impact)
