"""Small text helpers shared by screens; light to import (no engine, no session models).

:func:`literal` is the one way text from a file or a person reaches a widget: a Textual widget
given a plain string reads it as markup (``[/]`` crashes, ``[link=…]`` renders, ``[@click=…]``
runs an action when clicked), so every such string is handed over as a Rich ``Text`` made here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from ilt_kit.literal import visible

if TYPE_CHECKING:
    from textual.app import App
    from textual.visual import VisualType
    from textual.widgets import Static


def literal(value: object, style: str = "") -> Text:
    """``value`` as text that is shown exactly as written: never markup, no control characters."""
    if isinstance(value, Text):
        return value
    return Text(visible(str(value)), style=style)


def say(widget: Static, content: VisualType) -> None:
    """Have ``widget`` show ``content``, updated only when it shows something else: a Static's
    update lays the whole screen out again and draws it, and a line refreshed on a timer or at each
    retry mostly says the same."""
    if widget.content != content:
        widget.update(content)


def __getattr__(name: str) -> object:
    """``KIND_NAME`` (each segment kind's name, from the kinds registry) is made when first asked
    for: the registry imports the content models, which the home screen's first frame does without."""
    if name == "KIND_NAME":
        from ilt_kit.content.kinds import KINDS

        names = {kind.id: kind.name for kind in KINDS.values()}
        globals()["KIND_NAME"] = names
        return names
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def bullet_list(items: list[str], mark: str = "•", mark_style: str = "bold") -> Table:
    """A line a bullet; a long item wraps under its own first word, not under the mark."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, style=mark_style, width=len(mark) + 1, justify="right")
    table.add_column(ratio=1)
    for item in items:
        table.add_row(mark, Text(visible(item)))
    return table


def theme_style(app: App, style: str) -> str:
    """A Rich style with the current theme's colours: ``theme_style(app, "bold $accent")``.

    Rich text (tables, groups) cannot name theme variables as Textual CSS does; this puts in the
    colour each ``$name`` has in the app's theme now, so every theme stays readable.
    """
    variables = app.theme_variables
    return " ".join(variables.get(word[1:], "") if word.startswith("$") else word for word in style.split())


def cut_words(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: whole if it fits, else cut after a whole word, with "…"
    (mid-word only when even the first word does not fit)."""
    text = " ".join(text.split())
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    words = text.split(" ")
    kept = ""
    for word in words:
        candidate = f"{kept} {word}" if kept else word
        if cell_len(candidate) + 1 > width:
            break
        kept = candidate
    kept = kept.rstrip(" ,;:·—-")
    if not kept:  # one long first word
        kept = set_cell_size(words[0], width - 1)
    return kept + "…"


class OneLine:
    """One line at whatever width it is given: ``left`` cut at a word with "…" (see :func:`cut_words`),
    ``right`` whole at the right end, at least ``gap`` cells from it. For list rows that must stay
    one line each."""

    def __init__(self, left: str, right: str = "", left_style: str = "", right_style: str = "", gap: int = 2) -> None:
        self.left = visible(left)
        self.right = visible(right)
        self.left_style = left_style
        self.right_style = right_style
        self.gap = gap

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        gap = self.gap if self.right else 0
        return Measurement(cell_len(self.right) + gap + 1, cell_len(self.left) + gap + cell_len(self.right))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        right = self.right if cell_len(self.right) < width else ""
        room = width - cell_len(right) - (self.gap if right else 0)
        left = cut_words(self.left, max(room, 0))
        pad = width - cell_len(left) - cell_len(right)
        yield Segment(left, console.get_style(self.left_style) if self.left_style else None)
        yield Segment(" " * max(pad, 0))
        if right:
            yield Segment(right, console.get_style(self.right_style) if self.right_style else None)
        yield Segment.line()
