"""The example year's follow-ups (see ``make_examples.py``): what a meeting's follow-up segment
copies in from the meetings before it, and what the team makes of each earlier action.

The earlier meetings are built in memory, and their actions are marked done (on the dates each
meeting gives) only once every file is written; so for a meeting's follow-up, each earlier record
is taken as it stood on that meeting's day (actions done by then, done), and gathered by the
review's own :func:`~ilt_kit.review.followup.earlier_work`, as the app does from the files. An
action that serves a goal and was done since the team's last follow-up is the exception: the team
reports it at the follow-up, done, with its evidence of impact (the leader marks it done in its
own session later, in review).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from ilt_kit.content.models import Team
from ilt_kit.review.entry import entry_from_record
from ilt_kit.review.followup import earlier_work
from ilt_kit.session.engine import EarlierWork, Session
from ilt_kit.store.files import session_filename
from ilt_kit.store.record import SessionRecord
from ilt_kit.store.results.actions import ActionsResult
from ilt_kit.store.results.follow_up import FollowUpResult

from tools.example_goals import GOAL_NAMES_ACTION, GOAL_OF_ACTION

if TYPE_CHECKING:
    from tools.make_examples import Meeting

IMPACT = {
    "Add five minutes of rehearsal to every PLC protocol cycle":
        "The two teams that tried it gave more specific feedback, but the others never found the five minutes.",
    "Cut the June PD day that is not tied to our units":
        "The PD committee agreed in March; the June agenda is down to the one day on our units.",
    "Draft a one-page picture of strong student learning for staff comment":
        "Thirty-one staff commented; the final page keeps the three changes they asked for most.",
    "Set up two peer-visit pairs per grade, with a simple visit form":
        "Eleven visits are on the form since December; most pairs have gone twice.",
    "Add the picture of strong learning to the PLC agenda template":
        "Every grade team's agendas open with the picture now; two teams quote it in their notes.",
    "Add the picture of strong learning to the walkthrough form":
        "Walkthrough feedback in 23 of 28 rooms names a part of the picture.",
}
"""Evidence of impact the team gives for an action it follows up, by what the action said."""
CARRY = timedelta(days=28)
"""How far an action still open, with no date it gets done by, is carried over."""
STALE = timedelta(days=90)
"""An action still not done this long after the meeting that planned it is dropped."""


def earlier_work_for(meeting: Meeting, built: Sequence[tuple[Meeting, SessionRecord]], team: Team) -> EarlierWork:
    """What ``meeting``'s follow-ups copy in: the actions of the meetings built before it, as they stood on its day."""
    serve = set(GOAL_OF_ACTION) | set(GOAL_NAMES_ACTION.values())
    last = max((r.date for _, r in built if any(s.kind == "follow-up" for s in r.segments)), default=None)
    entries = []
    for earlier, record in built:
        done = {
            what: day for what, _, _, _, day in earlier.actions
            if day is not None and day <= meeting.day and not (what in serve and last is not None and day > last)
        }
        # a copy whose actions segments are copies (the rest, left as it is, is shared with the record)
        copy = record.model_copy(update={"segments": list(record.segments)})
        for index, segment in enumerate(copy.segments):
            if isinstance(segment, ActionsResult) and any(action.what in done for action in segment.actions):
                segment = copy.segments[index] = segment.model_copy(deep=True)
                for action in segment.actions:
                    if action.what in done:
                        action.status, action.done_on = "done", done[action.what]
        entries.append(entry_from_record(Path(session_filename(copy.date, copy.title)), copy, keep=True))
    return earlier_work(entries, team.name, meeting.day)


def follow_up(session: Session, segment: FollowUpResult, meetings: Sequence[Meeting], pause: Callable[[float], None], budget: float) -> None:
    """The team goes through the earlier actions: one done by now (one that serves a goal) is done;
    one that gets done later is carried to that date; one never done is carried over four weeks,
    or dropped when it was planned over 90 days ago."""
    done_on = {what: day for meeting in meetings for what, _, _, _, day in meeting.actions if day is not None}
    today: date = session.now().date()
    per = budget / max(len(segment.actions), 1)
    for action in segment.actions:
        pause(per)
        session.focus_item(action.key)
        later = done_on.get(action.what)
        if later is not None and later <= today:
            session.follow_up.mark(action.key, "done")
        elif later is not None:
            session.follow_up.mark(action.key, "carried", carried_to=later)
        elif action.session_date is not None and today - action.session_date > STALE:
            session.follow_up.mark(action.key, "dropped", reason="Overtaken by the spring plan: the team chose other work")
        else:
            session.follow_up.mark(action.key, "carried", carried_to=today + CARRY)
        if action.what in IMPACT:
            session.follow_up.set_impact(action.key, IMPACT[action.what])
