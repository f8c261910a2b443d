"""The review's goals tab: each goal from its baseline to the latest agreed level and its target,
with the actions that serve it; across a district, how many goals each school has reached.

Everything shown is worked out by :mod:`ilt_kit.review.goals`; this pane only lays it out."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ilt_kit.review.entry import SessionEntry
from ilt_kit.review.goals import (
    STATE_MARK,
    STATES,
    GoalProgress,
    TeamGoals,
    about_text,
    goal_progress,
    path_text,
    school_counts,
    team_goals,
)
from ilt_kit.review.order import filter_entries
from ilt_kit.tui.widgets.text import literal, theme_style

Found = tuple[list[TeamGoals], list[tuple[TeamGoals, list[GoalProgress]]]]


class GoalsPane(VerticalScroll):
    """The goals, scrolled with the keys; worked out off the screen's thread as the review opens."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.folders: list[Path] = []
        self.schools: list[str] = []
        self.school: str | None = None
        self.found: Found | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="goals")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._theme_changed())

    def _theme_changed(self) -> None:
        if self.found is not None:
            self.show_goals(self.found)

    def working(self, folders: list[Path], schools: list[str], school: str | None) -> None:
        self.folders, self.schools, self.school = folders, schools, school
        self.query_one("#goals", Static).update(Text("Working out the goals…", style="dim"))

    def progress_of(self, entries: list[SessionEntry], school: str | None) -> Found:
        today = self.app.wall().date() if hasattr(self.app, "wall") else None  # type: ignore[attr-defined]
        kept = entries if school is None else filter_entries(entries, school=school)
        teams = team_goals(self.folders, kept)
        return teams, [(team, goal_progress(team.goals, team.entries, today=today)) for team in teams if team.goals]

    @work(thread=True, group="goals", description="goals")
    def load(self, entries: list[SessionEntry], school: str | None) -> None:
        found = self.progress_of(entries, school)
        self.app.call_from_thread(self._loaded, school, found)

    def _loaded(self, school: str | None, found: Found) -> None:
        if school == self.school:
            self.show_goals(found)

    def show_school(self, entries: list[SessionEntry], school: str | None) -> None:
        self.school = school
        self.show_goals(self.progress_of(entries, school))

    def show_goals(self, found: Found) -> None:
        self.found = found
        teams, progress = found
        box = self.query_one("#goals", Static)
        parts: list[RenderableType] = []
        for team in teams:
            if team.goals is None:
                first = team.problems[0] if team.problems else None
                parts.append(literal(f"{team.path} has problems, so its goals are not shown: {first}",
                                     style=theme_style(self.app, "bold $warning")))
        district = self.school is None and len(self.schools) > 1
        if district and progress:
            parts.append(self._district(progress))
        for team, items in [] if district else progress:
            if len(progress) > 1 or len(self.schools) > 1:
                parts.append(literal(f"{team.school or team.path.parent.name}", style="bold underline"))
            parts.extend(self._goal(item) for item in items)
        if not parts:
            parts.append(Text("No goals here: a team's goals.toml beside its sessions sets them (see docs/cycle.md).",
                              style="dim"))
        box.update(Group(*parts))

    def _district(self, progress: list[tuple[TeamGoals, list[GoalProgress]]]) -> Table:
        table = Table(title="Goals per school (s: one school's goals)", title_justify="left", expand=False)
        table.add_column("School")
        table.add_column("Goals", justify="right")
        for state in STATES:
            table.add_column(state.capitalize(), justify="right")
        for school, total, counts in school_counts(progress):
            table.add_row(literal(school), str(total), *(str(counts[s]) for s in STATES))
        return table

    def _goal(self, item: GoalProgress) -> RenderableType:
        """A goal as a grid, so that a line that wraps keeps its indent (at 80 columns most do)."""
        state_style = {"reached": "bold $success", "on track": "bold $accent", "behind": "bold $warning"}
        style = theme_style(self.app, state_style.get(item.state, "dim"))
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=1, no_wrap=True)
        grid.add_column(ratio=1)
        head = Text(f"{item.state}  ", style=style)
        head.append_text(literal(item.goal.title, style="bold"))
        grid.add_row(Text(STATE_MARK[item.state], style=style), head)
        grid.add_row("", literal(about_text(item), style="dim"))
        grid.add_row("", literal(path_text(item)))
        actions = Table.grid(padding=(0, 1), expand=True)
        actions.add_column(width=9, no_wrap=True)
        actions.add_column(ratio=1)
        for action in item.actions:
            mark = "✓" if action.status == "done" else ("○" if action.status == "open" else "–")
            what = literal(action.action.what)
            if action.action.owner:
                what.append_text(literal(f" · {action.action.owner}", style="dim"))
            if action.status == "carried" and action.note is not None:
                what.append_text(Text(f" · due {action.note.new_due}", style="dim"))
            if action.impact:
                what.append_text(literal(f"\nimpact: {action.impact}", style="italic"))
            actions.add_row(Text(f"{mark} {action.status}"), what)
        if not item.actions:
            actions.add_row("", Text("no actions serve this goal yet (g in a session's actions ties one)", style="dim"))
        for ref in item.missing:
            actions.add_row(Text("?"), literal(f"{ref}: no such action in these sessions", style="dim"))
        grid.add_row("", actions)
        return Group(grid, Text(""))
