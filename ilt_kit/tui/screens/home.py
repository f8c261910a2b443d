"""Home: choose a scenario, resume an unfinished session, or review saved ones."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ilt_kit.diagnostics.problems import FileProblems
from ilt_kit.tui.widgets.text import KIND_NAME, bullet_list, literal

if TYPE_CHECKING:  # the content models load with the library, off the first frame
    from ilt_kit.content.models import Scenario, Team
    from ilt_kit.store.record import SessionRecord
    from ilt_kit.tui.app import IltApp


def scenario_details(scenario: Scenario) -> Group:
    parts = [Text(scenario.title, style="bold #FFD54F"), Text(scenario.purpose)]
    agenda = Text("\nAgenda\n", style="bold")
    for index, segment in enumerate(scenario.segments, start=1):
        agenda.append(f"{index:>2}. {segment.title}", style="")
        agenda.append(f"  {KIND_NAME[segment.kind]} · {segment.minutes} min\n", style="dim")
    parts.append(agenda)
    if scenario.roles:
        parts.append(Text("Roles", style="bold"))
        parts.append(bullet_list(scenario.roles))
    if scenario.norms:
        parts.append(Text("Norms", style="bold"))
        parts.append(bullet_list(scenario.norms))
    if scenario.materials:
        parts.append(Text("Materials", style="bold"))
        parts.append(bullet_list(scenario.materials))
    source = scenario.source
    parts.append(Text(f"\nSource: {source.framework}{' — ' + source.part if source.part else ''}", style="dim"))
    return Group(*parts)


def find_sessions(folder: Path) -> list[tuple[Path, SessionRecord]]:
    """Readable session files directly in ``folder``, newest change first (bad files are skipped)."""
    from ilt_kit.store.files import load_record  # the session models load off the first frame

    found = []
    if folder.is_dir():
        for path in folder.glob("*.toml"):
            try:
                found.append((path, load_record(path)))
            except FileProblems:
                continue
    found.sort(key=lambda pair: pair[1].updated, reverse=True)
    return found


def team_to_text(team: Team) -> str:
    return "\n".join(f"{m.name}, {m.role}" for m in team.members)


def text_to_team(text: str, name: str, facilitator: str) -> Team:
    members = []
    for line in text.splitlines():
        if not line.strip():
            continue
        member_name, _, role = line.partition(",")
        members.append({"name": member_name.strip(), "role": role.strip() or "other"})
    from ilt_kit.content.models import Team

    return Team.model_validate({"name": name.strip(), "facilitator": facilitator.strip(), "members": members})


class StartDialog(ModalScreen["tuple[Team, str, str] | None"]):
    """Title, facilitator and team for a new session."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="start.cancel"), Binding("ctrl+s", "start", "Start", id="start.go")]

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
            yield Label("Session title")
            yield Input(default_title, id="title")
            yield Label("Facilitator")
            yield Input(team.facilitator if team else "", id="facilitator", placeholder="Who is facilitating?")
            yield Label("Team name")
            yield Input(team.name if team else "", id="team-name", placeholder="e.g. Lincoln Middle School ILT")
            yield Label(literal(f"Members — one per line: Name, role{self.team_origin}"))
            yield TextArea(team_to_text(team) if team else "", id="members", soft_wrap=True)
            yield Static("Roles: principal, assistant principal, teacher leader, coach, central office, other", classes="dialog-detail")
            yield Static("ctrl+s start · Escape cancel", classes="dialog-detail")
            yield Static("", id="error", classes="dialog-error")

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


class HomeScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", "Start/Resume", id="home.open", tooltip="Start the scenario, or resume the session"),

        Binding("v", "review", "Review", id="home.review", tooltip="Browse, compare and follow up saved sessions"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.scenarios: list[Scenario] = []
        self.sessions: list[tuple[Path, SessionRecord]] = []

    @property
    def ilt(self) -> IltApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(
            "ilt-kit · instructional leadership team sessions   "
            "Enter start or resume · Tab switch list · v review · ? help",
            id="home-title",
        )
        with Horizontal(id="home-main"):
            with Vertical(id="home-lists"):
                yield Label("Scenarios", classes="section")
                yield OptionList(id="scenarios")
                yield Label("Unfinished sessions", classes="section")
                yield OptionList(id="sessions")
            with VerticalScroll(id="home-details-box"):
                yield Static(id="home-details")
        yield Footer()

    def on_mount(self) -> None:
        if self.ilt.library_loaded:
            self._show_library()
        else:
            self.query_one("#home-details", Static).update(Text("Loading scenarios and rubrics…", style="dim"))
            # after the first frame: a loading thread started now would hold the GIL (importing
            # and building the content models) while this screen is being laid out and painted
            self.call_after_refresh(self.load_library)
        self.call_after_refresh(self.load_sessions)

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
        for scenario in self.scenarios:
            label = Text()
            label.append(scenario.title, style="bold")
            label.append(f"\n  {scenario.minutes} min · {len(scenario.segments)} segments · {scenario.source.framework}", style="dim")
            options.add_option(Option(label, id=scenario.id))
        if not self.scenarios:
            self.query_one("#home-details", Static).update("No scenarios found. Run `ilt-kit check` to see why.")
        options.focus()
        if self.scenarios:
            options.highlighted = 0

    @work(thread=True, exclusive=True, group="sessions")
    def load_sessions(self) -> None:
        found = [(p, r) for p, r in find_sessions(self.ilt.sessions_dir) if r.status != "finished"]
        self.app.call_from_thread(self._show_sessions, found)

    def _show_sessions(self, found: list[tuple[Path, SessionRecord]]) -> None:
        self.sessions = found
        options = self.query_one("#sessions", OptionList)
        options.clear_options()
        for path, record in found:
            label = Text()
            label.append(record.title, style="bold")
            label.append(literal(f"\n  {record.date} · {record.scenario_title} · {path.name}", style="dim"))
            options.add_option(Option(label, id=str(path)))
        if not found:
            options.add_option(Option(Text("None: every saved session is finished.", style="dim"), disabled=True))

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _show_scenario(self, event: OptionList.OptionHighlighted) -> None:
        scenario = self.scenarios[event.option_index]
        self.query_one("#home-details", Static).update(scenario_details(scenario))

    @on(OptionList.OptionHighlighted, "#sessions")
    def _show_session(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index < len(self.sessions):
            path, record = self.sessions[event.option_index]
            done = sum(1 for s in record.segments if s.status in ("done", "skipped"))
            text = Text()
            text.append(record.title + "\n", style="bold #FFD54F")
            text.append(f"{record.scenario_title}\n{record.date} · {record.team.name}\n")
            text.append(f"{done} of {len(record.segments)} segments done · now at '{record.current}'\n")
            text.append(literal(f"\n{path}\n\nEnter resumes it; the timer comes back paused.", style="dim"))
            self.query_one("#home-details", Static).update(text)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, OptionList) and focused.id == "sessions":
            index = focused.highlighted
            if index is not None and index < len(self.sessions):
                self._resume(self.sessions[index][0])
            return
        options = self.query_one("#scenarios", OptionList)
        if options.highlighted is None or not self.scenarios:
            return
        self.ask_start(self.scenarios[options.highlighted])

    def ask_start(self, scenario: Scenario) -> None:
        team, origin = self.ilt.default_team, " (from --team)"
        if team is None:
            recent = find_sessions(self.ilt.sessions_dir)
            if recent:
                record = recent[0][1]
                from ilt_kit.content.models import Team

                team = Team.model_validate(
                    {"name": record.team.name, "facilitator": record.facilitator, "members": [m.model_dump() for m in record.team.members] or [{"name": "?"}]}
                )
                origin = " (from the last session)"
            else:
                origin = ""

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
