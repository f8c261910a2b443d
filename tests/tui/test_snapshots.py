"""Snapshots of each segment kind (before and after reveal where it applies) at 80x24 and 120x36.

Time is a fake clock, so the countdown and the projected end are the same on every run; cursor
blink is off. Update with `pytest tests/tui/test_snapshots.py --snapshot-update` after a deliberate
change, and look at the report before committing.
"""

from __future__ import annotations

import pytest

from tests.conftest import FakeClock

SIZES = [(80, 24), (120, 36)]

# (name, segment index, keys pressed on that segment)
STATES = [
    ("briefing", 0, ["space"]),
    ("brainstorm", 1, ["i", *"Peer visits", "enter", *"Common planning time", "enter", "escape", "f2"]),
    ("rubric-hidden", 2, ["3", "3", "1"]),
    ("rubric-revealed", 2, ["3", "3", "1", "4", "r"]),
    ("survey-hidden", 3, ["4", "5"]),
    ("survey-revealed", 3, ["4", "5", "4", "2", "r"]),
    ("forecast", 4, ["4", "5", "right_square_bracket", "2", "3"]),
    ("prioritize", 5, ["enter", "enter"]),
    ("actions", 6, []),
    ("reflection", 7, []),
]


def _app(library, team, tmp_path, index: int):
    from ilt_kit.tui.app import IltApp

    clock = FakeClock()
    app = IltApp(library, sessions_dir=tmp_path / "sessions", team=team, clock=clock, wall=clock.wall)
    session, handle = app.new_session(library.scenario("test-all-kinds"), team, "Blue sky — Lincoln MS", "Dana Whitfield")
    if index >= 5:  # dot voting needs ideas from the brainstorm
        session.goto(1)
        session.add_idea("Peer visits")
        session.add_idea("Common planning time")
    if index == 6:
        session.goto(6)
        from datetime import date

        session.add_action("Schedule peer visits", "Priya Raman", date(2026, 12, 15), "idea 1")
    session.goto(index)
    app.start = lambda a: a.run_screen(session, handle)
    return app, clock


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name,index,keys", STATES, ids=[s[0] for s in STATES])
def test_segment_snapshot(snap_compare, library, team, tmp_path, name, index, keys, size):
    app, clock = _app(library, team, tmp_path, index)

    async def run_before(pilot) -> None:
        from textual.widgets import Input

        for widget in app.query(Input):
            widget.cursor_blink = False
        await pilot.press(*keys)  # one press: the screen is awaited once, not after every key
        clock.advance(65)
        app.screen.refresh_all()  # draw now, not at the next timer tick
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_home_snapshot(snap_compare, team, tmp_path, monkeypatch):
    from pathlib import Path

    from ilt_kit.content.library import Library, Origin
    from ilt_kit.tui.app import IltApp
    from tests.conftest import CONTENT

    # only the test content, so the snapshot does not change with the built-in library
    library = Library()
    origin = Origin("--content", CONTENT)
    for path in sorted((CONTENT / "rubrics").glob("*.toml")):
        library.add("rubric", path, origin)
    for path in sorted((CONTENT / "scenarios").glob("*.toml")):
        library.add("scenario", path, origin)
    clock = FakeClock()
    monkeypatch.chdir(tmp_path)  # home names the sessions folder: the same on every run
    app = IltApp(library, sessions_dir=Path("sessions"), team=team, clock=clock, wall=clock.wall)

    async def run_before(pilot) -> None:
        for _ in range(2):  # the scan for saved sessions runs in a worker: wait for it to land
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("quit_", [False, True], ids=["save-failing", "quit-unsaved"])
def test_save_problem_snapshot(snap_compare, library, team, tmp_path, monkeypatch, size, quit_):
    """The bar while saving fails, and the quit dialog it leads to (a full disk, injected)."""
    from pathlib import Path

    from tests.tui.test_save_problems import fail_in

    monkeypatch.chdir(tmp_path)  # a short, fixed path in the bar
    monkeypatch.setenv("HOME", "/home/dana")  # where the dialog offers to write the copy
    app, clock = _app(library, team, Path("."), 2)
    fail_in(monkeypatch, Path("sessions"))

    async def run_before(pilot) -> None:
        for key in ["3", "3"]:
            await pilot.press(key)
        for _ in range(100):
            await pilot.pause(0.02)
            if app.screen.query("#save-problem"):
                break
        if quit_:
            await pilot.press("q")
        clock.advance(65)
        app.screen.refresh_all() if not quit_ else None
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_by_school_snapshot(snap_compare, make_app, make_session, tmp_path, monkeypatch, size):
    from pathlib import Path

    from ilt_kit.tui.screens.review import ReviewScreen
    from tests.tui.test_home_and_review import _two_schools

    _two_schools(make_session)
    monkeypatch.chdir(tmp_path)  # the title shows the folder as given: the same on every run
    app, _ = make_app(scenario_id=None)
    app.start = lambda a: ReviewScreen([Path("sessions")], use_index=False)

    async def run_before(pilot) -> None:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()  # the trends, worked out after the list
        await pilot.pause()
        await pilot.press("s")  # Roosevelt Elementary only
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
