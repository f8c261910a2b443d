"""The one list of segment kinds: for each kind, everything the rest of ilt-kit needs to know of it.

Every place that needs the kinds (the content and record models, the engine, the run screen,
review and the tests) reads them from :data:`KINDS`. Adding a kind means one entry here, its
content model (``content/models.py``), its result model (``store/record.py``), its engine module
(``session/kinds/<engine>.py``), its run-screen pane, its summary section
(``review/sections/<section>.py``) and its phone part (``join/phones/<phone>.py``); a test fails until
all of them exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from ilt_kit.content.segments.follow_up import FollowUpSegment
from ilt_kit.content.models import (
    ActionsSegment,
    BrainstormSegment,
    BriefingSegment,
    ForecastSegment,
    PrioritizeSegment,
    ReflectionSegment,
    RubricSegment,
    SegmentBase,
    SurveySegment,
)


@dataclass(frozen=True)
class SegmentKind:
    id: str
    """What a scenario's ``kind = ...`` says, and a session file's segment ``kind``."""
    name: str
    """What screens and reports call it ("Dot voting")."""
    model: type[SegmentBase]
    """Its content model: the scenario's segment table."""
    engine: str
    """Its engine module under ``ilt_kit.session.kinds`` (what it adds to a session, how its record is built)."""
    pane: str
    """The run screen's pane that shows it."""
    section: str
    """Its summary section module under ``ilt_kit.review.sections``: what the reports, the review's
    session view, the summary at the end and a prompt's ``shows`` show of it."""
    shows: bool = True
    """Whether it may show earlier segments' results beside its own work (``shows = [...]``);
    ``check`` refuses ``shows`` on a kind that may not, saying ``cannot_show``."""
    cannot_show: str = ""
    """Why it may not show earlier results ('a survey: ...'), for a kind with ``shows=False``."""
    phone: str = ""
    """Its phone part under ``ilt_kit.join.phones``: the task a member's phone shows and the answers it takes."""
    rated: bool = False
    """Scored with hidden ballots or a show of hands, revealed, agreed (a rubric or a survey)."""
    agreement: bool = False
    """Rated on agreement with statements (a survey): read as the share agreeing, split by role, never agreed on."""
    talk: bool = False
    """A talk segment: the room discusses a prompt and ilt-kit records only notes and talk time."""


KINDS: dict[str, SegmentKind] = {
    kind.id: kind
    for kind in (
        SegmentKind("briefing", "Briefing", BriefingSegment, engine="plain", section="plain", pane="prompt", phone="plain", talk=True),
        SegmentKind("brainstorm", "Brainstorm", BrainstormSegment, engine="brainstorm", section="brainstorm", pane="brainstorm", phone="brainstorm"),
        SegmentKind("rubric", "Rubric scoring", RubricSegment, engine="rated", section="rated", pane="rated", phone="rated", rated=True),
        SegmentKind(
            "survey", "Survey", SurveySegment, engine="rated", section="rated", pane="rated", phone="rated", rated=True,
            agreement=True, shows=False,
            cannot_show="a survey: each member answers for themselves, and results shown beside the statements "
            "would sway the answers",
        ),
        SegmentKind("forecast", "Forecast", ForecastSegment, engine="forecast", section="forecast", pane="forecast", phone="forecast"),
        SegmentKind("prioritize", "Dot voting", PrioritizeSegment, engine="prioritize", section="prioritize", pane="prioritize", phone="prioritize"),
        SegmentKind("actions", "Action planning", ActionsSegment, engine="actions", section="actions", pane="actions", phone="actions"),
        SegmentKind("reflection", "Reflection", ReflectionSegment, engine="plain", section="plain", pane="prompt", phone="plain", talk=True),
        SegmentKind("follow-up", "Follow-up", FollowUpSegment, engine="follow_up", section="follow_up", pane="follow_up", phone="follow_up"),
    )
}
"""Every segment kind, in the order the docs and menus list them."""

SEGMENT_KINDS = tuple(KINDS)
RATED_KINDS = tuple(kind.id for kind in KINDS.values() if kind.rated)
TALK_KINDS = tuple(kind.id for kind in KINDS.values() if kind.talk)


def kind_name(kind: str) -> str:
    """What screens and reports call a segment kind (the id itself for a kind ilt-kit does not know)."""
    known = KINDS.get(kind)
    return known.name if known is not None else kind
