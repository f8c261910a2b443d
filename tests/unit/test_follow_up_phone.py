"""The follow-up on a phone: every earlier action and its outcome, the one on the screen to answer
(done, carried, dropped, impact) as the keys do; answers addressed to the action and idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from ilt_kit.join.room import MOVED_ON, JoinRoom, Refused
from ilt_kit.store.files import load_record
from tests.unit.test_follow_up_kind import gather, plan_earlier


@pytest.fixture
def room(make_session, follow_up_library, clock):
    _, first = plan_earlier(make_session, clock)
    clock.advance(30 * 24 * 3600)  # 2026-12-22: two open actions due
    session, handle = make_session("test-follow-up", title="December ILT", earlier=gather(first.path.parent, clock))
    room = JoinRoom(session, scenario=follow_up_library.scenario("test-follow-up"), clock=clock)
    room.handle = handle
    return room


def test_the_phone_lists_every_action_and_answers_the_one_on_the_screen(room):
    session = room.session
    member = session.member_names[1]
    task = room.view(member)["task"]
    peer, wall = session.segment.actions
    assert task["kind"] == "follow-up" and task["item"] == peer.key and task["today"] == "2026-12-22"
    assert [(a["what"], a["outcome"], a["due"]) for a in task["actions"]] == [
        ("Peer visits in every grade", "open", "2026-12-01"), ("Share the data wall", "open", "2026-12-20"),
    ]
    assert task["actions"][0]["from"] == "November ILT, 2026-11-22"
    before = room.public_key()
    room.answer(member, {"kind": "follow-up", "segment": "look-back", "item": peer.key, "status": "carried", "carried_to": "2027-01-15"})
    room.answer(member, {"kind": "follow-up", "segment": "look-back", "item": peer.key, "impact": "Two visits; exit tickets changed"})
    assert room.public_key() != before  # every phone is shown the team's outcome
    saved = load_record(room.handle.path).segments[0].actions[0]
    assert (saved.status, saved.carried_to, saved.impact) == ("carried", date(2027, 1, 15), "Two visits; exit tickets changed")
    other = room.view(session.member_names[2])["task"]["actions"][0]
    assert (other["outcome"], other["impact"], other["carried_to"]) == ("carried to 2027-01-15", "Two visits; exit tickets changed", "2027-01-15")
    with pytest.raises(Refused) as moved:  # the screen is on the first action: the second is not answered
        room.answer(member, {"kind": "follow-up", "segment": "look-back", "item": wall.key, "status": "done"})
    assert moved.value.status == 409 and str(moved.value) == MOVED_ON
    before = room.public_key()
    session.focus_item(wall.key)  # the screen moves on: every phone is shown the next action
    assert room.public_key() != before and room.view(member)["task"]["item"] == wall.key
    room.answer(member, {"kind": "follow-up", "segment": "look-back", "item": wall.key, "status": "dropped", "reason": "Replaced"})
    assert (wall.status, wall.reason) == ("dropped", "Replaced")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "send a status or the evidence of impact"),
        ({"status": "maybe"}, "status is one of open, done, carried, dropped"),
        ({"status": "carried"}, "send the new due date as text"),
        ({"status": "carried", "carried_to": "next week"}, "the new due date is a date: YYYY-MM-DD"),
        ({"status": "carried", "carried_to": "2026-12-01"}, "is before today"),
        ({"status": "dropped", "reason": " "}, "needs a reason"),
        ({"impact": 5}, "send the evidence of impact as text"),
        ({"impact": "x" * 501}, "at most 500 characters"),
    ],
)
def test_a_phone_answer_the_engine_would_refuse_is_refused_with_its_reason(room, data, message):
    member = room.session.member_names[0]
    before = room.session.record.model_copy(deep=True)
    with pytest.raises(Refused, match=message):
        room.answer(member, {"kind": "follow-up", "segment": "look-back", "item": room.focus(), **data})
    assert room.session.record == before


def test_an_answer_sent_again_is_recorded_once(room):
    session = room.session
    member = session.member_names[0]
    claim = room.claim(member)
    changes = []
    session.subscribe(changes.append)
    answer = {"kind": "follow-up", "segment": "look-back", "item": room.focus(), "status": "done", "request": "r-1"}
    room.answer(member, dict(answer), device=claim.token)
    room.answer(member, dict(answer), device=claim.token)  # the reply was lost: sent again
    room.answer(member, dict(answer, request="r-2"), device=claim.token)  # a new tap, the same outcome: nothing changes
    assert session.segment.actions[0].status == "done" and len(changes) == 1


def test_a_team_without_earlier_sessions_sees_that_on_the_phone(make_session, follow_up_library):
    session, _ = make_session("test-follow-up", save=False)
    task = JoinRoom(session, scenario=follow_up_library.scenario("test-follow-up")).view(session.member_names[0])["task"]
    assert (task["kind"], task["item"], task["actions"], task["earlier"]) == ("follow-up", None, [], 0)
    with pytest.raises(Refused) as moved:
        JoinRoom(session).answer(session.member_names[0], {"kind": "follow-up", "segment": "look-back", "item": None, "status": "done"})
    assert moved.value.status == 409
