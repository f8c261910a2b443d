"""Content models: rubrics, surveys, scenarios and teams.

These pydantic models are the single source of truth for the content file formats. The JSON
Schemas that ``ilt-kit schema`` prints are generated from them, and ``ilt-kit check`` validates
against them. Every model forbids unknown keys so that a typo is reported, not ignored.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Any, Callable, Literal, Mapping, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from ilt_kit.diagnostics.problems import Loc, Rule, RuleErrors
from ilt_kit.literal import name_key

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
        rules = [
            Rule((index, "value"), f"level values must be unique and in ascending order: {level.value} after {before.value}")
            for index, (before, level) in enumerate(zip(levels, levels[1:]), 1)
            if level.value <= before.value
        ]
        RuleErrors.check(rules)
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
        RuleErrors.check(rubric_rules(self.model_dump(by_alias=True, exclude_unset=True)))
        return self

    @cached_property
    def criteria(self) -> list[Criterion]:
        """Every criterion, group by group (made once: a rubric is frozen)."""
        return [criterion for group in self.groups for criterion in group.criteria]

    @cached_property
    def _by_id(self) -> dict[str, tuple[Criterion, CriterionGroup]]:
        return {criterion.id: (criterion, group) for group in self.groups for criterion in group.criteria}

    def criterion(self, criterion_id: str) -> Criterion | None:
        """The criterion with this id, or None (one dictionary look-up, however large the rubric)."""
        found = self._by_id.get(criterion_id)
        return None if found is None else found[0]

    def group_of(self, criterion_id: str) -> CriterionGroup:
        found = self._by_id.get(criterion_id)
        if found is None:
            raise KeyError(criterion_id)
        return found[1]


# ------------------------------------------------------------------------------------- scenarios


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


class BriefingSegment(SegmentBase):
    kind: Literal["briefing"]
    points: list[Text] = Field(default_factory=list, description="Key points to present.")


class BrainstormSegment(SegmentBase):
    kind: Literal["brainstorm"]
    themes: list[Text] = Field(default_factory=list, description="Suggested theme labels.")


VoteMode = Literal["ballot", "tally"]

MIN_GROUP = 3
"""The fewest team members a role group needs to be shown on its own (a scenario may ask for more)."""


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
    hidden: bool = Field(
        True,
        description="Each idea's dots are hidden until the facilitator reveals them (r); false shows the "
        "ranking as the dots are placed.",
    )


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
    min_group_size: int = Field(
        MIN_GROUP,
        ge=1,
        le=100,
        description="The fewest team members a role group needs to be shown on its own when results are split "
        "by role; a smaller group is counted only with everyone (so one person's answers are never on the wall).",
    )

    @model_validator(mode="after")
    def _agenda(self) -> Scenario:
        RuleErrors.check(scenario_rules(self.model_dump(by_alias=True)))
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


# ----------------------------------------------------------------------------------------- rules
# The rules a schema cannot say. They read plain data (a model's dump, or a file's raw data whose
# structure has problems of its own), so that ``ilt-kit check`` reports them beside the other
# problems of a file, each at its key, all in one run. Anything not the expected type is left to
# the structural checks.


def _dicts(value: Any) -> list[tuple[int, dict[str, Any]]]:
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []


def rubric_rules(data: Mapping[str, Any]) -> list[Rule]:
    """A rubric's consistency rules: scale kind, unique ids, descriptor levels, continuum ends."""
    rules: list[Rule] = []
    kind = data.get("kind", "rubric")
    scale = data.get("scale") if isinstance(data.get("scale"), dict) else {}
    expected = {"rubric": "rating", "survey": "agreement", "continuum": "continuum"}.get(kind)
    scale_kind = scale.get("kind", "rating")
    if expected and isinstance(scale_kind, str) and scale_kind != expected:
        where = ("scale", "kind") if "kind" in scale else ("kind",)
        rules.append(Rule(where, f"a {kind} needs scale.kind = {expected!r}, not {scale_kind!r}"))
    values = sorted(level["value"] for _, level in _dicts(scale.get("levels")) if isinstance(level.get("value"), int))
    seen: set[str] = set()
    group_ids: set[str] = set()
    for g, group in _dicts(data.get("groups")):
        if isinstance(group.get("id"), str):
            if group["id"] in group_ids:
                rules.append(Rule(("groups", g, "id"), f"group ids must be unique: {group['id']} used twice"))
            group_ids.add(group["id"])
        for c, criterion in _dicts(group.get("criteria")):
            at: Loc = ("groups", g, "criteria", c)
            cid = criterion.get("id")
            if isinstance(cid, str):
                if cid in seen:
                    rules.append(Rule(at + ("id",), f"criterion id {cid!r} is used twice"))
                seen.add(cid)
            descriptors = criterion.get("descriptors")
            if isinstance(descriptors, dict) and values:
                unknown = sorted(
                    (int(key), str(key)) for key in descriptors if str(key).isdigit() and int(key) not in values
                )
                if unknown:
                    rules.append(Rule(
                        at + ("descriptors", unknown[0][1]),
                        f"criterion {cid!r} has descriptors for levels {[n for n, _ in unknown]} "
                        f"that are not on the scale {values}",
                    ))
            if kind == "continuum" and not (criterion.get("from") and criterion.get("to")):
                missing = "from" if not criterion.get("from") else "to"
                rules.append(Rule(at + (missing,), f"continuum criterion {cid!r} needs both 'from' and 'to'"))
    return rules


