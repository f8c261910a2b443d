"""A reflection: the room discusses a prompt; notes and talk time recorded."""

from __future__ import annotations

from typing import Literal

from ilt_kit.content.segments.base import SegmentBase


class ReflectionSegment(SegmentBase):
    kind: Literal["reflection"]
