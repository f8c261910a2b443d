"""Small text helpers shared by screens; light to import (no engine, no session models).

:func:`literal` is the one way text from a file or a person reaches a widget: a Textual widget
given a plain string reads it as markup (``[/]`` crashes, ``[link=…]`` renders, ``[@click=…]``
runs an action when clicked), so every such string is handed over as a Rich ``Text`` made here.
"""

from __future__ import annotations

from rich.text import Text

from ilt_kit.content.kinds import KINDS
from ilt_kit.literal import visible


def literal(value: object, style: str = "") -> Text:
    """``value`` as text that is shown exactly as written: never markup, no control characters."""
    if isinstance(value, Text):
        return value
    return Text(visible(str(value)), style=style)

KIND_NAME = {kind.id: kind.name for kind in KINDS.values()}


def bullet_list(items: list[str], mark: str = "•") -> Text:
    text = Text()
    for item in items:
        text.append(f" {mark} ", style="bold #FFD54F")
        text.append(visible(f"{item}\n"))
    return text
