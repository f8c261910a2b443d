"""The run screen's reveal shows the figures the reports print for the same file, 'no evidence' rule included."""

from __future__ import annotations

import re

from textual.widgets import Static

from ilt_kit.review.report_md import session_md
from ilt_kit.review.scan import load_entry
from ilt_kit.session import stats
from tests.tui.conftest import driven, plain

SIZE = (120, 36)


async def test_the_reveal_on_screen_and_the_report_agree(make_app):
    app, _ = make_app(done=2)  # briefing and brainstorm closed: on the rubric
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.session.segment.kind == "rubric"
        for level in "3014":  # one member saw no evidence, one scored far below
            await pilot.press(level)
        await pilot.press("r")
        await pilot.pause()
        screen = " ".join(" ".join(plain(w).split()) for w in app.screen.query(Static))
        path = app.session_file.path
    record = load_entry(path, keep_record=True)
    segment = record.record.segments[2]
    figures = stats.round_stats(segment, segment.criteria[0].rounds[-1])
    assert figures.no_evidence == 1 and figures.rated == 3
    median = f"{figures.median:g}"
    assert re.search(rf"Median {median}\b", screen), screen
    assert re.search(rf"Range {figures.low}–{figures.high}\b", screen)
    assert re.search(rf"Within one level of the median {figures.agreement:.0%}", screen)
    assert stats.no_evidence_note(figures) in screen
    md = session_md(record)
    assert f"median {median}, range {figures.low}–{figures.high}" in md and stats.no_evidence_note(figures) in md
