"""Rubric scoring: each criterion of a rubric or continuum rated with ballots or a show of hands."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ilt_kit.content.fields import Id
from ilt_kit.content.segments.base import SegmentBase, VoteMode


class RubricSegment(SegmentBase):
    kind: Literal["rubric"]
    rubric: Id = Field(description="The id of a rubric or continuum.")
    criteria: list[Id] = Field(default_factory=list, description="A subset of criteria; empty: all.")
    mode: VoteMode = Field("ballot", description="'ballot': named, hidden ballots. 'tally': a show of hands.")

    def rubric_ref(self) -> tuple[str, str]:
        return self.rubric, "rubric"
