"""Rich renderables for engine state: bars, level glyphs, clocks. No rules here, only drawing.

Levels are told apart by glyph and position as well as colour, so nothing depends on colour alone.
Colours are the theme's (``$error``, ``$accent``…), put in with :func:`~ilt_kit.tui.widgets.text.theme_style`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from ilt_kit.session.stats import is_no_evidence
from ilt_kit.store.results.rated import ScaleLevel
from ilt_kit.tui.widgets.text import literal, theme_style

if TYPE_CHECKING:
    from textual.app import App

# one fill character per level position: a colour-blind reader still tells them apart
FILLS = ["░", "▒", "▓", "█", "▆", "▅", "▄", "▃", "▂"]
LEVEL_STYLES = ["$error", "$warning", "$secondary", "$primary", "$success", "$accent", "$error-lighten-2", "$primary-lighten-2", "$success-lighten-2"]
AGREE_STYLES = {1: "$error", 2: "$warning", 3: "$foreground-muted", 4: "$primary", 5: "$success"}
AGREE_FILLS = {1: "◀", 2: "◁", 3: "▒", 4: "▷", 5: "▶"}
"""Strongly disagree … strongly agree: a glyph each, so the bars read without colour too."""


def clock_text(seconds: float) -> str:
    """M:SS for the countdown; overtime shows as +M:SS."""
    sign = "+" if seconds < 0 else ""
    seconds = abs(int(seconds + (0 if seconds < 0 else 0.999)))
    minutes, secs = divmod(seconds, 60)
    return f"{sign}{minutes}:{secs:02d}"


def bar(count: int, most: int, width: int, fill: str) -> str:
    if most <= 0 or count <= 0:
        return ""
    return fill * max(1, round(width * count / most))


def distribution(app: App, scale: list[ScaleLevel], counts: Mapping[int, int], width: int = 20, median: float | None = None) -> Table:
    """One row per level: number, label, a bar of its own glyph, and the count."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
    table.add_column(no_wrap=True, width=width)
    table.add_column(no_wrap=True, justify="right", width=3)
    most = max(counts.values(), default=0)
    rated = [level for level in scale if not is_no_evidence(level.value)]
    for level in scale:
        position = rated.index(level) if level in rated else len(FILLS) - 1
        count = counts.get(level.value, 0)
        fill = "×" if is_no_evidence(level.value) else FILLS[position % len(FILLS)]
        style = "$foreground-muted" if is_no_evidence(level.value) else LEVEL_STYLES[position % len(LEVEL_STYLES)]
        marker = "◆" if median is not None and level.value == round(median) else " "
        table.add_row(
            literal(f"{marker}{level.value} {level.label}", style="bold"),
            Text(bar(count, most, width, fill).ljust(width), style=theme_style(app, style)),
            str(count),
        )
    return table


def diverging(app: App, counts: Mapping[int, int], width: int = 30) -> Text:
    """A diverging stacked bar for a 5-level agree scale, centred on a fixed middle line, then the counts.

    Disagreement grows to the left, agreement to the right, 'no opinion' straddles the line; each
    side holds up to half the width, so bars of different groups line up and compare at a glance.
    The bar is two rows high, to be read from the back of a room.
    """
    total = sum(counts.values())
    text = Text()
    if not total:
        return text.append("no responses", style="dim")
    half = max(width // 2, 4)
    cells = {value: round(half * counts.get(value, 0) / total) for value in (1, 2, 4, 5)}
    neutral = round(half * counts.get(3, 0) / total)
    if counts.get(3, 0) and not neutral:
        neutral = 1  # a no-opinion answer is always visible
    left_neutral = neutral // 2
    left = cells[1] + cells[2] + left_neutral
    line = Text()
    line.append(" " * max(half - left, 0))
    for value in (1, 2):
        line.append(AGREE_FILLS[value] * cells[value], style=theme_style(app, AGREE_STYLES[value]))
    line.append(AGREE_FILLS[3] * left_neutral, style=theme_style(app, AGREE_STYLES[3]))
    line.append("┃", style="bold")
    line.append(AGREE_FILLS[3] * (neutral - left_neutral), style=theme_style(app, AGREE_STYLES[3]))
    for value in (4, 5):
        line.append(AGREE_FILLS[value] * cells[value], style=theme_style(app, AGREE_STYLES[value]))
    text.append_text(line)
    text.append("\n")
    text.append_text(line)
    agree = counts.get(4, 0) + counts.get(5, 0)
    disagree = counts.get(1, 0) + counts.get(2, 0)
    text.append(f"\n{disagree} disagree · {counts.get(3, 0)} no opinion · {agree} agree", style="bold")
    return text


def agree_legend(app: App, scale: list[ScaleLevel]) -> Text:
    """What each glyph of :func:`diverging` stands for."""
    text = Text()
    for level in scale:
        if level.value in AGREE_FILLS:
            text.append(f"{AGREE_FILLS[level.value]} ", style=theme_style(app, f"bold {AGREE_STYLES[level.value]}"))
            text.append_text(literal(f"{level.label}  ", style="dim"))
    return text
