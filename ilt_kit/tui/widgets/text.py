"""Small text helpers shared by screens; light to import (no engine, no session models)."""

from __future__ import annotations

from rich.text import Text

KIND_NAME = {
    "briefing": "Briefing",
    "brainstorm": "Brainstorm",
    "rubric": "Rubric scoring",
    "survey": "Survey",
    "forecast": "Forecast",
    "prioritize": "Dot voting",
    "actions": "Action planning",
    "reflection": "Reflection",
}


def bullet_list(items: list[str], mark: str = "•") -> Text:
    text = Text()
    for item in items:
        text.append(f" {mark} ", style="bold #FFD54F")
        text.append(f"{item}\n")
    return text