def scenario_rules(data: Mapping[str, Any]) -> list[Rule]:
    """A scenario's agenda rules: unique segment ids, minutes that add up, dots after a brainstorm,
    shown results from earlier segments only, and only on a kind that can show them."""
    rules: list[Rule] = []
    segments = _dicts(data.get("segments"))
    seen: set[str] = set()
    for index, segment in segments:
        sid = segment.get("id")
        if isinstance(sid, str):
            if sid in seen:
                rules.append(Rule(("segments", index, "id"), f"segment ids must be unique: {sid} used more than once"))
            seen.add(sid)
    minutes = [segment.get("minutes") for _, segment in segments]
    total_key = data.get("minutes")
    if (
        segments
        and all(isinstance(m, int) and not isinstance(m, bool) and m > 0 for m in [*minutes, total_key])
        and sum(minutes) != total_key  # type: ignore[arg-type]
    ):
        rules.append(Rule(
            ("minutes",),
            f"the segments add up to {sum(minutes)} minutes but the scenario says minutes = {total_key}",  # type: ignore[arg-type]
            tuple((("segments", i, "minutes"), f"{s.get('id')} {s['minutes']}") for i, s in segments),
        ))
    for position, (index, segment) in enumerate(segments):
        if segment.get("kind") == "prioritize" and isinstance(segment.get("source"), str):
            earlier = {s.get("id"): s.get("kind") for _, s in segments[:position]}
            if earlier.get(segment["source"]) != "brainstorm":
                rules.append(Rule(
                    ("segments", index, "source"),
                    f"segment {segment.get('id')!r} prioritizes {segment['source']!r}, "
                    "which must be an earlier brainstorm segment",
                ))
        shows = segment.get("shows")
        cannot = _cannot_show(segment.get("kind"))
        if isinstance(shows, list) and shows and cannot:
            rules.append(Rule(("segments", index, "shows"), f"segment {segment.get('id')!r} is {cannot}; leave shows out"))
        elif isinstance(shows, list):
            sid = segment.get("id")
            earlier = {s.get("id") for _, s in segments[:position]}
            later = {s.get("id") for _, s in segments[position + 1:]}
            named: set[str] = set()
            for place, shown in enumerate(shows):
                if not isinstance(shown, str):
                    continue
                said = f"segment {sid!r} shows the results of {shown!r}"
                if shown in named:
                    message = f"{said} twice"
                elif shown in earlier:
                    message = ""
                elif shown == sid:
                    message = f"{said}, its own id: it may show only the results of earlier segments"
                elif shown in later:
                    message = f"{said}, a later segment: it may show only the results of earlier segments"
                else:
                    message = f"{said}, which is not a segment of this scenario"
                named.add(shown)
                if message:
                    rules.append(Rule(("segments", index, "shows", place), message))
    return rules


