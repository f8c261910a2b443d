"""Home: choose a scenario, resume an unfinished session, or review saved ones."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ilt_kit.diagnostics.problems import FileProblems
from ilt_kit.tui.screens.breakpoints import SizedFromTheStart
from ilt_kit.tui.widgets.keys import KeysFooter
from ilt_kit.tui.widgets.text import OneLine, bullet_list, literal, theme_style

if TYPE_CHECKING:  # the content models load with the library, off the first frame
    from ilt_kit.content.models import Scenario, Team
    from ilt_kit.review.entry import SessionEntry
    from ilt_kit.tui.app import IltApp


def scenario_details(scenario: Scenario, app: App) -> Group:
    from rich.table import Table

    from ilt_kit.tui.widgets.text import KIND_NAME  # the kinds registry: loaded with the library, off the first frame

    accent = theme_style(app, "bold $accent")
    parts: list = [literal(scenario.title, style=accent), literal(scenario.purpose), Text("\nAgenda", style="bold")]
    agenda = Table.grid(padding=(0, 1), expand=True)
    agenda.add_column(justify="right", no_wrap=True)
    agenda.add_column(ratio=1)
    agenda.add_column(justify="right", no_wrap=True)
    for index, segment in enumerate(scenario.segments, start=1):
        title = literal(segment.title)
        title.append(f" · {KIND_NAME[segment.kind]}", style="dim")
        agenda.add_row(f"{index}.", title, f"{segment.minutes} min")
    agenda.add_row("", Text("Total", style="bold"), Text(f"{scenario.minutes} min", style="bold"))
    parts.append(agenda)
    for heading, items in (("Roles", scenario.roles), ("Norms", scenario.norms), ("Materials", scenario.materials)):
        if items:
            parts.append(Text(f"\n{heading}", style="bold"))
            parts.append(bullet_list(items, mark_style=accent))
    source = scenario.source
    parts.append(literal(f"\nSource: {source.framework}{' — ' + source.part if source.part else ''}", style="dim"))
    return Group(*parts)


@dataclass(frozen=True)
class SavedSessions:
    """What home shows of the saved sessions."""

    unfinished: list[SessionEntry]
    """Sessions not finished yet, newest first (conflict copies left out: review shows them)."""
    readable: int
    """How many sessions could be read at all."""
    last_team: Team | None
    """The team of the newest session, offered when a new one starts."""


def saved_sessions(folder: Path) -> SavedSessions:
    """The saved sessions home offers, from the review scan of ``folder`` (sub-folders included;
    unchanged files come from the review index, and only the newest session is read in full, for
    its team). Slow on a large folder: call it off the screen's thread."""
    from ilt_kit.content.models import Team
    from ilt_kit.review.index import open_index
    from ilt_kit.review.order import filter_entries, primary, sort_entries
    from ilt_kit.review.scan import scan

    index = open_index()
    try:
        result = scan(folder, index=index)
    finally:
        if index is not None:
            index.close()
    entries = sort_entries(primary(result.entries), "date")
    last_team = None
    for entry in entries:  # the newest whose file still reads
        try:
            record = entry.record
        except (FileProblems, OSError):
            continue
        finally:
            entry.release()
        members = [m.model_dump() for m in record.team.members] or [{"name": "?"}]
        last_team = Team.model_validate({"name": record.team.name, "facilitator": record.facilitator, "members": members})
        break
    return SavedSessions(filter_entries(entries, finished=False), len(entries), last_team)


def named(widget: Widget, title: str) -> Widget:
    """``widget`` with its name in its top border (no label row of its own)."""
    widget.border_title = literal(title)
    return widget


def team_to_text(team: Team) -> str:
    return "\n".join(f"{m.name}, {m.role}" for m in team.members)


def text_to_team(text: str, name: str, facilitator: str) -> Team:
    from ilt_kit.content.models import Team, member_from_line

    members = [member_from_line(line) for line in text.splitlines() if line.strip()]
    return Team.model_validate({"name": name.strip(), "facilitator": facilitator.strip(), "members": members})


