"""Three-way merge of a session record's plain data: taking in a change another program made.

A session file is the record as plain data (``record_to_data``). When the running session finds
that the file is no longer what it last wrote (review marked an action done, someone edited it),
:func:`diff` lists what the other program changed, field by field: ``(path, before, after)``,
where a path is a tuple of keys, list items named by what identifies them (:class:`Key`: an
action or idea by its id, a ballot or talk time by its member, a round by its number; never by
its place in the list, which changes when something before it is deleted) and, for a list
without such a name, positions; :data:`MISSING` stands for "not in the file" (a default). :func:`merge` applies such changes to other data: a field that still holds
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

Path_ = tuple  # keys (str), list items by identity (Key) and list positions (int)
Change = tuple  # (path, before, after)


class Key:
    """One item of a list, named by the values of its identifying fields (``fields``)."""

    __slots__ = ("fields", "values", "_hash")

    def __init__(self, fields: tuple[str, ...], values: tuple[Any, ...]) -> None:
        self.fields = fields
        self.values = values
        self._hash = hash(values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Key) and self.values == other.values and self.fields == other.fields

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"Key({self.fields!r}, {self.values!r})"

    def __str__(self) -> str:
        return ",".join(map(str, self.values))

    def matches(self, item: Any) -> bool:
        return isinstance(item, dict) and tuple(_field(item, f) for f in self.fields) == self.values


def _field(item: dict, name: str) -> Any:
    # a field left out of the file holds its default: "" for a tally's role
    return item.get(name, "" if name == "role" else MISSING)


IDENTITY: dict[str, tuple[str, ...]] = {
    "segments": ("id",),
    "actions": ("id",),
    "ideas": ("id",),
    "merged": ("id",),
    "criteria": ("id",),
    "items": ("id",),
    "rounds": ("number",),
    "ballots": ("member",),
    "ratings": ("member",),
    "talk": ("member",),
    "members": ("name",),
    "dots": ("member", "idea"),
    "tally": ("level", "role"),
    "scale": ("value",),
}
"""What identifies an item of each list of a record (by the list's key); see :class:`Key`."""


def _keys(items: list, fields: tuple[str, ...]) -> list[Key] | None:
    """Each item's :class:`Key`, or None if some item lacks one or two share one."""
    keys = []
    for item in items:
        if not isinstance(item, dict):
            return None
        values = tuple(_field(item, f) for f in fields)
        if MISSING in values:
            return None
        keys.append(Key(fields, values))
    return keys if len(set(keys)) == len(keys) else None


def _identity_diff(before: list, after: list, path: tuple) -> Iterator[Change] | None:
    fields = IDENTITY.get(path[-1]) if path and isinstance(path[-1], str) else None
    if fields is None:
        return None
    old_keys, new_keys = _keys(before, fields), _keys(after, fields)
    if old_keys is None or new_keys is None:
        return None
    new_set, old_set = set(new_keys), set(old_keys)
    if [k for k in old_keys if k in new_set] != [k for k in new_keys if k in old_set]:
        return None  # reordered: one change of the whole list

    def changes() -> Iterator[Change]:
        theirs = dict(zip(new_keys, after))
        for key, item in zip(old_keys, before):
            yield from diff(item, theirs.pop(key, MISSING), (*path, key))
        for key, item in theirs.items():
            yield ((*path, key), MISSING, item)

    return changes()


def diff(before: Any, after: Any, path: tuple = ()) -> Iterator[Change]:
    """What changed from ``before`` to ``after``, as (path, before, after), leaf by leaf.

    Dicts are compared key by key; the items of a list whose items have an identity
    (:data:`IDENTITY`) one by one, by that identity, an item added or removed being one change;
    other lists of the same length item by item. A list reordered, or of another length without
    identities, is one change of the whole list.
    """
    if isinstance(before, (dict, list)) and type(before) is type(after) and before == after:
        return  # nothing changed below (a record's fields keep their types: 1 is never True here)
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            yield from diff(before.get(key, MISSING), after.get(key, MISSING), (*path, key))
    elif isinstance(before, list) and isinstance(after, list) and (by_key := _identity_diff(before, after, path)) is not None:
        yield from by_key
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
        if path[0] == "segments" and (len(path) <= 2 or (len(path) == 3 and path[2] in ("id", "kind"))):
            return "the file's segments are not the ones of this session"
    return None


def _find(items: list, key: Key) -> int | None:
    return next((index for index, item in enumerate(items) if key.matches(item)), None)


def _get(data: Any, path: tuple) -> Any:
    for key in path:
        if isinstance(data, dict):
            if key not in data:
                return MISSING
            data = data[key]
        elif isinstance(data, list) and isinstance(key, Key):
            index = _find(data, key)
            if index is None:
                return MISSING
            data = data[index]
        elif isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
            data = data[key]
        else:
            return MISSING
    return data


def _set(data: Any, path: tuple, value: Any) -> bool:
    parent = _get(data, path[:-1])
    key = path[-1]
    if isinstance(key, Key):
        if parent is MISSING and value is not MISSING and len(path) > 1:  # a list left out of the file: empty
            grand = _get(data, path[:-2])
            if isinstance(grand, dict) and isinstance(path[-2], str):
                grand[path[-2]] = parent = []
        if not isinstance(parent, list):
            return False
        index = _find(parent, key)
        if value is MISSING:
            if index is not None:
                del parent[index]
        elif index is None:
            parent.append(value)
        else:
            parent[index] = value
        return True
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
    conflicts: list[tuple] = []
    for path, before, after in changes:
        part = path[:2] if path[0] == "segments" else ()
        if part and isinstance(part[1], Key):  # the segment by its id: where it is in the record now
            index = _find([{"id": s.id} for s in record.segments], part[1])
            if index is None or len(path) == 2:
                conflicts.append(path)  # a segment added or removed: unmergeable() keeps it out
                continue
            by_part.setdefault(("segments", index), []).append((path[2:], before, after))
            continue
        by_part.setdefault(part, []).append((path[len(part):], before, after))
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


__all__ = ["IDENTITY", "MISSING", "Key", "absorb", "diff", "merge", "unmergeable"]
