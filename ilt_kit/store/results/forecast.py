"""A forecast's record: each item, the members' ratings and the agreed likelihood and impact."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from ilt_kit.store.results.base import BallotSource, Loc, RecordContext, Rec, SegmentBase, Stamp, _duplicates


class Rating(Rec):
    member: str
    likelihood: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)
    source: BallotSource = Field("keyboard", description="Where the rating that counts was given (see Ballot.source).")


class ForecastEntry(Rec):
    id: str
    title: str
    description: str = ""
    likelihood: int | None = Field(None, ge=1, le=5, description="Agreed likelihood (1-5).")
    impact: int | None = Field(None, ge=1, le=5, description="Agreed impact (1-5).")
    ratings: list[Rating] = Field(default_factory=list)


class ForecastResult(SegmentBase):
    kind: Literal["forecast"]
    item_label: str = "force"
    hidden: bool = Field(
        False,
        description="Members' ratings are hidden until 'revealed' (every new forecast); absent in files from "
        "before ratings were hidden, whose ratings count as revealed.",
    )
    revealed: Stamp | None = Field(None, description="When the members' ratings were shown; absent: still hidden.")
    items: list[ForecastEntry] = Field(default_factory=list)

    @property
    def shown(self) -> bool:
        """The members' ratings may be shown: revealed, or never hidden (a file from before hidden ratings)."""
        return not self.hidden or self.revealed is not None

    def focus_items(self) -> list[str]:
        return [item.id for item in self.items]

    def _rules(self) -> list[tuple[Loc, str]]:
        found = [(loc + ("id",), m) for loc, m in _duplicates([item.id for item in self.items], "items", "item id")]
        for index, item in enumerate(self.items):
            found += [
                (("items", index) + loc + ("member",), m)
                for loc, m in _duplicates([r.member for r in item.ratings], "ratings", "a rating from")
            ]
        return found

    def check(self, context: RecordContext) -> list[tuple[Loc, str]]:
        found: list[tuple[Loc, str]] = []
        for i_index, item in enumerate(self.items):
            for r_index, rating in enumerate(item.ratings):
                if rating.member not in context.members:
                    where: Loc = ("items", i_index, "ratings", r_index, "member")
                    found.append((where, f"a rating from {rating.member!r}: {context.known}"))
        return found

    def times(self) -> list[tuple[Loc, datetime | None]]:
        return super().times() + [(("revealed",), self.revealed)]
