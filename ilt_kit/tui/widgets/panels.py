"""What each part of the run screen shows, drawn from engine state. Pure functions -> Rich renderables."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ilt_kit.content.models import Criterion, Rubric, Scenario
from ilt_kit.session.engine import TEAM, DomainError, Session, item_position, quadrant
from ilt_kit.session.stats import RoundStats, is_no_evidence, level_counts, no_evidence_note
from ilt_kit.store.record import (
    ActionsResult,
    BrainstormResult,
    ForecastResult,
    PrioritizeResult,
    RatedBase,
    SegmentBase,
    SurveyResult,
)
from ilt_kit.tui.widgets.ballots import Voter
from ilt_kit.tui.widgets.render import clock_text, distribution, diverging, share_bars
from ilt_kit.tui.widgets.text import KIND_NAME, bullet_list, literal

STATUS_GLYPH = {"pending": "·", "running": "▶", "paused": "‖", "done": "✓", "skipped": "↷"}


@dataclass
class View:
    """Where the facilitator's cursor is. UI state only: nothing here is saved."""

    member: int = 0
    criterion: dict[str, int] = field(default_factory=dict)
    idea: int = 0
    item: int = 0
    action: int = 0
    level: int = 0
    rater: int = 0
    pending: int | None = None
    merge_from: int | None = None
    show_notes: bool = False
    by_role: bool = True


def heading(text: str, style: str = "bold") -> Text:
    return Text(text, style=style)


# ------------------------------------------------------------------------------------ agenda


def agenda(session: Session, narrow: bool) -> RenderableType:
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(width=1)
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column(justify="right", no_wrap=True)
    for index, segment in enumerate(session.record.segments):
        current = index == session.index
        used = session.elapsed_of(segment)
        planned = session.planned(segment)
        minutes = f"{used / 60:.0f}/{planned / 60:.0f}" if used else f"{planned / 60:.0f}"
        style = "reverse bold" if current else ("dim" if segment.status in ("done", "skipped") else "")
        title = f"{index + 1}" if narrow else f"{index + 1} {segment.title}"
        table.add_row(STATUS_GLYPH[segment.status], Text(title, style=style), Text(minutes, style=style))
    projection = session.projection()
    behind = projection.behind
    if abs(behind) < 60:
        verdict = "on plan"
    elif narrow:
        verdict = f"{abs(behind) / 60:.0f} {'behind' if behind > 0 else 'ahead'}"
    else:
        verdict = f"{behind / 60:.0f} min behind" if behind > 0 else f"{-behind / 60:.0f} min ahead"
    footer = Text()
    footer.append("\nEnds " if narrow else "\nEnds ≈ ", style="dim")
    footer.append(projection.projected_end.strftime("%H:%M"), style="bold")
    footer.append(f"\n{verdict}", style="bold #FFB300" if behind >= 60 else "bold")
    if not narrow:
        footer.append("\nminutes used/planned", style="dim")
    return Group(table, footer)


# --------------------------------------------------------------------------------- rated body


def rated_segment(session: Session) -> RatedBase:
    segment = session.segment
    assert isinstance(segment, RatedBase)
    return segment


def criterion_index(session: Session, view: View) -> int:
    segment = rated_segment(session)
    index = view.criterion.get(segment.id, 0)
    return max(0, min(index, len(segment.criteria) - 1))


