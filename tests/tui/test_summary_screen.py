"""The summary screen at the end of a session, at 80x24 and 120x36, and driven by keys.

Its figures come from the one session summary (tests/unit/test_session_summary.py checks
that they are the same as the reports'); here: how it looks, and that `n` on the last
segment, then finishing, brings it up.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.tui.conftest import driven, keyed, plain
from tests.unit.test_session_summary import play_every_kind

SIZES = [(80, 24), (120, 36)]
SAVED = Path("sessions/2026-11-22-blue-sky-lincoln-ms.toml")  # a fixed path: the snapshot names it


def _app(library, team, tmp_path):
    from ilt_kit.tui.app import IltApp
    from ilt_kit.tui.screens.summary import SummaryScreen

    clock = FakeClock()
    app = IltApp(library, sessions_dir=tmp_path / "sessions", team=team, clock=clock, wall=clock.wall)
    session, _ = app.new_session(library.scenario("test-all-kinds"), team, "Blue sky — Lincoln MS", "Dana Whitfield")
    play_every_kind(session, clock)
    app.start = lambda a: SummaryScreen(session, SAVED)
    return app


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_summary_snapshot_and_a_dot_vote_never_revealed_shows_no_totals(snap_compare, library, team, tmp_path, size):
    """At 120x36, before the picture: hidden until revealed, the summary of the same vote hidden
    and never revealed says how many placed their dots, and ranks no idea (a summary of it opened
    over the session's, then closed)."""
    app = _app(library, team, tmp_path)
    vote = next(s for s in app.start(app).session.record.segments if s.kind == "prioritize")

    async def hidden_vote(pilot) -> None:
        summary = app.screen
        text = plain(summary.query_one("#summary"), width=116)
        assert "Ideas by dots — Vote" in text and "not revealed" not in text  # shown as placed
        vote.hidden = True  # the same vote, hidden and never revealed
        await app.push_screen(type(summary)(summary.session, SAVED))
        await pilot.pause()
        assert app.screen is not summary
        text = plain(app.screen.query_one("#summary"), width=116)
        assert "Dot vote — Vote" in text and "Ideas by dots" not in text and " ● " not in text
        assert "dots not revealed: 0 of 4 members placed their dots" in text
        vote.hidden = False  # as it was, for the picture of the session's summary
        app.pop_screen()
        await pilot.pause()
        assert app.screen is summary

    assert snap_compare(app, terminal_size=size, run_before=keyed(hidden_vote) if size == (120, 36) else None)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_forecast_titles_keep_their_room_snapshot(snap_compare, library, team, tmp_path, size):
    """Scrolled down to the forecast table: the title column takes the free width; where each item
    falls and its basis wrap at their words (at 80x24 too)."""

    async def to_the_forecast(pilot) -> None:
        summary = pilot.app.screen.query_one("#summary")
        text = plain(summary, summary.content_size.width)
        table = text.split("Forecast — Forces", 1)[1].split("└", 1)[0]
        row = next(line for line in table.splitlines() if line.startswith("│ 1 "))
        title = row.split("│")[2]
        assert title.strip() == "Funding cuts" and len(title) >= 20, table
        assert "…" not in table and "plan for" in table and "mean of 3" in table
        lines = text.splitlines()
        line = next(i for i, text in enumerate(lines) if text.startswith("Forecast —"))
        pilot.app.screen.query_one("#summary-box").scroll_to(y=line, animate=False)
        await pilot.pause()

    assert snap_compare(_app(library, team, tmp_path), terminal_size=size, run_before=keyed(to_the_forecast))


async def test_finishing_shows_the_summary_with_the_total_of_the_rows(make_app):
    from ilt_kit.review.summary import summarize

    app, clock = make_app(done=7)  # every segment before the last closed as n closes it
    async with driven(app, size=(120, 36)) as pilot:
        assert app.session.index == len(app.session.record.segments) - 1
        await pilot.press("space", "plus")  # the last segment gets one more minute
        clock.advance(6 * 60)
        await pilot.press("n")  # on the last segment: finish?
        await pilot.pause()
        if type(app.screen).__name__ != "SummaryScreen":
            await pilot.press("enter")  # confirm finishing
            await pilot.pause()
        assert type(app.screen).__name__ == "SummaryScreen"
        view = summarize(app.session.record)
        assert view.time.planned == 81 * 60
        text = plain(app.screen.query_one("#summary"), width=116)
        total = next(line for line in text.splitlines() if line.startswith("│ Total"))
        assert "1 h 21 min" in total, text
