"""Forecasting: forces or futures rated for likelihood and impact, by each member or as the team,
placed on a 5x5 matrix split into four quadrants."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from ilt_kit.session.engine import TEAM, item_position, quadrant
from ilt_kit.store.results.forecast import ForecastEntry, ForecastResult
from ilt_kit.tui.panes.base import RATE_KEYS, ItemList, ListPane, Scroll, key, keyboard_step
from ilt_kit.tui.widgets.ballots import DEVICE_MARK
from ilt_kit.tui.widgets.earlier import EarlierResults, shows_of
from ilt_kit.tui.widgets.text import literal, theme_style


def letter(index: int) -> str:
    return chr(65 + index % 26)


class ForecastPane(ListPane):
    LIST = "items"

    """The items on the left (who is rating, each item's position), the matrix on the right."""

    DEFAULT_CSS = """
    ForecastPane #items-box { width: 1fr; padding: 0 1; }
    ForecastPane #rater { height: auto; }
    ForecastPane #matrix-box { width: 40; padding: 0 1; border-left: solid $primary 30%; }
    .-narrow ForecastPane #matrix-box { width: 30; }
    """

    BINDINGS = [
        *(
            key(str(n), f"digit({n})", "Rate", "Type likelihood, then impact (1-5 each) for the selected item",
                show=n == 1, key_display="1-5", bid=f"rate{n}", group=RATE_KEYS)
            for n in range(1, 6)
        ),
        key("a", "add_item", "Add", "Add a force or future to rate"),
        key("r", "reveal", "Reveal", "Reveal the members' hidden ratings: their means and the matrix"),
        key("left_square_bracket", "rater(-1)", "Prev rater", "Rate as the member before (or the team)", key_display="[", show=False, bid="prev-rater"),
        key("right_square_bracket", "rater(1)", "Next rater", "Rate as the next member (or the team)", key_display="]", show=False, bid="next-rater"),
        key("delete", "delete", "Delete", "Delete the selected item and its ratings", show=False),
        key("escape", "cancel", "Cancel", "Forget the likelihood typed", show=False),
    ]

    def __init__(self, session, *, id: str) -> None:  # noqa: ANN001, A002
        super().__init__(session, id=id)
        self.rater = 0
        self.pending: int | None = None

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="items-box"):
                yield Static(id="rater")
                yield ItemList(id="items")
            with Scroll(id="matrix-box"):
                yield Static(id="matrix")
                yield EarlierResults(id="forecast-shown", classes="-after")

    @property
    def forecast(self) -> ForecastResult:
        return self.own(ForecastResult)


    def reset(self) -> None:
        self.pending = None
        if self._rater() in self.device_members():  # start at a member who rates at the keyboard
            self.rater = keyboard_step(self.session.member_names, self.rater, 1, self.device_members())

    def _rater(self) -> str:
        raters = [*self.session.member_names, TEAM]
        return raters[self.rater % len(raters)]

    def show(self) -> None:
        segment, rater = self.forecast, self._rater()
        accent = theme_style(self.app, "bold $accent")
        head = Text()
        devices = self.device_members()
        head.append("Rating as: ", style="bold")
        if rater in devices:
            head.append(DEVICE_MARK, style="bold")
        head.append_text(literal("the team (agreed)" if rater == TEAM else rater, style=accent))
        phones = [name for name in self.session.member_names if name in devices]
        on_phones = None
        if phones:  # who rates on a phone (] passes over them): one line, cut to fit, never wrapped
            on_phones = Text(" · ".join(DEVICE_MARK + name for name in phones), style="dim", no_wrap=True, overflow="ellipsis")
        head.append("\n[ ] another rater · ", style="dim")
        if self.pending is not None:
            head.append(f"likelihood {self.pending}: now impact (1-5)", style=theme_style(self.app, "bold $warning"))
        else:
            head.append("likelihood, then impact: 1-5 each", style="dim")
        if not segment.shown:
            head.append("\nRatings hidden: r reveals", style=theme_style(self.app, "$warning"))
        self.query_one("#rater", Static).update(head if on_phones is None else Group(head, on_phones))
        rows = []
        for index, item in enumerate(segment.items):
            line = Text()
            line.append(f"{letter(index)}  ", style="bold")
            line.append_text(literal(item.title, style="bold"))
            position = item_position(item, segment.shown)
            if position:
                agreed = " (agreed)" if item.likelihood is not None else ""
                line.append(f"\n   likelihood {position[0]:.1f} · impact {position[1]:.1f} · {quadrant(*position)}{agreed}", style="dim")
            if not segment.shown:
                rated, members = self.session.forecast.rated_count(item.id)
                line.append(f"\n   {rated} of {members} rated", style="dim")
            mine = next((r for r in item.ratings if r.member == rater), None)
            if mine and segment.shown:
                line.append_text(literal(f"\n   {rater}: {mine.likelihood}/{mine.impact}", style="dim"))
            elif mine:
                line.append_text(literal(f"\n   {rater}: rated", style="dim"))
            rows.append((item.id, line))
        if not rows:
            rows.append((None, literal(f"No {segment.item_label}s yet: press a to add one.", style="dim")))
        self.query_one("#items", ItemList).show_items(rows, select=self.session.focus.item)
        self.query_one("#matrix", Static).update(matrix(self.app, segment))
        shows = shows_of(self.ilt.scenario_segment(self.session, segment.id))
        self.query_one("#forecast-shown", EarlierResults).show(self.session.record, shows)

    def enter(self) -> None:
        """Open on the item the engine's focus is on (where the facilitator left it)."""
        self.reset()
        self.show()

    def on_option_list_option_highlighted(self, event: ItemList.OptionHighlighted) -> None:
        """↑/↓ on the list move the engine's focus; the list then draws from it."""
        chosen = event.option.id
        if chosen is not None and chosen != self.session.focus.item and self.current:
            self.engine(self.session.focus_item, chosen)

    def selected(self) -> ForecastEntry | None:
        chosen = self.session.focus.item
        return next((item for item in self.forecast.items if item.id == chosen), None)

    def action_digit(self, value: int) -> None:
        item = self.selected()
        if item is None:
            return
        if self.pending is None:
            self.pending = value
            self.show()
            return
        likelihood, self.pending = self.pending, None
        rater = self._rater()
        replacing = any(r.member == rater for r in item.ratings)

        def rate() -> None:
            if not self.engine(self.session.forecast.rate, item.id, rater, likelihood, value):
                self.show()

        self.show()
        self.for_member(
            rater,
            f"Replace the rating {rater} gave on their phone?" if replacing else f"Rate for {rater}? They rate on their phone.",
            "The keyboard's rating will count instead." if replacing else "The keyboard's rating will count, not the phone's.",
            rate,
        )

    def action_rater(self, step: int) -> None:
        """The next rater (members, then the team); members rating on a phone are passed over."""
        raters = [*self.session.member_names, TEAM]
        self.rater = keyboard_step(raters, self.rater % len(raters), step, self.device_members())
        self.pending = None
        self.show()

    def leave_warning(self) -> str | None:
        if not self.forecast.shown and any(item.ratings for item in self.forecast.items):
            return "the ratings are not revealed yet (r reveals them)"
        return None

    def key_state(self) -> tuple:
        return (self.forecast.shown,)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal" and self.current:
            return not self.forecast.shown
        return True

    def action_reveal(self) -> None:
        self.pending = None
        if not self.engine(self.session.forecast.reveal):
            self.show()

    def action_cancel(self) -> None:
        self.pending = None
        self.show()

    def action_add_item(self) -> None:
        self.prompt(f"A new {self.forecast.item_label}", "", lambda text: self.session.forecast.add_item(text))

    def action_delete(self) -> None:
        item = self.selected()
        if item is not None:
            self.confirm(f"Delete {item.title}?", "Its ratings go with it.", lambda: self.session.forecast.remove_item(item.id))


