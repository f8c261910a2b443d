"""Calibration over time (first-round agreement per criterion) and the facilitator's private view
of second rounds, with figures worked out by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ilt_kit.review.calibration import agreement, calibration, school_calibration
from ilt_kit.review.entry import CriterionLevel, entry_from_record
from ilt_kit.review.second_rounds import second_rounds
from ilt_kit.review.trends import CriterionTrend, RubricTrend, TrendPoint, trends
from tests.unit.test_review_support import DANA, LUIS, MARCUS, PRIYA


def _level(first=(), mode="ballot", principal=None, moves=()) -> CriterionLevel:
    return CriterionLevel("c1", "Shared vision", "", None, "", None, mode, tuple(first), principal, tuple(moves))


def _trend(*results: CriterionLevel, kind: str = "rubric", school: str = "Lincoln") -> RubricTrend:
    points = [
        TrendPoint(date(2026, 9 + i, 1), f"S{i + 1}", Path(f"s{i}.toml"), None, "", school=school, result=r)
        for i, r in enumerate(results)
    ]
    criterion = CriterionTrend("c1", "Shared vision", "", points)
    return RubricTrend("r1", "Rubric one", kind, [], [(p.date, p.title, p.path) for p in points], [criterion])


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ([2, 2, 3], (2, 1 / 3 * 2, 1.0)),  # odd count: median 2; two of three on it; all within one
        ([1, 2, 2, 4], (2, 0.5, 0.75)),  # even count, middle ballots equal: median 2
        ([2, 2, 3, 3], (2.5, 0.5, 1.0)),  # median between two levels: each neighbour counts half
        ([1, 2, 3, 4], (2.5, 0.25, 0.5)),  # 2 and 3 count half; 1 and 4 are 1.5 away
        ([1, 4, 4, 0], (4, 2 / 3, 2 / 3)),  # 'no evidence' left out: 1 4 4
        ([3, 3, 3, 3], (3, 1.0, 1.0)),
    ],
)
def test_exact_and_adjacent_agreement_by_hand(levels, expected):
    mid, exact, adjacent = agreement(levels)
    assert (mid, exact, adjacent) == pytest.approx(expected)


def test_only_no_evidence_has_no_figures():
    assert agreement([0, 0]) is None


def test_first_rounds_in_date_order_with_direction():
    found = calibration([_trend(_level([1, 2, 3, 4]), _level([2, 2, 3, 3]), _level([2, 3, 3, 3]))])
    [rubric] = found
    [criterion] = rubric.criteria
    assert [(r.title, r.ballots, r.median) for r in criterion.rounds] == [("S1", 4, 2.5), ("S2", 4, 2.5), ("S3", 4, 3)]
    assert [(r.exact, r.adjacent) for r in criterion.rounds] == [(0.25, 0.5), (0.5, 1.0), (0.75, 1.0)]
    assert criterion.direction == "converging"  # (0.25+0.5)/2 -> (0.75+1)/2


@pytest.mark.parametrize(
    ("first", "last", "direction"),
    [
        ([2, 2, 3, 3], [2, 3, 3, 4], "steady"),  # (0.5+1)/2 -> (0.5+1)/2
        ([3, 3, 3, 3], [3, 3, 3, 2], "steady"),  # 1.0 -> (0.75+1)/2: down 12.5 points, less than 15
        ([3, 3, 3, 3], [3, 3, 2, 2], "diverging"),  # 1.0 -> (0.5+1)/2: down 25 points
        ([3, 3, 3, 3], [1, 2, 3, 4], "diverging"),
        ([1, 3, 3, 4], [2, 3, 3, 4], "steady"),  # (0.5+0.75)/2 -> (0.5+1)/2: up 12.5 points
        ([1, 2, 3, 4], [2, 3, 3, 4], "converging"),  # (0.25+0.5)/2 -> (0.5+1)/2: up 37.5 points
    ],
)
def test_direction_words(first, last, direction):
    [rubric] = calibration([_trend(_level(first), _level(last))])
    assert rubric.criteria[0].direction == direction


def test_one_session_only_is_not_shown():
    assert calibration([_trend(_level([2, 3, 3]))]) == []


def test_show_of_hands_first_rounds_are_left_out_and_counted():
    found = calibration([_trend(_level([2, 3]), _level(mode="tally"), _level([3, 3]))])
    [criterion] = found[0].criteria
    assert [r.title for r in criterion.rounds] == ["S1", "S3"]
    assert criterion.left_out == 1
    assert found[0].left_out == 1
    # two sessions, one of them a show of hands: fewer than two first rounds of ballots
    assert calibration([_trend(_level([2, 3]), _level(mode="tally"))]) == []


def test_a_rubric_scored_only_by_show_of_hands_is_named_with_the_reason():
    """Left out of the figures, but not without a word: the sections say why it has none."""
    from ilt_kit.review.calibration import not_compared

    only_hands = _trend(_level([2, 3]), _level(mode="tally"), _level(mode="tally"))
    assert calibration([only_hands]) == []
    [(title, why)] = not_compared([only_hands])
    assert title == only_hands.rubric_title
    assert why == ("No criterion has a first round of single ballots in two sessions yet, so there is nothing to "
                   "compare. 2 first rounds taken as a show of hands are left out (no single ballots).")
    assert not_compared([_trend(_level([2, 3]), _level([3, 3]))]) == []  # shown instead
    assert not_compared([_trend(_level([2, 3]))]) == []  # one session: nothing to compare yet, nothing to say


def test_the_reports_and_the_compare_tab_say_why_a_rubric_has_no_calibration():
    from ilt_kit.review.calibration import not_compared
    from ilt_kit.review.render_html import _calibration
    from ilt_kit.review.report_md import _md_calibration
    from ilt_kit.tui.review.calibration_tables import calibration_table

    only_hands = _trend(_level([2, 3]), _level(mode="tally"), _level(mode="tally"))
    md: list[str] = []
    _md_calibration([only_hands], md)
    text = "\n".join(md)
    assert f"### {only_hands.rubric_title}" in text and "2 first rounds taken as a show of hands" in text
    html: list[str] = []
    _calibration([only_hands], html, "<h2>Calibration</h2>")
    assert "nothing to compare" in "".join(html) and only_hands.rubric_title in "".join(html)
    nothing: list[str] = []
    _md_calibration([_trend(_level([2, 3]))], nothing)  # one session: no section at all
    assert nothing == []
    [(title, why)] = not_compared([only_hands])  # as the compare tab lists it: no rows, the reason
    shown = calibration_table(title, [], why, {"title": "bold"})
    assert "nothing to compare" in shown.plain and title in shown.plain


def test_a_first_round_of_only_no_evidence_is_not_called_a_show_of_hands():
    from ilt_kit.review.calibration import left_out_text

    [rubric] = calibration([_trend(_level([2, 3]), _level([0, 0, 0]), _level([3, 3]))])
    assert [r.title for r in rubric.criteria[0].rounds] == ["S1", "S3"]
    assert left_out_text(rubric) == "1 first round with only 'no evidence' ballots is left out."
    [both] = calibration([_trend(_level([2, 3]), _level([0]), _level(mode="tally"), _level([3]))])
    assert left_out_text(both) == ("1 first round taken as a show of hands is left out (no single ballots). "
                                   "1 first round with only 'no evidence' ballots is left out.")


def test_unrevealed_first_rounds_and_surveys_are_not_counted():
    found = calibration([_trend(_level([2, 3]), _level(mode=""), _level([3, 3]))])
    assert [r.title for r in found[0].criteria[0].rounds] == ["S1", "S3"]
    assert found[0].criteria[0].left_out == 0
    assert calibration([_trend(_level([2, 3]), _level([3, 3]), kind="survey")]) == []


def test_district_pools_per_school_without_names():
    per_school = {
        "Lincoln": [_trend(_level([2, 3]), _level([3, 3]), school="Lincoln")],
        "Roosevelt": [_trend(_level([1, 3]), school="Roosevelt")],  # one session: nothing to show
    }
    pooled = school_calibration(per_school)
    assert list(pooled) == ["Lincoln"]
    assert pooled["Lincoln"][0].criteria[0].rounds[1].exact == 1.0


def test_the_district_rows_start_with_the_schools_pooled():
    """Each criterion's first row is the district's: the mean of the schools' first and latest
    sessions, with its direction; then one row a school (schools only, never members)."""
    from ilt_kit.review.calibration import district_rows

    per_school = {
        "Lincoln": [_trend(_level([2, 3]), _level([3, 3]), school="Lincoln")],  # exact 50 % -> 100 %, adjacent 100 % both
        "Roosevelt": [_trend(_level([1, 3, 3, 3]), _level([1, 3, 4, 4]), school="Roosevelt")],  # exact 75 % -> 37.5 %, adjacent 75 % both
    }
    [(title, found)] = district_rows(school_calibration(per_school))
    assert [row.where for row in found] == ["Both schools", "Lincoln", "Roosevelt"]
    pooled = found[0]
    assert pooled.sessions == 4 and pooled.exact == "62% → 69%" and pooled.adjacent == "88% → 88%"
    assert pooled.direction == "steady"
    lone = district_rows(school_calibration({"Lincoln": per_school["Lincoln"]}))
    assert [row.where for row in lone[0][1]] == ["Lincoln"]  # one school: nothing to pool


# ------------------------------------------------------------------------------ the private view


def test_moves_toward_the_median_and_toward_the_principal():
    # principal's first ballot 4, round-1 median 2; three others move (1->2, 2->2, 3->4)
    one = _level([4, 1, 2, 3, 2], principal=4, moves=[(1, 2), (2, 2), (3, 4)])
    view = second_rounds([_trend(one)])
    assert view.principal
    [row] = view.criteria
    assert (row.sessions, row.members, row.same) == (1, 3, 0)
    assert row.to_median == pytest.approx((0 + 0 + 2) / 3)
    assert row.to_principal == pytest.approx((2 + 2 + 0) / 3)
    assert row.first_to_median == pytest.approx((1 + 0 + 1) / 3)
    assert row.first_to_principal == pytest.approx((3 + 2 + 1) / 3)
    assert (row.toward_median, row.toward_principal) == (1, 2)  # 1->2 is toward both; 3->4 toward the principal
    assert row.leaning == "the principal"


def test_principal_on_the_median_cannot_tell_and_is_counted_apart():
    same = _level([3, 3, 2, 4], principal=3, moves=[(2, 3), (4, 3)])
    differs = _level([4, 2, 2], principal=4, moves=[(2, 3)])
    [row] = second_rounds([_trend(same, differs)]).criteria
    assert (row.sessions, row.same, row.members) == (1, 1, 1)
    assert (row.toward_median, row.toward_principal) == (0, 1)


def test_a_principal_absent_from_round_one_is_counted_apart():
    # the team has a principal, who cast no rated first ballot (0: absent or 'no evidence')
    absent = _level([0, 2, 3], principal=0, moves=[(2, 3), (3, 3)])
    view = second_rounds([_trend(absent, absent)])
    assert view.principal and view.criteria == [] and view.absent == 2


def test_no_principal_recorded():
    view = second_rounds([_trend(_level([2, 3], moves=[(2, 3)]))])
    assert not view.principal
    assert view.criteria == []


# ------------------------------------------------------------- what the list entry keeps of rounds


def _score(make_session):
    session, handle = make_session(title="Rounds")
    session.start()
    session.next()
    session.next()  # -> the rubric
    return session, handle


def test_entry_keeps_first_rounds_principal_and_moves(make_session):
    s, handle = _score(make_session)
    for member, level in zip([DANA, MARCUS, PRIYA, LUIS], [4, 1, 2, 0]):
        s.rated.cast("shared-vision", member, level)
    s.rated.reveal("shared-vision")
    s.rated.new_round("shared-vision")
    for member, level in zip([DANA, MARCUS, PRIYA, LUIS], [4, 3, 2, 2]):
        s.rated.cast("shared-vision", member, level)
    s.rated.reveal("shared-vision")
    s.rated.set_mode("efficacy", "tally")
    s.rated.set_tally("efficacy", 2, 3)
    s.rated.reveal("efficacy")
    entry = entry_from_record(handle.path, s.record)
    rubric = next(r for r in entry.rated if r.kind == "rubric")
    vision, efficacy = rubric.criteria[:2]
    assert (vision.first_mode, vision.first, vision.principal) == ("ballot", (4, 1, 2, 0), 4)
    assert vision.moves == ((1, 3), (2, 2))  # Dana is the principal; Luis gave 'no evidence' first
    assert (efficacy.first_mode, efficacy.first, efficacy.moves) == ("tally", (), ())


def test_entry_without_a_principal(make_session):
    s, handle = _score(make_session)
    s.record.team.members[0].role = "teacher leader"
    s.rated.cast("shared-vision", MARCUS, 2)
    s.rated.reveal("shared-vision")
    entry = entry_from_record(handle.path, s.record)
    vision = next(r for r in entry.rated if r.kind == "rubric").criteria[0]
    assert vision.principal is None and vision.first == (2,)


def test_index_keeps_the_rounds(make_session):
    from ilt_kit.review.index import COLUMNS, decode_part, encode

    s, handle = _score(make_session)
    for member, level in zip([DANA, MARCUS], [3, 2]):
        s.rated.cast("shared-vision", member, level)
    s.rated.reveal("shared-vision")
    s.rated.new_round("shared-vision")
    s.rated.cast("shared-vision", MARCUS, 3)
    s.rated.reveal("shared-vision")
    entry = entry_from_record(handle.path, s.record)
    assert decode_part("rated", encode(entry)[COLUMNS.index("rated")]) == entry.rated


def test_trends_carry_the_rounds_to_calibration(make_session, clock):
    entries = []
    for days, first in ((0, [1, 2, 3, 4]), (30, [3, 3, 3, 2])):
        clock.advance(days * 86400)
        s, handle = _score(make_session)
        for member, level in zip([DANA, MARCUS, PRIYA, LUIS], first):
            s.rated.cast("shared-vision", member, level)
        s.rated.reveal("shared-vision")
        entries.append(entry_from_record(handle.path, s.record))
    [rubric] = calibration(trends(entries))
    vision = next(c for c in rubric.criteria if c.id == "shared-vision")
    assert [(r.exact, r.adjacent) for r in vision.rounds] == [(0.25, 0.5), (0.75, 1.0)]
    assert vision.direction == "converging"
