"""Letting members join from their own devices: the app's side of the join server.

:class:`Joining` starts the web server on the app's own event loop when the facilitator presses
``j`` (or at start with ``--join``), ties it to the run screen — phones follow the engine's focus
(the criterion the facilitator moved to), and the screen redraws after every answer from a
phone — and stops it when joining is stopped or the app ends.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from ilt_kit.join.room import JoinRoom
from ilt_kit.join.server import JoinServer

if TYPE_CHECKING:
    from textual.screen import Screen

    from ilt_kit.tui.app import IltApp

DEFAULT_PORT = 8765
REDRAW_DELAY = 0.1
"""Seconds from a phone's answer to the redraw that shows it (answers in between share it)."""
GC_THRESHOLDS = (20_000, 20, 20)
"""The garbage collector's thresholds while joining is on (Python's are 700, 10, 10)."""


class Joining:
    """The join server of one app: at most one room, for the session on the run screen."""

    def __init__(self, app: IltApp, host: str | None = None, port: int = DEFAULT_PORT) -> None:
        self.app = app
        self.host = host
        self.port = port
        self.server: JoinServer | None = None
        self.screen: Screen | None = None
        self._redraw_pending = False

    @property
    def room(self) -> JoinRoom | None:
        return self.server.room if self.server is not None else None

    def _changed(self) -> None:
        """After a phone's answer or claim: the screens redraw once, a moment later, however many
        answers came in the meantime (a room answering at once is one redraw, not thirty)."""
        if not self._redraw_pending:
            self._redraw_pending = True
            self.app.set_timer(REDRAW_DELAY, self._redraw)

    def _redraw(self) -> None:
        """The run screen shows who has answered, the join screen (when it is open) who has joined."""
        from textual.app import ScreenStackError

        from ilt_kit.tui.screens.join import JoinScreen

        self._redraw_pending = False
        screen = self.screen
        if screen is not None and screen.is_attached:
            from ilt_kit.tui.panes.base import SessionChanged

            screen.post_message(SessionChanged())
        try:
            current = self.app.screen
        except ScreenStackError:  # the app is closing: nothing is shown any more
            return
        if isinstance(current, JoinScreen):
            current.show()

    async def open(self, screen: Screen) -> JoinServer:
        """Start the server for the session of ``screen`` (the run screen), or keep the one running."""
        session = screen.session  # type: ignore[attr-defined]
        self.screen = screen
        if self.server is not None and self.server.room.session is session:
            return self.server
        await self.stop()
        room = JoinRoom(
            session,
            scenario=self.app.scenario_for(session),
            rubric_for=self.app.rubric_for,
            changed=self._changed,
            clock=self.app.clock,
        )
        server = JoinServer(room, host=self.host, port=self.port)
        await server.start()
        self.server = server
        # While phones send answers, the garbage collector must not hold the screen: the app's
        # long-lived objects (content, screens, the session so far) are set aside from it, and it
        # runs less often (measured by bench/bench_join_ideas.py: full collections had held the
        # screen up to 370 ms at a time during a flood of ideas).
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
        return server

    def devices(self, session: object) -> int:
        """How many members of ``session`` answer on their own devices now (0 when joining is stopped)."""
        room = self.room
        return len(room.claims) if room is not None and room.session is session else 0

    def device_members(self, session: object) -> frozenset[str]:
        """The members of ``session`` who have claimed their name on a device (none when joining is stopped)."""
        room = self.room
        return frozenset(room.claims) if room is not None and room.session is session else frozenset()

    async def stop(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            await server.stop()
