"""UI test helpers: an app on the fixture content with a fake clock, at a pinned size."""

from __future__ import annotations

import pytest

from tests.conftest import CONTENT, FakeClock


@pytest.fixture
def make_app(library, team, tmp_path):
    from ilt_kit.tui.app import IltApp

    def make(scenario_id: str | None = "test-all-kinds", clock: FakeClock | None = None, **kwargs):
        clock = clock or FakeClock()
        app = IltApp(library, sessions_dir=tmp_path / "sessions", team=team, clock=clock, wall=clock.wall, **kwargs)
        if scenario_id is not None:
            opened = app.new_session(library.scenario(scenario_id), team, "Blue sky — Lincoln MS", "Dana Whitfield")
            app.start = lambda a: a.run_screen(*opened)
        return app, clock

    return make


def plain(widget, width: int = 200) -> str:
    """The text a Static shows (its Rich content rendered without styles)."""
    from rich.console import Console

    console = Console(width=width, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(widget.content)
    return console.export_text()


async def type_text(pilot, text: str) -> None:
    """Put ``text`` into the focused box at its cursor, as a paste does (a key a character costs a
    wait for the screen each); anywhere else the characters are pressed, in one press."""
    from textual.widgets import Input, TextArea

    focused = pilot.app.focused
    if isinstance(focused, Input):
        focused.insert_text_at_cursor(text)
    elif isinstance(focused, TextArea):
        focused.insert(text)
    else:
        await pilot.press(*text)
        return
    await pilot.pause()


__all__ = ["CONTENT", "plain", "type_text"]
