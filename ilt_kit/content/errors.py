"""Problems in user files, reported as ``path:line:col: message``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ilt_kit.literal import visible


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        # a file name or a quoted value may hold a control character: never print it raw
        return visible(f"{self.path}:{self.line}:{self.col}: {self.message}")


class FileProblems(Exception):
    """One file could not be used. Carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, path: Path | str, message: str, line: int = 1, col: int = 1) -> FileProblems:
        return cls([Problem(str(path), line, col, message)])


class LocatedErrors(ValueError):
    """Raised by a model validator that found several problems, each at its own place.

    ``found`` holds ``(loc, message)`` pairs; each ``loc`` is relative to the model that raised it
    (``("criteria", 0, "rounds", 1, "ballots", 2, "member")``). The loader turns each into its own
    ``path:line:col: message``.
    """

    def __init__(self, found: list[tuple[tuple[str | int, ...], str]]) -> None:
        self.found = found
        super().__init__("; ".join(message for _, message in found))
