"""The session engine, driven with an injected clock: timing, scoring, and every other segment kind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ilt_kit.session.engine import TEAM, DomainError, item_position, quadrant
from ilt_kit.store.files import load_record

MEMBERS = ["Dana Whitfield", "Marcus Chen", "Priya Raman", "Luis Ortega"]


def goto_kind(session, kind):
    index = next(i for i, s in enumerate(session.segments) if s.kind == kind)
    session.goto(index)
    return session.segment


# ------------------------------------------------------------------------------------- timing


def test_countdown_is_deadline_minus_now(make_session, clock):
    session, _ = make_session()
    session.start()
    clock.advance(61.5)
    state = session.timer()
    assert state.running and state.elapsed == pytest.approx(61.5)
    assert state.remaining == pytest.approx(300 - 61.5)
    session.pause()
    clock.advance(1000)  # paused time does not count
    assert session.timer().remaining == pytest.approx(300 - 61.5)
    session.start()
    clock.advance(10)
    assert session.timer().remaining == pytest.approx(300 - 71.5)


def test_phases_warning_critical_overtime(make_session, clock):
    session, _ = make_session()  # first segment: 5 minutes = 300 s
    session.start()
    assert session.timer().phase == "ok"
    clock.advance(300 - 59)  # 59 s left: under 20 %
    assert session.timer().phase == "warning"
    clock.advance(45)  # 14 s left: under 5 %
    assert session.timer().phase == "critical"
    clock.advance(14)
    assert session.timer().phase == "overtime"
    clock.advance(30)
    assert session.timer().remaining == pytest.approx(-30)


def test_one_minute_more_or_less(make_session, clock):
    session, _ = make_session()
    session.start()
    clock.advance(100)
    session.adjust(+1)
    assert session.timer().remaining == pytest.approx(260)
    session.adjust(-2)
    assert session.timer().remaining == pytest.approx(140)
    assert session.segment.extra_seconds == -60
    with pytest.raises(DomainError, match="less than one minute"):
        session.adjust(-4)
    assert session.segment.extra_seconds == -60


def test_next_keeps_timer_running_and_closes_segment(make_session, clock):
    session, _ = make_session()
    session.start()
    clock.advance(200)
    session.next()
    first, second = session.segments[:2]
    assert first.status == "done" and first.elapsed_seconds == pytest.approx(200)
    assert second.status == "running" and session.running
    assert session.record.current == second.id


def test_skip_and_go_back(make_session, clock):
    session, _ = make_session()
    session.skip()
    assert session.segments[0].status == "skipped"
    session.start()
    clock.advance(30)
    session.previous()
    assert session.index == 0 and not session.running
    assert session.segments[1].status == "paused"
    assert session.segments[1].elapsed_seconds == pytest.approx(30)
    assert session.segments[0].status == "pending"
    with pytest.raises(DomainError):
        session.previous()


def test_a_skipped_segment_run_later_is_a_valid_record(make_session, clock):
    """Skipping stamps an end; running the segment later must not leave that end before its start."""
    session, handle = make_session()
    session.skip()
    clock.advance(120)
    session.previous()
    session.start()  # the skipped segment runs after all
    first = session.segments[0]
    assert first.started is not None and first.ended is None
    clock.advance(60)
    session.next()
    assert first.ended is not None and first.ended >= first.started
    load_record(handle.path)  # the saved file passes every record rule


def test_projection_uses_actual_time_so_far(make_session, clock):
    session, _ = make_session()
    planned_total = 80 * 60
    session.start()
    clock.advance(400)  # 100 s over the 5-minute welcome
    session.next()
    projection = session.projection()
    assert projection.planned_total == planned_total
    assert projection.behind == pytest.approx(100)
    assert projection.projected_end == clock.wall() + (projection.projected_total - projection.used) * __import__("datetime").timedelta(seconds=1)


def test_finish_and_last_segment(make_session):
    session, _ = make_session()
    session.goto(len(session.segments) - 1)
    with pytest.raises(DomainError, match="last segment"):
        session.next()
    session.finish()
    assert session.finished and session.record.status == "finished"
    with pytest.raises(DomainError):
        session.start()


# ------------------------------------------------------------------------------------ rubric


def test_ballots_hidden_until_reveal(make_session):
    session, _ = make_session()
    goto_kind(session, "rubric")
    session.cast("shared-vision", "Marcus Chen", 3)
    assert session.voted("shared-vision") == {"Marcus Chen"}
    with pytest.raises(DomainError, match="hidden"):
        session.stats("shared-vision")


def test_reveal_statistics(make_session):
    session, _ = make_session()
    goto_kind(session, "rubric")
    for member, level in zip(MEMBERS, [3, 3, 1, 4]):
        session.cast("shared-vision", member, level)
    stats = session.reveal("shared-vision")
    assert stats.counts == {0: 0, 1: 1, 2: 0, 3: 2, 4: 1}  # "no evidence" is on the scale: counted, here none
    assert stats.median == 3.0 and stats.modes == [3]
    assert (stats.low, stats.high, stats.spread) == (1, 4, 3)
    assert stats.agreement == pytest.approx(3 / 4)
    assert stats.outliers == [("Priya Raman", 1)]


def test_no_evidence_is_counted_but_not_rated(make_session):
    session, _ = make_session()
    goto_kind(session, "rubric")
    session.cast("efficacy", "Dana Whitfield", 0)
    session.cast("efficacy", "Marcus Chen", 2)
    stats = session.reveal("efficacy")
    assert (stats.total, stats.rated, stats.median) == (2, 1, 2.0)
    assert stats.counts[0] == 1


def test_impossible_inputs_change_nothing(make_session):
    session, handle = make_session()
    goto_kind(session, "rubric")
    before = handle.path.read_text()
    with pytest.raises(DomainError, match="not on this scale"):
        session.cast("shared-vision", "Marcus Chen", 7)
    with pytest.raises(DomainError, match="not on this team"):
        session.cast("shared-vision", "Stranger", 2)
    with pytest.raises(DomainError, match="nobody has voted"):
        session.reveal("shared-vision")
    with pytest.raises(DomainError, match="no criterion"):
        session.cast("nope", "Marcus Chen", 2)
    with pytest.raises(DomainError, match="not a brainstorm"):
        session.add_idea("Scoring is not brainstorming")
    assert handle.path.read_text() == before
    session.cast("shared-vision", "Marcus Chen", 2)
    session.reveal("shared-vision")
    with pytest.raises(DomainError, match="already revealed"):
        session.reveal("shared-vision")
    with pytest.raises(DomainError, match="already revealed"):
        session.cast("shared-vision", "Dana Whitfield", 2)


def test_rounds_are_kept_and_agreed_level_recorded(make_session):
    session, handle = make_session()
    goto_kind(session, "rubric")
    for member, level in zip(MEMBERS, [2, 3, 1, 4]):
        session.cast("shared-vision", member, level)
    with pytest.raises(DomainError, match="reveal this round"):
        session.new_round("shared-vision")
    session.cast("shared-vision", "Dana Whitfield", 3)  # changing a vote before reveal
    session.reveal("shared-vision")
    session.new_round("shared-vision")
    for member in MEMBERS:
        session.cast("shared-vision", member, 3)
    assert session.reveal("shared-vision").agreement == 1.0
    session.agree("shared-vision", 3, "Planning notes cite student work in 5 of 6 teams.")
    saved = load_record(handle.path)
    criterion = next(s for s in saved.segments if s.kind == "rubric").criteria[0]
    assert [r.number for r in criterion.rounds] == [1, 2]
    assert {b.member: b.level for b in criterion.rounds[0].ballots}["Dana Whitfield"] == 3
    assert criterion.agreed == 3 and criterion.evidence.startswith("Planning notes")


def test_tally_mode(make_session):
    session, _ = make_session()
    goto_kind(session, "rubric")
    session.set_mode("time", "tally")
    with pytest.raises(DomainError, match="show of hands"):
        session.cast("time", "Marcus Chen", 2)
    session.set_tally("time", 2, 3)
    session.set_tally("time", 4, 1)
    session.set_tally("time", 2, 2)  # correcting a count
    with pytest.raises(DomainError, match="negative"):
        session.set_tally("time", 3, -1)
    stats = session.reveal("time")
    assert stats.counts == {0: 0, 1: 0, 2: 2, 3: 0, 4: 1}
    assert stats.median == 2.0
    assert stats.outliers == [("", 4)]
    with pytest.raises(DomainError, match="already has votes"):
        session.set_mode("time", "ballot")


# ------------------------------------------------------------------------------------ survey


def test_survey_split_by_role(make_session):
    session, _ = make_session()
    session.record.min_group_size = 1  # every group of this team of four is shown, however small
    segment = goto_kind(session, "survey")
    assert segment.split_by_role
    for member, level in zip(MEMBERS, [4, 5, 4, 2]):
        session.cast("trust", member, level)
    with pytest.raises(DomainError, match="hidden"):
        session.results_by_role("trust")
    session.reveal("trust")
    groups = session.results_by_role("trust")
    assert groups["central office"] == {2: 1}
    assert groups["building"] == {4: 2, 5: 1}
    roles = session.results_by_role("trust", by="role")
    assert roles["coach"] == {4: 1}


def test_survey_tally_by_role_group(make_session):
    session, _ = make_session()
    session.record.min_group_size = 1
    goto_kind(session, "survey")
    session.set_mode("partnership", "tally")
    session.set_tally("partnership", 2, 1, role="central office")
    session.set_tally("partnership", 4, 3, role="building")
    with pytest.raises(DomainError, match="not a role group"):
        session.set_tally("partnership", 4, 3, role="parents")
    with pytest.raises(DomainError, match="more than the team's 4 members"):  # a show of hands of the team
        session.set_tally("partnership", 3, 1, role="building")
    session.reveal("partnership")
    assert session.results_by_role("partnership") == {"building": {4: 3}, "central office": {2: 1}}


def test_a_role_group_smaller_than_the_threshold_is_never_shown_alone(make_session):
    """Finding 2 of the mixed-rooms issue: the one central-office member's answers were on the wall.
    The building group is withheld too: everyone minus building would be her answer."""
    session, _ = make_session()
    assert session.record.min_group_size == 3  # the scenario's default, copied into the record
    goto_kind(session, "survey")
    for member, level in zip(MEMBERS, [4, 5, 4, 2]):
        session.cast("trust", member, level)
    session.reveal("trust")
    groups = session.results_by_role("trust")
    assert groups == {}
    assert groups.left_out == ("central office",) and groups.withheld == ("building",)
    assert groups.notes == ["central office: fewer than 3 people, not shown separately (so building is not shown either)"]
    by_role = session.results_by_role("trust", by="role")  # four roles of one person each
    assert by_role == {} and set(by_role.left_out) == {"principal", "teacher leader", "coach", "central office"}


def test_a_show_of_hands_by_role_follows_the_same_rule(make_session):
    session, _ = make_session()
    goto_kind(session, "survey")
    session.set_mode("partnership", "tally")
    session.set_tally("partnership", 2, 1, role="central office")
    session.set_tally("partnership", 4, 3, role="building")
    session.reveal("partnership")
    groups = session.results_by_role("partnership")
    assert groups == {} and groups.left_out == ("central office",)


def test_the_threshold_is_the_scenarios_and_old_files_get_three(library, team, clock):
    from ilt_kit.session.build import build_record
    from ilt_kit.store.record import SessionRecord

    scenario = library.scenario("test-all-kinds").model_copy(update={"min_group_size": 1})
    record = build_record(scenario, {k: v.item for k, v in library.rubrics.items()}, team, "t", "", clock.wall())
    assert record.min_group_size == 1
    old = record.model_dump(exclude={"min_group_size"})
    assert SessionRecord.model_validate(old).min_group_size == 3


# --------------------------------------------------------------------------------- forecast


def test_forecast_ratings_and_quadrants(make_session):
    session, _ = make_session()
    goto_kind(session, "forecast")
    new = session.add_item("Enrollment decline", "Fewer students each year")
    session.rate("funding", "Marcus Chen", 4, 5)
    session.rate("funding", "Priya Raman", 5, 4)
    assert item_position(session.segment.items[0]) == (4.5, 4.5)
    session.rate("funding", TEAM, 2, 5)
    assert item_position(session.segment.items[0]) == (2.0, 5.0)
    assert quadrant(2, 5) == "prepare a response"
    assert quadrant(5, 5) == "plan for it"
    assert quadrant(4, 1) == "keep an eye on it"
    assert quadrant(1, 1) == "set aside"
    with pytest.raises(DomainError, match="1 to 5"):
        session.rate(new, "Marcus Chen", 6, 1)
    assert new == "enrollment-decline"
    assert session.add_item("Enrollment decline") == "enrollment-decline-2"


# ------------------------------------------------------------------------ brainstorm and dots


def test_brainstorm_and_dot_voting(make_session):
    session, handle = make_session()
    goto_kind(session, "brainstorm")
    a = session.add_idea("Common planning time", "Marcus Chen")
    b = session.add_idea("Peer classroom visits")
    c = session.add_idea("Visit each other's classes")
    session.edit_idea(b, theme="Feedback")
    with pytest.raises(DomainError, match="not on this team"):
        session.add_idea("x", author="Nobody")
    goto_kind(session, "prioritize")
    session.place_dot("Marcus Chen", c)
    session.place_dot("Marcus Chen", a)
    session.place_dot("Marcus Chen", a)
    with pytest.raises(DomainError, match="used all 3 dots"):
        session.place_dot("Marcus Chen", b)
    assert session.dots_left("Marcus Chen") == 0
    session.remove_dot("Marcus Chen", a)
    assert session.dots_left("Marcus Chen") == 1
    goto_kind(session, "brainstorm")
    with pytest.raises(DomainError, match="already has dots"):
        session.delete_idea(c)
    session.merge_ideas(b, c)  # c's dot moves to b
    assert [i.id for i in session.segment.ideas] == [a, b]
    assert session.segment.ideas[1].text == "Peer classroom visits / Visit each other's classes"
    goto_kind(session, "prioritize")
    ranking = session.ranking()
    assert [(idea.id, dots) for idea, dots in ranking] == [(a, 1), (b, 1)]
    saved = load_record(handle.path)
    dots = next(s for s in saved.segments if s.kind == "prioritize").dots
    assert sorted((d.idea, d.count) for d in dots) == [(a, 1), (b, 1)]


# ------------------------------------------------------------------------------ actions, talk


def test_actions(make_session, clock):
    session, handle = make_session()
    with pytest.raises(DomainError, match="actions segment"):
        session.add_action("Too early")
    goto_kind(session, "actions")
    first = session.add_action("Schedule peer visits", "Priya Raman", date(2026, 12, 15), link="idea 2")
    second = session.add_action("Share the vision draft", "Dana Whitfield")
    session.update_action(second, due=date(2027, 1, 10))
    session.set_action_done(first)
    saved = load_record(handle.path)
    actions = next(s for s in saved.segments if s.kind == "actions").actions
    assert [(a.status, a.done_on) for a in actions] == [("done", clock.wall().date()), ("open", None)]
    assert actions[1].due == date(2027, 1, 10)
    with pytest.raises(DomainError, match="say what"):
        session.add_action("   ")


def test_an_action_serves_one_of_the_teams_goals(make_session, tmp_path):
    from ilt_kit.content.goals import GOALS_FILE, load_goals

    goals = load_goals(Path(__file__).parents[1] / "fixtures" / "goals" / GOALS_FILE).goals
    session, handle = make_session()
    goto_kind(session, "actions")
    with pytest.raises(DomainError, match="no goal 'trust'"):  # no goals known yet
        session.add_action("Walk classrooms", goal="trust")
    session.set_goals(goals)
    first = session.add_action("Walk classrooms", goal="trust")
    second = session.add_action("Draft the vision")
    session.update_action(second, goal="shared-vision")
    with pytest.raises(DomainError, match="no goal 'nope'"):
        session.update_action(second, goal="nope")
    assert [session.cycle_action_goal(first) for _ in range(3)] == ["", "shared-vision", "trust"]
    saved = load_record(handle.path)
    actions = next(s for s in saved.segments if s.kind == "actions").actions
    assert [(a.id, a.goal) for a in actions] == [(first, "trust"), (second, "shared-vision")]


def test_talk_time_per_member(make_session, clock):
    session, handle = make_session()
    goto_kind(session, "brainstorm")
    session.speak("Dana Whitfield")
    clock.advance(90)
    session.speak("Marcus Chen")
    clock.advance(30)
    assert session.talk_totals() == {"Dana Whitfield": 90, "Marcus Chen": 30}
    session.speak("Marcus Chen")  # same member again: stops
    clock.advance(100)
    assert session.talk_totals() == {"Dana Whitfield": 90, "Marcus Chen": 30}
    with pytest.raises(DomainError):
        session.speak("Stranger")
    saved = load_record(handle.path)
    talk = next(s for s in saved.segments if s.kind == "brainstorm").talk
    assert {t.member: t.seconds for t in talk} == {"Dana Whitfield": 90, "Marcus Chen": 30}


def test_notes_and_decisions(make_session):
    session, handle = make_session()
    session.set_notes("We agreed to bring student work next time.\nDana will send the samples.")
    session.add_decision("Adopt the shared vision draft")
    with pytest.raises(DomainError):
        session.add_decision("  ")
    saved = load_record(handle.path)
    assert saved.segments[0].notes.endswith("send the samples.")
    assert [d.text for d in saved.decisions] == ["Adopt the shared vision draft"]
    assert '"""' in handle.path.read_text()  # multi-line notes stay readable