def matrix(app, segment: ForecastResult) -> Text:  # noqa: ANN001
    """A 5x5 likelihood x impact grid split into four quadrants; items shown by letter."""
    cells: dict[tuple[int, int], list[str]] = {}
    for index, item in enumerate(segment.items):
        position = item_position(item, segment.shown)
        if position:
            cells.setdefault((round(position[0]), round(position[1])), []).append(letter(index))
    high_style = theme_style(app, "bold $background on $accent")
    text = Text()
    text.append("Impact ↑\n", style="bold")
    for impact in range(5, 0, -1):
        text.append(f"{impact} ", style="dim")
        for likelihood in range(1, 6):
            letters = "".join(cells.get((likelihood, impact), []))[:3]
            high = likelihood >= 4 and impact >= 4
            style = high_style if letters and high else ("bold" if letters else "dim")
            text.append(f"{letters or '·':^4}", style=style)
            if likelihood == 3:
                text.append("│", style="dim")
        text.append("\n")
        if impact == 4:
            text.append("  " + "─" * 21 + "\n", style="dim")
    text.append("   1   2   3   4   5  Likelihood →\n", style="dim")
    text.append("\nTop right: plan for it\ntop left: prepare a response\nbottom right: keep an eye on it\nbottom left: set aside", style="dim")
    return text


PANE = ForecastPane
