"""The review's follow-up tab after a follow-up: an action it found done or dropped is no longer
open, one it carried over is due by its new date, and the evidence of impact shows beside it; the
goals tab shows each action as the follow-up left it. Driven by keys, at 80x24 and 120x36."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable

from ilt_kit.store.files import load_record
from ilt_kit.tui.screens.review import ReviewScreen
from tests.tui.conftest import driven, plain
from tests.unit.test_follow_up_outcomes import CARRIED_TO, IMPACT, PLANNED, two_sessions


async def _tab(app, pilot, key: str) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()  # the tabs, worked out after the list
    await pilot.press(key)
    await pilot.pause()


def _rows(table: DataTable) -> list[str]:
    return [" ".join(str(cell) for cell in table.get_row_at(n)) for n in range(table.row_count)]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_follow_up_tab_lists_only_the_carried_action_as_open_and_the_goals_tab_shows_its_status_and_impact(make_app, make_session, clock, size):
    """At 80x24, first: the goals tab shows each action as the follow-up left it, with its impact."""
    folder = two_sessions(make_session, clock)
    clock.advance(30 * 24 * 3600)  # 2027-01-05: the carried action is due in five days
    app, _ = make_app(scenario_id=None, clock=clock)
    app.start = lambda a: ReviewScreen(folder, use_index=False)
    async with driven(app, size=size) as pilot:
        if size == (80, 24):
            await _tab(app, pilot, "4")
            flat = " ".join(plain(app.screen.query_one("#goals")).split())
            assert "✓ done" in flat and f"due {CARRIED_TO}" in flat and "dropped" in flat
            assert f"impact: {IMPACT}" in flat
        await _tab(app, pilot, "3")
        table = app.screen.query_one("#actions-table", DataTable)
        assert app.screen.focused is table
        rows = _rows(table)
        status = str(app.screen.query_one("#actions-status").render())
        still_open = [a for a in app.screen.actions if a.status == "open"]
        assert [a.what for a in still_open] == [PLANNED[1]]
        assert rows[0].startswith(CARRIED_TO.isoformat()) and "carried" in rows[0] and PLANNED[1] in rows[0]
        done = next(r for r in rows if PLANNED[0] in r)
        assert "done" in done and IMPACT[:20] in done  # the impact beside it
        assert "dropped" in next(r for r in rows if PLANNED[2] in r)
        assert status.startswith("1 open, 0 overdue")
        # x on an action a follow-up settled writes nothing: it says where it was settled
        before = {p: p.read_text() for p in folder.glob("*.toml")}
        await pilot.press("down")
        row = table.cursor_row
        assert app.screen.actions[row].settled_in_follow_up
        note = str(app.screen.query_one("#actions-note").render())
        assert "Follow-up of 2026-12-06: " in note  # what it said of the highlighted action, whole
        await pilot.press("x")
        await pilot.pause()
        assert {p: p.read_text() for p in folder.glob("*.toml")} == before
        # x on the carried one still marks it done in the session that planned it
        await pilot.press("up", "x")
        await pilot.pause()
        await pilot.pause()
        planned = load_record(still_open[0].path).segments[1].actions[1]
        assert (planned.what, planned.status, planned.done_on) == (PLANNED[1], "done", date(2027, 1, 5))
