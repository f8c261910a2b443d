"""A brainstorm's record: its ideas, and those merged into others."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ilt_kit.store.results.base import MAX_ID, Loc, Rec, SegmentBase, _duplicates


class Idea(Rec):
    id: int = Field(ge=1, le=MAX_ID)
    text: str = Field(min_length=1)
    author: str = ""
    theme: str = ""


class MergedIdea(Idea):
    """An idea folded into another one: kept so that its number, words and author stay on record."""

    merged_into: int = Field(ge=1, le=MAX_ID, description="The number of the idea it was merged into.")


class BrainstormResult(SegmentBase):
    kind: Literal["brainstorm"]
    ideas: list[Idea] = Field(default_factory=list)
    merged: list[MergedIdea] = Field(default_factory=list, description="Ideas merged into others, in merge order.")

    def _rules(self) -> list[tuple[Loc, str]]:
        found = [(loc + ("id",), m) for loc, m in _duplicates([idea.id for idea in self.ideas], "ideas", "idea id")]
        ideas = {idea.id for idea in self.ideas}
        found += [
            (("merged", index, "id"), f"merged idea {idea.id} has the number of an idea still on the list")
            for index, idea in enumerate(self.merged)
            if idea.id in ideas
        ]
        found += [(loc + ("id",), m) for loc, m in _duplicates([idea.id for idea in self.merged], "merged", "merged idea id")]
        known = ideas | {idea.id for idea in self.merged}
        for index, idea in enumerate(self.merged):
            if idea.merged_into == idea.id:
                found.append((("merged", index, "merged_into"), f"idea {idea.id} is merged into itself"))
            elif idea.merged_into not in known:
                found.append(
                    (("merged", index, "merged_into"), f"idea {idea.id} is merged into idea {idea.merged_into}, which is not in the segment")
                )
        return found
