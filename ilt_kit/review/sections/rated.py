"""The summary section of a rubric and a survey: agreed levels, each round, the split by role.

:func:`build` makes a segment's :class:`RatedSummary` once; ``md``, ``html``, ``detail`` and ``csv``
write it into the reports and the review's session view, ``blocks`` lays it out for the summary
at the end of a session, and ``shown`` for a prompt that shows it (``shows = [...]``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ilt_kit.content.models import MIN_GROUP
from ilt_kit.review.html_text import DASH, e
from ilt_kit.review.markdown import md_block, md_escape
from ilt_kit.review.blocks import SHOWN_ROWS, Block, Column, Lines, Span, Table, marked
from ilt_kit.review.summary import (
    RESULTS,
    SegmentSummary,
    agreement_text,
    label_of,
    level_text,
    median_text,
    range_text,
)
from ilt_kit.session.kinds.forecast import TEAM
from ilt_kit.session.kinds.rated import split_by_role
from ilt_kit.session.stats import (
    RoundStats,
    level_counts,
    mean_of,
    no_evidence_note,
    round_stats,
    share_agreeing,
    vote_count,
)
from ilt_kit.store.record import SessionRecord
from ilt_kit.store.results.rated import CriterionResult, RatedBase, Round

if TYPE_CHECKING:
    from ilt_kit.review.report_csv import CsvRows
    from ilt_kit.review.summary import SessionSummary

ORDER = RESULTS


@dataclass(frozen=True)
class RoleSplit:
    group: str
    counts: Counter[int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def mean(self) -> float | None:
        """The group's average level, 'no evidence' left out (None without a rated answer)."""
        return mean_of(self.counts)


def role_splits(record: SessionRecord, rnd: Round) -> tuple[list[RoleSplit], tuple[str, ...]]:
    """The groups shown on their own, and what is said of those too small to be (the session's rule)."""
    groups = split_by_role(rnd, record.team.members, "group", record.min_group_size)
    return [RoleSplit(group, counts) for group, counts in groups.items()], tuple(groups.notes)


@dataclass(frozen=True)
class RoundSummary:
    round: Round
    stats: RoundStats | None
    """None while the round is not revealed."""
    splits: list[RoleSplit]
    """The split by role of a revealed survey round asked for it; else empty."""
    notes: tuple[str, ...] = ()
    """The role groups too small to be shown on their own ('central office: fewer than 3 people, ...')."""

    @property
    def voters(self) -> int:
        """Ballots cast, or hands counted, so far."""
        return vote_count(self.round)

    @property
    def text(self) -> str:
        """'round 1: median 3, range 2–4, 75% within one level' (what every report says of a round)."""
        stats = self.stats
        if stats is None:
            return f"round {self.round.number}: not revealed ({self.voters} voted)"
        if stats.median is None:
            return f"round {self.round.number}: no rated ballots"
        return (
            f"round {self.round.number}: median {stats.median:g}, range {range_text(stats)}, "
            f"{agreement_text(stats)} within one level"
        )


@dataclass(frozen=True)
class CriterionSummary:
    criterion: CriterionResult
    agreed: str | None
    """The agreed level as text ('3 Established'), None when no level was agreed."""
    rounds: list[RoundSummary]
    """Every round with a ballot, a hand or a reveal, in order."""

    @property
    def last(self) -> RoundSummary | None:
        """The last revealed round."""
        return next((r for r in reversed(self.rounds) if r.stats is not None), None)

    @property
    def revealed_rounds(self) -> int:
        return sum(1 for r in self.rounds if r.stats is not None)

    @property
    def scored(self) -> bool:
        return self.agreed is not None or self.last is not None

    @property
    def revealed(self) -> list[RoundSummary]:
        """The revealed rounds, in order."""
        return [r for r in self.rounds if r.stats is not None]

    @property
    def movement(self) -> str:
        """How the team moved from its first revealed round to its last ('range 1–4 → 2–2, within
        one level 50% → 100%'); '' with fewer than two revealed rounds with a rated ballot."""
        rated = [r.stats for r in self.revealed if r.stats is not None and r.stats.median is not None]
        if len(rated) < 2:
            return ""
        first, last = rated[0], rated[-1]
        parts = []
        if first.median != last.median:
            parts.append(f"median {first.median:g} → {last.median:g}")
        parts.append(f"range {range_text(first)} → {range_text(last)}")
        parts.append(f"within one level {agreement_text(first)} → {agreement_text(last)}")
        return ", ".join(parts)


