"""The compare tab's tables: a rubric's (or the district's) criteria, their levels over time as a
sparkline, the latest level and the change, in the colours of the theme."""

from __future__ import annotations

from typing import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import App

from ilt_kit.review.trends import DistrictTrend, RubricTrend
from ilt_kit.tui.widgets.text import literal, theme_style

SPARK = "▁▂▃▄▅▆▇█"


TREND_STYLES = {"title": "bold $accent", "header": "bold $primary", "spark": "bold $primary", "up": "bold $success", "down": "bold $error"}
"""The styles of the trend tables, in theme variables (made into colours by :class:`Palette`)."""


class Palette(dict):
    """The trend tables' styles in the colours of a theme: ``Palette(app)``; ``Palette()`` gives
    the styles without colours (bold only), for text that is not shown in a theme."""

    def __init__(self, app: App | None = None) -> None:
        if app is None:
            super().__init__({name: "bold" for name in TREND_STYLES})
        else:
            super().__init__({name: theme_style(app, style) for name, style in TREND_STYLES.items()})


def sparkline(levels: Sequence[float | None], top: int, palette: Palette | None = None) -> Text:
    """One block per session (or term), its height the level; a gap (·) where there is none."""
    palette = palette or Palette()
    text = Text()
    for level in levels:
        if level is None or level <= 0:
            text.append("·", style="dim")
        else:
            index = min(len(SPARK) - 1, round((level / max(top, 1)) * (len(SPARK) - 1)))
            text.append(SPARK[index], style=palette["spark"])
    return text


def _trend_frame(title: str, over: str, latest: str, palette: Palette) -> Table:
    """The table a trend is shown in: criterion, its levels over time, the latest, the change."""
    # the style goes on the title's Text: Rich gives a Text title no title_style of its own
    table = Table(title=literal(title, style=palette["title"]), title_justify="left", expand=True, header_style=palette["header"])
    table.add_column("Criterion", ratio=3)
    table.add_column(over, no_wrap=True)
    table.add_column(latest, ratio=2)
    table.add_column("Change", no_wrap=True, justify="right")
    return table


def trend_table(trend: RubricTrend, palette: Palette | None = None) -> Table:
    palette = palette or Palette()
    table = _trend_frame(trend.rubric_title, "Over time", "Latest", palette)
    top = max(trend.levels or [4])
    for criterion in trend.criteria:
        levels = [point.level for point in criterion.points]
        latest = criterion.latest
        latest_text = "—" if latest is None else f"{latest.level} {latest.label} ({latest.date:%b %d})"
        table.add_row(literal(criterion.title), sparkline(levels, top, palette), literal(latest_text), change_text(criterion.change, palette))
    dates = " · ".join(f"{day:%b %d}" for day, _, _ in trend.sessions)
    table.caption = f"Sessions: {dates}"
    return table


def change_text(change: float | None, palette: Palette | None = None) -> Text:
    palette = palette or Palette()
    if change is None:
        return Text("—", style="dim")
    if change > 0:
        return Text(f"▲ +{change:g}", style=palette["up"])
    if change < 0:
        return Text(f"▼ {change:g}", style=palette["down"])
    return Text("= 0")


def district_table(trend: DistrictTrend, palette: Palette | None = None) -> Table:
    """A district trend: per criterion, the median across schools each term (see ilt_kit.review.trends)."""
    palette = palette or Palette()
    title = f"{trend.rubric_title} · {len(trend.schools)} schools"
    table = _trend_frame(title, "Per term", "Latest term", palette)
    top = max(trend.levels or [4])
    for criterion in trend.criteria:
        latest = criterion.latest
        if latest is None:
            continue
        by_period = {point.period: point.value for point in criterion.points}
        levels = [by_period.get(period) for period in trend.periods]
        latest_text = f"{latest.value:g} ({latest.period.label}, {latest.schools} of {len(trend.schools)} schools)"
        table.add_row(literal(criterion.title), sparkline(levels, top, palette), literal(latest_text), change_text(criterion.change, palette))
    table.caption = "Terms: " + " · ".join(period.label for period in trend.periods) + " · median of each school's latest agreed level"
    return table
