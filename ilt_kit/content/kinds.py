"""The one list of segment kinds: for each kind, everything the rest of ilt-kit needs to know of it.

Every place that needs the kinds (the content and record models, the engine, the run screen,
review and the tests) reads them from :data:`KINDS`. A kind is a unit of its own files: its content
model (``content/segments/<kind>.py``, imported here), its result model (``store/results/<kind>.py``,
named here as ``module:Class``), its engine module (``session/kinds/<engine>.py``), its run-screen
pane (``tui/panes/<pane>.py``), its summary section (``review/sections/<section>.py``), its phone part
(``join/phones/<phone>.py``, with its view on the member's page, ``join/static/kinds/<phone>.js``), its
fixture scenario (``tests/fixtures/kinds/scenarios/<kind>.toml``) and its page (``docs/kinds/<kind>.md``).
Adding a kind means those files and one entry here; the kinds contract test
(``tests/unit/test_kind_contract.py``) fails until every part of it exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from ilt_kit.content.segments.actions import ActionsSegment
from ilt_kit.content.segments.base import SegmentBase
from ilt_kit.content.segments.brainstorm import BrainstormSegment
from ilt_kit.content.segments.briefing import BriefingSegment
from ilt_kit.content.segments.follow_up import FollowUpSegment
from ilt_kit.content.segments.forecast import ForecastSegment
from ilt_kit.content.segments.prioritize import PrioritizeSegment
from ilt_kit.content.segments.reflection import ReflectionSegment
from ilt_kit.content.segments.rubric import RubricSegment
from ilt_kit.content.segments.survey import SurveySegment


@dataclass(frozen=True)
class SegmentKind:
    id: str
    """What a scenario's ``kind = ...`` says, and a session file's segment ``kind``."""
    name: str
    """What screens and reports call it ("Dot voting")."""
    model: type[SegmentBase]
    """Its content model: the scenario's segment table."""
    result: str
    """Its result model, its part of a session record, as ``module:Class`` under ``ilt_kit.store.results``
    (a name, not an import: the store is a layer above the content)."""
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
        SegmentKind("briefing", "Briefing", BriefingSegment, result="briefing:BriefingResult", engine="plain", section="plain", pane="prompt", phone="plain", talk=True),
        SegmentKind("brainstorm", "Brainstorm", BrainstormSegment, result="brainstorm:BrainstormResult", engine="brainstorm", section="brainstorm", pane="brainstorm", phone="brainstorm"),
        SegmentKind("rubric", "Rubric scoring", RubricSegment, result="rubric:RubricResult", engine="rated", section="rated", pane="rated", phone="rated", rated=True),
        SegmentKind(
            "survey", "Survey", SurveySegment, result="survey:SurveyResult", engine="rated", section="rated", pane="rated", phone="rated", rated=True,
            agreement=True, shows=False,
            cannot_show="a survey: each member answers for themselves, and results shown beside the statements "
            "would sway the answers",
        ),
        SegmentKind("forecast", "Forecast", ForecastSegment, result="forecast:ForecastResult", engine="forecast", section="forecast", pane="forecast", phone="forecast"),
        SegmentKind("prioritize", "Dot voting", PrioritizeSegment, result="prioritize:PrioritizeResult", engine="prioritize", section="prioritize", pane="prioritize", phone="prioritize"),
        SegmentKind("actions", "Action planning", ActionsSegment, result="actions:ActionsResult", engine="actions", section="actions", pane="actions", phone="actions"),
        SegmentKind("reflection", "Reflection", ReflectionSegment, result="reflection:ReflectionResult", engine="plain", section="plain", pane="prompt", phone="plain", talk=True),
        SegmentKind("follow-up", "Follow-up", FollowUpSegment, result="follow_up:FollowUpResult", engine="follow_up", section="follow_up", pane="follow_up", phone="follow_up"),
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
