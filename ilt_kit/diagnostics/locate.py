"""Find where a key path sits in a TOML text.

``tomllib`` gives no positions for values, yet a user who made a mistake needs ``file:line:col``.
This module scans the text once and records the line and column of every table header, key and
array element, keyed by its path (``("groups", 0, "criteria", 2, "title")``). It assumes the text
already parsed with ``tomllib``: it only has to understand TOML's structure, not reject bad TOML.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterable

Path = tuple[str | int, ...]
Pos = tuple[int, int]  # 1-based line and column

_WS = re.compile(r"(?:[ \t\r]+|#[^\n]*)*")
_WS_AND_NEWLINES = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_BASIC = re.compile(r'(?:[^"\n\\]+|\\[\s\S]?)*')  # up to the closing quote or the line's end
_ESCAPED = re.compile(r"\\([\s\S]?)")
_LITERAL = re.compile(r"[^'\n]*")
_MULTI_BASIC = re.compile(r'(?:[^"\\]+|\\[\s\S]?|"(?!""))*')  # up to the closing """
_MULTI_LITERAL = re.compile(r"(?:[^']+|'(?!''))*")
_BARE_KEY = re.compile(r"[\w-]*")  # str.isalnum() or "_" or "-", as TOML's bare keys (and more)
_BARE_VALUE = re.compile(r"[^,\]}\n#]*")
_NEWLINE = re.compile(r"\n")
_SIMPLE_KEY = re.compile(r"(?:[ \t\r]+|#[^\n]*)*([\w-]*)(?:[ \t\r]+|#[^\n]*)*")  # _WS, _BARE_KEY, _WS


