"""Content models: rubrics, surveys, scenarios and teams.

These pydantic models are the single source of truth for the content file formats. The JSON
Schemas that ``ilt-kit schema`` prints are generated from them, and ``ilt-kit check`` validates
against them. Every model forbids unknown keys so that a typo is reported, not ignored.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=1, max_length=64),
    Field(description="Lower-case letters, digits and dashes, e.g. 'shared-vision'."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A required piece of text: it may not be empty or only spaces."""


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Source(Model):
    """Where the content comes from. The text is ours; the structure follows the framework."""

    framework: Text = Field(description="The framework's name, e.g. 'Standards for Professional Learning'.")
    part: str = Field("", description="Which part of it: a tool number, a standard, a section.")
    publisher: str = Field("", description="Who publishes the framework.")
    note: str = Field("", description="How this file uses the framework (adapted, extended, ...).")


# --------------------------------------------------------------------------------------- rubrics

ScaleKind = Literal["rating", "agreement", "continuum"]


class Level(Model):
    """One step of a scale, from lowest to highest value."""

    value: int = Field(ge=1, le=9, description="The number members enter (1-9).")
    label: Text = Field(description="A short label, e.g. 'Developing' or 'Agree'.")
    descriptor: str = Field("", description="What this level means in general.")


class Scale(Model):
    kind: ScaleKind = Field(
        "rating",
        description="'rating' for rubric levels, 'agreement' for agree/disagree surveys, "
        "'continuum' for FROM -> TO shifts.",
    )
    levels: list[Level] = Field(min_length=2, description="The levels, lowest value first.")
    no_evidence: str = Field(
        "",
        description="Label of an extra 'no evidence' choice (entered as 0). Empty: no such choice.",
    )

    @field_validator("levels")
    @classmethod
    def _ascending(cls, levels: list[Level]) -> list[Level]:
        values = [level.value for level in levels]
        if values != sorted(set(values)):
            raise ValueError("level values must be unique and in ascending order")
        return levels

    @property
    def values(self) -> list[int]:
        return [level.value for level in self.levels]

    def label(self, value: int) -> str:
        if value == 0 and self.no_evidence:
            return self.no_evidence
        for level in self.levels:
            if level.value == value:
                return level.label
        raise KeyError(value)


class Criterion(Model):
    """One thing the team rates: a rubric criterion, a survey statement or a FROM -> TO shift."""

    id: Id
    title: Text = Field(description="Short name, read from across the room.")
    vision: str = Field(
        "",
        description="The vision statement (rubric), the statement itself (survey).",
    )
    from_: str = Field("", alias="from", description="Continuum only: where practice starts.")
    to: str = Field("", description="Continuum only: where practice is heading.")
    indicators: list[Text] = Field(default_factory=list, description="'It would look like ...'")
    descriptors: dict[int, Text] = Field(
        default_factory=dict,
        description="Optional descriptor per level value, written for this criterion.",
    )
    look_fors: list[Text] = Field(default_factory=list, description="Evidence to look for.")
    questions: list[Text] = Field(default_factory=list, description="Guiding questions.")


class CriterionGroup(Model):
    id: Id
    title: Text
    summary: str = ""
    criteria: list[Criterion] = Field(min_length=1)


RubricKind = Literal["rubric", "survey", "continuum"]


class Rubric(Model):
    """A rubric (levels), a survey (agree/disagree statements) or a continuum (FROM -> TO shifts)."""

    id: Id
    title: Text
    kind: RubricKind = "rubric"
    summary: Text
    source: Source
    scale: Scale
    groups: list[CriterionGroup] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        expected = {"rubric": "rating", "survey": "agreement", "continuum": "continuum"}[self.kind]
        if self.scale.kind != expected:
            raise ValueError(f"a {self.kind} needs scale.kind = {expected!r}, not {self.scale.kind!r}")
        seen: set[str] = set()
        for group in self.groups:
            for criterion in group.criteria:
                if criterion.id in seen:
                    raise ValueError(f"criterion id {criterion.id!r} is used twice")
                seen.add(criterion.id)
                unknown = sorted(set(criterion.descriptors) - set(self.scale.values))
                if unknown:
                    raise ValueError(
                        f"criterion {criterion.id!r} has descriptors for levels {unknown} "
                        f"that are not on the scale {self.scale.values}"
                    )
                if self.kind == "continuum" and not (criterion.from_ and criterion.to):
                    raise ValueError(f"continuum criterion {criterion.id!r} needs both 'from' and 'to'")
        group_ids = [group.id for group in self.groups]
        if len(group_ids) != len(set(group_ids)):
            raise ValueError("group ids must be unique")
        return self

    @property
    def criteria(self) -> list[Criterion]:
        return [criterion for group in self.groups for criterion in group.criteria]

    def group_of(self, criterion_id: str) -> CriterionGroup:
        for group in self.groups:
            if any(c.id == criterion_id for c in group.criteria):
                return group
        raise KeyError(criterion_id)


# ------------------------------------------------------------------------------------- scenarios


