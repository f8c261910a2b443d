"""Earlier results beside a segment's own work: what the segments its ``shows = [...]`` names recorded.

One widget for every pane that can show them (a briefing or reflection, a brainstorm, a rubric or
survey, a forecast, action planning). What it shows of each earlier segment is its kind's summary
section's ``shown`` (:mod:`ilt_kit.review.sections`), built from the record as the reports build it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from rich.console import Group, RenderableType
from rich.text import Text
from textual.widgets import Static

from ilt_kit.review.sections import section_of
from ilt_kit.tui.widgets.blocks import renderables
from ilt_kit.tui.widgets.text import literal, theme_style

if TYPE_CHECKING:
    from textual.app import App

    from ilt_kit.store.record import SessionRecord


def shows_of(content: object | None) -> list[str]:
    """The ids of the earlier segments a scenario's segment shows (its ``shows = [...]``)."""
    return list(getattr(content, "shows", None) or [])


def earlier_results(app: App, record: SessionRecord, ids: Sequence[str]) -> RenderableType | None:
    """What the segments ``ids`` recorded, in short, each under its title; None when none of them is found."""
    parts: list[RenderableType] = []
    heading = theme_style(app, "bold $primary")
    segments = {segment.id: segment for segment in record.segments}
    for segment_id in ids:
        segment = segments.get(segment_id)
        if segment is None:
            continue
        section = section_of(segment.kind)
        parts.append(literal(f"From “{segment.title}”", style=heading))
        parts.extend(renderables(section.shown(section.build(record, segment)), lambda spec: theme_style(app, spec)))
        parts.append(Text(""))
    return Group(*parts) if parts else None


class EarlierResults(Static):
    """The earlier results a segment shows (hidden when it shows none)."""

    DEFAULT_CSS = """
    EarlierResults { height: auto; }
    EarlierResults.-after { margin-top: 1; }
    """

    def show(self, record: SessionRecord, ids: Sequence[str]) -> bool:
        """Show what the segments ``ids`` recorded; whether there is anything to show."""
        shown = earlier_results(self.app, record, ids) if ids else None
        self.display = shown is not None
        if shown is not None:
            self.update(shown)
        return shown is not None


__all__ = ["EarlierResults", "earlier_results", "shows_of"]
