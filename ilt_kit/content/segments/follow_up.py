"""The follow-up segment's content: a scenario's look back at the work the team planned before.

What it shows comes from the team's earlier sessions (their open actions, due by the session's
date) and its goals, copied into the record when the session starts; the scenario says only how
long it takes and what to ask.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ilt_kit.content.segments.base import SegmentBase


class FollowUpSegment(SegmentBase):
    kind: Literal["follow-up"]
    impact_prompt: str = Field(
        "What evidence do we have that it made a difference?",
        description="The question asked of each action: evidence of its impact, in a sentence.",
    )
