"""The summary at the end: decisions, levels (agreed or not, every round), survey results,
forecasts, ideas, actions, notes, talk time, time and where it is saved. Every figure comes from
:func:`ilt_kit.review.summary.summarize`, part by part as the reports show them: each segment kind's
part as its summary section's blocks (:mod:`ilt_kit.review.sections`); this module only lays it out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ilt_kit.review.summary import (
    DecisionLine,
    Section,
    SessionSummary,
    TalkLine,
    TimeUse,
    clock_text,
    minutes_added,
    summarize,
    talk_text,
)
from ilt_kit.session.engine import Session
from ilt_kit.tui.screens.breakpoints import SizedFromTheStart
from ilt_kit.tui.widgets.blocks import renderables
from ilt_kit.tui.widgets.keys import KeysFooter
from ilt_kit.tui.widgets.text import literal, theme_style

if TYPE_CHECKING:
    from textual.app import App


def summary(view: SessionSummary, path: Path | None, app: App | None = None) -> RenderableType:
    """The summary as one renderable, in the theme's colours when ``app`` is given: each part of
    :meth:`~ilt_kit.review.summary.SessionSummary.sections`, in the reports' order."""

    def style(spec: str) -> str:
        return theme_style(app, spec) if app is not None else " ".join(w for w in spec.split() if not w.startswith("$"))

    def table(title: str) -> Table:
        return Table(title=literal(title), title_justify="left", title_style="bold", expand=True, header_style=style("bold $primary"))

    def heading(text: str) -> Text:
        return literal(f"\n{text}", style="bold")

    def decisions(lines: list[DecisionLine]) -> list[RenderableType]:
        return [heading("Decisions")] + [
            literal(f" • {d.text}" + (f" (in {d.where})" if d.where else "")) for d in lines
        ]

    def notes(rows: list[tuple[str, str]]) -> list[RenderableType]:
        return [heading("Notes")] + [literal(f" {title}: {text}") for title, text in rows]

    def talk(rows: list[tuple[str, list[TalkLine]]]) -> list[RenderableType]:
        return [heading("Talk time")] + [literal(f" {title}: {talk_text(lines)}") for title, lines in rows]

    def time(use: TimeUse) -> list[RenderableType]:
        spent = table("Time")
        spent.add_column("Segment", ratio=2)
        spent.add_column("Planned", justify="right")
        spent.add_column("Used", justify="right")
        spent.add_column("", no_wrap=True)
        for row in use.rows:
            added = f" ({minutes_added(row.extra)})" if row.extra else ""
            spent.add_row(literal(row.segment.title), clock_text(row.planned) + added, clock_text(row.used), row.note or row.segment.status)
        spent.add_row("Total", clock_text(use.planned), clock_text(use.used), "", style="bold")
        return [Text(""), spent]

    parts_of: dict[Section, Callable[[Any], list[RenderableType]]] = {
        "decisions": decisions,
        "notes": notes,
        "talk": talk,
        "time": time,
    }
    record = view.record
    parts: list[RenderableType] = [
        literal(record.title, style=style("bold $accent")),
        literal(f"{record.scenario_title} · {record.date} · {record.team.name}", style="dim"),
    ]
    for section, part in view.sections():
        parts += parts_of[section](part) if isinstance(section, str) else renderables(section.blocks(part), style)
    if path is not None:
        parts.append(literal(f"\nSaved in {path}", style=style("bold $success")))
        parts.append(literal(f"Report: ilt-kit report {path} --format html -o report.html", style="dim"))
    return Group(*parts)


class SummaryScreen(SizedFromTheStart, Screen):
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
