"""The join screen with long member names, at 80x24 and 120x36: each name and its state stay on
one line (a name too long for the side is cut with an ellipsis, never wrapped)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.conftest import FakeClock
from tests.tui.conftest import keyed, plain

SIZES = [(80, 24), (120, 36)]
LONG = "Maximilian Oyelaran-Fitzgerald"
TEAM = f"""\
name = "Lincoln Middle School ILT"
facilitator = "Dana Whitfield"

[[members]]
name = "Dana Whitfield"
role = "principal"

[[members]]
name = "{LONG}"
role = "assistant principal"

[[members]]
name = "Anna-Katharina Villanueva-Rodríguez de la Cruz"
role = "teacher leader"

[[members]]
name = "Priya Raman"
role = "coach"

[[members]]
name = "Bartholomew Featherstonehaugh"
role = "teacher leader"
"""


def _app(library, tmp_path):
    """The join screen over the run screen, with a fixed address and code (the same picture on
    every run); the server is not started: the screen only reads its room."""
    from ilt_kit.content.library import load_team
    from ilt_kit.join.room import JoinRoom
    from ilt_kit.join.server import JoinServer
    from ilt_kit.tui.app import IltApp
    from ilt_kit.tui.screens.join import JoinScreen

    (tmp_path / "team.toml").write_text(TEAM, encoding="utf-8")
    team = load_team(tmp_path / "team.toml")
    clock = FakeClock()
    app = IltApp(library, sessions_dir=tmp_path / "sessions", team=team, clock=clock, wall=clock.wall)
    session, handle = app.new_session(library.scenario("test-all-kinds"), team, "Blue sky — Lincoln MS", "Dana Whitfield")
    room = JoinRoom(session, clock=clock)
    room.token, room.code = "a-fixed-token-for-the-picture", "K7QM4P"
    for name in session.member_names[:4]:
        room.claim(name)
    room.release(session.member_names[2])  # a dead phone: the name waits for the facilitator
    server = JoinServer(room, host="127.0.0.1", port=8765)

    async def join(pilot) -> None:
        await pilot.app.push_screen(JoinScreen(SimpleNamespace(moved_from=None, problem=None), server))
        await pilot.pause()

    app.start = lambda a: a.run_screen(session, handle)
    return app, join


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_each_member_and_their_state_stay_on_one_line_snapshot(snap_compare, library, tmp_path, size):
    """The snapshot, and each row of the members read back from the screen it shows."""
    app, join = _app(library, tmp_path)

    async def run_before(pilot) -> None:
        await join(pilot)
        members = app.screen.query_one("#join-members")
        assert members.region.right <= size[0]
        lines = plain(members, members.region.width).splitlines()
        assert lines[0].startswith("3 of 5 joined")
        rows = [line for line in lines[1:] if line.strip()]
        assert len(rows) == 5 + 1, rows  # a line each, and the released name's state below it
        assert rows[0] == "● Dana Whitfield · joined"
        assert rows[1].startswith("● Maximilian") and rows[1].endswith(" · joined"), rows
        assert rows[2].startswith("○ Anna-Katharina") and "…" in rows[2]
        assert rows[3].strip() == "└ released: you let in"
        assert rows[4] == "● Priya Raman · joined"
        assert rows[5] == "○ Bartholomew Featherstonehaugh"
        assert all(len(row) <= members.region.width for row in rows)

    assert snap_compare(app, terminal_size=size, run_before=keyed(run_before))