def test_every_change_is_saved_at_once(make_session, clock):
    session, handle = make_session()
    session.start()
    clock.advance(42)
    session.pause()
    assert load_record(handle.path).segments[0].elapsed_seconds == pytest.approx(42)


def test_resume_comes_back_paused(make_session, clock):
    from ilt_kit.session.engine import Session
    from ilt_kit.store.files import SessionFile

    session, handle = make_session()
    session.next()
    session.start()
    clock.advance(75)
    session.checkpoint()
    reopened_handle, record = SessionFile.open(handle.path)
    resumed = Session(record, clock=clock, wall=clock.wall, saver=reopened_handle.save)
    assert resumed.index == 1 and not resumed.running
    assert resumed.segment.status == "paused"
    assert resumed.timer().elapsed == pytest.approx(75)


def test_statistics_of_a_tally_read_its_counts_and_agree_with_the_expanded_list():
    """A show of 10,000 hands per level is counted, never expanded into one entry per hand."""
    import random
    import statistics
    import tracemalloc

    from ilt_kit.session.stats import compute, median_of
    from ilt_kit.store.record import Round, TallyCount

    rng = random.Random(14)
    for _ in range(200):  # the counted median is the median of the expanded list
        counts = {level: rng.randint(0, 6) for level in rng.sample(range(1, 10), rng.randint(1, 5))}
        expanded = [level for level, n in counts.items() for _ in range(n)]
        assert median_of(counts) == (float(statistics.median(expanded)) if expanded else None)
    rnd = Round(number=1, mode="tally", tally=[TallyCount(level=level, count=10_000) for level in range(1, 10)])
    tracemalloc.start()
    stats = compute(rnd, list(range(1, 10)))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert stats.total == 90_000 and stats.median == 5.0 and stats.outliers == [("", 1), ("", 2), ("", 3), ("", 7), ("", 8), ("", 9)]
    assert peak < 100_000, peak  # 90,000 entries would take megabytes


