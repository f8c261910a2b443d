"""Text from a file, a person or a phone is data: the one rule for showing it literally.

Control characters are the part of that rule that lives outside the terminal UI: a record or a
content file may not hold any (``check`` refuses them, see :func:`first_control`), people's typing
has them removed before it is recorded (:func:`drop_controls`), and anything that could still
carry one to a terminal or a report (a file name, an error message) is passed through
:func:`visible`. Markup is the other part: the terminal UI shows such text through one helper,
``ilt_kit.tui.widgets.text.literal``, and the command line prints with Rich markup off.
"""

from __future__ import annotations

import re
import unicodedata

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 control characters (and DEL), except tab and newline."""

_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_VISIBLE = {code: _PICTURES.get(code, "\ufffd") for code in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]}


def first_control(text: str) -> int | None:
    """The index of the first control character in ``text`` (tab and newline allowed), or None."""
    match = CONTROL_CHARS.search(text)
    return None if match is None else match.start()


def visible(text: str) -> str:
    """``text`` with every control character replaced by a visible stand-in (ESC shows as '␛').

    A terminal never receives a raw control from data this way: no escape sequence, no retitled
    window, no cursor moves. Tab and newline are kept.
    """
    return text.translate(_VISIBLE) if CONTROL_CHARS.search(text) else text


def name_key(text: str) -> str:
    """What two names that read the same share: case, Unicode compatibility forms and invisible
    format characters (zero-width space, joiners, BOM) ignored. ``Ana`` and ``An\u200ba`` are
    one name to a reader, so they may not be two members."""
    if text.isascii():  # nothing to fold but case, no format characters: most names, quickly
        return text.lower()
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")


def drop_controls(text: str) -> str:
    """Typed or pasted text as it is recorded: carriage returns become newlines, other controls go."""
    if "\r" in text:
        text = re.sub(r"\r\n?", "\n", text)
    return CONTROL_CHARS.sub("", text)


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 file', '2 files'; ``many`` for a word that is not ``one`` + 's' ('1 criterion', '3 criteria')."""
    return f"{count} {one if count == 1 else (many or one + 's')}"

