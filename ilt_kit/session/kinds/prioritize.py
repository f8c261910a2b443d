"""Dot-voting segments: each member spends a budget of dots on the ideas of an earlier brainstorm."""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Mapping

from ilt_kit.content.models import Rubric
from ilt_kit.content.segments.prioritize import PrioritizeSegment
from ilt_kit.session.core import DomainError, KindPart
from ilt_kit.store.results.base import BallotSource, SegmentBase
from ilt_kit.store.results.brainstorm import BrainstormResult, Idea
from ilt_kit.store.results.prioritize import Dot, PrioritizeResult


class PrioritizePart(KindPart):
    """The dots of the current dot-voting segment."""

    name = "dots"

    def _prioritize(self) -> PrioritizeResult:
        return self._current(PrioritizeResult, ", not dot voting")

    def source_ideas(self, segment: PrioritizeResult | None = None) -> list[Idea]:
        segment = segment or self._prioritize()
        for other in self.record.segments:
            if other.id == segment.source and isinstance(other, BrainstormResult):
                return list(other.ideas)
        return []

    def used(self, member: str) -> int:
        return sum(d.count for d in self._prioritize().dots if d.member == member)

    def left(self, member: str) -> int:
        return self._prioritize().budget - self.used(member)

    def _still_hidden(self, prioritize: PrioritizeResult) -> None:
        if prioritize.revealed is not None:
            raise DomainError("the dots are already revealed; they no longer move")

    def place(self, member: str, idea_id: int, *, source: BallotSource = "keyboard") -> None:
        """One more of ``member``'s dots on the idea; ``source`` says where (the record keeps the last)."""
        prioritize = self._prioritize()
        name = self._member(member)
        self._still_hidden(prioritize)
        if idea_id not in {i.id for i in self.source_ideas(prioritize)}:
            raise DomainError(f"there is no idea {idea_id} to vote on")
        if self.used(name) >= prioritize.budget:
            raise DomainError(f"{name} has used all {prioritize.budget} dots")
        for dot in prioritize.dots:
            if dot.member == name and dot.idea == idea_id:
                dot.count += 1
                dot.source = source
                break
        else:
            prioritize.dots.append(Dot(member=name, idea=idea_id, count=1, source=source))
        self._save()

    def remove(self, member: str, idea_id: int, *, source: BallotSource = "keyboard") -> None:
        prioritize = self._prioritize()
        name = self._member(member)
        self._still_hidden(prioritize)
        for dot in prioritize.dots:
            if dot.member == name and dot.idea == idea_id:
                dot.count -= 1
                dot.source = source
                if dot.count == 0:
                    prioritize.dots.remove(dot)
                self._save()
                return
        raise DomainError(f"{name} has no dot on idea {idea_id}")

    def reveal(self) -> None:
        """Show the dots on each idea, and the ranking they make."""
        prioritize = self._prioritize()
        if prioritize.shown:
            raise DomainError("the dots are already shown")
        if not prioritize.dots:
            raise DomainError("nobody has placed a dot yet")
        prioritize.revealed = self.now()
        self._save()

    def placed(self) -> tuple[int, int]:
        """(members who placed every dot, members): all that shows of a dot vote while it is hidden."""
        return self._prioritize().placed(m.name for m in self.members)

    def ranking(self, segment: PrioritizeResult | None = None) -> list[tuple[Idea, int]]:
        segment = segment or self._prioritize()
        return rank_ideas(self.source_ideas(segment), segment.dots)


def rank_ideas(ideas: Iterable[Idea], dots: Iterable[Dot]) -> list[tuple[Idea, int]]:
    totals: Counter[int] = Counter()
    for dot in dots:
        totals[dot.idea] += dot.count
    ranked = [(idea, totals.get(idea.id, 0)) for idea in ideas]
    ranked.sort(key=lambda pair: (-pair[1], pair[0].id))
    return ranked


def build(seg: PrioritizeSegment, base: dict, rubrics: Mapping[str, Rubric], rubric_files: Mapping[str, str]) -> SegmentBase:
    """A new dot-voting segment's record: its brainstorm and each member's budget, no dots yet."""
    return PrioritizeResult(kind="prioritize", source=seg.source, budget=seg.dots, hidden=seg.hidden, **base)


PART = PrioritizePart
"""This kind's controller: ``session.dots`` (see :class:`ilt_kit.session.engine.Session`)."""
