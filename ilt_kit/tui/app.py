"""The ilt-kit Textual app: themes, screens, and the glue between them and the engine."""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from ilt_kit.content.library import Library
    from ilt_kit.content.models import Rubric, Scenario, Team
from ilt_kit.tui.saving import Saving
from ilt_kit.tui.theme import PROJECTOR

if TYPE_CHECKING:  # the engine and the store load when a session starts, not before the first frame
    from ilt_kit.session.engine import Session
    from ilt_kit.store.files import BackgroundSaver, SessionFile


def local_now() -> datetime:
    return datetime.now().astimezone()


class IltApp(App[int]):
    """Projected in the room. ``clock`` and ``wall`` are injectable so tests control time."""

    CSS_PATH = "ilt.tcss"
    TITLE = "ilt-kit"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help", tooltip="All keys, and what they do", key_display="?"),
        Binding("q", "quit_app", "Quit", id="app.quit", tooltip="Quit (asks first, and says so if anything is not saved)"),
    ]

    def __init__(
        self,
        library: Library | None,
        *,
        sessions_dir: Path = Path("sessions"),
        team: Team | None = None,
        start: Callable[[IltApp], Screen] | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable = local_now,
    ) -> None:
        super().__init__()
        self._library = library
        self.content_dirs: list[Path] = []
        self.content_notes: list[str] = []
        """What could not be found again of the content a resumed session was made from (shown on mount)."""
        self.sessions_dir = sessions_dir
        self.default_team = team
        self.clock = clock
        self.wall = wall
        self.start = start
        self.session: Session | None = None
        self.session_file: SessionFile | None = None
        self.saver: BackgroundSaver | None = None
        self.saving = Saving(self)
        """The app's side of the saver: what it does when a save fails or the file changes elsewhere."""
        self.crashed: BaseException | None = None  # an unexpected error ended the app
        self.saved_elsewhere: Path | None = None
        self.join_host: str | None = None
        """Where the join server listens (None: this machine's address on its local network)."""
        self.join_port = 8765
        self.join_at_start = False
        self.joining = None  # a tui.join.Joining once members have been let in
        self.register_theme(PROJECTOR)
        if self.current_theme.dark == PROJECTOR.dark:
            # the theme from the start, with the classes Textual gives it: assigned, Textual's
            # watcher would parse every stylesheet again and restyle the app as it starts (a
            # tenth of what opening a screen costs) for variables the first parse has already
            self.set_reactive(App.theme, PROJECTOR.name)
            self.stylesheet.set_variables(self.get_css_variables())
            self.set_class(True, f"-theme-{PROJECTOR.name}", update=False)
        else:  # the ANSI colours' mapping goes with a theme's darkness: Textual's watcher sets it
            self.theme = PROJECTOR.name

    @property
    def library(self) -> Library:
        """The content library; loaded on first use when the app was started without one."""
        if self._library is None:
            from ilt_kit.content.library import load_library

            self.library = load_library(self.content_dirs)
        return self._library  # type: ignore[return-value]

    @library.setter
    def library(self, library: Library) -> None:
        self._library = library
        if library.problems:
            names = sorted({problem.path for problem in library.problems})
            self.notify(
                f"{len(names)} content file(s) skipped: {', '.join(names[:3])}. Run `ilt-kit check` to see why.",
                severity="warning",
                timeout=10,
            )

    @property
    def library_loaded(self) -> bool:
        return self._library is not None

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None, markup: bool = True) -> None:  # noqa: ANN001
        """Every notification shows its text literally: messages quote titles, names and paths."""
        from ilt_kit.literal import visible

        super().notify(visible(str(message)), title=visible(title), severity=severity, timeout=timeout, markup=False)

    def on_mount(self) -> None:
        if self._library is not None and self._library.problems:
            self.library = self._library  # say which content files were skipped
        self._tell_content_notes()
        if self.start is None:
            from ilt_kit.tui.screens.home import HomeScreen

            self.push_screen(HomeScreen())  # over the blank default screen: it moves on to a run screen by switching

    def get_default_screen(self) -> Screen:
        """The screen a command line asked for (the run screen of a session begun or resumed, the
        review) is the screen the app starts on, the bottom of its stack: pushed over Textual's
        blank default screen, that screen was made, styled, laid out and drawn at every start, and
        drawn again beneath it. The home screen goes over the blank one (see :meth:`on_mount`)."""
        if self.start is not None:
            return self.start(self)
        return super().get_default_screen()

    # -- content lookups ----------------------------------------------------------------------
    def rubric_for(self, rubric_id: str) -> Rubric | None:
        loaded = self.library.rubrics.get(rubric_id)
        return loaded.item if loaded else None

    def scenario_for(self, session: Session) -> Scenario | None:
        loaded = self.library.scenarios.get(session.record.scenario_id)
        return loaded.item if loaded else None

    def scenario_segment(self, session: Session, segment_id: str):  # noqa: ANN201 - a content segment or None
        """The scenario's content for one segment of ``session`` (None when its scenario is not loaded)."""
        scenario = self.scenario_for(session)
        if scenario is None:
            return None
        return next((s for s in scenario.segments if s.id == segment_id), None)

    # -- sessions -----------------------------------------------------------------------------

    def new_session(self, scenario: Scenario, team: Team, title: str, facilitator: str) -> tuple[Session, SessionFile]:
        """Create the record and save it under a new name (never over an existing file)."""
        from ilt_kit.session.engine import build_record
        from ilt_kit.store.files import SessionFile

        library = self.library
        rubrics = {key: loaded.item for key, loaded in library.rubrics.items()}
        folder = self.sessions_dir  # own content is recorded relative to it, to be found again on resume
        record = build_record(
            scenario,
            rubrics,
            team,
            title,
            facilitator,
            self.wall(),
            scenario_file=library.recorded_path("scenario", scenario.id, folder),
            rubric_files={ref: library.recorded_path("rubric", ref, folder) for _, ref, _ in scenario.rubric_refs()},
            earlier=self.earlier_work(scenario, team),
        )
        handle = SessionFile.create(folder, record)
        return self._session(record, handle), handle

    def earlier_work(self, scenario: Scenario, team: Team):  # noqa: ANN201 - an EarlierWork or None
        """What the scenario's follow-up segments copy in from the team's earlier sessions in the
        sessions folder (None when it has none: nothing is read)."""
        from ilt_kit.session.kinds import MODULES

        if not any(hasattr(MODULES[segment.kind], "carry") for segment in scenario.segments):
            return None
        from ilt_kit.review.followup import earlier_work_in

        return earlier_work_in(self.sessions_dir, team.name, self.wall().date(), self._team_goals(self.sessions_dir))

    def open_session(self, path: Path) -> tuple[Session, SessionFile]:
        """Load a saved session to continue it; its timer comes back paused."""
        from ilt_kit.store.files import SessionFile

        handle, record = SessionFile.open(path)
        self.content_notes = self.library.find_recorded_all(record.content_files(), path.parent)
        if self.is_running:  # from the home screen; `ilt-kit resume` says it once the app is up
            self._tell_content_notes()
        return self._session(record, handle), handle

    def _tell_content_notes(self) -> None:
        """One warning for all of a resumed session's content that could not be found again."""
        if self.content_notes:
            text = "\n".join(note[:1].upper() + note[1:] + "." for note in self.content_notes)
            self.notify(text, severity="warning", timeout=20)

    def _session(self, record, handle: SessionFile) -> Session:  # noqa: ANN001
        """Every change goes to the session's journal at once and to the file from a writer thread,
        so a large session never makes a key wait and a crash loses nothing that was shown."""
        from ilt_kit.session.engine import Session
        from ilt_kit.store.files import BackgroundSaver

        self.close_session()
        saving = self.saving
        self.saver = BackgroundSaver(
            handle,
            saving.failed,
            schedule=saving.copy_later,
            record=record,
            after_repaint=saving.after_repaint,
            on_saved=lambda: saving.from_writer(saving.show),
            on_external=lambda changes: saving.from_writer(saving.take_external),
        )
        session = Session(record, clock=self.clock, wall=self.wall, saver=self.saver)
        session.actions.set_goals(self._team_goals(handle.path.parent))
        return session

    def _team_goals(self, folder: Path) -> list:
        """The goals of the goals file beside the session's file (none without one; a file with
        problems is named in a warning, and its goals are left out)."""
        from ilt_kit.content.goals import find_goals, load_goals
        from ilt_kit.diagnostics.problems import FileProblems

        path = find_goals(folder)
        if path is None:
            return []
        try:
            return load_goals(path).goals
        except FileProblems as error:
            note = f"the goals file has problems, so actions cannot be tied to goals: {error.problems[0]}"
            if self.is_running:
                self.notify(note[:1].upper() + note[1:], severity="warning", timeout=12)
            else:
                self.content_notes.append(note)
            return []

    def close_session(self) -> None:
        """Write what is pending and let go of the session's journal (on the app's thread)."""
        if self.saver is not None:
            self.saver.close()

    async def on_event(self, event: events.Event) -> None:
        """One queue for the keys of a pane that holds the focus itself (``KEYS_AT_ONCE``: no
        text input inside; ``keys_at_once``: it has been entered): its bindings, and the screen's
        and the app's, act as the app receives each key, in the order typed, never first handed to
        the focused widget to bubble back up. Were some keys acted on at once (priority bindings)
        and others after that round trip, a burst typed ahead (``down down 4``) would be acted on
        out of order."""
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and getattr(self.focused, "keys_at_once", False)
            and (await self._check_bindings(event.key, priority=True) or await self._check_bindings(event.key))
        ):
            self.app_focus = True
            return
        await super().on_event(event)

    async def on_unmount(self) -> None:
        if self.joining is not None:
            await self.joining.stop()
        self.close_session()

    def device_members(self, session: object) -> frozenset[str]:
        """Who answers on their own device in ``session`` (the keyboard passes over them); the engine
        never asks the join room: the panes ask here."""
        return self.joining.device_members(session) if self.joining is not None else frozenset()

    async def open_joining(self, screen: Screen, *, resumed: bool = False) -> None:
        """Let members join the session of the run screen ``screen`` from their own devices:
        start the join server (once) and show its QR code, address and code. ``resumed``: joining
        goes on after a restart with the link, code and claims kept beside the session file; the
        QR code is shown again only when the link changed (its port was taken)."""
        from ilt_kit.tui.join import Joining
        from ilt_kit.tui.screens.join import JoinScreen

        if self.joining is None:
            self.joining = Joining(self, host=self.join_host, port=self.join_port)
        try:
            server = await self.joining.open(screen)
        except OSError as error:
            self.notify(f"cannot let members join: {error.strerror or error} (try another --join-port)", severity="error")
            return
        if resumed and self.joining.moved_from is None and self.joining.problem is None:
            joined = len(server.room.claims)
            self.notify(f"Joining goes on with the same code: {joined} on phones carry on by themselves (j shows the code)")
            return
        self.push_screen(JoinScreen(self.joining, server))

    def kept_join(self) -> bool:
        """Whether a join was kept beside this session's file (phones were joined when it stopped)."""
        import os

        from ilt_kit.join.kept import kept_path

        handle = self.session_file
        return handle is not None and os.path.lexists(kept_path(handle.path))

    def on_ready(self) -> None:
        """Once the first screen is drawn, a save that failed while the app was starting (before
        any screen could show the bar) is said on it."""
        if self.saving.reason() is not None:
            self.saving.show()

    def push_screen(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        result = super().push_screen(*args, **kwargs)
        if self.saving.reason() is not None:  # saving fails: the new screen shows the bar too
            self.call_after_refresh(self.saving.show)
        return result

    def flush_saves(self) -> bool:
        """Wait until every change is on disk (before quitting, and in tests)."""
        return self.saver.flush() if self.saver is not None else True

    @property
    def unsaved(self) -> bool:
        """The session file is behind the screen because writing it fails."""
        return self.saver is not None and self.saver.unsaved

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error: the app ends with exit code 1 and one line saying where the session
        is (see ``launch``), not a traceback; ``ILT_KIT_DEBUG=1`` keeps Textual's traceback."""
        self.crashed = error
        super()._handle_exception(error)
        if not os.environ.get("ILT_KIT_DEBUG"):
            self._exit_renderables.clear()

    def run_screen(self, session: Session, handle: SessionFile) -> Screen:
        from ilt_kit.tui.screens.run import RunScreen

        self.session = session
        self.session_file = handle
        return RunScreen(session)

    def show_summary(self, session: Session) -> None:
        from ilt_kit.tui.screens.summary import SummaryScreen

        path = self.session_file.path if self.session_file else None
        self.push_screen(SummaryScreen(session, path))

    # -- app-wide actions ---------------------------------------------------------------------
    def action_help(self) -> None:
        from ilt_kit.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_quit_app(self) -> None:
        from ilt_kit.tui.screens.dialogs import quit_question

        if self.session is None:
            self.exit(0)
            return
        if self.session.running or self.session.speaker:
            self.session.checkpoint()
        self.flush_saves()
        if self.unsaved:
            self._ask_unsaved()
            return
        path = self.session_file.path if self.session_file else ""

        def answer(yes: bool | None) -> None:
            if yes:
                self.flush_saves()
                if self.unsaved:
                    self._ask_unsaved()
                else:
                    self.exit(0)

        self.push_screen(quit_question(path, self.session.finished), answer)

    def _ask_unsaved(self) -> None:
        """Quit while the session file cannot be written: say so, and offer to write it elsewhere."""
        from ilt_kit.tui.screens.dialogs import UnsavedQuit

        assert self.saver is not None
        self.push_screen(UnsavedQuit(self.saver.handle.path, self.saving.reason() or "", self._elsewhere()), self._unsaved_answer)

    def _elsewhere(self) -> Path:
        """Where to offer to write the session instead: the home folder, under the same name."""
        assert self.saver is not None
        return Path.home() / self.saver.handle.path.name

    def _unsaved_answer(self, answer: str | Path | None) -> None:
        from ilt_kit.store.files import save_copy

        if answer == "quit":
            self.exit(1)
        elif isinstance(answer, Path):
            assert self.session is not None
            try:
                save_copy(self.session.record, answer)
            except OSError as error:
                self.notify(f"Could not write {answer}: {error.strerror or error}", severity="error", timeout=10)
                self._ask_unsaved()
                return
            self.saved_elsewhere = answer
            self.exit(0)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key's action is also in the command palette, where it makes sense now."""
        from ilt_kit.tui.screens.help import screen_keys

        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        for target, binding in screen_keys(screen):
            if binding.action in seen or binding.group is not None or binding.action.startswith(("speak", "move", "member(", "side", "rater(", "cancel", "scroll_")):
                continue
            seen.add(binding.action)
            if target is not self and target.check_action(binding.action.split("(")[0], ()) is False:  # type: ignore[attr-defined]
                continue
            key = binding.key_display or binding.key
            yield SystemCommand(
                f"{binding.description} ({key})",
                binding.tooltip or binding.description,
                lambda action=binding.action, target=target: target.run_action(action),
            )
