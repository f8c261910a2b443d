"""The run screen: a shell around the current segment's pane.

The shell shows where the session is (segment, countdown, agenda) and owns the keys that mean the
same in every segment (timer, next, notes, talk time, joining). The segment area is a
``ContentSwitcher`` of one pane per kind of segment on the agenda (``ilt_kit.tui.panes``), each
owning its keys, mounted when the first segment of its kind begins. After every change a :class:`~ilt_kit.tui.panes.base.SessionChanged` message
reaches the screen, which redraws the header and agenda and has the pane show the session again.
Rules (what may be scored, when ballots show) live in the engine: a refused call comes back as a
notification.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Static

from ilt_kit.content.kinds import KINDS, kind_name
from ilt_kit.session.engine import Session
from ilt_kit.tui.panes import PANES
from ilt_kit.tui.panes.base import EngineCalls, Pane, Scroll, SessionChanged, key
from ilt_kit.tui.screens.breakpoints import SizedFromTheStart
from ilt_kit.tui.screens.dialogs import Confirm
from ilt_kit.tui.widgets.agenda import Agenda
from ilt_kit.tui.widgets.clock import BigClock
from ilt_kit.tui.widgets.keys import KeyGroup, KeysFooter
from ilt_kit.tui.widgets.render import clock_text
from ilt_kit.tui.widgets.talk import talk_panel
from ilt_kit.tui.widgets.text import literal, say

if TYPE_CHECKING:
    from ilt_kit.tui.app import IltApp

SPEAKER_KEYS = KeyGroup("Member 1-9 is speaking (press again to stop)", keys="F1-F9")
SPEAKER_BINDINGS = [
    Binding(f"f{n}", f"speak({n - 1})", f"Speaker {n}", show=False, id=f"run.speak{n}", tooltip=f"Member {n} is speaking (again: stops)", group=SPEAKER_KEYS)
    for n in range(1, 10)
]


def clock_label(phase: str, running: bool, status: str) -> str:
    if status in ("done", "skipped"):
        return status.upper()
    if not running:
        return "PAUSED" if status == "paused" else "READY · space starts"
    return {"ok": "ON TIME", "warning": "UNDER 20% LEFT", "critical": "UNDER 5% LEFT", "overtime": "OVERTIME"}[phase]


PHASE_CLASSES = frozenset({"-ok", "-warning", "-critical", "-overtime", "-paused"})
"""The top bar's classes by the timer's state (the countdown's colours): one at a time."""

NARROW_BELOW = 100
"""Below this width the screen is narrow (``-narrow``): a narrower side column, panes laid out tighter."""
SIDE_WIDE, SIDE_NARROW = 32, 20
"""The side column's width (agenda and talk time), as ``#side`` in the stylesheet sets it."""


class RunScreen(EngineCalls, SizedFromTheStart, Screen):
    """Run a session: the facilitator's screen, projected for the room."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    SCOPED_CSS = False  # rules for ids inside the screen, as written
    DEFAULT_CSS = """
    /* The top bar over the agenda and the segment, in one grid: no container around the lower
       two, since every container a change's lines sit in is drawn again with them. */
    RunScreen {
        layout: grid;
        grid-size: 2;
        grid-columns: 32 1fr;
        grid-rows: 6 1fr;
    }

    RunScreen.-narrow {
        grid-columns: 20 1fr;
    }

    RunScreen.-short {
        grid-rows: 4 1fr;
    }

    RunScreen #save-problem {  /* the bar that says saving fails, while it does: over the footer */
        dock: bottom;
        margin-bottom: 1;
    }

    /* run: top bar and timer */
    #topbar {
        column-span: 2;
        height: 6;
        border-bottom: heavy $primary;
    }

    RunScreen.-short #topbar {
        height: 4;
    }

    #where {
        width: 1fr;
        padding: 0 1;
    }

    #title {
        text-style: bold;
        color: $accent;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }

    #subtitle {
        color: $foreground 70%;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }

    #phase {
        height: 1;
        margin-top: 1;
        text-style: bold;
        width: auto;
        padding: 0 1;
    }

    RunScreen.-short #phase {
        margin-top: 0;
    }

    #clock {
        margin: 0 2 0 1;
        color: $success;
    }

    RunScreen.-short #clock {
        height: 3;
    }

    #topbar.-warning #clock, #topbar.-warning #phase { color: $warning; }
    #topbar.-critical #clock { color: $error; }
    #topbar.-critical #phase { color: $error; background: $error 20%; }
    #topbar.-overtime #clock { color: $error; }
    #topbar.-overtime #phase { color: $background; background: $error; }
    #topbar.-paused #clock { color: $foreground 60%; }

    /* run: agenda, segment, talk */
    #side {
        border-right: solid $primary 50%;
    }

    #agenda-box {
        height: auto;
        max-height: 1fr;
        padding: 0 1;
    }

    #segment-area {
        width: 1fr;
        height: 1fr;
    }

    #talk-box {
        height: 1fr;
        padding: 0 1;
        border-top: solid $primary 30%;
        overflow-y: hidden;  /* a line a member under the agenda: what does not fit is left off, never a scrollbar */
    }
    """
    """The run screen's own layout: parsed when it first opens, not before the home screen's first frame."""

    BINDINGS = [
        key("space", "toggle_timer", "Timer", "Start or pause the segment timer"),
        key("n", "next", "Next", "Close this segment and go to the next (on the last one: finish)"),
        key("p", "previous", "Prev", "Go back to the previous segment", show=False),
        key("plus", "adjust(1)", "+1m", "One minute more for this segment", key_display="+", show=False, bid="more-time"),
        key("minus", "adjust(-1)", "-1m", "One minute less for this segment", key_display="-", show=False, bid="less-time"),
        key("w", "notes", "Notes", "Write this segment's notes"),
        key("d", "decision", "Decision", "Record a decision the team made", show=False),
        key("f", "facilitator_notes", "Fac. notes", "Show or hide the facilitator notes", show=False),
        key("S", "skip", "Skip", "Skip this segment", show=False),
        key("F", "finish", "Finish", "Finish the session and see the summary", show=False),
        key("j", "join", "Join", "Let members join: answer from their own phones (a QR code, an address and a code)", show=False),
        key("full_stop", "speak(-1)", "Nobody", "Nobody is speaking (talk time)", key_display=".", show=False, bid="nobody-speaks"),
        *SPEAKER_BINDINGS,
    ]

    show_notes: reactive[bool] = reactive(False, init=False, repaint=False)
    """The facilitator notes are shown (f): kept from one segment to the next."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._last_phase = ""
        self._shown_segment = ""
        self._warned: set[str] = set()

    @property
    def ilt(self) -> IltApp:
        return self.app  # type: ignore[return-value]

    @property
    def pane(self) -> Pane:
        """The pane of the current segment."""
        return self.query_one(f"#{KINDS[self.session.segment.kind].pane}", Pane)

    def current_criterion(self):  # noqa: ANN201 - CriterionResult | None
        """The criterion or statement being answered, as the engine's focus says (None outside
        rubric and survey segments)."""
        segment, item = self.session.segment, self.session.focus.item
        return next((c for c in getattr(segment, "criteria", ()) if c.id == item), None)

    # -- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            with Vertical(id="where"):
                yield Static(id="title")
                yield Static(id="subtitle")
                yield Static(id="phase")
            yield BigClock(id="clock")
        with Vertical(id="side"):
            with Scroll(id="agenda-box"):
                yield Agenda(self.session, id="agenda")
            with Scroll(id="talk-box"):
                yield Static(id="talk")
        with ContentSwitcher(id="segment-area"):
            # only the current segment's pane: each other one is mounted when its first segment comes
            # (see _open_pane), so that opening the screen styles and draws one pane, not every kind's
            name = KINDS[self.session.segment.kind].pane
            yield PANES[name](self.session, id=name)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#talk-box").display = False  # until the segment tracks talk time
        self.session_changed()
        self.set_interval(0.25, self.refresh_clock)
        self.set_interval(30, self._checkpoint)
        if self.ilt.join_at_start:  # ilt-kit run --join
            self.ilt.join_at_start = False
            self.call_after_refresh(self.action_join)
        elif self.ilt.joining is None and self.ilt.kept_join():  # resumed while phones were joined
            self.call_after_refresh(self.ilt.open_joining, self, resumed=True)

    # -- drawing ----------------------------------------------------------------------------
    @on(SessionChanged)
    def _session_changed(self, event: SessionChanged) -> None:
        event.stop()
        self.session_changed()

    heading: reactive[tuple[str, str]] = reactive(("", ""), init=False, repaint=False)
    """The segment's title line and what it is (kind, session, finished)."""
    keys_state: reactive[tuple] = reactive((), init=False, repaint=False)
    """What decides which keys apply (the segment, the pane's state): the footer follows it."""
    talk: reactive[tuple] = reactive((), init=False, repaint=False)
    """The side column's width, who speaks and each member's whole seconds (empty: talk time is not shown)."""

    def session_changed(self) -> None:
        """Show the session as it is now: header, agenda, talk time, and the current pane."""
        session = self.session
        segment = session.segment
        self.heading = self._heading()
        if segment.id != self._shown_segment:
            self._shown_segment = segment.id
            pane = self._open_pane(KINDS[segment.kind].pane)
        else:
            pane = self.pane
            self._show_pane()
        self._show_talk()
        self.refresh_clock()  # the countdown and the agenda
        self.keys_state = (segment.id, session.finished, pane.key_state())

    def _open_pane(self, name: str) -> Pane:
        """Show the pane ``name``, entered for the segment just begun and with the keys. A pane not
        on the screen yet is mounted now, given the keys at once (keys pressed meanwhile wait in its
        queue) and entered on its first turn, once its own widgets are there."""
        switcher = self.query_one(ContentSwitcher)
        try:
            pane = switcher.get_child_by_id(name, Pane)
        except NoMatches:
            pane = PANES[name](self.session, id=name)
            switcher.mount(pane)
            pane.focus()
        switcher.current = name
        if pane.is_mounted:
            self._enter(pane)
        else:
            self._enter_when_composed(pane)
        return pane

    def _enter_when_composed(self, pane: Pane) -> None:
        """Enter a pane just mounted on its first turn, once its widgets are there: its first
        message, before any key sent to it. Nothing is drawn meanwhile (Textual's batch update, as
        ``ContentSwitcher.add_content`` holds it while it mounts), so the header, the agenda and
        the footer change in the same frame as the pane, as they do for a pane already there."""
        held = self.app.batch_update()
        held.__enter__()

        def enter() -> None:
            try:
                self._enter(pane)
            finally:
                held.__exit__(None, None, None)
                self.check_idle()  # what changed meanwhile is drawn now

        if not pane.call_later(enter):  # the pane went before its first turn: draw again at once
            held.__exit__(None, None, None)

    def on_key(self, event: events.Key) -> None:
        """A key on its way to the bindings that would go to a pane not showing its segment yet
        does nothing: typed with the key that moved on, it may reach a pane mounted for the new
        segment before its widgets are there, or the pane of the segment just left."""
        active = self.active_bindings.get(event.key)
        if active is not None and isinstance(active.node, Pane) and not (active.node.entered and active.node.current):
            event.stop()

    def _enter(self, pane: Pane) -> None:
        if pane.current:  # still the segment's pane
            pane.enter()
            pane.entered = True
            pane.focus_default()

    def _show_pane(self) -> None:
        """Have the current pane show the session as it is now (a pane mounted just now does when
        it is entered)."""
        pane = self.pane
        if pane.is_mounted:
            pane.show()

    def _heading(self) -> tuple[str, str]:
        session = self.session
        segment = session.segment
        finished = " · FINISHED" if session.finished else ""
        devices = self.ilt.joining.devices(session) if self.ilt.joining is not None else 0
        phones = ("1 on a phone · " if devices == 1 else f"{devices} on phones · ") if devices else ""  # glanceable
        return (
            f"{session.index + 1}/{len(session.segments)}  {segment.title}",
            f"{phones}{kind_name(segment.kind)} · {session.record.title}{finished}",
        )

    def watch_heading(self, heading: tuple[str, str]) -> None:
        # one line each, as wide as the top bar whatever they say (see the stylesheet): a new
        # heading (a phone joining, the next segment) is a repaint of the two lines, not a new
        # layout of the screen
        self.query_one("#title", Static).update(literal(heading[0]), layout=False)
        self.query_one("#subtitle", Static).update(literal(heading[1]), layout=False)

    def watch_keys_state(self) -> None:
        self.refresh_bindings()

    def watch_talk(self, talk: tuple) -> None:
        box = self.query_one("#talk-box")
        box.display = bool(talk)
        if talk:
            self.query_one("#talk", Static).update(talk_panel(self.app, self.session, max(talk[0] - 3, 16)))  # less border and padding

    def _talk_on(self) -> bool:
        session = self.session
        content = self.ilt.scenario_segment(session, session.segment.id)
        return bool(content and content.talk_time) or bool(session.segment.talk) or session.speaker is not None

    def _show_talk(self) -> None:
        if not self._talk_on():
            self.talk = ()
            return
        totals = self.session.talk_totals()
        width = SIDE_NARROW if self.app.size.width < NARROW_BELOW else SIDE_WIDE  # the side column (see the stylesheet)
        self.talk = (width, self.session.speaker, tuple((m.name, int(totals.get(m.name, 0))) for m in self.session.members))

    def on_resize(self) -> None:
        self._show_talk()

    def refresh_clock(self) -> None:
        state = self.session.timer()
        self.heading = self._heading()  # a device that joined or left (a repaint only when it changed)
        self.query_one(BigClock).text = clock_text(state.remaining)
        label = clock_label(state.phase, state.running, state.status)
        say(self.query_one("#phase", Static), label)  # a repaint four times a second only when it says something new
        top = self.query_one("#topbar")
        shown = frozenset({f"-{state.phase}" if state.running else "-paused"}) & PHASE_CLASSES
        if top.classes & PHASE_CLASSES != shown:  # restyled once when the state changes, not once a class
            top.remove_class(*PHASE_CLASSES, update=False)
            top.add_class(*shown, update=False)
            top.update_node_styles()
        if state.running and state.phase == "overtime" and self._last_phase != "overtime":
            self.app.bell()
        self._last_phase = state.phase if state.running else self._last_phase
        self.query_one(Agenda).follow()  # paused, the projected end moves on with the wall clock
        if self.session.speaker is not None:
            self._show_talk()

    def watch_show_notes(self) -> None:
        self._show_pane()

    def _checkpoint(self) -> None:
        if self.session.running or self.session.speaker is not None:
            self.engine(self.session.checkpoint)

    def changed(self) -> None:
        self.session_changed()

    # -- timer and navigation ---------------------------------------------------------------
    def action_toggle_timer(self) -> None:
        if self.session.finished:
            self.confirm(
                "Reopen this session?",
                "It was finished. Reopening lets you go on recording; the file keeps everything.",
                self.session.reopen,
            )
            return
        self.engine(self.session.toggle)

    def action_next(self) -> None:
        segment = self.session.segment
        warning = self.pane.leave_warning()
        if warning and segment.id not in self._warned and not self.session.finished:
            self._warned.add(segment.id)  # asked once: a second n moves on
            self.confirm(f"Leave “{segment.title}”?", f"{warning}.", self.action_next)
            return
        if self.session.index == len(self.session.segments) - 1:
            self.action_finish()
            return
        self.engine(self.session.next)

    def action_previous(self) -> None:
        self.engine(self.session.previous)

    def action_skip(self) -> None:
        self.engine(self.session.skip)

    def action_adjust(self, minutes: int) -> None:
        self.engine(self.session.adjust, minutes)

    def action_finish(self) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                if not self.session.finished:
                    self.engine(self.session.finish)
                self.ilt.show_summary(self.session)

        if self.session.finished:
            self.ilt.show_summary(self.session)
            return
        self.app.push_screen(Confirm("Finish the session?", "The current segment is closed and the summary is shown. Nothing is lost."), answer)

    # -- notes, talk, joining ---------------------------------------------------------------
    def action_notes(self) -> None:
        segment = self.session.segment
        self.prompt(f"Notes — {segment.title}", segment.notes, self.session.set_notes, multiline=True)

    def action_decision(self) -> None:
        self.prompt("A decision the team made", "", self.session.add_decision)

    def action_facilitator_notes(self) -> None:
        self.show_notes = not self.show_notes

    async def action_join(self) -> None:
        await self.ilt.open_joining(self)

    def action_speak(self, index: int) -> None:
        if index < 0:
            if self.session.speaker is not None:
                self.engine(self.session.speak, None)
            return
        if index < len(self.session.members):
            self.engine(self.session.speak, self.session.members[index].name)
