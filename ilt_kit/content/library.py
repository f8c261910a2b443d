"""Discover content folders, load every rubric and scenario, and check cross-references.

Sources are read in order and a later source overrides an item with the same id:

1. the built-in content shipped with ilt-kit;
2. ``./scenarios`` and ``./rubrics`` of the current folder;
3. each folder in ``ILT_KIT_CONTENT`` (separated by ``os.pathsep``);
4. each ``--content DIR`` given on the command line.

A content folder may hold ``scenarios/`` and ``rubrics/`` sub-folders, or be one of them itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel

from ilt_kit.content.loader import load_model
from ilt_kit.content.models import Rubric, Scenario, Team, raw_rubric_refs
# discovery lives in the light module; these names are still importable from here
from ilt_kit.content.sources import PACKAGE_DIR, Origin, builtin_root, content_sources, files_in, is_folder  # noqa: F401
from ilt_kit.diagnostics.locate import key_positions, locate
from ilt_kit.diagnostics.problems import FileProblems, Problem
from ilt_kit.diagnostics.toml import parse_toml, read_text, resolved

FileKind = Literal["rubric", "scenario", "team", "session", "goals"]
T = TypeVar("T", bound=BaseModel)


@dataclass
class Loaded(Generic[T]):
    item: T
    path: Path
    origin: Origin
    text: str
    overrides: list[Path] = field(default_factory=list)


def guess_kind(path: Path, data: dict[str, Any]) -> FileKind | None:
    """Tell what a file is: a goals file by its name, then by its folder, then by its keys."""
    from ilt_kit.content.goals import is_goals_file

    if is_goals_file(path) or (is_goals_file(path, data) and resolved(path).parent.name != "sessions"):
        return "goals"
    hint = {"rubrics": "rubric", "scenarios": "scenario", "teams": "team", "sessions": "session"}
    for parent in resolved(path).parents:
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
    if is_goals_file(path, data):
        return "goals"
    return None


@dataclass
class Library:
    rubrics: dict[str, Loaded[Rubric]] = field(default_factory=dict)
    scenarios: dict[str, Loaded[Scenario]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0
    broken: dict[str, Path] = field(default_factory=dict)
    """Rubric ids whose latest file has problems (so a scenario's reference says so)."""
    unloaded: list[tuple[Path, str, dict[str, Any]]] = field(default_factory=list)
    """Scenario files with problems (path, text, data): their references are checked all the same."""

    def rubric(self, rubric_id: str) -> Rubric:
        return self.rubrics[rubric_id].item

    def scenario(self, scenario_id: str) -> Scenario:
        return self.scenarios[scenario_id].item

    def add(self, kind: FileKind, path: Path, origin: Origin, read: tuple[str, dict[str, Any]] | None = None) -> None:
        """Load one rubric or scenario file (``read``: its text and data, if already parsed)."""
        self.files_read += 1
        data: dict[str, Any] = {}
        try:
            if read is not None:
                text, data = read
                item = _VALIDATED.get(kind, text)
            else:
                text = read_text(path)
                item = _VALIDATED.get(kind, text)
                if item is None:
                    data = parse_toml(path, text)
            if item is None:
                item = load_model(path, Rubric if kind == "rubric" else Scenario, data, text)
                _VALIDATED.put(kind, text, item)
            if kind == "rubric":
                self._put(self.rubrics, item.id, Loaded(item, path, origin, text))
                self.broken.pop(item.id, None)
            else:
                self._put(self.scenarios, item.id, Loaded(item, path, origin, text))
        except FileProblems as error:
            self.problems.extend(error.problems)
            if kind == "rubric" and isinstance(data.get("id"), str):
                self.broken[data["id"]] = path
            elif kind == "scenario" and data:  # its references are checked all the same
                self.unloaded.append((path, text, data))

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
        """Every scenario's rubric and survey segments must name content that exists, of the right
        kind: the scenarios loaded, and those with problems of their own too (every problem of a
        file is reported in one run)."""
        for loaded in self.scenarios.values():
            refs = [
                (index, segment.id, ref, field_name, list(segment.criteria))  # type: ignore[union-attr]
                for index, ref, field_name in loaded.item.rubric_refs()
                for segment in [loaded.item.segments[index]]
            ]
            self._check_refs(loaded.path, loaded.text, refs)
        for path, text, data in self.unloaded:
            self._check_refs(path, text, raw_rubric_refs(data))

    def _check_refs(self, path: Path, text: str, refs: list[tuple[int, Any, str, str, list[str]]]) -> None:
        positions = None
        for index, sid, ref, field_name, criteria in refs:
            message = None
            target = self.rubrics.get(ref)
            if ref in self.broken:
                message = f"segment '{sid}': {field_name} '{ref}' has problems, see above ({self.broken[ref]})"
            elif target is None:
                message = f"segment '{sid}' uses {field_name} '{ref}', which does not exist"
            elif field_name == "survey" and target.item.kind != "survey":
                message = f"segment '{sid}': '{ref}' is a {target.item.kind}, not a survey"
            elif field_name == "rubric" and target.item.kind == "survey":
                message = f"segment '{sid}': '{ref}' is a survey; use kind = \"survey\""
            else:
                known = {c.id for c in target.item.criteria}
                missing = [c for c in criteria if c not in known]
                if missing:
                    message = (
                        f"segment '{sid}': {field_name} '{ref}' has no criteria "
                        f"{', '.join(repr(m) for m in missing)}"
                    )
            if message:
                positions = positions or key_positions(text)
                line, col = locate(positions, ("segments", index, field_name))
                self.problems.append(Problem(str(path), line, col, message))


    # -- content a session was made from -----------------------------------------------------
    def recorded_path(self, kind: Literal["rubric", "scenario"], item_id: str, folder: Path) -> str:
        """Where an item's file is, relative to ``folder`` (a session file's folder), for the
        record; "" for built-in content, which is always there."""
        loaded = (self.rubrics if kind == "rubric" else self.scenarios).get(item_id)
        if loaded is None or loaded.origin.label == "built-in":
            return ""
        target = resolved(loaded.path)
        try:
            return Path(os.path.relpath(target, resolved(folder))).as_posix()
        except ValueError:  # another drive (Windows): only a full path reaches it
            return target.as_posix()

    def find_recorded(self, kind: Literal["rubric", "scenario"], item_id: str, recorded: str, folder: Path) -> str:
        """Load the file a session recorded for an item (``recorded``, relative to ``folder``), so
        that its content is used again; returns "" when that worked, else what to tell the user."""
        if not recorded:
            return ""
        path = folder / recorded
        table = self.rubrics if kind == "rubric" else self.scenarios
        before = table.get(item_id)
        if before is not None and resolved(before.path) == resolved(path):
            return ""
        if path.is_file():
            found = Library()
            found.add(kind, path, Origin("session", folder))
            loaded = (found.rubrics if kind == "rubric" else found.scenarios).get(item_id)
            if loaded is not None:
                table[item_id] = loaded
                return ""
            why = "which no longer holds it"
        else:
            why = "and has moved or is gone"
        fallback = (
            f"using the one in {before.path} instead"
            if before is not None
            else "showing the saved titles only; give --content DIR where it is now"
        )
        return f"the {kind} '{item_id}' this session was made from was at {os.path.normpath(path)} {why}: {fallback}"

    def find_recorded_all(self, refs: list[tuple[Literal["rubric", "scenario"], str, str]], folder: Path) -> list[str]:
        """:meth:`find_recorded` for each (kind, id, recorded path); the messages for those not found."""
        return [note for kind, item_id, recorded in refs if (note := self.find_recorded(kind, item_id, recorded, folder))]


class _Validated:
    """Rubrics and scenarios loaded so far in this process, by kind and the exact text of their
    file: the same text is the same model (a frozen one), so the home screen's reloading,
    ``check`` and ``list`` parse and validate again only the files that changed. At most
    ``limit`` characters of text are kept, the oldest forgotten first."""

    def __init__(self, limit: int = 16 * 1024 * 1024) -> None:
        self.items: dict[tuple[str, str], Any] = {}
        self.chars = 0
        self.limit = limit

    def get(self, kind: str, text: str) -> Any:
        return self.items.get((kind, text))

    def put(self, kind: str, text: str, item: Any) -> None:
        if (kind, text) not in self.items:
            self.chars += len(text)
        self.items[(kind, text)] = item
        while self.chars > self.limit:
            oldest = next(iter(self.items))
            self.chars -= len(oldest[1])
            del self.items[oldest]


_VALIDATED = _Validated()


def load_library(
    extra: list[Path] | None = None, cwd: Path | None = None, read: dict[Path, tuple[str, dict[str, Any]]] | None = None
) -> Library:
    """Every source's rubrics and scenarios. ``read``: files already parsed, by resolved path
    (``check`` parses each file it is given once, even when a content folder holds it too)."""
    read = read or {}
    library = Library()
    for origin in content_sources(extra, cwd):
        if origin.label.startswith("--content") or origin.label == "ILT_KIT_CONTENT":
            if not is_folder(origin.folder):
                library.problems.append(Problem(str(origin.folder), 1, 1, "content folder does not exist"))
                continue
        for path in files_in(origin, "rubrics"):
            library.add("rubric", path, origin, read.get(resolved(path)))
        for path in files_in(origin, "scenarios"):
            library.add("scenario", path, origin, read.get(resolved(path)))
    library.check_references()
    return library


def load_team(path: Path) -> Team:
    return load_model(path, Team)
