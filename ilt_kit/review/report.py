"""Reports of saved sessions: Markdown for an email, CSV for a spreadsheet, HTML to print.

``report_md``, ``report_csv`` and ``report_html`` are pure: entries (from :mod:`ilt_kit.review.scan`)
in, text out. ``run_report`` is the ``ilt-kit report`` command: it reads files and folders, names
every unreadable file on stderr as ``path:line:col: message`` and still reports the good ones.

Exit codes: 0 at least one session reported; 1 no session could be read, or the output file
exists or cannot be written; 2 a usage problem (unknown format, a path that does not exist).

CSV columns (one row per recorded value; see docs/review.md):
``session, file, date, school, segment, kind, item, item_title, member, role, round, value, label``.

With an index (:mod:`ilt_kit.review.index`) each session's part of a csv or md report is kept,
compressed, beside its list entry, so a second report over unchanged files parses none of them.
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Callable, Iterable, Iterator, Sequence

from ilt_kit.diagnostics.problems import FileProblems

from ilt_kit.literal import plural as _plural, visible
from ilt_kit.review.dates import DateKey, date_key, peek_date_key
from ilt_kit.review.entry import BadEntry, SessionEntry
from ilt_kit.review.order import by_school, sort_entries
from ilt_kit.review.scan import Progress, load_entry, paused_gc, scan_paths
from ilt_kit.review.walk import list_paths
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
    date_span,
    figure,
    idea_number,
    label_of,
    median_text,
    member_roles,
    minutes_added,
    ranking,
    summarize,
    talk_text,
)
from ilt_kit.session.kinds.forecast import TEAM, quadrant
from ilt_kit.session.stats import is_no_evidence, no_evidence_note
from ilt_kit.review.trends import DistrictTrend, RubricTrend, movement
from ilt_kit.store.record import (
    UNKNOWN,
    Action,
    ActionsResult,
    BrainstormResult,
    ForecastResult,
    Idea,
    PrioritizeResult,
    RatedBase,
    planned_time,
)

if TYPE_CHECKING:
    from ilt_kit.review.index import Index

FORMATS = ("md", "csv", "html")
CSV_COLUMNS = (
    "session",
    "file",
    "date",
    "school",
    "segment",
    "kind",
    "item",
    "item_title",
    "member",
    "role",
    "round",
    "value",
    "label",
)
def chronological(entries: Iterable[SessionEntry]) -> list[SessionEntry]:
    return sort_entries(entries, "date", reverse=False)


# ------------------------------------------------------------------------------------ markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])", re.MULTILINE)


def md_escape(text: str) -> str:
    """User text made inert: emphasis, links, HTML and line-start markers are backslash-escaped,
    control characters made visible."""
    text = _MD_SPECIAL.sub(r"\\\1", visible(text))
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _md_block(text: str, indent: str = "  ") -> str:
    """Multi-line user text as continuation lines of a list item."""
    lines = [md_escape(line) for line in text.strip().splitlines() if line.strip()]
    return ("\n" + indent).join(lines)


def _counts_text(scale, counts) -> str:  # noqa: ANN001
    parts = [f"{label_of(scale, level)} {n}" for level, n in sorted(counts.items()) if n]
    return ", ".join(parts) if parts else "no responses"


def _md_rated(rated: RatedSummary, out: list[str]) -> None:
    segment, is_survey = rated.segment, rated.survey
    heading = "Survey" if is_survey else "Agreed levels"
    out.append(f"### {heading}: {md_escape(segment.title)} ({md_escape(segment.rubric_title)})")
    out.append("")
    for summary in rated.scored:
        criterion, last = summary.criterion, summary.last
        line = f"- {md_escape(criterion.title)}: "
        if summary.agreed is not None:
            line += f"**{md_escape(summary.agreed)}**"
        elif not is_survey:
            line += "not agreed"
        details = []
        if last is not None and last.stats is not None:
            stats = last.stats
            if is_survey:
                if stats.median is not None:
                    details.append(f"median {md_escape(median_text(segment.scale, stats.median))}")
                details.append(md_escape(_counts_text(segment.scale, stats.counts)))
            elif summary.revealed_rounds > 1:
                details.append(f"{summary.revealed_rounds} rounds")
            if no_evidence_note(stats):
                details.append(no_evidence_note(stats))
        if details:
            line += ("; " if summary.agreed is not None or not is_survey else "") + "; ".join(details)
        out.append(line)
        if not is_survey:
            out.extend(f"  - {rnd.text}" for rnd in summary.revealed)
            if summary.movement:
                out.append(f"  - moved: {summary.movement}")
        for split in last.splits if last is not None else ():
            avg = f" (average {split.mean:.1f})" if split.mean is not None else ""
            out.append(f"  - {md_escape(split.group)}{avg}: {md_escape(_counts_text(segment.scale, split.counts))}")
        if criterion.evidence:
            out.append(f"  - Evidence: {_md_block(criterion.evidence, '    ')}")
    if rated.not_scored:
        out.append(f"- Not scored: {', '.join(md_escape(t) for t in rated.not_scored)}")
    out.append("")


def _md_forecast(result: SegmentSummary, out: list[str]) -> None:
    placed = result.forecast or []
    out.append(f"### Forecast: {md_escape(result.segment.title)}")
    out.append("")
    for p in sorted(placed, key=lambda p: (-p.impact, -p.likelihood, p.number)):
        out.append(
            f"- {md_escape(p.item.title)}: likelihood {figure(p.likelihood)}, impact {figure(p.impact)} "
            f"({p.basis}) → **{p.quadrant}**"
        )
    out.append("")


def _md_ideas(ideas: IdeaList, out: list[str]) -> None:
    segment = ideas.segment
    if isinstance(segment, PrioritizeResult):
        out.append(f"### Top ideas: {md_escape(segment.title)} ({_plural(segment.budget, 'dot')} each)")
        out.append("")
        for idea, n in ideas.top:
            out.append(f"- {idea_number(idea)} {md_escape(idea.text)}{_md_idea_about(idea)}: {_plural(n, 'dot')}")
        if len(ideas.ranked) > len(ideas.top):
            out.append(f"\n{len(ideas.ranked)} ideas in all.")
    else:
        out.append(f"### Ideas: {md_escape(segment.title)}")
        out.append("")
        for idea, _ in ideas.ranked:
            out.append(f"- {idea_number(idea)} {md_escape(idea.text)}{_md_idea_about(idea)}")
    out.append("")


def _md_idea_about(idea: Idea) -> str:
    """' (Trust; by Marcus Chen)': an idea's theme and author, when it has them."""
    about = [md_escape(idea.theme)] if idea.theme else []
    if idea.author:
        about.append(f"by {md_escape(idea.author)}")
    return f" ({'; '.join(about)})" if about else ""


