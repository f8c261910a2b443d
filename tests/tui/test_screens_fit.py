"""Home, the start form, the quit dialog and review at a projector's sizes, driven by keys."""

from __future__ import annotations

import threading
from datetime import date

from textual.widgets import DataTable, OptionList, TabbedContent

from ilt_kit.store.files import SessionFile
from ilt_kit.tui.screens.home import HomeScreen, StartDialog
from ilt_kit.tui.screens.review import ReviewScreen
from tests.tui.test_hostile_text import screen_cells
from tests.tui.conftest import driven

SMALL = (80, 24)
LARGE = (120, 36)


def screen_text(app) -> list[str]:
    return screen_cells(app)[0].splitlines()


def left_column(app) -> str:
    """The text of home's lists (left of the details), its lines joined."""
    return " ".join(" ".join(line.split("│")[0] for line in screen_text(app)).split())


async def settle(app, pilot) -> None:
    """Until the background scans (sessions, then trends) have landed."""
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def _save(library, team, clock, folder, title: str, *, finished: bool = False, day: date | None = None):
    from ilt_kit.session.engine import Session, build_record

    rubrics = {k: v.item for k, v in library.rubrics.items()}
    record = build_record(library.scenario("test-all-kinds"), rubrics, team, title, "Dana Whitfield", clock.wall())
    if day is not None:
        record.date = day
    handle = SessionFile.create(folder, record)
    session = Session(record, clock=clock, wall=clock.wall, saver=handle.save)
    session.next()
    if finished:
        session.finish()
    return handle


# ---------------------------------------------------------------------------------------- home


def assert_start_form_fits(app) -> None:
    """The start form shows its fields, the team's members and its save key without scrolling.
    Checked on the snapshots' apps (tests/tui/test_screens_snapshots.py): a first session's form at
    80x24 (from home with nothing saved), the last session's team with the longest built-in title
    at 80x24 and 120x36."""
    dialog = app.screen
    assert isinstance(dialog, StartDialog)
    box = dialog.query_one(".dialog.start")
    assert box.max_scroll_y == 0, "the form scrolls"
    screen = dialog.region
    for selector in ("#title", "#facilitator", "#team-name", "#members", "#start-keys"):
        region = dialog.query_one(selector).region
        assert region.height and screen.contains_region(region) and box.region.contains_region(region), selector
    text = "\n".join(screen_text(app))
    assert "ctrl+s start" in text and "Members" in text
    assert "Marcus Chen, teacher leader" in text  # the team's members are in the box, in sight


async def test_home_says_plainly_when_everything_is_finished(make_app, library, team, clock):
    """(With nothing saved: the snapshot of home with nothing saved, tests/tui/test_screens_snapshots.py.)"""
    app, _ = make_app(scenario_id=None)
    _save(library, team, clock, app.sessions_dir, "Done already", finished=True)
    async with driven(app, size=SMALL) as pilot:
        await settle(app, pilot)
        text = left_column(app)
        assert "No unfinished sessions" in text and "1 saved session" in text
        assert not app.screen.query_one("#sessions", OptionList).display


async def test_home_finds_sessions_and_the_last_team_with_the_review_scan_off_the_screens_thread(
    make_app, library, team, clock, monkeypatch
):
    import ilt_kit.review.scan as scan_module
    import ilt_kit.store.files as files

    scans, loads = [], []
    real_scan, real_load = scan_module.scan, files.load_record
    monkeypatch.setattr(scan_module, "scan", lambda *a, **k: scans.append(threading.current_thread()) or real_scan(*a, **k))
    monkeypatch.setattr(files, "load_record", lambda *a, **k: loads.append(threading.current_thread()) or real_load(*a, **k))
    app, _ = make_app(scenario_id=None)
    app.default_team = None
    older = _save(library, team, clock, app.sessions_dir / "2026", "Older, in a sub-folder", day=date(2026, 10, 1))
    _save(library, team, clock, app.sessions_dir / "2026", "Finished", finished=True, day=date(2026, 11, 1))
    async with driven(app, size=LARGE) as pilot:
        await settle(app, pilot)
        sessions = app.screen.query_one("#sessions", OptionList)
        assert sessions.option_count == 1 and sessions.get_option_at_index(0).id == str(older.path)
        await pilot.press("enter")  # start the highlighted scenario: its form offers the last team
        await pilot.pause()
        assert isinstance(app.screen, StartDialog)
        assert app.screen.team_origin == " (from the last session)"
        assert "Marcus Chen" in app.screen.query_one("#members").text
    main = threading.main_thread()
    assert scans and main not in scans, "the sessions come from the review scan, in a worker"
    assert main not in loads, "no full record is read on the screen's thread"
    assert len(loads) <= 1, "only the newest session is read in full (for its team)"


