"""Rubric scoring's record (see :mod:`ilt_kit.store.results.rated`)."""

from __future__ import annotations

from typing import Literal

from ilt_kit.store.results.rated import RatedBase


class RubricResult(RatedBase):
    kind: Literal["rubric"]