class StartDialog(SizedFromTheStart, ModalScreen["tuple[Team, str, str] | None"]):
    """Title, facilitator and team for a new session. Each box is named in its border, so that the
    whole form, the members box and the key that starts the session fit at 80x24 without scrolling."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="start.cancel"), Binding("ctrl+s", "start", "Start", id="start.go")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    """On a short screen the members box is lower (it scrolls its own lines), so the key stays in sight."""

    def __init__(self, scenario: Scenario, team: Team | None, team_origin: str) -> None:
        super().__init__()
        self.scenario = scenario
        self.team = team
        self.team_origin = team_origin

    def compose(self) -> ComposeResult:
        from textual.widgets import TextArea  # its editor machinery is not needed for the first frame

        team = self.team
        default_title = self.scenario.title + (f" — {team.name}" if team and team.name else "")
        with VerticalScroll(classes="dialog start"):
            yield Label(literal(f"Start: {self.scenario.title}"), classes="dialog-title")
            yield named(Input(default_title, id="title"), "Session title")
            with Horizontal(classes="start-pair"):
                yield named(Input(team.facilitator if team else "", id="facilitator", placeholder="Who is facilitating?"), "Facilitator")
                yield named(Input(team.name if team else "", id="team-name", placeholder="e.g. Lincoln Middle School ILT"), "Team name")
            members = TextArea(team_to_text(team) if team else "", id="members", soft_wrap=True)
            yield named(members, "Members — one per line: Name, role")
            origin = f"The team is the one {self.team_origin.strip(' ()')}. " if self.team_origin else ""
            yield Static(
                literal(f"{origin}Roles: principal, assistant principal, teacher leader, coach, central office, other"),
                classes="start-roles",
            )
            yield Static("", id="error", classes="dialog-error")
            yield Static(Text.assemble(("ctrl+s", "bold"), " start the session · ", ("Escape", "bold"), " cancel"), id="start-keys")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        order = ["title", "facilitator", "team-name"]
        index = order.index(event.input.id or "title")
        target = f"#{order[index + 1]}" if index < len(order) - 1 else "#members"
        self.query_one(target).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_start(self) -> None:
        from pydantic import ValidationError

        title = self.query_one("#title", Input).value.strip()
        facilitator = self.query_one("#facilitator", Input).value
        if not title:
            self.query_one("#error", Static).update("Give the session a title.")
            return
        try:
            team = text_to_team(
                self.query_one("#members").text,  # type: ignore[attr-defined] - the members TextArea
                self.query_one("#team-name", Input).value,
                facilitator,
            )
        except ValidationError as error:
            first = error.errors()[0]
            message = first["msg"].removeprefix("Value error, ")
            if first["loc"] == ("members",):
                message = "Add at least one member: one per line, 'Name, role'."
            self.query_one("#error", Static).update(literal(message))
            return
        self.dismiss((team, title, facilitator.strip()))


class HomeScreen(SizedFromTheStart, Screen):
    BINDINGS = [
        Binding("enter", "open", "Start/Resume", id="home.open", tooltip="Start the scenario, or resume the session"),

        Binding("v", "review", "Review", id="home.review", tooltip="Browse, compare and follow up saved sessions"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    def __init__(self) -> None:
        super().__init__()
        self.scenarios: list[Scenario] = []
        self.saved: SavedSessions | None = None
        """The saved sessions, once the scan in the background has found them."""
        self._starting: Scenario | None = None
        """A scenario chosen before the scan ended: its start form opens when the last team is known."""

    @property
    def sessions(self) -> list[SessionEntry]:
        return self.saved.unfinished if self.saved is not None else []

    @property
    def ilt(self) -> IltApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Horizontal(id="home-title"):
            yield Static("ilt-kit", id="home-name")
            yield Static("instructional leadership team sessions", id="home-tagline")
            yield Static("Enter start or resume · Tab switch list · v review · ? help", id="home-keys")
        with Horizontal(id="home-main"):
            with Vertical(id="home-lists"):
                yield Label("Scenarios", classes="section")
                yield OptionList(id="scenarios")
                yield Label("Unfinished sessions", classes="section")
                yield OptionList(id="sessions")
                yield Static(Text("Looking for saved sessions…", style="dim"), id="no-sessions")
            with VerticalScroll(id="home-details-box"):
                yield Static(id="home-details")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#sessions", OptionList).display = False
        if self.ilt.library_loaded:
            self._show_library()
        else:
            self.query_one("#home-details", Static).update(Text("Loading scenarios and rubrics…", style="dim"))
            # after the first frame: a loading thread started now would hold the GIL (importing
            # and building the content models) while this screen is being laid out and painted
            self.call_after_refresh(self.load_library)
        self.call_after_refresh(self.load_sessions)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._show_highlighted())

    @work(thread=True, exclusive=True, group="library")
    def load_library(self) -> None:
        from ilt_kit.content.library import load_library

        library = load_library(self.ilt.content_dirs)
        self.app.call_from_thread(self._library_loaded, library)

    def _library_loaded(self, library) -> None:  # noqa: ANN001
        self.ilt.library = library
        self._show_library()

    def _show_library(self) -> None:
        library = self.ilt.library
        self.scenarios = sorted((loaded.item for loaded in library.scenarios.values()), key=lambda s: s.title)
        options = self.query_one("#scenarios", OptionList)
        for scenario in self.scenarios:  # one line each: the title cut at a word, the minutes whole
            options.add_option(Option(OneLine(scenario.title, f"{scenario.minutes} min", "bold", "dim"), id=scenario.id))
        if not self.scenarios:
            self.query_one("#home-details", Static).update("No scenarios found. Run `ilt-kit check` to see why.")
        options.focus()
        if self.scenarios:
            options.highlighted = 0

    @work(thread=True, exclusive=True, group="sessions")
    def load_sessions(self) -> None:
        """The unfinished sessions and the last team, from the review scan, off the screen's thread."""
        saved = saved_sessions(self.ilt.sessions_dir)
        self.app.call_from_thread(self._show_sessions, saved)

    def _show_sessions(self, saved: SavedSessions) -> None:
        self.saved = saved
        options = self.query_one("#sessions", OptionList)
        options.clear_options()
        for entry in saved.unfinished:
            options.add_option(Option(OneLine(entry.title, f"{entry.date:%b %d}", "bold", "dim"), id=str(entry.path)))
        options.display = bool(saved.unfinished)
        empty = self.query_one("#no-sessions", Static)
        empty.display = not saved.unfinished
        folder = self.ilt.sessions_dir
        if saved.readable == 0:
            empty.update(literal(f"No saved sessions yet (they go in {folder}{os.sep}). Start one from a scenario above."))
        elif not saved.unfinished:
            count = f"{saved.readable} saved session{'s' if saved.readable != 1 else ''}"
            empty.update(literal(f"No unfinished sessions: the {count} in {folder}{os.sep} {'are' if saved.readable != 1 else 'is'} finished (v reviews them)."))
        if self._starting is not None:
            scenario, self._starting = self._starting, None
            self.ask_start(scenario)

    def _show_highlighted(self) -> None:
        """The details of whatever is highlighted, drawn again (after a change of theme)."""
        focused = self.focused
        sessions = self.query_one("#sessions", OptionList)
        if focused is sessions and sessions.highlighted is not None:
            self._session_details(sessions.highlighted)
            return
        scenarios = self.query_one("#scenarios", OptionList)
        if scenarios.highlighted is not None and self.scenarios:
            self._scenario_details(scenarios.highlighted)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Tab between the lists: the details follow the list that has the keys."""
        widget = event.widget
        if isinstance(widget, OptionList) and widget.option_count:
            if widget.highlighted is None:
                widget.highlighted = 0  # announces itself: its details show
            else:
                self._show_highlighted()

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _show_scenario(self, event: OptionList.OptionHighlighted) -> None:
        self._scenario_details(event.option_index)

    @on(OptionList.OptionHighlighted, "#sessions")
    def _show_session(self, event: OptionList.OptionHighlighted) -> None:
        self._session_details(event.option_index)

    def _scenario_details(self, index: int) -> None:
        self.query_one("#home-details", Static).update(scenario_details(self.scenarios[index], self.app))

    def _session_details(self, index: int) -> None:
        if index < len(self.sessions):
            entry = self.sessions[index]
            counts = entry.counts
            text = Text()
            text.append(literal(entry.title + "\n", style=theme_style(self.app, "bold $accent")))
            text.append(literal(f"{entry.scenario_title}\n{entry.date:%A %d %B %Y} · {entry.team_name}\n"))
            text.append(f"{counts.segments_done} of {counts.segments} segments done\n")
            text.append(literal(f"\n{entry.path}\n\nEnter resumes it; the timer comes back paused.", style="dim"))
            self.query_one("#home-details", Static).update(text)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, OptionList) and focused.id == "sessions":
            index = focused.highlighted
            if index is not None and index < len(self.sessions):
                self._resume(self.sessions[index].path)
            return
        options = self.query_one("#scenarios", OptionList)
        if options.highlighted is None or not self.scenarios:
            return
        self.ask_start(self.scenarios[options.highlighted])

    def ask_start(self, scenario: Scenario) -> None:
        team, origin = self.ilt.default_team, " (from --team)"
        if team is None:
            if self.saved is None:  # the scan is still looking for the last team: open the form when it has
                self._starting = scenario
                return
            team = self.saved.last_team
            origin = " (from the last session)" if team is not None else ""

        def begin(answer: tuple[Team, str, str] | None) -> None:
            if answer is None:
                return
            team, title, facilitator = answer
            try:
                session, handle = self.ilt.new_session(scenario, team, title, facilitator)
            except (OSError, ValueError) as error:
                self.notify(f"Could not start: {error}", severity="error", timeout=10)
                return
            self.app.switch_screen(self.ilt.run_screen(session, handle))

        self.app.push_screen(StartDialog(scenario, team, origin), begin)
    def _resume(self, path: Path) -> None:
        try:
            session, handle = self.ilt.open_session(path)
        except (FileProblems, OSError, RuntimeError) as error:  # RuntimeError: running in another ilt-kit
            self.notify(str(error), severity="error", timeout=10)
            return
        self.app.switch_screen(self.ilt.run_screen(session, handle))

    def action_review(self) -> None:
        try:
            from ilt_kit.tui.screens.review import ReviewScreen
        except ImportError:
            self.notify("Review is not available in this build.", severity="warning")
            return
        self.app.push_screen(ReviewScreen(self.ilt.sessions_dir))
