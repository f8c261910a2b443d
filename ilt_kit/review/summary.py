"""What a summary of one session shows, computed once from its record.

:func:`summarize` gives the :class:`SessionSummary` that the md and html reports, the review's
session view (:mod:`ilt_kit.review.detail`) and the summary screen at the end of a session only
format: minutes planned (extra minutes included) and used per segment and in all, decisions,
notes and talk-time shares, and each segment's own part (agreed levels, each round's statistics
and the split by role, forecast positions, every idea with its dots, actions) from its kind's
summary section (:mod:`ilt_kit.review.sections`). The helpers above it format levels and times
the same way for every writer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import ModuleType
from typing import Any, Iterator, Union

from ilt_kit.content.kinds import RATED_KINDS
from ilt_kit.session.stats import RoundStats, is_no_evidence, mean_of, round_stats, talk_shares
from ilt_kit.store.record import SessionRecord
from ilt_kit.store.results.actions import Action
from ilt_kit.store.results.base import SegmentBase, planned_time, total_planned_time
from ilt_kit.store.results.brainstorm import Idea
from ilt_kit.store.results.rated import ScaleLevel


def label_of(scale: list[ScaleLevel], level: int | None) -> str:
    if level is None:
        return ""
    for step in scale:
        if step.value == level:
            return step.label
    return str(level)


def level_text(scale: list[ScaleLevel], level: int | None) -> str:
    """'3 Established'; 'No evidence yet' for level 0 (its label alone)."""
    if level is None:
        return "not agreed"
    label = label_of(scale, level)
    return label if is_no_evidence(level) else f"{level} {label}"


def median_text(scale: list[ScaleLevel], median: float | None) -> str:
    """'4 Agree' for a whole median; '3.5' (no label) between two levels."""
    if median is None:
        return "–"
    if float(median).is_integer():
        return f"{median:g} {label_of(scale, int(median))}"
    return f"{median:g}"




def figure(value: float) -> str:
    """A mean or a median as a person reads it: '4.2', '3.5', '4' (never '4.16667')."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def idea_number(idea: Idea) -> str:
    """'#3': an idea's number as the brainstorm gave it, the one numbering every screen and report
    uses (a dot vote's rank is never a number of its own)."""
    return f"#{idea.id}"


def minutes_added(seconds: int) -> str:
    """'+2 min', '-7 min' for minutes added or taken during the session; '' for none."""
    return f"{seconds // 60:+d} min" if seconds else ""


def range_text(stats: RoundStats) -> str:
    return "–" if stats.low is None else f"{stats.low}–{stats.high}"


def agreement_text(stats: RoundStats) -> str:
    return "–" if stats.agreement is None else f"{stats.agreement:.0%}"


def clock_text(seconds: float) -> str:
    """'12 min' for whole-ish minutes, '1 h 05 min' past the hour; under a minute: '40 s'."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return f"{round(seconds)} s"
    minutes = round(seconds / 60)
    if minutes >= 60:
        return f"{minutes // 60} h {minutes % 60:02d} min"
    return f"{minutes} min"


@dataclass(frozen=True)
class TimeRow:
    segment: SegmentBase
    planned: int
    """Planned seconds with the minutes added or taken during the session (:func:`planned_time`)."""
    used: float

    @property
    def extra(self) -> int:
        return self.segment.extra_seconds

    @property
    def note(self) -> str:
        """'skipped', 'not reached' or ''."""
        if self.segment.status == "skipped":
            return "skipped"
        return "not reached" if self.segment.status == "pending" and not self.used else ""

    @property
    def over(self) -> bool:
        """More than half a minute past its planned time."""
        return self.used > self.planned + 30


@dataclass(frozen=True)
class TimeUse:
    rows: list[TimeRow]
    planned: int
    """The rows' planned seconds added up: extra minutes included."""
    used: float
    scheduled: int
    """Planned seconds as the scenario scheduled them, before any minute was added or taken."""


def time_use(record: SessionRecord) -> TimeUse:
    rows = [TimeRow(segment, planned_time(segment), segment.elapsed_seconds) for segment in record.segments]
    return TimeUse(
        rows=rows,
        planned=total_planned_time(record.segments),
        used=sum(row.used for row in rows),
        scheduled=sum(s.planned_seconds for s in record.segments),
    )


@dataclass(frozen=True)
class TalkLine:
    member: str
    seconds: int
    share: float
    """Of the segment's talk time (0-1)."""


def talk_text(lines: list[TalkLine]) -> str:
    """'Dana Whitfield 44% (4 min), Priya Raman 56% (5 min)'."""
    return ", ".join(f"{t.member} {t.share:.0%} ({clock_text(t.seconds)})" for t in lines)


def talk_lines(segment: SegmentBase) -> list[TalkLine]:
    """Who spoke how long in a segment, the longest first."""
    shares = talk_shares({share.member: share.seconds for share in segment.talk})
    return [TalkLine(member, int(seconds), share) for member, seconds, share in shares]


@dataclass(frozen=True)
class SegmentSummary:
    number: int
    segment: SegmentBase
    time: TimeRow
    talk: list[TalkLine]
    part: Any = None
    """What the segment's kind shows of it: its summary section's ``build`` (``None`` for none)."""

    @property
    def section(self) -> ModuleType:
        """The summary section of the segment's kind (:mod:`ilt_kit.review.sections`)."""
        from ilt_kit.review.sections import section_of

        return section_of(self.segment.kind)


