"""Action planning: what the team will do, who owns it, by when."""

from __future__ import annotations

from typing import Literal

from ilt_kit.content.segments.base import SegmentBase


class ActionsSegment(SegmentBase):
    kind: Literal["actions"]
