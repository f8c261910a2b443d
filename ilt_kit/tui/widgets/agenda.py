"""The agenda column of the run screen: every segment on one line, what is done, where we are, when we end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from ilt_kit.tui.widgets.text import OneLine, theme_style

if TYPE_CHECKING:
    from ilt_kit.session.engine import Session

STATUS_GLYPH = {"pending": "·", "running": "▶", "paused": "‖", "done": "✓", "skipped": "↷"}
WIDE = 26
"""From this width on the agenda says more ("Ends ≈", "min behind", what the minutes are)."""


class Agenda(Widget):
    """The agenda: a line per segment (its title cut at a word to fit), then the projected end."""

    DEFAULT_CSS = """
    Agenda {
        height: auto;
    }
    """

    shown: reactive[tuple] = reactive(())
    """What the lines say (each segment's status and minutes, the projected end): it repaints when this changes."""

    def __init__(self, session: Session, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.session = session

    def follow(self) -> None:
        """Take the session's state now; a repaint follows only if a line would read differently."""
        session = self.session
        projection = session.projection()
        rows = tuple((s.status, int(session.elapsed_of(s) // 60), session.planned(s)) for s in session.record.segments)
        self.shown = (rows, session.index, projection.projected_end.strftime("%H:%M"), int(projection.behind // 60))

    def render(self) -> RenderableType:
        session = self.session
        wide = self.size.width >= WIDE
        # a narrow column gives the titles every cell it can: the glyph and its space as one
        # column, one space before the minutes
        table = Table.grid(expand=True)
        table.add_column(width=2, no_wrap=True)
        table.add_column(ratio=1, no_wrap=True)
        for index, segment in enumerate(session.record.segments):
            current = index == session.index
            used = session.elapsed_of(segment)
            planned = session.planned(segment)
            minutes = f"{used / 60:.0f}/{planned / 60:.0f}" if used else f"{planned / 60:.0f}"
            style = "reverse bold" if current else ("dim" if segment.status in ("done", "skipped") else "")
            table.add_row(STATUS_GLYPH[segment.status], OneLine(f"{index + 1} {segment.title}", minutes, style, style, gap=2 if wide else 1))
        return Group(table, self._footer(wide))

    def _footer(self, wide: bool) -> Text:
        """Below the segments: a blank line, the projected end and how far behind or ahead the
        session is (and, when wide, what the minutes are)."""
        projection = self.session.projection()
        behind = projection.behind
        if abs(behind) < 60:
            verdict = "on plan"
        elif wide:
            verdict = f"{behind / 60:.0f} min behind" if behind > 0 else f"{-behind / 60:.0f} min ahead"
        else:
            verdict = f"{abs(behind) / 60:.0f} {'behind' if behind > 0 else 'ahead'}"
        footer = Text()
        footer.append("\nEnds ≈ " if wide else "\nEnds ", style="dim")
        footer.append(projection.projected_end.strftime("%H:%M"), style="bold")
        footer.append(f"\n{verdict}", style=theme_style(self.app, "bold $warning") if behind >= 60 else "bold")
        if wide:
            footer.append("\nminutes used/planned", style="dim")
        return footer

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """A line a segment (a title is cut to fit, never wrapped), then the lines of the footer at
        this width: the layout needs no drawing of the whole agenda to know its height."""
        footer = self._footer(width >= WIDE)
        return len(self.session.record.segments) + len(footer.wrap(self.app.console, width))
