"""Rubric and survey segments: hidden ballots or a show of hands, reveal, rounds, the agreed level.

A rubric and an agree/disagree survey score the same way (a survey is a rubric whose scale is
agreement and whose criteria are statements), so both kinds use this one module.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable, Mapping

from ilt_kit.content.kinds import KINDS
from ilt_kit.content.models import MIN_GROUP, Rubric, role_group
from ilt_kit.content.segments.rubric import RubricSegment
from ilt_kit.content.segments.survey import SurveySegment
from ilt_kit.session.core import DomainError, KindPart, Part, clean, find_by_id
from ilt_kit.session.stats import RoundStats, round_stats, vote_count
from ilt_kit.store.record import RecordMember
from ilt_kit.store.results.base import SegmentBase
from ilt_kit.store.results.rated import (
    NO_EVIDENCE,
    Ballot,
    BallotSource,
    CriterionResult,
    RatedBase,
    Round,
    ScaleLevel,
    TallyCount,
)
from ilt_kit.store.results.rubric import RubricResult
from ilt_kit.store.results.survey import SurveyResult


class RatedPart(KindPart):
    """Scoring the current rubric or survey segment."""

    name = "rated"

    def _rated(self) -> RatedBase:
        return self._current(RatedBase, ": there is nothing to score here")

    def _criterion_part(self, criterion: CriterionResult) -> Part:
        criteria = self._rated().criteria
        return ("segments", self._index, "criteria", next(j for j, c in enumerate(criteria) if c is criterion))

    def _round_part(self, criterion: CriterionResult) -> Part:
        """The criterion's current round: what a ballot, a count of hands or a reveal changes."""
        return (*self._criterion_part(criterion), "rounds", len(criterion.rounds) - 1)


    def start_item(self, segment: SegmentBase) -> str | None:
        if isinstance(segment, RatedBase):
            return segment.criteria[in_progress(segment)].id
        return None

    def round_of(self, segment: SegmentBase, item: str) -> int | None:
        if isinstance(segment, RatedBase):
            return next((c.rounds[-1].number for c in segment.criteria if c.id == item), None)
        return None

    def criterion(self, criterion_id: str) -> CriterionResult:
        return find_by_id(self._rated().criteria, criterion_id, f"there is no criterion {criterion_id!r} in this segment")

    def scale_values(self) -> list[int]:
        return [level.value for level in self._rated().scale]

    def _check_level(self, level: int) -> None:
        values = self.scale_values()
        if level not in values:
            labels = ", ".join(str(v) for v in values)
            raise DomainError(f"{level} is not on this scale (choose {labels})")

    @staticmethod
    def current_round(criterion: CriterionResult) -> Round:
        return criterion.rounds[-1]

    def voted(self, criterion_id: str) -> set[str]:
        """Who has voted in the current round — never what they voted."""
        rnd = self.current_round(self.criterion(criterion_id))
        return {ballot.member for ballot in rnd.ballots}

    def cast(self, criterion_id: str, member: str, level: int, *, source: BallotSource = "keyboard") -> None:
        """Record (or change) a member's hidden ballot in the current round; ``source`` says where
        it was cast (the facilitator's keyboard or the member's own phone)."""
        criterion = self.criterion(criterion_id)
        rnd = self.current_round(criterion)
        name = self._member(member)
        self._check_level(level)
        if rnd.mode != "ballot":
            raise DomainError("this round counts a show of hands; switch it to ballots to vote by name")
        if rnd.revealed is not None:
            raise DomainError("the ballots are already revealed; open another round to vote again")
        for ballot in rnd.ballots:
            if ballot.member == name:
                ballot.level, ballot.source = level, source
                break
        else:
            rnd.ballots.append(Ballot(member=name, level=level, source=source))
        self._save(self._round_part(criterion))

    def withdraw(self, criterion_id: str, member: str) -> None:
        criterion = self.criterion(criterion_id)
        rnd = self.current_round(criterion)
        name = self._member(member)
        if rnd.revealed is not None:
            raise DomainError("the ballots are already revealed")
        if name not in {b.member for b in rnd.ballots}:
            raise DomainError(f"{name} has not voted in this round")
        rnd.ballots = [b for b in rnd.ballots if b.member != name]
        self._save(self._round_part(criterion))

    def set_mode(self, criterion_id: str, mode: str) -> None:
        """Switch the current round between named ballots and a tally (only while it is empty)."""
        if mode not in ("ballot", "tally"):
            raise DomainError("the mode is 'ballot' or 'tally'")
        criterion = self.criterion(criterion_id)
        rnd = self.current_round(criterion)
        if rnd.revealed is not None or rnd.ballots or any(t.count for t in rnd.tally):
            raise DomainError("this round already has votes; switch before anyone votes")
        rnd.mode = mode  # type: ignore[assignment]
        rnd.tally = []
        self._save(self._round_part(criterion))

    def set_tally(self, criterion_id: str, level: int, count: int, role: str = "") -> None:
        """Record how many hands went up for a level (optionally for one role group)."""
        criterion = self.criterion(criterion_id)
        rnd = self.current_round(criterion)
        self._check_level(level)
        if rnd.mode != "tally":
            raise DomainError("this round takes named ballots; switch it to a tally first")
        if rnd.revealed is not None:
            raise DomainError("this round is already revealed; open another round")
        if count < 0:
            raise DomainError("a count cannot be negative")
        if count > 999:
            raise DomainError("a count over 999 is surely a typing mistake")
        if role and role not in self.role_groups():
            raise DomainError(f"{role!r} is not a role group on this team ({', '.join(self.role_groups())})")
        others = sum(t.count for t in rnd.tally if not (t.level == level and t.role == role))
        team = len(self.record.team.members)
        if others + count > team:
            raise DomainError(f"{others + count} hands is more than the team's {team} members")
        for entry in rnd.tally:
            if entry.level == level and entry.role == role:
                entry.count = count
                break
        else:
            rnd.tally.append(TallyCount(level=level, count=count, role=role))
        rnd.tally = [t for t in rnd.tally if t.count] or []
        rnd.tally.sort(key=lambda t: (t.role, t.level))
        self._save(self._round_part(criterion))

    def reveal(self, criterion_id: str) -> RoundStats:
        criterion = self.criterion(criterion_id)
        rnd = self.current_round(criterion)
        if rnd.revealed is not None:
            raise DomainError("this round is already revealed")
        if not vote_count(rnd):
            raise DomainError("nobody has voted yet")
        rnd.revealed = self.now()
        self._save(self._round_part(criterion))
        return self.stats(criterion_id)

    def stats(self, criterion_id: str, round_number: int | None = None) -> RoundStats:
        criterion = self.criterion(criterion_id)
        rnd = criterion.rounds[-1] if round_number is None else criterion.rounds[round_number - 1]
        if rnd.revealed is None:
            raise DomainError("the ballots are hidden until they are revealed")
        return round_stats(self._rated(), rnd)

    def new_round(self, criterion_id: str) -> None:
        """Vote again after discussion; earlier rounds are kept."""
        criterion = self.criterion(criterion_id)
        last = self.current_round(criterion)
        if last.revealed is None:
            raise DomainError("reveal this round before opening another")
        criterion.rounds.append(Round(number=last.number + 1, mode=last.mode))
        self._save(self._criterion_part(criterion))

    def agree(self, criterion_id: str, level: int, evidence: str = "") -> None:
        """Record the level the team agreed on and the evidence behind it."""
        criterion = self.criterion(criterion_id)
        self._check_level(level)
        criterion.agreed = level
        criterion.evidence = clean(evidence)
        self._save(self._criterion_part(criterion))

    def set_evidence(self, criterion_id: str, evidence: str) -> None:
        criterion = self.criterion(criterion_id)
        criterion.evidence = clean(evidence)
        self._save(self._criterion_part(criterion))

    def role_groups(self) -> list[str]:
        return sorted({role_group(m.role) for m in self.members})

    def results_by_role(self, criterion_id: str, by: str = "group") -> RoleGroups:
        """Revealed results of the current round split by role group ('group') or by each role ('role')."""
        criterion = self.criterion(criterion_id)
        rnd = self.current_round(criterion)
        if rnd.revealed is None:
            raise DomainError("the responses are hidden until they are revealed")
        return split_by_role(rnd, self.members, by, self.record.min_group_size)


