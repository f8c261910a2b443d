"""The summary section of a dot vote: the ideas of its brainstorm ranked by their dots.

Its part is an :class:`~ilt_kit.review.sections.brainstorm.IdeaList` with the dots.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ilt_kit.literal import plural
from ilt_kit.review.html_text import e
from ilt_kit.review.markdown import md_escape
from ilt_kit.review.blocks import SHOWN_ROWS, Block, Lines, Span, marked
from ilt_kit.review.sections.brainstorm import IdeaList, html_idea, idea_words, md_idea_about
from ilt_kit.review.summary import IDEAS, SegmentSummary, idea_number
from ilt_kit.session.kinds.prioritize import rank_ideas
from ilt_kit.store.record import SessionRecord
from ilt_kit.store.results.brainstorm import Idea

if TYPE_CHECKING:
    from ilt_kit.review.report_csv import CsvRows
    from ilt_kit.review.summary import SessionSummary

ORDER = IDEAS


def source_ideas(record: SessionRecord, prioritize: Any) -> list[Idea]:
    """The ideas of the brainstorm a dot vote is about."""
    for segment in record.segments:
        if segment.id == prioritize.source and segment.kind == "brainstorm":
            return list(segment.ideas)
    return []


def ranking(record: SessionRecord, prioritize: Any) -> list[tuple[Idea, int]]:
    return rank_ideas(source_ideas(record, prioritize), prioritize.dots)


def build(record: SessionRecord, segment: Any) -> IdeaList:
    """The ideas ranked by their dots; a vote never revealed: how many placed their dots, no totals."""
    if segment.shown:
        return IdeaList(segment, ranking(record, segment))
    placed = segment.placed(member.name for member in record.team.members)
    return IdeaList(segment, [(idea, 0) for idea in source_ideas(record, segment)], placed)


def not_revealed(part: IdeaList) -> str | None:
    """'dots not revealed: 3 of 8 members placed their dots' — all a report shows of a hidden vote."""
    if part.placed is None:
        return None
    done, members = part.placed
    return f"dots not revealed: {done} of {plural(members, 'member')} placed their dots"


def reported(part: IdeaList, summary: SessionSummary) -> bool:
    """In a report once a dot is placed (revealed or not)."""
    return bool(part.ranked) and (bool(part.dotted) or (part.placed is not None and bool(part.segment.dots)))


def md(ideas: IdeaList, out: list[str]) -> None:
    segment = ideas.segment
    hidden = not_revealed(ideas)
    out.append(f"### {'Dot vote' if hidden else 'Top ideas'}: {md_escape(segment.title)} ({plural(segment.budget, 'dot')} each)")
    out.append("")
    if hidden:
        out.extend([f"{hidden.capitalize()}.", ""])
        return
    for idea, n in ideas.top:
        out.append(f"- {idea_number(idea)} {md_escape(idea.text)}{md_idea_about(idea)}: {plural(n, 'dot')}")
    if len(ideas.ranked) > len(ideas.top):
        out.append(f"\n{len(ideas.ranked)} ideas in all.")
    out.append("")


def html(ideas: IdeaList, out: list[str]) -> None:
    from ilt_kit.review import charts  # only an html report draws charts

    segment = ideas.segment
    hidden = not_revealed(ideas)
    out.append(f"<h3>{'Dot vote' if hidden else 'Top ideas'}: {e(segment.title)} <small>{plural(segment.budget, 'dot')} each</small></h3>")
    if hidden:
        out.append(f'<p class="muted">{e(hidden.capitalize())}.</p>')
        return
    out.append(
        charts.dot_ranking(
            segment.title,
            [charts.RankedIdea(idea_number(idea), idea.text, idea.theme, idea.author, n) for idea, n in ideas.dotted],
        )
    )
    if ideas.undotted:
        out.append('<p class="muted">Without dots:</p><ul class="ideas">')
        out.extend(html_idea(idea) for idea in ideas.undotted)
        out.append("</ul>")


def detail(summary: SegmentSummary, out: list[str]) -> None:
    ideas: IdeaList = summary.part
    segment = summary.segment
    out.append(f"{plural(segment.budget, 'dot')} per member, on the ideas of '{md_escape(segment.source)}'.")
    out.append("")
    hidden = not_revealed(ideas)
    if hidden:
        out.append(f"{hidden.capitalize()}.")
        return
    for idea, dots in ideas.ranked:
        voters = ", ".join(f"{md_escape(member)} {count}" for member, count in ideas.voters(idea))
        out.append(f"- {dots} ● {idea_number(idea)} {md_escape(idea.text)}" + (f" ({voters})" if voters else ""))


def csv(segment: Any, seg: str, rows: CsvRows) -> None:
    """Each member's dots on each idea, once they may be shown."""
    if not segment.shown:
        return
    ideas = {idea.id: idea.text for idea in source_ideas(rows.record, segment)}
    roles = rows.roles
    for dot in segment.dots:
        rows.row(seg, str(dot.idea), ideas.get(dot.idea, ""), dot.member, roles.get(dot.member, ""), "", str(dot.count), "dots", source=dot.source)


def blocks(part: IdeaList) -> list[Block]:
    hidden = not_revealed(part)
    if hidden:
        return [Lines(f"Dot vote — {part.segment.title}", [Span(hidden, "dim")])]
    return [Lines(f"Ideas by dots — {part.segment.title}", [f" {dots:>2} ● {idea_words(idea)}" for idea, dots in part.ranked])]


def shown(part: IdeaList) -> list[Block]:
    """Beside a prompt: the top ideas with their dots (never revealed: how many placed them)."""
    hidden = not_revealed(part)
    if hidden:
        return [Lines("", [Span(hidden, "dim")])]
    if not part.dotted:
        return [Lines("", [Span("no dots were placed", "dim")])]
    rows = [
        (f"{rank}.", (Span(f"#{idea.id} {idea.text}  "), Span(plural(dots, "dot"), "accent")))
        for rank, (idea, dots) in enumerate(part.dotted[:SHOWN_ROWS], start=1)
    ]
    return [marked(rows)]
