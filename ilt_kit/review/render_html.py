"""The HTML report: one self-contained, printable page.

No scripts, no fonts, no images, no links outside the page: CSS is inline (with a print layout)
and charts are inline SVG from :mod:`ilt_kit.review.charts`. Every piece of user text is escaped.
The parts of the whole session are written here, each segment kind's part by its summary section
(:mod:`ilt_kit.review.sections`, its ``html``).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any, Callable, Sequence

from ilt_kit import __version__
from ilt_kit.review import charts
from ilt_kit.review.report_md import chronological
from ilt_kit.review.entry import SessionEntry
from ilt_kit.review.order import by_school
from ilt_kit.review.blocks import Block, Lines, cell_text
from ilt_kit.review.html_text import DASH, DOT, e
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
from ilt_kit.review.report_goals import GOALS_CSS, district_goals_html, goals_html
from ilt_kit.review.trends import DistrictTrend, RubricTrend, movement
from ilt_kit.session.stats import is_no_evidence
from ilt_kit.store.record import UNKNOWN

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: #1f2328; background: #ffffff; margin: 0 auto; padding: 24px; max-width: 980px; line-height: 1.45; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .4rem; padding-bottom: .2rem; border-bottom: 2px solid #1f2328; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
h3 small, h2 small { font-weight: normal; color: #57606a; }
p.lead { color: #57606a; margin-top: 0; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .4rem 0 1rem; }
dl.meta dt { color: #57606a; }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .8rem; font-size: .93rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid #d0d7de; }
th { background: #f6f8fa; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.level { font-weight: 600; white-space: nowrap; }
.up { color: #116329; font-weight: 600; }
.down { color: #a40e26; font-weight: 600; }
.muted { color: #57606a; }
.evidence { white-space: pre-line; }
th.w-criterion { width: 24%; }
th.w-level { width: 13%; }
th.w-rounds { width: 30%; }
td.rounds { font-size: .88rem; }
ul.ideas { padding-left: 1.2rem; }
body, td, th, dd, li { overflow-wrap: break-word; }
.over { color: #a40e26; }
table.calibration { table-layout: fixed; }
table.calibration th:first-child { width: 28%; }
table.calibration th:last-child { width: 12%; }
table.calibration th.num { width: 9%; }
.chart { max-width: 100%; height: auto; display: block; margin: .4rem 0 1rem; }
.charts { display: flex; flex-wrap: wrap; gap: .5rem 1rem; }
.charts .chart { margin: 0; }
ul.toc { columns: 2; padding-left: 1.2rem; }
.badge { display: inline-block; font-size: .78rem; padding: 0 .4rem; border-radius: .6rem; background: #fff1c2; color: #5c4400; }
.status-done { color: #116329; }
footer { margin-top: 3rem; color: #57606a; font-size: .85rem; border-top: 1px solid #d0d7de; padding-top: .5rem; }
@media print {
  /* Letter and A4 alike: the paper's own size, margins that fit both */
  @page { margin: 1.6cm 1.5cm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  section.session, section.school, section.district { break-before: page; }
  h2, h3 { break-after: avoid; }
  tr, .chart, .charts, dl.meta, li { break-inside: avoid; }
  thead { display: table-header-group; }
  .chart { max-width: 100%; height: auto; }
  ul.toc { columns: 1; }
  a { color: inherit; text-decoration: none; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; color: #57606a; overflow-wrap: anywhere; }
  th { background: #eeeeee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  svg, .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  footer { margin-top: 1rem; }
}
"""


def _change_html(change: float | None) -> str:
    if change is None:
        return '<span class="muted">–</span>'
    if change > 0:
        return f'<span class="up">▲ +{change:g}</span>'
    if change < 0:
        return f'<span class="down">▼ {change:g}</span>'
    return '<span class="muted">= 0</span>'


# ---------------------------------------------------------------------------------- sections


