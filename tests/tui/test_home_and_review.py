"""Home (start, resume) and review (list, open, compare, follow up) driven through the keyboard."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, OptionList, TextArea

from ilt_kit.store.files import SessionFile, load_record
from ilt_kit.tui.screens.home import HomeScreen
from ilt_kit.tui.screens.review import ReviewScreen, SessionDetail
from ilt_kit.tui.screens.run import RunScreen
from tests.tui.conftest import driven, plain

SIZE = (120, 36)


async def test_the_start_dialog_refuses_an_empty_team_and_starts_a_session_from_home(make_app, tmp_path):
    app, _ = make_app(scenario_id=None)
    app.default_team = None  # typed in, not from a file
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        options = app.screen.query_one("#scenarios", OptionList)
        index = next(i for i, s in enumerate(app.screen.scenarios) if s.id == "test-all-kinds")
        options.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")  # no member yet
        await pilot.pause()
        assert "Add at least one member" in plain(app.screen.query_one("#error"))
        assert not (app.sessions_dir).exists() or not list(app.sessions_dir.glob("*.toml"))
        dialog = app.screen
        dialog.query_one("#members", TextArea).text = "Ana Ruiz, principal\nBen Ode, coach\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert app.flush_saves()
        record = load_record(app.session_file.path)
    assert [m.name for m in record.team.members] == ["Ana Ruiz", "Ben Ode"]
    assert record.title == "Every segment kind"
    assert app.session_file.path.parent == tmp_path / "sessions"


async def test_home_offers_the_last_sessions_team_and_resumes_an_unfinished_session(make_app, library, team, clock):
    app, _ = make_app(scenario_id=None)
    app.default_team = None
    from ilt_kit.session.engine import Session, build_record

    record = build_record(library.scenario("test-all-kinds"), {k: v.item for k, v in library.rubrics.items()}, team, "Unfinished", "Dana Whitfield", clock.wall())
    handle = SessionFile.create(app.sessions_dir, record)
    session = Session(record, clock=clock, wall=clock.wall, saver=handle.save)
    session.next()
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()  # the trends, worked out after the list
        await pilot.pause()
        # the last session's team is offered
        home = app.screen
        home.ask_start(next(s for s in home.scenarios if s.id == "test-all-kinds"))
        await pilot.pause()
        members = app.screen.query_one("#members", TextArea).text
        assert "Marcus Chen, teacher leader" in members
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home
        # resume from home
        sessions = app.screen.query_one("#sessions", OptionList)
        sessions.focus()
        sessions.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert app.session.index == 1 and not app.session.running


def _saved_sessions(make_session, count: int = 3):
    from datetime import timedelta

    handles = []
    for n in range(count):
        session, handle = make_session(title=f"Vision {n + 1}")
        session.goto(2)
        for member in session.member_names:
            session.rated.cast("shared-vision", member, 2 + (n > 0))
        session.rated.reveal("shared-vision")
        session.rated.agree("shared-vision", 1 + n, f"evidence {n}")
        session.goto(6)
        session.actions.add(f"Action {n + 1}", "Priya Raman", date(2026, 11, 1) + timedelta(days=30 * n))
        handles.append(handle)
    return handles


async def test_review_lists_opens_shows_unreadable_files_compares_and_marks_an_action_done_in_its_file(make_app, make_session, tmp_path):
    """The list, a session opened and closed, the unreadable files; the compare tab's movement,
    and with one school the s key does nothing; the follow-up tab's x marks an action done,
    changing that action's line of its file alone."""
    handles = _saved_sessions(make_session)
    folder = handles[0].path.parent
    (folder / "broken.toml").write_text("schema_version = 1\ntitle = [")
    (folder / "empty.toml").write_text("")
    app, clock = make_app(scenario_id=None)
    app.start = lambda a: ReviewScreen(folder)
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()  # the trends, worked out after the list
        await pilot.pause()
        table = app.screen.query_one("#sessions-table", DataTable)
        assert table.row_count == 3
        assert "2 unreadable" in plain(app.screen.query_one("#sessions-status"))
        bad = plain(app.screen.query_one("#bad"))
        assert "broken.toml" in bad and "empty.toml" in bad and "the file is empty" in bad
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetail)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        # compare: the movement; one school: the s key does nothing
        compare = plain(app.screen.query_one("#compare"))
        assert "Shared vision for student learning" in compare
        assert "▲ +1" in compare and "3 Established" in compare
        await pilot.press("s")  # one school: the key does nothing
        await pilot.pause()
        assert table.row_count == 3
        assert "School" not in [str(c.label) for c in table.columns.values()]
        # follow up: x marks an action done in its file
        app.screen.query_one("#tabs").active = "tab-followup"
        await pilot.pause()
        actions = app.screen.query_one("#actions-table", DataTable)
        actions.focus()
        first = app.screen.actions[0]
        assert first.what == "Action 1"  # overdue first
        before = first.path.read_text()
        await pilot.press("x")
        await pilot.pause()
    after = first.path.read_text()
    assert before != after
    record = load_record(first.path)
    action = next(s for s in record.segments if s.kind == "actions").actions[0]
    assert action.status == "done" and action.done_on == clock.wall().date()
    old, new = before.splitlines(), after.splitlines()
    changed = [(a, b) for a, b in zip(old, new) if a != b]
    assert len(old) == len(new) and len(changed) == 1, changed  # only that action's line
    assert changed[0][1] == changed[0][0].replace('status = "open"', 'status = "done", done_on = 2026-11-22')


