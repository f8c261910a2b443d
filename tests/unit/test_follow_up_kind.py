"""The follow-up kind: earlier open actions gathered through the review's entries, copied in at the
start, followed up (done, carried, dropped, impact) through the engine, saved and read back."""

from __future__ import annotations

from datetime import date

import pytest

from ilt_kit.review.followup import earlier_work
from ilt_kit.review.scan import scan
from ilt_kit.session.engine import DomainError
from ilt_kit.store.files import load_record
from ilt_kit.store.results.follow_up import FollowedAction, FollowUpResult, GoalLine

TEAM = "Lincoln Middle School ILT"


def plan_earlier(make_session, clock):
    """An earlier session (2026-11-22) that planned four actions; one was done there and then."""
    session, handle = make_session("test-follow-up", title="November ILT")
    session.next()  # next steps
    session.actions.add("Peer visits in every grade", "Marcus Chen", date(2026, 12, 1))
    session.actions.add("Share the data wall", "Priya Raman", date(2026, 12, 20))
    done = session.actions.add("Book the library", "Luis Ortega", date(2026, 11, 30))
    session.actions.add("Someday: a newsletter", "Dana Whitfield")
    session.actions.set_done(done)
    session.finish()
    return session, handle


def gather(folder, clock, goals=()):
    return earlier_work(scan(folder).entries, TEAM, clock.wall().date(), goals)


def followed_up(make_session, clock, goals=()):
    """An earlier session, two weeks on a follow-up session (2026-12-06) with its open actions due by then."""
    _, first = plan_earlier(make_session, clock)
    clock.advance(14 * 24 * 3600)
    session, handle = make_session("test-follow-up", title="December ILT", earlier=gather(first.path.parent, clock, goals))
    return session, handle


def test_the_open_actions_due_by_the_session_are_copied_in_with_where_they_came_from(make_session, clock):
    session, handle = followed_up(make_session, clock)
    segment = session.segment
    assert isinstance(segment, FollowUpResult)
    assert segment.earlier_sessions == 1
    [action] = segment.actions  # not the one due later, not the one done, not the undated one
    assert (action.what, action.owner, action.due, action.status) == ("Peer visits in every grade", "Marcus Chen", date(2026, 12, 1), "open")
    assert action.source.endswith("november-ilt") and action.session_title == "November ILT"
    assert (action.segment, action.action, action.session_date) == ("next-steps", 1, date(2026, 11, 22))
    assert session.focus.item == action.key
    saved = load_record(handle.path).segments[0]  # in the file: a resume reads no other session
    assert saved.actions == segment.actions and saved.earlier_sessions == 1


def test_a_team_without_earlier_sessions_has_nothing_to_follow_up(make_session):
    session, _ = make_session("test-follow-up", save=False)
    assert session.segment.actions == [] and session.segment.earlier_sessions == 0
    assert session.focus.item is None


def test_done_carried_dropped_and_impact_are_saved_at_once(make_session, clock):
    session, handle = followed_up(make_session, clock)
    key = session.segment.actions[0].key
    session.follow_up.set_impact(key, "  Six of eight teachers visited a peer; two changed their exit tickets.  ")
    session.follow_up.mark(key, "done")
    assert load_record(handle.path).segments[0].actions[0].status == "done"
    session.follow_up.mark(key, "carried", carried_to=date(2027, 1, 10))
    saved = load_record(handle.path).segments[0].actions[0]
    assert (saved.status, saved.carried_to) == ("carried", date(2027, 1, 10))
    assert saved.impact == "Six of eight teachers visited a peer; two changed their exit tickets."
    session.follow_up.mark(key, "dropped", reason="The schedule has no room for it")
    saved = load_record(handle.path).segments[0].actions[0]
    assert (saved.status, saved.carried_to, saved.reason) == ("dropped", None, "The schedule has no room for it")
    session.follow_up.mark(key, "open")
    assert load_record(handle.path).segments[0].actions[0].status == "open"


@pytest.mark.parametrize(
    ("status", "options", "message"),
    [
        ("carried", {}, "needs a new due date"),
        ("carried", {"carried_to": date(2026, 12, 5)}, r"is before today \(2026-12-06\)"),
        ("dropped", {}, "needs a reason"),
        ("dropped", {"reason": "   "}, "needs a reason"),
        ("dropped", {"reason": "why " * 126}, "a reason is at most 500 characters"),
        ("done", {"carried_to": date(2027, 1, 1)}, "only an action carried over"),
        ("done", {"reason": "why"}, "only an action dropped"),
        ("lost", {}, "not 'lost'"),
    ],
)
def test_each_impossible_follow_up_is_refused_and_changes_nothing(make_session, clock, status, options, message):
    session, handle = followed_up(make_session, clock)
    key = session.segment.actions[0].key
    before = session.record.model_copy(deep=True)
    with pytest.raises(DomainError, match=message):
        session.follow_up.mark(key, status, **options)
    assert session.record == before and load_record(handle.path).segments[0].actions == before.segments[0].actions


