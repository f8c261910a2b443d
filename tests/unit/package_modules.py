"""The package's modules, read and parsed once for the tests that look over every one of them
(the size rule, the rule that only the statistics module decides what "no evidence" is, the count
of type tests on segments): parsing the whole package takes a few tenths of a second, and each of
those tests did it again. The trees are shared between the tests: read them, never change them."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import ilt_kit

PACKAGE = Path(ilt_kit.__file__).resolve().parent


@cache
def modules() -> tuple[Path, ...]:
    """Every module of the package, in sorted order."""
    return tuple(sorted(PACKAGE.rglob("*.py")))


@cache
def source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@cache
def tree(path: Path) -> ast.Module:
    """The module's syntax tree (shared: read it, never change it)."""
    return ast.parse(source(path))
