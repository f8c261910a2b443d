"""Follow-up: the earlier actions due since the team last met, what became of each, and the goals.

Each earlier action is one row of a list: what it was, where it came from (its session and date),
its owner and due date, then what the team made of it and the evidence of its impact. ``x`` marks
it done (again: open), ``c`` carries it over to a new date, ``Delete`` drops it with a reason and
``e`` (or Enter) writes the evidence of impact. The cursor is the engine's focus: phones answer
the action the screen is on. The goals' progress, baseline to the latest agreed level, is under
the list.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import OptionList, Static

from ilt_kit.review.sections.follow_up import MARKS, goal_line, outcome, source_of
from ilt_kit.store.results.follow_up import FollowedAction, FollowUpResult
from ilt_kit.tui.panes.base import ItemList, ListPane, key
from ilt_kit.tui.panes.prompt import prompt_view
from ilt_kit.tui.widgets.text import literal

DEFAULT_QUESTION = "What evidence do we have that it made a difference?"


def action_row(action: FollowedAction) -> Table:
    """One earlier action: its mark and words, where it came from, then its outcome and impact."""
    rows = Table.grid(padding=(0, 1), expand=True)
    rows.add_column(width=1, no_wrap=True)
    rows.add_column(ratio=1, overflow="fold")  # a long word (a link, a path) is folded, never cut
    rows.add_row(Text(MARKS[action.status], style="bold"), literal(action.what, style="bold"))
    where = Text(style="dim")  # the due date first: a narrow pane wraps the session's name, not the date
    where.append(f"due {action.due.isoformat() if action.due else '—'} · ")
    where.append_text(literal(action.owner or "no owner"))
    where.append(" · from ")
    where.append_text(literal(source_of(action)))
    rows.add_row("", where)
    result = literal(outcome(action), style="" if action.status == "open" else "bold")
    result.append(" · impact: ", style="dim")
    result.append_text(literal(action.impact) if action.impact else Text("—", style="dim"))
    rows.add_row("", result)
    return rows


class FollowUpPane(ListPane):
    """The prompt above, the earlier actions in the middle, the goals below."""

    LIST = "followed"

    DEFAULT_CSS = """
    FollowUpPane { padding: 0 1; }
    FollowUpPane #follow-prompt { height: auto; max-height: 4; margin-bottom: 1; }
    .-short FollowUpPane #follow-prompt { max-height: 2; }
    FollowUpPane #follow-goals { height: auto; max-height: 7; border-top: solid $primary 50%; }
    .-short FollowUpPane #follow-goals { max-height: 4; }
    """

    BINDINGS = [
        key("x", "done", "Done", "Mark the selected action done (again: open)"),
        key("c", "carry", "Carry over", "Carry the selected action over to a new due date"),
        key("delete", "drop", "Drop", "Drop the selected action, saying why"),
        key("e", "impact", "Impact", "Write the evidence of the selected action's impact (or Enter)"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="follow-prompt")
        yield ItemList(id="followed")
        yield Static(id="follow-goals")

    @property
    def follow(self) -> FollowUpResult:
        segment = self.segment
        assert isinstance(segment, FollowUpResult)
        return segment

    def show(self) -> None:
        segment = self.follow
        content = self.ilt.scenario_segment(self.session, segment.id)
        self.query_one("#follow-prompt", Static).update(prompt_view(self.app, content, segment, self.show_notes))
        rows: list = [(action.key, action_row(action)) for action in segment.actions]
        if not rows:
            if segment.earlier_sessions == 0:
                empty = "This team has no earlier sessions here, so there are no actions to follow up yet."
            else:
                empty = f"None of the open actions from this team's {segment.earlier_sessions} earlier session(s) was due by today."
            rows = [(None, Text(empty, style="dim"))]
        self.query_one("#followed", ItemList).show_items(rows, select=self.session.focus.item)
        goals = self.query_one("#follow-goals", Static)
        goals.display = bool(segment.goals)
        goals.update(Group(Text("Goals: baseline → latest agreed", style="bold"), *(literal(goal_line(g, short=True)) for g in segment.goals)))

    def enter(self) -> None:
        """Open on the action the engine's focus is on (where the facilitator left it)."""
        self.reset()
        self.show()

    def on_option_list_option_highlighted(self, event: ItemList.OptionHighlighted) -> None:
        """↑/↓ on the list move the engine's focus: phones answer the action the screen is on."""
        chosen = event.option.id
        if chosen is not None and chosen != self.session.focus.item and isinstance(self.session.segment, FollowUpResult):
            self.engine(self.session.focus_item, chosen)

    def selected(self) -> FollowedAction | None:
        chosen = self.query_one("#followed", ItemList).selected_id
        return next((action for action in self.follow.actions if action.key == chosen), None)

    def action_done(self) -> None:
        action = self.selected()
        if action is not None:
            self.engine(self.session.follow_up.mark, action.key, "open" if action.status == "done" else "done")

    def action_carry(self) -> None:
        action = self.selected()
        if action is None:
            return

        def carry(text: str) -> None:
            try:
                new = date.fromisoformat(text.strip())
            except ValueError:
                from ilt_kit.session.engine import DomainError

                raise DomainError(f"{text.strip()!r} is not a date: write it as YYYY-MM-DD") from None
            self.session.follow_up.mark(action.key, "carried", carried_to=new)

        suggested = self.session.now().date() + timedelta(days=14)  # a date to change, in the form it takes
        value = (action.carried_to or suggested).isoformat()
        self.prompt(f"Carry over to a new due date (YYYY-MM-DD): {action.what}", value, carry)

    def action_drop(self) -> None:
        action = self.selected()
        if action is not None:
            self.prompt(
                f"Why drop it? {action.what}", action.reason,
                lambda reason: self.session.follow_up.mark(action.key, "dropped", reason=reason),
            )

    def action_impact(self) -> None:
        action = self.selected()
        if action is None:
            return
        content = self.ilt.scenario_segment(self.session, self.follow.id)
        question = getattr(content, "impact_prompt", "") or DEFAULT_QUESTION
        self.prompt(f"{question} {action.what}", action.impact, lambda text: self.session.follow_up.set_impact(action.key, text))

    @on(OptionList.OptionSelected, "#followed")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_impact()


PANE = FollowUpPane
