"""A survey's record (see :mod:`ilt_kit.store.results.rated`)."""

from __future__ import annotations

from typing import Literal

from ilt_kit.store.results.rated import RatedBase


class SurveyResult(RatedBase):
    kind: Literal["survey"]
    split_by_role: bool = False
