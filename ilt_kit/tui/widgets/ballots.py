"""Hidden-ballot voting, drawn a line at a time so that a ballot repaints only what it changed.

Members enter their levels in turn on the shared keyboard, so this list redraws on every key.
As one Static (the whole panel re-wrapped and repainted, and everything its tall region overlaps
with it) a ballot cost several times a key on an empty screen. Here each line is its own strip:
a ballot repaints the count line and one or two member lines; nothing is laid out again unless
the members change.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from ilt_kit.tui.widgets.text import theme_style

SELECTED_MARK = "▶ "
VOTED = "  ● answered"
NOT_YET = "  ○ not yet"
STATUS_WIDTH = max(len(VOTED), len(NOT_YET))
VOTED_SHORT = " ●"
NOT_YET_SHORT = " ○"
"""Where the words would cut the names (a narrow screen, long names): the marks alone, which the
count line above them explains, so that members can still tell "Marcus Oyelaran" from "Marcus O…"."""
DEVICE_MARK = "☎ "
"""Before the name of a member who answers on their own device (a phone): a plain glyph, not only
a colour, so the room sees who answers where; the keyboard cursor passes over these members."""
NO_DEVICE = "  "


@dataclass(frozen=True)
class Voter:
    """One member's line: never what they voted, only whether they have."""

    name: str
    voted: bool
    selected: bool
    device: bool = False


def voter_line(voter: Voter, name_width: int, voted_style: str = "bold", short: bool = False, devices: bool = False) -> Text:
    """One member's line; ``short``: the status as a mark alone (see :func:`short_status`);
    ``devices``: some member answers on a device, so every line has the column of its mark."""
    name = voter.name if len(voter.name) <= name_width else voter.name[: name_width - 1] + "…"
    line = Text(no_wrap=True, overflow="crop")
    line.append(SELECTED_MARK if voter.selected else "  ", style="bold" if voter.selected else "")
    if devices:
        line.append(DEVICE_MARK if voter.device else NO_DEVICE, style="bold")
    line.append(name.ljust(name_width), style="reverse bold" if voter.selected else ("" if voter.voted else "bold"))
    if short:
        line.append(VOTED_SHORT if voter.voted else NOT_YET_SHORT, style=voted_style if voter.voted else "dim")
    else:
        line.append(VOTED if voter.voted else NOT_YET, style=voted_style if voter.voted else "dim")
    return line


def short_status(names: list[str], width: int, devices: bool = False) -> bool:
    """Whether the status words would cut a name that the marks alone leave whole (or cut less)."""
    longest = max((len(name) for name in names), default=8)
    return longest > width - len(SELECTED_MARK) - STATUS_WIDTH - (len(DEVICE_MARK) if devices else 0)


def name_width_for(names: list[str], width: int, short: bool = False, devices: bool = False) -> int:
    """Names are cut to fit the line beside the marks and the status (at least 8 characters)."""
    longest = max((len(name) for name in names), default=8)
    status = len(VOTED_SHORT) if short else STATUS_WIDTH
    return max(8, min(longest, width - len(SELECTED_MARK) - status - (len(DEVICE_MARK) if devices else 0)))


class BallotRows(Widget):
    """The round, how many have voted, and a line per member (voted or not yet; never the level)."""

    DEFAULT_CSS = """
    BallotRows {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._heads: tuple[Text, ...] = ()
        self._voters: tuple[Voter, ...] = ()

    def show(self, heads: tuple[Text, ...], voters: tuple[Voter, ...]) -> None:
        """Show these lines, repainting only the ones that changed."""
        old_heads, old_voters = self._heads, self._voters
        self._heads, self._voters = heads, voters
        if len(heads) != len(old_heads) or [(v.name, v.device) for v in voters] != [(v.name, v.device) for v in old_voters]:
            self.refresh(layout=True)
            return
        changed = [y for y, (old, new) in enumerate(zip(old_heads, heads)) if old != new]
        changed += [len(heads) + i for i, (old, new) in enumerate(zip(old_voters, voters)) if old != new]
        if changed:  # Textual keeps the other lines as drawn
            width = self.size.width
            self.refresh(*(Region(0, y, width, 1) for y in changed))

    def line(self, y: int, width: int) -> Text:
        """Line ``y`` as text, laid out for ``width`` cells."""
        if y < len(self._heads):
            return self._heads[y]
        names = [v.name for v in self._voters]
        devices = any(v.device for v in self._voters)
        short = short_status(names, width, devices)
        return voter_line(
            self._voters[y - len(self._heads)],
            name_width_for(names, width, short, devices),
            theme_style(self.app, "bold $success"),
            short,
            devices,
        )

    @property
    def content(self) -> Text:
        """Every line, as one text (as a Static's ``content``: what tests read)."""
        width = self.size.width or 80
        return Text("\n").join(self.line(y, width) for y in range(len(self._heads) + len(self._voters)))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._heads) + len(self._voters)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.visual_style.rich_style  # Textual's own, kept until the styles change (rich_style walks the ancestors each call)
        if y >= len(self._heads) + len(self._voters):
            return Strip.blank(width, style)
        segments = Segment.apply_style(self.line(y, width).render(self.app.console), style)
        return Strip(list(segments)).crop_extend(0, width, style)


__all__ = ["DEVICE_MARK", "BallotRows", "Voter", "name_width_for", "short_status", "voter_line"]
