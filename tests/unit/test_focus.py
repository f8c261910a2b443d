"""What is being answered is the engine's: the segment, the item (criterion, statement, forecast
item) and its round, moved only by engine calls, saved in the record and found again on resume."""

from __future__ import annotations

import pytest

from ilt_kit.session.engine import DomainError, Focus, Session
from ilt_kit.store.files import load_record


def _to(session: Session, kind: str) -> None:
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == kind))


def test_the_focus_names_segment_item_and_round_and_moves_only_through_the_engine(make_session) -> None:
    session, _ = make_session(save=False)
    _to(session, "rubric")
    criteria = [c.id for c in session.segment.criteria]
    assert session.focus == Focus("score", criteria[0], 1)
    session.focus_step(1)
    assert session.focus == Focus("score", criteria[1], 1)
    session.rated.cast(criteria[1], "Dana Whitfield", 2)
    session.rated.reveal(criteria[1])
    session.rated.new_round(criteria[1])
    assert session.focus.round == 2
    with pytest.raises(DomainError):
        session.focus_item("no-such-criterion")
    assert session.focus.item == criteria[1]
    with pytest.raises(AttributeError):
        session.focus.item = criteria[0]  # type: ignore[misc]  # read only
    _to(session, "brainstorm")
    assert session.focus == Focus("ideas", None, None)
    _to(session, "rubric")  # going back finds the criterion it was on
    assert session.focus.item == criteria[1]


def test_a_resumed_session_opens_on_the_item_it_was_on(make_session, clock) -> None:
    session, handle = make_session()
    _to(session, "rubric")
    second = session.segment.criteria[1].id
    session.focus_item(second)
    _to(session, "forecast")
    session.forecast.add_item("Enrolment falls")
    last = session.segment.items[-1].id
    session.focus_item(last)
    record = load_record(handle.path)
    assert {s.id: s.focus for s in record.segments if s.focus} == {"score": second, "futures": last}
    resumed = Session(record, clock=clock, wall=clock.wall)
    assert resumed.focus == Focus("futures", last, None)
    _to(resumed, "rubric")
    assert resumed.focus.item == second


def test_removing_the_focused_forecast_item_moves_the_focus_to_one_that_is_there(make_session) -> None:
    session, _ = make_session(save=False)
    _to(session, "forecast")
    session.forecast.add_item("Enrolment falls")
    items = [i.id for i in session.segment.items]
    session.focus_item(items[0])
    session.forecast.remove_item(items[0])
    assert session.focus.item == items[1]
    assert session.segment.focus == items[1]


def test_listeners_hear_every_change_after_it_is_saved(make_session) -> None:
    session, handle = make_session()
    heard: list[tuple] = []
    on_disk: list[str | None] = []

    def listener(parts: tuple) -> None:
        heard.append(parts)
        on_disk.append(next(s.focus for s in load_record(handle.path).segments if s.id == "score"))

    session.subscribe(listener)
    _to(session, "rubric")
    session.focus_step(1)
    assert on_disk == [session.segment.criteria[0].id, session.segment.criteria[1].id]
    session.unsubscribe(listener)
    session.focus_step(1)
    assert len(heard) == 2
