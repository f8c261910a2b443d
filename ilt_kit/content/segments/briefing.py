"""A briefing: key points presented to the room, notes and talk time recorded."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ilt_kit.content.fields import Text
from ilt_kit.content.segments.base import SegmentBase


class BriefingSegment(SegmentBase):
    kind: Literal["briefing"]
    points: list[Text] = Field(default_factory=list, description="Key points to present.")
