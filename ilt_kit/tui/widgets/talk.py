"""Talk time: who is speaking, each member's share of the airtime, the keys that record it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from ilt_kit.tui.widgets.render import share_bars
from ilt_kit.tui.widgets.text import literal, theme_style

if TYPE_CHECKING:
    from textual.app import App

    from ilt_kit.session.engine import Session


def talk_panel(app: App, session: Session) -> RenderableType:
    totals = session.talk_totals()
    text = Text()
    text.append("Talk time", style="bold")
    text.append("\nF1-F9 who speaks · . nobody", style="dim")
    keys = Text(no_wrap=True, overflow="ellipsis")
    for index, member in enumerate(session.members[:9]):
        speaking = member.name == session.speaker
        keys.append_text(literal(f"F{index + 1} {member.name}\n", style="reverse bold" if speaking else ""))
    if not totals:
        return Group(text, keys)
    whole = sum(totals.values())
    top = max(totals.values()) / whole if whole else 0
    parts: list[RenderableType] = [text, share_bars(app, totals, 8, session.speaker), keys]
    if whole >= 120 and len(session.members) > 2 and top > 0.5:
        parts.append(Text("\nOne voice has more than half the airtime.", style=theme_style(app, "bold $warning")))
    return Group(*parts)
