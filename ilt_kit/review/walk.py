"""Which files a review reads: every ``*.toml`` under a folder (sub-folders included), skipping
a team's goals file (``goals.toml``, see :mod:`ilt_kit.content.goals`), dot-files (such as the ``.name.toml.123.tmp`` files an interrupted save leaves) and hidden folders,
and each file named by several paths once."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterable

from ilt_kit.content.goals import GOALS_FILE
from ilt_kit.content.sources import is_absent, is_folder
from ilt_kit.diagnostics.problems import Problem
from ilt_kit.review.entry import BadEntry


def session_files(folder: Path) -> list[Path]:
    """Every ``*.toml`` under ``folder`` (sub-folders included), skipping dot-files and hidden folders,
    in path order (as :class:`~pathlib.Path` objects sort)."""
    found: list[tuple[str, str]] = []  # (folder, file name)

    def unreadable(error: OSError) -> None:  # listed, so that it is reported as "cannot read"
        if isinstance(error, PermissionError) and error.filename:
            found.append(os.path.split(os.fspath(error.filename)))

    join = os.path.join
    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            (root, name)
            for name in files
            if name.endswith(".toml") and not name.startswith(".") and name != GOALS_FILE
        )
    # sorted as strings split into their parts, which is how paths compare (and much cheaper than
    # sorting the Path objects of a district's ten thousand files); each file's Path is made from
    # its folder's, which costs less than parsing the whole path again
    found.sort(key=lambda pair: _path_parts(join(*pair)))
    folders: dict[str, Path] = {}
    paths = []
    for root, name in found:
        parent = folders.get(root)
        if parent is None:
            parent = folders[root] = Path(root)
        paths.append(parent / name)
    return paths


if sys.platform == "win32":  # paths compare without case there

    def _path_parts(name: str) -> list[str]:
        return name.replace("/", "\\").lower().split("\\")

else:

    def _path_parts(name: str) -> list[str]:
        return name.split("/")


def list_paths(
    paths: Iterable[Path], stats: dict[Path, os.stat_result] | None = None
) -> tuple[list[Path], list[BadEntry]]:
    """The session files named by ``paths`` (files, and the ``*.toml`` in folders), each file once,
    and a :class:`BadEntry` ("no such file or folder") for each path that does not exist.

    ``stats``: filled with the files' ``stat`` results where they were needed to tell copies apart
    (several paths), so a scan does not ask for them twice."""
    files, infos, missing = _listed(paths)
    if stats is not None:
        stats.update((file, info) for file, info in zip(files, infos) if info is not None)
    return files, missing


def _listed(paths: Iterable[Path]) -> tuple[list[Path], list[os.stat_result | None], list[BadEntry]]:
    """:func:`list_paths`, with the files' ``stat`` results in the same order (None where not asked for)."""
    paths = [Path(p) for p in paths]
    files: list[Path] = []
    missing: list[BadEntry] = []
    for path in paths:
        if is_folder(path):
            files.extend(session_files(path))
        elif not is_absent(path):  # a file, or a path that cannot be looked at: the read says why
            files.append(path)
        else:
            missing.append(BadEntry(path, (Problem(str(path), 1, 1, "no such file or folder"),)))
    infos: list[os.stat_result | None] = [None] * len(files)
    if len(paths) > 1:  # the same file named twice, or a file inside a folder also named
        seen: set[tuple[int, int]] = set()
        unique: list[Path] = []
        infos = []
        stat = os.stat
        for file in files:
            try:
                info = stat(file)
            except OSError:
                unique.append(file)
                infos.append(None)
                continue
            key = (info.st_dev, info.st_ino)
            if key not in seen:
                seen.add(key)
                unique.append(file)
                infos.append(info)
        files = unique
    return files, infos, missing


__all__ = ["list_paths", "session_files"]
