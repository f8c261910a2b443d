"""TOML text of plain data: byte for byte what ``tomli_w.dumps(data, multiline_strings=True)``
writes, in about half its time.

A session is saved after every change, whole, so its TOML text is made some thousands of times
in a meeting. ``tomli_w`` looks at each character of each string in Python and asks each value
its type through a chain of ``isinstance``; here a string is escaped by JSON's escaper (TOML's
escapes but for tab and DEL; a string with either takes a regular expression), values go by their
exact type (anything else takes ``tomli_w``'s own order of checks), and the same time of day is
spelled once a document. The
layout rules are ``tomli_w``'s (1.x): a table's plain values first, then its tables; an array of
tables inline when every table fits on one line of 100 characters, else as ``[[name]]`` tables;
arrays one item a line, indented 4 spaces a level. ``tests/unit/test_toml_text.py`` holds the
two writers to the same text for any data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from json.encoder import encode_basestring as json_string
from typing import Any

MAX_LINE_LENGTH = 100
INDENT = "    "

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# what a basic string escapes: a quote, a backslash and every control character but tab; a
# multi-line string keeps its newlines as they are
_ESCAPED = re.compile(r'["\\\x00-\x08\x0a-\x1f\x7f]')
_ESCAPED_MULTILINE = re.compile(r'["\\\x00-\x08\x0b-\x1f\x7f]')
_COMPACT = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _COMPACT.get(char) or f"\\u{ord(char):04x}"


def toml_string(text: str, multiline: bool = True) -> str:
    """``text`` as a TOML basic string; one with a newline as a multi-line string (its CRLFs as
    LFs) when ``multiline``."""
    if multiline and "\n" in text:
        return '"""\n' + _ESCAPED_MULTILINE.sub(_escape, text.replace("\r\n", "\n")) + '"""'
    if "\t" in text or "\x7f" in text:
        return '"' + _ESCAPED.sub(_escape, text) + '"'
    return json_string(text)  # JSON's escapes are TOML's but for these two characters (and quicker)


def dumps(data: Mapping[str, Any]) -> str:
    """The TOML document of ``data`` (see the module's notes)."""
    return "".join(_Writer().table(data, "", False, []))


class _Writer:
    """One document's writing: the keys and inline tables it has formatted so far."""

    def __init__(self) -> None:
        self.keys: dict[str, str] = {}
        self.inline: dict[int, str] = {}
        self.moments: dict[tuple[datetime, Any], str] = {}

    def key(self, part: str) -> str:
        known = self.keys.get(part)
        if known is None:
            if not isinstance(part, str):
                raise TypeError(f"Invalid mapping key '{part}' of type '{type(part).__qualname__}'. A string is required.")
            known = part if _BARE_KEY.fullmatch(part) else toml_string(part, multiline=False)
            self.keys[part] = known
        return known

    def table(self, table: Mapping[str, Any], name: str, in_array: bool, out: list[str]) -> list[str]:
        literals = []
        tables: list[tuple[str, Any, bool]] = []
        for k, v in table.items():
            kind = type(v)
            if kind is dict or (kind not in _PLAIN and isinstance(v, Mapping)):
                tables.append((k, v, False))
            elif (kind is list or kind is tuple or (kind not in _PLAIN and isinstance(v, (list, tuple)))) and v and all(type(t) is dict or isinstance(t, Mapping) for t in v) and not all(map(self.fits, v)):
                tables.extend((k, t, True) for t in v)
            else:
                literals.append((k, v))
        written = False
        if in_array or name and (literals or not tables):
            written = True
            out.append(f"[[{name}]]\n" if in_array else f"[{name}]\n")
        if literals:
            written = True
            key, value = self.key, self.value
            out.extend(f"{key(k)} = {value(v, 0)}\n" for k, v in literals)
        for k, v, in_array_of_tables in tables:
            if written:
                out.append("\n")
            else:
                written = True
            part = self.key(k)
            self.table(v, f"{name}.{part}" if name else part, in_array_of_tables, out)
        return out

    def fits(self, table: Mapping[str, Any]) -> bool:
        """Whether ``table`` reads well inline in an array: one line of at most 100 characters.
        A table with an array or a multi-line string in it, or longer than that however its keys
        and strings are spelled, is not written inline to be measured (a segment of a session)."""
        if table and id(table) not in self.inline:
            least = len(INDENT) + 2 * len(table) + 3  # "{ ", ", " between items, " }" and ","
            for k, v in table.items():
                kind = type(v)
                if kind is list or kind is tuple:
                    if v:
                        return False
                    least += 2
                elif kind is str:
                    if "\n" in v:
                        return False
                    least += len(v) + 2
                else:
                    least += 1
                least += len(k) + 3 if type(k) is str else 0
            if least > MAX_LINE_LENGTH:
                return False
        line = f"{INDENT}{self.inline_table(table)},"
        return len(line) <= MAX_LINE_LENGTH and "\n" not in line

    def inline_table(self, table: Mapping[str, Any]) -> str:
        known = self.inline.get(id(table))
        if known is None:
            if table:
                key, value = self.key, self.value
                known = "{ " + ", ".join(f"{key(k)} = {value(v, 0)}" for k, v in table.items()) + " }"
            else:
                known = "{}"
            self.inline[id(table)] = known
        return known

    def value(self, obj: Any, level: int) -> str:
        kind = type(obj)
        if kind is str:
            return toml_string(obj)
        if kind is bool:
            return "true" if obj else "false"
        if kind is int or kind is float or kind is date:
            return str(obj)
        if kind is datetime:
            return self.moment(obj)
        if kind is list or kind is tuple:
            return self.array(obj, level)
        if kind is dict:
            return self.inline_table(obj)
        return self.other(obj, level)

    def moment(self, when: datetime) -> str:
        """``str(when)``, kept: a record has the same few times many times over, and each takes
        microseconds to spell with its offset. (The same moment at the same offset is the same
        time of day: the same text.)"""
        key = (when, when.utcoffset())
        known = self.moments.get(key)
        if known is None:
            known = self.moments[key] = str(when)
        return known

    def array(self, items: list[Any] | tuple[Any, ...], level: int) -> str:
        if not items:
            return "[]"
        indent = INDENT * (1 + level)
        value = self.value
        return "[\n" + ",\n".join(indent + value(item, level + 1) for item in items) + f",\n{INDENT * level}]"

    def other(self, obj: Any, level: int) -> str:
        """A value of a type that is none of the plain ones exactly: ``tomli_w``'s checks in its order."""
        if isinstance(obj, bool):
            return "true" if obj else "false"
        if isinstance(obj, (int, float, date, datetime)):
            return str(obj)
        if isinstance(obj, time):
            if obj.tzinfo:
                raise ValueError("TOML does not support offset times")
            return str(obj)
        if isinstance(obj, str):
            return toml_string(obj)
        if isinstance(obj, (list, tuple)):
            return self.array(obj, level)
        if isinstance(obj, Mapping):
            return self.inline_table(obj)
        if isinstance(obj, Decimal):
            return _decimal(obj)
        raise TypeError(f"Object of type '{type(obj).__qualname__}' is not TOML serializable")


_PLAIN = frozenset({str, bool, int, float, date, datetime, list, tuple})


def _decimal(number: Decimal) -> str:
    if number.is_nan():
        return "nan"
    if number.is_infinite():
        return "-inf" if number.is_signed() else "inf"
    text = str(number).lower()
    return text if "." in text or "e" in text else text + ".0"
