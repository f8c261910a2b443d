"""Snapshots of each segment kind (before and after reveal where it applies) at 80x24 and 120x36.

Time is a fake clock, so the countdown and the projected end are the same on every run; cursor
blink is off. Update with `pytest -n 0 tests/tui/test_snapshots.py --snapshot-update` after a deliberate
change, and look at the report before committing.

On the way to each picture, the checks of what the room must read on that pane (the tests of
``test_panes.py`` that open the same screen at the same size) run on the snapshot's app: see
:func:`checks`.
"""

from __future__ import annotations

from datetime import date
from itertools import groupby
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, FakeClock
from tests.tui.conftest import keyed, wait_until

SIZES = [(80, 24), (120, 36)]

ROOM = FIXTURES / "teams" / "room-of-eight.toml"
"""A realistic team: eight members, long names, principal to central office."""
IDEAS = [
    ("Every student has an adult in the building who knows their story, their goals and their family well", "Trust"),
    ("Teachers plan together every week around real student work, not around the pacing guide", "Time"),
    ("A schedule with protected time for intervention and enrichment every single day", "Time"),
    ("Families hear good news first, and often, in the language they speak at home", "Trust"),
    ("Peer visits", ""),
    ("Coaching cycles that start from what the teacher wants to get better at", ""),
]
ACTIONS = [
    ("Draft a weekly common-planning schedule for every grade-level team and share it with staff", "Priya Raman", date(2026, 12, 15), "idea 2"),
    ("Visit two classrooms a week", "Marcus Oyelaran-Fitzgerald", date(2027, 1, 8), ""),
    ("Ask families how they want to hear from us", "Helen Okafor", None, "idea 4"),
]

class Typed(str):
    """Text typed into the focused box, put there as a paste does (see ``type_text``)."""


# (name, segment index, keys pressed on that segment; a Typed item is text typed into a box)
STATES = [
    ("briefing", 0, ["space"]),
    ("brainstorm", 1, ["i", Typed("Peer visits across grade levels"), "enter", "escape", "f2"]),
    ("rubric-hidden", 2, ["3", "3", "1"]),
    ("rubric-revealed", 2, [*"33142334", "r"]),
    ("survey-hidden", 3, ["4", "5"]),
    ("survey-revealed", 3, [*"45424153", "r"]),
    ("forecast", 4, ["4", "5", "right_square_bracket", "2", "3"]),
    ("prioritize", 5, ["enter", "enter", "down", "enter"]),
    ("actions", 6, ["down"]),
    ("reflection", 7, []),
]


def _app(library, tmp_path, index: int, team_file: Path = ROOM, prepare=None):
    """The app on segment ``index`` of the test scenario, with the results a real room would have
    recorded before it (ideas, dots, a revealed survey, actions); ``prepare(session)`` adds more."""
    from ilt_kit.content.library import load_team
    from ilt_kit.tui.app import IltApp

    team = load_team(team_file)
    clock = FakeClock()
    app = IltApp(library, sessions_dir=tmp_path / "sessions", team=team, clock=clock, wall=clock.wall)
    session, handle = app.new_session(library.scenario("test-all-kinds"), team, "Blue sky — Lincoln MS", "Dana Whitfield")
    names = session.member_names
    if index >= 5:  # dot voting needs ideas from the brainstorm
        session.goto(1)
        for text, theme in IDEAS:
            session.brainstorm.add(text, theme=theme)
    if index >= 7:  # the reflection shows the dots and the survey
        session.goto(3)
        statement = session.segment.criteria[0].id
        for name, level in zip(names, [4, 5, 4, 2, 4, 1, 5, 3]):
            session.rated.cast(statement, name, level)
        session.rated.reveal(statement)
        session.goto(5)
        for name, idea in zip(names, [1, 1, 2, 3, 1, 2, 6, 2]):
            session.dots.place(name, idea)
    if index >= 6:
        session.goto(6)
        for what, owner, due, link in ACTIONS:
            session.actions.add(what, owner, due, link)
    if prepare is not None:  # what a test adds before the screen opens
        prepare(session)
    session.goto(index)
    app.start = lambda a: a.run_screen(session, handle)
    return app, clock