def _cannot_show(kind: object) -> str:
    """Why a segment of this kind cannot show earlier results (``shows``): '' when it can (see the
    kind's ``shows`` and ``cannot_show`` in :data:`ilt_kit.content.kinds.KINDS`)."""
    from ilt_kit.content.kinds import KINDS  # the registry is built from these models

    known = KINDS.get(kind) if isinstance(kind, str) else None
    return "" if known is None or known.shows else known.cannot_show


def raw_rubric_refs(data: Mapping[str, Any]) -> list[tuple[int, Any, str, str, list[str]]]:
    """(segment index, segment id, referenced id, 'rubric' or 'survey', criteria) of each rubric
    and survey segment of a scenario's raw data (one with problems of its own, see the library)."""
    refs = []
    for index, segment in _dicts(data.get("segments")):
        kind = segment.get("kind")
        field_name = kind if kind in ("rubric", "survey") else None
        ref = segment.get(field_name) if field_name else None
        if field_name and isinstance(ref, str):
            criteria = segment.get("criteria")
            named = [c for c in criteria if isinstance(c, str)] if isinstance(criteria, list) else []
            refs.append((index, segment.get("id"), ref, field_name, named))
    return refs


RULES: dict[type[BaseModel], Callable[[Mapping[str, Any]], list[Rule]]] = {}
"""The data rules of a model, for a file whose structure has problems too (see the loader)."""


# ------------------------------------------------------------------------------------------ teams

ROLES = ("principal", "assistant principal", "teacher leader", "coach", "central office", "other")
"""The usual roles on an ILT. Any other text is allowed too."""


def member_from_line(line: str) -> dict[str, str]:
    """'Dana Whitfield, principal' as a member's keys: the name, then the role after the first
    comma ('other' without one), as the set-up form and a team file's short form take them."""
    name, _, role = line.partition(",")
    return {"name": name.strip(), "role": role.strip() or "other"}


class Member(Model):
    """A member: a table (``{ name = "Dana", role = "principal" }``) or one line, "Name, role"."""

    name: Text
    role: Text = Field("other", description=f"One of {', '.join(ROLES)}, or your own words.")

    @model_validator(mode="before")
    @classmethod
    def _from_line(cls, data: Any) -> Any:
        return member_from_line(data) if isinstance(data, str) else data


class Team(Model):
    """Who is in the room. Member names must be unique: ballots are recorded by name."""

    name: str = Field("", description="The team, e.g. 'Lincoln Middle School ILT'.")
    school: str = Field("", description="The school, e.g. 'Lincoln Middle School'; kept in every session record.")
    district: str = Field("", description="The district, e.g. 'Riverside Unified'; kept in every session record.")
    facilitator: str = ""
    members: list[Member] = Field(
        min_length=1,
        description="Each member as a table with name and role, or as one line: 'Name, role'.",
        json_schema_extra=lambda schema: schema.update(
            items={"anyOf": [schema["items"], {"type": "string", "minLength": 1, "description": "Name, role"}]}
        ),
    )

    @model_validator(mode="after")
    def _unique_names(self) -> Team:
        RuleErrors.check(team_rules(self.model_dump()))
        return self


def team_rules(data: Mapping[str, Any]) -> list[Rule]:
    """Member names must be unique (any case): checked on the raw data too, so a member without a
    name elsewhere in the file does not hide a name used twice."""
    rules: list[Rule] = []
    seen: set[str] = set()
    members = data.get("members")
    for index, member in enumerate(members if isinstance(members, list) else []):
        if isinstance(member, str):
            name: Any = member_from_line(member)["name"]
        else:
            name = member.get("name") if isinstance(member, dict) else None
        if not isinstance(name, str) or not name.strip():
            continue
        key = name_key(name.strip())  # case and invisible characters ignored
        if key in seen:
            rules.append(Rule(("members", index) if isinstance(member, str) else ("members", index, "name"), f"member name {name.strip()!r} is used twice"))
        seen.add(key)
    return rules


def role_group(role: str) -> str:
    """The two groups a district-culture survey compares: central office and building staff."""
    return "central office" if role.strip().casefold() in {"central office", "district", "district office"} else "building"


RULES.update({Rubric: rubric_rules, Scenario: scenario_rules, Team: team_rules})