def _time(use: TimeUse, out: list[str]) -> None:
    out.append(f"<h3>Time <small>used {e(clock_text(use.used))} of {e(clock_text(use.planned))} planned</small></h3>")
    out.append('<table><thead><tr><th>Segment</th><th class="num">Planned</th><th class="num">Used</th><th>Status</th></tr></thead><tbody>')
    for row in use.rows:
        over = ' class="num over"' if row.over else ' class="num"'
        extra = f' <span class="muted">({e(minutes_added(row.extra))})</span>' if row.extra else ""
        out.append(
            f"<tr><td>{e(row.segment.title)}</td><td class=\"num\">{e(clock_text(row.planned))}{extra}</td>"
            f"<td{over}>{e(clock_text(row.used))}</td><td class=\"muted\">{e(row.segment.status)}</td></tr>"
        )
    out.append("</tbody></table>")


def _session(index: int, entry: SessionEntry, out: list[str], summary: SessionSummary | None = None) -> None:
    record = entry.record
    summary = summary or summarize(record)
    out.append(f'<section class="session" id="s{index}">')
    status = "" if record.status == "finished" else ' <span class="badge">in progress</span>'
    out.append(f"<h2>{e(record.title)} <small>{e(record.date.isoformat())}</small>{status}</h2>")
    out.append('<dl class="meta">')
    out.append(f"<dt>Scenario</dt><dd>{e(record.scenario_title)}</dd>")
    if record.team.name or record.team.members:
        members = ", ".join(f"{e(m.name)} <span class=\"muted\">({e(m.role)})</span>" for m in record.team.members)
        out.append(f"<dt>Team</dt><dd>{e(record.team.name)}{'<br>' if record.team.name and members else ''}{members}</dd>")
    if record.team.school != UNKNOWN:
        district = "" if record.team.district == UNKNOWN else f' <span class="muted">({e(record.team.district)})</span>'
        out.append(f"<dt>School</dt><dd>{e(record.team.school)}{district}</dd>")
    if entry.conflict_of is not None:
        out.append(f'<dt>Conflict copy</dt><dd>of {e(entry.conflict_of.name)}: another version of that session, kept apart</dd>')
    if record.facilitator:
        out.append(f"<dt>Facilitator</dt><dd>{e(record.facilitator)}</dd>")
    out.append(f'<dt>File</dt><dd class="muted">{e(entry.path)}</dd>')
    out.append("</dl>")
    for section, part in summary.sections():
        if isinstance(section, str):
            _SECTIONS[section](part, out)
        else:
            kind_html(section, part, out)
    out.append("</section>")


def kind_html(section: ModuleType, part: Any, out: list[str]) -> None:
    """A segment kind's part: its section's own ``html`` (with its charts), else its blocks as HTML."""
    write = getattr(section, "html", None)
    if write is not None:
        write(part, out)
    else:
        html_blocks(section.blocks(part), out)


def html_blocks(blocks: list[Block], out: list[str]) -> None:
    """Summary blocks as HTML: a table under its title, lines as a list under their heading."""
    for block in blocks:
        if isinstance(block, Lines):
            if block.heading:
                out.append(f"<h3>{e(block.heading)}</h3>")
            out.append('<ul class="ideas">' + "".join(f'<li class="evidence">{e(cell_text(line).strip())}</li>' for line in block.lines) + "</ul>")
            continue
        if block.title:
            out.append(f"<h3>{e(block.title)}</h3>")
        num = [' class="num"' if c.justify == "right" else "" for c in block.columns]
        head = "" if block.grid else "<thead><tr>" + "".join(f"<th{n}>{e(c.name)}</th>" for c, n in zip(block.columns, num)) + "</tr></thead>"
        rows = "".join(
            "<tr>" + "".join(f'<td{n}><span class="evidence">{e(cell_text(cell))}</span></td>' for cell, n in zip(row, num)) + "</tr>"
            for row in block.rows
        )
        out.append(f"<table>{head}<tbody>{rows}</tbody></table>")
        if block.caption:
            out.append(f'<p class="muted">{e(block.caption)}</p>')


