"""A new session's record, made from a scenario, its rubrics and the team."""

from __future__ import annotations

from datetime import datetime
from typing import Mapping

from ilt_kit.content.models import Rubric, Scenario, Team
from ilt_kit.session.core import DomainError, clean
from ilt_kit.session.kinds import MODULES
from ilt_kit.session.kinds.follow_up import EarlierWork
from ilt_kit.store.record import SCHEMA_VERSION, UNKNOWN, RecordMember, RecordTeam, SessionRecord, session_time


def build_record(
    scenario: Scenario,
    rubrics: Mapping[str, Rubric],
    team: Team,
    title: str,
    facilitator: str,
    now: datetime,
    *,
    scenario_file: str = "",
    rubric_files: Mapping[str, str] | None = None,
    earlier: EarlierWork | None = None,
) -> SessionRecord:
    """A fresh record for a session of ``scenario``: every segment pending, round 1 open.

    ``scenario_file`` and ``rubric_files`` (by rubric id) say where own content came from,
    relative to the session file's folder (see :meth:`Library.recorded_path`), so that resuming
    finds it again; built-in content needs neither. Each segment's record is made by its kind's
    engine module (``ilt_kit.session.kinds``). ``earlier``: the team's earlier work, gathered by the
    caller (see :func:`ilt_kit.review.followup.earlier_work`), which a kind's module with ``carry``
    copies into its segments (a follow-up's open actions and goals).
    """
    if not clean(title):
        raise DomainError("a session needs a title")
    if now.tzinfo is None:
        raise DomainError("timestamps must carry a time zone")
    now = session_time(now, now)
    rubric_files = rubric_files or {}
    segments = [
        MODULES[seg.kind].build(
            seg,
            dict(id=seg.id, title=seg.title, status="pending", planned_seconds=seg.minutes * 60),
            rubrics,
            rubric_files,
        )
        for seg in scenario.segments
    ]
    for segment in segments:
        carry = getattr(MODULES[segment.kind], "carry", None)
        if carry is not None:
            carry(segment, earlier or EarlierWork())
    return SessionRecord(
        schema_version=SCHEMA_VERSION,
        title=clean(title),
        date=now.date(),
        status="in progress",
        scenario_id=scenario.id,
        scenario_title=scenario.title,
        scenario_file=scenario_file,
        framework=scenario.source.framework,
        facilitator=clean(facilitator) or team.facilitator,
        min_group_size=scenario.min_group_size,
        created=now,
        updated=now,
        current=scenario.segments[0].id,
        agenda=[segment.id for segment in segments],
        team=RecordTeam(
            name=team.name,
            school=team.school.strip() or UNKNOWN,
            district=team.district.strip() or UNKNOWN,
            members=[RecordMember(name=m.name, role=m.role) for m in team.members],
        ),
        segments=segments,
    )