async def test_a_scenario_chosen_before_the_scan_ends_opens_its_form_when_it_ends(make_app, library, team, clock, monkeypatch):
    import ilt_kit.tui.screens.home as home_module

    gate = threading.Event()
    real = home_module.saved_sessions
    monkeypatch.setattr(home_module, "saved_sessions", lambda folder: gate.wait(5) and real(folder))
    app, _ = make_app(scenario_id=None)
    app.default_team = None
    _save(library, team, clock, app.sessions_dir, "Earlier")
    async with driven(app, size=LARGE) as pilot:
        for _ in range(5):
            await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen), "waits for the last team"
        gate.set()
        await settle(app, pilot)
        assert isinstance(app.screen, StartDialog)
        assert "Marcus Chen" in app.screen.query_one("#members").text


# ---------------------------------------------------------------------------------------- quit


# -------------------------------------------------------------------------------------- review


def _three_sessions(make_session):
    handles = []
    for n in range(3):
        session, handle = make_session(title=f"Vision {n + 1}")
        session.goto(6)
        session.actions.add(f"Action {n + 1}", "Priya Raman", date(2026, 12, 1 + n))
        handles.append(handle)
    return handles


async def test_review_up_and_down_move_the_list_at_once_and_every_tab_has_a_key_and_without_a_goals_file_the_goals_tab_says_how_to_set_goals(make_app, make_session):
    """(Three sessions, no goals file in their folder: the goals tab says how to set goals.)"""
    from tests.tui.conftest import plain

    handles = _three_sessions(make_session)
    assert not (handles[0].path.parent / "goals.toml").exists()
    app, _ = make_app(scenario_id=None)
    app.start = lambda a: ReviewScreen(handles[0].path.parent, use_index=False)
    async with driven(app, size=SMALL) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#sessions-table", DataTable)
        await pilot.press("down")
        assert table.cursor_row == 1, "Up/Down move the list without a Tab first"
        await pilot.press("up")
        assert table.cursor_row == 0
        tabs = app.screen.query_one("#tabs", TabbedContent)
        for key, tab in (("2", "tab-compare"), ("3", "tab-followup"), ("4", "tab-goals"), ("5", "tab-bad"), ("1", "tab-sessions")):
            await pilot.press(key)
            await pilot.pause()
            assert tabs.active == tab, key
            if tab == "tab-goals":
                text = plain(app.screen.query_one("#goals"))
                assert "No goals here" in text and "goals.toml" in text
        await pilot.press("3")
        await pilot.pause()
        actions = app.screen.query_one("#actions-table", DataTable)
        await pilot.press("down")
        assert actions.cursor_row == 1
        top = " ".join(screen_text(app)[:2])  # the title bar is one line, however long the folder's path
        assert "1 Sessions" in top and "2 Compare" in top and "3 Follow-up" in top and "4 Goals" in top and "5 Unreadable" in top


async def assert_selection_is_plain_to_see_even_while_typing_a_filter(app, pilot) -> None:
    """On review's list of three sessions, Vision 1 to 3: the row Down moves to is marked, and
    stays marked while the keys go to the filter (``/``), unlike the others. Escape closes the
    filter and Up goes back to the first row (both checked). Checked at 120x36 on the app of review's
    compare tab snapshot, tests/tui/test_screens_snapshots.py."""
    from ilt_kit.tui.screens.review import ReviewScreen

    assert isinstance(app.screen, ReviewScreen)
    table = app.screen.query_one("#sessions-table", DataTable)
    assert table.cursor_row == 0 and app.focused is table
    await pilot.press("down")
    await pilot.pause()

    def backgrounds() -> dict[str, set]:
        strips = app.screen._compositor.render_strips()
        found: dict[str, set] = {}
        for strip in strips:
            line = "".join(segment.text for segment in strip)
            for title in ("Vision 1", "Vision 2", "Vision 3"):
                if title in line:
                    found[title] = {s.style.bgcolor for s in strip if s.style and title in s.text}
        return found

    highlighted = app.screen.shown[table.cursor_row].title
    others = [t for t in ("Vision 1", "Vision 2", "Vision 3") if t != highlighted]
    cursor = app.get_css_variables()["block-cursor-background"]
    seen = backgrounds()
    assert {c.name.lower() if c.name.startswith("#") else c.triplet.hex for c in seen[highlighted]} == {cursor.lower()}
    await pilot.press("slash")  # the keys go to the filter: the row stays marked, unlike the others
    await pilot.pause()
    seen = backgrounds()
    assert seen[highlighted] and not seen[highlighted] & (seen[others[0]] | seen[others[1]])
    await pilot.press("escape", "up")
    await pilot.pause()
    assert table.cursor_row == 0 and app.focused is table and not app.screen.query_one("#filter").display


