"""Briefing and reflection segments: nothing of their own beyond the timer, talk time and notes."""

from __future__ import annotations

from typing import Mapping

from ilt_kit.content.models import BriefingSegment, ReflectionSegment, Rubric
from ilt_kit.store.record import BriefingResult, ReflectionResult, SegmentBase


def build(
    seg: BriefingSegment | ReflectionSegment, base: dict, rubrics: Mapping[str, Rubric], rubric_files: Mapping[str, str]
) -> SegmentBase:
    """A new briefing or reflection segment's record."""
    if isinstance(seg, BriefingSegment):
        return BriefingResult(kind="briefing", **base)
    return ReflectionResult(kind="reflection", **base)
