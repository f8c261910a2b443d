"""Dot voting's record: the dots each member placed on a brainstorm's ideas."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ilt_kit.store.results.base import MAX_ID, Loc, RecordContext, Rec, SegmentBase
from ilt_kit.store.results.brainstorm import BrainstormResult


class Dot(Rec):
    member: str
    idea: int = Field(ge=1, le=MAX_ID)
    count: int = Field(ge=1)


class PrioritizeResult(SegmentBase):
    kind: Literal["prioritize"]
    source: str = Field(description="The brainstorm segment whose ideas get dots.")
    budget: int = Field(ge=1, le=100, description="Dots per member.")
    dots: list[Dot] = Field(default_factory=list)

    def _rules(self) -> list[tuple[Loc, str]]:
        found: list[tuple[Loc, str]] = []
        used: dict[str, int] = {}
        for index, dot in enumerate(self.dots):
            used[dot.member] = used.get(dot.member, 0) + dot.count
            if used[dot.member] > self.budget:
                found.append(
                    (("dots", index, "count"), f"{dot.member!r} has placed {used[dot.member]} dots; the budget is {self.budget}")
                )
        return found

    def check(self, context: RecordContext) -> list[tuple[Loc, str]]:
        found: list[tuple[Loc, str]] = []
        source = context.segments.get(self.source)
        brainstorm = source if isinstance(source, BrainstormResult) else None
        if brainstorm is None:
            what = "is not in the file" if source is None else f"is a {source.kind}, not a brainstorm"
            found.append((("source",), f"the dots are on the ideas of {self.source!r}, which {what}"))
        ideas = {idea.id for idea in brainstorm.ideas} if brainstorm is not None else set()
        for d_index, dot in enumerate(self.dots):
            if dot.member not in context.members:
                found.append((("dots", d_index, "member"), f"dots from {dot.member!r}: {context.known}"))
            if brainstorm is not None and dot.idea not in ideas:
                found.append((("dots", d_index, "idea"), f"a dot on idea {dot.idea}, which {self.source!r} does not have"))
        return found
