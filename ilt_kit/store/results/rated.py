"""What a rubric and a survey record alike: the scale, and each criterion's rounds of ballots or hands."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, model_validator

from ilt_kit.store.results.base import CONTENT_FILE, MAX_ID, BallotSource, Loc, RecordContext, Rec, SegmentBase, Stamp, _duplicates, _refuse


NO_EVIDENCE = 0
"""The level recorded for a 'no evidence' ballot; the record's scale names it."""

MAX_TALLY = 10_000
"""No show of hands counts more than this many hands for one level."""


class ScaleLevel(Rec):
    value: int = Field(ge=0, le=9, description="0 is the 'no evidence' choice where the scale has one.")
    label: str


class Ballot(Rec):
    member: str
    level: int = Field(ge=0, le=9)
    source: BallotSource = Field(
        "keyboard",
        description="Where the ballot was cast: 'keyboard' (the facilitator's keys; absent in the file, and in "
        "files from before phones could join) or 'phone' (the member's own device).",
    )


class TallyCount(Rec):
    level: int = Field(ge=0, le=9)
    count: int = Field(ge=0, le=MAX_TALLY)
    role: str = Field("", description="The role group, when a survey tally is split by role.")


VoteMode = Literal["ballot", "tally"]


class Round(Rec):
    number: int = Field(ge=1, le=MAX_ID)
    mode: VoteMode = "ballot"
    revealed: Stamp | None = Field(None, description="When the ballots were shown; absent: still hidden.")
    ballots: list[Ballot] = Field(default_factory=list)
    tally: list[TallyCount] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_ballot_each(self) -> Round:
        found = [(loc + ("member",), m) for loc, m in _duplicates([b.member for b in self.ballots], "ballots", "a ballot from")]
        if self.mode == "tally" and self.ballots:
            found.append((("ballots",), f"round {self.number} is a show of hands (mode = \"tally\") but holds named ballots"))
        if self.mode == "ballot" and self.tally:
            found.append((("tally",), f"round {self.number} takes named ballots (mode = \"ballot\") but holds a tally"))
        _refuse(found)
        return self


class CriterionResult(Rec):
    id: str
    title: str
    group: str = ""
    statement: str = Field("", description="Survey only: the full wording of the statement put to the team.")
    agreed: int | None = Field(None, ge=0, le=9, description="The level the team agreed on.")
    evidence: str = Field("", description="The evidence behind the agreed level.")
    rounds: list[Round] = Field(
        default_factory=list, description="At least one: round 1 first, each numbered one more than the one before."
    )

    @model_validator(mode="after")
    def _rounds_in_order(self) -> CriterionResult:
        if not self.rounds:
            _refuse([(("rounds",), f"criterion {self.id!r} has no rounds; it needs at least round 1")])
        _refuse(
            [
                (("rounds", index, "number"), f"round {rnd.number} is out of order: expected round {index + 1}")
                for index, rnd in enumerate(self.rounds)
                if rnd.number != index + 1
            ]
            + [
                (("rounds", index + 1, "number"), f"round {index + 2} follows round {index + 1}, which was never revealed")
                for index, rnd in enumerate(self.rounds[:-1])
                if rnd.revealed is None
            ]
        )
        return self


class RatedBase(SegmentBase):
    rubric_id: str
    rubric_title: str
    rubric_file: str = Field("", description=CONTENT_FILE)
    scale: list[ScaleLevel] = Field(description="At least one level, values rising, each value once.")
    criteria: list[CriterionResult] = Field(min_length=1, description="At least one: a rubric or survey without criteria cannot be run.")

    def focus_items(self) -> list[str]:
        return [criterion.id for criterion in self.criteria]

    def _rules(self) -> list[tuple[Loc, str]]:
        found: list[tuple[Loc, str]] = []
        if not self.scale:
            found.append((("scale",), "the scale is empty: it needs at least one level"))
        for index in range(1, len(self.scale)):
            before, level = self.scale[index - 1].value, self.scale[index].value
            if level <= before:
                word = "is used twice" if level == before else f"comes after {before}: values must rise"
                found.append((("scale", index, "value"), f"scale level {level} {word}"))
        found += [(loc + ("id",), m) for loc, m in _duplicates([c.id for c in self.criteria], "criteria", "criterion id")]
        values = {level.value for level in self.scale}
        on_scale = f"not on the scale ({', '.join(str(v) for v in sorted(values))})"
        for c_index, criterion in enumerate(self.criteria):
            here: Loc = ("criteria", c_index)
            if criterion.agreed is not None and criterion.agreed not in values:
                found.append((here + ("agreed",), f"agreed level {criterion.agreed} is {on_scale}"))
            for r_index, rnd in enumerate(criterion.rounds):
                for b_index, ballot in enumerate(rnd.ballots):
                    if ballot.level not in values:
                        where = here + ("rounds", r_index, "ballots", b_index, "level")
                        found.append((where, f"level {ballot.level} is {on_scale}"))
                for t_index, tally in enumerate(rnd.tally):
                    if tally.level not in values:
                        where = here + ("rounds", r_index, "tally", t_index, "level")
                        found.append((where, f"level {tally.level} is {on_scale}"))
        return found

    def check(self, context: RecordContext) -> list[tuple[Loc, str]]:
        found: list[tuple[Loc, str]] = []
        for c_index, criterion in enumerate(self.criteria):
            for r_index, rnd in enumerate(criterion.rounds):
                hands = sum(tally.count for tally in rnd.tally)
                if hands > context.team_size:
                    where: Loc = ("criteria", c_index, "rounds", r_index, "tally")
                    found.append((where, f"round {rnd.number} counts {hands} hands; the team has {context.team_size} members"))
        for c_index, criterion in enumerate(self.criteria):
            for r_index, rnd in enumerate(criterion.rounds):
                for b_index, ballot in enumerate(rnd.ballots):
                    if ballot.member not in context.members:
                        where = ("criteria", c_index, "rounds", r_index, "ballots", b_index, "member")
                        found.append((where, f"a ballot from {ballot.member!r}: {context.known}"))
        return found

    def times(self) -> list[tuple[Loc, datetime | None]]:
        found = super().times()
        for c_index, criterion in enumerate(self.criteria):
            found += [
                (("criteria", c_index, "rounds", r_index, "revealed"), rnd.revealed)
                for r_index, rnd in enumerate(criterion.rounds)
            ]
        return found

    def content_file(self) -> tuple[str, str] | None:
        return (self.rubric_id, self.rubric_file) if self.rubric_file else None
