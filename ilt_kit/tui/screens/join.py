"""The join screen: a QR code, a short address and a code members read from the back of the room.

It opens over the run screen with ``j``. Behind it the run screen goes on showing who has
answered; this screen shows who has joined, lets the facilitator release a member's name (a
dead phone: the member joins again on another device and keeps their answers), let in or turn
away the devices waiting for a name (each new device, with ``a``; a released name always), close
joining to new devices, or stop the join server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ilt_kit.join.qr import half_blocks, size
from ilt_kit.join.server import JoinServer
from ilt_kit.tui.screens.breakpoints import SizedFromTheStart
from ilt_kit.tui.widgets.keys import KeysFooter
from ilt_kit.tui.widgets.text import say

if TYPE_CHECKING:
    from ilt_kit.tui.join import Joining

SIDE = 42
"""Columns kept beside the code for the address, the code and the members."""
SIDE_WIDTH = 40
"""The side's own width (as in the CSS of ``#join-side``): a member's name and state fit on one line of it."""
RELEASED = "released: you let in"


class JoinScreen(SizedFromTheStart, ModalScreen[None]):
    """The way in for members' phones, shown large."""

    DEFAULT_CSS = """
    JoinScreen { align: center middle; }
    JoinScreen #join-box { width: auto; height: auto; max-height: 100%; background: $surface; border: thick $accent; padding: 0 1; overflow: hidden; }
    JoinScreen #join-qr { width: auto; height: auto; background: white; color: black; margin-right: 1; }
    JoinScreen #join-side { width: 40; height: auto; }  /* SIDE_WIDTH */
    JoinScreen .join-big { text-style: bold; color: $text; }
    JoinScreen #join-code { text-style: bold; color: $accent; }
    JoinScreen #join-state { color: $text-muted; }
    JoinScreen #join-moved { color: $warning; text-style: bold; }
    JoinScreen #join-state.-closed { color: $warning; }
    JoinScreen #join-members { height: auto; margin-top: 1; }
    """

    BINDINGS = [
        Binding("escape,j", "back", "Back", id="join.back", tooltip="Back to the run screen (phones stay joined)"),
        Binding("up", "move(-1)", "Up", show=False, id="join.up"),
        Binding("down", "move(1)", "Down", show=False, id="join.down"),
        Binding("enter", "let_in", "Let in", id="join.let_in", tooltip="Let the selected waiting device in: it answers for that member"),
        Binding("r", "release", "Release", id="join.release", tooltip="Free the selected member's name for another device (their answers stay), or turn the selected waiting device away"),
        Binding("a", "approve_each", "Approve each", id="join.approve", tooltip="Each new device waits until you let it in (Enter), or joins at once again"),
        Binding("c", "close", "Close/open joining", id="join.close", tooltip="Close joining to new devices (joined ones go on answering), or open it again"),
        Binding("s", "stop", "Stop", id="join.stop", tooltip="Stop the join server: every phone is disconnected"),
    ]

    def __init__(self, joining: Joining, server: JoinServer) -> None:
        super().__init__()
        self.joining = joining
        self.server = server
        self.selected = 0
        self.rows: list[tuple[str, str]] = []
        """What the list shows, in order: ("name", member) and, below a name, ("waiting", device token)."""

    def compose(self) -> ComposeResult:
        link = self.server.link
        width, height = self.app.size
        scale = 1
        for bigger in (2, 3):
            columns, lines = size(link, bigger)
            if columns + SIDE + 6 <= width and lines + 4 <= height:
                scale = bigger
        with Horizontal(id="join-box"):
            yield Static(Text("\n".join(half_blocks(link, scale)), no_wrap=True), id="join-qr")
            with Vertical(id="join-side"):
                yield Static("Answer on your phone", classes="join-big")
                if self.joining.moved_from is not None:  # after a restart: the old port was taken
                    yield Static(
                        f"New address: port {self.joining.moved_from} was taken, so phones scan again",
                        id="join-moved",
                    )
                elif self.joining.problem is not None:
                    yield Static("A new code: the old one could not be read again, so phones join anew", id="join-moved")
                yield Static("Scan the code, or open", id="join-how")
                yield Static(Text(self.server.base, no_wrap=True, overflow="ellipsis"), id="join-address", classes="join-big")
                yield Static("and type the code")
                yield Static(Text(" ".join(self.server.room.code), no_wrap=True), id="join-code")
                yield Static(id="join-state")
                yield Static(id="join-members")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.show()
        self.set_interval(0.5, self.show)

    def show(self) -> None:
        room = self.server.room
        state = self.query_one("#join-state", Static)
        if not room.open:
            say(state, "Joining is closed to new devices (c opens it)")
        elif room.approve_each:
            say(state, "Joining is open: each new device waits for you (a: no longer)")
        else:
            say(state, "Joining is open")
        state.set_class(not room.open, "-closed")
        say(self.query_one("#join-code", Static), Text(" ".join(room.code), no_wrap=True))  # it changes under a flood of guesses
        names = room.session.member_names
        waiting: dict[str, list[str]] = {}
        for token, claim in room.waiting.items():
            waiting.setdefault(claim.member, []).append(token)
        chosen = self.rows[self.selected] if 0 <= self.selected < len(self.rows) else None
        self.rows = []
        for name in names:
            self.rows.append(("name", name))
            self.rows.extend(("waiting", token) for token in waiting.get(name, []))
        if chosen in self.rows:
            self.selected = self.rows.index(chosen)
        self.selected = max(0, min(self.selected, len(self.rows) - 1))
        lines = Text()
        joined = sum(name in room.claims for name in names)
        lines.append(f"{joined} of {len(names)} joined\n", style="bold")
        for index, (kind, value) in enumerate(self.rows):
            style = "reverse" if index == self.selected else ""
            if kind == "waiting":
                lines.append("  └ ")
                lines.append(f"device {room.waiting[value].label} waits", style=style)
                lines.append(" · Enter lets in\n", style="dim")
                continue
            joined, released = value in room.claims, value not in room.claims and value in room.locked
            state = " · joined" if joined else f" · {RELEASED}" if released else ""
            below = released and cell_len(f"○ {value}{state}") > SIDE_WIDTH  # then on a line of its own
            name = Text(value)
            name.truncate(SIDE_WIDTH - 2 - (0 if below else cell_len(state)), overflow="ellipsis")
            lines.append("● " if joined else "○ ", style=style)
            lines.append(name.plain, style=style)
            lines.append(f"\n  └ {RELEASED}\n" if below else f"{state}\n", style="dim")
        say(self.query_one("#join-members", Static), lines)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_move(self, step: int) -> None:
        self.selected += step
        self.show()

    def action_let_in(self) -> None:
        room = self.server.room
        kind, value = self.rows[self.selected]
        claim = room.waiting.get(value) if kind == "waiting" else None
        if claim is None:
            self.notify("Select a waiting device (below its name) to let it in", severity="warning")
            return
        room.approve(value)
        self.notify(f"Device {claim.label} answers for {claim.member}")
        self.show()

    def action_approve_each(self) -> None:
        room = self.server.room
        room.set_approve_each(not room.approve_each)
        self.show()

    def action_release(self) -> None:
        room = self.server.room
        kind, name = self.rows[self.selected]
        if kind == "waiting":
            claim = room.waiting.get(name)
            if claim is not None:
                room.turn_away(name)
                self.notify(f"Device {claim.label} turned away from {claim.member}")
            self.show()
            return
        if name not in room.claims:
            self.notify(f"{name} has not joined", severity="warning")
            return
        room.release(name)
        self.notify(f"{name} can join again on another device, once you let it in; their answers are kept")
        self.show()

    def action_close(self) -> None:
        room = self.server.room
        room.set_open(not room.open)
        self.show()

    async def action_stop(self) -> None:
        await self.joining.stop("stopped")
        self.notify("Joining stopped: phones are disconnected (j starts it again)")
        self.dismiss(None)
