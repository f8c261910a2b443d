"""Text from a file or a person, made inert in Markdown: every md writer (the report, each kind's
summary section, the goals) escapes with these, so a typed '*', '<b>', '&amp;' or '1.' shows as typed."""

from __future__ import annotations

import re

from ilt_kit.literal import visible

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|]|&(?=#?[0-9A-Za-z]+;))")  # '&' only where it starts an entity
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))", re.MULTILINE)


def md_escape(text: str) -> str:
    """User text made inert: emphasis, links, HTML, entities and line-start markers are backslash-escaped,
    control characters made visible."""
    text = _MD_SPECIAL.sub(r"\\\1", visible(text))
    # a backslash escapes punctuation only: '1. x' becomes '1\\. x'
    return _MD_LINE_START.sub(
        lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2)), text
    )


def md_block(text: str, indent: str = "  ") -> str:
    """Multi-line user text as continuation lines of a list item."""
    lines = [md_escape(line) for line in text.strip().splitlines() if line.strip()]
    return ("\n" + indent).join(lines)
