"""Summary blocks (:mod:`ilt_kit.review.blocks`) as Rich renderables, in the theme's colours.

The summary at the end of a session and the earlier results beside a prompt show each kind's
summary section through these: a block's text is always shown literally.
"""

from __future__ import annotations

from typing import Callable

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from ilt_kit.review.blocks import Block, Cell, Lines, Span
from ilt_kit.review.blocks import Table as TableBlock
from ilt_kit.tui.widgets.text import literal

STYLES = {"": "", "dim": "dim", "bold": "bold", "accent": "bold $accent", "warning": "bold $warning"}
"""Each block style as a theme style (``$name`` is the theme's colour)."""

StyleOf = Callable[[str], str]
"""A theme style spec ('bold $accent') made a Rich style ('bold #ffa62b')."""


def cell(value: Cell, style: StyleOf) -> Text:
    """A cell or a line as literal text in its styles."""
    if isinstance(value, str):
        return literal(value)
    if isinstance(value, Span):  # the style is the whole cell's (its padding too)
        return literal(value.text, style=style(STYLES[value.style]))
    text = Text()
    for span in value:
        text.append_text(literal(span.text, style=style(STYLES[span.style])))
    return text


def table(block: TableBlock, style: StyleOf) -> Table:
    if block.grid:
        found = Table.grid(padding=(0, 1))
    else:
        found = Table(
            title=literal(block.title), title_justify="left", title_style="bold", expand=True, header_style=style("bold $primary")
        )
    for column in block.columns:
        found.add_column(
            literal(column.name),
            justify=column.justify,
            ratio=column.ratio,
            min_width=column.min_width,
            max_width=column.max_width,
            no_wrap=column.no_wrap,
            style=style(STYLES[column.style]),
        )
    for row in block.rows:
        found.add_row(*(cell(value, style) for value in row))
    if block.caption:
        found.caption = literal(block.caption)
        found.caption_justify = "left"
    return found


def renderables(blocks: list[Block], style: StyleOf) -> list[RenderableType]:
    """The blocks as a summary lays them out: a blank line before each titled table, a bold
    heading over lines (after a blank line)."""
    parts: list[RenderableType] = []
    for block in blocks:
        if isinstance(block, Lines):
            if block.heading:
                parts.append(literal(f"\n{block.heading}", style="bold"))
            parts.extend(cell(line, style) for line in block.lines)
        elif block.grid:
            parts.append(table(block, style))
        else:
            parts += [Text(""), table(block, style)]
    return parts


__all__ = ["STYLES", "cell", "renderables", "table"]