@dataclass(frozen=True)
class DecisionLine:
    text: str
    where: str
    """The title of the segment it was made in ('' when unknown)."""


@dataclass(frozen=True)
class AgreedLevel:
    segment: str
    criterion: str
    level: str
    evidence: str


Section = Union[str, ModuleType]
"""What a part of a summary is: ``"decisions"``, ``"notes"``, ``"talk"`` or ``"time"`` (parts of
the whole session), or the summary section module of a segment kind, which formats its own part."""

SESSION_PARTS = ("decisions", "notes", "talk", "time")


@dataclass(frozen=True)
class SessionSummary:
    """Every figure a summary of one session shows, computed once from its record.

    The md and html reports, the review's session view and the summary screen at the end of a
    session only format it; a figure added here is seen by all four. Each segment's own part
    comes from its kind's summary section (:mod:`ilt_kit.review.sections`).
    """

    record: SessionRecord
    segments: list[SegmentSummary]
    decisions: list[DecisionLine]
    time: TimeUse

    def parts(self, *kinds: str) -> list[Any]:
        """The parts of the segments of these kinds (every kind when none is named), in agenda order."""
        return [s.part for s in self.segments if s.part is not None and (not kinds or s.segment.kind in kinds)]

    def kind_parts(self) -> list[tuple[ModuleType, Any]]:
        """(section, part) of what the segments' kinds show in a report, each part once: by the
        sections' ``ORDER`` (results, ideas, actions), in agenda order within one; a section with
        ``combine`` shows the parts of all its segments as one."""
        shown = sorted(
            (s for s in self.segments if s.part is not None and s.section.ORDER and s.section.reported(s.part, self)),
            key=lambda s: (s.section.ORDER, s.number),
        )
        found: list[tuple[ModuleType, Any]] = []
        combined: dict[ModuleType, list[Any]] = {}
        for s in shown:
            section = s.section
            if hasattr(section, "combine"):
                if section not in combined:
                    combined[section] = []
                    found.append((section, combined[section]))
                combined[section].append(s.part)
            else:
                found.append((section, s.part))
        return [(section, section.combine(part) if section in combined else part) for section, part in found]

    @property
    def rated(self) -> list[Any]:
        """The :class:`~ilt_kit.review.sections.rated.RatedSummary` of every rubric and survey."""
        return self.parts(*RATED_KINDS)

    @property
    def idea_lists(self) -> list[Any]:
        """What a summary shows of the ideas: each dot vote with dots placed, and each brainstorm no
        dot vote was about."""
        return [part for section, part in self.kind_parts() if section.ORDER == IDEAS]

    @property
    def actions(self) -> list[Action]:
        return [action for part in self.parts("actions") for action in part]

    @property
    def agreed_levels(self) -> list[AgreedLevel]:
        return [
            AgreedLevel(rated.segment.title, c.criterion.title, c.agreed, c.criterion.evidence)
            for rated in self.rated
            if not rated.survey
            for c in rated.criteria
            if c.agreed is not None
        ]

    @property
    def notes(self) -> list[tuple[str, str]]:
        return [(s.segment.title, s.segment.notes) for s in self.segments if s.segment.notes]

    @property
    def talk(self) -> list[tuple[str, list[TalkLine]]]:
        """(segment title, who spoke how long) of each segment whose talk time was tracked."""
        return [(s.segment.title, s.talk) for s in self.segments if s.talk]

    def sections(self) -> Iterator[tuple[Section, Any]]:
        """What a report of the session shows after its heading, in order, each part once:
        ``("decisions", [DecisionLine])``, then each kind's parts (:meth:`kind_parts`: the
        section module and its part), ``("notes", [(title, text)])``, ``("talk", [(title,
        [TalkLine])])``, ``("time", TimeUse)``; empty parts left out (time is left out while no
        time was used)."""
        if self.decisions:
            yield "decisions", self.decisions
        yield from self.kind_parts()
        if self.notes:
            yield "notes", self.notes
        if self.talk:
            yield "talk", self.talk
        if self.time.used:
            yield "time", self.time


RESULTS, IDEAS, ACTIONS = 1, 2, 3
"""Where a section's parts come in a summary (its ``ORDER``; 0: nowhere, as a briefing's)."""


def summarize(record: SessionRecord) -> SessionSummary:
    """The summary of one session's record."""
    from ilt_kit.review.sections import section_of

    use = time_use(record)
    segments = [
        SegmentSummary(number, segment, row, talk_lines(segment), section_of(segment.kind).build(record, segment))
        for number, (segment, row) in enumerate(zip(record.segments, use.rows), start=1)
    ]
    decisions = [DecisionLine(d.text, record.segment_title(d.segment)) for d in record.decisions]
    return SessionSummary(record, segments, decisions, use)


def member_roles(record: SessionRecord) -> dict[str, str]:
    return {m.name: m.role for m in record.team.members}


def date_span(dates: list[date]) -> str:
    if not dates:
        return ""
    first, last = min(dates), max(dates)
    return first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"


__all__ = [
    "AgreedLevel",
    "DecisionLine",
    "Section",
    "SegmentSummary",
    "SessionSummary",
    "TalkLine",
    "TimeRow",
    "TimeUse",
    "agreement_text",
    "clock_text",
    "date_span",
    "figure",
    "idea_number",
    "label_of",
    "level_text",
    "mean_of",
    "median_text",
    "member_roles",
    "minutes_added",
    "range_text",
    "round_stats",
    "summarize",
    "talk_lines",
    "talk_text",
    "time_use",
]