def criterion_panel(session: Session, view: View, rubric: Rubric | None) -> RenderableType:
    segment = rated_segment(session)
    index = criterion_index(session, view)
    result = segment.criteria[index]
    content: Criterion | None = None
    if rubric is not None:
        content = rubric.criterion(result.id)
    parts: list[RenderableType] = []
    noun = "Statement" if isinstance(segment, SurveyResult) else "Criterion"
    parts.append(Text(f"{noun} {index + 1} of {len(segment.criteria)} · {result.group}", style="dim"))
    parts.append(Text(result.title, style="bold #FFD54F"))
    if content is None:
        if result.statement:
            parts.append(Text(result.statement, style="bold"))
        where = f" ({segment.rubric_file}, from the session's folder)" if segment.rubric_file else ""
        parts.append(Text(f"(The content file for this rubric{where} is not loaded: showing the saved wording only.)", style="dim"))
        return Group(*parts)
    if content.vision:
        parts.append(Text(content.vision, style="bold" if isinstance(segment, SurveyResult) else ""))
    if content.from_ and content.to:
        shift = Text()
        shift.append("FROM ", style="bold #FF8A80")
        shift.append(content.from_ + "\n")
        shift.append("TO   ", style="bold #69F0AE")
        shift.append(content.to)
        parts.append(shift)
    if content.indicators:
        parts.append(heading("\nIt would look like…"))
        parts.append(bullet_list(content.indicators))
    if not isinstance(segment, SurveyResult) and rubric is not None:
        table = Table(show_header=False, box=None, padding=(0, 1), expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        for level in rubric.scale.levels:
            text = content.descriptors.get(level.value) or level.descriptor
            table.add_row(literal(f"{level.value} {level.label}"), literal(text))
        if rubric.scale.no_evidence:
            table.add_row(literal(f"0 {rubric.scale.no_evidence}"), "")
        parts.append(heading("\nLevels"))
        parts.append(table)
    if content.look_fors:
        parts.append(heading("\nLook-fors"))
        parts.append(bullet_list(content.look_fors, "◦"))
    if content.questions:
        parts.append(heading("\nQuestions"))
        parts.append(bullet_list(content.questions, "?"))
    return Group(*parts)


def _round_header(rnd) -> Text:  # noqa: ANN001
    header = Text()
    header.append(f"Round {rnd.number} · ", style="bold")
    if rnd.revealed:
        header.append("REVEALED", style="bold #69F0AE")
    else:
        header.append("show of hands" if rnd.mode == "tally" else "hidden ballots")
    return header


def ballot_rows(session: Session, view: View) -> tuple[tuple[Text, ...], tuple[Voter, ...]] | None:
    """While members vote by hidden ballot: the round header, how many have voted, and who has
    (never what), for the :class:`~ilt_kit.tui.widgets.ballots.BallotRows` widget. None otherwise."""
    segment = rated_segment(session)
    result = segment.criteria[criterion_index(session, view)]
    rnd = session.current_round(result)
    if rnd.revealed is not None or rnd.mode == "tally":
        return None
    voted = session.voted(result.id)
    count = Text()
    count.append(f"{len(voted)} of {len(session.members)} voted", style="bold")
    voters = tuple(
        Voter(member.name, member.name in voted, index == view.member) for index, member in enumerate(session.members)
    )
    return (_round_header(rnd), count), voters


def ballot_panel(session: Session, view: View, width: int = 36) -> RenderableType:
    """The rest of the ballot pane: the tally or the reveal, the agreed level, earlier rounds.

    While ballots are hidden, the voters are in their own widget above this (see
    :func:`ballot_rows`) and this shows the keys to use.
    """
    segment = rated_segment(session)
    result = segment.criteria[criterion_index(session, view)]
    rnd = session.current_round(result)
    parts: list[RenderableType] = []
    if rnd.revealed is None and rnd.mode != "tally":
        scale = " · ".join(f"{lvl.value} {lvl.label}" for lvl in segment.scale)
        parts.append(Text(f"\n↑↓ member · type a level: {scale}", style="dim"))
    else:
        parts.append(_round_header(rnd))
        if rnd.revealed is None:
            parts.append(tally_entry(segment, rnd, view))
        else:
            stats = session.stats(result.id)
            parts.append(reveal_view(session, segment, result.id, stats, view, width))
    if result.agreed is not None:
        agreed = Text("\nAgreed: ", style="bold")
        agreed.append(f"{result.agreed} {label_of(segment, result.agreed)}", style="bold #69F0AE")
        if result.evidence:
            agreed.append(f"\n{result.evidence}")
        parts.append(agreed)
    if len(result.rounds) > 1:
        history = Text("\nEarlier rounds: ", style="dim")
        for rnd_old in result.rounds[:-1]:
            try:
                old = session.stats(result.id, rnd_old.number)
                history.append(f"R{rnd_old.number} median {fmt_num(old.median)}, {fmt_pct(old.agreement)} agree  ", style="dim")
            except DomainError:
                continue
        parts.append(history)
    return Group(*parts)


def fmt_num(value: float | None) -> str:
    return "—" if value is None else (f"{value:.0f}" if value == int(value) else f"{value:.1f}")


def fmt_pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def label_of(segment: RatedBase, value: int) -> str:
    return next((level.label for level in segment.scale if level.value == value), "?")


def tally_entry(segment: RatedBase, rnd, view: View) -> RenderableType:  # noqa: ANN001
    counts = level_counts(rnd)
    text = Text("Count the hands for each level\n\n")
    for index, level in enumerate(segment.scale):
        selected = index == view.level
        text.append("▶ " if selected else "  ", style="bold #FFD54F")
        text.append(f"{level.value} {level.label}", style="reverse bold" if selected else "bold")
        text.append(f"   {counts.get(level.value, 0)} hands\n")
    text.append("\n↑↓ choose a level · type its count (0-9) · c for a larger count", style="dim")
    return text


def reveal_view(
    session: Session, segment: RatedBase, criterion_id: str, stats: RoundStats, view: View, width: int
) -> RenderableType:
    parts: list[RenderableType] = []
    if isinstance(segment, SurveyResult):
        parts.append(Text("Everyone", style="bold"))
        bar_width = max(10, min(width - 3, 40))
        parts.append(diverging({k: v for k, v in stats.counts.items() if not is_no_evidence(k)}, bar_width))
        if view.by_role:
            for group, counts in session.results_by_role(criterion_id).items():
                parts.append(Text(f"\n{group.title()}", style="bold"))
                parts.append(diverging(counts, bar_width))
        parts.append(Text(f"\n{stats.total} responses · median {fmt_num(stats.median)}", style="dim"))
        if no_evidence_note(stats):
            parts.append(Text(no_evidence_note(stats), style="dim"))
        parts.append(agree_legend(segment))
        return Group(*parts)
    parts.append(distribution(segment.scale, stats.counts, width=max(4, min(width // 3, 24)), median=stats.median))
    summary = Table.grid(padding=(0, 2))
    summary.add_column(style="dim")
    summary.add_column(style="bold")
    summary.add_row("Median", fmt_num(stats.median))
    summary.add_row("Range", "—" if stats.low is None else f"{stats.low}–{stats.high}")
    summary.add_row("Agreement", fmt_pct(stats.agreement))
    parts.append(summary)
    parts.append(Text("◆ median · agreement = share within one level of it", style="dim"))
    if no_evidence_note(stats):
        parts.append(Text(no_evidence_note(stats), style="dim"))
    if stats.outliers:
        hear = Text("\nHear from: ", style="bold #FFB300")
        hear.append(", ".join(f"{member or 'a hand'} ({level})" for member, level in stats.outliers))
        parts.append(hear)
    rnd = session.current_round(next(c for c in segment.criteria if c.id == criterion_id))
    if rnd.mode == "ballot":
        votes = Table.grid(padding=(0, 1))
        votes.add_column(style="dim", overflow="ellipsis", no_wrap=True)
        votes.add_column(no_wrap=True)
        for ballot in rnd.ballots:
            votes.add_row(literal(ballot.member), literal(f"{ballot.level} {label_of(segment, ballot.level)}"))
        parts.append(Text(""))
        parts.append(votes)
    return Group(*parts)


def agree_legend(segment: RatedBase) -> Text:
    from ilt_kit.tui.widgets.render import AGREE_FILLS, AGREE_STYLES

    text = Text()
    for level in segment.scale:
        if level.value in AGREE_FILLS:
            text.append(f"{AGREE_FILLS[level.value]} ", style=f"bold {AGREE_STYLES[level.value]}")
            text.append(f"{level.label}  ", style="dim")
    return text


STRIP_WINDOW = 60
"""The most criteria the overview strip shows at once: a window around the current one, so
that a rubric of thousands of criteria costs a key no more than one of sixty."""


def overview_strip(session: Session, view: View) -> Text:
    segment = rated_segment(session)
    current = criterion_index(session, view)
    criteria = segment.criteria
    first = max(0, min(current - STRIP_WINDOW // 2, len(criteria) - STRIP_WINDOW))
    last = min(len(criteria), first + STRIP_WINDOW)
    text = Text()
    if first > 0:
        text.append(f" …{first} more", style="dim")
    for index in range(first, last):
        result = criteria[index]
        rnd = result.rounds[-1]
        if result.agreed is not None:
            mark = f"✓{result.agreed}"
        elif rnd.revealed:
            mark = "◉"
        elif rnd.ballots or rnd.tally:
            mark = "…"
        else:
            mark = "·"
        style = "reverse bold" if index == current else ""
        text.append(f" {index + 1}{mark} ", style=style)
    if last < len(criteria):
        text.append(f" {len(criteria) - last} more…", style="dim")
    return text


# ------------------------------------------------------------------------------ other kinds


def prompt_panel(scenario_segment, segment: SegmentBase, view: View) -> RenderableType:  # noqa: ANN001
    parts: list[RenderableType] = []
    if scenario_segment is not None:
        if scenario_segment.prompt:
            parts.append(Text(scenario_segment.prompt, style="bold #FFD54F"))
        points = getattr(scenario_segment, "points", [])
        if points:
            parts.append(bullet_list(points))
        if scenario_segment.questions:
            parts.append(heading("\nGuiding questions"))
            parts.append(bullet_list(scenario_segment.questions, "?"))
        if scenario_segment.notes:
            if view.show_notes:
                parts.append(heading("\nFacilitator notes", "bold #4FC3F7"))
                parts.append(Text(scenario_segment.notes))
            else:
                parts.append(Text("\nFacilitator notes hidden (f to show)", style="dim"))
    if segment.notes:
        parts.append(heading("\nOur notes", "bold #69F0AE"))
        parts.append(Text(segment.notes))
    elif not parts:
        parts.append(Text("No prompt for this segment.", style="dim"))
    return Group(*parts)


def brainstorm_panel(session: Session, view: View) -> RenderableType:
    segment = session.segment
    assert isinstance(segment, BrainstormResult)
    if not segment.ideas:
        return Text("No ideas yet. Press i, type an idea, Enter. Keep going; Escape when done.", style="dim")
    text = Text()
    text.append(f"{len(segment.ideas)} ideas\n", style="bold")
    by_theme: dict[str, list[int]] = {}
    for index, idea in enumerate(segment.ideas):
        by_theme.setdefault(idea.theme, []).append(index)
    for theme in sorted(by_theme, key=lambda t: (t == "", t.casefold())):
        text.append(f"\n{theme or 'No theme yet'}\n", style="bold #4FC3F7")
        for index in by_theme[theme]:
            idea = segment.ideas[index]
            selected = index == view.idea
            text.append("▶ " if selected else "  ", style="bold #FFD54F")
            marker = " ⇢merge" if view.merge_from == idea.id else ""
            text.append(f"{idea.id}. {idea.text}", style="reverse" if selected else "")
            if idea.author:
                text.append(f"  — {idea.author}", style="dim")
            text.append(marker + "\n", style="bold #FFB300")
    return text


def prioritize_panel(session: Session, view: View) -> tuple[RenderableType, RenderableType]:
    segment = session.segment
    assert isinstance(segment, PrioritizeResult)
    ranking = session.ranking()
    ideas = session.source_ideas()
    left = Text()
    if not ideas:
        left.append("The brainstorm this votes on has no ideas yet.", style="dim")
    for rank, (idea, dots) in enumerate(ranking, start=1):
        selected = ideas.index(idea) == view.idea if idea in ideas else False
        left.append("▶ " if selected else "  ", style="bold #FFD54F")
        left.append(f"{rank:>2}. ", style="dim")
        left.append(f"{idea.text}", style="reverse" if selected else "")
        left.append(f"  {'●' * dots}" if dots else "  ·", style="bold #FFD54F")
        left.append(f" {dots}\n" if dots else "\n")
    right = Text(f"{segment.budget} dots each\n\n", style="bold")
    for index, member in enumerate(session.members):
        selected = index == view.member
        used = sum(d.count for d in segment.dots if d.member == member.name)
        right.append("▶ " if selected else "  ", style="bold #FFD54F")
        right.append(member.name, style="reverse bold" if selected else "")
        right.append(f"  {'●' * used}{'○' * (segment.budget - used)}  {segment.budget - used} left\n")
    right.append("\n[ ] choose member · ↑↓ choose idea\nEnter place a dot · Backspace take one back", style="dim")
    return left, right


def forecast_panel(session: Session, view: View) -> tuple[RenderableType, RenderableType]:
    segment = session.segment
    assert isinstance(segment, ForecastResult)
    raters = session.member_names + [TEAM]
    rater = raters[view.rater % len(raters)]
    left = Text()
    left.append(f"Rating as: {'the team (agreed)' if rater == TEAM else rater}\n", style="bold #FFD54F")
    left.append("type likelihood then impact, 1-5 each\n", style="dim")
    if view.pending is not None:
        left.append(f"likelihood {view.pending} — now type impact\n", style="bold #FFB300")
    for index, item in enumerate(segment.items):
        selected = index == view.item
        left.append("▶ " if selected else "  ", style="bold #FFD54F")
        left.append(f"{chr(65 + index % 26)}  {item.title}", style="reverse bold" if selected else "bold")
        position = item_position(item)
        if position:
            agreed = item.likelihood is not None
            left.append(
                f"\n     L {position[0]:.1f} · I {position[1]:.1f} · {quadrant(*position)}{' (agreed)' if agreed else ''}",
                style="dim",
            )
        mine = next((r for r in item.ratings if r.member == rater), None)
        if mine:
            left.append(f" · {rater}: {mine.likelihood}/{mine.impact}", style="dim")
        left.append("\n")
    if not segment.items:
        left.append(f"No {segment.item_label}s yet: press a to add one.", style="dim")
    return left, matrix(segment)


def matrix(segment: ForecastResult) -> RenderableType:
    """A 5x5 likelihood x impact grid split into four quadrants; items shown by letter."""
    cells: dict[tuple[int, int], list[str]] = {}
    for index, item in enumerate(segment.items):
        position = item_position(item)
        if position:
            key = (round(position[0]), round(position[1]))
            cells.setdefault(key, []).append(chr(65 + index % 26))
    text = Text("Impact ↑\n", style="bold")
    for impact in range(5, 0, -1):
        text.append(f"{impact} ", style="dim")
        for likelihood in range(1, 6):
            letters = "".join(cells.get((likelihood, impact), []))[:3]
            high = likelihood >= 4 and impact >= 4
            style = "bold black on #FFD54F" if letters and high else ("bold" if letters else "dim")
            text.append(f"{letters or '·':^4}", style=style)
            if likelihood == 3:
                text.append("│", style="dim")
        text.append("\n")
        if impact == 4:
            text.append("  " + "─" * 21 + "\n", style="dim")
    text.append("   1   2   3   4   5  Likelihood →\n", style="dim")
    text.append("\nTop right: plan for it · top left: prepare a response\nbottom right: keep an eye on it · bottom left: set aside", style="dim")
    return text


def actions_panel(session: Session, view: View) -> RenderableType:
    segment = session.segment
    assert isinstance(segment, ActionsResult)
    if not segment.actions:
        return Text("No actions yet. Press a to plan one: what, who, by when.", style="dim")
    table = Table(expand=True, show_lines=False, header_style="bold #4FC3F7")
    table.add_column("", width=1)
    table.add_column("#", justify="right", width=3)
    table.add_column("What", ratio=3)
    table.add_column("Owner", ratio=1)
    table.add_column("Due", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    for index, action in enumerate(segment.actions):
        selected = index == view.action
        status = "✓ done" if action.status == "done" else "○ open"
        what = action.what + (f"\n↳ {action.link}" if action.link else "")
        table.add_row(
            "▶" if selected else "",
            str(action.id),
            literal(what),
            literal(action.owner or "—"),
            action.due.isoformat() if action.due else "—",
            status,
            style="reverse" if selected else "",
        )
    return table


def talk_panel(session: Session) -> RenderableType:
    totals = session.talk_totals()
    text = Text("Talk time · F1-F9 who speaks · . nobody", style="bold")
    keys = Text()
    for index, member in enumerate(session.members[:9]):
        speaking = member.name == session.speaker
        keys.append(f"F{index + 1} {member.name}\n", style="reverse bold" if speaking else "dim")
    if not totals:
        return Group(text, keys)
    whole = sum(totals.values())
    top = max(totals.values()) / whole if whole else 0
    parts: list[RenderableType] = [text, share_bars(totals, 12, session.speaker), keys]
    if whole >= 120 and len(session.members) > 2 and top > 0.5:
        parts.append(Text("\nOne voice has more than half the airtime.", style="bold #FFB300"))
    return Group(*parts)


def scenario_segment(scenario: Scenario | None, segment_id: str):  # noqa: ANN201
    if scenario is None:
        return None
    return next((s for s in scenario.segments if s.id == segment_id), None)


def clock_label(phase: str, running: bool, status: str) -> str:
    if status in ("done", "skipped"):
        return status.upper()
    if not running:
        return "PAUSED" if status == "paused" else "READY · space starts"
    return {"ok": "ON TIME", "warning": "UNDER 20% LEFT", "critical": "UNDER 5% LEFT", "overtime": "OVERTIME"}[phase]


__all__ = ["KIND_NAME", "bullet_list", "clock_text"]
