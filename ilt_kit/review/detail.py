"""Everything one session recorded, segment by segment, as Markdown (the review's session view).

The ``md`` report is a summary to paste into an email; this is the full record a leader opens
months later: every round's ballots with what the team saw at the reveal, the split by role,
ideas with themes and dots, forecast ratings, talk-time shares, notes and actions. Each segment
kind's lines come from its summary section (:mod:`ilt_kit.review.sections`, its ``detail``).
"""

from __future__ import annotations

from ilt_kit.content.kinds import kind_name
from ilt_kit.literal import visible
from ilt_kit.review.markdown import md_escape
from ilt_kit.review.report_md import md_blocks
from ilt_kit.review.entry import SessionEntry
from ilt_kit.review.summary import SegmentSummary, SessionSummary, clock_text, summarize, talk_text


def _segment(summary: SegmentSummary, out: list[str]) -> None:
    segment, time = summary.segment, summary.time
    out.append(f"## {summary.number}. {md_escape(segment.title)}")
    out.append("")
    out.append(f"*{kind_name(segment.kind).lower()} · {segment.status} · {clock_text(time.used)} used of {clock_text(time.planned)} planned*")
    out.append("")
    write = getattr(summary.section, "detail", None)
    if write is not None:
        write(summary, out)
    elif summary.part is not None:  # a kind without its own: its blocks
        md_blocks(summary.section.blocks(summary.part), out)
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