def screen_is_current(run):  # noqa: ANN001, ANN201
    """Whether the run screen shows the session as it is now: the time left, the agenda's projected
    end and, while someone has the floor, everyone's talk time. All catch up with the clock at the
    screen's next tick; with the timer stopped the time left does not change, but the projected end
    moves on with the wall clock."""
    from ilt_kit.tui.widgets.agenda import Agenda
    from ilt_kit.tui.widgets.clock import BigClock
    from ilt_kit.tui.widgets.render import clock_text

    def current() -> bool:
        if run.query_one(BigClock).text != clock_text(run.session.timer().remaining):
            return False
        if run.query_one(Agenda).shown[2] != run.session.projection().projected_end.strftime("%H:%M"):
            return False
        if run.session.speaker is None:
            return True
        totals = run.session.talk_totals()
        shown = dict(run.talk[2]) if run.talk else {}
        return bool(shown) and all(seconds == int(totals.get(name, 0)) for name, seconds in shown.items())

    return current


async def press_and_type(pilot, keys: list[str]) -> None:
    """Press the keys, each run of them in one press (the screen is awaited once, not after every
    key), and type each :class:`Typed` text into the box that has the focus then."""
    from tests.tui.conftest import type_text

    for typed, run in groupby(keys, key=lambda key: isinstance(key, Typed)):
        if typed:
            for text in run:
                await type_text(pilot, text)
        else:
            await pilot.press(*run)


def checks(name: str, size: tuple[int, int]) -> list[tuple[int, object]]:
    """What ``tests/tui/test_panes.py`` checks of what the room reads on the screen of state
    ``name`` at ``size``: (how many of the state's keys are pressed first, the check). They run on
    the snapshot's app, before the rest of the keys and the clock's tick: the same screen as
    their own app would show, for one app start instead of two."""
    from tests.tui import test_panes as panes

    small, large = size == (80, 24), size == (120, 36)
    wanted = {
        "brainstorm": [(0, panes.no_column_or_text_block_of_a_pane_is_narrower_than_12_cells, small)],
        "rubric-hidden": [
            (1, panes.no_column_or_text_block_of_a_pane_is_narrower_than_12_cells, small),
            (2, panes.the_agenda_shows_titles_cut_at_a_word_and_the_voters_whole_names, True),
        ],
        "rubric-revealed": [(9, panes.no_column_or_text_block_of_a_pane_is_narrower_than_12_cells, small)],
        "survey-revealed": [
            (9, panes.no_column_or_text_block_of_a_pane_is_narrower_than_12_cells, small),
            (9, panes.survey_says_share_agreeing_and_everyone_once, large),
        ],
        "forecast": [(0, panes.no_column_or_text_block_of_a_pane_is_narrower_than_12_cells, small)],
        "prioritize": [(0, panes.no_column_or_text_block_of_a_pane_is_narrower_than_12_cells, small)],
        "actions": [
            (0, panes.no_column_or_text_block_of_a_pane_is_narrower_than_12_cells, small),
            (0, panes.actions_what_owner_due_and_status_are_readable, True),
        ],
        "reflection": [
            (0, panes.no_column_or_text_block_of_a_pane_is_narrower_than_12_cells, small),
            (0, panes.a_reflection_shows_the_results_it_refers_to, large),
        ],
    }
    return [(after, check) for after, check, here in wanted.get(name, []) if here]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name,index,keys", STATES, ids=[s[0] for s in STATES])
def test_segment_snapshot_and_what_its_pane_must_show(snap_compare, library, tmp_path, name, index, keys, size):
    """Each segment kind's picture; on the way, the checks of :func:`checks` for the state and size."""
    app, clock = _app(library, tmp_path, index)
    to_check = checks(name, size)
    assert all(after <= len(keys) for after, _ in to_check)

    async def run_before(pilot) -> None:
        from textual.widgets import Input

        for widget in app.query(Input):
            widget.cursor_blink = False
        run = app.screen
        pressed = 0
        for after, check in to_check:
            await press_and_type(pilot, keys[pressed:after])
            pressed = after
            await pilot.pause()
            check(app)
        await press_and_type(pilot, keys[pressed:])
        clock.advance(65)
        await wait_until(pilot, screen_is_current(run), "the clock's next tick shown")

    assert snap_compare(app, terminal_size=size, run_before=keyed(run_before))


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

    assert snap_compare(app, terminal_size=(120, 36), run_before=keyed(run_before))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("quit_", [False, True], ids=["save-failing", "quit-unsaved"])
