"""The countdown, in glyphs a back row can read: five rows of solid blocks, or three on a short screen.

Textual's ``Digits`` draws three rows of thin box lines, which a projector washes out; these are
drawn with full and half blocks. The widget shows whatever text it is given (``clock_text``).
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

TALL = {  # five rows, three columns each
    "0": ("███", "█ █", "█ █", "█ █", "███"),
    "1": (" ██", "  █", "  █", "  █", "  █"),
    "2": ("███", "  █", "███", "█  ", "███"),
    "3": ("███", "  █", " ██", "  █", "███"),
    "4": ("█ █", "█ █", "███", "  █", "  █"),
    "5": ("███", "█  ", "███", "  █", "███"),
    "6": ("███", "█  ", "███", "█ █", "███"),
    "7": ("███", "  █", "  █", "  █", "  █"),
    "8": ("███", "█ █", "███", "█ █", "███"),
    "9": ("███", "█ █", "███", "  █", "███"),
    ":": (" ", "█", " ", "█", " "),
    "+": ("   ", " █ ", "███", " █ ", "   "),
    "-": ("   ", "   ", "███", "   ", "   "),
}
SHORT = {  # three rows of half blocks
    "0": ("█▀█", "█ █", "▀▀▀"),
    "1": ("▀█ ", " █ ", "▀▀▀"),
    "2": ("▀▀█", "█▀▀", "▀▀▀"),
    "3": ("▀▀█", " ▀█", "▀▀▀"),
    "4": ("█ █", "▀▀█", "  ▀"),
    "5": ("█▀▀", "▀▀█", "▀▀▀"),
    "6": ("█▀▀", "█▀█", "▀▀▀"),
    "7": ("▀▀█", "  █", "  ▀"),
    "8": ("█▀█", "█▀█", "▀▀▀"),
    "9": ("█▀█", "▀▀█", "▀▀▀"),
    ":": (" ", "▀", "▀"),
    "+": ("   ", "▄█▄", " ▀ "),
    "-": ("   ", "▄▄▄", "   "),
}


def big_text(text: str, rows: int) -> list[str]:
    """``text`` drawn in ``rows`` rows (5, or 3 and fewer), glyphs a column apart."""
    font = TALL if rows >= 5 else SHORT
    glyphs = [font.get(char, font["-"]) for char in text]
    return [" ".join(glyph[row] for glyph in glyphs) for row in range(len(font["0"]))]


class BigClock(Widget):
    """The countdown: ``M:SS``, or ``+M:SS`` in overtime. Five rows tall when it has the room."""

    DEFAULT_CSS = """
    BigClock {
        width: auto;
        height: 5;
        text-style: bold;
    }
    """

    text: reactive[str] = reactive("0:00", repaint=False)
    """What the clock shows: drawn again when it changes, and laid out again (a layout of the whole
    screen) only when that changes its width, not at every tick of a running countdown."""

    def watch_text(self, old: str, new: str) -> None:
        self.refresh(layout=_width(old) != _width(new))

    def render(self) -> Text:
        lines = big_text(self.text, self.size.height)
        return Text("\n".join(lines), no_wrap=True, overflow="crop")

    def get_content_width(self, container, viewport) -> int:  # noqa: ANN001
        return _width(self.text)


def _width(text: str) -> int:
    """The clock's width showing ``text``: the same in five rows or three (each font's glyphs are as wide)."""
    return len(big_text(text, 5)[0])
