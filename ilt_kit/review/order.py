"""Sort and filter review entries for a list, and the choices its filters offer."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from ilt_kit.review.dates import date_key
from ilt_kit.review.entry import SessionEntry
from ilt_kit.store.record import UNKNOWN

SORT_KEYS = ("date", "title", "scenario", "team", "school", "status", "path")


def _sort_key(by: str) -> Callable[[SessionEntry], tuple]:
    when = date_key
    keys: dict[str, Callable[[SessionEntry], tuple]] = {
        "date": when,
        "title": lambda e: (e.title.casefold(),) + when(e),
        "scenario": lambda e: (e.scenario_title.casefold(),) + when(e),
        "team": lambda e: (e.team_name.casefold(),) + when(e),
        "school": lambda e: (e.school.casefold(),) + when(e),
        "status": lambda e: (e.status,) + when(e),
        "path": lambda e: (str(e.path),),
    }
    if by not in keys:
        raise ValueError(f"cannot sort by {by!r}; choose one of {', '.join(SORT_KEYS)}")
    return keys[by]


def sort_entries(entries: Iterable[SessionEntry], by: str = "date", reverse: bool | None = None) -> list[SessionEntry]:
    """Sort for a list. ``by``: date, title, scenario, team, school, status or path.

    The natural order (``reverse=None``) is newest first for ``date`` and A to Z for the others;
    ``reverse=True``/``False`` forces descending/ascending. Ties fall back to date, then path.
    A conflict copy comes right after its original (when that is in the list).
    """
    if reverse is None:
        reverse = by == "date"
    ordered = sorted(entries, key=_sort_key(by), reverse=reverse)
    conflicts: dict[Path, list[SessionEntry]] = {}
    for entry in ordered:
        if entry.conflict_of is not None:
            conflicts.setdefault(entry.conflict_of, []).append(entry)
    if not conflicts:
        return ordered
    present = {entry.path for entry in ordered if entry.conflict_of is None}
    result: list[SessionEntry] = []
    for entry in ordered:
        if entry.conflict_of is not None and entry.conflict_of in present:
            continue  # placed after its original
        result.append(entry)
        if entry.conflict_of is None:
            result.extend(conflicts.get(entry.path, ()))
    return result


def filter_entries(
    entries: Iterable[SessionEntry],
    *,
    text: str = "",
    scenario: str | None = None,
    school: str | None = None,
    finished: bool | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[SessionEntry]:
    """Keep the entries that match every given condition.

    ``text``: words that must all appear (any case) in the title, the scenario title, the team
    name or the school. ``scenario``: a scenario id. ``school``: a school's name, exactly as
    :func:`schools_in` gives it. ``finished``: True for finished, False for in progress.
    ``since``/``until``: inclusive dates.
    """
    words = text.casefold().split()
    kept = []
    for entry in entries:
        if scenario is not None and entry.scenario_id != scenario:
            continue
        if school is not None and entry.school != school:
            continue
        if finished is not None and (entry.status == "finished") != finished:
            continue
        if since is not None and entry.date < since:
            continue
        if until is not None and entry.date > until:
            continue
        if words:
            haystack = f"{entry.title} {entry.scenario_title} {entry.team_name} {entry.school}".casefold()
            if not all(word in haystack for word in words):
                continue
        kept.append(entry)
    return kept


def scenarios_in(entries: Iterable[SessionEntry]) -> list[tuple[str, str]]:
    """(scenario id, title) pairs found, sorted by title: the choices of a scenario filter."""
    found: dict[str, str] = {}
    for entry in entries:
        found.setdefault(entry.scenario_id, entry.scenario_title)
    return sorted(found.items(), key=lambda pair: (pair[1].casefold(), pair[0]))


def schools_in(entries: Iterable[SessionEntry]) -> list[str]:
    """The schools found, A to Z ('unknown' last): the choices of a school filter."""
    return sorted({entry.school for entry in entries}, key=_school_order)


def _school_order(school: str) -> tuple[bool, str]:
    return (school == UNKNOWN, school.casefold())


def by_school(entries: Iterable[SessionEntry]) -> dict[str, list[SessionEntry]]:
    """Entries grouped by school, in :func:`schools_in` order."""
    groups: dict[str, list[SessionEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.school, []).append(entry)
    return {school: groups[school] for school in sorted(groups, key=_school_order)}


def primary(entries: Iterable[SessionEntry]) -> list[SessionEntry]:
    """The entries that count in compare and follow-up: every one but the conflict copies."""
    return [entry for entry in entries if entry.conflict_of is None]


__all__ = ["SORT_KEYS", "by_school", "filter_entries", "primary", "scenarios_in", "schools_in", "sort_entries"]
