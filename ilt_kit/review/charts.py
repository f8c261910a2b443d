"""Inline SVG charts for the HTML report: plain strings, no scripts, no external references.

Every piece of user text goes through :func:`html.escape`; a short label (a criterion on a bar) is
shortened on the chart and kept whole in a ``<title>`` (a tooltip, read by screen readers), while an
idea's words wrap and are printed whole. Counts are printed
on the bars as well as drawn, so a black-and-white printout still reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape
from textwrap import wrap

from ilt_kit.review.summary import figure
from ilt_kit.session.stats import is_no_evidence
from ilt_kit.store.results.rated import NO_EVIDENCE, ScaleLevel

FONT = "font-family:inherit"
GREY = "#c9c9c9"
INK = "#1f2328"
MUTED = "#6a737d"
LINE = "#d0d7de"


def e(text: object) -> str:
    return escape(str(text), quote=True)


def short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> str:
    r, g, bl = (round(x + (y - x) * t) for x, y in zip(a, b))
    return f"#{r:02x}{g:02x}{bl:02x}"


LIGHT = (222, 235, 247)
DARK = (8, 69, 148)


def level_colors(scale: list[ScaleLevel]) -> dict[int, tuple[str, str]]:
    """(fill, text colour) per level: 'no evidence' grey, the rest light to dark blue."""
    rated = [s.value for s in scale if not is_no_evidence(s.value)]
    colors: dict[int, tuple[str, str]] = {}
    for index, value in enumerate(rated):
        t = index / (len(rated) - 1) if len(rated) > 1 else 1.0
        colors[value] = (_mix(LIGHT, DARK, t), "#ffffff" if t > 0.45 else INK)
    colors[NO_EVIDENCE] = (GREY, INK)
    return colors


def _svg(width: int, height: int, label: str, body: list[str]) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{e(label)}" style="{FONT}">'
        f"<title>{e(label)}</title>" + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, *, size: int = 12, anchor: str = "start", fill: str = INK, weight: str = "") -> str:
    bold = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"{bold}>{e(text)}</text>'
    )


# ------------------------------------------------------------------------- distribution bars


@dataclass(frozen=True)
class BarRow:
    label: str
    counts: dict[int, int]
    note: str = ""
    sub: bool = False
    """A sub-row (one role group under its statement)."""


def distribution_chart(title: str, scale: list[ScaleLevel], rows: list[BarRow]) -> str:
    """One 100% stacked bar per row: the share of ballots at each level, counts printed inside."""
    colors = level_colors(scale)
    label_w, bar_w, note_w = 230, 300, 150
    width = label_w + bar_w + note_w
    body: list[str] = []
    x, legend_y = 4.0, 6
    for step in scale:
        fill, _ = colors.get(step.value, (GREY, INK))
        text = short(step.label if is_no_evidence(step.value) else f"{step.value} {step.label}", 22)
        item_w = 16 + len(text) * 6.4 + 14
        if x + item_w > width and x > 4:
            x, legend_y = 4.0, legend_y + 18
        body.append(f'<rect x="{x:.1f}" y="{legend_y}" width="12" height="12" fill="{fill}" stroke="{LINE}"/>')
        body.append(_text(x + 16, legend_y + 10, text, size=11))
        x += item_w
    y = legend_y + 24
    for row in rows:
        height = 16 if row.sub else 22
        total = sum(row.counts.values())
        body.append(
            f"<g><title>{e(row.label)}: {total} response{'s' if total != 1 else ''}</title>"
            + _text(label_w - 8, y + height * 0.7, short(row.label, 34 if not row.sub else 30), anchor="end",
                    size=11 if row.sub else 12, fill=MUTED if row.sub else INK)
            + "</g>"
        )
        if total:
            x = float(label_w)
            for step in scale:
                n = row.counts.get(step.value, 0)
                if not n:
                    continue
                w = bar_w * n / total
                fill, ink = colors.get(step.value, (GREY, INK))
                body.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{height}" fill="{fill}" stroke="#ffffff">'
                    f"<title>{e(step.label)}: {n}</title></rect>"
                )
                if w >= 14:
                    body.append(_text(x + w / 2, y + height * 0.72, str(n), size=11, anchor="middle", fill=ink))
                x += w
        else:
            body.append(f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="{height}" fill="none" stroke="{LINE}"/>')
            body.append(_text(label_w + 6, y + height * 0.72, "no responses", size=11, fill=MUTED))
        if row.note:
            body.append(_text(label_w + bar_w + 8, y + height * 0.72, short(row.note, 24), size=11, weight="bold" if not row.sub else ""))
        y += height + (4 if row.sub else 8)
    return _svg(width, int(y) + 2, f"Distribution of the last revealed round: {title}", body)


# ------------------------------------------------------------------------------ trend lines


@dataclass(frozen=True)
class TrendSeries:
    title: str
    points: list[tuple[int, float | None]]
    """(session index, agreed level or median, or None)."""
    note: str = ""


def trend_chart(title: str, scale: list[ScaleLevel], sessions: list[date], series: TrendSeries) -> str:
    """A small line chart of one criterion's agreed level (or a survey median) across sessions."""
    width, height = 300, 168
    left, right, top, bottom = 34, 10, 40, 24
    inset = 26  # keeps the first and last points (and their date labels) off the edges
    values = [s.value for s in scale]
    has_zero = any(is_no_evidence(level) for _, level in series.points)
    rated = [v for v in values if not is_no_evidence(v)] or [1, 2]
    low = NO_EVIDENCE if has_zero else min(rated)
    high = max(rated)
    span = max(high - low, 1)
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(sessions), 1)

    def px(index: int) -> float:
        if n == 1:
            return left + plot_w / 2
        return left + inset + (plot_w - 2 * inset) * index / (n - 1)

    def py(level: float) -> float:
        return top + plot_h - plot_h * (level - low) / span

    body = [
        _text(4, 14, short(series.title, 44), size=12, weight="bold"),
    ]
    if series.note:
        body.append(_text(4, 29, series.note, size=11, fill=MUTED))
    for level in range(low, high + 1):
        y = py(level)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{LINE}" stroke-width="1"/>')
        body.append(_text(left - 6, y + 4, "–" if is_no_evidence(level) else str(level), size=10, anchor="end", fill=MUTED))
    step = 1 if n <= 4 else max(1, (n + 3) // 4)
    for index, day in enumerate(sessions):
        if index % step == 0 or index == n - 1:
            body.append(_text(px(index), height - 6, day.strftime("%b %Y"), size=10, anchor="middle", fill=MUTED))
    known = [(i, level) for i, level in series.points if level is not None]
    points = [(px(i), py(level), i, level) for i, level in known]
    if len(points) >= 2:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="#08519c" stroke-width="2"/>')
    labels = {s.value: s.label for s in scale}
    for x, y, index, level in points:
        fill = "#ffffff" if is_no_evidence(level) else "#08519c"
        label = labels.get(level, "") if float(level).is_integer() else ""
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{fill}" stroke="#08519c" stroke-width="2">'
            f"<title>{e(sessions[index].isoformat())}: {level:g} {e(label)}</title></circle>"
        )
    return _svg(width, height, f"{title}: {series.title}, over time", body)


