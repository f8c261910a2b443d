"""Text from files and people is shown literally on every screen: no markup, no escapes.

Every text field of the content, the team and the session carries markup (``[/]`` that crashes a
markup parser, a link, a click action that would write a screenshot where the file's author chose,
a bold tag) and a terminal escape (an OSC title sequence). Each screen is driven by keys and its
rendered cells are read back: the markup must be there as written, with no link or click action
behind it, and no control character may reach the terminal.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from textual.widgets import DataTable, OptionList

from ilt_kit.content.kinds import SEGMENT_KINDS
from ilt_kit.content.library import load_library
from ilt_kit.content.models import Team
from ilt_kit.tui.panes.base import SessionChanged
from tests.conftest import CONTENT, FakeClock
from tests.tui.conftest import driven

SIZE = (120, 36)
CLICK = "[@click=app.screenshot('x.svg','{dir}')]z[/]"
MARKS = ("[/]", "[link=x]y[/link]", "[@click=app.screenshot(", "[b]")
OSC = "\x1b]0;PWNED\x07"


def hostile(dir_: Path) -> str:
    return f"[b]B [/] [link=x]y[/link] {CLICK.format(dir=dir_)}"


def hostile_content(tmp_path: Path, payload: str) -> Path:
    """The fixture content with the payload appended to every title, prompt, label and text."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    keys = "title|purpose|prompt|label|descriptor|vision|notes|summary|framework|no_evidence|from|to|part"
    escaped = payload.replace("\\", "\\\\")
    for file in folder.rglob("*.toml"):
        text = re.sub(rf'^((?:{keys}) = ")(.*)"$', lambda m: f'{m.group(1)}{m.group(2)} {escaped}"', file.read_text(), flags=re.M)
        text = re.sub(r'^(\d+ = ")(.*)"$', lambda m: f'{m.group(1)}{m.group(2)} {escaped}"', text, flags=re.M)
        text = re.sub(r'^(?!shows )(.*?)= \["', lambda m: f'{m.group(1)}= ["{escaped} ', text, flags=re.M)  # shows names segments
        file.write_text(text)
    return folder


def screen_cells(app) -> tuple[str, list]:
    """What the terminal gets for the current screen: its text, and the style of every cell run."""
    strips = app.screen._compositor.render_strips()
    lines = ["".join(segment.text for segment in strip) for strip in strips]
    styles = [segment.style for strip in strips for segment in strip if segment.style is not None]
    return "\n".join(lines), styles


def assert_literal(app, where: str, expect_marks: bool = True) -> None:
    text, styles = screen_cells(app)
    assert "\x1b" not in text and "\x07" not in text, f"{where}: a control character reached the terminal"
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), where
    if expect_marks:
        assert any(mark in text for mark in MARKS), f"{where}: no literal markup shown\n{text}"
    for style in styles:
        assert style.link != "x", f"{where}: a link from the file was rendered"
        meta = style.meta or {}
        assert "screenshot" not in str(meta.get("@click", "")), f"{where}: a click action from the file was rendered"


@pytest.fixture
def hostile_app(tmp_path):
    payload = hostile(tmp_path / "shots")
    library = load_library([hostile_content(tmp_path, payload)], cwd=tmp_path)
    assert not [p for p in library.problems if "content" in p.path], library.problems
    team = Team.model_validate(
        {
            "name": f"Team {payload}",
            "facilitator": "[b]Dana",
            "members": [
                {"name": "Ana [/]", "role": "principal"},
                {"name": "[link=x]Ben[/link]", "role": "coach"},
                {"name": CLICK.format(dir=tmp_path / "shots"), "role": "teacher leader"},
                {"name": "[b]Cy", "role": "other"},
            ],
        }
    )

    def make(**kwargs):
        from ilt_kit.tui.app import IltApp

        clock = FakeClock()
        app = IltApp(library, sessions_dir=tmp_path / "sessions", team=team, clock=clock, wall=clock.wall, **kwargs)
        return app, clock

    return make, payload, library, team


