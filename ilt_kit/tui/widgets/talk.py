"""Talk time: a line a member with the key that marks them speaking, their share of the airtime
and, where there is room, a bar of it; the speaker's line stands out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ilt_kit.session.stats import talk_shares
from ilt_kit.tui.widgets.text import literal, theme_style

if TYPE_CHECKING:
    from textual.app import App

    from ilt_kit.session.engine import Session

BARS_FROM = 28
"""From this width on each line has a bar of its share."""
BAR_WIDTH = 8


def talk_panel(app: App, session: Session, width: int = 30) -> RenderableType:
    totals = session.talk_totals()
    shares = {name: share for name, _, share in talk_shares(totals)} if totals else {}
    bars = width >= BARS_FROM
    head = Text()
    head.append("Talk time", style="bold")
    head.append("  F1-F9 · . nobody" if width >= 26 else "  F-keys", style="dim")
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    if bars:
        table.add_column(no_wrap=True, width=BAR_WIDTH)
    table.add_column(no_wrap=True, justify="right", width=4)
    bar_style = theme_style(app, "$primary")
    for index, member in enumerate(session.members):
        speaking = member.name == session.speaker
        share = shares.get(member.name, 0.0)
        style = "reverse bold" if speaking else ""
        cells: list[RenderableType] = [Text(f"F{index + 1}" if index < 9 else "", style="dim"), literal(member.name, style=style)]
        if bars:
            filled = round(BAR_WIDTH * share)
            cells.append(Text("█" * filled + "·" * (BAR_WIDTH - filled), style=bar_style))
        cells.append(Text(f"{share:.0%}" if totals else "", style=style))
        table.add_row(*cells)
    parts: list[RenderableType] = [head, table]
    whole = sum(totals.values())
    if whole >= 120 and len(session.members) > 2 and max(totals.values()) / whole > 0.5:
        parts.append(Text("\nOne voice has more than half the airtime.", style=theme_style(app, "bold $warning")))
    return Group(*parts)
