"""Letting members join from their own devices: the app's side of the join server.

:class:`Joining` starts the web server on the app's own event loop when the facilitator presses
``j`` (or at start with ``--join``), ties it to the run screen — phones follow the engine's focus
(the criterion the facilitator moved to), and the screen redraws after every answer from a
phone — and stops it when joining is stopped or the app ends.

While joining is on, the link, code, port and claims are kept beside the session file
(:mod:`ilt_kit.join.kept`): after a crash or a quit, ``ilt-kit resume`` starts joining again
with them, so phones carry on by themselves. Stopping joining (``s``) forgets them.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from ilt_kit.diagnostics.problems import FileProblems
from ilt_kit.join.kept import KeptJoin, kept_path, read_kept, remove_kept, write_kept
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
KEEP_DELAY = 1.0
"""Seconds from a phone's answer to keeping what the device sent (answers in between share it)."""


class Joining:
    """The join server of one app: at most one room, for the session on the run screen."""

    def __init__(self, app: IltApp, host: str | None = None, port: int = DEFAULT_PORT) -> None:
        self.app = app
        self.host = host
        self.port = port
        self.server: JoinServer | None = None
        self.screen: Screen | None = None
        self._redraw_pending = False
        self._keep_pending = False
        self.kept_file: Path | None = None
        """Where the join is kept beside the session file (None: the session has no file)."""
        self.moved_from: int | None = None
        """The port phones used before a restart, when it was taken and another is used now (the
        link and its QR code changed: phones must scan again)."""
        self.problem: str | None = None
        """Why a kept join could not be used (its file, line and reason); a new one was made."""
        self._thresholds: tuple[int, ...] | None = None
        """The garbage collector's thresholds from before joining began: set again when it stops."""

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
        if isinstance(current, JoinScreen) and current.is_mounted:  # one just opening shows itself as it mounts
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
        handle = self.app.session_file
        self.kept_file = kept_path(handle.path) if handle is not None and handle.path is not None else None
        kept = self._read_kept()
        if kept is not None:
            room.restore(kept)
        server = await self._start(room, kept.port if kept is not None else None)
        self.server = server
        room.keep = self._keep
        self._write_kept()
        self._changed()  # the run screen marks the members on devices (after a resume: at once, not at their next answer)
        # While phones send answers, the garbage collector must not hold the screen: the app's
        # long-lived objects (content, screens, the session so far) are set aside from it, and it
        # runs less often (measured by bench/bench_join_ideas.py: full collections had held the
        # screen up to 370 ms at a time during a flood of ideas).
        gc.freeze()
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
        gc.set_threshold(*GC_THRESHOLDS)
        return server

    def _read_kept(self) -> KeptJoin | None:
        """The join kept beside the session file; a file that cannot be used is said (file, line,
        reason) and a new join is made: the session itself is untouched."""
        self.problem = None
        if self.kept_file is None:
            return None
        try:
            return read_kept(self.kept_file)
        except FileProblems as error:
            self.problem = str(error)
            self.app.notify(
                f"The phones' join could not be read again, so phones join anew with a new code:\n{error}",
                severity="warning",
                timeout=20,
            )
            return None

    async def _start(self, room: JoinRoom, saved: int | None) -> JoinServer:
        """Listen on the port phones used before a restart if it is free; else on the one asked
        for, else any free one (the link changes then: :attr:`moved_from`). A new join listens on
        the port asked for, or says why it cannot (``OSError``)."""
        self.moved_from = None
        ports = list(dict.fromkeys((saved, self.port, 0))) if saved else [self.port]  # a new join: the port asked for
        for port in ports:
            server = JoinServer(room, host=self.host, port=port)
            try:
                await server.start()
            except OSError:
                if port == ports[-1]:
                    raise
                continue
            if saved and server.port != saved:
                self.moved_from = saved
            return server
        raise AssertionError("unreachable")

    def _keep(self, now: bool) -> None:
        """The room changed what is kept: at once for the room itself, a moment later for answers."""
        if now:
            self._write_kept()
        elif not self._keep_pending:
            self._keep_pending = True
            self.app.set_timer(KEEP_DELAY, self._write_kept)

    def _write_kept(self, server: JoinServer | None = None) -> None:
        self._keep_pending = False
        server = server or self.server
        if server is None or self.kept_file is None:
            return
        if server.room.session.finished:  # nothing left to answer after a restart
            remove_kept(self.kept_file)
            return
        try:
            write_kept(self.kept_file, server.room.kept(server.port))
        except OSError as error:
            if not self.app.is_running:
                return
            self.app.notify(
                f"Could not keep the phones' join beside the session ({error.strerror or error}): "
                "after a restart phones join again with a new code.",
                severity="warning",
                timeout=10,
            )

    def devices(self, session: object) -> int:
        """How many members of ``session`` answer on their own devices now (0 when joining is stopped)."""
        room = self.room
        return len(room.claims) if room is not None and room.session is session else 0

    def device_members(self, session: object) -> frozenset[str]:
        """The members of ``session`` who have claimed their name on a device (none when joining is stopped)."""
        room = self.room
        return frozenset(room.claims) if room is not None and room.session is session else frozenset()

    async def stop(self, ending: str | None = None) -> None:
        """Stop the server. ``ending``: the facilitator stopped joining on purpose (the pages say
        so and stop trying, and nothing is kept for a restart); None: the app ends, and the join
        is kept for ``resume``."""
        server, self.server = self.server, None
        if server is None:
            return
        if self._thresholds is not None:  # joining is off: the collector runs as it did before
            gc.set_threshold(*self._thresholds)
            self._thresholds = None
        if ending is None:
            self._write_kept(server)
        elif self.kept_file is not None:
            remove_kept(self.kept_file)
        await server.stop(ending)
