"""A brainstorm: the room's ideas, grouped by theme."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ilt_kit.content.fields import Text
from ilt_kit.content.segments.base import SegmentBase


class BrainstormSegment(SegmentBase):
    kind: Literal["brainstorm"]
    themes: list[Text] = Field(default_factory=list, description="Suggested theme labels.")
