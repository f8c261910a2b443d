"""Action planning: what the team will do, who owns it, by when, and whether it is done.

Each action is one row of a list. On a wide pane What, Owner, Due and Status are columns (What
and Owner wrap); on a narrow one an action takes two lines, What first and the rest under it, so
that nothing is cut at 80x24.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static

from ilt_kit.store.record import Action, ActionsResult
from ilt_kit.tui.panes.base import ItemList, ListPane, Scroll, key
from ilt_kit.tui.panes.prompt import prompt_view
from ilt_kit.tui.widgets.earlier import EarlierResults, shows_of
from ilt_kit.tui.widgets.text import literal

COLUMNS_FROM = 72
"""From this width on an action is one row of columns; below it, two lines."""
OWNER_WIDTH = 14
DUE_WIDTH = 10
STATUS_WIDTH = 6


def owner_width(actions: list[Action]) -> int:
    """The Owner column: as wide as its longest word (a long surname is never cut), 12 to 26 cells."""
    longest = max((len(word) for action in actions for word in action.owner.split()), default=0)
    return max(12, min(longest, 26))


def _columns(what: object, owner: object, due: object, status: object, number: object, owner_cells: int = OWNER_WIDTH) -> Table:
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(width=3, justify="right", no_wrap=True)
    table.add_column(ratio=1)
    table.add_column(width=owner_cells)
    table.add_column(width=DUE_WIDTH, no_wrap=True)
    table.add_column(width=STATUS_WIDTH, no_wrap=True)
    table.add_row(number, what, owner, due, status)  # type: ignore[arg-type]
    return table


class ActionRow:
    """One action, laid out for the width it is given; the goal it serves under its What."""

    def __init__(self, action: Action, owner_cells: int = OWNER_WIDTH, goal: str = "") -> None:
        self.action = action
        self.owner_cells = owner_cells
        self.goal = goal

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        action = self.action
        status = Text("✓ done" if action.status == "done" else "○ open", style="bold" if action.status == "done" else "")
        due = action.due.isoformat() if action.due else "—"
        what = literal(action.what)
        if action.link:
            what.append_text(literal(f"\n↳ {action.link}", style="dim"))
        if self.goal:
            what.append_text(literal(f"\n◎ goal: {self.goal}", style="italic"))
        owner = literal(action.owner or "—")
        if options.max_width >= COLUMNS_FROM:
            yield _columns(what, owner, due, status, Text(str(action.id), style="dim"), self.owner_cells)
            return
        rows = Table.grid(padding=(0, 1), expand=True)
        rows.add_column(width=3, justify="right", no_wrap=True)
        rows.add_column(ratio=1)
        rest = Text()
        rest.append("owner ", style="dim")
        rest.append_text(literal(action.owner or "—", style="bold"))
        rest.append(" · due ", style="dim")
        rest.append(due, style="bold")
        rest.append(" · ", style="dim")
        rest.append_text(status)
        rows.add_row(Text(str(action.id), style="dim"), what)
        rows.add_row("", rest)
        yield rows


class ActionsHeader:
    def __init__(self, owner_cells: int = OWNER_WIDTH) -> None:
        self.owner_cells = owner_cells

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        bold = "bold"
        if options.max_width >= COLUMNS_FROM:
            yield _columns(Text("What", style=bold), Text("Owner", style=bold), Text("Due", style=bold), Text("Status", style=bold), Text("#", style=bold), self.owner_cells)
        else:
            yield Text("   # What · owner · due · status", style=bold)


class ActionsPane(ListPane):
    LIST = "actions"

    """The prompt above, the actions below."""

    DEFAULT_CSS = """
    ActionsPane { padding: 0 1; }
    ActionsPane #actions-prompt { height: auto; max-height: 6; margin-bottom: 1; }
    .-short ActionsPane #actions-prompt { max-height: 3; }
    ActionsPane #actions-head { height: auto; border-bottom: solid $primary 50%; }
    ActionsPane #actions-plan { width: 3fr; }
    ActionsPane #actions-shown-box { width: 2fr; min-width: 28; padding: 0 0 0 1; border-left: solid $primary 30%; }
    .-narrow ActionsPane #actions-shown-box { width: 24; min-width: 24; }
    """

    BINDINGS = [
        key("a", "add_action", "Add action", "Plan an action: what, owner, due date, link"),
        key("e", "edit", "Edit", "Edit the selected action (or Enter)"),
        key("x", "done", "Done", "Mark the selected action done (again: open)"),
        key("g", "goal", "Goal", "Tie the selected action to the next of the team's goals (goals.toml; again: the next)"),
        key("delete", "delete", "Delete", "Delete the selected action", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="actions-prompt")
        with Horizontal():
            with Vertical(id="actions-plan"):
                yield Static(ActionsHeader(), id="actions-head")
                yield ItemList(id="actions")
            with Scroll(id="actions-shown-box"):
                yield EarlierResults(id="actions-shown")

    @property
    def actions(self) -> ActionsResult:
        segment = self.segment
        assert isinstance(segment, ActionsResult)
        return segment


    def show(self, select: int | None = None) -> None:
        segment = self.actions
        content = self.ilt.scenario_segment(self.session, segment.id)
        self.query_one("#actions-prompt", Static).update(prompt_view(self.app, content, segment, self.show_notes))
        shown = self.query_one("#actions-shown", EarlierResults).show(self.session.record, shows_of(content))
        self.query_one("#actions-shown-box").display = shown
        head = self.query_one("#actions-head", Static)
        head.display = bool(segment.actions)
        cells = owner_width(segment.actions)
        head.update(ActionsHeader(cells))
        rows: list = [(str(action.id), ActionRow(action, cells, self._goal_title(action))) for action in segment.actions]
        if not rows:
            rows = [(None, Text("No actions yet. Press a to plan one: what, who, by when.", style="dim"))]
        self.query_one("#actions", ItemList).show_items(rows, None if select is None else str(select))

    def _goal_title(self, action: Action) -> str:
        goal = self.session.goal(action.goal) if action.goal else None
        return action.goal if goal is None and action.goal else (goal.title if goal else "")

    def key_state(self) -> tuple:
        return (bool(self.session.goals),)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return bool(self.session.goals) if action == "goal" else True

    def action_goal(self) -> None:
        action = self.selected()
        if action is not None and self.engine(self.session.cycle_action_goal, action.id):
            goal = self.session.goal(action.goal)
            self.notify(f"Action {action.id} serves {goal.title!r}" if goal else f"Action {action.id} serves no goal", timeout=3)

    def selected(self) -> Action | None:
        chosen = self.query_one("#actions", ItemList).selected_id
        return next((action for action in self.actions.actions if str(action.id) == chosen), None)

    def _form(self, action: Action | None) -> None:
        from ilt_kit.tui.screens.dialogs import ActionForm

        def save(values: dict | None) -> None:
            if values is None:
                return
            if action is None:
                known = {a.id for a in self.actions.actions}
                if self.engine(self.session.add_action, values["what"], values["owner"], values["due"], values["link"]):
                    new = next((a.id for a in self.actions.actions if a.id not in known), None)
                    self.show(select=new)
            else:
                self.engine(self.session.update_action, action.id, **values)

        owners = self.session.member_names
        form = ActionForm(owners=owners) if action is None else ActionForm(action.what, action.owner, action.due, action.link, owners=owners)
        self.app.push_screen(form, save)

    def action_add_action(self) -> None:
        self._form(None)

    def action_edit(self) -> None:
        action = self.selected()
        if action is not None:
            self._form(action)

    @on(OptionList.OptionSelected, "#actions")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_edit()

    def action_done(self) -> None:
        action = self.selected()
        if action is not None:
            self.engine(self.session.set_action_done, action.id, action.status != "done")

    def action_delete(self) -> None:
        action = self.selected()
        if action is not None:
            self.confirm(f"Delete action {action.id}?", action.what, lambda: self.session.delete_action(action.id))


PANE = ActionsPane