@dataclass(frozen=True)
class RatedSummary:
    segment: RatedBase
    criteria: list[CriterionSummary]
    members: tuple = ()
    """The team (for the share agreeing by role group a prompt shows of a survey)."""
    min_group: int = MIN_GROUP
    """The session's smallest role group shown on its own."""

    @property
    def survey(self) -> bool:
        return self.segment.kind == "survey"

    @property
    def scored(self) -> list[CriterionSummary]:
        return [c for c in self.criteria if c.scored]

    @property
    def not_scored(self) -> list[str]:
        return [c.criterion.title for c in self.criteria if not c.scored]

    @property
    def groups(self) -> list[str]:
        """Every role group of the split by role of the criteria's last revealed rounds, sorted."""
        return sorted({split.group for c in self.criteria if c.last is not None for split in c.last.splits})

    @property
    def notes(self) -> list[str]:
        """What is said of the role groups too small to be shown, once each."""
        return list(dict.fromkeys(note for c in self.criteria if c.last is not None for note in c.last.notes))


def build(record: SessionRecord, segment: Any) -> RatedSummary:
    split = bool(getattr(segment, "split_by_role", False))
    criteria = []
    for criterion in segment.criteria:
        rounds = []
        for rnd in criterion.rounds:
            if rnd.revealed is None and not rnd.ballots and not rnd.tally:
                continue
            stats = round_stats(segment, rnd) if rnd.revealed is not None else None
            splits, notes = role_splits(record, rnd) if split and stats is not None else ([], ())
            rounds.append(RoundSummary(rnd, stats, splits, notes))
        agreed = None if criterion.agreed is None else level_text(segment.scale, criterion.agreed)
        criteria.append(CriterionSummary(criterion, agreed, rounds))
    return RatedSummary(segment, criteria, tuple(record.team.members), record.min_group_size)


def reported(part: RatedSummary, summary: SessionSummary) -> bool:
    """In a report once something was scored."""
    return bool(part.scored)


# ------------------------------------------------------------------------------- markdown


def _counts_text(scale, counts) -> str:  # noqa: ANN001
    parts = [f"{label_of(scale, level)} {n}" for level, n in sorted(counts.items()) if n]
    return ", ".join(parts) if parts else "no responses"


def md(rated: RatedSummary, out: list[str]) -> None:
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
        out.extend(f"  - {md_escape(note)}" for note in (last.notes if last is not None else ()))
        if criterion.evidence:
            out.append(f"  - Evidence: {md_block(criterion.evidence, '    ')}")
    if rated.not_scored:
        out.append(f"- Not scored: {', '.join(md_escape(t) for t in rated.not_scored)}")
    out.append("")


# ----------------------------------------------------------------------------------- html


