"""The summary at the end: decisions, agreed levels, survey results, ideas, actions, time, talk time
and where it is saved. Every figure comes from :func:`ilt_kit.review.summary.summarize`, as in
the reports and the review's session view; this module only lays it out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ilt_kit.review.summary import SessionSummary, clock_text, median_text, summarize
from ilt_kit.session.engine import Session
from ilt_kit.tui.widgets.keys import KeysFooter
from ilt_kit.tui.widgets.text import literal, theme_style

if TYPE_CHECKING:
    from textual.app import App


def summary(view: SessionSummary, path: Path | None, app: App | None = None) -> RenderableType:
    """The summary as one renderable, in the theme's colours when ``app`` is given."""

    def style(spec: str) -> str:
        return theme_style(app, spec) if app is not None else " ".join(w for w in spec.split() if not w.startswith("$"))

    def _table(title: str) -> Table:
        return Table(title=literal(title), title_justify="left", title_style="bold", expand=True, header_style=style("bold $primary"))

    record = view.record
    parts: list[RenderableType] = [
        literal(record.title, style=style("bold $accent")),
        literal(f"{record.scenario_title} · {record.date} · {record.team.name}", style="dim"),
    ]
    if view.decisions:
        parts.append(Text("\nDecisions", style="bold"))
        for decision in view.decisions:
            parts.append(literal(f" • {decision.text}" + (f" (in {decision.where})" if decision.where else "")))
    if view.agreed_levels:
        levels = _table("Agreed levels")
        levels.add_column("Criterion", ratio=2)
        levels.add_column("Level", no_wrap=True)
        levels.add_column("Evidence", ratio=3)
        for agreed in view.agreed_levels:
            levels.add_row(literal(agreed.criterion), literal(agreed.level), literal(agreed.evidence or "—"))
        parts += [Text(""), levels]
    for rated in view.rated:
        if not rated.survey or not rated.scored:
            continue
        groups = rated.groups
        table = _table(f"Survey — {rated.segment.title}" + (" (average by role)" if groups else ""))
        table.add_column("Statement", ratio=2, min_width=20)
        table.add_column("Answers", justify="right", no_wrap=True)
        table.add_column("Median", ratio=1)
        for group in groups:
            table.add_column(literal(group), justify="right", ratio=1)
        for criterion in rated.scored:
            last = criterion.last
            stats = last.stats if last is not None else None
            median = median_text(rated.segment.scale, stats.median if stats else None)
            by_group = {split.group: split.mean for split in last.splits} if last is not None else {}
            means = [f"{mean:.1f}" if (mean := by_group.get(group)) is not None else "–" for group in groups]
            table.add_row(literal(criterion.criterion.title), str(stats.total if stats else 0), literal(median), *means)
        parts += [Text(""), table]
    for ideas in view.idea_lists:
        if ideas.dot_vote:
            parts += [Text(""), literal(f"Ideas by dots — {ideas.segment.title}", style="bold")]
            for idea, dots in ideas.ranked:
                parts.append(literal(f" {dots:>2} ● {idea.text}"))
    if view.actions:
        table = _table("Actions")
        table.add_column("What", ratio=3)
        table.add_column("Owner", ratio=1)
        table.add_column("Due", no_wrap=True)
        table.add_column("Status", no_wrap=True)
        for action in view.actions:
            table.add_row(literal(action.what), literal(action.owner or "—"), action.due.isoformat() if action.due else "—", action.status)
        parts += [Text(""), table]
    time_table = _table("Time")
    time_table.add_column("Segment", ratio=2)
    time_table.add_column("Planned", justify="right")
    time_table.add_column("Used", justify="right")
    time_table.add_column("", no_wrap=True)
    for row in view.time.rows:
        time_table.add_row(literal(row.segment.title), clock_text(row.planned), clock_text(row.used), row.note or row.segment.status)
    time_table.add_row("Total", clock_text(view.time.planned), clock_text(view.time.used), "", style="bold")
    parts += [Text(""), time_table]
    talk = [(s.segment.title, s.talk) for s in view.segments if s.talk]
    if talk:
        parts.append(Text("\nTalk time", style="bold"))
        for title, lines in talk:
            shares = ", ".join(f"{t.member} {t.share:.0%} ({clock_text(t.seconds)})" for t in lines)
            parts.append(literal(f" {title}: {shares}"))
    if path is not None:
        parts.append(literal(f"\nSaved in {path}", style=style("bold $success")))
        parts.append(literal(f"Report: ilt-kit report {path} --format html -o report.html", style="dim"))
    return Group(*parts)


class SummaryScreen(Screen):
    SCOPED_CSS = False  # rules for ids inside the screen, as written
    DEFAULT_CSS = """
    #summary-box {
        padding: 1 2;
    }
    """
    BINDINGS = [
        Binding("escape,b", "back", "Back to the session", id="summary.back"),
    ]

    def __init__(self, session: Session, path: Path | None) -> None:
        super().__init__()
        self.session = session
        self.path = path

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary-box"):
            yield Static(summary(summarize(self.session.record), self.path, self.app), id="summary")
        yield KeysFooter()

    def action_back(self) -> None:
        self.app.pop_screen()