def test_a_carry_to_today_an_unknown_action_a_long_impact_and_another_segment(make_session, clock):
    session, _ = followed_up(make_session, clock)
    key = session.segment.actions[0].key
    session.follow_up.mark(key, "carried", carried_to=date(2026, 12, 6))  # today is allowed
    with pytest.raises(DomainError, match="no earlier action"):
        session.follow_up.mark("gone/next-steps/9", "done")
    with pytest.raises(DomainError, match="at most 500"):
        session.follow_up.set_impact(key, "x" * 501)
    session.next()
    with pytest.raises(DomainError, match="is a actions segment; earlier actions are followed up"):
        session.follow_up.mark(key, "done")


def test_the_next_follow_up_sees_what_the_last_one_made_of_each_action(make_session, clock):
    session, handle = followed_up(make_session, clock)
    key = session.segment.actions[0].key
    session.follow_up.mark(key, "carried", carried_to=date(2027, 1, 10))
    session.finish()
    clock.advance(40 * 24 * 3600)  # 2027-01-15
    later = gather(handle.path.parent, clock)
    assert later.sessions == 2
    assert [(a.what, a.due) for a in later.actions] == [
        ("Share the data wall", date(2026, 12, 20)), ("Peer visits in every grade", date(2027, 1, 10)),
    ]
    record = load_record(handle.path)
    record.segments[0].actions[0].status = "dropped"
    record.segments[0].actions[0].carried_to = None
    record.segments[0].actions[0].reason = "no time"
    handle.save(record, ())
    assert [a.what for a in gather(handle.path.parent, clock).actions] == ["Share the data wall"]


def test_other_teams_sessions_are_not_followed_up(make_session, clock):
    _, first = plan_earlier(make_session, clock)
    clock.advance(14 * 24 * 3600)
    found = earlier_work(scan(first.path.parent).entries, "Another team", clock.wall().date())
    assert found.actions == [] and found.sessions == 0


def _record_with(action: dict) -> dict:
    return {"kind": "follow-up", "id": "look", "title": "Look back", "status": "pending", "planned_seconds": 600,
            "actions": [{"source": "a", "segment": "s", "action": 1, "what": "Do it", **action}]}


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ({"status": "carried"}, "carried over but has no new date"),
        ({"status": "done", "carried_to": date(2027, 1, 1)}, "is done but has a new date"),
        ({"status": "dropped"}, "dropped but says no reason"),
        ({"status": "open", "reason": "why"}, "has a reason for dropping it"),
    ],
)
def test_the_record_refuses_an_outcome_without_its_date_or_reason(action, message):
    from pydantic import TypeAdapter, ValidationError

    from ilt_kit.store.record import SegmentResult

    with pytest.raises(ValidationError, match=message):
        TypeAdapter(SegmentResult).validate_python(_record_with(action))


def test_a_followed_up_record_round_trips_through_its_file(make_session, clock):
    goals = [GoalLine(goal="Shared vision", criterion="Vision for learning", baseline="2 Developing", baseline_on=date(2026, 8, 27),
                      latest="3 Implementing", latest_on=date(2026, 11, 22), target="4", target_by=date(2027, 5, 20))]
    session, handle = followed_up(make_session, clock, goals)
    key = session.segment.actions[0].key
    session.follow_up.mark(key, "dropped", reason='Replaced by "learning walks" [see plan]')
    session.follow_up.set_impact(key, "Walks started in week 2\tfor all grades")
    text = handle.path.read_text(encoding="utf-8")
    assert 'kind = "follow-up"' in text and "[[segments.actions]]" in text
    loaded = load_record(handle.path)
    assert loaded == session.record
    assert loaded.segments[0].goals == goals
    assert isinstance(loaded.segments[0].actions[0], FollowedAction)


def test_each_goal_goes_from_its_baseline_to_the_latest_agreed_level(make_session, clock):
    from ilt_kit.content.goals import load_goals
    from ilt_kit.review.followup import earlier_work_in
    from tests.conftest import FIXTURES

    goals = load_goals(FIXTURES / "goals" / "goals.toml").goals
    scored, handle = make_session(title="September scoring")
    scored.goto(2)
    scored.rated.agree("shared-vision", 2, "Plans name the vision")
    clock.advance(24 * 3600)
    scored, _ = make_session(title="October scoring")
    scored.goto(2)
    scored.rated.agree("shared-vision", 3)
    clock.advance(24 * 3600)
    work = earlier_work_in(handle.path.parent, TEAM, clock.wall().date(), goals)
    vision, trust = work.goals
    assert (vision.goal, vision.criterion) == ("A shared vision", "Shared vision for student learning")
    assert (vision.baseline, vision.baseline_on, vision.latest, vision.latest_on, vision.target, vision.target_by) == (
        "1.5", date(2026, 8, 27), "3 Established", date(2026, 11, 23), "3 Established", date(2027, 5, 20))
    assert (trust.goal, trust.latest, trust.latest_on, trust.target) == ("Trust", "", None, "4 Agree")  # never agreed on
    session, _ = make_session("test-follow-up", save=False, earlier=work)
    assert session.segment.goals == work.goals
