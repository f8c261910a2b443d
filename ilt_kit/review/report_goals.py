"""The goals section of the md and html reports: each goal from baseline to latest to target, the
actions that serve it and their evidence of impact; across a district, per school, how many goals
are reached, on track, behind or not measured (counts only: no names).

Everything said is worked out by :mod:`ilt_kit.review.goals`; this module only writes it."""

from __future__ import annotations

from typing import Callable

from ilt_kit.review.markdown import md_block
from ilt_kit.review.goals import STATE_MARK, STATES, GoalAction, GoalProgress, GoalsReport, about_text, path_text, school_counts

GOALS_NOTE = (
    "Latest: the level agreed in the latest session after the baseline (a survey statement: the median of its "
    "latest round). On track: at or above the straight line from the baseline to the target by its date."
)


def _action_status(action: GoalAction) -> str:
    """'✓ done', '○ open', '↻ carried to 2027-01-10' (by a follow-up) or '– dropped'."""
    if action.status == "carried" and action.note is not None:
        return f"↻ carried to {action.note.new_due}"
    return {"done": "✓ done", "open": "○ open", "dropped": "– dropped"}.get(action.status, action.status)


# ---------------------------------------------------------------------------------------- md


def goals_md(report: GoalsReport | None, out: list[str], esc: Callable[[str], str], school: str | None = None,
             heading: str = "## Goals") -> None:
    """The goals of one team (``school``: that school's; None: every team's) as Markdown."""
    if report is None:
        return
    for team in report.teams:
        if team.goals is None and (school is None or team.school == school):
            first = team.problems[0] if team.problems else ""
            out.append(f"{heading}\n\n{esc(str(team.path))} has problems, so its goals are left out: {esc(str(first))}\n")
    items = [i for t, found in report.progress if school is None or t.school == school for i in found]
    if not items:
        return
    out.append(heading)
    out.append("")
    out.append(f"_{GOALS_NOTE}_")
    out.append("")
    for item in items:
        out.append(f"### {STATE_MARK[item.state]} {esc(item.goal.title)}: {item.state}")
        out.append("")
        out.append(f"- About: {esc(about_text(item))}")
        out.append(f"- Baseline → latest → target: {esc(path_text(item))}")
        if item.goal.notes:
            out.append(f"- Notes: {md_block(item.goal.notes)}")
        if item.actions:
            out.append(f"- Actions ({item.done} of {len(item.actions)} done):")
            for action in item.actions:
                owner = f" ({esc(action.action.owner)})" if action.action.owner else ""
                line = f"  - {_action_status(action)}: {esc(action.action.what)}{owner}, from {action.session_date}"
                if action.impact:
                    line += f"; impact: {md_block(action.impact, indent='    ')}"
                out.append(line)
        else:
            out.append("- Actions: none serves this goal yet")
        for ref in item.missing:
            out.append(f"- Not found in these sessions: {esc(ref)}")
        out.append("")


def district_goals_md(report: GoalsReport | None, out: list[str], esc: Callable[[str], str]) -> None:
    """Per school, how many goals are in each state (counts only)."""
    rows = school_counts(report.progress) if report is not None else []
    if not rows:
        return
    out.append("## Goals per school")
    out.append("")
    out.append("| School | Goals | " + " | ".join(s.capitalize() for s in STATES) + " |")
    out.append("|---|" + "---:|" * (len(STATES) + 1))
    for school, total, counts in rows:
        out.append(f"| {esc(school)} | {total} | " + " | ".join(str(counts[s]) for s in STATES) + " |")
    out.append("")


# -------------------------------------------------------------------------------------- html

GOALS_CSS = """
.goal { margin: .6rem 0 1.2rem; }
.goal p { margin: .25rem 0; }
.goal h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
.goal .state { display: inline-block; font-size: .8rem; padding: 0 .45rem; border-radius: .6rem; margin-left: .4rem;
               font-weight: 600; vertical-align: middle; }
.state-reached { background: #dafbe1; color: #116329; }
.state-on-track { background: #ddf4ff; color: #0a3069; }
.state-behind { background: #fff1c2; color: #5c4400; }
.state-not-measured { background: #eaeef2; color: #57606a; }
.goal-path { font-weight: 600; }
ul.goal-actions { padding-left: 1.2rem; margin: .3rem 0; }
.impact { font-style: italic; }
"""


def _state_badge(item: GoalProgress, e: Callable[[object], str]) -> str:
    return f'<span class="state state-{item.state.replace(" ", "-")}">{e(STATE_MARK[item.state])} {e(item.state)}</span>'


def goals_html(report: GoalsReport | None, out: list[str], e: Callable[[object], str], school: str | None = None,
               heading: str = "h2") -> None:
    """The goals of one team (``school``: that school's; None: every team's) as html."""
    if report is None:
        return
    problems = [t for t in report.teams if t.goals is None and (school is None or t.school == school)]
    items = [i for t, found in report.progress if school is None or t.school == school for i in found]
    if not items and not problems:
        return
    sub = f"h{int(heading[1:]) + 1}"  # each goal one level under the section's heading
    out.append(f'<section class="goals"><{heading}>Goals</{heading}><p class="muted">{e(GOALS_NOTE)}</p>')
    for team in problems:
        first = team.problems[0] if team.problems else ""
        out.append(f'<p class="over">{e(team.path)} has problems, so its goals are left out: {e(first)}</p>')
    for item in items:
        out.append('<div class="goal">')
        out.append(f"<{sub}>{e(item.goal.title)} {_state_badge(item, e)}</{sub}>")
        out.append(f'<p class="muted">{e(about_text(item))}</p>')
        out.append(f'<p class="goal-path">{e(path_text(item))}</p>')
        if item.goal.notes:
            out.append(f'<p class="muted">{e(item.goal.notes)}</p>')
        if item.actions:
            out.append(f'<p>Actions: {item.done} of {len(item.actions)} done</p><ul class="goal-actions">')
            for action in item.actions:
                owner = f' <span class="muted">· {e(action.action.owner)}</span>' if action.action.owner else ""
                done = ' class="status-done"' if action.status == "done" else ""
                line = (f"<li><span{done}>{e(_action_status(action))}</span> {e(action.action.what)}{owner}"
                        f' <span class="muted">· from {e(action.session_date)}</span>')
                if action.impact:
                    line += f'<br><span class="impact">Impact: {e(action.impact)}</span>'
                out.append(line + "</li>")
            out.append("</ul>")
        else:
            out.append('<p class="muted">No action serves this goal yet.</p>')
        for ref in item.missing:
            out.append(f'<p class="muted">Not found in these sessions: {e(ref)}</p>')
        out.append("</div>")
    out.append("</section>")


def district_goals_html(report: GoalsReport | None, out: list[str], e: Callable[[object], str]) -> None:
    rows = school_counts(report.progress) if report is not None else []
    if not rows:
        return
    out.append('<section class="goals"><h2>Goals per school</h2>')
    head = "".join(f'<th class="num">{e(s.capitalize())}</th>' for s in STATES)
    out.append(f'<table><thead><tr><th>School</th><th class="num">Goals</th>{head}</tr></thead><tbody>')
    for school, total, counts in rows:
        cells = "".join(f'<td class="num">{counts[s]}</td>' for s in STATES)
        out.append(f'<tr><td>{e(school)}</td><td class="num">{total}</td>{cells}</tr>')
    out.append("</tbody></table></section>")
