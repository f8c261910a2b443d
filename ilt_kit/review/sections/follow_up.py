"""The summary section of a follow-up: each earlier action looked back at, and the goals' progress.

A segment's part is its record: per action where it came from, what the team made of it (done,
carried over to a new date, dropped with a reason, or still open) and the evidence of its impact;
per goal its criterion from the baseline to the latest agreed level. Every writer formats its
blocks (md, html, the review's session view, the summary at the end).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ilt_kit.review.blocks import Block, Column, Lines, Span, Table, marked
from ilt_kit.review.summary import ACTIONS
from ilt_kit.store.record import SessionRecord
from ilt_kit.store.results.follow_up import FollowedAction, FollowUpResult, GoalLine

if TYPE_CHECKING:
    from ilt_kit.review.report_csv import CsvRows
    from ilt_kit.review.summary import SessionSummary

ORDER = ACTIONS
"""Beside the actions: what became of the earlier ones, then the new ones (in agenda order)."""

MARKS = {"open": "○", "done": "✓", "carried": "→", "dropped": "✗"}


def build(record: SessionRecord, segment: Any) -> FollowUpResult:
    return segment


def reported(part: FollowUpResult, summary: SessionSummary) -> bool:
    return bool(part.actions or part.goals)


def source_of(action: FollowedAction) -> str:
    """Where an earlier action came from: its session's title (or file) and date."""
    where = action.session_title or action.source
    return f"{where}, {action.session_date.isoformat()}" if action.session_date else where


def outcome(action: FollowedAction) -> str:
    """What the team made of it, in words: 'done', 'carried to 2027-01-15', 'dropped: no budget', 'open'."""
    if action.status == "carried" and action.carried_to is not None:
        return f"carried to {action.carried_to.isoformat()}"
    if action.status == "dropped":
        return f"dropped: {action.reason}"
    return action.status


def _on(level: str, day: object) -> str:
    return f"{level} ({day.isoformat()})" if day is not None else level  # type: ignore[attr-defined]


def goal_line(goal: GoalLine, short: bool = False) -> str:
    """'A shared vision — Vision for learning: 1.5 (2026-08-27) → 3 Established (2026-11-23); target 4
    Sustaining by 2027-05-20'; ``short``: the goal and the levels alone ('A shared vision: 1.5 → 3
    Established · target 4 Sustaining'), for a narrow screen or a phone."""
    latest = goal.latest or "no level agreed since"
    if short:
        return f"{goal.goal}: {goal.baseline or '?'} → {latest}" + (f" · target {goal.target}" if goal.target else "")
    line = goal.goal + (f" — {goal.criterion}" if goal.criterion and goal.criterion != goal.goal else "")
    line += f": {_on(goal.baseline or '?', goal.baseline_on)} → {_on(latest, goal.latest_on if goal.latest else None)}"
    if goal.target:
        line += f"; target {goal.target}" + (f" by {goal.target_by.isoformat()}" if goal.target_by else "")
    return line


def blocks(part: FollowUpResult) -> list[Block]:
    found: list[Block] = []
    if part.actions:
        columns = (
            Column("Earlier action", ratio=3),
            Column("From", ratio=2),
            Column("Owner", ratio=1),
            Column("Due", no_wrap=True),
            Column("Outcome", ratio=2),
            Column("Evidence of impact", ratio=3),
        )
        rows = [
            (
                action.what,
                source_of(action),
                action.owner or "—",
                action.due.isoformat() if action.due else "—",
                outcome(action),
                action.impact or Span("—", "dim"),
            )
            for action in part.actions
        ]
        followed = sum(action.status != "open" for action in part.actions)
        found.append(Table(f"Follow-up — {part.title}", columns, rows, caption=f"{followed} of {len(part.actions)} followed up"))
    if part.goals:
        found.append(Lines("Goals: baseline → latest agreed", [goal_line(goal) for goal in part.goals]))
    return found


def shown(part: FollowUpResult) -> list[Block]:
    """Beside a prompt: each earlier action's outcome, and the goals."""
    if not part.actions and not part.goals:
        return [Lines("", [Span("no earlier actions were due", "dim")])]
    found: list[Block] = []
    if part.actions:
        found.append(marked([(MARKS[action.status], f"{action.what} — {outcome(action)}") for action in part.actions]))
    if part.goals:
        found.append(Lines("", [goal_line(goal, short=True) for goal in part.goals]))
    return found


def csv(segment: Any, seg: str, rows: CsvRows) -> None:
    """Each earlier action (its outcome, then its reason and impact as rows of their own) and each goal."""
    roles = rows.roles
    for action in segment.actions:
        where = [f"from={action.source}", f"segment={action.segment}", f"action={action.action}"]
        if action.due:
            where.append(f"due={action.due.isoformat()}")
        if action.carried_to:
            where.append(f"carried_to={action.carried_to.isoformat()}")
        person = (action.what, action.owner, roles.get(action.owner, ""), "")
        rows.row(seg, action.key, *person, action.status, ";".join(where))
        if action.reason:
            rows.row(seg, action.key, *person, action.reason, "reason")
        if action.impact:
            rows.row(seg, action.key, *person, action.impact, "impact")
    for goal in segment.goals:
        for value, day, label in (
            (goal.baseline, goal.baseline_on, "goal baseline"), (goal.latest, goal.latest_on, "goal latest"),
            (goal.target, goal.target_by, "goal target"),
        ):
            if value:
                rows.row(seg, goal.goal, goal.criterion, "", "", "", value, label + (f";date={day.isoformat()}" if day else ""))
