"""Follow up: every open action across saved sessions, and marking one done in its file.

``open_actions(entries, today)`` lists what is still open — overdue first (most overdue on top),
then by due date, actions without a date last — as the latest follow-up of each left it
(:func:`follow_up_notes`: done or dropped there, it is no longer open; carried over, it is due on
its new date). ``mark_done(path, segment_id, action_id, today)``
writes the change back to the session file atomically, editing only that action's ``status``
and ``done_on`` in the text: every other byte (layout, comments, hand edits, even the record's
``updated`` time) stays as it was, so the file's history stays readable in a diff.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Mapping

from ilt_kit.content.goals import Goal
from ilt_kit.diagnostics.problems import FileProblems
from ilt_kit.diagnostics.locate import key_positions
from ilt_kit.diagnostics.toml import read_toml
from ilt_kit.review.entry import ActionItem, SessionEntry
from ilt_kit.review.order import primary
from ilt_kit.store.atomic import atomic_write
from ilt_kit.store.files import fold_crashed_journal, session_target, update_locked, validate_session_text
from ilt_kit.store.lock import file_lock
from ilt_kit.session.kinds.follow_up import EarlierWork
from ilt_kit.store.record import SessionRecord
from ilt_kit.store.results.actions import Action
from ilt_kit.store.results.follow_up import FollowedAction, GoalLine


class FollowUpError(ValueError):
    """The action cannot be changed as asked (gone, or already in that state); the file is untouched."""


def action_ref(path: Path | str, action_id: int) -> str:
    """How a goals file names an action of a session: '<file name without .toml>#<number>'."""
    return f"{Path(path).stem}#{action_id}"


@dataclass(frozen=True)
class FollowUpNote:
    """What a follow-up recorded about one action: done, carried (to a new date) or dropped, why,
    and what difference it made (its evidence of impact)."""

    status: str
    impact: str = ""
    reason: str = ""
    new_due: date | None = None
    on: date | None = None
    """The day of the session that followed it up."""


def follow_up_notes(entries: Iterable[SessionEntry], per_segment: bool = False) -> dict[str, FollowUpNote]:
    """What the follow-ups among ``entries`` made of earlier actions, by :func:`action_ref` (with
    ``per_segment``: by '<file name>/<segment>/<number>', which stays apart when two segments of a
    session number their actions alike): the latest follow-up that marked an action done, carried
    or dropped (one that left it open does not count) and the latest sentence of evidence of its
    impact any follow-up gave.

    Read from the entries (the review index keeps each follow-up's outcomes); conflict copies are
    left out. The goals tab and reports (:func:`~ilt_kit.review.goals.goal_progress`), the follow-up
    tab (:func:`open_actions`) and a new follow-up (:func:`earlier_work`) all read them from here."""
    notes: dict[str, FollowUpNote] = {}
    impacts: dict[str, str] = {}
    for entry in sorted(primary(entries), key=lambda e: (e.date, e.created)):
        for outcome in entry.outcomes:
            ref = f"{outcome.source}/{outcome.segment}/{outcome.action}" if per_segment else f"{outcome.source}#{outcome.action}"
            if outcome.impact:
                impacts[ref] = outcome.impact
            if outcome.status != "open":
                notes[ref] = FollowUpNote(outcome.status, "", outcome.reason, outcome.carried_to, entry.date)
    for ref, impact in impacts.items():
        note = notes.get(ref)
        notes[ref] = FollowUpNote("open", impact) if note is None else FollowUpNote(
            note.status, impact, note.reason, note.new_due, note.on)
    return notes


def latest_status(action: ActionItem, note: FollowUpNote | None) -> str:
    """An action as its latest word left it: 'done' as its session says; else what its latest
    follow-up said of it ('done', 'carried' over or 'dropped'); else 'open'."""
    if action.status == "open" and note is not None and note.status in ("done", "carried", "dropped"):
        return note.status
    return action.status


@dataclass(frozen=True)
class OpenAction:
    path: Path
    session_title: str
    session_date: date
    segment_id: str
    segment_title: str
    action: ActionItem
    note: FollowUpNote | None = None
    """What the latest follow-up of it said (None: none followed it up)."""

    @property
    def id(self) -> int:
        return self.action.id

    @property
    def what(self) -> str:
        return self.action.what

    @property
    def owner(self) -> str:
        return self.action.owner

    @property
    def carried(self) -> bool:
        """Still open, carried over to a new date by its latest follow-up."""
        return latest_status(self.action, self.note) == "carried"

    @property
    def due(self) -> date | None:
        """When it is due: the new date a follow-up carried it over to, else its own."""
        return self.note.new_due if self.carried else self.action.due  # type: ignore[union-attr]

    @property
    def status(self) -> str:
        """'done' as its session says; else 'done' or 'dropped' as its latest follow-up says; else
        'open' (carried over included: see :attr:`carried`)."""
        status = latest_status(self.action, self.note)
        return "open" if status == "carried" else status

    @property
    def settled_in_follow_up(self) -> bool:
        """Done or dropped by a follow-up while its own session still says open."""
        return self.action.status == "open" and self.status != "open"

    @property
    def done_on(self) -> date | None:
        """When it was done (or dropped): its own date, else the day of the follow-up that said so."""
        if self.settled_in_follow_up:
            return self.note.on  # type: ignore[union-attr]
        return self.action.done_on

    @property
    def impact(self) -> str:
        """The latest evidence of its impact a follow-up gave ('' for none)."""
        return self.note.impact if self.note is not None else ""

    def overdue(self, today: date) -> bool:
        due = self.due
        return self.status == "open" and due is not None and due < today

    def days_overdue(self, today: date) -> int:
        """Days past the due date (0 when not overdue)."""
        return (today - self.due).days if self.overdue(today) else 0  # type: ignore[operator]


def _sort_key(today: date):  # noqa: ANN202
    def key(item: OpenAction) -> tuple:
        due = item.due
        if due is None:
            band = 2
        elif due < today:
            band = 0
        else:
            band = 1
        return (band, due or date.max, item.session_date, item.session_title.casefold(), str(item.path), item.action.id)

    return key


def actions_of(
    entries: Iterable[SessionEntry], include_done: bool = False, notes: Mapping[str, FollowUpNote] | None = None
) -> list[OpenAction]:
    """Every action in the given sessions (only open ones unless ``include_done``), in file order,
    each with its ``notes`` entry (:func:`follow_up_notes` with ``per_segment``; its ``status`` is
    then as the follow-ups say).

    Conflict copies (see :func:`~ilt_kit.review.copies.resolve_copies`) are left out: their actions
    are the original's, as another device last saw them.
    """
    notes = notes or {}
    found = []
    for entry in primary(entries):
        stem = entry.path.stem
        for segment in entry.action_segments:
            for action in segment.actions:
                item = OpenAction(entry.path, entry.title, entry.date, segment.segment_id, segment.segment_title,
                                  action, notes.get(f"{stem}/{segment.segment_id}/{action.id}"))
                if include_done or item.status == "open":
                    found.append(item)
    return found


def open_actions(entries: Iterable[SessionEntry], today: date, include_done: bool = False) -> list[OpenAction]:
    """Open actions across sessions, as their latest follow-ups left them (:func:`follow_up_notes`):
    overdue first (most overdue first), then by due date, undated last.

    With ``include_done`` the done (and dropped) ones follow, most recently done first.
    """
    entries = list(entries)
    items = actions_of(entries, include_done, follow_up_notes(entries, per_segment=True))
    open_items = sorted((i for i in items if i.status == "open"), key=_sort_key(today))
    done_items = sorted(
        (i for i in items if i.status != "open"),
        key=lambda i: (i.done_on or date.min, i.session_date),
        reverse=True,
    )
    return open_items + done_items


def earlier_work(entries: Iterable[SessionEntry], team: str, on: date, goals: Iterable[GoalLine] = ()) -> EarlierWork:
    """What a new session of ``team`` on ``on`` follows up (see :mod:`ilt_kit.session.kinds.follow_up`):
    the open actions of the team's earlier sessions (:func:`actions_of`, from the review's entries)
    that were due by ``on``, as the team's later follow-ups left them: an action a follow-up marked
    done or dropped is no longer open, and one carried over is due on its new date.

    The follow-ups' outcomes are read from the entries (:func:`follow_up_notes`), not the files.
    """
    mine = [e for e in primary(entries) if e.team_name == team and e.date <= on]
    still_open = actions_of(mine, notes=follow_up_notes(mine, per_segment=True))
    actions = []
    for item in still_open:
        source = item.path.stem
        due = item.due
        if due is None or due > on:
            continue
        actions.append(FollowedAction(
            source=source, session_title=item.session_title, session_date=item.session_date, segment=item.segment_id,
            action=item.id, what=item.what, owner=item.owner, due=due,
        ))
    actions.sort(key=lambda a: (a.due or date.min, a.session_date or date.min, a.key))
    return EarlierWork(actions=actions, goals=list(goals), sessions=len(mine))


def goal_lines(goals: Iterable[Goal], entries: Iterable[SessionEntry], team: str, on: date) -> list[GoalLine]:
    """Each goal's criterion from its baseline to its latest figure in the team's sessions up to
    ``on`` (:func:`ilt_kit.review.goals.goal_progress`, as the review's goals tab has it) and its
    target, as a follow-up copies them in."""
    from ilt_kit.review.goals import goal_progress  # it reads this module's actions_of

    mine = [e for e in primary(entries) if e.team_name == team and e.date <= on]
    lines = []
    for progress in goal_progress(goals, mine, today=on):
        goal, latest = progress.goal, progress.latest
        lines.append(GoalLine(
            goal=goal.title, criterion=progress.criterion_title,  # empty: no session has rated it yet
            baseline=progress.label(progress.baseline), baseline_on=goal.baseline.date,
            latest=progress.label(latest.value) if latest is not None else "",
            latest_on=latest.date if latest is not None else None,
            target=progress.label(progress.target), target_by=goal.by,
        ))
    return lines


def earlier_work_in(folder: Path, team: str, on: date, goals: Iterable[Goal] = ()) -> EarlierWork:
    """:func:`earlier_work` over the sessions saved in ``folder`` (the review's scan, with its index:
    unchanged files are not read again), with ``goals``' progress (:func:`goal_lines`)."""
    from ilt_kit.review.index import open_index
    from ilt_kit.review.scan import scan

    index = open_index()
    try:
        entries = scan(folder, index=index).entries
    finally:
        if index is not None:
            index.close()
    return earlier_work(entries, team, on, goal_lines(goals, entries, team, on))


def _find(record: SessionRecord, segment_id: str, action_id: int) -> Action:
    for segment in record.segments:
        if segment.id == segment_id:
            if not segment.plans_actions:
                raise FollowUpError(f"segment {segment_id!r} is a {segment.kind} segment, not an actions segment")
            for action in segment.planned_actions():
                if action.id == action_id:
                    return action
            raise FollowUpError(f"segment {segment_id!r} has no action {action_id}")
    raise FollowUpError(f"this session has no segment {segment_id!r}")


def _locate_action(record: SessionRecord, segment_id: str, action_id: int) -> tuple[int, int, Action]:
    """(segment index, action index, action) — raising :class:`FollowUpError` if it is not there."""
    for s_index, segment in enumerate(record.segments):
        if segment.id == segment_id:
            action = _find(record, segment_id, action_id)
            return s_index, segment.planned_actions().index(action), action
    raise FollowUpError(f"this session has no segment {segment_id!r}")


_VALUE_AFTER_KEY = re.compile(r"""\s*=\s*(?:"(open|done)"|'(open|done)')""")
_DONE_ON = re.compile(r"done_on\s*=\s*\d{4}-\d{2}-\d{2}")
_DONE_ON_LINE = re.compile(r"""[ \t]*done_on\s*=\s*\d{4}-\d{2}-\d{2}[ \t]*(#[^\n]*)?\n""")


def _offset(text: str, line: int, col: int) -> int:
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + col - 1


Edit = tuple[int, int, date | None]
"""One action to change: (segment index, action index, its new done_on: a date marks it done, None open)."""


def _edit_text(text: str, edits: list[Edit]) -> str | None:
    """The file text with each edited action's status (and done_on) changed in place; None if any
    cannot be done.

    Only the characters of those actions' ``status`` values and their ``done_on`` entries change;
    every other byte stays as it was, whatever the file's layout (inline tables or
    ``[[segments.actions]]``), comments and hand edits included. The text is scanned for its keys
    once; the edits are made from the end of the file back, so each finds the positions before it
    as they were.
    """
    positions = key_positions(text)
    ordered = sorted(edits, key=lambda edit: positions.get(("segments", edit[0], "actions", edit[1]), (0, 0)), reverse=True)
    for s_index, a_index, done_on in ordered:
        edited = _edit_one(text, positions, ("segments", s_index, "actions", a_index), done_on)
        if edited is None:
            return None
        text = edited
    return text


def _edit_one(text: str, positions: dict, base: tuple, done_on: date | None) -> str | None:
    """:func:`_edit_text` for the one action at key path ``base``, whose keys sit at ``positions``."""
    status_pos = positions.get(base + ("status",))
    element_pos = positions.get(base)
    if status_pos is None or element_pos is None:
        return None
    at = _offset(text, *status_pos)
    if not text.startswith("status", at):
        return None
    match = _VALUE_AFTER_KEY.match(text, at + len("status"))
    if match is None:
        return None
    group = 1 if match.group(1) else 2  # "double" or 'single' quotes: kept as they are
    value_start, value_end = match.start(group), match.end(group)
    inline = text.startswith("{", _offset(text, *element_pos))
    done_key = positions.get(base + ("done_on",))
    if done_on is not None:  # open -> done
        if done_key is not None:
            return None
        edited = text[:value_start] + "done" + text[value_end:]  # same length as "open"
        end_of_value = value_end + 1  # past the closing quote
        if inline:
            return edited[:end_of_value] + f", done_on = {done_on.isoformat()}" + edited[end_of_value:]
        line_start = text.rfind("\n", 0, at) + 1
        indent = text[line_start:at]
        if indent.strip():
            return None
        line_end = edited.find("\n", end_of_value)
        if line_end == -1:
            return edited + f"\n{indent}done_on = {done_on.isoformat()}\n"
        return edited[: line_end + 1] + f"{indent}done_on = {done_on.isoformat()}\n" + edited[line_end + 1 :]
    # done -> open
    edited = text[:value_start] + "open" + text[value_end:]
    if done_key is None:
        return edited
    done_at = _offset(edited, *done_key)
    if inline:
        entry = _DONE_ON.match(edited, done_at)
        if entry is None:
            return None
        before = edited[: entry.start()].rstrip(" \t")
        if before.endswith(","):  # ', done_on = D' after another key
            return before[:-1] + edited[entry.end() :]
        after = edited[entry.end() :].lstrip(" \t")
        if after.startswith(","):  # 'done_on = D, ' as the first key
            return edited[: entry.start()] + after[1:].lstrip(" \t")
        return None
    line_start = edited.rfind("\n", 0, done_at) + 1
    line = _DONE_ON_LINE.match(edited, line_start)
    if line is None:
        return None
    return edited[: line.start()] + edited[line.end() :]


def _write_back(path: Path, change: Callable[[SessionRecord], list[Edit]]) -> SessionRecord:
    """Apply ``change`` to the record in ``path`` and save it, touching as few bytes as possible.

    ``change`` changes the record and returns the edits that make the same change in the text
    (none: nothing to write). The edits are made in the text and checked: the edited text must
    load to exactly the changed record. If it does not (an unusual layout), the whole record is
    rewritten with :func:`~ilt_kit.store.files.update_locked` instead. Either way the write is
    atomic and holds the file's lock from the read to the replace, so a running session's save
    cannot land in between; that session then finds the change and takes it in (it never forks
    over it). The file is read, parsed and checked once however many actions change.
    """
    path = session_target(path)  # through a link to the shared file, whose lock and journal sit beside it
    with file_lock(path):
        fold_crashed_journal(path)  # a crashed session's last changes go into the file first
        text, data = read_toml(path)
        record = validate_session_text(path, text, data)  # raises FileProblems with positions
        edits = change(record)
        if not edits:
            return record
        edited = _edit_text(text, edits)
        if edited is not None:
            try:
                check = validate_session_text(path, edited, tomllib.loads(edited))
            except (FileProblems, tomllib.TOMLDecodeError):
                check = None
            if check is not None and check == record:
                atomic_write(path, edited.encode("utf-8"))
                return record
        # fall back: rewrite the whole record from the model
        return update_locked(path, lambda fresh: change(fresh))


def mark_done(path: Path, segment_id: str, action_id: int, today: date) -> SessionRecord:
    """Mark one action done (done on ``today``) in its session file, atomically.

    Only that action's ``status`` and ``done_on`` change in the file; every other byte stays the
    same (not even the record's ``updated`` time moves). Raises :class:`FollowUpError` if the
    action is not there or already done, and :class:`~ilt_kit.diagnostics.problems.FileProblems` if the
    file does not load; in both cases the file is left as it was. Returns the updated record.
    """

    return _write_back(Path(path), lambda record: [_mark_done_in(record, segment_id, action_id, today)])


def mark_done_all(path: Path, marks: Iterable[tuple[str, int, date]]) -> tuple[SessionRecord, list[FollowUpError]]:
    """Mark several actions of one session done, each ``(segment_id, action_id, done on)``, as
    :func:`mark_done` marks one, in one read, one check and one atomic write of the file.

    A mark that cannot be made (the action is not there, or already done) is left out and its
    :class:`FollowUpError` returned; the others are made. With none made, the file is left as
    it was. Returns the updated record and those errors, in the order of ``marks``.
    """
    marks = list(marks)
    errors: list[FollowUpError] = []

    def change(record: SessionRecord) -> list[Edit]:
        errors.clear()  # the full rewrite (see _write_back) applies the marks again to a fresh record
        edits = []
        for segment_id, action_id, today in marks:
            try:
                edits.append(_mark_done_in(record, segment_id, action_id, today))
            except FollowUpError as error:
                errors.append(error)
        return edits

    return _write_back(Path(path), change), errors


def _mark_done_in(record: SessionRecord, segment_id: str, action_id: int, today: date) -> Edit:
    s_index, a_index, action = _locate_action(record, segment_id, action_id)
    if action.status == "done":
        raise FollowUpError(f"action {action_id} ({action.what!r}) is already done")
    action.status = "done"
    action.done_on = today
    return s_index, a_index, today


def mark_open(path: Path, segment_id: str, action_id: int) -> SessionRecord:
    """Undo :func:`mark_done`: the action is open again and its ``done_on`` is removed."""

    def change(record: SessionRecord) -> list[Edit]:
        s_index, a_index, action = _locate_action(record, segment_id, action_id)
        if action.status == "open":
            raise FollowUpError(f"action {action_id} ({action.what!r}) is already open")
        action.status = "open"
        action.done_on = None
        return [(s_index, a_index, None)]

    return _write_back(Path(path), change)


__all__ = ["FollowUpError", "FollowUpNote", "OpenAction", "action_ref", "actions_of", "follow_up_notes", "earlier_work", "earlier_work_in", "goal_lines", "mark_done", "mark_done_all", "mark_open", "open_actions"]