async def test_home_loads_the_content_after_its_first_frame(tmp_path):
    from ilt_kit.tui.app import IltApp
    from tests.conftest import CONTENT, FakeClock

    clock = FakeClock()
    app = IltApp(None, sessions_dir=tmp_path / "sessions", clock=clock, wall=clock.wall)
    app.content_dirs = [CONTENT]
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()  # the trends, worked out after the list
        await pilot.pause()
        ids = [s.id for s in app.screen.scenarios]
    assert "test-all-kinds" in ids and len(ids) > 1  # the fixture content and the built-in library


def _two_schools(make_session):
    """Three Lincoln sessions (school unknown) and the same three as Roosevelt Elementary's."""
    import re

    handles = _saved_sessions(make_session)
    folder = handles[0].path.parent
    for n, handle in enumerate(handles):
        text = handle.path.read_text(encoding="utf-8")
        text = re.sub(r'^session_id = ".*"$', f'session_id = "roosevelt-{n}"', text, count=1, flags=re.M)
        text = text.replace('[team]\nname = "Lincoln Middle School ILT"\n', '[team]\nname = "Roosevelt ILT"\nschool = "Roosevelt Elementary"\n')
        (folder / f"roosevelt-{n}.toml").write_text(text.replace("Vision ", "Roosevelt vision "), encoding="utf-8")
    conflict = folder / f"{handles[0].path.stem} (conflicted copy 2026-11-23).toml"
    conflict.write_text(handles[0].path.read_text(encoding="utf-8").replace('"Vision 1"', '"Vision 1 (laptop)"'), encoding="utf-8")
    return folder


# The review filtered by school with the s key: on the app of its snapshot at 120x36,
# tests/tui/test_snapshots.py (s_filters_by_school).


async def test_review_district_trends_show_the_report_figures(make_app, make_session):
    from ilt_kit.review.report_md import report_md
    from ilt_kit.review.scan import scan
    from tests.unit.test_district_trends import _md_figures

    folder = _two_schools(make_session)
    figures = _md_figures(report_md(scan(folder).entries))
    latest: dict[str, tuple[str, float, int]] = {}
    for (title, term), (value, schools) in figures.items():  # in the report's order: terms in time order
        latest[title] = (term, value, schools)
    app, _ = make_app(scenario_id=None)
    app.start = lambda a: ReviewScreen([folder])
    async with driven(app, size=(160, 60)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()  # the trends, worked out after the list
        await pilot.pause()
        compare = plain(app.screen.query_one("#compare"))
    assert latest
    for title, (term, value, schools) in latest.items():
        assert f"{value:g} ({term}, {schools} of 2 schools)" in compare, (title, compare)