def _md_actions(actions: list[Action], out: list[str]) -> None:
    out.append("### Actions")
    out.append("")
    for action in actions:
        box = "[x]" if action.status == "done" else "[ ]"
        who = md_escape(action.owner) if action.owner else "no owner"
        when = f"due {action.due.isoformat()}" if action.due else "no due date"
        done = f", done {action.done_on.isoformat()}" if action.done_on else ""
        out.append(f"- {box} {md_escape(action.what)} ({who}, {when}{done})")
    out.append("")


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
    for kind, part in summary.sections():
        _MD_SECTIONS[kind](part, out)


def _md_decisions(decisions: list[DecisionLine], out: list[str]) -> None:
    out.append("### Decisions")
    out.append("")
    for decision in decisions:
        out.append(f"- {_md_block(decision.text)}" + (f" (in {md_escape(decision.where)})" if decision.where else ""))
    out.append("")


def _md_notes(notes: list[tuple[str, str]], out: list[str]) -> None:
    out.append("### Notes")
    out.append("")
    out.extend(f"- {md_escape(title)}: {_md_block(text)}" for title, text in notes)
    out.append("")


_MD_SECTIONS: dict[Section, Callable[[Any, list[str]], None]] = {
    "decisions": _md_decisions,
    "rated": _md_rated,
    "forecast": _md_forecast,
    "ideas": _md_ideas,
    "actions": _md_actions,
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


def session_md(entry: SessionEntry, summary: SessionSummary | None = None) -> str:
    """One session's part of the Markdown report (its lines, joined); ``summary`` defaults to
    :func:`~ilt_kit.review.summary.summarize` of its record."""
    out: list[str] = []
    _md_session(entry, out, summary)
    return "\n".join(out)


def report_md(entries: Sequence[SessionEntry], part: Callable[[SessionEntry], str] = session_md) -> str:
    """A summary a principal can paste into an email: each session, then movement across them.

    With sessions of several schools: movement across the district first, then each school under
    its own heading with its own movement and its sessions. ``part(entry)`` gives a session's
    text (a report served from the index passes the kept one).
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
        for school, group in schools.items():
            out.append(f"## School: {md_escape(school)}")
            out.append("")
            _md_trends(moved.schools[school], out, f"## Movement at {md_escape(school)}")
            out.extend(part(entry) for entry in group)
    else:
        _md_trends(next(iter(moved.schools.values()), []), out)
        out.extend(part(entry) for entry in ordered)
    return "\n".join(out).rstrip("\n") + "\n"


# ----------------------------------------------------------------------------------------- csv


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def csv_cell(text: str) -> str:
    """A text as a spreadsheet shows it and never runs it: one that would start a formula
    (``=``, ``+``, ``-``, ``@``, a tab or a carriage return) and is not a number gets a leading
    apostrophe, as OWASP recommends against CSV injection; control characters are made visible."""
    text = visible(text)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


class _Quoted(dict):
    """Field text -> its csv form, each distinct text quoted once (as :mod:`csv` QUOTE_MINIMAL does),
    after :func:`csv_cell` has made it inert."""

    def __missing__(self, original: str) -> str:
        text = csv_cell(original)
        if "," in text or '"' in text or "\n" in text or "\r" in text:
            quoted = '"' + text.replace('"', '""') + '"'
        else:
            quoted = text
        self[original] = quoted
        return quoted


def session_csv(entry: SessionEntry) -> str:
    """The csv lines (no header) of one session: one line per recorded value.

    Written by hand rather than with :mod:`csv` because a large folder makes millions of rows:
    each distinct text is quoted once, and a ballot row is a join of four ready-made parts.
    The result is exactly what ``csv.writer(lineterminator="\\n")`` writes (a test checks it).
    """
    q = _Quoted()
    record = entry.record
    roles = member_roles(record)
    head = f"{q[record.title]},{q[str(entry.path)]},{record.date.isoformat()},{q[entry.school]}"
    lines: list[str] = []
    add = lines.append

    def row(prefix: str, *fields: str) -> None:
        add(prefix + "," + ",".join([q[f] for f in fields]) + "\n")

    who = {name: f"{q[name]},{q[role]}" for name, role in roles.items()}

    def person(name: str) -> str:
        """'name,role' ready to join (a name not on the team has no role)."""
        found = who.get(name)
        if found is None:
            found = who[name] = f"{q[name]},"
        return found

    kinds = {segment.id: segment.kind for segment in record.segments}
    for number, decision in enumerate(record.decisions, 1):
        add(f"{head},{q[decision.segment]},{q[kinds.get(decision.segment, '')]},{number},{q[decision.text]},,,,,decision\n")
    for segment in record.segments:
        seg = f"{head},{q[segment.id]},{q[segment.kind]}"
        add(f"{seg},,time used,,,,{segment.elapsed_seconds},seconds;planned={planned_time(segment)};status={segment.status}\n")
        if segment.notes:
            add(f"{seg},,notes,,,,{q[segment.notes]},notes\n")
        if isinstance(segment, RatedBase):
            levels = {s.value: f"{s.value},{q[s.label]}" for s in segment.scale}
            for criterion in segment.criteria:
                item = f"{seg},{q[criterion.id]},{q[criterion.title]}"
                if criterion.statement:
                    add(f"{item},,,,{q[criterion.statement]},statement\n")
                for rnd in criterion.rounds:
                    if rnd.revealed is None:  # hidden ballots stay hidden: the room never saw them
                        continue
                    number = str(rnd.number)
                    if rnd.mode == "tally":
                        for tally in rnd.tally:  # one row per hand, so counting rows counts answers
                            level = levels.get(tally.level) or f"{tally.level},"
                            lines.extend([f"{item},,{q[tally.role]},{number},{level}\n"] * tally.count)
                    else:
                        for ballot in rnd.ballots:
                            level = levels.get(ballot.level) or f"{ballot.level},"
                            add(f"{item},{person(ballot.member)},{number},{level}\n")
                if criterion.agreed is not None:
                    level = levels.get(criterion.agreed) or f"{criterion.agreed},"
                    add(f"{item},{TEAM},,,{level}\n")
                if criterion.evidence:
                    add(f"{item},{TEAM},,,{q[criterion.evidence]},evidence\n")
        elif isinstance(segment, BrainstormResult):
            for idea in segment.ideas:
                row(seg, str(idea.id), idea.text, idea.author, roles.get(idea.author, ""), "", "", idea.theme)
            for gone in segment.merged:
                value = f"merged_into={gone.merged_into}"
                row(seg, str(gone.id), gone.text, gone.author, roles.get(gone.author, ""), "", value, gone.theme)
        elif isinstance(segment, ForecastResult):
            for forecast_item in segment.items:
                item = f"{seg},{q[forecast_item.id]},{q[forecast_item.title]}"
                for rating in forecast_item.ratings:
                    value = f"likelihood={rating.likelihood};impact={rating.impact}"
                    add(f"{item},{person(rating.member)},,{value},{q[quadrant(rating.likelihood, rating.impact)]}\n")
                if forecast_item.likelihood is not None and forecast_item.impact is not None:
                    value = f"likelihood={forecast_item.likelihood};impact={forecast_item.impact}"
                    add(f"{item},{TEAM},,,{value},{q[quadrant(forecast_item.likelihood, forecast_item.impact)]}\n")
        elif isinstance(segment, PrioritizeResult):
            ideas = {idea.id: idea.text for idea, _ in ranking(record, segment)}
            for dot in segment.dots:
                row(seg, str(dot.idea), ideas.get(dot.idea, ""), dot.member, roles.get(dot.member, ""), "", str(dot.count), "dots")
        elif isinstance(segment, ActionsResult):
            for action in segment.actions:
                dates = []
                if action.due:
                    dates.append(f"due={action.due.isoformat()}")
                if action.done_on:
                    dates.append(f"done={action.done_on.isoformat()}")
                if action.link:
                    dates.append(f"link={action.link}")
                row(seg, str(action.id), action.what, action.owner, roles.get(action.owner, ""), "", action.status, ";".join(dates))
        for share in segment.talk:
            add(f"{seg},,talk time,{person(share.member)},,{share.seconds},seconds\n")
    return "".join(lines)


CSV_HEADER = ",".join(CSV_COLUMNS) + "\n"


def report_csv(entries: Sequence[SessionEntry]) -> str:
    """Every recorded value as a csv row (header first), sessions in date order; parses back with :mod:`csv`."""
    return CSV_HEADER + "".join(session_csv(entry) for entry in chronological(entries))


# ---------------------------------------------------------------------------------------- html


def report_html(entries: Sequence[SessionEntry]) -> str:
    """One self-contained printable page: inline CSS and SVG charts, no network references."""
    from ilt_kit.review.render_html import render

    return render(chronological(entries))


RENDERERS = {"md": report_md, "csv": report_csv, "html": report_html}


# ------------------------------------------------------------------------------------- command


_live: list = []
"""The console of the progress bar while it is on screen: stderr lines go above it (as text)."""


def _say(line: str) -> None:
    """One line on stderr; above the progress bar while there is one."""
    if _live:
        from rich.text import Text

        _live[0].print(Text(line), soft_wrap=True)  # Text: a file's words are never markup
    else:
        print(line, file=sys.stderr)


def _err(message: str) -> None:
    _say(f"ilt-kit: {visible(message)}")


def _stdout_write(text: str) -> None:
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:  # a console that cannot show every character: send UTF-8 bytes
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))


def _exists(output: Path) -> int:
    _err(f"{output} already exists; choose another name, or give --force to replace it")
    return 1


def _print_bad(bad: BadEntry) -> None:
    for line in bad.lines():
        _say(line)


def _nothing_read(paths: list[Path], bad: int) -> int:
    if bad:
        _err(f"no session could be read ({_plural(bad, 'file')} with problems)")
    else:
        _err(f"no session files (*.toml) found in {', '.join(str(p) for p in paths)}")
    return 1


def run_report(
    paths: list[Path],
    fmt: str,
    output: Path | None,
    force: bool = False,
    *,
    index: Index | None = None,
    schools: Sequence[str] = (),
) -> int:
    """``ilt-kit report PATH... [--format md|csv|html] [-o FILE [--force]] [--school NAME]``; returns the exit code.

    An existing output file is refused, unless ``force``: then it is replaced atomically (a
    reader sees the old report or the new one, never half of it, and a failed run keeps the old).
    Each session is reported once (copies of one file fold into one; conflict copies are reported
    as such). ``schools``: only the sessions of these schools. ``index``: see :mod:`ilt_kit.review.index`.
    """
    if fmt not in RENDERERS:
        _err(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return 2
    if not paths:
        _err("name at least one session file or folder")
        return 2
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        for path in missing:
            _err(f"{path}: no such file or folder")
        return 2
    if output is not None and output.is_dir():
        _err(f"{output} is a folder; -o names the report file")
        return 1
    if output is not None and not force and (output.exists() or output.is_symlink()):
        return _exists(output)

    with paused_gc():  # a short-lived command making many small objects: see scan.paused_gc
        if fmt == "csv":
            return _report_csv(paths, output, force, index, schools)
        return _report(paths, fmt, output, force, index, schools)


@contextmanager
def progress_bar(wanted: bool) -> Iterator[Progress | None]:
    """A Rich progress bar on stderr while sessions load, only when ``wanted`` and stderr is a
    terminal (never in a pipe or a log file); gone again when loading ends. Yields the
    ``progress(done, total)`` callback, or None."""
    if not wanted or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("reading sessions"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
        transient=True,
        redirect_stdout=False,  # the report itself goes to stdout untouched
        redirect_stderr=False,
    )
    task = bar.add_task("sessions", total=None)
    with bar:
        _live.append(bar.console)
        try:
            yield lambda done, total: bar.update(task, completed=done, total=total)
        finally:
            _live.clear()


def _write_output(output: Path, data: bytes | Callable[[BinaryIO], None], force: bool) -> int:
    """Write the output file atomically, never over an existing one unless ``force`` (then it is
    replaced in one step); 0, or 1 with the reason said."""
    from ilt_kit.store.atomic import atomic_write

    try:
        atomic_write(output, data, exclusive=not force)
    except FileExistsError:
        return _exists(output)
    except OSError as error:
        _err(f"cannot write {output}: {error.strerror or error}")
        return 1
    return 0


def _wrote(output: Path, sessions: int) -> None:
    print(f"wrote {output} ({_plural(sessions, 'session')})", file=sys.stderr)


def _skipped(bad: int, good: int) -> None:
    if bad:
        _err(f"skipped {_plural(bad, 'unreadable file')}; reported {_plural(good, 'session')}")


class _Parts:
    """Each session's part of a report, rendered once: while its file is parsed anyway (the list
    entry needs it), or read back from the index, or (last) rendered from the file read again."""

    def __init__(self, fmt: str, render: Callable[[SessionEntry], str], index: Index | None, keep: bool) -> None:
        self.fmt = fmt
        self.render = render
        self.index = index
        self.kept: dict[Path, str] | None = {} if keep else None

    def _kind(self, entry: SessionEntry) -> str:
        return f"{self.fmt}:{entry.path}"  # the text names the path as given: another spelling, another part

    def parsed(self, entry: SessionEntry) -> None:
        """:data:`~ilt_kit.review.scan.OnParsed`: render from the record just loaded."""
        text = self.render(entry)
        if self.kept is not None:
            self.kept[entry.path] = text
        if self.index is not None:
            self.index.keep_fragment(entry.path, self._kind(entry), text)

    def __call__(self, entry: SessionEntry) -> str:
        if self.kept is not None and entry.path in self.kept:
            return self.kept.pop(entry.path)
        if self.index is not None:
            text = self.index.fragment(entry.path, self._kind(entry))
            if text is not None:
                return text
        try:
            text = self.render(entry)
        finally:
            entry.release()
        if self.index is not None:
            self.index.keep_fragment(entry.path, self._kind(entry), text)
        return text


def _chosen(entries: list[SessionEntry], schools: Sequence[str]) -> list[SessionEntry]:
    if not schools:
        return entries
    wanted = {school.casefold() for school in schools}
    return [entry for entry in entries if entry.school.casefold() in wanted]


def _none_chosen(schools: Sequence[str], found: list[SessionEntry]) -> int:
    there = sorted({entry.school for entry in found})
    _err(f"no session of {', '.join(schools)} here; the schools found are: {', '.join(there) or 'none'}")
    return 1


def _report(
    paths: list[Path], fmt: str, output: Path | None, force: bool = False, index: Index | None = None, schools: Sequence[str] = ()
) -> int:
    parts = _Parts(fmt, session_md, index, keep=True) if fmt == "md" else None
    with progress_bar(True) as progress:  # the report is written after the bar has gone
        result = scan_paths(
            paths, progress, index=index, on_parsed=parts.parsed if parts else None, keep_records=parts is None
        )
    if index is not None:
        index.flush()
    for bad in result.bad:
        _print_bad(bad)
    if not result.entries:
        return _nothing_read(paths, len(result.bad))
    entries = _chosen(result.entries, schools)
    if not entries:
        return _none_chosen(schools, result.entries)
    _skipped(len(result.bad), len(entries))
    text = report_md(entries, parts) if parts is not None else RENDERERS[fmt](entries)
    if output is None:
        _stdout_write(text)
        sys.stdout.flush()
        return 0
    code = _write_output(output, text.encode("utf-8"), force)
    if not code:
        _wrote(output, len(entries))
    return code


def stream_csv(
    paths: Iterable[Path],
    write: Callable[[str], None],
    on_bad: Callable[[BadEntry], None],
    progress: Progress | None = None,
    index: Index | None = None,
    schools: Sequence[str] = (),
) -> tuple[int, int]:
    """Write the csv report of every session under ``paths`` through ``write``, in date order,
    holding one session at a time; returns (sessions reported, unreadable files).

    Thousands of sessions make a csv of hundreds of megabytes and their records take gigabytes,
    so neither is kept. With an ``index``, the light list entries are scanned (each parsed file's
    csv part rendered then, and kept in the index, compressed), then the parts are written in
    date order. Without one, the files are first put in date order from their top-level keys alone
    (:func:`~ilt_kit.review.scan.peek_date_key`), then each is loaded, written and let go. The
    header is written before the first good session, so a folder of bad files writes nothing.
    Output is the same as :func:`report_csv` of the loaded entries (a test checks it).
    """
    if index is not None or schools:
        return _stream_listed(list(paths), write, on_bad, progress, index, schools)
    files, missing = list_paths(paths)
    bad = 0
    for entry in missing:
        on_bad(entry)
        bad += 1
    order: list[tuple[DateKey, Path, SessionEntry | None]] = []
    for path in files:
        key = peek_date_key(path)
        if key is not None:
            order.append((key, path, None))
            continue
        loaded = load_entry(path)  # an unusual top (or a broken file): load it to place it
        if isinstance(loaded, BadEntry):
            on_bad(loaded)
            bad += 1
        else:
            order.append((date_key(loaded), path, loaded))
    order.sort(key=lambda item: item[0])
    good = 0
    seen: set[str] = set()
    total = len(order)
    step = max(1, total // 100)
    for number, (_, path, entry) in enumerate(order, 1):
        if progress is not None and (number % step == 0 or number == total):
            progress(number, total)
        loaded = entry or load_entry(path, keep_record=True)
        if isinstance(loaded, BadEntry):
            on_bad(loaded)
            bad += 1
            continue
        if loaded.digest in seen:  # an exact copy of a file already reported
            continue
        seen.add(loaded.digest)
        if not good:
            write(CSV_HEADER)
        write(session_csv(loaded))
        loaded.release()
        good += 1
    return good, bad


def _stream_listed(
    paths: list[Path],
    write: Callable[[str], None],
    on_bad: Callable[[BadEntry], None],
    progress: Progress | None,
    index: Index | None,
    schools: Sequence[str],
) -> tuple[int, int]:
    parts = _Parts("csv", session_csv, index, keep=False)
    result = scan_paths(paths, progress, index=index, on_parsed=parts.parsed if index is not None else None)
    if index is not None:
        index.flush()
    for entry in result.bad:
        on_bad(entry)
    good = 0
    for entry in chronological(_chosen(result.entries, schools)):
        try:
            text = parts(entry)
        except FileProblems as error:  # changed into a broken file since it was listed
            on_bad(BadEntry(entry.path, tuple(error.problems)))
            continue
        if not good:
            write(CSV_HEADER)
        write(text)
        good += 1
    return good, len(result.bad)


def _report_csv(
    paths: list[Path], output: Path | None, force: bool = False, index: Index | None = None, schools: Sequence[str] = ()
) -> int:
    good = bad = 0
    if output is None:
        # rows stream to stdout as they are made: no bar when they go to the same terminal
        with progress_bar(not sys.stdout.isatty()) as progress:
            good, bad = stream_csv(paths, _stdout_write, _print_bad, progress, index, schools)
        sys.stdout.flush()
    else:

        def fill(handle: BinaryIO) -> None:
            nonlocal good, bad
            with progress_bar(True) as progress:
                good, bad = stream_csv(
                    paths, lambda text: handle.write(text.encode("utf-8")), _print_bad, progress, index, schools
                )
            if not good:
                raise _NothingRead  # make no file

        try:
            if code := _write_output(output, fill, force):
                return code
        except _NothingRead:
            pass
    if not good:
        return _nothing_read(paths, bad)
    _skipped(bad, good)
    if output is not None:
        _wrote(output, good)
    return 0


class _NothingRead(Exception):
    """No session could be read: the output file is not made."""


__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "md_escape",
    "report_csv",
    "report_html",
    "report_md",
    "run_report",
    "session_csv",
    "session_md",
    "stream_csv",
]
