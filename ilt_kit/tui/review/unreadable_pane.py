"""The review's last tab: each file that could not be read, with every problem at its line."""

from __future__ import annotations

from typing import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ilt_kit.review.entry import BadEntry
from ilt_kit.tui.widgets.text import literal, theme_style


class UnreadablePane(VerticalScroll):
    """The unreadable files, scrolled with the keys."""

    def compose(self) -> ComposeResult:
        yield Static(id="bad")

    def show(self, bad: Sequence[BadEntry]) -> None:
        if not bad:
            self.query_one("#bad", Static).update(Text("Every file in the folder could be read.", style="dim"))
            return
        text = Text()
        for item in bad:
            text.append(literal(f"{item.path}\n", style="bold"))
            for line in item.lines():
                text.append(literal(f"  {line}\n", style=theme_style(self.app, "$error")))
        self.query_one("#bad", Static).update(text)
