"""The help screen: every key of the screen underneath (and of the pane in focus there), with what it does."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ilt_kit.tui.screens.breakpoints import SizedFromTheStart
from ilt_kit.tui.widgets.text import theme_style

INTRO = (
    "Ballots stay hidden until you reveal them. Every change is saved at once; "
    "quitting never loses anything. ctrl+p opens the command palette with every action."
)


def screen_keys(screen: Screen) -> list[tuple[object, Binding]]:
    """Every key that works on ``screen`` now, with the node that owns it: the keys of what has the
    focus (on the run screen, the segment's pane) first, then the screen's, then the app's. Keys that
    Textual's own widgets bring (a list's cursor keys) are left out: they have no id."""
    owners: list[object] = []
    node = screen.focused
    while node is not None and node is not screen:
        owners.append(node)
        node = node.parent
    return [
        (owner, binding)
        for owner in [*owners, screen, screen.app]
        for binding in owner.BINDINGS  # type: ignore[attr-defined]
        if isinstance(binding, Binding) and (binding.id or owner is screen)
    ]


def key_table(screen: Screen) -> Table:
    table = Table(show_header=True, header_style=theme_style(screen.app, "bold $primary"), box=None, expand=True)
    table.add_column("Key", style=theme_style(screen.app, "bold $accent"), no_wrap=True)
    table.add_column("What it does", ratio=1)
    seen: set[object] = set()
    for _, binding in screen_keys(screen):
        group = binding.group  # the keys of a group (a level's digits, the speakers): one line
        name = group or binding.id or binding.action
        if name in seen:
            continue
        seen.add(name)
        key = binding.key_display or binding.key
        description = binding.tooltip or binding.description
        if group is not None:
            key = getattr(group, "keys", "") or key
            description = group.description or description
        if (key, description) in seen:  # one key bound twice on the way up (a list's Enter and its pane's)
            continue
        seen.add((key, description))
        table.add_row(key, description)
    table.add_row("ctrl+p", "Command palette: search every action")
    return table


class HelpScreen(SizedFromTheStart, ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="help.close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static("Keys", classes="dialog-title")
            yield Static(INTRO, classes="dialog-detail")
            yield Static(key_table(self.under))
            yield Static("Escape closes this help.", classes="dialog-detail")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
