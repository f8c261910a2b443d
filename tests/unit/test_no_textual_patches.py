"""The tests drive the app through Textual's public API: none of them replaces a part of Textual.

A patched private name (the pilot's idle wait, the stylesheet's parse cache) makes the tests
measure a Textual that nobody runs, and breaks silently when Textual changes it."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]

PRIVATE_MODULE = re.compile(r"^\s*(?:from|import)\s+textual(?:\.\w+)*\._\w+|^\s*from\s+textual(?:\.\w+)*\s+import\s+\(?\s*_\w+", re.M)
"""``import textual._wait``, ``from textual._x import y``, ``from textual import _wait``."""

ASSIGNED_TO_TEXTUAL = re.compile(r"^\s*(?P<target>[A-Z]\w*)\.(?P<name>\w+)\s*=[^=]", re.M)
"""``Stylesheet._parse_rules = ...``: an assignment to an attribute of a class."""


def textual_classes(text: str) -> set[str]:
    found = re.findall(r"^\s*from\s+textual(?:\.\w+)*\s+import\s+\(?([^)\n]+)", text, flags=re.M)
    return {name.strip().split(" as ")[-1] for group in found for name in group.split(",") if name.strip()}


def problems(text: str) -> list[str]:
    said = [match.group(0).strip() for match in PRIVATE_MODULE.finditer(text)]
    classes = textual_classes(text)
    said += [m.group(0).strip() for m in ASSIGNED_TO_TEXTUAL.finditer(text) if m.group("target") in classes]
    said += [m.group(0) for m in re.finditer(r"monkeypatch\.setattr\(\s*(?:\"textual|'textual)[^)]*", text)]
    return said


def test_the_check_finds_each_way_of_patching_textual():
    assert problems("from textual import _wait\n_wait.SLEEP_IDLE = 0\n")
    assert problems("import textual._wait\n")
    assert problems("from textual.css.stylesheet import Stylesheet\nStylesheet._parse_rules = shared\n")
    assert problems("monkeypatch.setattr('textual.app.App.run', fake)\n")
    assert not problems("from textual.pilot import Pilot\nclass KeyPilot(Pilot):\n    pass\n")


def test_no_test_patches_textual():
    found = {
        str(path.relative_to(TESTS)): said
        for path in sorted(TESTS.rglob("*.py"))
        if path.name != Path(__file__).name and (said := problems(path.read_text(encoding="utf-8")))
    }
    assert not found, found
