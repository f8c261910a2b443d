"""Three-way merge of a session record's plain data: taking in a change another program made.

A session file is the record as plain data (``record_to_data``). When the running session finds
that the file is no longer what it last wrote (review marked an action done, someone edited it),
:func:`diff` lists what the other program changed, field by field: ``(path, before, after)``,
where a path is a tuple of keys and list positions and :data:`MISSING` stands for "not in the
file" (a default). :func:`merge` applies such changes to other data: a field that still holds
``before`` takes ``after``; one that already holds ``after`` stays; one that was changed on both
sides keeps its own value and is returned as a conflict. The same rule merges the data about to
be written, replays the journal (``journal.py``) and takes the change into the live record
(:func:`absorb`), so all three always agree.
"""

from __future__ import annotations

import copy
from typing import Any, Iterator

from ilt_kit.store.record import SessionRecord


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

Path_ = tuple  # keys (str) and list positions (int)
Change = tuple  # (path, before, after)


def diff(before: Any, after: Any, path: tuple = ()) -> Iterator[Change]:
    """What changed from ``before`` to ``after``, as (path, before, after), leaf by leaf.

    Dicts are compared key by key and lists of the same length item by item; a list whose length
    changed is one change of the whole list.
    """
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            yield from diff(before.get(key, MISSING), after.get(key, MISSING), (*path, key))
    elif isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for index, (old, new) in enumerate(zip(before, after)):
            yield from diff(old, new, (*path, index))
    elif before != after or type(before) is not type(after):
        yield (path, before, after)


def unmergeable(changes: list[Change]) -> str | None:
    """Why these changes cannot be taken into a running session (None: they can)."""
    for path, _, _ in changes:
        if not path or path[0] == "schema_version":
            return "the file's format version changed"
        if path[0] == "segments" and (len(path) == 1 or (len(path) == 3 and path[2] in ("id", "kind"))):
            return "the file's segments are not the ones of this session"
    return None


def _get(data: Any, path: tuple) -> Any:
    for key in path:
        if isinstance(data, dict):
            if key not in data:
                return MISSING
            data = data[key]
        elif isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
            data = data[key]
        else:
            return MISSING
    return data


def _set(data: Any, path: tuple, value: Any) -> bool:
    parent = _get(data, path[:-1])
    key = path[-1]
    if isinstance(parent, dict):
        if value is MISSING:
            parent.pop(key, None)
        else:
            parent[key] = value
        return True
    if isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent) and value is not MISSING:
        parent[key] = value
        return True
    return False


def merge(data: Any, changes: list[Change]) -> list[tuple]:
    """Apply another program's changes to ``data`` in place; returns the paths changed on both sides."""
    conflicts = []
    for path, before, after in changes:
        current = _get(data, path)
        if current == after and type(current) is type(after):
            continue
        if current == before and type(current) is type(before):
            if not _set(data, path, after):
                conflicts.append(path)
        else:
            conflicts.append(path)
    return conflicts


DUMP = dict(mode="python", exclude_none=True, exclude_defaults=True, by_alias=True)


def absorb(record: SessionRecord, changes: list[Change]) -> tuple[set[tuple], list[tuple]]:
    """Take another program's changes into the live ``record`` (in place, with validation).

    Returns the parts touched - ``("segments", i)`` or ``()`` for the record's own fields - and
    the conflicts (kept as they are in ``record``).
    """
    by_part: dict[tuple, list[Change]] = {}
    for path, before, after in changes:
        part = path[:2] if path[0] == "segments" else ()
        by_part.setdefault(part, []).append((path[len(part):], before, after))
    conflicts: list[tuple] = []
    touched: set[tuple] = set()
    for part, part_changes in by_part.items():
        model = record.segments[part[1]] if part else record
        exclude = None if part else {"segments"}
        data = model.model_dump(exclude=exclude, **DUMP)
        old = copy.deepcopy(data)  # merge() changes lists and dicts in place
        conflicts.extend((*part, *path) for path in merge(data, part_changes))
        validator = type(model).__pydantic_validator__
        for name, field in type(model).model_fields.items():
            if (part or name != "segments") and data.get(name, MISSING) != old.get(name, MISSING):
                value = data[name] if name in data else field.get_default(call_default_factory=True)
                validator.validate_assignment(model, name, value)
                touched.add(part)
    return touched, conflicts


__all__ = ["MISSING", "absorb", "diff", "merge", "unmergeable"]
