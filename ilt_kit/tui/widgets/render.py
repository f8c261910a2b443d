"""Rich renderables for engine state: bars, level glyphs, clocks. No rules here, only drawing.

Levels are told apart by glyph and position as well as colour, so nothing depends on colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table
from rich.text import Text

from ilt_kit.session.stats import is_no_evidence, talk_shares
from ilt_kit.store.record import ScaleLevel

# one fill character per level position: a colour-blind reader still tells them apart
FILLS = ["░", "▒", "▓", "█", "▆", "▅", "▄", "▃", "▂"]
LEVEL_STYLES = ["#FF8A80", "#FFB74D", "#FFF176", "#81D4FA", "#B39DDB", "#A5D6A7", "#F48FB1", "#80CBC4", "#E6EE9C"]
AGREE_STYLES = {1: "#FF5252", 2: "#FFAB40", 3: "#BDBDBD", 4: "#40C4FF", 5: "#448AFF"}
AGREE_FILLS = {1: "◀", 2: "‹", 3: "·", 4: "›", 5: "▶"}


def clock_text(seconds: float) -> str:
    """M:SS for the countdown; overtime shows as +M:SS."""
    sign = "+" if seconds < 0 else ""
    seconds = abs(int(seconds + (0 if seconds < 0 else 0.999)))
    minutes, secs = divmod(seconds, 60)
    return f"{sign}{minutes}:{secs:02d}"


def minutes_text(seconds: float) -> str:
    return f"{seconds / 60:.0f}"


def level_style(position: int) -> str:
    return LEVEL_STYLES[position % len(LEVEL_STYLES)]


def level_fill(position: int) -> str:
    return FILLS[position % len(FILLS)]


def bar(count: int, most: int, width: int, fill: str) -> str:
    if most <= 0 or count <= 0:
        return ""
    return fill * max(1, round(width * count / most))


def distribution(scale: list[ScaleLevel], counts: Mapping[int, int], width: int = 20, median: float | None = None) -> Table:
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
        fill = "×" if is_no_evidence(level.value) else level_fill(position)
        style = "#BDBDBD" if is_no_evidence(level.value) else level_style(position)
        marker = "◆" if median is not None and level.value == round(median) else " "
        table.add_row(
            Text(f"{marker}{level.value} {level.label}", style="bold"),
            Text(bar(count, most, width, fill).ljust(width), style=style),
            str(count),
        )
    return table


def diverging(counts: Mapping[int, int], width: int = 30) -> Text:
    """A diverging stacked bar for a 5-level agree scale, centred on a fixed middle line.

    Disagreement grows to the left, agreement to the right, 'no opinion' straddles the line; each
    side holds up to half the width, so bars of different groups line up and compare at a glance.
    """
    total = sum(counts.values())
    text = Text()
    if not total:
        return text.append("no responses", style="dim")
    half = max(width // 2, 4)
    cells = {value: round(half * counts.get(value, 0) / total) for value in (1, 2, 4, 5)}
    neutral = round(half * counts.get(3, 0) / total)
    left_neutral = neutral // 2
    left = cells[1] + cells[2] + left_neutral
    text.append(" " * max(half - left, 0))
    for value in (1, 2):
        text.append(AGREE_FILLS[value] * cells[value], style=AGREE_STYLES[value])
    text.append(AGREE_FILLS[3] * left_neutral, style=AGREE_STYLES[3])
    text.append("│", style="bold")
    text.append(AGREE_FILLS[3] * (neutral - left_neutral), style=AGREE_STYLES[3])
    for value in (4, 5):
        text.append(AGREE_FILLS[value] * cells[value], style=AGREE_STYLES[value])
    agree = counts.get(4, 0) + counts.get(5, 0)
    disagree = counts.get(1, 0) + counts.get(2, 0)
    text.append(f"\n{disagree} disagree · {counts.get(3, 0)} no opinion · {agree} agree", style="dim")
    return text


def share_bars(totals: Mapping[str, float], width: int = 20, speaker: str | None = None) -> Table:
    """Each member's share of airtime as a bar and a percentage; the speaker is marked."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, overflow="ellipsis", max_width=18)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, justify="right")
    for name, _, share in talk_shares(totals):
        speaking = name == speaker
        table.add_row(
            Text(("▶ " if speaking else "  ") + name, style="bold" if speaking else ""),
            Text("█" * round(width * share) + "·" * (width - round(width * share)), style="#4FC3F7"),
            f"{share:.0%}",
        )
    return table