def _decisions(decisions: list[DecisionLine], out: list[str]) -> None:
    out.append("<h3>Decisions</h3><ul>")
    for decision in decisions:
        muted = f' <span class="muted">(in {e(decision.where)})</span>' if decision.where else ""
        out.append(f'<li class="evidence">{e(decision.text)}{muted}</li>')
    out.append("</ul>")


def _talk(talk: list[tuple[str, list[TalkLine]]], out: list[str]) -> None:
    out.append("<h3>Talk time</h3>")
    out.append('<table><thead><tr><th class="w-criterion">Segment</th><th>Who spoke (share of the segment\'s talk, time)</th></tr></thead><tbody>')
    for title, lines in talk:
        out.append(f"<tr><td>{e(title)}</td><td>{e(talk_text(lines))}</td></tr>")
    out.append("</tbody></table>")


def _notes(notes: list[tuple[str, str]], out: list[str]) -> None:
    out.append("<h3>Notes</h3><dl class=\"meta\">")
    out.extend(f'<dt>{e(title)}</dt><dd class="evidence">{e(text)}</dd>' for title, text in notes)
    out.append("</dl>")


_SECTIONS: dict[Section, Callable[[Any, list[str]], None]] = {
    "decisions": _decisions,
    "notes": _notes,
    "talk": _talk,
    "time": _time,
}


def _trend(trend: RubricTrend, out: list[str]) -> None:
    days = [day for day, _, _ in trend.sessions]
    medians = not any(c.uses_agreed for c in trend.criteria)
    what = "median response (no level was agreed)" if medians else "agreed level"
    out.append(f"<h3>{e(trend.rubric_title)} <small>{len(days)} sessions, {e(date_span(days))}: {what}</small></h3>")
    head = "".join(f'<th class="num">{e(day.isoformat())}</th>' for day in days)
    out.append(f"<table><thead><tr><th>{'Statement' if trend.kind == 'survey' else 'Criterion'}</th>{head}"
               '<th class="num">Since last time</th></tr></thead><tbody>')
    index_of = {path: i for i, (_, _, path) in enumerate(trend.sessions)}
    small: list[str] = []
    for criterion in trend.criteria:
        cells = [""] * len(days)
        series: list[tuple[int, float | None]] = []
        for point in criterion.points:
            i = index_of.get(point.path)
            if i is None:
                continue
            value: float | None = point.median if medians else point.level
            series.append((i, value))
            if value is None:
                cells[i] = '<span class="muted">not agreed</span>' if not medians else ""
            elif medians:
                cells[i] = f'<span class="level" title="{e(median_text(trend.scale, value))}">{value:g}</span>'
            else:
                text = "–" if is_no_evidence(value) else str(value)
                cells[i] = f'<span class="level" title="{e(point.label)}">{e(text)}</span>'
        body = "".join(f'<td class="num">{c or DOT}</td>' for c in cells)
        if medians:
            change_f = criterion.median_change
            change_cell = _change_html(None) if change_f is None else _change_html(change_f)
        else:
            change_cell = _change_html(criterion.change)
        out.append(f"<tr><td>{e(criterion.title)}</td>{body}<td class=\"num\">{change_cell}</td></tr>")
        if any(value is not None for _, value in series):
            change = criterion.median_change if medians else criterion.change
            note = "" if change is None else ("no change" if change == 0 else f"{change:+g} since last time")
            small.append(charts.trend_chart(trend.rubric_title, trend.scale, days, charts.TrendSeries(criterion.title, series, note)))
    out.append("</tbody></table>")
    scale = ", ".join(("– " if is_no_evidence(s.value) else f"{s.value} ") + s.label for s in trend.scale)
    out.append(f'<p class="muted">Scale: {e(scale)}.</p>')
    if small:
        out.append('<div class="charts">' + "".join(small) + "</div>")


