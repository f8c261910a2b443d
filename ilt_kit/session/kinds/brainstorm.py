"""Brainstorm segments: ideas added, edited, themed, merged and deleted."""

from __future__ import annotations

from collections import defaultdict
from typing import Mapping

from ilt_kit.content.models import Rubric
from ilt_kit.content.segments.brainstorm import BrainstormSegment
from ilt_kit.session.core import DomainError, KindPart, clean, find_by_id
from ilt_kit.store.results.base import SegmentBase
from ilt_kit.store.results.brainstorm import BrainstormResult, Idea, MergedIdea
from ilt_kit.store.results.prioritize import Dot, PrioritizeResult


class BrainstormPart(KindPart):
    """The ideas of the current brainstorm segment."""

    name = "brainstorm"

    def _brainstorm(self) -> BrainstormResult:
        return self._current(BrainstormResult, ", not a brainstorm")

    def _idea(self, idea_id: int) -> Idea:
        return find_by_id(self._brainstorm().ideas, idea_id, f"there is no idea {idea_id}")

    def _theme_spelling(self, theme: str, idea: Idea | None = None) -> str:
        """``theme`` as the brainstorm already spells it: themes that differ only in case are one theme."""
        theme = clean(theme)
        others = (i.theme for i in self._brainstorm().ideas if i is not idea and i.theme)
        return next((known for known in others if known.casefold() == theme.casefold()), theme)

    def theme_choices(self, suggested: list[str] | None = None) -> list[str]:
        """The themes to offer: the scenario's suggested ones, then the ones already used (each once, whatever its case)."""
        choices: dict[str, str] = {}
        for theme in [*(i.theme for i in self._brainstorm().ideas), *(suggested or [])]:
            if clean(theme):
                choices.setdefault(clean(theme).casefold(), clean(theme))
        suggested_keys = [clean(t).casefold() for t in suggested or [] if clean(t)]
        ordered = [choices[k] for k in dict.fromkeys(suggested_keys)]
        return ordered + [v for k, v in choices.items() if k not in suggested_keys]

    def add(self, text: str, author: str = "", theme: str = "") -> int:
        brainstorm = self._brainstorm()
        if not clean(text):
            raise DomainError("an idea needs some words")
        if author:
            author = self._member(author)
        idea_id = max((i.id for i in [*brainstorm.ideas, *brainstorm.merged]), default=0) + 1
        brainstorm.ideas.append(Idea(id=idea_id, text=clean(text), author=author, theme=self._theme_spelling(theme)))
        self._save()
        return idea_id

    def edit(self, idea_id: int, *, text: str | None = None, theme: str | None = None, author: str | None = None) -> None:
        idea = self._idea(idea_id)
        if text is not None and not clean(text):
            raise DomainError("an idea needs some words")
        if author:
            author = self._member(author)
        if text is not None:
            idea.text = clean(text)
        if theme is not None:
            idea.theme = self._theme_spelling(theme, idea)
        if author is not None:
            idea.author = author
        self._save()

    def _dots_on(self, brainstorm_id: str, idea_id: int) -> list[tuple[PrioritizeResult, Dot]]:
        found = []
        for segment in self.record.segments:
            if isinstance(segment, PrioritizeResult) and segment.source == brainstorm_id:
                found.extend((segment, dot) for dot in segment.dots if dot.idea == idea_id)
        return found

    def merge(self, keep: int, other: int) -> None:
        """Fold idea ``other`` into ``keep``: texts joined, dots moved, ``other`` moved to the
        brainstorm's ``merged`` list with ``merged_into = keep`` (so its number stays explained)."""
        if keep == other:
            raise DomainError("choose two different ideas to merge")
        brainstorm = self._brainstorm()
        kept, gone = self._idea(keep), self._idea(other)
        moved = self._dots_on(brainstorm.id, other)
        parts = {("segments", self._index)} | {
            ("segments", i) for i, s in enumerate(self.record.segments) if any(s is segment for segment, _ in moved)
        }
        for segment, dot in moved:
            segment.dots.remove(dot)
            for existing in segment.dots:
                if existing.member == dot.member and existing.idea == keep:
                    existing.count += dot.count
                    break
            else:
                segment.dots.append(Dot(member=dot.member, idea=keep, count=dot.count))
        kept.text = f"{kept.text} / {gone.text}"
        kept.theme = kept.theme or gone.theme
        brainstorm.ideas.remove(gone)
        brainstorm.merged.append(MergedIdea(**gone.model_dump(), merged_into=keep))
        self._save(*sorted(parts))

    def delete(self, idea_id: int) -> None:
        brainstorm = self._brainstorm()
        idea = self._idea(idea_id)
        if self._dots_on(brainstorm.id, idea_id):
            raise DomainError("this idea already has dots; merge it into another instead of deleting it")
        if any(merged.merged_into == idea_id for merged in brainstorm.merged):
            raise DomainError("other ideas were merged into this one; edit its words instead of deleting it")
        brainstorm.ideas.remove(idea)
        self._save()

    def themes(self) -> dict[str, list[Idea]]:
        grouped: dict[str, list[Idea]] = defaultdict(list)
        for idea in self._brainstorm().ideas:
            grouped[idea.theme].append(idea)
        return dict(grouped)


def build(seg: BrainstormSegment, base: dict, rubrics: Mapping[str, Rubric], rubric_files: Mapping[str, str]) -> SegmentBase:
    """A new brainstorm segment's record: no ideas yet."""
    return BrainstormResult(kind="brainstorm", **base)


PART = BrainstormPart
"""This kind's controller: ``session.brainstorm`` (see :class:`ilt_kit.session.engine.Session`)."""
