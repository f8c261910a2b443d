"""The summary section of a forecast: where each item falls (agreed, else the members' mean).

:func:`build` places the items once (:class:`ForecastSummary`); the writers below format them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ilt_kit.review.html_text import e
from ilt_kit.review.markdown import md_escape
from ilt_kit.review.blocks import Block, Column, Span, Table, marked
from ilt_kit.review.summary import RESULTS, SegmentSummary, figure
from ilt_kit.session.kinds.forecast import TEAM, item_position, quadrant
from ilt_kit.store.record import SessionRecord
from ilt_kit.store.results.forecast import ForecastEntry

if TYPE_CHECKING:
    from ilt_kit.review.report_csv import CsvRows
    from ilt_kit.review.summary import SessionSummary

ORDER = RESULTS


@dataclass(frozen=True)
class Placed:
    number: int
    item: ForecastEntry
    likelihood: float
    impact: float
    agreed: bool
    quadrant: str

    @property
    def basis(self) -> str:
        if self.agreed:
            return "agreed"
        n = len(self.item.ratings)
        return f"mean of {n} rating{'s' if n != 1 else ''}"


def placed_items(items: list[ForecastEntry], shown: bool = True) -> list[Placed]:
    """Forecast items that have a position (agreed, else members' mean once ``shown``), numbered for a chart."""
    placed = []
    for item in items:
        position = item_position(item, shown)
        if position is None:
            continue
        likelihood, impact = position
        agreed = item.likelihood is not None and item.impact is not None
        placed.append(Placed(len(placed) + 1, item, likelihood, impact, agreed, quadrant(likelihood, impact)))
    return placed


@dataclass(frozen=True)
class ForecastSummary:
    segment: Any
    """The forecast's record (a ``ForecastResult``)."""
    placed: list[Placed]


def build(record: SessionRecord, segment: Any) -> ForecastSummary:
    return ForecastSummary(segment, placed_items(segment.items, segment.shown))


def reported(part: ForecastSummary, summary: SessionSummary) -> bool:
    """In a report once an item is placed."""
    return bool(part.placed)


def md(part: ForecastSummary, out: list[str]) -> None:
    out.append(f"### Forecast: {md_escape(part.segment.title)}")
    out.append("")
    for p in sorted(part.placed, key=lambda p: (-p.impact, -p.likelihood, p.number)):
        out.append(
            f"- {md_escape(p.item.title)}: likelihood {figure(p.likelihood)}, impact {figure(p.impact)} "
            f"({p.basis}) → **{p.quadrant}**"
        )
    out.append("")


def html(part: ForecastSummary, out: list[str]) -> None:
    from ilt_kit.review import charts  # only an html report draws charts

    segment, placed = part.segment, part.placed
    out.append(f"<h3>Forecast: {e(segment.title)}</h3>")
    out.append('<div class="charts">')
    out.append(
        charts.forecast_matrix(
            segment.title,
            [charts.MatrixPoint(p.number, p.item.title, p.likelihood, p.impact) for p in placed],
            segment.item_label,
        )
    )
    out.append("</div>")
    out.append(
        f'<table><thead><tr><th class="num">#</th><th>{e(segment.item_label.capitalize())}</th>'
        '<th class="num">Likelihood</th><th class="num">Impact</th><th>Where it falls</th><th>Basis</th></tr></thead><tbody>'
    )
    for p in placed:
        description = f'<br><span class="muted">{e(p.item.description)}</span>' if p.item.description else ""
        out.append(
            f'<tr><td class="num">{p.number}</td><td>{e(p.item.title)}{description}</td>'
            f'<td class="num">{figure(p.likelihood)}</td><td class="num">{figure(p.impact)}</td>'
            f"<td><strong>{e(p.quadrant)}</strong></td><td class=\"muted\">{e(p.basis)}</td></tr>"
        )
    out.append("</tbody></table>")


def detail(summary: SegmentSummary, out: list[str]) -> None:
    part: ForecastSummary = summary.part
    placed = {p.item.id: p for p in part.placed}
    for item in part.segment.items:
        where = placed.get(item.id)
        position = (
            f": likelihood {figure(where.likelihood)}, impact {figure(where.impact)} ({where.basis}) → **{where.quadrant}**"
            if where
            else ": not rated"
        )
        out.append(f"- {md_escape(item.title)}{position}")
        if not part.segment.shown:  # hidden on the day: only how many rated
            if item.ratings:
                n = len(item.ratings)
                out.append(f"  - {n} rating{'s' if n != 1 else ''}, never revealed")
            continue
        for rating in item.ratings:
            out.append(f"  - {md_escape(rating.member)}: likelihood {rating.likelihood}, impact {rating.impact}")


def csv(segment: Any, seg: str, rows: CsvRows) -> None:
    """Each member's rating (once revealed) and the team's agreed position of each item, with its quadrant."""
    q, add = rows.q, rows.add
    for forecast_item in segment.items:
        item = f"{seg},{q[forecast_item.id]},{q[forecast_item.title]}"
        for rating in forecast_item.ratings if segment.shown else []:
            value = f"likelihood={rating.likelihood};impact={rating.impact}"
            add(f"{item},{rows.person(rating.member)},,{value},{q[quadrant(rating.likelihood, rating.impact)]},{rating.source}\n")
        if forecast_item.likelihood is not None and forecast_item.impact is not None:
            value = f"likelihood={forecast_item.likelihood};impact={forecast_item.impact}"
            add(f"{item},{TEAM},,,{value},{q[quadrant(forecast_item.likelihood, forecast_item.impact)]},\n")


def blocks(part: ForecastSummary) -> list[Block]:
    columns = (
        Column("#", justify="right", no_wrap=True),
        Column(part.segment.item_label.capitalize(), ratio=2),  # half the free width: titles stay readable at 80x24
        Column("Likelihood", justify="right", no_wrap=True),
        Column("Impact", justify="right", no_wrap=True),
        Column("Where it falls", ratio=1, min_width=10),  # a quarter each, wrapped at their words
        Column("Basis", ratio=1, min_width=10),
    )
    rows = [
        (str(p.number), p.item.title, figure(p.likelihood), figure(p.impact), p.quadrant, p.basis) for p in part.placed
    ]
    return [Table(f"Forecast — {part.segment.title}", columns, rows)]


def shown(part: ForecastSummary) -> list[Block]:
    """Beside a prompt: where each item falls, or 'not rated'."""
    placed = {p.item.id: p for p in part.placed}
    rows = []
    for item in part.segment.items:
        where = placed.get(item.id)
        rows.append((Span(where.quadrant, "accent") if where else Span("not rated", "dim"), item.title))
    return [marked(rows)]
