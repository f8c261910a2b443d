"""The summary at the end: decisions, levels (agreed or not, every round), survey results,
forecasts, ideas, actions, notes, talk time, time and where it is saved. Every figure comes from
:func:`ilt_kit.review.summary.summarize`, part by part as the reports show them; this module only
lays it out."""

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
    IdeaList,
    RatedSummary,
    Section,
    SegmentSummary,
    SessionSummary,
    TalkLine,
    TimeUse,
    clock_text,
    figure,
    idea_number,
    median_text,
    minutes_added,
    summarize,
    talk_text,
)
from ilt_kit.session.engine import Session
from ilt_kit.session.stats import no_evidence_note
from ilt_kit.store.record import Action, ForecastResult
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

    def rated(part: RatedSummary) -> list[RenderableType]:
        segment = part.segment
        if not part.survey:
            levels = table(f"Agreed levels — {segment.title}")
            widest_word = max((len(word) for c in part.scored for word in (c.agreed or "not agreed").split()), default=3)
            levels.add_column("Criterion", ratio=2)
            levels.add_column("Level", min_width=min(widest_word, 16), max_width=16)  # its words are never cut
            levels.add_column("Rounds", ratio=3)
            levels.add_column("Evidence", ratio=3)
            for c in part.scored:
                rounds = [r.text for r in c.revealed] + ([f"moved: {c.movement}"] if c.movement else [])
                last = c.last.stats if c.last is not None else None
                if last is not None and no_evidence_note(last):
                    rounds.append(no_evidence_note(last))
                levels.add_row(
                    literal(c.criterion.title),
                    literal(c.agreed or "not agreed", style="" if c.agreed else "dim"),
                    literal("\n".join(rounds) or "–"),
                    literal(c.criterion.evidence or "—"),
                )
            if part.not_scored:
                levels.caption = literal(f"Not scored: {', '.join(part.not_scored)}")
                levels.caption_justify = "left"
            return [Text(""), levels]
        groups = part.groups
        survey = table(f"Survey — {segment.title}" + (" (average by role)" if groups else ""))
        survey.add_column("Statement", ratio=2, min_width=20)
        survey.add_column("Answers", justify="right", no_wrap=True)
        survey.add_column("Median", ratio=1)
        for group in groups:
            survey.add_column(literal(group), justify="right", ratio=1)
        for criterion in part.scored:
            last = criterion.last
            stats = last.stats if last is not None else None
            median = median_text(segment.scale, stats.median if stats else None)
            by_group = {split.group: split.mean for split in last.splits} if last is not None else {}
            means = [f"{mean:.1f}" if (mean := by_group.get(group)) is not None else "–" for group in groups]
            survey.add_row(literal(criterion.criterion.title), str(stats.total if stats else 0), literal(median), *means)
        return [Text(""), survey]

    def forecast(part: SegmentSummary) -> list[RenderableType]:
        segment = part.segment
        assert isinstance(segment, ForecastResult)
        items = table(f"Forecast — {segment.title}")
        items.add_column("#", justify="right", no_wrap=True)
        items.add_column(literal(segment.item_label.capitalize()), ratio=1)
        items.add_column("Likelihood", justify="right", no_wrap=True)
        items.add_column("Impact", justify="right", no_wrap=True)
        items.add_column("Where it falls", min_width=10, max_width=18)  # sized to its words, never cut
        items.add_column("Basis", min_width=10, max_width=18)
        for p in part.forecast or []:
            items.add_row(
                str(p.number), literal(p.item.title), figure(p.likelihood), figure(p.impact), literal(p.quadrant), literal(p.basis)
            )
        return [Text(""), items]

    def ideas(part: IdeaList) -> list[RenderableType]:
        lines: list[RenderableType] = [heading(("Ideas by dots — " if part.dot_vote else "Ideas — ") + part.segment.title)]
        for idea, dots in part.ranked:
            about = "; ".join(x for x in (idea.theme, idea.author and f"by {idea.author}") if x)
            words = f"{idea_number(idea)} {idea.text}" + (f" ({about})" if about else "")
            lines.append(literal(f" {dots:>2} ● {words}" if part.dot_vote else f" {words}"))
        return lines

    def actions(rows: list[Action]) -> list[RenderableType]:
        plan = table("Actions")
        plan.add_column("What", ratio=3)
        plan.add_column("Owner", ratio=1)
        plan.add_column("Due", no_wrap=True)
        plan.add_column("Status", no_wrap=True)
        for action in rows:
            plan.add_row(literal(action.what), literal(action.owner or "—"), action.due.isoformat() if action.due else "—", action.status)
        return [Text(""), plan]

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
        "rated": rated,
        "forecast": forecast,
        "ideas": ideas,
        "actions": actions,
        "notes": notes,
        "talk": talk,
        "time": time,
    }
    record = view.record
    parts: list[RenderableType] = [
        literal(record.title, style=style("bold $accent")),
        literal(f"{record.scenario_title} · {record.date} · {record.team.name}", style="dim"),
    ]
    for kind, part in view.sections():
        parts += parts_of[kind](part)
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
