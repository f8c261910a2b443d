"""Snapshots of home, the start form, the quit dialog of a finished session and review's compare
tab at 80x24 and 120x36, on the built-in scenarios (home lists them) and the test content. Update with `pytest -n 0 tests/tui/test_screens_snapshots.py --snapshot-update`
after a deliberate change, and look at the pictures before committing.

Where a test of what a screen shows opens exactly the screen of a snapshot, at its size, its
assertions run on the snapshot's app just before the picture: one app start instead of two."""

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


def assert_six_scenarios_one_line_each(app) -> None:
    """Home's first six scenarios, a line each in order, with their minutes (a title too long is
    cut after a whole word); the title bar is one line."""
    from ilt_kit.tui.screens.home import HomeScreen
    from tests.tui.test_screens_fit import screen_text

    home = app.screen
    assert isinstance(home, HomeScreen)
    lines = screen_text(app)
    assert "ilt-kit" in lines[0] and "? help" in lines[0], "the title bar is one line"
    rows = []
    for scenario in home.scenarios[:6]:
        minutes = f"{scenario.minutes} min"
        found = [n for n, line in enumerate(lines) if minutes in line and line.strip("▊ ").startswith(scenario.title.split()[0])]
        assert found, f"{scenario.title!r} with its minutes is not on one line:\n" + "\n".join(lines)
        row = found[0]
        rows.append(row)
        shown = lines[row].split("│")[0].strip("▊▎ ").rsplit(minutes, 1)[0].strip()
        if shown != scenario.title:  # cut: after a whole word, with an ellipsis
            assert shown.endswith("…"), shown
            kept = shown[:-1]
            assert scenario.title.startswith(kept) and scenario.title[len(kept)] in " :,;—-", f"cut mid-word: {shown!r}"
    assert rows == list(range(rows[0], rows[0] + 6)), "one line a scenario, in order"


@pytest.mark.parametrize("size", SIZES, **size_ids)
def test_home_with_unfinished_sessions(snap_compare, library, team, tmp_path, monkeypatch, size):
    app = _home_app(library, team, tmp_path, monkeypatch, sessions=True)

    async def run_before(pilot) -> None:
        await _settle(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=keyed(run_before))


def test_home_with_nothing_saved_says_so_and_lists_six_scenarios_one_line_each_and_a_first_sessions_form_fits(snap_compare, library, team, tmp_path, monkeypatch):
    """Before the picture: a first session's start form (the team given) shows its fields, the
    team's members and its save key without scrolling at 80x24; Escape goes back to home."""
    from ilt_kit.tui.screens.home import HomeScreen
    from tests.tui.test_screens_fit import assert_start_form_fits, left_column

    app = _home_app(library, team, tmp_path, monkeypatch, sessions=False)

    async def run_before(pilot) -> None:
        await _settle(app, pilot)
        home = app.screen
        await pilot.press("enter")
        await pilot.pause()
        assert_start_form_fits(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home and isinstance(home, HomeScreen)
        assert_six_scenarios_one_line_each(app)
        text = left_column(app)
        assert "No saved sessions yet" in text
        assert "every saved session is finished" not in text

    assert snap_compare(app, terminal_size=(80, 24), run_before=keyed(run_before))


@pytest.mark.parametrize("size", SIZES, **size_ids)
def test_start_form_shows_members_and_its_save_key_without_scrolling(snap_compare, library, team, tmp_path, monkeypatch, size):
    """With the team from the last session: the longest built-in title, and the form says where the team came from."""
    from tests.tui.test_screens_fit import assert_start_form_fits

    app = _home_app(library, team, tmp_path, monkeypatch, sessions=True)
    app.default_team = None  # the last session's team

    async def run_before(pilot) -> None:
        await _settle(app, pilot)
        await pilot.press("enter")
        await _settle(app, pilot)
        assert_start_form_fits(app)
        for widget in app.screen.query("Input, TextArea"):
            widget.cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=keyed(run_before))


@pytest.mark.parametrize("size", SIZES, **size_ids)
def test_quitting_a_finished_session_does_not_offer_to_continue_it(snap_compare, library, team, tmp_path, monkeypatch, size):
    """Asked before the end, quitting offers to continue later; once finished, it does not."""
    from ilt_kit.tui.app import IltApp
    from tests.tui.test_screens_fit import screen_text

    monkeypatch.chdir(tmp_path)
    clock = FakeClock()
    app = IltApp(library, sessions_dir=Path("sessions"), team=team, clock=clock, wall=clock.wall)
    session, handle = app.new_session(library.scenario("test-all-kinds"), team, "Blue sky — Lincoln MS", "Dana Whitfield")
    session.goto(len(session.record.segments) - 1)
    app.start = lambda a: a.run_screen(session, handle)

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert "Continue later" in " ".join(screen_text(app)), "an unfinished session can be continued"
        await pilot.press("n")
        await pilot.press("n", "y")  # finish the session
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert app.session.finished
        text = " ".join(" ".join(screen_text(app)).split())
        assert "Quit ilt-kit?" in text
        assert "Continue" not in text and "resume" not in text
        assert "finished" in text

    assert snap_compare(app, terminal_size=size, run_before=keyed(run_before))


@pytest.mark.parametrize("size", SIZES, **size_ids)
def test_review_compare_tab_and_its_trend_tables_take_the_themes_colours_and_the_selection_is_plain_to_see(snap_compare, make_app, make_session, tmp_path, monkeypatch, size):
    """At 120x36, before the picture: in another theme the trend table takes that theme's colours,
    none of the projector's fixed ones (then back to the projector's theme); the list's selection
    is plain to see, even while typing a filter (then the filter closed, back on the first row)."""
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
        if size == (120, 36):
            from tests.tui.test_screens_fit import assert_trend_tables_take_the_themes_colours

            theme = app.theme
            await assert_trend_tables_take_the_themes_colours(app, pilot)
            app.theme = theme
            await _settle(app, pilot)
            from tests.tui.test_screens_fit import assert_selection_is_plain_to_see_even_while_typing_a_filter

            await assert_selection_is_plain_to_see_even_while_typing_a_filter(app, pilot)
        await pilot.press("2")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=keyed(run_before))
