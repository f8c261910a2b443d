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


Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Rule:
    """One broken rule of a model, at the key it is about (a path inside the model's data).

    ``related`` names other keys that make up the problem, such as the segments' minutes behind
    a total: ``(path, label)``; the loader says on which lines they are.
    """

    loc: Loc
    message: str
    related: tuple[tuple[Loc, str], ...] = ()


class RuleErrors(ValueError):
    """Every rule a model breaks, raised at once by its validator so that each is reported at its
    own key (see :func:`ilt_kit.diagnostics.validation.problems_from_validation`), not only the first."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        super().__init__("; ".join(rule.message for rule in rules))

    @classmethod
    def check(cls, rules: list[Rule]) -> None:
        if rules:
            raise cls(rules)
