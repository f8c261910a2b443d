"""Forecast segments: items rated on likelihood and impact, by each member or agreed by the team."""

from __future__ import annotations

from typing import Mapping

from ilt_kit.content.models import Rubric
from ilt_kit.content.segments.forecast import ForecastSegment
from ilt_kit.session.core import DomainError, KindPart, clean, find_by_id
from ilt_kit.store.results.base import BallotSource, SegmentBase
from ilt_kit.store.results.forecast import ForecastEntry, ForecastResult, Rating

TEAM = "team"
"""The member name used for an agreed forecast rating."""


class ForecastPart(KindPart):
    """Rating the items of the current forecast segment."""

    name = "forecast"

    def _forecast(self) -> ForecastResult:
        return self._current(ForecastResult, ", not a forecast")

    def _item(self, item_id: str) -> ForecastEntry:
        return find_by_id(self._forecast().items, item_id, f"there is no item {item_id!r}")

    def add_item(self, title: str, description: str = "") -> str:
        forecast = self._forecast()
        if not clean(title):
            raise DomainError("an item needs a title")
        from ilt_kit.store.files import slugify

        base = slugify(title, 40)
        taken = {item.id for item in forecast.items}
        item_id, n = base, 1
        while item_id in taken:
            n += 1
            item_id = f"{base}-{n}"
        forecast.items.append(ForecastEntry(id=item_id, title=clean(title), description=clean(description)))
        self._pin_focus()  # the first item added is the one being answered
        self._save()
        return item_id

    def rate(self, item_id: str, member: str, likelihood: int, impact: int, *, source: BallotSource = "keyboard") -> None:
        """A member's rating (or, with member 'team', the agreed rating) on 1-5 likelihood and impact;
        ``source`` says where a member's rating was given (the record keeps the one that counts)."""
        item = self._item(item_id)
        for value, name in ((likelihood, "likelihood"), (impact, "impact")):
            if not 1 <= value <= 5:
                raise DomainError(f"{name} is rated 1 to 5, not {value}")
        if member == TEAM:
            item.likelihood, item.impact = likelihood, impact
        else:
            name = self._member(member)
            if self._forecast().revealed is not None:
                raise DomainError("the ratings are already revealed; only the team's agreed rating can change")
            for rating in item.ratings:
                if rating.member == name:
                    rating.likelihood, rating.impact, rating.source = likelihood, impact, source
                    break
            else:
                item.ratings.append(Rating(member=name, likelihood=likelihood, impact=impact, source=source))
        self._save()

    def rated_count(self, item_id: str) -> tuple[int, int]:
        """(members who rated the item, members): all that shows of a rating while it is hidden."""
        return len(self._item(item_id).ratings), len(self.members)

    def reveal(self) -> None:
        """Show the members' ratings: the means, the positions and each member's own."""
        forecast = self._forecast()
        if forecast.revealed is not None:
            raise DomainError("the ratings are already revealed")
        if not any(item.ratings for item in forecast.items):
            raise DomainError("nobody has rated yet")
        forecast.revealed = self.now()
        self._save()

    def remove_item(self, item_id: str) -> None:
        forecast = self._forecast()
        item = self._item(item_id)
        forecast.items.remove(item)
        self._pin_focus()  # the focus does not stay on an item that is gone
        self._save()


def quadrant(likelihood: float, impact: float) -> str:
    """Where a forecast item falls on the 2x2 (1-5 scales; 3.5 and up counts as high)."""
    high_l, high_i = likelihood >= 3.5, impact >= 3.5
    if high_l and high_i:
        return "plan for it"
    if high_i:
        return "prepare a response"
    if high_l:
        return "keep an eye on it"
    return "set aside"


def item_position(item: ForecastEntry, shown: bool = True) -> tuple[float, float] | None:
    """The agreed rating if there is one, else the mean of members' ratings (once ``shown``), else None."""
    if item.likelihood is not None and item.impact is not None:
        return float(item.likelihood), float(item.impact)
    if item.ratings and shown:
        n = len(item.ratings)
        return sum(r.likelihood for r in item.ratings) / n, sum(r.impact for r in item.ratings) / n
    return None


def build(seg: ForecastSegment, base: dict, rubrics: Mapping[str, Rubric], rubric_files: Mapping[str, str]) -> SegmentBase:
    """A new forecast segment's record: the scenario's items, none rated yet."""
    items = [ForecastEntry(id=i.id, title=i.title, description=i.description) for i in seg.items]
    return ForecastResult(kind="forecast", item_label=seg.item_label, hidden=True, items=items, **base)


PART = ForecastPart
"""This kind's controller: ``session.forecast`` (see :class:`ilt_kit.session.engine.Session`)."""
