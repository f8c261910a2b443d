"""The summary section of a brainstorm: its ideas in order, with their themes and authors.

:class:`IdeaList` is also what a dot vote's section (:mod:`.prioritize`) builds, with the dots.
A report shows a brainstorm's ideas only when no dot vote with dots was about them (the vote
shows them then, ranked).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ilt_kit.review.html_text import e
from ilt_kit.review.markdown import md_escape
from ilt_kit.review.blocks import SHOWN_ROWS, Block, Lines, Span, marked
from ilt_kit.review.summary import IDEAS, SegmentSummary, idea_number
from ilt_kit.store.record import SessionRecord
from ilt_kit.store.results.brainstorm import Idea

if TYPE_CHECKING:
    from ilt_kit.review.report_csv import CsvRows
    from ilt_kit.review.summary import SessionSummary

ORDER = IDEAS
TOP_IDEAS = 5
"""How many of a dot vote's ideas a summary names first."""


@dataclass(frozen=True)
class IdeaList:
    segment: Any
    """A brainstorm's or a dot vote's record."""
    ranked: list[tuple[Idea, int]]
    """A dot vote: every idea it is about with its dots, most first. A brainstorm: its ideas in
    order, with the dots of the vote on them if there was one."""
    placed: tuple[int, int] | None = None
    """A dot vote never revealed: (members who placed every dot, members), and ``ranked`` has no
    dots (its ideas in order, each with 0); None when its dots may be shown."""

    @property
    def dot_vote(self) -> bool:
        return self.segment.kind == "prioritize"

    @property
    def about(self) -> str | None:
        """The brainstorm a dot vote is about (None for a brainstorm)."""
        return self.segment.source if self.dot_vote else None

    @property
    def dotted(self) -> list[tuple[Idea, int]]:
        return [(idea, n) for idea, n in self.ranked if n]

    @property
    def undotted(self) -> list[Idea]:
        return [idea for idea, n in self.ranked if not n]

    @property
    def top(self) -> list[tuple[Idea, int]]:
        return self.dotted[:TOP_IDEAS]

    def voters(self, idea: Idea) -> list[tuple[str, int]]:
        """(member, dots) of each member who put dots on ``idea``, as placed."""
        if not self.dot_vote:
            return []
        return [(dot.member, dot.count) for dot in self.segment.dots if dot.idea == idea.id]


def build(record: SessionRecord, segment: Any) -> IdeaList:
    return IdeaList(segment, [(idea, 0) for idea in segment.ideas])


def reported(part: IdeaList, summary: SessionSummary) -> bool:
    """In a report when it has ideas and no dot vote with dots was about them."""
    voted_on = {getattr(s.part, "about", None) for s in summary.segments if getattr(s.part, "dotted", None)}
    return bool(part.ranked) and part.segment.id not in voted_on


def md_idea_about(idea: Idea) -> str:
    """' (Trust; by Marcus Chen)': an idea's theme and author, when it has them."""
    about = [md_escape(idea.theme)] if idea.theme else []
    if idea.author:
        about.append(f"by {md_escape(idea.author)}")
    return f" ({'; '.join(about)})" if about else ""


def md(ideas: IdeaList, out: list[str]) -> None:
    out.append(f"### Ideas: {md_escape(ideas.segment.title)}")
    out.append("")
    for idea, _ in ideas.ranked:
        out.append(f"- {idea_number(idea)} {md_escape(idea.text)}{md_idea_about(idea)}")
    out.append("")


def html_idea(idea: Idea) -> str:
    """An idea as a list item: its number, its words, its theme and who gave it."""
    theme = f' <span class="badge">{e(idea.theme)}</span>' if idea.theme else ""
    author = f' <span class="muted">by {e(idea.author)}</span>' if idea.author else ""
    return f'<li><span class="muted">{e(idea_number(idea))}</span> {e(idea.text)}{theme}{author}</li>'


def html(ideas: IdeaList, out: list[str]) -> None:
    out.append(f'<h3>Ideas: {e(ideas.segment.title)}</h3><ul class="ideas">')
    out.extend(html_idea(idea) for idea, _ in ideas.ranked)
    out.append("</ul>")


def detail(summary: SegmentSummary, out: list[str]) -> None:
    segment = summary.segment
    for idea in segment.ideas:
        extra = [part for part in (idea.theme and f"theme: {idea.theme}", idea.author and f"by {idea.author}") if part]
        out.append(f"- {idea_number(idea)} {md_escape(idea.text)}" + (f" ({md_escape('; '.join(extra))})" if extra else ""))
    for gone in segment.merged:
        by = f", by {md_escape(gone.author)}" if gone.author else ""
        out.append(f"- ~~{idea_number(gone)}~~ {md_escape(gone.text)} (merged into #{gone.merged_into}{by})")


def csv(segment: Any, seg: str, rows: CsvRows) -> None:
    """Each idea (its author, role and theme), and each idea merged into another."""
    roles = rows.roles
    for idea in segment.ideas:
        rows.row(seg, str(idea.id), idea.text, idea.author, roles.get(idea.author, ""), "", "", idea.theme)
    for gone in segment.merged:
        value = f"merged_into={gone.merged_into}"
        rows.row(seg, str(gone.id), gone.text, gone.author, roles.get(gone.author, ""), "", value, gone.theme)


def idea_words(idea: Idea) -> str:
    """'#3 Peer visits (Trust; by Marcus Chen)' as the screens show an idea."""
    about = "; ".join(x for x in (idea.theme, idea.author and f"by {idea.author}") if x)
    return f"{idea_number(idea)} {idea.text}" + (f" ({about})" if about else "")


def blocks(part: IdeaList) -> list[Block]:
    return [Lines(f"Ideas — {part.segment.title}", [f" {idea_words(idea)}" for idea, _ in part.ranked])]


def shown(part: IdeaList) -> list[Block]:
    """Beside a prompt: the themes with the most ideas, and how many ideas in all."""
    ideas = part.segment.ideas
    if not ideas:
        return [Lines("", [Span("no ideas were recorded", "dim")])]
    themes: dict[str, int] = {}
    for idea in ideas:
        themes[idea.theme or "No theme"] = themes.get(idea.theme or "No theme", 0) + 1
    rows: list[tuple[Any, ...]] = [(str(count), theme) for theme, count in sorted(themes.items(), key=lambda item: -item[1])[:SHOWN_ROWS]]
    rows.append(("", Span(f"{len(ideas)} ideas in all", "dim")))
    return [marked(rows)]