def test_going_back_from_a_started_segment_leaves_one_segment_paused(make_session, clock):
    """`p` from a started segment: the one left is paused; the done one gone back to stays done
    until its timer starts again (not a second 'paused' in the agenda and in the file)."""
    session, handle = make_session()
    session.start()
    clock.advance(120)
    session.next()  # the first is done, the second runs
    clock.advance(60)
    session.previous()
    statuses = [s.status for s in session.segments]
    assert statuses.count("paused") == 1 and statuses[:2] == ["done", "paused"], statuses
    assert [s.status for s in load_record(handle.path).segments][:2] == ["done", "paused"]
    session.start()  # its timer again: it runs once more, and the one left stays paused
    assert [s.status for s in session.segments][:2] == ["running", "paused"]


def test_forecast_ratings_are_hidden_until_revealed_and_the_reveal_is_saved(make_session):
    session, handle = make_session()
    goto_kind(session, "forecast")
    segment = session.segment
    assert segment.hidden and segment.revealed is None and not segment.shown
    with pytest.raises(DomainError, match="nobody has rated"):
        session.reveal_forecast()
    session.rate("funding", "Marcus Chen", 4, 5)
    session.rate("funding", "Priya Raman", 5, 4)
    assert item_position(segment.items[0], segment.shown) is None  # no mean while hidden
    assert session.forecast_rated("funding") == (2, len(session.members))
    session.reveal_forecast()
    assert segment.revealed is not None and segment.shown
    assert item_position(segment.items[0], segment.shown) == (4.5, 4.5)
    with pytest.raises(DomainError, match="already revealed"):
        session.rate("funding", "Marcus Chen", 1, 1)  # a member's rating after the reveal is refused
    session.rate("funding", TEAM, 2, 5)  # the agreed rating comes after the reveal
    forecast = next(s for s in load_record(handle.path).segments if s.kind == "forecast")
    assert forecast.revealed == segment.revealed and forecast.shown


def test_a_forecast_from_before_hidden_ratings_counts_as_revealed(make_session):
    session, _ = make_session(save=False)
    goto_kind(session, "forecast")
    old = session.segment.model_dump(exclude={"hidden", "revealed"})
    assert type(session.segment).model_validate(old).shown