async def assert_trend_tables_take_the_themes_colours(app, pilot) -> None:
    """Review's trend table in another theme (textual-light) takes that theme's colours, none of
    the projector's fixed ones. Checked at 120x36 on the app of review's compare tab snapshot,
    tests/tui/test_screens_snapshots.py."""
    from rich.console import Console

    projector = {"#ffd54f", "#4fc3f7", "#69f0ae", "#ff5252", "#ffb300"}
    app.theme = "textual-light"
    await settle(app, pilot)
    console = Console(width=120, record=True, file=open("/dev/null", "w"), color_system="truecolor")  # noqa: SIM115
    console.print(app.screen.query_one("#compare").content)
    colours = {seg.style.color.triplet.hex for seg in console._record_buffer if seg.style and seg.style.color and seg.style.color.triplet}
    variables = app.get_css_variables()
    assert colours, "the trend table has colours"
    assert not colours & projector, f"fixed colours in another theme: {colours & projector}"
    assert variables["accent"].lower() in colours and variables["success"].lower() in colours


async def test_tab_to_the_unfinished_sessions_shows_the_highlighted_one(make_app, library, team, clock):
    app, _ = make_app(scenario_id=None)
    _save(library, team, clock, app.sessions_dir, "Winter check-in")
    async with driven(app, size=SMALL) as pilot:
        await settle(app, pilot)
        details = app.screen.query_one("#home-details")
        from tests.tui.conftest import plain

        assert "Winter check-in" not in plain(details)
        await pilot.press("tab")
        await pilot.pause()
        assert "Winter check-in" in plain(details) and "Enter resumes it" in plain(details)
        await pilot.press("shift+tab")
        await pilot.pause()
        assert "Agenda" in plain(details)


def test_the_home_screen_loads_without_the_content_models():
    """Home paints its first frame before the library loads: importing it (and the app) does not
    import the content models, which the kinds registry behind KIND_NAME needs."""
    import subprocess
    import sys

    code = (
        "import sys, ilt_kit.tui.app, ilt_kit.tui.screens.home;"
        "print('ilt_kit.content.models' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stdout + result.stderr


# ---------------------------------------------------------------------------------------- run


async def test_the_agenda_is_as_tall_as_the_lines_it_draws_narrow_and_wide_on_plan_and_behind(make_app):
    """The agenda's height is counted from its lines (one a segment, then its footer), without
    drawing it: narrow (80 columns) and wide (120), on plan and minutes behind, it is the height
    of what it draws, and the narrow one says less."""
    from ilt_kit.tui.widgets.agenda import Agenda

    app, clock = make_app()
    async with driven(app, size=SMALL) as pilot:
        agenda = app.screen.query_one(Agenda)

        def drawn() -> list[str]:
            console = app.console
            lines = console.render_lines(agenda.render(), console.options.update_width(agenda.size.width), pad=False)
            return ["".join(segment.text for segment in line).rstrip() for line in lines]

        seen = []
        for behind in (False, True):
            if behind:
                await pilot.press("space")  # the timer runs, well past the segment's minutes
                clock.advance(60 * 60)
            for size in (SMALL, LARGE):
                await pilot.resize_terminal(*size)
                await pilot.pause(0.3)  # the clock's tick: the agenda follows it
                lines = drawn()
                assert agenda.size.height == len(lines) == len(agenda.session.record.segments) + (3 if size == SMALL else 4)
                seen.append((agenda.session.projection().projected_end.strftime("%H:%M"), lines[-3 if size == SMALL else -4 :]))
    (end, narrow), (_, wide), (late, narrow_behind), (_, wide_behind) = seen
    assert narrow == ["", f"Ends {end}", "on plan"] and wide == ["", f"Ends ≈ {end}", "on plan", "minutes used/planned"]
    assert narrow_behind[1] == f"Ends {late}" and narrow_behind[2].endswith(" behind") and "min" not in narrow_behind[2]
    assert wide_behind[2].endswith(" min behind") and late != end