class _Scanner:
    """One pass over the text. Positions are kept as indexes into the text while scanning and
    turned into lines and columns once at the end (a search in the lines' starts each)."""

    def __init__(self, text: str, deepest: int | None = None) -> None:
        self.text = text
        self.end = len(text)
        self.deepest = len(text) + 1 if deepest is None else deepest
        self.i = 0
        self.positions: dict[Path, int] = {}
        self.array_counts: dict[Path, int] = {}

    # -- low-level helpers ------------------------------------------------------------------
    # Each helper moves over a whole run of characters at once (a regular expression or a find)
    # rather than a character at a time.
    def peek(self, n: int = 1) -> str:
        return self.text[self.i : self.i + n]

    def advance(self, n: int = 1) -> None:
        self.i = min(self.i + n, self.end)

    def skip_ws(self, newlines: bool) -> None:
        self.i = (_WS_AND_NEWLINES if newlines else _WS).match(self.text, self.i).end()

    def skip_line(self) -> None:
        end = self.text.find("\n", self.i)
        self.i = self.end if end == -1 else end + 1

    # -- strings and keys --------------------------------------------------------------------
    def read_string(self) -> str:
        text = self.text
        quote = text[self.i : self.i + 1]
        if text[self.i : self.i + 3] == quote * 3:
            start = min(self.i + 3, self.end)
            self.i = (_MULTI_BASIC if quote == '"' else _MULTI_LITERAL).match(text, start).end()
            value = text[start : self.i]
            self.advance(3)
            while text[self.i : self.i + 1] == quote:  # up to two quotes may close the string
                self.i += 1
            return value
        self.advance()
        if quote == '"':  # a backslash keeps the character after it, whatever it is
            body = _BASIC.match(text, self.i)
            value = body.group()
            if "\\" in value:
                value = _ESCAPED.sub(r"\1", value)
        else:
            body = _LITERAL.match(text, self.i)
            value = body.group()
        self.i = body.end()
        self.advance()  # the closing quote (or the end of the line)
        return value

    def read_key(self) -> list[tuple[str, int]]:
        text = self.text
        # most keys are one bare word: one match for it and the blanks around it (the loop below
        # reads the same, a part at a time, and takes every other key)
        simple = _SIMPLE_KEY.match(text, self.i)
        if text[simple.end() : simple.end() + 1] != "." and text[simple.start(1) : simple.start(1) + 1] not in ('"', "'"):
            self.i = simple.end()
            return [(simple.group(1), simple.start(1))]
        parts: list[tuple[str, int]] = []
        while True:
            self.i = _WS.match(text, self.i).end()
            start = self.i
            if text[start : start + 1] in ('"', "'"):
                parts.append((self.read_string(), start))
            else:
                self.i = _BARE_KEY.match(text, start).end()
                parts.append((text[start : self.i], start))
            self.i = _WS.match(text, self.i).end()
            if text[self.i : self.i + 1] == ".":
                self.i += 1
                continue
            return parts

    # -- values ----------------------------------------------------------------------------
    def read_value(self, path: Path) -> None:
        text = self.text
        self.i = _WS.match(text, self.i).end()
        ch = text[self.i : self.i + 1]
        if ch in ('"', "'"):
            self.read_string()
        elif ch == "[":
            self.i += 1
            index = 0
            while True:
                self.i = _WS_AND_NEWLINES.match(text, self.i).end()
                if self.i >= self.end or text[self.i] == "]":
                    self.advance()
                    return
                self.positions.setdefault(path + (index,), self.i)
                self.read_value(path + (index,))
                self.i = _WS_AND_NEWLINES.match(text, self.i).end()
                if text[self.i : self.i + 1] == ",":
                    self.i += 1
                index += 1
        elif ch == "{":
            self.i += 1
            while True:
                self.i = _WS_AND_NEWLINES.match(text, self.i).end()
                if self.i >= self.end or text[self.i] == "}":
                    self.advance()
                    return
                self.read_keyval(path)
                self.i = _WS_AND_NEWLINES.match(text, self.i).end()
                if text[self.i : self.i + 1] == ",":
                    self.i += 1
        else:
            self.i = _BARE_VALUE.match(text, self.i).end()

    def read_keyval(self, table: Path) -> None:
        parts = self.read_key()
        path = table
        positions = self.positions
        if len(table) + len(parts) > self.deepest:  # the paths past the depth are left out
            for name, where in parts[: max(self.deepest - len(table), 0)]:
                path = path + (name,)
                positions.setdefault(path, where)
            self.skip_value()
            return
        for name, where in parts:
            path = path + (name,)
            positions.setdefault(path, where)
        if self.text[self.i : self.i + 1] == "=":
            self.i += 1
        self.read_value(path)

    def skip_value(self) -> None:
        """Move over ``= value`` without recording the paths in it."""
        kept, self.positions = self.positions, {}
        try:
            if self.text[self.i : self.i + 1] == "=":
                self.i += 1
            self.read_value(())
        finally:
            self.positions = kept

    # -- document --------------------------------------------------------------------------
    def header_path(self, names: Iterable[str], where: int) -> Path:
        """Turn header names into a path, inserting the current index of every array of tables.

        A parent that the header defines implicitly (``a`` in ``[a.b]``) is located at the header.
        """
        path: Path = ()
        for name in names:
            path = path + (name,)
            self.positions.setdefault(path, where)
            if path in self.array_counts:
                path = path + (self.array_counts[path] - 1,)
        return path

    def scan(self) -> dict[Path, Pos]:
        table: Path = ()
        while self.i < self.end:
            self.skip_ws(newlines=True)
            if self.i >= self.end:
                break
            where = self.i
            if self.peek(2) == "[[":
                self.advance(2)
                names = [name for name, _ in self.read_key()]
                parent = self.header_path(names[:-1], where)
                array = parent + (names[-1],)
                self.positions.setdefault(array, where)
                index = self.array_counts.get(array, 0)
                self.array_counts[array] = index + 1
                # a new element starts afresh: forget the counts of arrays nested in the old one
                for key in [k for k in self.array_counts if len(k) > len(array) and k[: len(array)] == array]:
                    del self.array_counts[key]
                table = array + (index,)
                self.positions[table] = where
                self.skip_line()
            elif self.peek() == "[":
                self.advance()
                names = [name for name, _ in self.read_key()]
                table = self.header_path(names, where)
                self.skip_line()
            else:
                self.read_keyval(table)
                self.skip_line()
        starts = [0] + [match.end() for match in _NEWLINE.finditer(self.text)]
        lines: dict[int, Pos] = {}
        for index in set(self.positions.values()):
            line = bisect_right(starts, index)
            lines[index] = (line, index - starts[line - 1] + 1)
        deepest = self.deepest
        return {path: lines[index] for path, index in self.positions.items() if len(path) <= deepest}


def key_positions(text: str, deepest: int | None = None) -> dict[Path, Pos]:
    """Map every key path in a TOML text to the line and column where it is written; with
    ``deepest``, only the paths of at most that many parts (a dotted key thousands of parts long
    then costs no more than its first ones)."""
    return _Scanner(text, deepest).scan()


def locate(positions: dict[Path, Pos], loc: Iterable[str | int]) -> Pos:
    """The position of the longest prefix of ``loc`` that the text spells out (1, 1 if none).

    A missing key points at the header of the table it belongs in; a bad value at its key.
    """
    path = tuple(loc)
    while path:
        if path in positions:
            return positions[path]
        path = path[:-1]
    return (1, 1)
