"""The Markdown report: a summary of saved sessions a principal can paste into an email.

``report_md`` is pure: entries (from :mod:`ilt_kit.review.scan`) in, text out. Each session's
part is its summary (:func:`~ilt_kit.review.summary.summarize`): the parts of the whole session
are formatted here, each segment kind's part by its summary section (:mod:`ilt_kit.review.sections`).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any, Callable, Iterable, Sequence

from ilt_kit.literal import plural as _plural, visible
from ilt_kit.review.entry import SessionEntry
from ilt_kit.review.order import by_school, sort_entries
from ilt_kit.review.blocks import Block, Lines, cell_text
from ilt_kit.review.summary import (
    DecisionLine,
    Section,
    SessionSummary,
    TalkLine,
    TimeUse,
    clock_text,
    date_span,
    median_text,
    minutes_added,
    summarize,
    talk_text,
)
from ilt_kit.review.calibration import (
    CALIBRATION_NOTE,
    DISTRICT_CALIBRATION_NOTE,
    CalibrationRow,
    RubricCalibration,
    calibrated,
    district_rows,
    left_out_text,
    rows,
    school_calibration,
)
from ilt_kit.review.goals import GoalsReport
from ilt_kit.review.markdown import md_block, md_escape
from ilt_kit.review.report_goals import district_goals_md, goals_md
from ilt_kit.review.trends import DistrictTrend, RubricTrend, movement
from ilt_kit.session.stats import is_no_evidence
from ilt_kit.store.record import UNKNOWN


def chronological(entries: Iterable[SessionEntry]) -> list[SessionEntry]:
    """Sessions in date order, as every report lists them."""
    return sort_entries(entries, "date", reverse=False)


# ------------------------------------------------------------------------------------ markdown




def _md_time(use: TimeUse, out: list[str]) -> None:
    out.append("### Time")
    out.append("")
    out.append(f"Used {clock_text(use.used)} of {clock_text(use.planned)} planned.")
    out.append("")
    for row in use.rows:
        notes = [part for part in (minutes_added(row.extra), row.note) if part]
        note = f" ({'; '.join(notes)})" if notes else ""
        out.append(f"- {md_escape(row.segment.title)}: {clock_text(row.used)} of {clock_text(row.planned)}{note}")
    out.append("")


def _md_talk(talk: list[tuple[str, list[TalkLine]]], out: list[str]) -> None:
    out.append("### Talk time")
    out.append("")
    out.extend(f"- {md_escape(title)}: {md_escape(talk_text(lines))}" for title, lines in talk)
    out.append("")


def _md_session(entry: SessionEntry, out: list[str], summary: SessionSummary | None = None) -> None:
    record = entry.record
    summary = summary or summarize(record)
    out.append(f"## {md_escape(record.title)} ({record.date.isoformat()})")
    out.append("")
    out.append(f"- Scenario: {md_escape(record.scenario_title)}")
    members = ", ".join(f"{md_escape(m.name)} ({md_escape(m.role)})" for m in record.team.members)
    team = md_escape(record.team.name) if record.team.name else "Team"
    out.append(f"- Team: {team}" + (f": {members}" if members else ""))
    if entry.school != UNKNOWN:
        district = "" if entry.district == UNKNOWN else f" ({md_escape(entry.district)})"
        out.append(f"- School: {md_escape(entry.school)}{district}")
    if entry.conflict_of is not None:
        out.append(f"- Conflict copy of `{entry.conflict_of.name}`: another version of that session, kept apart")
    if record.facilitator:
        out.append(f"- Facilitator: {md_escape(record.facilitator)}")
    if record.status != "finished":
        out.append("- Status: in progress (not finished)")
    path = visible(str(entry.path))
    out.append(f"- File: `{path}`" if "`" not in path else f"- File: {md_escape(path)}")
    out.append("")
    for section, part in summary.sections():
        if isinstance(section, str):
            _MD_SECTIONS[section](part, out)
        else:
            kind_md(section, part, out)


def kind_md(section: ModuleType, part: Any, out: list[str]) -> None:
    """A segment kind's part: its section's own ``md``, else its blocks as Markdown."""
    write = getattr(section, "md", None)
    if write is not None:
        write(part, out)
    else:
        md_blocks(section.blocks(part), out)


def md_blocks(blocks: list[Block], out: list[str]) -> None:
    """Summary blocks as Markdown: a table under its title, lines as a list under their heading."""
    for block in blocks:
        if isinstance(block, Lines):
            if block.heading:
                out += [f"### {md_escape(block.heading)}", ""]
            out.extend(f"- {md_escape(cell_text(line).strip())}" for line in block.lines)
        else:
            if block.title:
                out += [f"### {md_escape(block.title)}", ""]
            cells = [[md_escape(cell_text(c).replace(chr(10), " ")) for c in row] for row in block.rows]
            if not block.grid:
                out.append("| " + " | ".join(md_escape(c.name) for c in block.columns) + " |")
                out.append("| " + " | ".join("---:" if c.justify == "right" else "---" for c in block.columns) + " |")
                out.extend("| " + " | ".join(row) + " |" for row in cells)
            else:
                out.extend("- " + " ".join(c for c in row if c) for row in cells)
            if block.caption:
                out += ["", md_escape(block.caption)]
        out.append("")


def _md_decisions(decisions: list[DecisionLine], out: list[str]) -> None:
    out.append("### Decisions")
    out.append("")
    for decision in decisions:
        out.append(f"- {md_block(decision.text)}" + (f" (in {md_escape(decision.where)})" if decision.where else ""))
    out.append("")


def _md_notes(notes: list[tuple[str, str]], out: list[str]) -> None:
    out.append("### Notes")
    out.append("")
    out.extend(f"- {md_escape(title)}: {md_block(text)}" for title, text in notes)
    out.append("")


_MD_SECTIONS: dict[Section, Callable[[Any, list[str]], None]] = {
    "decisions": _md_decisions,
    "notes": _md_notes,
    "talk": _md_talk,
    "time": _md_time,
}


def _md_trends(found: list[RubricTrend], out: list[str], heading: str = "## Movement across sessions") -> None:
    if not found:
        return
    out.append(heading)
    out.append("")
    for trend in found:
        out.append(f"### {md_escape(trend.rubric_title)} ({len(trend.sessions)} sessions)")
        out.append("")
        follows_medians = not any(c.uses_agreed for c in trend.criteria)

        if follows_medians:
            out.append("Median response each time (no level was agreed):")
            out.append("")
        for criterion in trend.criteria:
            if follows_medians:
                steps = [f"{p.median:g} ({p.date.isoformat()})" for p in criterion.median_points]
                change_f = criterion.median_change
                since = "" if change_f is None else (
                    "; no change since last time" if change_f == 0 else f"; {change_f:+g} since last time"
                )
                latest = criterion.latest_median
                now = md_escape(median_text(trend.scale, latest.median if latest else None))
            else:
                steps = [
                    f"{'no evidence' if is_no_evidence(point.level) else point.level} ({point.date.isoformat()})"
                    for point in criterion.points
                    if point.level is not None
                ]
                change = criterion.change
                since = "" if change is None else (
                    "; no change since last time" if change == 0 else f"; {change:+d} since last time"
                )
                latest_point = criterion.latest
                now = md_escape(latest_point.label) if latest_point else ""
            if not steps:
                continue
            out.append(f"- {md_escape(criterion.title)}: {' → '.join(steps)} (now {now}{since})")
        out.append("")


def _md_district(found: list[DistrictTrend], out: list[str]) -> None:
    if not found:
        return
    out.append("## Movement across the district")
    out.append("")
    out.append(
        "Each term of the school year (fall: August to November, winter: December to March, spring: April to July), "
        "each school counts once with the latest level it agreed that term (or its ballots' median where it agreed "
        "none); the district figure is the median across those schools."
    )
    out.append("")
    for trend in found:
        out.append(f"### {md_escape(trend.rubric_title)} ({len(trend.schools)} schools, {trend.sessions} sessions)")
        out.append("")
        for criterion in trend.criteria:
            latest = criterion.latest
            if latest is None:
                continue
            steps = [f"{p.value:g} ({p.period.label}, {_plural(p.schools, 'school')})" for p in criterion.points]
            change = criterion.change
            since = "" if change is None else (
                "; no change since last term" if change == 0 else f"; {change:+g} since last term"
            )
            now = md_escape(median_text(trend.scale, latest.value))
            out.append(f"- {md_escape(criterion.title)}: {' → '.join(steps)} (now {now}{since})")
        out.append("")


def _md_rows(found: list[CalibrationRow], out: list[str], by_school: bool = False) -> None:
    first = "School (sessions)" if by_school else "Sessions"
    out.append(f"| Criterion | {first} | Exact | Adjacent | Direction |")
    out.append("| --- | " + ("--- |" if by_school else "---: |") + " --- | --- | --- |")
    for row in found:
        where = md_escape(row.where) + f" ({row.sessions})" if by_school else str(row.sessions)
        out.append(f"| {md_escape(row.title)} | {where} | {row.exact} | {row.adjacent} | {row.direction} |")
    out.append("")


def _md_calibration(found: list[RubricTrend], out: list[str], heading: str = "## Calibration: first-round agreement") -> None:
    """Each rubric's criteria scored in two or more sessions: first-round agreement over time; a
    rubric scored that often with no first rounds of ballots to compare is named with the reason."""
    shown, unshown = calibrated(found)
    if not shown and not unshown:
        return
    out += [heading, "", CALIBRATION_NOTE, ""]
    for rubric in shown:
        out += [f"### {md_escape(rubric.rubric_title)}", ""]
        _md_rows(rows(rubric), out)
        note = left_out_text(rubric)
        if note:
            out += [note, ""]
    for title, why in unshown:
        out += [f"### {md_escape(title)}", "", why, ""]


def _md_district_calibration(pooled: dict[str, list[RubricCalibration]], out: list[str]) -> None:
    if not pooled:
        return
    out += ["## Calibration across the district", "", DISTRICT_CALIBRATION_NOTE, ""]
    for title, found in district_rows(pooled):
        out += [f"### {md_escape(title)}", ""]
        _md_rows(found, out, by_school=True)


def session_md(entry: SessionEntry, summary: SessionSummary | None = None) -> str:
    """One session's part of the Markdown report (its lines, joined); ``summary`` defaults to
    :func:`~ilt_kit.review.summary.summarize` of its record."""
    out: list[str] = []
    _md_session(entry, out, summary)
    return "\n".join(out)


def report_md(
    entries: Sequence[SessionEntry], part: Callable[[SessionEntry], str] = session_md, goals: GoalsReport | None = None
) -> str:
    """A summary a principal can paste into an email: each session, then movement across them.

    With sessions of several schools: movement across the district first, then each school under
    its own heading with its own movement and its sessions. ``part(entry)`` gives a session's
    text (a report served from the index passes the kept one). ``goals``: the teams' goals (see
    :func:`~ilt_kit.review.goals.goals_report`), after the movement: per school counts for a
    district, each goal for a school.
    """
    ordered = chronological(entries)
    out: list[str] = []
    teams = sorted({e.team_name for e in ordered if e.team_name})
    out.append("# ILT session report")
    out.append("")
    count = len(ordered)
    span = date_span([e.date for e in ordered])
    line = f"{count} session{'s' if count != 1 else ''}, {span}"
    if teams:
        line += f", {', '.join(md_escape(t) for t in teams)}"
    out.append(line + ".")
    out.append("")
    schools = by_school(ordered)
    moved = movement(ordered)
    if len(schools) > 1:
        out.append("Schools: " + ", ".join(f"{md_escape(school)} ({len(group)})" for school, group in schools.items()) + ".")
        out.append("")
        _md_district(moved.district, out)
        _md_district_calibration(school_calibration(moved.schools), out)
        district_goals_md(goals, out, md_escape)
        for school, group in schools.items():
            out.append(f"## School: {md_escape(school)}")
            out.append("")
            _md_trends(moved.schools[school], out, f"## Movement at {md_escape(school)}")
            _md_calibration(moved.schools[school], out, f"## Calibration at {md_escape(school)}")
            goals_md(goals, out, md_escape, school, f"## Goals at {md_escape(school)}")
            out.extend(part(entry) for entry in group)
    else:
        found = next(iter(moved.schools.values()), [])
        _md_trends(found, out)
        _md_calibration(found, out)
        goals_md(goals, out, md_escape)
        out.extend(part(entry) for entry in ordered)
    return "\n".join(out).rstrip("\n") + "\n"


__all__ = ["chronological", "kind_md", "md_block", "md_blocks", "md_escape", "report_md", "session_md"]
