"""Goals across sessions: baseline -> latest figure -> target, the state, and the actions that serve it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ilt_kit.content.goals import GOALS_FILE, find_goals, load_goals
from ilt_kit.review.goals import FollowUpNote, Reading, action_ref, goal_progress, state_of, state_counts, team_goals
from ilt_kit.review.scan import scan
from tools.example_goals import GOAL_NAMES_ACTION, GOAL_OF_ACTION
from tools.make_examples import VISION_JAN, VISION_MAY

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def year():
    if find_goals(EXAMPLES) is None:
        pytest.skip("no examples folder here")
    return load_goals(EXAMPLES / GOALS_FILE), scan(EXAMPLES).entries


def test_each_goal_from_its_baseline_to_the_latest_agreed_level(year):
    goals, entries = year
    progress = {p.goal.id: p for p in goal_progress(goals, entries)}
    vision = progress["shared-vision"]
    assert [r.value for r in vision.readings] == [VISION_JAN["shared-vision"], VISION_MAY["shared-vision"]]
    assert vision.readings[-1].agreed and vision.readings[-1].date == date(2027, 5, 20)
    assert vision.criterion_title and vision.label(3).startswith("3 ")
    assert vision.state == ("reached" if VISION_MAY["shared-vision"] >= vision.target else "behind")
    solving = progress["problem-solving"]
    assert solving.latest.value == VISION_MAY["problem-solving"] < solving.target
    assert solving.state == "behind"  # 2 in May, when the line from 1 in August to 3 in June is near 3
    visits = progress["peer-visits"]
    assert visits.readings and not visits.readings[-1].agreed  # a survey statement: the median of the ballots
    assert visits.state == state_of(visits.goal, visits.latest)


def test_the_actions_that_serve_a_goal_their_own_key_or_named_in_the_goals_file(year):
    goals, entries = year
    progress = {p.goal.id: p for p in goal_progress(goals, entries)}
    for gid, item in progress.items():
        expected = {what for what, goal in GOAL_OF_ACTION.items() if goal == gid}
        if gid in GOAL_NAMES_ACTION:
            expected.add(GOAL_NAMES_ACTION[gid])
        assert {a.action.what for a in item.actions} == expected
        assert [a.session_date for a in item.actions] == sorted(a.session_date for a in item.actions)
        assert not item.missing
    vision = progress["shared-vision"]
    assert vision.done == sum(1 for a in vision.actions if a.action.status == "done") > 0


def test_a_follow_up_gives_an_action_its_evidence_of_impact(year):
    goals, entries = year
    first = goal_progress(goals, entries)[0].actions[0]
    notes = {first.ref: FollowUpNote("done", impact="Four of five focus groups used our words.")}
    again = goal_progress(goals, entries, notes)[0].actions[0]
    assert again.impact == "Four of five focus groups used our words." and again.status == first.action.status
    assert first.ref == action_ref(first.path, first.action.id) == f"{first.path.stem}#{first.action.id}"


def test_state_on_the_line_from_baseline_to_target(year):
    goals, _ = year
    goal = goals.goals[0].model_copy(update={"target": 3, "by": date(2027, 8, 27)})  # from 1 on 2026-08-27
    half = date(2027, 2, 25)  # 182 of 365 days: the line is just under 2
    assert state_of(goal, None) == "not measured"
    assert state_of(goal, Reading(half, "", Path("x"), 2.0, True)) == "on track"
    assert state_of(goal, Reading(half, "", Path("x"), 1.0, True)) == "behind"
    assert state_of(goal, Reading(half, "", Path("x"), 3.0, True)) == "reached"
    assert state_of(goal, Reading(half, "", Path("x"), 2.0, True), today=date(2027, 9, 1)) == "behind"
    assert state_counts([]) == {"reached": 0, "on track": 0, "behind": 0, "not measured": 0}


def test_sessions_belong_to_the_nearest_goals_file_above_them(tmp_path, year):
    goals, entries = year
    text = (EXAMPLES / GOALS_FILE).read_text()
    (tmp_path / "lincoln").mkdir()
    (tmp_path / "lincoln" / GOALS_FILE).write_text(text)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / GOALS_FILE).write_text(text.replace("target = 3", "target = 30", 1))
    moved = [replace(e, path=tmp_path / "lincoln" / "2026" / e.path.name) for e in entries[:3]]
    others = [replace(e, path=tmp_path / "other" / e.path.name) for e in entries[3:5]]
    stray = [replace(e, path=tmp_path / e.path.name) for e in entries[5:6]]
    found = team_goals([tmp_path], moved + others + stray)
    by_folder = {t.path.parent.name: t for t in found}
    assert set(by_folder) == {"lincoln", "other"}
    assert by_folder["lincoln"].entries == moved and by_folder["lincoln"].goals is not None
    assert by_folder["lincoln"].school == entries[0].school  # the sessions say which school
    bad = by_folder["other"]
    assert bad.goals is None and bad.problems and bad.problems[0].path.endswith(GOALS_FILE)
