"""Everything one session recorded, segment by segment, as Markdown (the review's session view).

The ``md`` report is a summary to paste into an email; this is the full record a leader opens
months later: every round's ballots with what the team saw at the reveal, the split by role,
ideas with themes and dots, forecast ratings, talk-time shares, notes and actions.
"""

from __future__ import annotations

from ilt_kit.content.kinds import kind_name
from ilt_kit.literal import plural, visible
from ilt_kit.review.report import md_escape
from ilt_kit.review.entry import SessionEntry
from ilt_kit.review.summary import (
    RoundSummary,
    SegmentSummary,
    SessionSummary,
    agreement_text,
    clock_text,
    figure,
    idea_number,
    label_of,
    level_text,
    median_text,
    range_text,
    summarize,
    talk_text,
)
from ilt_kit.session.stats import no_evidence_note
from ilt_kit.store.record import BrainstormResult, ForecastResult, PrioritizeResult, RatedBase


def _round(segment: RatedBase, summary: RoundSummary, out: list[str]) -> None:
    rnd, stats = summary.round, summary.stats
    how = "show of hands" if rnd.mode == "tally" else "hidden ballots"
    if stats is None:
        out.append(f"  - Round {rnd.number} ({how}): not revealed; {summary.voters} voted")
        return
    out.append(
        f"  - Round {rnd.number} ({how}), revealed {rnd.revealed:%H:%M}: median {median_text(segment.scale, stats.median)}, "
        f"range {range_text(stats)}, agreement {agreement_text(stats)} ({stats.total} votes)"
    )
    if no_evidence_note(stats):
        out.append(f"    - {no_evidence_note(stats)}")
    if rnd.mode == "ballot":
        votes = ", ".join(f"{md_escape(b.member)} {level_text(segment.scale, b.level)}" for b in rnd.ballots)
        out.append(f"    - Ballots: {votes}")
    else:
        counts = ", ".join(
            f"{level_text(segment.scale, t.level)}: {t.count}" + (f" ({md_escape(t.role)})" if t.role else "")
            for t in rnd.tally
        )
        out.append(f"    - Hands: {counts}")
    if stats.outliers:
        heard = ", ".join(f"{md_escape(member) or 'a hand'} ({level})" for member, level in stats.outliers)
        out.append(f"    - Outliers to hear from: {heard}")
    for split in summary.splits:
        counts = ", ".join(f"{label_of(segment.scale, level)} {n}" for level, n in sorted(split.counts.items()))
        out.append(f"    - {split.group.title()}: {counts}")


def _segment(summary: SegmentSummary, out: list[str]) -> None:
    segment, time = summary.segment, summary.time
    out.append(f"## {summary.number}. {md_escape(segment.title)}")
    out.append("")
    out.append(f"*{kind_name(segment.kind).lower()} · {segment.status} · {clock_text(time.used)} used of {clock_text(time.planned)} planned*")
    out.append("")
    if summary.rated is not None:
        rated = summary.rated.segment
        out.append(f"**{md_escape(rated.rubric_title)}**")
        out.append("")
        for criterion in summary.rated.criteria:
            line = f"- **{md_escape(criterion.criterion.title)}**"
            if criterion.agreed is not None:
                line += f" — agreed: **{criterion.agreed}**"
            out.append(line)
            if criterion.criterion.statement:
                out.append(f"  - Statement: {md_escape(criterion.criterion.statement)}")
            if criterion.criterion.evidence:
                out.append(f"  - Evidence: {md_escape(criterion.criterion.evidence)}")
            for rnd in criterion.rounds:
                _round(rated, rnd, out)
            if criterion.movement:
                out.append(f"  - Moved: {criterion.movement}")
    elif isinstance(segment, BrainstormResult):
        for idea in segment.ideas:
            extra = [part for part in (idea.theme and f"theme: {idea.theme}", idea.author and f"by {idea.author}") if part]
            out.append(f"- {idea_number(idea)} {md_escape(idea.text)}" + (f" ({md_escape('; '.join(extra))})" if extra else ""))
        for gone in segment.merged:
            by = f", by {md_escape(gone.author)}" if gone.author else ""
            out.append(f"- ~~{idea_number(gone)}~~ {md_escape(gone.text)} (merged into #{gone.merged_into}{by})")
    elif isinstance(segment, PrioritizeResult) and summary.ideas is not None:
        out.append(f"{plural(segment.budget, 'dot')} per member, on the ideas of '{md_escape(segment.source)}'.")
        out.append("")
        for idea, dots in summary.ideas.ranked:
            voters = ", ".join(f"{md_escape(member)} {count}" for member, count in summary.ideas.voters(idea))
            out.append(f"- {dots} ● {idea_number(idea)} {md_escape(idea.text)}" + (f" ({voters})" if voters else ""))
    elif isinstance(segment, ForecastResult):
        placed = {p.item.id: p for p in summary.forecast or ()}
        for item in segment.items:
            where = placed.get(item.id)
            position = (
                f": likelihood {figure(where.likelihood)}, impact {figure(where.impact)} ({where.basis}) → **{where.quadrant}**"
                if where
                else ": not rated"
            )
            out.append(f"- {md_escape(item.title)}{position}")
            for rating in item.ratings:
                out.append(f"  - {md_escape(rating.member)}: likelihood {rating.likelihood}, impact {rating.impact}")
    for action in summary.actions:
        mark = "x" if action.status == "done" else " "
        details = [f"owner {action.owner}" if action.owner else "", f"due {action.due}" if action.due else ""]
        if action.done_on:
            details.append(f"done {action.done_on}")
        if action.link:
            details.append(f"follows from {action.link}")
        info = "; ".join(d for d in details if d)
        out.append(f"- [{mark}] {md_escape(action.what)}" + (f" ({md_escape(info)})" if info else ""))
    if summary.talk:
        out.append("")
        out.append(f"Talk time: {md_escape(talk_text(summary.talk))}")
    if segment.notes:
        out.append("")
        out.append(f"Notes: {md_escape(segment.notes)}")
    out.append("")


def detail_md(entry: SessionEntry, summary: SessionSummary | None = None) -> str:
    """The session view of ``entry``; ``summary`` defaults to :func:`~ilt_kit.review.summary.summarize` of its record."""
    record = entry.record
    summary = summary or summarize(record)
    members = ", ".join(f"{m.name} ({m.role})" for m in record.team.members)
    out = [
        f"# {md_escape(record.title)}",
        "",
        f"{record.date} · {md_escape(record.scenario_title)} · {record.status}",
        "",
        f"Team: {md_escape(record.team.name or '—')}: {md_escape(members)}. Facilitator: {md_escape(record.facilitator or '—')}.",
        "",
        f"File: `{visible(str(entry.path))}`",
        "",
        f"Time: {clock_text(summary.time.used)} used of {clock_text(summary.time.planned)} planned.",
        "",
    ]
    if summary.decisions:
        out += ["**Decisions**", ""]
        for decision in summary.decisions:
            out.append(f"- {md_escape(decision.text)}" + (f" (in {md_escape(decision.where)})" if decision.where else ""))
        out.append("")
    for segment in summary.segments:
        _segment(segment, out)
    return "\n".join(out)


__all__ = ["detail_md"]
