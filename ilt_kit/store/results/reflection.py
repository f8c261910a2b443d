"""A reflection's record: notes and talk time only."""

from __future__ import annotations

from typing import Literal

from ilt_kit.store.results.base import SegmentBase


class ReflectionResult(SegmentBase):
    kind: Literal["reflection"]