def in_progress(segment: RatedBase) -> int:
    """Where to open a rated segment: the criterion being voted on, else the first one not agreed
    (a survey's statements are never agreed: the first one not revealed)."""
    survey = KINDS[segment.kind].agreement

    def done(criterion: CriterionResult) -> bool:
        return criterion.rounds[-1].revealed is not None if survey else criterion.agreed is not None

    for index, criterion in enumerate(segment.criteria):
        rnd = criterion.rounds[-1]
        if not done(criterion) and (vote_count(rnd) or rnd.revealed is not None):
            return index
    return next((i for i, criterion in enumerate(segment.criteria) if not done(criterion)), 0)


class RoleGroups(dict[str, Counter[int]]):
    """Counts per level of each role group shown on its own, and the groups left out (too small)."""

    def __init__(self, shown: Mapping[str, Counter[int]], left_out: Iterable[str] = (), withheld: Iterable[str] = (), threshold: int = MIN_GROUP):
        super().__init__(shown)
        self.left_out = tuple(left_out)
        """Groups with fewer team members than ``threshold``: never shown on their own."""
        self.withheld = tuple(withheld)
        """Groups big enough but not shown: with the room's result they would give a left-out group's answers."""
        self.threshold = threshold

    @property
    def notes(self) -> list[str]:
        """What the screen and the reports say instead of a group left out."""
        notes = [f"{group}: fewer than {self.threshold} people, not shown separately" for group in self.left_out]
        if notes and self.withheld:  # the rest would give the small group's answers by difference
            notes[-1] += f" (so {' and '.join(self.withheld)} {'is' if len(self.withheld) == 1 else 'are'} not shown either)"
        return notes


