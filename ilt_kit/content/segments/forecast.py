"""A forecast: forces or futures rated for likelihood and impact."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ilt_kit.content.fields import Id, Model, Text
from ilt_kit.content.segments.base import SegmentBase


class ForecastItem(Model):
    id: Id
    title: Text
    description: str = ""


class ForecastSegment(SegmentBase):
    kind: Literal["forecast"]
    items: list[ForecastItem] = Field(
        default_factory=list, description="Forces or futures to rate; the team may add more."
    )
    item_label: str = Field("force", description="What an item is called: 'force', 'future', ...")
