"""The follow-up's summary section, as every writer formats it: md, html, csv, the review's session
view and the summary at the end of a session."""

from __future__ import annotations

import csv as csv_module
import io
from datetime import date

import pytest

from ilt_kit.store.results.follow_up import GoalLine
from tests.unit.test_follow_up_kind import plan_earlier, gather

GOAL = GoalLine(goal="A shared vision", criterion="Shared vision for student learning", baseline="1.5", baseline_on=date(2026, 8, 27),
                latest="2 Developing", latest_on=date(2026, 11, 22), target="3 Established", target_by=date(2027, 5, 20))


@pytest.fixture
def entry(make_session, clock):
    from ilt_kit.review.scan import load_entry

    _, first = plan_earlier(make_session, clock)
    clock.advance(30 * 24 * 3600)  # 2026-12-22: both open actions are due
    session, handle = make_session("test-follow-up", title="December ILT", earlier=gather(first.path.parent, clock, [GOAL]))
    peer, wall = (a.key for a in session.segment.actions)
    session.follow_up.mark(peer, "carried", carried_to=date(2027, 1, 15))
    session.follow_up.set_impact(peer, 'Two visits so far; "exit tickets" <changed> in 7th grade')
    session.follow_up.mark(wall, "dropped", reason="Replaced by | the data *meeting*")
    session.finish()
    return load_entry(handle.path, keep_record=True)


def test_markdown_and_the_session_view_show_each_action_its_outcome_and_impact(entry):
    from ilt_kit.review.detail import detail_md
    from ilt_kit.review.report_md import session_md

    for text in (session_md(entry), detail_md(entry)):
        assert "Follow-up — Follow up" in text
        assert "Peer visits in every grade" in text and "November ILT, 2026-11-22" in text
        assert "carried to 2027-01-15" in text
        assert 'Two visits so far; "exit tickets" \\<changed\\> in 7th grade' in text  # escaped, shown literally
        assert "dropped: Replaced by \\| the data \\*meeting\\*" in text  # escaped, shown literally
        assert "1 of 2 followed up" not in text and "2 of 2 followed up" in text
        assert "A shared vision — Shared vision for student learning: 1.5 (2026-08-27) → 2 Developing (2026-11-22); target 3 Established by 2027-05-20" in text


def test_html_escapes_what_the_team_wrote(entry):
    from ilt_kit.review.render_html import report_html

    page = report_html([entry])
    assert "Follow-up — Follow up" in page and "carried to 2027-01-15" in page
    assert "&lt;changed&gt;" in page and "<changed>" not in page
    assert "dropped: Replaced by | the data *meeting*" in page
    assert "target 3 Established by 2027-05-20" in page


def test_csv_has_a_row_per_outcome_reason_impact_and_goal_level(entry):
    from ilt_kit.review.report_csv import CSV_HEADER, session_csv

    rows = list(csv_module.DictReader(io.StringIO(CSV_HEADER + session_csv(entry))))
    mine = [row for row in rows if row["kind"] == "follow-up"]
    outcomes = [(r["item_title"], r["member"], r["value"], r["label"]) for r in mine if r["label"] not in ("seconds",)]
    source = entry.record.segments[0].actions[0].source
    assert ("Peer visits in every grade", "Marcus Chen", "carried",
            f"from={source};segment=next-steps;action=1;due=2026-12-01;carried_to=2027-01-15") in outcomes
    assert ("Peer visits in every grade", "Marcus Chen", 'Two visits so far; "exit tickets" <changed> in 7th grade', "impact") in outcomes
    assert ("Share the data wall", "Priya Raman", "Replaced by | the data *meeting*", "reason") in outcomes
    assert ("Shared vision for student learning", "", "2 Developing", "goal latest;date=2026-11-22") in outcomes
    assert ("Shared vision for student learning", "", "3 Established", "goal target;date=2027-05-20") in outcomes


def test_the_summary_at_the_end_shows_it(entry):
    from rich.console import Console

    from ilt_kit.review.summary import summarize
    from ilt_kit.tui.screens.summary import summary as summary_screen

    console = Console(width=160, record=True, color_system=None, file=io.StringIO())
    console.print(summary_screen(summarize(entry.record), None))
    screen = console.export_text()
    assert "Follow-up — Follow up" in screen and "carried to 2027-01-15" in screen and "2 of 2 followed up" in screen
    assert "A shared vision — Shared vision for student learning" in screen