def html(rated: RatedSummary, out: list[str]) -> None:
    from ilt_kit.review import charts  # only an html report draws charts

    segment, is_survey = rated.segment, rated.survey
    heading = "Survey" if is_survey else "Agreed levels"
    out.append(f"<h3>{heading}: {e(segment.title)} <small>{e(segment.rubric_title)}</small></h3>")
    rows: list[charts.BarRow] = []
    any_agreed = any(c.agreed is not None for c in rated.criteria)
    groups = rated.groups
    table = ["<table><thead><tr>"]
    if is_survey:
        table.append('<th>Statement</th><th class="num">Responses</th><th class="num">Median</th>')
        table.extend(f'<th class="num">{e(g)} average</th>' for g in groups)
        table.append("<th>Agreed</th></tr></thead><tbody>" if any_agreed else "</tr></thead><tbody>")
    else:
        table.append(
            '<th class="w-criterion">Criterion</th><th class="w-level">Agreed level</th><th>Evidence</th>'
            '<th class="w-rounds">Rounds</th></tr></thead><tbody>'
        )
    for summary in rated.scored:
        criterion, last = summary.criterion, summary.last
        stats = last.stats if last is not None else None
        agreed_cell = (
            f'<span class="level">{e(summary.agreed)}</span>' if summary.agreed is not None else '<span class="muted">not agreed</span>'
        )
        if is_survey:
            median = e(median_text(segment.scale, stats.median if stats else None))
            cells = [f"<td>{e(criterion.title)}</td>", f'<td class="num">{stats.total if stats else 0}</td>', f'<td class="num">{median}</td>']
            splits = {s.group: s for s in last.splits} if last is not None else {}
            for group in groups:
                split = splits.get(group)
                mean = split.mean if split else None
                cells.append(f'<td class="num">{f"{mean:.1f}" if mean is not None else "–"}</td>')
            if any_agreed:
                cells.append(f"<td>{agreed_cell if summary.agreed is not None else ''}</td>")
            table.append("<tr>" + "".join(cells) + "</tr>")
        else:
            lines = [e(rnd.text) for rnd in summary.revealed] or [DASH]
            if summary.movement:
                lines.append(f"<strong>moved:</strong> {e(summary.movement)}")
            if stats is not None and no_evidence_note(stats):
                lines.append(f'<span class="muted">{e(no_evidence_note(stats))}</span>')
            evidence = f'<span class="evidence">{e(criterion.evidence)}</span>' if criterion.evidence else ""
            table.append(
                f"<tr><td>{e(criterion.title)}<br><span class=\"muted\">{e(criterion.group)}</span></td>"
                f"<td>{agreed_cell}</td><td>{evidence}</td><td class=\"rounds\">{'<br>'.join(lines)}</td></tr>"
            )
        if last is not None and stats is not None:
            rows.append(charts.BarRow(criterion.title, {k: v for k, v in stats.counts.items() if v}, summary.agreed or ""))
            rows.extend(charts.BarRow(split.group, dict(split.counts), sub=True) for split in last.splits)
    table.append("</tbody></table>")
    out.extend(table)
    if rated.not_scored:
        out.append(f'<p class="muted">Not scored: {e(", ".join(rated.not_scored))}</p>')
    out.extend(f'<p class="muted">{e(note)}</p>' for note in rated.notes)
    if rows:
        out.append(charts.distribution_chart(segment.title, segment.scale, rows))


# ------------------------------------------------------------------------- the session view


def _detail_round(segment: RatedBase, summary: RoundSummary, out: list[str]) -> None:
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
    out.extend(f"    - {md_escape(note)}" for note in summary.notes)


def detail(summary: SegmentSummary, out: list[str]) -> None:
    part: RatedSummary = summary.part
    rated = part.segment
    out.append(f"**{md_escape(rated.rubric_title)}**")
    out.append("")
    for criterion in part.criteria:
        line = f"- **{md_escape(criterion.criterion.title)}**"
        if criterion.agreed is not None:
            line += f" — agreed: **{criterion.agreed}**"
        out.append(line)
        if criterion.criterion.statement:
            out.append(f"  - Statement: {md_escape(criterion.criterion.statement)}")
        if criterion.criterion.evidence:
            out.append(f"  - Evidence: {md_escape(criterion.criterion.evidence)}")
        for rnd in criterion.rounds:
            _detail_round(rated, rnd, out)
        if criterion.movement:
            out.append(f"  - Moved: {criterion.movement}")


# ------------------------------------------------------------------------------------ csv


def csv(segment: Any, seg: str, rows: CsvRows) -> None:
    """Each revealed ballot or hand, each agreed level and its evidence, each statement."""
    q, add, lines = rows.q, rows.add, rows.lines
    levels = {s.value: f"{s.value},{q[s.label]}" for s in segment.scale}
    for criterion in segment.criteria:
        item = f"{seg},{q[criterion.id]},{q[criterion.title]}"
        if criterion.statement:
            add(f"{item},,,,{q[criterion.statement]},statement,\n")
        for rnd in criterion.rounds:
            if rnd.revealed is None:  # hidden ballots stay hidden: the room never saw them
                continue
            number = str(rnd.number)
            if rnd.mode == "tally":
                shown = split_by_role(rnd, rows.record.team.members, "group", rows.record.min_group_size)
                for tally in rnd.tally:  # one row per hand, so counting rows counts answers
                    level = levels.get(tally.level) or f"{tally.level},"
                    role = q[tally.role] if tally.role in shown else ""  # a small group is never shown alone
                    lines.extend([f"{item},,{role},{number},{level},\n"] * tally.count)
            else:
                for ballot in rnd.ballots:
                    level = levels.get(ballot.level) or f"{ballot.level},"
                    add(f"{item},{rows.person(ballot.member)},{number},{level},{ballot.source}\n")
        if criterion.agreed is not None:
            level = levels.get(criterion.agreed) or f"{criterion.agreed},"
            add(f"{item},{TEAM},,,{level},\n")
        if criterion.evidence:
            add(f"{item},{TEAM},,,{q[criterion.evidence]},evidence,\n")


