"""Read a file's text and parse it as TOML, turning every mistake into ``path:line:col: message``."""

from __future__ import annotations

import os
import re
import stat
import sys
import tomllib
from pathlib import Path
from typing import Any

from ilt_kit.diagnostics.locate import key_positions, locate
from ilt_kit.diagnostics.problems import FileProblems, Problem
from ilt_kit.literal import CONTROL_CHARS, first_control, visible

_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_EOF = re.compile(r"\s*\(at end of document\)\s*$")


MAX_FILE_BYTES = 8 * 1024 * 1024
"""The largest file ilt-kit reads (8 MiB). A session of a whole day with a large team is well
under 1 MiB; anything bigger is refused with a reason before it is read, never loaded whole."""

MAX_NESTING = 64
"""How deep tables and arrays may nest in a file that is read (ilt-kit's own formats use 4)."""

_DIGITS = re.compile(r"\d[\d_]{200,}")
_DEEP = re.compile(r"[\[{](?:[ \t\r\n]*+[\[{]){%d}" % MAX_NESTING)
# MAX_NESTING dots joined by bare key parts; it starts with a literal dot, so the search jumps from
# dot to dot instead of trying every word of the file (a tenth of a millisecond per file, not a few)
_DEEP_KEYS = re.compile(r"\.(?:[ \t]*+[\w-]++[ \t]*+\.){%d}" % (MAX_NESTING - 1))
# a control character can only reach a parsed string through an escape: TOML refuses raw ones
_CONTROL_ESCAPE = re.compile(r"\\(?:[bfr]|u00[0-189][0-9a-f]|u007f|U0000(?:00[0-1]|007|008|009)[0-9a-f])", re.IGNORECASE)