async def test_markup_and_escapes_are_literal_on_every_screen_and_in_the_notification_of_an_unreadable_file(hostile_app, tmp_path):
    from ilt_kit.tui.screens.home import HomeScreen

    make, payload, library, team = hostile_app
    app, clock = make()
    async with driven(app, size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()  # the trends, worked out after the list
        await pilot.pause()
        home = app.screen
        options = home.query_one("#scenarios", OptionList)
        options.highlighted = next(i for i, s in enumerate(home.scenarios) if s.id == "test-all-kinds")
        await pilot.pause()
        assert_literal(app, "home")
        # resuming an unreadable file whose name is markup: the notification names it literally
        assert isinstance(home, HomeScreen)
        bad = tmp_path / f"[b]x[link=x]y{OSC}.toml"
        bad.write_text("schema_version = 1\ntitle = [")
        home._resume(bad)
        await pilot.pause()
        assert_literal(app, "notification of a bad file")
        app.clear_notifications()  # the screens below are read without it
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert_literal(app, "start dialog")
        app.screen.query_one("#title").value = payload + OSC  # as if pasted
        await pilot.press("ctrl+s")
        await pilot.pause()
        session = app.session
        assert session is not None and "\x1b" not in session.record.title  # typed controls are not recorded
        names = session.member_names
        seen = set()
        for _ in range(len(session.segments)):
            kind = session.segment.kind
            session.set_notes(payload)
            if kind == "brainstorm":
                session.brainstorm.add(payload, author=names[0], theme=payload)
                session.brainstorm.add("second " + payload, author=names[2])
            elif kind in ("rubric", "survey"):
                segment = session.segment
                criterion = segment.criteria[0].id
                for n, name in enumerate(names):
                    session.rated.cast(criterion, name, segment.scale[-1 - (n % 3)].value)
                app.screen.post_message(SessionChanged())
                await pilot.pause()
                assert_literal(app, f"{kind} hidden")
                await pilot.press("r")
                if kind == "rubric":
                    session.rated.agree(criterion, segment.scale[-1].value, payload)
            elif kind == "forecast":
                session.forecast.add_item(payload, payload)
                session.forecast.rate(session.segment.items[0].id, names[1], 2, 4)
            elif kind == "prioritize":
                ideas = session.dots.source_ideas()
                session.dots.place(names[2], ideas[0].id)
            elif kind == "actions":
                session.actions.add(payload, names[1], link=payload)
            session.speak(names[2])
            clock.advance(5)
            app.screen.post_message(SessionChanged())
            await pilot.pause()
            assert_literal(app, kind)
            seen.add(kind)
            if kind in ("brainstorm", "actions"):
                await pilot.press("e")  # the edit dialog shows the idea or action
                await pilot.pause()
                assert_literal(app, f"{kind} edit dialog", expect_marks=False)
                await pilot.press("escape")
                await pilot.press("delete")  # the confirm dialog quotes it
                await pilot.pause()
                assert_literal(app, f"{kind} delete dialog")
                await pilot.press("n")
            if kind == "rubric":
                await pilot.press("a")
                await pilot.pause()
                assert_literal(app, "agree dialog")
                await pilot.press("escape")
            await pilot.press("w")
            await pilot.pause()
            assert_literal(app, f"{kind} notes dialog")
            await pilot.press("escape")
            await pilot.pause()
            if session.index < len(session.segments) - 1:
                await pilot.press("n")
                await pilot.pause()
                if app.screen.__class__.__name__ == "Confirm":  # criteria left unagreed: asked once
                    await pilot.press("y")
                    await pilot.pause()
        assert len(seen) == 8 and seen <= set(SEGMENT_KINDS)  # the eight kinds of the hostile scenario (a kind added later is not in it)
        session.add_decision(payload)
        await pilot.press("F")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert type(app.screen).__name__ == "SummaryScreen"
        assert_literal(app, "summary")
        app.notify(payload, title=payload)
        await pilot.pause()
        assert_literal(app, "notification")
        assert app.flush_saves()
    assert not (tmp_path / "shots").exists()


async def test_review_tabs_and_notifications_show_file_text_literally(hostile_app, tmp_path):
    from ilt_kit.session.engine import Session, build_record
    from ilt_kit.store.files import SessionFile
    from ilt_kit.tui.screens.review import ReviewScreen

    make, payload, library, team = hostile_app
    clock = FakeClock()
    folder = tmp_path / "sessions"
    rubrics = {k: v.item for k, v in library.rubrics.items()}
    for n in range(2):
        record = build_record(library.scenario("test-all-kinds"), rubrics, team, f"{payload} {n}", "[b]Dana", clock.wall())
        handle = SessionFile.create(folder, record)
        session = Session(record, clock=clock, wall=clock.wall, saver=handle.save)
        session.goto(2)
        for name in session.member_names:
            session.rated.cast("shared-vision", name, 2 + n)
        session.rated.reveal("shared-vision")
        session.rated.agree("shared-vision", 2 + n, payload)
        session.goto(6)
        session.actions.add(payload, session.member_names[0])
        clock.advance(86400 * 30)
    bad = folder / f"[b]bad[@click=app.quit]z[link=x]y{OSC}.toml"
    bad.write_text("schema_version = 1\ntitle = [")
    app, _ = make()
    app.start = lambda a: ReviewScreen(folder)
    async with driven(app, size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()  # the trends, worked out after the list
        await pilot.pause()
        assert app.screen.query_one("#sessions-table", DataTable).row_count == 2
        assert_literal(app, "review list")
        for tab in ("tab-compare", "tab-followup", "tab-bad"):
            app.screen.query_one("#tabs").active = tab
            await pilot.pause()
            assert_literal(app, tab)
        app.screen.query_one("#tabs").active = "tab-followup"
        await pilot.pause()
        app.screen.query_one("#actions-table", DataTable).focus()
        await pilot.press("x")  # the notification names the file
        await pilot.pause()
        assert_literal(app, "mark done", expect_marks=False)
        app.screen.query_one("#tabs").active = "tab-sessions"
        await pilot.pause()
        app.screen.query_one("#sessions-table", DataTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "SessionDetail"
        assert_literal(app, "session detail")