# -------------------------------------------------------------------------------- screens


def blocks(part: RatedSummary) -> list[Block]:
    """The summary screen's table: agreed levels and rounds of a rubric, answers of a survey."""
    segment = part.segment
    if not part.survey:
        widest_word = max((len(word) for c in part.scored for word in (c.agreed or "not agreed").split()), default=3)
        rows = []
        for c in part.scored:
            rounds = [r.text for r in c.revealed] + ([f"moved: {c.movement}"] if c.movement else [])
            last = c.last.stats if c.last is not None else None
            if last is not None and no_evidence_note(last):
                rounds.append(no_evidence_note(last))
            rows.append((
                c.criterion.title,
                Span(c.agreed or "not agreed", "" if c.agreed else "dim"),
                "\n".join(rounds) or "–",
                c.criterion.evidence or "—",
            ))
        columns = (
            Column("Criterion", ratio=2),
            Column("Level", min_width=min(widest_word, 16), max_width=16),  # its words are never cut
            Column("Rounds", ratio=3),
            Column("Evidence", ratio=3),
        )
        caption = f"Not scored: {', '.join(part.not_scored)}" if part.not_scored else ""
        return [Table(f"Agreed levels — {segment.title}", columns, rows, caption)]
    groups = part.groups
    rows = []
    for criterion in part.scored:
        last = criterion.last
        stats = last.stats if last is not None else None
        median = median_text(segment.scale, stats.median if stats else None)
        by_group = {split.group: split.mean for split in last.splits} if last is not None else {}
        means = [f"{mean:.1f}" if (mean := by_group.get(group)) is not None else "–" for group in groups]
        rows.append((criterion.criterion.title, str(stats.total if stats else 0), median, *means))
    columns = (
        Column("Statement", ratio=2, min_width=20),
        Column("Answers", justify="right", no_wrap=True),
        Column("Median", ratio=1),
        *(Column(group, justify="right", ratio=1) for group in groups),
    )
    caption = "\n".join(part.notes)
    return [Table(f"Survey — {segment.title}" + (" (average by role)" if groups else ""), columns, rows, caption)]


def shown(part: RatedSummary) -> list[Block]:
    """Beside a prompt: a rubric's level of each criterion; a survey's share agreeing, the
    statements where the role groups differ most first."""
    if part.survey:
        return _survey_shown(part)
    rows = [
        (Span(level_text(part.segment.scale, c.criterion.agreed), "accent" if c.agreed is not None else "dim"), c.criterion.title)
        for c in part.criteria
    ]
    return [marked(rows)]


def _survey_shown(part: RatedSummary) -> list[Block]:
    found: list[tuple[float, str, dict[str, float | None], float | None]] = []
    notes: dict[str, None] = {}
    for criterion in part.segment.criteria:
        rnd = criterion.rounds[-1]
        if rnd.revealed is None:
            continue
        split = split_by_role(rnd, part.members, "group", part.min_group)
        notes.update(dict.fromkeys(split.notes))
        groups = {group: share_agreeing(counts) for group, counts in split.items()}
        known = [share for share in groups.values() if share is not None]
        gap = max(known) - min(known) if len(known) > 1 else 0.0
        found.append((gap, criterion.title, groups, share_agreeing(level_counts(rnd))))
    if not found:
        return [Lines("", [Span("no statement was revealed", "dim")])]
    found.sort(key=lambda item: -item[0])
    rows = []
    for gap, title, groups, everyone in found[:SHOWN_ROWS]:
        spans = [Span(title, "bold")]
        shares = " · ".join(f"{group} {share:.0%}" for group, share in groups.items() if share is not None)
        spans.append(Span(f"\n  agree: everyone {everyone:.0%}" if everyone is not None else "\n  agree: —", "dim"))
        if len(groups) > 1:
            spans.append(Span(f" · {shares}", "dim"))
            if gap >= 0.3:
                spans.append(Span(f"  ({gap:.0%} apart)", "warning"))
        rows.append((tuple(spans),))
    return [Table("", (Column(ratio=1),), rows, "\n".join(notes), grid=True)]
