"""What a summary section gives the screens: a few format-neutral blocks every writer knows.

A kind's section (:mod:`ilt_kit.review.sections`) describes its part of the end-of-session
summary and of a prompt's earlier results as :class:`Table` and :class:`Lines` blocks; the
screens (``tui/widgets/blocks.py``) turn them into Rich tables and lines. Text in a block is
always data, shown literally. Styles are named by meaning (``dim``, ``bold``, ``accent``,
``warning``), and each writer gives them its own colours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

Style = Literal["", "dim", "bold", "accent", "warning"]


@dataclass(frozen=True)
class Span:
    """A piece of text in one style."""

    text: str
    style: Style = ""


Cell = Union[str, Span, tuple[Span, ...]]
"""A table cell or a line: plain text, one styled piece, or styled pieces one after another."""


@dataclass(frozen=True)
class Column:
    name: str = ""
    justify: Literal["left", "right"] = "left"
    ratio: int | None = None
    min_width: int | None = None
    max_width: int | None = None
    no_wrap: bool = False
    style: Style = ""


@dataclass(frozen=True)
class Table:
    """A titled table with a header row; ``grid``: no title, header or rules (a compact list)."""

    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    caption: str = ""
    grid: bool = False


@dataclass(frozen=True)
class Lines:
    """Lines of text under a heading ('' for none)."""

    heading: str
    lines: list[Cell] = field(default_factory=list)


Block = Union[Table, Lines]


SHOWN_ROWS = 5
"""How many rows a short view of an earlier result shows (its top ideas, its most divided statements)."""


def marked(rows: list[tuple[Cell, Cell]]) -> Table:
    """A compact list: a bold mark or figure right-aligned before each line (a rank, a level, a count)."""
    return Table("", (Column(justify="right", no_wrap=True, style="bold"), Column(ratio=1)), list(rows), grid=True)


def cell_text(cell: Cell) -> str:
    """A cell's words without styles."""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, Span):
        return cell.text
    return "".join(span.text for span in cell)


__all__ = ["SHOWN_ROWS", "Block", "Cell", "Column", "Lines", "Span", "Style", "Table", "cell_text", "marked"]
