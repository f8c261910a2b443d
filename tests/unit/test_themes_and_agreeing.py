"""Brainstorm themes that differ only in case are one theme; a survey's share agreeing."""

from __future__ import annotations

from ilt_kit.session.stats import share_agreeing


def _to_brainstorm(session):
    session.goto(next(i for i, s in enumerate(session.segments) if s.kind == "brainstorm"))


def test_a_theme_typed_in_another_case_takes_the_spelling_already_used(make_session):
    session, _ = make_session(save=False)
    _to_brainstorm(session)
    first = session.brainstorm.add("Peer visits", theme="Time")
    second = session.brainstorm.add("Common planning", theme="  tIME ")
    third = session.brainstorm.add("Family nights")
    session.brainstorm.edit(third, theme="TIME")
    themes = {idea.id: idea.theme for idea in session.segment.ideas}
    assert themes == {first: "Time", second: "Time", third: "Time"}
    assert set(session.brainstorm.themes()) == {"Time"}


def test_theme_choices_put_the_suggested_first_and_list_each_theme_once(make_session):
    session, _ = make_session(save=False)
    _to_brainstorm(session)
    session.brainstorm.add("Peer visits", theme="feedback")
    session.brainstorm.add("Walkthroughs", theme="Trust building")
    assert session.brainstorm.theme_choices(["Time", "Feedback", "trust BUILDING"]) == ["Time", "feedback", "Trust building"]
    assert session.brainstorm.theme_choices([]) == ["feedback", "Trust building"]


def test_share_agreeing_counts_agree_and_strongly_agree_of_every_response():
    assert share_agreeing({1: 1, 2: 1, 3: 1, 4: 3, 5: 2}) == 5 / 8
    assert share_agreeing({3: 4}) == 0
    assert share_agreeing({}) is None