DISTRICT_NOTE = (
    "Each term of the school year (fall: August to November, winter: December to March, spring: April to July), "
    "each school counts once with the latest level it agreed that term (or its ballots' median where it agreed "
    "none); the district figure is the median across those schools. The change compares it with the district "
    "figure of the term before."
)


def _district_trend(trend: DistrictTrend, out: list[str]) -> None:
    out.append(
        f"<h3>{e(trend.rubric_title)} <small>{len(trend.schools)} schools, {trend.sessions} sessions</small></h3>"
    )
    head = "".join(f'<th class="num">{e(period.label)}</th>' for period in trend.periods)
    out.append(f"<table><thead><tr><th>{'Statement' if trend.kind == 'survey' else 'Criterion'}</th>{head}"
               '<th class="num">Since last term</th></tr></thead><tbody>')
    for criterion in trend.criteria:
        if not criterion.points:
            continue
        by_period = {point.period: point for point in criterion.points}
        cells = []
        for period in trend.periods:
            point = by_period.get(period)
            if point is None:
                cells.append(f'<td class="num">{DOT}</td>')
                continue
            schools = f"{point.schools} school{'s' if point.schools != 1 else ''}"
            ballots = point.schools - point.agreed
            how = f", {ballots} from ballots" if ballots else ""
            cells.append(
                f'<td class="num" title="{e(period.label)}: {schools}{how}"><span class="level">{point.value:g}</span>'
                f'<br><small class="muted">{schools}</small></td>'
            )
        out.append(f"<tr><td>{e(criterion.title)}</td>{''.join(cells)}<td class=\"num\">{_change_html(criterion.change)}</td></tr>")
    out.append("</tbody></table>")
    scale = ", ".join(("– " if is_no_evidence(s.value) else f"{s.value} ") + s.label for s in trend.scale)
    out.append(f'<p class="muted">Scale: {e(scale)}.</p>')


_DIRECTION_CLASS = {"converging": ' class="up"', "diverging": ' class="down"'}


def _calibration_rows(found: list[CalibrationRow], out: list[str], by_school: bool = False) -> None:
    second, num = ("School", "") if by_school else ("Sessions", ' class="num"')
    out.append(f'<table class="calibration"><thead><tr><th>Criterion</th><th{num}>{second}</th>'
               "<th>Exact</th><th>Adjacent</th><th>Direction</th></tr></thead><tbody>")
    for row in found:
        where = f"{e(row.where)} <small class=\"muted\">({row.sessions} sessions)</small>" if by_school else str(row.sessions)
        out.append(f"<tr><td>{e(row.title)}</td><td{num}>{where}</td><td>{e(row.exact)}</td>"
                   f"<td>{e(row.adjacent)}</td><td{_DIRECTION_CLASS.get(row.direction, '')}>{e(row.direction)}</td></tr>")
    out.append("</tbody></table>")


def _calibration(found: list[RubricTrend], out: list[str], heading: str) -> None:
    """First-round agreement over time, a table per rubric; a rubric scored in two or more sessions
    with no first rounds of ballots to compare is named with the reason (nothing when neither)."""
    shown, unshown = calibrated(found)
    if not shown and not unshown:
        return
    out.append(f'<section class="calibration">{heading}<p class="muted">{e(CALIBRATION_NOTE)}</p>')
    for rubric in shown:
        out.append(f"<h3>{e(rubric.rubric_title)}</h3>")
        _calibration_rows(rows(rubric), out)
        note = left_out_text(rubric)
        if note:
            out.append(f'<p class="muted">{e(note)}</p>')
    for title, why in unshown:
        out.append(f'<h3>{e(title)}</h3><p class="muted">{e(why)}</p>')
    out.append("</section>")


