"""trends(): each criterion's agreed level across the sessions that rated the same rubric."""

from __future__ import annotations

from datetime import date

from ilt_kit.review.trends import trends
from tests.unit.test_review_support import make_meeting


def _year(make_session, clock):
    """August, January and May (made once for the module by ``made_once``: the tests only read them)."""
    august = make_meeting(
        make_session, clock, "August", levels={"shared-vision": 1, "efficacy": 0, "time": 2},
        evidence={"shared-vision": "No shared picture yet."},
        survey={"trust": [2, 2, 3, 4]},
    )
    january = make_meeting(
        make_session, clock, "January", days_later=60, levels={"shared-vision": 2, "efficacy": 2},
        survey={"trust": [3, 3, 4, 4]},
    )
    may = make_meeting(
        make_session, clock, "May", days_later=120, levels={"shared-vision": 3, "efficacy": 2, "time": 3},
        evidence={"shared-vision": "In every PLC agenda."},
        survey={"trust": [4, 4, 4, 5]},
    )
    return august, january, may


def test_levels_over_time_with_change_since_last_time(made_once):
    august, january, may = made_once(_year).result
    found = trends([may, august, january])  # order given does not matter
    rubric = next(t for t in found if t.rubric_id == "test-rubric")
    assert rubric.rubric_title == "Test rubric"
    assert [title for _, title, _ in rubric.sessions] == ["August", "January", "May"]
    assert [day for day, _, _ in rubric.sessions] == sorted(day for day, _, _ in rubric.sessions)

    vision = next(c for c in rubric.criteria if c.id == "shared-vision")
    assert [(p.title, p.level, p.label) for p in vision.points] == [
        ("August", 1, "Beginning"),
        ("January", 2, "Developing"),
        ("May", 3, "Established"),
    ]
    assert [p.change for p in vision.points] == [None, 1, 1]
    assert vision.change == 1
    assert vision.overall == 2
    assert vision.points[0].evidence == "No shared picture yet."
    assert vision.latest.evidence == "In every PLC agenda."
    assert vision.points[1].date > vision.points[0].date


def test_no_evidence_is_a_point_but_not_a_step(made_once):
    _year_entries = made_once(_year).result
    rubric = next(t for t in trends(_year_entries) if t.rubric_id == "test-rubric")
    efficacy = next(c for c in rubric.criteria if c.id == "efficacy")
    assert [p.level for p in efficacy.points] == [0, 2, 2]
    assert efficacy.points[0].label == "No evidence yet"
    assert [p.change for p in efficacy.points] == [None, None, 0]  # nothing to compare 'no evidence' with
    assert efficacy.overall == 0


def test_criterion_not_agreed_in_a_session(made_once):
    entries = made_once(_year).result
    rubric = next(t for t in trends(entries) if t.rubric_id == "test-rubric")
    time = next(c for c in rubric.criteria if c.id == "time")
    assert [p.level for p in time.points] == [2, None, 3]
    assert [p.change for p in time.points] == [None, None, 1]  # compared with August, the last agreed level
    assert time.change == 1


def test_survey_follows_medians(made_once):
    entries = made_once(_year).result
    survey = next(t for t in trends(entries) if t.rubric_id == "test-survey")
    assert survey.kind == "survey"
    trust = next(c for c in survey.criteria if c.id == "trust")
    assert not trust.uses_agreed
    assert [p.median for p in trust.median_points] == [2.5, 3.5, 4.0]
    assert trust.median_change == 0.5


def test_a_rubric_used_once_has_no_trend(make_session, clock):
    only = make_meeting(make_session, clock, "Only once")
    assert trends([only]) == []
    assert [t.rubric_id for t in trends([only], min_sessions=1)] == ["test-rubric", "test-survey"]


def test_same_day_sessions_keep_creation_order(make_session, clock):
    morning = make_meeting(make_session, clock, "Morning", levels={"shared-vision": 1})
    afternoon = make_meeting(make_session, clock, "Afternoon", levels={"shared-vision": 2})
    assert morning.date == afternoon.date == date(2026, 11, 22)
    rubric = next(t for t in trends([afternoon, morning]) if t.rubric_id == "test-rubric")
    assert [p.title for p in rubric.criteria[0].points] == ["Morning", "Afternoon"]
    assert rubric.criteria[0].change == 1
