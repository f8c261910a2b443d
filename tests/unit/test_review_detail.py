"""The review's session view: every round's ballots and reveal figures, splits, ideas, dots, talk time."""

from __future__ import annotations

from datetime import date

from ilt_kit.review.detail import detail_md
from ilt_kit.review.scan import load_entry


def test_detail_shows_everything_recorded(make_session, clock):
    session, handle = make_session()
    session.record.min_group_size = 1  # this team of four has a group of one: every group is shown here
    session.goto(1)
    first = session.brainstorm.add("Peer visits", "Marcus Chen", "Feedback")
    session.speak("Dana Whitfield")
    clock.advance(90)
    session.speak("Marcus Chen")
    clock.advance(30)
    session.speak(None)
    session.goto(2)
    for member, level in zip(session.member_names, [3, 3, 1, 0]):
        session.rated.cast("shared-vision", member, level)
    session.rated.reveal("shared-vision")
    session.rated.new_round("shared-vision")
    for member in session.member_names:
        session.rated.cast("shared-vision", member, 3)
    session.rated.reveal("shared-vision")
    session.rated.agree("shared-vision", 3, "Plans cite student work")
    session.rated.set_mode("time", "tally")
    session.rated.set_tally("time", 2, 4)
    session.rated.reveal("time")
    session.goto(3)
    for member, level in zip(session.member_names, [4, 5, 4, 2]):
        session.rated.cast("trust", member, level)
    session.rated.reveal("trust")
    session.goto(4)
    session.forecast.rate("funding", "Priya Raman", 4, 5)
    session.forecast.reveal()  # shown in the detail once revealed
    session.goto(5)
    session.dots.place("Luis Ortega", first)
    session.goto(6)
    session.actions.add("Schedule peer visits", "Priya Raman", date(2026, 12, 15), "idea 1")
    text = detail_md(load_entry(handle.path))

    assert "agreed: **3 Established**" in text and "Evidence: Plans cite student work" in text
    assert "Round 1 (hidden ballots)" in text and "Round 2 (hidden ballots)" in text
    assert "Ballots: Dana Whitfield 3 Established, Marcus Chen 3 Established, Priya Raman 1 Beginning, Luis Ortega No evidence yet" in text
    assert "Outliers to hear from: Priya Raman (1)" in text
    assert "agreement 100%" in text
    assert "Round 1 (show of hands)" in text and "Hands: 2 Developing: 4" in text
    assert "Central Office: Disagree 1" in text and "Building: Agree 2, Strongly agree 1" in text
    assert "Peer visits (theme: Feedback; by Marcus Chen)" in text
    assert "1 ● #1 Peer visits (Luis Ortega 1)" in text  # the brainstorm's number, as everywhere
    assert "Priya Raman: likelihood 4, impact 5" in text and "**plan for it**" in text
    assert "Talk time: Dana Whitfield 75% (2 min), Marcus Chen 25% (30 s)" in text
    assert "- [ ] Schedule peer visits (owner Priya Raman; due 2026-12-15; follows from idea 1)" in text


def test_detail_shows_merged_ideas_statements_and_where_decisions_were_made(make_session, clock, library):
    session, handle = make_session()
    session.goto(1)
    keep = session.brainstorm.add("Peer visits", "Marcus Chen")
    other = session.brainstorm.add("Visits between rooms", "Priya Raman")
    session.brainstorm.merge(keep, other)
    session.add_decision("Start peer visits in January")
    text = detail_md(load_entry(handle.path))
    assert f"~~#{other}~~ Visits between rooms (merged into #{keep}, by Priya Raman)" in text
    assert "- Start peer visits in January (in Imagine)" in text
    statement = library.rubric("test-survey").criteria[0].vision
    assert f"  - Statement: {statement}" in text