class SegmentBase(Model):
    id: Id
    title: Text
    minutes: int = Field(gt=0, le=600, description="Planned minutes; must be positive.")
    prompt: str = Field("", description="What the facilitator asks the room, shown large.")
    questions: list[Text] = Field(default_factory=list, description="Guiding questions.")
    notes: str = Field("", description="Facilitator notes, hidden until toggled.")
    talk_time: bool = Field(False, description="Track who speaks during this segment.")


class BriefingSegment(SegmentBase):
    kind: Literal["briefing"]
    points: list[Text] = Field(default_factory=list, description="Key points to present.")


class BrainstormSegment(SegmentBase):
    kind: Literal["brainstorm"]
    themes: list[Text] = Field(default_factory=list, description="Suggested theme labels.")


VoteMode = Literal["ballot", "tally"]


class RubricSegment(SegmentBase):
    kind: Literal["rubric"]
    rubric: Id = Field(description="The id of a rubric or continuum.")
    criteria: list[Id] = Field(default_factory=list, description="A subset of criteria; empty: all.")
    mode: VoteMode = Field("ballot", description="'ballot': named, hidden ballots. 'tally': a show of hands.")


class SurveySegment(SegmentBase):
    kind: Literal["survey"]
    survey: Id = Field(description="The id of a survey (a rubric of kind 'survey').")
    criteria: list[Id] = Field(default_factory=list, description="A subset of statements; empty: all.")
    mode: VoteMode = "ballot"
    split_by_role: bool = Field(False, description="Show results split by member role.")


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


class PrioritizeSegment(SegmentBase):
    kind: Literal["prioritize"]
    source: Id = Field(description="The id of an earlier brainstorm segment whose ideas get dots.")
    dots: int = Field(3, ge=1, le=20, description="Dots each member may place.")


class ActionsSegment(SegmentBase):
    kind: Literal["actions"]


class ReflectionSegment(SegmentBase):
    kind: Literal["reflection"]


Segment = Annotated[
    Union[
        BriefingSegment,
        BrainstormSegment,
        RubricSegment,
        SurveySegment,
        ForecastSegment,
        PrioritizeSegment,
        ActionsSegment,
        ReflectionSegment,
    ],
    Field(discriminator="kind"),
]
SEGMENT_KINDS = ("briefing", "brainstorm", "rubric", "survey", "forecast", "prioritize", "actions", "reflection")


class Scenario(Model):
    """A facilitated session: purpose, norms and an ordered agenda of timed segments."""

    id: Id
    title: Text
    purpose: Text
    source: Source
    minutes: int = Field(gt=0, description="Total planned minutes: the segments must add up to it.")
    roles: list[Text] = Field(default_factory=list, description="Who should be in the room.")
    norms: list[Text] = Field(default_factory=list)
    materials: list[Text] = Field(default_factory=list)
    segments: list[Segment] = Field(min_length=1)

    @model_validator(mode="after")
    def _agenda(self) -> Scenario:
        ids = [segment.id for segment in self.segments]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"segment ids must be unique: {', '.join(duplicates)} used more than once")
        total = sum(segment.minutes for segment in self.segments)
        if total != self.minutes:
            raise ValueError(f"the segments add up to {total} minutes but the scenario says minutes = {self.minutes}")
        for index, segment in enumerate(self.segments):
            if isinstance(segment, PrioritizeSegment):
                earlier = {s.id: s.kind for s in self.segments[:index]}
                if earlier.get(segment.source) != "brainstorm":
                    raise ValueError(
                        f"segment {segment.id!r} prioritizes {segment.source!r}, "
                        "which must be an earlier brainstorm segment"
                    )
        return self

    def rubric_refs(self) -> list[tuple[int, str, str]]:
        """(segment index, referenced id, 'rubric' or 'survey') for each rubric-like segment."""
        refs = []
        for index, segment in enumerate(self.segments):
            if isinstance(segment, RubricSegment):
                refs.append((index, segment.rubric, "rubric"))
            elif isinstance(segment, SurveySegment):
                refs.append((index, segment.survey, "survey"))
        return refs


# ------------------------------------------------------------------------------------------ teams

ROLES = ("principal", "assistant principal", "teacher leader", "coach", "central office", "other")
"""The usual roles on an ILT. Any other text is allowed too."""


class Member(Model):
    name: Text
    role: Text = Field("other", description=f"One of {', '.join(ROLES)}, or your own words.")


class Team(Model):
    """Who is in the room. Member names must be unique: ballots are recorded by name."""

    name: str = Field("", description="The team, e.g. 'Lincoln Middle School ILT'.")
    school: str = Field("", description="The school, e.g. 'Lincoln Middle School'; kept in every session record.")
    district: str = Field("", description="The district, e.g. 'Riverside Unified'; kept in every session record.")
    facilitator: str = ""
    members: list[Member] = Field(min_length=1)

    @field_validator("members")
    @classmethod
    def _unique_names(cls, members: list[Member]) -> list[Member]:
        seen: set[str] = set()
        for member in members:
            key = member.name.casefold()
            if key in seen:
                raise ValueError(f"member name {member.name!r} is used twice")
            seen.add(key)
        return members


def role_group(role: str) -> str:
    """The two groups a district-culture survey compares: central office and building staff."""
    return "central office" if role.strip().casefold() in {"central office", "district", "district office"} else "building"
