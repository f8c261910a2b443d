"""Briefing and reflection segments: nothing of their own beyond the timer, talk time and notes."""

from __future__ import annotations

from typing import Mapping

from ilt_kit.content.models import Rubric
from ilt_kit.content.segments.briefing import BriefingSegment
from ilt_kit.content.segments.reflection import ReflectionSegment
from ilt_kit.store.record import RESULT_MODELS
from ilt_kit.store.results.base import SegmentBase


def build(
    seg: BriefingSegment | ReflectionSegment, base: dict, rubrics: Mapping[str, Rubric], rubric_files: Mapping[str, str]
) -> SegmentBase:
    """A new briefing or reflection segment's record."""
    return RESULT_MODELS[seg.kind](kind=seg.kind, **base)
