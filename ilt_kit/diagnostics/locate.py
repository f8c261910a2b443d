"""Find where a key path sits in a TOML text.

``tomllib`` gives no positions for values, yet a user who made a mistake needs ``file:line:col``.
This module scans the text once and records the line and column of every table header, key and
array element, keyed by its path (``("groups", 0, "criteria", 2, "title")``). It assumes the text
already parsed with ``tomllib``: it only has to understand TOML's structure, not reject bad TOML.
"""

from __future__ import annotations

from typing import Iterable

Path = tuple[str | int, ...]
Pos = tuple[int, int]  # 1-based line and column


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.line = 1
        self.line_start = 0
        self.positions: dict[Path, Pos] = {}
        self.array_counts: dict[Path, int] = {}

    # -- low-level helpers ------------------------------------------------------------------
    def pos(self) -> Pos:
        return (self.line, self.i - self.line_start + 1)

    def peek(self, n: int = 1) -> str:
        return self.text[self.i : self.i + n]

    def advance(self, n: int = 1) -> None:
        for _ in range(n):
            if self.i >= len(self.text):
                return
            if self.text[self.i] == "\n":
                self.line += 1
                self.line_start = self.i + 1
            self.i += 1

    def skip_ws(self, newlines: bool) -> None:
        while self.i < len(self.text):
            ch = self.text[self.i]
            if ch in " \t\r" or (newlines and ch == "\n"):
                self.advance()
            elif ch == "#":
                while self.i < len(self.text) and self.text[self.i] != "\n":
                    self.advance()
            else:
                return

    def skip_line(self) -> None:
        while self.i < len(self.text) and self.text[self.i] != "\n":
            self.advance()
        self.advance()

    # -- strings and keys --------------------------------------------------------------------
    def read_string(self) -> str:
        quote = self.peek()
        if self.peek(3) == quote * 3:
            self.advance(3)
            start = self.i
            while self.i < len(self.text) and self.peek(3) != quote * 3:
                if quote == '"' and self.peek() == "\\":
                    self.advance()
                self.advance()
            value = self.text[start : self.i]
            self.advance(3)
            while self.peek() == quote:  # up to two quotes may close the string
                self.advance()
            return value
        self.advance()
        out = []
        while self.i < len(self.text) and self.peek() not in (quote, "\n"):
            if quote == '"' and self.peek() == "\\":
                self.advance()
            out.append(self.peek())
            self.advance()
        self.advance()
        return "".join(out)

    def read_key(self) -> list[tuple[str, Pos]]:
        parts: list[tuple[str, Pos]] = []
        while True:
            self.skip_ws(newlines=False)
            start = self.pos()
            if self.peek() in ('"', "'"):
                parts.append((self.read_string(), start))
            else:
                begin = self.i
                while self.i < len(self.text) and (self.text[self.i].isalnum() or self.text[self.i] in "_-"):
                    self.advance()
                parts.append((self.text[begin : self.i], start))
            self.skip_ws(newlines=False)
            if self.peek() == ".":
                self.advance()
                continue
            return parts

    # -- values ----------------------------------------------------------------------------
    def read_value(self, path: Path) -> None:
        self.skip_ws(newlines=False)
        ch = self.peek()
        if ch in ('"', "'"):
            self.read_string()
        elif ch == "[":
            self.advance()
            index = 0
            while True:
                self.skip_ws(newlines=True)
                if self.peek() == "]" or self.i >= len(self.text):
                    self.advance()
                    return
                self.positions.setdefault(path + (index,), self.pos())
                self.read_value(path + (index,))
                self.skip_ws(newlines=True)
                if self.peek() == ",":
                    self.advance()
                index += 1
        elif ch == "{":
            self.advance()
            while True:
                self.skip_ws(newlines=True)
                if self.peek() == "}" or self.i >= len(self.text):
                    self.advance()
                    return
                self.read_keyval(path)
                self.skip_ws(newlines=True)
                if self.peek() == ",":
                    self.advance()
        else:
            while self.i < len(self.text) and self.peek() not in (",", "]", "}", "\n", "#"):
                self.advance()

    def read_keyval(self, table: Path) -> None:
        parts = self.read_key()
        path = table
        for name, where in parts:
            path = path + (name,)
            self.positions.setdefault(path, where)
        if self.peek() == "=":
            self.advance()
        self.read_value(path)

    # -- document --------------------------------------------------------------------------
    def header_path(self, names: Iterable[str], where: Pos) -> Path:
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
        while self.i < len(self.text):
            self.skip_ws(newlines=True)
            if self.i >= len(self.text):
                break
            where = self.pos()
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
        return self.positions


def key_positions(text: str) -> dict[Path, Pos]:
    """Map every key path in a TOML text to the line and column where it is written."""
    return _Scanner(text).scan()


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