def test_save_problem_snapshot(snap_compare, library, team, tmp_path, monkeypatch, size, quit_):
    """The bar while saving fails, and the quit dialog it leads to (a full disk, injected)."""
    from pathlib import Path

    from tests.tui.test_save_problems import fail_in

    monkeypatch.chdir(tmp_path)  # a short, fixed path in the bar
    monkeypatch.setenv("HOME", "/home/dana")  # where the dialog offers to write the copy
    app, clock = _app(library, Path("."), 2, team_file=FIXTURES / "teams" / "lincoln.toml")
    fail_in(monkeypatch, Path("sessions"))

    async def run_before(pilot) -> None:
        run = app.screen
        for key in ["3", "3"]:
            await pilot.press(key)
        for _ in range(100):
            await pilot.pause(0.02)
            if app.screen.query("#save-problem"):
                break
        if quit_:
            await pilot.press("q")
            for _ in range(100):  # until the quit dialog is up
                await pilot.pause(0.02)
                if app.screen.__class__.__name__ == "UnsavedQuit":
                    break
            from textual.widgets import Input

            for widget in app.screen.query(Input):  # the path to save a copy to: no blinking cursor
                widget.cursor_blink = False
        clock.advance(65)
        await wait_until(pilot, screen_is_current(run), "the clock's next tick shown")
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.3)  # the save problem's retries settled

    assert snap_compare(app, terminal_size=size, run_before=keyed(run_before))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_by_school_snapshot_and_s_filters_by_school(snap_compare, make_app, make_session, tmp_path, monkeypatch, size):
    """Roosevelt Elementary's sessions only, after ``s``. At 120x36, before the picture: the whole
    district, then ``s`` through each school (Roosevelt, unknown) back to every school, and ``s``
    once more to Roosevelt for the picture."""
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
        if size == (120, 36):
            await s_filters_by_school(app, pilot)
        await pilot.press("s")  # Roosevelt Elementary only
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=keyed(run_before))


async def s_filters_by_school(app, pilot) -> None:  # noqa: ANN001
    """The review of two schools (three Lincoln sessions with no school, their conflict copy, three
    of Roosevelt Elementary): every school, then ``s`` through Roosevelt and the unknown school
    back to every school."""
    from textual.widgets import DataTable

    from tests.tui.conftest import plain

    screen = app.screen
    table = screen.query_one("#sessions-table", DataTable)
    assert table.row_count == 7
    assert [str(c.label) for c in table.columns.values()][:3] == ["Date", "School", "Title"]
    status = plain(screen.query_one("#sessions-status"))
    assert "all 2 schools" in status and "1 conflict copy" in status
    titles = [str(table.get_row_at(r)[2]) for r in range(table.row_count)]
    at = titles.index("Vision 1")
    assert titles[at + 1] == "↳ Vision 1 (laptop)"  # the conflict copy, right after its original
    assert "across the district" in plain(screen.query_one("#compare"))

    await pilot.press("s")
    await pilot.pause()
    assert table.row_count == 3
    assert all(str(table.get_row_at(r)[1]).startswith("Roosevelt vision") for r in range(3))
    assert "School" not in [str(c.label) for c in table.columns.values()]  # one school: said in the status line
    assert "Roosevelt Elementary" in plain(screen.query_one("#sessions-status"))
    compare = plain(screen.query_one("#compare"))
    assert "Movement at Roosevelt Elementary" in compare and "▲ +1" in compare

    await pilot.press("s")
    await pilot.pause()
    assert table.row_count == 4  # unknown: the three Lincoln sessions and the conflict copy
    assert screen.query_one("#actions-table", DataTable).row_count == 3

    await pilot.press("s")
    await pilot.pause()
    assert table.row_count == 7
