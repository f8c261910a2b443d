"""The summary section of action planning: every action, its owner, due date and status.

A segment's part is its list of actions; a report shows the actions of all its action-planning
segments as one list (:func:`combine`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ilt_kit.review.html_text import DASH, e
from ilt_kit.review.markdown import md_escape
from ilt_kit.review.blocks import Block, Column, Lines, Span, Table, marked
from ilt_kit.review.summary import ACTIONS, SegmentSummary
from ilt_kit.store.record import SessionRecord
from ilt_kit.store.results.actions import Action

if TYPE_CHECKING:
    from ilt_kit.review.report_csv import CsvRows
    from ilt_kit.review.summary import SessionSummary

ORDER = ACTIONS


def build(record: SessionRecord, segment: Any) -> list[Action]:
    return list(segment.actions)


def reported(part: list[Action], summary: SessionSummary) -> bool:
    return bool(part)


def combine(parts: list[list[Action]]) -> list[Action]:
    """The actions of every action-planning segment, as one list."""
    return [action for part in parts for action in part]


def md(actions: list[Action], out: list[str]) -> None:
    out.append("### Actions")
    out.append("")
    for action in actions:
        box = "[x]" if action.status == "done" else "[ ]"
        who = md_escape(action.owner) if action.owner else "no owner"
        when = f"due {action.due.isoformat()}" if action.due else "no due date"
        done = f", done {action.done_on.isoformat()}" if action.done_on else ""
        goal = f", goal {md_escape(action.goal)}" if action.goal else ""
        out.append(f"- {box} {md_escape(action.what)} ({who}, {when}{done}{goal})")
    out.append("")


def html(actions: list[Action], out: list[str]) -> None:
    out.append("<h3>Actions</h3>")
    out.append("<table><thead><tr><th>Action</th><th>Owner</th><th>Due</th><th>Status</th></tr></thead><tbody>")
    for action in actions:
        if action.status == "done":
            status = '<span class="status-done">✓ done' + (f" {e(action.done_on.isoformat())}" if action.done_on else "") + "</span>"
        else:
            status = "open"
        link = f'<br><span class="muted">follows from: {e(action.link)}</span>' if action.link else ""
        if action.goal:
            link += f'<br><span class="muted">serves goal: {e(action.goal)}</span>'
        owner = e(action.owner) if action.owner else DASH
        due = e(action.due.isoformat()) if action.due else '<span class="muted">no date</span>'
        out.append(f'<tr><td>{e(action.what)}{link}</td><td>{owner}</td><td class="nowrap">{due}</td><td class="nowrap">{status}</td></tr>')
    out.append("</tbody></table>")


def detail(summary: SegmentSummary, out: list[str]) -> None:
    for action in summary.part:
        mark = "x" if action.status == "done" else " "
        details = [f"owner {action.owner}" if action.owner else "", f"due {action.due}" if action.due else ""]
        if action.done_on:
            details.append(f"done {action.done_on}")
        if action.link:
            details.append(f"follows from {action.link}")
        if action.goal:
            details.append(f"serves goal {action.goal}")
        info = "; ".join(d for d in details if d)
        out.append(f"- [{mark}] {md_escape(action.what)}" + (f" ({md_escape(info)})" if info else ""))


def csv(segment: Any, seg: str, rows: CsvRows) -> None:
    """Each action: what, its owner and role, its status, its dates and what it follows from."""
    roles = rows.roles
    for action in segment.actions:
        dates = []
        if action.due:
            dates.append(f"due={action.due.isoformat()}")
        if action.done_on:
            dates.append(f"done={action.done_on.isoformat()}")
        if action.link:
            dates.append(f"link={action.link}")
        if action.goal:
            dates.append(f"goal={action.goal}")
        rows.row(seg, str(action.id), action.what, action.owner, roles.get(action.owner, ""), "", action.status, ";".join(dates))


def blocks(actions: list[Action]) -> list[Block]:
    columns = (Column("What", ratio=3), Column("Owner", ratio=1), Column("Due", no_wrap=True), Column("Status", no_wrap=True))
    rows = [
        (action.what, action.owner or "—", action.due.isoformat() if action.due else "—", action.status) for action in actions
    ]
    return [Table("Actions", columns, rows)]


def shown(actions: list[Action]) -> list[Block]:
    """Beside a prompt: each action, done or open, and its owner."""
    if not actions:
        return [Lines("", [Span("no actions were planned", "dim")])]
    rows = [("✓" if action.status == "done" else "○", f"{action.what} — {action.owner or 'no owner'}") for action in actions]
    return [marked(rows)]
