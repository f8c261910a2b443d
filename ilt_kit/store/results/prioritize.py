"""Dot voting's record: the dots each member placed on a brainstorm's ideas."""

from __future__ import annotations

from datetime import datetime
from typing import Iterable, Literal

from pydantic import Field

from ilt_kit.store.results.base import MAX_ID, BallotSource, Loc, RecordContext, Rec, SegmentBase, Stamp
from ilt_kit.store.results.brainstorm import BrainstormResult


class Dot(Rec):
    member: str
    idea: int = Field(ge=1, le=MAX_ID)
    count: int = Field(ge=1)
    source: BallotSource = Field(
        "keyboard", description="Where this member's dots on the idea were last placed or taken back (see Ballot.source)."
    )


class PrioritizeResult(SegmentBase):
    kind: Literal["prioritize"]
    source: str = Field(description="The brainstorm segment whose ideas get dots.")
    budget: int = Field(ge=1, le=100, description="Dots per member.")
    hidden: bool = Field(
        False, description="The dots on each idea are hidden until 'revealed'; absent in files from before hidden dots."
    )
    revealed: Stamp | None = Field(None, description="When the dots were shown; absent: still hidden.")
    dots: list[Dot] = Field(default_factory=list)

    @property
    def shown(self) -> bool:
        """The dots on each idea may be shown: revealed, or never hidden."""
        return not self.hidden or self.revealed is not None

    def placed(self, members: Iterable[str]) -> tuple[int, int]:
        """(members who placed every dot, members): all that shows of a dot vote while it is hidden."""
        names = list(members)
        used: dict[str, int] = {}
        for dot in self.dots:
            used[dot.member] = used.get(dot.member, 0) + dot.count
        return sum(used.get(name, 0) >= self.budget for name in names), len(names)

    def times(self) -> list[tuple[Loc, datetime | None]]:
        return super().times() + [(("revealed",), self.revealed)]

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
