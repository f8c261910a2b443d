"""Briefing and reflection: the prompt the room discusses, and beside it the earlier results it names.

Other panes show their segment's prompt with :func:`prompt_view` too, and the earlier results a
segment's ``shows = [...]`` names with :class:`~ilt_kit.tui.widgets.earlier.EarlierResults`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from ilt_kit.store.results.base import SegmentBase
from ilt_kit.tui.panes.base import Pane, Scroll
from ilt_kit.tui.widgets.earlier import EarlierResults, shows_of
from ilt_kit.tui.widgets.text import bullet_list, literal, theme_style

if TYPE_CHECKING:
    from textual.app import App

def prompt_view(app: App, content: object | None, segment: SegmentBase, show_notes: bool) -> RenderableType:
    """The segment's prompt, key points, guiding questions, facilitator notes (f) and our notes."""
    parts: list[RenderableType] = []
    heading = theme_style(app, "bold $primary")
    if content is not None:
        if content.prompt:  # type: ignore[attr-defined]
            parts.append(literal(content.prompt, style=theme_style(app, "bold $accent")))  # type: ignore[attr-defined]
        points = getattr(content, "points", [])
        if points:
            parts.append(bullet_list(points, mark_style=theme_style(app, "bold $accent")))
        if content.questions:  # type: ignore[attr-defined]
            parts.append(Text("\nGuiding questions", style=heading))
            parts.append(bullet_list(content.questions, "?", mark_style=theme_style(app, "bold $accent")))  # type: ignore[attr-defined]
        if content.notes:  # type: ignore[attr-defined]
            if show_notes:
                parts.append(Text("\nFacilitator notes", style=heading))
                parts.append(literal(content.notes))  # type: ignore[attr-defined]
            else:
                parts.append(Text("\nFacilitator notes hidden (f to show)", style="dim"))
    if segment.notes:
        parts.append(Text("\nOur notes", style=theme_style(app, "bold $success")))
        parts.append(literal(segment.notes))
    return Group(*parts)


class PromptPane(Pane):
    """A talk segment: the prompt large, with the earlier results it refers to beside it."""

    DEFAULT_CSS = """
    PromptPane #prompt-box { width: 3fr; padding: 0 1; }
    PromptPane #shown-box { width: 2fr; padding: 0 1; border-left: solid $primary 30%; }
    .-narrow PromptPane #prompt-box, .-narrow PromptPane #shown-box { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Scroll(id="prompt-box"):
                yield Static(id="prompt")
            with Scroll(id="shown-box"):
                yield EarlierResults(id="shown")

    def show(self) -> None:
        content = self.ilt.scenario_segment(self.session, self.segment.id)
        show_notes = self.show_notes
        self.query_one("#prompt", Static).update(prompt_view(self.app, content, self.segment, show_notes))
        shown = self.query_one("#shown", EarlierResults).show(self.session.record, shows_of(content))
        self.query_one("#shown-box").display = shown


PANE = PromptPane
