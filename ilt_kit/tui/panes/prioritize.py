"""Dot voting: each member places a few dots on the brainstorm's ideas. The ranking shows as they go,
or, where the dots are hidden (the default of a scenario's dot vote), once ``r`` reveals them: until
then the ideas keep the brainstorm's order and only how many dots each member has left shows."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static

from ilt_kit.store.results.brainstorm import Idea
from ilt_kit.store.results.prioritize import PrioritizeResult
from ilt_kit.tui.panes.base import ItemList, ListPane, Scroll, key, keyboard_step
from ilt_kit.tui.widgets.ballots import DEVICE_MARK, NO_DEVICE
from ilt_kit.tui.widgets.earlier import EarlierResults, shows_of
from ilt_kit.tui.widgets.text import literal, theme_style

DOTS_SHOWN = 12
"""The most dot glyphs a row draws; its count is always written beside them."""


class PrioritizePane(ListPane):
    LIST = "ranking"

    """The ideas by rank (each with its brainstorm number) on the left, the members' dots on the right."""

    DEFAULT_CSS = """
    PrioritizePane #ranking-box { width: 3fr; padding: 0 1; }
    PrioritizePane #ranking-head { height: 1; text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
    PrioritizePane #voters-box { width: 2fr; min-width: 30; max-width: 44; padding: 0 1; border-left: solid $primary 30%; }
    .-narrow PrioritizePane #voters-box { width: 24; min-width: 24; }
    """

    BINDINGS = [
        key("enter", "place_dot", "Dot", "Place a dot for the selected member on the selected idea"),
        key("backspace", "remove_dot", "Take back", "Take back a dot of the selected member from the selected idea"),
        key("r", "reveal", "Reveal", "Reveal the dots on each idea and the ranking they make"),
        key("left_square_bracket", "member(-1)", "Prev member", "The member before", key_display="[", show=False, bid="prev-member"),
        key("right_square_bracket", "member(1)", "Next member", "The next member", key_display="]", show=False, bid="next-member"),
    ]

    def __init__(self, session, *, id: str) -> None:  # noqa: ANN001, A002
        super().__init__(session, id=id)
        self.member = 0
        self._ranked: dict[str, tuple[int | None, Idea, int | None, int]] = {}
        """Each row's rank, idea, dots and dot column width, to draw it again when it is selected."""
        self._marked: str | None = None
        """The row drawn as the selected one."""

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._theme_changed())

    def _theme_changed(self) -> None:
        if self.current:  # the dots take the new theme's colours
            self.show()

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="ranking-box"):
                yield Static(id="ranking-head")
                yield ItemList(id="ranking")
            with Scroll(id="voters-box"):
                yield Static(id="voters")
                yield EarlierResults(id="prioritize-shown", classes="-after")

    @property
    def vote(self) -> PrioritizeResult:
        return self.own(PrioritizeResult)


    def reset(self) -> None:
        names = self.session.member_names
        self.member = keyboard_step(names, -1, 1, self.device_members()) if names else 0  # the first at the keyboard

    def show(self) -> None:
        shown = self.vote.shown
        ranking: list[tuple[Idea, int | None]] = (
            list(self.session.dots.ranking()) if shown else [(idea, None) for idea in self.session.dots.source_ideas()]
        )
        most = max((dots or 0 for _, dots in ranking), default=0)
        dots_width = min(max(most, 1), DOTS_SHOWN)
        head = self.query_one("#ranking-head", Static)
        if not ranking:
            head.update("The brainstorm this votes on has no ideas yet.")
        else:
            head.update("Rank · brainstorm #idea · dots" if shown else "Brainstorm #idea · dots hidden")
        ranking_list = self.query_one("#ranking", ItemList)
        chosen = ranking_list.selected_id
        self._ranked = {
            str(idea.id): (rank if shown else None, idea, dots, dots_width) for rank, (idea, dots) in enumerate(ranking, start=1)
        }
        self._marked = chosen
        ranking_list.show_items([(item_id, self._row(*row, selected=item_id == chosen)) for item_id, row in self._ranked.items()])
        self._mark(ranking_list.selected_id)  # the selection may have moved to another row
        self.query_one("#voters", Static).update(self.voters_view())
        shows = shows_of(self.ilt.scenario_segment(self.session, self.segment.id))
        self.query_one("#prioritize-shown", EarlierResults).show(self.session.record, shows)

    def _row(self, rank: int | None, idea: Idea, dots: int | None, dots_width: int, selected: bool) -> Table:
        """One idea's row: its rank, number, words and dots (while the dots are hidden: none of them)."""
        text = Text()
        text.append(f"#{idea.id} ", style="dim")
        text.append_text(literal(idea.text))
        row = Table.grid(padding=(0, 1), expand=True)
        row.add_column(width=3, justify="right", no_wrap=True)
        row.add_column(ratio=1)
        if dots is None:  # hidden: no rank, no dots; the idea's number stands out beside its words
            row.columns[0].width = 4
            row.add_row(Text(f"#{idea.id}", style="dim"), literal(idea.text))
            return row
        row.add_column(width=dots_width, no_wrap=True)
        row.add_column(width=3, justify="right", no_wrap=True)
        glyphs = "●" * min(dots, DOTS_SHOWN) + ("+" if dots > DOTS_SHOWN else "")
        # on the selected row the dots take the cursor's own text colour: the accent may be the cursor's background
        style = ("bold" if selected else theme_style(self.app, "bold $accent")) if dots else "dim"
        row.add_row(Text(f"{rank}.", style="bold"), text, Text(glyphs or "·", style=style), Text(str(dots), style="bold"))
        return row

    def _mark(self, selected: str | None) -> None:
        """Draw the row left and the row selected again (only those two: the list is not rebuilt)."""
        if selected == self._marked:
            return
        ranking = self.query_one("#ranking", ItemList)
        for item_id in (self._marked, selected):
            if item_id in self._ranked:
                ranking.replace_option_prompt(item_id, self._row(*self._ranked[item_id], selected=item_id == selected))
        self._marked = selected

    @on(OptionList.OptionHighlighted, "#ranking")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._mark(event.option.id)

    def voters_view(self) -> Group:
        segment = self.vote
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(width=1, no_wrap=True)
        devices = self.device_members()
        if devices:  # who places dots on a phone: ] passes over them
            table.add_column(width=len(DEVICE_MARK) - 1, no_wrap=True)
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column(no_wrap=True, justify="right")
        accent = theme_style(self.app, "bold $accent")
        for index, member in enumerate(self.session.members):
            selected = index == self.member
            used = sum(d.count for d in segment.dots if d.member == member.name)
            left = max(segment.budget - used, 0)
            mark = [Text((DEVICE_MARK if member.name in devices else NO_DEVICE).strip(), style="bold")] if devices else []
            table.add_row(
                Text("▶" if selected else "", style=accent),
                *mark,
                literal(member.name, style="reverse bold" if selected else ""),
                Text("●" * used + "○" * left, style=accent if left else "dim"),
            )
        head = Text()
        head.append(f"{segment.budget} dots each", style="bold")
        head.append(" · ○ left\n", style="dim")
        if not segment.shown:
            done, members = self.session.dots.placed()
            head.append(f"Dots hidden: r reveals · {done} of {members} done\n", style=theme_style(self.app, "$warning"))
        keys = Text("\n[ ] member · ↑↓ idea\nEnter a dot · Backspace take one back", style="dim")
        return Group(head, table, keys)

    def selected(self) -> Idea | None:
        chosen = self.query_one("#ranking", ItemList).selected_id
        return next((idea for idea in self.session.dots.source_ideas() if str(idea.id) == chosen), None)

    def _member_name(self) -> str | None:
        members = self.session.members
        return members[self.member % len(members)].name if members else None

    def action_place_dot(self) -> None:
        idea, member = self.selected(), self._member_name()
        if idea is not None and member is not None:
            self.for_member(
                member,
                f"Place a dot for {member}? They vote on their phone.",
                "The dot counts as placed at the keyboard.",
                lambda: self.engine(self.session.dots.place, member, idea.id),
            )

    @on(OptionList.OptionSelected, "#ranking")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_place_dot()  # Enter on an idea

    def action_remove_dot(self) -> None:
        idea, member = self.selected(), self._member_name()
        if idea is not None and member is not None:
            self.for_member(
                member,
                f"Take back a dot {member} placed on their phone?",
                "They can place it again on their phone.",
                lambda: self.engine(self.session.dots.remove, member, idea.id),
            )

    def key_state(self) -> tuple:
        return (self.vote.shown,)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("reveal", "place_dot", "remove_dot") and self.current:
            return not self.vote.shown if action == "reveal" else self.vote.revealed is None
        return True

    def leave_warning(self) -> str | None:
        if not self.vote.shown and self.vote.dots:
            return "the dots are not revealed yet (r reveals them)"
        return None

    def action_reveal(self) -> None:
        self.engine(self.session.dots.reveal)

    def action_member(self, step: int) -> None:
        """The next member; members voting on a phone are passed over."""
        if self.session.members:
            self.member = keyboard_step(self.session.member_names, self.member, step, self.device_members())
            self.query_one("#voters", Static).update(self.voters_view())


PANE = PrioritizePane
