"""A survey: each member's agreement with statements, rated with ballots or a show of hands."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ilt_kit.content.fields import Id
from ilt_kit.content.segments.base import SegmentBase, VoteMode


class SurveySegment(SegmentBase):
    kind: Literal["survey"]
    survey: Id = Field(description="The id of a survey (a rubric of kind 'survey').")
    criteria: list[Id] = Field(default_factory=list, description="A subset of statements; empty: all.")
    mode: VoteMode = "ballot"
    split_by_role: bool = Field(False, description="Show results split by member role.")

    def rubric_ref(self) -> tuple[str, str]:
        return self.survey, "survey"
