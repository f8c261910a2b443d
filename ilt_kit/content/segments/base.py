"""What every segment of a scenario has, whatever its kind (see :mod:`ilt_kit.content.segments`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ilt_kit.content.fields import Id, Model, Text

VoteMode = Literal["ballot", "tally"]


class SegmentBase(Model):
    id: Id
    title: Text
    minutes: int = Field(gt=0, le=600, description="Planned minutes; must be positive.")
    prompt: str = Field("", description="What the facilitator asks the room, shown large.")
    questions: list[Text] = Field(default_factory=list, description="Guiding questions.")
    notes: str = Field("", description="Facilitator notes, hidden until toggled.")
    talk_time: bool = Field(False, description="Track who speaks during this segment.")
    shows: list[Id] = Field(
        default_factory=list,
        description="Ids of earlier segments whose results are shown beside this one's own work "
        "(a reflection on the top ideas, an action plan beside the levels it builds on); not on a survey.",
    )

    def rubric_ref(self) -> tuple[str, str] | None:
        """(the referenced rubric's id, 'rubric' or 'survey') of a segment rated on a rubric or survey; None for other kinds."""
        return None
