"""Every total of planned time includes the minutes added (or taken) during the session.

"Total 90 min" beside rows that add up to 91 is wrong: the engine's projection, the summary
screen and the reports all add the same per-segment figure, ``planned_time``.
"""

from __future__ import annotations

import re

from rich.console import Console

from ilt_kit.review.report_md import session_md
from ilt_kit.review.scan import load_entry
from ilt_kit.review.summary import summarize
from ilt_kit.store.results.base import planned_time, total_planned_time


def _run_with_extra_minutes(make_session, clock):
    session, handle = make_session()
    session.start()
    session.adjust(+1)  # the welcome runs long: one more minute
    clock.advance(6 * 60)
    session.next()
    session.adjust(+3)
    clock.advance(12 * 60)
    session.next()
    session.finish()
    return session, handle


def test_projection_total_adds_the_rows(make_session, clock):
    session, _ = _run_with_extra_minutes(make_session, clock)
    rows = [session.planned(segment) for segment in session.record.segments]
    projection = session.projection()
    assert rows[0] == session.record.segments[0].planned_seconds + 60
    assert projection.planned_total == sum(rows) == total_planned_time(session.record.segments)
    # ahead or behind is still told against the time the scenario scheduled
    assert projection.scheduled_total == sum(s.planned_seconds for s in session.record.segments)
    assert projection.planned_total == projection.scheduled_total + 4 * 60


def test_md_report_total_adds_the_rows(make_session, clock):
    session, handle = _run_with_extra_minutes(make_session, clock)
    text = session_md(load_entry(handle.path, keep_record=True))
    total = re.search(r"^Used .* of (\d+) h (\d+) min planned\.$", text, re.MULTILINE)
    assert total, text
    planned_rows = [int(m) for m in re.findall(r"^- .*: .* of (\d+) min", text.split("### Time")[1], re.MULTILINE)]
    assert len(planned_rows) == len(session.record.segments)
    assert int(total[1]) * 60 + int(total[2]) == sum(planned_rows) == 84
    assert planned_rows[:2] == [planned_time(s) // 60 for s in session.record.segments[:2]] == [6, 13]


def test_summary_screen_total_adds_the_rows(make_session, clock):
    from ilt_kit.tui.screens.summary import summary

    session, handle = _run_with_extra_minutes(make_session, clock)
    console = Console(width=120, record=True, color_system=None)
    console.print(summary(summarize(session.record), handle.path))
    text = console.export_text()
    time_part = text.split("Time")[-1]
    rows = [int(m) for m in re.findall(r"│\s+(\d+) min\s+│", time_part)]
    total = re.search(r"Total\s+│\s+(\d+) h (\d+) min", time_part) or re.search(r"Total\s+│\s+(\d+) min", time_part)
    assert total, time_part
    minutes = int(total[1]) * 60 + int(total[2]) if total.lastindex == 2 else int(total[1])
    assert minutes == 84