# ----------------------------------------------------------------------------- forecast 2x2


@dataclass(frozen=True)
class MatrixPoint:
    number: int
    title: str
    likelihood: float
    impact: float


def forecast_matrix(title: str, points: list[MatrixPoint], item_label: str = "force") -> str:
    """Likelihood (across) against impact (up), 1-5, split at 3.5 into the four quadrants."""
    size, left, top, right = 360, 44, 12, 12  # the bottom 44px hold the axis labels
    plot = size - left - right

    def px(value: float) -> float:
        return left + plot * (value - 0.5) / 5

    def py(value: float) -> float:
        return top + plot - plot * (value - 0.5) / 5

    mid_x, mid_y = px(3.5), py(3.5)
    body = [
        f'<rect x="{left}" y="{top}" width="{plot}" height="{plot}" fill="#ffffff" stroke="{MUTED}"/>',
        f'<rect x="{mid_x:.1f}" y="{top}" width="{left + plot - mid_x:.1f}" height="{mid_y - top:.1f}" fill="#fde2e1"/>',
        f'<rect x="{left}" y="{top}" width="{mid_x - left:.1f}" height="{mid_y - top:.1f}" fill="#fff4d6"/>',
        f'<rect x="{mid_x:.1f}" y="{mid_y:.1f}" width="{left + plot - mid_x:.1f}" height="{top + plot - mid_y:.1f}" fill="#e6f0fb"/>',
        f'<line x1="{mid_x:.1f}" y1="{top}" x2="{mid_x:.1f}" y2="{top + plot}" stroke="{MUTED}" stroke-dasharray="4 3"/>',
        f'<line x1="{left}" y1="{mid_y:.1f}" x2="{left + plot}" y2="{mid_y:.1f}" stroke="{MUTED}" stroke-dasharray="4 3"/>',
        _text(left + plot - 6, top + 16, "plan for it", size=11, anchor="end", fill=MUTED),
        _text(left + 6, top + 16, "prepare a response", size=11, fill=MUTED),
        _text(left + plot - 6, top + plot - 8, "keep an eye on it", size=11, anchor="end", fill=MUTED),
        _text(left + 6, top + plot - 8, "set aside", size=11, fill=MUTED),
    ]
    for value in range(1, 6):
        body.append(_text(px(value), top + plot + 14, str(value), size=10, anchor="middle", fill=MUTED))
        body.append(_text(left - 8, py(value) + 4, str(value), size=10, anchor="end", fill=MUTED))
    body.append(_text(left + plot / 2, size - 6, "likelihood →", size=11, anchor="middle"))
    body.append(
        f'<text x="14" y="{top + plot / 2:.1f}" font-size="11" text-anchor="middle" fill="{INK}" '
        f'transform="rotate(-90 14 {top + plot / 2:.1f})">impact →</text>'
    )
    taken: dict[tuple[float, float], int] = {}
    for point in points:
        key = (round(point.likelihood, 1), round(point.impact, 1))
        k = taken.get(key, 0)
        taken[key] = k + 1
        dx = ((k % 3) - 1) * 14 if k else 0
        dy = (k // 3) * 14 if k else 0
        x, y = px(point.likelihood) + dx, py(point.impact) + dy
        body.append(
            f'<g><title>{point.number}. {e(point.title)}: likelihood {figure(point.likelihood)}, impact {figure(point.impact)}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="10" fill="{INK}"/>'
            + _text(x, y + 4, str(point.number), size=11, anchor="middle", fill="#ffffff", weight="bold")
            + "</g>"
        )
    return _svg(size, size, f"{title}: each {item_label} by likelihood and impact", body)


# ------------------------------------------------------------------------------ dot ranking


@dataclass(frozen=True)
class RankedIdea:
    number: str
    """The idea's number as the brainstorm gave it ('#3')."""
    text: str
    theme: str
    author: str
    dots: int


IDEA_CHARS = 56
"""Characters a line of an idea's words holds on the dot chart (its words wrap, never cut)."""


def dot_ranking(title: str, ranked: list[RankedIdea]) -> str:
    """Horizontal bars: dots per idea, most first; each idea by its number, its whole words
    (wrapped), its theme and who gave it."""
    label_w, bar_w, line_h = 380, 220, 15
    top = max((idea.dots for idea in ranked), default=0) or 1
    body: list[str] = []
    y = 4
    for idea in ranked:
        lines = wrap(f"{idea.number} {' '.join(idea.text.split())}", IDEA_CHARS) or [idea.number]
        about = " · ".join(part for part in (idea.theme, idea.author and f"by {idea.author}") if part)
        body.append(f"<g><title>{e(idea.text)}: {idea.dots} dot{'s' if idea.dots != 1 else ''}</title>")
        for number, line in enumerate(lines):
            body.append(_text(4, y + 15 + number * line_h, line, size=11))
        if about:
            body.append(_text(4, y + 15 + len(lines) * line_h - 2, short(about, IDEA_CHARS + 6), size=10, fill=MUTED))
        w = bar_w * idea.dots / top
        body.append(f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="14" fill="#08519c"/>')
        body.append(_text(label_w + w + 6, y + 15, str(idea.dots), size=11, weight="bold"))
        body.append("</g>")
        y += 8 + line_h * (len(lines) + (1 if about else 0))
    return _svg(label_w + bar_w + 40, y + 4, f"{title}: dots per idea", body)


__all__ = ["BarRow", "MatrixPoint", "RankedIdea", "TrendSeries", "distribution_chart", "dot_ranking", "forecast_matrix", "level_colors", "trend_chart"]
