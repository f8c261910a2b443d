"""The follow-up pane, driven by keys: earlier actions marked done, carried over with a date,
dropped with a reason, their impact written; and what it says when there is nothing to follow up."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from tests.conftest import FIXTURES, FakeClock
from tests.tui.conftest import driven, keyed, type_text, wait_until
from tests.tui.test_panes import body
from tests.tui.test_snapshots import screen_is_current

SIZES = [(80, 24), (120, 36)]
EARLIER = [
    ("Draft a weekly common-planning schedule for every grade-level team and share it with staff", "Priya Raman", date(2026, 11, 30)),
    ("Visit two classrooms a week [with the coach]", "Marcus Chen", date(2026, 12, 1)),
    ("Ask families how they want to hear from us", "Luis Ortega", date(2026, 12, 4)),
]


def _app(library, team, tmp_path, earlier: bool = True):
    """The app on a follow-up two weeks after a session (in the same sessions folder) that planned three actions."""
    from ilt_kit.tui.app import IltApp
    from tools.session_driver import start_session

    clock = FakeClock()
    folder = tmp_path / "sessions"
    if earlier:
        scored, _ = start_session(library, "test-all-kinds", team, "October scoring", clock, folder=folder)
        scored.goto(2)
        scored.rated.agree("shared-vision", 2, "Plans name the vision")
        shutil.copy(FIXTURES / "goals" / "goals.toml", folder / "goals.toml")
        session, _ = start_session(library, "test-follow-up", team, "November ILT", clock, folder=folder)
        session.next()
        for what, owner, due in EARLIER:
            session.actions.add(what, owner, due)
        session.finish()
        clock.advance(14 * 24 * 3600)  # 2026-12-06
    app = IltApp(library, sessions_dir=folder, team=team, clock=clock, wall=clock.wall)
    opened = app.new_session(library.scenario("test-follow-up"), team, "December ILT", "Dana Whitfield")
    app.start = lambda a: a.run_screen(*opened)
    return app, clock


async def test_done_carried_dropped_and_impact_by_keys(follow_up_library, team, tmp_path):
    app, _ = _app(follow_up_library, team, tmp_path)
    async with driven(app, size=(120, 36)) as pilot:
        await pilot.pause()
        session = app.session
        first, second, third = (a.key for a in session.segment.actions)
        assert session.focus.item == first
        await pilot.press("x")  # done
        await pilot.press("e")  # its impact
        await type_text(pilot, "Three teams meet weekly; two now plan from student work.")
        await pilot.press("enter", "down")
        assert session.focus.item == second  # phones follow the cursor
        await pilot.press("c")
        assert app.focused.value == "2026-12-20"  # a date two weeks on is offered, to change
        app.focused.value = ""
        await type_text(pilot, "2026-12-05")  # before today: refused, nothing changes
        await pilot.press("enter")
        assert session.segment.actions[1].status == "open"
        await pilot.press("c")
        app.focused.value = ""
        await type_text(pilot, "2027-01-15")
        await pilot.press("enter", "down", "delete")
        await type_text(pilot, "The survey in the newsletter asks it already")
        await pilot.press("enter")
        await pilot.pause()
        actions = session.segment.actions
        assert [(a.status, a.carried_to, a.reason) for a in actions] == [
            ("done", None, ""), ("carried", date(2027, 1, 15), ""),
            ("dropped", None, "The survey in the newsletter asks it already"),
        ]
        assert actions[0].impact == "Three teams meet weekly; two now plan from student work."
        text = body(app)
        for shown in ("carried to 2027-01-15", "dropped: The survey in the newsletter asks it already",
                      "impact: Three teams meet weekly", "Visit two classrooms a week [with the coach]",
                      "due 2026-12-01 · Marcus Chen · from November ILT, 2026-11-22",
                      "A shared vision: 1.5 → 2 Developing · target 3 Established", "Trust: 2 Disagree → no level agreed since · target 4 Agree"):
            assert shown in text, shown
        await pilot.press("up", "up", "x")  # done again: open
        assert session.segment.actions[0].status == "open"
        assert third == actions[2].key


async def test_a_team_with_no_earlier_sessions_is_told_so(follow_up_library, team, tmp_path):
    app, _ = _app(follow_up_library, team, tmp_path, earlier=False)
    async with driven(app, size=(80, 24)) as pilot:
        await pilot.pause()
        assert "This team has no earlier sessions here, so there are no actions to follow up yet." in body(app)
        assert "Goals" not in body(app)
        await pilot.press("x", "c")  # nothing selected: nothing happens
        assert app.screen is not None and app.session.segment.actions == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_follow_up_snapshot(snap_compare, follow_up_library, team, tmp_path, size):
    app, clock = _app(follow_up_library, team, tmp_path)

    async def run_before(pilot) -> None:
        run = app.screen
        session = app.session
        first, second, third = (a.key for a in session.segment.actions)
        session.follow_up.mark(first, "done")
        session.follow_up.set_impact(first, "Three teams meet weekly; two now plan from student work.")
        session.follow_up.mark(third, "dropped", reason="The newsletter survey asks it already")
        await pilot.press("down", "c")
        app.focused.value = ""
        await type_text(pilot, "2027-01-15")
        await pilot.press("enter")
        clock.advance(65)
        await wait_until(pilot, screen_is_current(run), "the clock's next tick shown")

    assert snap_compare(app, terminal_size=size, run_before=keyed(run_before))


async def test_what_was_written_is_shown_literally(follow_up_library, team, tmp_path):
    """Markup and escapes in an earlier action, its session's title, an impact and a reason are text."""
    from ilt_kit.tui.app import IltApp
    from tests.tui.test_hostile_text import OSC, assert_literal, hostile
    from tools.session_driver import start_session

    payload = hostile(tmp_path / "shots")
    clock = FakeClock()
    folder = tmp_path / "sessions"
    earlier, _ = start_session(follow_up_library, "test-follow-up", team, f"November {payload}", clock, folder=folder)
    earlier.next()
    earlier.actions.add(f"Visit {payload}", f"Ana {payload}", date(2026, 12, 1))
    earlier.finish()
    clock.advance(14 * 24 * 3600)
    app = IltApp(follow_up_library, sessions_dir=folder, team=team, clock=clock, wall=clock.wall)
    opened = app.new_session(follow_up_library.scenario("test-follow-up"), team, "December ILT", "Dana Whitfield")
    app.start = lambda a: a.run_screen(*opened)
    async with driven(app, size=(120, 36)) as pilot:
        await pilot.pause()
        assert_literal(app, "follow-up")
        await pilot.press("e")
        assert_literal(app, "impact dialog")
        await type_text(pilot, payload + OSC)
        await pilot.press("enter", "delete")
        assert_literal(app, "drop dialog")
        await type_text(pilot, payload)
        await pilot.press("enter")
        await pilot.pause()
        action = app.session.segment.actions[0]
        assert action.status == "dropped" and "\x1b" not in action.impact and payload in action.impact
        assert_literal(app, "follow-up answered")
        assert "dropped: [b]B [/] [link=x]y[/link] [@click=app.screenshot(" in body(app) and "…" not in body(app)
    assert not (tmp_path / "shots").exists()