def _district_calibration(pooled: dict[str, list[RubricCalibration]], out: list[str]) -> None:
    if not pooled:
        return
    out.append(f'<section class="calibration"><h2>Calibration across the district</h2><p class="muted">{e(DISTRICT_CALIBRATION_NOTE)}</p>')
    for title, found in district_rows(pooled):
        out.append(f"<h3>{e(title)}</h3>")
        _calibration_rows(found, out, by_school=True)
    out.append("</section>")


def _toc(entries: list[tuple[int, SessionEntry]], out: list[str]) -> None:
    out.append('<nav><ul class="toc">')
    for index, entry in entries:
        out.append(f'<li><a href="#s{index}">{e(entry.record.date.isoformat())} · {e(entry.record.title)}</a></li>')
    out.append("</ul></nav>")


def render(entries: list[SessionEntry], goals: GoalsReport | None = None) -> str:
    """The page for ``entries`` (already in the order to show them); ``goals``: see :func:`report_html`."""
    out: list[str] = []
    count = len(entries)
    teams = sorted({en.record.team.name for en in entries if en.record.team.name})
    span = date_span([en.record.date for en in entries])
    title = "ILT session report" + (f": {teams[0]}" if len(teams) == 1 else "")
    out.append("<!DOCTYPE html>")
    out.append('<html lang="en"><head><meta charset="utf-8">')
    out.append('<meta name="viewport" content="width=device-width, initial-scale=1">')
    out.append(f"<title>{e(title)}</title>")
    out.append(f"<style>{CSS}{GOALS_CSS}</style></head><body>")
    out.append(f"<header><h1>{e(title)}</h1>")
    out.append(f'<p class="lead">{count} session{"s" if count != 1 else ""}, {e(span)}</p></header>')
    schools = by_school(entries)
    moved = movement(entries)
    if len(schools) > 1:
        names = ", ".join(f"{e(school)} ({len(group)})" for school, group in schools.items())
        out.append(f'<p class="lead">Schools: {names}.</p>')
        if moved.district:
            out.append(f'<section class="district"><h2>Movement across the district</h2><p class="muted">{e(DISTRICT_NOTE)}</p>')
            for district in moved.district:
                _district_trend(district, out)
            out.append("</section>")
        _district_calibration(school_calibration(moved.schools), out)
        district_goals_html(goals, out, e)
        number = 1
        for school, group in schools.items():
            numbered = list(enumerate(group, number))
            number += len(group)
            out.append(f'<section class="school"><h2>School: {e(school)} <small>{len(group)} sessions</small></h2>')
            _toc(numbered, out)
            if moved.schools[school]:
                out.append(f"<h3>Movement at {e(school)}</h3>")
                for trend in moved.schools[school]:
                    _trend(trend, out)
            _calibration(moved.schools[school], out, f"<h3>Calibration at {e(school)}</h3>")
            goals_html(goals, out, e, school, heading="h3")
            out.append("</section>")
            for index, entry in numbered:
                _session(index, entry, out)
    else:
        if count > 1:
            _toc(list(enumerate(entries, 1)), out)
            found = next(iter(moved.schools.values()), [])
            if found:
                out.append('<section class="trends"><h2>Movement across sessions</h2>')
                for trend in found:
                    _trend(trend, out)
                out.append("</section>")
            _calibration(found, out, "<h2>Calibration: first-round agreement</h2>")
        goals_html(goals, out, e)
        for index, entry in enumerate(entries, 1):
            _session(index, entry, out)
    out.append(f"<footer>Made with ilt-kit {e(__version__)} from the saved session records.</footer>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def report_html(entries: Sequence[SessionEntry], goals: GoalsReport | None = None) -> str:
    """One self-contained printable page: inline CSS and SVG charts, no network references.
    ``goals``: the teams' goals (see :func:`~ilt_kit.review.goals.goals_report`): each school's
    goals after its movement, and for a district, per school counts after the district's."""
    return render(chronological(entries), goals)


__all__ = ["CSS", "DASH", "e", "html_blocks", "kind_html", "render", "report_html"]
