"""Discover content folders, load every rubric and scenario, and check cross-references.

Sources are read in order and a later source overrides an item with the same id:

1. the built-in content shipped with ilt-kit;
2. ``./scenarios`` and ``./rubrics`` of the current folder;
3. each folder in ``ILT_KIT_CONTENT`` (separated by ``os.pathsep``);
4. each ``--content DIR`` given on the command line.

A content folder may hold ``scenarios/`` and ``rubrics/`` sub-folders, or be one of them itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel

from ilt_kit.content.errors import FileProblems, Problem
from ilt_kit.content.loader import load_model, read_toml
from ilt_kit.content.locate import key_positions, locate
from ilt_kit.content.models import Rubric, RubricSegment, Scenario, SurveySegment, Team
# discovery lives in the light module; these names are still importable from here
from ilt_kit.content.sources import PACKAGE_DIR, Origin, builtin_root, content_sources, files_in  # noqa: F401

FileKind = Literal["rubric", "scenario", "team", "session"]
T = TypeVar("T", bound=BaseModel)


@dataclass
class Loaded(Generic[T]):
    item: T
    path: Path
    origin: Origin
    text: str
    overrides: list[Path] = field(default_factory=list)


def guess_kind(path: Path, data: dict[str, Any]) -> FileKind | None:
    """Tell what a file is: by its folder first, then by its keys."""
    hint = {"rubrics": "rubric", "scenarios": "scenario", "teams": "team", "sessions": "session"}
    for parent in path.resolve().parents:
        if parent.name in hint:
            return hint[parent.name]  # type: ignore[return-value]
        if parent.name in ("examples",):
            continue
        break
    if "schema_version" in data:
        return "session"
    if "segments" in data:
        return "scenario"
    if "scale" in data or "groups" in data:
        return "rubric"
    if "members" in data:
        return "team"
    return None


@dataclass
class Library:
    rubrics: dict[str, Loaded[Rubric]] = field(default_factory=dict)
    scenarios: dict[str, Loaded[Scenario]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0

    def rubric(self, rubric_id: str) -> Rubric:
        return self.rubrics[rubric_id].item

    def scenario(self, scenario_id: str) -> Scenario:
        return self.scenarios[scenario_id].item

    def add(self, kind: FileKind, path: Path, origin: Origin) -> None:
        self.files_read += 1
        try:
            text, data = read_toml(path)
            if kind == "rubric":
                rubric = load_model(path, Rubric, data, text)
                self._put(self.rubrics, rubric.id, Loaded(rubric, path, origin, text))
            else:
                scenario = load_model(path, Scenario, data, text)
                self._put(self.scenarios, scenario.id, Loaded(scenario, path, origin, text))
        except FileProblems as error:
            self.problems.extend(error.problems)

    def _put(self, table: dict[str, Loaded[Any]], key: str, loaded: Loaded[Any]) -> None:
        previous = table.get(key)
        if previous is not None:
            if previous.origin == loaded.origin:
                line, col = locate(key_positions(loaded.text), ("id",))
                self.problems.append(
                    Problem(str(loaded.path), line, col, f"duplicate id '{key}': also used by {previous.path}")
                )
                return
            loaded.overrides = previous.overrides + [previous.path]
        table[key] = loaded

    def check_references(self) -> None:
        """Every scenario's rubric and survey segments must name content that exists, of the right kind."""
        for loaded in self.scenarios.values():
            positions = None
            for index, ref, field_name in loaded.item.rubric_refs():
                segment = loaded.item.segments[index]
                assert isinstance(segment, (RubricSegment, SurveySegment))
                message = None
                target = self.rubrics.get(ref)
                if target is None:
                    message = f"segment '{segment.id}' uses {field_name} '{ref}', which does not exist"
                elif field_name == "survey" and target.item.kind != "survey":
                    message = f"segment '{segment.id}': '{ref}' is a {target.item.kind}, not a survey"
                elif field_name == "rubric" and target.item.kind == "survey":
                    message = f"segment '{segment.id}': '{ref}' is a survey; use kind = \"survey\""
                else:
                    known = {c.id for c in target.item.criteria}
                    missing = [c for c in segment.criteria if c not in known]
                    if missing:
                        message = (
                            f"segment '{segment.id}': {field_name} '{ref}' has no criteria "
                            f"{', '.join(repr(m) for m in missing)}"
                        )
                if message:
                    positions = positions or key_positions(loaded.text)
                    line, col = locate(positions, ("segments", index, field_name))
                    self.problems.append(Problem(str(loaded.path), line, col, message))


def load_library(extra: list[Path] | None = None, cwd: Path | None = None) -> Library:
    library = Library()
    for origin in content_sources(extra, cwd):
        if origin.label.startswith("--content") or origin.label == "ILT_KIT_CONTENT":
            if not origin.folder.is_dir():
                library.problems.append(Problem(str(origin.folder), 1, 1, "content folder does not exist"))
                continue
        for path in files_in(origin, "rubrics"):
            library.add("rubric", path, origin)
        for path in files_in(origin, "scenarios"):
            library.add("scenario", path, origin)
    library.check_references()
    return library


def load_team(path: Path) -> Team:
    return load_model(path, Team)
