"""Dot voting: members place dots on the ideas of an earlier brainstorm."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ilt_kit.content.fields import Id
from ilt_kit.content.segments.base import SegmentBase


class PrioritizeSegment(SegmentBase):
    kind: Literal["prioritize"]
    source: Id = Field(description="The id of an earlier brainstorm segment whose ideas get dots.")
    dots: int = Field(3, ge=1, le=20, description="Dots each member may place.")
    hidden: bool = Field(
        True,
        description="Each idea's dots are hidden until the facilitator reveals them (r); false shows the "
        "ranking as the dots are placed.",
    )