def split_by_role(rnd: Round, members: Iterable[RecordMember], by: str = "group", threshold: int = MIN_GROUP) -> RoleGroups:
    """Counts per level for each role group ('central office' / 'building') or each role.

    The one rule every screen, phone and report shows a split by: a group with fewer than
    ``threshold`` team members (not ballots) is left out, and when the groups left out hold fewer
    than ``threshold`` members together, no group is shown on its own at all (the room's result
    minus the others would give theirs)."""
    members = list(members)
    key = role_group if by == "group" or rnd.mode == "tally" else (lambda role: role)
    roles = {m.name: key(m.role) for m in members}
    size = Counter(roles.values())
    result: dict[str, Counter[int]] = defaultdict(Counter)
    if rnd.mode == "tally":
        for entry in rnd.tally:
            result[entry.role or "everyone"][entry.level] += entry.count
    else:
        for ballot in rnd.ballots:
            result[roles.get(ballot.member, "other")][ballot.level] += 1
    small = sorted(group for group in set(size) | set(result) if group != "everyone" and size[group] < threshold)
    if not small:
        return RoleGroups(sorted(result.items()), threshold=threshold)
    shown = {group: counts for group, counts in sorted(result.items()) if group not in small}
    if sum(size[group] for group in small) < threshold:
        return RoleGroups({}, small, [group for group in shown if group != "everyone"], threshold)
    return RoleGroups(shown, small, (), threshold)


# ------------------------------------------------------------------------- the new record's part


def _scale_levels(rubric: Rubric) -> list[ScaleLevel]:
    levels = [ScaleLevel(value=level.value, label=level.label) for level in rubric.scale.levels]
    if rubric.scale.no_evidence:
        levels.insert(0, ScaleLevel(value=NO_EVIDENCE, label=rubric.scale.no_evidence))
    return levels


def _criteria(rubric: Rubric, subset: list[str], mode: str, statements: bool) -> list[dict]:
    """The criteria of a new rated segment, as data that its model validates in one pass (a
    rubric can have thousands of criteria: each is one dictionary look-up)."""
    wanted = subset or [c.id for c in rubric.criteria]
    return [
        {
            "id": cid,
            "title": rubric.criterion(cid).title,  # type: ignore[union-attr]
            "group": rubric.group_of(cid).title,
            "statement": rubric.criterion(cid).vision.strip() if statements else "",  # type: ignore[union-attr]
            "rounds": [{"number": 1, "mode": mode}],
        }
        for cid in wanted
    ]


def build(
    seg: RubricSegment | SurveySegment, base: dict, rubrics: Mapping[str, Rubric], rubric_files: Mapping[str, str]
) -> SegmentBase:
    """A new rubric or survey segment's record: every criterion with round 1 open."""
    rubric_id, rated_on = seg.rubric_ref()
    if rubric_id not in rubrics:
        raise DomainError(f"segment {seg.id!r} needs rubric {rubric_id!r}, which is not loaded")
    rubric = rubrics[rubric_id]
    rated = dict(
        base,
        rubric_id=rubric.id,
        rubric_title=rubric.title,
        rubric_file=rubric_files.get(rubric.id, ""),
        scale=_scale_levels(rubric),
        criteria=_criteria(rubric, seg.criteria, seg.mode, rated_on == "survey"),
    )
    if isinstance(seg, SurveySegment):
        return SurveyResult(kind="survey", split_by_role=seg.split_by_role, **rated)
    return RubricResult(kind="rubric", **rated)


PART = RatedPart
"""This kind's controller: ``session.rated`` (see :class:`ilt_kit.session.engine.Session`)."""
