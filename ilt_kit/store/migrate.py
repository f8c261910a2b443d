"""Older session files, brought up to the current format before they are validated.

This is the one place that knows how the format changed. ``upgrade(data)`` takes a file's data
just as TOML read it and runs every step from the file's ``schema_version`` up to
:data:`~ilt_kit.store.record.SCHEMA_VERSION`; the result validates against the current models.
The file itself is not touched: it is written in the new format the next time it is saved.

A change that only adds a key needs no step here: give the field a default in the model, so a
file without it still reads ("absent" means that default). A step is for keys that change their
type or meaning.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any, Callable

from ilt_kit.store.record import SCHEMA_VERSION, session_time

Data = dict[str, Any]


def _whole(value: Any) -> Any:
    """A float number of seconds as whole seconds; anything else (``inf``, ``nan``, a negative
    number) unchanged: validation judges it."""
    if isinstance(value, float) and math.isfinite(value) and value >= 0:
        return int(round(value))
    return value


def _aware(value: Any) -> bool:
    return isinstance(value, datetime) and value.tzinfo is not None


def _v1_to_v2(data: Data) -> None:
    """Version 1 wrote UTC times with microseconds, float durations, decisions as bare strings and
    ``current`` even in a finished file. Version 2: times in the session's own offset to the
    second, whole-second durations, decisions as tables (their segment unknown here), and a
    finished file says when it ended instead of naming a current segment."""
    created = data.get("created")
    created = created if _aware(created) else None

    def fix_time(table: Any, key: str) -> None:
        if isinstance(table, dict) and _aware(table.get(key)):
            try:
                table[key] = session_time(table[key], created or table[key])
            except OverflowError:  # year 1 or 9999 moved out of range by the offset: validation judges it
                pass

    for key in ("created", "updated"):
        fix_time(data, key)
    decisions = data.get("decisions")
    if isinstance(decisions, list):
        data["decisions"] = [{"text": d} if isinstance(d, str) else d for d in decisions]
    segments = data.get("segments")
    segments = [s for s in segments if isinstance(s, dict)] if isinstance(segments, list) else []
    for segment in segments:
        fix_time(segment, "started")
        fix_time(segment, "ended")
        started, ended = segment.get("started"), segment.get("ended")
        if _aware(started) and _aware(ended) and ended < started:
            # version 1 kept the end of an earlier visit (a segment skipped, then run) while it ran again
            del segment["ended"]
        if "elapsed_seconds" in segment:
            segment["elapsed_seconds"] = _whole(segment["elapsed_seconds"])
        for share in segment.get("talk", []) if isinstance(segment.get("talk"), list) else []:
            if isinstance(share, dict) and "seconds" in share:
                share["seconds"] = _whole(share["seconds"])
        for criterion in segment.get("criteria", []) if isinstance(segment.get("criteria"), list) else []:
            rounds = criterion.get("rounds") if isinstance(criterion, dict) else None
            for rnd in rounds if isinstance(rounds, list) else []:
                fix_time(rnd, "revealed")
    if data.get("status") == "finished":
        data.pop("current", None)
        updated = data.get("updated")
        ends = [s["ended"] for s in segments if _aware(s.get("ended")) and not (_aware(updated) and s["ended"] > updated)]
        last = max(ends, default=updated)
        if _aware(last):
            data["ended"] = last


STEPS: dict[int, Callable[[Data], None]] = {1: _v1_to_v2}
"""``STEPS[n]`` turns the data of a version-``n`` file into version ``n + 1``, in place."""


def upgrade(data: Data) -> Data:
    """The data of an older file in the current format (``data`` itself, changed in place)."""
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        return data
    while version < SCHEMA_VERSION and version in STEPS:
        STEPS[version](data)
        version += 1
        data["schema_version"] = version
    return data
