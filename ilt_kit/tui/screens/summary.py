"""The summary at the end: decisions, agreed levels, top ideas, actions, time, and where it is saved."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ilt_kit.session.engine import Session, rank_ideas
from ilt_kit.store.record import ActionsResult, BrainstormResult, PrioritizeResult, RubricResult
from ilt_kit.tui.widgets.text import literal


def summary(session: Session, path: Path | None) -> RenderableType:
    record = session.record
    parts: list[RenderableType] = [
        literal(record.title, style="bold #FFD54F"),
        literal(f"{record.scenario_title} · {record.date} · {record.team.name}", style="dim"),
    ]
    if record.decisions:
        parts.append(Text("\nDecisions", style="bold"))
        for decision in record.decisions:
            where = record.segment_title(decision.segment)
            parts.append(literal(f" • {decision.text}" + (f" (in {where})" if where else "")))
    levels = Table(title="Agreed levels", title_justify="left", title_style="bold", expand=True, header_style="bold #4FC3F7")
    levels.add_column("Criterion", ratio=2)
    levels.add_column("Level", no_wrap=True)
    levels.add_column("Evidence", ratio=3)
    any_level = False
    for segment in record.segments:
        if isinstance(segment, RubricResult):
            labels = {level.value: level.label for level in segment.scale}
            for criterion in segment.criteria:
                if criterion.agreed is not None:
                    any_level = True
                    levels.add_row(literal(criterion.title), literal(f"{criterion.agreed} {labels.get(criterion.agreed, '')}"), literal(criterion.evidence or "—"))
    if any_level:
        parts.append(Text(""))
        parts.append(levels)
    for segment in record.segments:
        if isinstance(segment, PrioritizeResult):
            source = next((s for s in record.segments if s.id == segment.source and isinstance(s, BrainstormResult)), None)
            if source is None:
                continue
            ranked = [(idea, dots) for idea, dots in rank_ideas(source.ideas, segment.dots) if dots][:5]
            if ranked:
                parts.append(literal(f"\nTop ideas — {segment.title}", style="bold"))
                for idea, dots in ranked:
                    parts.append(literal(f" {dots:>2} ● {idea.text}"))
    actions = [a for s in record.segments if isinstance(s, ActionsResult) for a in s.actions]
    if actions:
        table = Table(title="Actions", title_justify="left", title_style="bold", expand=True, header_style="bold #4FC3F7")
        table.add_column("What", ratio=3)
        table.add_column("Owner", ratio=1)
        table.add_column("Due", no_wrap=True)
        table.add_column("Status", no_wrap=True)
        for action in actions:
            table.add_row(literal(action.what), literal(action.owner or "—"), action.due.isoformat() if action.due else "—", action.status)
        parts.append(Text(""))
        parts.append(table)
    time_table = Table(title="Time", title_justify="left", title_style="bold", expand=True, header_style="bold #4FC3F7")
    time_table.add_column("Segment", ratio=2)
    time_table.add_column("Planned", justify="right")
    time_table.add_column("Used", justify="right")
    time_table.add_column("", no_wrap=True)
    for segment in record.segments:
        planned = session.planned(segment) / 60
        used = session.elapsed_of(segment) / 60
        time_table.add_row(literal(segment.title), f"{planned:.0f} min", f"{used:.0f} min", segment.status)
    projection = session.projection()
    time_table.add_row("Total", f"{projection.planned_total / 60:.0f} min", f"{projection.used / 60:.0f} min", "", style="bold")
    parts.append(Text(""))
    parts.append(time_table)
    if path is not None:
        parts.append(literal(f"\nSaved in {path}", style="bold #69F0AE"))
        parts.append(literal(f"Report: ilt-kit report {path} --format html -o report.html", style="dim"))
    return Group(*parts)


class SummaryScreen(Screen):
    BINDINGS = [
        Binding("escape,b", "back", "Back to the session", id="summary.back"),
    ]

    def __init__(self, session: Session, path: Path | None) -> None:
        super().__init__()
        self.session = session
        self.path = path

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary-box"):
            yield Static(summary(self.session, self.path), id="summary")
        yield Footer()

    def action_back(self) -> None:
        self.app.pop_screen()
