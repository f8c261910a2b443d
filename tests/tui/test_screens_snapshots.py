"""Snapshots of home, the start form, the quit dialog of a finished session and review's compare
tab at 80x24 and 120x36, on the built-in scenarios (home lists them) and the test content. Update with `pytest -n 0 tests/tui/test_screens_snapshots.py --snapshot-update`
after a deliberate change, and look at the pictures before committing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.tui.conftest import keyed

SIZES = [(80, 24), (120, 36)]
size_ids = {"ids": lambda s: f"{s[0]}x{s[1]}"}


def _saved(library, team, clock, title: str, day: date, finished: bool = False) -> None:
    from ilt_kit.session.engine import Session, build_record
    from ilt_kit.store.files import SessionFile

    rubrics = {k: v.item for k, v in library.rubrics.items()}
    record = build_record(library.scenario("test-all-kinds"), rubrics, team, title, "Dana Whitfield", clock.wall())
    record.date = day
    handle = SessionFile.create(Path("sessions"), record)
    session = Session(record, clock=clock, wall=clock.wall, saver=handle.save)
    session.next()
    if finished:
        session.finish()


def _home_app(library, team, tmp_path, monkeypatch, sessions: bool):
    from ilt_kit.tui.app import IltApp

    monkeypatch.chdir(tmp_path)  # the folder shows as "sessions": the same on every run
    clock = FakeClock()
    if sessions:
        _saved(library, team, clock, "Fall baseline with the whole instructional leadership team", date(2026, 9, 10))
        _saved(library, team, clock, "Winter check-in", date(2026, 11, 20))
        _saved(library, team, clock, "Summer retreat", date(2026, 7, 1), finished=True)
    app = IltApp(library, sessions_dir=Path("sessions"), team=team, clock=clock, wall=clock.wall)
    return app


async def _settle(app, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, **size_ids)
def test_home_with_unfinished_sessions(snap_compare, library, team, tmp_path, monkeypatch, size):
    app = _home_app(library, team, tmp_path, monkeypatch, sessions=True)

    async def run_before(pilot) -> None:
        await _settle(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=keyed(run_before))


def test_home_with_nothing_saved(snap_compare, library, team, tmp_path, monkeypatch):
    app = _home_app(library, team, tmp_path, monkeypatch, sessions=False)

    async def run_before(pilot) -> None:
        await _settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=keyed(run_before))


@pytest.mark.parametrize("size", SIZES, **size_ids)
def test_start_form(snap_compare, library, team, tmp_path, monkeypatch, size):
    app = _home_app(library, team, tmp_path, monkeypatch, sessions=True)
    app.default_team = None  # the last session's team

    async def run_before(pilot) -> None:
        await _settle(app, pilot)
        await pilot.press("enter")
        await _settle(app, pilot)
        for widget in app.screen.query("Input, TextArea"):
            widget.cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=keyed(run_before))


@pytest.mark.parametrize("size", SIZES, **size_ids)
def test_quit_a_finished_session(snap_compare, library, team, tmp_path, monkeypatch, size):
    from ilt_kit.tui.app import IltApp

    monkeypatch.chdir(tmp_path)
    clock = FakeClock()
    app = IltApp(library, sessions_dir=Path("sessions"), team=team, clock=clock, wall=clock.wall)
    session, handle = app.new_session(library.scenario("test-all-kinds"), team, "Blue sky — Lincoln MS", "Dana Whitfield")
    session.goto(len(session.record.segments) - 1)
    app.start = lambda a: a.run_screen(session, handle)

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("n", "y")  # finish the session
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=keyed(run_before))


@pytest.mark.parametrize("size", SIZES, **size_ids)
def test_review_compare_tab(snap_compare, make_app, make_session, tmp_path, monkeypatch, size):
    from ilt_kit.tui.screens.review import ReviewScreen

    for n in range(3):
        session, _ = make_session(title=f"Vision {n + 1}")
        session.goto(2)
        for member in session.member_names:
            session.rated.cast("shared-vision", member, 2 + (n > 0))
        session.rated.reveal("shared-vision")
        session.rated.agree("shared-vision", 1 + n, f"evidence {n}")
    monkeypatch.chdir(tmp_path)
    app, _ = make_app(scenario_id=None)
    app.start = lambda a: ReviewScreen([Path("sessions")], use_index=False)

    async def run_before(pilot) -> None:
        await _settle(app, pilot)
        await pilot.press("2")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=keyed(run_before))
