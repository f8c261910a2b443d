"""Briefing and reflection: the prompt the room discusses, and beside it the earlier results it names.

Other panes show their segment's prompt with :func:`prompt_view` too; :func:`earlier_results`
draws what a segment's ``shows = [...]`` names (top ideas, agreed levels, where roles differ).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from ilt_kit.review.summary import level_text
from ilt_kit.session.stats import share_agreeing
from ilt_kit.store.record import (
    ActionsResult,
    BrainstormResult,
    ForecastResult,
    PrioritizeResult,
    RatedBase,
    SegmentBase,
    SurveyResult,
)
from ilt_kit.tui.panes.base import Pane, Scroll
from ilt_kit.tui.widgets.text import bullet_list, literal, theme_style

if TYPE_CHECKING:
    from textual.app import App

    from ilt_kit.session.engine import Session

SHOWN_ROWS = 5
"""How many rows of an earlier result a prompt shows (its top ideas, its most divided statements)."""


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


def earlier_results(app: App, session: Session, ids: list[str]) -> RenderableType | None:
    """What the segments ``ids`` recorded, in short, for a prompt that refers to them."""
    parts: list[RenderableType] = []
    heading = theme_style(app, "bold $primary")
    for segment_id in ids:
        segment = next((s for s in session.record.segments if s.id == segment_id), None)
        if segment is None:
            continue
        parts.append(literal(f"From “{segment.title}”", style=heading))
        parts.append(_result(app, session, segment))
        parts.append(Text(""))
    return Group(*parts) if parts else None


def _result(app: App, session: Session, segment: SegmentBase) -> RenderableType:
    rows = Table.grid(padding=(0, 1))
    rows.add_column(no_wrap=True, justify="right", style="bold")
    rows.add_column(ratio=1)
    accent = theme_style(app, "bold $accent")
    if isinstance(segment, PrioritizeResult):
        ranking = [(idea, dots) for idea, dots in session.ranking(segment) if dots]
        for rank, (idea, dots) in enumerate(ranking[:SHOWN_ROWS], start=1):
            line = literal(f"#{idea.id} {idea.text}  ")
            line.append(f"{dots} dot{'s' if dots != 1 else ''}", style=accent)
            rows.add_row(f"{rank}.", line)
        if not ranking:
            return Text("no dots were placed", style="dim")
    elif isinstance(segment, BrainstormResult):
        if not segment.ideas:
            return Text("no ideas were recorded", style="dim")
        themes: dict[str, int] = {}
        for idea in segment.ideas:
            themes[idea.theme or "No theme"] = themes.get(idea.theme or "No theme", 0) + 1
        for theme, count in sorted(themes.items(), key=lambda item: -item[1])[:SHOWN_ROWS]:
            rows.add_row(str(count), literal(theme))
        rows.add_row("", Text(f"{len(segment.ideas)} ideas in all", style="dim"))
    elif isinstance(segment, SurveyResult):
        return _survey_result(app, session, segment)
    elif isinstance(segment, RatedBase):
        for criterion in segment.criteria:
            agreed = Text(level_text(segment.scale, criterion.agreed), style=accent if criterion.agreed is not None else "dim")
            rows.add_row(agreed, literal(criterion.title))
    elif isinstance(segment, ForecastResult):
        from ilt_kit.session.engine import item_position, quadrant

        for item in segment.items:
            position = item_position(item)
            rows.add_row(Text(quadrant(*position) if position else "not rated", style=accent if position else "dim"), literal(item.title))
    elif isinstance(segment, ActionsResult):
        for action in segment.actions:
            rows.add_row("✓" if action.status == "done" else "○", literal(f"{action.what} — {action.owner or 'no owner'}"))
        if not segment.actions:
            return Text("no actions were planned", style="dim")
    else:
        return literal(segment.notes) if segment.notes else Text("no notes were written", style="dim")
    return rows


def _survey_result(app: App, session: Session, segment: SurveyResult) -> RenderableType:
    """Each statement's share agreeing, and first the ones where the role groups differ most."""
    from ilt_kit.session.kinds.rated import split_by_role
    from ilt_kit.session.stats import level_counts

    found: list[tuple[float, str, dict[str, float | None], float | None]] = []
    for criterion in segment.criteria:
        rnd = criterion.rounds[-1]
        if rnd.revealed is None:
            continue
        groups = {group: share_agreeing(counts) for group, counts in split_by_role(rnd, session.members).items()}
        known = [share for share in groups.values() if share is not None]
        gap = max(known) - min(known) if len(known) > 1 else 0.0
        found.append((gap, criterion.title, groups, share_agreeing(level_counts(rnd))))
    if not found:
        return Text("no statement was revealed", style="dim")
    found.sort(key=lambda item: -item[0])
    rows = Table.grid(padding=(0, 1))
    rows.add_column(ratio=1)
    for gap, title, groups, everyone in found[:SHOWN_ROWS]:
        line = Text()
        line.append_text(literal(title, style="bold"))
        shares = " · ".join(f"{group} {share:.0%}" for group, share in groups.items() if share is not None)
        line.append(f"\n  agree: everyone {everyone:.0%}" if everyone is not None else "\n  agree: —", style="dim")
        if len(groups) > 1:
            line.append(f" · {shares}", style="dim")
            if gap >= 0.3:
                line.append(f"  ({gap:.0%} apart)", style=theme_style(app, "bold $warning"))
        rows.add_row(line)
    return rows


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
                yield Static(id="shown")

    def show(self) -> None:
        content = self.ilt.scenario_segment(self.session, self.segment.id)
        show_notes = self.show_notes
        self.query_one("#prompt", Static).update(prompt_view(self.app, content, self.segment, show_notes))
        shown = earlier_results(self.app, self.session, list(getattr(content, "shows", []) or []))
        self.query_one("#shown-box").display = shown is not None
        if shown is not None:
            self.query_one("#shown", Static).update(shown)


PANE = PromptPane
