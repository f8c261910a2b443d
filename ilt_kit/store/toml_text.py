"""A session's TOML text, written segment by segment: the text ``tomli_w`` writes for the whole
record, byte for byte, with the text of each segment (and of each top-level value) kept for the
next save.

The session is saved after every change, and a change touches one segment (or none: a note, a
decision, the clock): writing the other segments again was most of a save's time. Their text is
looked up by the segment's data instead, spelled out with ``repr`` (which tells ``1`` from
``1.0`` and ``True``, a string from a date: the same ``repr`` writes the same TOML).
"""

from __future__ import annotations

import threading
from typing import Any

import tomli_w

_KEPT = 4_000_000
"""How many characters of segments' data and text are kept (a few sessions' worth, each version of
a segment that changed included); past that the store starts afresh."""

_texts: dict[tuple[str, str, str], str] = {}
"""Texts by (key, "[]" for an element of its array or "" for its whole value, repr of the data)."""
_kept = 0
_lock = threading.Lock()


def toml_text(data: dict[str, Any], arrays: tuple[str, ...] = ("segments",)) -> str:
    """``tomli_w.dumps(data, multiline_strings=True)``, the text of each top-level key, and of
    each element of the arrays of tables named in ``arrays``, looked up rather than written again
    when it was written before.

    A document's text is its plain keys' lines, then its tables in the order of their keys, one
    blank line between tables (and after the plain lines, if there are any); an array of tables is
    one table per element. So each top-level key can be written on its own, and each element of an
    array of tables too."""
    lines: list[str] = []
    tables: list[str] = []
    for key, value in data.items():
        text = _array_text(key, value) if key in arrays and isinstance(value, list) and value else None
        if text is None:
            spelled = (key, "", repr(value))
            text = _texts.get(spelled)
            if text is None:
                text = _dumps({key: value})
                _keep(spelled, text)
        (tables if text.startswith("[") else lines).append(text)
    if lines and tables:
        lines.append("\n")
    return "".join(lines) + "\n".join(tables)


def _array_text(key: str, elements: list[Any]) -> str | None:
    """The text of the array of tables ``key`` (None when it is not written as tables: it is then
    written whole, as tomli_w decides for the whole array)."""
    head = f"[[{key}]]\n"
    parts = []
    for element in elements:
        if not isinstance(element, dict):
            return None
        spelled = (key, "[]", repr(element))
        text = _texts.get(spelled)
        if text is None:
            text = _dumps({key: [element]})
            if not text.startswith(head):  # short enough to be written inline: the whole array decides
                return None
            _keep(spelled, text)
        parts.append(text)
    return "\n".join(parts)


def _keep(spelled: tuple[str, str, str], text: str) -> None:
    global _kept
    size = len(spelled[2]) + len(text)
    with _lock:
        if _kept + size > _KEPT:
            _texts.clear()
            _kept = 0
        _texts[spelled] = text
        _kept += size


def _dumps(data: dict[str, Any]) -> str:
    return tomli_w.dumps(data, multiline_strings=True)
