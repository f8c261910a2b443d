"""While saving fails the screen says so and keeps saying it; quit warns and offers another file;
quitting with unsaved changes, or after an unexpected error, never exits 0."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from ilt_kit.store import files
from ilt_kit.store.files import load_record
from ilt_kit.tui.launch import _ending
from ilt_kit.tui.screens.dialogs import UnsavedQuit
from tests.forked import run_ilt
from tests.tui.conftest import driven, plain, type_text

SIZE = (120, 36)


def fail_in(monkeypatch, folder: Path) -> None:  # noqa: ANN001
    """Writes into ``folder`` fail as on a full disk; elsewhere they work."""
    real = files.atomic_write

    def write(path, data, **kwargs):  # noqa: ANN001, ANN003
        if Path(path).parent == folder:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data, **kwargs)

    monkeypatch.setattr(files, "atomic_write", write)


async def record_decision(pilot, text: str) -> None:  # noqa: ANN001
    await pilot.press("d")
    await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause(0.2)  # the copy's timer, the writer's attempt, its report to the screen


async def test_a_failing_save_shows_a_bar_that_stays_and_quit_exits_1(make_app, monkeypatch, capsys) -> None:
    app, clock = make_app()
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()
        path = app.session_file.path
        fail_in(monkeypatch, path.parent)
        await record_decision(pilot, "kept")
        bar = app.screen.query_one("#save-problem")
        assert "NOT SAVED" in plain(bar) and str(path) in plain(bar).replace("\n", "")
        for key in ("space", "right", "space"):  # more keys, more time: the bar stays
            await pilot.press(key)
            clock.advance(30)
            await pilot.pause(0.1)
        assert app.screen.query("#save-problem") and app.unsaved
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedQuit)
        assert "not saved" in plain(app.screen.query_one(".dialog-title")).lower()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_value == 1
    assert _ending(app, app.return_value) == 1
    err = capsys.readouterr().err
    assert "quit with unsaved changes" in err and str(path) in err
    assert [d.text for d in load_record(path).decisions] == []


async def test_a_save_that_failed_before_the_app_ran_is_said_once_the_screen_is_up(make_app, monkeypatch) -> None:
    """A change saved before the app runs (``ilt-kit resume`` on a full disk) fails while no screen
    can say so yet: the first screen says it as soon as it is drawn, not at the writer's next try."""
    opened = []
    app, _ = make_app(prepare=opened.append)
    fail_in(monkeypatch, app.saver.handle.path.parent)
    opened[0].toggle()  # the timer starts: a change to save
    assert app.flush_saves() and app.saver.problem is not None  # written and failed, before the app ran
    async with driven(app, size=SIZE):
        assert "NOT SAVED" in plain(app.screen.query_one("#save-problem"))


async def test_a_journal_that_cannot_be_written_shows_the_bar_too(make_app, monkeypatch) -> None:
    """The journal line is written on the app's own thread, in the engine call."""
    from ilt_kit.store.journal import Journal

    app, _ = make_app()
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()
        path = app.session_file.path
        fail_in(monkeypatch, path.parent)

        def full(self, ops, sync=True):  # noqa: ANN001
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(Journal, "write", full)
        await record_decision(pilot, "nowhere to go")
        assert "NOT SAVED" in plain(app.screen.query_one("#save-problem"))


async def test_quit_writes_the_session_to_another_file_when_asked(make_app, monkeypatch, tmp_path, capsys) -> None:
    app, _ = make_app()
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()
        path = app.session_file.path
        fail_in(monkeypatch, path.parent)
        await record_decision(pilot, "kept elsewhere")
        await pilot.press("q")
        await pilot.pause()
        elsewhere = tmp_path / "rescued.toml"
        app.screen.query_one("#elsewhere").value = str(elsewhere)
        await pilot.press("s")
        await pilot.pause()
    assert app.return_value == 0
    assert [d.text for d in load_record(elsewhere).decisions] == ["kept elsewhere"]
    assert _ending(app, app.return_value) == 0
    assert str(elsewhere) in capsys.readouterr().err


async def test_the_bar_goes_once_saving_works_again(make_app, monkeypatch) -> None:
    app, _ = make_app()
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()
        path = app.session_file.path
        app.saver.retry = 0.05
        fail_in(monkeypatch, path.parent)
        await record_decision(pilot, "late but saved")
        assert app.screen.query("#save-problem")
        monkeypatch.undo()
        for _ in range(50):
            await pilot.pause(0.05)
            if not app.screen.query("#save-problem"):
                break
        assert not app.screen.query("#save-problem") and not app.unsaved
        assert [d.text for d in load_record(path).decisions] == ["late but saved"]
        await pilot.press("q")
        await pilot.pause()
        assert "Everything is saved" in plain(app.screen.query_one(".dialog-detail"))


async def test_an_unexpected_error_exits_1_with_one_line_after_saving(make_app, capsys) -> None:
    app, _ = make_app()
    with pytest.raises(RuntimeError):
        async with driven(app, size=SIZE) as pilot:
            await pilot.pause()
            path = app.session_file.path
            await record_decision(pilot, "made before the error")

            def boom() -> None:
                raise RuntimeError("something\nbroke")

            app.screen.action_toggle_timer = boom
            await pilot.press("space")
            await pilot.pause()
    assert _ending(app, app.return_value) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "unexpected error (RuntimeError: something broke)" in err and f"ilt-kit resume {path}" in err
    assert [d.text for d in load_record(path).decisions] == ["made before the error"]


def test_the_real_command_exits_1_with_one_line_and_no_traceback(make_session, tmp_path: Path) -> None:
    """``ilt-kit resume`` in a real process (headless, forked from this one), with an error raised inside the app."""
    _, handle = make_session()

    def break_the_clock() -> None:  # in the child only
        from ilt_kit.tui.screens.run import RunScreen

        def boom(self):  # noqa: ANN001, ANN202
            raise ValueError("a bug")

        RunScreen.refresh_clock = boom

    env = dict(os.environ, TEXTUAL_DRIVER="textual.drivers.headless_driver:HeadlessDriver", COLUMNS="120", LINES="36")
    result = run_ilt(["resume", str(handle.path)], env=env, cwd=tmp_path, before=break_the_clock)
    assert result.returncode == 1, result
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert "unexpected error (ValueError: a bug)" in lines[0] and str(handle.path) in lines[0]