def _line_of(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def resolved(path: Path) -> Path:
    """``path`` absolute, with its links followed as far as they lead: a loop of links (which
    ``Path.resolve`` raises RuntimeError for) stays as it is named, for the read to refuse."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return path.absolute()


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is, for a message (from its ``st_mode``)."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def read_text(path: Path, limit: int = MAX_FILE_BYTES, *, follow_links: bool = True) -> str:
    """The text of a file that ilt-kit reads, refused with a reason (:class:`FileProblems`) if it
    is not a regular file (a folder, a FIFO, a device such as ``/dev/zero``; with
    ``follow_links=False`` a symbolic link too), is larger than ``limit`` bytes, cannot be read
    or is not UTF-8.

    The file is looked at with ``stat`` before it is opened, so a FIFO never blocks and a device
    is never read, and again once open (it may have been swapped meanwhile); at most ``limit``
    bytes are read even if the file grows meanwhile.
    """
    try:
        info = os.stat(path) if follow_links else os.lstat(path)
    except FileNotFoundError:
        raise FileProblems.single(path, "no such file or folder") from None
    except RuntimeError:  # a loop of symbolic links, as pathlib reports it
        raise FileProblems.single(path, "cannot read: a loop of symbolic links") from None
    except OSError as error:
        raise FileProblems.single(path, f"cannot read: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        if not os.access(path, os.R_OK | os.X_OK):
            raise FileProblems.single(path, "cannot read: Permission denied (a folder that may not be opened)")
        raise FileProblems.single(path, "this is a folder; expected a .toml file")
    if not stat.S_ISREG(info.st_mode):
        raise FileProblems.single(path, f"not a regular file but {file_kind(info.st_mode)}; skipped")
    if info.st_size > limit:
        raise FileProblems.single(path, f"too large to be an ilt-kit file ({info.st_size:,} bytes; the limit is {limit:,})")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(path, flags)
        with open(fd, "rb") as handle:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise FileProblems.single(path, f"not a regular file but {file_kind(mode)}; skipped")
            raw = handle.read(limit + 1)
    except OSError as error:
        raise FileProblems.single(path, f"cannot read: {error.strerror or error}") from None
    if len(raw) > limit:
        raise FileProblems.single(path, f"too large to be an ilt-kit file (more than {limit:,} bytes)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise FileProblems.single(
            path, f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8", line, col
        ) from None


def parse_toml(path: Path, text: str) -> dict[str, Any]:
    """Parse a file's text as TOML. Raises :class:`FileProblems` with a position for any failure:
    a syntax error, nesting deeper than :data:`MAX_NESTING`, a number too long to be one, or a
    control character (other than tab and newline) in any key or string."""
    if not text.strip():
        raise FileProblems.single(path, "the file is empty")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_POS.search(message)
        if match:
            line, col = int(match.group(1)), int(match.group(2))
            message = message[: match.start()]
        else:
            line = text.count("\n") + 1
            col = 1
            message = _TOML_EOF.sub("", message)
        raise FileProblems.single(path, f"TOML syntax error: {message[:1].lower()}{message[1:]}", line, col) from None
    except RecursionError:
        deep = _DEEP.search(text)
        raise FileProblems.single(
            path, f"tables or arrays nested too deeply (more than {MAX_NESTING} levels)", *_line_of(text, deep.start() if deep else 0)
        ) from None
    except ValueError as error:  # an integer of thousands of digits
        long = _DIGITS.search(text)
        raise FileProblems.single(
            path, f"a number too long to read (more than {sys.get_int_max_str_digits():,} digits)", *_line_of(text, long.start() if long else 0)
        ) from None
    problems = _shape_problems(path, text, data)
    if problems:
        raise FileProblems(problems)
    return data


def _shape_problems(path: Path, text: str, data: dict[str, Any]) -> list[Problem]:
    """Nesting beyond :data:`MAX_NESTING` and control characters in keys and strings, each with
    its position. One walk without recursion; strings are only searched when the text spells an
    escape that could make a control character."""
    controls = _CONTROL_ESCAPE.search(text) is not None
    deep = _DEEP.search(text) or _DEEP_KEYS.search(text)
    if not controls and not deep:
        return []
    found = shape_faults(data, controls)
    if not found:
        return []
    positions = key_positions(text, MAX_NESTING + 1)  # no fault is deeper
    problems = []
    for where, message in found:
        line, col = locate(positions, where)
        if (line, col) == (1, 1):  # a quoted key spelled with an escape: point at the escape
            first = deep or _CONTROL_ESCAPE.search(text)
            if first:
                line, col = _line_of(text, first.start())
        problems.append(Problem(str(path), line, col, message))
    return problems


def shape_faults(data: Any, controls: bool = True) -> list[tuple[tuple[Any, ...], str]]:
    """(where, message) for nesting beyond :data:`MAX_NESTING` and (with ``controls``) each
    control character in a key or string of parsed data (TOML's or JSON's); one walk without
    recursion."""
    found: list[tuple[tuple[Any, ...], str]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        where, node = stack.pop()
        if len(where) > MAX_NESTING:
            found.append((where[:MAX_NESTING], f"tables or arrays nested too deeply (more than {MAX_NESTING} levels)"))
            continue
        if isinstance(node, dict):
            for key, value in node.items():
                if controls and first_control(key) is not None:
                    found.append((where + (key,), f"a control character ({_code(key)}) in the key {visible(key)!r}; remove it"))
                stack.append((where + (key,), value))
        elif isinstance(node, list):
            stack.extend((where + (index,), value) for index, value in enumerate(node))
        elif controls and isinstance(node, str) and first_control(node) is not None:
            name = ".".join(str(part) for part in where if not isinstance(part, int)) or "value"
            found.append((where, f"'{name}': a control character ({_code(node)}) in the text; only tab and newline are allowed"))
    return found


def may_hold_faults(json_text: str) -> bool:
    """Whether the data parsed from ``json_text`` (JSON) could hold anything :func:`shape_faults`
    finds; when False the walk can be left out. Data nested deeper than :data:`MAX_NESTING` needs
    more opening brackets than that in its text, and JSON lets a control character into a string
    only as itself (DEL and C1: it refuses raw C0 ones) or through an escape. Most journal lines
    hold neither, and walking each one was most of the time a journal took to read."""
    return (
        json_text.count("[") + json_text.count("{") > MAX_NESTING
        or CONTROL_CHARS.search(json_text) is not None
        or _CONTROL_ESCAPE.search(json_text) is not None
    )


def fault_column(line: str, message: str) -> int:
    """Where on one line of text the fault that ``message`` names starts (1: not found)."""
    pattern = _DEEP if "nested" in message else _CONTROL_ESCAPE
    match = pattern.search(line) or CONTROL_CHARS.search(line)
    return match.start() + 1 if match else 1


def _code(text: str) -> str:
    index = first_control(text)
    return "" if index is None else f"U+{ord(text[index]):04X}"


def read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    """Read and parse a TOML file (:func:`read_text`, :func:`parse_toml`). Raises
    :class:`FileProblems` with a position for any failure."""
    text = read_text(path)
    return text, parse_toml(path, text)
