"""Each session once: exact copies of a session file folded into one entry, conflict copies (a sync
tool's, or our own ``x-2.toml``) marked, never merged."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Iterable

from ilt_kit.review.entry import SessionEntry

# Names that sync tools give the second version of a file they could not merge:
# Dropbox "x (conflicted copy 2026-11-22).toml", "x (Dana's conflicted copy 2026-11-22).toml";
# Syncthing "x.sync-conflict-20261122-091500-ABCDEFG.toml"; Google Drive and OneDrive "x (1).toml".
_SYNC_CONFLICT = re.compile(r"( \([^()]*conflicted copy[^()]*\)| \(\d+\)|\.sync-conflict-[0-9A-Za-z-]+)$")
# Our own: a session that found its file changed by another program goes on in "x-2.toml" (-3, ...).
_OWN_SUFFIX = re.compile(r"-\d+$")


def conflict_origin(path: Path) -> Path | None:
    """The file a sync tool's conflict copy was made from (by its name), or None if it is not one."""
    name = path.name
    if "(" not in name and ".sync-conflict-" not in name:  # most files: no need to look closer
        return None
    match = _SYNC_CONFLICT.search(path.stem)
    return path.with_name(path.stem[: match.start()] + path.suffix) if match else None


def _originality(entry: SessionEntry) -> tuple[int, int, str]:
    """Which of one session's differing files is the original: a plain name, then the shorter path."""
    name = entry.path.stem
    marked = conflict_origin(entry.path) is not None or bool(_OWN_SUFFIX.search(name))
    return (int(marked), len(str(entry.path)), str(entry.path))


def resolve_copies(entries: Iterable[SessionEntry]) -> list[SessionEntry]:
    """Each session once: exact copies folded into one entry, conflict copies marked, never merged.

    Files with the same ``session_id`` and the same bytes are one session reached twice (two
    roots, a copied folder, two clones of one repository): the first in path order is kept and
    names the others in ``copies``. Files with the same ``session_id`` but different bytes are
    versions that a sync tool (or a session that found its file changed) kept side by side: the
    original is the one with a plain name, and each other one is kept as an entry of its own with
    ``conflict_of`` naming it. A file whose name says it is a sync tool's conflict copy is marked
    so even when its original is not there.
    """
    ordered = sorted(entries, key=lambda e: str(e.path))
    groups: dict[str, list[SessionEntry]] = {}
    for entry in ordered:
        groups.setdefault(entry.session_id, []).append(entry)
    kept: list[SessionEntry] = []
    for group in groups.values():
        if len(group) == 1:  # most sessions: one file, nothing to fold
            only = group[0]
            origin = conflict_origin(only.path)
            kept.append(replace(only, conflict_of=origin) if origin is not None else only)
            continue
        versions: dict[str, list[SessionEntry]] = {}
        for entry in group:
            versions.setdefault(entry.digest, []).append(entry)
        firsts = []
        for same in versions.values():
            first = same[0]
            if len(same) > 1:
                first = replace(first, copies=tuple(e.path for e in same[1:]))
            firsts.append(first)
        firsts.sort(key=_originality)
        original = firsts[0]
        origin = conflict_origin(original.path)
        kept.append(replace(original, conflict_of=origin) if origin is not None else original)
        kept.extend(replace(other, conflict_of=original.path) for other in firsts[1:])
    kept.sort(key=lambda e: str(e.path))  # already in path order but for a group's conflict copies
    return kept


__all__ = ["conflict_origin", "resolve_copies"]
